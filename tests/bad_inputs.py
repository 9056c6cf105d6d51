"""Bad inputs for every public callable of dlref, as a student would make them.

`CASES` maps each public callable (`"module.name"`, `"module.Class.method"`)
to a call whose arguments are all valid by default and, for each argument,
the bad values to put in its place. `EXEMPT` names the callables that take
nothing to check, with the reason. tests/test_validation.py draws from both
(with hypothesis, besides these values) and fails when a public callable is
in neither; a new public function is one more entry here.

Run as a script, it tries every bad value and prints how many got a clear
error (a ValueError or TypeError naming the callable or the argument), how
many another error, and how many none at all:

    PYTHONPATH=. python tests/bad_inputs.py
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import re
import warnings
from collections.abc import Callable

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import dlref
from dlref import data, exercises, experiments, functional, layers, losses, metrics, models, optimizers
from dlref import regularizers, schedules, scratch, training
from dlref.autograd import Tensor, tensor


@dataclasses.dataclass
class Case:
    """A call with valid arguments, the bad values of each argument, and who the error must name."""

    call: Callable  # call(**{argument: value}) replaces one argument, the others stay valid
    bad: dict  # argument -> list of bad values
    who: str  # the message starts with it: "make_moons()", "KMeans", "Linear(3 -> 2)"...


# ------------------------------------------------------------- bad values by kind
class Bad(list):
    """Bad values of one kind of argument, and a hypothesis strategy that draws more of them."""

    def __init__(self, values, strategy):
        super().__init__(values)
        self.strategy = strategy

    def __add__(self, more):  # a few bad values of one argument added to its kind's
        return Bad(list(self) + list(more), self.strategy | st.sampled_from(list(more)))

    def __getitem__(self, index):
        return Bad(list.__getitem__(self, index), self.strategy) if isinstance(index, slice) \
            else list.__getitem__(self, index)


ANYTHING_ELSE = st.one_of(st.text(max_size=3), st.none(), st.lists(st.integers(), max_size=2),
                          st.complex_numbers(max_magnitude=10))
NOT_A_NUMBER = ANYTHING_ELSE | st.booleans() | st.sampled_from([np.nan, np.inf, -np.inf])
NOT_INTEGER = Bad([2.5, "3", None, True, [1], 1j, np.nan], NOT_A_NUMBER | st.floats())
NOT_NUMBER = Bad(["0.1", None, True, [0.1], 1j, np.nan, np.inf, -np.inf], NOT_A_NUMBER)
NOT_FLAG = Bad(["yes", 1, None, 0.0], ANYTHING_ELSE | st.integers() | st.floats())
NOT_FUNCTION = Bad([None, 3, "mse"], ANYTHING_ELSE | st.integers() | st.floats())
NOT_MODULE = Bad([None, "net", 3, np.zeros((2, 2))], ANYTHING_ELSE | st.integers()
                 | hnp.arrays(np.float64, hnp.array_shapes(max_dims=2, max_side=3)))
SEED = Bad([-1, 1.5, "0", True, [0]], st.integers(max_value=-1) | st.floats() | st.booleans()
           | st.text(max_size=3) | st.lists(st.integers(), max_size=2))


def count(low: int) -> Bad:
    """Bad values of an integer argument >= low."""
    return Bad([low - 1, low - 7, *NOT_INTEGER], st.integers(max_value=low - 1) | NOT_INTEGER.strategy)


def size(low: int) -> Bad:
    """Bad values of a size that may also be a pair, (height, width), of integers >= low."""
    def valid_pair(v):
        return isinstance(v, (list, tuple)) and len(v) == 2 and all(type(i) is int and i >= low for i in v)
    bad = count(low)
    return Bad(bad, bad.strategy.filter(lambda v: not valid_pair(v)))


def number(*out_of_range) -> Bad:
    """Bad values of a number argument: the given out-of-range ones, and what is no number."""
    return Bad([*out_of_range, *NOT_NUMBER], st.sampled_from(out_of_range or [np.nan]) | NOT_A_NUMBER)


def _spoiled(shape: tuple):
    """Float arrays of `shape` with one NaN or infinity somewhere."""
    size = int(np.prod(shape))
    return st.tuples(hnp.arrays(np.float64, shape, elements=st.floats(-10, 10)), st.integers(0, size - 1),
                     st.sampled_from([np.nan, np.inf, -np.inf])).map(lambda a: _put(*a))


def _put(a, index, value):
    a.flat[index] = value
    return a


def arrays(shape: tuple, labels: bool = False, ranks: bool = True) -> list:
    """Bad array-likes where an array of finite numbers of `shape` (N first) belongs (of any rank unless `ranks`)."""
    good = np.ones(shape)
    nan, inf = good.copy(), good.copy()
    nan.flat[0], inf.flat[-1] = np.nan, -np.inf
    bad = [None, "abc", np.full(shape, "a"), good.astype(complex) * 1j, nan, inf,
           np.ones((0,) + shape[1:]), [[1.0], [1.0, 2.0]], np.array([None] * shape[0], dtype=object)]
    if ranks:
        bad.append(np.ones(shape + (2,)))  # an extra axis
    if ranks and len(shape) > 1:
        bad.append(np.ones(shape[0]))  # a missing axis
    if labels:
        bad.append(np.full(shape, 0.5))  # probabilities, not labels
    strategy = st.one_of(hnp.arrays(hnp.unicode_string_dtypes(max_len=2), shape),
                         hnp.arrays(hnp.complex_number_dtypes(), shape), _spoiled(shape), st.none())
    if ranks:
        strategy |= hnp.arrays(np.float64, hnp.array_shapes(min_dims=len(shape) + 1, max_dims=len(shape) + 2,
                                                            max_side=3))
    return Bad(bad, strategy)


def tensors(shape: tuple) -> Bad:
    """Bad inputs where a floating Tensor of `shape` belongs (the first five: of any shape)."""
    bad = [np.zeros(shape), np.zeros(shape).tolist(), None, "x", tensor(np.zeros(shape, dtype=np.int64)),
           tensor(np.zeros(shape + (1,))), tensor(np.zeros((1,) * (len(shape) - 1) if len(shape) > 1 else (2, 2)))]
    return Bad(bad, st.one_of(hnp.arrays(np.float64, shape), ANYTHING_ELSE,
                              hnp.arrays(hnp.integer_dtypes() | hnp.boolean_dtypes(), shape).map(tensor)))


# ------------------------------------------------------------- fixtures
def X(n=6, d=2):
    return np.random.default_rng(0).standard_normal((n, d))


def y(n=6):
    return np.arange(n) % 2


def model(d=2, out=2):
    dlref.manual_seed(0)
    return models.mlp([d, 3, out])


def fit_call(**bad):
    args = {"model": model(), "loss_fn": losses.cross_entropy, "train_data": (X(), y()), "epochs": 1,
            "verbose": False, **bad}
    parameters = args["model"].parameters() if isinstance(args["model"], layers.Module) else model().parameters()
    args.setdefault("optimizer", optimizers.SGD(parameters, lr=0.1))
    return training.fit(**args)


def kw(fn, **valid):
    """A call of fn with `valid` keyword arguments, any of which the case replaces."""
    return lambda **bad: fn(**{**valid, **bad})


def method(make, name, **valid):
    """A call of a method of a fresh object."""
    return lambda **bad: getattr(make(), name)(**{**valid, **bad})


def t(*shape):
    return tensor(np.random.default_rng(0).standard_normal(shape))


LOSS_INPUT = {"input": tensors((4, 3)) + [t(0, 3)], "reduction": ["avg", None, 1]}
DATA_PAIR = [X(), (X(),), (X(), y(5)), (np.full((6, 2), "a"), y()), (X(), np.full(6, 1j)),
             (np.full((6, 2), np.nan), y()), ([[1.0], [1.0, 2.0]], y(2)), None]

CASES = {
    # ---------------------------------------------------------- autograd
    "autograd.Tensor": Case(kw(Tensor, data=[1.0]), {
        "data": [None, "abc", ["a", "b"], [[1.0], [1.0, 2.0]], [1j], np.array([None]), {"a": 1}],
        "requires_grad": ["yes", None, 2]}, "Tensor"),
    "autograd.tensor": Case(kw(tensor, data=[1.0], dtype="float32"), {
        "data": [None, "abc", [[1.0], [1.0, 2.0]], [1j], [1e300], {"a": 1}],
        "dtype": ["float16", "double", 3], "requires_grad": ["yes", None]}, "tensor()"),
    "autograd.Tensor.backward": Case(lambda grad: (t(2) * tensor([1.0, 1.0], requires_grad=True)).backward(grad),
                                     {"grad": [np.ones(3), "a", [[1.0, 1.0]], [1j, 1j]]}, "backward()"),
    "autograd.graph": Case(kw(dlref.autograd.graph, root=tensor([1.0], requires_grad=True) * 2),
                           {"root": [None, np.ones(2), [1.0], "x"]}, "graph()"),
    "autograd.Tensor.reshape": Case(lambda shape: t(2, 3).reshape(shape),
                                    {"shape": [(4,), (5, -1), "a", (2.5, 2), None]}, "Tensor.reshape()"),
    "autograd.Tensor.broadcast_to": Case(lambda shape: t(2, 3).broadcast_to(shape),
                                         {"shape": [(3, 3), (3,), "a", None]}, "Tensor.broadcast_to()"),
    "autograd.Tensor.sum": Case(lambda axis: t(2, 3).sum(axis=axis), {"axis": [2, -3, 1.5, "0", (0, 0), [0]]}, "Tensor.sum()"),
    "autograd.Tensor.mean": Case(lambda axis: t(2, 3).mean(axis=axis), {"axis": [2, -3, 1.5, "0", (0, 0)]}, "Tensor.mean()"),
    "autograd.Tensor.max": Case(lambda axis=None, x=None: (t(2, 3) if x is None else x).max(axis=axis),
                                {"axis": [2, -3, 1.5, "0"], "x": [t(0, 3)]}, "Tensor.max()"),
    "autograd.Tensor.__add__": Case(lambda other: t(2) + other, {"other": [t(3), "a", None, [1j], np.zeros(3)]}, "Tensor"),
    "autograd.Tensor.__sub__": Case(lambda other: t(2) - other, {"other": [t(3), "a", None]}, "Tensor"),
    "autograd.Tensor.__mul__": Case(lambda other: t(2) * other, {"other": [t(3), "a", None]}, "Tensor"),
    "autograd.Tensor.__truediv__": Case(lambda other: t(2) / other, {"other": [t(3), "a", None]}, "Tensor"),
    "autograd.Tensor.__pow__": Case(lambda other: t(2) ** other, {"other": [t(3), "a", None]}, "Tensor"),
    "autograd.Tensor.__matmul__": Case(lambda other: t(2, 3) @ other, {"other": [t(2, 3), t(4), "a", tensor(2.0)]}, "Tensor"),
    "autograd.Tensor.__lt__": Case(lambda other: t(2) < other, {"other": [t(3), "a"]}, "Tensor"),
    "autograd.Tensor.__len__": Case(lambda x: len(x), {"x": [tensor(1.0)]}, "len()"),
    "autograd.Tensor.__bool__": Case(lambda x: bool(x), {"x": [t(2)]}, "bool()"),
    "autograd.Tensor.item": Case(lambda x: x.item(), {"x": [t(2)]}, "item()"),
    "joining.concat": Case(kw(dlref.concat, tensors=[t(1, 2), t(2, 2)]), {
        "tensors": [[], None, t(2), [t(1, 2), t(1, 3)], [t(1, 2), "a"]], "axis": [2, "0", 1.5]}, "concat()"),
    "joining.stack": Case(kw(dlref.stack, tensors=[t(2), t(2)]), {
        "tensors": [[], None, [t(2), t(3)], [t(2), "a"]], "axis": [3, "0", 1.5]}, "stack()"),
    # ---------------------------------------------------------- backend
    "backend.use": Case(kw(dlref.use, backend="numpy"), {"backend": ["jax", None, 3], "device": ["cuda", 0]}, "use("),
    "backend.set_default_dtype": Case(kw(dlref.set_default_dtype, dtype="float32"),
                                      {"dtype": ["float16", None, 64]}, "set_default_dtype()"),
    "backend.manual_seed": Case(kw(dlref.manual_seed, seed=0), {"seed": [*SEED, None]}, "manual_seed()"),
    "backend.generator": Case(kw(dlref.backend.generator, seed=0), {"seed": SEED}, "generator()"),
    # ---------------------------------------------------------- activations and fused ops
    **{f"activations.{f.__name__}": Case(kw(f, z=t(2, 3)), {"z": tensors((2, 3))[:5]}, f"{f.__name__}()")
       for f in (dlref.activations.sigmoid, dlref.activations.tanh, dlref.activations.relu)},
    "activations.leaky_relu": Case(kw(dlref.activations.leaky_relu, z=t(2, 3)),
                                   {"z": tensors((2, 3))[:5], "negative_slope": number(-0.1)}, "leaky_relu()"),
    "activations.softmax": Case(kw(dlref.activations.softmax, z=t(2, 3)),
                                {"z": tensors((2, 3))[:5] + [t(2, 0)], "axis": [2, -3, 1.5, "1", None]}, "softmax()"),
    "activations.log_softmax": Case(kw(dlref.activations.log_softmax, z=t(2, 3)),
                                    {"z": tensors((2, 3))[:5], "axis": [2, -3, 1.5, None]}, "log_softmax()"),
    "functional.linear": Case(kw(functional.linear, X=t(4, 3), W=t(2, 3), b=t(2)), {
        "X": tensors((4, 3)), "W": tensors((2, 3)), "b": [t(1), t(3), t(1, 2), np.zeros(2), "b"]}, "linear()"),
    "functional.conv2d": Case(kw(functional.conv2d, X=t(1, 1, 5, 5), W=t(2, 1, 3, 3), b=t(2)), {
        "X": tensors((1, 1, 5, 5)) + [t(1, 2, 5, 5), t(1, 1, 2, 2)], "W": tensors((2, 1, 3, 3)), "b": [t(1), t(3), "b"],
        "stride": size(1), "padding": size(0)}, "conv2d()"),
    "functional.max_pool2d": Case(kw(functional.max_pool2d, X=t(1, 1, 4, 4), kernel_size=2), {
        "X": tensors((1, 1, 4, 4)) + [t(1, 1, 1, 1)], "kernel_size": size(1), "stride": [0, 2.5, "2"]}, "max_pool2d()"),
    "functional.rnn": Case(kw(functional.rnn, X=t(2, 3, 4), h0=None, W_ih=t(5, 4), W_hh=t(5, 5), b_ih=t(5), b_hh=t(5)), {
        "X": tensors((2, 3, 4)) + [t(2, 0, 4)], "h0": [t(1, 5), t(2, 4), np.zeros((2, 5)), "h"], "W_ih": tensors((5, 4)),
        "W_hh": [t(5, 4), np.zeros((5, 5))], "b_ih": [t(1), t(4)], "b_hh": [t(1)],
        "nonlinearity": ["sigmoid", None, 3]}, "rnn()"),
    "functional.lstm": Case(kw(functional.lstm, X=t(2, 3, 4), state=None, W_ih=t(20, 4), W_hh=t(20, 5), b_ih=t(20),
                               b_hh=t(20)), {
        "X": tensors((2, 3, 4)) + [t(2, 0, 4)], "state": [t(2, 5), (t(1, 5), t(2, 5)), "h"], "W_ih": tensors((20, 4)),
        "W_hh": [t(20, 4), t(15, 5), np.zeros((20, 5))], "b_ih": [t(1), t(5)], "b_hh": [t(1)]}, "lstm()"),
    "functional.gru": Case(kw(functional.gru, X=t(2, 3, 4), h0=None, W_ih=t(15, 4), W_hh=t(15, 5), b_ih=t(15), b_hh=t(15)), {
        "X": tensors((2, 3, 4)) + [t(2, 0, 4)], "h0": [t(1, 5), t(2, 4), np.zeros((2, 5)), "h"], "W_ih": tensors((15, 4)),
        "W_hh": [t(15, 4), t(20, 5), np.zeros((15, 5))], "b_ih": [t(1), t(5)], "b_hh": [t(1)]}, "gru()"),
    # ---------------------------------------------------------- init
    **{f"init.{f.__name__}": Case(kw(f, tensor=t(3, 2)), {"tensor": [np.zeros((3, 2)), None, "w", t(3)]}, f"{f.__name__}()")
       for f in (dlref.init.fan_in_and_fan_out,)},
    "init.zeros_": Case(kw(dlref.init.zeros_, tensor=t(3, 2)), {"tensor": [np.zeros((3, 2)), None, "w"]}, "zeros_()"),
    "init.calculate_gain": Case(kw(dlref.init.calculate_gain, nonlinearity="leaky_relu"), {
        "nonlinearity": ["gelu", None, 3], "param": Bad(NOT_NUMBER[:1] + NOT_NUMBER[2:], NOT_A_NUMBER.filter(lambda v: v is not None))}, "calculate_gain()"),
    "init.uniform_": Case(kw(dlref.init.uniform_, tensor=t(3, 2)), {
        "tensor": [np.zeros((3, 2)), None, "w"], "a": NOT_NUMBER, "b": number(-1.0, 0.0)}, "uniform_()"),
    "init.normal_": Case(kw(dlref.init.normal_, tensor=t(3, 2)), {
        "tensor": [np.zeros((3, 2)), None, "w"], "mean": NOT_NUMBER, "std": number(-1.0)}, "normal_()"),
    **{f"init.{f.__name__}": Case(kw(f, tensor=t(3, 2)), {
        "tensor": [np.zeros((3, 2)), None, "w", t(3)], "gain": number(-1.0)}, f"{f.__name__}()")
       for f in (dlref.init.xavier_uniform_, dlref.init.xavier_normal_)},
    **{f"init.{f.__name__}": Case(kw(f, tensor=t(3, 2)), {
        "tensor": [np.zeros((3, 2)), None, "w", t(3)], "a": NOT_NUMBER, "mode": ["fan", None, 1],
        "nonlinearity": ["gelu", None]}, f"{f.__name__}()")
       for f in (dlref.init.kaiming_uniform_, dlref.init.kaiming_normal_)},
    # ---------------------------------------------------------- layers
    "layers.Parameter": Case(kw(layers.Parameter, data=[1.0]), {"data": [None, "a", [1j], np.array([1, 2])]}, "Tensor"),
    "layers.Module.train": Case(lambda mode: model().train(mode), {"mode": NOT_FLAG}, "Sequential"),
    "layers.Module.to": Case(lambda dtype: model().to(dtype), {"dtype": ["float16", None, 64]}, "Sequential"),
    "layers.Module.load_state_dict": Case(lambda state: layers.Linear(2, 1).to("float32").load_state_dict(state), {"state": [
        None, [1.0], {"weight": np.ones((1, 2))}, {"weight": np.ones((2, 1)), "bias": np.zeros(1)},
        {"weight": [[np.nan, 1.0]], "bias": [0.0]}, {"weight": [[1j, 1.0]], "bias": [0.0]},
        {"weight": [[1e300, 1.0]], "bias": [0.0]}, {"weight": None, "bias": [0.0]}, {"weight": "ab", "bias": [0.0]},
        {"weight": np.ones((1, 2)), "bias": [0.0], "extra": [1.0]}]}, "Linear.load_state_dict()"),
    "layers.Sequential": Case(lambda layer: layers.Sequential(layers.Linear(2, 2), layer),
                              {"layer": ["relu", None, np.zeros(2), layers.ReLU]}, "Sequential"),
    "layers.Sequential.forward": Case(lambda X: model()(X), {"X": tensors((4, 2))}, "Linear(2 -> 3)"),
    "layers.Linear": Case(kw(layers.Linear, in_features=2, out_features=3), {
        "in_features": count(1), "out_features": count(1), "bias": NOT_FLAG}, "Linear"),
    "layers.Linear.forward": Case(lambda X: layers.Linear(3, 2)(X), {"X": tensors((4, 3))}, "Linear(3 -> 2)"),
    "layers.Flatten.forward": Case(lambda X: layers.Flatten()(X), {"X": [np.zeros((2, 3)), None, "a", tensor(1.0)]}, "Flatten()"),
    **{f"layers.{c.__name__}.forward": Case(lambda X, c=c: c()(X), {"X": tensors((2, 3))[:5]}, c.__name__.lower())
       for c in (layers.Sigmoid, layers.Tanh, layers.ReLU)},
    "layers.LeakyReLU": Case(kw(layers.LeakyReLU, negative_slope=0.1), {"negative_slope": number(-0.1)}, "LeakyReLU"),
    "layers.LeakyReLU.forward": Case(lambda X: layers.LeakyReLU()(X), {"X": tensors((2, 3))[:5]}, "leaky_relu()"),
    "layers.Softmax": Case(kw(layers.Softmax, axis=-1), {"axis": NOT_INTEGER}, "Softmax"),
    "layers.Softmax.forward": Case(lambda X=t(2, 3), axis=-1: layers.Softmax(axis)(X),
                                   {"X": tensors((2, 3))[:5], "axis": [2, -3]}, "softmax()"),
    "layers.activation": Case(kw(layers.activation, name="relu", who="mlp()"), {"name": ["gelu", None, 3, ["relu"]]}, "mlp()"),
    "layers.Conv2d": Case(kw(layers.Conv2d, in_channels=1, out_channels=2, kernel_size=3), {
        "in_channels": count(1), "out_channels": count(1), "kernel_size": size(1) + [(3, 0), (3,), (3, 3, 3)],
        "stride": size(1), "padding": size(0), "bias": NOT_FLAG}, "Conv2d"),
    "layers.Conv2d.forward": Case(lambda X: layers.Conv2d(1, 2, 3)(X),
                                  {"X": tensors((2, 1, 5, 5)) + [t(2, 1, 2, 2), t(2, 25)]}, "Conv2d(1 -> 2, k=3)"),
    "layers.MaxPool2d": Case(kw(layers.MaxPool2d, kernel_size=2), {"kernel_size": size(1), "stride": [0, 2.5, "2", (1, 0)]},
                             "MaxPool2d"),
    "layers.MaxPool2d.forward": Case(lambda X: layers.MaxPool2d(2)(X), {"X": tensors((2, 1, 4, 4))}, "MaxPool2d(k=2)"),
    "layers.RNN": Case(kw(layers.RNN, input_size=2, hidden_size=3), {
        "input_size": count(1), "hidden_size": count(1), "nonlinearity": ["sigmoid", None, 1]}, "RNN"),
    "layers.RNN.forward": Case(lambda **bad: layers.RNN(2, 3)(bad.get("X", t(4, 5, 2)), bad.get("h0")), {
        "X": tensors((4, 5, 2)), "h0": [t(1, 3), t(4, 2), np.zeros((4, 3)), "h", tensor(np.zeros((4, 3), dtype=int))]},
        "RNN(2 -> 3)"),
    "layers.Dropout": Case(kw(layers.Dropout, p=0.5), {"p": number(1.0, -0.1, 2)}, "Dropout"),
    "layers.Dropout.forward": Case(lambda X: layers.Dropout(0.5)(X), {"X": tensors((2, 3))[:5]}, "Dropout(p=0.5)"),
    "layers.BatchNorm1d": Case(kw(layers.BatchNorm1d, num_features=3), {
        "num_features": count(1), "eps": number(0.0, -1e-5), "momentum": number(-0.1, 1.5)}, "BatchNorm1d"),
    "layers.BatchNorm1d.forward": Case(lambda X: layers.BatchNorm1d(3)(X), {"X": tensors((4, 3)) + [t(1, 3)]}, "BatchNorm1d(3)"),
    "layers.BatchNorm2d": Case(kw(layers.BatchNorm2d, num_features=3), {
        "num_features": count(1), "eps": number(0.0, -1e-5), "momentum": number(-0.1, 1.5)}, "BatchNorm2d"),
    "layers.LSTM": Case(kw(layers.LSTM, input_size=2, hidden_size=3), {"input_size": count(1), "hidden_size": count(1)},
                        "LSTM"),
    "layers.LSTM.forward": Case(lambda **bad: layers.LSTM(2, 3)(bad.get("X", t(4, 5, 2)), bad.get("state")), {
        "X": tensors((4, 5, 2)), "state": [t(4, 3), (t(4, 3),), (t(1, 3), t(4, 3)), (np.zeros((4, 3)), t(4, 3)), "h"]},
        "LSTM(2 -> 3)"),
    "layers.GRU": Case(kw(layers.GRU, input_size=2, hidden_size=3), {"input_size": count(1), "hidden_size": count(1)}, "GRU"),
    "layers.GRU.forward": Case(lambda **bad: layers.GRU(2, 3)(bad.get("X", t(4, 5, 2)), bad.get("h0")), {
        "X": tensors((4, 5, 2)), "h0": [t(1, 3), t(4, 2), np.zeros((4, 3)), "h"]}, "GRU(2 -> 3)"),
    "layers.Embedding": Case(kw(layers.Embedding, num_embeddings=5, embedding_dim=3), {
        "num_embeddings": count(1), "embedding_dim": count(1)}, "Embedding"),
    "layers.Embedding.forward": Case(lambda X: layers.Embedding(5, 3)(X), {
        "X": [np.array([0, 5]), np.array([-1, 2]), np.array([0.5, 1.0]), t(2), "a", None, np.array([])]},
        "Embedding(5, 3)"),
    "layers.ModuleList": Case(kw(layers.ModuleList, modules=[layers.Linear(2, 2)]), {
        "modules": [None, 3, [layers.Linear(2, 2), "relu"], [layers.ReLU]]}, "ModuleList"),
    "layers.ModuleList.append": Case(method(layers.ModuleList, "append", module=layers.ReLU()), {
        "module": ["relu", None, layers.ReLU, np.zeros(2)]}, "ModuleList"),
    "layers.ModuleList.extend": Case(method(layers.ModuleList, "extend", modules=[layers.ReLU()]), {
        "modules": [None, 3, ["relu"], [layers.ReLU(), None]]}, "ModuleList"),
    # ---------------------------------------------------------- losses
    **{f"losses.{f.__name__}": Case(kw(f, input=t(4, 3).abs() * 0 + 0.5, target=np.full((4, 3), 1.0)), {
        **LOSS_INPUT, "target": [np.ones((4, 1)), np.ones(12), np.full((4, 3), "a"), np.full((4, 3), 1j),
                                 np.full((4, 3), np.nan), None, [[1.0], [1.0, 2.0]]]}, f"{f.__name__}()")
       for f in (losses.mse_loss, losses.mae_loss, losses.binary_cross_entropy, losses.binary_cross_entropy_with_logits)},
    "losses.cross_entropy": Case(kw(losses.cross_entropy, input=t(4, 3), target=[0, 1, 2, 0]), {
        **LOSS_INPUT, "target": [[0, 1, 3, 0], [0, -1, 2, 0], [0, 0.5, 1, 0], ["a", "b", "c", "d"], [0, 1j, 0, 0],
                                 [0, np.nan, 0, 0], [0, 1], np.zeros((4, 3)), None]}, "cross_entropy()"),
    "losses.categorical_cross_entropy": Case(kw(losses.categorical_cross_entropy, input=t(4, 3) * 0 + 1 / 3,
                                                target=np.eye(3)[[0, 1, 2, 0]]), {
        **LOSS_INPUT, "target": [np.ones((4, 3)), np.full((4, 3), "a"), np.full((4, 3), np.nan), np.eye(3)[[0, 1]], None]},
        "categorical_cross_entropy()"),
    # ---------------------------------------------------------- metrics
    **{f"metrics.{f.__name__}": Case(kw(f, y_true=[0, 1, 1, 0], y_pred=[0, 1, 0, 0]), {
        "y_true": [["cat", "dog", "dog", "cat"], [0, 1j, 1, 0], [0, np.inf, 1, 0], [0, np.nan, 1, 0], [0, 0.5, 1, 0],
                   None, [], [[0, 1], [1, 0]], [0, 1]],
        "y_pred": [["a", "b", "a", "b"], [0, 1, 1, 0.7], [[0], [1], [1], [0]]],
        **({"average": ["weighted", None, 1], "pos_label": ["dog", None, 1.5, 7]} if f in (metrics.precision, metrics.recall,
                                                                                     metrics.f1_score) else {})},
        f"{f.__name__}()") for f in (metrics.accuracy, metrics.precision, metrics.recall, metrics.f1_score,
                                     metrics.confusion_matrix)},
    **{f"metrics.{f.__name__}": Case(kw(f, y_true=[0.5, 1.0, 2.0], y_pred=[0.4, 1.0, 2.5]), {
        "y_true": [["a", "b", "c"], [0, 1j, 1], [0, np.inf, 1], [0, np.nan, 1], None, [], [[0.5], [1.0], [2.0]], [1.0]],
        "y_pred": [["a", "b", "c"], [0, 1, np.inf]]}, f"{f.__name__}()")
       for f in (metrics.mean_squared_error, metrics.root_mean_squared_error, metrics.mean_absolute_error, metrics.r2_score)},
    # ---------------------------------------------------------- data
    "data.truth_table": Case(kw(data.truth_table, name="xor"), {"name": ["nand", None, 3, "XOR"]}, "truth_table()"),
    **{f"data.{f.__name__}": Case(kw(f, n_samples=12), {"n_samples": count(1), "noise": number(-0.1), "seed": SEED},
                                  f"{f.__name__}()") for f in (data.make_moons, data.make_regression_1d)},
    "data.make_circles": Case(kw(data.make_circles, n_samples=12), {
        "n_samples": count(1), "noise": number(-0.1), "factor": number(0.0, 1.0, 1.5), "seed": SEED}, "make_circles()"),
    "data.make_spirals": Case(kw(data.make_spirals, n_samples=12), {
        "n_samples": count(3), "n_classes": count(2), "noise": number(-0.1), "seed": SEED}, "make_spirals()"),
    "data.make_blobs": Case(kw(data.make_blobs, n_samples=12), {
        "n_samples": count(3), "centers": [0, -1, [1.0, 2.0], [["a", "b"]], [[np.nan, 0.0]], None, 2.5],
        "std": number(-0.1), "seed": SEED}, "make_blobs()"),
    "data.train_test_split": Case(kw(data.train_test_split, X=X(10), y=y(10)), {
        "X": [None, "abc", np.ones((9, 2)), np.full((10, 2), 1j)], "y": [np.ones(9), None],
        "test_size": number(0.0, 1.0, -0.1, 1.5), "seed": SEED, "stratify": NOT_FLAG}, "train_test_split()"),
    "data.minibatches": Case(kw(data.minibatches, X=X(10), y=y(10)), {
        "X": [None, "abc", np.ones((9, 2))], "y": [np.ones(9)], "batch_size": count(1), "shuffle": NOT_FLAG,
        "seed": SEED}, "minibatches()"),
    "data.one_hot": Case(kw(data.one_hot, y=[0, 2, 1]), {
        "y": [["a", "b"], [0, -1], [0.5, 1], [0, np.nan], [[0], [1]], [], None, [1j]],
        "num_classes": [2, 0, 2.5, "3", True]}, "one_hot()"),
    "data.standardize": Case(kw(data.standardize, X=X()), {
        "X": arrays((6, 2)), "mean": [np.zeros(3), "a", [np.nan, 0.0]], "std": [np.ones(3), [1.0, 0.0], [1.0, -1.0]]},
        "standardize()"),
    "data.make_sequence_task": Case(kw(data.make_sequence_task, task="sine", n_samples=4, length=3), {
        "task": ["sinus", None, 3], "n_samples": count(1), "length": count(1), "seed": SEED}, "make_sequence_task()"),
    # ---------------------------------------------------------- regularizers
    **{f"regularizers.{f.__name__}": Case(kw(f, params=[t(2)], lam=0.1), {
        "params": [t(2), 3, "w", [], [t(2), [1.0]], [tensor(np.array([1, 2]))]], "lam": number(-0.1)},
        f"{f.__name__}()") for f in (regularizers.l1_penalty, regularizers.l2_penalty)},
    "regularizers.EarlyStopping": Case(kw(regularizers.EarlyStopping), {
        "monitor": [3, None], "patience": count(0), "min_delta": number(-0.1), "mode": ["auto", None],
        "restore_best": NOT_FLAG}, "EarlyStopping"),
    "regularizers.EarlyStopping.on_epoch_end": Case(
        lambda history: regularizers.EarlyStopping("loss", restore_best=False).on_epoch_end(None, history),
        {"history": [{}, {"loss": []}, {"loss": ["a"]}, {"loss": [np.nan]}, None, [1.0]]}, "EarlyStopping"),
    "regularizers.add_noise": Case(kw(regularizers.add_noise, X=np.zeros((2, 3, 3)), std=0.1), {
        "X": [None, "abc", np.full((2, 3), 1j), np.full((2, 3), np.nan)], "std": number(-0.1), "seed": SEED},
        "add_noise()"),
    "regularizers.random_flip": Case(kw(regularizers.random_flip, X=np.zeros((2, 3, 3))), {
        "X": [np.zeros((2, 9)), None, np.full((2, 3, 3), "a")], "axis": [0, -3, 3, "W", 1.5], "p": number(-0.1, 1.5),
        "seed": SEED}, "random_flip()"),
    "regularizers.random_shift": Case(kw(regularizers.random_shift, X=np.zeros((2, 4, 4)), max_shift=1), {
        "X": [np.zeros(5), None], "max_shift": [4, -1, 1.5, "1", None], "seed": SEED}, "random_shift()"),
    # ---------------------------------------------------------- optimizers and schedules
    **{f"optimizers.{c.__name__}": Case(lambda c=c, **bad: c(**{"params": [tensor([1.0], requires_grad=True)], **bad}), {
        "params": [t(2), 3, "w", [], [t(2)], [np.zeros(2)]], "lr": number(-0.1), "weight_decay": number(-1.0)},
        c.__name__) for c in (optimizers.SGD, optimizers.RMSprop, optimizers.Adam, optimizers.AdamW, optimizers.Adagrad,
                              optimizers.Adadelta)},
    "optimizers.Optimizer": Case(lambda **bad: optimizers.Optimizer(**{"params": [tensor([1.0], requires_grad=True)],
                                                                        "lr": 0.1, **bad}),
                                 {"lr": number(-1.0), "params": [None]}, "Optimizer"),
    "optimizers.clip_grad_norm_": Case(kw(optimizers.clip_grad_norm_, parameters=[tensor([3.0, 4.0], requires_grad=True)],
                                          max_norm=1.0), {
        "parameters": [None, 3, t(2), [np.zeros(2)], ["w"]], "max_norm": number(0.0, -1.0),
        "norm_type": [0.0, -2.0, *NOT_NUMBER[:6], -np.inf]}, "clip_grad_norm_()"),
    # ---------------------------------------------------------- serialization
    "serialization.save": Case(lambda **bad: dlref.save(**{"state_dict": layers.Linear(2, 1).state_dict(),
                                                          "path": "/nonexistent-folder/weights.npz", **bad}), {
        "state_dict": [None, layers.Linear(2, 1), {"w": "abc"}, {3: np.zeros(2)}, {"w": np.array([None])}],
        "path": [None, 3]}, "save()"),
    "serialization.load": Case(kw(dlref.load, path="/nonexistent-folder/weights.npz"), {
        "path": [None, 3]}, "load()"),
    **{f"schedules.{c.__name__}": Case(lambda c=c, args=args, **bad: c(**{"optimizer": optimizers.SGD([tensor([1.0], requires_grad=True)]),
                                                               **args, **bad}), {"optimizer": [None, "sgd", 3], **extra},
                                       c.__name__)
       for c, args, extra in ((schedules.StepLR, {"step_size": 2}, {"step_size": count(1), "gamma": number(0.0, -1.0)}),
                              (schedules.ExponentialLR, {"gamma": 0.5}, {"gamma": number(0.0)}),
                              (schedules.CosineAnnealingLR, {"T_max": 3}, {"T_max": count(1), "eta_min": number(-1.0)}),
                              (schedules.ReduceLROnPlateau, {}, {"mode": ["auto"], "factor": number(1.0, -0.1),
                                                                  "patience": count(0), "monitor": [3, None]}))},
    "schedules.LRScheduler": Case(kw(schedules.LRScheduler, optimizer=optimizers.SGD([tensor([1.0], requires_grad=True)])),
                                  {"optimizer": [None, "sgd"]}, "LRScheduler"),
    "schedules.ReduceLROnPlateau.step": Case(
        lambda value: schedules.ReduceLROnPlateau(optimizers.SGD([tensor([1.0], requires_grad=True)])).step(value),
        {"value": ["a", None, np.nan, [1.0], 1j]}, "ReduceLROnPlateau.step()"),
    "schedules.ReduceLROnPlateau.on_epoch_end": Case(
        lambda history: schedules.ReduceLROnPlateau(optimizers.SGD([tensor([1.0], requires_grad=True)]),
                                                    monitor="loss").on_epoch_end(None, history),
        {"history": [{}, {"loss": []}, None, {"loss": ["a"]}]}, "ReduceLROnPlateau"),
    # ---------------------------------------------------------- training
    "training.fit": Case(fit_call, {
        "model": NOT_MODULE[1:], "loss_fn": NOT_FUNCTION, "optimizer": [None, "sgd", optimizers.SGD(model().parameters())],
        "train_data": DATA_PAIR, "epochs": count(1), "batch_size": count(1), "shuffle": NOT_FLAG, "verbose": NOT_FLAG[:3],
        "seed": SEED, "metrics": ["acc", 3, [None]], "callbacks": [3, [3], "stop"], "threshold": ["0.5", np.nan, 1j],
        "val_data": DATA_PAIR[:-1]}, "fit()"),
    "training.evaluate": Case(lambda **bad: training.evaluate(**{"model": model(), "loss_fn": losses.cross_entropy,
                                                                 "data": (X(), y()), **bad}), {
        "model": NOT_MODULE, "loss_fn": NOT_FUNCTION, "data": DATA_PAIR, "metrics": ["acc", 3], "batch_size": count(1),
        "threshold": ["0.5", np.nan]}, "evaluate()"),
    "training.predict": Case(lambda **bad: training.predict(**{"model": model(), "X": X(), **bad}), {
        "model": NOT_MODULE, "X": arrays((6, 2), ranks=False), "batch_size": count(1)}, "predict()"),
    "training.to_labels": Case(kw(training.to_labels, outputs=np.zeros((3, 2))), {
        "outputs": [None, "abc", np.full((2, 2), np.nan), np.zeros((2, 2, 2)), np.full(2, 1j), []],
        "threshold": NOT_NUMBER}, "to_labels()"),
    # ---------------------------------------------------------- neuron and models
    "neuron.Neuron": Case(kw(dlref.neuron.Neuron, in_features=2), {"in_features": count(1), "activation": ["step", None]},
                          "Neuron"),
    "neuron.Neuron.forward": Case(lambda X: dlref.neuron.Neuron(2)(X), {"X": tensors((4, 2))}, "Neuron(2"),
    "neuron.Perceptron": Case(kw(dlref.neuron.Perceptron, in_features=2), {"in_features": count(1), "lr": number(0.0)},
                              "Perceptron"),
    "neuron.Perceptron.fit": Case(method(lambda: dlref.neuron.Perceptron(2), "fit", X=X(4), y=y(4)), {
        "X": arrays((4, 2)), "y": [[0, 2, 1, 0], [0, 1], ["a", "b", "a", "b"], [0, np.nan, 1, 0], None],
        "max_epochs": count(1)}, "Perceptron(2"),
    "neuron.Perceptron.predict": Case(method(lambda: dlref.neuron.Perceptron(2), "predict", X=X(4)), {"X": arrays((4, 2))},
                                      "Perceptron(2"),
    "models.LogisticRegression": Case(kw(models.LogisticRegression, in_features=2), {"in_features": count(1)}, "Neuron"),
    "models.SoftmaxClassifier": Case(kw(models.SoftmaxClassifier, in_features=2, num_classes=3), {
        "in_features": count(1), "num_classes": count(2)}, ""),
    "models.SoftmaxClassifier.forward": Case(lambda X: models.SoftmaxClassifier(2, 3)(X), {"X": tensors((4, 2))},
                                             "Linear(2 -> 3)"),
    "models.mlp": Case(kw(models.mlp, sizes=[2, 3, 1]), {
        "sizes": [[2], [2, 0], [2, 2.5], "23", None, 3], "activation": ["gelu", None], "output_activation": ["max", 3]},
        "mlp()"),
    "models.LeNet": Case(kw(models.LeNet), {
        "in_channels": count(1), "num_classes": count(1), "image_size": count(4), "channels": [(0, 16), (16,), "a", None],
        "hidden_size": count(1)}, "LeNet"),
    "models.LeNet.forward": Case(lambda X: models.LeNet()(X), {"X": tensors((2, 1, 8, 8)) + [t(2, 64)]}, "LeNet(1x8x8"),
    "models.SequenceGenerator": Case(kw(models.SequenceGenerator, input_size=2, hidden_size=3, output_size=1, length=4), {
        "input_size": count(1), "hidden_size": count(1), "output_size": count(1), "length": count(1)}, ""),
    "models.SequenceGenerator.forward": Case(lambda X: models.SequenceGenerator(2, 3, 1, 4)(X), {"X": tensors((5, 2))},
                                             "SequenceGenerator("),
    **{f"models.{c.__name__}": Case(kw(c, input_size=2, hidden_size=3, num_classes=2), {
        "input_size": count(1), "hidden_size": count(1), "num_classes": count(1)}, "")
       for c in (models.SequenceClassifier, models.SequenceTagger)},
    **{f"models.{c.__name__}.forward": Case(lambda X, c=c: c(2, 3, 2)(X), {"X": tensors((4, 5, 2))}, "RNN(2 -> 3)")
       for c in (models.SequenceClassifier, models.SequenceTagger)},
    "models.Seq2Seq": Case(kw(models.Seq2Seq, input_size=2, hidden_size=3, num_classes=2, output_length=4), {
        "input_size": count(1), "hidden_size": count(1), "num_classes": count(1), "output_length": count(1)}, ""),
    "models.Seq2Seq.forward": Case(lambda X: models.Seq2Seq(2, 3, 2, 4)(X), {"X": tensors((4, 5, 2))}, "RNN(2 -> 3)"),
    "models.Autoencoder": Case(kw(models.Autoencoder, in_features=8, code_size=2), {
        "in_features": count(1), "code_size": [8, 9, *count(1)], "hidden_sizes": [(0,), 128, "a", None, (2.5,)],
        "activation": ["gelu", None]}, "Autoencoder"),
    **{f"models.Autoencoder.{name}": Case(lambda X, name=name: getattr(models.Autoencoder(8, 2, (4,)), name)(X),
                                          {"X": tensors((3, 8 if name != "decode" else 2))}, "Linear(")
       for name in ("encode", "decode", "forward")},
    "models.PCA": Case(kw(models.PCA, n_components=1), {"n_components": count(1)}, "PCA"),
    "models.PCA.fit": Case(method(lambda: models.PCA(1), "fit", X=X()), {"X": arrays((6, 2))}, "PCA.fit()"),
    **{f"models.PCA.{name}": Case(method(lambda: models.PCA(1).fit(X()), name, **{"X" if name != "decode" else "Z": X()
                                                                                   if name != "decode" else X(6, 1)}),
                                  {"X" if name != "decode" else "Z": arrays((6, 2 if name != "decode" else 1))},
                                  f"PCA.{name if name != 'reconstruct' else 'encode'}()")
       for name in ("encode", "decode", "reconstruct")},
    "models.GaussianClassifier.fit": Case(method(models.GaussianClassifier, "fit", X=X(), y=y()), {
        "X": arrays((6, 2)), "y": [["a"] * 6, [0.5] * 6, [np.nan] * 6, y(5), None, [0, 0, 0, 0, 0, 1]]},
        "GaussianClassifier.fit()"),
    **{f"models.GaussianClassifier.{name}": Case(
        method(lambda: models.GaussianClassifier().fit(X(12, 1), y(12)), name, X=X(3, 1)),
        {"X": arrays((3, 1))}, "GaussianClassifier.predict_proba()") for name in ("predict", "predict_proba")},
    # ---------------------------------------------------------- clustering and scratch
    "clustering.KMeans": Case(kw(dlref.clustering.KMeans, n_clusters=2), {
        "n_clusters": count(1), "init": ["kmeans++", None, [[0.0, 0.0]], [[np.nan, 0.0], [1.0, 1.0]]],
        "max_iter": count(1), "seed": SEED}, "KMeans"),
    "clustering.KMeans.fit": Case(method(lambda: dlref.clustering.KMeans(2, seed=0), "fit", X=X()), {
        "X": arrays((6, 2)) + [X(1)]}, "KMeans.fit()"),
    "clustering.KMeans.predict": Case(method(lambda: dlref.clustering.KMeans(2, seed=0).fit(X()), "predict", X=X(3)), {
        "X": arrays((3, 2))}, "KMeans.predict()"),
    "scratch.init_params": Case(kw(scratch.init_params, in_features=2, hidden=3), {
        "in_features": count(1), "hidden": count(1)}, "scratch.init_params()"),
    "scratch.forward": Case(lambda **bad: scratch.forward(**{"params": scratch.init_params(2, 3), "X": X(4), **bad}), {
        "params": [None, {}, {"W1": np.ones((3, 2))}], "X": arrays((4, 2))}, "scratch.forward()"),
    "scratch.bce_loss": Case(kw(scratch.bce_loss, y_hat=np.array([0.5, 0.9]), y=np.array([1.0, 0.0])), {
        "y_hat": [np.array([0.0, 1.0]), np.array([1.5, 0.5]), None, "ab", np.array([np.nan, 0.5])],
        "y": [np.ones(3), None, ["a", "b"]]}, "scratch.bce_loss()"),
    "scratch.backward": Case(lambda **bad: scratch.backward(**{"params": scratch.init_params(2, 3),
                                                               "cache": scratch.forward(scratch.init_params(2, 3), X(4))[1],
                                                               "y": y(4), **bad}), {
        "params": [None, {}], "cache": [None, {}, [1]], "y": [y(3), None, ["a"] * 4, [np.nan] * 4]}, "scratch.backward()"),
    "scratch.update": Case(lambda **bad: scratch.update(**{"params": {"b2": np.ones((1, 1))}, "grads": {"b2": np.ones((1, 1))},
                                                           "lr": 0.1, **bad}), {
        "lr": number(0.0, -1.0), "grads": [None, {}, {"b2": np.ones(3)}]}, "scratch.update()"),
    "scratch.sigmoid": Case(kw(scratch.sigmoid, Z=np.zeros(2)), {"Z": [None, "a", [1j]]}, "scratch.sigmoid()"),
    "scratch.sigmoid_prime": Case(kw(scratch.sigmoid_prime, Z=np.zeros(2)), {"Z": [None, "a"]}, "scratch.sigmoid_prime()"),
    # ---------------------------------------------------------- finite differences
    "finite_differences.numerical_gradient": Case(
        lambda **bad: dlref.finite_differences.numerical_gradient(**{"f": lambda: 1.0, "x": tensor([1.0], dtype="float64"),
                                                                     **bad}),
        {"f": NOT_FUNCTION, "x": [[1.0], tensor([1.0]), None], "eps": number(0.0, -1e-6)}, "numerical_gradient()"),
    "finite_differences.gradcheck": Case(
        lambda **bad: dlref.gradcheck(**{"fn": lambda x: x.sum(), "inputs": [tensor([1.0], requires_grad=True, dtype="float64")],
                                         **bad}),
        {"fn": NOT_FUNCTION, "inputs": [None, [], [tensor([1.0], requires_grad=True)], [[1.0]], [tensor([1.0], dtype="float64")]],
         "eps": number(0.0), "atol": number(-1.0), "rtol": number(-1.0)}, "gradcheck()"),
    # ---------------------------------------------------------- experiments (bad arguments fail before any work)
    "experiments.universal_approximation": Case(kw(experiments.universal_approximation), {
        "widths": [(), (0, 2), (4, 2), (1.5,), "12", None], "steps": count(1), "lr": number(0.0),
        "n_points": count(2), "fn": [3, "sin", lambda x: x[:3], lambda x: np.full_like(x, np.nan)], "seed": SEED},
        "universal_approximation()"),
    "experiments.nonconvex_minima": Case(kw(experiments.nonconvex_minima), {
        "n_starts": count(1), "steps": count(1), "lr": number(0.0), "seed": SEED}, "nonconvex_minima()"),
    "experiments.optimizer_paths": Case(kw(experiments.optimizer_paths), {
        "names": [(), ("GD", "Newton"), "GD", None, (3,)], "steps": count(1), "batch_size": count(1) + [101],
        "seed": SEED}, "optimizer_paths()"),
    "experiments.random_labels": Case(kw(experiments.random_labels), {
        "n_train": count(10) + [1700], "hidden": count(1), "epochs": count(1), "lr": number(0.0), "seed": SEED},
        "random_labels()"),
    "experiments.regularizers_compared": Case(kw(experiments.regularizers_compared, hidden=4, epochs=2), {
        "n_train": count(2), "noise": number(0.0, -0.5), "hidden": count(1), "epochs": count(1),
        "lr": number(0.0), "weight_decay": number(0.0), "p": number(0.0, 1.0, 1.5), "patience": count(1),
        "n_test": count(1), "seed": SEED}, "regularizers_compared()"),
    "experiments.bias_variance": Case(kw(experiments.bias_variance), {
        "degrees": [(1, 15), (), (2, 1), "1"], "n_train": count(2), "n_sets": count(2), "noise": number(-0.1),
        "seed": SEED}, "bias_variance()"),
    "experiments.double_descent": Case(kw(experiments.double_descent), {
        "n_features": [(0, 10), (), (5, 2), "12"], "n_train": count(2), "dim": count(1), "noise": number(-0.1),
        "n_repeats": count(1), "n_test": count(1), "seed": SEED}, "double_descent()"),
    "experiments.loss_landscape": Case(kw(experiments.loss_landscape), {
        "model": [layers.Linear(1, 1)], "span": number(0.0), "resolution": count(3) + [4], "seed": SEED},
        "loss_landscape()"),
    "experiments.top_hessian_eigenvalue": Case(lambda **bad: experiments.top_hessian_eigenvalue(**{
        "model": layers.Linear(1, 1), "loss_fn": losses.mse_loss, "data": (np.zeros((2, 1)), np.zeros((2, 1))), **bad}), {
        "model": NOT_MODULE, "loss_fn": NOT_FUNCTION, "data": [None, np.zeros((2, 1)), (np.full((2, 1), np.nan), np.zeros((2, 1)))],
        "iters": count(1), "r": number(0.0), "seed": SEED}, "top_hessian_eigenvalue()"),
    "experiments.filter_normalized_direction": Case(lambda **bad: experiments.filter_normalized_direction(
        **{"model": layers.Linear(2, 1), **bad}), {"model": NOT_MODULE, "seed": SEED}, "filter_normalized_direction()"),
    "experiments.flat_vs_sharp": Case(kw(experiments.flat_vs_sharp), {
        "batch_sizes": [(10,), (500, 10), (10, 600), "a"], "steps": count(1), "lr": number(0.0),
        "n_train": count(10) + [2000], "hidden": count(1), "seed": SEED}, "flat_vs_sharp()"),
    "experiments.discriminative_vs_generative": Case(kw(experiments.discriminative_vs_generative), {
        "n_train": count(10), "n_test": count(1), "epochs": count(1), "lr": number(0.0), "resolution": count(2),
        "seed": SEED}, "discriminative_vs_generative()"),
    "experiments.fgsm": Case(lambda **bad: experiments.fgsm(**{"model": layers.Linear(2, 2), "X": np.zeros((1, 2)),
                                                               "y": np.array([0]), "eps": 0.1, **bad}), {
        "model": NOT_MODULE, "X": arrays((1, 2), ranks=False), "y": [np.array([5]), ["a"], None], "eps": number(-0.1),
        "loss_fn": NOT_FUNCTION}, "fgsm()"),
    "experiments.adversarial_example": Case(kw(experiments.adversarial_example), {
        "n_images": count(1) + [101], "eps_grid": [(0.2, 0.1), (-0.1, 0.1), (), "a", [[0.1]]], "hidden": count(1),
        "epochs": count(1), "seed": SEED}, "adversarial_example()"),
    "experiments.translation_equivariance": Case(kw(experiments.translation_equivariance), {
        "shift": [(1.5, 0), 3, (1,), "ab", None], "kernel_size": count(1), "out_channels": count(1), "seed": SEED},
        "translation_equivariance()"),
    "experiments.grid_navigation": Case(kw(experiments.grid_navigation), {
        "maze": [["S.", "..G"], "S.G", ["S.x", "..G"], ["S.S", "..G"], ["S#G"], None, []], "episodes": count(1),
        "alpha": number(0.0, 1.5), "gamma": number(0.0, 1.5), "epsilon": number(-0.1, 1.5), "max_steps": count(1),
        "seed": SEED}, "grid_navigation()"),
    "experiments.gradient_through_time": Case(kw(experiments.gradient_through_time, length=3, hidden_size=2), {
        "length": count(2), "hidden_size": count(1), "keep_bias": NOT_NUMBER, "seed": SEED}, "gradient_through_time()"),
    "experiments.initialization_depth": Case(kw(experiments.initialization_depth, depth=2, width=2, epochs=1), {
        "depth": count(1), "width": count(1), "epochs": count(1), "lr": number(0.0), "seed": SEED},
        "initialization_depth()"),
    "experiments.long_range_memory": Case(kw(experiments.long_range_memory, length=3, hidden_size=2, n_train=4, epochs=1), {
        "length": count(2), "n_symbols": count(2), "hidden_size": count(1), "n_train": count(1), "epochs": count(1),
        "keep_bias": NOT_NUMBER, "seed": SEED}, "long_range_memory()"),
    "experiments.plot": Case(kw(experiments.plot, result={"experiment": "nothing"}), {
        "result": [{"experiment": "nothing"}, [1, 2], None, {}, "mae_rmse_table"]}, "plot()"),
    # a bad solution is a failed Result, not an error (tests/test_exercises.py); a bad ID is an error
    "exercises.check": Case(kw(exercises.check, exercise_id="backprop/sigmoid-backward", solution=lambda z, g: z), {
        "exercise_id": [None, 3, "", "backprop", "backprop/nope", "nope/sigmoid-backward", "a/b/c",
                        ["backprop/sigmoid-backward"]]}, "check()"),
}

EXEMPT = {
    # nothing to check: no argument, or arguments that cannot be wrong
    **{f"autograd.Tensor.{name}": "no argument" for name in ("numpy", "detach", "exp", "log", "abs")},
    "autograd.no_grad": "no argument", "autograd.is_grad_enabled": "no argument",
    "backend.name": "no argument", "backend.device": "no argument", "backend.default_dtype": "no argument",
    "backend.rng": "no argument", "data.load_digits": "no argument", "experiments.mae_rmse_table": "no argument",
    "layers.Module": "no argument", "layers.Flatten": "no argument", "layers.Sigmoid": "no argument",
    "layers.Tanh": "no argument", "layers.ReLU": "no argument", "models.GaussianClassifier": "no argument",
    "callbacks.Callback": "no argument",
    "exercises.Result": "made by check(), not by a reader", "exercises.Result.report": "no argument",
    "exercises.ExerciseFailed": "an exception: any message",
    **{f"layers.Module.{name}": "no argument" for name in ("named_parameters", "parameters", "zero_grad", "eval",
                                                           "state_dict")},
    "layers.Module.forward": "the base class's forward: it only says that a subclass must define it",
    **{f"optimizers.Optimizer.{name}": "no argument" for name in ("zero_grad", "step")},
    "backend.to_numpy": "converts anything numpy can hold; it never refuses",
    "backend.index_add": "autograd's scatter-add, called only with the arrays of a backward pass",
    "backend.isdtype": "called by the checks themselves with dtypes of arrays dlref made",
    "backend.asarray": "the backend's conversion, on every operation's path: tensor() and the checks check first",
    "autograd.Tensor.add_grad": "called by backward closures with the arrays they computed",
    "finite_differences.GradcheckError": "an exception class",
    **{f"callbacks.Callback.{name}": "does nothing; fit calls it" for name in ("on_epoch_end", "on_train_end")},
    "regularizers.EarlyStopping.on_train_end": "fit calls it with the model it trains",
    "schedules.LRScheduler.step": "no argument",
    "schedules.LRScheduler.on_epoch_end": "steps the schedule; fit calls it",
    **{f"schedules.{name}.lr_at": "a hook a schedule writes; step() calls it with the epoch count"
       for name in ("LRScheduler", "StepLR", "ExponentialLR", "CosineAnnealingLR")},
    **{f"checks.{name}": "the checks themselves: tests/test_checks.py" for name in dlref.checks.__all__},
}


# --------------------------------------------------------------- the public API
def public_callables() -> list:
    """`module.name` for every public function and class, and `module.Class.method` for their methods."""
    names = []
    for module_name in dlref.SUBMODULES:
        module = importlib.import_module(f"dlref.{module_name}")
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isclass(obj):
                names.append(f"{module_name}.{name}")
                names += [f"{module_name}.{name}.{attr}" for attr, value in vars(obj).items()
                          if not attr.startswith("_") and callable(value)]
            elif callable(obj) and not inspect.ismodule(obj):
                names.append(f"{module_name}.{name}")
    return names


# --------------------------------------------------------------- outcomes
def outcome(case: Case, argument: str, value) -> tuple[str, str]:
    """`("clear" | "unclear" | "silent" | "n/a", message)` for one bad value ("n/a": an argument this version lacks)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            case.call(**{argument: value})
    except (ValueError, TypeError) as e:
        message = str(e)
        if "unexpected keyword argument" in message or "required positional argument" in message:
            return "n/a", message
        names = case.who and message.startswith(case.who) or re.search(rf"\b{re.escape(argument)}\b", message)
        return ("clear" if names else "unclear"), f"{type(e).__name__}: {message}"
    except Exception as e:  # noqa: BLE001 (the point is to see every kind)
        return "unclear", f"{type(e).__name__}: {e}"
    finally:
        dlref.use("numpy")
        dlref.set_default_dtype("float32")
    return "silent", "no error"


