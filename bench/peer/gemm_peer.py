#!/usr/bin/env python3
"""NumPy (OpenBLAS) peer for the DslNets matrix-product benchmarks. A benchmark tool, never run by CI.

Measures single-precision GFLOP/s of NumPy's matmul at the sizes of bench/DslNets.Benchmarks/Kernels:
square products n = 256, 512, 1024, 2048 and the products of one training step of the issue's MLPs
(784-128-10 batch 64, 784-512-512-10 batch 256, 784-1024x3-10 batch 512). Each figure is the median of
--repeats timed runs. With --csharp-results it reads BenchmarkDotNet's CSV reports and prints both side by
side with the ratio C#/NumPy.

Usage (Debian's numpy and OpenBLAS: apt-get install python3-numpy libopenblas0-pthread):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/peer/gemm_peer.py \
        --csharp-results bench/DslNets.Benchmarks/BenchmarkDotNet.Artifacts/results
    # OpenBLAS 0.3.21 may not recognise a new CPU model and fall back to a generic kernel ('Prescott');
    # --coretype SkylakeX forces its AVX-512 kernel (the script checks the results against float64).
"""
import argparse
import csv
import glob
import os
import statistics
import sys
import time

SQUARE_SIZES = [256, 512, 1024, 2048]
NETWORKS = {
    "B64x784x128x10": ([784, 128, 10], 64),
    "B256x784x512x512x10": ([784, 512, 512, 10], 256),
    "B512x784x1024x3x10": ([784, 1024, 1024, 1024, 10], 512),
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=15, help="timed runs per case (median reported)")
    parser.add_argument("--min-time", type=float, default=0.05, help="seconds of work per timed run")
    parser.add_argument("--coretype", default=None, help="set OPENBLAS_CORETYPE (re-executes the script)")
    parser.add_argument("--csharp-results", default=None, help="BenchmarkDotNet results folder with *-report.csv")
    return parser.parse_args()


def reexec_with_coretype(coretype):
    if os.environ.get("OPENBLAS_CORETYPE") == coretype and "OPENBLAS_L2_SIZE" not in os.environ:
        return
    env = dict(os.environ)
    env["OPENBLAS_CORETYPE"] = coretype
    env.pop("OPENBLAS_L2_SIZE", None)
    os.execve(sys.executable, [sys.executable] + sys.argv, env)


def median_seconds(run, repeats, min_time):
    run()  # warm-up
    start = time.perf_counter()
    run()
    once = max(time.perf_counter() - start, 1e-7)
    inner = max(1, int(min_time / once))
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(inner):
            run()
        samples.append((time.perf_counter() - start) / inner)
    return statistics.median(samples)


def square_cases(np, repeats, min_time):
    rng = np.random.default_rng(42)
    results = {}
    for n in SQUARE_SIZES:
        a = rng.standard_normal((n, n), dtype=np.float32)
        b = rng.standard_normal((n, n), dtype=np.float32)
        c = np.empty((n, n), dtype=np.float32)
        np.matmul(a, b, out=c)
        exact = a.astype(np.float64) @ b.astype(np.float64)
        error = float(np.abs(c - exact).max() / np.abs(exact).max())
        if error > 1e-4:
            raise SystemExit(f"n={n}: OpenBLAS result is wrong (relative error {error:.2e}); do not trust this kernel")
        seconds = median_seconds(lambda: np.matmul(a, b, out=c), repeats, min_time)
        results[n] = 2.0 * n ** 3 / seconds / 1e9
    return results


