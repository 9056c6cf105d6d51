"""Checkers of the exercises of the chapter on gradient descent (docs/chapters/gradient-descent.md)."""

from __future__ import annotations

import numpy as np

from dlref import losses, optimizers
from dlref.autograd import tensor
from dlref.exercises.checking import call, compare, exercise, random_generator


def _quadratic(rng, D):
    """A convex bowl 𝓛(θ) = ½ (θ − c)ᵀ A (θ − c): its minimum c and its matrix A."""
    M = rng.standard_normal((D, D))
    return rng.standard_normal(D), M @ M.T / D + np.eye(D) * 0.5


def _descend(theta0, A, c, lr, steps) -> np.ndarray:
    """dlref's SGD on the bowl, with autograd's gradient: the reference."""
    theta = tensor(theta0, dtype="float64", requires_grad=True)
    optimizer = optimizers.SGD([theta], lr=lr)
    A_, c_ = tensor(A, dtype="float64"), tensor(c, dtype="float64")
    for _ in range(steps):
        optimizer.zero_grad()
        r = theta - c_
        (0.5 * ((r @ A_) * r).sum()).backward()
        optimizer.step()
    return theta.numpy()


@exercise("gradient-descent/descent-loop", name="gradient_descent", title="The gradient-descent loop")
def _descent_loop(solution):
    rng = random_generator()
    name = "gradient_descent(grad, theta0, lr, steps)"
    cases = [(2, 0.1, 10, "2 parameters, α = 0.1, 10 steps"), (5, 0.05, 25, "5 parameters, 25 steps"),
             (1, 0.3, 1, "a single step"), (3, 0.1, 0, "0 steps")]
    for D, lr, steps, case in cases:
        c, A = _quadratic(rng, D)
        theta0 = rng.standard_normal(D)

        def grad(theta, A=A, c=c):
            """∇𝓛(θ) = A (θ − c)."""
            return A @ (np.asarray(theta) - c)

        inputs = {"grad": "θ ↦ A (θ − c), the gradient of a bowl", "theta0": theta0, "lr": lr, "steps": steps}
        mistakes = [] if steps == 0 else [
            (_descend(theta0, -A, c, lr, steps), "a step goes against the gradient: θ ← θ − α ∇𝓛(θ), with a minus"),
            (_descend(theta0, A, c, lr, steps - 1), "one step too few: take exactly `steps` steps"),
            (_descend(theta0, A, c, lr, steps + 1), "one step too many: take exactly `steps` steps"),
            (theta0 - lr * steps * grad(theta0), "recompute the gradient at the current θ at every step, not at θ₀ "
                                                 "only")]
        compare(call(solution, grad, theta0, lr, steps, name=name, inputs=inputs), _descend(theta0, A, c, lr, steps),
                name, inputs=inputs, case=case, mistakes=mistakes, hint="repeat `steps` times: θ ← θ − α ∇𝓛(θ)")
    return [f"matches dlref's SGD on {len(cases)} quadratic bowls (1 to 5 parameters)", "1 step and 0 steps handled"]


def _epoch(w, X, y, lr, batch_size) -> np.ndarray:
    """dlref's minibatch SGD on ŷ = Xw with the mean squared error, the batches in order: the reference."""
    weights = tensor(w, dtype="float64", requires_grad=True)
    optimizer = optimizers.SGD([weights], lr=lr)
    for start in range(0, len(X), batch_size):
        optimizer.zero_grad()
        X_batch = tensor(X[start:start + batch_size], dtype="float64")
        losses.mse_loss(X_batch @ weights, y[start:start + batch_size]).backward()
        optimizer.step()
    return weights.numpy()


def _hand_epoch(w, X, y, lr, batch_size, factor=2.0, mean=True, keep_last=True):
    """The same epoch written with the likely mistakes switchable (the gradient's factor, mean or sum, the last batch)."""
    w = w.copy()
    stop = len(X) if keep_last else len(X) - len(X) % batch_size
    for start in range(0, stop, batch_size):
        Xb, yb = X[start:start + batch_size], y[start:start + batch_size]
        g = factor * Xb.T @ (Xb @ w - yb)
        w = w - lr * (g / len(Xb) if mean else g)
    return w


@exercise("gradient-descent/minibatch-epoch", name="sgd_epoch", title="One epoch of minibatch SGD")
def _minibatch_epoch(solution):
    rng = random_generator(1)
    name = "sgd_epoch(w, X, y, lr, batch_size)"
    cases = [(10, 3, 3, "10 examples in batches of 3 (the last one smaller)"), (8, 2, 4, "8 examples in batches of 4"),
             (7, 2, 1, "batches of one"), (5, 4, 5, "one batch: the full data")]
    for N, D, batch_size, case in cases:
        X, y, w = rng.standard_normal((N, D)), rng.standard_normal(N), rng.standard_normal(D)
        inputs = {"w": w, "X": X, "y": y, "lr": 0.05, "batch_size": batch_size}
        compare(call(solution, w, X, y, 0.05, batch_size, name=name, inputs=inputs), _epoch(w, X, y, 0.05, batch_size),
                name, inputs=inputs, case=case,
                mistakes=[(_hand_epoch(w, X, y, 0.05, batch_size, keep_last=False),
                           "the last batch is smaller when N is not a multiple of batch_size: keep it, every example "
                           "counts once per epoch"),
                          (_hand_epoch(w, X, y, 0.05, batch_size, mean=False), "the loss of a batch is the mean over "
                                                                              "its examples: divide the gradient by "
                                                                              "the batch's size"),
                          (_hand_epoch(w, X, y, 0.05, batch_size, factor=1.0), "the derivative of (ŷ − y)² is "
                                                                              "2 (ŷ − y): the factor 2 is missing"),
                          (_hand_epoch(w, X, y, 0.05, N), "one step per minibatch, not one for the whole data")],
                hint="for each batch in order: w ← w − α (2/B) X_bᵀ (X_b w − y_b)")
    return [f"matches dlref's SGD with mse_loss on {len(cases)} data sets (a smaller last batch, batches of one, "
            "a single batch)"]
