r"""Joining tensors: [`concat`][dlref.joining.concat] along an existing axis, [`stack`][dlref.joining.stack] along a new one.

A model that builds its input from pieces (a sequence from a first input and
zeros, a batch of states from the states of each step) joins tensors, and the
gradient has to find its way back to each piece: it is the piece's own slice
of the result's gradient.

Examples:
    >>> from dlref import tensor
    >>> a = tensor([[1.0, 2.0]], requires_grad=True)
    >>> y = concat([a, stack([a[0], a[0]])], axis=0)   # a's row three times
    >>> y.sum().backward(); a.grad
    array([[3., 3.]], dtype=float32)
"""

from __future__ import annotations

import itertools

from dlref import checks
from dlref.autograd import Tensor, tensor  # noqa: F401  (tensor: for the examples)
from dlref.backend import xp

__all__ = ["concat", "stack"]


def _axis_slices(ndim: int, axis: int, bounds) -> list:
    """For each `(start, stop)`, the index that picks that range along `axis` of an `ndim`-array."""
    return [(slice(None),) * (axis % ndim) + (slice(start, stop),) for start, stop in bounds]


def _joined(who: str, tensors) -> list:
    """The tensors to concat or stack: a non-empty list or tuple of Tensors (arrays become Tensors)."""
    if not (isinstance(tensors, (list, tuple)) and tensors):
        checks.fail(who, "tensors", "a non-empty list of Tensors", repr(tensors))
    return [t if isinstance(t, Tensor) else Tensor(checks.array(who, f"tensors[{i}]", t, dtype="numbers", finite=False))
            for i, t in enumerate(tensors)]


def concat(tensors, axis: int = 0) -> Tensor:
    r"""Join tensors along an existing axis (the array API's `concat`, PyTorch's `cat`).

    Each input's gradient is its own slice of the output's:
    $\partial L/\partial x^{(k)} = \big(\partial L/\partial y\big)_{\text{rows of } x^{(k)}}$.

    Args:
        tensors: Tensors (or arrays, which take no gradient) with equal shapes
            except along `axis`.
        axis: the axis to join along.

    Examples:
        >>> a, b = tensor([[1.0, 2.0]], requires_grad=True), tensor([[3.0, 4.0], [5.0, 6.0]])
        >>> y = concat([a, b], axis=0); y.shape
        (3, 2)
        >>> (y * y).sum().backward(); a.grad
        array([[2., 4.]], dtype=float32)
    """
    tensors = _joined("concat()", tensors)
    try:
        out = Tensor(xp.concat([t.data for t in tensors], axis=axis), parents=tuple(tensors))
    except (ValueError, TypeError, IndexError):
        checks.fail("concat()", "tensors", f"of one shape except along axis {axis!r} (an axis they have)",
              f"shapes {[t.shape for t in tensors]}")
    ends = list(itertools.accumulate(t.shape[axis] for t in tensors))
    pieces = _axis_slices(out.ndim, axis, zip([0] + ends[:-1], ends))

    def backward():
        for t, piece in zip(tensors, pieces):
            t.add_grad(out.grad[piece])

    out._backward = backward
    return out


def stack(tensors, axis: int = 0) -> Tensor:
    r"""Join tensors of one shape along a new axis: `stack([a, b])[k]` is the k-th tensor.

    Each input's gradient is its slice $k$ of the output's along the new axis.

    Args:
        tensors: Tensors (or arrays, which take no gradient) of one shape.
        axis: the position of the new axis in the result.

    Examples:
        >>> h1, h2 = tensor([1.0, 2.0], requires_grad=True), tensor([3.0, 4.0])
        >>> y = stack([h1, h2], axis=1); y.numpy()
        array([[1., 3.],
               [2., 4.]], dtype=float32)
        >>> y.sum().backward(); h1.grad
        array([1., 1.], dtype=float32)
    """
    tensors = _joined("stack()", tensors)
    try:
        out = Tensor(xp.stack([t.data for t in tensors], axis=axis), parents=tuple(tensors))
    except (ValueError, TypeError, IndexError):
        checks.fail("stack()", "tensors", f"of one shape, stacked along axis {axis!r} (at most their ndim)",
              f"shapes {[t.shape for t in tensors]}")
    pieces = _axis_slices(out.ndim, axis, [(k, k + 1) for k in range(len(tensors))])

    def backward():
        for t, piece in zip(tensors, pieces):
            t.add_grad(xp.reshape(out.grad[piece], t.data.shape))

    out._backward = backward
    return out
