r"""Batch normalization: [`BatchNorm1d`][dlref.layers.BatchNorm1d] (features) and [`BatchNorm2d`][dlref.layers.BatchNorm2d] (image channels), standardized over the batch.

Both compute the same thing; they differ in what one "feature" is: a
column of $(N, C)$, or a channel of $(N, C, H, W)$, whose statistics are
taken over the batch and every pixel.

Examples:
    >>> from dlref import tensor
    >>> BatchNorm1d(1)(tensor([[1.0], [3.0]])).numpy().round(3)
    array([[-1.],
           [ 1.]], dtype=float32)
"""

from __future__ import annotations

from dlref import backend, checks
from dlref.autograd import Tensor
from dlref.backend import xp
from dlref.layers.module import Module, Parameter

__all__ = ["BatchNorm1d", "BatchNorm2d"]


class _BatchNorm(Module):
    r"""The computation of batch normalization, over every axis but the channels' (axis 1)."""

    _buffers = ("running_mean", "running_var")
    input_shape = ("N", "C")  # the expected input, "C" replaced by num_features

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1):
        super().__init__()
        who = type(self).__name__
        self.num_features = checks.integer(who, "num_features", num_features, low=1)
        self.eps = checks.number(who, "eps (ε)", eps, low=0, low_open=True)
        self.momentum = checks.number(who, "momentum", momentum, low=0, high=1)
        dtype = backend.default_dtype()
        self.weight = Parameter(backend.asarray([1.0] * num_features, dtype=dtype))
        self.bias = Parameter(backend.asarray([0.0] * num_features, dtype=dtype))
        self.running_mean = backend.asarray([0.0] * num_features, dtype=dtype)
        self.running_var = backend.asarray([1.0] * num_features, dtype=dtype)

    def forward(self, X: Tensor) -> Tensor:
        """Normalize with the batch statistics (training) or the running ones (evaluation)."""
        C = self.num_features
        self._check_input(X, tuple(C if n == "C" else n for n in self.input_shape))
        axes = (0,) + tuple(range(2, X.ndim))  # all but the channels
        per_channel = (1, C) + (1,) * (X.ndim - 2)  # (1, C) or (1, C, 1, 1): broadcasts against X
        if not self.training:
            mean = Tensor(xp.reshape(self.running_mean, per_channel))
            var = Tensor(xp.reshape(self.running_var, per_channel))
        else:
            n = X.size // C  # values per channel
            if n < 2:
                checks.fail(repr(self), "input", "more than one value per channel in training "
                            "(a variance needs two)", f"shape {X.shape}; use eval() to predict one example")
            mean = X.mean(axis=axes, keepdims=True)
            var = ((X - mean) ** 2).mean(axis=axes, keepdims=True)  # biased: the batch is all there is
            m = self.momentum
            self.running_mean = (1 - m) * self.running_mean + m * xp.reshape(mean.data, (C,))
            self.running_var = (1 - m) * self.running_var + m * xp.reshape(var.data, (C,)) * (n / (n - 1))
        X_hat = (X - mean) / (var + self.eps) ** 0.5
        return self.weight.reshape(per_channel) * X_hat + self.bias.reshape(per_channel)

    def __repr__(self) -> str:
        extra = "" if self.eps == 1e-5 else f", eps={self.eps}"
        extra += "" if self.momentum == 0.1 else f", momentum={self.momentum}"
        return f"{type(self).__name__}({self.num_features}{extra})"


class BatchNorm1d(_BatchNorm):
    r"""Batch normalization of features: standardize each feature over the batch, then rescale.

    In training, with the batch mean $\mu_B$ and (biased) variance $\sigma_B^2$
    of each feature,

    $$\hat x = \frac{x - \mu_B}{\sqrt{\sigma_B^2 + \varepsilon}}, \qquad y = \gamma \odot \hat x + \beta,$$

    and the running statistics move towards the batch's,
    $\mu \leftarrow (1 - m)\,\mu + m\,\mu_B$ and
    $\sigma^2 \leftarrow (1 - m)\,\sigma^2 + m\,\frac{N}{N-1}\sigma_B^2$ (the
    unbiased variance, as in PyTorch). In evaluation $\mu$ and $\sigma^2$
    replace the batch statistics, so a prediction does not depend on the rest
    of the batch. Built from Tensor operations: autograd differentiates it,
    through $\mu_B$ and $\sigma_B^2$ as well.

    Args:
        num_features: $C$.
        eps: $\varepsilon > 0$, added to the variance.
        momentum: $m \in [0, 1]$, the weight of the new batch in the running statistics.

    Attributes:
        weight: $\gamma$, shape $(C,)$, starts at 1.
        bias: $\beta$, shape $(C,)$, starts at 0.
        running_mean: $\mu$, shape $(C,)$ (an array, saved in `state_dict`).
        running_var: $\sigma^2$, shape $(C,)$ (an array, saved in `state_dict`).

    Shape:
        - Input and output: $(N, C)$; training needs $N > 1$.

    Examples:
        >>> from dlref import tensor
        >>> bn = BatchNorm1d(1)
        >>> bn(tensor([[1.0], [3.0]])).numpy().round(3)
        array([[-1.],
               [ 1.]], dtype=float32)
        >>> bn.running_mean, bn.running_var
        (array([0.2], dtype=float32), array([1.1], dtype=float32))
    """


class BatchNorm2d(_BatchNorm):
    r"""Batch normalization of image channels: each channel standardized over the batch and every pixel.

    The formulas of [`BatchNorm1d`][dlref.layers.BatchNorm1d], where the
    statistics of channel $c$ are taken over all $N H W$ values
    $x_{n,c,i,j}$ (a convolution's filter responds the same way at every
    position, so all of its outputs share one scale $\gamma_c$ and shift
    $\beta_c$); the running variance uses $\frac{NHW}{NHW - 1}\sigma_B^2$.

    Args:
        num_features: $C$, the number of channels.
        eps: $\varepsilon > 0$, added to the variance.
        momentum: $m \in [0, 1]$, the weight of the new batch in the running statistics.

    Attributes:
        weight: $\gamma$, shape $(C,)$, starts at 1.
        bias: $\beta$, shape $(C,)$, starts at 0.
        running_mean: $\mu$, shape $(C,)$ (an array, saved in `state_dict`).
        running_var: $\sigma^2$, shape $(C,)$ (an array, saved in `state_dict`).

    Shape:
        - Input and output: $(N, C, H, W)$; training needs $N H W > 1$.

    Examples:
        >>> import numpy as np
        >>> from dlref import tensor
        >>> X = tensor(np.arange(8.0).reshape(1, 2, 2, 2))       # two channels of 2x2
        >>> BatchNorm2d(2)(X).numpy().round(3)[0, 1]              # channel 1: 4, 5, 6, 7
        array([[-1.342, -0.447],
               [ 0.447,  1.342]])
    """

    input_shape = ("N", "C", "H", "W")
