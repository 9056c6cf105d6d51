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

Initial weights are drawn as PyTorch draws them, from the one numpy
generator of [`dlref.backend.rng`][dlref.backend.rng], then moved to the
backend: one seed gives the same network on every backend.

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

from __future__ import annotations

import math

from dlref import activations, backend, functional
from dlref.autograd import Tensor
from dlref.backend import xp

__all__ = [
    "Parameter",
    "Module",
    "Linear",
    "Sequential",
    "Flatten",
    "Sigmoid",
    "Tanh",
    "ReLU",
    "LeakyReLU",
    "Softmax",
    "Conv2d",
    "MaxPool2d",
    "RNN",
    "Dropout",
    "BatchNorm1d",
]


class Parameter(Tensor):
    """A tensor that is a trainable parameter of a module: it always requires grad.

    Args:
        data: the initial values, a floating array (or list).

    Examples:
        >>> w = Parameter([1.0, 2.0])
        >>> w.requires_grad
        True
    """

    __slots__ = ()

    def __init__(self, data):
        super().__init__(data, requires_grad=True)


def _uniform(shape: tuple, bound: float) -> Parameter:
    r"""A parameter drawn from $U(-\text{bound}, \text{bound})$ with numpy, moved to the backend."""
    values = backend.rng().uniform(-bound, bound, size=shape)
    return Parameter(backend.asarray(values, dtype=backend.default_dtype()))


def _is_number(value) -> bool:
    """A Python int or float, not a bool: the type of a numeric hyperparameter."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_size(layer: str, name: str, value) -> None:
    """A hyperparameter that must be a positive integer (a number of features, of steps...)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{layer}: expected {name} to be an integer >= 1, got {value!r}")


