r"""Define-by-run automatic differentiation: `Tensor`, `backward()`, `no_grad`, `gradcheck`.

Every operation on a [`Tensor`][dlref.autograd.Tensor] computes its result at
once and records, on the result, its parents and a small `backward` closure
that knows the local derivative. The graph is therefore built *while the
forward pass runs* (define-by-run, as in PyTorch), and it can differ from one
input to the next. [`Tensor.backward`][dlref.autograd.Tensor.backward] visits
the graph in reverse topological order and applies the chain rule:

$$\frac{\partial L}{\partial x} = \sum_{u \,\in\, \text{children}(x)}
  \frac{\partial L}{\partial u}\,\frac{\partial u}{\partial x}$$

Gradients accumulate (`+=`), so a node used twice receives both
contributions, and a gradient that was broadcast in the forward pass is summed
back to the shape of its input.

Examples:
    >>> x = tensor([1.0, 2.0, 3.0], requires_grad=True)
    >>> y = (x * x).sum()          # y = sum of x_i^2
    >>> y.backward()
    >>> x.grad                     # dy/dx = 2x
    array([2., 4., 6.], dtype=float32)
"""

from __future__ import annotations

import contextlib
import itertools
import math
import operator

import numpy as np

from dlref import backend
from dlref.backend import xp

__all__ = ["Tensor", "tensor", "no_grad", "is_grad_enabled", "gradcheck", "GradcheckError"]

_grad_enabled = [True]
_created = itertools.count()


class no_grad(contextlib.ContextDecorator):
    """Context manager (and decorator) in which no graph is recorded.

    Inside it, results never require grad: use it for evaluation and for
    parameter updates, which must not become part of the next graph.

    Examples:
        >>> w = tensor([1.0], requires_grad=True)
        >>> with no_grad():
        ...     y = w * 2
        >>> y.requires_grad
        False
    """

    def __init__(self):
        self._saved = []  # a stack: a decorated function may call itself

    def __enter__(self):
        self._saved.append(_grad_enabled[0])
        _grad_enabled[0] = False
        return self

    def __exit__(self, *exc):
        _grad_enabled[0] = self._saved.pop()
        return False


def is_grad_enabled() -> bool:
    """Whether operations record a graph now (False inside [`no_grad`][dlref.autograd.no_grad]).

    Examples:
        >>> is_grad_enabled()
        True
    """
    return _grad_enabled[0]


def _unbroadcast(g, shape):
    """Sum `g` over the axes that broadcasting added or stretched, back to `shape`."""
    if g.shape == shape:
        return g
    extra = g.ndim - len(shape)
    stretched = tuple(extra + i for i, n in enumerate(shape) if n == 1 and g.shape[extra + i] != 1)
    g = xp.sum(g, axis=tuple(range(extra)) + stretched, keepdims=True)
    return xp.reshape(g, shape)


def _constant(value) -> Tensor:
    """Wrap an operand that takes no gradient; Python numbers stay Python numbers.

    A bare number keeps its "weak" type, so `float32_tensor * 0.5` stays float32.
    """
    if isinstance(value, Tensor):
        return value
    if isinstance(value, (int, float)):
        const = object.__new__(Tensor)
        if isinstance(value, float):  # np.float64 is a float too, but numpy would not keep it weak
            value = float(value)
        const.data, const.grad, const.requires_grad = value, None, False
        const._parents, const._backward = (), None
        return const
    return Tensor(value)


