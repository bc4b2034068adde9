#!/usr/bin/env python3
"""The PyTorch side of the GPU comparison: the training steps of bench/DslNets.GpuBenchmarks in PyTorch.

One step = zero_grad(set_to_none) + forward + loss (mean over the batch, as DslNets' scale = 1/batch) + backward +
SGD(lr).step(), on tensors already on the device. Float32, TF32 off (matmul and cuDNN). The same rows, batches and
quick batches as the .NET bench (ids tiny-2^20, tiny-2^16, mnist-64, deep-8192), and the same timing: a repetition is
`inner` steps then torch.cuda.synchronize(), `inner` chosen so a repetition lasts --min-rep-ms; warm-up repetitions,
then timed ones within a per-row budget; median and quartiles per step. The cost of the math does not depend on the
values, so the initialisation is PyTorch's own (seeded).

Modes on CUDA: "eager" and "graphs" (torch.cuda.CUDAGraph: forward + backward + optimizer.step captured on static
tensors after a warm-up on a side stream, then replayed). With --device cpu only eager runs (no CUDA graphs), so this
script can be rehearsed with a CPU PyTorch (Debian's python3-torch 1.13: /usr/bin/python3 gpu_peer.py --device cpu --quick).

Prints one JSON document on stdout (progress on stderr); --json PATH also writes it after every row, so a run cut
short keeps what it measured. A benchmark tool, never run by CI.
"""
import argparse
import gc
import json
import os
import platform
import statistics
import sys
import time

import torch
import torch.nn.functional as F

# id, work, widths, loss, batch, quick batch: the same table as bench/DslNets.GpuBenchmarks/BenchCase.cs.
CASES = [
    ("tiny-2^20", "2-16-16-1 training step", [2, 16, 16, 1], "squared", 1 << 20, 1 << 12),
    ("tiny-2^16", "2-16-16-1 training step", [2, 16, 16, 1], "squared", 1 << 16, 1 << 10),
    ("mnist-64", "784-128-10 training step", [784, 128, 10], "softmax", 64, 64),
    ("deep-8192", "784-1024x3-10 training step", [784, 1024, 1024, 1024, 10], "softmax", 8192, 8),
]


def log(message):
    print(f"gpu_peer: {message}", file=sys.stderr, flush=True)


def build(widths):
    layers = []
    for i in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i < len(widths) - 2:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def quantile(sorted_values, q):
    """Linear between neighbours (numpy's default), as StepTimer.Quantile."""
    if len(sorted_values) == 1:
        return sorted_values[0]
    at = q * (len(sorted_values) - 1)
    low = int(at)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (at - low) * (sorted_values[high] - sorted_values[low])


