r"""Clustering: unsupervised learning that groups examples without any labels.

Supervised learning fits pairs $(x_i, y_i)$; unsupervised learning gets the
$x_i$ alone and looks for structure in them. Clustering looks for groups:
[`KMeans`][dlref.clustering.KMeans] splits the examples into $K$ clusters,
each represented by its centre $\mu_k$, so that every example is close to the
centre of its own cluster. (The other unsupervised example of the notes, the
[`Autoencoder`][dlref.models.Autoencoder], looks for a short code instead.)

k-means is not trained by gradient descent: it alternates two steps that
each lower the same objective, and it stops when nothing changes.

Examples:
    Three blobs of points; k-means finds them without being given `y`:

    >>> from dlref.data import make_blobs
    >>> X, y = make_blobs(300, centers=[[0.0, 0.0], [5.0, 5.0], [10.0, 10.0]], std=0.5, seed=0)
    >>> kmeans = KMeans(3, seed=0).fit(X)
    >>> np.sort(kmeans.cluster_centers_[:, 0]).round().astype(int)  # the centres' x_1
    array([ 0,  5, 10])
    >>> [np.unique(kmeans.labels_[y == k]).size for k in range(3)]  # one cluster per blob
    [1, 1, 1]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from dlref import backend, checks

__all__ = ["KMeans"]

INITS = ("k-means++", "random")


class KMeans:
    r"""k-means clustering by Lloyd's algorithm.

    k-means looks for $K$ centres $\mu_1 \dots \mu_K$ and an assignment
    $c_i \in \{1 \dots K\}$ of every example that minimise the inertia, the
    sum of squared distances of the examples to their centres:

    $$\text{inertia} = \sum_{i=1}^{N} \lVert x_i - \mu_{c_i} \rVert^2 .$$

    Lloyd's algorithm alternates the two minimisations that are easy:

    1. **assign** each example to its nearest centre,
       $c_i = \arg\min_k \lVert x_i - \mu_k \rVert^2$ (best $c$ for fixed $\mu$);
    2. **update** each centre to the mean of its examples,
       $\mu_k = \frac{1}{|C_k|} \sum_{i \in C_k} x_i$ (best $\mu$ for fixed $c$).

    Neither step can raise the inertia, so it stops after finitely many iterations,
    when no example changes cluster, at a local minimum that depends on the
    initial centres. A centre that loses all its examples stays where it is.

    **Initial centres.** `"random"` picks $K$ distinct examples at random.
    `"k-means++"` picks the first at random, then each next one among the
    examples with probability proportional to $D(x)^2$, the squared distance
    to the nearest centre chosen so far: the centres start spread out, and
    rarely two in one cluster. An array of shape $(K, D)$ gives them directly.

    Args:
        n_clusters: $K \ge 1$.
        init: `"k-means++"` (default), `"random"`, or the initial centres, shape $(K, D)$.
        max_iter: the most assign-update iterations, at least 1.
        seed: integer seed for the initial centres, or None for dlref's generator.

    Attributes:
        cluster_centers_: $\mu$, shape $(K, D)$, set by `fit`.
        labels_: $c_i$, int64 in $0 \dots K-1$, shape $(N,)$.
        inertia_: the inertia for those centres and labels.
        n_iter_: the number of assign-update iterations run.

    Examples:
        >>> X = np.array([[0.0], [1.0], [10.0], [11.0]])
        >>> kmeans = KMeans(2, init=np.array([[0.0], [1.0]])).fit(X)
        >>> kmeans.cluster_centers_.ravel(), kmeans.labels_, kmeans.inertia_, kmeans.n_iter_
        (array([ 0.5, 10.5]), array([0, 0, 1, 1]), 1.0, 3)
        >>> kmeans.predict([[2.0], [8.0]])
        array([0, 1])
    """

    def __init__(self, n_clusters: int, init="k-means++", max_iter: int = 300, seed: int | None = None):
        n_clusters = checks.integer("KMeans", "n_clusters (K)", n_clusters, low=1)
        max_iter = checks.integer("KMeans", "max_iter", max_iter, low=1)
        if isinstance(init, str):
            checks.one_of("KMeans", "init", init, INITS)
        else:
            init = checks.array("KMeans", "init (the initial centres)", init,
                                shape=(n_clusters, "D")).astype(np.float64)
        if seed is not None:
            checks.integer("KMeans", "seed", seed, low=0)
        self.n_clusters, self.init, self.max_iter, self.seed = n_clusters, init, max_iter, seed
        self.cluster_centers_ = self.labels_ = self.inertia_ = self.n_iter_ = None

    def fit(self, X: ArrayLike) -> KMeans:
        """Cluster the rows of `X`, shape $(N, D)$ with $N \\ge K$; returns self.

        Examples:
            >>> KMeans(1).fit([[1.0, 2.0], [3.0, 4.0]]).cluster_centers_
            array([[2., 3.]])
        """
        X = self._check("fit", X, self.init.shape[1] if isinstance(self.init, np.ndarray) else None)
        if len(X) < self.n_clusters:
            checks.fail("KMeans.fit()", "X", f"at least K = {self.n_clusters} samples", f"N = {len(X)}")
        centers = self._initial_centers(X)
        labels = None
        for iteration in range(1, self.max_iter + 1):
            new_labels = _nearest(X, centers)  # 1. assign
            if labels is not None and np.array_equal(new_labels, labels):
                break  # nobody moved: the centres would not move either
            labels = new_labels
            for k in range(self.n_clusters):  # 2. update
                members = X[labels == k]
                if len(members):
                    centers[k] = members.mean(axis=0)
        self.cluster_centers_, self.labels_, self.n_iter_ = centers, _nearest(X, centers), iteration
        self.inertia_ = float(np.sum((X - centers[self.labels_]) ** 2))
        return self

    def predict(self, X: ArrayLike) -> np.ndarray:
        """The index of the nearest centre for each row of `X`, int64, shape $(N,)$.

        Examples:
            >>> KMeans(2, init=[[0.0], [10.0]]).fit([[0.0], [10.0]]).predict([[4.0], [6.0]])
            array([0, 1])
        """
        if self.cluster_centers_ is None:
            checks.fail("KMeans.predict()", "the model", "fitted first, with fit(X)", "an unfitted KMeans")
        X = self._check("predict", X, self.cluster_centers_.shape[1])
        return _nearest(X, self.cluster_centers_)

    @staticmethod
    def _check(who: str, X: ArrayLike, width: int | None) -> np.ndarray:
        """`X` as float64 rows (N, D), with D = `width` (that of the centres) unless None."""
        return checks.array(f"KMeans.{who}()", "X", X, shape=("N", "D" if width is None else width)
                            ).astype(np.float64)

    def _initial_centers(self, X: np.ndarray) -> np.ndarray:
        if isinstance(self.init, np.ndarray):
            return self.init.copy()
        rng = backend.generator(self.seed, "KMeans")
        if self.init == "random":
            return X[rng.choice(len(X), size=self.n_clusters, replace=False)].copy()
        centers = [X[rng.integers(len(X))]]  # k-means++
        for _ in range(1, self.n_clusters):
            D2 = np.min(_squared_distances(X, np.array(centers)), axis=1)  # to the nearest centre
            if D2.sum() == 0:
                checks.fail("KMeans.fit()", "X", f"at least K = {self.n_clusters} distinct points",
                            "fewer")
            centers.append(X[rng.choice(len(X), p=D2 / D2.sum())])
        return np.array(centers)

    def __repr__(self) -> str:
        init = self.init if isinstance(self.init, str) else "array"
        return f"KMeans(n_clusters={self.n_clusters}, init={init!r})"


def _squared_distances(X: np.ndarray, centers: np.ndarray) -> np.ndarray:
    r"""$\lVert x_i - \mu_k \rVert^2$ for every example and centre, shape (N, K)."""
    return np.sum((X[:, None, :] - centers[None, :, :]) ** 2, axis=2)


def _nearest(X: np.ndarray, centers: np.ndarray) -> np.ndarray:
    """The index of the nearest centre of each row of X (the first one on a tie)."""
    return np.argmin(_squared_distances(X, centers), axis=1)
