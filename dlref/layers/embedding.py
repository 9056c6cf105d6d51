r"""Embeddings: [`Embedding`][dlref.layers.Embedding], a learned vector for each symbol of a vocabulary.

Examples:
    >>> import numpy as np
    >>> from dlref import manual_seed, tensor
    >>> manual_seed(0)
    >>> Embedding(10, 3)(tensor(np.array([[1, 2], [2, 9]]))).shape
    (2, 2, 3)
"""

from __future__ import annotations

from dlref import backend, checks, init
from dlref.autograd import Tensor
from dlref.backend import xp
from dlref.layers.module import Module, Parameter

__all__ = ["Embedding"]


class Embedding(Module):
    r"""A table of $V$ learned vectors: symbol $k$ becomes row $k$ of $W$.

    For an integer input $x$ (a word's index, a character's code), the output
    is $W_{x}$, a vector of $E$ numbers. This is the
    [`Linear`][dlref.layers.Linear] layer $W^\top \operatorname{onehot}(x)$
    without building the one-hot vector: only row $x$ is read, and in the
    backward pass only that row receives a gradient,

    $$y = W_{x}, \qquad \frac{\partial L}{\partial W_k} = \sum_{j\,:\, x_j = k} \frac{\partial L}{\partial y_j},$$

    summed over every position $j$ where symbol $k$ occurs (a repeated index
    adds its gradients). $W$ starts standard normal, $\mathcal N(0, 1)$, as in
    PyTorch ([`init.normal_`][dlref.init.normal_]).

    Args:
        num_embeddings: $V$, the size of the vocabulary (indices $0 \dots V-1$).
        embedding_dim: $E$, the length of each vector.

    Attributes:
        weight: $W$, shape $(V, E)$.

    Shape:
        - Input: integers in $[0, V)$, a Tensor of any shape $S$ (negative
          indices are out of range, as in PyTorch).
        - Output: $S + (E,)$.

    Examples:
        >>> import numpy as np
        >>> from dlref import tensor
        >>> emb = Embedding(4, 2)
        >>> emb.weight.data[...] = np.arange(8.0).reshape(4, 2)   # row k is (2k, 2k + 1)
        >>> y = emb(tensor(np.array([3, 0, 3])))
        >>> y.numpy()
        array([[6., 7.],
               [0., 1.],
               [6., 7.]], dtype=float32)
        >>> y.sum().backward(); emb.weight.grad       # row 3 was used twice
        array([[1., 1.],
               [0., 0.],
               [0., 0.],
               [2., 2.]], dtype=float32)
    """

    def __init__(self, num_embeddings: int, embedding_dim: int):
        super().__init__()
        self.num_embeddings = checks.integer("Embedding", "num_embeddings", num_embeddings, low=1)
        self.embedding_dim = checks.integer("Embedding", "embedding_dim", embedding_dim, low=1)
        self.weight = init.normal_(Parameter.empty((num_embeddings, embedding_dim)))

    def forward(self, X: Tensor) -> Tensor:
        """The rows of $W$ picked by the indices: shape `X.shape + (E,)`."""
        if not isinstance(X, Tensor):
            checks.fail(repr(self), "the input", "a Tensor of integer indices",
                        f"{type(X).__name__}; wrap it with dlref.tensor(...)")
        if not backend.isdtype(X.dtype, "integral"):
            checks.fail(repr(self), "the input", "a Tensor of integer indices", f"dtype {X.dtype}")
        if X.size and not (xp.min(X.data) >= 0 and xp.max(X.data) < self.num_embeddings):
            checks.fail(repr(self), "the input", f"indices in [0, {self.num_embeddings - 1}]",
                        f"values from {int(xp.min(X.data))} to {int(xp.max(X.data))}")
        return self.weight[X.data]

    def __repr__(self) -> str:
        return f"Embedding({self.num_embeddings}, {self.embedding_dim})"
