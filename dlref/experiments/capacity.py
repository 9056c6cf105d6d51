r"""Model capacity and test error: the bias-variance trade-off and double descent.
"""

from __future__ import annotations

import numpy as np

from dlref import backend, checks

__all__ = ["bias_variance", "double_descent"]


def bias_variance(degrees=range(13), n_train: int = 15, n_sets: int = 1000, noise: float = 0.3,
                  seed: int = 0) -> dict:
    r"""Bias, variance and noise of polynomial fits of growing degree, from many training sets.

    The truth is $f(x) = \sin(\pi x + 1)$ on $[-1, 1]$. Each of `n_sets`
    training sets has the same `n_train` evenly spaced inputs $x_i$ and fresh
    noisy targets $y_i = f(x_i) + \varepsilon_i$, $\varepsilon_i \sim
    \mathcal N(0, \sigma^2)$; a least-squares polynomial $\hat f_S$ of degree
    $d$ is fitted to each set $S$. On test points $x$ the expected squared
    error against a new target $y = f(x) + \varepsilon$ splits into three parts:

    $$\mathbb E_{S,\varepsilon}\big[(\hat f_S(x) - y)^2\big]
      = \underbrace{\big(\bar f(x) - f(x)\big)^2}_{\text{bias}^2}
      + \underbrace{\mathbb E_S\big[(\hat f_S(x) - \bar f(x))^2\big]}_{\text{variance}}
      + \underbrace{\sigma^2}_{\text{noise}}, \qquad \bar f = \mathbb E_S[\hat f_S].$$

    A small degree cannot follow $f$ (high bias); a large one follows the
    noise of its training set (high variance); the test error is smallest in
    between. Bias and variance are averaged over 101 test points; the test
    error is measured directly on fresh noisy targets. The fits use numpy's
    Legendre least squares (a well-conditioned polynomial basis).

    Args:
        degrees: the degrees $d$, increasing integers in $[0, n_{train} - 1]$.
        n_train: training points per set, $\ge 2$.
        n_sets: the number of training sets, $\ge 2$.
        noise: the noise standard deviation $\sigma \ge 0$.
        seed: seeds the noise.

    Returns:
        `{"experiment", "degrees", "bias2", "variance", "noise", "test_error",
        "x", "f", "mean_fit"}`: one value per degree for the first four
        (`noise` is $\sigma^2$), the test points `x`, $f(x)$, and $\bar f(x)$ per degree.

    Examples:
        >>> result = bias_variance(degrees=[1, 4, 12], n_sets=200)
        >>> result["bias2"].round(3), result["variance"].round(3)
        (array([0.423, 0.002, 0.   ]), array([0.011, 0.025, 0.461]))
    """
    checks.integer("bias_variance()", "n_train", n_train, low=2)
    degrees = checks.increasing_integers("bias_variance()", "degrees", degrees, low=0, high=n_train - 1)
    checks.integer("bias_variance()", "n_sets", n_sets, low=2)
    checks.number("bias_variance()", "noise", noise, low=0)
    checks.integer("bias_variance()", "seed", seed, low=0)
    rng = backend.generator(seed)

    def f(x):  # the truth
        return np.sin(np.pi * x + 1)

    x_train, x = np.linspace(-1, 1, n_train), np.linspace(-1, 1, 101)
    Y = f(x_train)[:, None] + noise * rng.standard_normal((n_train, n_sets))  # a set per column
    legendre = np.polynomial.legendre
    fits = np.stack([legendre.legval(x, legendre.legfit(x_train, Y, d)) for d in degrees])
    mean_fit = fits.mean(axis=1)  # (degrees, points): f_bar
    y_new = f(x) + noise * rng.standard_normal((n_sets, len(x)))
    return {"experiment": "bias_variance", "degrees": degrees,
            "bias2": np.mean((mean_fit - f(x)) ** 2, axis=1),
            "variance": np.mean(fits.var(axis=1), axis=1),
            "noise": noise**2 * np.ones(len(degrees)),
            "test_error": np.mean((fits - y_new) ** 2, axis=(1, 2)),
            "x": x, "f": f(x), "mean_fit": mean_fit}


