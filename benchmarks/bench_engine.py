"""How fast does dlref train, next to PyTorch on the CPU? Seven models, one training step each.

A training step is forward, loss, backward and a plain SGD update (each
library's own `SGD`), on the same shapes in float32, with PyTorch given as many
threads as numpy's BLAS. The time per step is the median of several repeats
after a warm-up; the ratio dlref / torch is printed with its target.

    python benchmarks/bench_engine.py            # every model
    python benchmarks/bench_engine.py LSTM "batch 1"   # the models whose names contain these
"""

import os
import statistics
import sys
import time

import numpy as np
import torch

import dlref
from dlref import layers, losses, optimizers
from dlref.autograd import Tensor
from dlref.models import LeNet, SequenceClassifier

REPEATS = 9
PAUSE = 0.2  # seconds between timed blocks
LR = 0.01


def blas_threads() -> int:
    """The number of threads numpy's BLAS uses (threadpoolctl if present, else the CPU count)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return os.cpu_count()
    return max(info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas")


# ------------------------------------------------------------------- models
def mlp():
    ours = layers.Sequential(layers.Linear(784, 256), layers.ReLU(), layers.Linear(256, 128),
                             layers.ReLU(), layers.Linear(128, 10))
    theirs = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(),
                                 torch.nn.Linear(256, 128), torch.nn.ReLU(),
                                 torch.nn.Linear(128, 10))
    return ours, theirs, (128, 784), 10


def tiny_mlp():
    """Batch 1: the arrays are tiny, so this times the engine's fixed cost per operation."""
    ours = layers.Sequential(layers.Linear(32, 32), layers.ReLU(), layers.Linear(32, 32),
                             layers.ReLU(), layers.Linear(32, 10))
    theirs = torch.nn.Sequential(torch.nn.Linear(32, 32), torch.nn.ReLU(), torch.nn.Linear(32, 32),
                                 torch.nn.ReLU(), torch.nn.Linear(32, 10))
    return ours, theirs, (1, 32), 10


def cnn():
    ours = layers.Sequential(
        layers.Conv2d(1, 8, 3), layers.ReLU(), layers.MaxPool2d(2),
        layers.Conv2d(8, 16, 3), layers.ReLU(), layers.MaxPool2d(2),
        layers.Flatten(), layers.Linear(16 * 5 * 5, 10))
    theirs = torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(8, 16, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(16 * 5 * 5, 10))
    return ours, theirs, (64, 1, 28, 28), 10


