#!/usr/bin/env python3
"""Writes PyTorch's outputs, losses and gradients of the snapshot convolution nets for fixed weights and inputs
(tests/Generator.Tests/ImageLayers/PyTorchGradientTests.cs reads them; CI does not run this script).

    /usr/bin/python3 tests/Generator.Tests/TestData/PyTorch/write_reference_gradients.py

Each network is a PyTorch module of the same architecture as the C# snapshot network (tests/Generator.Tests/Networks),
in float64 (TinyConvSingle in float32, as its C# twin). The weights are not stored: both sides compute them from one
formula over the state_dict's tensors in order (the C# flat parameter vector lays every tensor out as the state_dict
does), so even PBB's CNN (1.2 million parameters) needs no large file:

    tensor t (0-based, state_dict order), element k (row-major):
        weight: sin(0.731 k + 1.37 t + 0.1) / sqrt(fan_in)        fan_in = elements / first dimension
        bias:   0.1 cos(0.513 k + t)

The inputs are drawn from a seeded normal and stored. The loss of a batch is the sum of the per-sample losses, as the C#
networks define them: softmax cross-entropy against one-hot targets, or half the squared error.

<name>_gradients.safetensors holds "inputs" [N, C, H, W], "targets" [N, K], "outputs" [N, K], "losses" [N],
"input_gradients" [N, C, H, W] (of the summed loss, so each row is its own sample's), and for every parameter tensor
"grad.<key>": the whole gradient where the tensor has at most 4,096 elements; else every 37th element (k = 0, 37, 74, ...,
as a vector) and "gradsq.<key>", the sum of the squares of the whole gradient, so a wrong element anywhere still shows.
"""
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
# The same modules as the checkpoint tests use (SmallResNet's dropout is the identity in eval mode).
from write_reference_checkpoints import SmallResNet, TinyConvSingle, write_safetensors  # noqa: E402

STRIDE = 37
WHOLE_LIMIT = 4096


class LeNet5(nn.Module):
    """tests/Generator.Tests/Networks/LeNet5.cs."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class PbbMnistCnn(nn.Module):
    """tests/Generator.Tests/Networks/PbbMnistCnn.cs (PBB's CNNet4l without its dropout)."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.relu(self.conv2(F.relu(self.conv1(x))))
        x = torch.flatten(F.max_pool2d(x, 2), 1)
        return self.fc2(F.relu(self.fc1(x)))



class PiecewiseLinearCnn(nn.Module):
    """tests/Generator.Tests/Networks/PiecewiseLinearCnn.cs (squared error; dropout is the identity outside training)."""

    def __init__(self):
        super().__init__()
        self.Conv1 = nn.Conv2d(1, 2, 3, padding=1)
        self.Conv2 = nn.Conv2d(2, 2, 3, padding=1)
        self.Hidden = nn.Linear(18, 4)
        self.Out = nn.Linear(4, 2)

    def forward(self, x):
        c1 = F.relu(self.Conv1(x))
        x = F.leaky_relu(self.Conv2(c1) + c1, 0.2)
        x = torch.flatten(F.avg_pool2d(x, 2), 1)
        return self.Out(F.relu(self.Hidden(x)))



# name: (module, dtype, input shape, loss)
NETWORKS = {
    "LeNet5": (LeNet5, torch.float64, (3, 1, 28, 28), "softmax"),
    "PbbMnistCnn": (PbbMnistCnn, torch.float64, (2, 1, 28, 28), "softmax"),
    "SmallResNet": (SmallResNet, torch.float64, (4, 2, 12, 12), "softmax"),
    "PiecewiseLinearCnn": (PiecewiseLinearCnn, torch.float64, (4, 1, 6, 6), "squared"),
    "TinyConvSingle": (TinyConvSingle, torch.float32, (3, 2, 6, 7), "squared"),
}


def formula_weights(module, dtype):
    """Sets every parameter from the formula in this file's docstring (computed in float64, then cast)."""
    with torch.no_grad():
        for t, (key, parameter) in enumerate(module.state_dict().items()):
            k = torch.arange(parameter.numel(), dtype=torch.float64)
            if key.endswith(".bias"):
                values = 0.1 * torch.cos(0.513 * k + t)
            else:
                fan_in = parameter.numel() // parameter.shape[0]
                values = torch.sin(0.731 * k + 1.37 * t + 0.1) / math.sqrt(fan_in)
            parameter.copy_(values.reshape(parameter.shape).to(dtype))


def write(name, seed):
    factory, dtype, input_shape, loss_kind = NETWORKS[name]
    module = factory().to(dtype)
    formula_weights(module, dtype)
    module.eval()
    generator = torch.Generator().manual_seed(seed)
    inputs = torch.randn(input_shape, dtype=dtype, generator=generator).requires_grad_(True)
    outputs = module(inputs)
    n, k = outputs.shape
    if loss_kind == "softmax":
        labels = torch.randint(0, k, (n,), generator=generator)
        targets = F.one_hot(labels, k).to(dtype)
        losses = torch.logsumexp(outputs, 1) - (targets * outputs).sum(1)
    else:
        targets = torch.randn((n, k), dtype=dtype, generator=generator)
        losses = 0.5 * ((outputs - targets) ** 2).sum(1)
    losses.sum().backward()

    tensors = {
        "inputs": inputs.detach(),
        "targets": targets,
        "outputs": outputs.detach(),
        "losses": losses.detach(),
        "input_gradients": inputs.grad,
    }
    for key, parameter in module.named_parameters():
        gradient = parameter.grad.reshape(-1)
        if gradient.numel() <= WHOLE_LIMIT:
            tensors["grad." + key] = parameter.grad
        else:
            tensors["grad." + key] = gradient[::STRIDE].clone()
            tensors["gradsq." + key] = (gradient.double() ** 2).sum().reshape(1).to(dtype)
    path = os.path.join(HERE, name + "_gradients.safetensors")
    write_safetensors(path, tensors, {"written_by": "write_reference_gradients.py", "torch": torch.__version__,
                                      "stride": str(STRIDE), "whole_limit": str(WHOLE_LIMIT)})
    print(f"{name}: loss {losses.sum().item():.6f}, {os.path.getsize(path):,} bytes")


def main():
    for seed, name in enumerate(NETWORKS, start=41):
        write(name, seed)


if __name__ == "__main__":
    main()
