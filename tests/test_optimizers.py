"""Optimizers and learning-rate schedules, step by step against torch.optim in float64."""

import itertools
import math

import numpy as np
import pytest
import torch
from conftest import assert_close

import dlref
from dlref import backend as B
from dlref import layers, optimizers
from dlref.autograd import Tensor

STEPS = 25
TORCH_NAME = {"RMSProp": "RMSprop", "AdaGrad": "Adagrad", "AdaDelta": "Adadelta"}

CASES = [
    ("SGD", {"lr": 0.1}),
    ("SGD", {"lr": 0.05, "momentum": 0.9}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.5, "weight_decay": 0.1}),
    ("SGD", {"lr": 0.05, "momentum": 0.8, "nesterov": True, "weight_decay": 0.01}),
    ("RMSProp", {"lr": 0.01}),
    ("RMSProp", {"lr": 0.01, "alpha": 0.9, "eps": 1e-6, "weight_decay": 0.1, "momentum": 0.9}),
    ("Adam", {"lr": 0.05}),
    ("Adam", {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1}),
    ("AdamW", {"lr": 0.05}),
    ("AdamW", {"lr": 0.05, "betas": (0.5, 0.9), "weight_decay": 0.5}),
    ("AdaGrad", {"lr": 0.1}),
    ("AdaGrad", {"lr": 0.1, "weight_decay": 0.1, "eps": 1e-6}),
    ("AdaDelta", {}),
    ("AdaDelta", {"lr": 0.5, "rho": 0.5, "eps": 1e-4, "weight_decay": 0.1}),
]
CASE_IDS = [name + "-" + "-".join(f"{k}={v}" for k, v in kwargs.items()) for name, kwargs in CASES]


def torch_optimizer(name, params, **kwargs):
    return getattr(torch.optim, TORCH_NAME.get(name, name))(params, **kwargs)


def loss_of(W, b, X, Y):
    """A small non-quadratic loss written once for both frameworks (only operators)."""
    return ((X @ W.T + b - Y) ** 2).mean() + 0.1 * (W**4).sum()


def start_values():
    rng = np.random.default_rng(1)
    shapes = [(3, 4), (3,), (5, 4), (5, 3)]  # W, b, X, Y
    return tuple(rng.standard_normal(shape) for shape in shapes)


def step_both(ours, theirs, params, torch_params, X, Y):
    """One step of each optimizer on the same loss, computed in its own framework."""
    ours.zero_grad()
    loss_of(*params, Tensor(X), Tensor(Y)).backward()
    ours.step()
    theirs.zero_grad()
    loss_of(*torch_params, torch.tensor(X), torch.tensor(Y)).backward()
    theirs.step()


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


@pytest.mark.parametrize("name", ["SGD", "RMSProp", "Adam", "AdamW", "AdaGrad", "AdaDelta"])
def test_defaults_are_torchs(name):
    w = Tensor([1.0], requires_grad=True)
    ours = getattr(optimizers, name)([w])
    defaults = torch_optimizer(name, [torch.ones(1, requires_grad=True)]).defaults
    shared = [key for key in vars(ours) if key in defaults]
    assert "lr" in shared and "weight_decay" in shared and len(shared) >= 3
    for key in shared:
        assert getattr(ours, key) == defaults[key], key


@pytest.mark.parametrize("name", ["SGD", "RMSProp", "Adam", "AdamW", "AdaGrad", "AdaDelta"])
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
        (w, r"expected an iterable of parameters.*got Tensor; wrap it in a list: \[w\]"),
        (lambda: 3, r"expected an iterable of parameters such as model.parameters\(\), got int"),
        (list, r"got an empty parameter list"),
        (lambda: [w(), np.ones(2)], r"parameter 1 is a ndarray, not a Tensor"),
        (lambda: [w(), Tensor([1.0])], r"parameter 1 has requires_grad=False"),
        (same_tensor_twice, r"parameter 2 is the same tensor as parameter 0"),
    ],
)
@pytest.mark.parametrize("name", ["SGD", "Adam"])
def test_bad_parameter_lists_are_refused(name, make_params, match):
    with pytest.raises(ValueError, match=f"{name}: {match}"):
        getattr(optimizers, name)(make_params())


