r"""Regularization at work: a network that overfits 12 noisy points, and three cures.
"""

from __future__ import annotations

import numpy as np

from dlref import backend, checks, data, layers, losses, optimizers, regularizers, training
from dlref.experiments.common import using_dtype

__all__ = ["regularizers_compared"]

REGULARIZERS = ("none", "weight decay", "dropout", "early stopping")
"""The four trainings of [`regularizers_compared`][dlref.experiments.regularizers_compared], in its order."""


def regularizers_compared(n_train: int = 12, noise: float = 0.5, hidden: int = 128, epochs: int = 500,
                          lr: float = 0.03, weight_decay: float = 0.3, p: float = 0.3, patience: int = 50,
                          n_test: int = 1000, seed: int = 0) -> dict:
    r"""Train one over-sized network four times on a few noisy points: plain, and with each regularizer.

    The data are $y = \sin x + \varepsilon$, $\varepsilon \sim \mathcal N(0, \sigma^2)$,
    $x$ uniform in $[-\pi, \pi]$ ([`make_regression_1d`][dlref.data.make_regression_1d]):
    `n_train` points to train on, as many for validation, and `n_test` for
    the test. The network, $1 \to$ `hidden` $\to 1$ with tanh, has far more
    parameters than there are points, and full-batch
    [`Adam`][dlref.optimizers.Adam] for `epochs` steps lets it bend through
    the noise. It is trained from the same initial weights

    - with nothing else (`"none"`);
    - with decoupled weight decay $\lambda$ ([`AdamW`][dlref.optimizers.AdamW]);
    - with [`Dropout`][dlref.layers.Dropout] of probability $p$ after the hidden layer;
    - with [`EarlyStopping`][dlref.regularizers.EarlyStopping] on the validation
      loss (patience `patience`), which keeps the weights of the best epoch.
      Only this one reads the validation points: that is its price.

    Every error is the mean squared error; the test points were used by
    none of the four. No model can beat the noise $\sigma^2$ on the test set.
    It runs in float64, so its numbers are the same on every numpy build.

    Args:
        n_train: training points ($\ge 2$); the validation set has as many.
        noise: the noise's standard deviation $\sigma > 0$.
        hidden: hidden units, $\ge 1$.
        epochs: full-batch steps (the most, for early stopping), $\ge 1$.
        lr: Adam's learning rate $\alpha > 0$.
        weight_decay: $\lambda$ of AdamW, $> 0$.
        p: the dropout probability, in $(0, 1)$.
        patience: epochs without a better validation loss before early stopping stops, $\ge 1$.
        n_test: test points, $\ge 1$.
        seed: seeds the data, the initial weights and the dropout masks.

    Returns:
        `{"experiment", "names", "x_train", "y_train", "x", "f", "fits",
        "train_error", "test_error", "noise", "epochs_run"}`: the training
        points, a grid `x` with the truth $f(x) = \sin x$ and each
        training's fit on it (`fits`, one row per name), each training's
        error on its training points and on the test points, $\sigma^2$,
        and the epochs each training ran.

    Examples:
        >>> result = regularizers_compared(hidden=16, epochs=50)
        >>> result["names"], result["fits"].shape
        (('none', 'weight decay', 'dropout', 'early stopping'), (4, 200))
    """
    who = "regularizers_compared()"
    checks.integer(who, "n_train", n_train, low=2)
    checks.number(who, "noise", noise, low=0, low_open=True)
    checks.integer(who, "hidden", hidden, low=1)
    checks.integer(who, "epochs", epochs, low=1)
    checks.number(who, "lr", lr, low=0, low_open=True)
    checks.number(who, "weight_decay", weight_decay, low=0, low_open=True)
    checks.number(who, "p", p, low=0, high=1, low_open=True, high_open=True)
    checks.integer(who, "patience", patience, low=1)
    checks.integer(who, "n_test", n_test, low=1)
    checks.integer(who, "seed", seed, low=0)
    X, y = data.make_regression_1d(2 * n_train + n_test, noise=noise, seed=seed)
    y = y[:, None]
    train, val, test = ((X[a:b], y[a:b]) for a, b in
                        [(0, n_train), (n_train, 2 * n_train), (2 * n_train, None)])
    x = np.linspace(-np.pi, np.pi, 200)
    fits, train_error, test_error, epochs_run = [], [], [], []
    with using_dtype("float64"):
        for name in REGULARIZERS:
            backend.manual_seed(seed)
            dropout = [layers.Dropout(p)] if name == "dropout" else []
            model = layers.Sequential(layers.Linear(1, hidden), layers.Tanh(), *dropout, layers.Linear(hidden, 1))
            if name == "weight decay":
                optimizer = optimizers.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
            else:
                optimizer = optimizers.Adam(model.parameters(), lr=lr)
            stopping = name == "early stopping"
            history = training.fit(
                model, losses.mse_loss, optimizer, train, epochs=epochs, val_data=val if stopping else None,
                callbacks=[regularizers.EarlyStopping("val_loss", patience=patience)] if stopping else (),
                batch_size=n_train, verbose=False)
            fits.append(training.predict(model, x[:, None])[:, 0])
            train_error.append(training.evaluate(model, losses.mse_loss, train)["loss"])
            test_error.append(training.evaluate(model, losses.mse_loss, test)["loss"])
            epochs_run.append(len(history["loss"]))
    return {"experiment": "regularizers_compared", "names": REGULARIZERS,
            "x_train": train[0][:, 0], "y_train": train[1][:, 0], "x": x, "f": np.sin(x),
            "fits": np.array(fits), "train_error": np.array(train_error), "test_error": np.array(test_error),
            "noise": noise**2, "epochs_run": np.array(epochs_run)}


# ------------------------------------------------------------------ plots
def _plot_regularizers_compared(result, fig):
    fits_ax, error_ax = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
    fits_ax.plot(result["x"], result["f"], "k", lw=3, alpha=0.25, label=r"truth $\sin x$")
    for name, fit in zip(result["names"], result["fits"]):
        fits_ax.plot(result["x"], fit, lw=1.3, ls="--" if name == "none" else "-", label=name)
    fits_ax.plot(result["x_train"], result["y_train"], "ko", ms=4, label="training points")
    limit = 1.5 * np.abs(result["y_train"]).max()
    fits_ax.set(xlabel="$x$", ylim=(-limit, limit), title="the four fits")
    fits_ax.legend(fontsize="x-small", loc="lower right")
    positions = np.arange(len(result["names"]))
    error_ax.bar(positions - 0.2, result["train_error"], 0.4, label="training points")
    error_ax.bar(positions + 0.2, result["test_error"], 0.4, label="test points")
    error_ax.axhline(result["noise"], color="k", lw=0.8, ls=":", label=r"noise $\sigma^2$")
    error_ax.set_xticks(positions, [name.replace(" ", "\n") for name in result["names"]], fontsize="small")
    error_ax.set(ylabel="mean squared error", title="errors")
    error_ax.legend(fontsize="x-small")


PLOTS = {"regularizers_compared": _plot_regularizers_compared}
"""The drawing of each experiment of this module, by the name in its result (see `plot`)."""
