r"""The notes' linear classifiers: the cat detector and cat, dog or lion.

- [`LogisticRegression`][dlref.models.LogisticRegression]: one sigmoid
  neuron, $\hat y = \sigma(w^\top x + b)$, the probability of class 1.
- [`SoftmaxClassifier`][dlref.models.SoftmaxClassifier]: one score per class,
  $z = W x + b$, turned into probabilities by a softmax.

Both output probabilities $\hat y$, as in the notes: train them with
[`binary_cross_entropy`][dlref.losses.binary_cross_entropy] and
[`categorical_cross_entropy`][dlref.losses.categorical_cross_entropy].

Examples:
    >>> from dlref import manual_seed, tensor
    >>> manual_seed(0)
    >>> SoftmaxClassifier(2, 3)(tensor([[1.0, -1.0]])).numpy().sum().round(3)
    np.float32(1.0)
"""

from __future__ import annotations

from dlref import activations, checks, layers
from dlref.autograd import Tensor
from dlref.neuron import Neuron

__all__ = ["LogisticRegression", "SoftmaxClassifier"]


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
    $\ell = -\sum_j y_j \log \hat y_j$.

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
        checks.integer("SoftmaxClassifier", "num_classes (C)", num_classes, low=2)
        self.linear = layers.Linear(in_features, num_classes)

    def forward(self, X: Tensor) -> Tensor:
        r"""$\hat y = \operatorname{softmax}(X W^\top + b)$, row by row."""
        return activations.softmax(self.linear(X), axis=-1)

    def __repr__(self) -> str:
        return f"SoftmaxClassifier({self.linear.in_features}, {self.linear.out_features})"
