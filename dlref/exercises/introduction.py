"""Checkers of the exercises of the chapter on what deep learning is (docs/chapters/introduction.md)."""

from __future__ import annotations

import numpy as np

from dlref import losses
from dlref.autograd import tensor
from dlref.clustering import KMeans
from dlref.exercises.checking import call, compare, exercise, random_generator


@exercise("introduction/empirical-risk", name="empirical_risk", title="The empirical risk of a line")
def _empirical_risk(solution):
    rng = random_generator()
    name = "empirical_risk(w, b, X, y)"
    cases = [((8, 3), "8 examples of 3 features"), ((20, 1), "20 examples of 1 feature"), ((1, 2), "a batch of one")]
    for (N, D), case in cases:
        X, w, b, y = rng.standard_normal((N, D)), rng.standard_normal(D), float(rng.standard_normal()), \
            rng.standard_normal(N)
        inputs = {"w": w, "b": b, "X": X, "y": y}
        r = X @ w + b - y
        compare(call(solution, w, b, X, y, name=name, inputs=inputs),
                losses.mse_loss(tensor(X @ w + b, dtype="float64"), y).item(), name, inputs=inputs, case=case,
                mistakes=[((r ** 2).sum(), "that is the sum of the squared errors; 𝓛 is their mean: divide by N"),
                          (np.abs(r).mean(), "the loss of one example is the squared error (ŷ − y)², not |ŷ − y|"),
                          (((X @ w - y) ** 2).mean(), "ŷ = Xw + b: the bias b is missing"),
                          (np.sqrt((r ** 2).mean()), "that is the RMSE, the square root of 𝓛: leave out the root"),
                          ((r ** 2).mean() / 2, "no factor 1/2 here: 𝓛 is the plain mean of (ŷ − y)²")],
                hint="𝓛 = (1/N) Σᵢ (xᵢ·w + b − yᵢ)²")
    X, w = rng.standard_normal((5, 2)), rng.standard_normal(2)
    inputs = {"w": w, "b": 0.5, "X": X, "y": X @ w + 0.5}
    compare(call(solution, w, 0.5, X, X @ w + 0.5, name=name, inputs=inputs), 0.0, name, inputs=inputs,
            case="a line through every point", hint="when ŷ = y for every example, every error and 𝓛 are 0")
    return [f"matches dlref's mse_loss on {len(cases)} random data sets (a batch of one included)",
            "a perfect fit gives 0"]


@exercise("introduction/nearest-centre", name="assign", title="Assign each example to its nearest centre")
def _assign(solution):
    rng = random_generator()
    name = "assign(X, centers)"
    cases = [((10, 2, 3), "10 examples, 3 centres in 2-d"), ((30, 5, 4), "30 examples, 4 centres in 5-d"),
             ((1, 3, 2), "a single example")]
    for (N, D, K), case in cases:
        X, centers = rng.standard_normal((N, D)), rng.standard_normal((K, D))
        _attempt(solution, name, X, centers, case)
    X, centers = np.array([[1.0, 0.0], [3.0, 1.0]]), np.array([[0.0, 0.0], [2.0, 0.0], [3.0, 1.0]])
    _attempt(solution, name, X, centers, "a tie (go to the first centre) and an example on a centre")
    return [f"matches dlref's KMeans.predict on {len(cases)} random data sets (a single example included)",
            "ties go to the first centre"]


def _attempt(solution, name, X, centers, case):
    inputs = {"X": X, "centers": centers}
    model = KMeans(len(centers), init=centers)
    model.cluster_centers_ = centers.copy()  # dlref's assignment step, with these centres
    d = ((X[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)
    compare(call(solution, X, centers, name=name, inputs=inputs), model.predict(X), name, inputs=inputs, case=case,
            atol=0, rtol=0,
            mistakes=[(d.argmax(axis=1), "argmax picks the farthest centre: the nearest is the argmin"),
                      (d.argmin(axis=1) + 1, "the clusters are numbered 0 … K − 1, like Python's indices"),
                      (d.argmin(axis=0), "that is one number per centre: take the minimum over the centres "
                                         "(axis=1), one label per example"),
                      (d, "return the index of the nearest centre of each example, not the distances")],
            hint="for each example, the index k of the smallest ‖x − μₖ‖²")
