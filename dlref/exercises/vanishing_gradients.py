"""Checkers of the exercises of the chapter on vanishing gradients (docs/chapters/vanishing-gradients.md)."""

from __future__ import annotations

import numpy as np

import dlref
from dlref import checks, functional, optimizers
from dlref.backend import to_numpy
from dlref.exercises.checking import Mistake, call, compare, exercise, random_generator


def _tensor(array, requires_grad: bool = False):
    return dlref.tensor(np.asarray(array, dtype=np.float64), requires_grad=requires_grad, dtype="float64")


def _pair(got, name: str, what: str) -> tuple:
    """The two arrays a solution returned as a tuple, or a Mistake saying what came instead."""
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise Mistake(f"{name} should return the pair {what}, as `return h_new, c_new`; got {checks.shown(got)}")
    return tuple(got)


def _sigmoid(a):
    return 1 / (1 + np.exp(-a))


def _lstm_variant(x, h, c, W_ih, W_hh, b, *, order="ifgo", squash_g=np.tanh, forget=True, write_gate=True,
                  squash_c=np.tanh) -> tuple:
    """One LSTM step with the checker's own code, for the values of the likely mistakes."""
    parts = dict(zip(order, np.split(x @ W_ih.T + h @ W_hh.T + b, 4, axis=1)))
    i, f, g, o = _sigmoid(parts["i"]), _sigmoid(parts["f"]), squash_g(parts["g"]), _sigmoid(parts["o"])
    c_new = (f * c if forget else c) + (i * g if write_gate else g)
    return o * squash_c(c_new), c_new


@exercise("vanishing-gradients/lstm-step", name="lstm_step", title="One step of an LSTM")
def _lstm_step(solution):
    rng = random_generator(40)
    cases = [(3, 2, 4, "a batch of 3"), (1, 3, 2, "a batch of one"), (2, 5, 3, "more inputs than units"),
             (2, 1, 1, "one unit")]   # N, D, H
    for N, D, H, case in cases:
        x, h, c = rng.standard_normal((N, D)), np.tanh(rng.standard_normal((N, H))), rng.standard_normal((N, H))
        W_ih, W_hh, b = rng.standard_normal((4 * H, D)), rng.standard_normal((4 * H, H)), rng.standard_normal(4 * H)
        name = "lstm_step(x, h, c, W_ih, W_hh, b)"
        inputs = {"x": x, "h": h, "c": c, "W_ih": W_ih, "W_hh": W_hh, "b": b}
        got = _pair(call(solution, x, h, c, W_ih, W_hh, b, name=name, inputs=inputs), name, "(h_new, c_new)")
        _, (h_T, c_T) = functional.lstm(_tensor(x[:, None]), (_tensor(h), _tensor(c)), _tensor(W_ih), _tensor(W_hh),
                                        _tensor(b), _tensor(np.zeros(4 * H)))
        args = (x, h, c, W_ih, W_hh, b)
        mistakes = [(_lstm_variant(*args, order="ifog"), "the gates are in the wrong order: the rows of W_ih are "
                                                         "stacked as (i, f, g, o), PyTorch's order"),
                    (_lstm_variant(*args, order="figo"), "the gates are in the wrong order: the rows of W_ih are "
                                                         "stacked as (i, f, g, o), PyTorch's order"),
                    (_lstm_variant(*args, squash_g=_sigmoid), "the candidate g is squashed by tanh, not by the "
                                                              "sigmoid: it may be negative"),
                    (_lstm_variant(*args, forget=False), "the forget gate is not applied: c_new = f ⊙ c + i ⊙ g"),
                    (_lstm_variant(*args, write_gate=False), "the input gate is not applied: "
                                                              "c_new = f ⊙ c + i ⊙ g"),
                    (_lstm_variant(*args, squash_c=lambda v: v), "h_new = o ⊙ tanh(c_new): the tanh of the cell "
                                                                 "is missing")]
        for k, (value, label) in enumerate([(c_T.numpy(), "c_new"), (h_T.numpy(), "h_new")]):
            compare(got[1 - k], value, f"{name}: {label}", inputs=inputs, case=case,
                    mistakes=[(m[1 - k], hint) for m, hint in mistakes],
                    hint="split x W_ih^T + h W_hh^T + b into four blocks of H columns: i, f, g, o")
    return [f"h_new and c_new match dlref's LSTM for one step on {len(cases)} random cases",
            "a batch of one, a single unit, D larger and smaller than H"]


