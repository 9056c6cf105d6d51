r"""Initialization: the numbers a network starts from, as `torch.nn.init` draws them.

A deep network multiplies its input by one weight matrix per layer. If each
layer scales the spread of the signal by a factor $a$, twenty layers scale it
by $a^{20}$: the activations (and, backwards, the gradients) vanish when
$a < 1$ and explode when $a > 1$. A good start keeps $a \approx 1$. For a
layer $z = W x$ with $n_{in}$ inputs of variance $v$ and weights of variance
$\sigma^2$, $\operatorname{Var}(z_i) = n_{in}\,\sigma^2\, v$, so

- **Xavier** (Glorot & Bengio, 2010) keeps the variance of activations and of
  gradients alike, a compromise between the two directions:
  $\sigma^2 = \dfrac{2\, \text{gain}^2}{n_{in} + n_{out}}$;
- **Kaiming** (He et al., 2015) keeps one direction exactly and corrects for
  the activation: ReLU zeroes half of its inputs, halving the variance, so
  $\sigma^2 = \dfrac{\text{gain}^2}{n}$ with $\text{gain} = \sqrt 2$ and
  $n = n_{in}$ (or $n_{out}$).

Each function fills a tensor in place and returns it, as its PyTorch
namesake does (the trailing `_` says "in place"). The fans are computed as
PyTorch computes them: for a weight of shape $(n_{out}, n_{in}, k_1, \dots)$
(a linear or convolutional layer), $n_{in}$ times the receptive field
$k_1 k_2 \cdots$ and $n_{out}$ times it. Numbers are drawn with numpy from
[`dlref.backend.rng`][dlref.backend.rng] and moved to the backend, so one
seed gives the same weights on every backend.

Examples:
    >>> from dlref import manual_seed
    >>> from dlref.layers import Linear
    >>> manual_seed(0)
    >>> layer = Linear(256, 256)
    >>> _ = kaiming_normal_(layer.weight, nonlinearity="relu")
    >>> round(float(layer.weight.numpy().std() * 16), 2)   # sqrt(2 / 256) * 16 = 1.41
    1.42
"""

from __future__ import annotations

import math

from dlref import backend, checks
from dlref.autograd import Tensor

__all__ = [
    "uniform_",
    "normal_",
    "zeros_",
    "xavier_uniform_",
    "xavier_normal_",
    "kaiming_uniform_",
    "kaiming_normal_",
    "calculate_gain",
    "fan_in_and_fan_out",
]

GAINS = {"linear": 1.0, "conv2d": 1.0, "sigmoid": 1.0, "tanh": 5 / 3, "relu": math.sqrt(2)}
"""`calculate_gain`'s table; `"leaky_relu"` depends on its slope and is computed."""


def _floating_tensor(who: str, tensor) -> Tensor:
    """`tensor` if it is a floating Tensor, or the error: an init function fills one in place."""
    if not isinstance(tensor, Tensor):
        checks.fail(who, "tensor", "a Tensor (e.g. layer.weight)", type(tensor).__name__)
    if not backend.isdtype(tensor.dtype, "real floating"):
        checks.fail(who, "tensor", "a floating Tensor", f"dtype {tensor.dtype}")
    return tensor


def _fill(tensor: Tensor, values) -> Tensor:
    """Copy numpy `values` into `tensor`, in its dtype, on the backend; returns `tensor`."""
    tensor.data[...] = backend.asarray(values, dtype=tensor.dtype)
    return tensor


def uniform_(tensor: Tensor, a: float = 0.0, b: float = 1.0) -> Tensor:
    r"""Fill `tensor` with draws from the uniform distribution $U(a, b)$.

    Args:
        tensor: a floating Tensor, filled in place.
        a: the lower bound.
        b: the upper bound, $b > a$.

    Returns:
        `tensor`.

    Examples:
        >>> from dlref import manual_seed, tensor
        >>> manual_seed(0)
        >>> uniform_(tensor([0.0, 0.0, 0.0]), -1.0, 1.0).numpy().round(3)
        array([ 0.274, -0.46 , -0.918], dtype=float32)
    """
    _floating_tensor("uniform_()", tensor)
    a = checks.number("uniform_()", "a", a)
    checks.number("uniform_()", "b", b, low=a, low_open=True)
    return _fill(tensor, backend.rng().uniform(a, b, size=tensor.shape))


def normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0) -> Tensor:
    r"""Fill `tensor` with draws from the normal distribution $\mathcal N(\text{mean}, \text{std}^2)$.

    Args:
        tensor: a floating Tensor, filled in place.
        mean: the mean.
        std: the standard deviation, $\ge 0$.

    Returns:
        `tensor`.

    Examples:
        >>> from dlref import manual_seed, tensor
        >>> manual_seed(0)
        >>> normal_(tensor([0.0, 0.0]), mean=10.0, std=0.1).numpy().round(3)
        array([10.013,  9.987], dtype=float32)
    """
    _floating_tensor("normal_()", tensor)
    mean = checks.number("normal_()", "mean", mean)
    std = checks.number("normal_()", "std", std, low=0)
    return _fill(tensor, backend.rng().normal(mean, std, size=tensor.shape))


def zeros_(tensor: Tensor) -> Tensor:
    """Fill `tensor` with zeros (no random draw).

    Examples:
        >>> from dlref import tensor
        >>> zeros_(tensor([1.0, 2.0])).numpy()
        array([0., 0.], dtype=float32)
    """
    _floating_tensor("zeros_()", tensor)
    tensor.data[...] = 0
    return tensor


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    r"""The gain that makes up for what an activation does to the variance, as PyTorch's.

    | nonlinearity | gain |
    |---|---|
    | `"linear"`, `"conv2d"`, `"sigmoid"` | $1$ |
    | `"tanh"` | $5/3$ |
    | `"relu"` | $\sqrt 2$ |
    | `"leaky_relu"` | $\sqrt{2 / (1 + \alpha^2)}$, slope $\alpha$ = `param` (0.01 if None) |

    Examples:
        >>> round(calculate_gain("relu"), 4), calculate_gain("leaky_relu", 1.0)
        (1.4142, 1.0)
    """
    checks.one_of("calculate_gain()", "nonlinearity", nonlinearity, (*GAINS, "leaky_relu"))
    if nonlinearity != "leaky_relu":
        if param is not None:
            checks.fail("calculate_gain()", "param", f"None for {nonlinearity!r}", repr(param))
        return GAINS[nonlinearity]
    slope = 0.01 if param is None else checks.number("calculate_gain()", "param (α)", param)
    return math.sqrt(2.0 / (1 + slope**2))


def fan_in_and_fan_out(tensor: Tensor) -> tuple:
    r"""$(n_{in}, n_{out})$ of a weight of shape $(n_{out}, n_{in}, k_1, k_2, \dots)$, as PyTorch computes them.

    A linear layer's weight $(n_{out}, n_{in})$ gives $(n_{in}, n_{out})$; a
    convolution's $(F, C, k_h, k_w)$ gives $(C k_h k_w,\; F k_h k_w)$: each
    output sees $C k_h k_w$ inputs, and each input reaches $F k_h k_w$ outputs.

    Raises:
        ValueError: a tensor with fewer than two axes, or with no elements.

    Examples:
        >>> import numpy as np
        >>> from dlref import tensor
        >>> fan_in_and_fan_out(tensor(np.zeros((8, 3, 5, 5))))
        (75, 200)
    """
    _floating_tensor("fan_in_and_fan_out()", tensor)
    if tensor.ndim < 2 or tensor.size == 0:
        checks.fail("fan_in_and_fan_out()", "tensor", "a weight of shape (n_out, n_in, ...) "
                    "with no empty axis", f"shape {tensor.shape}")
    receptive_field = math.prod(tensor.shape[2:])
    return tensor.shape[1] * receptive_field, tensor.shape[0] * receptive_field


def xavier_uniform_(tensor: Tensor, gain: float = 1.0) -> Tensor:
    r"""Xavier (Glorot) uniform: $U(-a, a)$ with $a = \text{gain}\,\sqrt{6 / (n_{in} + n_{out})}$.

    The variance of $U(-a, a)$ is $a^2/3 = \text{gain}^2 \cdot 2/(n_{in} + n_{out})$.

    Args:
        tensor: a weight, at least 2-D, filled in place.
        gain: the factor from [`calculate_gain`][dlref.init.calculate_gain], $\ge 0$.

    Examples:
        >>> import numpy as np
        >>> from dlref import manual_seed, tensor
        >>> manual_seed(0)
        >>> W = xavier_uniform_(tensor(np.zeros((300, 300))))
        >>> bool(abs(W.numpy()).max() <= 0.1)   # a = sqrt(6 / 600) = 0.1
        True
    """
    fan_in, fan_out = fan_in_and_fan_out(_floating_tensor("xavier_uniform_()", tensor))
    gain = checks.number("xavier_uniform_()", "gain", gain, low=0)
    bound = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return _fill(tensor, backend.rng().uniform(-bound, bound, size=tensor.shape))


