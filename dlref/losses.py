r"""Loss functions $\ell(\hat y_i, y_i)$: how far a prediction is from its target.

Training minimises the *empirical risk*, the average loss over the $N$
examples of a data set (or of a minibatch):

$$\mathcal{L}(\theta) = \frac{1}{N} \sum_{i=1}^{N} \ell(\hat y_i, y_i)$$

Regression compares numbers:

- mean squared error, $\ell = (y_i - \hat y_i)^2$, so
  $\text{MSE} = \frac{1}{N}\sum_i (y_i - \hat y_i)^2$ (and $\text{RMSE} = \sqrt{\text{MSE}}$);
- mean absolute error, $\ell = |y_i - \hat y_i|$, which an outlier sways less.

Classification compares a predicted probability with the true class:

- binary cross-entropy, for a label $y \in \{0, 1\}$ and $\hat y = p(y = 1)$,
  $\ell = -\left[y \log \hat y + (1 - y) \log(1 - \hat y)\right]$;
- categorical cross-entropy, for $C$ classes, a one-hot $y$ and probabilities
  $\hat y$ (a softmax output), $\ell = -\sum_{c=1}^{C} y_c \log \hat y_c$,
  which is $-\log$ of the probability given to the true class.

Every loss takes `reduction`: `"mean"` gives $\mathcal{L}$ (the default), `"sum"` gives
$N \mathcal{L}$ and `"none"` the individual losses. Every loss refuses, by name, what
would make its value meaningless: an empty batch (whose mean is NaN), NaN or
infinity in $\hat y$ or $y$, and a target of another shape (never broadcast). A loss is an op like any other: its
result is a [`Tensor`][dlref.autograd.Tensor] whose `backward()` reaches the
model. Most losses are single ops whose backward is the derivative in their
docstring; for the cross-entropies this also keeps them finite where a
composition of `log`, `*` and `sum` would produce `inf` or `nan`.
[`cross_entropy`][dlref.losses.cross_entropy] is composed from the stable
[`log_softmax`][dlref.activations.log_softmax].

Examples:
    >>> y_hat = tensor([2.5, 0.0, 2.0], requires_grad=True)
    >>> loss = mse_loss(y_hat, [3.0, -0.5, 2.0])      # ((-0.5)^2 + 0.5^2 + 0) / 3
    >>> round(loss.item(), 4)
    0.1667
    >>> loss.backward()
    >>> y_hat.grad.round(4)                           # 2 (y_hat - y) / N
    array([-0.3333,  0.3333,  0.    ], dtype=float32)
"""

from __future__ import annotations

import math

import numpy as np

from dlref import backend, checks
from dlref.activations import log_softmax
from dlref.autograd import Tensor, tensor  # noqa: F401  (tensor: for the examples)
from dlref.backend import xp

__all__ = [
    "mse_loss",
    "mae_loss",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "categorical_cross_entropy",
]

REDUCTIONS = ("mean", "sum", "none")


# ------------------------------------------------------------------ checks
def _check_input(name: str, input, reduction: str, symbol: str = "y_hat") -> None:
    """`input` is a floating Tensor of finite values with at least one, and `reduction` is known."""
    if reduction not in REDUCTIONS:
        checks.one_of(f"{name}()", "reduction", reduction, REDUCTIONS)
    checks.floating_tensor(f"{name}()", symbol, input)
    _check_values(name, symbol, input)


def _check_values(name: str, symbol: str, values: Tensor) -> None:
    """At least one value, all finite: the mean over nothing, or over an inf, would be NaN."""
    if values.size == 0:
        checks.fail(f"{name}()", symbol, "non-empty (a batch of at least one example)",
                    f"shape {values.shape}")
    if not bool(xp.all(xp.isfinite(values.data))):
        a = values.numpy()
        index = tuple(int(i) for i in np.argwhere(~np.isfinite(a))[0])
        checks.fail(f"{name}()", symbol, "finite (no NaN or inf)",
                    f"{a[index]} at index {index[0] if len(index) == 1 else index}")


def _check_probabilities(name: str, symbol: str, data, hint: str = "") -> None:
    """Every value lies in [0, 1]."""
    if bool(xp.any((data < 0) | (data > 1))):
        low, high = float(xp.min(data)), float(xp.max(data))
        checks.fail(f"{name}()", symbol, "probabilities in [0, 1]",
                    f"values in [{low:.4g}, {high:.4g}]{hint}")


