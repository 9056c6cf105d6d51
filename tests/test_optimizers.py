"""Optimizers and learning-rate schedules, step by step against torch.optim in float64."""


import numpy as np
import pytest
import torch
from conftest import assert_close, start_values, step_both

import dlref
from dlref import backend as B
from dlref import layers, optimizers
from dlref.autograd import Tensor

STEPS = 25

CASES = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.05, "momentum": 0.9}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.5, "weight_decay": 0.1}),
    ("SGD", {"lr": 0.05, "momentum": 0.8, "nesterov": True, "weight_decay": 0.01}),
    ("RMSprop", {"lr": 0.01}),
    ("RMSprop", {"lr": 0.01, "alpha": 0.9, "eps": 1e-6, "weight_decay": 0.1, "momentum": 0.9}),
    ("Adam", {"lr": 0.05}),
    ("Adam", {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1}),
    ("AdamW", {"lr": 0.05}),
    ("AdamW", {"lr": 0.05, "betas": (0.5, 0.9), "weight_decay": 0.5}),
    ("Adagrad", {"lr": 0.1}),
    ("Adagrad", {"lr": 0.1, "weight_decay": 0.1, "eps": 1e-6}),
    ("Adadelta", {}),
    ("Adadelta", {"lr": 0.5, "rho": 0.5, "eps": 1e-4, "weight_decay": 0.1}),
]
CASE_IDS = [name + "-" + "-".join(f"{k}={v}" for k, v in kwargs.items()) for name, kwargs in CASES]


def torch_optimizer(name, params, **kwargs):
    return getattr(torch.optim, name)(params, **kwargs)  # the same names as torch.optim


# ------------------------------------------------------------ the update rules
@pytest.mark.parametrize("name, kwargs", CASES, ids=CASE_IDS)
def test_matches_torch_step_by_step(backend, name, kwargs):
    W0, b0, X, Y = start_values()
    W, b, unused = (Tensor(a.copy(), requires_grad=True) for a in (W0, b0, np.ones(2)))
    W_t, b_t, unused_t = (torch.tensor(a, requires_grad=True) for a in (W0, b0, np.ones(2)))
    ours = getattr(optimizers, name)([W, b, unused], **kwargs)
    theirs = torch_optimizer(name, [W_t, b_t, unused_t], **kwargs)
    for _ in range(STEPS):
        step_both(ours, theirs, (W, b), (W_t, b_t), X, Y)
        assert_close(W.numpy(), W_t)
        assert_close(b.numpy(), b_t)
    assert_close(unused.numpy(), np.ones(2))  # no gradient: skipped, as torch
    assert unused not in ours.state
    assert not np.allclose(W.numpy(), W0)  # the parameters did move


@pytest.mark.parametrize("name, kwargs", [CASES[3], CASES[5], CASES[7], CASES[9]],
                         ids=[CASE_IDS[3], CASE_IDS[5], CASE_IDS[7], CASE_IDS[9]])
def test_trains_a_module_as_torch_trains_its_twin(backend, name, kwargs):
    model = layers.Sequential(layers.Linear(4, 3), layers.Tanh(), layers.Linear(3, 2))
    nn = torch.nn
    twin = nn.Sequential(nn.Linear(4, 3), nn.Tanh(), nn.Linear(3, 2)).double()
    with torch.no_grad():
        for p, p_t in zip(model.parameters(), twin.parameters(), strict=True):
            p_t.copy_(torch.tensor(p.numpy()))
    rng = np.random.default_rng(2)
    X, Y = rng.standard_normal((6, 4)), rng.standard_normal((6, 2))
    ours = getattr(optimizers, name)(model.parameters(), **kwargs)
    theirs = torch_optimizer(name, twin.parameters(), **kwargs)
    for _ in range(STEPS):
        ours.zero_grad()
        ((model(Tensor(X)) - Tensor(Y)) ** 2).mean().backward()
        ours.step()
        theirs.zero_grad()
        ((twin(torch.tensor(X)) - torch.tensor(Y)) ** 2).mean().backward()
        theirs.step()
    for p, p_t in zip(model.parameters(), twin.parameters(), strict=True):
        assert_close(p.numpy(), p_t)