class Tensor:
    r"""An array that remembers how it was computed, so it can be differentiated.

    Args:
        data: a backend array, a numpy array, a number or a (nested) list.
            Numbers and lists become the default floating dtype
            ([`set_default_dtype`][dlref.backend.set_default_dtype]); arrays keep theirs.
        requires_grad: record operations on this tensor so that
            [`backward`][dlref.autograd.Tensor.backward] fills its `.grad`.
            Only floating tensors can require grad.
        parents: for operations defined outside this module: the tensors this
            one was computed from (set `_backward` on the result as well).

    Attributes:
        data: the values, an array of the current backend.
        grad: $\partial L / \partial \text{data}$ after `backward()`, same shape
            as `data`, or `None`.
        requires_grad: whether gradients flow to this tensor.

    Examples:
        >>> a = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        >>> a.shape
        (2, 2)
        >>> (a @ a).numpy()
        array([[ 7., 10.],
               [15., 22.]], dtype=float32)
    """

    __slots__ = ("data", "grad", "requires_grad", "_parents", "_backward", "_seq")
    __array_priority__ = 1000  # numpy_array + tensor calls Tensor.__radd__
    __hash__ = object.__hash__  # == is elementwise; identity keys optimizer state

    def __init__(self, data, requires_grad: bool = False, parents: tuple = ()):
        self._seq = next(_created)  # a result is always made after its parents
        if parents:  # the result of an operation: data is already a backend array
            self.data, self.grad, self._backward = data, None, None
            tracked = False
            if _grad_enabled[0]:
                for p in parents:  # a plain loop: this runs for every operation
                    if p.requires_grad:
                        tracked = True
                        break
            self.requires_grad = tracked
            self._parents = parents if tracked else ()
            return
        data = backend.asarray(data.data if isinstance(data, Tensor) else data)
        if not backend.isdtype(data.dtype, ("bool", "numeric")):
            raise ValueError(f"Tensor: data must be numbers or booleans, got dtype {data.dtype}")
        if requires_grad and not backend.isdtype(data.dtype, "real floating"):
            raise ValueError(
                f"Tensor: only floating tensors can require grad, got dtype {data.dtype}"
            )
        if requires_grad:  # a leaf that optimizers update in place owns its memory
            data = xp.asarray(data, copy=True)
        self.data, self.grad, self._backward = data, None, None
        self.requires_grad = bool(requires_grad)
        self._parents = ()

    # ---------------------------------------------------------------- basics
    @property
    def shape(self) -> tuple:
        """The shape of `data`, a tuple."""
        return tuple(self.data.shape)

    @property
    def ndim(self) -> int:
        """The number of axes."""
        return self.data.ndim

    @property
    def size(self) -> int:
        """The number of elements."""
        return math.prod(self.data.shape)

    @property
    def dtype(self):
        """The dtype of `data`."""
        return self.data.dtype

    def numpy(self) -> np.ndarray:
        """The values as a numpy array (copied from the GPU if needed).

        Examples:
            >>> tensor([1.5]).numpy()
            array([1.5], dtype=float32)
        """
        return backend.to_numpy(self.data)

    def item(self) -> float:
        """The value of a one-element tensor as a Python number.

        Examples:
            >>> tensor([2.5]).item()
            2.5
        """
        if self.size != 1:
            raise ValueError(f"item(): expected a tensor with one element, got shape {self.shape}")
        return self.numpy().reshape(-1)[0].item()

    def detach(self) -> Tensor:
        """The same values, cut off from the graph (no grad flows through it).

        Examples:
            >>> tensor([1.0], requires_grad=True).detach().requires_grad
            False
        """
        return Tensor(self.data)

    def __len__(self) -> int:
        return self.shape[0]

    def __bool__(self) -> bool:
        """The truth of a one-element tensor, so that `if (x > 0).sum():` branches on data."""
        if self.size != 1:
            raise ValueError(
                f"bool(): the truth value of a tensor of shape {self.shape} is ambiguous; "
                "reduce it to one element first (e.g. with .sum() or .max())"
            )
        return bool(self.item())

    def __repr__(self) -> str:
        text = np.array2string(self.numpy(), separator=", ", prefix="tensor(")
        return f"tensor({text}{', requires_grad=True' if self.requires_grad else ''})"

    def add_grad(self, g) -> None:
        """Accumulate `g` into `.grad`, summed back over broadcast axes (used by backward closures)."""
        if not self.requires_grad:
            return
        if g.shape != self.data.shape:
            g = _unbroadcast(g, self.data.shape)
        self.grad = g if self.grad is None else self.grad + g

    # --------------------------------------------------------------- backward
    def backward(self, grad=None) -> None:
        r"""Fill `.grad` of every tensor this one depends on with $\partial L/\partial x$.

        Gradients of leaves (tensors you made, parameters) accumulate across
        calls, as in PyTorch: reset them with `zero_grad()` between steps.

        Args:
            grad: $\partial L/\partial \text{self}$; may be omitted only when
                this tensor holds a single value (then it is 1).

        Raises:
            RuntimeError: this tensor does not require grad, or it has more
                than one element and no `grad` was given.
            ValueError: `grad` has another shape than this tensor.
        """
        if not self.requires_grad:
            raise RuntimeError(
                "backward(): this tensor does not require grad: none of the tensors it was "
                "computed from has requires_grad=True, or it was computed under no_grad()"
            )
        if grad is None:
            if self.size != 1:
                raise RuntimeError(
                    f"backward(): the output has shape {self.shape}, not a single value; "
                    "reduce it first (e.g. .sum()) or pass grad= of the same shape"
                )
            grad = xp.ones_like(self.data)
        else:
            grad = grad.data if isinstance(grad, Tensor) else backend.asarray(grad, self.data.dtype)
            if tuple(grad.shape) != self.shape:
                raise ValueError(
                    f"backward(): grad must have the output's shape {self.shape}, "
                    f"got {tuple(grad.shape)}"
                )
        order = _topological_order(self)
        for node in order:
            if node._parents:  # interior nodes start from zero on every call
                node.grad = None
        self.grad = grad if self.grad is None else self.grad + grad
        for node in reversed(order):
            if node._backward is not None:
                node._backward()

    # ------------------------------------------------------------ arithmetic
    def __add__(self, other) -> Tensor:
        other = _constant(other)
        out = Tensor(self.data + other.data, parents=(self, other))

        def backward():
            self.add_grad(out.grad)
            other.add_grad(out.grad)

        out._backward = backward
        return out

    def __radd__(self, other) -> Tensor:
        return self + other

    def __neg__(self) -> Tensor:
        out = Tensor(-self.data, parents=(self,))

        def backward():
            self.add_grad(-out.grad)

        out._backward = backward
        return out

    def __sub__(self, other) -> Tensor:
        other = _constant(other)
        out = Tensor(self.data - other.data, parents=(self, other))

        def backward():
            self.add_grad(out.grad)
            other.add_grad(-out.grad)

        out._backward = backward
        return out

    def __rsub__(self, other) -> Tensor:
        return _constant(other) - self

    def __mul__(self, other) -> Tensor:
        other = _constant(other)
        out = Tensor(self.data * other.data, parents=(self, other))

        def backward():
            self.add_grad(out.grad * other.data)
            other.add_grad(out.grad * self.data)

        out._backward = backward
        return out

    def __rmul__(self, other) -> Tensor:
        return self * other

    def __truediv__(self, other) -> Tensor:
        other = _constant(other)
        out = Tensor(self.data / other.data, parents=(self, other))

        def backward():  # d(a/b)/da = 1/b, d(a/b)/db = -a/b^2
            self.add_grad(out.grad / other.data)
            if other.requires_grad:
                other.add_grad(-out.grad * out.data / other.data)

        out._backward = backward
        return out

    def __rtruediv__(self, other) -> Tensor:
        return _constant(other) / self

    def __pow__(self, exponent) -> Tensor:
        exponent = _constant(exponent)
        out = Tensor(self.data**exponent.data, parents=(self, exponent))

        def backward():  # d(x^p)/dx = p x^(p-1), d(x^p)/dp = x^p log x
            if self.requires_grad:
                self.add_grad(out.grad * exponent.data * self.data ** (exponent.data - 1))
            if exponent.requires_grad:
                exponent.add_grad(out.grad * out.data * xp.log(self.data))

        out._backward = backward
        return out

    def __rpow__(self, base) -> Tensor:
        if isinstance(base, (int, float)):  # an array of our dtype, so backward can take its log
            base = backend.asarray(base, dtype=self.dtype)
        return _constant(base) ** self

    def __matmul__(self, other) -> Tensor:
        other = _constant(other)
        A, B = self, other
        out = Tensor(A.data @ B.data, parents=(A, B))

        def backward():
            G, a, b = out.grad, A.data, B.data
            if a.ndim == 1 and b.ndim == 1:  # inner product
                A.add_grad(G * b)
                B.add_grad(G * a)
                return
            # A 1-D operand is a row (left) or a column (right) matrix.
            if a.ndim == 1:
                a, G = a[None, :], G[..., None, :]
            if b.ndim == 1:
                b, G = b[:, None], G[..., None]
            if A.requires_grad:  # dL/dA = G B^T
                dA = G @ b.mT
                A.add_grad(dA[..., 0, :] if A.ndim == 1 else dA)
            if B.requires_grad:  # dL/dB = A^T G
                dB = a.mT @ G
                B.add_grad(dB[..., 0] if B.ndim == 1 else dB)

        out._backward = backward
        return out

    def __rmatmul__(self, other) -> Tensor:
        return _constant(other) @ self

    # ------------------------------------------------------------ comparisons
    def _compare(self, other, op) -> Tensor:
        """Elementwise comparison: a boolean tensor, outside the graph."""
        return Tensor(op(self.data, _constant(other).data))

    def __lt__(self, other):
        return self._compare(other, lambda a, b: a < b)

    def __le__(self, other):
        return self._compare(other, lambda a, b: a <= b)

    def __gt__(self, other):
        return self._compare(other, lambda a, b: a > b)

    def __ge__(self, other):
        return self._compare(other, lambda a, b: a >= b)

    def __eq__(self, other):
        return self._compare(other, lambda a, b: a == b)

    def __ne__(self, other):
        return self._compare(other, lambda a, b: a != b)

    # ----------------------------------------------------------------- shapes
    def __getitem__(self, key) -> Tensor:
        if isinstance(key, Tensor):
            key = key.data
        elif isinstance(key, tuple):
            key = tuple(k.data if isinstance(k, Tensor) else k for k in key)
        out = Tensor(self.data[key], parents=(self,))

        def backward():  # scatter the gradient back; repeated indices add up
            g = xp.zeros_like(self.data)
            backend.index_add(g, key, out.grad)
            self.add_grad(g)

        out._backward = backward
        return out

    def reshape(self, *shape) -> Tensor:
        """The same values in a new shape (`-1` infers one axis).

        Examples:
            >>> tensor([1.0, 2.0, 3.0, 4.0]).reshape(2, 2).shape
            (2, 2)
        """
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        out = Tensor(xp.reshape(self.data, shape), parents=(self,))

        def backward():
            self.add_grad(xp.reshape(out.grad, self.data.shape))

        out._backward = backward
        return out

    @property
    def T(self) -> Tensor:
        """The tensor with its axes reversed (the transpose of a matrix).

        Examples:
            >>> tensor([[1.0, 2.0, 3.0]]).T.shape
            (3, 1)
        """
        axes = tuple(range(self.ndim))[::-1]
        out = Tensor(xp.permute_dims(self.data, axes), parents=(self,))

        def backward():  # reversing the axes is its own inverse
            self.add_grad(xp.permute_dims(out.grad, axes))

        out._backward = backward
        return out

    # ------------------------------------------------------------- reductions
    def _spread(self, g, axis, keepdims):
        """Give a reduced gradient its reduced axes back (as size 1), ready to broadcast."""
        if axis is None or keepdims:
            return g
        for a in sorted(x % self.ndim for x in ((axis,) if isinstance(axis, int) else axis)):
            g = xp.expand_dims(g, axis=a)
        return g

    def sum(self, axis=None, keepdims: bool = False) -> Tensor:
        r"""Sum over `axis` (all axes by default); $\partial L/\partial x_i = \partial L/\partial s$.

        Examples:
            >>> tensor([[1.0, 2.0], [3.0, 4.0]]).sum(axis=0).numpy()
            array([4., 6.], dtype=float32)
        """
        out = Tensor(xp.sum(self.data, axis=axis, keepdims=keepdims), parents=(self,))

        def backward():
            g = self._spread(out.grad, axis, keepdims)
            self.add_grad(xp.broadcast_to(g, self.data.shape))

        out._backward = backward
        return out

    def mean(self, axis=None, keepdims: bool = False) -> Tensor:
        r"""Mean over `axis` (all axes by default); each input gets $1/n$ of the gradient.

        Examples:
            >>> tensor([[1.0, 2.0], [3.0, 4.0]]).mean().item()
            2.5
        """
        axes = range(self.ndim) if axis is None else (axis,) if isinstance(axis, int) else axis
        n = math.prod(self.shape[a] for a in axes)
        out = Tensor(xp.sum(self.data, axis=axis, keepdims=keepdims) / n, parents=(self,))

        def backward():
            g = self._spread(out.grad, axis, keepdims)
            self.add_grad(xp.broadcast_to(g / n, self.data.shape))

        out._backward = backward
        return out

    def max(self, axis=None, keepdims: bool = False) -> Tensor:
        r"""Maximum over `axis` (all axes by default).

        The gradient goes to the position of the maximum; when several
        positions tie, they share it equally (as `torch.amax`).

        Examples:
            >>> tensor([[1.0, 5.0], [3.0, 4.0]]).max(axis=1).numpy()
            array([5., 4.], dtype=float32)
        """
        top = xp.max(self.data, axis=axis, keepdims=True)
        value = top if keepdims else (xp.reshape(top, ()) if axis is None else xp.squeeze(top, axis=axis))
        out = Tensor(value, parents=(self,))

        def backward():
            winners = xp.astype(self.data == top, self.data.dtype)
            share = winners / xp.sum(winners, axis=axis, keepdims=True)
            self.add_grad(share * self._spread(out.grad, axis, keepdims))

        out._backward = backward
        return out

    # ---------------------------------------------------------- elementwise
    def exp(self) -> Tensor:
        r"""Elementwise $e^x$; its derivative is itself.

        Examples:
            >>> tensor([0.0, 1.0]).exp().numpy().round(4)
            array([1.    , 2.7183], dtype=float32)
        """
        out = Tensor(xp.exp(self.data), parents=(self,))

        def backward():
            self.add_grad(out.grad * out.data)

        out._backward = backward
        return out

    def log(self) -> Tensor:
        r"""Elementwise natural logarithm; $\frac{d}{dx}\log x = 1/x$.

        Examples:
            >>> tensor([1.0, 4.0]).log().numpy().round(4)
            array([0.    , 1.3863], dtype=float32)
        """
        out = Tensor(xp.log(self.data), parents=(self,))

        def backward():
            self.add_grad(out.grad / self.data)

        out._backward = backward
        return out

    def abs(self) -> Tensor:
        r"""Elementwise $|x|$, with derivative $\operatorname{sign}(x)$ (0 at 0, as PyTorch).

        Examples:
            >>> tensor([-2.0, 3.0]).abs().numpy()
            array([2., 3.], dtype=float32)
        """
        out = Tensor(xp.abs(self.data), parents=(self,))

        def backward():
            self.add_grad(out.grad * xp.sign(self.data))

        out._backward = backward
        return out


