r"""Optimization: gradient descent on a non-convex loss, and the paths of the optimizers on one surface.
"""

from __future__ import annotations

import numpy as np

from dlref import backend, checks, losses, optimizers
from dlref.autograd import Tensor, no_grad, tensor

__all__ = ["nonconvex_minima", "optimizer_paths", "WELLS", "PATH_OPTIMIZERS"]


WELLS = ((-3.0, 1.0), (0.0, 0.5), (3.0, 1.5))  # (centre c_k, depth h_k) of each dent of the bowl


def _bumpy_loss(theta: Tensor) -> Tensor:
    r"""$\mathcal{L}(\theta) = \theta^2/20 - \sum_k h_k e^{-(\theta - c_k)^2}$, elementwise."""
    loss = theta * theta / 20
    for centre, depth in WELLS:
        loss = loss - depth * (-(theta - centre) ** 2).exp()
    return loss


def nonconvex_minima(n_starts: int = 8, steps: int = 200, lr: float = 0.1, seed: int = 0) -> dict:
    r"""Gradient descent on a non-convex loss ends in different minima from different starts.

    The loss is a wide bowl with three dents of different depths,

    $$\mathcal{L}(\theta) = \frac{\theta^2}{20} - \sum_{k=1}^{3} h_k\, e^{-(\theta - c_k)^2},
      \qquad (c_k, h_k) \in \{(-3, 1), (0, 0.5), (3, 1.5)\},$$

    which has three local minima, only one of them global. Gradient descent
    $\theta \leftarrow \theta - \alpha \nabla_\theta \mathcal{L}(\theta)$
    ([`SGD`][dlref.optimizers.SGD] on the exact gradient) from `n_starts`
    points drawn uniformly in $[-5, 5]$ goes downhill into whichever basin it
    starts in: the minimum it finds, and its loss, depend on the start. With
    a non-convex loss there is no guarantee of reaching the global minimum.
    All starts run at once, as the entries of one tensor $\theta$: the
    gradient of $\sum_i \mathcal{L}(\theta_i)$ with respect to $\theta_i$ is $\mathcal{L}'(\theta_i)$.

    Args:
        n_starts: the number of starting points, $\ge 1$.
        steps: gradient-descent steps, $\ge 1$.
        lr: the learning rate $\alpha > 0$.
        seed: seeds the starting points.

    Returns:
        `{"experiment", "theta", "loss", "starts", "start_losses", "paths", "ends",
        "end_losses", "minima", "minima_losses"}`: the loss curve (`theta`,
        `loss`), where each run started and ended with its losses there, the
        `paths` of shape `(steps + 1, n_starts)`, and the distinct minima found
        (ends closer than 0.01 count as one).

    Examples:
        >>> result = nonconvex_minima(n_starts=8)
        >>> result["minima"].round(2), result["minima_losses"].round(2)
        (array([-2.85,  0.  ,  2.9 ]), array([-0.57, -0.5 , -1.06]))
    """
    checks.integer("nonconvex_minima()", "n_starts", n_starts, low=1)
    checks.integer("nonconvex_minima()", "steps", steps, low=1)
    checks.number("nonconvex_minima()", "lr", lr, low=0, low_open=True)
    checks.integer("nonconvex_minima()", "seed", seed, low=0)
    starts = backend.generator(seed).uniform(-5, 5, n_starts)
    theta = tensor(starts, requires_grad=True, dtype="float64")
    optimizer = optimizers.SGD([theta], lr=lr)
    paths = [starts]
    for _ in range(steps):
        optimizer.zero_grad()
        _bumpy_loss(theta).sum().backward()
        optimizer.step()
        paths.append(theta.numpy().copy())
    ends = paths[-1]
    order = np.sort(ends)
    minima = order[np.r_[True, np.diff(order) > 0.01]]  # the first end of each cluster

    def loss_at(values):
        with no_grad():
            return _bumpy_loss(tensor(values, dtype="float64")).numpy()

    grid = np.linspace(-5, 5, 401)
    return {"experiment": "nonconvex_minima", "theta": grid, "loss": loss_at(grid),
            "starts": starts, "start_losses": loss_at(starts), "paths": np.array(paths),
            "ends": ends, "end_losses": loss_at(ends),
            "minima": minima, "minima_losses": loss_at(minima)}


PATH_OPTIMIZERS = {  # name: (optimizer, hyperparameters); only "SGD" uses minibatches
    "GD": (optimizers.SGD, {"lr": 0.5}),
    "SGD": (optimizers.SGD, {"lr": 0.5}),
    "momentum": (optimizers.SGD, {"lr": 0.05, "momentum": 0.9}),
    "RMSprop": (optimizers.RMSprop, {"lr": 0.1}),
    "Adam": (optimizers.Adam, {"lr": 0.3}),
    "Adagrad": (optimizers.Adagrad, {"lr": 1.0}),
    "Adadelta": (optimizers.Adadelta, {"lr": 10.0}),
}


