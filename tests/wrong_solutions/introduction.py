"""Plausible wrong solutions to the implement exercises of docs/chapters/introduction.md, and the hint each must get."""

import numpy as np

WRONG = {
    "introduction/empirical-risk": [
        (lambda w, b, X, y: np.sum((X @ w + b - y) ** 2), "their mean: divide by N"),
        (lambda w, b, X, y: np.mean(np.abs(X @ w + b - y)), "not |ŷ − y|"),
        (lambda w, b, X, y: np.mean((X @ w - y) ** 2), "the bias b is missing"),
        (lambda w, b, X, y: np.sqrt(np.mean((X @ w + b - y) ** 2)), "that is the RMSE"),
        (lambda w, b, X, y: np.mean((X @ w + b - y) ** 2) / 2, "no factor 1/2"),
    ],
    "introduction/nearest-centre": [
        (lambda X, C: ((X[:, None] - C[None]) ** 2).sum(2).argmax(1), "argmax picks the farthest centre"),
        (lambda X, C: ((X[:, None] - C[None]) ** 2).sum(2).argmin(1) + 1, "numbered 0 … K − 1"),
        (lambda X, C: ((X[:, None] - C[None]) ** 2).sum(2).argmin(0), "one label per example"),
        (lambda X, C: ((X[:, None] - C[None]) ** 2).sum(2), "not the distances"),
        (lambda X, C: np.abs(X[:, None] - C[None]).sum(2).argmin(1), "the smallest ‖x − μₖ‖²"),
    ],
}