class Module:
    r"""Base class of every layer and model: parameters, submodules and `forward`.

    Subclasses call `super().__init__()`, store their
    [`Parameter`][dlref.layers.Parameter]s and submodules (or lists of them)
    as attributes, and define `forward`. Calling the module calls `forward`.

    Attributes:
        training: True in training mode (the default), False after `eval()`;
            [`Dropout`][dlref.layers.Dropout] and [`BatchNorm1d`][dlref.layers.BatchNorm1d]
            behave differently in the two modes.

    Examples:
        >>> from dlref import tensor
        >>> class Affine(Module):               # y = w x + b, elementwise
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.w = Parameter([2.0])
        ...         self.b = Parameter([1.0])
        ...     def forward(self, x):
        ...         return self.w * x + self.b
        >>> model = Affine()
        >>> model(tensor([3.0])).numpy()
        array([7.], dtype=float32)
        >>> [name for name, p in model.named_parameters()]
        ['w', 'b']
    """

    _buffers: tuple = ()  # names of non-trainable arrays saved in state_dict (running statistics)

    def __init__(self):
        self.training = True

    def forward(self, *args, **kwargs):
        """The computation of the module; subclasses define it."""
        raise NotImplementedError(f"{type(self).__name__} must define forward()")

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def _check(self, X, shape=None, what: str = "input") -> None:
        """The one input check of every layer: a floating Tensor of the expected shape.

        `shape` lists the expected sizes: ints must match, strings (`"N"`, `"H"`)
        are free symbols; None accepts any shape. The error names the layer
        (its repr), the expectation and what came, plus the layer's
        `_hint` for a wrongly shaped input.
        """
        if not isinstance(X, Tensor):
            raise ValueError(
                f"{self!r}: expected the {what} to be a Tensor, got {type(X).__name__}; "
                "wrap it with dlref.tensor(...)"
            )
        if not backend.isdtype(X.dtype, "real floating"):
            raise ValueError(
                f"{self!r}: expected a floating {what}, got dtype {X.dtype}; "
                "convert it, e.g. dlref.tensor(data, dtype='float32')"
            )
        if shape is None:
            return
        got = X.shape
        if len(got) != len(shape) or any(isinstance(n, int) and n != m for n, m in zip(shape, got)):
            expected = "(" + ", ".join(str(n) for n in shape) + (",)" if len(shape) == 1 else ")")
            message = f"{self!r}: expected {what} of shape {expected}, got {got}"
            hint = self._hint(X) if what == "input" else ""
            raise ValueError(message + (f"; {hint}" if hint else ""))

    def _hint(self, X: Tensor) -> str:
        """A likely fix for an input of the wrong shape (layers that can guess override this)."""
        return ""

    # ------------------------------------------------------------ structure
    def _children(self):
        """`(name, submodule)` for each Module attribute and each Module in a list attribute."""
        for name, value in vars(self).items():
            if isinstance(value, Module):
                yield name, value
            elif isinstance(value, (list, tuple)):
                for i, item in enumerate(value):
                    if isinstance(item, Module):
                        yield f"{name}.{i}", item

    def _modules(self, prefix: str = ""):
        """`(dotted prefix, module)` for this module and every module below it, depth first."""
        yield prefix, self
        for name, child in self._children():
            yield from child._modules(prefix + name + ".")

    def named_parameters(self) -> list:
        """Every parameter with its dotted name, each once, in the order they were assigned.

        Examples:
            >>> [name for name, p in Sequential(Linear(2, 3), Linear(3, 1)).named_parameters()]
            ['0.weight', '0.bias', '1.weight', '1.bias']
        """
        named, seen = [], set()
        for prefix, module in self._modules():
            for name, value in vars(module).items():
                if isinstance(value, Parameter) and id(value) not in seen:
                    seen.add(id(value))
                    named.append((prefix + name, value))
        return named

    def parameters(self) -> list:
        """Every parameter, each once, in the order of [`named_parameters`][dlref.layers.Module.named_parameters].

        Examples:
            >>> [p.shape for p in Linear(2, 3).parameters()]
            [(3, 2), (3,)]
        """
        return [p for _, p in self.named_parameters()]

    def zero_grad(self) -> None:
        """Forget the gradients of every parameter (`.grad = None`) before the next backward.

        Examples:
            >>> layer = Linear(2, 1); layer.weight.grad = layer.weight.data
            >>> layer.zero_grad(); layer.weight.grad is None
            True
        """
        for p in self.parameters():
            p.grad = None

    def train(self, mode: bool = True) -> Module:
        """Set training mode (`mode=False`: evaluation mode) here and in every submodule.

        Examples:
            >>> Sequential(Dropout(0.5)).train()[0].training
            True
        """
        for _, module in self._modules():
            module.training = mode
        return self

    def eval(self) -> Module:
        """Set evaluation mode here and in every submodule (same as `train(False)`).

        Examples:
            >>> Sequential(Dropout(0.5)).eval()[0].training
            False
        """
        return self.train(False)

    # ---------------------------------------------------------------- state
    def _state_arrays(self) -> dict:
        """The live arrays of the state: every parameter's `data`, then every buffer."""
        arrays = {name: p.data for name, p in self.named_parameters()}
        for prefix, module in self._modules():
            for name in module._buffers:
                arrays[prefix + name] = getattr(module, name)
        return arrays

    def state_dict(self) -> dict:
        """A copy of every parameter and buffer (e.g. running statistics), by dotted name.

        Examples:
            >>> layer = Linear(2, 1)
            >>> sorted(layer.state_dict())
            ['bias', 'weight']
        """
        return {name: xp.asarray(a, copy=True) for name, a in self._state_arrays().items()}

    def load_state_dict(self, state: dict) -> None:
        """Copy the values of `state` (from [`state_dict`][dlref.layers.Module.state_dict]) into the module.

        Values may be backend or numpy arrays; they are converted to each
        parameter's dtype. Nothing is loaded unless every name and shape matches.

        Raises:
            ValueError: missing or unexpected names, or a shape that differs.

        Examples:
            >>> a, b = Linear(2, 1), Linear(2, 1)
            >>> b.load_state_dict(a.state_dict())
            >>> bool((a.weight == b.weight).numpy().all())
            True
        """
        arrays = self._state_arrays()
        missing, unexpected = sorted(set(arrays) - set(state)), sorted(set(state) - set(arrays))
        if missing or unexpected:
            raise ValueError(
                f"load_state_dict(): missing keys {missing}, unexpected keys {unexpected}"
            )
        for name, target in arrays.items():
            shape = tuple(state[name].shape)
            if shape != tuple(target.shape):
                raise ValueError(
                    f"load_state_dict(): {name!r} has shape {tuple(target.shape)} "
                    f"in the module, got {shape}"
                )
        for name, target in arrays.items():
            target[...] = backend.asarray(state[name], dtype=target.dtype)


