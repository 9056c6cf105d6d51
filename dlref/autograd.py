r"""Define-by-run automatic differentiation: `Tensor`, `backward()`, `no_grad`, the recorded `graph`.

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

__all__ = ["Tensor", "tensor", "no_grad", "is_grad_enabled", "graph"]

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


def _fail(who: str, name: str, expected: str, got: str) -> None:
    """Raise dlref's one error ([`checks.fail`][dlref.checks.fail]); checks imports this module, so it loads here, on error only."""
    from dlref import checks

    checks.fail(who, name, expected, got)


DTYPES = ("float32", "float64", "int32", "int64", "bool")  # the dtypes tensor() takes by name


def _leaf_array(data, dtype=None, who: str = "Tensor"):
    """`data` as a backend array of real numbers or booleans in `dtype`; values it cannot hold are refused."""
    if isinstance(data, Tensor):
        data = data.data
    if data is None:  # numpy would make it NaN, or an object array
        _fail(who, "data", "numbers: a number, a rectangular list of numbers or an array", "None")
    if isinstance(dtype, str):
        if dtype not in DTYPES:
            _fail(who, "dtype", "one of " + ", ".join(map(repr, DTYPES)), repr(dtype))
        dtype = getattr(xp, dtype)
    if dtype is None and hasattr(data, "dtype") and hasattr(data, "shape"):
        data = backend.asarray(data)  # an array: moved to the backend, its dtype kept
    else:  # numbers and lists, or a new dtype: numpy's conversion, with its errors raised
        try:
            with np.errstate(over="raise", invalid="raise"):
                data = backend.asarray(data, dtype=dtype)
        except FloatingPointError:
            _fail(who, "data", f"values that fit in {np.dtype(dtype).name}",
                  "values outside its range or NaN; keep float64 (dtype='float64')")
        except (ValueError, TypeError):
            got = repr(data) if len(repr(data)) <= 60 else repr(data)[:57] + "..."
            _fail(who, "data", "numbers: a number, a rectangular list of numbers or an array",
                  f"{type(data).__name__} {got}")
    if not backend.isdtype(data.dtype, ("bool", "integral", "real floating")):
        _fail(who, "data", "real numbers or booleans", f"dtype {data.dtype}")
    return data


def _apply(symbol: str, op, a: Tensor, b: Tensor):
    """`op(a.data, b.data)`; operands whose shapes do not fit get an error naming the operation."""
    try:
        return op(a.data, b.data)
    except ValueError:  # numpy's own message names neither the operation nor the tensors
        expected = ("of shapes (..., n, k) and (..., k, m)" if symbol == "@"
                    else "of broadcastable shapes (equal or 1, axis by axis from the right)")
        _fail(f"Tensor {symbol}", "the operands", expected, f"shapes {a.shape} and {b.shape}")


def _check_axis(who: str, axis, ndim: int) -> None:
    """`axis` is an integer or a tuple of distinct integers, each in [-ndim, ndim)."""
    axes = axis if isinstance(axis, tuple) else (axis,)
    if not (all(isinstance(a, (int, np.integer)) and not isinstance(a, bool) and -ndim <= a < ndim
                for a in axes) and len({a % ndim for a in axes}) == len(axes)):
        _fail(who, "axis", f"None, an integer or a tuple of distinct integers in [{-ndim}, {ndim})",
              repr(axis))


def _is_basic_index(key) -> bool:
    """Whether `key` is basic indexing (integers, slices, `...`, `None`), which picks each element at most once."""
    for k in key if isinstance(key, tuple) else (key,):
        if not (k is None or k is Ellipsis or isinstance(k, slice)
                or (isinstance(k, (int, np.integer)) and not isinstance(k, bool))):
            return False
    return True


