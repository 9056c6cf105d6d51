r"""The single neuron of the notes, and Rosenblatt's perceptron.

A neuron takes a weighted sum of its inputs plus a bias and passes it through
an activation function:

$$z = w^\top x + b, \qquad a = \sigma(z).$$

[`Neuron`][dlref.neuron.Neuron] is that unit as a trainable
[`Module`][dlref.layers.Module] (gradients come from autograd).
[`Perceptron`][dlref.neuron.Perceptron] is the historical version with a step
function instead of $\sigma$: it has no useful gradient, so it learns with its
own error-driven rule, and it can only separate classes by a straight line.

Examples:
    >>> import numpy as np
    >>> X = np.array([[1, 1], [1, 0], [0, 1], [0, 0]]); y = np.array([1, 0, 0, 0])  # AND
    >>> Perceptron(2).fit(X, y).predict(X)
    array([1, 0, 0, 0])
"""

from __future__ import annotations

import math

import numpy as np

from dlref import checks, init, layers
from dlref.autograd import Tensor
from dlref.layers import Module, Parameter

__all__ = ["Neuron", "Perceptron"]


class Neuron(Module):
    r"""One neuron: $a = \sigma(w^\top x + b)$.

    The weights are drawn uniformly from $[-1/\sqrt{n}, 1/\sqrt{n}]$ ($n$ =
    `in_features`, as for [`Linear`][dlref.layers.Linear];
    [`init.uniform_`][dlref.init.uniform_]); the bias starts at 0.

    Args:
        in_features: $n$, the length of an input $x$.
        activation: $\sigma$, by name: `"sigmoid"` (default), `"tanh"`, `"relu"`
            (any name of [`ACTIVATIONS`][dlref.layers.activation.ACTIVATIONS]).

    Attributes:
        w: the weight vector $w$, a [`Parameter`][dlref.layers.Parameter] of shape `(n,)`.
        b: the bias $b$, a Parameter of shape `()`.

    Shape:
        - Input: `(N, n)`, a batch of $N$ inputs.
        - Output: `(N,)`, one activation $a$ per input.

    Examples:
        >>> import numpy as np
        >>> neuron = Neuron(2)
        >>> neuron.w.data = np.array([1.0, -1.0], dtype=np.float32)
        >>> neuron(Tensor([[2.0, 1.0], [0.0, 0.0]])).numpy().round(3)  # sigma(1), sigma(0)
        array([0.731, 0.5  ], dtype=float32)
    """

    def __init__(self, in_features: int, activation: str = "sigmoid"):
        super().__init__()
        self.in_features = checks.integer("Neuron", "in_features (n)", in_features, low=1)
        self.sigma = layers.activation(activation, "Neuron")  # the layer that computes a = sigma(z)
        self.activation = activation
        bound = 1 / math.sqrt(in_features)
        self.w = init.uniform_(Parameter.empty((in_features,)), -bound, bound)
        self.b = Parameter(0.0)

    def forward(self, X: Tensor) -> Tensor:
        r"""$a = \sigma(X w + b)$ for each row $x^\top$ of $X$."""
        self._check_input(X, ("N", self.in_features))
        z = X @ self.w + self.b  # (N,): z = w^T x + b for each row x
        return self.sigma(z)

    def __repr__(self) -> str:
        return f"Neuron({self.in_features}, activation={self.activation!r})"


