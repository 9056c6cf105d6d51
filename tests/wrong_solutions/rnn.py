"""Plausible wrong solutions to the implement exercises of docs/chapters/rnn.md, and the hint each must get."""

import numpy as np


def step_no_tanh(x, h, W_ih, W_hh, b_ih, b_hh):
    return x @ W_ih.T + b_ih + h @ W_hh.T + b_hh


def step_no_memory(x, h, W_ih, W_hh, b_ih, b_hh):
    return np.tanh(x @ W_ih.T + b_ih + b_hh)


def step_one_bias(x, h, W_ih, W_hh, b_ih, b_hh):
    return np.tanh(x @ W_ih.T + b_ih + h @ W_hh.T)


def step_untransposed(x, h, W_ih, W_hh, b_ih, b_hh):
    return np.tanh(x @ W_ih.T + b_ih + h @ W_hh + b_hh)


def step_sigmoid(x, h, W_ih, W_hh, b_ih, b_hh):
    return 1 / (1 + np.exp(-(x @ W_ih.T + b_ih + h @ W_hh.T + b_hh)))


def _backward(X, W_ih, W_hh, b, grad_h_T, slope, back):
    N, T, D = X.shape
    states = [np.zeros((N, W_hh.shape[0]))]
    for t in range(T):
        states.append(np.tanh(X[:, t] @ W_ih.T + states[-1] @ W_hh.T + b))
    dX, dh = np.zeros_like(X), grad_h_T
    for t in range(T, 0, -1):
        da = dh * slope(states, t)
        dX[:, t - 1] = da @ W_ih
        dh = back(da, W_hh)
    return dX


def grads_last_step_only(X, W_ih, W_hh, b, grad_h_T):
    return _backward(X, W_ih, W_hh, b, grad_h_T, lambda s, t: 1 - s[t] ** 2, lambda da, W: 0 * da)


def grads_no_tanh_slope(X, W_ih, W_hh, b, grad_h_T):
    return _backward(X, W_ih, W_hh, b, grad_h_T, lambda s, t: 1.0, lambda da, W: da @ W)


def grads_slope_of_previous_state(X, W_ih, W_hh, b, grad_h_T):
    return _backward(X, W_ih, W_hh, b, grad_h_T, lambda s, t: 1 - s[t - 1] ** 2, lambda da, W: da @ W)


def grads_transposed(X, W_ih, W_hh, b, grad_h_T):
    return _backward(X, W_ih, W_hh, b, grad_h_T, lambda s, t: 1 - s[t] ** 2, lambda da, W: da @ W.T)


WRONG = {
    "rnn/rnn-step": [(step_no_tanh, "the tanh is missing"), (step_no_memory, "previous state h is not used"),
                     (step_one_bias, "b_hh is missing"), (step_untransposed, "untransposed"),
                     (step_sigmoid, "a sigmoid was used")],
    "rnn/input-gradients": [(grads_last_step_only, "only the last step"), (grads_no_tanh_slope, "derivative of tanh"),
                            (grads_slope_of_previous_state, "wrong state"), (grads_transposed, "da @ W_hh, not")],
}
