"""Plausible wrong solutions to the implement exercises of docs/chapters/neuron.md, and the hint each must get."""

import numpy as np

WRONG = {
    "neuron/neuron-forward": [
        (lambda X, w, b: X @ w + b, "apply the sigmoid σ(z)"),
        (lambda X, w, b: 1 / (1 + np.exp(-(X @ w))), "the bias b is missing"),
        (lambda X, w, b: np.tanh(X @ w + b), "that is tanh(z)"),
        (lambda X, w, b: (X @ w + b > 0).astype(float), "that is the perceptron's step"),
        (lambda X, w, b: 1 / (1 + np.exp(X @ w + b)), "the sign in the exponent"),
        (lambda X, w, b: 1 / (1 + np.exp(-(X.T @ w + b))), "raised ValueError"),
    ],
    "neuron/perceptron-step": [
        (lambda w, x, y, lr: w + lr * (y - (1 if w @ x >= 0 else 0)) * x, "at z = 0 exactly the perceptron says 0"),
        (lambda w, x, y, lr: w - lr * (y - (1 if w @ x > 0 else 0)) * x, "a sign error"),
        (lambda w, x, y, lr: w + lr * (y - w @ x) * x, "not z itself (that would be the delta rule)"),
        (lambda w, x, y, lr: w + (y - (1 if w @ x > 0 else 0)) * x, "multiply the change by the step α"),
        (lambda w, x, y, lr: w + lr * y * x, "nothing changes when the prediction is right"),
    ],
}
