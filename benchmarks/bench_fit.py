"""What does `fit` cost over the loop written by hand? One epoch of the digits MLP, both ways.

Both run the same batches (same seed) through the same model and optimizer;
the hand loop keeps the epoch's mean loss as `fit` does. The ratio of the
median times is printed (target: at most 1.1).

    python benchmarks/bench_fit.py
"""

import statistics
import time

import dlref
from dlref import data, losses, optimizers
from dlref.autograd import Tensor
from dlref.models import mlp
from dlref.training import fit

REPEATS = 21
BATCH_SIZE = 32


def by_hand(model, optimizer, X, y, seed):
    loss_sum = 0.0
    for X_batch, y_batch in data.minibatches(X, y, BATCH_SIZE, seed=seed):
        loss = losses.cross_entropy(model(Tensor(X_batch)), y_batch)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        loss_sum += loss.item() * len(y_batch)
    return loss_sum / len(y)


def with_fit(model, optimizer, X, y, seed):
    history = fit(
        model,
        losses.cross_entropy,
        optimizer,
        (X, y),
        epochs=1,
        batch_size=BATCH_SIZE,
        seed=seed,
        verbose=False,
    )
    return history["loss"][0]


def main():
    X, y = data.load_digits()
    X = X.astype("float32")  # the default dtype: no conversion cost in either loop
    times = {by_hand: [], with_fit: []}
    for repeat in range(REPEATS):
        for loop in (by_hand, with_fit) if repeat % 2 else (with_fit, by_hand):
            dlref.manual_seed(0)
            model = mlp([64, 128, 10])
            optimizer = optimizers.Adam(model.parameters(), lr=1e-3)
            start = time.perf_counter()
            loop(model, optimizer, X, y, seed=repeat)
            times[loop].append(time.perf_counter() - start)
    hand, fitted = statistics.median(times[by_hand]), statistics.median(times[with_fit])
    print(
        f"one epoch of the digits MLP 64-128-10 (N = {len(y)}, batch {BATCH_SIZE}), "
        f"median of {REPEATS}:"
    )
    print(f"  by hand: {hand * 1e3:7.1f} ms")
    print(f"  fit():   {fitted * 1e3:7.1f} ms")
    print(f"  ratio fit / by hand: {fitted / hand:.3f}  (target <= 1.1)")


if __name__ == "__main__":
    main()
