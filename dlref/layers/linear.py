r"""The fully connected layer of the notes, $Z = W a + b$, and [`Flatten`][dlref.layers.Flatten], which feeds it images.

Examples:
    The 3-4-2 network of the notes, $x \in \mathbb{R}^3$, $h \in \mathbb{R}^4$, $y \in \mathbb{R}^2$:

    >>> from dlref import manual_seed, tensor
    >>> from dlref.layers import Sequential, Sigmoid
    >>> manual_seed(0)
    >>> net = Sequential(Linear(3, 4), Sigmoid(), Linear(4, 2))
    >>> [(name, p.shape) for name, p in net.named_parameters()]
    [('0.weight', (4, 3)), ('0.bias', (4,)), ('2.weight', (2, 4)), ('2.bias', (2,))]
    >>> net(tensor([[1.0, 2.0, 3.0]])).shape
    (1, 2)
"""

from __future__ import annotations

import math

from dlref import checks, functional, init
from dlref.autograd import Tensor
from dlref.layers.module import Module, Parameter

__all__ = ["Linear", "Flatten"]


class Linear(Module):
    r"""Fully connected layer: $Z = W a + b$ for each input $a$.

    For a batch whose rows are the inputs this is $Z = X W^\top + b$
    ([`functional.linear`][dlref.functional.linear]). As in PyTorch, $W$ and
    $b$ start uniform in $[-1/\sqrt{n_{in}},\, 1/\sqrt{n_{in}}]$
    ([`init.uniform_`][dlref.init.uniform_]; PyTorch's
    `kaiming_uniform_(W, a=√5)` has this bound), which keeps the scale of $Z$
    independent of the number of inputs.

    Args:
        in_features: $n_{in}$, the length of an input.
        out_features: $n_{out}$, the number of units.
        bias: whether to add $b$.

    Attributes:
        weight: $W$, shape $(n_{out}, n_{in})$.
        bias: $b$, shape $(n_{out},)$, or None.

    Shape:
        - Input: $(N, n_{in})$.
        - Output: $(N, n_{out})$.

    Examples:
        >>> from dlref import manual_seed, tensor
        >>> manual_seed(0)
        >>> layer = Linear(3, 2)
        >>> layer
        Linear(3 -> 2)
        >>> layer(tensor([[1.0, 2.0, 3.0]])).numpy().round(3)
        array([[-1.84,  1.86]], dtype=float32)
    """

    def __init__(self, in_features: int, out_features: int, bias: bool = True):
        super().__init__()
        checks.integer("Linear", "in_features", in_features, low=1)
        checks.integer("Linear", "out_features", out_features, low=1)
        checks.boolean("Linear", "bias", bias)
        self.in_features, self.out_features = in_features, out_features
        bound = 1 / math.sqrt(in_features)
        self.weight = init.uniform_(Parameter.empty((out_features, in_features)), -bound, bound)
        self.bias = init.uniform_(Parameter.empty((out_features,)), -bound, bound) if bias else None

    def forward(self, X: Tensor) -> Tensor:
        r"""$Z = X W^\top + b$."""
        self._check_input(X, ("N", self.in_features))
        return functional.linear(X, self.weight, self.bias)

    def _hint(self, X: Tensor) -> str:
        if X.ndim > 2 and math.prod(X.shape[1:]) == self.in_features:
            return f"flatten it first (Flatten()) to (N, {self.in_features})"
        return ""

    def __repr__(self) -> str:
        extra = "" if self.bias is not None else ", bias=False"
        return f"Linear({self.in_features} -> {self.out_features}{extra})"


class Flatten(Module):
    r"""Flatten each example into a vector: $(N, d_1, d_2, \dots) \to (N, d_1 d_2 \cdots)$.

    Placed between convolutional and fully connected layers.

    Examples:
        >>> from dlref import tensor
        >>> Flatten()(tensor([[[1.0, 2.0], [3.0, 4.0]]])).numpy()
        array([[1., 2., 3., 4.]], dtype=float32)
    """

    def forward(self, X: Tensor) -> Tensor:
        """Reshape to $(N, -1)$."""
        self._check_input(X)
        if X.ndim < 1:
            checks.fail(repr(self), "input", "of shape (N, ...)", f"shape {X.shape}")
        return X.reshape(X.shape[0], -1)
