r"""Discriminative vs generative: a boundary against a distribution per class.
"""

from __future__ import annotations

import numpy as np

from dlref import backend, checks, losses, metrics, models, optimizers, training
from dlref.experiments.common import using_dtype

__all__ = ["discriminative_vs_generative"]


def discriminative_vs_generative(n_train: int = 200, n_test: int = 2000, epochs: int = 200,
                                 lr: float = 0.1, resolution: int = 101, seed: int = 0) -> dict:
    r"""Logistic regression and a per-class Gaussian model on the same 2-D two-class data.

    Class 0 is a wide, tilted Gaussian and class 1 a small round one inside
    its edge:
    $$x \mid y{=}0 \sim \mathcal N\!\left(\begin{bmatrix}0\\ 0\end{bmatrix},
      \begin{bmatrix}2 & 0.8\\ 0.8 & 1\end{bmatrix}\right), \qquad
      x \mid y{=}1 \sim \mathcal N\!\left(\begin{bmatrix}1\\ 1\end{bmatrix}, 0.3\, I\right),$$

    each class with probability $1/2$.
    The discriminative model, [`LogisticRegression`][dlref.models.LogisticRegression]
    $\hat y = \sigma(w^\top x + b)$ trained with [`fit`][dlref.training.fit]
    (full-batch Adam, binary cross-entropy), learns a straight boundary. The
    generative [`GaussianClassifier`][dlref.models.GaussianClassifier]
    learns each class's distribution, and its Bayes-rule boundary is the
    ellipse around class 1, which is the right shape here: its test accuracy
    is higher. (When the classes share one covariance the best boundary is a
    straight line, and the two models agree.)

    Args:
        n_train: training examples, $\ge 10$.
        n_test: test examples, $\ge 1$.
        epochs: full-batch epochs of logistic regression, $\ge 1$.
        lr: Adam's learning rate $\alpha > 0$.
        resolution: grid points per axis for the boundaries, $\ge 2$.
        seed: seeds the data and the weights.

    Returns:
        `{"experiment", "X_train", "y_train", "X_test", "y_test", "grid_x",
        "grid_y", "proba", "test_accuracy"}`: `proba[name]` is
        $P(y = 1 \mid x)$ on the grid, shape `(resolution, resolution)`
        (`[i, j]` at `(grid_x[j], grid_y[i])`), and `test_accuracy[name]`,
        for `name` in `("logistic", "gaussian")`.

    Examples:
        >>> result = discriminative_vs_generative(epochs=50, resolution=11)
        >>> result["proba"]["gaussian"].shape, sorted(result["test_accuracy"])
        ((11, 11), ['gaussian', 'logistic'])
    """
    checks.integer("discriminative_vs_generative()", "n_train", n_train, low=10)
    checks.integer("discriminative_vs_generative()", "n_test", n_test, low=1)
    checks.integer("discriminative_vs_generative()", "epochs", epochs, low=1)
    checks.number("discriminative_vs_generative()", "lr", lr, low=0, low_open=True)
    checks.integer("discriminative_vs_generative()", "resolution", resolution, low=2)
    checks.integer("discriminative_vs_generative()", "seed", seed, low=0)
    rng = backend.generator(seed)
    means = np.array([[0.0, 0.0], [1.0, 1.0]])
    scales = np.linalg.cholesky(np.array([[[2.0, 0.8], [0.8, 1.0]], [[0.3, 0.0], [0.0, 0.3]]]))

    def draw(n):  # x = mu_y + L_y z with L_y L_y^T = Sigma_y
        y = rng.integers(0, 2, n)
        return means[y] + np.einsum("nij,nj->ni", scales[y], rng.standard_normal((n, 2))), y

    (X_train, y_train), (X_test, y_test) = draw(n_train), draw(n_test)
    grid_x = np.linspace(-4, 4, resolution)
    grid_y = np.linspace(-3, 4, resolution)
    grid = np.stack(np.meshgrid(grid_x, grid_y), axis=-1).reshape(-1, 2)
    with using_dtype("float32"):
        backend.manual_seed(seed)
        logistic = models.LogisticRegression(2)
        training.fit(logistic, losses.binary_cross_entropy,
                     optimizers.Adam(logistic.parameters(), lr=lr), (X_train, y_train),
                     epochs=epochs, batch_size=n_train, verbose=False)
        p_logistic = training.predict(logistic, grid).astype(np.float64).reshape(resolution, -1)
        logistic_labels = training.to_labels(training.predict(logistic, X_test))
    gaussian = models.GaussianClassifier().fit(X_train, y_train)
    return {"experiment": "discriminative_vs_generative", "X_train": X_train, "y_train": y_train,
            "X_test": X_test, "y_test": y_test, "grid_x": grid_x, "grid_y": grid_y,
            "proba": {"logistic": p_logistic,
                      "gaussian": gaussian.predict_proba(grid)[:, 1].reshape(p_logistic.shape)},
            "test_accuracy": {"logistic": metrics.accuracy(y_test, logistic_labels),
                              "gaussian": metrics.accuracy(y_test, gaussian.predict(X_test))}}


# ------------------------------------------------------------------ plots
def _plot_discriminative_vs_generative(result, fig):
    ax = fig.subplots()
    X, y = result["X_train"], result["y_train"]
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", s=10)
    for name, color in (("logistic", "C2"), ("gaussian", "C4")):
        ax.contour(result["grid_x"], result["grid_y"], result["proba"][name], levels=[0.5],
                   colors=color)
        accuracy = result["test_accuracy"][name]
        ax.plot([], [], color=color, label=f"{name}: test accuracy {accuracy:.3f}")
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title="decision boundaries $P(y=1 \\mid x) = 0.5$")
    ax.legend(fontsize="small")


PLOTS = {"discriminative_vs_generative": _plot_discriminative_vs_generative}
"""The drawing of each experiment of this module, by the name in its result (see `plot`)."""
