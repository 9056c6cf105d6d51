"""Checkers of the exercises of the chapter on regularization (docs/chapters/regularization.md)."""

from __future__ import annotations

import numpy as np

import dlref
from dlref import checks
from dlref.backend import to_numpy
from dlref.exercises.checking import (
    Mistake,
    call,
    compare,
    exercise,
    finite_differences,
    random_generator,
)
from dlref.regularizers import EarlyStopping, l2_penalty


@exercise("regularization/dropout-forward", name="dropout_forward", title="Inverted dropout")
def _dropout_forward(solution):
    name = "dropout_forward(a, p, rng)"
    for p in (0.2, 0.7):
        a = np.ones((4000, 25))
        inputs = {"a": a, "p": p, "rng": "np.random.default_rng(0)"}
        out = call(solution, a, p, np.random.default_rng(0), name=name, inputs=inputs)
        kept = np.asarray(out) != 0
        if kept.shape == a.shape and kept.any() and (kept == kept[0]).all():
            raise Mistake(f"{name} with p = {p}: every example of the batch lost the same units; draw a mask of "
                          "a's full shape, so that each example gets its own")
        scale = np.where(kept, 1 / (1 - p), 0.0)        # the values a correct mask gives, where out kept units
        compare(out, scale, name, inputs=inputs, case=f"a block of ones, p = {p}",
                mistakes=[(np.where(kept, 1.0, 0.0), "the kept units are still 1: scale them by 1/(1 − p), so that "
                                                     "the expected value of every unit stays a"),
                          (np.where(kept, 1 - p, 0.0), "the kept units were multiplied by (1 − p): divide by it, so "
                                                       "that the expected value stays a")],
                hint="each unit comes out as 0 or a/(1 − p)")
        dropped, tolerance = 1 - kept.mean(), 5 * np.sqrt(p * (1 - p) / a.size)
        if abs(dropped - p) > tolerance:
            hint = ("p is the probability to drop a unit: keep each with probability 1 − p"
                    if abs(dropped - (1 - p)) <= tolerance else "drop each unit independently, with probability p")
            raise Mistake(f"{name} with p = {p} dropped a share {dropped:.4f} of 100,000 units; expected {p} "
                          f"(± {tolerance:.4f}, 5 standard deviations); {hint}")
    a = random_generator(3).standard_normal((3, 5, 7))
    inputs = {"a": a, "p": 0.4, "rng": "np.random.default_rng(1)"}
    out = np.asarray(call(solution, a, 0.4, np.random.default_rng(1), name=name, inputs=inputs))
    compare(out, np.where(out != 0, a / 0.6, 0.0), name, inputs=inputs, case="a of shape (3, 5, 7)",
            hint="each unit comes out as 0 or a/(1 − p)")
    again = call(solution, a, 0.4, np.random.default_rng(1), name=name, inputs=inputs)
    other = call(solution, a, 0.4, np.random.default_rng(2), name=name, inputs=inputs)
    if not np.array_equal(out, again) or np.array_equal(out, other):
        raise Mistake(f"{name}: generators of the same seed should give the same mask, and of another seed "
                      "another mask; draw the mask from the argument rng, not from np.random")
    inputs = {"a": a, "p": 0.0, "rng": "np.random.default_rng(1)"}
    compare(call(solution, a, 0.0, np.random.default_rng(1), name=name, inputs=inputs), a, name, inputs=inputs,
            case="p = 0, where nothing is dropped and the scale is 1")
    return ["units come out as 0 or a/(1 − p)",
            "20% and 70% of 100,000 units dropped, to 5 standard deviations, a mask per example",
            "the mask drawn from rng", "p = 0 gives a back"]


