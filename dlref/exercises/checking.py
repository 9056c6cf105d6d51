r"""The toolkit every exercise checker is written with.

A checker is a function of the reader's solution, registered with
[`exercise`][dlref.exercises.checking.exercise] under the exercise's ID. It
calls the solution with [`call`][dlref.exercises.checking.call] (a time
limit, copies of the inputs, a clear message when it raises, returns
nothing or cannot take the arguments), compares what came back with dlref's
reference with [`compare`][dlref.exercises.checking.compare] (type, shape,
values; a hint picked by which likely mistake the answer matches), checks a
gradient against [`finite_differences`][dlref.exercises.checking.finite_differences]
of the reference, and returns the list of what it verified, which the pass
message states. The first failed comparison raises
[`Mistake`][dlref.exercises.checking.Mistake], whose text the reader sees:
the input, what was expected, what came, a hint aimed at the mistake, never
the solution.

Checkers never compare the reader's function with itself: every expected
value comes from dlref or from finite differences of dlref's forward. They
draw their inputs from a seeded generator, so a message is the same on every
run, in CPython and in Pyodide.

Examples:
    >>> @exercise("demo/double", name="double", title="Double a vector")
    ... def _check_double(solution):
    ...     x = random_generator().standard_normal(3)
    ...     compare(call(solution, x), 2 * x, "double(x)", inputs={"x": x},
    ...             mistakes=[(x, "you returned x itself: multiply it by 2")])
    ...     return ["matches 2x on a vector of 3"]
    >>> print(run_checker("demo/double", lambda x: 2 * x).message)
    ✓ double: matches 2x on a vector of 3
    >>> print(run_checker("demo/double", lambda x: x).message)  # doctest: +ELLIPSIS
    ✗ double(x) is wrong
      input:    x = [ 0.1257 -0.1321  0.6404]
      expected: [ 0.2515 -0.2642  1.2808]
      got:      [ 0.1257 -0.1321  0.6404]
      hint:     you returned x itself: multiply it by 2
    >>> del REGISTRY["demo/double"]
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import importlib
import inspect
import os
import pkgutil
import sys
import sysconfig
import time
import traceback
from collections.abc import Callable

import numpy as np

from dlref import backend, checks
from dlref.autograd import Tensor, tensor
from dlref.finite_differences import numerical_gradient

__all__ = ["Result", "ExerciseFailed", "Mistake", "exercise", "check", "run_checker", "call", "compare",
           "finite_differences", "random_generator", "show", "TIME_LIMIT", "REGISTRY"]

TIME_LIMIT = 5.0
"""Seconds one call of the reader's code may run before it is stopped."""

SEED = 0
"""The seed of every checker's inputs: the same inputs, so the same messages, on every run."""


@dataclasses.dataclass(frozen=True)
class Exercise:
    """A registered exercise: its ID, its title, the name the reader's code defines, and its checker."""

    id: str
    title: str
    name: str
    checker: Callable


REGISTRY: dict[str, Exercise] = {}
"""Every exercise whose chapter module has been imported, by ID."""


class ExerciseFailed(Exception):
    """A solution did not pass its check; the exception's text is the failure message.

    Examples:
        >>> check("backprop/sigmoid-backward", lambda z, grad_out: grad_out).report()  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        dlref.exercises.checking.ExerciseFailed: ✗ sigmoid_backward(z, grad_out) is wrong for shape (5,)
        ...
    """


class Mistake(Exception):
    """Raised inside a checker: the solution is wrong, and the text says how (see `compare`)."""


class TimeLimit(BaseException):
    """The reader's code ran past `TIME_LIMIT` (a BaseException, so that `except Exception` in it cannot catch it)."""


@dataclasses.dataclass(frozen=True)
class Result:
    """What `check` found: `passed`, and the message that says what was verified or what is wrong.

    `str()` and `repr()` are the message, so a notebook cell ending in
    `check(...)` shows it; `bool()` is `passed`.

    Examples:
        >>> result = check("backprop/sigmoid-backward", lambda z, grad_out: grad_out * z)
        >>> bool(result), result.message.splitlines()[0]
        (False, '✗ sigmoid_backward(z, grad_out) is wrong for shape (5,)')
    """

    passed: bool
    message: str

    def __str__(self) -> str:
        return self.message

    __repr__ = __str__

    def __bool__(self) -> bool:
        return self.passed

    def report(self) -> None:
        """Print the message when passed; raise `ExerciseFailed(message)` when not (the page's Check button)."""
        if not self.passed:
            raise ExerciseFailed(self.message)
        print(self.message)


