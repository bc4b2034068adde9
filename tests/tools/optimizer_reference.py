#!/usr/bin/python3
"""Reference trajectories for the DslNets optimisers (run by hand, never by CI).

Run with Debian's interpreter, which has python3-torch:  /usr/bin/python3 tests/tools/optimizer_reference.py
It writes tests/Runtime.Tests/TestData/Optimizers/reference_trajectories.json: the parameter vector after each of
20 steps, in double precision, for every case below on two problems:

  quadratic          f(x) = 1/2 x^T A x - b^T x with a fixed SPD A (6x6); the gradient comes from torch autograd.
  fixed_gradients    the parameters of a small MLP (W1 4x3, b1 4, W2 2x4, b2 2; 26 numbers, flattened row-major in
                     that order) driven by a fixed gradient sequence g_t[i] (formula in gradient_formula below),
                     so the C# side can reproduce the gradients exactly; each torch tensor gets its slice as .grad.

Sources: PyTorch's own optimisers (SGD, SGD nesterov, RMSprop, Adam, with StepLR / CosineAnnealingLR and
clip_grad_norm_) where PyTorch has the algorithm; for the forms of De, Mukherjee and Ullah (arXiv 1807.06766) and
for Nesterov's accelerated gradient in Sutskever's velocity form, which PyTorch does not have, an independent
straightforward NumPy implementation written from the equations (element by element, no shared code with C#).
"""
import json
import math
import os

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
STEPS = 20

# ---------------------------------------------------------------- problems
M = np.array([[0.9, -0.2, 0.1, 0.0, 0.3, -0.1],
              [0.1, 0.7, -0.3, 0.2, 0.0, 0.1],
              [-0.2, 0.1, 1.1, -0.1, 0.2, 0.0],
              [0.0, 0.3, 0.1, 0.8, -0.2, 0.2],
              [0.2, 0.0, -0.1, 0.1, 0.6, -0.3],
              [-0.1, 0.2, 0.0, -0.2, 0.1, 1.0]])
A = M.T @ M + 0.5 * np.eye(6)
B = np.array([1.0, -0.5, 0.25, 2.0, -1.5, 0.75])
X0_QUADRATIC = np.array([0.5, -1.0, 1.5, -2.0, 0.25, 3.0])

SHAPES = [("W1", (4, 3)), ("b1", (4,)), ("W2", (2, 4)), ("b2", (2,))]
N_MLP = sum(int(np.prod(s)) for _, s in SHAPES)
X0_MLP = np.array([0.3 * math.sin(1.7 * i + 0.2) for i in range(N_MLP)])
gradient_formula = "g_t[i] = sin(0.37*t + 0.11*i + 0.5)*(1 + 0.05*i) + 0.1*cos(1.3*t*(i + 1)), t = 1..20, i = 0..25"


def fixed_gradient(t, n):
    return np.array([math.sin(0.37 * t + 0.11 * i + 0.5) * (1 + 0.05 * i) + 0.1 * math.cos(1.3 * t * (i + 1)) for i in range(n)])


def quadratic_gradient(x):
    return A @ x - B