def _reshape_hint(input: Tensor):
    """For a target of the input's size but another shape: say what broadcasting would do."""
    def hint(y) -> str:
        if math.prod(y.shape) != input.size:
            return ""
        return (f"reshape the target to {input.shape}? (broadcasting {input.shape} against "
                f"{tuple(y.shape)} would compare every y_hat_i with every y_j)")
    return hint


def _target(name: str, target, input: Tensor, differentiable: bool = False) -> Tensor:
    """The target y as a Tensor of the input's shape and dtype (never broadcast), finite.

    Arrays and lists are converted to the input's dtype. A target Tensor must
    already have it; it may require grad only if the loss is `differentiable` in y.
    """
    who = f"{name}()"
    if isinstance(target, Tensor):
        if target.requires_grad and not differentiable:
            checks.fail(who, "y", "fixed data (only mse_loss and mae_loss differentiate with "
                        "respect to y)", "a tensor that requires grad; detach() it")
        checks.floating_tensor(who, "y", target)
        if target.data.shape != input.data.shape:
            checks.floating_tensor(who, "y", target, input.shape, _reshape_hint(input))  # the error
        if target.dtype != input.dtype:
            checks.fail(who, "y", f"of the input's dtype {input.dtype}", f"dtype {target.dtype}")
        _check_values(name, "y", target)
        return target
    y = checks.array(who, "y", target, dtype="numbers", shape=input.shape, hint=_reshape_hint(input))
    return Tensor(xp.astype(backend.asarray(y), input.dtype))


def _check_rows(name: str, input: Tensor, symbol: str) -> None:
    """`input` is a batch of score or probability rows, (N, C)."""
    if input.ndim != 2:
        checks.fail(f"{name}()", symbol, "of shape (N, C)", f"shape {input.shape}")


def _reduce(losses: Tensor, reduction: str) -> Tensor:
    """The mean (the loss 𝓛 of the batch), the sum, or each example's loss ℓ."""
    if reduction == "mean":
        return losses.mean()
    if reduction == "sum":
        return losses.sum()
    return losses


# -------------------------------------------------------------- regression
def mse_loss(input: Tensor, target, reduction: str = "mean") -> Tensor:
    r"""Mean squared error, for regression.

    $$\ell(\hat y_i, y_i) = (y_i - \hat y_i)^2, \qquad
      \text{MSE} = \frac{1}{N}\sum_{i=1}^N (y_i - \hat y_i)^2, \qquad
      \frac{\partial\, \text{MSE}}{\partial \hat y_i} = \frac{2}{N}(\hat y_i - y_i)$$

    With `"mean"`, $N$ counts every element (as in PyTorch). If `target` is a
    Tensor that requires grad, it receives
    $\partial L / \partial y = -\partial L / \partial \hat y$.

    Args:
        input: the predictions $\hat y$, any shape.
        target: the targets $y$, exactly the shape of `input` (a Tensor or array-like).
        reduction: `"mean"` (over all elements), `"sum"` or `"none"` (the squared errors).

    Raises:
        ValueError: shapes differ (e.g. $(N, 1)$ against $(N,)$), a non-floating
            input, an empty batch, NaN or inf, or an unknown `reduction`.

    Examples:
        >>> round(mse_loss(tensor([1.0, 2.0, 3.0]), [1.0, 2.0, 5.0]).item(), 4)   # 4 / 3
        1.3333
        >>> mse_loss(tensor([1.0, 2.0, 3.0]), [1.0, 2.0, 5.0], reduction="none").numpy()
        array([0., 0., 4.], dtype=float32)
    """
    _check_input("mse_loss", input, reduction)
    y = _target("mse_loss", target, input, differentiable=True)
    error = input.data - y.data
    losses = Tensor(error * error, parents=(input, y))

    def backward():  # dL/dy_hat = 2 (y_hat - y) = -dL/dy
        g = losses.grad * 2 * error
        input.add_grad(g)
        y.add_grad(-g)

    losses._backward = backward
    return _reduce(losses, reduction)


