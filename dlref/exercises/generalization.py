"""Checkers of the exercises of the chapter on overfitting and generalization (docs/chapters/generalization.md)."""

from __future__ import annotations

import numpy as np

from dlref import checks
from dlref.exercises.checking import Mistake, call, compare, exercise, random_generator


def _indices(value, label: str) -> np.ndarray:
    """A fold's index array, else a Mistake saying what came."""
    array = np.asarray(value)
    if array.ndim != 1 or not (array.size == 0 or array.dtype.kind in "iu"):
        raise Mistake(f"{label} should be a 1-D array of integer indices, got {checks.shown(value)}")
    return array


@exercise("generalization/k-fold", name="k_fold", title="The folds of k-fold cross-validation")
def _k_fold(solution):
    cases = [(10, 5), (10, 3), (7, 7), (23, 4), (5, 2), (2, 2)]
    for n, k in cases:
        name = f"k_fold({n}, {k})"
        folds = call(solution, n, k, name=name, inputs={"n": n, "k": k})
        if not (isinstance(folds, (list, tuple)) and len(folds) == k
                and all(isinstance(fold, tuple) and len(fold) == 2 for fold in folds)):
            raise Mistake(f"{name} should return a list of k = {k} pairs (train, val), got {checks.shown(folds)}")
        pairs = [(_indices(train, f"{name}[{i}][0], the training indices,"),
                  _indices(val, f"{name}[{i}][1], the validation indices,")) for i, (train, val) in enumerate(folds)]
        for i, (train, val) in enumerate(pairs):
            both = np.intersect1d(train, val)
            if both.size:
                raise Mistake(f"{name}: fold {i} has the indices {both.tolist()} in both train and val; the "
                              "validation fold must not be in the training indices")
        never = np.setdiff1d(np.arange(n), np.concatenate([val for _, val in pairs])).tolist()
        if never:
            raise Mistake(f"{name}: the indices {never} are in no validation fold; every example is validated "
                          "exactly once, so the folds cover 0 … n − 1 between them")
        sizes = [len(val) for _, val in pairs]
        if max(sizes) - min(sizes) > 1:
            raise Mistake(f"{name}: the validation folds have sizes {sizes}; sizes differ by at most one: each of "
                          f"the first n % k = {n % k} folds gets one extra example")
        for i, ((train, val), block) in enumerate(zip(pairs, np.array_split(np.arange(n), k))):
            inputs = {"n": n, "k": k}
            compare(val, block, f"{name}[{i}][1], the validation indices", inputs=inputs, atol=0, rtol=0,
                    hint="fold i is the i-th block of consecutive indices, in order, the longer blocks first")
            compare(train, np.setdiff1d(np.arange(n), block), f"{name}[{i}][0], the training indices",
                    inputs=inputs, atol=0, rtol=0, hint="the training indices are all the others, in increasing order")
    return [f"the folds of {len(cases)} (n, k) pairs are np.array_split's blocks, each with the rest to train on",
            "n from 2 to 23, k = n (leave one out), n not a multiple of k"]


@exercise("generalization/bias-variance", name="bias_variance", title="Bias and variance from fitted models")
def _bias_variance(solution):
    rng = random_generator(2)
    cases = [(200, 30), (5, 1), (1, 8), (50, 3)]   # (S training sets, M test points)
    for S, M in cases:
        f = np.sin(3 * np.linspace(-1, 1, M))
        predictions = f + 0.3 + rng.uniform(0.1, 1.0, M) * rng.standard_normal((S, M))
        name = "bias_variance(predictions, f)"
        inputs = {"predictions": predictions, "f": f}
        case = f"S = {S} training set{'s' * (S > 1)}, M = {M} test point{'s' * (M > 1)}"
        got = call(solution, predictions, f, name=name, inputs=inputs)
        if not (isinstance(got, tuple) and len(got) == 2):
            raise Mistake(f"{name} should return the pair (bias2, variance), got {checks.shown(got)}")
        average = predictions.mean(axis=0)                       # f̄(x) at each test point
        compare(got[0], np.mean((average - f) ** 2), f"the bias2 that {name} returned", inputs=inputs, case=case,
                atol=1e-12, rtol=1e-9,
                mistakes=[(np.mean((predictions - f) ** 2), "that is the mean squared error of the models; bias² "
                                                             "is the squared error of their average f̄"),
                          (np.mean(average - f), "bias² squares the difference f̄(x) − f(x) before averaging over x"),
                          (np.mean(np.abs(average - f)), "bias² squares the difference f̄(x) − f(x) before "
                                                         "averaging over x")],
                hint="bias² = the mean over the test points of (f̄(x) − f(x))², f̄ the average of the S models")
        mistakes = [(np.mean(predictions.var(axis=1)), "the variance runs over the training sets (axis 0), at "
                                                       "each test point, not over the test points")]
        if S > 1:
            mistakes.append((np.mean(predictions.var(axis=0, ddof=1)), "E_S is the mean over the S sets: divide "
                                                                       "by S, not S − 1"))
        compare(got[1], np.mean((predictions - average) ** 2), f"the variance that {name} returned", inputs=inputs,
                case=case, atol=1e-12, rtol=1e-9, mistakes=mistakes,
                hint="variance = the mean over the test points of E_S[(f̂_S(x) − f̄(x))²]")
    return [f"bias² and variance match their definitions on {len(cases)} sets of predictions",
            "from one training set (variance 0) to 200, from one test point to 30"]
