"""Checkers of the exercises of the chapter on networks and forward propagation (docs/chapters/networks.md)."""

from __future__ import annotations

import numpy as np

from dlref import activations, functional
from dlref.autograd import tensor
from dlref.exercises.checking import call, compare, exercise, random_generator


def _t(array):
    return tensor(array, dtype="float64")


def _linear(X, W, b) -> np.ndarray:
    """dlref's dense layer: X Wᵀ + b."""
    return functional.linear(_t(X), _t(W), _t(b)).numpy()


@exercise("networks/dense-forward", name="dense_forward", title="A dense layer's forward pass")
def _dense_forward(solution):
    rng = random_generator()
    name = "dense_forward(X, W, b)"
    cases = [((5, 3, 4), "5 examples, 3 inputs, 4 outputs"), ((4, 3, 3), "as many inputs as outputs"),
             ((1, 2, 5), "a batch of one"), ((6, 4, 1), "a single output")]
    for (N, n_in, n_out), case in cases:
        X, W, b = rng.standard_normal((N, n_in)), rng.standard_normal((n_out, n_in)), rng.standard_normal(n_out)
        inputs = {"X": X, "W": W, "b": b}
        mistakes = [(X @ W.T, "the bias b is missing: Z = XWᵀ + b"),
                    (W @ X.T + b[:, None], "that is one column per example: the batch stores examples as rows, "
                                           "so Z = XWᵀ + b, of shape (N, out)"),
                    (X @ W.T - b, "add the bias, do not subtract it")]
        if n_in == n_out:
            mistakes.append((X @ W + b, "W is stored (out, in), as in PyTorch: multiply by its transpose, XWᵀ"))
        compare(call(solution, X, W, b, name=name, inputs=inputs), _linear(X, W, b), name, inputs=inputs,
                case=case, mistakes=mistakes, hint="Z = XWᵀ + b: one row per example, one column per output")
    return [f"matches dlref's functional.linear on {len(cases)} random shapes (a batch of one and a square W "
            "included)"]


@exercise("networks/mlp-forward", name="mlp_forward", title="A two-layer network's forward pass")
def _mlp_forward(solution):
    rng = random_generator(1)
    name = "mlp_forward(X, W1, b1, W2, b2)"
    cases = [((6, 3, 4, 2), "the 3-4-2 network on 6 examples"), ((1, 2, 5, 1), "a batch of one"),
             ((8, 4, 16, 3), "16 hidden units")]
    for (N, D, H, C), case in cases:
        X = rng.standard_normal((N, D))
        W1, b1 = rng.standard_normal((H, D)), rng.standard_normal(H)
        W2, b2 = rng.standard_normal((C, H)), rng.standard_normal(C)
        inputs = {"X": X, "W1": W1, "b1": b1, "W2": W2, "b2": b2}
        Z1 = X @ W1.T + b1
        expected = functional.linear(activations.relu(functional.linear(_t(X), _t(W1), _t(b1))), _t(W2),
                                     _t(b2)).numpy()
        compare(call(solution, X, W1, b1, W2, b2, name=name, inputs=inputs), expected, name, inputs=inputs, case=case,
                mistakes=[(Z1 @ W2.T + b2, "the hidden layer's ReLU is missing: without it the two layers are one "
                                           "linear map"),
                          (np.maximum(np.maximum(Z1, 0) @ W2.T + b2, 0), "the output layer has no ReLU: its scores "
                                                                         "may be negative"),
                          (1 / (1 + np.exp(-Z1)) @ W2.T + b2, "the hidden activation here is the ReLU max(0, z), "
                                                              "not the sigmoid"),
                          (np.maximum(Z1, 0) @ W2.T, "the output layer's bias b2 is missing")],
                hint="H = ReLU(XW1ᵀ + b1), then the output HW2ᵀ + b2")
    return [f"matches dlref (linear, ReLU, linear) on {len(cases)} random networks (a batch of one included)"]
