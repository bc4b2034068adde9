#!/usr/bin/env python3
"""Lets LibTorchSharp 0.107.0 load on a libstdc++ older than GCC 13's (Debian 12 ships GCC 12's: GLIBCXX_3.4.30).

libLibTorchSharp.so needs GLIBCXX_3.4.32 for one symbol only, std::ios_base_library_init(): GCC 13's <iostream>
names it (no call, no relocation) so that the program links against a libstdc++ that initialises the standard
streams itself. The dynamic loader refuses the library when that version is missing. This script marks the version
requirement weak (VER_FLG_WEAK: a missing weak version is not fatal) in the copy given, after checking that every
symbol needing it is that marker and that no relocation refers to it, so nothing else changes. libtorch_cpu.so,
loaded first, initialises the streams on the older libstdc++. Idempotent; a library without the requirement is left as it is.
Usage: weaken_iostream_marker.py path/to/libLibTorchSharp.so
"""
import struct
import sys

VERSION = b"GLIBCXX_3.4.32"
MARKERS = {b"_ZSt21ios_base_library_initv"}
SHT_RELA, SHT_DYNSYM, SHT_REL = 4, 11, 9
SHT_GNU_VERNEED, SHT_GNU_VERSYM = 0x6FFFFFFE, 0x6FFFFFFF
VER_FLG_WEAK = 0x2


def sections(data):
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    for i in range(shnum):
        name, kind, _, _, offset, size, link, info, _, entsize = struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize)
        yield {"type": kind, "offset": offset, "size": size, "link": link, "info": info, "entsize": entsize}


def string(data, table, index):
    start = table["offset"] + index
    return bytes(data[start:data.index(b"\0", start)])


def main(path):
    with open(path, "rb") as f:
        data = bytearray(f.read())
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        sys.exit(f"{path}: expected a 64-bit little-endian ELF file")
    table = list(sections(data))
    verneed = next((s for s in table if s["type"] == SHT_GNU_VERNEED), None)
    if verneed is None:
        return
    strings = table[verneed["link"]]
    targets = []
    offset = verneed["offset"]
    for _ in range(verneed["info"]):
        _, count, _, aux, following = struct.unpack_from("<HHIII", data, offset)
        entry = offset + aux
        for _ in range(count):
            _, flags, other, name, step = struct.unpack_from("<IHHII", data, entry)
            if string(data, strings, name) == VERSION:
                targets.append((entry, flags, other))
            entry += step
        offset += following
    if not targets:
        return
    dynsym = next(s for s in table if s["type"] == SHT_DYNSYM)
    versym = next(s for s in table if s["type"] == SHT_GNU_VERSYM)
    symbol_strings = table[dynsym["link"]]
    indices = {other for _, _, other in targets}
    needing = set()
    for i in range(dynsym["size"] // dynsym["entsize"]):
        version, = struct.unpack_from("<H", data, versym["offset"] + 2 * i)
        if version & 0x7FFF in indices:
            name, = struct.unpack_from("<I", data, dynsym["offset"] + i * dynsym["entsize"])
            needing.add((i, string(data, symbol_strings, name)))
    unexpected = {name for _, name in needing} - MARKERS
    if unexpected:
        sys.exit(f"{path}: {VERSION.decode()} is needed by {sorted(unexpected)}, not only the iostream marker; not changed")
    marker_indices = {i for i, _ in needing}
    for section in table:
        if section["type"] in (SHT_REL, SHT_RELA) and section["link"] == table.index(dynsym):
            for r in range(section["size"] // section["entsize"]):
                info, = struct.unpack_from("<Q", data, section["offset"] + r * section["entsize"] + 8)
                if info >> 32 in marker_indices:
                    sys.exit(f"{path}: a relocation refers to the iostream marker; not changed")
    for entry, flags, _ in targets:
        struct.pack_into("<H", data, entry + 4, flags | VER_FLG_WEAK)
    with open(path, "r+b") as f:
        f.write(data)


if __name__ == "__main__":
    main(sys.argv[1])
