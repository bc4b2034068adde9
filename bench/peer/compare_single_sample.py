#!/usr/bin/env python3
"""Side-by-side single-sample latency: DslNets (BenchmarkDotNet) against PyTorch and TorchSharp, measured in one run.

Runs bench/DslNets.Benchmarks with the SingleSample filter and a JSON exporter, then single_sample_peer.py (PyTorch)
and bench/DslNets.TorchSharpPeer (TorchSharp, LibTorch on the CPU), and prints one table: the medians of each and the
ratios (peer time / DslNets time). Usage (from the repository root):
    /usr/bin/python3 bench/peer/compare_single_sample.py [--job short] [--no-torchsharp]
The LeNet-5 Forward row has no TorchSharp peer; PyTorch runs it on its threads (2) and on one thread, as DslNets does.
PyTorch is Debian's python3-torch; install Debian's libopenblas0-pthread beside it, or torch's matrix products fall
back to the reference BLAS (about 30 times slower). TorchSharp's project restores LibTorch (about 600 MB) on first use.
A benchmark tool, never run by CI.
"""
import glob
import json
import os
import subprocess
import sys

import torchsharp_peer

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CASES = ["2-16-16-1 Forward", "2-16-16-1 train step", "784-128-10 Forward", "784-128-10 train step", "LeNet-5 Forward"]


def dslnets(job):
    project = os.path.join(ROOT, "bench", "DslNets.Benchmarks")
    subprocess.run(["dotnet", "run", "-c", "Release", "--project", project, "--",
                    "--filter", "*SingleSample*", "--job", job, "--exporters", "json"],
                   check=True, cwd=project, stdout=sys.stderr)
    path = sorted(glob.glob(os.path.join(project, "BenchmarkDotNet.Artifacts", "results", "*SingleSample*-report-full*.json")),
                  key=os.path.getmtime)[-1]
    with open(path) as f:
        report = json.load(f)
    medians = {}
    for b in report["Benchmarks"]:
        name = next((case for case in CASES if case in b.get("DisplayInfo", "")), None)
        if name:
            medians[name] = (b["Statistics"]["Median"] * 1e-9, b.get("Memory", {}).get("BytesAllocatedPerOperation"))
    return medians


def main():
    job = sys.argv[sys.argv.index("--job") + 1] if "--job" in sys.argv else "short"
    ours = dslnets(job)
    peer_run = subprocess.run(["/usr/bin/python3", os.path.join(os.path.dirname(__file__), "single_sample_peer.py"), "2"],
                              check=True, capture_output=True, text=True)
    peer = json.loads(peer_run.stdout)
    sharp = {"_meta": {"torchsharp": "-", "threads": "-"}} if "--no-torchsharp" in sys.argv else torchsharp_peer.run("single-sample", 2)
    print(f"PyTorch {peer['_meta']['torch']} with {peer['_meta']['threads']} threads; TorchSharp {sharp['_meta']['torchsharp']} "
          f"with {sharp['_meta']['threads']} threads; DslNets BenchmarkDotNet job '{job}'; medians")
    print(f"{'work (one sample)':24} {'DslNets':>12} {'bytes':>6} {'PyTorch':>12} {'TorchSharp':>12} {'PyTorch/DslNets':>16} {'TorchSharp/DslNets':>19}")
    for name in CASES:
        mine, allocated = ours[name]
        theirs = peer[name]["median_s"]
        dotnet_peer = sharp.get(name, {}).get("median_s")
        sharp_time = f"{dotnet_peer * 1e6:10.1f}µs" if dotnet_peer else f"{'-':>12}"
        sharp_ratio = f"{dotnet_peer / mine:19.1f}" if dotnet_peer else f"{'-':>19}"
        print(f"{name:24} {mine * 1e6:10.3f}µs {allocated!s:>6} {theirs * 1e6:10.1f}µs {sharp_time} {theirs / mine:16.1f} {sharp_ratio}")
        if name == "LeNet-5 Forward":
            one = peer["LeNet-5 Forward, 1 thread"]["median_s"]
            print(f"{'  PyTorch on 1 thread':24} {'':12} {'':>6} {one * 1e6:10.1f}µs {'':>12} {one / mine:16.1f}")


if __name__ == "__main__":
    main()
