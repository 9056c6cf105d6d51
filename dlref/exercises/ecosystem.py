"""Checkers of the exercises of the chapter on the framework ecosystem (docs/chapters/ecosystem.md)."""

from __future__ import annotations

import numpy as np

import dlref
from dlref import backend, checks, losses, optimizers
from dlref.backend import to_numpy
from dlref.exercises.checking import Mistake, call, compare, exercise, random_generator
from dlref.layers import Linear, ReLU, Sequential


def _network(sizes) -> Sequential:
    """Linear, ReLU, Linear, ... in float64: PyTorch's numbering puts the Linear layers at 0, 2, 4, ..."""
    before = "float64" if str(backend.default_dtype()).endswith("float64") else "float32"   # numpy's or torch's
    backend.set_default_dtype("float64")
    try:
        modules = []
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            modules += [Linear(n_in, n_out), ReLU()]
        return Sequential(*modules[:-1])
    finally:
        backend.set_default_dtype(before)


@exercise("ecosystem/keras-to-torch", name="dense_to_state_dict", title="From Keras's layout to PyTorch's")
def _dense_to_state_dict(solution):
    rng = random_generator(70)
    cases = [([2, 16, 3], "the chapter's classifier, 2 → 16 → 3"), ([4, 4, 4], "square layers"),
             ([3, 5, 2, 6], "three Dense layers"), ([1, 1], "a single Dense layer of one unit")]
    for sizes, case in cases:
        dense = [(rng.standard_normal((n_in, n_out)), rng.standard_normal(n_out))
                 for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        name = "dense_to_state_dict(dense)"
        inputs = {"dense": f"{len(dense)} (kernel, bias) pairs, kernels of shapes {[k.shape for k, _ in dense]}"}
        got = call(solution, dense, name=name, inputs=inputs)
        if not isinstance(got, dict):
            raise Mistake(f"{name} should return a dict from names such as '0.weight' to arrays, got "
                          f"{checks.shown(got)}")
        model = _network(sizes)
        expected_keys = sorted(model.state_dict())
        if sorted(got) != expected_keys:
            raise Mistake(f"{name} has the wrong keys for {case}\n  expected: {expected_keys}\n  got:      "
                          f"{sorted(got)}\n  hint:     Sequential numbers every module, the ReLUs too: the Dense "
                          f"layers become Linear layers 0, 2, 4, ..., each with a 'weight' and a 'bias'")
        for i, (kernel, bias) in enumerate(dense):
            key = f"{2 * i}.weight"
            compare(got[key], kernel.T, f"{name}['{key}']", inputs=inputs, case=case, atol=0, rtol=0,
                    mistakes=[(kernel.reshape(kernel.shape[::-1]), "reshaping keeps the order of the numbers: "
                                                                  "a (in, out) kernel needs a transpose, .T"),
                              (kernel, "Keras's kernel is (in, out) and is applied as x @ kernel; PyTorch's weight "
                                       "is (out, in), applied as x @ weight.T: transpose it")],
                    hint="PyTorch's weight is Keras's kernel transposed")
            compare(got[f"{2 * i}.bias"], bias, f"{name}['{2 * i}.bias']", inputs=inputs, case=case, atol=0, rtol=0,
                    mistakes=[(bias[None], "the bias is a vector of shape (out,), not a row (1, out)")],
                    hint="the bias is the same vector in both frameworks")
    return [f"the keys of dlref's Sequential and the right arrays for {len(cases)} random Keras models",
            "square layers (where a missing transpose keeps the shape), one to three Dense layers"]


def _construct(solution, params: list, lr: float, momentum: float):
    """`solution(params, lr=lr, momentum=momentum)` as the reader's code, on the parameters themselves (no copy)."""
    return call(lambda: solution(params, lr=lr, momentum=momentum), inputs={"lr": lr, "momentum": momentum},
                name=f"Momentum(model.parameters(), lr={lr}, momentum={momentum})")


def _method(optimizer, method: str, name: str, inputs: dict) -> None:
    """`optimizer.method()`, which returns None, as the reader's code (time limit, errors reported)."""
    call(lambda: getattr(optimizer, method)() or True, name=name, inputs=inputs)


def _train(model: Sequential, X, y, steps: int, update) -> np.ndarray:
    """`steps` steps of `update(parameters, state)` after a fresh backward each; the parameters, flattened."""
    state: dict = {}
    for _ in range(steps):
        for p in model.parameters():
            p.grad = None
        losses.cross_entropy(model(dlref.tensor(X, dtype="float64")), y).backward()
        update(model.parameters(), state)
    return np.concatenate([to_numpy(p.data).ravel() for p in model.parameters()])


def _rule(lr, momentum, *, kind="torch", accumulate=False):
    """A hand-written momentum step, right (for the unused-parameter case) or with one of the likely mistakes."""
    def update(params, state):
        for k, p in enumerate(params):
            g = to_numpy(p.grad).copy()
            if accumulate:                                  # zero_grad forgot: every gradient so far adds up
                state[("sum", k)] = state.get(("sum", k), 0) + g
                g = state[("sum", k)]
            v = state.get(k)
            if kind == "plain":
                v = g
            elif kind == "ema":
                v = momentum * (0 if v is None else v) + (1 - momentum) * g
            else:
                v = g if v is None else momentum * v + g
            state[k] = v
            p.data[...] = backend.asarray(to_numpy(p.data) + (lr * v if kind == "ascent" else -lr * v))
    return update


@exercise("ecosystem/momentum-optimizer", name="Momentum", title="An optimizer with PyTorch's interface")
def _momentum_optimizer(solution):
    rng = random_generator(71)
    X, y = rng.standard_normal((8, 3)), rng.integers(0, 2, 8)
    steps, lr, momentum = 4, 0.5, 0.9

    def fresh():
        dlref.manual_seed(0)
        return _network([3, 5, 2])

    reference = fresh()
    torch_like = optimizers.SGD(reference.parameters(), lr=lr, momentum=momentum)

    def with_sgd(params, state):
        torch_like.step()
    expected = _train(reference, X, y, steps, with_sgd)

    model = fresh()
    optimizer = _construct(solution, model.parameters(), lr, momentum)
    for method in ("zero_grad", "step"):
        if not callable(getattr(optimizer, method, None)):
            raise Mistake(f"Momentum has no method {method}(): an optimizer needs zero_grad() and step(), "
                          f"as in the chapter's training step")
    name = f"{steps} steps of optimizer.zero_grad(); loss.backward(); optimizer.step()"
    for _ in range(steps):
        _method(optimizer, "zero_grad", "optimizer.zero_grad()", {})
        losses.cross_entropy(model(dlref.tensor(X, dtype="float64")), y).backward()
        _method(optimizer, "step", "optimizer.step()", {})
    got = np.concatenate([to_numpy(p.data).ravel() for p in model.parameters()])
    inputs = {"lr": lr, "momentum": momentum, "X": X, "y": y}
    compare(got, expected, f"the parameters after {name}", inputs=inputs, atol=1e-9, rtol=1e-9,
            mistakes=[(_train(fresh(), X, y, steps, _rule(lr, momentum, kind="plain")),
                       "the parameters moved as with plain SGD: keep a velocity per parameter, v ← μ v + g, "
                       "and step along it"),
                      (_train(fresh(), X, y, steps, _rule(lr, momentum, kind="ema")),
                       "PyTorch's momentum adds the whole gradient, v ← μ v + g, not (1 − μ) g"),
                      (_train(fresh(), X, y, steps, _rule(lr, momentum, accumulate=True)),
                       "zero_grad() did not forget the gradients: backward() adds to .grad, so set every "
                       "parameter's .grad to None"),
                      (_train(fresh(), X, y, steps, _rule(lr, momentum, kind="ascent")),
                       "the step goes up the gradient: θ ← θ − lr · v")],
            hint="one velocity per parameter, v ← μ v + g (v = g at the first step), then θ ← θ − lr · v")

    unused = dlref.tensor(np.ones(3), requires_grad=True, dtype="float64")      # a parameter no loss uses
    model = fresh()
    optimizer = _construct(solution, model.parameters() + [unused], lr, momentum)
    losses.cross_entropy(model(dlref.tensor(X, dtype="float64")), y).backward()
    _method(optimizer, "step", "optimizer.step() with a parameter whose .grad is None (the loss does not use it)",
            {"that parameter": to_numpy(unused.data)})
    compare(to_numpy(unused.data), np.ones(3), "a parameter whose .grad is None, after step()", inputs={},
            hint="skip the parameters whose .grad is None: the loss did not use them")
    return [f"the parameters match dlref's SGD(momentum={momentum}) after {steps} steps of a small classifier",
            "zero_grad() forgets the gradients", "a parameter without a gradient is skipped"]
