r"""Ready-made models of the notes, built from [`dlref.layers`][dlref.layers].

- [`LogisticRegression`][dlref.models.LogisticRegression]: the cat detector,
  $\hat y = \sigma(w^\top x + b)$, trained with the binary cross-entropy.
- [`SoftmaxClassifier`][dlref.models.SoftmaxClassifier]: cat, dog or lion,
  one score $z_j = w_j^\top x + b_j$ per class turned into probabilities by a
  softmax, trained with the categorical cross-entropy.
- [`mlp`][dlref.models.mlp]: a multilayer perceptron, layers
  $Z^{[l]} = W^{[l]} a^{[l-1]} + b^{[l]}$, $a^{[l]} = \sigma(Z^{[l]})$.

Both classifiers output probabilities $\hat y$, as in the notes. The models
hold no gradient code: autograd differentiates them.

Examples:
    >>> from dlref import manual_seed
    >>> manual_seed(0)
    >>> mlp([3, 4, 2])
    Sequential(
      (0): Linear(3 -> 4)
      (1): ReLU()
      (2): Linear(4 -> 2)
    )
"""

from __future__ import annotations

import itertools

from dlref import activations, layers
from dlref.autograd import Tensor
from dlref.neuron import Neuron

__all__ = ["LogisticRegression", "SoftmaxClassifier", "mlp"]

HIDDEN_ACTIVATIONS = {"relu": layers.ReLU, "tanh": layers.Tanh, "sigmoid": layers.Sigmoid}
OUTPUT_ACTIVATIONS = {**HIDDEN_ACTIVATIONS, "softmax": layers.Softmax}


class LogisticRegression(Neuron):
    r"""Logistic regression: one sigmoid neuron giving the probability of class 1.

    $$\hat y = P(y = 1 \mid x) = \sigma(w^\top x + b) = \frac{1}{1 + e^{-(w^\top x + b)}}$$

    Train it with [`binary_cross_entropy`][dlref.losses.binary_cross_entropy]
    (the output is a probability, not a logit). Its decision boundary
    $w^\top x + b = 0$ is a straight line (a hyperplane): the classes must be
    linearly separable for it to classify every example correctly.

    Args:
        in_features: $n$, the length of an input $x$ (e.g. the pixels of an image).

    Shape:
        - Input: `(N, n)`.
        - Output: `(N,)`, the probabilities $\hat y$.

    Examples:
        >>> import numpy as np
        >>> model = LogisticRegression(2)
        >>> model.w.data[:] = [1.0, 1.0]
        >>> model(Tensor([[0.0, 0.0], [2.0, 1.0]])).numpy().round(3)  # sigma(0), sigma(3)
        array([0.5  , 0.953], dtype=float32)
    """

    def __init__(self, in_features: int):
        super().__init__(in_features, activation="sigmoid")

    def __repr__(self) -> str:
        return f"LogisticRegression({self.in_features})"


class SoftmaxClassifier(layers.Module):
    r"""Multinomial logistic regression: a linear score per class, then a softmax.

    $$z_j = w_j^\top x + b_j, \qquad
      \hat y_j = \operatorname{softmax}(z)_j = \frac{e^{z_j}}{\sum_{k=1}^{C} e^{z_k}}$$

    The scores of all classes are one [`Linear`][dlref.layers.Linear] layer
    $z = W x + b$ (row $j$ of $W$ is $w_j$). Train it with
    [`categorical_cross_entropy`][dlref.losses.categorical_cross_entropy],
    $L = -\sum_j y_j \log \hat y_j$.

    Args:
        in_features: $n$, the length of an input $x$.
        num_classes: $C$, the number of classes (e.g. 3 for cat, dog, lion).

    Shape:
        - Input: `(N, n)`.
        - Output: `(N, C)`, each row a probability distribution over the classes.

    Examples:
        >>> from dlref import manual_seed
        >>> manual_seed(0)
        >>> model = SoftmaxClassifier(4, 3)
        >>> y_hat = model(Tensor([[1.0, 0.0, -1.0, 2.0]]))
        >>> y_hat.shape, y_hat.numpy().sum().round(3)
        ((1, 3), np.float32(1.0))
    """

    def __init__(self, in_features: int, num_classes: int):
        super().__init__()
        if not isinstance(num_classes, int) or num_classes < 2:
            raise ValueError(f"SoftmaxClassifier: expected num_classes C >= 2, got {num_classes!r}")
        self.linear = layers.Linear(in_features, num_classes)

    def forward(self, X: Tensor) -> Tensor:
        r"""$\hat y = \operatorname{softmax}(X W^\top + b)$, row by row."""
        return activations.softmax(self.linear(X), axis=-1)

    def __repr__(self) -> str:
        return f"SoftmaxClassifier({self.linear.in_features}, {self.linear.out_features})"


def mlp(sizes, activation: str = "relu", output_activation: str | None = None) -> layers.Sequential:
    r"""A multilayer perceptron: fully connected layers with an activation between them.

    For `sizes` $= [n_0, n_1, \dots, n_L]$, layer $l = 1 \dots L$ computes

    $$Z^{[l]} = W^{[l]} a^{[l-1]} + b^{[l]}, \qquad a^{[l]} = \sigma(Z^{[l]}),$$

    with $a^{[0]} = x$, $W^{[l]}$ of shape $(n_l, n_{l-1})$ and $\sigma$ =
    `activation` for the hidden layers. The last layer's $\sigma$ is
    `output_activation`, by default none: the outputs are the scores
    $Z^{[L]}$ (logits, for [`cross_entropy`][dlref.losses.cross_entropy]).

    Args:
        sizes: $[n_0, \dots, n_L]$: the input size, the hidden sizes, the output size.
        activation: `"relu"`, `"tanh"` or `"sigmoid"`.
        output_activation: `None`, or `"sigmoid"` (one probability),
            `"softmax"` (a distribution over classes), `"relu"`, `"tanh"`.

    Returns:
        a [`Sequential`][dlref.layers.Sequential] of `Linear` and activation layers.

    Examples:
        >>> from dlref import manual_seed
        >>> manual_seed(0)
        >>> mlp([2, 2, 1], activation="tanh", output_activation="sigmoid")
        Sequential(
          (0): Linear(2 -> 2)
          (1): Tanh()
          (2): Linear(2 -> 1)
          (3): Sigmoid()
        )
    """
    sizes = list(sizes)
    if len(sizes) < 2 or not all(isinstance(n, int) and n >= 1 for n in sizes):
        raise ValueError(
            f"mlp(): expected sizes [n_0, ..., n_L] of at least two integers >= 1, got {sizes}"
        )
    if activation not in HIDDEN_ACTIVATIONS:
        raise ValueError(
            f"mlp(): unknown activation {activation!r}; expected one of {sorted(HIDDEN_ACTIVATIONS)}"
        )
    if output_activation is not None and output_activation not in OUTPUT_ACTIVATIONS:
        raise ValueError(
            f"mlp(): unknown output_activation {output_activation!r}; "
            f"expected None or one of {sorted(OUTPUT_ACTIVATIONS)}"
        )
    modules = []
    for n_in, n_out in itertools.pairwise(sizes):  # layer l maps n_{l-1} -> n_l
        modules += [layers.Linear(n_in, n_out), HIDDEN_ACTIVATIONS[activation]()]
    modules.pop()  # the output layer gets output_activation instead
    if output_activation is not None:
        modules.append(OUTPUT_ACTIVATIONS[output_activation]())
    return layers.Sequential(*modules)
