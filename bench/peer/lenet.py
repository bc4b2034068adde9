"""The LeNet-5-like net of bench/DslNets.Benchmarks/Networks/LeNet5Float.cs in PyTorch (float32), for the peer scripts:
conv 6 5×5 padding 2, max pool 2, conv 16 5×5, max pool 2, dense 120, 84, 10, ReLU. A benchmark tool, never run by CI."""
import torch


class LeNet5(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = torch.nn.Conv2d(6, 16, 5)
        self.fc1 = torch.nn.Linear(400, 120)
        self.fc2 = torch.nn.Linear(120, 84)
        self.fc3 = torch.nn.Linear(84, 10)

    def forward(self, x):
        x = torch.nn.functional.max_pool2d(torch.relu(self.conv1(x)), 2)
        x = torch.nn.functional.max_pool2d(torch.relu(self.conv2(x)), 2)
        x = torch.relu(self.fc1(torch.flatten(x, 1)))
        return self.fc3(torch.relu(self.fc2(x)))