class Timer:
    """The .NET bench's StepTimer, in Python."""

    def __init__(self, synchronize, args):
        self.synchronize = synchronize
        self.args = args

    def time(self, step, count):
        self.synchronize()
        start = time.perf_counter()
        for _ in range(count):
            step()
        self.synchronize()
        return time.perf_counter() - start

    def measure(self, step, seconds_left, known=0.0):
        a = self.args
        min_rep = a.min_rep_ms / 1e3
        if known >= min_rep:
            one = known
        else:
            one = max(min(self.time(step, 1), self.time(step, 1)), 1e-7)
            seconds_left -= 2 * one
        inner = int(min(max(-(-min_rep // one), 1), 1_000_000))
        rep_seconds = one * inner
        warmup = int(min(max(0.25 * seconds_left // rep_seconds, 0), a.warmup))
        for _ in range(warmup):
            self.time(step, inner)
        seconds_left -= warmup * rep_seconds
        reps = int(min(max(seconds_left // rep_seconds, 1), a.reps))
        per_step_ms = sorted(1e3 * self.time(step, inner) / inner for _ in range(reps))
        median = quantile(per_step_ms, 0.5)
        p25, p75 = quantile(per_step_ms, 0.25), quantile(per_step_ms, 0.75)
        return {
            "inner": inner, "repetitions": reps, "median_ms": median, "p25_ms": p25, "p75_ms": p75,
            "min_ms": per_step_ms[0], "max_ms": per_step_ms[-1],
            "spread_percent": 100 * (p75 - p25) / median if median > 0 else 0.0,
        }


class Row:
    """One network and batch on one device: the model, the optimiser and static data."""

    def __init__(self, widths, loss, batch, device, lr):
        torch.manual_seed(1)
        self.model = build(widths).to(device)
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=lr)
        generator = torch.Generator(device="cpu").manual_seed(7)
        if widths[0] >= 64:
            x = torch.rand(batch, widths[0], generator=generator)
        else:
            x = torch.randn(batch, widths[0], generator=generator)
        if loss == "softmax":
            t = torch.randint(0, widths[-1], (batch,), generator=generator)
            self.loss_fn = F.cross_entropy
        else:
            t = torch.randn(batch, widths[-1], generator=generator)
            self.loss_fn = lambda y, target: 0.5 * F.mse_loss(y, target)  # ½·Σ(ŷ−t)²/batch with one output
        self.x = x.to(device)
        self.t = t.to(device)

    def eager_step(self, b=None):
        x, t = (self.x, self.t) if b is None else (self.x[:b], self.t[:b])

        def step():
            self.optimizer.zero_grad(set_to_none=True)
            loss = self.loss_fn(self.model(x), t)
            loss.backward()
            self.optimizer.step()
            return loss

        return step

    def graph_step(self, warmup_steps=3):
        """torch.cuda.graphs' whole-network capture: warm up on a side stream, capture one step, replay it."""
        x, t = self.x, self.t
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            for _ in range(warmup_steps):
                self.optimizer.zero_grad(set_to_none=True)
                self.loss_fn(self.model(x), t).backward()
                self.optimizer.step()
        torch.cuda.current_stream().wait_stream(side)
        graph = torch.cuda.CUDAGraph()
        self.optimizer.zero_grad(set_to_none=True)
        with torch.cuda.graph(graph):
            static_loss = self.loss_fn(self.model(x), t)
            static_loss.backward()
            self.optimizer.step()
        self.static_loss = static_loss
        return graph.replay

    def parameters_finite(self):
        return all(bool(torch.isfinite(p).all()) for p in self.model.parameters())


def choose_batch(batch, probe, time_one_step, step_limit):
    """As StepTimer.ChooseBatch: start small, go to the full batch when a linear estimate fits the step limit."""
    start = time.perf_counter()
    b = min(batch, max(1, probe))
    t = time_one_step(b)
    if t < step_limit:
        t = time_one_step(b)
    known = t
    while b < batch:
        if t * batch / b <= step_limit:
            b, known = batch, 0.0
            break
        nxt = min(batch, 2 * b)
        if t * nxt / b > step_limit:
            break
        b = nxt
        t = known = time_one_step(b)
    note = "" if b == batch else (f"batch reduced from {batch} to {b}: one step at {b} took {t:.3f} s, and a step at the "
                                  f"full batch would not fit the row's time budget")
    return b, time.perf_counter() - start, note, known


def run_case(case, mode, args, device, timer):
    case_id, work, widths, loss, full_batch, quick_batch = case
    batch = quick_batch if args.quick else full_batch
    started = time.perf_counter()
    row = Row(widths, loss, batch, device, args.lr)
    result = {"id": case_id, "work": work, "network": "-".join(map(str, widths)).replace("1024-1024-1024", "1024x3"),
              "mode": mode, "requested_batch": batch, "device": str(device), "note": ""}
    budget = args.case_seconds
    if mode == "eager":
        probe = 1024 if device.type == "cuda" else 16
        b, spent, note, known = choose_batch(batch, probe, lambda n: timer.time(row.eager_step(n), 1), budget / 6)
        timing = timer.measure(row.eager_step(b), budget - spent, known)
        result["note"] = note
    else:
        # A graph is captured at one batch: the full one (after the eager rows showed what that batch costs).
        b = batch
        replay = row.graph_step()
        timing = timer.measure(replay, budget)
    result.update(timing)
    result["batch"] = b
    result["samples_per_s"] = b / (timing["median_ms"] * 1e-3)
    result["parameters_finite"] = row.parameters_finite()
    result["row_seconds"] = time.perf_counter() - started
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--device", default="cuda", choices=["cuda", "cpu", "auto"])
    parser.add_argument("--quick", action="store_true", help="small batches, few repetitions (CPU rehearsal)")
    parser.add_argument("--json", help="also write the results here (after every row)")
    parser.add_argument("--only", default="", help="comma-separated ids")
    parser.add_argument("--modes", default="", help="eager,graphs (default: both on CUDA, eager on the CPU)")
    parser.add_argument("--reps", type=int, default=None)
    parser.add_argument("--warmup", type=int, default=None)
    parser.add_argument("--case-seconds", type=float, default=None)
    parser.add_argument("--min-rep-ms", type=float, default=20.0)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--threads", type=int, default=0, help="torch.set_num_threads (CPU); 0 leaves PyTorch's default")
    args = parser.parse_args()
    args.reps = args.reps or (5 if args.quick else 30)
    args.warmup = args.warmup if args.warmup is not None else (1 if args.quick else 3)
    args.case_seconds = args.case_seconds or (6.0 if args.quick else 10.0)

    if args.device == "auto":
        args.device = "cuda" if torch.cuda.is_available() else "cpu"
    if args.device == "cuda" and not torch.cuda.is_available():
        document = {"tool": "gpu_peer", "error": "CUDA was asked for but torch.cuda.is_available() is False",
                    "torch": torch.__version__, "device": "none", "results": [], "finished": True}
        if args.json:
            with open(args.json, "w") as f:
                json.dump(document, f, indent=2)
        print(json.dumps(document))
        log(document["error"])
        return 3
    device = torch.device(args.device)
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    # Float32 everywhere: TF32 off, as the issue asks (DslNets' kernels are plain float32).
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.set_float32_matmul_precision("highest")
    modes = [m for m in args.modes.split(",") if m] or (["eager", "graphs"] if device.type == "cuda" else ["eager"])
    if device.type != "cuda" and "graphs" in modes:
        log("CUDA graphs need CUDA: running eager only")
        modes = ["eager"]

    meta = {
        "tool": "gpu_peer", "torch": torch.__version__, "python": platform.python_version(), "device": device.type,
        "quick": args.quick, "threads": torch.get_num_threads(), "learning_rate": args.lr,
        "allow_tf32_matmul": torch.backends.cuda.matmul.allow_tf32, "allow_tf32_cudnn": torch.backends.cudnn.allow_tf32,
        "float32_matmul_precision": torch.get_float32_matmul_precision(),
        "timing": {"reps": args.reps, "warmup": args.warmup, "case_seconds": args.case_seconds, "min_rep_ms": args.min_rep_ms},
        "modes": modes, "started_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    if device.type == "cuda":
        properties = torch.cuda.get_device_properties(0)
        meta["device_name"] = properties.name
        meta["device_detail"] = (f"sm_{properties.major}{properties.minor}, {properties.multi_processor_count} SMs, "
                                 f"{properties.total_memory // (1 << 20):,} MiB; CUDA {torch.version.cuda}, "
                                 f"cuDNN {torch.backends.cudnn.version()}")
        synchronize = torch.cuda.synchronize
    else:
        meta["device_name"] = platform.processor() or platform.machine()
        meta["device_detail"] = f"{os.cpu_count()} cores, {torch.get_num_threads()} PyTorch threads"
        synchronize = lambda: None  # noqa: E731
    log(f"PyTorch {torch.__version__} on {meta['device_name']} ({meta['device_detail']}); modes {', '.join(modes)}"
        + ("; --quick: a rehearsal, not a measurement" if args.quick else ""))

    timer = Timer(synchronize, args)
    only = {s for s in args.only.split(",") if s}
    document = dict(meta, results=[], finished=False)

    def write():
        if args.json:
            temporary = args.json + ".tmp"
            with open(temporary, "w") as f:
                json.dump(document, f, indent=2)
            os.replace(temporary, args.json)

    failed = False
    for mode in modes:
        for case in CASES:
            if only and case[0] not in only:
                continue
            try:
                result = run_case(case, mode, args, device, timer)
            except Exception as error:  # one failing row must not lose the others
                failed = True
                result = {"id": case[0], "work": case[1], "mode": mode, "error": f"{type(error).__name__}: {error}"}
            gc.collect()
            if device.type == "cuda":
                torch.cuda.empty_cache()
            document["results"].append(result)
            if "error" in result:
                log(f"{mode:6} {case[0]:10} FAILED: {result['error']}")
            else:
                log(f"{mode:6} {case[0]:10} batch {result['batch']:>9,}  median {result['median_ms']:10.4f} ms  "
                    f"[p25 {result['p25_ms']:.4f}, p75 {result['p75_ms']:.4f}; spread {result['spread_percent']:.1f}%; "
                    f"{result['repetitions']}x{result['inner']}]  {result['samples_per_s']:>15,.0f} samples/s"
                    + (f"\n       note: {result['note']}" if result["note"] else ""))
            write()
    document["finished"] = True
    write()
    print(json.dumps(document, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
