"""Checkers of the exercises of the chapter on backpropagation (docs/chapters/backprop.md)."""

from __future__ import annotations

import numpy as np

from dlref import checks, functional, scratch
from dlref.autograd import tensor
from dlref.backend import to_numpy
from dlref.exercises.checking import Mistake, call, compare, exercise, finite_differences, random_generator

SHAPES = [(5,), (3, 4), (1, 3), (2, 3, 2)]  # a vector, a batch, a batch of one, three axes


@exercise("backprop/sigmoid-backward", name="sigmoid_backward", title="The sigmoid's backward")
def _sigmoid_backward(solution):
    rng = random_generator()
    name = "sigmoid_backward(z, grad_out)"

    def attempt(z, grad_out, case=""):
        s = scratch.sigmoid(z)
        got = call(solution, z, grad_out, name=name, inputs={"z": z, "grad_out": grad_out})
        compare(got, grad_out * scratch.sigmoid_prime(z), name, inputs={"z": z, "grad_out": grad_out}, case=case,
                mistakes=[(scratch.sigmoid_prime(z), "the chain rule multiplies σ'(z) by grad_out, the gradient "
                                                     "that arrives from above"),
                          (grad_out * s, "σ(z) is the forward pass; the backward needs its derivative σ(z)(1 − σ(z))"),
                          (grad_out * z * (1 - z), "the derivative is a(1 − a) with a = σ(z), the output, not z"),
                          (-grad_out * scratch.sigmoid_prime(z), "a sign error: σ'(z) = σ(z)(1 − σ(z)) is positive"),
                          (grad_out * s * (1 + s), "σ'(z) = σ(z)(1 − σ(z)): a minus, not a plus")],
                hint="σ'(z) = σ(z)(1 − σ(z)), times grad_out, element by element")
        return got

    worst = 0.0
    for shape in SHAPES:
        z, grad_out = rng.standard_normal(shape) * 2, rng.standard_normal(shape)
        got = attempt(z, grad_out, case=f"shape {shape}")
        numeric = finite_differences(lambda v: float((scratch.sigmoid(v) * grad_out).sum()), z)
        worst = max(worst, float(np.abs(np.asarray(got) - numeric).max()))
    attempt(np.zeros(3), np.ones(3), case="z = 0, where σ'(0) = 1/4")
    attempt(np.array([-40.0, 40.0]), np.ones(2), case="z = ±40, where σ saturates")
    return [f"matches dlref on {len(SHAPES)} random shapes", f"finite differences agree to {worst:.0e}",
            "z = 0 and z = ±40 handled"]


def _t(array, requires_grad=False):
    return tensor(array, dtype="float64", requires_grad=requires_grad)


@exercise("backprop/linear-backward", name="linear_backward", title="A dense layer's backward pass")
def _linear_backward(solution):
    rng = random_generator(1)
    name = "linear_backward(X, W, grad_out)"
    cases = [((5, 3, 4), "5 examples, 3 inputs, 4 outputs"), ((1, 2, 3), "a batch of one"),
             ((4, 3, 3), "as many inputs as outputs"), ((6, 5, 1), "a single output")]
    worst = 0.0
    for (N, n_in, n_out), case in cases:
        X, W, b = rng.standard_normal((N, n_in)), rng.standard_normal((n_out, n_in)), rng.standard_normal(n_out)
        grad_out = rng.standard_normal((N, n_out))
        inputs = {"X": X, "W": W, "grad_out": grad_out}
        Xt, Wt, bt = _t(X, True), _t(W, True), _t(b, True)
        (functional.linear(Xt, Wt, bt) * _t(grad_out)).sum().backward()  # dlref's autograd: the reference
        got = call(solution, X, W, grad_out, name=name, inputs=inputs)
        if not (isinstance(got, (tuple, list)) and len(got) == 3):
            raise Mistake(f"{name} returned {checks.shown(got)}: return the three gradients as a tuple "
                          f"(grad_X, grad_W, grad_b)")
        grad_X, grad_W, grad_b = got
        square = [(grad_out @ W.T, "∂L/∂X = grad_out W: W is stored (out, in), so no transpose here")] \
            if n_in == n_out else []
        compare(grad_X, to_numpy(Xt.grad), f"{name}[0], ∂L/∂X,", inputs=inputs, case=case, mistakes=square,
                hint="∂L/∂X = grad_out W, of the shape of X")
        compare(grad_W, to_numpy(Wt.grad), f"{name}[1], ∂L/∂W,", inputs=inputs, case=case,
                mistakes=[(X.T @ grad_out, "∂L/∂W has the shape of W, (out, in): grad_outᵀ X, not Xᵀ grad_out"),
                          (grad_out.T @ X / N, "sum over the batch, do not average: the mean, if any, is the loss's "
                                               "and is already in grad_out")],
                hint="∂L/∂W = grad_outᵀ X, one term per example, summed")
        compare(grad_b, to_numpy(bt.grad), f"{name}[2], ∂L/∂b,", inputs=inputs, case=case,
                mistakes=[(grad_out, "the bias is added to every row: its gradient sums grad_out over the batch "
                                     "(axis 0)"),
                          (grad_out.mean(axis=0), "sum over the batch, do not average: the mean, if any, is the "
                                                  "loss's and is already in grad_out"),
                          (grad_out.sum(axis=1), "sum over the examples (axis 0), one value per output")],
                hint="∂L/∂b = Σᵢ grad_outᵢ, of the shape of b")
        numeric = finite_differences(lambda v: float((_linear(X, v, b) * grad_out).sum()), W)
        worst = max(worst, float(np.abs(np.asarray(grad_W) - numeric).max()))
    return [f"the three gradients match dlref's autograd on {len(cases)} random shapes (a batch of one, a square W)",
            f"∂L/∂W agrees with finite differences to {worst:.0e}"]


