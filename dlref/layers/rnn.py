r"""Recurrent layers: [`RNN`][dlref.layers.RNN] (the notes' one hidden state carried along a sequence), [`LSTM`][dlref.layers.LSTM] and [`GRU`][dlref.layers.GRU] (gated, so that a state can last).

All three read a batch of sequences $(N, T, D)$, batch first, and return
every hidden state $(N, T, H)$ with the last one. Their weights stack the
parts of the layer (one for the RNN, four gates for the LSTM, three parts for
the GRU) as rows, in PyTorch's order and under PyTorch's names, and start
uniform in $[-1/\sqrt{H},\, 1/\sqrt{H}]$ as in PyTorch
([`init.uniform_`][dlref.init.uniform_]).

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

from dlref import checks, functional, init
from dlref.autograd import Tensor
from dlref.layers.module import Module, Parameter

__all__ = ["RNN", "LSTM", "GRU"]


class _Recurrent(Module):
    """What the recurrent layers share: sizes, weights of `parts` blocks of $H$ rows, input checks."""

    parts = 1  # blocks of H rows in the weights: 1 (RNN), 4 gates (LSTM), 3 parts (GRU)

    def __init__(self, input_size: int, hidden_size: int):
        super().__init__()
        who = type(self).__name__
        self.input_size = checks.integer(who, "input_size", input_size, low=1)
        self.hidden_size = checks.integer(who, "hidden_size", hidden_size, low=1)
        rows, bound = self.parts * hidden_size, 1 / math.sqrt(hidden_size)
        self.weight_ih = init.uniform_(Parameter.empty((rows, input_size)), -bound, bound)
        self.weight_hh = init.uniform_(Parameter.empty((rows, hidden_size)), -bound, bound)
        self.bias_ih = init.uniform_(Parameter.empty((rows,)), -bound, bound)
        self.bias_hh = init.uniform_(Parameter.empty((rows,)), -bound, bound)

    def _check_sequences(self, X: Tensor, *states: tuple) -> None:
        """X must be $(N, T, D)$ and each `(name, state)` exactly $(N, H)$: nothing is broadcast."""
        self._check_input(X, ("N", "T", self.input_size))
        for name, state in states:
            self._check_input(state, (X.shape[0], self.hidden_size), what=name)

    def _hint(self, X: Tensor) -> str:
        if X.ndim == 2 and self.input_size == 1:
            return "add the feature axis: reshape to (N, T, 1)?"
        return ""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.input_size} -> {self.hidden_size})"


class RNN(_Recurrent):
    r"""Simple recurrent layer over sequences, batch first (as PyTorch's `RNN(batch_first=True)`).

    $$h_t = \sigma(W_{ih}\, x_t + b_{ih} + W_{hh}\, h_{t-1} + b_{hh}), \quad t = 1 \dots T,$$

    with $\sigma = \tanh$ (or ReLU). The outputs are all the $h_t$, so the
    same layer serves many-to-many models (use every $h_t$) and many-to-one
    models (use $h_T$). See [`functional.rnn`][dlref.functional.rnn] for
    backpropagation through time. All parameters start uniform in
    $[-1/\sqrt{H},\, 1/\sqrt{H}]$, as in PyTorch ([`init.uniform_`][dlref.init.uniform_]).

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
        self.nonlinearity = checks.one_of("RNN", "nonlinearity", nonlinearity,
                                          functional.RNN_NONLINEARITIES)
        super().__init__(input_size, hidden_size)

    def forward(self, X: Tensor, h0: Tensor | None = None) -> tuple:
        """Run over the sequences; returns `(outputs, h_T)`."""
        self._check_sequences(X, *(() if h0 is None else (("h0", h0),)))
        return functional.rnn(X, h0, self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh,
                              self.nonlinearity)

    def __repr__(self) -> str:
        extra = "" if self.nonlinearity == "tanh" else f", nonlinearity={self.nonlinearity!r}"
        return f"RNN({self.input_size} -> {self.hidden_size}{extra})"


class LSTM(_Recurrent):
    r"""Long short-term memory over sequences, batch first (as PyTorch's `LSTM(batch_first=True)`).

    A cell $c_t$ runs beside the hidden state; gates decide what to forget,
    what to write and what to show:

    $$c_t = f_t \odot c_{t-1} + i_t \odot g_t, \qquad h_t = o_t \odot \tanh(c_t),$$

    with the input, forget and output gates $i_t, f_t, o_t \in (0, 1)$ and
    the candidate $g_t \in (-1, 1)$ computed from $x_t$ and $h_{t-1}$ (see
    [`functional.lstm`][dlref.functional.lstm] for all the equations and the
    backward pass). Where $f_t \approx 1$, the cell and its gradient are
    carried over many steps. All parameters start uniform in
    $[-1/\sqrt{H},\, 1/\sqrt{H}]$, as in PyTorch ([`init.uniform_`][dlref.init.uniform_]),
    so the forget gate starts near $\sigma(0) = 1/2$; raising its bias
    (`bias_ih[H:2*H]`) makes the cell start by remembering.

    Args:
        input_size: $D$, the length of each $x_t$.
        hidden_size: $H$, the length of each $h_t$ and $c_t$.

    Attributes:
        weight_ih: the four input weights stacked in the order $(i, f, g, o)$, shape $(4H, D)$.
        weight_hh: the four hidden weights, shape $(4H, H)$.
        bias_ih: shape $(4H,)$.
        bias_hh: shape $(4H,)$.

    Shape:
        - Input: $X$ of shape $(N, T, D)$, and optionally `state = (h0, c0)`, each
          exactly $(N, H)$ (zeros if omitted).
        - Output: `(outputs, (h_T, c_T))`: $(N, T, H)$, and $(N, H)$ each.

    Examples:
        >>> from dlref import manual_seed, tensor
        >>> import numpy as np
        >>> manual_seed(0)
        >>> lstm = LSTM(3, 5)
        >>> outputs, (h, c) = lstm(tensor(np.ones((2, 7, 3)), dtype="float32"))
        >>> lstm, outputs.shape, h.shape, c.shape
        (LSTM(3 -> 5), (2, 7, 5), (2, 5), (2, 5))
        >>> [name for name, p in lstm.named_parameters()]
        ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh']
    """

    parts = 4

    def forward(self, X: Tensor, state: tuple | None = None) -> tuple:
        """Run over the sequences; returns `(outputs, (h_T, c_T))`."""
        if state is not None and not (isinstance(state, (tuple, list)) and len(state) == 2):
            got = (f"a {type(state).__name__} of length {len(state)}"
                   if isinstance(state, (tuple, list)) else type(state).__name__)
            checks.fail(repr(self), "state", "a pair (h0, c0) of Tensors of shape (N, H)", got)
        self._check_sequences(X, *(() if state is None else zip(("h0", "c0"), state)))
        return functional.lstm(X, state, self.weight_ih, self.weight_hh, self.bias_ih,
                               self.bias_hh)


class GRU(_Recurrent):
    r"""Gated recurrent unit over sequences, batch first (as PyTorch's `GRU(batch_first=True)`).

    An update gate $z_t$ mixes the old state with a new candidate $n_t$,

    $$h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1},$$

    and a reset gate $r_t$ decides how much of $h_{t-1}$ the candidate sees
    (see [`functional.gru`][dlref.functional.gru] for all the equations and
    the backward pass). Where $z_t \approx 1$ the state, and its gradient,
    pass through unchanged. All parameters start uniform in
    $[-1/\sqrt{H},\, 1/\sqrt{H}]$, as in PyTorch ([`init.uniform_`][dlref.init.uniform_]).

    Args:
        input_size: $D$, the length of each $x_t$.
        hidden_size: $H$, the length of each $h_t$.

    Attributes:
        weight_ih: the three input weights stacked in the order $(r, z, n)$, shape $(3H, D)$.
        weight_hh: the three hidden weights, shape $(3H, H)$.
        bias_ih: shape $(3H,)$.
        bias_hh: shape $(3H,)$.

    Shape:
        - Input: $X$ of shape $(N, T, D)$, and optionally $h_0$, exactly $(N, H)$ (zeros if omitted).
        - Output: `(outputs, h_T)`: $(N, T, H)$ and $(N, H)$.

    Examples:
        >>> from dlref import manual_seed, tensor
        >>> import numpy as np
        >>> manual_seed(0)
        >>> gru = GRU(3, 5)
        >>> outputs, h = gru(tensor(np.ones((2, 7, 3)), dtype="float32"))
        >>> gru, outputs.shape, h.shape, gru.weight_hh.shape
        (GRU(3 -> 5), (2, 7, 5), (2, 5), (15, 5))
    """

    parts = 3

    def forward(self, X: Tensor, h0: Tensor | None = None) -> tuple:
        """Run over the sequences; returns `(outputs, h_T)`."""
        self._check_sequences(X, *(() if h0 is None else (("h0", h0),)))
        return functional.gru(X, h0, self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh)