def xavier_normal_(tensor: Tensor, gain: float = 1.0) -> Tensor:
    r"""Xavier (Glorot) normal: $\mathcal N(0, \sigma^2)$ with $\sigma = \text{gain}\,\sqrt{2 / (n_{in} + n_{out})}$.

    Args:
        tensor: a weight, at least 2-D, filled in place.
        gain: the factor from [`calculate_gain`][dlref.init.calculate_gain], $\ge 0$.

    Examples:
        >>> import numpy as np
        >>> from dlref import manual_seed, tensor
        >>> manual_seed(0)
        >>> W = xavier_normal_(tensor(np.zeros((400, 400))))
        >>> round(float(W.numpy().std()), 3)   # sqrt(2 / 800) = 0.05
        0.05
    """
    fan_in, fan_out = fan_in_and_fan_out(_floating_tensor("xavier_normal_()", tensor))
    gain = checks.number("xavier_normal_()", "gain", gain, low=0)
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return _fill(tensor, backend.rng().normal(0.0, std, size=tensor.shape))


def _kaiming_std(who: str, tensor: Tensor, a, mode: str, nonlinearity: str) -> float:
    r"""$\text{gain} / \sqrt{n}$: the standard deviation of both Kaiming initializations."""
    fan_in, fan_out = fan_in_and_fan_out(_floating_tensor(who, tensor))
    checks.one_of(who, "mode", mode, ("fan_in", "fan_out"))
    checks.one_of(who, "nonlinearity", nonlinearity, (*GAINS, "leaky_relu"))
    a = checks.number(who, "a", a)
    gain = calculate_gain(nonlinearity, a if nonlinearity == "leaky_relu" else None)
    return gain / math.sqrt(fan_in if mode == "fan_in" else fan_out)


def kaiming_uniform_(tensor: Tensor, a: float = 0.0, mode: str = "fan_in",
                     nonlinearity: str = "leaky_relu") -> Tensor:
    r"""Kaiming (He) uniform: $U(-b, b)$ with $b = \sqrt 3\, \text{gain} / \sqrt{n}$, of variance $\text{gain}^2 / n$.

    With `a` $= \sqrt 5$ (leaky ReLU's gain $\sqrt{1/3}$) the bound is
    $1/\sqrt{n_{in}}$: the start of PyTorch's `Linear` and `Conv2d`.

    Args:
        tensor: a weight, at least 2-D, filled in place.
        a: the negative slope of a leaky ReLU (used when `nonlinearity="leaky_relu"`).
        mode: `"fan_in"` ($n = n_{in}$: keeps the forward pass's variance) or
            `"fan_out"` ($n = n_{out}$: the backward pass's).
        nonlinearity: the activation after the layer, a name of
            [`calculate_gain`][dlref.init.calculate_gain].

    Examples:
        >>> import numpy as np
        >>> from dlref import manual_seed, tensor
        >>> manual_seed(0)
        >>> W = kaiming_uniform_(tensor(np.zeros((64, 150))), nonlinearity="relu")
        >>> bool(abs(W.numpy()).max() <= 0.2)   # sqrt(3) sqrt(2) / sqrt(150) = 0.2
        True
    """
    bound = math.sqrt(3.0) * _kaiming_std("kaiming_uniform_()", tensor, a, mode, nonlinearity)
    return _fill(tensor, backend.rng().uniform(-bound, bound, size=tensor.shape))


def kaiming_normal_(tensor: Tensor, a: float = 0.0, mode: str = "fan_in",
                    nonlinearity: str = "leaky_relu") -> Tensor:
    r"""Kaiming (He) normal: $\mathcal N(0, \sigma^2)$ with $\sigma = \text{gain} / \sqrt{n}$.

    Args:
        tensor: a weight, at least 2-D, filled in place.
        a: the negative slope of a leaky ReLU (used when `nonlinearity="leaky_relu"`).
        mode: `"fan_in"` or `"fan_out"`, as for [`kaiming_uniform_`][dlref.init.kaiming_uniform_].
        nonlinearity: the activation after the layer, a name of
            [`calculate_gain`][dlref.init.calculate_gain].

    Examples:
        >>> import numpy as np
        >>> from dlref import manual_seed, tensor
        >>> manual_seed(0)
        >>> W = kaiming_normal_(tensor(np.zeros((500, 200))), nonlinearity="relu")
        >>> round(float(W.numpy().std()), 3)   # sqrt(2 / 200) = 0.1
        0.1
    """
    std = _kaiming_std("kaiming_normal_()", tensor, a, mode, nonlinearity)
    return _fill(tensor, backend.rng().normal(0.0, std, size=tensor.shape))
