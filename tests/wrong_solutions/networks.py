"""Plausible wrong solutions to the implement exercises of docs/chapters/networks.md, and the hint each must get."""

import numpy as np

WRONG = {
    "networks/dense-forward": [
        (lambda X, W, b: X @ W.T, "the bias b is missing"),
        (lambda X, W, b: W @ X.T + b[:, None], "one column per example"),
        (lambda X, W, b: X @ W + b, "raised ValueError"),  # the first shape is not square: a shape error
        (lambda X, W, b: X @ W.T - b, "add the bias"),
    ],
    "networks/mlp-forward": [
        (lambda X, W1, b1, W2, b2: (X @ W1.T + b1) @ W2.T + b2, "the hidden layer's ReLU is missing"),
        (lambda X, W1, b1, W2, b2: np.maximum(0, np.maximum(0, X @ W1.T + b1) @ W2.T + b2),
         "the output layer has no ReLU"),
        (lambda X, W1, b1, W2, b2: 1 / (1 + np.exp(-(X @ W1.T + b1))) @ W2.T + b2, "not the sigmoid"),
        (lambda X, W1, b1, W2, b2: np.maximum(0, X @ W1.T + b1) @ W2.T, "bias b2 is missing"),
    ],
}
