"""Checkers of the exercises of the chapter on recurrent networks (docs/chapters/rnn.md)."""

from __future__ import annotations

import numpy as np

import dlref
from dlref import functional
from dlref.backend import to_numpy
from dlref.exercises.checking import call, compare, exercise, finite_differences, random_generator


def _tensor(array, requires_grad: bool = False):
    return dlref.tensor(np.asarray(array, dtype=np.float64), requires_grad=requires_grad, dtype="float64")


def _run(X, W_ih, W_hh, b_ih, b_hh, h0=None):
    """dlref's recurrent layer over the sequences X (N, T, D): every state and the last, the reference."""
    outputs, h_T = functional.rnn(_tensor(X), None if h0 is None else _tensor(h0), _tensor(W_ih), _tensor(W_hh),
                                  _tensor(b_ih), _tensor(b_hh))
    return outputs.numpy(), h_T.numpy()


@exercise("rnn/rnn-step", name="rnn_step", title="One step of the recurrence")
def _rnn_step(solution):
    rng = random_generator(30)
    cases = [(4, 3, 5, 1.0, "a batch of 4"), (1, 2, 3, 1.0, "a batch of one"), (3, 6, 2, 1.0, "more inputs than units"),
             (2, 3, 4, 10.0, "large weights: a saturated tanh")]   # N, D, H, scale of the weights
    for N, D, H, scale, case in cases:
        x, h = rng.standard_normal((N, D)), np.tanh(rng.standard_normal((N, H)))
        W_ih, W_hh = scale * rng.standard_normal((H, D)), scale * rng.standard_normal((H, H))
        b_ih, b_hh = rng.standard_normal(H), rng.standard_normal(H)
        name = "rnn_step(x, h, W_ih, W_hh, b_ih, b_hh)"
        inputs = {"x": x, "h": h, "W_ih": W_ih, "W_hh": W_hh, "b_ih": b_ih, "b_hh": b_hh}
        got = call(solution, x, h, W_ih, W_hh, b_ih, b_hh, name=name, inputs=inputs)
        a = x @ W_ih.T + b_ih + h @ W_hh.T + b_hh
        compare(got, _run(x[:, None], W_ih, W_hh, b_ih, b_hh, h0=h)[1], name, inputs=inputs, case=case,
                mistakes=[(a, "the tanh is missing: the new state is tanh of the sum, not the sum itself"),
                          (np.tanh(x @ W_ih.T + b_ih + b_hh), "the previous state h is not used: W_hh h is what "
                                                               "carries the memory from step to step"),
                          (np.tanh(a - b_hh), "the bias b_hh is missing: the sum has two biases, b_ih and b_hh"),
                          (np.tanh(x @ W_ih.T + b_ih + h @ W_hh + b_hh), "W_hh is used untransposed: with a batch "
                                                                        "in the rows, W_hh h is h @ W_hh.T"),
                          (1 / (1 + np.exp(-a)), "a sigmoid was used: the recurrent layer's nonlinearity is tanh")],
                hint="h_new = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh), row by row of the batch")
    return [f"matches dlref's RNN for one step on {len(cases)} random cases",
            "a batch of one, D larger and smaller than H, saturated units"]


def _bptt(X, W_ih, W_hh, b, g, *, slope="h_t", transpose=False, through_time=True) -> np.ndarray:
    """dℓ/dX by backpropagation through time, with the checker's own code, for the likely mistakes' values."""
    N, T, _ = X.shape
    states = [np.zeros((N, W_hh.shape[0]))]
    for t in range(T):
        states.append(np.tanh(X[:, t] @ W_ih.T + states[-1] @ W_hh.T + b))
    dX, dh = np.zeros_like(X), g
    for t in range(T, 0, -1):
        s = {"h_t": states[t], "h_prev": states[t - 1], "none": None}[slope]
        da = dh if s is None else dh * (1 - s ** 2)
        dX[:, t - 1] = da @ W_ih
        dh = (da @ W_hh.T if transpose else da @ W_hh) if through_time else 0 * dh
    return dX


@exercise("rnn/input-gradients", name="rnn_input_gradients", title="Backpropagation through time")
def _input_gradients(solution):
    rng = random_generator(31)
    cases = [(2, 4, 3, 5), (1, 6, 2, 3), (3, 1, 2, 4), (2, 8, 4, 4)]   # N, T, D, H
    worst = 0.0
    for N, T, D, H in cases:
        X = rng.standard_normal((N, T, D))
        W_ih, W_hh, b = rng.standard_normal((H, D)), 0.8 * rng.standard_normal((H, H)), rng.standard_normal(H)
        grad_h_T = rng.standard_normal((N, H))
        Xt = _tensor(X, requires_grad=True)
        h_T = functional.rnn(Xt, None, _tensor(W_ih), _tensor(W_hh), _tensor(b), _tensor(np.zeros(H)))[1]
        (h_T * _tensor(grad_h_T)).sum().backward()
        expected = to_numpy(Xt.grad)
        name = "rnn_input_gradients(X, W_ih, W_hh, b, grad_h_T)"
        inputs = {"X": X, "W_ih": W_ih, "W_hh": W_hh, "b": b, "grad_h_T": grad_h_T}
        case = f"N = {N}, T = {T}, D = {D}, H = {H}" + (" (a single step)" if T == 1 else "")
        got = call(solution, X, W_ih, W_hh, b, grad_h_T, name=name, inputs=inputs)
        args = (X, W_ih, W_hh, b, grad_h_T)
        compare(got, expected, name, inputs=inputs, case=case,
                mistakes=[(_bptt(*args, through_time=False), "only the last step got a gradient: it must also go "
                                                             "back through h_{t-1} to every earlier step"),
                          (_bptt(*args, slope="none"), "the derivative of tanh is missing: multiply by 1 − h_t² at "
                                                       "every step"),
                          (_bptt(*args, slope="h_prev"), "tanh' is taken at the wrong state: it is 1 − h_t², the "
                                                         "output of the step being undone, not 1 − h_{t-1}²"),
                          (_bptt(*args, transpose=True), "the gradient to h_{t-1} is W_hh^T times the gradient at "
                                                         "a_t: with a batch in the rows, da @ W_hh, not da @ W_hh.T")],
                hint="go back from t = T: da_t = dh_t (1 − h_t²), dx_t = da_t W_ih, dh_{t-1} = da_t W_hh")
        numeric = finite_differences(lambda v: float((_run(v, W_ih, W_hh, b, np.zeros(H))[1] * grad_h_T).sum()), X)
        worst = max(worst, float(np.abs(np.asarray(got, dtype=float) - numeric).max()))
    return [f"matches dlref's autograd through the RNN on {len(cases)} random cases",
            f"finite differences agree to {worst:.0e}", "a single step, a batch of one, sequences of up to 8"]
