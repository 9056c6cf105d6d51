r"""Dropout, the regularizer that silences random units while training: [`Dropout`][dlref.layers.Dropout].

Examples:
    >>> from dlref import tensor
    >>> Dropout(0.5).eval()(tensor([1.0, 2.0])).numpy()   # the identity at evaluation
    array([1., 2.], dtype=float32)
"""

from __future__ import annotations

from dlref import backend, checks
from dlref.autograd import Tensor
from dlref.layers.module import Module

__all__ = ["Dropout"]


class Dropout(Module):
    r"""Inverted dropout: in training, zero each unit with probability $p$ and scale the rest.

    $$a' = \frac{m \odot a}{1 - p}, \qquad m_i \sim \text{Bernoulli}(1 - p),$$

    so each unit keeps its expected value and nothing changes at evaluation,
    where the layer is the identity. A network cannot rely on any single unit,
    which regularizes it. The gradient is $m/(1-p)$ times the incoming one.
    The mask is drawn from [`dlref.backend.rng`][dlref.backend.rng].

    Args:
        p: the probability of dropping a unit, $0 \le p < 1$.

    Examples:
        >>> from dlref import manual_seed, tensor
        >>> manual_seed(0)
        >>> drop = Dropout(0.5)
        >>> drop(tensor([1.0, 1.0, 1.0, 1.0])).numpy()
        array([2., 0., 0., 0.], dtype=float32)
        >>> drop.eval()(tensor([1.0, 1.0])).numpy()
        array([1., 1.], dtype=float32)
    """

    def __init__(self, p: float = 0.5):
        super().__init__()
        self.p = checks.number("Dropout", "p", p, low=0, high=1, high_open=True)

    def forward(self, X: Tensor) -> Tensor:
        """$m \\odot X / (1 - p)$ in training, $X$ in evaluation."""
        self._check_input(X)
        if not self.training or self.p == 0:
            return X
        keep = backend.rng().random(X.shape) >= self.p
        mask = backend.asarray(keep / (1 - self.p), dtype=X.dtype)
        return X * Tensor(mask)

    def __repr__(self) -> str:
        return f"Dropout(p={self.p})"