def main() -> None:
    public = public_callables()
    tally = {"clear": 0, "unclear": 0, "silent": 0, "n/a": 0}
    worst = []
    for name, case in CASES.items():
        for argument, values in case.bad.items():
            for value in values:
                kind, message = outcome(case, argument, value)
                tally[kind] += 1
                if kind not in ("clear", "n/a"):
                    worst.append(f"  {kind:8} {name}({argument}={value!r:.40}): {message[:110]}")
    tried = sum(tally.values()) - tally["n/a"]
    covered = len(set(public) & (set(CASES) | set(EXEMPT)))
    print(f"public callables: {len(public)} ({len(set(public) & set(CASES))} with bad inputs, "
          f"{len(set(public) & set(EXEMPT))} with nothing to check; {covered} covered); "
          f"operators and methods tried besides: {len(set(CASES) - set(public))}")
    print(f"bad inputs tried: {tried}" + (f" ({tally['n/a']} more for arguments this version lacks)"
                                          if tally["n/a"] else ""))
    print(f"  clear error (ValueError/TypeError naming the callable or the argument): {tally['clear']}"
          f" ({tally['clear'] / tried:.0%})")
    print(f"  another error (internal, or naming neither): {tally['unclear']} ({tally['unclear'] / tried:.0%})")
    print(f"  no error at all (a silent result): {tally['silent']} ({tally['silent'] / tried:.0%})")
    print("\n".join(worst))


if __name__ == "__main__":
    main()
