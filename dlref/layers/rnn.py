r"""The recurrent layer of the notes: [`RNN`][dlref.layers.RNN], one hidden state carried along a sequence.

Examples:
    >>> from dlref import manual_seed, tensor
    >>> import numpy as np
    >>> manual_seed(0)
    >>> outputs, h_T = RNN(2, 4)(tensor(np.ones((3, 5, 2)), dtype="float32"))
    >>> outputs.shape, h_T.shape
    ((3, 5, 4), (3, 4))
"""

from __future__ import annotations

import math

from dlref import checks, functional
from dlref.autograd import Tensor
from dlref.layers.module import Module, Parameter

__all__ = ["RNN"]


class RNN(Module):
    r"""Simple recurrent layer over sequences, batch first (as PyTorch's `RNN(batch_first=True)`).

    $$h_t = \sigma(W_{ih}\, x_t + b_{ih} + W_{hh}\, h_{t-1} + b_{hh}), \quad t = 1 \dots T,$$

    with $\sigma = \tanh$ (or ReLU). The outputs are all the $h_t$, so the
    same layer serves many-to-many models (use every $h_t$) and many-to-one
    models (use $h_T$). See [`functional.rnn`][dlref.functional.rnn] for
    backpropagation through time. All parameters start uniform in
    $[-1/\sqrt{H},\, 1/\sqrt{H}]$, as in PyTorch.

    Args:
        input_size: $D$, the length of each $x_t$.
        hidden_size: $H$, the length of each $h_t$.
        nonlinearity: `"tanh"` (default) or `"relu"`.

    Attributes:
        weight_ih: $W_{ih}$, shape $(H, D)$.
        weight_hh: $W_{hh}$, shape $(H, H)$.
        bias_ih: $b_{ih}$, shape $(H,)$.
        bias_hh: $b_{hh}$, shape $(H,)$.

    Shape:
        - Input: $X$ of shape $(N, T, D)$, and optionally $h_0$ of shape $(N, H)$ (zeros if omitted).
        - Output: `(outputs, h_T)`: $(N, T, H)$ and $(N, H)$.

    Examples:
        >>> from dlref import manual_seed, tensor
        >>> import numpy as np
        >>> manual_seed(0)
        >>> rnn = RNN(3, 5)
        >>> outputs, h = rnn(tensor(np.ones((2, 7, 3)), dtype="float32"))
        >>> rnn, outputs.shape, h.shape
        (RNN(3 -> 5), (2, 7, 5), (2, 5))
    """

    def __init__(self, input_size: int, hidden_size: int, nonlinearity: str = "tanh"):
        super().__init__()
        self.input_size = checks.integer("RNN", "input_size", input_size, low=1)
        self.hidden_size = checks.integer("RNN", "hidden_size", hidden_size, low=1)
        self.nonlinearity = checks.one_of("RNN", "nonlinearity", nonlinearity,
                                          functional.RNN_NONLINEARITIES)
        bound = 1 / math.sqrt(hidden_size)
        self.weight_ih = Parameter.uniform((hidden_size, input_size), bound)
        self.weight_hh = Parameter.uniform((hidden_size, hidden_size), bound)
        self.bias_ih = Parameter.uniform((hidden_size,), bound)
        self.bias_hh = Parameter.uniform((hidden_size,), bound)

    def forward(self, X: Tensor, h0: Tensor | None = None) -> tuple:
        """Run over the sequences; returns `(outputs, h_T)`."""
        self._check_input(X, ("N", "T", self.input_size))
        if h0 is not None:
            self._check_input(h0, (X.shape[0], self.hidden_size), what="h0")
        return functional.rnn(X, h0, self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh,
                              self.nonlinearity)

    def _hint(self, X: Tensor) -> str:
        if X.ndim == 2 and self.input_size == 1:
            return "add the feature axis: reshape to (N, T, 1)?"
        return ""

    def __repr__(self) -> str:
        extra = "" if self.nonlinearity == "tanh" else f", nonlinearity={self.nonlinearity!r}"
        return f"RNN({self.input_size} -> {self.hidden_size}{extra})"
