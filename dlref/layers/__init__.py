r"""Layers: [`Module`][dlref.layers.Module], its [`Parameter`][dlref.layers.Parameter]s, and the layers of the notes.

A layer is a function with trainable parameters $\theta$. The notes' fully
connected layer is

$$Z^{[l]} = W^{[l]} a^{[l-1]} + b^{[l]}, \qquad a^{[l]} = \sigma(Z^{[l]}),$$

and a network is layers applied one after the other (forward propagation).
A `Module` holds its parameters as attributes (and other modules, which hold
theirs), finds them all for the optimizer with `parameters()`, and computes
its output in `forward`. Layers only compose operations and check shapes;
autograd differentiates them (the fused operations they call are in
[`dlref.functional`][dlref.functional]).

Initial weights are drawn as PyTorch draws them ([`dlref.init`][dlref.init]),
from the one numpy generator of [`dlref.backend.rng`][dlref.backend.rng], then
moved to the backend: one seed gives the same network on every backend.

Examples:
    The 3-4-2 network of the notes, $x \in \mathbb{R}^3$, $h \in \mathbb{R}^4$, $y \in \mathbb{R}^2$:

    >>> from dlref import manual_seed, tensor
    >>> manual_seed(0)
    >>> net = Sequential(Linear(3, 4), Sigmoid(), Linear(4, 2))
    >>> [(name, p.shape) for name, p in net.named_parameters()]
    [('0.weight', (4, 3)), ('0.bias', (4,)), ('2.weight', (2, 4)), ('2.bias', (2,))]
    >>> net(tensor([[1.0, 2.0, 3.0]])).shape
    (1, 2)
"""

from dlref.layers.activation import (
    ACTIVATIONS,
    LeakyReLU,
    ReLU,
    Sigmoid,
    Softmax,
    Tanh,
    activation,
)
from dlref.layers.conv import Conv2d, MaxPool2d
from dlref.layers.dropout import Dropout
from dlref.layers.embedding import Embedding
from dlref.layers.linear import Flatten, Linear
from dlref.layers.module import Module, ModuleList, Parameter, Sequential
from dlref.layers.normalization import BatchNorm1d, BatchNorm2d
from dlref.layers.rnn import GRU, LSTM, RNN

__all__ = [
    "Parameter",
    "Module",
    "ModuleList",
    "Sequential",
    "Linear",
    "Flatten",
    "Sigmoid",
    "Tanh",
    "ReLU",
    "LeakyReLU",
    "Softmax",
    "ACTIVATIONS",
    "activation",
    "Conv2d",
    "MaxPool2d",
    "RNN",
    "LSTM",
    "GRU",
    "Embedding",
    "Dropout",
    "BatchNorm1d",
    "BatchNorm2d",
]