def optimizer_paths(names=tuple(PATH_OPTIMIZERS), steps: int = 100, batch_size: int = 10,
                    seed: int = 0) -> dict:
    r"""The paths of gradient descent, SGD and dlref's optimizers on one 2-D loss surface.

    The surface is the mean squared error of a linear model with two weights
    $\theta = (w_1, w_2)$ on $N = 100$ examples,

    $$\mathcal{L}(\theta) = \frac{1}{N}\sum_{i=1}^{N} (\theta^\top x_i - y_i)^2,
      \qquad x_i \sim \mathcal N\big(0, \operatorname{diag}(1, 0.3^2)\big),
      \quad y_i = (1, 2)\, x_i + \varepsilon_i,$$

    a long narrow valley (its curvature is 11 times larger along $w_1$ than
    along $w_2$). Every optimizer starts at $\theta_0 = (-3, -3)$ and makes
    `steps` updates with the hyperparameters of `PATH_OPTIMIZERS`: `"GD"` is
    $\theta \leftarrow \theta - \alpha \nabla_\theta \mathcal{L}(\theta)$ on all $N$
    examples; `"SGD"` is the same rule with the same $\alpha$ on the gradient of
    a random minibatch of `batch_size` examples, a noisy estimate of
    $\nabla_\theta L$; the others ([`SGD`][dlref.optimizers.SGD] with momentum,
    [`RMSprop`][dlref.optimizers.RMSprop], [`Adam`][dlref.optimizers.Adam],
    [`Adagrad`][dlref.optimizers.Adagrad], [`Adadelta`][dlref.optimizers.Adadelta])
    use the full gradient. The loss recorded along each path is always the full $L$.

    Args:
        names: which optimizers to run, keys of `PATH_OPTIMIZERS`.
        steps: updates per optimizer, $\ge 1$.
        batch_size: the minibatch size of `"SGD"`, in $[1, 100]$.
        seed: seeds the data and SGD's minibatches.

    Returns:
        `{"experiment", "names", "paths", "losses", "w1", "w2", "loss_grid",
        "minimum", "start"}`: `paths[name]` of shape `(steps + 1, 2)` and
        `losses[name]` of shape `(steps + 1,)`; the surface on a grid
        (`loss_grid[i, j]` at `(w1[j], w2[i])`) and its minimum $\theta^\star$.

    Examples:
        Gradient descent never goes uphill; SGD's minibatch steps sometimes do:

        >>> result = optimizer_paths(names=("GD", "SGD"), steps=50)
        >>> [int(np.sum(np.diff(result["losses"][name]) > 0)) for name in ("GD", "SGD")]
        [0, 17]
    """
    if isinstance(names, str) or not isinstance(names, (list, tuple)) or not names:
        checks.fail("optimizer_paths()", "names", f"a list of names from {list(PATH_OPTIMIZERS)}",
                    repr(names))
    names = [checks.one_of("optimizer_paths()", f"names[{i}]", name, PATH_OPTIMIZERS)
             for i, name in enumerate(names)]
    checks.integer("optimizer_paths()", "steps", steps, low=1)
    N = 100
    checks.integer("optimizer_paths()", "batch_size", batch_size, low=1, high=N)
    checks.integer("optimizer_paths()", "seed", seed, low=0)
    rng = backend.generator(seed)
    X = rng.standard_normal((N, 2)) * [1.0, 0.3]
    y = X @ np.array([1.0, 2.0]) + 0.5 * rng.standard_normal(N)
    start = np.array([-3.0, -3.0])

    def full_loss(W):  # L at each row (or grid point) W of weights
        return np.mean((W @ X.T - y) ** 2, axis=-1)

    paths, path_losses = {}, {}
    for name in names:
        optimizer_class, hyperparameters = PATH_OPTIMIZERS[name]
        w = tensor(start, requires_grad=True, dtype="float64")
        optimizer = optimizer_class([w], **hyperparameters)
        path = [start]
        for _ in range(steps):
            rows = rng.choice(N, batch_size, replace=False) if name == "SGD" else slice(None)
            loss = losses.mse_loss(tensor(X[rows], dtype="float64") @ w, y[rows])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            path.append(w.numpy().copy())
        paths[name] = np.array(path)
        path_losses[name] = full_loss(paths[name])
    w1, w2 = np.linspace(-4, 4, 81), np.linspace(-4, 4, 81)
    grid = np.stack(np.meshgrid(w1, w2), axis=-1)  # (81, 81, 2): grid[i, j] = (w1[j], w2[i])
    return {"experiment": "optimizer_paths", "names": names, "paths": paths,
            "losses": path_losses, "w1": w1, "w2": w2, "loss_grid": full_loss(grid),
            "minimum": np.linalg.lstsq(X, y, rcond=None)[0], "start": start}


# ------------------------------------------------------------------ plots
def _plot_nonconvex_minima(result, fig):
    ax = fig.subplots()
    ax.plot(result["theta"], result["loss"], "k")
    ax.plot(result["starts"], result["start_losses"], "o", mfc="none", label="starts")
    ax.plot(result["ends"], result["end_losses"], "o", label="ends")
    ax.set(xlabel=r"$\theta$", ylabel=r"$\mathcal{L}(\theta)$",
           title=f"gradient descent from {len(result['starts'])} starts")
    ax.legend()


def _plot_optimizer_paths(result, fig):
    ax = fig.subplots()
    ax.contour(result["w1"], result["w2"], result["loss_grid"], levels=np.geomspace(0.32, 40, 15),
               colors="0.8")
    for name in result["names"]:
        path = result["paths"][name]
        ax.plot(path[:, 0], path[:, 1], ".-", ms=3, lw=1, label=name)
    ax.plot(*result["minimum"], "k*", ms=12)
    ax.set(xlabel="$w_1$", ylabel="$w_2$", title="optimizer paths")
    ax.legend(fontsize="small")


PLOTS = {"nonconvex_minima": _plot_nonconvex_minima, "optimizer_paths": _plot_optimizer_paths}
"""The drawing of each experiment of this module, by the name in its result (see `plot`)."""