def network_cases(np, repeats, min_time):
    rng = np.random.default_rng(7)
    results = {}
    for name, (widths, batch) in NETWORKS.items():
        layers = len(widths) - 1
        acts = [rng.standard_normal((batch, w), dtype=np.float32) for w in widths]
        deltas = [rng.standard_normal((batch, w), dtype=np.float32) for w in widths]
        weights = [rng.standard_normal((widths[l + 1], widths[l]), dtype=np.float32) for l in range(layers)]
        biases = [np.zeros(widths[l + 1], dtype=np.float32) for l in range(layers)]
        dws = [np.zeros_like(w) for w in weights]
        dw_tmp = [np.zeros_like(w) for w in weights]
        dbs = [np.zeros_like(b) for b in biases]

        def forward():
            for l in range(layers):
                np.matmul(acts[l], weights[l].T, out=acts[l + 1])
                acts[l + 1] += biases[l]

        def backward():
            for l in range(layers - 1, -1, -1):
                np.matmul(deltas[l + 1].T, acts[l], out=dw_tmp[l])
                dws[l] += dw_tmp[l]
                dbs[l] += deltas[l + 1].sum(axis=0)
                if l > 0:
                    np.matmul(deltas[l + 1], weights[l], out=deltas[l])

        def train_step():
            forward()
            backward()

        fwd_flops = sum(2.0 * batch * widths[l] * widths[l + 1] for l in range(layers))
        bwd_flops = sum((2.0 if l > 0 else 1.0) * 2.0 * batch * widths[l] * widths[l + 1] for l in range(layers))
        for method, run, flops in (("Forward", forward, fwd_flops), ("Backward", backward, bwd_flops),
                                   ("TrainStep", train_step, fwd_flops + bwd_flops)):
            seconds = median_seconds(run, repeats, min_time)
            results[(name, method)] = (flops / seconds / 1e9, batch / seconds)
    return results


def read_csharp(folder):
    """GFLOP/s (and samples/s) per case from BenchmarkDotNet's CSV reports, keyed like the NumPy results."""
    square, networks = {}, {}
    if folder is None:
        return square, networks
    for path in glob.glob(os.path.join(folder, "*GemmSquareBenchmarks-report.csv")):
        with open(path, newline="") as handle:
            for row in csv.DictReader(handle):
                square[int(row["N"])] = float(row["GFLOP/s"])
    for path in glob.glob(os.path.join(folder, "*GemmNetworkBenchmarks-report.csv")):
        with open(path, newline="") as handle:
            for row in csv.DictReader(handle):
                networks[(row["Network"], row["Method"])] = (float(row["GFLOP/s"]), float(row["samples/s"]))
    return square, networks


def main():
    args = parse_args()
    if args.coretype:
        reexec_with_coretype(args.coretype)
    import numpy as np
    try:
        import threadpoolctl
        info = threadpoolctl.threadpool_info()
        blas = ", ".join(f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')} threads={i.get('num_threads')}" for i in info)
    except ImportError:
        blas = "threadpoolctl not installed"
    print(f"NumPy {np.__version__}; BLAS: {blas}")
    print(f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')} "
          f"OPENBLAS_L2_SIZE={os.environ.get('OPENBLAS_L2_SIZE', '(unset)')}; load average {os.getloadavg()}")
    cs_square, cs_networks = read_csharp(args.csharp_results)

    square = square_cases(np, args.repeats, args.min_time)
    print()
    print(f"{'square sgemm':<14}{'NumPy GFLOP/s':>15}{'C# GFLOP/s':>12}{'C#/NumPy':>10}")
    for n, gflops in square.items():
        ours = cs_square.get(n)
        ratio = f"{ours / gflops:.2f}" if ours else "-"
        print(f"{'n = ' + str(n):<14}{gflops:>15.1f}{(f'{ours:.1f}' if ours else '-'):>12}{ratio:>10}")

    networks = network_cases(np, args.repeats, args.min_time)
    print()
    print(f"{'network products':<38}{'NumPy GFLOP/s':>15}{'samples/s':>11}{'C# GFLOP/s':>12}{'samples/s':>11}{'C#/NumPy':>10}")
    for (name, method), (gflops, samples) in networks.items():
        ours = cs_networks.get((name, method))
        label = f"{name} {method}"
        if ours:
            print(f"{label:<38}{gflops:>15.1f}{samples:>11.0f}{ours[0]:>12.1f}{ours[1]:>11.0f}{ours[0] / gflops:>10.2f}")
        else:
            print(f"{label:<38}{gflops:>15.1f}{samples:>11.0f}{'-':>12}{'-':>11}{'-':>10}")


if __name__ == "__main__":
    main()