class Perceptron:
    r"""Rosenblatt's perceptron: a threshold unit trained by the perceptron rule.

    **Bias trick.** Each input gets a constant $x_0 = 1$ in front,
    $x = (1, x_1, \dots, x_n)$, so the bias is the weight $w_0$ and

    $$\hat y = f(z), \qquad z = w^\top x = \sum_{i=0}^{n} w_i x_i, \qquad
      f(z) = \begin{cases} 1 & z > 0 \\ 0 & \text{otherwise.} \end{cases}$$

    **Learning rule.** Starting from $w = (0, \dots, 0)$, the examples are
    visited one at a time, in order, and after each one

    $$w \leftarrow w + \alpha\,\big(y - f(z)\big)\,x,$$

    which changes nothing when the prediction was right and moves $w$
    towards (or away from) $x$ when it was wrong. An epoch without a mistake
    means every example is classified correctly: training has converged. The
    perceptron convergence theorem guarantees this for linearly separable
    data (AND, OR); on XOR it never happens.

    Args:
        in_features: $n$, the number of inputs (not counting $x_0 = 1$).
        lr: the step $\alpha > 0$ (the slides use 1).

    Attributes:
        w: the weights $(w_0, w_1, \dots, w_n)$, $w_0$ being the bias; numpy `(n + 1,)`.
        trace: after `fit`, $w$ after each example, numpy `(steps, n + 1)`.
        mistakes: after `fit`, the number of misclassified examples in each epoch.
        converged: after `fit`, whether the last epoch had no mistake.

    Examples:
        The AND trace of the slides: from $w = (0, 0, 0)$, the first example
        $x = (1, 1, 1)$ with $y = 1$ gives $w = (1, 1, 1)$, the second
        $x = (1, 1, 0)$ with $y = 0$ gives $w = (0, 0, 1)$:

        >>> import numpy as np
        >>> X = np.array([[1, 1], [1, 0], [0, 1], [0, 0]]); y = np.array([1, 0, 0, 0])
        >>> p = Perceptron(2).fit(X, y)
        >>> p.trace[:2]
        array([[1., 1., 1.],
               [0., 0., 1.]])
        >>> p.converged, p.mistakes, p.w
        (True, [3, 2, 3, 2, 2, 0], array([-2.,  1.,  2.]))

        XOR is not linearly separable, so every epoch has a mistake:

        >>> p = Perceptron(2).fit(X, np.array([0, 1, 1, 0]), max_epochs=50)
        >>> p.converged, min(p.mistakes)
        (False, 2)
    """

    def __init__(self, in_features: int, lr: float = 1.0):
        self.in_features = checks.integer("Perceptron", "in_features (n)", in_features, low=1)
        self.lr = checks.number("Perceptron", "lr (α)", lr, low=0, low_open=True)
        self.w = np.zeros(in_features + 1)
        self.trace = np.zeros((0, in_features + 1))
        self.mistakes: list[int] = []
        self.converged = False

    def _with_bias(self, X) -> np.ndarray:
        """Check `X` and put the constant input $x_0 = 1$ in front of every row."""
        X = checks.array(repr(self), "X", X, shape=("N", self.in_features)).astype(np.float64)
        return np.concatenate([np.ones((X.shape[0], 1)), X], axis=1)  # (N, n + 1)

    def predict(self, X) -> np.ndarray:
        r"""$\hat y = f(w^\top x)$ for each row of `X` (shape `(N, n)`): an int array `(N,)`.

        Examples:
            >>> p = Perceptron(2); p.w = np.array([-0.5, 1.0, 1.0])  # x1 OR x2
            >>> p.predict([[0, 0], [0, 1]])
            array([0, 1])
        """
        z = self._with_bias(X) @ self.w
        return (z > 0).astype(int)

    def fit(self, X, y, max_epochs: int = 100) -> Perceptron:
        r"""Run the perceptron rule from $w = 0$ until an epoch has no mistake.

        Args:
            X: inputs, shape `(N, n)`, visited in this order.
            y: labels 0 or 1, shape `(N,)`.
            max_epochs: stop after this many epochs even without convergence.

        Returns:
            self, with `w`, `trace`, `mistakes` and `converged` filled in.

        Examples:
            >>> p = Perceptron(2).fit([[0, 0], [1, 1]], [0, 1])
            >>> p.converged, p.mistakes, len(p.trace)  # 3 epochs of 2 steps
            (True, [1, 1, 0], 6)
        """
        X = self._with_bias(X)
        y = checks.labels(repr(self), "y (one label per row of X)", y, num_classes=2, shape=(len(X),))
        checks.integer(f"{self!r}.fit()", "max_epochs", max_epochs, low=1)
        self.w = np.zeros(self.in_features + 1)
        trace, self.mistakes = [], []
        for _ in range(max_epochs):
            wrong = 0
            for x, target in zip(X, y):
                y_hat = 1 if x @ self.w > 0 else 0  # f(z), z = w^T x
                self.w = self.w + self.lr * (target - y_hat) * x  # w += alpha (y - f(z)) x
                trace.append(self.w)
                wrong += int(y_hat != target)
            self.mistakes.append(wrong)
            if wrong == 0:
                break
        self.trace = np.array(trace)
        self.converged = self.mistakes[-1] == 0
        return self

    def __repr__(self) -> str:
        return f"Perceptron({self.in_features}, lr={self.lr:g})"
