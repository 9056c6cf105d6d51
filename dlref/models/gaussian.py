r"""A generative classifier: one Gaussian per class, then Bayes' rule: [`GaussianClassifier`][dlref.models.GaussianClassifier].

The chapter on learning paradigms compares it with the discriminative
[`LogisticRegression`][dlref.models.LogisticRegression]
([`discriminative_vs_generative`][dlref.experiments.discriminative_vs_generative]).

Examples:
    >>> X = np.array([[0.0], [1.0], [5.0], [7.0]])
    >>> GaussianClassifier().fit(X, np.array([0, 0, 1, 1])).predict(np.array([[0.5], [6.0]]))
    array([0, 1])
"""

from __future__ import annotations

import numpy as np

from dlref import activations, checks
from dlref.autograd import no_grad, tensor

__all__ = ["GaussianClassifier"]


class GaussianClassifier:
    r"""A generative classifier: one Gaussian per class, then Bayes' rule.

    This is quadratic discriminant analysis (QDA). A *generative* model
    learns how each class produces its data,
    $p(x \mid y = k) = \mathcal N(x;\, \mu_k, \Sigma_k)$, and how common each
    class is, $\pi_k = P(y = k)$; Bayes' rule turns these into the
    probability of a class given $x$:

    $$P(y = k \mid x) = \frac{\pi_k\, \mathcal N(x; \mu_k, \Sigma_k)}
      {\sum_j \pi_j\, \mathcal N(x; \mu_j, \Sigma_j)}, \qquad
      \log \mathcal N(x; \mu, \Sigma) = -\tfrac12 (x - \mu)^\top \Sigma^{-1} (x - \mu)
      - \tfrac12 \log\det(2\pi\Sigma).$$

    `fit` computes the maximum-likelihood estimates in closed form: $\pi_k$
    the class frequency $N_k / N$, $\mu_k$ the class mean and $\Sigma_k$ the
    class covariance $\frac{1}{N_k}\sum_{i: y_i = k} (x_i - \mu_k)(x_i - \mu_k)^\top$
    (as scikit-learn 1.9's `QuadraticDiscriminantAnalysis`; earlier versions
    divide by $N_k - 1$). The decision boundary is quadratic in $x$. A
    *discriminative* model such as
    [`LogisticRegression`][dlref.models.LogisticRegression] learns
    $P(y \mid x)$ directly, the boundary only.

    Attributes:
        classes_: the class labels, sorted, shape $(K,)$.
        priors_: $\pi_k$, shape $(K,)$.
        means_: $\mu_k$, shape $(K, D)$.
        covariances_: $\Sigma_k$, shape $(K, D, D)$.

    Examples:
        >>> X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [4.0, 4.0], [5.0, 4.0], [4.0, 5.0]])
        >>> model = GaussianClassifier().fit(X, np.array([0, 0, 0, 1, 1, 1]))
        >>> model.means_
        array([[0.33333333, 0.33333333],
               [4.33333333, 4.33333333]])
        >>> model.predict(np.array([[0.5, 0.5], [4.5, 4.0]]))
        array([0, 1])
    """

    def fit(self, X, y) -> GaussianClassifier:
        """Estimate the prior, mean and covariance of every class; returns the classifier.

        Args:
            X: inputs, shape $(N, D)$.
            y: class labels, shape $(N,)$; every class needs more than $D$ examples.

        Examples:
            >>> X = np.array([[0.0], [1.0], [5.0], [7.0]])
            >>> GaussianClassifier().fit(X, np.array([0, 0, 1, 1])).covariances_[:, 0, 0]
            array([0.25, 1.  ])
        """
        X = checks.array("GaussianClassifier.fit()", "X", X, shape=("N", "D")).astype(np.float64)
        y = checks.labels("GaussianClassifier.fit()", "y", y, shape=(len(X),))
        classes, counts = np.unique(y, return_counts=True)
        if counts.min() <= X.shape[1]:  # refused before anything is set: a failed fit changes nothing
            sizes = dict(zip(classes.tolist(), counts.tolist()))
            checks.fail("GaussianClassifier.fit()", "y", f"more than D = {X.shape[1]} examples of "
                        "every class (for an invertible covariance)", f"counts {sizes}")
        self.classes_, self.priors_ = classes, counts / len(y)
        self.means_ = np.stack([X[y == k].mean(axis=0) for k in self.classes_])
        D = X.shape[1]
        self.covariances_ = np.stack([np.cov(X[y == k], rowvar=False, ddof=0).reshape(D, D)
                                      for k in self.classes_])
        return self

    def predict_proba(self, X) -> np.ndarray:
        r"""$P(y = k \mid x)$ for every row of `X`, shape $(N, K)$.

        Examples:
            >>> X = np.array([[0.0], [1.0], [5.0], [7.0]])
            >>> model = GaussianClassifier().fit(X, np.array([0, 0, 1, 1]))
            >>> model.predict_proba(np.array([[0.5], [6.0]])).round(3)
            array([[1., 0.],
                   [0., 1.]])
        """
        if not hasattr(self, "means_"):
            checks.fail("GaussianClassifier.predict_proba()", "the classifier",
                        "fitted first, with fit(X, y)", "an unfitted GaussianClassifier")
        X = checks.array("GaussianClassifier.predict_proba()", "X", X,
                         shape=("N", self.means_.shape[1])).astype(np.float64)
        log_joint = []  # log pi_k + log N(x; mu_k, Sigma_k), one column per class
        for prior, mean, covariance in zip(self.priors_, self.means_, self.covariances_):
            diff = X - mean
            mahalanobis = np.sum(diff * np.linalg.solve(covariance, diff.T).T, axis=1)
            log_det = np.linalg.slogdet(2 * np.pi * covariance)[1]
            log_joint.append(np.log(prior) - 0.5 * mahalanobis - 0.5 * log_det)
        with no_grad():  # Bayes' rule: normalise the joint over the classes
            return activations.softmax(tensor(np.stack(log_joint, axis=1), dtype="float64")).numpy()

    def predict(self, X) -> np.ndarray:
        r"""The most probable class, $\arg\max_k P(y = k \mid x)$, for every row of `X`.

        Examples:
            >>> X = np.array([[0.0], [1.0], [5.0], [7.0]])
            >>> GaussianClassifier().fit(X, np.array([0, 0, 1, 1])).predict(np.array([[2.0]]))
            array([0])
        """
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
