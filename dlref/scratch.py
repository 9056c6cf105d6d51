r"""The notes' worked backpropagation for a one-hidden-layer network, by hand.

Everything else in dlref gets its gradients from the autograd engine. This
module computes them with the notes' equations written out one per line, so
the two can be compared (the tests do: both agree to rounding error, and with
finite differences). The network is the cat detector of the notes:

$$Z^{[1]} = W^{[1]} x + b^{[1]}, \quad a^{[1]} = \sigma(Z^{[1]}), \quad
  Z^{[2]} = W^{[2]} a^{[1]} + b^{[2]}, \quad \hat y = \sigma(Z^{[2]})$$

with the binary cross-entropy
$L = -\left[y \log \hat y + (1 - y)\log(1 - \hat y)\right]$, and the backward pass

$$\delta^{[2]} = \hat y - y, \quad
  \frac{\partial L}{\partial W^{[2]}} = \delta^{[2]} (a^{[1]})^\top, \quad
  \frac{\partial L}{\partial b^{[2]}} = \delta^{[2]},$$
$$\delta^{[1]} = (W^{[2]})^\top \delta^{[2]} \circ \sigma'(Z^{[1]}), \quad
  \frac{\partial L}{\partial W^{[1]}} = \delta^{[1]} x^\top, \quad
  \frac{\partial L}{\partial b^{[1]}} = \delta^{[1]}.$$

**Layout.** As in the notes, an example $x$ is a column vector. A batch of
$N$ examples is stored as the $N$ columns of a matrix $X$ of shape $(D, N)$,
so every equation above holds as written for the whole batch at once. The
functions take the usual batch-first `X` of shape `(N, D)` and transpose it
once. The loss of a batch is the mean $J = \frac{1}{N}\sum_i L_i$, so every
gradient is the mean over the batch: the sums over columns hidden in
$\delta x^\top$ and in $\partial L/\partial b$ are divided by $N$.

Examples:
    >>> import numpy as np
    >>> from dlref import manual_seed
    >>> manual_seed(0)
    >>> params = init_params(in_features=2, hidden=3)
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0]]); y = np.array([1.0, 0.0])
    >>> y_hat, cache = forward(params, X)
    >>> grads = backward(params, cache, y)
    >>> sorted(grads), grads["W1"].shape
    (['W1', 'W2', 'b1', 'b2'], (3, 2))
"""

from __future__ import annotations

import math

from dlref import backend
from dlref.backend import xp

__all__ = ["backward", "bce_loss", "forward", "init_params", "sigmoid", "sigmoid_prime", "update"]


def init_params(in_features: int, hidden: int) -> dict:
    r"""Random weights and zero biases for the network $D \to H \to 1$.

    Weights are drawn uniformly from $\left[-1/\sqrt{\text{fan in}},\,
    1/\sqrt{\text{fan in}}\right]$ with the generator of
    [`manual_seed`][dlref.backend.manual_seed].

    Args:
        in_features: $D$, the length of an input $x$.
        hidden: $H$, the number of hidden units.

    Returns:
        `{"W1": (H, D), "b1": (H, 1), "W2": (1, H), "b2": (1, 1)}`, backend
        arrays of the default dtype. Biases are columns, like $Z$.

    Examples:
        >>> from dlref import manual_seed
        >>> manual_seed(0)
        >>> {name: p.shape for name, p in init_params(4, 3).items()}
        {'W1': (3, 4), 'b1': (3, 1), 'W2': (1, 3), 'b2': (1, 1)}
    """
    if in_features < 1 or hidden < 1:
        raise ValueError(
            f"init_params(): expected in_features D >= 1 and hidden H >= 1, "
            f"got D={in_features}, H={hidden}"
        )
    dtype = backend.default_dtype()

    def uniform(shape, fan_in):
        bound = 1 / math.sqrt(fan_in)
        return backend.asarray(backend.rng().uniform(-bound, bound, shape), dtype=dtype)

    return {
        "W1": uniform((hidden, in_features), in_features),
        "b1": xp.zeros((hidden, 1), dtype=dtype, device=backend.device()),
        "W2": uniform((1, hidden), hidden),
        "b2": xp.zeros((1, 1), dtype=dtype, device=backend.device()),
    }


def sigmoid(Z):
    r"""$\sigma(Z) = 1 / (1 + e^{-Z})$ on a plain array.

    Examples:
        >>> import numpy as np
        >>> sigmoid(np.array([0.0, 2.0])).round(3)
        array([0.5  , 0.881])
    """
    return 1 / (1 + xp.exp(-Z))


def sigmoid_prime(Z):
    r"""$\sigma'(Z) = \sigma(Z)\,(1 - \sigma(Z))$ on a plain array.

    Examples:
        >>> import numpy as np
        >>> sigmoid_prime(np.array([0.0])).round(3)
        array([0.25])
    """
    s = sigmoid(Z)
    return s * (1 - s)


