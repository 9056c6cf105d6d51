r"""Unsupervised codes: the [`Autoencoder`][dlref.models.Autoencoder], and [`PCA`][dlref.models.PCA], the best linear code to compare it with.

Examples:
    >>> import numpy as np
    >>> PCA(1).fit(np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]])).encode([[3.0, 3.0]]).shape
    (1, 1)
"""

from __future__ import annotations

import numpy as np

from dlref import checks, layers
from dlref.autograd import Tensor
from dlref.models.multilayer import mlp

__all__ = ["Autoencoder", "PCA"]


class Autoencoder(layers.Module):
    r"""An autoencoder: an encoder squeezes $x$ into a code $z$ of $k < D$ numbers, a decoder rebuilds $x$.

    $$z = f_{\text{enc}}(x), \qquad \hat x = f_{\text{dec}}(z), \qquad
      \ell(\hat x, x) = \frac{1}{D} \lVert \hat x - x \rVert^2 .$$

    The target is the input itself, so no labels are needed: unsupervised
    learning. Train with `fit(model, mse_loss, optimizer, (X, X))`. The code
    is a bottleneck: to rebuild $x$ from $k$ numbers the network must keep
    what matters about the data and drop the rest. Both halves are
    [`mlp`][dlref.models.mlp]s, the decoder the mirror image of the
    encoder, with a linear code and a linear output.

    Without activations the best an autoencoder can do is
    [`PCA`][dlref.models.PCA] with the same $k$ (a linear autoencoder trained
    with the squared error spans the same subspace as the first $k$ principal
    components). The non-linear layers let it follow curved data, and beat
    PCA with the same $k$: the chapter on autoencoders measures both on
    held-out digits.

    Args:
        in_features: $D$, the length of $x$.
        code_size: $k$, the length of the code, $1 \le k < D$.
        hidden_sizes: the hidden layers of the encoder (the decoder has them reversed).
        activation: of the hidden layers: `"relu"`, `"tanh"` or `"sigmoid"`.

    Attributes:
        encoder: `mlp([D, *hidden_sizes, k])`.
        decoder: `mlp([k, *reversed(hidden_sizes), D])`.

    Shape:
        - Input: $(N, D)$.
        - Code: $(N, k)$.
        - Output: $(N, D)$, the reconstructions $\hat x$.

    Examples:
        >>> from dlref import manual_seed, tensor
        >>> manual_seed(0)
        >>> model = Autoencoder(64, code_size=4, hidden_sizes=(32,))
        >>> X = tensor(np.zeros((5, 64)), dtype="float32")
        >>> model.encode(X).shape, model(X).shape
        ((5, 4), (5, 64))
    """

    def __init__(self, in_features: int, code_size: int, hidden_sizes=(128,), activation: str = "relu"):
        super().__init__()
        checks.integer("Autoencoder", "in_features (D)", in_features, low=1)
        checks.integer("Autoencoder", "code_size (k)", code_size, low=1)
        if code_size >= in_features:
            checks.fail("Autoencoder", "code_size (k)",
                        f"smaller than in_features D = {in_features} (the code must compress)",
                        repr(code_size))
        if not isinstance(hidden_sizes, (list, tuple)):
            checks.fail("Autoencoder", "hidden_sizes", "a list of integers >= 1 such as (128,)",
                        checks.shown(hidden_sizes))
        hidden_sizes = [checks.integer("Autoencoder", f"hidden_sizes[{i}]", n, low=1)
                        for i, n in enumerate(hidden_sizes)]
        layers.activation(activation, "Autoencoder")  # an unknown name fails here, by this name
        self.in_features, self.code_size = in_features, code_size
        self.encoder = mlp([in_features, *hidden_sizes, code_size], activation)
        self.decoder = mlp([code_size, *hidden_sizes[::-1], in_features], activation)

    def encode(self, X: Tensor) -> Tensor:
        r"""The codes $z = f_{\text{enc}}(x)$ of the rows of `X`, shape $(N, k)$."""
        return self.encoder(X)

    def decode(self, Z: Tensor) -> Tensor:
        r"""The reconstructions $\hat x = f_{\text{dec}}(z)$ of the codes `Z`, shape $(N, D)$."""
        return self.decoder(Z)

    def forward(self, X: Tensor) -> Tensor:
        r"""$\hat x = f_{\text{dec}}(f_{\text{enc}}(x))$ for each row of `X`."""
        return self.decode(self.encode(X))

    def __repr__(self) -> str:
        return f"Autoencoder({self.in_features} -> {self.code_size} -> {self.in_features})"


