r"""Convolution and pooling layers: [`Conv2d`][dlref.layers.Conv2d] and [`MaxPool2d`][dlref.layers.MaxPool2d].

A convolutional layer sees a small window of the image at a time (locality)
and applies the same filters to every window (weight sharing); pooling
keeps the strongest response of each window. The fused operations and their
backward passes are [`functional.conv2d`][dlref.functional.conv2d] and
[`functional.max_pool2d`][dlref.functional.max_pool2d].

Examples:
    >>> from dlref import manual_seed, tensor
    >>> import numpy as np
    >>> manual_seed(0)
    >>> features = Conv2d(1, 4, 3, padding=1)
    >>> MaxPool2d(2)(features(tensor(np.ones((1, 1, 8, 8)), dtype="float32"))).shape
    (1, 4, 4, 4)
"""

from __future__ import annotations

import math

from dlref import checks, functional, init
from dlref.autograd import Tensor
from dlref.layers.module import Module, Parameter

__all__ = ["Conv2d", "MaxPool2d"]


def _show(pair: tuple) -> str:
    """`3` for (3, 3), `(3, 5)` otherwise: a kernel, stride or padding as a repr shows it."""
    return str(pair[0]) if pair[0] == pair[1] else str(pair)


class Conv2d(Module):
    r"""2-D convolutional layer: $F$ learned filters slid over the image.

    Each output pixel sees only a $k_h \times k_w$ window (locality), and every
    window is processed by the same filters (weight sharing), so shifting the
    input shifts the feature map (translation equivariance). See
    [`functional.conv2d`][dlref.functional.conv2d] for the formula and its
    backward pass. $W$ and $b$ start uniform in $[-1/\sqrt{n_{in}},\,
    1/\sqrt{n_{in}}]$ with the fan-in $n_{in} = C k_h k_w$
    ([`init.uniform_`][dlref.init.uniform_], the fan from
    [`init.fan_in_and_fan_out`][dlref.init.fan_in_and_fan_out]), as in PyTorch.

    Args:
        in_channels: $C$.
        out_channels: $F$, the number of filters.
        kernel_size: $k$, an int or a pair $(k_h, k_w)$.
        stride: $s$, an int or a pair.
        padding: zeros added on each side, an int or a pair.
        bias: whether to add a bias $b_f$ per filter.

    Attributes:
        weight: the filters, shape $(F, C, k_h, k_w)$.
        bias: shape $(F,)$, or None.

    Shape:
        - Input: $(N, C, H, W)$.
        - Output: $(N, F, H_{out}, W_{out})$, $H_{out} = \lfloor (H + 2p - k)/s \rfloor + 1$.

    Examples:
        >>> from dlref import manual_seed, tensor
        >>> import numpy as np
        >>> manual_seed(0)
        >>> conv = Conv2d(1, 8, 3, padding=1)
        >>> conv
        Conv2d(1 -> 8, k=3, padding=1)
        >>> conv(tensor(np.zeros((2, 1, 28, 28)), dtype="float32")).shape
        (2, 8, 28, 28)
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0,
                 bias: bool = True):
        super().__init__()
        self.in_channels = checks.integer("Conv2d", "in_channels", in_channels, low=1)
        self.out_channels = checks.integer("Conv2d", "out_channels", out_channels, low=1)
        self.kernel_size = checks.int_pair("Conv2d", "kernel_size", kernel_size, low=1)
        self.stride = checks.int_pair("Conv2d", "stride", stride, low=1)
        self.padding = checks.int_pair("Conv2d", "padding", padding, low=0)
        checks.boolean("Conv2d", "bias", bias)
        self.weight = Parameter.empty((out_channels, in_channels) + self.kernel_size)
        fan_in, _ = init.fan_in_and_fan_out(self.weight)  # C k_h k_w
        bound = 1 / math.sqrt(fan_in)
        init.uniform_(self.weight, -bound, bound)
        self.bias = init.uniform_(Parameter.empty((out_channels,)), -bound, bound) if bias else None

    def forward(self, X: Tensor) -> Tensor:
        """The convolution of every image with every filter, plus the bias."""
        self._check_input(X, ("N", self.in_channels, "H", "W"))
        return functional.conv2d(X, self.weight, self.bias, self.stride, self.padding)

    def _hint(self, X: Tensor) -> str:  # flat or channel-less images: suggest the reshape
        C = self.in_channels
        if X.ndim == 2 and X.shape[1] % C == 0:
            side = math.isqrt(X.shape[1] // C)
            if side * side == X.shape[1] // C:
                return f"reshape to (N, {C}, {side}, {side})?"
        if X.ndim == 3 and C == 1:
            return f"add the channel axis: reshape to (N, 1, {X.shape[1]}, {X.shape[2]})?"
        return ""

    def __repr__(self) -> str:
        text = f"Conv2d({self.in_channels} -> {self.out_channels}, k={_show(self.kernel_size)}"
        if self.stride != (1, 1):
            text += f", stride={_show(self.stride)}"
        if self.padding != (0, 0):
            text += f", padding={_show(self.padding)}"
        return text + ("" if self.bias is not None else ", bias=False") + ")"


class MaxPool2d(Module):
    r"""2-D max pooling: keep the largest value of each $k_h \times k_w$ window.

    Shrinks the feature maps and makes them insensitive to small shifts. See
    [`functional.max_pool2d`][dlref.functional.max_pool2d]. No parameters.

    Args:
        kernel_size: $k$, an int or a pair $(k_h, k_w)$.
        stride: $s$, an int or a pair; by default $k$ (non-overlapping windows).

    Shape:
        - Input: $(N, C, H, W)$.
        - Output: $(N, C, H_{out}, W_{out})$, $H_{out} = \lfloor (H - k)/s \rfloor + 1$.

    Examples:
        >>> from dlref import tensor
        >>> MaxPool2d(2)(tensor([[[[1.0, 2.0], [4.0, 3.0]]]])).numpy()
        array([[[[4.]]]], dtype=float32)
    """

    def __init__(self, kernel_size, stride=None):
        super().__init__()
        self.kernel_size = checks.int_pair("MaxPool2d", "kernel_size", kernel_size, low=1)
        self.stride = (self.kernel_size if stride is None
                       else checks.int_pair("MaxPool2d", "stride", stride, low=1))

    def forward(self, X: Tensor) -> Tensor:
        """The maximum of each window, channel by channel."""
        self._check_input(X, ("N", "C", "H", "W"))
        return functional.max_pool2d(X, self.kernel_size, self.stride)

    def __repr__(self) -> str:
        stride = "" if self.stride == self.kernel_size else f", stride={_show(self.stride)}"
        return f"MaxPool2d(k={_show(self.kernel_size)}{stride})"
