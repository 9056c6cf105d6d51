r"""The experiments of the notes: each claim as a seeded function you can rerun and change.

Every experiment is a function that takes a `seed` and a size (widths,
steps, number of training sets...), runs in about a second at its default
size on numpy, and returns plain data: a dict of numpy arrays and numbers,
whose `"experiment"` entry names it. [`plot`][dlref.experiments.plot] draws
any of them with matplotlib, which is imported only then (it is not a
dependency of dlref).

The experiments, by concept of the notes:

- universal approximation, [`universal_approximation`][dlref.experiments.universal_approximation]:
  a wider hidden layer fits a function better;
- non-convex optimization, [`nonconvex_minima`][dlref.experiments.nonconvex_minima]:
  gradient descent ends in the minimum of the basin it starts in;
- GD, SGD and the optimizers, [`optimizer_paths`][dlref.experiments.optimizer_paths]:
  their paths on one loss surface;
- overfitting, [`random_labels`][dlref.experiments.random_labels]:
  a network memorises labels that mean nothing;
- bias-variance, [`bias_variance`][dlref.experiments.bias_variance]:
  bias falls and variance rises with model size;
- double descent, [`double_descent`][dlref.experiments.double_descent]:
  test error peaks where the model can just interpolate, then falls again;
- loss landscapes, [`loss_landscape`][dlref.experiments.loss_landscape]:
  the loss around a trained model, in filter-normalized directions;
- flat vs sharp minima, [`flat_vs_sharp`][dlref.experiments.flat_vs_sharp]:
  large batches end in sharper minima;
- discriminative vs generative,
  [`discriminative_vs_generative`][dlref.experiments.discriminative_vs_generative]:
  a boundary vs a distribution per class;
- adversarial noise, [`adversarial_example`][dlref.experiments.adversarial_example]:
  a tiny perturbation flips a prediction;
- convolutional networks, [`translation_equivariance`][dlref.experiments.translation_equivariance]:
  a shifted image gives a shifted feature map;
- reinforcement learning, [`grid_navigation`][dlref.experiments.grid_navigation]:
  an agent finds the shortest way through a maze from rewards alone;
- MAE vs RMSE, [`mae_rmse_table`][dlref.experiments.mae_rmse_table]: the notes' three cases.

Training runs in float32 for speed; the default dtype of the caller is
restored afterwards. Where an experiment is about the data rather than the
engine (bias-variance, double descent) it uses numpy's closed forms.

Examples:
    >>> result = mae_rmse_table()
    >>> result["experiment"], result["rmse"].round(3)
    ('mae_rmse_table', array([2.   , 2.236, 6.325]))
"""

from __future__ import annotations

import contextlib
import math

import numpy as np

from dlref import (
    activations,
    backend,
    data,
    layers,
    losses,
    metrics,
    models,
    optimizers,
    training,
)
from dlref.autograd import Tensor, no_grad, tensor
from dlref.backend import xp

__all__ = [
    "GaussianClassifier",
    "adversarial_example",
    "bias_variance",
    "discriminative_vs_generative",
    "double_descent",
    "fgsm",
    "filter_normalized_direction",
    "flat_vs_sharp",
    "loss_landscape",
    "mae_rmse_table",
    "nonconvex_minima",
    "optimizer_paths",
    "plot",
    "random_labels",
    "top_hessian_eigenvalue",
    "translation_equivariance",
    "universal_approximation",
]


# ------------------------------------------------------------------ checks
def _check_int(caller: str, name: str, value, low: int, high: int | None = None) -> None:
    """`value` is an integer in [low, high] (no upper bound when high is None)."""
    ok = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    if not (ok and value >= low and (high is None or value <= high)):
        expected = f">= {low}" if high is None else f"in [{low}, {high}]"
        raise ValueError(f"{caller}(): expected {name} to be an integer {expected}, got {value!r}")


def _check_number(caller: str, name: str, value, low: float = 0.0, strict: bool = True,
                  high: float | None = None) -> None:
    """`value` is a finite number > low (>= low when not strict), and <= high when high is given."""
    ok = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
    if not (ok and math.isfinite(value) and (value > low if strict else value >= low)
            and (high is None or value <= high)):
        bound = f"{name} {'>' if strict else '>='} {low:g}"
        if high is not None:
            bound = f"{low:g} {'<' if strict else '<='} {name} <= {high:g}"
        raise ValueError(f"{caller}(): expected {bound}, got {value!r}")


def _check_sizes(caller: str, name: str, values, low: int, high: int | None = None) -> np.ndarray:
    """`values` as an array: a non-empty, increasing sequence of integers in [low, high]."""
    if not isinstance(values, str) and hasattr(values, "__iter__"):
        values = list(values)  # a range or a tuple, shown as a list in the message
    array = np.asarray(values)
    bounds = f">= {low}" if high is None else f"in [{low}, {high}]"
    if (array.ndim != 1 or len(array) == 0 or not np.issubdtype(array.dtype, np.integer)
            or array.min() < low or (high is not None and array.max() > high)
            or np.any(np.diff(array) <= 0)):
        raise ValueError(
            f"{caller}(): expected {name} to be increasing integers {bounds}, got {values!r}"
        )
    return array


# ----------------------------------------------------------------- helpers
@contextlib.contextmanager
def _default_dtype(dtype: str):
    """Run a block with `dtype` as dlref's default floating dtype, then restore the caller's."""
    saved = "float64" if backend.default_dtype() == xp.float64 else "float32"
    backend.set_default_dtype(dtype)
    try:
        yield
    finally:
        backend.set_default_dtype(saved)


def _digits(n_train: int, rng: np.random.Generator) -> tuple:
    """The digits split at random, n_train for training: `(X_train, y_train), (X_test, y_test)`."""
    X, y = data.load_digits()
    order = rng.permutation(len(y))
    train, test = order[:n_train], order[n_train:]
    return (X[train], y[train]), (X[test], y[test])


def _train_mlp(train, hidden: int, optimizer, batch_size: int, epochs: int, seed: int,
               val_data=None) -> tuple:
    """A 1-hidden-layer ReLU MLP (D -> hidden -> 10 logits), trained with `fit` and cross-entropy.

    `optimizer` maps the parameters to an optimizer; returns the model and its history.
    """
    backend.manual_seed(seed)
    model = models.mlp([train[0].shape[1], hidden, 10])
    history = training.fit(model, losses.cross_entropy, optimizer(model.parameters()), train,
                           epochs=epochs, val_data=val_data,
                           metrics=["accuracy"] if val_data is not None else (),
                           batch_size=batch_size, seed=seed, verbose=False)
    return model, history


def _accuracy(model, X: np.ndarray, y: np.ndarray) -> float:
    """The accuracy of a classifier that outputs one score per class."""
    return metrics.accuracy(y, training.to_labels(training.predict(model, X)))


def _parameter_vector(model) -> np.ndarray:
    r"""All parameters of `model` as one float64 vector $\theta$."""
    return np.concatenate([backend.to_numpy(p.data).ravel() for p in model.parameters()]
                          ).astype(np.float64)


def _set_parameters(model, theta: np.ndarray) -> None:
    r"""Copy the vector $\theta$ into the parameters of `model` (undoes `_parameter_vector`)."""
    start = 0
    for p in model.parameters():
        p.data[...] = backend.asarray(theta[start:start + p.size].reshape(p.shape), dtype=p.dtype)
        start += p.size