class PCA:
    r"""Principal component analysis: the best *linear* code of $k$ numbers, from an SVD.

    Centre the data, $\tilde X = X - \mu$ with $\mu$ the mean row, and take
    its singular value decomposition $\tilde X = U \Sigma V^\top$. The first
    $k$ right singular vectors, the rows of $W$ $(k, D)$, are orthonormal
    directions of largest variance (the principal components). Coding and
    decoding are projections:

    $$z = W (x - \mu), \qquad \hat x = \mu + W^\top z .$$

    No other linear code of $k$ numbers rebuilds the training data with a
    smaller squared error (Eckart-Young), so PCA is the baseline an
    [`Autoencoder`][dlref.models.Autoencoder] with the same $k$ has to beat.
    PCA has no parameters to train by gradient descent: `fit` computes $W$
    in closed form. It works on numpy arrays.

    Args:
        n_components: $k \ge 1$.

    Attributes:
        mean_: $\mu$, shape $(D,)$, set by `fit`.
        components_: $W$, shape $(k, D)$, orthonormal rows, set by `fit`.

    Examples:
        >>> X = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])
        >>> pca = PCA(1).fit(X)               # the data lie on the line x_1 = x_2
        >>> pca.mean_, np.abs(pca.components_).round(3)
        (array([1.5, 1.5]), array([[0.707, 0.707]]))
        >>> pca.encode(X).shape
        (4, 1)
        >>> pca.reconstruct([[1.0, 2.0]]).round(6)   # a point off the line: its projection
        array([[1.5, 1.5]])
    """

    def __init__(self, n_components: int):
        self.n_components = checks.integer("PCA", "n_components (k)", n_components, low=1)
        self.mean_ = self.components_ = None

    def fit(self, X) -> PCA:
        """Compute $\\mu$ and $W$ from the rows of `X`, shape $(N, D)$ with $k \\le \\min(N, D)$; returns self."""
        X = checks.array("PCA.fit()", "X", X, shape=("N", "D")).astype(np.float64)
        if self.n_components > min(X.shape):
            checks.fail("PCA.fit()", "X", f"at least k = {self.n_components} rows and columns "
                        "(n_components <= min(N, D))", f"shape {X.shape}")
        self.mean_ = X.mean(axis=0)
        _, _, Vt = np.linalg.svd(X - self.mean_, full_matrices=False)
        self.components_ = Vt[: self.n_components]
        return self

    def _as_rows(self, who: str, A, symbol: str) -> np.ndarray:
        """`A` as float64 rows of data `X` (N, D) or codes `Z` (N, k), once fitted."""
        if self.components_ is None:
            checks.fail(f"PCA.{who}()", "the PCA", "fitted first, with fit(X)", "an unfitted PCA")
        width = self.components_.shape[1] if symbol == "X" else self.n_components
        return checks.array(f"PCA.{who}()", symbol, A, shape=("N", width)).astype(np.float64)

    def encode(self, X) -> np.ndarray:
        r"""The codes $z = W(x - \mu)$ of the rows of `X` $(N, D)$, shape $(N, k)$."""
        X = self._as_rows("encode", X, "X")
        return (X - self.mean_) @ self.components_.T

    def decode(self, Z) -> np.ndarray:
        r"""The points $\hat x = \mu + W^\top z$ of the codes `Z` $(N, k)$, shape $(N, D)$."""
        Z = self._as_rows("decode", Z, "Z")
        return Z @ self.components_ + self.mean_

    def reconstruct(self, X) -> np.ndarray:
        r"""$\hat x = \mu + W^\top W (x - \mu)$: each row of `X` projected on the components."""
        return self.decode(self.encode(X))

    def __repr__(self) -> str:
        return f"PCA(n_components={self.n_components})"