# ------------------------------------------------------------------ registration
def exercise(exercise_id: str, *, name: str, title: str = "") -> Callable:
    """Register the decorated function as the checker of `exercise_id`.

    Args:
        exercise_id: `"chapter/slug"`, the chapter being the page's file name without `.md`.
        name: the function or class the reader's code defines, e.g. `"sigmoid_backward"`.
        title: the exercise's title, for messages and the index.

    The checker takes the solution and returns a list of what it verified
    (short phrases, joined in the pass message), or raises `Mistake`. The
    same checker registered again (its module run anew, or a copy of it run
    in a notebook) takes its place; another checker under a taken ID is an error.
    """
    def register(checker: Callable) -> Callable:
        if exercise_id in REGISTRY and REGISTRY[exercise_id].checker.__qualname__ != checker.__qualname__:
            raise ValueError(f"exercise(): the ID {exercise_id!r} is registered twice")
        REGISTRY[exercise_id] = Exercise(exercise_id, title, name, checker)
        return checker
    return register


def chapters() -> list[str]:
    """The chapters that have checkers: one module of `dlref.exercises` each (`gradient_descent` → `gradient-descent`)."""
    package = os.path.dirname(__file__)
    return sorted(info.name.replace("_", "-") for info in pkgutil.iter_modules([package])
                  if info.name != "checking")


def load_chapter(chapter: str) -> list[str]:
    """Import the checkers of `chapter` (a page's file name without `.md`); the IDs of its exercises."""
    checks.one_of("check()", "the chapter of exercise_id", chapter, chapters())
    importlib.import_module(f"dlref.exercises.{chapter.replace('-', '_')}")
    return sorted(i for i in REGISTRY if i.split("/")[0] == chapter)


def _lookup(exercise_id) -> Exercise:
    if not isinstance(exercise_id, str) or exercise_id.count("/") != 1:
        checks.fail("check()", "exercise_id", "a string 'chapter/exercise', e.g. 'backprop/sigmoid-backward'",
                    checks.shown(exercise_id))
    known = load_chapter(exercise_id.split("/")[0])
    checks.one_of("check()", "exercise_id", exercise_id, known)
    return REGISTRY[exercise_id]


# ------------------------------------------------------------------ checking
def check(exercise_id: str, solution) -> Result:
    """Check the reader's `solution` to the exercise `exercise_id`.

    Args:
        exercise_id: `"chapter/slug"`, as the exercise's heading shows it.
        solution: the function or class the exercise asks for.

    Returns:
        A [`Result`][dlref.exercises.checking.Result]: passed with what was
        verified, or failed with the input, what was expected, what came and
        a hint. A solution that is not callable, cannot take the arguments,
        raises, returns None or the wrong type or shape, or runs past
        `TIME_LIMIT` seconds fails with a message saying so.

    Raises:
        ValueError: `exercise_id` is not the ID of an exercise (the message lists the chapter's IDs).

    Examples:
        >>> import numpy as np
        >>> def sigmoid_backward(z, grad_out):
        ...     s = 1 / (1 + np.exp(-z))
        ...     return grad_out * s * (1 - s)
        >>> check("backprop/sigmoid-backward", sigmoid_backward).passed
        True
        >>> check("backprop/sigmoid-backwards", sigmoid_backward)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ValueError: check(): expected exercise_id to be one of 'backprop/...', got 'backprop/sigmoid-backwards'
    """
    return run_checker(_lookup(exercise_id).id, solution)


def run_checker(exercise_id: str, solution) -> Result:
    """Run the registered checker of `exercise_id` on `solution` (`check` without loading the chapter)."""
    entry = REGISTRY[exercise_id]
    if not callable(solution):
        return Result(False, f"✗ {entry.name}: expected the function {entry.name} you defined, got "
                             f"{checks.shown(solution)}; pass the function itself: check({exercise_id!r}, {entry.name})")
    try:
        with _on_numpy():
            verified = entry.checker(solution)
    except Mistake as mistake:
        return Result(False, f"✗ {mistake}")
    return Result(True, f"✓ {entry.name}: " + "; ".join(verified))


