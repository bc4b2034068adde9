#!/usr/bin/env python3
"""Side-by-side training throughput: DslNets (BenchmarkDotNet) against PyTorch and TorchSharp, measured in one run.

Runs bench/DslNets.Benchmarks with the TrainingThroughput filter and a JSON exporter, then training_peer.py (PyTorch)
and bench/DslNets.TorchSharpPeer (TorchSharp, LibTorch on the CPU), and prints one table: samples/s of each (from
the median step time), and the ratios (DslNets samples/s / peer samples/s). Usage (from the repository root):
    /usr/bin/python3 bench/peer/compare_training.py [--job short] [--no-torchsharp]
The LeNet-5 rows (the convolution net, float32) have no TorchSharp peer.
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
BATCH = {"784-128-10 step, batch 64": 64, "784-512-512-10 step, batch 256": 256, "784-1024x3-10 step, batch 512": 512,
         "LeNet-5 step, batch 64": 64, "LeNet-5 step, batch 256": 256}


def dslnets(job):
    project = os.path.join(ROOT, "bench", "DslNets.Benchmarks")
    subprocess.run(["dotnet", "run", "-c", "Release", "--project", project, "--",
                    "--filter", "*TrainingThroughput*", "--job", job, "--exporters", "json"],
                   check=True, cwd=project, stdout=sys.stderr)
    path = sorted(glob.glob(os.path.join(project, "BenchmarkDotNet.Artifacts", "results", "*TrainingThroughput*-report-full*.json")),
                  key=os.path.getmtime)[-1]
    with open(path) as f:
        return json.load(f)


def main():
    job = sys.argv[sys.argv.index("--job") + 1] if "--job" in sys.argv else "short"
    report = dslnets(job)
    ours = {}
    for b in report["Benchmarks"]:
        description = next((name for name in BATCH if name in b.get("DisplayInfo", "")), None)
        if description:
            ours[description] = b["Statistics"]["Median"] * 1e-9
    peer_run = subprocess.run(["/usr/bin/python3", os.path.join(os.path.dirname(__file__), "training_peer.py"), "2"],
                              check=True, capture_output=True, text=True)
    peer = json.loads(peer_run.stdout)
    sharp = {"_meta": {"torchsharp": "-", "threads": "-"}} if "--no-torchsharp" in sys.argv else torchsharp_peer.run("training", 2)
    print(f"PyTorch {peer['_meta']['torch']} with {peer['_meta']['threads']} threads; TorchSharp {sharp['_meta']['torchsharp']} "
          f"with {sharp['_meta']['threads']} threads; DslNets BenchmarkDotNet job '{job}'; medians")
    print(f"{'work':34} {'DslNets samples/s':>18} {'PyTorch samples/s':>18} {'TorchSharp samples/s':>21} {'DslNets/PyTorch':>16} {'DslNets/TorchSharp':>19}")
    for name, batch in BATCH.items():
        mine = batch / ours[name]
        theirs = peer[name]["samples_per_s"]
        dotnet_peer = sharp.get(name, {}).get("samples_per_s")
        sharp_rate = f"{dotnet_peer:21,.0f}" if dotnet_peer else f"{'-':>21}"
        sharp_ratio = f"{mine / dotnet_peer:19.2f}" if dotnet_peer else f"{'-':>19}"
        print(f"{name:34} {mine:18,.0f} {theirs:18,.0f} {sharp_rate} {mine / theirs:16.2f} {sharp_ratio}")


if __name__ == "__main__":
    main()