# ---------------------------------------------------------------- cases
CASES = [
    dict(name="sgd_plain", optimizer="sgd", hyper=dict(lr=0.1)),
    dict(name="sgd_momentum_dampening_decay", optimizer="sgd", hyper=dict(lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01)),
    dict(name="sgd_nesterov_decay", optimizer="sgd", hyper=dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01)),
    dict(name="sgd_momentum_step_schedule_clip", optimizer="sgd", hyper=dict(lr=0.1, momentum=0.8),
         schedule=dict(kind="step", step_size=5, gamma=0.5), clip_norm=1.0),
    dict(name="rmsprop_default", optimizer="rmsprop", hyper=dict(lr=0.01, alpha=0.99, eps=1e-8)),
    dict(name="rmsprop_centered_momentum_decay", optimizer="rmsprop", hyper=dict(lr=0.01, alpha=0.9, eps=1e-6, weight_decay=0.01, momentum=0.5, centered=True)),
    dict(name="adam_default", optimizer="adam", hyper=dict(lr=0.05, betas=[0.9, 0.999], eps=1e-8)),
    dict(name="adam_decay", optimizer="adam", hyper=dict(lr=0.02, betas=[0.8, 0.99], eps=1e-6, weight_decay=0.05)),
    dict(name="adam_cosine_schedule", optimizer="adam", hyper=dict(lr=0.1, betas=[0.9, 0.999], eps=1e-8),
         schedule=dict(kind="cosine", period=20, minimum=0.001)),
    dict(name="nag", optimizer="nag", hyper=dict(lr=0.05, momentum=0.9)),
    dict(name="nag_cosine_schedule", optimizer="nag", hyper=dict(lr=0.05, momentum=0.9),
         schedule=dict(kind="cosine", period=20, minimum=0.0)),
    dict(name="dmu_rmsprop", optimizer="dmu_rmsprop", hyper=dict(lr=0.01, beta2=0.99, xi=1e-4)),
    dict(name="dmu_rmsprop_big_xi", optimizer="dmu_rmsprop", hyper=dict(lr=0.05, beta2=0.9, xi=0.1)),
    dict(name="dmu_adam_099", optimizer="dmu_adam", hyper=dict(lr=0.01, beta1=0.99, beta2=0.999, xi=0.1)),
    dict(name="dmu_adam_09", optimizer="dmu_adam", hyper=dict(lr=0.01, beta1=0.9, beta2=0.999, xi=1e-3)),
]


def schedule_rate(case, step_index):
    """The learning rate for 0-based step index k, from the schedule's closed form (used only by the NumPy runs)."""
    lr = case["hyper"]["lr"]
    s = case.get("schedule")
    if s is None:
        return lr
    if s["kind"] == "step":
        return lr * s["gamma"] ** (step_index // s["step_size"])
    if s["kind"] == "cosine":
        if step_index >= s["period"]:
            return s["minimum"]
        return s["minimum"] + (lr - s["minimum"]) * (1 + math.cos(math.pi * step_index / s["period"])) / 2
    raise ValueError(s["kind"])


# ---------------------------------------------------------------- torch runs
def make_params(problem):
    if problem == "quadratic":
        return [torch.tensor(X0_QUADRATIC.copy(), requires_grad=True)]
    params, offset = [], 0
    for _, shape in SHAPES:
        n = int(np.prod(shape))
        params.append(torch.tensor(X0_MLP[offset:offset + n].reshape(shape).copy(), requires_grad=True))
        offset += n
    return params


def flat(params):
    return np.concatenate([p.detach().numpy().reshape(-1) for p in params])


def torch_run(case, problem):
    params = make_params(problem)
    h = dict(case["hyper"])
    kind = case["optimizer"]
    if kind == "sgd":
        opt = torch.optim.SGD(params, **h)
    elif kind == "nag":  # constant-rate NAG equals SGD(nesterov=True); checked against the NumPy form below
        opt = torch.optim.SGD(params, lr=h["lr"], momentum=h["momentum"], nesterov=True)
    elif kind == "rmsprop":
        opt = torch.optim.RMSprop(params, **h)
    elif kind == "adam":
        h["betas"] = tuple(h["betas"])
        opt = torch.optim.Adam(params, **h)
    else:
        raise ValueError(kind)
    s = case.get("schedule")
    sched = None
    if s is not None and s["kind"] == "step":
        sched = torch.optim.lr_scheduler.StepLR(opt, step_size=s["step_size"], gamma=s["gamma"])
    elif s is not None and s["kind"] == "cosine":
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=s["period"], eta_min=s["minimum"])
    trajectory = []
    for t in range(1, STEPS + 1):
        opt.zero_grad()
        if problem == "quadratic":
            x = params[0]
            Ax = torch.tensor(A) @ x
            loss = 0.5 * torch.dot(x, Ax) - torch.dot(torch.tensor(B), x)
            loss.backward()
        else:
            g = fixed_gradient(t, N_MLP)
            offset = 0
            for p in params:
                n = p.numel()
                p.grad = torch.tensor(g[offset:offset + n].reshape(p.shape))
                offset += n
        if case.get("clip_norm") is not None:
            torch.nn.utils.clip_grad_norm_(params, case["clip_norm"])
        opt.step()
        if sched is not None:
            sched.step()
        trajectory.append(flat(params).tolist())
    return trajectory