@contextlib.contextmanager
def _on_numpy():
    """dlref's references computed with numpy, like the reader's code, whatever backend the session uses (a
    notebook on a GPU selects torch); the session's backend is restored after."""
    name, device = backend.name(), backend.device()
    if name == "numpy":
        yield
        return
    backend.use("numpy")
    try:
        yield
    finally:
        backend.use(name, getattr(device, "type", device))  # a torch.device is given back by its type, e.g. "cuda"


def random_generator(offset: int = 0) -> np.random.Generator:
    """The seeded generator a checker draws its inputs from (`offset` for a second, independent stream)."""
    return np.random.default_rng(SEED + offset)


_LIBRARY = (os.path.dirname(os.path.dirname(__file__)), sysconfig.get_paths()["stdlib"])  # dlref, Python's own


def _library_frame(filename: str) -> bool:
    """Whether code in this file is dlref's, numpy's or Python's own (not the reader's)."""
    return filename.startswith(_LIBRARY) or "site-packages" in filename


def _limited(function: Callable, args: tuple, kwargs: dict):
    """`function(*args, **kwargs)`, stopped with `TimeLimit` after TIME_LIMIT seconds of the reader's code.

    The clock is checked on every call and on every operation of the
    reader's code (sys.settrace, which Pyodide has too: no thread or signal
    is needed; operations, not lines, since `while True: pass` is one line
    that never ends). Library code runs untraced, at full speed.
    """
    deadline = time.monotonic() + TIME_LIMIT

    def on_step(frame, event, arg):
        if time.monotonic() > deadline:
            raise TimeLimit
        return on_step

    def on_call(frame, event, arg):
        if time.monotonic() > deadline:
            raise TimeLimit
        if _library_frame(frame.f_code.co_filename):
            return None
        frame.f_trace_opcodes = True
        return on_step

    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        return function(*args, **kwargs)
    finally:
        sys.settrace(previous)