def mae_loss(input: Tensor, target, reduction: str = "mean") -> Tensor:
    r"""Mean absolute error, for regression; less swayed by outliers than the MSE.

    $$\ell(\hat y_i, y_i) = |y_i - \hat y_i|, \qquad
      \frac{\partial\, \text{MAE}}{\partial \hat y_i}
      = \frac{1}{N}\operatorname{sign}(\hat y_i - y_i)$$

    (The derivative at $\hat y_i = y_i$ is taken as 0, as in PyTorch's `l1_loss`.)
    If `target` is a Tensor that requires grad, it receives a gradient too.

    Args:
        input: the predictions $\hat y$, any shape.
        target: the targets $y$, exactly the shape of `input`.
        reduction: `"mean"` (over all elements), `"sum"` or `"none"` (shape of `input`).

    Raises:
        ValueError: as [`mse_loss`][dlref.losses.mse_loss].

    Examples:
        >>> round(mae_loss(tensor([1.0, 2.0, 3.0]), [1.0, 2.0, 5.0]).item(), 4)   # 2 / 3
        0.6667
    """
    _check_input("mae_loss", input, reduction)
    y = _target("mae_loss", target, input, differentiable=True)
    error = input.data - y.data
    losses = Tensor(xp.abs(error), parents=(input, y))

    def backward():  # dL/dy_hat = sign(y_hat - y) = -dL/dy
        g = losses.grad * xp.sign(error)
        input.add_grad(g)
        y.add_grad(-g)

    losses._backward = backward
    return _reduce(losses, reduction)


# ---------------------------------------------------------- classification
def binary_cross_entropy(input: Tensor, target, reduction: str = "mean") -> Tensor:
    r"""Binary cross-entropy of predicted probabilities $\hat y = p(y = 1)$.

    $$\ell(\hat y_i, y_i) = -\left[y_i \log \hat y_i + (1 - y_i)\log(1 - \hat y_i)\right],
      \qquad \frac{\partial \ell}{\partial \hat y_i}
      = \frac{\hat y_i - y_i}{\hat y_i (1 - \hat y_i)}$$

    As in PyTorch, each logarithm is clamped at $-100$, so that $\hat y \in \{0, 1\}$
    (a saturated sigmoid) gives a loss of at most 100 instead of $\infty$, and
    the gradient divides by $\max(\hat y (1 - \hat y), 10^{-12})$ instead of 0.
    For a model that ends in a sigmoid, prefer
    [`binary_cross_entropy_with_logits`][dlref.losses.binary_cross_entropy_with_logits],
    which never saturates.

    Args:
        input: probabilities $\hat y \in [0, 1]$, any shape.
        target: labels or probabilities $y \in [0, 1]$, the shape of `input`.
        reduction: `"mean"` (over all elements), `"sum"` or `"none"` (shape of `input`).

    Raises:
        ValueError: values outside $[0, 1]$, shapes that differ, NaN, a target
            that requires grad, or an unknown `reduction`.

    Examples:
        >>> round(binary_cross_entropy(tensor([0.9, 0.2]), [1.0, 0.0]).item(), 4)
        0.1643
        >>> binary_cross_entropy(tensor([0.0]), [1.0]).item()   # clamped: -log 0 -> 100
        100.0
    """
    name = "binary_cross_entropy"
    _check_input(name, input, reduction)
    _check_probabilities(name, "y_hat", input.data, "; pass probabilities (after a "
                         "sigmoid), or logits to binary_cross_entropy_with_logits")
    y = _target(name, target, input).data
    _check_probabilities(name, "y", y)
    p = input.data
    with np.errstate(divide="ignore"):  # log 0 = -inf is expected: it is clamped at -100
        log_p = xp.maximum(xp.log(p), -100.0)
        log_1mp = xp.maximum(xp.log1p(-p), -100.0)  # log(1 - p), accurate for small p
    losses = Tensor(-(y * log_p + (1 - y) * log_1mp), parents=(input,))

    def backward():  # dL/dy_hat = (y_hat - y) / (y_hat (1 - y_hat)), denominator >= 1e-12
        input.add_grad(losses.grad * (p - y) / xp.maximum(p * (1 - p), 1e-12))

    losses._backward = backward
    return _reduce(losses, reduction)


