r"""How dlref checks what it is given: one wording for every bad argument.

A teaching library's error message is part of the lesson. Every public
callable of dlref checks its arguments with the functions below, so that
every message has the same four parts: **who** (the callable, e.g.
`Linear` or `fit()`), **which argument**, **what was expected** (in the
notes' symbols where they help) and **what came**:

```
ValueError: SGD: expected lr (α) to be a number >= 0, got -0.1
ValueError: Conv2d: expected kernel_size to be an integer >= 1 or a pair of them, got (3, 0)
```

Each check returns the value it accepted (converted where that is safe, e.g.
a numpy integer to an `int`), so a caller writes
`epochs = checks.integer("fit()", "epochs", epochs, low=1)`. Booleans are
never numbers here: `True` as a learning rate is a mistake, not a 1.

Examples:
    >>> integer("fit()", "epochs", 3, low=1)
    3
    >>> integer("fit()", "epochs", 0, low=1)
    Traceback (most recent call last):
    ValueError: fit(): expected epochs to be an integer >= 1, got 0
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = ["fail", "integer", "number", "one_of", "int_pair", "increasing_integers", "tensors"]


def fail(who: str, name: str, expected: str, got: str) -> None:
    """Raise the one error of dlref: `ValueError("<who>: expected <name> to be <expected>, got <got>")`.

    Args:
        who: the callable, e.g. `"Linear"` or `"fit()"`.
        name: the argument, possibly with its symbol, e.g. `"lr (α)"`.
        expected: what would have been accepted.
        got: what came, as text: a value's `repr`, or a description such as `"shape (5, 4)"`.

    Examples:
        >>> fail("PCA.fit()", "X", "of shape (N, D)", "shape (3,)")
        Traceback (most recent call last):
        ValueError: PCA.fit(): expected X to be of shape (N, D), got shape (3,)
    """
    raise ValueError(f"{who}: expected {name} to be {expected}, got {got}")


def _is_integer(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def _bounds(low, high, low_open: bool = False, high_open: bool = False) -> str:
    """`">= 1"`, `"in [0, 1)"`, or `""` when there are no bounds."""
    if low is not None and high is not None:
        return f"in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    if low is not None:
        return f"{'>' if low_open else '>='} {low:g}"
    if high is not None:
        return f"{'<' if high_open else '<='} {high:g}"
    return ""


def integer(who: str, name: str, value, low: int | None = None, high: int | None = None) -> int:
    """`value` as an `int` in `[low, high]` (either bound may be None), or the error.

    Examples:
        >>> integer("KMeans", "n_clusters", np.int64(3), low=1)
        3
        >>> integer("LeNet", "image_size", 2.0, low=4)
        Traceback (most recent call last):
        ValueError: LeNet: expected image_size to be an integer >= 4, got 2.0
    """
    if not (_is_integer(value) and (low is None or value >= low) and (high is None or value <= high)):
        fail(who, name, f"an integer {_bounds(low, high)}".rstrip(), repr(value))
    return int(value)


def number(who: str, name: str, value, low: float | None = None, high: float | None = None, *,
           low_open: bool = False, high_open: bool = False) -> float:
    """`value` as a finite `float` within the bounds (open with `low_open`/`high_open`), or the error.

    Examples:
        >>> number("Dropout", "p", 0.5, low=0, high=1, high_open=True)
        0.5
        >>> number("SGD", "lr (α)", float("nan"), low=0)
        Traceback (most recent call last):
        ValueError: SGD: expected lr (α) to be a number >= 0, got nan
    """
    ok = isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))
    ok = ok and math.isfinite(value)
    if ok and low is not None:
        ok = value > low if low_open else value >= low
    if ok and high is not None:
        ok = value < high if high_open else value <= high
    if not ok:
        fail(who, name, f"a number {_bounds(low, high, low_open, high_open)}".rstrip(), repr(value))
    return float(value)


def one_of(who: str, name: str, value, options):
    """`value` if it is one of `options` (compared with `==`), or the error listing them.

    Examples:
        >>> one_of("RNN", "nonlinearity", "sigmoid", ("tanh", "relu"))
        Traceback (most recent call last):
        ValueError: RNN: expected nonlinearity to be one of 'tanh', 'relu', got 'sigmoid'
    """
    options = tuple(options)
    if not (isinstance(value, (str, bool, int, float, type(None))) and value in options):
        fail(who, name, "one of " + ", ".join(map(repr, options)), repr(value))
    return value


def int_pair(who: str, name: str, value, low: int) -> tuple:
    """An int or a pair of ints, each >= `low`, as a pair `(for the height, for the width)`.

    Examples:
        >>> int_pair("Conv2d", "stride", 2, low=1)
        (2, 2)
        >>> int_pair("Conv2d", "kernel_size", (3, 0), low=1)
        Traceback (most recent call last):
        ValueError: Conv2d: expected kernel_size to be an integer >= 1 or a pair of them, got (3, 0)
    """
    pair = (value, value) if _is_integer(value) else value
    if not (isinstance(pair, (tuple, list)) and len(pair) == 2
            and all(_is_integer(v) and v >= low for v in pair)):
        fail(who, name, f"an integer >= {low} or a pair of them", repr(value))
    return int(pair[0]), int(pair[1])


def increasing_integers(who: str, name: str, values, low: int, high: int | None = None) -> np.ndarray:
    """A non-empty, strictly increasing sequence of integers in `[low, high]`, as an int64 array.

    Examples:
        >>> increasing_integers("double_descent()", "n_features", range(1, 4), low=1)
        array([1, 2, 3])
        >>> increasing_integers("universal_approximation()", "widths", [4, 2], low=1)
        Traceback (most recent call last):
        ValueError: universal_approximation(): expected widths to be increasing integers >= 1, got [4, 2]
    """
    shown = list(values) if isinstance(values, (range, tuple)) else values
    array = np.asarray(values) if not isinstance(values, (str, dict, set)) else np.asarray(None)
    ok = (array.ndim == 1 and len(array) > 0 and np.issubdtype(array.dtype, np.integer)
          and array.min() >= low and (high is None or array.max() <= high)
          and bool(np.all(np.diff(array) > 0)))
    if not ok:
        fail(who, name, f"increasing integers {_bounds(low, high)}", repr(shown))
    return array.astype(np.int64)


def tensors(who: str, name: str, values) -> list:
    """A non-empty iterable of Tensors (e.g. `model.parameters()`) as a list, or the error.

    Examples:
        >>> from dlref import tensor
        >>> len(tensors("SGD", "params", [tensor([1.0]), tensor([2.0])]))
        2
        >>> tensors("SGD", "params", tensor([1.0]))
        Traceback (most recent call last):
        ValueError: SGD: expected params to be an iterable of Tensors such as model.parameters(), got a Tensor; wrap it in a list: [w]
    """
    from dlref.autograd import (
        Tensor,  # autograd imports this module: a module-level import would loop
    )

    expected = "an iterable of Tensors such as model.parameters()"
    if isinstance(values, Tensor):
        fail(who, name, expected, "a Tensor; wrap it in a list: [w]")
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__iter__"):
        fail(who, name, expected, f"{type(values).__name__} {values!r}")
    values = list(values)
    if not values:
        fail(who, name, expected, "an empty list")
    for i, value in enumerate(values):
        if not isinstance(value, Tensor):
            fail(who, f"{name}[{i}]", "a Tensor", f"{type(value).__name__} {value!r}")
    return values