@pytest.mark.parametrize(
    "name, kwargs, match",
    [
        ("SGD", {"lr": -0.1}, r"expected lr >= 0 \(the learning rate alpha\), got -0.1"),
        ("AdaGrad", {"weight_decay": -1.0}, r"expected weight_decay >= 0 \(lambda\), got -1.0"),
        ("SGD", {"momentum": -0.9}, r"expected momentum >= 0 \(mu\), got -0.9"),
        ("SGD", {"momentum": 0.9, "dampening": 1.5}, r"expected dampening in \[0, 1\].*got 1.5"),
        ("SGD", {"nesterov": True}, r"nesterov=True needs momentum mu > 0.*momentum=0"),
        ("SGD", {"momentum": 0.9, "dampening": 0.1, "nesterov": True},
         r"nesterov=True needs .*dampening tau = 0.*dampening=0.1"),
        ("RMSProp", {"alpha": -0.5}, r"expected alpha >= 0.*got -0.5"),
        ("RMSProp", {"eps": -1e-8}, r"expected eps >= 0 \(epsilon\), got -1e-08"),
        ("RMSProp", {"momentum": -1}, r"expected momentum >= 0.*got -1"),
        ("Adam", {"betas": (0.9,)}, r"expected betas a pair \(beta_1, beta_2\), got \(0.9,\)"),
        ("Adam", {"betas": (1.0, 0.999)}, r"expected betas\[0\] in \[0, 1\) \(beta_1\), got 1.0"),
        ("AdamW", {"betas": (0.9, -0.1)}, r"expected betas\[1\] in \[0, 1\) \(beta_2\), got -0.1"),
        ("Adam", {"eps": -1.0}, r"expected eps >= 0"),
        ("AdaGrad", {"eps": -1.0}, r"expected eps >= 0"),
        ("AdaDelta", {"rho": 1.5}, r"expected rho in \[0, 1\], got 1.5"),
        ("AdaDelta", {"eps": -1.0}, r"expected eps >= 0"),
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


# --------------------------------------------------------------- schedules
def lr_sequences(make_ours, make_theirs, epochs=25, metrics=None):
    """The learning rate after each epoch, with dlref's and torch's schedule."""
    ours_opt = optimizers.SGD([Tensor([1.0], requires_grad=True)], lr=0.5)
    theirs_opt = torch.optim.SGD([torch.ones(1, requires_grad=True)], lr=0.5)
    ours, theirs = make_ours(ours_opt), make_theirs(theirs_opt)
    ours_lrs, theirs_lrs = [], []
    for epoch in range(epochs):
        theirs_opt.step()  # torch wants an optimizer step before a schedule step
        if metrics is None:
            ours.step()
            theirs.step()
        else:
            ours.step(metrics[epoch])
            theirs.step(metrics[epoch])
        ours_lrs.append(ours_opt.lr)
        theirs_lrs.append(theirs_opt.param_groups[0]["lr"])
    return np.array(ours_lrs), np.array(theirs_lrs)


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("StepLR", {"step_size": 3}),
        ("StepLR", {"step_size": 1, "gamma": 0.8}),
        ("ExponentialLR", {"gamma": 0.9}),
        ("CosineAnnealingLR", {"T_max": 10}),  # 25 epochs: down, up again, and down
        ("CosineAnnealingLR", {"T_max": 7, "eta_min": 0.01}),
    ],
)
def test_schedules_match_torch(name, kwargs):
    ours, theirs = lr_sequences(
        lambda opt: getattr(optimizers, name)(opt, **kwargs),
        lambda opt: getattr(torch.optim.lr_scheduler, name)(opt, **kwargs),
    )
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-14)
    assert len(set(ours.round(12))) > 2  # the rate did change


def test_cosine_annealing_reaches_eta_min_at_t_max():
    optimizer = optimizers.SGD([Tensor([1.0], requires_grad=True)], lr=1.0)
    schedule = optimizers.CosineAnnealingLR(optimizer, T_max=5, eta_min=0.1)
    lrs = []
    for _ in range(5):
        schedule.step()
        lrs.append(optimizer.lr)
    assert math.isclose(lrs[-1], 0.1) and all(a > b for a, b in itertools.pairwise(lrs))


PLATEAU_METRICS = [5.0, 4.0, 4.0, 3.99, 3.999, 4.2, 3.0, 3.0, 3.1, 2.9, 2.9, 2.9, 2.9,
                   3.5, 1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]


@pytest.mark.parametrize(
    "kwargs, metrics",
    [
        ({"patience": 0}, PLATEAU_METRICS),
        ({"factor": 0.5, "patience": 2}, PLATEAU_METRICS),
        ({"factor": 0.5, "patience": 1, "threshold": 0.1, "min_lr": 0.1}, PLATEAU_METRICS),
        ({"mode": "max", "factor": 0.5, "patience": 1}, [-m for m in PLATEAU_METRICS]),
        ({"mode": "max", "patience": 0, "threshold": 0.0}, [0.5, 0.6, 0.6, 0.7, 0.65] * 5),
    ],
)
def test_reduce_on_plateau_matches_torch(kwargs, metrics):
    ours, theirs = lr_sequences(
        lambda opt: optimizers.ReduceLROnPlateau(opt, **kwargs),
        lambda opt: torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **kwargs),
        metrics=metrics,
    )
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-14)
    assert ours[-1] < 0.5  # it did reduce