def double_descent(n_features=None, n_train: int = 40, dim: int = 10, noise: float = 0.2,
                   n_repeats: int = 10, n_test: int = 500, seed: int = 0) -> dict:
    r"""Test error of random-features regression through the interpolation threshold $p = n$.

    Inputs $x \in \mathbb{R}^{d}$ are standard normal and the targets are
    linear plus noise, $y = \beta^\top x + \varepsilon$ with
    $\beta \sim \mathcal N(0, I/d)$. The model has $p$ random ReLU features
    and only the output weights $w$ are learned:

    $$\phi(x) = \max\!\big(0, V x / \sqrt{d}\big) \in \mathbb{R}^{p},
      \quad V_{jk} \sim \mathcal N(0, 1), \qquad
      \hat w = \Phi^{+} y,$$

    where $\Phi$ is the $n \times p$ matrix of training features and
    $\Phi^{+}$ its pseudo-inverse: least squares for $p < n$, the
    minimum-norm interpolating solution for $p > n$. Classically the test
    error is U-shaped in $p$; here it then shoots up near $p = n$, where
    exactly one $w$ fits every training point and $\Phi$ is nearly singular,
    and comes down again for $p > n$, below its classical minimum: double
    descent. Each point is the mean test error over `n_repeats` draws of data
    and features (plotted on a log scale: the peak is orders of magnitude high).

    Args:
        n_features: the numbers of features $p$, increasing integers $\ge 1$;
            `None` gives 30 values from 1 to $25 n$ on a log scale, plus $n$ itself.
        n_train: training examples $n \ge 2$.
        dim: the input dimension $d \ge 1$.
        noise: the noise standard deviation $\ge 0$.
        n_repeats: independent draws averaged per point, $\ge 1$.
        n_test: test examples, $\ge 1$.
        seed: seeds data, targets and features.

    Returns:
        `{"experiment", "n_features", "test_error", "train_error", "n_train"}`,
        the errors (mean squared, against the noiseless $\beta^\top x$ on the
        test set) of shape `(len(n_features),)`.

    Examples:
        >>> result = double_descent()
        >>> int(result["n_features"][result["test_error"].argmax()]), result["n_train"]
        (40, 40)
    """
    checks.integer("double_descent()", "n_train", n_train, low=2)
    if n_features is None:
        log_spaced = np.geomspace(1, 25 * n_train, 30).round()
        n_features = np.unique(np.r_[log_spaced, n_train]).astype(int)
    n_features = checks.increasing_integers("double_descent()", "n_features", n_features, low=1)
    checks.integer("double_descent()", "dim", dim, low=1)
    checks.number("double_descent()", "noise", noise, low=0)
    checks.integer("double_descent()", "n_repeats", n_repeats, low=1)
    checks.integer("double_descent()", "n_test", n_test, low=1)
    checks.integer("double_descent()", "seed", seed, low=0)
    rng = backend.generator(seed)
    test_error = np.zeros((n_repeats, len(n_features)))
    train_error = np.zeros((n_repeats, len(n_features)))
    for r in range(n_repeats):
        beta = rng.standard_normal(dim) / np.sqrt(dim)
        X, X_test = rng.standard_normal((n_train, dim)), rng.standard_normal((n_test, dim))
        y = X @ beta + noise * rng.standard_normal(n_train)
        V = rng.standard_normal((dim, n_features[-1]))
        Phi = np.maximum(0, X @ V / np.sqrt(dim))  # (n, p_max): the features of each example
        Phi_test = np.maximum(0, X_test @ V / np.sqrt(dim))
        for i, p in enumerate(n_features):  # the first p features
            w = np.linalg.lstsq(Phi[:, :p], y, rcond=None)[0]  # minimum norm when p > n
            test_error[r, i] = np.mean((Phi_test[:, :p] @ w - X_test @ beta) ** 2)
            train_error[r, i] = np.mean((Phi[:, :p] @ w - y) ** 2)
    return {"experiment": "double_descent", "n_features": n_features,
            "test_error": test_error.mean(axis=0), "train_error": train_error.mean(axis=0),
            "n_train": n_train}


# ------------------------------------------------------------------ plots
def _plot_bias_variance(result, fig):
    ax = fig.subplots()
    for key, label in (("bias2", "bias$^2$"), ("variance", "variance"),
                       ("noise", "noise $\\sigma^2$"), ("test_error", "test error")):
        ax.semilogy(result["degrees"], result[key], "o-", ms=3, label=label)
    ax.set(xlabel="polynomial degree $d$", title="bias-variance trade-off")
    ax.legend()


def _plot_double_descent(result, fig):
    ax = fig.subplots()
    ax.loglog(result["n_features"], result["test_error"], "o-", ms=3)
    ax.axvline(result["n_train"], color="k", lw=0.5, label="$p = n$ (interpolation threshold)")
    ax.set(xlabel="features $p$", ylabel="test error", title="double descent")
    ax.legend()


PLOTS = {"bias_variance": _plot_bias_variance, "double_descent": _plot_double_descent}
"""The drawing of each experiment of this module, by the name in its result (see `plot`)."""