def _operand(value, like: Tensor) -> Tensor:
    """The other operand of an operation on `like`, as a Tensor that takes no gradient.

    A Tensor stays as it is. A Python number takes `like`'s dtype when it fits
    (a float with a floating tensor, an int with an integer one), as numpy
    treats a bare number, so `float32_tensor * 0.5` stays float32; an array or
    a list becomes a Tensor as `tensor()` makes it.
    """
    if isinstance(value, Tensor):
        return value
    if isinstance(value, (int, float)):
        kind = "real floating" if isinstance(value, float) else "integral"
        fits = backend.isdtype(like.dtype, kind) or (kind == "integral"
                                                       and backend.isdtype(like.dtype, "real floating"))
        return Tensor(backend.asarray(value, dtype=like.dtype if fits else None))
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
        data = _leaf_array(data)
        if not isinstance(requires_grad, (bool, np.bool_)):
            _fail("Tensor", "requires_grad", "True or False", repr(requires_grad))
        if requires_grad and not backend.isdtype(data.dtype, "real floating"):
            _fail("Tensor", "data", "floating to require grad", f"dtype {data.dtype}")
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
            _fail("item()", "the tensor", "of one element", f"shape {self.shape}")
        return self.numpy().reshape(-1)[0].item()

    @property
    def op(self) -> str | None:
        """The operation that made this tensor, or `None` for a tensor made from data.

        It is the name of the function whose `backward` closure the tensor
        carries: `"mul"` for `a * b` (from `Tensor.__mul__`), `"sigmoid"` for
        [`sigmoid`][dlref.activations.sigmoid].

        Examples:
            >>> w = tensor([1.0], requires_grad=True)
            >>> (w * 2).op, (w * 2).sum().op, w.op
            ('mul', 'sum', None)
        """
        if self._backward is None:
            return None
        return self._backward.__qualname__.split(".<locals>")[0].rsplit(".", 1)[-1].strip("_")

    def detach(self) -> Tensor:
        """The same values, cut off from the graph (no grad flows through it).

        Examples:
            >>> tensor([1.0], requires_grad=True).detach().requires_grad
            False
        """
        return Tensor(self.data)

    def __len__(self) -> int:
        if self.ndim == 0:
            _fail("len()", "the tensor", "of at least one axis", "shape ()")
        return self.shape[0]

    def __float__(self) -> float:
        """The value of a one-element tensor as a float: `float(loss)`."""
        return float(self.item())

    def __bool__(self) -> bool:
        """The truth of a one-element tensor, so that `if (x > 0).sum():` branches on data."""
        if self.size != 1:
            _fail("bool()", "the tensor", "of one element (the truth of several is ambiguous)",
                  f"shape {self.shape}; reduce it first, e.g. with .sum() or .max()")
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
            grad = _leaf_array(grad, self.data.dtype, "backward()")
            if tuple(grad.shape) != self.shape:
                _fail("backward()", "grad", f"of the output's shape {self.shape}",
                      f"shape {tuple(grad.shape)}")
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
        other = _operand(other, self)
        out = Tensor(_apply("+", operator.add, self, other), parents=(self, other))

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
        other = _operand(other, self)
        out = Tensor(_apply("-", operator.sub, self, other), parents=(self, other))

        def backward():
            self.add_grad(out.grad)
            other.add_grad(-out.grad)

        out._backward = backward
        return out

    def __rsub__(self, other) -> Tensor:
        return _operand(other, self) - self

    def __mul__(self, other) -> Tensor:
        other = _operand(other, self)
        out = Tensor(_apply("*", operator.mul, self, other), parents=(self, other))

        def backward():  # a constant (e.g. a mask) needs no gradient: skip its product
            if self.requires_grad:
                self.add_grad(out.grad * other.data)
            if other.requires_grad:
                other.add_grad(out.grad * self.data)

        out._backward = backward
        return out

    def __rmul__(self, other) -> Tensor:
        return self * other

    def __truediv__(self, other) -> Tensor:
        other = _operand(other, self)
        out = Tensor(_apply("/", operator.truediv, self, other), parents=(self, other))

        def backward():  # d(a/b)/da = 1/b, d(a/b)/db = -a/b^2
            self.add_grad(out.grad / other.data)
            if other.requires_grad:
                other.add_grad(-out.grad * out.data / other.data)

        out._backward = backward
        return out

    def __rtruediv__(self, other) -> Tensor:
        return _operand(other, self) / self

    def __pow__(self, exponent) -> Tensor:
        exponent = _operand(exponent, self)
        out = Tensor(_apply("**", operator.pow, self, exponent), parents=(self, exponent))

        def backward():  # d(x^p)/dx = p x^(p-1), d(x^p)/dp = x^p log x
            if self.requires_grad:
                self.add_grad(out.grad * exponent.data * self.data ** (exponent.data - 1))
            if exponent.requires_grad:
                exponent.add_grad(out.grad * out.data * xp.log(self.data))

        out._backward = backward
        return out

    def __rpow__(self, base) -> Tensor:
        return _operand(base, self) ** self

    def __matmul__(self, other) -> Tensor:
        other = _operand(other, self)
        A, B = self, other
        out = Tensor(_apply("@", operator.matmul, A, B), parents=(A, B))

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
        return _operand(other, self) @ self

    # ------------------------------------------------------------ comparisons
    def _compare(self, other, op) -> Tensor:
        """Elementwise comparison: a boolean tensor, outside the graph."""
        return Tensor(_apply("comparison", op, self, _operand(other, self)))

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
        try:
            out = Tensor(self.data[key], parents=(self,))
        except IndexError as e:  # an IndexError still: a for loop over a tensor stops on it
            raise IndexError(f"Tensor of shape {self.shape}: {e}") from None
        basic = _is_basic_index(key)

        def backward():  # scatter the gradient back; repeated indices add up
            g = xp.zeros_like(self.data)
            if basic:  # each element picked at most once: a plain assignment
                g[key] = out.grad
            else:
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
        try:
            out = Tensor(xp.reshape(self.data, shape), parents=(self,))
        except (ValueError, TypeError):
            _fail("Tensor.reshape()", "shape", f"integers with a product of {self.size} "
                  "(one of them may be -1)", repr(shape))

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

    def broadcast_to(self, shape) -> Tensor:
        r"""The values repeated along new or size-1 axes to `shape`, by numpy's broadcasting rules.

        Every copy of a value receives a gradient, so the backward pass sums
        them: $\partial L/\partial x_i = \sum_{\text{copies } j \text{ of } x_i} \partial L/\partial y_j$.

        Examples:
            >>> c = tensor([[1.0, 2.0]], requires_grad=True)   # (1, 2)
            >>> y = c.broadcast_to((3, 2)); y.sum().backward()
            >>> y.shape, c.grad                                # each value used 3 times
            ((3, 2), array([[3., 3.]], dtype=float32))
        """
        try:
            out = Tensor(xp.broadcast_to(self.data, tuple(shape)), parents=(self,))
        except (ValueError, TypeError):
            _fail("Tensor.broadcast_to()", "shape", f"a shape that {self.shape} broadcasts to "
                  "(new axes in front, size-1 axes stretched)", repr(shape))

        def backward():  # add_grad sums over the broadcast axes
            self.add_grad(out.grad)

        out._backward = backward
        return out

    # ------------------------------------------------------------- reductions
    def _unreduce(self, g, axis, keepdims):
        """Give a reduced gradient its reduced axes back (as size 1), ready to broadcast."""
        if axis is None or keepdims:
            return g
        reduced = {a % self.ndim for a in ((axis,) if isinstance(axis, int) else axis)}
        return xp.reshape(g, tuple(1 if a in reduced else n for a, n in enumerate(self.data.shape)))

    def sum(self, axis=None, keepdims: bool = False) -> Tensor:
        r"""Sum over `axis` (all axes by default); $\partial L/\partial x_i = \partial L/\partial s$.

        Examples:
            >>> tensor([[1.0, 2.0], [3.0, 4.0]]).sum(axis=0).numpy()
            array([4., 6.], dtype=float32)
        """
        if axis is not None:
            _check_axis("Tensor.sum()", axis, self.ndim)
        out = Tensor(xp.sum(self.data, axis=axis, keepdims=keepdims), parents=(self,))

        def backward():
            g = self._unreduce(out.grad, axis, keepdims)
            self.add_grad(xp.broadcast_to(g, self.data.shape))

        out._backward = backward
        return out

    def mean(self, axis=None, keepdims: bool = False) -> Tensor:
        r"""Mean over `axis` (all axes by default); each input gets $1/n$ of the gradient.

        Examples:
            >>> tensor([[1.0, 2.0], [3.0, 4.0]]).mean().item()
            2.5
        """
        if axis is not None:
            _check_axis("Tensor.mean()", axis, self.ndim)
        axes = range(self.ndim) if axis is None else (axis,) if isinstance(axis, int) else axis
        n = math.prod(self.shape[a] for a in axes)
        out = Tensor(xp.sum(self.data, axis=axis, keepdims=keepdims) / n, parents=(self,))

        def backward():
            g = self._unreduce(out.grad, axis, keepdims)
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
        if axis is not None:
            _check_axis("Tensor.max()", axis, self.ndim)
        if self.size == 0:
            _fail("Tensor.max()", "the tensor", "non-empty (an empty tensor has no maximum)",
                  f"shape {self.shape}")
        top = xp.max(self.data, axis=axis, keepdims=True)
        value = top if keepdims else (xp.reshape(top, ()) if axis is None else xp.squeeze(top, axis=axis))
        out = Tensor(value, parents=(self,))

        def backward():
            winners = xp.astype(self.data == top, self.data.dtype)
            share = winners / xp.sum(winners, axis=axis, keepdims=True)
            self.add_grad(share * self._unreduce(out.grad, axis, keepdims))

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



