r"""Evaluation metrics: how good are the predictions $\hat y$ against the truth $y$?

A loss is what training minimises; a metric is what a person reads. Some
coincide (the mean squared error is both), others cannot be minimised by
gradient descent at all (accuracy is a step function of the weights).

Classification metrics count four kinds of outcome for a chosen positive
class: true positives (TP, predicted positive and positive), false positives
(FP, predicted positive but negative), false negatives (FN, predicted
negative but positive) and true negatives (TN). They take **labels**, not
probabilities: threshold first (`p > 0.5`) or take `scores.argmax(axis=1)`.
Regression metrics compare real numbers $y_i$ and $\hat y_i$, $i = 1 \dots N$.

Every function takes two 1-D array-likes of equal length $N \ge 1$
(`y_true`, `y_pred`), works on plain numpy arrays (so it runs unchanged in
the browser), returns a Python number or a numpy array, and gives the same
values as scikit-learn. Labels are whole numbers (integers, booleans or
floats such as `1.0`; not strings, fractions, NaN or inf); values are finite
real numbers. Anything else is refused, naming the function and the argument. Where a ratio has a zero denominator (no predicted
positives for precision, no actual positives for recall) the result is
`0.0`, scikit-learn's default value, without a warning.

Examples:
    >>> y_true = [0, 1, 1, 0, 1]
    >>> y_pred = [0, 1, 0, 0, 1]
    >>> accuracy(y_true, y_pred), precision(y_true, y_pred), recall(y_true, y_pred)
    (0.8, 1.0, 0.6666666666666666)
"""

from __future__ import annotations

import numbers

import numpy as np
from numpy.typing import ArrayLike

from dlref import checks

__all__ = [
    "accuracy",
    "precision",
    "recall",
    "f1_score",
    "confusion_matrix",
    "mean_squared_error",
    "root_mean_squared_error",
    "mean_absolute_error",
    "r2_score",
]

AVERAGES = ("binary", "macro", "micro")


def _flat_hint(a) -> str:
    return "flatten it with .reshape(-1)?" if a.ndim == 2 and 1 in a.shape else ""


def _same_length(who: str, y_true: np.ndarray, y_pred: np.ndarray) -> None:
    if len(y_true) != len(y_pred):
        checks.fail(who, "y_true and y_pred", "of the same length N",
                    f"{len(y_true)} and {len(y_pred)}")