@pytest.mark.parametrize("name, kwargs", CASES, ids=CASE_IDS)
def test_a_fixed_gradient_is_never_modified(backend, name, kwargs):
    G = B.asarray(np.linspace(-1.0, 1.0, 6).reshape(2, 3))
    w = Tensor(np.ones((2, 3)), requires_grad=True)
    w_t = torch.ones((2, 3), dtype=torch.float64, requires_grad=True)
    ours, theirs = getattr(optimizers, name)([w], **kwargs), torch_optimizer(name, [w_t], **kwargs)
    for _ in range(STEPS):
        w.grad = G  # the same array every step, as a shared view would be
        w_t.grad = torch.linspace(-1.0, 1.0, 6, dtype=torch.float64).reshape(2, 3)
        ours.step()
        theirs.step()
        assert_close(w.numpy(), w_t)
    assert w.grad is G
    np.testing.assert_array_equal(B.to_numpy(G), np.linspace(-1.0, 1.0, 6).reshape(2, 3))


@pytest.mark.parametrize("name", ["SGD", "RMSprop", "Adam", "AdamW", "Adagrad", "Adadelta"])
def test_defaults_are_torchs(name):
    w = Tensor([1.0], requires_grad=True)
    ours = getattr(optimizers, name)([w])
    defaults = torch_optimizer(name, [torch.ones(1, requires_grad=True)]).defaults
    shared = [key for key in vars(ours) if key in defaults]
    assert "lr" in shared and "weight_decay" in shared and len(shared) >= 3
    for key in shared:
        assert getattr(ours, key) == defaults[key], key


@pytest.mark.parametrize("name", ["SGD", "RMSprop", "Adam", "AdamW", "Adagrad", "Adadelta"])
def test_float32_parameters_stay_float32(backend, name):
    dlref.set_default_dtype("float32")
    w = Tensor([1.0, -2.0], requires_grad=True)
    optimizer = getattr(optimizers, name)([w], lr=0.1, weight_decay=0.1)
    for _ in range(2):
        (w * w).sum().backward()
        optimizer.step()
    assert w.dtype == B.xp.float32
    assert np.all(np.abs(w.numpy()) < [1.0, 2.0])


def test_zero_grad_and_state_keyed_by_parameter():
    w, v = Tensor([1.0, 2.0], requires_grad=True), Tensor([3.0], requires_grad=True)
    optimizer = optimizers.Adam([w, v])
    ((w * w).sum() + v.sum()).backward()
    optimizer.step()
    assert set(optimizer.state) == {w, v}
    assert optimizer.state[w]["step"] == 1 and optimizer.state[w]["exp_avg"].shape == (2,)
    optimizer.zero_grad()
    assert w.grad is None and v.grad is None


def test_parameters_of_a_generator_are_kept():
    params = (Tensor([float(i)], requires_grad=True) for i in range(3))
    optimizer = optimizers.SGD(params, lr=1.0)
    assert len(optimizer.params) == 3
    for p in optimizer.params:
        p.grad = B.asarray([1.0])
    optimizer.step()
    assert [p.item() for p in optimizer.params] == [-1.0, 0.0, 1.0]


@pytest.mark.parametrize(
    "name, kwargs, steps, tolerance",
    [("SGD", {"lr": 0.04}, 300, 1e-6),
     ("SGD", {"lr": 0.01, "momentum": 0.9, "nesterov": True}, 300, 1e-6),
     ("Adam", {"lr": 0.05}, 600, 1e-3)],
)
def test_minimises_a_quadratic(name, kwargs, steps, tolerance):
    a, c = Tensor([1.0, 10.0]), Tensor([1.0, -2.0])  # L = sum a_i (theta_i - c_i)^2
    theta = Tensor([-3.0, 3.0], requires_grad=True)
    optimizer = getattr(optimizers, name)([theta], **kwargs)
    for _ in range(steps):
        optimizer.zero_grad()
        (a * (theta - c) ** 2).sum().backward()
        optimizer.step()
    np.testing.assert_allclose(theta.numpy(), [1.0, -2.0], atol=tolerance)


