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
}