def lenet():
    ours = LeNet()  # 8x8 digits: conv16-pool-conv32-pool-fc64-fc10
    theirs = torch.nn.Sequential(
        torch.nn.Conv2d(1, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(16, 32, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(32 * 2 * 2, 64), torch.nn.ReLU(),
        torch.nn.Linear(64, 10))
    return ours, theirs, (64, 1, 8, 8), 10


class TorchSequenceClassifier(torch.nn.Module):
    """Read a sequence, classify it from the last hidden state h_T (dlref's SequenceClassifier)."""

    def __init__(self, in_features, hidden_size, num_classes):
        super().__init__()
        self.rnn = torch.nn.RNN(in_features, hidden_size, batch_first=True)
        self.head = torch.nn.Linear(hidden_size, num_classes)

    def forward(self, X):
        return self.head(self.rnn(X)[1][0])


def rnn():
    return SequenceClassifier(32, 128, 10), TorchSequenceClassifier(32, 128, 10), (64, 50, 32), 10


class LSTMClassifier(layers.Module):
    """Read a sequence with an LSTM, classify it from the last hidden state h_T."""

    def __init__(self, in_features, hidden_size, num_classes):
        super().__init__()
        self.lstm = layers.LSTM(in_features, hidden_size)
        self.head = layers.Linear(hidden_size, num_classes)

    def forward(self, X):
        return self.head(self.lstm(X)[1][0])


class TorchLSTMClassifier(torch.nn.Module):
    def __init__(self, in_features, hidden_size, num_classes):
        super().__init__()
        self.lstm = torch.nn.LSTM(in_features, hidden_size, batch_first=True)
        self.head = torch.nn.Linear(hidden_size, num_classes)

    def forward(self, X):
        return self.head(self.lstm(X)[1][0][0])


def lstm():
    return LSTMClassifier(32, 128, 10), TorchLSTMClassifier(32, 128, 10), (64, 50, 32), 10


def tiny_rnn():
    """The size of the majority-of-bits test: 9 bits, H = 16, two classes."""
    return SequenceClassifier(1, 16, 2), TorchSequenceClassifier(1, 16, 2), (32, 9, 1), 2


# ---------------------------------------------------------------- the steps
def training_step(model, X, y, optimizer, loss_fn):
    """One step of either library: forward, loss, backward, update (the APIs match)."""

    def step():
        loss = loss_fn(model(X), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    return step


def seconds_per_step(step, steps: int) -> float:
    start = time.perf_counter()
    for _ in range(steps):
        step()
    return (time.perf_counter() - start) / steps


def compare(make, steps: int):
    """Median seconds per step of dlref and of torch, over REPEATS alternating blocks.

    Before each block the process sleeps a little: the other library's idle
    BLAS/OpenMP threads keep spinning for a while after their last call, and
    on a machine with few cores they would slow this block down.
    """
    dlref.manual_seed(0)
    torch.manual_seed(0)
    ours, theirs, shape, classes = make()
    rng = np.random.default_rng(0)
    X = rng.standard_normal(shape).astype(np.float32)
    if classes:
        y = rng.integers(classes, size=shape[0])
    else:
        y = rng.standard_normal((shape[0], 1)).astype(np.float32)
    runs = {  # both get tensors
        "dlref": training_step(ours, Tensor(X), Tensor(y), optimizers.SGD(ours.parameters(), lr=LR),
                               losses.cross_entropy if classes else losses.mse_loss),
        "torch": training_step(theirs, torch.from_numpy(X), torch.from_numpy(y),
                               torch.optim.SGD(theirs.parameters(), lr=LR),
                               torch.nn.functional.cross_entropy if classes
                               else torch.nn.functional.mse_loss),
    }
    times = {name: [] for name in runs}
    for _ in range(REPEATS):
        for name, step in runs.items():
            time.sleep(PAUSE)
            seconds_per_step(step, 3)  # warm-up
            times[name].append(seconds_per_step(step, steps))
    return statistics.median(times["dlref"]), statistics.median(times["torch"])


BENCHMARKS = [  # (name, model, steps per repeat, target ratio dlref/torch)
    ("MLP 784-256-128-10, batch 128", mlp, 50, 1.0),
    ("RNN T=50 D=32 H=128, batch 64", rnn, 20, 1.0),
    ("LSTM T=50 D=32 H=128, batch 64", lstm, 10, 1.0),
    ("CNN conv8-pool-conv16-pool-fc, 28x28 batch 64", cnn, 20, 1.3),
    ("LeNet 8x8 digits, batch 64", lenet, 100, 1.3),
    ("RNN T=9 D=1 H=16, batch 32", tiny_rnn, 200, 0.6),
    ("MLP 32-32-32-10 cross-entropy, batch 1", tiny_mlp, 1000, 0.5),
]


def main(only=()):
    dlref.use("numpy")
    dlref.set_default_dtype("float32")
    threads = blas_threads()
    torch.set_num_threads(threads)
    print(f"numpy BLAS threads: {threads}, torch threads: {torch.get_num_threads()}, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    print(f"time per training step (forward + loss + backward + SGD), median of {REPEATS} blocks\n")
    rows = []
    for name, make, steps, target in BENCHMARKS:
        if only and not any(word in name for word in only):
            continue
        ours, theirs = compare(make, steps)
        rows.append((name, ours, theirs, target))
        print(f"  {name}: dlref {ours * 1e3:.3f} ms, torch {theirs * 1e3:.3f} ms", flush=True)
    print(f"\n{'model':<48} {'dlref ms':>9} {'torch ms':>9} {'ratio':>6} {'target':>7}")
    for name, ours, theirs, target in rows:
        ratio = ours / theirs
        mark = "ok" if ratio <= target else "SLOW"
        print(f"{name:<48} {ours * 1e3:9.3f} {theirs * 1e3:9.3f} {ratio:6.2f} "
              f"{'<= ' + str(target):>7} {mark}")


if __name__ == "__main__":
    main(sys.argv[1:])
