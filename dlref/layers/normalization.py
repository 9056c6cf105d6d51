r"""Batch normalization: [`BatchNorm1d`][dlref.layers.BatchNorm1d], features standardized over the batch.

Examples:
    >>> from dlref import tensor
    >>> BatchNorm1d(1)(tensor([[1.0], [3.0]])).numpy().round(3)
    array([[-1.],
           [ 1.]], dtype=float32)
"""

from __future__ import annotations

from dlref import backend, checks
from dlref.autograd import Tensor
from dlref.layers.module import Module, Parameter

__all__ = ["BatchNorm1d"]


class BatchNorm1d(Module):
    r"""Batch normalization of features: standardize each feature over the batch, then rescale.

    In training, with the batch mean $\mu_B$ and (biased) variance $\sigma_B^2$
    of each feature,

    $$\hat x = \frac{x - \mu_B}{\sqrt{\sigma_B^2 + \varepsilon}}, \qquad y = \gamma \odot \hat x + \beta,$$

    and the running statistics move towards the batch's,
    $\mu \leftarrow (1 - m)\,\mu + m\,\mu_B$ and
    $\sigma^2 \leftarrow (1 - m)\,\sigma^2 + m\,\frac{N}{N-1}\sigma_B^2$ (the
    unbiased variance, as in PyTorch). In evaluation $\mu$ and $\sigma^2$
    replace the batch statistics, so a prediction does not depend on the rest
    of the batch. Built from Tensor operations: autograd differentiates it,
    through $\mu_B$ and $\sigma_B^2$ as well.

    Args:
        num_features: $C$.
        eps: $\varepsilon > 0$, added to the variance.
        momentum: $m \in [0, 1]$, the weight of the new batch in the running statistics.

    Attributes:
        weight: $\gamma$, shape $(C,)$, starts at 1.
        bias: $\beta$, shape $(C,)$, starts at 0.
        running_mean: $\mu$, shape $(C,)$ (an array, saved in `state_dict`).
        running_var: $\sigma^2$, shape $(C,)$ (an array, saved in `state_dict`).

    Shape:
        - Input and output: $(N, C)$; training needs $N > 1$.

    Examples:
        >>> from dlref import tensor
        >>> bn = BatchNorm1d(1)
        >>> bn(tensor([[1.0], [3.0]])).numpy().round(3)
        array([[-1.],
               [ 1.]], dtype=float32)
        >>> bn.running_mean, bn.running_var
        (array([0.2], dtype=float32), array([1.1], dtype=float32))
    """

    _buffers = ("running_mean", "running_var")

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1):
        super().__init__()
        self.num_features = checks.integer("BatchNorm1d", "num_features", num_features, low=1)
        self.eps = checks.number("BatchNorm1d", "eps (ε)", eps, low=0, low_open=True)
        self.momentum = checks.number("BatchNorm1d", "momentum", momentum, low=0, high=1)
        dtype = backend.default_dtype()
        self.weight = Parameter(backend.asarray([1.0] * num_features, dtype=dtype))
        self.bias = Parameter(backend.asarray([0.0] * num_features, dtype=dtype))
        self.running_mean = backend.asarray([0.0] * num_features, dtype=dtype)
        self.running_var = backend.asarray([1.0] * num_features, dtype=dtype)

    def forward(self, X: Tensor) -> Tensor:
        """Normalize with the batch statistics (training) or the running ones (evaluation)."""
        self._check_input(X, ("N", self.num_features))
        if not self.training:
            mean, var = Tensor(self.running_mean), Tensor(self.running_var)
        else:
            N = X.shape[0]
            if N < 2:
                checks.fail(repr(self), "input", "a batch of more than one example in training "
                            "(a variance needs two)", f"shape {X.shape}; use eval() to predict one example")
            mean = X.mean(axis=0)
            var = ((X - mean) ** 2).mean(axis=0)  # biased: the batch is all there is
            m = self.momentum
            self.running_mean = (1 - m) * self.running_mean + m * mean.data
            self.running_var = (1 - m) * self.running_var + m * var.data * (N / (N - 1))
        X_hat = (X - mean) / (var + self.eps) ** 0.5
        return self.weight * X_hat + self.bias

    def __repr__(self) -> str:
        extra = "" if self.eps == 1e-5 else f", eps={self.eps}"
        extra += "" if self.momentum == 0.1 else f", momentum={self.momentum}"
        return f"BatchNorm1d({self.num_features}{extra})"
