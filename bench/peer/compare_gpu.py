#!/usr/bin/env python3
"""Side by side on one device, in one run: DslNets (bench/DslNets.GpuBenchmarks) against PyTorch (gpu_peer.py).

Runs the published .NET bench, then the PyTorch peer, each under its own time limit, and prints ONE table: the work,
DslNets samples/s on the device (and on the host CPU), PyTorch eager, PyTorch with CUDA graphs, the ratios, and the
issue's targets beside them. Writes the table as Markdown (--out), everything as JSON (--json-out), and the raw output
of both sides under --logs.

On the GPU machine scripts/gpu-run.sh run calls this. A CPU rehearsal, from the repository root, after a build:
    /usr/bin/python3 bench/peer/compare_gpu.py --device cpu --quick \
        --bench bench/DslNets.GpuBenchmarks/bin/Release/net10.0/DslNets.GpuBenchmarks.dll --out /tmp/gpu-table.md
Flags after --bench-args / --peer-args (one quoted string each) go to that side unchanged; --device and --quick go to
both. A benchmark tool, never run by CI.
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# id -> (the target, as text; a check over the ratios, or None where the issue sets none)
TARGETS = {
    "tiny-2^20": ("≥ 20× eager and ≥ 5× CUDA graphs",
                  lambda eager, graphs, best: eager is not None and graphs is not None and eager >= 20 and graphs >= 5),
    "tiny-2^16": ("—", None),
    "mnist-64": ("≥ 5× eager", lambda eager, graphs, best: eager is not None and eager >= 5),
    "deep-8192": ("≥ 0.5× PyTorch (its faster mode)", lambda eager, graphs, best: best is not None and best >= 0.5),
}

# The theory workloads: DslNets on the device against its own host path (no PyTorch peer). id -> (target, check of device/host)
THEORY_TARGETS = {
    "perez-mc": ("≥ 20× the 2-core CPU path", lambda speedup: speedup >= 20),
    "neurotron-40k": ("—", None),
}


def log(message):
    print(f"compare_gpu: {message}", file=sys.stderr, flush=True)


def default_bench():
    for candidate in (os.path.join(HERE, "gpubench", "DslNets.GpuBenchmarks"),
                      os.path.join(HERE, "..", "..", ".gpu-build", "gpubench", "DslNets.GpuBenchmarks"),
                      os.path.join(HERE, "..", "DslNets.GpuBenchmarks", "bin", "Release", "net10.0", "DslNets.GpuBenchmarks.dll")):
        if os.path.exists(candidate):
            return os.path.abspath(candidate)
    return None


def run_side(name, command, timeout, log_path):
    """Runs one side; stdout and stderr go to log_path. Returns (exit code or 'timeout', seconds)."""
    log(f"{name}: {' '.join(shlex.quote(c) for c in command)} (limit {timeout:.0f} s)")
    started = time.perf_counter()
    with open(log_path, "w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            code = "timeout"
    seconds = time.perf_counter() - started
    log(f"{name}: exit {code} after {seconds:.1f} s; output in {log_path}")
    return code, seconds


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as error:
        log(f"cannot read {path}: {error}")
        return None


def rate(samples_per_s):
    if samples_per_s is None:
        return "—"
    for factor, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if samples_per_s >= factor:
            return f"{samples_per_s / factor:.3g}{suffix}/s"
    return f"{samples_per_s:.3g}/s"


def cell(row):
    """samples/s (ms per step) of a row, or why there is none."""
    if row is None:
        return "—"
    if row.get("error"):
        return "failed"
    text = f"{rate(row['samples_per_s'])} ({row['median_ms']:.4g} ms)"
    if row.get("batch") != row.get("requested_batch"):
        text += f" at batch {row['batch']:,}*"
    return text


def ratio(mine, theirs):
    if not mine or not theirs or mine.get("error") or theirs.get("error"):
        return None
    return mine["samples_per_s"] / theirs["samples_per_s"]


def fmt_ratio(value):
    return "—" if value is None else (f"{value:.3g}×" if value < 100 else f"{value:,.0f}×")


def build_table(dotnet, peer):
    dotnet_rows = (dotnet or {}).get("results", [])
    peer_rows = (peer or {}).get("results", [])
    device_kind = ((dotnet or {}).get("device") or {}).get("kind", "none")
    peer_device = (peer or {}).get("device", "none")
    on_gpu = device_kind == "cuda" and peer_device == "cuda"
    ids = ["tiny-2^20", "tiny-2^16", "mnist-64", "deep-8192"]
    lookup = lambda rows, key, value, i: next((r for r in rows if r.get("id") == i and r.get(key) == value), None)  # noqa: E731
    lines, records, notes = [], [], []
    header = ["work", "batch", "DslNets device", "DslNets host CPU", "PyTorch eager", "PyTorch CUDA graphs",
              "DslNets / eager", "DslNets / graphs", "target", "met"]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "|".join(["---"] + ["---:"] * 7 + ["---", "---"]) + "|")
    for i in ids:
        device = lookup(dotnet_rows, "side", "device", i)
        host = lookup(dotnet_rows, "side", "host", i)
        eager = lookup(peer_rows, "mode", "eager", i)
        graphs = lookup(peer_rows, "mode", "graphs", i)
        any_row = device or host or eager or graphs
        if any_row is None:
            continue
        work = any_row.get("work", i)
        batch = any_row.get("requested_batch")
        r_eager, r_graphs = ratio(device, eager), ratio(device, graphs)
        best_peer = max((r for r in (eager, graphs) if r and not r.get("error")), key=lambda r: r["samples_per_s"], default=None)
        r_best = ratio(device, best_peer)
        target, check = TARGETS.get(i, ("—", None))
        if check is None:
            met = "—"
        elif not on_gpu:
            met = "n/a (not a GPU run)"
        else:
            met = "yes" if check(r_eager, r_graphs, r_best) else "no"
        if i == "deep-8192" and r_best is not None:
            target += f" [now {fmt_ratio(r_best)}]"
        lines.append("| " + " | ".join([work, f"{batch:,}" if batch else "—", cell(device), cell(host), cell(eager),
                                          cell(graphs), fmt_ratio(r_eager), fmt_ratio(r_graphs), target, met]) + " |")
        records.append({"id": i, "work": work, "batch": batch, "dslnets_device": device, "dslnets_host": host,
                        "pytorch_eager": eager, "pytorch_graphs": graphs, "ratio_eager": r_eager,
                        "ratio_graphs": r_graphs, "ratio_best_pytorch": r_best, "target": target, "met": met})
        if device and not device.get("error"):
            check_text = ""
            if device.get("check_relative_error") is not None:
                check_text = (f"; gradient vs host on {device.get('check_batch')} samples: rel. error "
                              f"{device['check_relative_error']:.1e}{'' if device.get('check_passed', True) else ' FAILED'}")
            notes.append(f"- {i}: {device.get('device_kind')} '{device.get('device_name')}', {device.get('path')}"
                         f"{check_text}; {device.get('repetitions')}×{device.get('inner')} steps, spread "
                         f"{device.get('spread_percent', 0):.1f}%" + (f"; {device['note']}" if device.get("note") else ""))
        for side, row in (("DslNets device", device), ("DslNets host", host), ("PyTorch eager", eager), ("PyTorch graphs", graphs)):
            if row and row.get("error"):
                notes.append(f"- {i}: {side} failed: {row['error']}")
            elif row and row.get("note") and side != "DslNets device":
                notes.append(f"- {i}: {side}: {row['note']}")
    return lines, records, notes, on_gpu


def build_theory_table(dotnet):
    """The theory rows (a whole certificate or run per step): device against host, from the .NET bench alone."""
    rows = (dotnet or {}).get("results", [])
    on_gpu = ((dotnet or {}).get("device") or {}).get("kind") == "cuda"
    lines, records, notes = [], [], []
    lookup = lambda side, i: next((r for r in rows if r.get("id") == i and r.get("side") == side), None)  # noqa: E731
    for i, (target, check) in THEORY_TARGETS.items():
        device, host = lookup("device", i), lookup("host", i)
        if device is None and host is None:
            continue
        speedup = ratio(device, host)
        met = "—" if check is None else ("n/a (not a GPU run)" if not on_gpu else ("yes" if speedup is not None and check(speedup) else "no"))
        work = (device or host).get("work", i)
        lines.append("| " + " | ".join([work, cell(device), cell(host), fmt_ratio(speedup), target, met]) + " |")
        records.append({"id": i, "work": work, "dslnets_device": device, "dslnets_host": host, "ratio_host": speedup, "target": target, "met": met})
        for side, row in (("device", device), ("host", host)):
            if row and row.get("error"):
                notes.append(f"- {i}: {side} failed: {row['error']}")
            elif row:
                check_text = (f"; check against the host on the same draws: {row['check_relative_error']:.1e}"
                              f"{'' if row.get('check_passed', True) else ' FAILED'}") if row.get("check_relative_error") is not None else ""
                notes.append(f"- {i}, {side}: {row.get('path')}{check_text}" + (f"; {row['note']}" if row.get("note") else ""))
    if not lines:
        return [], records, notes
    header = ["| work | DslNets device | DslNets host CPU | device / host | target | met |", "|---|---:|---:|---:|---|---|"]
    return header + lines, records, notes


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", default=None, help="the .NET bench: the published executable, or a .dll run with dotnet")
    parser.add_argument("--peer", default=os.path.join(HERE, "gpu_peer.py"))
    parser.add_argument("--python", default=sys.executable, help="the Python with PyTorch for the peer")
    parser.add_argument("--device", default=None, help="cuda|cpu|auto, passed to both sides")
    parser.add_argument("--quick", action="store_true", help="passed to both sides")
    parser.add_argument("--bench-args", default="", help="more flags for the .NET bench (one string)")
    parser.add_argument("--peer-args", default="", help="more flags for the peer (one string)")
    parser.add_argument("--bench-timeout", type=float, default=330)
    parser.add_argument("--peer-timeout", type=float, default=150)
    parser.add_argument("--skip-bench", action="store_true")
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument("--logs", default=None, help="folder for raw logs and each side's JSON (default: beside --out)")
    parser.add_argument("--out", default=None, help="the table as Markdown")
    parser.add_argument("--json-out", default=None, help="both sides and the table as JSON")
    args = parser.parse_args()

    logs = args.logs or (os.path.dirname(os.path.abspath(args.out)) if args.out else os.getcwd())
    os.makedirs(logs, exist_ok=True)
    common = (["--device", args.device] if args.device else []) + (["--quick"] if args.quick else [])
    started_utc = time.strftime("%Y-%m-%d %H:%M:%SZ", time.gmtime())

    dotnet_json = os.path.join(logs, "dotnet-bench.json")
    peer_json = os.path.join(logs, "peer.json")
    exits = {}
    if not args.skip_bench:
        bench = args.bench or default_bench()
        if bench is None:
            log("no .NET bench found: pass --bench (the published DslNets.GpuBenchmarks, or its .dll)")
            exits["dotnet"] = "missing"
        else:
            command = (["dotnet", bench] if bench.endswith(".dll") else [bench]) + common + shlex.split(args.bench_args) + ["--json", dotnet_json]
            exits["dotnet"], _ = run_side("DslNets", command, args.bench_timeout, os.path.join(logs, "dotnet-bench.log"))
    if not args.skip_peer:
        command = [args.python, args.peer] + common + shlex.split(args.peer_args) + ["--json", peer_json]
        exits["peer"], _ = run_side("PyTorch", command, args.peer_timeout, os.path.join(logs, "peer.log"))

    dotnet = read_json(dotnet_json) if os.path.exists(dotnet_json) else None
    peer = read_json(peer_json) if os.path.exists(peer_json) else None
    lines, records, notes, on_gpu = build_table(dotnet, peer)

    device_line = ((dotnet or {}).get("device") or {}).get("description", "DslNets: no device row")
    peer_line = (f"PyTorch {peer.get('torch')} on {peer.get('device')} '{peer.get('device_name')}' "
                 f"({peer.get('device_detail')}), TF32 matmul {peer.get('allow_tf32_matmul')}, cuDNN TF32 "
                 f"{peer.get('allow_tf32_cudnn')}, modes {', '.join(peer.get('modes', []))}") if peer else "PyTorch: no results"
    quick = bool((dotnet or {}).get("quick") or (peer or {}).get("quick"))
    if on_gpu and not quick:
        title = f"GPU training steps, DslNets against PyTorch, float32 ({started_utc})"
    else:
        title = (f"REHEARSAL, not GPU figures: DslNets on {((dotnet or {}).get('device') or {}).get('kind', '?')} "
                 f"and PyTorch on {(peer or {}).get('device', '?')}{', --quick batches' if quick else ''} ({started_utc})")
    incomplete = [side for side, doc in (("DslNets", dotnet), ("PyTorch", peer)) if doc is not None and not doc.get("finished")]
    text = [f"## {title}", "", f"- {device_line}", f"- {peer_line}",
            "- A step: clear gradient + forward + loss + backward + SGD update, batch already on the device; medians "
            "over timed repetitions, each ended by a device synchronisation; samples/s = batch / median step.",
            "- Ratios are samples/s of DslNets on the device over PyTorch's.", ""]
    text += lines
    text += [""]
    theory_lines, theory_records, theory_notes = build_theory_table(dotnet)
    if theory_lines:
        text += ["Theory workloads (a step is a whole run or certificate; samples/s counts samples drawn or Monte-Carlo trials):", ""]
        text += theory_lines + [""] + theory_notes + [""]
    if any("*" in line for line in lines[2:]):
        text += ["\\* measured at a smaller batch than asked: a step at the full batch did not fit the row's time budget.", ""]
    if notes:
        text += ["Paths and checks:", ""] + notes + [""]
    for side, doc, key in (("DslNets", dotnet, "device_error"), ("PyTorch", peer, "error")):
        if doc and doc.get(key):
            text += [f"{side} did not run: {doc[key]}", ""]
    if incomplete:
        text += [f"Incomplete (cut short by the time limit): {', '.join(incomplete)}.", ""]
    text += [f"Exit codes: {', '.join(f'{k} {v}' for k, v in exits.items()) or 'none run'}.", ""]
    table = "\n".join(text)
    print(table)
    if args.out:
        with open(args.out, "w") as f:
            f.write(table)
        log(f"table written to {args.out}")
    if args.json_out:
        with open(args.json_out, "w") as f:
            json.dump({"title": title, "on_gpu": on_gpu, "quick": quick, "exits": exits, "table": records, "theory": theory_records,
                       "notes": notes, "dotnet": dotnet, "peer": peer}, f, indent=2)
        log(f"JSON written to {args.json_out}")
    return 0 if records or theory_records else 1


if __name__ == "__main__":
    sys.exit(main())