def test_plain_sgd_is_the_gradient_descent_rule():
    theta = Tensor([1.0, -2.0], requires_grad=True)
    (theta * theta).sum().backward()  # gradient 2 theta
    optimizers.SGD([theta], lr=0.25).step()
    np.testing.assert_array_equal(theta.numpy(), [1.0 - 0.25 * 2.0, -2.0 + 0.25 * 4.0])


# ------------------------------------------------------------------ errors
def w():
    return Tensor([1.0], requires_grad=True)


def same_tensor_twice():
    p = w()
    return [p, w(), p]


@pytest.mark.parametrize(
    "make_params, match",
    [
        (w, r"expected params to be an iterable of Tensors.*got a Tensor; wrap it in a list: \[w\]"),
        (lambda: 3, r"expected params to be an iterable of Tensors such as model.parameters\(\), got int 3"),
        (list, r"expected params to be .* got an empty list"),
        (lambda: [w(), np.ones(2)], r"expected params\[1\] to be a Tensor, got ndarray"),
        (lambda: [w(), Tensor([1.0])], r"expected params\[1\] to be a tensor with requires_grad=True \(else it never gets a gradient\), got requires_grad=False$"),
        (same_tensor_twice, r"expected params\[2\] to be a tensor not given before \(each parameter once\), got the same tensor as params\[0\]$"),
    ],
)
@pytest.mark.parametrize("name", ["SGD", "Adam"])
def test_bad_parameter_lists_are_refused(name, make_params, match):
    with pytest.raises(ValueError, match=f"^{name}: {match}"):
        getattr(optimizers, name)(make_params())


@pytest.mark.parametrize(
    "name, kwargs, match",
    [
        ("SGD", {"lr": -0.1}, r"expected lr \(α\) to be a number >= 0, got -0.1"),
        ("Adagrad", {"weight_decay": -1.0}, r"expected weight_decay \(λ\) to be a number >= 0, got -1.0"),
        ("SGD", {"momentum": -0.9}, r"expected momentum \(μ\) to be a number >= 0, got -0.9"),
        ("SGD", {"momentum": 0.9, "dampening": 1.5}, r"expected dampening \(τ\) to be a number in \[0, 1\], got 1.5"),
        ("SGD", {"nesterov": True}, r"expected momentum and dampening to be μ > 0 and τ = 0 for nesterov=True, got momentum=0.0, dampening=0.0$"),
        ("SGD", {"momentum": 0.9, "dampening": 0.1, "nesterov": True},
         r"expected momentum and dampening to be .*got momentum=0.9, dampening=0.1$"),
        ("SGD", {"nesterov": "yes"}, r"expected nesterov to be True or False, got str 'yes'$"),
        ("SGD", {"lr": "0.1"}, r"expected lr \(α\) to be a number >= 0, got '0.1'$"),
        ("RMSprop", {"alpha": -0.5}, r"expected alpha \(the smoothing constant ρ\) to be a number in \[0, 1\], got -0.5"),
        ("RMSprop", {"eps": -1e-8}, r"expected eps \(ε\) to be a number >= 0, got -1e-08"),
        ("RMSprop", {"momentum": -1}, r"expected momentum \(μ\) to be a number >= 0, got -1"),
        ("Adam", {"betas": (0.9,)}, r"expected betas to be a pair \(β₁, β₂\), got \(0.9,\)"),
        ("Adam", {"betas": (1.0, 0.999)}, r"expected betas\[0\] \(β₁\) to be a number in \[0, 1\), got 1.0"),
        ("AdamW", {"betas": (0.9, -0.1)}, r"expected betas\[1\] \(β₂\) to be a number in \[0, 1\), got -0.1"),
        ("Adam", {"eps": -1.0}, r"expected eps \(ε\) to be a number >= 0, got -1.0"),
        ("Adagrad", {"eps": -1.0}, r"expected eps \(ε\) to be a number >= 0, got -1.0"),
        ("Adadelta", {"rho": 1.5}, r"expected rho \(ρ\) to be a number in \[0, 1\], got 1.5"),
        ("Adadelta", {"eps": -1.0}, r"expected eps \(ε\) to be a number >= 0, got -1.0"),
    ],
)
def test_bad_hyperparameters_are_refused(name, kwargs, match):
    with pytest.raises(ValueError, match=f"{name}: {match}"):
        getattr(optimizers, name)([w()], **kwargs)


