"""Layers and fused ops: finite differences, PyTorch parity in float64, the Module API, every error."""

import math

import numpy as np
import pytest
import torch
from conftest import assert_close, torch_copy

import dlref
from dlref import functional as F
from dlref.autograd import Tensor
from dlref.finite_differences import gradcheck
from dlref.layers import (
    RNN,
    BatchNorm1d,
    BatchNorm2d,
    Conv2d,
    Dropout,
    Embedding,
    Flatten,
    LeakyReLU,
    Linear,
    MaxPool2d,
    Module,
    ModuleList,
    Parameter,
    ReLU,
    Sequential,
    Sigmoid,
    Softmax,
    Tanh,
)


def randn(*shape, requires_grad=True, seed=1):
    """A float64 tensor of standard normal values on the current backend."""
    values = np.random.default_rng(seed).standard_normal(shape)
    return dlref.tensor(values, requires_grad=requires_grad, dtype="float64")


def check_grads(pairs):
    """Every (dlref tensor, torch tensor) pair has the same gradient."""
    for ours, theirs in pairs:
        assert_close(ours.grad, theirs.grad)


# --------------------------------------------------------------------- Linear
def test_linear_matches_torch(backend):
    layer = Linear(4, 3)
    X = randn(5, 4)
    ref = torch.nn.Linear(4, 3, dtype=torch.float64)
    with torch.no_grad():
        ref.weight.copy_(torch_copy(layer.weight))
        ref.bias.copy_(torch_copy(layer.bias))
    X_t = torch_copy(X)
    Z, Z_t = layer(X), ref(X_t)
    assert_close(Z, Z_t)
    G = np.random.default_rng(2).standard_normal(Z.shape)
    Z.backward(G)
    Z_t.backward(torch.tensor(G))
    check_grads([(X, X_t), (layer.weight, ref.weight), (layer.bias, ref.bias)])


def test_linear_without_bias_and_gradcheck():
    layer = Linear(3, 2, bias=False)
    assert layer.bias is None and len(layer.parameters()) == 1
    X = randn(4, 3)
    assert_close(layer(X), X.numpy() @ layer.weight.numpy().T)
    assert gradcheck(lambda X, W: F.linear(X, W), [X, layer.weight])
    b = randn(2, seed=3)
    assert gradcheck(lambda X, W, b: F.linear(X, W, b), [X, layer.weight, b])


def test_linear_skips_the_input_gradient():
    layer = Linear(3, 2)
    X = randn(4, 3, requires_grad=False)
    layer(X).sum().backward()
    assert X.grad is None and layer.weight.grad is not None


def test_mlp_in_sequential_matches_torch(backend):
    model = Sequential(Linear(4, 5), Tanh(), Linear(5, 3), ReLU(), Linear(3, 2), Sigmoid())
    ref = torch.nn.Sequential(
        torch.nn.Linear(4, 5), torch.nn.Tanh(), torch.nn.Linear(5, 3), torch.nn.ReLU(),
        torch.nn.Linear(3, 2), torch.nn.Sigmoid(),
    ).double()
    ref.load_state_dict({k: torch_copy(Tensor(v)).detach() for k, v in model.state_dict().items()})
    X = randn(6, 4)
    X_t = torch_copy(X)
    out, out_t = model(X), ref(X_t)
    assert_close(out, out_t)
    out.sum().backward()
    out_t.sum().backward()
    named_t = dict(ref.named_parameters())
    check_grads([(X, X_t)] + [(p, named_t[name]) for name, p in model.named_parameters()])


def test_mlp_gradcheck():
    model = Sequential(Linear(3, 4), Tanh(), Linear(4, 2))
    X = randn(5, 3)
    assert gradcheck(lambda X, *params: model(X), [X] + model.parameters())


# ----------------------------------------------------------------- activations
ACTIVATIONS = [
    (Sigmoid(), torch.nn.Sigmoid()),
    (Tanh(), torch.nn.Tanh()),
    (ReLU(), torch.nn.ReLU()),
    (LeakyReLU(), torch.nn.LeakyReLU()),
    (LeakyReLU(0.2), torch.nn.LeakyReLU(0.2)),
    (Softmax(), torch.nn.Softmax(dim=-1)),
    (Softmax(axis=0), torch.nn.Softmax(dim=0)),
    (Flatten(), torch.nn.Flatten()),
]


@pytest.mark.parametrize("layer, ref", ACTIVATIONS, ids=lambda v: repr(v))
def test_parameterless_layers_match_torch(backend, layer, ref):
    X = randn(3, 2, 2)
    X_t = torch_copy(X)
    out, out_t = layer(X), ref(X_t)
    assert_close(out, out_t)
    G = np.random.default_rng(2).standard_normal(out.shape)
    out.backward(G)
    out_t.backward(torch.tensor(G))
    assert_close(X.grad, X_t.grad)
    assert gradcheck(layer, [randn(3, 2, 2, seed=4)])


# --------------------------------------------------------------------- Conv2d
CONV_CASES = [  # (C, F, kernel, stride, padding, H, W)
    (1, 2, 3, 1, 0, 5, 5),
    (2, 3, 3, 2, 1, 6, 5),
    (2, 2, (2, 3), (1, 2), (1, 0), 5, 7),
    (3, 2, 1, 1, 0, 3, 4),
    (1, 1, (3, 1), 3, 2, 4, 4),
]


