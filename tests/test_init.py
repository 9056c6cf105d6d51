"""dlref.init: torch.nn.init's fans, gains, bounds and standard deviations; in place, seeded, on every backend;
every bad argument refused before anything is drawn."""

import math

import numpy as np
import pytest
import torch

import dlref
from dlref import init


def zeros(*shape, dtype="float64"):
    return dlref.tensor(np.zeros(shape), dtype=dtype)


@pytest.mark.parametrize("shape", [(5, 3), (8, 3, 5, 5), (4, 2, 3), (6, 1, 2, 2, 2), (1, 1)])
def test_fans_are_torchs(shape):
    assert init.fan_in_and_fan_out(zeros(*shape)) == torch.nn.init._calculate_fan_in_and_fan_out(
        torch.zeros(shape))


@pytest.mark.parametrize("name, param", [("linear", None), ("conv2d", None), ("sigmoid", None),
                                         ("tanh", None), ("relu", None), ("leaky_relu", None),
                                         ("leaky_relu", 0.2), ("leaky_relu", math.sqrt(5))])
def test_gains_are_torchs(name, param):
    assert init.calculate_gain(name, param) == pytest.approx(torch.nn.init.calculate_gain(name, param),
                                                             rel=1e-15)


# (our function and arguments, the standard deviation it should give, its bound if uniform) for a (400, 300) weight
FAN_IN, FAN_OUT = 300, 400
SPREADS = [
    (lambda W: init.uniform_(W, -0.3, 0.3), 0.3 / math.sqrt(3), 0.3),
    (lambda W: init.normal_(W, 0.0, 0.05), 0.05, None),
    (lambda W: init.xavier_uniform_(W), math.sqrt(2 / 700), math.sqrt(6 / 700)),
    (lambda W: init.xavier_uniform_(W, gain=5 / 3), 5 / 3 * math.sqrt(2 / 700), 5 / 3 * math.sqrt(6 / 700)),
    (lambda W: init.xavier_normal_(W), math.sqrt(2 / 700), None),
    (lambda W: init.kaiming_uniform_(W, nonlinearity="relu"), math.sqrt(2 / FAN_IN), math.sqrt(6 / FAN_IN)),
    (lambda W: init.kaiming_uniform_(W, a=math.sqrt(5)), 1 / math.sqrt(3 * FAN_IN), 1 / math.sqrt(FAN_IN)),
    (lambda W: init.kaiming_uniform_(W, mode="fan_out", nonlinearity="relu"), math.sqrt(2 / FAN_OUT),
     math.sqrt(6 / FAN_OUT)),
    (lambda W: init.kaiming_normal_(W, nonlinearity="relu"), math.sqrt(2 / FAN_IN), None),
    (lambda W: init.kaiming_normal_(W, mode="fan_out"), math.sqrt(2 / (1 + 0.0)) / math.sqrt(FAN_OUT), None),
    (lambda W: init.kaiming_normal_(W, a=0.3, nonlinearity="leaky_relu"),
     math.sqrt(2 / 1.09) / math.sqrt(FAN_IN), None),
]


@pytest.mark.parametrize("fill, std, bound", SPREADS)
def test_spread_and_bounds(backend, fill, std, bound):
    W = zeros(FAN_OUT, FAN_IN)
    assert fill(W) is W  # in place, and returned
    values = W.numpy()
    assert values.std() == pytest.approx(std, rel=0.02) and abs(values.mean()) < 0.02 * std
    if bound is not None:
        assert np.abs(values).max() <= bound and np.abs(values).max() > 0.99 * bound


def test_the_same_spreads_as_torch_nn_init():
    """torch's own functions on a tensor of the same shape give the same standard deviation (up to sampling)."""
    pairs = [(lambda W: init.xavier_uniform_(W), lambda w: torch.nn.init.xavier_uniform_(w)),
             (lambda W: init.xavier_normal_(W, gain=2.0), lambda w: torch.nn.init.xavier_normal_(w, gain=2.0)),
             (lambda W: init.kaiming_uniform_(W, a=1.0), lambda w: torch.nn.init.kaiming_uniform_(w, a=1.0)),
             (lambda W: init.kaiming_normal_(W, mode="fan_out", nonlinearity="tanh"),
              lambda w: torch.nn.init.kaiming_normal_(w, mode="fan_out", nonlinearity="tanh"))]
    torch.manual_seed(0)
    for ours, theirs in pairs:
        W, w = zeros(64, 32, 3, 3), torch.zeros(64, 32, 3, 3, dtype=torch.float64)
        assert ours(W).numpy().std() == pytest.approx(theirs(w).std().item(), rel=0.03)


