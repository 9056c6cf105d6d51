"""Learning-rate schedules: the same rates as torch.optim.lr_scheduler, epoch by epoch, and as fit callbacks."""

import itertools
import math

import numpy as np
import pytest
import torch
from conftest import assert_close, start_values, step_both

from dlref import layers, optimizers, schedules
from dlref.autograd import Tensor
from dlref.callbacks import Callback


def w():
    return Tensor([1.0], requires_grad=True)


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
        lambda opt: getattr(schedules, name)(opt, **kwargs),
        lambda opt: getattr(torch.optim.lr_scheduler, name)(opt, **kwargs),
    )
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-14)
    assert len(set(ours.round(12))) > 2  # the rate did change


def test_cosine_annealing_reaches_eta_min_at_t_max():
    optimizer = optimizers.SGD([Tensor([1.0], requires_grad=True)], lr=1.0)
    schedule = schedules.CosineAnnealingLR(optimizer, T_max=5, eta_min=0.1)
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
        lambda opt: schedules.ReduceLROnPlateau(opt, **kwargs),
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
    ours_schedule = schedules.StepLR(ours, step_size=2, gamma=0.5)
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
        ("StepLR", {"step_size": 0}, r"expected step_size to be an integer >= 1, got 0"),
        ("StepLR", {"step_size": 2.5}, r"expected step_size to be an integer >= 1, got 2.5"),
        ("StepLR", {"step_size": 2, "gamma": 0.0}, r"expected gamma \(γ\) to be a number > 0, got 0.0"),
        ("ExponentialLR", {"gamma": -0.5}, r"expected gamma \(γ\) to be a number > 0, got -0.5"),
        ("CosineAnnealingLR", {"T_max": 0}, r"expected T_max to be an integer >= 1, got 0"),
        ("CosineAnnealingLR", {"T_max": 5, "eta_min": -0.1}, r"expected eta_min \(η_min\) to be a number >= 0, got -0.1"),
        ("ReduceLROnPlateau", {"mode": "avg"}, r"expected mode to be one of 'min', 'max', got 'avg'"),
        ("ReduceLROnPlateau", {"factor": 1.0}, r"expected factor to be a number in \[0, 1\), got 1.0"),
        ("ReduceLROnPlateau", {"patience": -1}, r"expected patience to be an integer >= 0, got -1"),
        ("ReduceLROnPlateau", {"threshold": -0.1}, r"expected threshold to be a number >= 0, got -0.1"),
        ("ReduceLROnPlateau", {"min_lr": -1.0}, r"expected min_lr to be a number >= 0, got -1.0"),
        ("ReduceLROnPlateau", {"eps": -1e-8}, r"expected eps to be a number >= 0, got -1e-08"),
    ],
)
def test_bad_schedule_arguments_are_refused(name, kwargs, match):
    optimizer = optimizers.SGD([w()], lr=0.1)
    with pytest.raises(ValueError, match=f"{name}: {match}"):
        getattr(schedules, name)(optimizer, **kwargs)


@pytest.mark.parametrize("name", ["StepLR", "ReduceLROnPlateau"])
def test_a_schedule_needs_a_dlref_optimizer(name):
    theirs = torch.optim.SGD([torch.ones(1, requires_grad=True)], lr=0.1)
    match = f"{name}: expected optimizer to be a dlref Optimizer, got torch.optim.sgd.SGD$"
    with pytest.raises(ValueError, match=match):
        getattr(schedules, name)(theirs, 2)


def test_the_base_schedule_needs_a_formula():
    optimizer = optimizers.SGD([Tensor([1.0], requires_grad=True)], lr=0.1)
    with pytest.raises(NotImplementedError):
        schedules.LRScheduler(optimizer).step()


def test_a_schedule_is_a_fit_callback_stepping_once_per_epoch():
    from dlref import losses
    from dlref.training import fit

    X, y = np.ones((8, 2)), np.zeros((8, 1))
    model = layers.Linear(2, 1)
    optimizer = optimizers.SGD(model.parameters(), lr=1.0)
    schedule = schedules.CosineAnnealingLR(optimizer, T_max=4)
    lrs = []

    class Record(Callback):
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
    schedule = schedules.ReduceLROnPlateau(optimizer, factor=0.5, patience=0, eps=0.0, monitor="loss")
    fit(model, losses.mse_loss, optimizer, (X, y), epochs=3, callbacks=[schedule], verbose=False)
    assert optimizer.lr == 1e-30 * 0.5**2                     # epochs 2 and 3 did not improve on epoch 1


def test_reduce_on_plateau_callback_names_a_missing_monitor():
    optimizer = optimizers.SGD([Tensor(np.ones(1), requires_grad=True)], lr=1.0)
    schedule = schedules.ReduceLROnPlateau(optimizer)
    with pytest.raises(ValueError, match=r"^ReduceLROnPlateau: expected monitor 'val_loss' to be a key of fit's history, "
                       r"one of \['loss'\], got a history without it \(pass val_data to fit for 'val_loss'\)$"):
        schedule.on_epoch_end(None, {"loss": [1.0]})
    with pytest.raises(ValueError, match=r"^ReduceLROnPlateau.step\(\): expected value to be a number, got nan$"):
        schedule.step(float("nan"))