def _gradient_vector(model, loss_fn, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    r"""$\nabla_\theta L$ on all of `(X, y)`, as one float64 vector."""
    params = model.parameters()
    model.zero_grad()
    loss_fn(model(Tensor(backend.asarray(X, dtype=params[0].dtype))), y).backward()
    grads = [backend.to_numpy(p.grad) if p.grad is not None else np.zeros(p.shape) for p in params]
    model.zero_grad()
    return np.concatenate([g.ravel() for g in grads]).astype(np.float64)


def _losses_along(model, loss_fn, xy, directions: list, coefficients: np.ndarray) -> np.ndarray:
    r"""$L(\theta^\star + \sum_k c_k d_k)$ for each row $c$ of `coefficients`.

    The parameters are $\theta^\star$ again afterwards.
    """
    theta = _parameter_vector(model)
    D = np.stack([np.concatenate([d.ravel() for d in direction]) for direction in directions])
    values = []
    try:
        for c in coefficients:
            _set_parameters(model, theta + c @ D)
            values.append(training.evaluate(model, loss_fn, xy)["loss"])
    finally:
        _set_parameters(model, theta)
    return np.array(values)


# -------------------------------------------------- universal approximation
def universal_approximation(widths=(1, 2, 4, 8, 16, 32), steps: int = 1000, lr: float = 0.02,
                            n_points: int = 128, fn=None, seed: int = 0) -> dict:
    r"""Fit one 1-D function with 1-hidden-layer networks of growing width.

    The universal approximation theorem says that a network with one hidden
    layer of $n$ units,

    $$\hat y(x) = W^{[2]} \tanh(W^{[1]} x + b^{[1]}) + b^{[2]}, \qquad
      W^{[1]} \in \mathbb{R}^{n \times 1},\ W^{[2]} \in \mathbb{R}^{1 \times n},$$

    can approximate any continuous function on an interval as closely as we
    like, given enough units. Here each width $n$ is trained by full-batch
    [`Adam`][dlref.optimizers.Adam] on the mean squared error over `n_points`
    evenly spaced $x \in [-\pi, \pi]$ (with [`fit`][dlref.training.fit]). The
    error falls as $n$ grows, until the finite training time, not the
    width, limits it (then neighbouring widths can swap places).

    Args:
        widths: the hidden widths $n$, increasing integers $\ge 1$.
        steps: gradient steps per width (full batch), $\ge 1$.
        lr: Adam's learning rate $\alpha > 0$.
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
    widths = _check_sizes("universal_approximation", "widths", widths, 1)
    _check_int("universal_approximation", "steps", steps, 1)
    _check_number("universal_approximation", "lr", lr)
    _check_int("universal_approximation", "n_points", n_points, 2)
    x = np.linspace(-np.pi, np.pi, n_points)
    y = np.sin(3 * x) if fn is None else np.asarray(fn(x), dtype=np.float64)
    if y.shape != x.shape:
        raise ValueError(
            f"universal_approximation(): fn must map x of shape {x.shape} to the same shape, "
            f"got {y.shape}"
        )
    fits = []
    with _default_dtype("float32"):
        for width in widths:
            backend.manual_seed(seed)
            model = models.mlp([1, int(width), 1], activation="tanh")
            optimizer = optimizers.Adam(model.parameters(), lr=lr)
            training.fit(model, losses.mse_loss, optimizer, (x[:, None], y[:, None]), epochs=steps,
                         batch_size=n_points, shuffle=False, verbose=False)
            fits.append(training.predict(model, x[:, None])[:, 0])
    fits = np.array(fits, dtype=np.float64)
    return {"experiment": "universal_approximation", "x": x, "y": y, "widths": widths,
            "fits": fits, "mse": np.mean((fits - y) ** 2, axis=1)}


# ---------------------------------------------------- non-convex optimization
WELLS = ((-3.0, 1.0), (0.0, 0.5), (3.0, 1.5))  # (centre c_k, depth h_k) of each dent of the bowl


def _bumpy_loss(theta: Tensor) -> Tensor:
    r"""$L(\theta) = \theta^2/20 - \sum_k h_k e^{-(\theta - c_k)^2}$, elementwise."""
    loss = theta * theta / 20
    for centre, depth in WELLS:
        loss = loss - depth * (-(theta - centre) ** 2).exp()
    return loss


def nonconvex_minima(n_starts: int = 8, steps: int = 200, lr: float = 0.1, seed: int = 0) -> dict:
    r"""Gradient descent on a non-convex loss ends in different minima from different starts.

    The loss is a wide bowl with three dents of different depths,

    $$L(\theta) = \frac{\theta^2}{20} - \sum_{k=1}^{3} h_k\, e^{-(\theta - c_k)^2},
      \qquad (c_k, h_k) \in \{(-3, 1), (0, 0.5), (3, 1.5)\},$$

    which has three local minima, only one of them global. Gradient descent
    $\theta \leftarrow \theta - \alpha \nabla_\theta L(\theta)$
    ([`SGD`][dlref.optimizers.SGD] on the exact gradient) from `n_starts`
    points drawn uniformly in $[-5, 5]$ goes downhill into whichever basin it
    starts in: the minimum it finds, and its loss, depend on the start. With
    a non-convex loss there is no guarantee of reaching the global minimum.
    All starts run at once, as the entries of one tensor $\theta$: the
    gradient of $\sum_i L(\theta_i)$ with respect to $\theta_i$ is $L'(\theta_i)$.

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
    _check_int("nonconvex_minima", "n_starts", n_starts, 1)
    _check_int("nonconvex_minima", "steps", steps, 1)
    _check_number("nonconvex_minima", "lr", lr)
    starts = np.random.default_rng(seed).uniform(-5, 5, n_starts)
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


# -------------------------------------------------------- optimizer paths
PATH_OPTIMIZERS = {  # name: (optimizer, hyperparameters); only "SGD" uses minibatches
    "GD": (optimizers.SGD, {"lr": 0.5}),
    "SGD": (optimizers.SGD, {"lr": 0.5}),
    "momentum": (optimizers.SGD, {"lr": 0.05, "momentum": 0.9}),
    "RMSProp": (optimizers.RMSProp, {"lr": 0.1}),
    "Adam": (optimizers.Adam, {"lr": 0.3}),
    "AdaGrad": (optimizers.AdaGrad, {"lr": 1.0}),
    "AdaDelta": (optimizers.AdaDelta, {"lr": 10.0}),
}


def optimizer_paths(names=tuple(PATH_OPTIMIZERS), steps: int = 100, batch_size: int = 10,
                    seed: int = 0) -> dict:
    r"""The paths of gradient descent, SGD and dlref's optimizers on one 2-D loss surface.

    The surface is the mean squared error of a linear model with two weights
    $\theta = (w_1, w_2)$ on $N = 100$ examples,

    $$L(\theta) = \frac{1}{N}\sum_{i=1}^{N} (\theta^\top x_i - y_i)^2,
      \qquad x_i \sim \mathcal N\big(0, \operatorname{diag}(1, 0.3^2)\big),
      \quad y_i = (1, 2)\, x_i + \varepsilon_i,$$

    a long narrow valley (its curvature is 11 times larger along $w_1$ than
    along $w_2$). Every optimizer starts at $\theta_0 = (-3, -3)$ and makes
    `steps` updates with the hyperparameters of `PATH_OPTIMIZERS`: `"GD"` is
    $\theta \leftarrow \theta - \alpha \nabla_\theta L(\theta)$ on all $N$
    examples; `"SGD"` is the same rule with the same $\alpha$ on the gradient of
    a random minibatch of `batch_size` examples, a noisy estimate of
    $\nabla_\theta L$; the others ([`SGD`][dlref.optimizers.SGD] with momentum,
    [`RMSProp`][dlref.optimizers.RMSProp], [`Adam`][dlref.optimizers.Adam],
    [`AdaGrad`][dlref.optimizers.AdaGrad], [`AdaDelta`][dlref.optimizers.AdaDelta])
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
    names = list(names)
    unknown = [name for name in names if name not in PATH_OPTIMIZERS]
    if not names or unknown:
        raise ValueError(
            f"optimizer_paths(): expected names from {list(PATH_OPTIMIZERS)}, got {names!r}"
        )
    _check_int("optimizer_paths", "steps", steps, 1)
    N = 100
    _check_int("optimizer_paths", "batch_size", batch_size, 1, N)
    rng = np.random.default_rng(seed)
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


# ------------------------------------------------------------ random labels
def random_labels(n_train: int = 200, hidden: int = 256, epochs: int = 100, lr: float = 0.01,
                  seed: int = 0) -> dict:
    r"""A network memorises random labels: 100% training accuracy, chance on new data.

    "With deep learning you can (over)fit anything you want." The digits get
    labels drawn uniformly from $\{0, \dots, 9\}$, independently of the
    images, for the training *and* the test set: there is nothing to learn,
    and no model can beat the chance accuracy $1/10$ on the test set. A
    64-`hidden`-10 ReLU MLP trained with full-batch Adam still reaches 100%
    training accuracy: it has enough parameters to store every
    (image, label) pair. The same network trained on the true labels is the
    contrast: it fits the training set and generalises.

    Args:
        n_train: training images, in $[10, 1697]$ (the rest of the 1,797 are the test set).
        hidden: hidden units, $\ge 1$.
        epochs: full-batch epochs, $\ge 1$.
        lr: Adam's learning rate $\alpha > 0$.
        seed: seeds the split, the random labels and the initial weights.

    Returns:
        `{"experiment", "chance", "true", "random"}` where `"true"` and
        `"random"` each hold `train_accuracy` and `test_accuracy` (after
        training) and `train_curve` and `test_curve` (per epoch).

    Examples:
        >>> result = random_labels(n_train=50, hidden=64, epochs=60)
        >>> result["random"]["train_accuracy"], result["chance"]
        (1.0, 0.1)
    """
    _check_int("random_labels", "n_train", n_train, 10, 1697)
    _check_int("random_labels", "hidden", hidden, 1)
    _check_int("random_labels", "epochs", epochs, 1)
    _check_number("random_labels", "lr", lr)
    rng = np.random.default_rng(seed)
    (X_train, y_train), (X_test, y_test) = _digits(n_train, rng)
    labels = {"true": (y_train, y_test),
              "random": (rng.integers(0, 10, n_train), rng.integers(0, 10, len(y_test)))}
    result = {"experiment": "random_labels", "chance": 0.1}
    with _default_dtype("float32"):
        for kind, (train_labels, test_labels) in labels.items():
            model, history = _train_mlp(
                (X_train, train_labels), hidden, lambda params: optimizers.Adam(params, lr=lr),
                batch_size=n_train, epochs=epochs, seed=seed, val_data=(X_test, test_labels))
            result[kind] = {
                "train_accuracy": _accuracy(model, X_train, train_labels),
                "test_accuracy": _accuracy(model, X_test, test_labels),
                "train_curve": np.array(history["accuracy"]),
                "test_curve": np.array(history["val_accuracy"]),
            }
    return result


# ------------------------------------------------------------ bias-variance
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
    _check_int("bias_variance", "n_train", n_train, 2)
    degrees = _check_sizes("bias_variance", "degrees", degrees, 0, n_train - 1)
    _check_int("bias_variance", "n_sets", n_sets, 2)
    _check_number("bias_variance", "noise", noise, strict=False)
    rng = np.random.default_rng(seed)

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


# ------------------------------------------------------------ double descent
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
    _check_int("double_descent", "n_train", n_train, 2)
    if n_features is None:
        log_spaced = np.geomspace(1, 25 * n_train, 30).round()
        n_features = np.unique(np.r_[log_spaced, n_train]).astype(int)
    n_features = _check_sizes("double_descent", "n_features", n_features, 1)
    _check_int("double_descent", "dim", dim, 1)
    _check_number("double_descent", "noise", noise, strict=False)
    _check_int("double_descent", "n_repeats", n_repeats, 1)
    _check_int("double_descent", "n_test", n_test, 1)
    rng = np.random.default_rng(seed)
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


# ------------------------------------------------------------- loss landscape
def filter_normalized_direction(model, seed: int = 0) -> list:
    r"""A random direction in parameter space, scaled filter by filter like the parameters.

    A direction $d$ is drawn from $\mathcal N(0, I)$, one array per parameter,
    and each of its *filters* is rescaled to the norm of the same filter of
    the parameters $\theta$:

    $$d_{i} \leftarrow \frac{d_{i}}{\lVert d_{i} \rVert}\, \lVert \theta_{i} \rVert .$$

    A filter is a slice along the first axis: a filter $(C, k_h, k_w)$ of a
    [`Conv2d`][dlref.layers.Conv2d] weight, a row (the weights into one
    unit) of a [`Linear`][dlref.layers.Linear] weight. A parameter with at
    most one axis (a bias) counts as one filter (Li et al. leave biases
    unperturbed instead). Networks whose weights can be rescaled without
    changing the function (ReLU networks) would otherwise look flat or sharp
    depending on that scale; filter normalization (Li et al. 2018) makes
    plots of different networks comparable.

    Args:
        model: a [`Module`][dlref.layers.Module].
        seed: seeds the direction.

    Returns:
        A list of float64 numpy arrays, shaped like `model.parameters()`.

    Examples:
        >>> from dlref import manual_seed
        >>> manual_seed(0); layer = layers.Linear(3, 2)
        >>> d = filter_normalized_direction(layer)
        >>> W = layer.weight.numpy()
        >>> np.linalg.norm(d[0], axis=1).round(4), np.linalg.norm(W, axis=1).round(4)  # row by row
        (array([0.6137, 0.8183]), array([0.6137, 0.8183], dtype=float32))
    """
    rng = np.random.default_rng(seed)
    directions = []
    for p in model.parameters():
        theta = backend.to_numpy(p.data).astype(np.float64)
        filters = theta.reshape(len(theta), -1) if theta.ndim >= 2 else theta.reshape(1, -1)
        d = rng.standard_normal(filters.shape)
        d *= (np.linalg.norm(filters, axis=1, keepdims=True)
              / np.linalg.norm(d, axis=1, keepdims=True))  # |d_i| = |theta_i|, filter by filter
        directions.append(d.reshape(theta.shape))
    return directions


def _digits_classifier(batch_size: int, steps: int, lr: float, n_train: int, hidden: int,
                       seed: int) -> tuple:
    """A 64-hidden-10 digits MLP trained by SGD for about `steps` updates: the model, the split."""
    train, test = _digits(n_train, np.random.default_rng(seed))
    epochs = math.ceil(steps / math.ceil(n_train / batch_size))
    model, _ = _train_mlp(train, hidden, lambda params: optimizers.SGD(params, lr=lr),
                          batch_size=batch_size, epochs=epochs, seed=seed)
    return model, train, test


def loss_landscape(model=None, loss_fn=None, data=None, span: float = 1.0, resolution: int = 21,
                   seed: int = 0) -> dict:
    r"""The loss on a 2-D slice of parameter space around a trained model (Li et al. 2018).

    With the trained parameters $\theta^\star$ and two random
    [filter-normalized][dlref.experiments.filter_normalized_direction]
    directions $d_1, d_2$, the loss is evaluated on the grid

    $$f(a, b) = L(\theta^\star + a\, d_1 + b\, d_2), \qquad a, b \in [-\text{span}, \text{span}],$$

    ($a = 1$ moves every filter by its own norm). In millions of dimensions
    two random directions see only a slice, but a telling one: wide, round
    basins for networks that train and generalise well, chaotic ones for
    networks that do not (VGG-56 vs VGG-110 in the notes). The row $b = 0$
    is the 1-D slice along $d_1$. The parameters are restored afterwards.

    Args:
        model: a trained [`Module`][dlref.layers.Module], or `None` to train
            the default: a 64-32-10 digits MLP, SGD with batches of 10 (as
            the small-batch model of [`flat_vs_sharp`][dlref.experiments.flat_vs_sharp]).
        loss_fn: `loss_fn(y_hat, y)`, with `model`
            (e.g. [`cross_entropy`][dlref.losses.cross_entropy]).
        data: `(X, y)` the loss is evaluated on, with `model`.
        span: the grid runs from $-$span to span in both directions, $> 0$.
        resolution: grid points per direction, odd (so that $\theta^\star$ is on it), $\ge 3$.
        seed: seeds the directions (and the default model).

    Returns:
        `{"experiment", "alphas", "loss", "slice", "center_loss", "directions"}`:
        `loss[i, j]` $= f(\text{alphas}[i], \text{alphas}[j])$, `slice` $= f(a, 0)$,
        the two directions (lists of arrays shaped like the parameters).

    Examples:
        >>> from dlref import manual_seed
        >>> manual_seed(0); model = layers.Linear(1, 1)
        >>> X = np.array([[0.0], [1.0]]); y = np.array([[1.0], [3.0]])  # y = 2x + 1
        >>> model.weight.data[...] = 2.0; model.bias.data[...] = 1.0
        >>> result = loss_landscape(model, losses.mse_loss, (X, y), resolution=5)
        >>> result["loss"].shape, round(result["center_loss"], 6)
        ((5, 5), 0.0)
    """
    given = [model is not None, loss_fn is not None, data is not None]
    if any(given) and not all(given):
        raise ValueError(
            "loss_landscape(): expected model, loss_fn and data all given or all None "
            f"(the default digits model), got model={'set' if given[0] else None}, "
            f"loss_fn={'set' if given[1] else None}, data={'set' if given[2] else None}"
        )
    _check_number("loss_landscape", "span", span)
    _check_int("loss_landscape", "resolution", resolution, 3)
    if resolution % 2 == 0:
        raise ValueError(
            f"loss_landscape(): expected an odd resolution (theta* at the centre), got {resolution}"
        )
    if model is None:
        with _default_dtype("float32"):
            model, train, _ = _digits_classifier(10, 1000, 0.3, 500, 32, seed)
            return loss_landscape(model, losses.cross_entropy, train, span, resolution, seed)
    directions = [filter_normalized_direction(model, seed),
                  filter_normalized_direction(model, seed + 1)]
    alphas = np.linspace(-span, span, resolution)
    A, B = np.meshgrid(alphas, alphas, indexing="ij")
    grid = _losses_along(model, loss_fn, data, directions,
                         np.stack([A.ravel(), B.ravel()], axis=1)).reshape(A.shape)
    center = resolution // 2
    return {"experiment": "loss_landscape", "alphas": alphas, "loss": grid,
            "slice": grid[:, center], "center_loss": float(grid[center, center]),
            "directions": directions}


# ---------------------------------------------------------- flat vs sharp
def top_hessian_eigenvalue(model, loss_fn, data, iters: int = 30, r: float = 1e-3,
                           seed: int = 0) -> float:
    r"""The largest eigenvalue of the Hessian of the loss, by power iteration: the sharpness.

    The Hessian $H = \nabla^2_\theta L(\theta)$ has as many rows as the model
    has parameters, too many to form. Power iteration needs only products
    $H v$, and a product is a difference of two gradients (backpropagation
    twice):

    $$H v \approx \frac{\nabla_\theta L(\theta + r v) - \nabla_\theta L(\theta - r v)}{2 r},
      \qquad v \leftarrow \frac{H v}{\lVert H v \rVert}, \qquad
      \lambda = v^\top H v .$$

    Repeating this turns a random unit vector $v$ towards the eigenvector of
    the eigenvalue of largest magnitude, which at a minimum (where all
    eigenvalues are $\ge 0$) is the largest curvature $\lambda_{\max}$: how
    sharply the loss rises in the steepest direction. The parameters are restored.

    Args:
        model: a [`Module`][dlref.layers.Module] (deterministic: no dropout in training mode).
        loss_fn: `loss_fn(y_hat, y) -> Tensor`.
        data: `(X, y)`, the whole set the loss is computed on.
        iters: power iterations, $\ge 1$.
        r: the finite-difference step $r > 0$.
        seed: seeds the starting vector.

    Returns:
        $\lambda$, a float.

    Examples:
        >>> from dlref import manual_seed
        >>> manual_seed(0); model = layers.Linear(2, 1, bias=False)
        >>> X = np.array([[1.0, 0.0], [0.0, 2.0]]); y = np.zeros((2, 1))
        >>> round(top_hessian_eigenvalue(model, losses.mse_loss, (X, y)), 3)  # H = diag(1, 4)
        4.0
    """
    _check_int("top_hessian_eigenvalue", "iters", iters, 1)
    _check_number("top_hessian_eigenvalue", "r", r)
    X, y = data
    theta = _parameter_vector(model)
    v = np.random.default_rng(seed).standard_normal(theta.size)
    v /= np.linalg.norm(v)
    try:
        for _ in range(iters):
            _set_parameters(model, theta + r * v)
            g_plus = _gradient_vector(model, loss_fn, X, y)
            _set_parameters(model, theta - r * v)
            g_minus = _gradient_vector(model, loss_fn, X, y)
            Hv = (g_plus - g_minus) / (2 * r)
            eigenvalue = float(v @ Hv)
            v = Hv / np.linalg.norm(Hv)
    finally:
        _set_parameters(model, theta)
    return eigenvalue


def flat_vs_sharp(batch_sizes=(10, 500), steps: int = 1000, lr: float = 0.3, n_train: int = 500,
                  hidden: int = 32, seed: int = 0) -> dict:
    r"""The same network trained with small and large batches: the large batch ends sharper.

    A 64-`hidden`-10 ReLU MLP is trained on `n_train` digits from the same
    initial weights, once per batch size, by plain SGD with the same learning
    rate $\alpha$ and about the same number of updates: the only difference
    is how noisy the gradient is. Keskar et al. (2017) observed that large
    batches end in *sharp* minima (the loss rises quickly around them) and
    small batches in *flat* ones, which tend to generalise better. Sharpness
    here is the largest Hessian eigenvalue of the training loss
    ([`top_hessian_eigenvalue`][dlref.experiments.top_hessian_eigenvalue]);
    the picture is the training loss along a
    [filter-normalized][dlref.experiments.filter_normalized_direction] random
    direction, $L(\theta^\star + a\, d)$. On this small problem the
    train-test gaps of the two are about equal: sharpness is one ingredient
    of generalisation, not all of it.

    Args:
        batch_sizes: (small, large), integers with $1 \le$ small $<$ large $\le$ `n_train`.
        steps: about how many updates each model makes, $\ge 1$.
        lr: the learning rate $\alpha > 0$ of both.
        n_train: training digits, in $[10, 1697]$ (the rest are the test set).
        hidden: hidden units, $\ge 1$.
        seed: seeds the split, the weights, the batches and the direction.

    Returns:
        `{"experiment", "batch_sizes", "sharpness", "train_loss", "train_accuracy",
        "test_accuracy", "alphas", "slices"}`: one value per batch size, and
        `slices[k]` the loss along the direction for batch size `k`.

    Examples:
        >>> result = flat_vs_sharp(steps=200)
        >>> bool(result["sharpness"][1] > result["sharpness"][0])
        True
    """
    _check_int("flat_vs_sharp", "n_train", n_train, 10, 1697)
    sizes = _check_sizes("flat_vs_sharp", "batch_sizes", batch_sizes, 1, n_train)
    if len(sizes) != 2:
        raise ValueError(
            f"flat_vs_sharp(): expected batch_sizes (small, large), got {batch_sizes!r}"
        )
    _check_int("flat_vs_sharp", "steps", steps, 1)
    _check_number("flat_vs_sharp", "lr", lr)
    _check_int("flat_vs_sharp", "hidden", hidden, 1)
    alphas = np.linspace(-1, 1, 21)
    runs = []
    with _default_dtype("float32"):
        for batch_size in sizes:
            model, (X, y), (X_test, y_test) = _digits_classifier(int(batch_size), steps, lr,
                                                                 n_train, hidden, seed)
            direction = filter_normalized_direction(model, seed)
            runs.append({
                "sharpness": top_hessian_eigenvalue(model, losses.cross_entropy, (X, y), seed=seed),
                "train_loss": training.evaluate(model, losses.cross_entropy, (X, y))["loss"],
                "train_accuracy": _accuracy(model, X, y),
                "test_accuracy": _accuracy(model, X_test, y_test),
                "slices": _losses_along(model, losses.cross_entropy, (X, y), [direction],
                                        alphas[:, None]),
            })
    return {"experiment": "flat_vs_sharp", "batch_sizes": sizes, "alphas": alphas,
            **{key: np.array([run[key] for run in runs]) for key in runs[0]}}


# ------------------------------------------------ discriminative vs generative
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
        X, y = np.asarray(X, dtype=np.float64), np.asarray(y)
        if X.ndim != 2 or len(X) == 0 or y.shape != (len(X),):
            raise ValueError(
                f"GaussianClassifier.fit(): expected X of shape (N, D) and y of shape (N,), "
                f"N >= 1, got {X.shape} and {y.shape}"
            )
        self.classes_, counts = np.unique(y, return_counts=True)
        if counts.min() <= X.shape[1]:
            sizes = dict(zip(self.classes_.tolist(), counts.tolist()))
            raise ValueError(
                f"GaussianClassifier.fit(): every class needs more than D = {X.shape[1]} examples "
                f"for an invertible covariance, got {sizes}"
            )
        self.priors_ = counts / len(y)
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
            raise ValueError("GaussianClassifier: call fit(X, y) before predicting")
        X = np.asarray(X, dtype=np.float64)
        D = self.means_.shape[1]
        if X.ndim != 2 or X.shape[1] != D:
            raise ValueError(f"GaussianClassifier: expected X of shape (N, {D}), got {X.shape}")
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
    generative [`GaussianClassifier`][dlref.experiments.GaussianClassifier]
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
    _check_int("discriminative_vs_generative", "n_train", n_train, 10)
    _check_int("discriminative_vs_generative", "n_test", n_test, 1)
    _check_int("discriminative_vs_generative", "epochs", epochs, 1)
    _check_number("discriminative_vs_generative", "lr", lr)
    _check_int("discriminative_vs_generative", "resolution", resolution, 2)
    rng = np.random.default_rng(seed)
    means = np.array([[0.0, 0.0], [1.0, 1.0]])
    scales = np.linalg.cholesky(np.array([[[2.0, 0.8], [0.8, 1.0]], [[0.3, 0.0], [0.0, 0.3]]]))

    def draw(n):  # x = mu_y + L_y z with L_y L_y^T = Sigma_y
        y = rng.integers(0, 2, n)
        return means[y] + np.einsum("nij,nj->ni", scales[y], rng.standard_normal((n, 2))), y

    (X_train, y_train), (X_test, y_test) = draw(n_train), draw(n_test)
    grid_x = np.linspace(-4, 4, resolution)
    grid_y = np.linspace(-3, 4, resolution)
    grid = np.stack(np.meshgrid(grid_x, grid_y), axis=-1).reshape(-1, 2)
    with _default_dtype("float32"):
        backend.manual_seed(seed)
        logistic = models.LogisticRegression(2)
        training.fit(logistic, losses.binary_cross_entropy,
                     optimizers.Adam(logistic.parameters(), lr=lr), (X_train, y_train),
                     epochs=epochs, batch_size=n_train, verbose=False)
        p_logistic = training.predict(logistic, grid).astype(np.float64).reshape(resolution, -1)
        logistic_labels = training.to_labels(training.predict(logistic, X_test))
    gaussian = GaussianClassifier().fit(X_train, y_train)
    return {"experiment": "discriminative_vs_generative", "X_train": X_train, "y_train": y_train,
            "X_test": X_test, "y_test": y_test, "grid_x": grid_x, "grid_y": grid_y,
            "proba": {"logistic": p_logistic,
                      "gaussian": gaussian.predict_proba(grid)[:, 1].reshape(p_logistic.shape)},
            "test_accuracy": {"logistic": metrics.accuracy(y_test, logistic_labels),
                              "gaussian": metrics.accuracy(y_test, gaussian.predict(X_test))}}


# ------------------------------------------------------- adversarial examples
def fgsm(model, X, y, eps: float, loss_fn=losses.cross_entropy) -> np.ndarray:
    r"""The fast gradient sign method (Goodfellow et al. 2015): an adversarial perturbation.

    $$x_{adv} = x + \varepsilon \operatorname{sign}\big(\nabla_x L(f_\theta(x), y)\big)$$

    Every input value moves by $\pm\varepsilon$ in the direction that raises
    the loss fastest (to first order) within $\lVert x_{adv} - x \rVert_\infty
    \le \varepsilon$; values whose gradient is exactly 0 do not move. The
    gradient is with respect to the *input*, by the same backpropagation that
    trains the weights. The result is not clipped to the valid pixel range, so
    $\lVert x_{adv} - x \rVert_\infty = \varepsilon$ exactly. The model runs in
    evaluation mode; its parameters' `.grad` are reset.

    Args:
        model: a [`Module`][dlref.layers.Module].
        X: inputs, a numpy array of shape $(N, \dots)$.
        y: targets for `loss_fn` (class labels for the default).
        eps: $\varepsilon \ge 0$.
        loss_fn: `loss_fn(y_hat, y)`; by default
            [`cross_entropy`][dlref.losses.cross_entropy] of logits.

    Returns:
        $x_{adv}$, a float64 numpy array of the shape of `X`.

    Examples:
        >>> model = layers.Linear(2, 2, bias=False)
        >>> model.weight.data[...] = np.array([[1.0, 0.0], [0.0, 1.0]])  # logits = x
        >>> fgsm(model, np.array([[1.0, 0.0]]), np.array([0]), eps=0.1)  # lower x_0, raise x_1
        array([[0.9, 0.1]])
    """
    _check_number("fgsm", "eps", eps, strict=False)
    X = np.asarray(X, dtype=np.float64)
    x = Tensor(backend.asarray(X, dtype=model.parameters()[0].dtype), requires_grad=True)
    was_training = model.training
    model.eval()
    try:
        loss_fn(model(x), y).backward()
    finally:
        model.train(was_training)
        model.zero_grad()
    return X + eps * np.sign(backend.to_numpy(x.grad))


def adversarial_example(n_images: int = 8, eps_grid=None, hidden: int = 64, epochs: int = 10,
                        seed: int = 0) -> dict:
    r"""Train a digits MLP, then find the smallest FGSM $\varepsilon$ that flips each test image.

    A 64-`hidden`-10 ReLU MLP is trained on 1,200 of the digits (Adam,
    batches of 64). For the first `n_images`
    test images it classifies correctly, [`fgsm`][dlref.experiments.fgsm]
    perturbations of growing $\varepsilon$ (on pixels scaled to $[0, 1]$) are
    tried until the predicted class changes. Changes of a tenth of the pixel
    range, invisible to a person reading the digit, are usually enough:
    networks are prone to adversarial noise. The accuracy on the whole test
    set under FGSM is recorded for every $\varepsilon$ as well.

    Args:
        n_images: correctly classified test images to attack, in $[1, 100]$.
        eps_grid: increasing $\varepsilon \ge 0$ to try; `None` gives 0, 0.01, ..., 0.5.
        hidden: hidden units, $\ge 1$.
        epochs: training epochs, $\ge 1$.
        seed: seeds the split and the weights.

    Returns:
        `{"experiment", "x", "x_adv", "eps", "flipped", "label", "prediction_adv",
        "proba", "proba_adv", "test_accuracy", "eps_grid", "accuracy_vs_eps"}`:
        per image, the input and the adversarial input (shape `(n_images, 64)`), the smallest
        flipping $\varepsilon$ (`nan` if none on the grid; `x_adv` then uses the
        largest), the true (= predicted) and the new class, and the class
        probabilities before and after.

    Examples:
        >>> result = adversarial_example(n_images=2)
        >>> bool(result["flipped"].all()), bool((result["prediction_adv"] != result["label"]).all())
        (True, True)
    """
    _check_int("adversarial_example", "n_images", n_images, 1, 100)
    eps_grid = np.linspace(0, 0.5, 51) if eps_grid is None else np.asarray(eps_grid, dtype=float)
    if (eps_grid.ndim != 1 or len(eps_grid) == 0 or eps_grid.min() < 0
            or np.any(np.diff(eps_grid) <= 0)):
        raise ValueError(
            f"adversarial_example(): expected eps_grid to be increasing values >= 0, "
            f"got {eps_grid!r}"
        )
    _check_int("adversarial_example", "hidden", hidden, 1)
    _check_int("adversarial_example", "epochs", epochs, 1)
    (X_train, y_train), (X_test, y_test) = _digits(1200, np.random.default_rng(seed))
    with _default_dtype("float32"):
        model, _ = _train_mlp((X_train, y_train), hidden,
                              lambda params: optimizers.Adam(params, lr=1e-2),
                              batch_size=64, epochs=epochs, seed=seed)
        correct = training.to_labels(training.predict(model, X_test)) == y_test
        x, label = X_test[correct][:n_images], y_test[correct][:n_images]
        eps = np.full(len(x), np.nan)
        x_adv = fgsm(model, x, label, eps_grid[-1])
        accuracy_vs_eps = []
        for e in eps_grid:
            x_e = fgsm(model, x, label, e)
            flips = training.to_labels(training.predict(model, x_e)) != label
            first = flips & np.isnan(eps)  # flipped now, not at a smaller eps
            eps[first], x_adv[first] = e, x_e[first]
            accuracy_vs_eps.append(_accuracy(model, fgsm(model, X_test, y_test, e), y_test))

        def proba(inputs):
            with no_grad():
                return activations.softmax(Tensor(training.predict(model, inputs))).numpy()

        p, p_adv = proba(x), proba(x_adv)
        test_accuracy = float(np.mean(correct))
    return {"experiment": "adversarial_example", "x": x, "x_adv": x_adv, "eps": eps,
            "flipped": ~np.isnan(eps), "label": label, "prediction_adv": p_adv.argmax(axis=1),
            "proba": p.astype(np.float64), "proba_adv": p_adv.astype(np.float64),
            "test_accuracy": test_accuracy, "eps_grid": eps_grid,
            "accuracy_vs_eps": np.array(accuracy_vs_eps)}


# ------------------------------------------------- translation equivariance
def translation_equivariance(shift=(2, 3), kernel_size: int = 3, out_channels: int = 8,
                             seed: int = 0) -> dict:
    r"""A convolution commutes with shifts; after a global max pool the output ignores them.

    A [`Conv2d`][dlref.layers.Conv2d] applies the same filters at every
    position, $Z_{f,p,q} = b_f + \sum_{c,i,j} W_{f,c,i,j} X_{c,p+i,q+j}$, so
    shifting the image by $(\Delta y, \Delta x)$ shifts the feature map by
    the same amount (translation *equivariance*):

    $$\operatorname{conv}(\operatorname{shift}(X)) = \operatorname{shift}(\operatorname{conv}(X)).$$

    Taking the maximum of each feature map over all positions (global max
    pooling) then forgets where a feature was, so the pooled features and a
    classifier on top of them do not change at all (translation *invariance*).
    The image is a digit on a canvas with a zero margin of
    `kernel_size` $+ \max(|\Delta y|, |\Delta x|)$ pixels, so that a shift
    (`np.roll`) moves only zeros across the border and every window that
    changes place keeps its content. Everything runs in float64, so the
    differences are exactly 0 or at rounding level.

    Args:
        shift: $(\Delta y, \Delta x)$, integers.
        kernel_size: $k \ge 1$.
        out_channels: the number of filters $F \ge 1$.
        seed: seeds the digit shown and the weights.

    Returns:
        `{"experiment", "image", "shifted", "feature_map", "feature_map_shifted",
        "max_abs_diff", "pooled", "pooled_shifted", "pooled_max_abs_diff",
        "prediction", "prediction_shifted", "shift"}`: `max_abs_diff` is
        $\max |\text{conv}(\text{shift}(X)) - \text{shift}(\text{conv}(X))|$,
        `pooled_max_abs_diff` the same after global max pooling, and the
        predictions those of a random linear classifier on the pooled features.

    Examples:
        >>> result = translation_equivariance()
        >>> result["feature_map"].shape, result["max_abs_diff"], result["pooled_max_abs_diff"]
        ((8, 18, 18), 0.0, 0.0)
    """
    if not (isinstance(shift, (tuple, list)) and len(shift) == 2
            and all(isinstance(s, (int, np.integer)) and not isinstance(s, bool) for s in shift)):
        raise ValueError(
            f"translation_equivariance(): expected shift = (dy, dx) integers, got {shift!r}"
        )
    _check_int("translation_equivariance", "kernel_size", kernel_size, 1)
    _check_int("translation_equivariance", "out_channels", out_channels, 1)
    dy, dx = int(shift[0]), int(shift[1])
    X, _ = data.load_digits()
    margin = kernel_size + max(abs(dy), abs(dx))
    image = np.pad(X[seed % len(X)].reshape(8, 8), margin)
    shifted = np.roll(image, (dy, dx), axis=(0, 1))
    with _default_dtype("float64"):
        backend.manual_seed(seed)
        conv = layers.Conv2d(1, out_channels, kernel_size)
        classifier = layers.Linear(out_channels, 10)
        with no_grad():
            Z, Z_shifted = (conv(tensor(x[None, None], dtype="float64")) for x in (image, shifted))
            pooled, pooled_shifted = (Z.max(axis=(2, 3)), Z_shifted.max(axis=(2, 3)))  # (1, F)
            prediction, prediction_shifted = (int(classifier(p).numpy().argmax())
                                              for p in (pooled, pooled_shifted))
    Z, Z_shifted = Z.numpy()[0], Z_shifted.numpy()[0]
    pooled, pooled_shifted = pooled.numpy()[0], pooled_shifted.numpy()[0]
    return {"experiment": "translation_equivariance", "image": image, "shifted": shifted,
            "feature_map": Z, "feature_map_shifted": Z_shifted,
            "max_abs_diff": float(np.abs(Z_shifted - np.roll(Z, (dy, dx), axis=(1, 2))).max()),
            "pooled": pooled, "pooled_shifted": pooled_shifted,
            "pooled_max_abs_diff": float(np.abs(pooled_shifted - pooled).max()),
            "prediction": prediction, "prediction_shifted": prediction_shifted, "shift": (dy, dx)}


# ---------------------------------------------------------- grid navigation
MAZE = (  # S: start, G: goal, #: wall, .: free; the shortest way winds through all three rows
    "S....",
    "####.",
    ".....",
    ".####",
    "....G",
)
MOVES = ((-1, 0), (1, 0), (0, -1), (0, 1))  # the actions: up, down, left, right


def _parse_maze(maze) -> tuple:
    """The maze as a boolean wall array, its start and goal cells; ValueError when malformed."""
    rows = list(maze) if not isinstance(maze, str) and hasattr(maze, "__iter__") else None
    if (not rows or not all(isinstance(row, str) for row in rows)
            or len({len(row) for row in rows}) != 1 or set("".join(rows)) - set("SG#.")):
        raise ValueError(
            "grid_navigation(): expected maze to be equally long strings of 'S', 'G', '#' and '.', "
            f"got {maze!r}"
        )
    cells = np.array([list(row) for row in rows])
    found = {mark: list(zip(*np.nonzero(cells == mark))) for mark in "SG"}
    if any(len(where) != 1 for where in found.values()):
        counts = {mark: len(where) for mark, where in found.items()}
        raise ValueError(f"grid_navigation(): expected one 'S' and one 'G' in maze, got {counts}")
    return cells == "#", tuple(map(int, found["S"][0])), tuple(map(int, found["G"][0]))


def _step(walls: np.ndarray, cell: tuple, action: int) -> tuple:
    """The cell reached by `action` from `cell`: a wall or the edge leaves the agent where it is."""
    r, c = cell[0] + MOVES[action][0], cell[1] + MOVES[action][1]
    inside = 0 <= r < walls.shape[0] and 0 <= c < walls.shape[1]
    return (r, c) if inside and not walls[r, c] else cell


def _shortest_path_length(walls: np.ndarray, start: tuple, goal: tuple) -> int | None:
    """The fewest moves from start to goal (breadth-first search), None when the goal is walled off."""
    distance, frontier = {start: 0}, [start]
    for cell in frontier:  # the list grows while we walk it: a queue
        for action in range(len(MOVES)):
            nxt = _step(walls, cell, action)
            if nxt not in distance:
                distance[nxt] = distance[cell] + 1
                frontier.append(nxt)
    return distance.get(goal)


def grid_navigation(maze=MAZE, episodes: int = 300, alpha: float = 0.5, gamma: float = 0.95,
                    epsilon: float = 0.1, max_steps: int = 200, seed: int = 0) -> dict:
    r"""Reinforcement learning: an agent learns its way through a maze from rewards alone.

    The agent stands in a cell $s$ of the maze and takes an action
    $a \in \{\uparrow, \downarrow, \leftarrow, \rightarrow\}$; a wall or the
    edge leaves it where it is. Every move costs a reward $r = -1$ and
    reaching the goal ends the episode, so the best policy is the shortest way.
    Nobody tells the agent the right move: it learns a table of action values
    $Q(s, a)$, the return it expects from taking $a$ in $s$, by Q-learning.
    After each move from $s$ to $s'$,

    $$Q(s, a) \leftarrow Q(s, a) + \alpha \big(r + \gamma \max_{a'} Q(s', a') - Q(s, a)\big),$$

    with $\max_{a'} Q(s', a') = 0$ at the goal. The agent is
    $\varepsilon$-greedy: it takes the action of the largest $Q(s, \cdot)$,
    except with probability $\varepsilon$ a random one, to keep exploring.
    Early episodes wander; as the values spread back from the goal, the
    episodes shorten to the shortest way, which the greedy policy
    $\pi(s) = \arg\max_a Q(s, a)$ then follows.

    Args:
        maze: equally long strings of `S` (start, one), `G` (goal, one), `#`
            (wall) and `.` (free), row by row; the goal must be reachable.
        episodes: episodes of learning, $\ge 1$.
        alpha: the learning rate $0 < \alpha \le 1$.
        gamma: the discount $0 < \gamma \le 1$ of later rewards.
        epsilon: the exploration probability $0 \le \varepsilon \le 1$.
        max_steps: moves after which an episode is cut off, $\ge 1$.
        seed: seeds the exploration.

    Returns:
        `{"experiment", "walls", "start", "goal", "q", "steps", "path", "shortest"}`:
        the maze (`walls`, a boolean array, and the start and goal cells),
        the learned values `q` of shape `(rows, columns, 4)`, the number of
        moves of each episode, the greedy policy's `path` from the start (a
        list of cells; it stops at the goal or after `max_steps` moves), and
        the length of the shortest way.

    Examples:
        >>> result = grid_navigation(seed=0)
        >>> len(result["path"]) - 1 == result["shortest"]  # the greedy policy takes the shortest way
        True
    """
    walls, start, goal = _parse_maze(maze)
    _check_int("grid_navigation", "episodes", episodes, 1)
    _check_int("grid_navigation", "max_steps", max_steps, 1)
    _check_number("grid_navigation", "alpha", alpha, high=1)
    _check_number("grid_navigation", "gamma", gamma, high=1)
    _check_number("grid_navigation", "epsilon", epsilon, strict=False, high=1)
    shortest = _shortest_path_length(walls, start, goal)
    if shortest is None:
        raise ValueError(f"grid_navigation(): the goal {goal} cannot be reached from the start {start} in maze")
    rng = np.random.default_rng(seed)
    n_actions = len(MOVES)
    q = np.zeros(walls.shape + (n_actions,)).tolist()  # nested lists: fast to index one cell at a time
    steps = []
    for _ in range(episodes):
        cell, moves = start, 0
        while cell != goal and moves < max_steps:
            values = q[cell[0]][cell[1]]
            if rng.random() < epsilon:
                action = int(rng.integers(n_actions))
            else:  # the best action, ties broken at random so that no direction is favoured
                best = max(values)
                action = int(rng.choice([a for a in range(n_actions) if values[a] == best]))
            nxt = _step(walls, cell, action)
            future = 0.0 if nxt == goal else max(q[nxt[0]][nxt[1]])
            values[action] += alpha * (-1.0 + gamma * future - values[action])
            cell, moves = nxt, moves + 1
        steps.append(moves)
    q = np.array(q)
    path = [start]
    while path[-1] != goal and len(path) <= max_steps:
        path.append(_step(walls, path[-1], int(np.argmax(q[path[-1]]))))
    return {"experiment": "grid_navigation", "walls": walls, "start": start, "goal": goal, "q": q,
            "steps": np.array(steps), "path": path, "shortest": shortest}


# ----------------------------------------------------------- MAE vs RMSE
def mae_rmse_table() -> dict:
    r"""The notes' three cases of ten errors: the same MAE, growing RMSE.

    $$\text{MAE} = \frac{1}{n}\sum_{i=1}^n |e_i|, \qquad
      \text{RMSE} = \sqrt{\frac{1}{n}\sum_{i=1}^n e_i^2}, \qquad
      \text{MAE} \le \text{RMSE} \le \text{MAE} \cdot \sqrt{n}.$$

    Squaring weighs large errors more: with the same total absolute error,
    the RMSE grows as the errors become uneven, up to $\sqrt{n}$ times the
    MAE when one error is all of it. Computed with
    [`mae_loss`][dlref.losses.mae_loss] and [`mse_loss`][dlref.losses.mse_loss]
    (predictions $e_i$, targets 0).

    | case | errors | MAE | RMSE |
    |---|---|---|---|
    | even errors | 2 (ten times) | 2.000 | 2.000 |
    | small variance | 1 (five times), 3 (five times) | 2.000 | 2.236 |
    | one outlier | 0 (nine times), 20 | 2.000 | 6.325 |

    Returns:
        `{"experiment", "cases", "errors", "mae", "rmse", "bound_holds"}`:
        the case names, the errors `(3, 10)`, MAE and RMSE per case, and
        whether $\text{MAE} \le \text{RMSE} \le \text{MAE}\sqrt{n}$ holds for each.

    Examples:
        >>> result = mae_rmse_table()
        >>> for case, mae, rmse in zip(result["cases"], result["mae"], result["rmse"]):
        ...     print(f"{case:15} {mae:.3f} {rmse:.3f}")
        even errors     2.000 2.000
        small variance  2.000 2.236
        one outlier     2.000 6.325
    """
    errors = np.array([[2.0] * 10, [1.0] * 5 + [3.0] * 5, [0.0] * 9 + [20.0]])
    zeros = np.zeros(errors.shape[1])
    mae = np.array([losses.mae_loss(tensor(e, dtype="float64"), zeros).item() for e in errors])
    rmse = np.array([math.sqrt(losses.mse_loss(tensor(e, dtype="float64"), zeros).item())
                     for e in errors])
    n = errors.shape[1]
    return {"experiment": "mae_rmse_table",
            "cases": ["even errors", "small variance", "one outlier"], "errors": errors,
            "mae": mae, "rmse": rmse,
            "bound_holds": (mae <= rmse) & (rmse <= mae * math.sqrt(n))}


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


def _plot_nonconvex_minima(result, fig):
    ax = fig.subplots()
    ax.plot(result["theta"], result["loss"], "k")
    ax.plot(result["starts"], result["start_losses"], "o", mfc="none", label="starts")
    ax.plot(result["ends"], result["end_losses"], "o", label="ends")
    ax.set(xlabel=r"$\theta$", ylabel=r"$L(\theta)$",
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


def _plot_random_labels(result, fig):
    ax = fig.subplots()
    for kind, color in (("true", "C0"), ("random", "C3")):
        epochs = np.arange(1, len(result[kind]["train_curve"]) + 1)
        ax.plot(epochs, result[kind]["train_curve"], color=color, label=f"{kind} labels: train")
        ax.plot(epochs, result[kind]["test_curve"], "--", color=color, label=f"{kind} labels: test")
    ax.axhline(result["chance"], color="k", lw=0.5)
    ax.set(xlabel="epoch", ylabel="accuracy", title="memorising random labels")
    ax.legend(fontsize="small")


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


def _plot_loss_landscape(result, fig):
    surface_ax, slice_ax = fig.subplots(1, 2)
    alphas = result["alphas"]
    levels = np.geomspace(result["loss"].min(), result["loss"].max(), 20)
    surface_ax.contour(alphas, alphas, result["loss"].T, levels=levels)
    surface_ax.plot(0, 0, "k*")
    surface_ax.set(xlabel="$a$ (along $d_1$)", ylabel="$b$ (along $d_2$)", title="2-D slice")
    slice_ax.plot(alphas, result["slice"])
    slice_ax.set(xlabel="$a$", ylabel="loss", title="1-D slice ($b = 0$)")


def _plot_flat_vs_sharp(result, fig):
    ax = fig.subplots()
    for batch_size, losses_, sharpness in zip(result["batch_sizes"], result["slices"],
                                              result["sharpness"]):
        ax.plot(result["alphas"], losses_,
                label=f"batch {batch_size}: $\\lambda_{{max}}$ = {sharpness:.2f}")
    ax.set(xlabel="$a$ (filter-normalized direction)", ylabel="training loss",
           title="flat vs sharp minima")
    ax.legend()


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


def _plot_adversarial_example(result, fig):
    n = len(result["x"])
    grid = fig.add_gridspec(3, n)
    for i in range(n):
        for row, (image, label) in enumerate(((result["x"][i], result["label"][i]),
                                              (result["x_adv"][i], result["prediction_adv"][i]))):
            ax = fig.add_subplot(grid[row, i])
            ax.imshow(image.reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)  # as the eye sees it
            eps = f" ($\\varepsilon$={result['eps'][i]:.2f})" if row == 1 else ""
            ax.set_title(f"{label}{eps}", fontsize="small")
            ax.axis("off")
    ax = fig.add_subplot(grid[2, :])
    ax.plot(result["eps_grid"], result["accuracy_vs_eps"])
    ax.set(xlabel="$\\varepsilon$", ylabel="test accuracy under FGSM")


def _plot_translation_equivariance(result, fig):
    axes = fig.subplots(2, 2)
    dy, dx = result["shift"]
    panels = ((result["image"], "image"), (result["feature_map"][0], "feature map (filter 0)"),
              (result["shifted"], f"shifted by ({dy}, {dx})"),
              (result["feature_map_shifted"][0],
               f"its feature map: max |diff| = {result['max_abs_diff']:.1e}"))
    for ax, (image, title) in zip(axes.ravel(), panels):
        ax.imshow(image, cmap="gray_r")
        ax.set_title(title, fontsize="small")
        ax.axis("off")


def _plot_grid_navigation(result, fig):
    maze, policy = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.6]})
    maze.imshow(result["walls"], cmap="Greys", vmin=0, vmax=1.4)
    path = np.array(result["path"])
    maze.plot(path[:, 1], path[:, 0], "C3-", lw=6, alpha=0.4, solid_capstyle="round")
    arrows = np.array(MOVES)[np.argmax(result["q"], axis=-1)]  # (dr, dc) of the greedy action
    acting = ~result["walls"]
    acting[result["goal"]] = False  # the episode ends there: no action
    rows, cols = np.nonzero(acting)
    maze.quiver(cols, rows, arrows[acting][:, 1], -arrows[acting][:, 0], color="0.2", scale=14,
                pivot="middle")
    for cell, mark in ((result["start"], "S"), (result["goal"], "G")):
        maze.text(cell[1], cell[0], mark, ha="center", va="center", weight="bold")
    maze.set(xticks=[], yticks=[], title="greedy policy and path")
    episodes = np.arange(1, len(result["steps"]) + 1)
    policy.plot(episodes, result["steps"], lw=1, label="moves in the episode")
    policy.axhline(result["shortest"], color="k", ls="--", lw=1, label="shortest way")
    policy.set(xlabel="episode", ylabel="moves", title="Q-learning")
    policy.legend()


def _plot_mae_rmse_table(result, fig):
    ax = fig.subplots()
    positions = np.arange(len(result["cases"]))
    ax.bar(positions - 0.2, result["mae"], 0.4, label="MAE")
    ax.bar(positions + 0.2, result["rmse"], 0.4, label="RMSE")
    ax.set_xticks(positions, result["cases"])
    ax.set(ylabel="error", title="same MAE, growing RMSE")
    ax.legend()


_PLOTS = {name.removeprefix("_plot_"): function for name, function in globals().items()
          if name.startswith("_plot_")}


def plot(result: dict, fig=None):
    """Draw the result of any experiment of this module with matplotlib; returns the figure.

    Matplotlib is imported here, not with dlref (it is not a dependency):
    `pip install matplotlib` to plot.

    Args:
        result: the dict an experiment returned (its `"experiment"` entry picks the drawing).
        fig: a matplotlib `Figure` to draw into; `None` makes a new one.

    Returns:
        The `Figure`.

    Examples:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> fig = plot(mae_rmse_table())
        >>> [ax.get_title() for ax in fig.axes]
        ['same MAE, growing RMSE']
    """
    name = result.get("experiment") if isinstance(result, dict) else None
    if name not in _PLOTS:
        raise ValueError(
            f"plot(): expected the result of an experiment, one of {sorted(_PLOTS)}, got "
            f"{'experiment ' + repr(name) if isinstance(result, dict) else type(result).__name__}"
        )
    if fig is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(10, 6) if name == "adversarial_example" else (8, 4))
    _PLOTS[name](result, fig)
    fig.tight_layout()
    return fig
