#!/usr/bin/env python3
"""The peer side of the single-sample comparison: the networks of SingleSampleBenchmarks in PyTorch (CPU).

Forward of one sample, and one training step of one sample (zero_grad, forward, loss, backward, SGD update):
2-16-16-1 with squared error, 784-128-10 with softmax cross-entropy; and the Forward of the LeNet-5-like convolution
net (lenet.py) on one 1×28×28 image. Prints JSON: {name: {"median_s": ...}}.
A benchmark tool, never run by CI. Run with Debian's Python (python3-torch): /usr/bin/python3 single_sample_peer.py
"""
import json
import statistics
import sys
import time

import torch

from lenet import LeNet5

CASES = [
    ("2-16-16-1", [2, 16, 16, 1], torch.nn.MSELoss()),
    ("784-128-10", [784, 128, 10], torch.nn.CrossEntropyLoss()),
]


def build(widths):
    layers = []
    for i in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i < len(widths) - 2:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def median_time(action, seconds=2.0):
    for _ in range(100):
        action()
    times = []
    start = time.perf_counter()
    while time.perf_counter() - start < seconds or len(times) < 100:
        t0 = time.perf_counter()
        action()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
    results = {}
    for name, widths, loss_fn in CASES:
        torch.manual_seed(1)
        model = build(widths)
        optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
        x = torch.rand(1, widths[0])
        y = torch.rand(1, 1) if widths[-1] == 1 else torch.tensor([3])

        def forward():
            with torch.no_grad():
                model(x)

        def step():
            optimizer.zero_grad()
            loss_fn(model(x), y).backward()
            optimizer.step()

        results[f"{name} Forward"] = {"median_s": median_time(forward)}
        results[f"{name} train step"] = {"median_s": median_time(step)}
    torch.manual_seed(1)
    lenet = LeNet5()
    image = torch.rand(1, 1, 28, 28)

    def lenet_forward():
        with torch.no_grad():
            lenet(image)

    results["LeNet-5 Forward"] = {"median_s": median_time(lenet_forward)}
    # DslNets runs one sample on one thread: PyTorch on one thread too, beside its default above.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    results["LeNet-5 Forward, 1 thread"] = {"median_s": median_time(lenet_forward)}
    torch.set_num_threads(threads)
    results["_meta"] = {"torch": torch.__version__, "threads": torch.get_num_threads()}
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
