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
}
