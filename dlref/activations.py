r"""Activation functions $a = \sigma(z)$, each with its derivative in its backward.

A neuron computes $z = w^\top x + b$ and then $a = \sigma(z)$. Without a
non-linear $\sigma$, a stack of layers collapses into a single linear map; with
one, a network with one hidden layer can approximate any continuous function.
Each function below takes a floating [`Tensor`][dlref.autograd.Tensor]
(anything else is refused by name), works elementwise (softmax along an
axis), and records how to pass the gradient back.

Examples:
    >>> z = tensor([-2.0, 0.0, 2.0])
    >>> relu(z).numpy()
    array([0., 0., 2.], dtype=float32)
"""

from __future__ import annotations

from dlref import checks
from dlref.autograd import Tensor, tensor  # noqa: F401  (tensor: for the examples)
from dlref.backend import xp

__all__ = ["sigmoid", "tanh", "relu", "leaky_relu", "softmax", "log_softmax"]


def sigmoid(z: Tensor) -> Tensor:
    r"""Logistic sigmoid, elementwise: squashes any number into $(0, 1)$.

    $$a = \sigma(z) = \frac{1}{1 + e^{-z}}, \qquad \sigma'(z) = a(1 - a)$$

    Computed without overflow for large $|z|$ (as $e^{z}/(1+e^{z})$ when $z<0$).

    Examples:
        >>> sigmoid(tensor([0.0, 2.0])).numpy().round(3)
        array([0.5  , 0.881], dtype=float32)
    """
    checks.floating_tensor("sigmoid()", "z", z)
    e = xp.exp(-xp.abs(z.data))  # never overflows
    a = Tensor(xp.where(z.data >= 0, 1 / (1 + e), e / (1 + e)), parents=(z,))

    def backward():  # dL/dz = dL/da * a(1 - a)
        z.add_grad(a.grad * a.data * (1 - a.data))

    a._backward = backward
    return a


def tanh(z: Tensor) -> Tensor:
    r"""Hyperbolic tangent, elementwise: a zero-centred squashing into $(-1, 1)$.

    $$a = \tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}, \qquad \tanh'(z) = 1 - a^2$$

    Examples:
        >>> tanh(tensor([0.0, 1.0])).numpy().round(3)
        array([0.   , 0.762], dtype=float32)
    """
    checks.floating_tensor("tanh()", "z", z)
    a = Tensor(xp.tanh(z.data), parents=(z,))

    def backward():  # dL/dz = dL/da * (1 - a^2)
        z.add_grad(a.grad * (1 - a.data * a.data))

    a._backward = backward
    return a


def relu(z: Tensor) -> Tensor:
    r"""Rectified linear unit, elementwise: keeps positive values, zeroes the rest.

    $$a = \max(0, z), \qquad \operatorname{relu}'(z) = \begin{cases}1 & z > 0\\ 0 & z \le 0\end{cases}$$

    (At $z = 0$ the derivative is taken as 0, as in PyTorch.)

    Examples:
        >>> relu(tensor([-1.0, 0.0, 3.0])).numpy()
        array([0., 0., 3.], dtype=float32)
    """
    checks.floating_tensor("relu()", "z", z)
    mask = xp.astype(z.data > 0, z.data.dtype)  # 1 where z > 0: multiplying is faster than where()
    a = Tensor(xp.maximum(z.data, 0), parents=(z,))

    def backward():  # the gradient passes where z > 0
        z.add_grad(a.grad * mask)

    a._backward = backward
    return a


def leaky_relu(z: Tensor, negative_slope: float = 0.01) -> Tensor:
    r"""Leaky ReLU, elementwise: a small slope $\alpha$ instead of zero for $z \le 0$.

    $$a = \begin{cases} z & z > 0 \\ \alpha z & z \le 0\end{cases}, \qquad
      a' = \begin{cases} 1 & z > 0 \\ \alpha & z \le 0\end{cases}$$

    Args:
        z: the pre-activation.
        negative_slope: $\alpha \ge 0$.

    Examples:
        >>> leaky_relu(tensor([-2.0, 3.0]), 0.1).numpy()
        array([-0.2,  3. ], dtype=float32)
    """
    checks.floating_tensor("leaky_relu()", "z", z)
    negative_slope = checks.number("leaky_relu()", "negative_slope (α)", negative_slope, low=0)
    mask = xp.astype(z.data > 0, z.data.dtype)
    slope = mask + negative_slope * (1 - mask)  # da/dz: 1 or alpha, elementwise
    a = Tensor(z.data * slope, parents=(z,))

    def backward():
        z.add_grad(a.grad * slope)

    a._backward = backward
    return a


def _check_axis(who: str, z, axis) -> None:
    """`z` is a floating Tensor with at least one value along `axis`, an axis it has."""
    checks.floating_tensor(who, "z", z)
    ndim = z.data.ndim
    if not (axis.__class__ is int and -ndim <= axis < ndim):  # the usual case in one test
        checks.integer(who, "axis", axis, low=-ndim, high=ndim - 1)
    if z.data.shape[axis] == 0:
        checks.fail(who, "z", f"non-empty along axis {axis}", f"shape {z.shape}")


def softmax(z: Tensor, axis: int = -1) -> Tensor:
    r"""Softmax along `axis`: turns scores into probabilities that sum to 1.

    $$\hat y_j = \operatorname{softmax}(z)_j = \frac{e^{z_j}}{\sum_k e^{z_k}}, \qquad
      \frac{\partial L}{\partial z_j} = \hat y_j\Big(\frac{\partial L}{\partial \hat y_j}
      - \sum_k \frac{\partial L}{\partial \hat y_k}\hat y_k\Big)$$

    The maximum is subtracted first ($e^{z - \max z}$), which changes nothing
    mathematically and keeps $e^{z}$ from overflowing.

    Examples:
        >>> softmax(tensor([[1.0, 2.0, 3.0]])).numpy().round(3)
        array([[0.09 , 0.245, 0.665]], dtype=float32)
    """
    _check_axis("softmax()", z, axis)
    e = xp.exp(z.data - xp.max(z.data, axis=axis, keepdims=True))
    y = Tensor(e / xp.sum(e, axis=axis, keepdims=True), parents=(z,))

    def backward():
        g = y.grad
        z.add_grad(y.data * (g - xp.sum(g * y.data, axis=axis, keepdims=True)))

    y._backward = backward
    return y


def log_softmax(z: Tensor, axis: int = -1) -> Tensor:
    r"""The logarithm of [`softmax`][dlref.activations.softmax], computed stably.

    $$\log \hat y_j = z_j - \log\sum_k e^{z_k}, \qquad
      \frac{\partial L}{\partial z_j} = \frac{\partial L}{\partial \log\hat y_j}
      - \hat y_j \sum_k \frac{\partial L}{\partial \log \hat y_k}$$

    Working with $\log \hat y$ directly never takes the log of an underflowed 0,
    which is why cross-entropy is computed from it.

    Examples:
        >>> log_softmax(tensor([[0.0, 0.0]])).numpy().round(4)
        array([[-0.6931, -0.6931]], dtype=float32)
    """
    _check_axis("log_softmax()", z, axis)
    shifted = z.data - xp.max(z.data, axis=axis, keepdims=True)
    out = Tensor(shifted - xp.log(xp.sum(xp.exp(shifted), axis=axis, keepdims=True)), parents=(z,))

    def backward():
        g = out.grad
        z.add_grad(g - xp.exp(out.data) * xp.sum(g, axis=axis, keepdims=True))

    out._backward = backward
    return out
