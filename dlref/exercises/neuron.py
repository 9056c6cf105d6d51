"""Checkers of the exercises of the chapter on the neuron and the perceptron (docs/chapters/neuron.md)."""

from __future__ import annotations

import numpy as np

from dlref import activations, functional
from dlref.autograd import tensor
from dlref.exercises.checking import call, compare, exercise, random_generator
from dlref.neuron import Perceptron


@exercise("neuron/neuron-forward", name="neuron_forward", title="A sigmoid neuron on a batch")
def _neuron_forward(solution):
    rng = random_generator()
    name = "neuron_forward(X, w, b)"
    cases = [((6, 3), "6 examples of 3 inputs"), ((1, 4), "a batch of one"), ((5, 1), "one input")]
    for (N, D), case in cases:
        X, w, b = 2 * rng.standard_normal((N, D)), rng.standard_normal(D), float(rng.standard_normal())
        _attempt(solution, name, X, w, b, case)
    _attempt(solution, name, np.array([[0.0, 0.0], [30.0, 20.0], [-30.0, -20.0]]), np.array([1.0, 1.0]), 0.0,
             "z = 0 and z = ±50")
    return [f"matches dlref (linear, then sigmoid) on {len(cases)} random batches (a batch of one included)",
            "z = 0 gives 0.5, z = ±50 saturates"]


def _attempt(solution, name, X, w, b, case):
    inputs = {"X": X, "w": w, "b": b}
    z = X @ w + b
    expected = activations.sigmoid(functional.linear(tensor(X, dtype="float64"), tensor(w[None, :], dtype="float64"),
                                                     tensor([b], dtype="float64"))).numpy()[:, 0]
    with np.errstate(over="ignore"):
        compare(call(solution, X, w, b, name=name, inputs=inputs), expected, name, inputs=inputs, case=case,
                mistakes=[(z, "that is z = Xw + b, the neuron's input: apply the sigmoid σ(z) to it"),
                          (1 / (1 + np.exp(-(X @ w))), "the bias b is missing: z = Xw + b"),
                          (np.tanh(z), "that is tanh(z); this neuron's activation is the sigmoid 1/(1 + e⁻ᶻ)"),
                          ((z > 0).astype(float), "that is the perceptron's step; this neuron's activation is the "
                                                  "smooth sigmoid 1/(1 + e⁻ᶻ)"),
                          (1 / (1 + np.exp(z)), "σ(z) = 1/(1 + e⁻ᶻ): the sign in the exponent is minus")],
                hint="a = σ(z) with z = Xw + b, one value per row of X")


@exercise("neuron/perceptron-step", name="perceptron_step", title="The perceptron's update")
def _perceptron_step(solution):
    rng = random_generator()
    name = "perceptron_step(w, x, y, lr)"
    data = [(np.array([[1, 1], [1, 0], [0, 1], [0, 0]]), np.array([1, 0, 0, 0]), 1.0, "AND, from w = 0"),
            (np.array([[1, 1], [1, 0], [0, 1], [0, 0]]), np.array([0, 1, 1, 0]), 0.5, "XOR, α = 0.5")]
    X = rng.standard_normal((6, 3))
    data.append((X, (X @ np.array([1.0, -2.0, 0.5]) > 0.1).astype(int), 0.1, "6 random examples in 3-d, α = 0.1"))
    steps = 0
    for X, y, lr, case in data:
        model = Perceptron(X.shape[1], lr=lr).fit(X, y, max_epochs=3)  # dlref's perceptron: w after every step
        before = np.vstack([np.zeros(X.shape[1] + 1), model.trace[:-1]])
        rows = np.hstack([np.ones((len(X), 1)), X])
        for t, (w, after) in enumerate(zip(before, model.trace)):
            x, target = rows[t % len(X)], int(y[t % len(X)])
            inputs = {"w": w, "x": x, "y": target, "lr": lr}
            z = w @ x
            compare(call(solution, w, x, target, lr, name=name, inputs=inputs), after, name, inputs=inputs,
                    case=f"{case}, step {t + 1}", atol=1e-12,
                    mistakes=[(w + lr * (target - (1 if z >= 0 else 0)) * x,
                               "f(z) = 1 only when z > 0: at z = 0 exactly the perceptron says 0"),
                              (w - lr * (target - (1 if z > 0 else 0)) * x,
                               "a sign error: the update adds α (y − ŷ) x, it moves w towards a missed positive"),
                              (w + lr * (target - z) * x,
                               "use the prediction ŷ = f(z), 0 or 1, not z itself (that would be the delta rule)"),
                              (w + (target - (1 if z > 0 else 0)) * x, "multiply the change by the step α (lr)"),
                              (w + lr * target * x, "update by α (y − ŷ) x: nothing changes when the prediction "
                                                    "is right")],
                    hint="w ← w + α (y − f(wᵀx)) x, with f(z) = 1 if z > 0 else 0")
            steps += 1
    return [f"reproduces dlref's Perceptron step by step ({steps} steps on AND, XOR and random data)",
            "z = 0 gives ŷ = 0, a right prediction changes nothing"]
