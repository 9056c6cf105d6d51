"""Plausible wrong solutions to the implement exercises of docs/chapters/backprop.md, and the hint each must get."""

import numpy as np


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


WRONG = {
    "backprop/sigmoid-backward": [
        (lambda z, grad_out: _sigmoid(z) * (1 - _sigmoid(z)), "multiplies σ'(z) by grad_out"),
        (lambda z, grad_out: grad_out * _sigmoid(z), "σ(z) is the forward pass"),
        (lambda z, grad_out: grad_out * z * (1 - z), "with a = σ(z), the output, not z"),
        (lambda z, grad_out: grad_out * _sigmoid(z) * (_sigmoid(z) - 1), "a sign error"),
        (lambda z: _sigmoid(z), "keep the signature"),
    ],
    "backprop/linear-backward": [
        (lambda X, W, g: (g @ W, X.T @ g, g.sum(axis=0)), "not Xᵀ grad_out"),
        (lambda X, W, g: (g @ W, g.T @ X, g), "sums grad_out over the batch"),
        (lambda X, W, g: (g @ W, g.T @ X, g.mean(axis=0)), "sum over the batch, do not average"),
        (lambda X, W, g: (g @ W.T, g.T @ X, g.sum(axis=0)), "raised ValueError"),
        (lambda X, W, g: (g @ W, g.T @ X / len(X), g.sum(axis=0)), "do not average"),
        (lambda X, W, g: g @ W, "as a tuple (grad_X, grad_W, grad_b)"),
    ],
    "backprop/network-backward": [
        (lambda p, c, y: _network(p, c, y, mean=False), "divide the sums by N"),
        (lambda p, c, y: _network(p, c, y, slope=False), "the sigmoid's slope is missing"),
        (lambda p, c, y: _network(p, c, y, sign=-1), "a sign error: δ[2] = ŷ − y"),
        (lambda p, c, y: _network(p, c, y, slope="a1"), "not a[1]"),
        (lambda p, c, y: {k: v for k, v in _network(p, c, y).items() if k != "b1"}, "return a dict with the gradients"),
    ],
}


def _network(params, cache, y, mean=True, slope=True, sign=1):
    """The scratch network's backward, with the likely mistakes switchable."""
    x, a1, y_hat = cache["x"], cache["a1"], cache["y_hat"]
    N = x.shape[1] if mean else 1
    delta2 = sign * (y_hat - y.reshape(1, -1))
    factor = a1 * (1 - a1) if slope is True else (a1 if slope == "a1" else 1)
    delta1 = (params["W2"].T @ delta2) * factor
    return {"W2": delta2 @ a1.T / N, "b2": delta2.sum(axis=1, keepdims=True) / N,
            "W1": delta1 @ x.T / N, "b1": delta1.sum(axis=1, keepdims=True) / N}
