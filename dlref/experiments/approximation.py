r"""Universal approximation: a wider hidden layer fits a function better.
"""

from __future__ import annotations

import numpy as np

from dlref import backend, checks, losses, models, optimizers, schedules, training
from dlref.experiments.common import using_dtype

__all__ = ["universal_approximation"]


def universal_approximation(widths=(1, 2, 4, 8, 16, 32), steps: int = 1000, lr: float = 0.05,
                            n_points: int = 128, fn=None, seed: int = 0) -> dict:
    r"""Fit one 1-D function with 1-hidden-layer networks of growing width.

    The universal approximation theorem says that a network with one hidden
    layer of $n$ units,

    $$\hat y(x) = W^{[2]} \tanh(W^{[1]} x + b^{[1]}) + b^{[2]}, \qquad
      W^{[1]} \in \mathbb{R}^{n \times 1},\ W^{[2]} \in \mathbb{R}^{1 \times n},$$

    can approximate any continuous function on a closed and bounded interval
    as closely as we like, given enough units. Here each width $n$ is trained by full-batch
    [`Adam`][dlref.optimizers.Adam] on the mean squared error over `n_points`
    evenly spaced $x \in [-\pi, \pi]$ (with [`fit`][dlref.training.fit]).
    The learning rate falls from `lr` to 0 along a cosine
    ([`CosineAnnealingLR`][dlref.schedules.CosineAnnealingLR]), so that
    training settles instead of ending wherever Adam's last steps left it;
    with float64, its errors are then the same in every numpy build (its
    rounding differs in the last bits, which a constant rate amplifies). The
    error falls as $n$ grows, until the finite training time, not the
    width, limits it (then neighbouring widths can swap places).

    Args:
        widths: the hidden widths $n$, increasing integers $\ge 1$.
        steps: gradient steps per width (full batch), $\ge 1$.
        lr: Adam's learning rate $\alpha > 0$ at the first step.
        n_points: the number of points $x$ the function is fitted on, $\ge 2$.
        fn: the function $f$, numpy in and out; `None` means $f(x) = \sin 3x$.
        seed: seeds the initial weights (the same for every width).

    Returns:
        `{"experiment", "x", "y", "widths", "fits", "mse"}`: `x` and `y = f(x)`
        of shape `(n_points,)`, `fits` of shape `(len(widths), n_points)`
        (each network's $\hat y(x)$), `mse` the error of each width.

    Examples:
        >>> result = universal_approximation(widths=(1, 8), steps=300)
        >>> result["fits"].shape, bool(result["mse"][1] < result["mse"][0] / 5)
        ((2, 128), True)
    """
    widths = checks.increasing_integers("universal_approximation()", "widths", widths, low=1)
    checks.integer("universal_approximation()", "steps", steps, low=1)
    checks.number("universal_approximation()", "lr", lr, low=0, low_open=True)
    checks.integer("universal_approximation()", "n_points", n_points, low=2)
    checks.integer("universal_approximation()", "seed", seed, low=0)
    x = np.linspace(-np.pi, np.pi, n_points)
    if fn is None:
        y = np.sin(3 * x)
    else:
        checks.function("universal_approximation()", "fn", fn, "None or a function of a numpy array")
        y = checks.array("universal_approximation()", "fn(x)", fn(x), shape=x.shape).astype(np.float64)
    fits = []
    with using_dtype("float64"):  # the same errors on every numpy build (the site's, the browser's)
        for width in widths:
            backend.manual_seed(seed)
            model = models.mlp([1, int(width), 1], activation="tanh")
            optimizer = optimizers.Adam(model.parameters(), lr=lr)
            schedule = schedules.CosineAnnealingLR(optimizer, T_max=steps)
            training.fit(model, losses.mse_loss, optimizer, (x[:, None], y[:, None]), epochs=steps,
                         batch_size=n_points, shuffle=False, callbacks=[schedule], verbose=False)
            fits.append(training.predict(model, x[:, None])[:, 0])
    fits = np.array(fits, dtype=np.float64)
    return {"experiment": "universal_approximation", "x": x, "y": y, "widths": widths,
            "fits": fits, "mse": np.mean((fits - y) ** 2, axis=1)}


# ------------------------------------------------------------------ plots
def _plot_universal_approximation(result, fig):
    fits_ax, error_ax = fig.subplots(1, 2)
    fits_ax.plot(result["x"], result["y"], "k", lw=3, alpha=0.3, label="$f(x)$")
    for width, fit in zip(result["widths"], result["fits"]):
        fits_ax.plot(result["x"], fit, label=f"width {width}")
    fits_ax.set(xlabel="$x$", title="fits")
    fits_ax.legend(fontsize="small")
    error_ax.loglog(result["widths"], result["mse"], "o-")
    error_ax.set(xlabel="hidden units $n$", ylabel="mean squared error", title="error vs width")


PLOTS = {"universal_approximation": _plot_universal_approximation}
"""The drawing of each experiment of this module, by the name in its result (see `plot`)."""