@pytest.mark.parametrize("C, F_out, k, s, p, H, W", CONV_CASES)
def test_conv2d_matches_torch(backend, C, F_out, k, s, p, H, W):
    conv = Conv2d(C, F_out, k, stride=s, padding=p)
    X = randn(2, C, H, W)
    W_t, b_t, X_t = torch_copy(conv.weight), torch_copy(conv.bias), torch_copy(X)
    Z = conv(X)
    Z_t = torch.nn.functional.conv2d(X_t, W_t, b_t, stride=s, padding=p)
    assert_close(Z, Z_t)
    G = np.random.default_rng(2).standard_normal(Z.shape)
    Z.backward(G)
    Z_t.backward(torch.tensor(G))
    check_grads([(X, X_t), (conv.weight, W_t), (conv.bias, b_t)])


def test_conv2d_without_bias_matches_torch(backend):
    conv = Conv2d(2, 3, (3, 2), stride=(1, 2), padding=1, bias=False)
    assert conv.bias is None and len(conv.parameters()) == 1 and "bias=False" in repr(conv)
    X = randn(2, 2, 5, 6)
    W_t, X_t = torch_copy(conv.weight), torch_copy(X)
    Z = conv(X)
    Z_t = torch.nn.functional.conv2d(X_t, W_t, None, stride=(1, 2), padding=1)
    assert_close(Z, Z_t)
    G = np.random.default_rng(2).standard_normal(Z.shape)
    Z.backward(G)
    Z_t.backward(torch.tensor(G))
    check_grads([(X, X_t), (conv.weight, W_t)])


@pytest.mark.parametrize("C, F_out, k, s, p, H, W", CONV_CASES[:3])
def test_conv2d_gradcheck(C, F_out, k, s, p, H, W):
    conv = Conv2d(C, F_out, k, stride=s, padding=p)
    X = randn(2, C, H, W)
    assert gradcheck(lambda X, W, b: F.conv2d(X, W, b, s, p), [X, conv.weight, conv.bias])
    assert gradcheck(lambda X, W: F.conv2d(X, W, None, s, p), [X, conv.weight])


def test_conv2d_skips_the_input_gradient_and_is_translation_equivariant():
    conv = Conv2d(1, 2, 3, padding=1)
    X = np.zeros((1, 1, 8, 8))
    X[0, 0, 2, 3] = 1.0
    shifted = np.roll(X, (2, 1), axis=(2, 3))
    Z = conv(dlref.tensor(X)).numpy() - conv.bias.numpy()[:, None, None]
    Z_shifted = conv(dlref.tensor(shifted)).numpy() - conv.bias.numpy()[:, None, None]
    np.testing.assert_allclose(np.roll(Z, (2, 1), axis=(2, 3)), Z_shifted, atol=1e-15)
    X_t = dlref.tensor(X)
    conv(X_t).sum().backward()
    assert X_t.grad is None and conv.weight.grad is not None


# ------------------------------------------------------------------ MaxPool2d
@pytest.mark.parametrize("k, s, H, W", [(2, None, 4, 6), (3, 2, 7, 5), ((2, 3), (1, 2), 5, 7), (2, 1, 3, 3)])
def test_max_pool2d_matches_torch(backend, k, s, H, W):
    pool = MaxPool2d(k, s)
    X = randn(2, 3, H, W)
    X_t = torch_copy(X)
    Z, Z_t = pool(X), torch.nn.functional.max_pool2d(X_t, k, s)
    assert_close(Z, Z_t)
    G = np.random.default_rng(2).standard_normal(Z.shape)
    Z.backward(G)
    Z_t.backward(torch.tensor(G))
    assert_close(X.grad, X_t.grad)
    assert gradcheck(pool, [randn(1, 2, H, W, seed=5)])


def test_max_pool2d_gives_ties_to_the_first_maximum_as_torch(backend):
    values = np.array([[1.0, 3.0, 3.0, 0.0], [3.0, 2.0, 3.0, 3.0],
                       [5.0, 5.0, 1.0, 1.0], [5.0, 5.0, 1.0, 1.0]])
    first = np.array([[0.0, 1.0, 1.0, 0.0], [0.0, 0.0, 0.0, 0.0],
                      [1.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 0.0]])
    for k, s in [(2, 2), (2, 1)]:
        X = dlref.tensor(values[None, None], requires_grad=True)
        X_t = torch_copy(X)
        MaxPool2d(k, s)(X).sum().backward()
        torch.nn.functional.max_pool2d(X_t, k, s).sum().backward()
        assert_close(X.grad, X_t.grad)
        if s == 2:
            assert_close(X.grad, first[None, None])


