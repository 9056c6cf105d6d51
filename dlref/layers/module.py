r"""The base of every layer and model: [`Module`][dlref.layers.Module], its [`Parameter`][dlref.layers.Parameter]s, and [`Sequential`][dlref.layers.Sequential].

A `Module` holds its parameters $\theta$ as attributes (and other modules,
which hold theirs), finds them all for the optimizer with `parameters()`,
saves and loads them with `state_dict()`, and computes its output in
`forward`. Layers only compose operations and check shapes; autograd
differentiates them.

Examples:
    >>> from dlref import tensor
    >>> from dlref.layers import Linear, ReLU
    >>> model = Sequential(Linear(2, 3), ReLU(), Linear(3, 1))
    >>> model(tensor([[1.0, 2.0]])).shape
    (1, 1)
"""

from __future__ import annotations

from dlref import backend, checks
from dlref.autograd import Tensor, tensor
from dlref.backend import xp

__all__ = ["Parameter", "Module", "ModuleList", "Sequential"]


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

    @classmethod
    def empty(cls, shape: tuple) -> Parameter:
        """A parameter of `shape` in the default dtype, its values not yet set: a [`dlref.init`][dlref.init] function fills it.

        PyTorch writes `Parameter(torch.empty(shape))`; the layers then draw its
        values, e.g. `init.uniform_(Parameter.empty((3, 2)), -0.5, 0.5)`.

        Examples:
            >>> from dlref import init
            >>> init.zeros_(Parameter.empty((2, 3))).shape
            (2, 3)
        """
        if not (isinstance(shape, tuple)
                and all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in shape)):
            checks.fail("Parameter.empty()", "shape", "a tuple of integers >= 1", repr(shape))
        return cls(xp.empty(shape, dtype=backend.default_dtype(), device=backend.device()))


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

    def _check_input(self, X, shape=None, what: str = "input") -> None:
        """The one input check of every layer: a floating Tensor of the expected shape.

        `shape` lists the expected sizes: ints must match, strings (`"N"`, `"H"`)
        are free symbols; None accepts any shape. The error
        ([`checks.floating_tensor`][dlref.checks.floating_tensor]) names the
        layer (its repr), the expectation and what came, plus the layer's
        `_hint` for a wrongly shaped input.
        """
        checks.floating_tensor(self, what, X, shape, self._hint if what == "input" else None)

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
            >>> from dlref.layers import Linear
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
            >>> from dlref.layers import Linear
            >>> [p.shape for p in Linear(2, 3).parameters()]
            [(3, 2), (3,)]
        """
        return [p for _, p in self.named_parameters()]

    def zero_grad(self) -> None:
        """Forget the gradients of every parameter (`.grad = None`) before the next backward.

        Examples:
            >>> from dlref.layers import Linear
            >>> layer = Linear(2, 1); layer.weight.grad = layer.weight.data
            >>> layer.zero_grad(); layer.weight.grad is None
            True
        """
        for p in self.parameters():
            p.grad = None

    def train(self, mode: bool = True) -> Module:
        """Set training mode (`mode=False`: evaluation mode) here and in every submodule.

        Examples:
            >>> from dlref.layers import Dropout
            >>> Sequential(Dropout(0.5)).train()[0].training
            True
        """
        mode = checks.boolean(f"{type(self).__name__}.train()", "mode", mode)
        for _, module in self._modules():
            module.training = mode
        return self

    def eval(self) -> Module:
        """Set evaluation mode here and in every submodule (same as `train(False)`).

        Examples:
            >>> from dlref.layers import Dropout
            >>> Sequential(Dropout(0.5)).eval()[0].training
            False
        """
        return self.train(False)

    def to(self, dtype: str) -> Module:
        """Convert every parameter (and its gradient) and every buffer to `dtype`, in place; returns self.

        Build the optimizer after converting: it remembers arrays of the old dtype.

        Args:
            dtype: `"float32"` or `"float64"`.

        Examples:
            >>> from dlref.layers import BatchNorm1d
            >>> bn = BatchNorm1d(2).to("float64")
            >>> bn.weight.dtype, bn.running_mean.dtype
            (dtype('float64'), dtype('float64'))
        """
        target = getattr(xp, checks.one_of(f"{self!r}.to()", "dtype", dtype, ("float32", "float64")))
        for _, p in self.named_parameters():
            p.data = xp.astype(p.data, target)
            if p.grad is not None:
                p.grad = xp.astype(p.grad, target)
        for _, module in self._modules():
            for name in module._buffers:
                setattr(module, name, xp.astype(getattr(module, name), target))
        return self

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
            >>> from dlref.layers import Linear
            >>> layer = Linear(2, 1)
            >>> sorted(layer.state_dict())
            ['bias', 'weight']
        """
        return {name: xp.asarray(a, copy=True) for name, a in self._state_arrays().items()}

    def load_state_dict(self, state: dict) -> None:
        """Copy the values of `state` (from [`state_dict`][dlref.layers.Module.state_dict]) into the module.

        Values may be backend or numpy arrays (or lists); they are converted
        to each parameter's dtype. All of `state` is checked before anything
        is copied, so a bad entry leaves the module as it was.

        Raises:
            ValueError: `state` not a dict, missing or unexpected names, or
                a value that is not finite real numbers of the module's shape
                (or does not fit in its dtype).

        Examples:
            >>> from dlref.layers import Linear
            >>> a, b = Linear(2, 1), Linear(2, 1)
            >>> b.load_state_dict(a.state_dict())
            >>> bool((a.weight == b.weight).numpy().all())
            True
        """
        who = f"{type(self).__name__}.load_state_dict()"
        if not isinstance(state, dict):
            checks.fail(who, "state", "a dict of arrays by name, from state_dict()", checks.shown(state))
        arrays = self._state_arrays()
        missing, unexpected = sorted(set(arrays) - set(state)), sorted(set(state) - set(arrays))
        if missing or unexpected:
            checks.fail(who, "state", f"the module's names {sorted(arrays)}",
                        f"missing keys {missing}, unexpected keys {unexpected}")
        values = {}
        for name, target in arrays.items():  # every entry checked before any is copied
            value = state[name]
            value = checks.array(who, f"state[{name!r}]",
                                 backend.to_numpy(value) if hasattr(value, "shape") else value,
                                 shape=tuple(target.shape))
            try:  # tensor() refuses values the dtype cannot hold (1e300 in float32)
                values[name] = tensor(value, dtype=target.dtype).data
            except ValueError:
                checks.fail(who, f"state[{name!r}]", f"values that fit in {target.dtype}",
                            "values outside its range")
        for name, target in arrays.items():
            target[...] = values[name]


