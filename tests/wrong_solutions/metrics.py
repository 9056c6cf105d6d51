"""Plausible wrong solutions to the implement exercises of docs/chapters/metrics.md, and the hint each must get."""

import numpy as np


def cm_transposed(y_true, y_pred, num_classes):
    C = np.zeros((num_classes, num_classes), dtype=int)
    for t, p in zip(y_true, y_pred):
        C[p, t] += 1
    return C


def cm_fancy(y_true, y_pred, num_classes):
    C = np.zeros((num_classes, num_classes), dtype=int)
    C[y_true, y_pred] += 1
    return C


def cm_from_max(y_true, y_pred, num_classes):
    K = max(y_true.max(), y_pred.max()) + 1
    C = np.zeros((K, K), dtype=int)
    for t, p in zip(y_true, y_pred):
        C[t, p] += 1
    return C


def _pr(y_true, y_pred, classes):
    P, R = [], []
    for c in classes:
        tp = np.sum((y_true == c) & (y_pred == c))
        P.append(tp / max(np.sum(y_pred == c), 1))
        R.append(tp / max(np.sum(y_true == c), 1))
    return np.array(P), np.array(R)


def f1_micro(y_true, y_pred):
    return float(np.mean(y_true == y_pred))


def f1_of_means(y_true, y_pred):
    P, R = _pr(y_true, y_pred, np.union1d(y_true, y_pred))
    return 2 * P.mean() * R.mean() / (P.mean() + R.mean())


def f1_arithmetic(y_true, y_pred):
    P, R = _pr(y_true, y_pred, np.union1d(y_true, y_pred))
    return float(np.mean((P + R) / 2))


def f1_nan(y_true, y_pred):
    scores = []
    for c in np.union1d(y_true, y_pred):
        tp = np.sum((y_true == c) & (y_pred == c))
        with np.errstate(all="ignore"):
            p, r = tp / np.sum(y_pred == c), tp / np.sum(y_true == c)
            scores.append(2 * p * r / (p + r))
    return float(np.mean(scores))


def f1_true_classes(y_true, y_pred):
    P, R = _pr(y_true, y_pred, np.unique(y_true))
    with np.errstate(all="ignore"):
        F = np.where(P + R > 0, 2 * P * R / np.where(P + R > 0, P + R, 1), 0.0)
    return float(F.mean())


WRONG = {
    "metrics/confusion-matrix": [(cm_transposed, "transposed"), (cm_fancy, "np.add.at"), (cm_from_max, "K × K")],
    "metrics/macro-f1": [(f1_micro, "micro"), (f1_of_means, "mean of the per-class F1"), (f1_arithmetic, "harmonic"),
                         (f1_nan, "0/0"), (f1_true_classes, "only predicted")],
}


def r2_prediction_spread(y_true, y_pred):
    return 1 - np.sum((y_true - y_pred) ** 2) / np.sum((y_pred - y_pred.mean()) ** 2)


def r2_one_minus_mse(y_true, y_pred):
    return 1 - np.mean((y_true - y_pred) ** 2)


def r2_sum_over_mean(y_true, y_pred):
    return 1 - np.sum((y_true - y_pred) ** 2) / np.var(y_true)


def r2_correlation(y_true, y_pred):
    return np.corrcoef(y_true, y_pred)[0, 1] ** 2


WRONG["metrics/r2-score"] = [(r2_prediction_spread, "not of the predictions"), (r2_one_minus_mse, "has units"),
                             (r2_sum_over_mean, "one sum and one mean"), (r2_correlation, "squared correlation")]