# ------------------------------------------------------------------------ RNN
@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
@pytest.mark.parametrize("with_h0", [False, True])
def test_rnn_matches_torch(backend, nonlinearity, with_h0):
    N, T, D, H = 3, 5, 4, 6
    rnn = RNN(D, H, nonlinearity=nonlinearity)
    ref = torch.nn.RNN(D, H, nonlinearity=nonlinearity, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(ref, name + "_l0").copy_(torch_copy(getattr(rnn, name)))
    X, h0 = randn(N, T, D), randn(N, H, seed=7)
    X_t, h0_t = torch_copy(X), torch_copy(h0)
    outputs, h = rnn(X, h0) if with_h0 else rnn(X)
    outputs_t, h_t = ref(X_t, h0_t[None]) if with_h0 else ref(X_t)
    assert_close(outputs, outputs_t)
    assert_close(h, h_t[0])
    G_out = np.random.default_rng(2).standard_normal(outputs.shape)
    G_h = np.random.default_rng(3).standard_normal(h.shape)
    loss = (outputs * Tensor(G_out)).sum() + (h * Tensor(G_h)).sum()
    loss_t = (outputs_t * torch.tensor(G_out)).sum() + (h_t[0] * torch.tensor(G_h)).sum()
    loss.backward()
    loss_t.backward()
    pairs = [(X, X_t)] + [(getattr(rnn, n), getattr(ref, n + "_l0"))
                          for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
    check_grads(pairs + ([(h0, h0_t)] if with_h0 else []))
    if not with_h0:
        assert h0.grad is None


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
def test_rnn_gradcheck(nonlinearity):
    rnn = RNN(2, 3, nonlinearity=nonlinearity)
    X, h0 = randn(2, 4, 2), randn(2, 3, seed=7)

    def run(X, h0, *params):
        outputs, h = F.rnn(X, h0, *params, nonlinearity)
        return outputs.sum() + (h * h).sum()

    assert gradcheck(run, [X, h0] + rnn.parameters())
    assert gradcheck(lambda X, *p: F.rnn(X, None, *p, nonlinearity)[1], [X] + rnn.parameters())


def test_rnn_many_to_one_skips_the_input_gradient():
    rnn = RNN(2, 3)
    X = randn(2, 4, 2, requires_grad=False)
    rnn(X)[1].sum().backward()
    assert X.grad is None and rnn.weight_hh.grad is not None


# -------------------------------------------------------------------- Dropout
def test_dropout_is_the_identity_in_eval_and_for_p_zero(backend):
    X = randn(4, 5)
    assert Dropout(0.5).eval()(X) is X
    assert Dropout(0.0)(X) is X


def test_dropout_mask_statistics_scaling_and_gradient(backend):
    p = 0.3
    X = dlref.tensor(np.ones((200, 100)), requires_grad=True)
    out = Dropout(p)(X)
    values = out.numpy()
    kept = values != 0
    assert abs(kept.mean() - (1 - p)) < 0.01  # 20000 draws: std of the mean is 0.003
    np.testing.assert_allclose(values[kept], 1 / (1 - p), rtol=1e-15)
    out.sum().backward()
    np.testing.assert_array_equal(dlref.backend.to_numpy(X.grad), values)  # the gradient is the scaled mask


def test_dropout_mask_comes_from_the_seed_and_gradcheck():
    X = randn(3, 4)
    drop = Dropout(0.4)

    def fixed_mask(X):
        dlref.manual_seed(5)
        return drop(X)

    np.testing.assert_array_equal(fixed_mask(X).numpy(), fixed_mask(X).numpy())
    assert gradcheck(fixed_mask, [X])


# ------------------------------------------------------ BatchNorm1d and 2d
@pytest.mark.parametrize("kind, rest", [("BatchNorm1d", ()), ("BatchNorm2d", (4, 2))])
def test_batchnorm_matches_torch_in_training_and_eval(backend, kind, rest):
    bn = {"BatchNorm1d": BatchNorm1d, "BatchNorm2d": BatchNorm2d}[kind](3, momentum=0.2)
    ref = getattr(torch.nn, kind)(3, momentum=0.2, dtype=torch.float64)
    with torch.no_grad():  # non-trivial gamma and beta
        bn.weight.data[...] = dlref.backend.asarray([0.5, 2.0, -1.0])
        bn.bias.data[...] = dlref.backend.asarray([0.1, 0.0, 3.0])
        ref.weight.copy_(torch_copy(bn.weight))
        ref.bias.copy_(torch_copy(bn.bias))
    for step in range(3):
        X = randn(5, 3, *rest, seed=10 + step)
        X = X * (step + 1.0) + step  # batches with different statistics
        X = dlref.tensor(X.numpy(), requires_grad=True)
        X_t = torch_copy(X)
        bn.zero_grad()
        ref.zero_grad()
        out, out_t = bn(X), ref(X_t)
        assert_close(out, out_t)
        G = np.random.default_rng(step).standard_normal(out.shape)
        out.backward(G)
        out_t.backward(torch.tensor(G))
        check_grads([(X, X_t), (bn.weight, ref.weight), (bn.bias, ref.bias)])
        assert_close(bn.running_mean, ref.running_mean)
        assert_close(bn.running_var, ref.running_var)
    bn.eval()
    ref.eval()
    X = randn(4, 3, *rest, seed=20)
    X_t = torch_copy(X)
    out, out_t = bn(X), ref(X_t)
    assert_close(out, out_t)
    out.sum().backward()
    out_t.sum().backward()
    check_grads([(X, X_t)])


def test_batchnorm_gradcheck_and_running_stats_frozen_in_eval():
    bn = BatchNorm1d(2)
    X = randn(4, 2)
    assert gradcheck(lambda X, w, b: bn(X) * Tensor(np.arange(8.0).reshape(4, 2)),
                     [X, bn.weight, bn.bias])
    mean = bn.running_mean.copy()
    bn.eval()
    assert gradcheck(lambda X, w, b: bn(X), [X, bn.weight, bn.bias])
    np.testing.assert_array_equal(bn.running_mean, mean)


def test_batchnorm2d_gradcheck_and_one_value_per_channel():
    bn = BatchNorm2d(2)
    bn.weight.data[...] = dlref.backend.asarray([0.5, -2.0])
    X = randn(2, 2, 3, 2)
    assert gradcheck(lambda X, w, b: bn(X) * Tensor(np.arange(24.0).reshape(2, 2, 3, 2)),
                     [X, bn.weight, bn.bias])
    bn(randn(1, 2, 1, 2))  # one image, two pixels per channel: enough to train
    with pytest.raises(ValueError, match=r"^BatchNorm2d\(2\): expected input to be more than one value per channel "
                                         r"in training \(a variance needs two\), got shape \(1, 2, 1, 1\)"):
        bn(randn(1, 2, 1, 1))


# ------------------------------------------------------------------ Embedding
def test_embedding_matches_torch_with_repeated_indices(backend):
    emb = Embedding(6, 3)
    ref = torch.nn.Embedding(6, 3, dtype=torch.float64)
    with torch.no_grad():
        ref.weight.copy_(torch_copy(emb.weight))
    indices = np.array([[5, 0, 5], [2, 5, 0]])  # 5 three times, 0 twice, rows 1, 3, 4 never
    out, out_t = emb(dlref.tensor(indices)), ref(torch.tensor(indices))
    assert out.shape == (2, 3, 3)
    assert_close(out, out_t)
    G = np.random.default_rng(2).standard_normal(out.shape)
    out.backward(G)
    out_t.backward(torch.tensor(G))
    check_grads([(emb.weight, ref.weight)])
    assert not emb.weight.grad[[1, 3, 4]].any()


@pytest.mark.parametrize("shape", [(), (4,), (2, 3, 2)])
def test_embedding_takes_indices_of_any_shape_and_gradchecks(shape):
    emb = Embedding(5, 2)
    indices = dlref.tensor(np.random.default_rng(0).integers(0, 5, size=shape))
    assert emb(indices).shape == shape + (2,)
    assert gradcheck(lambda W: emb(indices) * emb(indices), [emb.weight])


def test_embedding_starts_standard_normal():
    values = Embedding(1000, 50).weight.numpy()
    assert abs(values.std() - 1) < 0.02 and abs(values.mean()) < 0.02


@pytest.mark.parametrize("X, message", [
    (np.array([1, 2]), r"expected the input to be a Tensor of integer indices, got ndarray; wrap it"),
    ([1, 2], r"expected the input to be a Tensor of integer indices, got list"),
    (dlref.tensor([1.0, 2.0], dtype="float64"), r"expected the input to be a Tensor of integer indices, got dtype float64"),
    (dlref.tensor(np.array([True, False])), r"expected the input to be a Tensor of integer indices, got dtype bool"),
    (dlref.tensor(np.array([0, 10])), r"expected the input to be indices in \[0, 9\], got values from 0 to 10$"),
    (dlref.tensor(np.array([[-1, 3]])), r"expected the input to be indices in \[0, 9\], got values from -1 to 3$"),
])
def test_embedding_bad_inputs(X, message):
    """A negative index is out of range (as in PyTorch), not counted from the end."""
    with pytest.raises(ValueError, match=r"^Embedding\(10, 3\): " + message):
        Embedding(10, 3)(X)


# ------------------------------------------------------------------ Module API
class Branchy(Module):
    """A module with a shared parameter, a list of modules and a nested Sequential."""

    def __init__(self):
        super().__init__()
        self.first = Linear(2, 3)
        self.blocks = [Linear(3, 3), BatchNorm1d(3)]
        self.head = Sequential(Dropout(0.5), Linear(3, 1))
        self.tied = self.first.weight  # the same Parameter twice

    def forward(self, X):
        X = self.first(X)
        for block in self.blocks:
            X = block(X)
        return self.head(X)


def test_parameters_order_names_and_uniqueness():
    model = Branchy()
    names = [name for name, _ in model.named_parameters()]
    # own parameters first, then the submodules' (as torch); a shared one is listed once
    assert names == ["tied", "first.bias", "blocks.0.weight", "blocks.0.bias",
                     "blocks.1.weight", "blocks.1.bias", "head.1.weight", "head.1.bias"]
    params = model.parameters()
    assert len({id(p) for p in params}) == len(params) == 8
    assert params[0] is model.first.weight and params[-1] is model.head[1].bias
    assert all(isinstance(p, Parameter) and p.requires_grad for p in params)


def test_module_list_names_its_members_by_position_and_grows():
    class Stack(Module):
        def __init__(self):
            super().__init__()
            self.blocks = ModuleList([Linear(2, 2), BatchNorm1d(2)])

        def forward(self, X):
            for block in self.blocks:
                X = block(X)
            return X

    model = Stack()
    model.blocks.append(Linear(2, 1)).extend([ReLU()])
    assert [name for name, _ in model.named_parameters()] == [
        "blocks.0.weight", "blocks.0.bias", "blocks.1.weight", "blocks.1.bias", "blocks.2.weight", "blocks.2.bias"]
    assert sorted(model.state_dict()) == sorted([name for name, _ in model.named_parameters()]
                                                + ["blocks.1.running_mean", "blocks.1.running_var"])
    assert len(model.blocks) == 4 and isinstance(model.blocks[3], ReLU) and model(randn(3, 2)).shape == (3, 1)
    assert model.eval().blocks[1].training is False
    assert repr(ModuleList([ReLU()])) == "ModuleList(\n  (0): ReLU()\n)"
    assert isinstance(Sequential(ReLU()), ModuleList)
    with pytest.raises(NotImplementedError, match="ModuleList must define forward"):
        model.blocks(randn(3, 2))


@pytest.mark.parametrize("call, message", [
    (lambda m: m.append("relu"), r"^ModuleList: expected the module at position 1 to be a Module such as Linear\(2, 3\) or ReLU\(\), got str 'relu'$"),
    (lambda m: m.extend([ReLU(), Linear]), r"^ModuleList: expected the module at position 2 to be a Module such as Linear\(2, 3\) or ReLU\(\), got type <class"),
    (lambda m: m.extend(ReLU()), r"^ModuleList: expected modules to be an iterable of Modules, got ReLU; wrap"),
    (lambda m: m.extend(3), r"^ModuleList: expected modules to be an iterable of Modules, got int"),
])
def test_module_list_refuses_what_is_no_module_and_changes_nothing(call, message):
    members = ModuleList([Linear(2, 2)])
    with pytest.raises(ValueError, match=message):
        call(members)
    assert len(members) == 1


def test_zero_grad_train_and_eval_reach_every_submodule():
    model = Branchy()
    model(randn(4, 2)).sum().backward()
    assert all(p.grad is not None for p in model.parameters())
    model.zero_grad()
    assert all(p.grad is None for p in model.parameters())
    assert model.eval() is model
    assert not any(m.training for m in (model, model.first, model.blocks[1], model.head, model.head[0]))
    assert model.train() is model
    assert all(m.training for m in (model, model.blocks[1], model.head[0]))


def test_state_dict_round_trip_copies_and_includes_running_stats(backend):
    model = Branchy()
    model(randn(4, 2))  # moves the running statistics
    state = model.state_dict()
    assert list(state)[-2:] == ["blocks.1.running_mean", "blocks.1.running_var"]
    assert "first.weight" not in state  # it is "tied", listed once
    state["tied"][...] = 0  # a copy: the model is unchanged
    assert np.abs(model.first.weight.numpy()).min() > 0
    other = Branchy()
    other.load_state_dict({k: dlref.backend.to_numpy(v) for k, v in model.state_dict().items()})
    for name, value in other.state_dict().items():
        assert_close(value, model.state_dict()[name])
    X = randn(4, 2, seed=3)
    model.eval(), other.eval()
    assert_close(model(X), other(X))


def test_load_state_dict_errors():
    model = Linear(2, 3)
    state = model.state_dict()
    with pytest.raises(ValueError, match=r"^Linear.load_state_dict\(\): expected state to be the module's names \['bias', 'weight'\], got missing keys \['bias'\], unexpected keys \[\]$"):
        model.load_state_dict({"weight": state["weight"]})
    with pytest.raises(ValueError, match=r"missing keys \[\], unexpected keys \['extra'\]"):
        model.load_state_dict({**state, "extra": state["bias"]})
    before = model.weight.numpy().copy()
    with pytest.raises(ValueError, match=r"^Linear.load_state_dict\(\): expected state\['weight'\] to be of shape \(3, 2\), got shape \(2, 3\)$"):
        model.load_state_dict({"weight": state["weight"].T, "bias": np.zeros(3)})
    np.testing.assert_array_equal(model.weight.numpy(), before)  # nothing was loaded


def test_module_without_forward():
    with pytest.raises(NotImplementedError, match="Module must define forward"):
        Module()(1)


# ------------------------------------------------------------- initialisation
@pytest.mark.parametrize("make, bound", [
    (lambda: Linear(50, 40), 1 / math.sqrt(50)),
    (lambda: Conv2d(3, 20, (3, 2)), 1 / math.sqrt(18)),
    (lambda: RNN(7, 30), 1 / math.sqrt(30)),
])
def test_initialisation_is_uniform_in_plus_minus_one_over_sqrt_fan_in(make, bound):
    for p in make().parameters():
        values = p.numpy()
        assert values.dtype == np.float64
        assert np.abs(values).max() <= bound
        assert np.abs(values).max() > 0.8 * bound and abs(values.mean()) < 0.3 * bound


def test_same_seed_same_weights_on_numpy_and_torch():
    def weights():
        dlref.manual_seed(3)
        model = Sequential(Conv2d(1, 2, 3), Flatten(), Linear(8, 2), RNN(2, 2))
        return [p.numpy() for p in model.parameters()]

    on_numpy = weights()
    dlref.use("torch")
    try:
        on_torch = weights()
    finally:
        dlref.use("numpy")
    for a, b in zip(on_numpy, on_torch, strict=True):
        np.testing.assert_array_equal(a, b)


def test_default_dtype_float32_parameters():
    dlref.set_default_dtype("float32")
    for layer in (Linear(2, 2), Conv2d(1, 1, 2), RNN(1, 2), BatchNorm1d(2)):
        assert all(p.dtype == np.float32 for p in layer.parameters())
    assert BatchNorm1d(2).running_var.dtype == np.float32


# ---------------------------------------------------------------------- reprs
def test_reprs():
    assert repr(Linear(3, 2)) == "Linear(3 -> 2)"
    assert repr(Linear(3, 2, bias=False)) == "Linear(3 -> 2, bias=False)"
    assert repr(Conv2d(1, 8, 3)) == "Conv2d(1 -> 8, k=3)"
    assert repr(Conv2d(1, 8, (3, 5), stride=2, padding=(1, 0))) == (
        "Conv2d(1 -> 8, k=(3, 5), stride=2, padding=(1, 0))")
    assert repr(MaxPool2d(2)) == "MaxPool2d(k=2)"
    assert repr(MaxPool2d((2, 3), 1)) == "MaxPool2d(k=(2, 3), stride=1)"
    assert repr(RNN(3, 4)) == "RNN(3 -> 4)"
    assert repr(RNN(3, 4, "relu")) == "RNN(3 -> 4, nonlinearity='relu')"
    assert repr(Dropout(0.25)) == "Dropout(p=0.25)"
    assert repr(BatchNorm1d(4)) == "BatchNorm1d(4)"
    assert repr(BatchNorm1d(4, eps=1e-3, momentum=0.5)) == "BatchNorm1d(4, eps=0.001, momentum=0.5)"
    assert repr(BatchNorm2d(8)) == "BatchNorm2d(8)"
    assert repr(BatchNorm2d(8, momentum=0.5)) == "BatchNorm2d(8, momentum=0.5)"
    assert repr(Embedding(100, 16)) == "Embedding(100, 16)"
    assert [repr(m) for m in (Flatten(), Sigmoid(), Tanh(), ReLU(), LeakyReLU(), Softmax())] == [
        "Flatten()", "Sigmoid()", "Tanh()", "ReLU()", "LeakyReLU(negative_slope=0.01)",
        "Softmax(axis=-1)"]
    nested = Sequential(Linear(2, 2), Sequential(ReLU()))
    assert repr(nested) == (
        "Sequential(\n  (0): Linear(2 -> 2)\n  (1): Sequential(\n    (0): ReLU()\n  )\n)")


# --------------------------------------------------------------------- errors
@pytest.mark.parametrize("make, message", [
    (lambda: Linear(0, 2), r"Linear: expected in_features to be an integer >= 1, got 0"),
    (lambda: Linear(2, 2.0), r"Linear: expected out_features to be an integer >= 1, got 2.0"),
    (lambda: Linear(True, 2), r"in_features .* got True"),
    (lambda: Conv2d(0, 2, 3), r"Conv2d: expected in_channels"),
    (lambda: Conv2d(1, -1, 3), r"Conv2d: expected out_channels"),
    (lambda: Conv2d(1, 2, 0), r"Conv2d: expected kernel_size to be an integer >= 1 or a pair of them, got 0"),
    (lambda: Conv2d(1, 2, (3, 3, 3)), r"kernel_size .* got \(3, 3, 3\)"),
    (lambda: Conv2d(1, 2, 3, stride=0), r"Conv2d: expected stride to be an integer >= 1"),
    (lambda: Conv2d(1, 2, 3, padding=-1), r"Conv2d: expected padding to be an integer >= 0"),
    (lambda: MaxPool2d(0), r"MaxPool2d: expected kernel_size to be an integer >= 1"),
    (lambda: MaxPool2d(2, stride=(1, 0)), r"MaxPool2d: expected stride .* got \(1, 0\)"),
    (lambda: RNN(0, 3), r"RNN: expected input_size"),
    (lambda: RNN(2, 0), r"RNN: expected hidden_size"),
    (lambda: RNN(2, 3, "sigmoid"), r"RNN: expected nonlinearity to be one of 'tanh', 'relu', got 'sigmoid'"),
    (lambda: Dropout(1.0), r"Dropout: expected p to be a number in \[0, 1\), got 1.0"),
    (lambda: Dropout(-0.1), r"got -0.1"),
    (lambda: Dropout("0.5"), r"got '0.5'"),
    (lambda: BatchNorm1d(0), r"BatchNorm1d: expected num_features"),
    (lambda: BatchNorm1d(2, eps=0), r"BatchNorm1d: expected eps \(ε\) to be a number > 0, got 0"),
    (lambda: BatchNorm1d(2, momentum=1.5), r"BatchNorm1d: expected momentum to be a number in \[0, 1\], got 1.5"),
    (lambda: BatchNorm2d(0), r"^BatchNorm2d: expected num_features to be an integer >= 1, got 0$"),
    (lambda: BatchNorm2d(2, eps=-1.0), r"^BatchNorm2d: expected eps \(ε\) to be a number > 0, got -1.0$"),
    (lambda: BatchNorm2d(2, momentum=-0.1), r"^BatchNorm2d: expected momentum to be a number in \[0, 1\], got -0.1$"),
    (lambda: Embedding(0, 3), r"^Embedding: expected num_embeddings to be an integer >= 1, got 0$"),
    (lambda: Embedding(3, 2.0), r"^Embedding: expected embedding_dim to be an integer >= 1, got 2.0$"),
    (lambda: ModuleList(Linear(2, 2)), r"^ModuleList: expected modules to be an iterable of Modules, got Linear"),
    (lambda: LeakyReLU(-0.1), r"LeakyReLU: expected negative_slope \(α\) to be a number >= 0, got -0.1"),
    (lambda: Softmax(axis=1.0), r"Softmax: expected axis to be an integer, got 1.0"),
    (lambda: Sequential(Linear(2, 2), "relu"), r"^Sequential: expected the module at position 1 to be a Module such as Linear\(2, 3\) or ReLU\(\), got str 'relu'$"),
    (lambda: Parameter(np.array([1, 2])), r"^Tensor: expected data to be floating to require grad, got dtype int64$"),
])
def test_invalid_hyperparameters_fail_at_construction(make, message):
    with pytest.raises(ValueError, match=message):
        make()


@pytest.mark.parametrize("layer, X, message", [
    (Linear(3, 2), np.zeros((5, 3)), r"^Linear\(3 -> 2\): expected input to be a Tensor, got ndarray of shape \(5, 3\); wrap it with dlref.tensor"),
    (Linear(3, 2), dlref.tensor(np.zeros((5, 3), dtype=np.int64)),
     r"^Linear\(3 -> 2\): expected input to be a floating Tensor, got dtype int64; convert it"),
    (Linear(3, 2), randn(5, 4), r"^Linear\(3 -> 2\): expected input to be of shape \(N, 3\), got shape \(5, 4\)$"),
    (Linear(3, 2), randn(3), r"expected input to be of shape \(N, 3\), got shape \(3,\)$"),
    (Linear(4, 2), randn(5, 2, 2), r"got shape \(5, 2, 2\); flatten it first \(Flatten\(\)\) to \(N, 4\)"),
    (Conv2d(1, 8, 3), randn(6, 784, requires_grad=False),
     r"^Conv2d\(1 -> 8, k=3\): expected input to be of shape \(N, 1, H, W\), got shape \(6, 784\); reshape to \(N, 1, 28, 28\)\?$"),
    (Conv2d(1, 8, 3), randn(6, 5, 5), r"got shape \(6, 5, 5\); add the channel axis: reshape to \(N, 1, 5, 5\)\?"),
    (Conv2d(2, 8, 3), randn(6, 3, 5, 5), r"expected input to be of shape \(N, 2, H, W\), got shape \(6, 3, 5, 5\)$"),
    (Conv2d(1, 8, 3), randn(2, 1, 2, 5),
     r"^conv2d\(\): expected X to be images at least as large as the kernel, 3x3, got 2x5 \(padding included\)$"),
    (MaxPool2d(3), randn(2, 1, 2, 5), r"^max_pool2d\(\): expected X to be images at least as large as the kernel, 3x3, got 2x5"),
    (MaxPool2d(2), randn(2, 4), r"^MaxPool2d\(k=2\): expected input to be of shape \(N, C, H, W\), got shape \(2, 4\)$"),
    (RNN(2, 3), randn(4, 5, 3), r"^RNN\(2 -> 3\): expected input to be of shape \(N, T, 2\), got shape \(4, 5, 3\)$"),
    (RNN(1, 3), randn(4, 5), r"got shape \(4, 5\); add the feature axis: reshape to \(N, T, 1\)\?"),
    (BatchNorm1d(3), randn(4, 2), r"^BatchNorm1d\(3\): expected input to be of shape \(N, 3\), got shape \(4, 2\)$"),
    (BatchNorm2d(3), randn(4, 3), r"^BatchNorm2d\(3\): expected input to be of shape \(N, 3, H, W\), got shape \(4, 3\)$"),
    (BatchNorm2d(3), randn(4, 2, 5, 5), r"^BatchNorm2d\(3\): expected input to be of shape \(N, 3, H, W\), got shape \(4, 2, 5, 5\)$"),
    (BatchNorm2d(3), dlref.tensor(np.zeros((2, 3, 2, 2), dtype=np.int64)),
     r"^BatchNorm2d\(3\): expected input to be a floating Tensor, got dtype int64; convert it"),
    (BatchNorm1d(3), randn(1, 3), r"^BatchNorm1d\(3\): expected input to be more than one value per channel in training \(a variance needs two\), got shape \(1, 3\); use eval\(\)"),
    (Softmax(axis=2), randn(2, 3), r"^softmax\(\): expected axis to be an integer in \[-2, 1\], got 2$"),
    (ReLU(), [1.0, 2.0], r"^relu\(\): expected z to be a Tensor, got list \[1.0, 2.0\]; wrap it"),
    (Flatten(), dlref.tensor(1.0), r"^Flatten\(\): expected input to be of shape \(N, \.\.\.\), got shape \(\)$"),
    (Dropout(0.5), dlref.tensor(np.array([1, 2])), r"^Dropout\(p=0.5\): expected input to be a floating Tensor, got dtype int64"),
])
def test_bad_inputs(layer, X, message):
    with pytest.raises(ValueError, match=message):
        layer(X)


def test_bad_h0_and_bad_functional_arguments():
    rnn = RNN(2, 3)
    X = randn(4, 5, 2)
    with pytest.raises(ValueError, match=r"^RNN\(2 -> 3\): expected h0 to be of shape \(4, 3\), got shape \(3, 3\)$"):
        rnn(X, randn(3, 3))
    with pytest.raises(ValueError, match=r"^RNN\(2 -> 3\): expected h0 to be a floating Tensor, got dtype int64"):
        rnn(X, dlref.tensor(np.zeros((4, 3), dtype=np.int64)))
    with pytest.raises(ValueError, match=r"rnn\(\): expected nonlinearity to be one of 'tanh', 'relu', got 'gelu'"):
        F.rnn(X, None, *rnn.parameters(), "gelu")
    with pytest.raises(ValueError, match=r"conv2d\(\): expected stride to be an integer >= 1"):
        F.conv2d(randn(1, 1, 3, 3), randn(1, 1, 2, 2), stride=0)
    with pytest.raises(ValueError, match=r"max_pool2d\(\): expected kernel_size to be an integer >= 1"):
        F.max_pool2d(randn(1, 1, 3, 3), (2, 0))


def test_the_layers_run_on_the_strict_array_api_namespace():
    """Only standard Array API calls: array-api-strict gives the numpy results."""
    pytest.importorskip("array_api_strict")

    def run():
        dlref.manual_seed(0)
        net = Sequential(Conv2d(1, 2, 3, stride=(1, 2), padding=1), ReLU(), MaxPool2d(2, 1),
                         Flatten(), Linear(6, 4), Dropout(0.2), BatchNorm1d(4))
        rnn = RNN(4, 3, "relu")
        X = dlref.tensor(np.random.default_rng(0).standard_normal((5, 1, 4, 4)), requires_grad=True)
        out = net(X)
        outputs, h = rnn(out.reshape(5, 1, 4), randn(5, 3))
        (outputs.sum() + (h * h).sum()).backward()
        params = net.parameters() + rnn.parameters()
        return [X.numpy(), X.grad] + [p.numpy() for p in params] + [p.grad for p in params]

    expected = run()
    dlref.use("array_api_strict")
    try:
        got = [dlref.backend.to_numpy(a) for a in run()]
    finally:
        dlref.use("numpy")
    for a, b in zip(got, expected, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


# ------------------------------------------------------------------ Module.to
def test_to_converts_parameters_gradients_and_buffers():
    dlref.set_default_dtype("float32")
    model = Sequential(Linear(2, 3), BatchNorm1d(3))
    model(dlref.tensor(np.ones((4, 2)), dtype="float32")).sum().backward()
    assert model.to("float64") is model
    assert all(p.dtype == np.float64 and p.grad.dtype == np.float64 for p in model.parameters())
    assert model[1].running_mean.dtype == np.float64 and model[1].running_var.dtype == np.float64
    out = model(dlref.tensor(np.ones((4, 2)), dtype="float64"))
    assert out.dtype == np.float64
    model.to("float32")
    assert {p.dtype for p in model.parameters()} == {np.dtype("float32")}


def test_to_refuses_an_unknown_dtype_and_changes_nothing():
    model = Linear(2, 1)
    before = model.weight.data
    with pytest.raises(ValueError, match=r"Linear\(2 -> 1\).to\(\): expected dtype to be one of 'float32', 'float64', got 'int8'"):
        model.to("int8")
    assert model.weight.data is before


def test_layers_draw_their_weights_as_before_dlref_init():
    """Linear, Conv2d, RNN and Neuron fill their parameters with init.uniform_: the same generator calls,
    in the same order, as the draws `rng.uniform(-bound, bound, shape)` they made before, so seeded
    results elsewhere do not move."""
    from dlref.neuron import Neuron

    dlref.manual_seed(3)
    model = Sequential(Linear(5, 4), Conv2d(2, 3, (3, 2)), RNN(2, 6))
    neuron = Neuron(7)
    rng = np.random.default_rng(3)
    bounds = [1 / math.sqrt(5)] * 2 + [1 / math.sqrt(12)] * 2 + [1 / math.sqrt(6)] * 4
    expected = [rng.uniform(-b, b, size=p.shape) for b, p in zip(bounds, model.parameters(), strict=True)]
    expected.append(rng.uniform(-1 / math.sqrt(7), 1 / math.sqrt(7), size=(7,)))
    for p, values in zip(model.parameters() + [neuron.w], expected, strict=True):
        assert p.requires_grad and p.dtype == np.float64
        np.testing.assert_array_equal(p.numpy(), values)


def test_an_empty_parameter_has_the_default_dtype():
    dlref.set_default_dtype("float32")
    p = Parameter.empty((2, 3))
    assert p.shape == (2, 3) and p.dtype == np.float32 and p.requires_grad
