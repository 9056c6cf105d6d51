"""Losses: finite differences, PyTorch parity (float64, every reduction), extremes and errors."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from conftest import assert_close, torch_copy

from dlref import backend as B
from dlref.autograd import tensor
from dlref.finite_differences import gradcheck
from dlref.losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    categorical_cross_entropy,
    cross_entropy,
    mae_loss,
    mse_loss,
)

REDUCTIONS = ["mean", "sum", "none"]
N, C = 5, 4


def reduce_torch(losses, reduction):
    return {"mean": losses.mean, "sum": losses.sum, "none": lambda: losses}[reduction]()


def one_hot(labels, classes=C):
    return np.eye(classes)[labels]


def torch_categorical(p, y, reduction):
    """The notes' formula written with torch ops (PyTorch has no loss on probabilities)."""
    return reduce_torch(-(y * torch.log(p).clamp(min=-100)).sum(axis=1), reduction)


def draw(name):
    """Typical (input, target) numpy arrays for each loss."""
    rng = B.rng()
    labels = rng.integers(C, size=N)
    scores = rng.standard_normal((N, C)) * 2
    probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    soft_and_hard = np.r_[rng.uniform(0, 1, 6), [0, 1, 1, 0]].reshape(N, 2)  # BCE targets
    return {
        "mse": (rng.standard_normal((N, 3)), rng.standard_normal((N, 3))),
        "mae": (rng.standard_normal((N, 3)), rng.standard_normal((N, 3))),
        "bce": (rng.uniform(0.05, 0.95, (N, 2)), soft_and_hard),
        "bce_logits": (rng.standard_normal((N, 2)) * 3, soft_and_hard),
        "cross_entropy": (scores, labels),
        "categorical": (probs, one_hot(labels)),
    }[name]


# (name, dlref loss, the same loss in torch: f(input, target, reduction))
LOSSES = [
    ("mse", mse_loss, lambda a, y, r: F.mse_loss(a, y, reduction=r)),
    ("mae", mae_loss, lambda a, y, r: F.l1_loss(a, y, reduction=r)),
    ("bce", binary_cross_entropy, lambda a, y, r: F.binary_cross_entropy(a, y, reduction=r)),
    ("bce_logits", binary_cross_entropy_with_logits,
     lambda a, y, r: F.binary_cross_entropy_with_logits(a, y, reduction=r)),
    ("cross_entropy", cross_entropy, lambda a, y, r: F.cross_entropy(a, y, reduction=r)),
    ("categorical", categorical_cross_entropy, torch_categorical),
]
IDS = [loss[0] for loss in LOSSES]


def matches_torch(loss, torch_loss, input, target, reduction, grad_rtol=1e-10):
    """Value and input gradient (for random output weights) equal PyTorch's; returns the loss."""
    x = tensor(input, requires_grad=True)
    t = torch_copy(x)
    value = loss(x, target, reduction=reduction)
    expected = torch_loss(t, torch.as_tensor(target), reduction)
    assert value.shape == tuple(expected.shape)
    assert_close(value.numpy(), expected)
    weights = B.rng().standard_normal(value.shape)
    (value * tensor(weights)).sum().backward()
    (expected * torch.tensor(weights)).sum().backward()
    assert_close(x.grad, t.grad, rtol=grad_rtol)
    assert np.isfinite(value.numpy()).all() and np.isfinite(B.to_numpy(x.grad)).all()
    return value


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name, loss, torch_loss", LOSSES, ids=IDS)
def test_gradcheck_and_torch(backend, name, loss, torch_loss, reduction):
    input, target = draw(name)
    x = tensor(input, requires_grad=True)
    assert gradcheck(lambda x: loss(x, target, reduction=reduction), [x])
    matches_torch(loss, torch_loss, input, target, reduction)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name, loss, torch_loss", LOSSES[:2], ids=IDS[:2])
