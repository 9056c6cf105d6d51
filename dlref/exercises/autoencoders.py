"""Checkers of the exercises of the chapter on autoencoders (docs/chapters/autoencoders.md)."""

from __future__ import annotations

import numpy as np

import dlref
from dlref import losses
from dlref.exercises.checking import call, compare, exercise, random_generator
from dlref.models import PCA


def _data(rng, N: int, D: int, rank: int) -> np.ndarray:
    """N points near a `rank`-dimensional plane of R^D, away from the origin (so centring matters)."""
    return 3.0 + rng.standard_normal((N, rank)) @ rng.standard_normal((rank, D)) + 0.1 * rng.standard_normal((N, D))


def _project(X_train, X, k, *, centre=True, add_back=True, own_mean=False, smallest=False) -> np.ndarray:
    """A projection onto k directions of X_train, with the checker's own code, for the likely mistakes' values."""
    mean = X_train.mean(axis=0) if centre else np.zeros(X_train.shape[1])
    Vt = np.linalg.svd(X_train - mean, full_matrices=False)[2]
    W = Vt[-k:] if smallest else Vt[:k]
    shift = X.mean(axis=0) if own_mean else mean
    return (X - shift) @ W.T @ W + (shift if add_back else 0)


@exercise("autoencoders/pca-reconstruct", name="pca_reconstruct", title="PCA from a singular value decomposition")
def _pca_reconstruct(solution):
    rng = random_generator(50)
    cases = [(40, 6, 2, 2, 5, "k = 2 of 6 features"), (30, 5, 1, 1, 4, "k = 1"),
             (25, 4, 3, 4, 3, "k = D: nothing lost"),
             (50, 8, 3, 3, 1, "a single row to reconstruct"), (20, 3, 2, 2, 6, "more components than the data's rank")]
    for N, D, rank, k, M, case in cases:
        X_train, X = _data(rng, N, D, rank), _data(rng, M, D, rank)
        name = f"pca_reconstruct(X_train, X, {k})"
        inputs = {"X_train": X_train, "X": X, "k": k}
        got = call(solution, X_train, X, k, name=name, inputs=inputs)
        args = (X_train, X, k)
        compare(got, PCA(k).fit(X_train).reconstruct(X), name, inputs=inputs, case=case, atol=1e-6, rtol=1e-6,
                mistakes=[(_project(*args, centre=False), "the data were not centred: subtract the training mean "
                                                          "before the SVD and before projecting"),
                          (_project(*args, add_back=False), "the training mean must be added back after the "
                                                            "projection: x̂ = μ + W^T W (x − μ)"),
                          (_project(*args, own_mean=True), "X was centred with its own mean: use the training "
                                                           "mean μ for every row, new ones included"),
                          (_project(*args, smallest=True), "these are the directions of smallest variance: numpy's "
                                                           "SVD sorts the singular values in decreasing order, so "
                                                           "take the first k rows of Vt")],
                hint="centre with the training mean μ, take the first k rows W of Vt from the SVD of X_train − μ, "
                     "and return μ + (X − μ) W^T W")
    return [f"matches dlref's PCA on {len(cases)} random data sets, data away from the origin",
            "k from 1 to D, a single row, more components than the data's rank"]


@exercise("autoencoders/reconstruction-error", name="reconstruction_error",
          title="The reconstruction error of each example")
def _reconstruction_error(solution):
    rng = random_generator(51)
    cases = [((5, 8), "a batch of 5"), ((1, 64), "a batch of one"), ((4, 1), "one feature"),
             ((3, 6), "a perfect reconstruction of one row")]
    for shape, case in cases:
        X = rng.random(shape)
        X_hat = X + 0.3 * rng.standard_normal(shape)
        if case.startswith("a perfect"):
            X_hat[1] = X[1]
        name = "reconstruction_error(X_hat, X)"
        inputs = {"X_hat": X_hat, "X": X}
        got = call(solution, X_hat, X, name=name, inputs=inputs)
        squared = losses.mse_loss(dlref.tensor(X_hat, dtype="float64"), X, reduction="none").numpy()
        D = shape[1]
        compare(got, squared.mean(axis=1), name, inputs=inputs, case=case,
                mistakes=[(squared.mean(), "one number per example: average over the features (axis 1) only, "
                                           "not over the batch"),
                          (squared.sum(axis=1), "divide by the number of features D: ℓ is a mean over the pixels"),
                          (np.sqrt(squared.sum(axis=1)) / D, "the norm is squared in ℓ: no square root"),
                          (np.abs(X_hat - X).mean(axis=1), "the errors are squared, not taken in absolute value"),
                          (squared.mean(axis=0), "average over the features (axis 1), one number per example")],
                hint="ℓ(x̂, x) = (1/D) Σ_j (x̂_j − x_j)², one value per row")
    return [f"matches dlref's mse_loss, example by example, on {len(cases)} random cases",
            "a batch of one, a single feature, an error of exactly 0"]
