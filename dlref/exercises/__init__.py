r"""Exercises that check themselves: one checker per implement exercise of the chapters.

Each chapter's checkers live in the module named after its page
(`docs/chapters/gradient-descent.md` → `dlref.exercises.gradient_descent`),
loaded on the first `check` of one of its exercises; the toolkit they are
written with is [`checking`][dlref.exercises.checking]. The same call checks
a solution in the page (the Check button), in the chapter's notebook and in
a script:

    >>> import numpy as np
    >>> from dlref.exercises import check
    >>> def sigmoid_backward(z, grad_out):
    ...     return grad_out * np.exp(-z) / (1 + np.exp(-z)) ** 2
    >>> print(check("backprop/sigmoid-backward", sigmoid_backward))  # doctest: +ELLIPSIS
    ✓ sigmoid_backward: matches dlref on ...

A checker compares the solution with dlref's reference on several seeded
random inputs (shapes included), with finite differences where a gradient
is involved and on the edge cases that matter; its failure message shows the
input, what was expected, what came and a hint, never the solution.
"""

from dlref.exercises.checking import ExerciseFailed, Result, check

__all__ = ["check", "Result", "ExerciseFailed"]