def _topological_order(root: Tensor) -> list:
    """Every tensor that `root` depends on and that requires grad, each after its parents.

    A tensor is always created after the tensors it is computed from, so the
    order of creation is a topological order: collect the graph, then sort.
    """
    nodes, stack = {root}, [root]
    while stack:
        for parent in stack.pop()._parents:
            if parent.requires_grad and parent not in nodes:  # constants take no gradient
                nodes.add(parent)
                stack.append(parent)
    return sorted(nodes, key=operator.attrgetter("_seq"))


def tensor(data, requires_grad: bool = False, dtype=None) -> Tensor:
    """Make a [`Tensor`][dlref.autograd.Tensor] from a number, a list or an array.

    Args:
        data: the values.
        requires_grad: whether gradients should flow to it.
        dtype: e.g. `"float64"`; by default numbers and lists get the default
            floating dtype and arrays keep theirs.

    Examples:
        >>> tensor([[1, 2], [3, 4]], dtype="float64").numpy()
        array([[1., 2.],
               [3., 4.]])
    """
    if isinstance(dtype, str):
        dtype = getattr(xp, dtype)
    return Tensor(backend.asarray(data, dtype=dtype), requires_grad=requires_grad)


class GradcheckError(AssertionError):
    """An analytic gradient disagrees with its finite-difference estimate.

    Examples:
        >>> def square(x):                        # x^2, with a wrong backward: 3x
        ...     y = Tensor(x.data**2, parents=(x,))
        ...     y._backward = lambda: x.add_grad(y.grad * 3 * x.data)
        ...     return y
        >>> x = tensor([1.0], requires_grad=True, dtype="float64")
        >>> gradcheck(lambda x: square(x).sum(), [x])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        dlref.autograd.GradcheckError: gradcheck: input 0 at index (0,): analytic gradient 3, numeric 2 ...
    """


