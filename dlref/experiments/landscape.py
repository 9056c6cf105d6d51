r"""Loss landscapes and the sharpness of minima: slices of the loss around a trained model, flat vs sharp.
"""

from __future__ import annotations

import math

import numpy as np

from dlref import backend, checks, layers, losses, optimizers, training  # noqa: F401  (layers: for the examples)
from dlref.autograd import Tensor
from dlref.experiments.common import accuracy_of, digits_split, train_mlp, using_dtype

__all__ = ["filter_normalized_direction", "loss_landscape", "top_hessian_eigenvalue", "flat_vs_sharp"]


def _check_model(who: str, model) -> None:
    if not isinstance(model, layers.Module):
        checks.fail(who, "model", "a dlref Module", checks.shown(model))


def _check_problem(who: str, model, loss_fn, data) -> tuple:
    """A Module, a loss function and `data` a pair `(X, y)` of finite numbers, which it returns."""
    _check_model(who, model)
    checks.function(who, "loss_fn", loss_fn, "a function loss_fn(y_hat, y)")
    if not (isinstance(data, (tuple, list)) and len(data) == 2):
        checks.fail(who, "data", "a pair (X, y)", checks.shown(data))
    X = checks.array(who, "X of data", data[0])
    y = checks.array(who, "y of data", data[1], dtype="numbers")
    if len(y) != len(X):
        checks.fail(who, "data", "(X, y) of the same length N", f"{len(X)} and {len(y)}")
    return X, y


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
    r"""$\mathcal{L}(\theta^\star + \sum_k c_k d_k)$ for each row $c$ of `coefficients`.

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
    _check_model("filter_normalized_direction()", model)
    checks.integer("filter_normalized_direction()", "seed", seed, low=0)
    rng = backend.generator(seed)
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
    train, test = digits_split(n_train, backend.generator(seed))
    epochs = math.ceil(steps / math.ceil(n_train / batch_size))
    model, _ = train_mlp(train, hidden, lambda params: optimizers.SGD(params, lr=lr),
                          batch_size=batch_size, epochs=epochs, seed=seed)
    return model, train, test


def loss_landscape(model=None, loss_fn=None, data=None, span: float = 1.0, resolution: int = 21,
                   seed: int = 0) -> dict:
    r"""The loss on a 2-D slice of parameter space around a trained model (Li et al. 2018).

    With the trained parameters $\theta^\star$ and two random
    [filter-normalized][dlref.experiments.filter_normalized_direction]
    directions $d_1, d_2$, the loss is evaluated on the grid

    $$f(a, b) = \mathcal{L}(\theta^\star + a\, d_1 + b\, d_2), \qquad a, b \in [-\text{span}, \text{span}],$$

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
        checks.fail("loss_landscape()", "model, loss_fn and data", "all given or all None (the "
                    "default digits model)", f"model={'set' if given[0] else None}, "
                    f"loss_fn={'set' if given[1] else None}, data={'set' if given[2] else None}")
    checks.number("loss_landscape()", "span", span, low=0, low_open=True)
    checks.integer("loss_landscape()", "resolution", resolution, low=3)
    if resolution % 2 == 0:
        checks.fail("loss_landscape()", "resolution", "odd (theta* at the centre)", repr(resolution))
    checks.integer("loss_landscape()", "seed", seed, low=0)
    if model is not None:
        _check_problem("loss_landscape()", model, loss_fn, data)
    if model is None:
        with using_dtype("float32"):
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


def top_hessian_eigenvalue(model, loss_fn, data, iters: int = 30, r: float = 1e-3,
                           seed: int = 0) -> float:
    r"""The largest eigenvalue of the Hessian of the loss, by power iteration: the sharpness.

    The Hessian $H = \nabla^2_\theta \mathcal{L}(\theta)$ has as many rows as the model
    has parameters, too many to form. Power iteration needs only products
    $H v$, and a product is a difference of two gradients (backpropagation
    twice):

    $$H v \approx \frac{\nabla_\theta \mathcal{L}(\theta + r v) - \nabla_\theta \mathcal{L}(\theta - r v)}{2 r},
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
    checks.integer("top_hessian_eigenvalue()", "iters", iters, low=1)
    checks.number("top_hessian_eigenvalue()", "r", r, low=0, low_open=True)
    checks.integer("top_hessian_eigenvalue()", "seed", seed, low=0)
    X, y = _check_problem("top_hessian_eigenvalue()", model, loss_fn, data)
    saved = model.state_dict()  # the forward passes in training mode move BatchNorm's statistics
    theta = _parameter_vector(model)
    v = backend.generator(seed).standard_normal(theta.size)
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
        model.load_state_dict(saved)  # parameters and buffers as they were
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
    direction, $\mathcal{L}(\theta^\star + a\, d)$. On this small problem the
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
    checks.integer("flat_vs_sharp()", "n_train", n_train, low=10, high=1697)
    sizes = checks.increasing_integers("flat_vs_sharp()", "batch_sizes", batch_sizes, low=1, high=n_train)
    if len(sizes) != 2:
        checks.fail("flat_vs_sharp()", "batch_sizes", "a pair (small, large)", repr(batch_sizes))
    checks.integer("flat_vs_sharp()", "steps", steps, low=1)
    checks.number("flat_vs_sharp()", "lr", lr, low=0, low_open=True)
    checks.integer("flat_vs_sharp()", "hidden", hidden, low=1)
    checks.integer("flat_vs_sharp()", "seed", seed, low=0)
    alphas = np.linspace(-1, 1, 21)
    runs = []
    with using_dtype("float32"):
        for batch_size in sizes:
            model, (X, y), (X_test, y_test) = _digits_classifier(int(batch_size), steps, lr,
                                                                 n_train, hidden, seed)
            direction = filter_normalized_direction(model, seed)
            runs.append({
                "sharpness": top_hessian_eigenvalue(model, losses.cross_entropy, (X, y), seed=seed),
                "train_loss": training.evaluate(model, losses.cross_entropy, (X, y))["loss"],
                "train_accuracy": accuracy_of(model, X, y),
                "test_accuracy": accuracy_of(model, X_test, y_test),
                "slices": _losses_along(model, losses.cross_entropy, (X, y), [direction],
                                        alphas[:, None]),
            })
    return {"experiment": "flat_vs_sharp", "batch_sizes": sizes, "alphas": alphas,
            **{key: np.array([run[key] for run in runs]) for key in runs[0]}}


# ------------------------------------------------------------------ plots
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


PLOTS = {"loss_landscape": _plot_loss_landscape, "flat_vs_sharp": _plot_flat_vs_sharp}
"""The drawing of each experiment of this module, by the name in its result (see `plot`)."""