def binary_cross_entropy_with_logits(input: Tensor, target, reduction: str = "mean") -> Tensor:
    r"""Binary cross-entropy of $\hat y = \sigma(z)$, computed from the logit $z$ directly.

    Substituting $\hat y = \sigma(z)$ into the binary cross-entropy gives a form
    that is exact and finite for every $z$ (no $e^{z}$ overflows, no $\log 0$):

    $$\ell(z_i, y_i) = \max(z_i, 0) - z_i y_i + \log\left(1 + e^{-|z_i|}\right),
      \qquad \frac{\partial \ell}{\partial z_i} = \sigma(z_i) - y_i$$

    Args:
        input: logits $z$ (the pre-activation of the output unit), any shape.
        target: labels or probabilities $y \in [0, 1]$, the shape of `input`.
        reduction: `"mean"` (over all elements), `"sum"` or `"none"` (shape of `input`).

    Raises:
        ValueError: a target outside $[0, 1]$, shapes that differ, NaN, a
            target that requires grad, or an unknown `reduction`.

    Examples:
        >>> z = tensor([2.0, -1.0, 1e4], requires_grad=True)
        >>> loss = binary_cross_entropy_with_logits(z, [1.0, 0.0, 1.0], reduction="sum")
        >>> round(loss.item(), 4)
        0.4402
        >>> loss.backward(); z.grad.round(4)                # sigma(z) - y
        array([-0.1192,  0.2689,  0.    ], dtype=float32)
    """
    name = "binary_cross_entropy_with_logits"
    _check_input(name, input, reduction, symbol="z")
    y = _target(name, target, input).data
    _check_probabilities(name, "y", y)
    z = input.data
    e = xp.exp(-xp.abs(z))  # in (0, 1]: never overflows
    losses = Tensor(xp.maximum(z, 0) - z * y + xp.log1p(e), parents=(input,))

    def backward():  # dL/dz = sigma(z) - y, with sigma(z) = 1/(1 + e) for z >= 0, e/(1 + e) below
        input.add_grad(losses.grad * (xp.where(z >= 0, 1, e) / (1 + e) - y))

    losses._backward = backward
    return _reduce(losses, reduction)


def cross_entropy(input: Tensor, target, reduction: str = "mean") -> Tensor:
    r"""Cross-entropy of class scores (logits) against integer class labels, as PyTorch's.

    The softmax turns the scores $z_i \in \mathbb{R}^C$ of example $i$ into
    probabilities $\hat y_i$; the loss is $-\log$ of the one given to the true
    class $y_i$, computed through [`log_softmax`][dlref.activations.log_softmax]
    so that it stays finite (the one-hot row picks the true class):

    $$\ell(z_i, y_i) = -\log \operatorname{softmax}(z_i)_{y_i}
      = -z_{i, y_i} + \log\sum_{c=1}^{C} e^{z_{ic}}, \qquad
      \frac{\partial \ell}{\partial z_{ic}} = \hat y_{ic} - [c = y_i]$$

    The backward pass applies that last formula at once, rather than the chain
    rule through the softmax, the log and the pick: one node of the graph
    instead of five, which counts when the arrays are small and each node's
    fixed cost is most of a training step. It equals
    [`categorical_cross_entropy`][dlref.losses.categorical_cross_entropy]
    of `softmax(z)` and the one-hot labels.

    Args:
        input: logits $z$, shape $(N, C)$.
        target: class labels $y_i \in \{0, \dots, C-1\}$, integers (or whole
            floats), shape $(N,)$.
        reduction: `"mean"` (over $N$), `"sum"` or `"none"` (shape $(N,)$).

    Raises:
        ValueError: $z$ not $(N, C)$, labels not whole numbers of shape $(N,)$ in
            $[0, C)$, an empty batch, NaN or inf, or an unknown `reduction`.

    Examples:
        >>> z = tensor([[2.0, 0.5, -1.0], [0.0, 0.0, 0.0]], requires_grad=True)
        >>> loss = cross_entropy(z, [0, 2])
        >>> round(loss.item(), 4)                     # (0.2413 + log 3) / 2
        0.67
        >>> loss.backward(); z.grad.round(3)          # (softmax(z) - one_hot(y)) / N
        array([[-0.107,  0.088,  0.02 ],
               [ 0.167,  0.167, -0.333]], dtype=float32)
    """
    name = "cross_entropy"
    _check_input(name, input, reduction, symbol="z")
    _check_rows(name, input, "z")
    N, C = input.shape
    labels = target.data if isinstance(target, Tensor) else target
    if not isinstance(target, Tensor) and hasattr(labels, "dtype"):
        labels = backend.asarray(labels)  # numpy labels onto the backend (nothing to do on numpy)
    if not (hasattr(labels, "dtype") and backend.isdtype(labels.dtype, "integral")  # the usual case
            and tuple(labels.shape) == (N,) and bool(xp.all((labels >= 0) & (labels < C)))):
        labels = backend.asarray(checks.labels(  # anything else: whole floats, or the error
            f"{name}()", "y", target, num_classes=C, shape=(N,),
            hint=lambda y: "for one-hot targets use categorical_cross_entropy" if y.ndim == 2 else ""))
    one_hot = xp.astype(labels[:, None] == xp.arange(C, device=backend.device()), input.dtype)
    log_p = log_softmax(input, axis=1).data  # log y_hat, computed stably
    losses = Tensor(-xp.sum(log_p * one_hot, axis=1), parents=(input,))  # -log y_hat_{i, y_i}

    def backward():  # d l_i / d z_ic = y_hat_ic - [c = y_i]
        input.add_grad(losses.grad[:, None] * (xp.exp(log_p) - one_hot))

    losses._backward = backward
    return _reduce(losses, reduction)


