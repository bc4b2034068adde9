#!/usr/bin/env python3
"""Writes the PyTorch side of the checkpoint tests (tests/Generator.Tests/ImageLayers/PyTorchCheckpointTests.cs).

Run from anywhere with a Python that has torch (Debian: python3-torch; CI does not run this):

    /usr/bin/python3 tests/Generator.Tests/TestData/PyTorch/write_reference_checkpoints.py

For SmallResNet (double) and TinyConvSingle (float), the same architectures as the C# snapshot networks, with module
attributes named as the C# layers, it writes each module's state_dict as safetensors (<name>.safetensors: PyTorch's
default initialisation from a fixed seed, biases made non-zero) and fixed inputs with the eval-mode outputs
(<name>_io.safetensors: "inputs" and "outputs"). It also writes the state_dict keys and shapes of the LeNet-5-like net and
of Pérez-Ortiz et al.'s MNIST CNN (CNNet4l) to state_dict_shapes.json. The safetensors files are written by hand (8-byte
little-endian header length, JSON header, raw little-endian data), so no package beyond torch is needed.

    /usr/bin/python3 write_reference_checkpoints.py --load <DslNets checkpoint> <network>

loads a checkpoint that DslNets' Checkpoint.Save wrote for SmallResNet or TinyConvSingle into the PyTorch module with
load_state_dict(strict=True) and prints the module's outputs on the stored inputs next to the stored outputs.
"""
import json
import os
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))


class SmallResNet(nn.Module):
    """tests/Generator.Tests/Networks/SmallResNet.cs: input 2x12x12."""

    def __init__(self):
        super().__init__()
        self.Stem = nn.Conv2d(2, 4, 3, padding=1)
        self.Inner = nn.Conv2d(4, 4, 3, padding=1)
        self.Outer = nn.Conv2d(4, 4, 3, padding=1, bias=False)
        self.Down = nn.Conv2d(4, 6, 3, stride=2, padding=1)
        self.Drop = nn.Dropout(0.25)
        self.Logits = nn.Linear(24, 3)

    def forward(self, x):
        stem = F.relu(self.Stem(x))
        block = self.Outer(F.relu(self.Inner(stem)))
        x = F.relu(block + stem)
        x = F.max_pool2d(x, 3, stride=2)
        x = F.leaky_relu(self.Down(x), 0.1)
        x = F.avg_pool2d(x, 2, stride=1)
        x = torch.flatten(x, 1)
        return self.Logits(self.Drop(x))


class TinyConvSingle(nn.Module):
    """tests/Generator.Tests/Networks/TinyConvSingle.cs: input 2x6x7, float."""

    def __init__(self):
        super().__init__()
        self.Features = nn.Conv2d(2, 3, (3, 2))
        self.Strided = nn.Conv2d(3, 2, 2, stride=2, padding=1)
        self.Out = nn.Linear(8, 2)

    def forward(self, x):
        x = torch.tanh(self.Features(x))
        x = F.max_pool2d(x, 2)
        x = torch.sigmoid(self.Strided(x))
        return self.Out(torch.flatten(x, 1))


class LeNet5(nn.Module):
    """tests/Generator.Tests/Networks/LeNet5.cs: only its state_dict's keys and shapes are written."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)


class CNNet4l(nn.Module):
    """Pérez-Ortiz et al.'s MNIST CNN as their code (pbb/models.py) declares it; dropout has no parameters."""

    def __init__(self, dropout_prob=0.2):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)
        self.d = nn.Dropout2d(dropout_prob)


DTYPES = {torch.float64: ("F64", "<d"), torch.float32: ("F32", "<f")}


def write_safetensors(path, tensors, metadata=None):
    header = {}
    offset = 0
    blobs = []
    for name, tensor in tensors.items():
        dtype, fmt = DTYPES[tensor.dtype]
        values = tensor.detach().contiguous().reshape(-1).tolist()
        blob = struct.pack("<%d%s" % (len(values), fmt[1]), *values)
        header[name] = {"dtype": dtype, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    if metadata:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def read_safetensors(path):
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        dtype = {"F64": torch.float64, "F32": torch.float32}[entry["dtype"]]
        fmt = "<d" if dtype == torch.float64 else "<f"
        begin, end = entry["data_offsets"]
        count = (end - begin) // struct.calcsize(fmt)
        values = struct.unpack("<%d%s" % (count, fmt[1]), data[begin:end])
        tensors[name] = torch.tensor(values, dtype=dtype).reshape(entry["shape"])
    return tensors


NETWORKS = {
    "SmallResNet": (SmallResNet, torch.float64, (5, 2, 12, 12)),
    "TinyConvSingle": (TinyConvSingle, torch.float32, (4, 2, 6, 7)),
}


def write(name, seed):
    factory, dtype, input_shape = NETWORKS[name]
    torch.manual_seed(seed)
    module = factory().to(dtype)
    with torch.no_grad():
        for key, parameter in module.state_dict().items():
            if key.endswith(".bias"):
                parameter.add_(torch.randn(parameter.shape, dtype=dtype) * 0.1)
    module.eval()
    inputs = torch.randn(input_shape, dtype=dtype)
    with torch.no_grad():
        outputs = module(inputs)
    state = module.state_dict()
    write_safetensors(os.path.join(HERE, name + ".safetensors"), state, {"written_by": "write_reference_checkpoints.py", "torch": torch.__version__})
    write_safetensors(os.path.join(HERE, name + "_io.safetensors"), {"inputs": inputs, "outputs": outputs})
    print(f"{name}: {', '.join(f'{k} {list(v.shape)}' for k, v in state.items())}")


def load(path, name):
    factory, dtype, _ = NETWORKS[name]
    module = factory().to(dtype)
    module.load_state_dict(read_safetensors(path), strict=True)
    module.eval()
    io = read_safetensors(os.path.join(HERE, name + "_io.safetensors"))
    with torch.no_grad():
        outputs = module(io["inputs"])
    print(f"load_state_dict(strict=True) accepted {path}")
    print("PyTorch outputs with these parameters:", outputs.tolist())
    print("stored outputs (the file's own parameters):", io["outputs"].tolist())


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--load":
        load(sys.argv[2], sys.argv[3])
        return
    write("SmallResNet", 13)
    write("TinyConvSingle", 17)
    shapes = {name: {key: list(value.shape) for key, value in factory().state_dict().items()}
              for name, factory in (("LeNet5", LeNet5), ("PbbMnistCnn", CNNet4l))}
    # One key per line, its shape on the same line.
    lines = []
    for name, keys in shapes.items():
        entries = ",\n".join(f'    "{key}": {json.dumps(shape)}' for key, shape in keys.items())
        lines.append(f'  "{name}": {{\n{entries}\n  }}')
    with open(os.path.join(HERE, "state_dict_shapes.json"), "w") as f:
        f.write("{\n" + ",\n".join(lines) + "\n}\n")


if __name__ == "__main__":
    main()
