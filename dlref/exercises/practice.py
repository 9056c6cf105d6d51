"""Checkers of the exercises of the chapter on deep learning in practice (docs/chapters/practice.md)."""

from __future__ import annotations

import numpy as np

import dlref
from dlref import checks, data, losses
from dlref.backend import to_numpy
from dlref.exercises.checking import Mistake, call, compare, exercise, random_generator
from dlref.experiments import fgsm
from dlref.models import mlp


def _tensor(array, requires_grad: bool = False):
    return dlref.tensor(np.asarray(array, dtype=np.float64), requires_grad=requires_grad, dtype="float64")


@exercise("practice/standardize-splits", name="standardize_splits", title="Standardize with the training statistics")
def _standardize_splits(solution):
    rng = random_generator(60)
    cases = [((20, 3), (5, 3), False, "a test set shifted away from the training set"),
             ((8, 4), (1, 4), True, "a constant feature and a single test example"),
             ((2, 2), (3, 2), False, "two training examples")]
    for train_shape, test_shape, constant, case in cases:
        scale, shift = rng.uniform(0.5, 20, train_shape[1]), rng.uniform(-10, 10, train_shape[1])
        X_train = shift + scale * rng.standard_normal(train_shape)
        X_test = shift + 3.0 + 2 * scale * rng.standard_normal(test_shape)   # another mean and spread
        if constant:
            X_train[:, 1] = 7.0
        name = "standardize_splits(X_train, X_test)"
        inputs = {"X_train": X_train, "X_test": X_test}
        got = call(solution, X_train, X_test, name=name, inputs=inputs)
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            raise Mistake(f"{name} should return the pair (X_train_std, X_test_std), as `return a, b`; got "
                          f"{checks.shown(got)}")
        train_std, mean, std = data.standardize(X_train)
        expected = (train_std, data.standardize(X_test, mean, std)[0])
        raw_mean, raw_std = X_train.mean(axis=0), X_train.std(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            mistakes = [((train_std, data.standardize(X_test)[0]), "the test set was scaled with its own mean and "
                                                                   "standard deviation: use the training set's"),
                        (((X_train - raw_mean) / X_train.std(axis=0, ddof=1), (X_test - raw_mean) / X_train.std(
                            axis=0, ddof=1)), "use the population standard deviation (divide by N, numpy's "
                                              "default), as dlref's standardize does, not ddof=1"),
                        (((X_train - raw_mean) / raw_std, (X_test - raw_mean) / raw_std),
                         "a constant feature has standard deviation 0: divide by 1 instead, so it becomes 0 "
                         "rather than NaN"),
                        ((X_train / std, X_test / std), "the mean is not subtracted")]
        for k, label in enumerate(["X_train_std", "X_test_std"]):
            compare(got[k], expected[k], f"{name}: {label}", inputs=inputs, case=case,
                    mistakes=[(m[k], hint) for m, hint in mistakes],
                    hint="x' = (x − μ) / σ, with μ and σ of each feature computed on X_train only")
    return [f"matches dlref's standardize with the training statistics on {len(cases)} random cases",
            "a test set of another mean and spread, a constant feature, a single test example"]


def _cubic(v):
    return (v * v * v).sum()


@exercise("practice/numerical-gradient", name="numerical_gradient", title="A gradient check")
def _numerical_gradient(solution):
    rng = random_generator(61)
    X, Y, labels = rng.standard_normal((6, 3)), rng.standard_normal((6, 2)), rng.integers(0, 4, 3)
    cases = [("mean squared error of a linear model X W, W of shape (3, 2)", (3, 2),
              lambda W: losses.mse_loss(_tensor(X) @ W, Y), 1e-3),
             ("cross-entropy of logits of shape (3, 4)", (3, 4), lambda Z: losses.cross_entropy(Z, labels), 1e-3),
             ("x³ summed, at a single number", (1,), _cubic, 1e-4),
             ("x³ summed, with the default eps", (4,), _cubic, None)]
    for description, shape, loss, eps in cases:
        x = rng.standard_normal(shape)

        def f(v, loss=loss):
            return float(loss(_tensor(v)).item())

        variable = _tensor(x, requires_grad=True)
        loss(variable).backward()
        exact = to_numpy(variable.grad)                     # backpropagation through dlref, the reference
        step = 1e-6 if eps is None else eps
        forward = np.zeros_like(x)
        for index in np.ndindex(*shape):
            moved = x.copy()
            moved[index] += step
            forward[index] = (f(moved) - f(x)) / step
        name = "numerical_gradient(f, x)" if eps is None else f"numerical_gradient(f, x, eps={eps:g})"
        inputs = {"f": description, "x": x}
        got = call(solution, f, x, name=name, inputs=inputs) if eps is None else \
            call(solution, f, x, eps=eps, name=name, inputs=inputs)
        compare(got, exact, name, inputs=inputs, case=description, atol=1e-5, rtol=1e-4,
                mistakes=[(2 * exact, "divide by 2·eps: f(x + eps) and f(x − eps) are 2·eps apart"),
                          (-exact, "the sign is reversed: it is f(x + eps) − f(x − eps)"),
                          (np.full(shape, np.sum(exact)), "every element was moved at once: move one element, "
                                                          "put it back, then the next"),
                          (forward, "a forward difference (f(x + eps) − f(x)) / eps is off by about eps·f''/2: "
                                    "use the central difference, (f(x + eps) − f(x − eps)) / (2 eps)")],
                hint="for each index i: (f(x + eps·e_i) − f(x − eps·e_i)) / (2 eps), with x put back after")
    return [f"agrees with dlref's backpropagation on {len(cases)} functions, to 1e-5",
            "vectors, matrices and a single number, eps given and the default"]


def _model(rng):
    """A small classifier of 4 features whose first feature it ignores (a gradient of exactly 0)."""
    dlref.manual_seed(int(rng.integers(1000)))
    model = mlp([4, 8, 3])
    model[0].weight.data[:, 0] = 0.0
    return model


def _loss_of_predictions(model, X, eps):
    x = dlref.tensor(X, requires_grad=True)
    scores = model(x)
    losses.cross_entropy(scores, scores.numpy().argmax(axis=1)).backward()
    return X + eps * np.sign(to_numpy(x.grad))


@exercise("practice/fgsm", name="fgsm_example", title="The fast gradient sign method")
def _fgsm(solution):
    rng = random_generator(62)
    cases = [(5, 0.1, "a batch of 5"), (1, 0.25, "a batch of one"), (6, 0.0, "eps = 0: nothing moves")]
    for N, eps, case in cases:
        model = _model(rng)
        dtype = to_numpy(model.parameters()[0].data).dtype                  # the inputs in the model's dtype
        X, y = rng.random((N, 4)).astype(dtype), rng.integers(0, 3, N)
        X[:, 1], X[:, 2] = 1.0, 0.0                  # pixels at the ends of the range, as in the digits
        name = f"fgsm_example(model, X, y, eps={eps:g})"
        inputs = {"X": X, "y": y, "eps": eps}
        got = call(solution, model, X, y, eps, name=name, inputs=inputs)
        expected = fgsm(model, X, y, eps)
        x = dlref.tensor(X, requires_grad=True)
        losses.cross_entropy(model(x), y).backward()
        grad = to_numpy(x.grad)
        model.zero_grad()
        compare(got, expected, name, inputs=inputs, case=case, atol=1e-5,
                mistakes=[(X - eps * np.sign(grad), "the step goes down the loss: the attack raises it, x + eps·sign"),
                          (X + eps * grad, "the gradient itself was added: FGSM moves every value by exactly eps, "
                                           "in the direction of the gradient's sign"),
                          (X + eps * np.where(grad >= 0, 1.0, -1.0),
                           "values whose gradient is exactly 0 do not move (np.sign(0) = 0): here the first "
                           "feature, which the model ignores"),
                          (np.clip(X + eps * np.sign(grad), 0, 1), "the result was clipped to [0, 1]: this exercise's "
                                                                   "FGSM, as dlref's, does not clip"),
                          (_loss_of_predictions(model, X, eps), "the loss must use the true labels y, not the "
                                                                "model's own predictions")],
                hint="x_adv = x + eps · sign(∂ℓ/∂x), the gradient of the cross-entropy with the labels y, taken "
                     "with respect to the input")
    return [f"matches dlref's fgsm on {len(cases)} random batches of a small classifier",
            "a batch of one, eps = 0, inputs at 0 and 1, an input the model ignores (a gradient of exactly 0)"]