def categorical_cross_entropy(input: Tensor, target, reduction: str = "mean") -> Tensor:
    r"""Categorical cross-entropy of predicted class probabilities against one-hot targets.

    The notes' form, for probabilities $\hat y_i$ (e.g. a softmax output) and
    one-hot rows $y_i$:

    $$\mathcal{L} = -\frac{1}{N}\sum_{i=1}^{N}\sum_{c=1}^{C} y_{ic} \log \hat y_{ic}, \qquad
      \frac{\partial \ell_i}{\partial \hat y_{ic}} = -\frac{y_{ic}}{\hat y_{ic}}$$

    As in [`binary_cross_entropy`][dlref.losses.binary_cross_entropy], the log is
    clamped at $-100$ and the gradient divides by $\max(\hat y_{ic}, 10^{-12})$,
    so a probability of exactly 0 gives finite values (and $0 \log 0$ counts as 0).
    From logits, [`cross_entropy`][dlref.losses.cross_entropy] is stabler.

    Args:
        input: probabilities $\hat y \in [0, 1]$, shape $(N, C)$.
        target: one-hot rows $y$ (a single 1, the rest 0), shape $(N, C)$.
        reduction: `"mean"` (over $N$), `"sum"` or `"none"` (shape $(N,)$).

    Raises:
        ValueError: shapes not $(N, C)$ or different, probabilities outside
            $[0, 1]$, rows that are not one-hot, NaN, or an unknown `reduction`.

    Examples:
        >>> y_hat = tensor([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])   # cat, dog, lion
        >>> y = [[1, 0, 0], [0, 0, 1]]
        >>> round(categorical_cross_entropy(y_hat, y).item(), 4)   # -(log 0.7 + log 0.8) / 2
        0.2899
    """
    name = "categorical_cross_entropy"
    _check_input(name, input, reduction)
    _check_rows(name, input, "y_hat")
    _check_probabilities(name, "y_hat", input.data,
                         "; pass probabilities (after a softmax), or logits to cross_entropy")
    y = _target(name, target, input).data
    one_hot = xp.all((y == 0) | (y == 1), axis=1) & (xp.sum(y, axis=1) == 1)
    if not bool(xp.all(one_hot)):
        bad = np.flatnonzero(~backend.to_numpy(one_hot)).tolist()
        checks.fail(f"{name}()", "y", "one-hot rows (a single 1, the rest 0)",
                    f"rows {bad} that are not; data.one_hot(labels) makes them")
    p = input.data
    with np.errstate(divide="ignore"):  # log 0 = -inf is expected: it is clamped at -100
        log_p = xp.maximum(xp.log(p), -100.0)
    losses = Tensor(-xp.sum(y * log_p, axis=1), parents=(input,))

    def backward():  # dL_i/dy_hat_ic = -y_ic / y_hat_ic, denominator >= 1e-12
        input.add_grad(-losses.grad[:, None] * y / xp.maximum(p, 1e-12))

    losses._backward = backward
    return _reduce(losses, reduction)