def test_the_base_class_needs_an_update_rule():
    w = Tensor([1.0], requires_grad=True)
    w.grad = B.asarray([1.0])
    with pytest.raises(NotImplementedError):
        optimizers.Optimizer([w], lr=0.1).step()


# ------------------------------------------------------------ gradient clipping
@pytest.mark.parametrize("max_norm", [0.5, 1e3])
@pytest.mark.parametrize("norm_type", [2.0, 1.0, 3.5, float("inf")])
def test_clip_grad_norm_matches_torch(backend, max_norm, norm_type):
    rng = np.random.default_rng(0)
    grads = [rng.standard_normal((3, 4)), rng.standard_normal(5)]
    ours = [Tensor(B.asarray(np.zeros_like(g)), requires_grad=True) for g in grads]
    ours.append(Tensor(B.asarray([1.0]), requires_grad=True))  # no gradient: skipped
    theirs = [torch.zeros(g.shape, dtype=torch.float64, requires_grad=True) for g in grads]
    theirs.append(torch.zeros(1, dtype=torch.float64, requires_grad=True))
    for p, q, g in zip(ours, theirs, grads):
        p.grad, q.grad = B.asarray(g), torch.tensor(g)
    total = optimizers.clip_grad_norm_(ours, max_norm, norm_type)
    assert_close(total, torch.nn.utils.clip_grad_norm_(theirs, max_norm, norm_type))
    for p, q in zip(ours[:2], theirs[:2]):
        assert_close(p.grad, q.grad)
    assert ours[2].grad is None


def test_clip_grad_norm_keeps_the_direction_and_leaves_shared_gradients_alone():
    w = Tensor([0.0, 0.0], requires_grad=True)
    g = B.asarray([30.0, 40.0])
    w.grad = g
    assert optimizers.clip_grad_norm_([w], 5.0).item() == 50.0
    np.testing.assert_allclose(w.grad, [3.0, 4.0], rtol=1e-6)
    assert g.tolist() == [30.0, 40.0]  # a new array: the old one may be another tensor's gradient
    assert optimizers.clip_grad_norm_([Tensor([1.0], requires_grad=True)], 1.0).item() == 0.0


@pytest.mark.parametrize("kwargs, match", [
    ({"parameters": w()}, r"expected parameters to be an iterable of Tensors such as model.parameters\(\), got a Tensor"),
    ({"max_norm": 0.0}, r"expected max_norm to be a number > 0, got 0.0"),
    ({"max_norm": "1"}, r"expected max_norm to be a number > 0, got '1'"),
    ({"norm_type": 0}, r"expected norm_type \(q\) to be a number > 0, got 0"),
    ({"norm_type": float("nan")}, r"expected norm_type \(q\) to be a number > 0, got nan"),
])
def test_clip_grad_norm_refuses_bad_arguments_and_changes_nothing(kwargs, match):
    p = w()
    p.grad = B.asarray([3.0, 4.0])
    arguments = {"parameters": [p], "max_norm": 1.0, **kwargs}
    with pytest.raises(ValueError, match="^clip_grad_norm_\\(\\): " + match):
        optimizers.clip_grad_norm_(**arguments)
    assert p.grad.tolist() == [3.0, 4.0]