class Linear(Module):
    r"""Fully connected layer: $Z = W a + b$ for each input $a$.

    For a batch whose rows are the inputs this is $Z = X W^\top + b$
    ([`functional.linear`][dlref.functional.linear]). As in PyTorch, $W$ and
    $b$ start uniform in $[-1/\sqrt{n_{in}},\, 1/\sqrt{n_{in}}]$, which keeps
    the scale of $Z$ independent of the number of inputs.

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
        _check_size("Linear", "in_features", in_features)
        _check_size("Linear", "out_features", out_features)
        self.in_features, self.out_features = in_features, out_features
        bound = 1 / math.sqrt(in_features)
        self.weight = _uniform((out_features, in_features), bound)
        self.bias = _uniform((out_features,), bound) if bias else None

    def forward(self, X: Tensor) -> Tensor:
        r"""$Z = X W^\top + b$."""
        self._check(X, ("N", self.in_features))
        return functional.linear(X, self.weight, self.bias)

    def _hint(self, X: Tensor) -> str:
        if X.ndim > 2 and math.prod(X.shape[1:]) == self.in_features:
            return f"flatten it first (Flatten()) to (N, {self.in_features})"
        return ""

    def __repr__(self) -> str:
        extra = "" if self.bias is not None else ", bias=False"
        return f"Linear({self.in_features} -> {self.out_features}{extra})"


class Sequential(Module):
    r"""Layers applied one after the other: $a^{[l]} = f_l(a^{[l-1]})$, $a^{[0]} = x$.

    Indexable (`model[0]`) and sized (`len(model)`); its parameters are
    named after the positions of the layers (`"0.weight"`), as in PyTorch.

    Args:
        *layers: the modules, in order.

    Attributes:
        layers: the list of modules.

    Examples:
        >>> model = Sequential(Linear(2, 3), ReLU(), Linear(3, 1))
        >>> len(model), model[1]
        (3, ReLU())
        >>> model
        Sequential(
          (0): Linear(2 -> 3)
          (1): ReLU()
          (2): Linear(3 -> 1)
        )
    """

    def __init__(self, *layers: Module):
        super().__init__()
        for i, layer in enumerate(layers):
            if not isinstance(layer, Module):
                raise ValueError(
                    f"Sequential: expected Modules, got {type(layer).__name__} at position {i}"
                )
        self.layers = list(layers)

    def _children(self):  # named by position, as in PyTorch: "0.weight"
        return ((str(i), layer) for i, layer in enumerate(self.layers))

    def forward(self, X):
        """Each layer's output is the next layer's input."""
        for layer in self.layers:
            X = layer(X)
        return X

    def __getitem__(self, i: int) -> Module:
        return self.layers[i]

    def __len__(self) -> int:
        return len(self.layers)

    def __repr__(self) -> str:
        lines = [f"  ({i}): {layer!r}".replace("\n", "\n  ") for i, layer in enumerate(self.layers)]
        return "Sequential(\n" + "\n".join(lines) + "\n)"


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
        self._check(X)
        if X.ndim < 1:
            raise ValueError(f"{self!r}: expected input of shape (N, ...), got {X.shape}")
        return X.reshape(X.shape[0], -1)


class Sigmoid(Module):
    r"""The [`sigmoid`][dlref.activations.sigmoid] activation as a layer, $a = 1/(1 + e^{-z})$.

    Examples:
        >>> from dlref import tensor
        >>> Sigmoid()(tensor([0.0])).numpy()
        array([0.5], dtype=float32)
    """

    def forward(self, Z: Tensor) -> Tensor:
        """Elementwise sigmoid."""
        self._check(Z)
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
        self._check(Z)
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
        self._check(Z)
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
        if not (_is_number(negative_slope) and negative_slope >= 0):
            raise ValueError(f"LeakyReLU: expected negative_slope >= 0, got {negative_slope!r}")
        self.negative_slope = negative_slope

    def forward(self, Z: Tensor) -> Tensor:
        """Elementwise leaky ReLU."""
        self._check(Z)
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
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise ValueError(f"Softmax: expected an integer axis, got {axis!r}")
        self.axis = axis

    def forward(self, Z: Tensor) -> Tensor:
        """Softmax along `axis`."""
        self._check(Z)
        if not -Z.ndim <= self.axis < Z.ndim:
            raise ValueError(f"{self!r}: axis {self.axis} does not exist in shape {Z.shape}")
        return activations.softmax(Z, axis=self.axis)

    def __repr__(self) -> str:
        return f"Softmax(axis={self.axis})"


class Conv2d(Module):
    r"""2-D convolutional layer: $F$ learned filters slid over the image.

    Each output pixel sees only a $k_h \times k_w$ window (locality), and every
    window is processed by the same filters (weight sharing), so shifting the
    input shifts the feature map (translation equivariance). See
    [`functional.conv2d`][dlref.functional.conv2d] for the formula and its
    backward pass. $W$ and $b$ start uniform in $[-1/\sqrt{C k_h k_w},\,
    1/\sqrt{C k_h k_w}]$, as in PyTorch.

    Args:
        in_channels: $C$.
        out_channels: $F$, the number of filters.
        kernel_size: $k$, an int or a pair $(k_h, k_w)$.
        stride: $s$, an int or a pair.
        padding: zeros added on each side, an int or a pair.

    Attributes:
        weight: the filters, shape $(F, C, k_h, k_w)$.
        bias: shape $(F,)$.

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

    def __init__(self, in_channels: int, out_channels: int, kernel_size, stride=1, padding=0):
        super().__init__()
        _check_size("Conv2d", "in_channels", in_channels)
        _check_size("Conv2d", "out_channels", out_channels)
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size = functional._pair("Conv2d: kernel_size", kernel_size, 1)
        self.stride = functional._pair("Conv2d: stride", stride, 1)
        self.padding = functional._pair("Conv2d: padding", padding, 0)
        fan_in = in_channels * math.prod(self.kernel_size)
        bound = 1 / math.sqrt(fan_in)
        self.weight = _uniform((out_channels, in_channels) + self.kernel_size, bound)
        self.bias = _uniform((out_channels,), bound)

    def forward(self, X: Tensor) -> Tensor:
        """The convolution of every image with every filter, plus the bias."""
        self._check(X, ("N", self.in_channels, "H", "W"))
        try:
            return functional.conv2d(X, self.weight, self.bias, self.stride, self.padding)
        except ValueError as e:  # an image smaller than the kernel
            raise ValueError(f"{self!r}: {e}") from None

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
        def show(pair):
            return str(pair[0]) if pair[0] == pair[1] else str(pair)

        text = f"Conv2d({self.in_channels} -> {self.out_channels}, k={show(self.kernel_size)}"
        if self.stride != (1, 1):
            text += f", stride={show(self.stride)}"
        if self.padding != (0, 0):
            text += f", padding={show(self.padding)}"
        return text + ")"


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
        self.kernel_size = functional._pair("MaxPool2d: kernel_size", kernel_size, 1)
        self.stride = self.kernel_size if stride is None else functional._pair(
            "MaxPool2d: stride", stride, 1)

    def forward(self, X: Tensor) -> Tensor:
        """The maximum of each window, channel by channel."""
        self._check(X, ("N", "C", "H", "W"))
        try:
            return functional.max_pool2d(X, self.kernel_size, self.stride)
        except ValueError as e:  # an image smaller than the kernel
            raise ValueError(f"{self!r}: {e}") from None

    def __repr__(self) -> str:
        def show(pair):
            return str(pair[0]) if pair[0] == pair[1] else str(pair)

        stride = "" if self.stride == self.kernel_size else f", stride={show(self.stride)}"
        return f"MaxPool2d(k={show(self.kernel_size)}{stride})"


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
        _check_size("RNN", "input_size", input_size)
        _check_size("RNN", "hidden_size", hidden_size)
        if nonlinearity not in functional.NONLINEARITIES:
            raise ValueError(
                f"RNN: unknown nonlinearity {nonlinearity!r}; "
                f"expected one of {functional.NONLINEARITIES}"
            )
        self.input_size, self.hidden_size, self.nonlinearity = input_size, hidden_size, nonlinearity
        bound = 1 / math.sqrt(hidden_size)
        self.weight_ih = _uniform((hidden_size, input_size), bound)
        self.weight_hh = _uniform((hidden_size, hidden_size), bound)
        self.bias_ih = _uniform((hidden_size,), bound)
        self.bias_hh = _uniform((hidden_size,), bound)

    def forward(self, X: Tensor, h0: Tensor | None = None) -> tuple:
        """Run over the sequences; returns `(outputs, h_T)`."""
        self._check(X, ("N", "T", self.input_size))
        if h0 is not None:
            self._check(h0, (X.shape[0], self.hidden_size), what="h0")
        return functional.rnn(X, h0, self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh,
                              self.nonlinearity)

    def _hint(self, X: Tensor) -> str:
        if X.ndim == 2 and self.input_size == 1:
            return "add the feature axis: reshape to (N, T, 1)?"
        return ""

    def __repr__(self) -> str:
        extra = "" if self.nonlinearity == "tanh" else f", nonlinearity={self.nonlinearity!r}"
        return f"RNN({self.input_size} -> {self.hidden_size}{extra})"