def test_zeros_and_dtype_kept():
    W = dlref.tensor(np.ones((2, 3)), dtype="float32")
    assert init.zeros_(W) is W and W.dtype == np.float32 and not W.numpy().any()
    init.normal_(W)
    assert W.dtype == np.float32


def test_one_seed_the_same_numbers_on_numpy_and_torch():
    def draw():
        dlref.manual_seed(5)
        W = zeros(3, 4)
        return init.kaiming_normal_(W).numpy().copy()

    on_numpy = draw()
    dlref.use("torch")
    try:
        on_torch = draw()
    finally:
        dlref.use("numpy")
    np.testing.assert_array_equal(on_numpy, on_torch)


def test_a_parameter_is_filled_and_keeps_requiring_grad():
    from dlref.layers import Linear

    layer = Linear(3, 2)
    init.xavier_uniform_(layer.weight)
    assert layer.weight.requires_grad and layer.parameters()[0] is layer.weight


# --------------------------------------------------------------------- errors
@pytest.mark.parametrize("call, message", [
    (lambda: init.uniform_(np.zeros(3)), r"^uniform_\(\): expected tensor to be a Tensor \(e.g. layer.weight\), got ndarray$"),
    (lambda: init.normal_(dlref.tensor(np.zeros(3, dtype=np.int64))),
     r"^normal_\(\): expected tensor to be a floating Tensor, got dtype int64$"),
    (lambda: init.zeros_([0.0]), r"^zeros_\(\): expected tensor to be a Tensor"),
    (lambda: init.uniform_(zeros(3), 1.0, 1.0), r"^uniform_\(\): expected b to be a number > 1, got 1.0$"),
    (lambda: init.uniform_(zeros(3), "0", 1.0), r"^uniform_\(\): expected a to be a number, got '0'$"),
    (lambda: init.normal_(zeros(3), std=-1.0), r"^normal_\(\): expected std to be a number >= 0, got -1.0$"),
    (lambda: init.normal_(zeros(3), mean=float("nan")), r"^normal_\(\): expected mean to be a number, got nan$"),
    (lambda: init.xavier_uniform_(zeros(3)),
     r"^fan_in_and_fan_out\(\): expected tensor to be a weight of shape \(n_out, n_in, \.\.\.\) with no empty axis, got shape \(3,\)$"),
    (lambda: init.kaiming_normal_(zeros(0, 3)), r"got shape \(0, 3\)$"),
    (lambda: init.xavier_normal_(zeros(2, 2), gain=-1.0), r"^xavier_normal_\(\): expected gain to be a number >= 0, got -1.0$"),
    (lambda: init.xavier_uniform_(zeros(2, 2), gain=None), r"^xavier_uniform_\(\): expected gain to be a number >= 0, got None$"),
    (lambda: init.kaiming_uniform_(zeros(2, 2), mode="fan_avg"),
     r"^kaiming_uniform_\(\): expected mode to be one of 'fan_in', 'fan_out', got 'fan_avg'$"),
    (lambda: init.kaiming_normal_(zeros(2, 2), nonlinearity="gelu"),
     r"^kaiming_normal_\(\): expected nonlinearity to be one of 'linear', 'conv2d', 'sigmoid', 'tanh', 'relu', 'leaky_relu', got 'gelu'$"),
    (lambda: init.kaiming_normal_(zeros(2, 2), a="0.1"), r"^kaiming_normal_\(\): expected a to be a number, got '0.1'$"),
    (lambda: init.calculate_gain("selu"), r"^calculate_gain\(\): expected nonlinearity to be one of .*, got 'selu'$"),
    (lambda: init.calculate_gain("tanh", 0.5), r"^calculate_gain\(\): expected param to be None for 'tanh', got 0.5$"),
    (lambda: init.calculate_gain("leaky_relu", "0.1"), r"^calculate_gain\(\): expected param \(α\) to be a number, got '0.1'$"),
    (lambda: init.fan_in_and_fan_out(3.0), r"^fan_in_and_fan_out\(\): expected tensor to be a Tensor"),
])
def test_bad_arguments(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_a_failed_call_changes_nothing_and_draws_nothing():
    W = dlref.tensor(np.ones((3, 2)))
    dlref.manual_seed(0)
    with pytest.raises(ValueError):
        init.kaiming_uniform_(W, mode="fan_avg")
    np.testing.assert_array_equal(W.numpy(), np.ones((3, 2)))
    assert dlref.backend.rng().random() == np.random.default_rng(0).random()