def _linear(X, W, b) -> np.ndarray:
    return functional.linear(_t(X), _t(W), _t(b)).numpy()


NAMES = ("W2", "b2", "W1", "b1")  # in the order the backward pass computes them


@exercise("backprop/network-backward", name="network_backward", title="The scratch network's backward pass")
def _network_backward(solution):
    rng = random_generator(2)
    name = "network_backward(params, cache, y)"
    cases = [((5, 3, 4), "5 examples, D = 3, H = 4"), ((1, 2, 3), "a single example"), ((8, 4, 1), "one hidden unit")]
    worst = 0.0
    for (N, D, H), case in cases:
        params = {"W1": rng.standard_normal((H, D)), "b1": rng.standard_normal((H, 1)),
                  "W2": rng.standard_normal((1, H)), "b2": rng.standard_normal((1, 1))}
        X, y = rng.standard_normal((N, D)), rng.integers(0, 2, N).astype(float)
        _, cache = scratch.forward(params, X)
        inputs = {"W1": params["W1"], "W2": params["W2"], "x": cache["x"], "y_hat": cache["y_hat"], "y": y}
        got = call(solution, params, cache, y, name=name, inputs=inputs)
        if not (isinstance(got, dict) and set(got) >= set(NAMES)):
            raise Mistake(f"{name} returned {checks.shown(got)}: return a dict with the gradients of "
                          f"{', '.join(NAMES)}, as scratch.backward does")
        expected = scratch.backward(params, cache, y)
        x, a1, y_hat, W2 = cache["x"], cache["a1"], cache["y_hat"], params["W2"]
        delta2 = y_hat - y[None, :]
        delta1 = (W2.T @ delta2) * scratch.sigmoid_prime(cache["Z1"])
        likely = {"W2": [(delta2 @ a1.T, "𝓛 is the mean over the N examples: divide the sums by N"),
                         (-delta2 @ a1.T / N, "a sign error: δ[2] = ŷ − y")],
                  "b2": [(delta2.sum(axis=1, keepdims=True), "𝓛 is the mean over the N examples: divide by N"),
                         (delta2 / N, "the bias gets the sum of δ[2] over the examples (axis 1), keepdims")],
                  "W1": [((W2.T @ delta2) @ x.T / N, "δ[1] = W[2]ᵀ δ[2] ∘ σ'(Z[1]): the sigmoid's slope is "
                                                     "missing"),
                         (delta1 @ x.T, "𝓛 is the mean over the N examples: divide the sums by N"),
                         (((W2.T @ delta2) * a1) @ x.T / N, "σ'(Z[1]) = a[1](1 − a[1]), not a[1]")],
                  "b1": [(delta1.sum(axis=1, keepdims=True), "𝓛 is the mean over the N examples: divide by N"),
                         ((W2.T @ delta2).sum(axis=1, keepdims=True) / N, "δ[1] = W[2]ᵀ δ[2] ∘ σ'(Z[1]): the "
                                                                           "sigmoid's slope is missing")]}
        for key in NAMES:
            compare(got[key], expected[key], f"{name}['{key}']", inputs=inputs, case=case, mistakes=likely[key],
                    hint="δ[2] = ŷ − y, δ[1] = W[2]ᵀ δ[2] ∘ σ'(Z[1]); each gradient averaged over the N columns")

        def loss(W1, params=params, X=X, y=y):
            return scratch.bce_loss(scratch.forward({**params, "W1": W1}, X)[0], y)

        worst = max(worst, float(np.abs(np.asarray(got["W1"]) - finite_differences(loss, params["W1"])).max()))
    return [f"the four gradients match dlref.scratch.backward on {len(cases)} random networks (one example and one "
            "hidden unit included)", f"∂𝓛/∂W1 agrees with finite differences to {worst:.0e}"]