def test_regression_losses_differentiate_a_target_requiring_grad(backend, name, loss, torch_loss,
                                                                 reduction):
    a, y = (tensor(v, requires_grad=True) for v in draw(name))
    assert gradcheck(lambda a, y: loss(a, y, reduction=reduction), [a, y])
    ta, ty = torch_copy(a), torch_copy(y)
    loss(a, y, reduction=reduction).sum().backward()
    torch_loss(ta, ty, reduction).sum().backward()
    assert_close(a.grad, ta.grad)
    assert_close(y.grad, ty.grad)


@pytest.mark.parametrize("name, loss, torch_loss", LOSSES, ids=IDS)
def test_targets_may_be_lists_arrays_or_tensors(backend, name, loss, torch_loss):
    input, target = draw(name)
    x = tensor(input)
    expected = loss(x, target).item()
    assert loss(x, target.tolist()).item() == expected
    assert loss(x, tensor(target, dtype=str(target.dtype))).item() == expected


@pytest.mark.parametrize("name, loss, torch_loss", LOSSES, ids=IDS)
def test_float32_stays_float32(backend, name, loss, torch_loss):
    input, target = draw(name)
    x = tensor(input, requires_grad=True, dtype="float32")
    value = loss(x, target)
    value.backward()
    assert value.dtype == B.xp.float32 and x.grad.dtype == B.xp.float32


def test_integer_regression_targets_are_converted():
    assert mse_loss(tensor([1.0, 3.0]), np.array([1, 1])).item() == 2.0


def test_cross_entropy_equals_categorical_cross_entropy_of_the_softmax():
    scores, labels = draw("cross_entropy")
    probs = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    from_logits = cross_entropy(tensor(scores), labels, reduction="none")
    from_probabilities = categorical_cross_entropy(tensor(probs), one_hot(labels), reduction="none")
    assert_close(from_logits.numpy(), from_probabilities.numpy())


@pytest.mark.parametrize("errors, mae, rmse", [
    ([2] * 10, 2.0, 2.0),                 # evenly distributed errors
    ([1] * 5 + [3] * 5, 2.0, 2.236),      # small variance
    ([0] * 9 + [20], 2.0, 6.325),         # one outlier
])
def test_mae_and_rmse_of_the_three_cases_of_the_notes(errors, mae, rmse):
    y_hat, y = tensor(errors), tensor(np.zeros(10))
    mae_value, rmse_value = mae_loss(y_hat, y).item(), mse_loss(y_hat, y).item() ** 0.5
    assert (round(mae_value, 3), round(rmse_value, 3)) == (mae, rmse)
    assert mae_value <= rmse_value <= mae_value * 10**0.5 + 1e-12


# --------------------------------------------------------------- extremes
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_logit_losses_are_finite_and_exact_at_1e4(backend, reduction):
    z = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 1e4]])
    y = np.array([[1.0, 1.0, 0.5], [0.0, 0.0, 1.0]])
    value = matches_torch(binary_cross_entropy_with_logits, LOSSES[3][2], z, y, reduction)
    if reduction == "none":
        np.testing.assert_array_equal(value.numpy(), [[0.0, 1e4, np.log(2)], [0.0, 1e4, 0.0]])
    matches_torch(cross_entropy, LOSSES[4][2], z, np.array([0, 2]), reduction)
    matches_torch(cross_entropy, LOSSES[4][2], z, np.array([1, 0]), reduction)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_binary_cross_entropy_at_probabilities_0_and_1_as_torch(backend, reduction):
    """log is clamped at -100 and the gradient's denominator at 1e-12, as in PyTorch."""
    p = np.array([0.0, 0.0, 0.0, 1.0, 1.0, 1.0])
    y = np.array([0.0, 1.0, 0.3, 0.0, 1.0, 0.3])
    # PyTorch's 1e-12 is a float32 constant (1e-12 * (1 - 4e-9)): the gradients agree to 1e-8.
    value = matches_torch(binary_cross_entropy, LOSSES[2][2], p, y, reduction, grad_rtol=1e-8)
    if reduction == "none":
        assert_close(value.numpy(), np.array([0.0, 100.0, 30.0, 100.0, 0.0, 70.0]))
        x = tensor(p, requires_grad=True)
        binary_cross_entropy(x, y, reduction="none").sum().backward()
        assert_close(x.grad, np.array([0.0, -1e12, -0.3e12, 1e12, 0.0, 0.7e12]))  # (p - y) / 1e-12