def _scaled(grads, factor) -> list:
    return [g * factor for g in grads]


@exercise("vanishing-gradients/clip-grad-norm", name="clip_grad_norm", title="Clipping the gradient's norm")
def _clip_grad_norm(solution):
    rng = random_generator(41)
    cases = [([(3, 4), (4,), (2, 3)], 1.0, 5.0, "a norm above the threshold"),
             ([(5,), (2, 2)], 10.0, 0.3, "a norm below the threshold: nothing changes"),
             ([(6, 2)], 0.5, 3.0, "a single array"),
             ([(2, 3), (3,)], 1.0, 0.0, "gradients of zero"),
             ([(1,), (3, 1), (2, 2, 2)], 2.0, 1.0, "three arrays of different shapes")]   # shapes, c, scale, case
    for shapes, max_norm, scale, case in cases:
        grads = [scale * rng.standard_normal(shape) for shape in shapes]
        params = [_tensor(np.zeros(shape), requires_grad=True) for shape in shapes]
        for p, g in zip(params, grads):
            (p * _tensor(g)).sum().backward()                     # p.grad = g
        optimizers.clip_grad_norm_(params, max_norm)
        expected = [to_numpy(p.grad) for p in params]
        name = "clip_grad_norm(grads, max_norm)"
        total = np.sqrt(sum(np.sum(g ** 2) for g in grads))
        inputs = {"grads": f"{len(grads)} arrays of shapes {shapes}, of joint norm {total:.4g}", "max_norm": max_norm}
        got = call(solution, grads, max_norm, name=name, inputs=inputs)
        if not isinstance(got, (list, tuple)) or len(got) != len(grads):
            raise Mistake(f"{name} should return a list of {len(grads)} arrays, one per gradient, got "
                          f"{checks.shown(got)}")
        safe = max(total, 1e-12)
        mistakes = [([g * min(1.0, max_norm / max(np.linalg.norm(g), 1e-12)) for g in grads],
                     "each array was clipped on its own: the norm is that of all the gradients together, one vector"),
                    (_scaled(grads, max_norm / safe), "the gradient was scaled to max_norm although its norm was "
                                                      "already smaller: the factor is min(1, c / ‖g‖)"),
                    ([np.clip(g, -max_norm, max_norm) for g in grads], "each element was clipped: that changes the "
                                                                        "direction; scale the whole vector instead"),
                    (_scaled(grads, min(1.0, max_norm / max(sum(np.abs(g).sum() for g in grads), 1e-12))),
                     "the norm is the Euclidean one, the square root of the sum of squares, not the sum of |g|"),
                    (_scaled(grads, min(1.0, max_norm / max(total ** 2, 1e-12))),
                     "the square root is missing: ‖g‖ = sqrt(sum of g²)")]
        for i, (g_got, g_expected) in enumerate(zip(got, expected)):
            compare(g_got, g_expected, f"{name}[{i}]", inputs=inputs, case=case, rtol=1e-5, atol=1e-8,
                    mistakes=[(m[i], hint) for m, hint in mistakes],
                    hint="g ← g · min(1, c / ‖g‖), ‖g‖ the norm of all the arrays together")
    return [f"matches dlref's clip_grad_norm_ on {len(cases)} random cases",
            "norms above and below the threshold, gradients of zero, one to three arrays of any shape"]
