"""The neuron and the perceptron (C05, C06), logistic regression and softmax models (C12, C13)."""

import numpy as np
import pytest
from conftest import assert_close, torch_copy

import dlref
from dlref import data, losses, optimizers
from dlref.autograd import Tensor
from dlref.models import LogisticRegression, SoftmaxClassifier, mlp
from dlref.neuron import Neuron, Perceptron
from dlref.training import fit, predict


def slides_table(name):
    """A truth table in the slides' row order: (1, 1), (1, 0), (0, 1), (0, 0)."""
    X, y = data.truth_table(name)
    return X[::-1], y[::-1]


# ------------------------------------------------------------------ perceptron
def test_and_trace_is_the_slides():
    X, y = slides_table("and")
    p = Perceptron(2).fit(X, y)
    # The slides: w = (0,0,0); x = (1,1,1), y = 1 gives (1,1,1); x = (1,1,0), y = 0 gives (0,0,1).
    np.testing.assert_array_equal(p.trace[:2], [[1, 1, 1], [0, 0, 1]])
    # By hand from there: x = (1,0,1), y = 0: z = 1 > 0, so w = (-1,0,0);
    # x = (1,0,0), y = 0: z = -1, f(z) = 0 = y, w unchanged.
    np.testing.assert_array_equal(p.trace[2:4], [[-1, 0, 0], [-1, 0, 0]])
    assert p.trace.shape == (4 * len(p.mistakes), 3)
    assert p.converged and p.mistakes == [3, 2, 3, 2, 2, 0]
    np.testing.assert_array_equal(p.w, [-2, 1, 2])
    np.testing.assert_array_equal(p.predict(X), y)


def test_threshold_is_strict():
    """f(0) = 0: the first AND example with w = 0 is predicted 0, hence the first update."""
    p = Perceptron(2)
    np.testing.assert_array_equal(p.predict([[1.0, 1.0]]), [0])


def test_or_converges():
    X, y = slides_table("or")
    p = Perceptron(2).fit(X, y)
    assert p.converged and p.mistakes[-1] == 0 and len(p.mistakes) == 2
    np.testing.assert_array_equal(p.predict(X), y)


def test_xor_never_converges():
    X, y = slides_table("xor")
    p = Perceptron(2).fit(X, y, max_epochs=200)
    assert not p.converged
    assert len(p.mistakes) == 200 and min(p.mistakes) > 0
    assert np.any(p.predict(X) != y)


def test_learning_rate_scales_the_trace():
    X, y = slides_table("and")
    np.testing.assert_array_equal(
        Perceptron(2, lr=0.5).fit(X, y).trace, Perceptron(2).fit(X, y).trace / 2
    )


def test_fit_starts_again_from_zero():
    X, y = slides_table("and")
    p = Perceptron(2)
    p.fit(X, y)
    p.fit(X, y)
    np.testing.assert_array_equal(p.trace[0], [1, 1, 1])


def test_perceptron_errors():
    with pytest.raises(ValueError, match=r"in_features \(n\) to be an integer >= 1, got 0"):
        Perceptron(0)
    with pytest.raises(ValueError, match=r"lr \(α\) to be a number > 0, got -1"):
        Perceptron(2, lr=-1)
    p = Perceptron(2)
    with pytest.raises(ValueError, match=r"^Perceptron\(2, lr=1\): expected X to be of shape \(N, 2\), got shape \(4, 3\)$"):
        p.fit(np.zeros((4, 3)), np.zeros(4))
    with pytest.raises(ValueError, match=r"^Perceptron\(2, lr=1\): expected y \(one label per row of X\) to be of shape \(4,\), got shape \(3,\)$"):
        p.fit(np.zeros((4, 2)), np.zeros(3))
    with pytest.raises(ValueError, match=r"^Perceptron\(2, lr=1\): expected y \(one label per row of X\) to be class labels in 0..1 \(C = 2 classes\), got -1 at index 1$"):
        p.fit(np.zeros((4, 2)), np.array([0, -1, 0, 0]))
    with pytest.raises(ValueError, match=r"fit\(\): expected max_epochs to be an integer >= 1, got 0"):
        p.fit(np.zeros((4, 2)), np.zeros(4), max_epochs=0)
    with pytest.raises(ValueError, match=r"^Perceptron\(2, lr=1\): expected X to be of shape \(N, 2\), got shape \(2,\)$"):
        p.predict(np.zeros(2))


# ---------------------------------------------------------------------- neuron
def test_neuron_is_sigma_of_w_dot_x_plus_b(backend):
    neuron = Neuron(3)
    X = Tensor(np.random.default_rng(0).standard_normal((5, 3)))
    w, b, x = neuron.w.numpy(), neuron.b.numpy(), X.numpy()
    np.testing.assert_allclose(neuron(X).numpy(), 1 / (1 + np.exp(-(x @ w + b))), rtol=1e-12)
    assert [p is q for p, q in zip(neuron.parameters(), [neuron.w, neuron.b])] == [True, True]
    assert neuron.w.shape == (3,) and neuron.b.shape == ()


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_neuron_matches_torch(activation):
    import torch

    neuron = Neuron(4, activation=activation)
    neuron.b.data = neuron.b.data + 0.1
    X = Tensor(np.random.default_rng(1).standard_normal((6, 4)), requires_grad=True)
    a = neuron(X)
    (a * a).sum().backward()

    w, b, x = torch_copy(neuron.w), torch_copy(neuron.b), torch_copy(X)
    a_torch = getattr(torch, activation)(x @ w + b)
    (a_torch * a_torch).sum().backward()
    assert_close(a.numpy(), a_torch)
    for ours, theirs in [(neuron.w, w), (neuron.b, b), (X, x)]:
        assert_close(ours.grad, theirs.grad)


