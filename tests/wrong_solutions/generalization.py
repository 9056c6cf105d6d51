"""Plausible wrong solutions to the implement exercises of docs/chapters/generalization.md, and the hint each must get."""

import numpy as np


def k_fold_drop_remainder(n, k):
    size = n // k
    idx = np.arange(n)
    return [(np.concatenate([idx[:i * size], idx[(i + 1) * size:]]), idx[i * size:(i + 1) * size]) for i in range(k)]


def k_fold_last_gets_rest(n, k):
    size = n // k
    idx = np.arange(n)
    folds = []
    for i in range(k):
        stop = n if i == k - 1 else (i + 1) * size
        folds.append((np.concatenate([idx[:i * size], idx[stop:]]), idx[i * size:stop]))
    return folds


def k_fold_train_is_all(n, k):
    return [(np.arange(n), block) for block in np.array_split(np.arange(n), k)]


def bias_variance_mse(predictions, f):
    return float(np.mean((predictions - f) ** 2)), float(predictions.var(axis=0).mean())


def bias_variance_ddof(predictions, f):
    mean = predictions.mean(axis=0)
    return float(np.mean((mean - f) ** 2)), float(predictions.var(axis=0, ddof=1).mean())


def bias_variance_axis(predictions, f):
    mean = predictions.mean(axis=0)
    return float(np.mean((mean - f) ** 2)), float(predictions.var(axis=1).mean())


def bias_variance_unsquared(predictions, f):
    mean = predictions.mean(axis=0)
    return float(np.mean(mean - f)), float(predictions.var(axis=0).mean())


WRONG = {
    "generalization/k-fold": [(k_fold_drop_remainder, "in no validation fold"), (k_fold_last_gets_rest, "the longer blocks first"),
                              (k_fold_train_is_all, "must not be in the training")],
    "generalization/bias-variance": [(bias_variance_mse, "mean squared error of the models"),
                                     (bias_variance_ddof, "not S − 1"), (bias_variance_axis, "axis 0"),
                                     (bias_variance_unsquared, "squares the difference")],
}


def k_fold_first_gets_rest(n, k):
    size, extra = n // k, n % k
    sizes = [size + extra] + [size] * (k - 1)
    bounds = np.cumsum([0] + sizes)
    return [(np.setdiff1d(np.arange(n), np.arange(a, b)), np.arange(a, b)) for a, b in zip(bounds, bounds[1:])]


def k_fold_val_only(n, k):
    return np.array_split(np.arange(n), k)


def k_fold_float_indices(n, k):
    return [(np.setdiff1d(np.arange(n), block).astype(float), block.astype(float))
            for block in np.array_split(np.arange(n), k)]


def bias_variance_sum(predictions, f):
    average = predictions.mean(axis=0)
    return float(np.mean((average - f) ** 2) + np.mean((predictions - average) ** 2))


WRONG["generalization/k-fold"] += [(k_fold_first_gets_rest, "differ by at most one"),
                                   (k_fold_val_only, "pairs (train, val)"),
                                   (k_fold_float_indices, "integer indices")]
WRONG["generalization/bias-variance"].append((bias_variance_sum, "should return the pair (bias2, variance)"))
