"""Plausible wrong solutions to the implement exercises of docs/chapters/losses.md, and the hint each must get."""

import numpy as np


def _log_softmax(z):
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _naive_cross_entropy(z, y):
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return -np.log(p[np.arange(len(y)), y]).mean()


def _naive_gradient(z, y):
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    return (p - np.eye(z.shape[1])[y]) / len(y)


WRONG = {
    "losses/softmax-cross-entropy": [
        (_naive_cross_entropy, "subtract each row's maximum"),
        (lambda z, y: -_log_softmax(z)[np.arange(len(y)), y].sum(), "the loss is their mean"),
        (lambda z, y: -_log_softmax(z).max(axis=1).mean(), "the probability of the true class"),
        (lambda z, y: (1 - _softmax(z)[np.arange(len(y)), y]).mean(), "not 1 minus it"),
        (lambda z, y: -_log_softmax(z).mean(), "pick one entry per row"),
    ],
    "losses/cross-entropy-gradient": [
        (_naive_gradient, "subtract each row's maximum"),
        (lambda z, y: _softmax(z) - np.eye(z.shape[1])[y], "divided by N"),
        (lambda z, y: (np.eye(z.shape[1])[y] - _softmax(z)) / len(y), "a sign error"),
        (lambda z, y: _softmax(z) / len(y), "subtract the one-hot label"),
        (lambda z, y: _softmax(z)[:, 0], "returned the wrong shape"),
    ],
}