@exercise("regularization/l2-penalty", name="l2_penalty", title="The L2 penalty and its gradient")
def _l2_penalty(solution):
    rng = random_generator(4)
    cases = [([(3,)], 0.5), ([(2, 3), (3,)], 1e-2), ([(4, 1, 2), (1,), (2, 2)], 2.0), ([(2, 2)], 0.0)]
    worst = 0.0
    for shapes, lam in cases:
        weights = [rng.standard_normal(shape) for shape in shapes]
        weights[0].flat[0] = 0.0                       # a weight at exactly 0
        name = "l2_penalty(weights, lam)"
        inputs = {f"weights[{i}]": w for i, w in enumerate(weights)} | {"lam": lam}
        case = f"lam = {lam}"
        got = call(solution, weights, lam, name=name, inputs=inputs)
        if not (isinstance(got, tuple) and len(got) == 2 and isinstance(got[1], (list, tuple))
                and len(got[1]) == len(weights)):
            raise Mistake(f"{name} should return the pair (penalty, grads), grads a list of {len(weights)} arrays "
                          f"(one per weight array), got {checks.shown(got)}")
        tensors = [dlref.tensor(w, requires_grad=True, dtype="float64") for w in weights]
        penalty = l2_penalty(tensors, lam)
        penalty.backward()
        total = sum(float((w**2).sum()) for w in weights)
        compare(got[0], penalty.item(), f"the penalty that {name} returned", inputs=inputs, case=case,
                atol=1e-12, rtol=1e-9,
                mistakes=[(lam * total / 2, "a factor ½ too many: the chapter's λ Σ w² has no ½ (that is weight "
                                            "decay's convention)"),
                          (lam * sum(np.abs(w).sum() for w in weights), "that is λ Σ |w|, the L1 penalty: L2 "
                                                                        "squares each weight"),
                          (lam * np.sqrt(total), "that is λ times the norm √(Σ w²): the penalty is the squared "
                                                 "norm, without the square root"),
                          (lam * total / sum(w.size for w in weights), "that is a mean over the weights: the "
                                                                       "penalty sums them")],
                hint="λ Σᵢ wᵢ² over every element of every array")
        for i, (w, t) in enumerate(zip(weights, tensors)):
            expected = to_numpy(t.grad)
            compare(got[1][i], expected, f"grads[{i}] of {name}", inputs=inputs, case=case, atol=1e-12, rtol=1e-9,
                    mistakes=[(lam * w, "that is λw, the derivative of (λ/2) w²: the derivative of λ w² is 2λw"),
                              (2 * lam * np.sign(w), "that is the gradient of L1 (a sign): L2's gradient grows "
                                                     "with the weight"),
                              (2 * w, "λ is missing from the gradient")],
                    hint="∂/∂wᵢ of λ Σ wⱼ² is 2λwᵢ")
            others = weights[:i] + weights[i + 1:]
            numeric = finite_differences(lambda v: l2_penalty([dlref.tensor(x, dtype="float64")
                                                               for x in others + [v]], lam).item(), w)
            worst = max(worst, float(np.abs(np.asarray(got[1][i], dtype=float) - numeric).max()))
    return [f"the penalty and its gradients match dlref's l2_penalty and backward() on {len(cases)} lists of arrays",
            f"finite differences agree to {worst:.0e}", "λ = 0 and a weight at 0 handled"]


STOPPING = ("after each epoch, a value below the best so far is an improvement (it becomes the best, the count "
            "restarts at 0); otherwise the count grows by one, and training stops when it reaches patience")


@exercise("regularization/early-stopping", name="early_stopping", title="Early stopping")
def _early_stopping(solution):
    rng = random_generator(5)
    ties = "a value equal to the best so far is no improvement: it must be strictly lower"
    restart = "the count of epochs without improvement restarts at 0 after every improvement"
    cases = [  # validation losses, patience, what the case is about, its hint when no more specific one applies
        ([0.9, 0.5, 0.6, 0.55, 0.4], 1, "the example of EarlyStopping's docstring", STOPPING),
        ([0.9, 0.5, 0.6, 0.55, 0.4], 2, "a run that never stops", STOPPING),
        ([1.0, 0.8, 0.8, 0.8, 0.7, 0.6], 2, "ties", ties),
        ([1.0, 0.9, 0.95, 0.85, 0.9, 0.8, 0.82, 0.83, 0.84], 2, "a count that restarts", restart),
        ([0.5], 3, "a single epoch", STOPPING),
        ([1.0 - 0.1 * i for i in range(8)], 1, "a loss that always improves", STOPPING),
    ] + [(np.round(1 + np.cumsum(rng.normal(0, 0.1, 30)), 2).tolist(), patience, "a random walk", STOPPING)
         for patience in (1, 3, 5)]
    for losses, patience, case, case_hint in cases:
        stopper = EarlyStopping("val_loss", patience=patience, restore_best=False)
        history = {"val_loss": []}
        for value in losses:
            history["val_loss"].append(value)
            if stopper.on_epoch_end(None, history):
                break
        best, stopped = stopper.best_epoch, stopper.stopped_epoch
        name = f"early_stopping({losses}, patience={patience})"
        got = call(solution, losses, patience, name=name, inputs={"val_losses": losses, "patience": patience})
        if not (isinstance(got, tuple) and len(got) == 2):
            raise Mistake(f"{name} should return the pair (best_epoch, stopped_epoch), got {checks.shown(got)}")
        if got == (best, stopped):
            continue
        if stopped is not None and got[1] == stopped + 1:
            hint = "it stopped one epoch late: stop when the count of epochs without improvement reaches patience"
        elif got[0] != best and got[0] == int(np.argmin(losses)) and got[1] == stopped:
            hint = "the best epoch is the best up to the stop: the epochs after it never ran"
        else:
            hint = case_hint
        raise Mistake(f"{name} is wrong for {case}\n  expected: {(best, stopped)}\n  got:      {got}\n  hint:     {hint}")
    return [f"matches dlref's EarlyStopping on {len(cases)} runs of validation losses, patience 1 to 5",
            "ties, a count that restarts, a single epoch, a run that never stops, 3 random walks"]
