"""Checkers of the exercises of the chapter on backpropagation (docs/chapters/backprop.md)."""

from __future__ import annotations

import numpy as np

from dlref import scratch
from dlref.exercises.checking import call, compare, exercise, finite_differences, random_generator

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
