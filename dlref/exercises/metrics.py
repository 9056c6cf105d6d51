"""Checkers of the exercises of the chapter on evaluation metrics (docs/chapters/metrics.md)."""

from __future__ import annotations

import numpy as np

from dlref import metrics
from dlref.exercises.checking import call, compare, exercise, random_generator


def _label_sets(rng) -> list:
    """(y_true, y_pred, K, case): random labels, classes that never occur or are only predicted, a batch of one."""
    cases = []
    for N, K in [(50, 3), (200, 10), (30, 2)]:
        y_true = rng.integers(0, K, N)
        y_pred = np.where(rng.random(N) < 0.6, y_true, rng.integers(0, K, N))
        cases.append((y_true, y_pred, K, f"{N} random labels of {K} classes"))
    return cases + [
        (np.array([0, 1, 1, 3, 0]), np.array([0, 1, 3, 3, 1]), 5, "classes 2 and 4 that never occur"),
        (np.array([0, 0, 1, 1]), np.array([0, 0, 1, 2]), 3, "class 2, only predicted, never true"),
        (np.array([2, 0, 1, 2]), np.array([2, 0, 1, 2]), 3, "a perfect model"),
        (np.array([1]), np.array([0]), 2, "a batch of one"),
    ]


@exercise("metrics/confusion-matrix", name="confusion_matrix", title="The confusion matrix")
def _confusion_matrix(solution):
    cases = _label_sets(random_generator(5))
    for y_true, y_pred, K, case in cases:
        name = "confusion_matrix(y_true, y_pred, num_classes)"
        inputs = {"y_true": y_true, "y_pred": y_pred, "num_classes": K}
        got = call(solution, y_true, y_pred, K, name=name, inputs=inputs)
        # dlref's matrix has a row for each label that occurs: one more (k, k) pair per class makes all K occur
        every = np.arange(K)
        expected = metrics.confusion_matrix(np.r_[y_true, every], np.r_[y_pred, every]) - np.eye(K, dtype=int)
        largest = max(y_true.max(), y_pred.max()) + 1
        once = np.zeros((K, K))
        once[y_true, y_pred] = 1
        compare(got, expected, name, inputs=inputs, case=case, atol=0, rtol=0,
                mistakes=[(expected.T, "the matrix is transposed: rows are the true classes, columns the predicted ones"),
                          (expected[:largest, :largest], "the matrix is K × K, num_classes rows and columns, even "
                                                         "when the last classes never occur"),
                          (once, "a pair (j, k) that occurs several times was counted once: C[y_true, y_pred] += 1 "
                                 "adds 1 once per distinct index; count with a loop or np.add.at")],
                hint=f"C[j, k] counts the examples of true class j predicted as k; the entries add up to N = {len(y_true)}")
    return [f"matches dlref's confusion_matrix on {len(cases)} label sets",
            "2, 3 and 10 classes, classes that never occur or are only predicted, a perfect model, a batch of one"]


def _per_class(y_true, y_pred, classes) -> tuple:
    """Precision and recall of each class, 0/0 counted as 0."""
    tp = np.array([np.sum((y_true == c) & (y_pred == c)) for c in classes])
    predicted = np.array([np.sum(y_pred == c) for c in classes])
    actual = np.array([np.sum(y_true == c) for c in classes])
    return tp / np.maximum(predicted, 1), tp / np.maximum(actual, 1)


@exercise("metrics/macro-f1", name="macro_f1", title="Macro-averaged F1")
def _macro_f1(solution):
    cases = _label_sets(random_generator(6))
    for y_true, y_pred, _, case in cases:
        name = "macro_f1(y_true, y_pred)"
        inputs = {"y_true": y_true, "y_pred": y_pred}
        got = call(solution, y_true, y_pred, name=name, inputs=inputs)
        P, R = _per_class(y_true, y_pred, np.union1d(y_true, y_pred))
        P_true, R_true = _per_class(y_true, y_pred, np.unique(y_true))
        with np.errstate(all="ignore"):
            mistakes = [
                (metrics.accuracy(y_true, y_pred), "that is the micro average (the accuracy): macro computes F1 per "
                                                   "class, then takes the mean of those"),
                (2 * P.mean() * R.mean() / (P.mean() + R.mean()), "that is the F1 of the macro precision and the "
                                                                  "macro recall: take the mean of the per-class F1 scores"),
                (np.mean((P + R) / 2), "that averages precision and recall arithmetically: F1 is their harmonic "
                                       "mean 2PR/(P + R)"),
                (np.mean(np.where(P_true + R_true > 0, 2 * P_true * R_true / (P_true + R_true), 0)),
                 "the classes come from y_true only: a class that is only predicted counts too, with F1 = 0"),
                (np.nan, "a class with TP + FP = 0 or TP + FN = 0 gives 0/0: count its precision, recall or F1 as 0"),
            ]
        compare(got, metrics.f1_score(y_true, y_pred, average="macro"), name, inputs=inputs, case=case,
                atol=1e-12, rtol=1e-9, mistakes=mistakes,
                hint="F1_c = 2 P_c R_c / (P_c + R_c) for each class c of y_true or y_pred; macro F1 is their plain mean")
    return [f"matches dlref's f1_score(average='macro') on {len(cases)} label sets",
            "2, 3 and 10 classes, classes never predicted (0/0 counted as 0) or only predicted, a perfect model, "
            "a batch of one"]


@exercise("metrics/r2-score", name="r2_score", title="The coefficient of determination")
def _r2_score(solution):
    rng = random_generator(7)
    cases = []
    for N in (50, 7, 2):
        y_true = rng.normal(3.0, 2.0, N)
        cases.append((y_true, y_true + rng.normal(0.0, 0.8, N), f"{N} noisy predictions"))
    y_true = rng.normal(0.0, 1.0, 20)
    cases += [(y_true, y_true.copy(), "a perfect prediction (R² = 1)"),
              (y_true, np.full(20, y_true.mean()), "the mean predicted for every example (R² = 0)"),
              (y_true, -y_true + 0.5, "a prediction worse than the mean (R² < 0)"),
              (y_true, 0.5 * y_true + 1.0, "a prediction correlated with y but biased")]
    for y_true, y_pred, case in cases:
        name = "r2_score(y_true, y_pred)"
        inputs = {"y_true": y_true, "y_pred": y_pred}
        got = call(solution, y_true, y_pred, name=name, inputs=inputs)
        residual = np.sum((y_true - y_pred) ** 2)
        with np.errstate(all="ignore"):
            mistakes = [
                (1 - residual / np.sum((y_pred - y_pred.mean()) ** 2), "the denominator is the spread of the "
                                                                       "targets y around their mean ȳ, not of the predictions"),
                (1 - residual / len(y_true), "1 − MSE has units: divide the squared errors by the squared spread "
                                            "of y around ȳ"),
                (1 - residual / np.var(y_true), "one sum and one mean: the numerator sums over the examples, the "
                                                "denominator must too (or both average)"),
                (np.corrcoef(y_true, y_pred)[0, 1] ** 2, "that is the squared correlation: it ignores a bias or a "
                                                         "wrong scale of the predictions, R² does not"),
            ]
        compare(got, metrics.r2_score(y_true, y_pred), name, inputs=inputs, case=case, atol=1e-12, rtol=1e-9,
                mistakes=mistakes, hint="R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²")
    return [f"matches dlref's r2_score on {len(cases)} cases",
            "N = 2 to 50, a perfect prediction, the mean, one worse than the mean, a biased one"]