def gradcheck(fn, inputs, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3) -> bool:
    r"""Compare the gradients of `fn` with central finite differences, in float64.

    For every element $x_i$ of every input that requires grad,

    $$\frac{\partial L}{\partial x_i} \approx
      \frac{L(x + \varepsilon e_i) - L(x - \varepsilon e_i)}{2\varepsilon},$$

    where $L$ is `fn`'s output if it is a single value, and otherwise its dot
    product with a fixed random tensor (which checks a random combination of
    the rows of the Jacobian). The check passes when
    $|\text{analytic} - \text{numeric}| \le \text{atol} + \text{rtol}\,|\text{numeric}|$
    everywhere. The inputs' `.grad` are left as they were.

    Args:
        fn: a function of the inputs returning a `Tensor`.
        inputs: float64 tensors; those with `requires_grad=True` are checked.
        eps: the finite-difference step $\varepsilon$.
        atol: absolute tolerance.
        rtol: relative tolerance.

    Returns:
        True.

    Raises:
        GradcheckError: naming the input, the index and both values.
        ValueError: an input is not a float64 tensor, or none requires grad.

    Examples:
        >>> x = tensor([0.5, -1.0], requires_grad=True, dtype="float64")
        >>> gradcheck(lambda x: (x * x.exp()).sum(), [x])
        True
    """
    inputs = list(inputs)
    for i, x in enumerate(inputs):
        if not isinstance(x, Tensor) or x.dtype != xp.float64:
            kind = x.dtype if isinstance(x, Tensor) else type(x).__name__
            raise ValueError(f"gradcheck(): input {i} must be a float64 Tensor, got {kind}")
    checked = [i for i, x in enumerate(inputs) if x.requires_grad]
    if not checked:
        raise ValueError("gradcheck(): no input has requires_grad=True")
    saved = [x.grad for x in inputs]
    out = fn(*inputs)
    mix = np.ones(out.shape) if out.size == 1 else np.random.default_rng(0).standard_normal(out.shape)
    weights = backend.asarray(mix, xp.float64)

    def objective() -> float:
        with no_grad():
            return float(xp.sum(fn(*inputs).data * weights))

    for x in inputs:
        x.grad = None
    (out * Tensor(weights)).sum().backward()
    analytic = [backend.to_numpy(x.grad) if x.grad is not None else np.zeros(x.shape)
                for x in inputs]
    try:
        for i in checked:
            x = inputs[i]
            for index in np.ndindex(*x.shape):
                original = float(x.data[index])
                x.data[index] = original + eps
                plus = objective()
                x.data[index] = original - eps
                minus = objective()
                x.data[index] = original
                numeric = (plus - minus) / (2 * eps)
                exact = float(analytic[i][index])
                if abs(exact - numeric) > atol + rtol * abs(numeric):
                    raise GradcheckError(
                        f"gradcheck: input {i} at index {index}: analytic gradient "
                        f"{exact:.10g}, numeric {numeric:.10g} (difference "
                        f"{abs(exact - numeric):.3g} > atol + rtol*|numeric| = "
                        f"{atol + rtol * abs(numeric):.3g})"
                    )
    finally:
        for x, g in zip(inputs, saved):
            x.grad = g
    return True