# ---------------------------------------------------------------- independent NumPy runs
def numpy_run(case, problem):
    h = case["hyper"]
    x = (X0_QUADRATIC if problem == "quadratic" else X0_MLP).copy()
    d = len(x)
    trajectory = []
    if case["optimizer"] == "nag":
        # Sutskever et al. (2013): v <- mu v - a grad f(y + mu v), y <- y + v; we report the look-ahead point y + mu v.
        mu = h["momentum"]
        y = x.copy()
        v = np.zeros(d)
        for t in range(1, STEPS + 1):
            a = schedule_rate(case, t - 1)
            look = y + mu * v
            g = quadratic_gradient(look) if problem == "quadratic" else fixed_gradient(t, d)
            for i in range(d):
                v[i] = mu * v[i] - a * g[i]
                y[i] = y[i] + v[i]
            trajectory.append((y + mu * v).tolist())
        return trajectory
    m = np.zeros(d)
    v = np.zeros(d)
    for t in range(1, STEPS + 1):
        a = schedule_rate(case, t - 1)
        g = quadratic_gradient(x) if problem == "quadratic" else fixed_gradient(t, d)
        for i in range(d):
            if case["optimizer"] == "dmu_rmsprop":
                # De, Mukherjee, Ullah, Algorithm 1: v_t = b2 v_{t-1} + (1 - b2)(g_t^2 + xi); x <- x - a g_t / sqrt(v_t)
                v[i] = h["beta2"] * v[i] + (1 - h["beta2"]) * (g[i] * g[i] + h["xi"])
                x[i] = x[i] - a * g[i] / math.sqrt(v[i])
            elif case["optimizer"] == "dmu_adam":
                # Algorithm 2: m_t = b1 m + (1 - b1) g; v_t = b2 v + (1 - b2) g^2; x <- x - a m_t / (sqrt(v_t) + xi)
                m[i] = h["beta1"] * m[i] + (1 - h["beta1"]) * g[i]
                v[i] = h["beta2"] * v[i] + (1 - h["beta2"]) * g[i] * g[i]
                x[i] = x[i] - a * m[i] / (math.sqrt(v[i]) + h["xi"])
            else:
                raise ValueError(case["optimizer"])
        trajectory.append(x.tolist())
    return trajectory


def main():
    out_cases = []
    for case in CASES:
        for problem in ("quadratic", "fixed_gradients"):
            entry = dict(case)
            entry["problem"] = problem
            if case["optimizer"] in ("dmu_rmsprop", "dmu_adam"):
                entry["source"] = "numpy"
                entry["trajectory"] = numpy_run(case, problem)
            elif case["optimizer"] == "nag" and case.get("schedule") is not None:
                entry["source"] = "numpy"
                entry["trajectory"] = numpy_run(case, problem)
            else:
                entry["source"] = "torch"
                entry["trajectory"] = torch_run(case, problem)
                if case["optimizer"] == "nag":
                    independent = np.array(numpy_run(case, problem))
                    gap = np.max(np.abs(independent - np.array(entry["trajectory"])))
                    assert gap < 1e-12, f"Sutskever NAG and torch nesterov disagree by {gap}"
            entry.setdefault("schedule", None)
            entry.setdefault("clip_norm", None)
            out_cases.append(entry)
    doc = dict(
        generator="tests/tools/optimizer_reference.py",
        torch_version=torch.__version__,
        numpy_version=np.__version__,
        steps=STEPS,
        quadratic=dict(A=A.tolist(), b=B.tolist(), x0=X0_QUADRATIC.tolist()),
        fixed_gradients=dict(shapes=[[n, list(s)] for n, s in SHAPES], x0=X0_MLP.tolist(), formula=gradient_formula),
        cases=out_cases,
    )
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "Runtime.Tests", "TestData", "Optimizers", "reference_trajectories.json")
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
    print(f"wrote {len(out_cases)} trajectories to {os.path.normpath(path)} (torch {torch.__version__})")


if __name__ == "__main__":
    main()
