"""Activation functions: finite differences, PyTorch parity (float64) and extreme logits."""

import numpy as np
import pytest
import torch
from conftest import assert_close, torch_copy

from dlref import backend as B
from dlref.activations import leaky_relu, log_softmax, relu, sigmoid, softmax, tanh
from dlref.autograd import tensor
from dlref.finite_differences import gradcheck

# (name, dlref function, the same function in torch)
ACTIVATIONS = [
    ("sigmoid", sigmoid, torch.sigmoid),
    ("tanh", tanh, torch.tanh),
    ("relu", relu, torch.relu),
    *[(f"leaky_relu_{s}", lambda z, s=s: leaky_relu(z, s),
       lambda t, s=s: torch.nn.functional.leaky_relu(t, s)) for s in (0.0, 0.01, 0.2, 1.5)],
    ("leaky_relu_default", leaky_relu, torch.nn.functional.leaky_relu),
    ("softmax_last", softmax, lambda t: torch.softmax(t, dim=-1)),
    ("softmax_axis0", lambda z: softmax(z, axis=0), lambda t: torch.softmax(t, dim=0)),
    ("log_softmax_last", log_softmax, lambda t: torch.log_softmax(t, dim=-1)),
    ("log_softmax_axis0", lambda z: log_softmax(z, axis=0), lambda t: torch.log_softmax(t, dim=0)),
]
IDS = [a[0] for a in ACTIVATIONS]


def value_and_grad_match_torch(fn, torch_fn, z):
    """fn(z) and d(sum w * fn(z))/dz, for random weights w, equal PyTorch's."""
    t = torch_copy(z)
    a, expected = fn(z), torch_fn(t)
    assert a.shape == tuple(expected.shape)
    assert_close(a.numpy(), expected)
    weights = B.rng().standard_normal(a.shape)
    (a * tensor(weights)).sum().backward()
    (expected * torch.tensor(weights)).sum().backward()
    assert_close(z.grad, t.grad)
    return a


@pytest.mark.parametrize("name, fn, torch_fn", ACTIVATIONS, ids=IDS)
def test_gradcheck_and_torch(backend, name, fn, torch_fn):
    z = tensor(B.rng().standard_normal((3, 4)) * 2, requires_grad=True)
    assert gradcheck(fn, [z])
    value_and_grad_match_torch(fn, torch_fn, z)


@pytest.mark.parametrize("name, fn, torch_fn", ACTIVATIONS, ids=IDS)
def test_extreme_and_zero_inputs_match_torch(backend, name, fn, torch_fn):
    """Logits of +-1e4 give finite values and gradients; at z = 0 the kinks follow PyTorch."""
    z = tensor([[1e4, -1e4, 0.0], [-1e4, -1e4, 1e4], [0.0, 3.0, -1e4]], requires_grad=True)
    a = value_and_grad_match_torch(fn, torch_fn, z)
    assert np.isfinite(a.numpy()).all() and np.isfinite(B.to_numpy(z.grad)).all()


def test_extreme_values_are_exact():
    z = tensor([[1e4, -1e4, 0.0]])
    np.testing.assert_array_equal(sigmoid(z).numpy(), [[1.0, 0.0, 0.5]])
    np.testing.assert_array_equal(softmax(z).numpy(), [[1.0, 0.0, 0.0]])
    np.testing.assert_array_equal(log_softmax(z).numpy(), [[0.0, -2e4, -1e4]])


@pytest.mark.parametrize("name, fn, torch_fn", ACTIVATIONS, ids=IDS)
def test_float32_stays_float32(backend, name, fn, torch_fn):
    z = tensor([[-1.0, 0.5, 2.0]], requires_grad=True, dtype="float32")
    a = fn(z)
    a.sum().backward()
    assert a.dtype == B.xp.float32 and z.grad.dtype == B.xp.float32


def test_softmax_rows_are_probabilities():
    p = softmax(tensor(B.rng().standard_normal((5, 4)) * 10)).numpy()
    assert (p >= 0).all()
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-14)


@pytest.mark.parametrize("slope", [-0.1, float("nan")])
def test_leaky_relu_rejects_a_bad_slope(slope):
    with pytest.raises(ValueError, match=r"^leaky_relu\(\): expected negative_slope \(α\) to be a number >= 0, got"):
        leaky_relu(tensor([1.0]), slope)