def test_a_schedule_drives_the_optimizer_as_in_torch():
    W0, b0, X, Y = start_values()
    W, b = Tensor(W0.copy(), requires_grad=True), Tensor(b0.copy(), requires_grad=True)
    W_t, b_t = torch.tensor(W0, requires_grad=True), torch.tensor(b0, requires_grad=True)
    ours = optimizers.SGD([W, b], lr=0.1, momentum=0.9)
    theirs = torch.optim.SGD([W_t, b_t], lr=0.1, momentum=0.9)
    ours_schedule = optimizers.StepLR(ours, step_size=2, gamma=0.5)
    theirs_schedule = torch.optim.lr_scheduler.StepLR(theirs, step_size=2, gamma=0.5)
    for epoch in range(10):
        for _ in range(2):
            step_both(ours, theirs, (W, b), (W_t, b_t), X, Y)
        ours_schedule.step()
        theirs_schedule.step()
    assert_close(W.numpy(), W_t)
    assert_close(b.numpy(), b_t)
    assert ours.lr == 0.1 * 0.5**5


@pytest.mark.parametrize(
    "name, kwargs, match",
    [
        ("StepLR", {"step_size": 0}, r"expected step_size a positive integer \(epochs\), got 0"),
        ("StepLR", {"step_size": 2.5}, r"expected step_size a positive integer.*got 2.5"),
        ("StepLR", {"step_size": 2, "gamma": 0.0}, r"expected gamma > 0, got 0.0"),
        ("ExponentialLR", {"gamma": -0.5}, r"expected gamma > 0, got -0.5"),
        ("CosineAnnealingLR", {"T_max": 0}, r"expected T_max a positive integer.*got 0"),
        ("CosineAnnealingLR", {"T_max": 5, "eta_min": -0.1}, r"expected eta_min >= 0, got -0.1"),
        ("ReduceLROnPlateau", {"mode": "avg"}, r"expected mode 'min' or 'max', got 'avg'"),
        ("ReduceLROnPlateau", {"factor": 1.0}, r"expected factor in \[0, 1\), got 1.0"),
        ("ReduceLROnPlateau", {"patience": -1}, r"expected patience an integer >= 0.*got -1"),
        ("ReduceLROnPlateau", {"threshold": -0.1}, r"expected threshold >= 0, got -0.1"),
        ("ReduceLROnPlateau", {"min_lr": -1.0}, r"expected min_lr >= 0, got -1.0"),
        ("ReduceLROnPlateau", {"eps": -1e-8}, r"expected eps >= 0, got -1e-08"),
    ],
)
def test_bad_schedule_arguments_are_refused(name, kwargs, match):
    optimizer = optimizers.SGD([w()], lr=0.1)
    with pytest.raises(ValueError, match=f"{name}: {match}"):
        getattr(optimizers, name)(optimizer, **kwargs)


@pytest.mark.parametrize("name", ["StepLR", "ReduceLROnPlateau"])
def test_a_schedule_needs_a_dlref_optimizer(name):
    theirs = torch.optim.SGD([torch.ones(1, requires_grad=True)], lr=0.1)
    match = f"{name}: expected a dlref Optimizer, got torch.optim.sgd.SGD$"
    with pytest.raises(ValueError, match=match):
        getattr(optimizers, name)(theirs, 2)


def test_the_base_schedule_needs_a_formula():
    optimizer = optimizers.SGD([Tensor([1.0], requires_grad=True)], lr=0.1)
    with pytest.raises(NotImplementedError):
        optimizers.LRScheduler(optimizer).step()


def test_a_schedule_is_a_fit_callback_stepping_once_per_epoch():
    from dlref import losses
    from dlref.training import fit

    X, y = np.ones((8, 2)), np.zeros((8, 1))
    model = layers.Linear(2, 1)
    optimizer = optimizers.SGD(model.parameters(), lr=1.0)
    schedule = optimizers.CosineAnnealingLR(optimizer, T_max=4)
    lrs = []

    class Record:
        def on_epoch_end(self, model, history):
            lrs.append(optimizer.lr)

    fit(model, losses.mse_loss, optimizer, (X, y), epochs=4, callbacks=[schedule, Record()], verbose=False)
    expected = [0.5 * (1 + math.cos(math.pi * t / 4)) for t in range(1, 5)]
    np.testing.assert_allclose(lrs, expected, atol=1e-15)


def test_reduce_on_plateau_as_a_fit_callback_reads_its_monitor():
    from dlref import losses
    from dlref.training import fit

    X, y = np.ones((8, 2)), np.zeros((8, 1))
    model = layers.Linear(2, 1)
    optimizer = optimizers.SGD(model.parameters(), lr=1e-30)  # too small to move the loss in float64
    schedule = optimizers.ReduceLROnPlateau(optimizer, factor=0.5, patience=0, eps=0.0, monitor="loss")
    fit(model, losses.mse_loss, optimizer, (X, y), epochs=3, callbacks=[schedule], verbose=False)
    assert optimizer.lr == 1e-30 * 0.5**2                     # epochs 2 and 3 did not improve on epoch 1


def test_reduce_on_plateau_callback_names_a_missing_monitor():
    optimizer = optimizers.SGD([Tensor(np.ones(1), requires_grad=True)], lr=1.0)
    schedule = optimizers.ReduceLROnPlateau(optimizer)
    with pytest.raises(ValueError, match=r"monitor 'val_loss' is not in fit's history, which has \['loss'\]"):
        schedule.on_epoch_end(None, {"loss": [1.0]})
