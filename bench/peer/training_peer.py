#!/usr/bin/env python3
"""The peer side of the training-throughput comparison: the same MLP training steps in PyTorch (CPU).

One step = forward, softmax cross-entropy (mean), backward, SGD update, on random MNIST-shaped data, at the batch
sizes of TrainingThroughputBenchmarks; the MLPs, and the LeNet-5-like convolution net (lenet.py) at batch 64 and 256. Prints JSON: {name: {"median_s": ..., "samples_per_s": ...}}.
A benchmark tool, never run by CI. Run with Debian's Python (python3-torch): /usr/bin/python3 training_peer.py
"""
import json
import statistics
import sys
import time

import torch

from lenet import LeNet5

CASES = [
    ("784-128-10 step, batch 64", [784, 128, 10], 64),
    ("784-512-512-10 step, batch 256", [784, 512, 512, 10], 256),
    ("784-1024x3-10 step, batch 512", [784, 1024, 1024, 1024, 10], 512),
]


def build(widths):
    layers = []
    for i in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i < len(widths) - 2:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


LENET_CASES = [("LeNet-5 step, batch 64", 64), ("LeNet-5 step, batch 256", 256)]


def measure(widths, batch, seconds=3.0):
    torch.manual_seed(1)
    model = build(widths) if widths else LeNet5()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = torch.nn.CrossEntropyLoss()
    x = torch.rand(batch, widths[0]) if widths else torch.rand(batch, 1, 28, 28)
    y = torch.randint(0, 10, (batch,))

    def step():
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()

    for _ in range(10):
        step()
    times = []
    start = time.perf_counter()
    while time.perf_counter() - start < seconds or len(times) < 20:
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    median = statistics.median(times)
    return {"median_s": median, "samples_per_s": batch / median}


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    torch.set_num_threads(threads)
    results = {name: measure(widths, batch) for name, widths, batch in CASES}
    results.update({name: measure(None, batch) for name, batch in LENET_CASES})
    results["_meta"] = {"torch": torch.__version__, "threads": torch.get_num_threads()}
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
