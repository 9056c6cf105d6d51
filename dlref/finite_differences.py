r"""Finite differences: the numbers every analytic gradient of dlref is checked against.

The derivative of a function of one number is a limit of difference
quotients, and the *central* difference approximates it with an error of
order $\varepsilon^2$ instead of $\varepsilon$:

$$\frac{\partial f}{\partial x_i} \approx
  \frac{f(x + \varepsilon e_i) - f(x - \varepsilon e_i)}{2\varepsilon}.$$

It needs two evaluations of $f$ per element of $x$: far too slow to train
with, which is why backpropagation exists, but the independent check of
every backward pass: [`gradcheck`][dlref.finite_differences.gradcheck]
compares the two. Run it in float64, where $\varepsilon = 10^{-6}$ leaves
about ten correct digits.

Examples:
    >>> from dlref import tensor
    >>> x = tensor([0.5, -1.0], requires_grad=True, dtype="float64")
    >>> gradcheck(lambda x: (x * x.exp()).sum(), [x])
    True
"""

from __future__ import annotations

import numpy as np

from dlref import backend
from dlref.autograd import Tensor, no_grad, tensor  # noqa: F401  (tensor: for the examples)
from dlref.backend import xp

__all__ = ["numerical_gradient", "gradcheck", "GradcheckError"]


def _fail(who: str, name: str, expected: str, got: str) -> None:
    """dlref's one error; `import dlref` loads this module, so checks loads here, on error only."""
    from dlref import checks

    checks.fail(who, name, expected, got)


def _check_step(who: str, name: str, value) -> float:
    """A finite number > 0 (a step or a tolerance)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)) \
            or not np.isfinite(value) or value <= 0:
        _fail(who, name, "a number > 0", repr(value))
    return float(value)


def numerical_gradient(f, x: Tensor, eps: float = 1e-6) -> np.ndarray:
    r"""$\partial f / \partial x$ by central differences, one element of `x` at a time.

    Args:
        f: a function of no arguments returning a number (or a one-element
            Tensor) that reads `x`; it is called twice per element of `x`,
            under [`no_grad`][dlref.autograd.no_grad].
        x: the float64 Tensor to differentiate with respect to; its values
            are nudged in place and restored.
        eps: the step $\varepsilon$.

    Returns:
        A float64 numpy array of the shape of `x`.

    Examples:
        >>> x = tensor([1.0, 2.0], dtype="float64")
        >>> numerical_gradient(lambda: (x * x * x).sum(), x).round(6)   # 3 x^2
        array([ 3., 12.])
    """
    if not callable(f):
        _fail("numerical_gradient()", "f", "a function of no arguments returning a number", repr(f))
    if not isinstance(x, Tensor) or x.dtype != xp.float64:
        _fail("numerical_gradient()", "x", "a float64 Tensor",
              f"dtype {x.dtype}" if isinstance(x, Tensor) else type(x).__name__)
    eps = _check_step("numerical_gradient()", "eps", eps)
    gradient = np.zeros(x.shape)
    with no_grad():
        for index in np.ndindex(*x.shape):
            original = float(x.data[index])
            try:
                x.data[index] = original + eps
                plus = _number(f())
                x.data[index] = original - eps
                minus = _number(f())
            finally:
                x.data[index] = original
            gradient[index] = (plus - minus) / (2 * eps)
    return gradient


def _number(value) -> float:
    """What f returned, as a float: a number or a one-element Tensor."""
    if isinstance(value, Tensor) and value.size == 1:
        return value.item()
    if isinstance(value, (int, float, np.floating, np.integer)) and not isinstance(value, bool):
        return float(value)
    _fail("numerical_gradient()", "f()", "a number or a one-element Tensor",
          f"shape {value.shape}" if isinstance(value, Tensor) else repr(value))


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
        dlref.finite_differences.GradcheckError: gradcheck: input 0 at index (0,): analytic gradient 3, numeric 2 ...
    """


def gradcheck(fn, inputs, eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3) -> bool:
    r"""Compare the gradients of `fn` with central finite differences, in float64.

    For every element $x_i$ of every input that requires grad, the gradient
    from `backward()` is compared with
    [`numerical_gradient`][dlref.finite_differences.numerical_gradient] of $L$,
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
    if not callable(fn):
        _fail("gradcheck()", "fn", "a function of the inputs returning a Tensor", repr(fn))
    if not isinstance(inputs, (list, tuple)) or not inputs:
        _fail("gradcheck()", "inputs", "a non-empty list of float64 Tensors", repr(inputs))
    inputs = list(inputs)
    for i, x in enumerate(inputs):
        if not isinstance(x, Tensor) or x.dtype != xp.float64:
            kind = f"dtype {x.dtype}" if isinstance(x, Tensor) else type(x).__name__
            _fail("gradcheck()", f"inputs[{i}]", "a float64 Tensor", kind)
    checked = [i for i, x in enumerate(inputs) if x.requires_grad]
    if not checked:
        _fail("gradcheck()", "inputs", "a list with at least one tensor that requires grad",
              "none that does")
    eps, atol = _check_step("gradcheck()", "eps", eps), _check_step("gradcheck()", "atol", atol)
    rtol = _check_step("gradcheck()", "rtol", rtol)
    saved = [x.grad for x in inputs]
    out = fn(*inputs)
    if not isinstance(out, Tensor) or not out.requires_grad:
        _fail("gradcheck()", "fn", "a function returning a Tensor computed from the inputs",
              f"one returning {type(out).__name__}" + ("" if not isinstance(out, Tensor) else
                                                        " that does not require grad"))
    mix = np.ones(out.shape) if out.size == 1 else np.random.default_rng(0).standard_normal(out.shape)
    weights = backend.asarray(mix, xp.float64)

    def objective() -> float:
        return float(xp.sum(fn(*inputs).data * weights))

    try:
        for x in inputs:
            x.grad = None
        (out * Tensor(weights)).sum().backward()
        analytic = [backend.to_numpy(x.grad) if x.grad is not None else np.zeros(x.shape)
                    for x in inputs]
        for i in checked:
            numeric = numerical_gradient(objective, inputs[i], eps)
            for index in np.ndindex(*numeric.shape):
                exact, estimate = float(analytic[i][index]), float(numeric[index])
                if abs(exact - estimate) > atol + rtol * abs(estimate):
                    raise GradcheckError(
                        f"gradcheck: input {i} at index {index}: analytic gradient "
                        f"{exact:.10g}, numeric {estimate:.10g} (difference "
                        f"{abs(exact - estimate):.3g} > atol + rtol*|numeric| = "
                        f"{atol + rtol * abs(estimate):.3g})"
                    )
    finally:
        for x, g in zip(inputs, saved):
            x.grad = g
    return True
