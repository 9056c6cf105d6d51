"""Checkers of the exercises of the chapter on loss functions (docs/chapters/losses.md)."""

from __future__ import annotations

import numpy as np

from dlref import losses
from dlref.autograd import tensor
from dlref.backend import to_numpy
from dlref.exercises.checking import call, compare, exercise, finite_differences, random_generator


def _cases(rng):
    """(logits, labels, what is special) for both exercises: random shapes, a batch of one, large logits."""
    cases = [(rng.standard_normal((4, 3)), rng.integers(0, 3, 4), "4 examples, 3 classes"),
             (3 * rng.standard_normal((1, 5)), np.array([2]), "a batch of one"),
             (rng.standard_normal((6, 2)), rng.integers(0, 2, 6), "2 classes"),
             (np.array([[1000.0, 0.0, -1000.0], [0.0, 800.0, 0.0]]), np.array([0, 2]), "large logits (±1000)"),
             (np.zeros((3, 4)), np.array([0, 1, 3]), "equal logits")]
    return cases


def _naive(z, y):
    """What the textbook formula gives without the max trick (overflows on large logits)."""
    with np.errstate(all="ignore"):
        p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
        return p, -np.log(p[np.arange(len(y)), y])


@exercise("losses/softmax-cross-entropy", name="cross_entropy", title="Softmax cross-entropy, stable")
def _cross_entropy(solution):
    name = "cross_entropy(z, y)"
    cases = _cases(random_generator())
    for z, y, case in cases:
        inputs = {"z": z, "y": y}
        N = len(y)
        shifted = z - z.max(axis=1, keepdims=True)
        log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        p, naive = _naive(z, y)
        with np.errstate(all="ignore"):
            compare(call(solution, z, y, name=name, inputs=inputs),
                    losses.cross_entropy(tensor(z, dtype="float64"), y).item(), name, inputs=inputs, case=case,
                    mistakes=[(naive.mean(), "e^z overflows for large logits: subtract each row's maximum from z "
                                             "before the exponential (it cancels in the softmax)"),
                              (-log_p[np.arange(N), y].sum(), "that is the sum over the examples; the loss is their "
                                                              "mean"),
                              (-log_p.max(axis=1).mean(), "take the probability of the true class y, not of the "
                                                          "most probable one"),
                              ((1 - np.exp(log_p[np.arange(N), y])).mean(), "the loss is −log of the true class's "
                                                                            "probability, not 1 minus it"),
                              (-log_p.mean(), "pick one entry per row, the true class's: log_p[range(N), y]")],
                    hint="ℓᵢ = −zᵢ,ᵧᵢ + log Σ_c e^(zᵢc), then the mean over the examples")
    return [f"matches dlref's cross_entropy on {len(cases)} cases (a batch of one, equal logits)",
            "stays finite for logits of ±1000"]


@exercise("losses/cross-entropy-gradient", name="cross_entropy_grad", title="The gradient of the cross-entropy")
def _cross_entropy_grad(solution):
    name = "cross_entropy_grad(z, y)"
    cases = _cases(random_generator(1))
    worst = 0.0
    for z, y, case in cases:
        inputs = {"z": z, "y": y}
        N, C = z.shape
        logits = tensor(z, dtype="float64", requires_grad=True)
        losses.cross_entropy(logits, y).backward()  # dlref's autograd: the reference
        one_hot = np.eye(C)[y]
        shifted = np.exp(z - z.max(axis=1, keepdims=True))
        p = shifted / shifted.sum(axis=1, keepdims=True)
        got = call(solution, z, y, name=name, inputs=inputs)
        with np.errstate(all="ignore"):
            compare(got, to_numpy(logits.grad), name, inputs=inputs, case=case,
                    mistakes=[(_naive(z, y)[0] / N - one_hot / N, "e^z overflows for large logits: subtract each "
                                                                  "row's maximum before the exponential"),
                              (p - one_hot, "𝓛 is the mean over the N examples, so each row of the gradient is "
                                            "divided by N"),
                              ((one_hot - p) / N, "a sign error: ∂ℓ/∂z = ŷ − y, the softmax minus the one-hot label"),
                              (p / N, "subtract the one-hot label: ∂ℓ/∂z = ŷ − y"),
                              (-one_hot / p / N, "that is ∂ℓ/∂ŷ; through the softmax it becomes ŷ − y")],
                    hint="∂𝓛/∂z = (softmax(z) − onehot(y)) / N")
        if np.abs(z).max() < 100:
            numeric = finite_differences(lambda v: losses.cross_entropy(tensor(v, dtype="float64"), y).item(), z)
            worst = max(worst, float(np.abs(np.asarray(got) - numeric).max()))
    return [f"matches dlref's autograd on {len(cases)} cases (a batch of one, equal logits)",
            f"finite differences agree to {worst:.0e}", "stays finite for logits of ±1000"]