def forward(params: dict, X) -> tuple:
    r"""The forward pass, keeping every intermediate value for the backward pass.

    Args:
        params: `W1, b1, W2, b2` as made by [`init_params`][dlref.scratch.init_params].
        X: inputs, shape `(N, D)` (one example per row).

    Returns:
        `(y_hat, cache)`: the probabilities $\hat y$, shape `(N,)`, and a dict
        with `x` `(D, N)`, `Z1` and `a1` `(H, N)`, `Z2` and `y_hat` `(1, N)`
        (one column per example, as in the notes).

    Examples:
        >>> import numpy as np
        >>> params = {"W1": np.eye(2), "b1": np.zeros((2, 1)),
        ...           "W2": np.ones((1, 2)), "b2": np.zeros((1, 1))}
        >>> y_hat, cache = forward(params, np.zeros((3, 2)))
        >>> y_hat.round(3), cache["Z1"].shape
        (array([0.731, 0.731, 0.731]), (2, 3))
    """
    D = params["W1"].shape[1]
    if X.ndim != 2 or X.shape[1] != D:
        raise ValueError(f"scratch.forward(): expected X of shape (N, {D}), got {tuple(X.shape)}")
    x = backend.asarray(X, dtype=params["W1"].dtype).T  # (D, N): one example per column
    Z1 = params["W1"] @ x + params["b1"]  # Z1 = W1 x + b1          (H, N)
    a1 = sigmoid(Z1)                       # a1 = sigma(Z1)          (H, N)
    Z2 = params["W2"] @ a1 + params["b2"]  # Z2 = W2 a1 + b2         (1, N)
    y_hat = sigmoid(Z2)                    # y_hat = sigma(Z2)       (1, N)
    cache = {"x": x, "Z1": Z1, "a1": a1, "Z2": Z2, "y_hat": y_hat}
    return y_hat[0, :], cache


def bce_loss(y_hat, y) -> float:
    r"""The binary cross-entropy averaged over the batch.

    $$J = -\frac{1}{N}\sum_{i=1}^{N}\left[y_i \log \hat y_i + (1 - y_i)\log(1 - \hat y_i)\right]$$

    Args:
        y_hat: probabilities, shape `(N,)`.
        y: labels 0 or 1, shape `(N,)`.

    Examples:
        >>> import numpy as np
        >>> round(bce_loss(np.array([0.5, 0.9]), np.array([1.0, 1.0])), 4)
        0.3993
    """
    y = backend.asarray(y, dtype=y_hat.dtype)
    if tuple(y.shape) != tuple(y_hat.shape):
        raise ValueError(
            f"scratch.bce_loss(): expected y of the shape of y_hat {tuple(y_hat.shape)}, "
            f"got {tuple(y.shape)}"
        )
    return float(-xp.mean(y * xp.log(y_hat) + (1 - y) * xp.log(1 - y_hat)))


def backward(params: dict, cache: dict, y) -> dict:
    r"""The notes' backward pass: the gradients of $J$ for $W^{[1]}, b^{[1]}, W^{[2]}, b^{[2]}$.

    Each gradient is averaged over the $N$ examples of the batch (the loss is
    the mean $J$); with $N = 1$ these are exactly the notes' equations.

    Args:
        params: `W1, b1, W2, b2`.
        cache: the dict returned by [`forward`][dlref.scratch.forward].
        y: labels 0 or 1, shape `(N,)`.

    Returns:
        `{"W1", "b1", "W2", "b2"}`: gradients of the shapes of the parameters.

    Examples:
        >>> import numpy as np
        >>> params = {"W1": np.eye(2), "b1": np.zeros((2, 1)),
        ...           "W2": np.ones((1, 2)), "b2": np.zeros((1, 1))}
        >>> y_hat, cache = forward(params, np.zeros((1, 2)))
        >>> backward(params, cache, np.array([1.0]))["b2"].round(3)  # y_hat - y
        array([[-0.269]])
    """
    x, Z1, a1, y_hat = cache["x"], cache["Z1"], cache["a1"], cache["y_hat"]
    N = x.shape[1]
    y = xp.reshape(backend.asarray(y, dtype=y_hat.dtype), (1, -1))  # a row, like y_hat
    if y.shape[1] != N:
        raise ValueError(
            f"scratch.backward(): expected {N} labels y (one per example), got {y.shape[1]}"
        )
    W2 = params["W2"]
    delta2 = y_hat - y                               # delta2 = y_hat - y                 (1, N)
    dW2 = delta2 @ a1.T / N                          # dL/dW2 = delta2 a1^T               (1, H)
    db2 = xp.sum(delta2, axis=1, keepdims=True) / N  # dL/db2 = delta2                    (1, 1)
    delta1 = (W2.T @ delta2) * sigmoid_prime(Z1)     # delta1 = W2^T delta2 o sigma'(Z1)  (H, N)
    dW1 = delta1 @ x.T / N                           # dL/dW1 = delta1 x^T                (H, D)
    db1 = xp.sum(delta1, axis=1, keepdims=True) / N  # dL/db1 = delta1                    (H, 1)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def update(params: dict, grads: dict, lr: float) -> dict:
    r"""One gradient-descent step, $\theta \leftarrow \theta - \alpha\,\partial J/\partial\theta$.

    Args:
        params: `W1, b1, W2, b2`.
        grads: their gradients, from [`backward`][dlref.scratch.backward].
        lr: the learning rate $\alpha > 0$.

    Returns:
        The new parameters (a new dict; `params` is left unchanged).

    Examples:
        >>> import numpy as np
        >>> update({"b2": np.array([[1.0]])}, {"b2": np.array([[0.5]])}, lr=0.1)
        {'b2': array([[0.95]])}
    """
    if not lr > 0:
        raise ValueError(f"scratch.update(): expected a learning rate alpha > 0, got {lr}")
    return {name: params[name] - lr * grads[name] for name in params}
