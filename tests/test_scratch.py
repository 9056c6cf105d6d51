"""The hand-written backprop of the notes equals autograd and finite differences."""

import numpy as np
import pytest

import dlref
from dlref import backend as B
from dlref import scratch
from dlref.activations import sigmoid
from dlref.autograd import Tensor

N, D, H = 5, 3, 4


def data():
    rng = np.random.default_rng(1)
    return rng.standard_normal((N, D)), rng.integers(0, 2, N).astype(float)


def autograd_loss(params, X, y):
    """The same network and loss, built from dlref tensors: autograd does the backward pass.

    `y` stays a numpy array (a constant), which each operation wraps for itself.
    """
    x = Tensor(X.T)  # (D, N)
    a1 = sigmoid(params["W1"] @ x + params["b1"])
    y_hat = sigmoid(params["W2"] @ a1 + params["b2"])[0]
    return -(y * y_hat.log() + (1 - y) * (1 - y_hat).log()).mean()


def test_hand_gradients_equal_autograd(backend):
    X, y = data()
    params = scratch.init_params(D, H)
    y_hat, cache = scratch.forward(params, X)
    grads = scratch.backward(params, cache, y)

    leaves = {name: Tensor(p, requires_grad=True) for name, p in params.items()}
    loss = autograd_loss(leaves, X, y)
    loss.backward()
    assert scratch.bce_loss(y_hat, y) == pytest.approx(loss.item(), rel=1e-12)
    for name, leaf in leaves.items():
        assert grads[name].shape == params[name].shape
        np.testing.assert_allclose(
            B.to_numpy(grads[name]), B.to_numpy(leaf.grad), rtol=1e-10, atol=1e-14
        )


def test_hand_gradients_equal_finite_differences():
    X, y = data()
    params = scratch.init_params(D, H)
    grads = scratch.backward(params, scratch.forward(params, X)[1], y)
    eps = 1e-6
    for name, p in params.items():
        for index in np.ndindex(*p.shape):
            original = p[index]
            p[index] = original + eps
            plus = scratch.bce_loss(scratch.forward(params, X)[0], y)
            p[index] = original - eps
            minus = scratch.bce_loss(scratch.forward(params, X)[0], y)
            p[index] = original
            assert grads[name][index] == pytest.approx(
                (plus - minus) / (2 * eps), rel=1e-6, abs=1e-9
            )


def test_single_example_is_the_notes_equations():
    """With N = 1 the gradients are exactly delta a^T and delta (no averaging)."""
    params = scratch.init_params(D, H)
    x, y = np.array([[0.5, -1.0, 2.0]]), np.array([1.0])
    y_hat, cache = scratch.forward(params, x)
    grads = scratch.backward(params, cache, y)
    delta2 = y_hat[0] - 1.0
    np.testing.assert_allclose(grads["b2"], [[delta2]], rtol=1e-14)
    np.testing.assert_allclose(grads["W2"], delta2 * cache["a1"].T, rtol=1e-14)
    delta1 = params["W2"].T * delta2 * cache["a1"] * (1 - cache["a1"])
    np.testing.assert_allclose(grads["W1"], delta1 @ x, rtol=1e-12)


def test_gradient_descent_learns():
    dlref.manual_seed(3)
    X, y = data()
    params = scratch.init_params(D, H)
    first = scratch.bce_loss(scratch.forward(params, X)[0], y)
    for _ in range(300):
        cache = scratch.forward(params, X)[1]
        params = scratch.update(params, scratch.backward(params, cache, y), lr=1.0)
    assert scratch.bce_loss(scratch.forward(params, X)[0], y) < first / 2


def test_errors():
    params = scratch.init_params(D, H)
    with pytest.raises(ValueError, match=r"^scratch.forward\(\): expected X to be of shape \(N, 3\), got shape \(5, 2\)$"):
        scratch.forward(params, np.zeros((5, 2)))
    _, cache = scratch.forward(params, np.zeros((5, 3)))
    with pytest.raises(ValueError, match=r"^scratch.backward\(\): expected y \(one label per example\) to be of shape \(5,\), got shape \(4,\)$"):
        scratch.backward(params, cache, np.zeros(4))
    with pytest.raises(ValueError, match=r"^scratch.bce_loss\(\): expected y to be of shape \(2,\), got shape \(3,\)$"):
        scratch.bce_loss(np.array([0.5, 0.5]), np.zeros(3))
    with pytest.raises(ValueError, match=r"^scratch.update\(\): expected lr \(α\) to be a number > 0, got 0$"):
        scratch.update(params, params, lr=0)
    with pytest.raises(ValueError, match=r"^scratch.init_params\(\): expected hidden \(H\) to be an integer >= 1, got 0$"):
        scratch.init_params(3, 0)