class Dropout(Module):
    r"""Inverted dropout: in training, zero each unit with probability $p$ and scale the rest.

    $$a' = \frac{m \odot a}{1 - p}, \qquad m_i \sim \text{Bernoulli}(1 - p),$$

    so each unit keeps its expected value and nothing changes at evaluation,
    where the layer is the identity. A network cannot rely on any single unit,
    which regularizes it. The gradient is $m/(1-p)$ times the incoming one.
    The mask is drawn from [`dlref.backend.rng`][dlref.backend.rng].

    Args:
        p: the probability of dropping a unit, $0 \le p < 1$.

    Examples:
        >>> from dlref import manual_seed, tensor
        >>> manual_seed(0)
        >>> drop = Dropout(0.5)
        >>> drop(tensor([1.0, 1.0, 1.0, 1.0])).numpy()
        array([2., 0., 0., 0.], dtype=float32)
        >>> drop.eval()(tensor([1.0, 1.0])).numpy()
        array([1., 1.], dtype=float32)
    """

    def __init__(self, p: float = 0.5):
        super().__init__()
        if not (_is_number(p) and 0 <= p < 1):
            raise ValueError(f"Dropout: expected a probability 0 <= p < 1, got {p!r}")
        self.p = p

    def forward(self, X: Tensor) -> Tensor:
        """$m \\odot X / (1 - p)$ in training, $X$ in evaluation."""
        self._check(X)
        if not self.training or self.p == 0:
            return X
        keep = backend.rng().random(X.shape) >= self.p
        mask = backend.asarray(keep / (1 - self.p), dtype=X.dtype)
        return X * Tensor(mask)

    def __repr__(self) -> str:
        return f"Dropout(p={self.p})"