def test_categorical_cross_entropy_at_probabilities_0_and_1(backend):
    p = tensor([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.5, 0.5, 0.0]], requires_grad=True)
    y = one_hot([0, 0, 1], classes=3)
    losses = categorical_cross_entropy(p, y, reduction="none")
    assert_close(losses.numpy(), torch_categorical(torch_copy(p), torch.tensor(y), "none"))
    # 0 log 0 counts as 0; -log 0 is clamped to 100
    assert_close(losses.numpy(), np.array([0.0, 100.0, np.log(2)]))
    losses.sum().backward()
    assert_close(p.grad, np.array([[-1.0, 0, 0], [-1e12, 0, 0], [0, -2.0, 0]]))


# ------------------------------------------------------------------ errors
def fails(match):
    return pytest.raises(ValueError, match=match)


@pytest.mark.parametrize("name, loss, torch_loss", LOSSES, ids=IDS)
def test_errors_common_to_every_loss(name, loss, torch_loss):
    input, target = draw(name)
    title = loss.__name__
    with fails(rf"^{title}\(\): expected reduction to be one of 'mean', 'sum', 'none', got 'avg'$"):
        loss(tensor(input), target, reduction="avg")
    with fails(rf"^{title}\(\): expected (y_hat|z) to be a Tensor, got ndarray of shape"):
        loss(input, target)
    with fails(rf"^{title}\(\): expected (y_hat|z) to be a floating Tensor, got dtype int64"):
        loss(tensor(np.ones(input.shape, dtype=np.int64)), target)
    nan_input = input.copy()
    nan_input[0, 1] = np.nan
    with fails(rf"^{title}\(\): expected (y_hat|z) to be finite \(no NaN or inf\), got nan at index \(0, 1\)$"):
        loss(tensor(nan_input), target)
    for value in (np.inf, -np.inf):  # an inf logit or output would make the loss NaN or inf
        inf_input = input.copy()
        inf_input[1, 0] = value
        with fails(rf"^{title}\(\): expected (y_hat|z) to be finite \(no NaN or inf\), got {value} at index \(1, 0\)$"):
            loss(tensor(inf_input), target)
    with fails(rf"^{title}\(\): expected (y_hat|z) to be non-empty \(a batch of at least one example\), got shape \(0, \d\)$"):
        loss(tensor(input[:0]), target[:0])  # the mean over no example would be NaN
    with fails(rf"^{title}\(\): expected y to be "):
        loss(tensor(input), np.full(target.shape, "a"))


FLOAT_TARGETS = [loss for loss in LOSSES if loss[0] != "cross_entropy"]


@pytest.mark.parametrize("name, loss, torch_loss", FLOAT_TARGETS, ids=[c[0] for c in FLOAT_TARGETS])
def test_errors_of_float_targets(name, loss, torch_loss):
    input, target = draw(name)
    title = loss.__name__
    nan_target = target.copy()
    nan_target[1, 0] = np.nan
    with fails(rf"^{title}\(\): expected y to be finite numbers, got nan at index \(1, 0\)$"):
        loss(tensor(input), nan_target)
    with fails(rf"^{title}\(\): expected y to be of shape \(5, \d\), got shape \(5, 1\)$"):
        loss(tensor(input), target[:, :1])
    with fails(rf"^{title}\(\): expected y to be of the input's dtype float64, got dtype float32$"):
        loss(tensor(input), tensor(target, dtype="float32"))


def test_mse_of_column_against_vector_is_an_error_with_a_hint():
    with fails(r"^mse_loss\(\): expected y to be of shape \(4, 1\), got shape \(4,\); "
               r"reshape the target to \(4, 1\)\? \(broadcasting"):
        mse_loss(tensor(np.zeros((4, 1))), np.zeros(4))


