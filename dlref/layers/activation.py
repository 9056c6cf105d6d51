r"""The activation functions of [`dlref.activations`][dlref.activations] as layers, and the one registry of them by name.

A network written as a [`Sequential`][dlref.layers.Sequential] needs its
non-linearities as modules: `Sequential(Linear(2, 8), ReLU(), Linear(8, 1))`.
Each layer calls its function, which checks the input (a floating Tensor).
[`ACTIVATIONS`][dlref.layers.activation.ACTIVATIONS] maps a name to its layer,
for every model that takes an activation by name
([`mlp`][dlref.models.mlp], [`Neuron`][dlref.neuron.Neuron], ...).

Examples:
    >>> from dlref import tensor
    >>> activation("relu", "mlp()")(tensor([-1.0, 2.0])).numpy()
    array([0., 2.], dtype=float32)
"""

from __future__ import annotations

from dlref import activations, checks
from dlref.autograd import Tensor
from dlref.layers.module import Module

__all__ = ["Sigmoid", "Tanh", "ReLU", "LeakyReLU", "Softmax", "ACTIVATIONS", "activation"]


class Sigmoid(Module):
    r"""The [`sigmoid`][dlref.activations.sigmoid] activation as a layer, $a = 1/(1 + e^{-z})$.

    Examples:
        >>> from dlref import tensor
        >>> Sigmoid()(tensor([0.0])).numpy()
        array([0.5], dtype=float32)
    """

    def forward(self, Z: Tensor) -> Tensor:
        """Elementwise sigmoid."""
        return activations.sigmoid(Z)


class Tanh(Module):
    r"""The [`tanh`][dlref.activations.tanh] activation as a layer.

    Examples:
        >>> from dlref import tensor
        >>> Tanh()(tensor([0.0, 1.0])).numpy().round(3)
        array([0.   , 0.762], dtype=float32)
    """

    def forward(self, Z: Tensor) -> Tensor:
        """Elementwise tanh."""
        return activations.tanh(Z)


class ReLU(Module):
    r"""The [`relu`][dlref.activations.relu] activation as a layer, $a = \max(0, z)$.

    Examples:
        >>> from dlref import tensor
        >>> ReLU()(tensor([-1.0, 2.0])).numpy()
        array([0., 2.], dtype=float32)
    """

    def forward(self, Z: Tensor) -> Tensor:
        """Elementwise ReLU."""
        return activations.relu(Z)


class LeakyReLU(Module):
    r"""The [`leaky_relu`][dlref.activations.leaky_relu] activation as a layer: slope $\alpha$ below 0.

    Args:
        negative_slope: $\alpha \ge 0$.

    Examples:
        >>> from dlref import tensor
        >>> LeakyReLU(0.1)(tensor([-1.0, 2.0])).numpy()
        array([-0.1,  2. ], dtype=float32)
    """

    def __init__(self, negative_slope: float = 0.01):
        super().__init__()
        self.negative_slope = checks.number("LeakyReLU", "negative_slope (α)", negative_slope, low=0)

    def forward(self, Z: Tensor) -> Tensor:
        """Elementwise leaky ReLU."""
        return activations.leaky_relu(Z, self.negative_slope)

    def __repr__(self) -> str:
        return f"LeakyReLU(negative_slope={self.negative_slope})"


class Softmax(Module):
    r"""The [`softmax`][dlref.activations.softmax] as a layer: scores to probabilities along `axis`.

    Args:
        axis: the axis whose entries sum to 1 (the classes; the last by default).

    Examples:
        >>> from dlref import tensor
        >>> Softmax()(tensor([[0.0, 0.0]])).numpy()
        array([[0.5, 0.5]], dtype=float32)
    """

    def __init__(self, axis: int = -1):
        super().__init__()
        self.axis = checks.integer("Softmax", "axis", axis)

    def forward(self, Z: Tensor) -> Tensor:
        """Softmax along `axis`."""
        return activations.softmax(Z, axis=self.axis)

    def __repr__(self) -> str:
        return f"Softmax(axis={self.axis})"


ACTIVATIONS = {"sigmoid": Sigmoid, "tanh": Tanh, "relu": ReLU, "leaky_relu": LeakyReLU, "softmax": Softmax}
"""Every activation layer by name: the one list of the names a model accepts."""


def activation(name: str, who: str, argument: str = "activation") -> Module:
    """A new activation layer from its name in [`ACTIVATIONS`][dlref.layers.activation.ACTIVATIONS].

    Args:
        name: e.g. `"relu"`.
        who: the caller, named by the error for an unknown name.
        argument: the caller's argument that gave the name, for the error.

    Examples:
        >>> activation("tanh", "mlp()")
        Tanh()
        >>> activation("gelu", "mlp()")
        Traceback (most recent call last):
        ValueError: mlp(): expected activation to be one of 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'softmax', got 'gelu'
    """
    return ACTIVATIONS[checks.one_of(who, argument, name, ACTIVATIONS)]()
