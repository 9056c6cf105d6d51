"""One optimizer step in dlref (numpy) and in torch.optim, over about 1M float32 parameters.

The parameters have the shapes of an MLP 784-1000-200-10 (987,210 values);
both sides get the same fixed gradients and take the same steps. numpy runs
elementwise operations on one thread, so torch is given one thread too
(torch.optim's default implementation otherwise: `foreach` where it applies).
The median time per step and the ratio dlref / torch are printed
(target: at most 1.0).

    python benchmarks/bench_optimizers.py
"""

import statistics
import time

import numpy as np
import torch

from dlref import optimizers
from dlref.autograd import Tensor

SHAPES = [(1000, 784), (1000,), (200, 1000), (200,), (10, 200), (10,)]
REPEATS = 15
STEPS = 10  # per repeat
CASES = [
    ("SGD", "SGD", {"lr": 0.01}),
    ("SGD", "SGD", {"lr": 0.01, "momentum": 0.9}),
    ("SGD", "SGD", {"lr": 0.01, "momentum": 0.9, "nesterov": True, "weight_decay": 1e-4}),
    ("RMSprop", "RMSprop", {"lr": 0.01}),
    ("RMSprop", "RMSprop", {"lr": 0.01, "momentum": 0.9}),
    ("Adam", "Adam", {"lr": 1e-3}),
    ("AdamW", "AdamW", {"lr": 1e-3}),
    ("Adagrad", "Adagrad", {"lr": 0.01}),
    ("Adadelta", "Adadelta", {}),
]


def time_per_step(optimizer) -> float:
    """The median over REPEATS of the mean time of STEPS steps, in seconds."""
    optimizer.step()  # state allocation and warm-up are not timed
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        for _ in range(STEPS):
            optimizer.step()
        times.append((time.perf_counter() - start) / STEPS)
    return statistics.median(times)


def main():
    torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    values = [rng.standard_normal(shape).astype(np.float32) for shape in SHAPES]
    grads = [0.01 * rng.standard_normal(shape).astype(np.float32) for shape in SHAPES]
    n = sum(v.size for v in values)
    print(f"optimizer step over {n:,} float32 parameters in {len(SHAPES)} tensors, "
          f"median of {REPEATS} x {STEPS} steps, torch threads: {torch.get_num_threads()}")
    print(f"  {'optimizer':<66} {'dlref':>8} {'torch':>8} {'ratio':>6}")
    ratios = []
    for ours_name, torch_name, kwargs in CASES:
        params = [Tensor(v.copy(), requires_grad=True) for v in values]
        for p, g in zip(params, grads):
            p.grad = g
        torch_params = [torch.tensor(v, requires_grad=True) for v in values]
        for p, g in zip(torch_params, grads):
            p.grad = torch.tensor(g)
        ours = time_per_step(getattr(optimizers, ours_name)(params, **kwargs))
        theirs = time_per_step(getattr(torch.optim, torch_name)(torch_params, **kwargs))
        ratios.append(ours / theirs)
        label = f"{ours_name}({', '.join(f'{k}={v}' for k, v in kwargs.items())})"
        print(f"  {label:<66} {ours * 1e3:6.2f}ms {theirs * 1e3:6.2f}ms {ours / theirs:6.2f}")
    print(f"  ratio dlref / torch: median {statistics.median(ratios):.2f}, "
          f"max {max(ratios):.2f}  (target <= 1.0)")


if __name__ == "__main__":
    main()
