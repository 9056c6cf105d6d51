r"""The notes' worked backpropagation for a one-hidden-layer network, by hand.

Everything else in dlref gets its gradients from the autograd engine. This
module computes them with the notes' equations written out one per line, so
the two can be compared (the tests do: both agree to rounding error, and with
finite differences). The network is the cat detector of the notes:

$$Z^{[1]} = W^{[1]} x + b^{[1]}, \quad a^{[1]} = \sigma(Z^{[1]}), \quad
  Z^{[2]} = W^{[2]} a^{[1]} + b^{[2]}, \quad \hat y = \sigma(Z^{[2]})$$

with the binary cross-entropy
$\ell = -\left[y \log \hat y + (1 - y)\log(1 - \hat y)\right]$, and the backward pass

$$\delta^{[2]} = \hat y - y, \quad
  \frac{\partial \ell}{\partial W^{[2]}} = \delta^{[2]} (a^{[1]})^\top, \quad
  \frac{\partial \ell}{\partial b^{[2]}} = \delta^{[2]},$$
$$\delta^{[1]} = (W^{[2]})^\top \delta^{[2]} \circ \sigma'(Z^{[1]}), \quad
  \frac{\partial \ell}{\partial W^{[1]}} = \delta^{[1]} x^\top, \quad
  \frac{\partial \ell}{\partial b^{[1]}} = \delta^{[1]}.$$

**Layout.** As in the notes, an example $x$ is a column vector. A batch of
$N$ examples is stored as the $N$ columns of a matrix $X$ of shape $(D, N)$,
so every equation above holds as written for the whole batch at once. The
functions take the usual batch-first `X` of shape `(N, D)` and transpose it
once. The loss of a batch is the mean $\mathcal{L} = \frac{1}{N}\sum_i \ell_i$, so every
gradient is the mean over the batch: the sums over columns hidden in
$\delta x^\top$ and in $\partial \ell/\partial b$ are divided by $N$.

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

from dlref import backend, checks
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
    checks.integer("scratch.init_params()", "in_features (D)", in_features, low=1)
    checks.integer("scratch.init_params()", "hidden (H)", hidden, low=1)
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


def _check_params(who: str, params) -> dict:
    """`params` is the dict of init_params: W1 (H, D), b1 (H, 1), W2 (1, H), b2 (1, 1)."""
    if not (isinstance(params, dict) and set(params) == {"W1", "b1", "W2", "b2"}):
        checks.fail(who, "params", "the dict W1, b1, W2, b2 of init_params()", checks.shown(params))
    H, D = params["W1"].shape if len(params["W1"].shape) == 2 else (None, None)
    for name, shape in (("W1", (H, D)), ("b1", (H, 1)), ("W2", (1, H)), ("b2", (1, 1))):
        if H is None or tuple(params[name].shape) != shape:
            checks.fail(who, f"params[{name!r}]", f"of shape {shape}", f"shape {tuple(params[name].shape)}")
    return params


def sigmoid(Z):
    r"""$\sigma(Z) = 1 / (1 + e^{-Z})$ on a plain array.

    Examples:
        >>> import numpy as np
        >>> sigmoid(np.array([0.0, 2.0])).round(3)
        array([0.5  , 0.881])
    """
    if not (hasattr(Z, "dtype") and hasattr(Z, "shape") and backend.isdtype(Z.dtype, "real floating")):
        checks.fail("scratch.sigmoid()", "Z", "an array of floats", checks.shown(Z))
    return 1 / (1 + xp.exp(-Z))


def sigmoid_prime(Z):
    r"""$\sigma'(Z) = \sigma(Z)\,(1 - \sigma(Z))$ on a plain array.

    Examples:
        >>> import numpy as np
        >>> sigmoid_prime(np.array([0.0])).round(3)
        array([0.25])
    """
    if not (hasattr(Z, "dtype") and hasattr(Z, "shape") and backend.isdtype(Z.dtype, "real floating")):
        checks.fail("scratch.sigmoid_prime()", "Z", "an array of floats", checks.shown(Z))
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
    params = _check_params("scratch.forward()", params)
    X = checks.array("scratch.forward()", "X", X, shape=("N", params["W1"].shape[1]))
    x = backend.asarray(X, dtype=params["W1"].dtype).T  # (D, N): one example per column
    Z1 = params["W1"] @ x + params["b1"]  # Z1 = W1 x + b1          (H, N)
    a1 = sigmoid(Z1)                       # a1 = sigma(Z1)          (H, N)
    Z2 = params["W2"] @ a1 + params["b2"]  # Z2 = W2 a1 + b2         (1, N)
    y_hat = sigmoid(Z2)                    # y_hat = sigma(Z2)       (1, N)
    cache = {"x": x, "Z1": Z1, "a1": a1, "Z2": Z2, "y_hat": y_hat}
    return y_hat[0, :], cache


def bce_loss(y_hat, y) -> float:
    r"""The binary cross-entropy averaged over the batch.

    $$\mathcal{L} = -\frac{1}{N}\sum_{i=1}^{N}\left[y_i \log \hat y_i + (1 - y_i)\log(1 - \hat y_i)\right]$$

    Args:
        y_hat: probabilities, shape `(N,)`.
        y: labels 0 or 1, shape `(N,)`.

    Examples:
        >>> import numpy as np
        >>> round(bce_loss(np.array([0.5, 0.9]), np.array([1.0, 1.0])), 4)
        0.3993
    """
    p = checks.array("scratch.bce_loss()", "y_hat", y_hat, shape=("N",))
    if not (p.min() > 0 and p.max() < 1):
        checks.fail("scratch.bce_loss()", "y_hat", "probabilities in (0, 1) (log 0 is -inf)",
                    f"values in [{p.min():.4g}, {p.max():.4g}]")
    y = backend.asarray(checks.array("scratch.bce_loss()", "y", y, shape=p.shape), dtype=y_hat.dtype)
    return float(-xp.mean(y * xp.log(y_hat) + (1 - y) * xp.log(1 - y_hat)))


def backward(params: dict, cache: dict, y) -> dict:
    r"""The notes' backward pass: the gradients of $\mathcal{L}$ for $W^{[1]}, b^{[1]}, W^{[2]}, b^{[2]}$.

    Each gradient is averaged over the $N$ examples of the batch (the loss is
    the mean $\mathcal{L}$); with $N = 1$ these are exactly the notes' equations.

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
    params = _check_params("scratch.backward()", params)
    if not (isinstance(cache, dict) and {"x", "Z1", "a1", "y_hat"} <= set(cache)):
        checks.fail("scratch.backward()", "cache", "the dict that forward() returned", checks.shown(cache))
    x, Z1, a1, y_hat = cache["x"], cache["Z1"], cache["a1"], cache["y_hat"]
    N = x.shape[1]
    y = checks.array("scratch.backward()", "y (one label per example)", y, shape=(N,))
    y = xp.reshape(backend.asarray(y, dtype=y_hat.dtype), (1, -1))  # a row, like y_hat
    W2 = params["W2"]
    delta2 = y_hat - y                               # delta2 = y_hat - y                 (1, N)
    dW2 = delta2 @ a1.T / N                          # dL/dW2 = delta2 a1^T               (1, H)
    db2 = xp.sum(delta2, axis=1, keepdims=True) / N  # dL/db2 = delta2                    (1, 1)
    delta1 = (W2.T @ delta2) * sigmoid_prime(Z1)     # delta1 = W2^T delta2 o sigma'(Z1)  (H, N)
    dW1 = delta1 @ x.T / N                           # dL/dW1 = delta1 x^T                (H, D)
    db1 = xp.sum(delta1, axis=1, keepdims=True) / N  # dL/db1 = delta1                    (H, 1)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}


def update(params: dict, grads: dict, lr: float) -> dict:
    r"""One gradient-descent step, $\theta \leftarrow \theta - \alpha\,\partial \mathcal{L}/\partial\theta$.

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
    lr = checks.number("scratch.update()", "lr (α)", lr, low=0, low_open=True)
    if not (isinstance(params, dict) and isinstance(grads, dict) and set(grads) == set(params)):
        checks.fail("scratch.update()", "grads", "a dict with the names of params", checks.shown(grads))
    for name in params:
        if tuple(grads[name].shape) != tuple(params[name].shape):
            checks.fail("scratch.update()", f"grads[{name!r}]", f"of shape {tuple(params[name].shape)}",
                        f"shape {tuple(grads[name].shape)}")
    return {name: params[name] - lr * grads[name] for name in params}
