"""Plausible wrong solutions to the implement exercises of docs/chapters/gradient-descent.md, and the hint each must get."""

import numpy as np


def _ascent(grad, theta0, lr, steps):
    theta = np.array(theta0, dtype=float)
    for _ in range(steps):
        theta = theta + lr * grad(theta)
    return theta


def _one_too_few(grad, theta0, lr, steps):
    theta = np.array(theta0, dtype=float)
    for _ in range(steps - 1):
        theta = theta - lr * grad(theta)
    return theta


def _one_too_many(grad, theta0, lr, steps):
    theta = np.array(theta0, dtype=float)
    for _ in range(steps + 1):
        theta = theta - lr * grad(theta)
    return theta


def _frozen_gradient(grad, theta0, lr, steps):
    theta, g = np.array(theta0, dtype=float), grad(theta0)
    for _ in range(steps):
        theta = theta - lr * g
    return theta


def _endless(grad, theta0, lr, steps):
    theta, step = np.array(theta0, dtype=float), 0
    while step < steps:
        theta = theta - lr * grad(theta)  # the counter is never moved
    return theta


def _epoch(w, X, y, lr, batch_size, factor=2.0, mean=True, keep_last=True, whole=False):
    w = np.array(w, dtype=float)
    size = len(X) if whole else batch_size
    stop = len(X) if keep_last else len(X) - len(X) % size
    for start in range(0, stop, size):
        Xb, yb = X[start:start + size], y[start:start + size]
        g = factor * Xb.T @ (Xb @ w - yb)
        w = w - lr * (g / len(Xb) if mean else g)
    return w


WRONG = {
    "gradient-descent/descent-loop": [
        (_ascent, "a step goes against the gradient"),
        (_one_too_few, "one step too few"),
        (_one_too_many, "one step too many"),
        (_frozen_gradient, "recompute the gradient at the current θ"),
        (_endless, "was stopped"),
    ],
    "gradient-descent/minibatch-epoch": [
        (lambda w, X, y, lr, b: _epoch(w, X, y, lr, b, keep_last=False), "the last batch is smaller"),
        (lambda w, X, y, lr, b: _epoch(w, X, y, lr, b, mean=False), "divide the gradient by the batch's size"),
        (lambda w, X, y, lr, b: _epoch(w, X, y, lr, b, factor=1.0), "the factor 2 is missing"),
        (lambda w, X, y, lr, b: _epoch(w, X, y, lr, b, whole=True), "one step per minibatch"),
    ],
}
