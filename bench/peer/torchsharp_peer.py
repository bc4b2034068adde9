#!/usr/bin/env python3
"""Runs the TorchSharp side of the comparisons (bench/DslNets.TorchSharpPeer) and returns its JSON.

The project is built first (its output to stderr), then run without building, so only its JSON reaches stdout.
Used by compare_single_sample.py and compare_training.py. A benchmark tool, never run by CI.
"""
import json
import os
import subprocess
import sys

PROJECT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "DslNets.TorchSharpPeer"))


def run(kind, threads=2):
    """kind: 'single-sample' or 'training'. Returns {name: {"median_s": ...}, "_meta": {...}}."""
    subprocess.run(["dotnet", "build", "-c", "Release", PROJECT], check=True, stdout=sys.stderr)
    result = subprocess.run(["dotnet", "run", "-c", "Release", "--no-build", "--project", PROJECT, "--", kind, str(threads)],
                            check=True, capture_output=True, text=True)
    return json.loads(result.stdout)
