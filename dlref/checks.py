r"""How dlref checks what it is given: one wording for every bad argument.

A teaching library's error message is part of the lesson. Every public
callable of dlref checks its arguments with the functions below, so that
every message has the same four parts: **who** (the callable, e.g.
`Linear` or `fit()`), **which argument**, **what was expected** (in the
notes' symbols where they help) and **what came**:

```
ValueError: SGD: expected lr (α) to be a number >= 0, got -0.1
ValueError: Conv2d: expected kernel_size to be an integer >= 1 or a pair of them, got (3, 0)
ValueError: Linear(3 -> 2): expected input to be of shape (N, 3), got shape (5, 4)
```

**One rule for the error's type: always `ValueError`**, a wrong type (a
string where a number belongs) as much as a wrong value, so that a student
catches one kind of error and reads one kind of message. (Indexing a tensor
out of range stays an `IndexError`, which Python's `for` loop relies on.)

Each check returns the value it accepted (converted where that is safe, e.g.
a numpy integer to an `int`, a list to an array), so a caller writes
`epochs = checks.integer("fit()", "epochs", epochs, low=1)`. Booleans are
never numbers here: `True` as a learning rate is a mistake, not a 1.

Values are checked where they enter: the data of `fit`, the losses, the
metrics and the functions that take arrays refuse NaN and infinity; layers
and activations, which run on every minibatch, check types and shapes only.

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

from dlref import backend
from dlref.autograd import Tensor

__all__ = ["fail", "integer", "number", "boolean", "one_of", "function", "int_pair",
           "increasing_integers", "tensors", "floating_tensor", "array", "labels", "shown"]


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
    expected = "an iterable of Tensors such as model.parameters()"
    if isinstance(values, Tensor):
        fail(who, name, expected, "a Tensor; wrap it in a list: [w]")
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__iter__"):
        fail(who, name, expected, shown(values))
    values = list(values)
    if not values:
        fail(who, name, expected, "an empty list")
    for i, value in enumerate(values):
        if not isinstance(value, Tensor):
            fail(who, f"{name}[{i}]", "a Tensor", shown(value))
    return values


def shown(value) -> str:
    """How a received value is shown in a message: its type and a short repr.

    Examples:
        >>> shown("3"), shown(None), shown(np.zeros((2, 3)))
        ("str '3'", 'None', 'ndarray of shape (2, 3)')
    """
    if value is None:
        return "None"
    if isinstance(value, (np.ndarray, Tensor)):
        return f"{type(value).__name__} of shape {tuple(value.shape)}"
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= 60 else text[:57] + '...'}"


def boolean(who: str, name: str, value) -> bool:
    """`value` if it is True or False (a numpy bool too), or the error: `shuffle="no"` is not False.

    Examples:
        >>> boolean("fit()", "shuffle", False)
        False
        >>> boolean("fit()", "shuffle", "no")
        Traceback (most recent call last):
        ValueError: fit(): expected shuffle to be True or False, got str 'no'
    """
    if not isinstance(value, (bool, np.bool_)):
        fail(who, name, "True or False", shown(value))
    return bool(value)


def function(who: str, name: str, value, expected: str):
    """`value` if it can be called, or the error describing the function expected.

    Examples:
        >>> function("fit()", "loss_fn", "mse", "a function loss_fn(y_hat, y) such as losses.mse_loss")
        Traceback (most recent call last):
        ValueError: fit(): expected loss_fn to be a function loss_fn(y_hat, y) such as losses.mse_loss, got str 'mse'
    """
    if not callable(value):
        fail(who, name, expected, shown(value))
    return value


def _shape_text(shape) -> str:
    """`(N, 3)` for the expected shape `("N", 3)`; `(N,)` for one axis."""
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def _fits(got: tuple, shape) -> bool:
    """Whether the shape `got` matches `shape`: ints must be equal, strings ("N") are free."""
    return len(got) == len(shape) and all(isinstance(n, str) or n == m for n, m in zip(shape, got))


def floating_tensor(who, name: str, value, shape=None, hint=None) -> Tensor:
    r"""`value` if it is a floating Tensor of the expected shape, or the error.

    The check of everything that runs on every minibatch (layers,
    activations, the fused ops, the losses): a type, a dtype and a shape, no
    pass over the values. It costs a few hundred nanoseconds when all is
    well; the message is only composed when it is not.

    Args:
        who: the callable's name, or the layer itself (its repr names it,
            e.g. `Linear(3 -> 2)`, and is made only for the message).
        name: the argument, e.g. `"input"`.
        value: what came.
        shape: the expected sizes, ints that must match and strings (`"N"`)
            that are free; None accepts any shape.
        hint: a function of `value` giving a likely fix for a wrong shape
            (or `""`), e.g. a layer's suggestion to reshape.

    Examples:
        >>> from dlref import tensor
        >>> floating_tensor("Linear(3 -> 2)", "input", tensor([[1.0, 2.0]]), ("N", 3))
        Traceback (most recent call last):
        ValueError: Linear(3 -> 2): expected input to be of shape (N, 3), got shape (1, 2)
        >>> floating_tensor("sigmoid()", "z", [1.0])
        Traceback (most recent call last):
        ValueError: sigmoid(): expected z to be a Tensor, got list [1.0]; wrap it with dlref.tensor(...)
    """
    if isinstance(value, Tensor) and backend.isdtype(value.data.dtype, "real floating"):
        if shape is None:
            return value  # the usual cases first, and fast: this runs for every layer call
        got = value.data.shape
        if len(got) == len(shape):
            for n, m in zip(shape, got):
                if n != m and n.__class__ is not str:
                    break
            else:
                return value
    who = who if isinstance(who, str) else repr(who)
    if not isinstance(value, Tensor):
        fail(who, name, "a Tensor", shown(value) + "; wrap it with dlref.tensor(...)")
    if not backend.isdtype(value.data.dtype, "real floating"):
        fail(who, name, "a floating Tensor", f"dtype {value.dtype}; convert it, "
             "e.g. dlref.tensor(data, dtype='float32')")
    fix = hint(value) if hint is not None else ""
    fail(who, name, f"of shape {_shape_text(shape)}", f"shape {value.shape}" + (f"; {fix}" if fix else ""))


DTYPES = {  # the kinds of array a check can ask for, and how the message names them
    "real": ("real numbers", ("b", "c", "O", "U", "S", "V", "M", "m")),
    "integer": ("integers", ("f", "c", "O", "U", "S", "V", "M", "m")),
    "numbers": ("numbers", ("c", "O", "U", "S", "V", "M", "m")),
}


def array(who: str, name: str, value, dtype: str = "real", shape=None, finite: bool = True,
          empty: bool = False, hint=None) -> np.ndarray:
    r"""`value` as a numpy array of real numbers (or integers) of the expected shape, or the error.

    Refused: what numpy cannot make an array of (ragged lists), None,
    strings, objects, complex numbers, booleans where numbers are needed
    (`dtype="real"`), floats where integers are (`dtype="integer"`, booleans
    allowed), a wrong number of axes or size, an empty array (unless
    `empty`), NaN or infinity (unless not `finite`).

    Args:
        who: the callable.
        name: the argument.
        value: an array-like.
        dtype: `"real"` (integers or floats), `"integer"` (integers or
            booleans) or `"numbers"` (integers, floats or booleans).
        shape: the expected sizes as in [`floating_tensor`][dlref.checks.floating_tensor],
            or a list of such shapes that are all accepted; None accepts any
            shape with at least one axis.
        finite: refuse NaN and infinity.
        empty: accept an array without elements.
        hint: a function of the array giving a likely fix for a wrong shape (or `""`).

    Examples:
        >>> array("standardize()", "X", [[1, 2], [3, 4]], shape=("N", "D")).shape
        (2, 2)
        >>> array("standardize()", "X", [[1.0, float("nan")]], shape=("N", "D"))
        Traceback (most recent call last):
        ValueError: standardize(): expected X to be finite numbers, got nan at index (0, 1)
        >>> array("one_hot()", "y", ["cat", "dog"], dtype="integer")
        Traceback (most recent call last):
        ValueError: one_hot(): expected y to be an array of integers, got dtype <U3 (e.g. 'cat')
    """
    kind, refused = DTYPES[dtype]
    if isinstance(value, Tensor):
        value = value.data
    if hasattr(value, "shape") and not isinstance(value, (np.ndarray, np.generic)):
        value = backend.to_numpy(value)  # an array of the backend (torch, cupy)
    try:
        a = np.asarray(value)
    except (ValueError, TypeError):  # ragged nested lists
        fail(who, name, f"an array of {kind}", shown(value) + ", which is not a rectangular array")
    if a.dtype.kind in refused:
        example = f" (e.g. {a.reshape(-1)[:1].tolist()[0]!r})" if a.size else ""
        fail(who, name, f"an array of {kind}", ("None" if value is None else f"dtype {a.dtype}")
             + ("" if value is None else example))
    shapes = [shape] if isinstance(shape, tuple) else shape
    if shapes is None:
        if a.ndim == 0:
            fail(who, name, "an array with one row per example", f"the scalar {value!r}")
    elif not any(_fits(a.shape, s) for s in shapes):
        fix = hint(a) if hint is not None else ""
        fail(who, name, "of shape " + " or ".join(map(_shape_text, shapes)),
             f"shape {a.shape}" + (f"; {fix}" if fix else ""))
    if not empty and a.size == 0:
        fail(who, name, "non-empty", f"shape {a.shape}")
    if finite and a.dtype.kind == "f":
        bad = ~np.isfinite(a)
        if bad.any():
            index = tuple(int(i) for i in np.argwhere(bad)[0])
            fail(who, name, "finite numbers",
                 f"{a[index]} at index {index[0] if len(index) == 1 else index}")
    return a


def labels(who: str, name: str, value, num_classes: int | None = None, shape=("N",),
           hint=None) -> np.ndarray:
    r"""Class labels as an int64 array: whole numbers, in $\{0, \dots, C-1\}$ when $C$ is given; or the error.

    Accepted: integers, booleans, and floats that are whole numbers (`1.0`).
    Refused: strings, complex numbers, NaN, infinity, fractions (a
    probability is not a label: threshold it first), and, when
    `num_classes` $C$ is given, labels outside $0 \dots C-1$.

    Examples:
        >>> labels("accuracy()", "y_true", [0, 1.0, True, -1])
        array([ 0,  1,  1, -1])
        >>> labels("accuracy()", "y_pred", [0.2, 0.9])
        Traceback (most recent call last):
        ValueError: accuracy(): expected y_pred to be class labels (whole numbers), got 0.2 at index 0; threshold probabilities first, e.g. (p > 0.5) or p.argmax(axis=1)
        >>> labels("cross_entropy()", "y", [0, 3], num_classes=3)
        Traceback (most recent call last):
        ValueError: cross_entropy(): expected y to be class labels in 0..2 (C = 3 classes), got 3 at index 1
    """
    a = array(who, name, value, dtype="numbers", shape=shape, hint=hint)
    if a.dtype.kind == "f":
        fractional = a != np.round(a)
        if fractional.any():
            i = int(np.argmax(fractional.reshape(-1)))
            fail(who, name, "class labels (whole numbers)", f"{a.reshape(-1)[i]} at index {i}; "
                 "threshold probabilities first, e.g. (p > 0.5) or p.argmax(axis=1)")
    if num_classes is not None:
        out = (a < 0) | (a > num_classes - 1)
        if out.any():
            i = int(np.argmax(out.reshape(-1)))
            fail(who, name, f"class labels in 0..{num_classes - 1} (C = {num_classes} classes)",
                 f"{a.reshape(-1)[i]} at index {i}")
    return a.astype(np.int64, copy=False)