def test_neuron_gradcheck():
    neuron = Neuron(3, activation="tanh")
    X = Tensor(np.random.default_rng(2).standard_normal((4, 3)), requires_grad=True)
    assert dlref.gradcheck(lambda X, w, b: neuron(X), [X, neuron.w, neuron.b])


def test_neuron_errors():
    with pytest.raises(ValueError, match=r"Neuron: expected in_features \(n\) to be an integer >= 1, got 0"):
        Neuron(0)
    with pytest.raises(
        ValueError,
        match=r"Neuron: expected activation to be one of 'sigmoid', 'tanh', 'relu', .* got 'step'",
    ):
        Neuron(2, activation="step")
    with pytest.raises(
        ValueError,
        match=r"^Neuron\(2, activation='sigmoid'\): expected input to be of shape \(N, 2\), got shape \(4, 3\)$",
    ):
        Neuron(2)(Tensor(np.zeros((4, 3))))


# ------------------------------------------------------ logistic and softmax
def test_logistic_regression_learns_a_separable_set():
    X, y = data.make_blobs(n_samples=100, centers=[[-2.0, -1.0], [2.0, 1.0]], std=0.7, seed=0)
    model = LogisticRegression(2)
    optimizer = optimizers.SGD(model.parameters(), lr=0.5)
    history = fit(
        model,
        losses.binary_cross_entropy,
        optimizer,
        (X, y),
        epochs=30,
        metrics=["accuracy"],
        threshold=0.5,  # its output is a probability
        seed=0,
        verbose=False,
    )
    assert history["accuracy"][-1] == 1.0
    y_hat = predict(model, X)
    assert y_hat.shape == (100,) and np.all((y_hat > 0) & (y_hat < 1))
    np.testing.assert_array_equal(y_hat > 0.5, y == 1)
    # The boundary w^T x + b = 0 separates the two centres.
    w, b = model.w.numpy(), model.b.numpy()
    assert np.array([-2.0, -1.0]) @ w + b < 0 < np.array([2.0, 1.0]) @ w + b


def test_logistic_regression_is_a_sigmoid_neuron():
    model = LogisticRegression(3)
    assert repr(model) == "LogisticRegression(3)" and model.activation == "sigmoid"
    with pytest.raises(
        ValueError, match=r"^LogisticRegression\(3\): expected input to be of shape \(N, 3\), got shape \(2, 2\)$"
    ):
        model(Tensor(np.zeros((2, 2))))


def test_softmax_classifier_on_three_blobs():
    """Cat, dog, lion: three classes, one score per class, probabilities that sum to 1."""
    X, y = data.make_blobs(n_samples=150, centers=3, std=0.6, seed=1)
    model = SoftmaxClassifier(2, 3)
    optimizer = optimizers.Adam(model.parameters(), lr=0.1)
    history = fit(
        model,
        losses.categorical_cross_entropy,
        optimizer,
        (X, data.one_hot(y)),  # the notes' y_j: 1 for the true class, 0 for the others
        epochs=30,
        metrics=["accuracy"],
        seed=0,
        verbose=False,
    )
    assert history["accuracy"][-1] >= 0.98
    y_hat = predict(model, X)
    assert y_hat.shape == (150, 3)
    assert np.mean(y_hat.argmax(axis=1) == y) >= 0.98
    np.testing.assert_allclose(y_hat.sum(axis=1), 1, rtol=1e-12)


def test_softmax_classifier_matches_torch():
    import torch

    model = SoftmaxClassifier(4, 3)
    X = Tensor(np.random.default_rng(3).standard_normal((5, 4)))
    y = np.array([0, 2, 1, 1, 0])
    losses.categorical_cross_entropy(model(X), data.one_hot(y)).backward()
    W, b = torch_copy(model.linear.weight), torch_copy(model.linear.bias)
    torch.nn.functional.cross_entropy(torch_copy(X) @ W.T + b, torch.tensor(y)).backward()
    assert_close(model.linear.weight.grad, W.grad)
    assert_close(model.linear.bias.grad, b.grad)


def test_softmax_classifier_errors():
    with pytest.raises(ValueError, match=r"expected num_classes \(C\) to be an integer >= 2, got 1"):
        SoftmaxClassifier(3, 1)


# -------------------------------------------------------------------- mlp
def test_mlp_layers_and_shapes():
    model = mlp([3, 4, 5, 2], activation="tanh", output_activation="softmax")
    kinds = [type(m).__name__ for m in model.layers]
    assert kinds == ["Linear", "Tanh", "Linear", "Tanh", "Linear", "Softmax"]
    assert [p.shape for p in model.parameters()] == [(4, 3), (4,), (5, 4), (5,), (2, 5), (2,)]
    assert model(Tensor(np.zeros((7, 3)))).shape == (7, 2)
    assert [type(m).__name__ for m in mlp([2, 1]).layers] == ["Linear"]


def test_mlp_errors():
    with pytest.raises(ValueError, match=r"at least two integers >= 1, got \[3\]"):
        mlp([3])
    with pytest.raises(ValueError, match=r"mlp\(\): expected sizes\[1\] to be an integer >= 1, got 0"):
        mlp([3, 0, 1])
    with pytest.raises(ValueError, match="mlp\\(\\): expected activation to be one of .* got 'gelu'"):
        mlp([2, 2], activation="gelu")
    with pytest.raises(
        ValueError, match="mlp\\(\\): expected output_activation to be one of .* got 'max'"
    ):
        mlp([2, 2], output_activation="max")