class BatchNorm1d(Module):
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

    _buffers = ("running_mean", "running_var")

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1):
        super().__init__()
        _check_size("BatchNorm1d", "num_features", num_features)
        if not (_is_number(eps) and eps > 0):
            raise ValueError(f"BatchNorm1d: expected eps > 0, got {eps!r}")
        if not (_is_number(momentum) and 0 <= momentum <= 1):
            raise ValueError(f"BatchNorm1d: expected momentum in [0, 1], got {momentum!r}")
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        dtype = backend.default_dtype()
        self.weight = Parameter(backend.asarray([1.0] * num_features, dtype=dtype))
        self.bias = Parameter(backend.asarray([0.0] * num_features, dtype=dtype))
        self.running_mean = backend.asarray([0.0] * num_features, dtype=dtype)
        self.running_var = backend.asarray([1.0] * num_features, dtype=dtype)

    def forward(self, X: Tensor) -> Tensor:
        """Normalize with the batch statistics (training) or the running ones (evaluation)."""
        self._check(X, ("N", self.num_features))
        if not self.training:
            mean, var = Tensor(self.running_mean), Tensor(self.running_var)
        else:
            N = X.shape[0]
            if N < 2:
                raise ValueError(
                    f"{self!r}: training needs more than one example per batch to compute "
                    f"a variance, got input of shape {X.shape}; use eval() to predict one example"
                )
            mean = X.mean(axis=0)
            var = ((X - mean) ** 2).mean(axis=0)  # biased: the batch is all there is
            m = self.momentum
            self.running_mean = (1 - m) * self.running_mean + m * mean.data
            self.running_var = (1 - m) * self.running_var + m * var.data * (N / (N - 1))
        X_hat = (X - mean) / (var + self.eps) ** 0.5
        return self.weight * X_hat + self.bias

    def __repr__(self) -> str:
        extra = "" if self.eps == 1e-5 else f", eps={self.eps}"
        extra += "" if self.momentum == 0.1 else f", momentum={self.momentum}"
        return f"BatchNorm1d({self.num_features}{extra})"