def _ancestors(root: Tensor) -> list:
    """`root` and every tensor it was computed from, each after its parents.

    A tensor is always created after the tensors it is computed from, so the
    order of creation is a topological order: collect the graph, then sort.
    """
    nodes, stack = {root}, [root]
    while stack:
        for parent in stack.pop()._parents:
            if parent not in nodes:
                nodes.add(parent)
                stack.append(parent)
    return sorted(nodes, key=operator.attrgetter("_seq"))


def _topological_order(root: Tensor) -> list:
    """The tensors of `_ancestors(root)` that require grad: constants take no gradient."""
    return [node for node in _ancestors(root) if node.requires_grad]


def graph(root: Tensor) -> tuple[list, list]:
    r"""The computation graph recorded for `root`: its nodes and its edges, to print or draw.

    Every operation stores its inputs on its result, as the result's parents
    (see the module's introduction); this walks them back from `root`.

    Args:
        root: a tensor computed from tensors that require grad.

    Returns:
        `(nodes, edges)`. `nodes` are `root` and every tensor it was computed
        from, constants included, each after its parents (in creation order,
        so `nodes[-1]` is `root`); a node's [`op`][dlref.autograd.Tensor.op]
        names the operation that made it, `None` for an input. `edges` holds
        `(i, j)` for every input `nodes[i]` of the operation that made
        `nodes[j]`, in the order of that operation's arguments (twice for `x * x`).

    Examples:
        >>> w = tensor(2.0, requires_grad=True)
        >>> nodes, edges = graph(w * 3.0 + 1.0)
        >>> [node.op for node in nodes]
        [None, None, 'mul', None, 'add']
        >>> edges
        [(0, 2), (1, 2), (2, 4), (3, 4)]
    """
    if not isinstance(root, Tensor):
        _fail("graph()", "root", "a Tensor", f"{type(root).__name__} {root!r}")
    nodes = _ancestors(root)
    index = {id(node): i for i, node in enumerate(nodes)}
    edges = [(index[id(parent)], j) for j, node in enumerate(nodes) for parent in node._parents]
    return nodes, edges


def tensor(data, requires_grad: bool = False, dtype=None) -> Tensor:
    """Make a [`Tensor`][dlref.autograd.Tensor] from a number, a list or an array.

    Args:
        data: the values.
        requires_grad: whether gradients should flow to it.
        dtype: one of `"float32"`, `"float64"`, `"int32"`, `"int64"`, `"bool"`
            (or a dtype); by default numbers and lists get the default floating
            dtype and arrays keep theirs. Values that the dtype cannot hold
            (`1e300` in float32) are refused, not turned into inf.

    Examples:
        >>> tensor([[1, 2], [3, 4]], dtype="float64").numpy()
        array([[1., 2.],
               [3., 4.]])
    """
    return Tensor(_leaf_array(data, dtype, "tensor()"), requires_grad=requires_grad)