@pytest.mark.parametrize("name, loss", [("bce", binary_cross_entropy),
                                        ("bce_logits", binary_cross_entropy_with_logits),
                                        ("categorical", categorical_cross_entropy)])
def test_fixed_targets_must_not_require_grad(name, loss):
    input, target = draw(name)
    with fails(rf"^{loss.__name__}\(\): expected y to be fixed data \(only mse_loss and mae_loss .*got a tensor that requires grad; detach\(\) it$"):
        loss(tensor(input), tensor(target, requires_grad=True))


def test_probabilities_must_lie_in_0_1():
    with fails(r"^binary_cross_entropy\(\): expected y_hat to be probabilities in \[0, 1\], got values in "
               r"\[-2, 3\]; pass probabilities .*_with_logits"):
        binary_cross_entropy(tensor([-2.0, 3.0]), [0.0, 1.0])
    with fails(r"^binary_cross_entropy\(\): expected y to be probabilities in \[0, 1\], got values in \[0, 2\]$"):
        binary_cross_entropy(tensor([0.5, 0.5]), [0.0, 2.0])
    with fails(r"^binary_cross_entropy_with_logits\(\): expected y to be probabilities in \[0, 1\]"):
        binary_cross_entropy_with_logits(tensor([0.5, 0.5]), [-1.0, 1.0])
    with fails(r"^categorical_cross_entropy\(\): expected y_hat to be probabilities in \[0, 1\], got values in "
               r"\[-1, 2\]; pass probabilities .* cross_entropy"):
        categorical_cross_entropy(tensor([[2.0, -1.0]]), [[1.0, 0.0]])


def test_cross_entropy_errors():
    z = tensor(np.zeros((3, 4)))
    with fails(r"^cross_entropy\(\): expected z to be of shape \(N, C\), got shape \(4,\)$"):
        cross_entropy(tensor(np.zeros(4)), [1])
    with fails(r"^cross_entropy\(\): expected y to be of shape \(3,\), got shape \(3, 4\); "
               "for one-hot targets use categorical_cross_entropy"):
        cross_entropy(z, one_hot([0, 1, 2]))
    with fails(r"^cross_entropy\(\): expected y to be of shape \(3,\), got shape \(2,\)$"):
        cross_entropy(z, [0, 1])
    with fails(r"^cross_entropy\(\): expected y to be class labels \(whole numbers\), got 0.5 at index 1; threshold"):
        cross_entropy(z, [0.0, 0.5, 2.0])
    for bad, text in [(["a", "b", "c"], "an array of numbers, got dtype <U1"), ([0, 1j, 2], "an array of numbers, got dtype complex128"),
                      ([0, np.nan, 1], r"finite numbers, got nan at index 1"), ([0, np.inf, 1], r"finite numbers, got inf at index 1")]:
        with fails(rf"^cross_entropy\(\): expected y to be {text}"):
            cross_entropy(z, bad)
    assert cross_entropy(z, [0.0, 1.0, 3.0]).item() == cross_entropy(z, [0, 1, 3]).item()  # whole floats are labels
    for labels, value, index in [([0, 4, 1], 4, 1), ([-1, 0, 3], -1, 0)]:
        with fails(rf"^cross_entropy\(\): expected y to be class labels in 0..3 \(C = 4 classes\), got {value} at index {index}$"):
            cross_entropy(z, labels)


def test_categorical_cross_entropy_errors():
    p = tensor(np.full((3, 2), 0.5))
    with fails(r"^categorical_cross_entropy\(\): expected y_hat to be of shape \(N, C\), "
               r"got shape \(2,\)$"):
        categorical_cross_entropy(tensor([0.5, 0.5]), [1.0, 0.0])
    with fails(r"^categorical_cross_entropy\(\): expected y to be one-hot rows \(a single 1, the rest 0\), got rows \[0, 2\] that are not; data.one_hot"):
        categorical_cross_entropy(p, [[1.0, 1.0], [0.0, 1.0], [0.5, 0.5]])
    with fails(r"got rows \[1\] that are not"):
        categorical_cross_entropy(p, [[1.0, 0.0], [0.0, 0.0], [0.0, 1.0]])
