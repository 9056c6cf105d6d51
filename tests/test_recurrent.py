"""LSTM and GRU: PyTorch parity in float64 (forward and every gradient, with and without an initial
state), finite differences of the fused ops, and every bad input."""

import numpy as np
import pytest
import torch
from conftest import assert_close, torch_copy

import dlref
from dlref import functional as F
from dlref.autograd import Tensor
from dlref.finite_differences import gradcheck
from dlref.layers import GRU, LSTM, RNN

NAMES = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


def randn(*shape, requires_grad=True, seed=1):
    """A float64 tensor of standard normal values on the current backend."""
    values = np.random.default_rng(seed).standard_normal(shape)
    return dlref.tensor(values, requires_grad=requires_grad, dtype="float64")


def torch_twin(layer, kind):
    """PyTorch's layer of the same kind and sizes, batch first, holding a copy of `layer`'s weights."""
    ref = getattr(torch.nn, kind)(layer.input_size, layer.hidden_size, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        for name in NAMES:
            getattr(ref, name + "_l0").copy_(torch_copy(getattr(layer, name)))
    return ref


def weighted(tensors, seed=2):
    """sum_k <G_k, tensor_k> with fixed random G_k: a loss whose gradient reaches every output."""
    rng = np.random.default_rng(seed)
    Gs = [rng.standard_normal(tuple(t.shape)) for t in tensors]
    if isinstance(tensors[0], Tensor):
        return sum(((t * Tensor(G)).sum() for t, G in zip(tensors, Gs)), Tensor(0.0))
    return sum((t * torch.tensor(G)).sum() for t, G in zip(tensors, Gs))


def check_parameter_grads(layer, ref):
    for name in NAMES:
        assert_close(getattr(layer, name).grad, getattr(ref, name + "_l0").grad)


@pytest.mark.parametrize("with_state", [False, True])
def test_lstm_matches_torch(backend, with_state):
    N, T, D, H = 3, 6, 4, 5
    lstm = LSTM(D, H)
    ref = torch_twin(lstm, "LSTM")
    X, h0, c0 = randn(N, T, D), randn(N, H, seed=7), randn(N, H, seed=8)
    X_t, h0_t, c0_t = torch_copy(X), torch_copy(h0), torch_copy(c0)
    outputs, (h, c) = lstm(X, (h0, c0)) if with_state else lstm(X)
    outputs_t, (h_t, c_t) = ref(X_t, (h0_t[None], c0_t[None])) if with_state else ref(X_t)
    for ours, theirs in [(outputs, outputs_t), (h, h_t[0]), (c, c_t[0])]:
        assert_close(ours, theirs)
    weighted([outputs, h, c]).backward()
    weighted([outputs_t, h_t[0], c_t[0]]).backward()
    assert_close(X.grad, X_t.grad)
    check_parameter_grads(lstm, ref)
    if with_state:
        assert_close(h0.grad, h0_t.grad)
        assert_close(c0.grad, c0_t.grad)
    else:
        assert h0.grad is None and c0.grad is None


@pytest.mark.parametrize("with_h0", [False, True])
def test_gru_matches_torch(backend, with_h0):
    N, T, D, H = 3, 6, 4, 5
    gru = GRU(D, H)
    ref = torch_twin(gru, "GRU")
    X, h0 = randn(N, T, D), randn(N, H, seed=7)
    X_t, h0_t = torch_copy(X), torch_copy(h0)
    outputs, h = gru(X, h0) if with_h0 else gru(X)
    outputs_t, h_t = ref(X_t, h0_t[None]) if with_h0 else ref(X_t)
    assert_close(outputs, outputs_t)
    assert_close(h, h_t[0])
    weighted([outputs, h]).backward()
    weighted([outputs_t, h_t[0]]).backward()
    assert_close(X.grad, X_t.grad)
    check_parameter_grads(gru, ref)
    if with_h0:
        assert_close(h0.grad, h0_t.grad)
    else:
        assert h0.grad is None


@pytest.mark.parametrize("used", ["outputs", "h", "c"])
def test_lstm_gradient_of_each_output_alone_matches_torch(used):
    """Each of the three outputs alone carries the gradient back (the others take none)."""
    lstm = LSTM(2, 3)
    ref = torch_twin(lstm, "LSTM")
    X = randn(2, 4, 2)
    X_t = torch_copy(X)
    outputs, (h, c) = lstm(X)
    outputs_t, (h_t, c_t) = ref(X_t)
    ours = {"outputs": outputs, "h": h, "c": c}[used]
    theirs = {"outputs": outputs_t, "h": h_t[0], "c": c_t[0]}[used]
    weighted([ours]).backward()
    weighted([theirs]).backward()
    assert_close(X.grad, X_t.grad)
    check_parameter_grads(lstm, ref)


def test_lstm_gradcheck():
    lstm = LSTM(2, 3)
    X, h0, c0 = randn(2, 4, 2), randn(2, 3, seed=7), randn(2, 3, seed=8)

    def run(X, h0, c0, *params):
        outputs, (h, c) = F.lstm(X, (h0, c0), *params)
        return (outputs * outputs).sum() + (h * c).sum() + c.sum()

    assert gradcheck(run, [X, h0, c0] + lstm.parameters())
    assert gradcheck(lambda X, *p: F.lstm(X, None, *p)[1][1], [X] + lstm.parameters())


def test_gru_gradcheck():
    gru = GRU(2, 3)
    X, h0 = randn(2, 4, 2), randn(2, 3, seed=7)

    def run(X, h0, *params):
        outputs, h = F.gru(X, h0, *params)
        return (outputs * outputs).sum() + h.sum()

    assert gradcheck(run, [X, h0] + gru.parameters())
    assert gradcheck(lambda X, *p: F.gru(X, None, *p)[1], [X] + gru.parameters())


@pytest.mark.parametrize("make", [lambda: LSTM(2, 3), lambda: GRU(2, 3)])
def test_many_to_one_skips_the_input_gradient(make):
    layer = make()
    X = randn(2, 4, 2, requires_grad=False)
    outputs, last = layer(X)
    (last[0] if isinstance(last, tuple) else last).sum().backward()
    assert X.grad is None and layer.weight_hh.grad is not None


@pytest.mark.parametrize("make", [lambda: LSTM(2, 3), lambda: GRU(2, 3), lambda: RNN(2, 3)])
def test_a_second_backward_through_the_same_run_adds_the_same_gradients(make):
    """The layer's backward changes nothing it kept from the forward pass: a second call adds as much again."""
    layer = make()
    X = randn(2, 4, 2)
    outputs, last = layer(X)
    loss = weighted([outputs, last[1] if isinstance(last, tuple) else last])
    loss.backward()
    once = [np.array(g, copy=True) for g in [X.grad] + [p.grad for p in layer.parameters()]]
    loss.backward()
    for first, twice in zip(once, [X.grad] + [p.grad for p in layer.parameters()]):
        assert_close(twice, 2 * first, rtol=1e-14, atol=0)


def test_a_state_used_twice_gets_both_gradients():
    """h_T feeds a second run and the loss: its gradient is the sum of both (the node-used-twice bug)."""
    gru = GRU(2, 3)
    ref = torch_twin(gru, "GRU")
    X = randn(2, 4, 2)
    X_t = torch_copy(X)
    _, h = gru(X)
    _, h2 = gru(X, h)
    _, h_t = ref(X_t)
    _, h2_t = ref(X_t, h_t)
    weighted([h, h2]).backward()
    weighted([h_t[0], h2_t[0]]).backward()
    assert_close(X.grad, X_t.grad)
    check_parameter_grads(gru, ref)


def test_gates_saturate_without_overflow():
    """Huge pre-activations: the sigmoid gates are 0 or 1 and nothing warns or becomes nan."""
    dlref.set_default_dtype("float32")
    lstm, gru = LSTM(1, 2), GRU(1, 2)
    X = dlref.tensor(np.array([[[1e4], [-1e4], [0.0]], [[-1e4], [-1e4], [1e4]]], dtype=np.float32))
    with np.errstate(over="raise", divide="raise", invalid="raise"):  # underflow to 0 is fine
        outputs, (h, c) = lstm(X)
        gru_outputs, _ = gru(X)
    assert np.isfinite(outputs.numpy()).all() and np.isfinite(gru_outputs.numpy()).all()


def test_initialisation_is_uniform_in_plus_minus_one_over_sqrt_hidden_size():
    for layer, rows in [(LSTM(7, 30), 120), (GRU(7, 30), 90)]:
        assert [p.shape for p in layer.parameters()] == [(rows, 7), (rows, 30), (rows,), (rows,)]
        values = np.concatenate([p.numpy().ravel() for p in layer.parameters()])
        assert np.abs(values).max() <= 1 / np.sqrt(30) and np.abs(values).max() > 0.99 / np.sqrt(30)


def test_reprs():
    assert repr(LSTM(3, 4)) == "LSTM(3 -> 4)"
    assert repr(GRU(3, 4)) == "GRU(3 -> 4)"


# --------------------------------------------------------------------- errors
@pytest.mark.parametrize("make, message", [
    (lambda: LSTM(0, 3), r"^LSTM: expected input_size to be an integer >= 1, got 0$"),
    (lambda: LSTM(2, 2.5), r"^LSTM: expected hidden_size to be an integer >= 1, got 2.5$"),
    (lambda: GRU(True, 3), r"^GRU: expected input_size to be an integer >= 1, got True$"),
    (lambda: GRU(2, 0), r"^GRU: expected hidden_size to be an integer >= 1, got 0$"),
])
def test_invalid_sizes_fail_at_construction(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_a_failed_construction_draws_no_random_numbers():
    dlref.manual_seed(0)
    with pytest.raises(ValueError):
        RNN(2, 3, "sigmoid")
    after_failure = LSTM(2, 3).weight_ih.numpy()
    dlref.manual_seed(0)
    np.testing.assert_array_equal(LSTM(2, 3).weight_ih.numpy(), after_failure)


@pytest.mark.parametrize("make", [lambda: LSTM(2, 3), lambda: GRU(2, 3)])
@pytest.mark.parametrize("X, message", [
    (np.zeros((4, 5, 2)), r"expected input to be a Tensor, got ndarray"),
    (dlref.tensor(np.zeros((4, 5, 2), dtype=np.int64)), r"expected input to be a floating Tensor, got dtype int64"),
    (randn(4, 5, 3), r"expected input to be of shape \(N, T, 2\), got shape \(4, 5, 3\)$"),
    (randn(5, 2), r"expected input to be of shape \(N, T, 2\), got shape \(5, 2\)$"),
])
def test_bad_inputs(make, X, message):
    layer = make()
    with pytest.raises(ValueError, match=rf"^{type(layer).__name__}\(2 -> 3\): {message}"):
        layer(X)


@pytest.mark.parametrize("shape", [(1, 3), (3,), (1, 4, 3), (4, 1), (5, 3)])
def test_states_must_be_exactly_batch_by_hidden(shape):
    """No broadcasting of (1, H), (H,) or PyTorch's (1, N, H): the state is (N, H) or an error."""
    X, bad, good = randn(4, 5, 2), randn(*shape, seed=3), randn(4, 3, seed=4)
    expected = rf"expected {{}} to be of shape \(4, 3\), got shape {re_shape(shape)}$"
    with pytest.raises(ValueError, match=r"^GRU\(2 -> 3\): " + expected.format("h0")):
        GRU(2, 3)(X, bad)
    with pytest.raises(ValueError, match=r"^RNN\(2 -> 3\): " + expected.format("h0")):
        RNN(2, 3)(X, bad)
    with pytest.raises(ValueError, match=r"^LSTM\(2 -> 3\): " + expected.format("h0")):
        LSTM(2, 3)(X, (bad, good))
    with pytest.raises(ValueError, match=r"^LSTM\(2 -> 3\): " + expected.format("c0")):
        LSTM(2, 3)(X, (good, bad))


def re_shape(shape):
    return "\\" + repr(tuple(shape)).replace(")", "\\)")


@pytest.mark.parametrize("state, got", [
    (randn(4, 3), "Tensor"),
    ("h0", "str"),
    ((randn(4, 3),), "a tuple of length 1"),
    ([randn(4, 3)] * 3, "a list of length 3"),
])
def test_lstm_state_must_be_a_pair(state, got):
    with pytest.raises(ValueError, match=rf"^LSTM\(2 -> 3\): expected state to be a pair \(h0, c0\) of "
                                         rf"Tensors of shape \(N, H\), got {got}$"):
        LSTM(2, 3)(randn(4, 5, 2), state)


def test_lstm_state_must_hold_floating_tensors():
    X, h0 = randn(4, 5, 2), randn(4, 3)
    with pytest.raises(ValueError, match=r"^LSTM\(2 -> 3\): expected c0 to be a Tensor, got ndarray"):
        LSTM(2, 3)(X, (h0, np.zeros((4, 3))))
    with pytest.raises(ValueError, match=r"^GRU\(2 -> 3\): expected h0 to be a floating Tensor, got dtype int64"):
        GRU(2, 3)(X, dlref.tensor(np.zeros((4, 3), dtype=np.int64)))
