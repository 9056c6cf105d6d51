"""Plausible wrong solutions to the implement exercises of docs/chapters/vanishing-gradients.md, and their hints."""

import numpy as np


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def lstm_order_ifog(x, h, c, W_ih, W_hh, b):
    i, f, o, g = np.split(x @ W_ih.T + h @ W_hh.T + b, 4, axis=1)
    c_new = _sigmoid(f) * c + _sigmoid(i) * np.tanh(g)
    return _sigmoid(o) * np.tanh(c_new), c_new


def lstm_sigmoid_candidate(x, h, c, W_ih, W_hh, b):
    i, f, g, o = np.split(x @ W_ih.T + h @ W_hh.T + b, 4, axis=1)
    c_new = _sigmoid(f) * c + _sigmoid(i) * _sigmoid(g)
    return _sigmoid(o) * np.tanh(c_new), c_new


def lstm_no_forget(x, h, c, W_ih, W_hh, b):
    i, f, g, o = np.split(x @ W_ih.T + h @ W_hh.T + b, 4, axis=1)
    c_new = c + _sigmoid(i) * np.tanh(g)
    return _sigmoid(o) * np.tanh(c_new), c_new


def lstm_no_cell_tanh(x, h, c, W_ih, W_hh, b):
    i, f, g, o = np.split(x @ W_ih.T + h @ W_hh.T + b, 4, axis=1)
    c_new = _sigmoid(f) * c + _sigmoid(i) * np.tanh(g)
    return _sigmoid(o) * c_new, c_new


def lstm_swapped_outputs(x, h, c, W_ih, W_hh, b):
    i, f, g, o = np.split(x @ W_ih.T + h @ W_hh.T + b, 4, axis=1)
    c_new = _sigmoid(f) * c + _sigmoid(i) * np.tanh(g)
    return [c_new, _sigmoid(o) * np.tanh(c_new), None]


def clip_each(grads, max_norm):
    return [g * min(1.0, max_norm / (np.linalg.norm(g) + 1e-6)) for g in grads]


def clip_always(grads, max_norm):
    total = np.sqrt(sum(np.sum(g ** 2) for g in grads))
    return [g * max_norm / (total + 1e-6) for g in grads]


def clip_elements(grads, max_norm):
    return [np.clip(g, -max_norm, max_norm) for g in grads]


def clip_l1(grads, max_norm):
    total = sum(np.abs(g).sum() for g in grads)
    return [g * min(1.0, max_norm / (total + 1e-6)) for g in grads]


def clip_no_sqrt(grads, max_norm):
    total = sum(np.sum(g ** 2) for g in grads)
    return [g * min(1.0, max_norm / (total + 1e-6)) for g in grads]


def clip_one_vector(grads, max_norm):
    g = np.concatenate([g.ravel() for g in grads])
    return g * min(1.0, max_norm / (np.linalg.norm(g) + 1e-6))


WRONG = {
    "vanishing-gradients/lstm-step": [
        (lstm_order_ifog, "wrong order"), (lstm_sigmoid_candidate, "candidate g is squashed by tanh"),
        (lstm_no_forget, "forget gate is not applied"), (lstm_no_cell_tanh, "tanh of the cell is missing"),
        (lstm_swapped_outputs, "should return the pair (h_new, c_new)")],
    "vanishing-gradients/clip-grad-norm": [
        (clip_each, "clipped on its own"), (clip_always, "min(1, c / ‖g‖)"), (clip_elements, "each element"),
        (clip_l1, "not the sum of |g|"), (clip_no_sqrt, "square root is missing"),
        (clip_one_vector, "one per gradient")],
}