def _labels(caller: str, y_true: ArrayLike, y_pred: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Both inputs as class labels (whole numbers, shape (N,), N >= 1, the same N), or say why not."""
    who = f"{caller}()"
    y_true, y_pred = (checks.labels(who, name, y, hint=_flat_hint)
                      for name, y in (("y_true", y_true), ("y_pred", y_pred)))
    _same_length(who, y_true, y_pred)
    return y_true, y_pred


def _values(caller: str, y_true: ArrayLike, y_pred: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Both inputs as finite float64 numbers (shape (N,), N >= 1, the same N): NaN would poison every mean."""
    who = f"{caller}()"
    y_true, y_pred = (checks.array(who, name, y, shape=("N",), hint=_flat_hint).astype(np.float64)
                      for name, y in (("y_true", y_true), ("y_pred", y_pred)))
    _same_length(who, y_true, y_pred)
    return y_true, y_pred


def _confusion(y_true: np.ndarray, y_pred: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The sorted labels and the (K, K) count matrix, rows true, columns predicted."""
    labels = np.union1d(y_true, y_pred)
    K = len(labels)
    rows, cols = np.searchsorted(labels, y_true), np.searchsorted(labels, y_pred)
    return labels, np.bincount(rows * K + cols, minlength=K * K).reshape(K, K)


def _counts(caller: str, y_true: ArrayLike, y_pred: ArrayLike, average: str, pos_label):
    """TP, FP and FN as arrays: one entry per class for "macro", one summed entry otherwise."""
    checks.one_of(f"{caller}()", "average", average, AVERAGES)
    labels, C = _confusion(*_labels(caller, y_true, y_pred))
    tp = np.diag(C)
    fp = C.sum(axis=0) - tp  # predicted as the class, truly another one
    fn = C.sum(axis=1) - tp  # truly the class, predicted as another one
    if average == "macro":
        return tp, fp, fn
    if average == "micro":
        return tp.sum(keepdims=True), fp.sum(keepdims=True), fn.sum(keepdims=True)
    if len(labels) > 2:
        checks.fail(f"{caller}()", "the labels", "at most 2 for average='binary'",
                    f"{len(labels)}: {labels.tolist()}; use average='macro' or 'micro'")
    if isinstance(pos_label, (bool, np.bool_)) or not isinstance(pos_label, numbers.Integral):
        checks.fail(f"{caller}()", "pos_label", "an integer label", repr(pos_label))
    is_pos = labels == pos_label
    if not np.any(is_pos) and len(labels) == 2:
        checks.fail(f"{caller}()", "pos_label", f"one of the labels {labels.tolist()}", repr(pos_label))
    # A positive class that never occurs has TP = FP = FN = 0 (all its ratios are then 0).
    return tp[is_pos].sum(keepdims=True), fp[is_pos].sum(keepdims=True), fn[is_pos].sum(keepdims=True)


def _ratio_mean(numerator: np.ndarray, denominator: np.ndarray) -> float:
    """Mean over classes of numerator / denominator, a 0/0 counting as 0 (scikit-learn's default)."""
    safe = np.where(denominator > 0, denominator, 1)
    return float(np.mean(np.where(denominator > 0, numerator / safe, 0.0)))


def accuracy(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    r"""The fraction of predictions that equal the truth.

    $$\text{accuracy} = \frac{1}{N}\sum_{i=1}^N \mathbb{1}[\hat y_i = y_i]
      \;=\; \frac{TP + TN}{TP + TN + FP + FN} \text{ (two classes)}$$

    Args:
        y_true: true labels, shape (N,).
        y_pred: predicted labels, shape (N,).

    Returns:
        A number in $[0, 1]$.

    Examples:
        >>> accuracy([0, 1, 2, 2], [0, 2, 2, 2])
        0.75
    """
    y_true, y_pred = _labels("accuracy", y_true, y_pred)
    return float(np.mean(y_true == y_pred))


def precision(y_true: ArrayLike, y_pred: ArrayLike, average: str = "binary", pos_label=1) -> float:
    r"""Of the samples predicted positive, the fraction that are positive.

    $$\text{precision} = \frac{TP}{TP + FP}$$

    With more classes, `average="macro"` takes the unweighted mean over the
    classes $c$ (each class in turn is "positive"), and `average="micro"`
    sums the counts first: $\sum_c TP_c / \sum_c (TP_c + FP_c)$, which for
    single-label data equals the accuracy.

    Args:
        y_true: true labels, shape (N,).
        y_pred: predicted labels, shape (N,).
        average: `"binary"` (only `pos_label` counts; at most two labels),
            `"macro"` or `"micro"`. Classes are the sorted union of the labels
            in `y_true` and `y_pred`.
        pos_label: the positive class for `average="binary"`.

    Returns:
        A number in $[0, 1]$; 0.0 when nothing was predicted positive.

    Examples:
        >>> precision([0, 1, 1, 1], [1, 1, 1, 0])
        0.6666666666666666
        >>> round(precision([0, 1, 2, 2], [0, 2, 2, 1], average="macro"), 3)
        0.5
    """
    tp, fp, _ = _counts("precision", y_true, y_pred, average, pos_label)
    return _ratio_mean(tp, tp + fp)


def recall(y_true: ArrayLike, y_pred: ArrayLike, average: str = "binary", pos_label=1) -> float:
    r"""Of the positive samples, the fraction predicted positive (sensitivity, true positive rate).

    $$\text{recall} = \frac{TP}{TP + FN}$$

    `average` as in [`precision`][dlref.metrics.precision].

    Args:
        y_true: true labels, shape (N,).
        y_pred: predicted labels, shape (N,).
        average: `"binary"`, `"macro"` or `"micro"`.
        pos_label: the positive class for `average="binary"`.

    Returns:
        A number in $[0, 1]$; 0.0 when there is no positive sample.

    Examples:
        >>> recall([0, 1, 1, 1], [1, 1, 1, 0])
        0.6666666666666666
        >>> recall([0, 1, 2, 2], [0, 2, 2, 1], average="micro")
        0.5
    """
    tp, _, fn = _counts("recall", y_true, y_pred, average, pos_label)
    return _ratio_mean(tp, tp + fn)


def f1_score(y_true: ArrayLike, y_pred: ArrayLike, average: str = "binary", pos_label=1) -> float:
    r"""The harmonic mean of precision $P$ and recall $R$.

    $$F_1 = \frac{2PR}{P + R} = \frac{2\,TP}{2\,TP + FP + FN}$$

    `average="macro"` is the mean of the per-class $F_1$ (not the $F_1$ of the
    macro precision and recall); `"micro"` uses the summed counts. As in
    [`precision`][dlref.metrics.precision].

    Args:
        y_true: true labels, shape (N,).
        y_pred: predicted labels, shape (N,).
        average: `"binary"`, `"macro"` or `"micro"`.
        pos_label: the positive class for `average="binary"`.

    Returns:
        A number in $[0, 1]$; 0.0 when TP + FP + FN = 0.

    Examples:
        >>> round(f1_score([0, 1, 1, 1], [1, 1, 1, 0]), 3)
        0.667
        >>> round(f1_score([0, 1, 2, 2], [0, 2, 2, 1], average="macro"), 3)
        0.5
    """
    tp, fp, fn = _counts("f1_score", y_true, y_pred, average, pos_label)
    return _ratio_mean(2 * tp, 2 * tp + fp + fn)


def confusion_matrix(y_true: ArrayLike, y_pred: ArrayLike) -> np.ndarray:
    r"""Counts of every (true, predicted) pair: $C_{jk}$ = samples of class $j$ predicted as $k$.

    Rows are true classes, columns predicted classes, both in the order of the
    sorted union of the labels (`np.union1d(y_true, y_pred)`), as in
    scikit-learn. The diagonal holds the correct predictions. For two classes
    (negative first, positive second):

    $$C = \begin{pmatrix} TN & FP \\ FN & TP \end{pmatrix}$$

    Args:
        y_true: true labels, shape (N,).
        y_pred: predicted labels, shape (N,).

    Returns:
        An int64 array of shape (K, K), K the number of distinct labels; it sums to N.

    Examples:
        >>> confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2])
        array([[1, 0, 0],
               [0, 1, 1],
               [0, 0, 1]])
    """
    return _confusion(*_labels("confusion_matrix", y_true, y_pred))[1]


def mean_squared_error(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    r"""The mean squared error.

    $$\text{MSE} = \frac{1}{N}\sum_{i=1}^N (y_i - \hat y_i)^2$$

    Args:
        y_true: true values, shape (N,).
        y_pred: predicted values, shape (N,).

    Examples:
        >>> mean_squared_error([1.0, 2.0, 3.0], [1.0, 2.0, 5.0])
        1.3333333333333333
    """
    y_true, y_pred = _values("mean_squared_error", y_true, y_pred)
    return float(np.mean((y_true - y_pred) ** 2))


def root_mean_squared_error(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    r"""The root mean squared error, in the units of $y$.

    $$\text{RMSE} = \sqrt{\text{MSE}} = \sqrt{\frac{1}{N}\sum_{i=1}^N (y_i - \hat y_i)^2},
      \qquad \text{MAE} \le \text{RMSE} \le \text{MAE}\cdot\sqrt{N}$$

    Squaring weighs large errors more: for the same MAE, one large outlier
    raises the RMSE towards $\text{MAE}\sqrt{N}$, while equal errors give
    RMSE = MAE.

    Args:
        y_true: true values, shape (N,).
        y_pred: predicted values, shape (N,).

    Examples:
        >>> round(root_mean_squared_error([0.0] * 10, [0.0] * 9 + [20.0]), 3)
        6.325
    """
    y_true, y_pred = _values("root_mean_squared_error", y_true, y_pred)
    return float(np.sqrt(np.mean((y_true - y_pred) ** 2)))


def mean_absolute_error(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    r"""The mean absolute error, in the units of $y$.

    $$\text{MAE} = \frac{1}{N}\sum_{i=1}^N |y_i - \hat y_i|$$

    Args:
        y_true: true values, shape (N,).
        y_pred: predicted values, shape (N,).

    Examples:
        >>> mean_absolute_error([0.0] * 10, [0.0] * 9 + [20.0])
        2.0
    """
    y_true, y_pred = _values("mean_absolute_error", y_true, y_pred)
    return float(np.mean(np.abs(y_true - y_pred)))


def r2_score(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    r"""The coefficient of determination $R^2$: the share of the variance of $y$ explained.

    $$R^2 = 1 - \frac{\sum_i (y_i - \hat y_i)^2}{\sum_i (y_i - \bar y)^2},
      \qquad \bar y = \frac{1}{N}\sum_{i=1}^N y_i$$

    1 is a perfect fit, 0 is as good as always predicting $\bar y$, and it is
    negative for worse. If $y$ is constant (the denominator is 0) the result
    is 1.0 for a perfect prediction and 0.0 otherwise, as in scikit-learn.

    Args:
        y_true: true values, shape (N,), N >= 2.
        y_pred: predicted values, shape (N,).

    Raises:
        ValueError: fewer than two samples (where scikit-learn warns and returns NaN).

    Examples:
        >>> r2_score([1.0, 2.0, 3.0], [1.0, 2.0, 4.0])
        0.5
    """
    y_true, y_pred = _values("r2_score", y_true, y_pred)
    if len(y_true) < 2:
        checks.fail("r2_score()", "y_true", "at least 2 samples (R^2 needs a variance)",
                    f"N = {len(y_true)}")
    ss_res = np.sum((y_true - y_pred) ** 2)
    ss_tot = np.sum((y_true - np.mean(y_true)) ** 2)
    if ss_tot == 0:
        return 1.0 if ss_res == 0 else 0.0
    return float(1 - ss_res / ss_tot)