class ModuleList(Module):
    r"""A list of modules whose parameters the enclosing module finds: `self.blocks = ModuleList([...])`.

    It has no `forward`: the module that holds it decides how its members
    are called (e.g. in a loop). Its members are named by position, as in
    PyTorch (`"blocks.0.weight"`).

    Args:
        modules: an iterable of modules.

    Attributes:
        layers: the list of modules.

    Examples:
        >>> from dlref import tensor
        >>> from dlref.layers import Linear
        >>> class Deep(Module):                  # the same width, many layers
        ...     def __init__(self, width, depth):
        ...         super().__init__()
        ...         self.blocks = ModuleList(Linear(width, width) for _ in range(depth))
        ...     def forward(self, X):
        ...         for block in self.blocks:
        ...             X = block(X)
        ...         return X
        >>> model = Deep(4, 3)
        >>> len(model.blocks), [name for name, _ in model.named_parameters()][:3]
        (3, ['blocks.0.weight', 'blocks.0.bias', 'blocks.1.weight'])
        >>> model.blocks.append(Linear(4, 1))
        ModuleList(
          (0): Linear(4 -> 4)
          (1): Linear(4 -> 4)
          (2): Linear(4 -> 4)
          (3): Linear(4 -> 1)
        )
    """

    def __init__(self, modules=()):
        super().__init__()
        self.layers = []
        self.extend(modules)

    def append(self, module: Module) -> ModuleList:
        """Add `module` at the end; returns the list."""
        return self.extend([module])

    def extend(self, modules) -> ModuleList:
        """Add every module of the iterable `modules` at the end (all or, on an error, none); returns the list."""
        who = type(self).__name__
        if isinstance(modules, Module) or not hasattr(modules, "__iter__"):
            checks.fail(who, "modules", "an iterable of Modules", f"{type(modules).__name__}; "
                        "wrap a single module in a list")
        modules = list(modules)
        for i, module in enumerate(modules, start=len(self.layers)):
            if not isinstance(module, Module):
                checks.fail(who, f"the module at position {i}", "a Module such as Linear(2, 3) or ReLU()",
                            checks.shown(module))
        self.layers.extend(modules)
        return self

    def _children(self):  # named by position, as in PyTorch: "0.weight"
        return ((str(i), layer) for i, layer in enumerate(self.layers))

    def __getitem__(self, i: int) -> Module:
        return self.layers[i]

    def __len__(self) -> int:
        return len(self.layers)

    def __iter__(self):
        return iter(self.layers)

    def __repr__(self) -> str:
        lines = [f"  ({i}): {layer!r}".replace("\n", "\n  ") for i, layer in enumerate(self.layers)]
        return f"{type(self).__name__}(\n" + "\n".join(lines) + "\n)"


class Sequential(ModuleList):
    r"""Layers applied one after the other: $a^{[l]} = f_l(a^{[l-1]})$, $a^{[0]} = x$.

    A [`ModuleList`][dlref.layers.ModuleList] with a `forward`: indexable
    (`model[0]`), sized (`len(model)`) and iterable; its parameters are named
    after the positions of the layers (`"0.weight"`), as in PyTorch.

    Args:
        *layers: the modules, in order.

    Attributes:
        layers: the list of modules.

    Examples:
        >>> from dlref.layers import Linear, ReLU
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
        super().__init__(layers)

    def forward(self, X):
        """Each layer's output is the next layer's input."""
        for layer in self.layers:
            X = layer(X)
        return X
