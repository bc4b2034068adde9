#!/usr/bin/env python3
"""Writes safetensors files with the Python standard library only (struct + json), independently of DslNets'
writer, plus plain-text lists of the numbers they hold, for DslNets.Runtime.Tests.Checkpoints to read back.

Usage: python3 tests/tools/write_safetensors_reference.py tests/Runtime.Tests/TestData/Checkpoints

Format (https://github.com/huggingface/safetensors): 8-byte little-endian header length N, N bytes of UTF-8 JSON
{"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}, then the little-endian data,
offsets relative to the start of the data block. Not run by CI; its outputs are committed.
"""
import json
import os
import struct
import sys

FORMATS = {"F32": "<f", "F64": "<d"}


def stored(dtype, value):
    """The value exactly as the file holds it (F32 rounds to single precision), as a Python float."""
    fmt = FORMATS[dtype]
    return struct.unpack(fmt, struct.pack(fmt, value))[0]


def write(path, tensors, metadata, data_order):
    """tensors: list of (name, dtype, shape, values) in header order; data_order: names in the order their bytes go."""
    by_name = {t[0]: t for t in tensors}
    data = bytearray()
    offsets = {}
    for name in data_order:
        _, dtype, _, values = by_name[name]
        begin = len(data)
        for v in values:
            data += struct.pack(FORMATS[dtype], v)
        offsets[name] = [begin, len(data)]
    header = {"__metadata__": metadata}
    for name, dtype, shape, _ in tensors:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": offsets[name]}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)  # the padding the format allows, so readers must accept it
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        f.write(data)


def write_values(path, tensors, extra_lines=()):
    """One line per tensor: name, dtype, shape (comma-separated, empty for a scalar), the stored values (repr, exact)."""
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for name, dtype, shape, values in tensors:
            numbers = " ".join(repr(stored(dtype, v)) for v in values)
            f.write(f"{name}\t{dtype}\t{','.join(str(d) for d in shape)}\t{numbers}\n")
        for line in extra_lines:
            f.write(line + "\n")


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(folder, exist_ok=True)

    # 1. Mixed dtypes, a scalar, a non-trivial data order and values that are not exact in binary.
    mixed = [
        ("posterior.mean", "F64", [4], [0.1, -2.5, 3.141592653589793, 1e-300]),
        ("posterior.rho", "F32", [2, 2], [-3.0, 0.1, 1.0e-7, 65504.25]),
        ("prior.scale", "F64", [], [0.0301]),
    ]
    write(os.path.join(folder, "reference-mixed.safetensors"), mixed, {"writer": "write_safetensors_reference.py"},
          ["prior.scale", "posterior.rho", "posterior.mean"])
    write_values(os.path.join(folder, "reference-mixed.txt"), mixed)

    # 2. A checkpoint of the test network ReferenceNet (3 inputs -> Hidden 2 -> Out 1, identity activations, float),
    #    as Checkpoint.Save would describe it, with the tensors' bytes in reverse order.
    net = [
        ("Hidden.weight", "F32", [2, 3], [0.5, -1.0, 0.25, 2.0, 0.125, -0.75]),
        ("Hidden.bias", "F32", [2], [0.1, -0.2]),
        ("Out.weight", "F32", [1, 2], [1.5, -0.5]),
        ("Out.bias", "F32", [1], [0.3]),
    ]
    write(os.path.join(folder, "reference-net.safetensors"), net,
          {"dslnets.network": "DslNets.Runtime.Tests.Checkpoints.ReferenceNet", "dslnets.parameter_count": "11"},
          ["Out.bias", "Out.weight", "Hidden.bias", "Hidden.weight"])
    # The network's output for one input, computed here in double from the stored (float) weights.
    w1 = [stored("F32", v) for v in net[0][3]]
    b1 = [stored("F32", v) for v in net[1][3]]
    w2 = [stored("F32", v) for v in net[2][3]]
    b2 = stored("F32", net[3][3][0])
    x = [0.5, -1.25, 2.0]
    hidden = [sum(w1[3 * r + c] * x[c] for c in range(3)) + b1[r] for r in range(2)]
    out = w2[0] * hidden[0] + w2[1] * hidden[1] + b2
    write_values(os.path.join(folder, "reference-net.txt"), net,
                 [f"forward\t{' '.join(repr(v) for v in x)}\t{repr(out)}"])


if __name__ == "__main__":
    main()