def _where(error: BaseException) -> str:
    """`" (line 4: return z @ W)"`: the last line of the reader's code the error passed through, if known."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if not _library_frame(f.filename)]
    frames = [f for f in frames if f.filename != __file__]
    if not frames:
        return ""
    frame = frames[-1]
    return f" (line {frame.lineno}" + (f": {frame.line.strip()})" if frame.line else ")")


def call(solution: Callable, *args, name: str | None = None, inputs: dict | None = None, **kwargs):
    """`solution(*args, **kwargs)` as the reader's code, within the time limit, on copies of the arguments.

    Args:
        solution: the reader's function (or class, or method).
        *args: the arguments; arrays and other values are deep-copied, so a
            solution that writes into its input cannot change the checker's.
        name: how the call is named in messages, e.g. `"sigmoid_backward(z, grad_out)"`
            (default: the function's name).
        inputs: the inputs shown in a message, `{"z": z, ...}` (default: the arguments).
        **kwargs: keyword arguments, deep-copied as well.

    Returns:
        What the solution returned.

    Raises:
        Mistake: it cannot take these arguments, raised, returned None or ran past the time limit.
    """
    label = name or getattr(solution, "__name__", "your function")
    shown = inputs if inputs is not None else {f"argument {i + 1}": a for i, a in enumerate(args)} | kwargs
    try:
        signature = inspect.signature(solution)
    except (TypeError, ValueError):
        signature = None
    if signature is not None:
        try:
            signature.bind(*args, **kwargs)
        except TypeError as error:
            raise Mistake(f"{label} cannot be called as the checker calls it: {error}. Your definition is "
                          f"{getattr(solution, '__name__', label)}{signature}; keep the signature of the "
                          f"exercise's starting code") from None
    args, kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
    try:
        result = _limited(solution, args, kwargs)
    except TimeLimit:
        raise Mistake(_message(f"{label} ran for more than {TIME_LIMIT:g} s and was stopped", shown,
                               hint="an endless loop? Check that every loop ends (its counter moves, "
                                    "its condition can become false)")) from None
    except NotImplementedError:
        raise Mistake(f"{label} still raises NotImplementedError: replace the placeholder body of the "
                      f"starting code with your own") from None
    except Exception as error:  # noqa: BLE001 (whatever the reader's code raises is reported to the reader)
        raise Mistake(_message(f"{label} raised {type(error).__name__}: {error}{_where(error)}", shown,
                               hint="read the error above: it names what Python could not do")) from None
    if result is None:
        raise Mistake(f"{label} returned None: a `return` is missing (a function that only computes a value "
                      f"without returning it gives None)")
    return result


# ------------------------------------------------------------------ comparing
def show(value) -> str:
    """A value as a message shows it: arrays with 4 decimals and summarized past 24 elements."""
    if isinstance(value, Tensor):
        value = value.numpy()
    if isinstance(value, (np.ndarray, np.generic, float)):
        return np.array2string(np.asarray(value), precision=4, threshold=24, edgeitems=3, suppress_small=True)
    text = repr(value)
    return text if len(text) <= 200 else text[:197] + "..."


def _message(headline: str, inputs: dict, expected: str | None = None, got: str | None = None,
             hint: str | None = None) -> str:
    lines = [headline]
    for i, (key, value) in enumerate(inputs.items()):
        lines.append(f"  {'input:' if i == 0 else '':<9} {key} = " + _aligned(show(value), 15 + len(key)))
    if expected is not None:
        lines += [f"  expected: {_aligned(expected, 12)}", f"  got:      {_aligned(got, 12)}"]
    if hint:
        lines.append(f"  hint:     {hint}")
    return "\n".join(lines)


def _aligned(text: str, column: int) -> str:
    """`text` with its continuation lines indented to `column`, under its first line."""
    return text.replace("\n", "\n" + " " * column)


def _as_array(value, label: str, inputs: dict) -> np.ndarray:
    """What the solution returned, as a float array: a numpy array, a number or a Tensor; else a Mistake."""
    if isinstance(value, Tensor):
        value = value.numpy()
    if isinstance(value, (np.ndarray, np.number, int, float)) and not isinstance(value, (bool, np.bool_)):
        array = np.asarray(value)
        if array.dtype.kind in "iuf":
            return array.astype(np.float64)
    raise Mistake(_message(f"{label} returned the wrong type", inputs, "a numpy array (or a number) of floats",
                           checks.shown(value),
                           "return a numpy array, e.g. the result of numpy operations on the inputs, not a list "
                           "or a string"))


def _close(a: np.ndarray, b: np.ndarray, atol: float, rtol: float) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, atol=atol, rtol=rtol, equal_nan=True))


def compare(got, expected, name: str, *, inputs: dict, mistakes=(), hint: str = "", atol: float = 1e-6,
            rtol: float = 1e-5, case: str = "") -> None:
    """Raise `Mistake` unless `got` equals `expected` (dlref's value) in shape and, to the tolerance, in value.

    Args:
        got: what the solution returned.
        expected: the reference value, computed by dlref (never by the solution).
        name: the call, e.g. `"sigmoid_backward(z, grad_out)"`.
        inputs: the inputs shown in the message, `{"z": z, ...}`.
        mistakes: `(value, hint)` pairs: what a likely mistake would have
            returned, computed by the checker, and the hint aimed at it; the
            first one `got` matches gives the message's hint.
        hint: the hint when `got` matches no listed mistake.
        atol: the absolute tolerance (`numpy.allclose`).
        rtol: the relative tolerance.
        case: what is special about this input, e.g. `"a batch of one"`, for the headline.
    """
    where = f" for {case}" if case else ""
    got = _as_array(got, name, inputs)
    expected = np.asarray(expected, dtype=np.float64)
    if _close(got, expected, atol, rtol) and np.isfinite(got).all() == np.isfinite(expected).all():
        return
    for value, why in mistakes:
        if _close(got, np.asarray(value, dtype=np.float64), atol, rtol):
            hint = why
            break
    else:
        if not np.isfinite(got).all() and np.isfinite(expected).all():
            hint = "your result has NaN or inf where dlref's is finite: an overflow (exp of a large number)?"
    if got.shape != expected.shape:
        raise Mistake(_message(f"{name} returned the wrong shape{where}", inputs, f"shape {expected.shape}",
                               f"shape {got.shape}", hint or "look at which axis each operation sums or "
                                                             "broadcasts over"))
    raise Mistake(_message(f"{name} is wrong{where}", inputs, show(expected), show(got), hint))


def finite_differences(f: Callable, x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    r"""$\partial f / \partial x$ of a function of an array returning a number, by central differences.

    `f` is the checker's own (built from dlref's forward, never the reader's
    backward); [`numerical_gradient`][dlref.finite_differences.numerical_gradient]
    does the work, in float64.

    Examples:
        >>> finite_differences(lambda x: float((x ** 3).sum()), np.array([1.0, 2.0])).round(6)
        array([ 3., 12.])
    """
    variable = tensor(np.array(x, dtype=np.float64), dtype="float64")
    return numerical_gradient(lambda: float(f(variable.numpy())), variable, eps)
