r"""Data for supervised learning: toy sets, the bundled digits, splits, minibatches, scaling.

Supervised learning fits a model to pairs $(x_i, y_i)$, $i = 1 \dots N$: a
class label $y_i$ (classification) or a number (regression). This module makes
and prepares those pairs as plain numpy arrays, batch first: `X` has shape
$(N, D)$ (float64) and `y` shape $(N,)$ (int64 labels $0 \dots K-1$, or float64
targets). Training code turns batches into [`Tensor`][dlref.autograd.Tensor]s.
Only numpy is needed, so everything here also runs in the browser.

Everything random takes a `seed`: an integer gives the same data on every call;
`None` draws from dlref's own generator, which
[`manual_seed`][dlref.backend.manual_seed] resets. Every argument is checked
([`dlref.checks`][dlref.checks]): a size that is not a positive integer, a
negative noise, data with strings or NaN are refused, naming the function.

Examples:
    >>> X, y = make_moons(100, noise=0.1, seed=0)
    >>> X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, seed=0)
    >>> X_train.shape, X_test.shape
    ((80, 2), (20, 2))
    >>> [xb.shape for xb, yb in minibatches(X_train, y_train, batch_size=32, seed=0)]
    [(32, 2), (32, 2), (16, 2)]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from importlib import resources

import numpy as np
from numpy.typing import ArrayLike

from dlref import checks
from dlref.backend import generator

__all__ = [
    "truth_table",
    "make_moons",
    "make_circles",
    "make_spirals",
    "make_blobs",
    "make_regression_1d",
    "load_digits",
    "train_test_split",
    "minibatches",
    "one_hot",
    "standardize",
    "make_sequence_task",
]

# The output column y of each truth table, for the inputs (0,0), (0,1), (1,0), (1,1).
TRUTH_TABLES = {"and": (0, 0, 0, 1), "or": (0, 1, 1, 1), "xor": (0, 1, 1, 0)}


def _check_size(caller: str, n_samples: int, spread: float, spread_name: str = "noise") -> None:
    checks.integer(f"{caller}()", "n_samples", n_samples, low=1)
    checks.number(f"{caller}()", f"{spread_name} (a standard deviation)", spread, low=0)


def _class_sizes(caller: str, n_samples: int, n_classes: int) -> np.ndarray:
    """Split n_samples into n_classes counts as equal as possible (the first ones get the extras)."""
    checks.integer(f"{caller}()", f"n_samples (one per class of {n_classes})", n_samples, low=n_classes)
    return n_samples // n_classes + (np.arange(n_classes) < n_samples % n_classes)


def _labels_for(sizes: np.ndarray) -> np.ndarray:
    """The labels 0, ..., K-1, label k repeated sizes[k] times."""
    return np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)


def _shuffled(rng: np.random.Generator, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows in random order, so that any slice of the set mixes the classes."""
    order = rng.permutation(len(y))
    return X[order], y[order]


def _check_xy(caller: str, X: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """X and y as numpy arrays of numbers with the same number N >= 1 of samples (NaN allowed: data)."""
    X = checks.array(f"{caller}()", "X", X, dtype="numbers", finite=False)
    y = checks.array(f"{caller}()", "y", y, dtype="numbers", finite=False)
    if len(X) != len(y):
        checks.fail(f"{caller}()", "X and y", "of the same number of samples N",
                    f"X of shape {X.shape} and y of shape {y.shape}")
    return X, y


def truth_table(name: str) -> tuple[np.ndarray, np.ndarray]:
    r"""The truth table of a logic gate, as a 4-sample data set.

    | $x_1$ | $x_2$ | and | or | xor |
    |---|---|---|---|---|
    | 0 | 0 | 0 | 0 | 0 |
    | 0 | 1 | 0 | 1 | 1 |
    | 1 | 0 | 0 | 1 | 1 |
    | 1 | 1 | 1 | 1 | 0 |

    AND and OR are linearly separable, so a perceptron learns them; XOR is not.
    (The notes list the rows from $(1, 1)$ down to $(0, 0)$: `X[::-1]`, `y[::-1]`.)

    Args:
        name: `"and"`, `"or"` or `"xor"`.

    Returns:
        `X` of shape (4, 2), float64, and `y` of shape (4,), int64.

    Examples:
        >>> X, y = truth_table("xor")
        >>> X
        array([[0., 0.],
               [0., 1.],
               [1., 0.],
               [1., 1.]])
        >>> y
        array([0, 1, 1, 0])
    """
    checks.one_of("truth_table()", "name", name, TRUTH_TABLES)
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    return X, np.array(TRUTH_TABLES[name], dtype=np.int64)


def make_moons(n_samples: int = 200, noise: float = 0.1, seed: int | None = None):
    r"""Two interleaving half circles: a 2-D set no straight line separates.

    Class 0 lies on the upper half of the unit circle, $(\cos t, \sin t)$;
    class 1 on a lower half circle shifted right and down,
    $(1 - \cos t, \tfrac12 - \sin t)$, with $t \in [0, \pi]$ evenly spaced.
    Gaussian noise of standard deviation `noise` is added to every coordinate,
    and the rows are shuffled.

    Args:
        n_samples: $N$; class 0 gets $\lfloor N/2 \rfloor$ points, class 1 the rest.
        noise: standard deviation of the added noise (0 puts the points on the arcs).
        seed: integer seed, or None for dlref's generator.

    Returns:
        `X` of shape (N, 2), float64, and `y` of shape (N,), int64.

    Examples:
        >>> X, y = make_moons(200, noise=0.1, seed=0)
        >>> X.shape, X.dtype, np.bincount(y)
        ((200, 2), dtype('float64'), array([100, 100]))
        >>> X, y = make_moons(6, noise=0.0, seed=0)
        >>> X[y == 0].round(2)  # the upper arc, at t = 0, pi/2, pi (shuffled)
        array([[-1.,  0.],
               [ 0.,  1.],
               [ 1.,  0.]])
    """
    _check_size("make_moons", n_samples, noise)
    rng = generator(seed, "make_moons()")
    sizes = np.array([n_samples // 2, n_samples - n_samples // 2])
    t_top, t_bottom = np.linspace(0, np.pi, sizes[0]), np.linspace(0, np.pi, sizes[1])
    X = np.concatenate(
        [
            np.stack([np.cos(t_top), np.sin(t_top)], axis=1),
            np.stack([1 - np.cos(t_bottom), 0.5 - np.sin(t_bottom)], axis=1),
        ]
    )
    X = X + noise * rng.standard_normal(X.shape)
    return _shuffled(rng, X, _labels_for(sizes))


def make_circles(n_samples: int = 200, noise: float = 0.1, factor: float = 0.5, seed: int | None = None):
    r"""Two concentric circles: class 0 of radius 1, class 1 of radius `factor` inside it.

    Points are evenly spaced in angle on each circle,
    $r(\cos\varphi, \sin\varphi)$; Gaussian noise is added to every
    coordinate, and the rows are shuffled. A linear model fails; one hidden
    layer (or the feature $x_1^2 + x_2^2$) succeeds.

    Args:
        n_samples: $N$; class 0 gets $\lfloor N/2 \rfloor$ points, class 1 the rest.
        noise: standard deviation of the added noise.
        factor: radius of the inner circle, $0 < \text{factor} < 1$.
        seed: integer seed, or None for dlref's generator.

    Returns:
        `X` of shape (N, 2), float64, and `y` of shape (N,), int64.

    Examples:
        >>> X, y = make_circles(8, noise=0.0, seed=0)
        >>> np.hypot(X[:, 0], X[:, 1]).round(2), y
        (array([1. , 0.5, 0.5, 0.5, 1. , 1. , 1. , 0.5]), array([0, 1, 1, 1, 0, 0, 0, 1]))
    """
    _check_size("make_circles", n_samples, noise)
    checks.number("make_circles()", "factor (the inner radius)", factor, low=0, high=1,
                  low_open=True, high_open=True)
    rng = generator(seed, "make_circles()")
    sizes = np.array([n_samples // 2, n_samples - n_samples // 2])
    radius = np.repeat([1.0, factor], sizes)
    angle = np.concatenate([np.linspace(0, 2 * np.pi, m, endpoint=False) for m in sizes])
    X = radius[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    X = X + noise * rng.standard_normal(X.shape)
    return _shuffled(rng, X, _labels_for(sizes))


def make_spirals(n_samples: int = 300, n_classes: int = 3, noise: float = 0.1, seed: int | None = None):
    r"""Interleaved spiral arms, one per class: the classic set that needs a non-linear model.

    Arm $k$ has points at radius $r \in [0, 1]$ (evenly spaced) and angle
    $\varphi = 2\pi k / K + 4r$, i.e. $r(\cos\varphi, \sin\varphi)$. Gaussian
    noise is added to every coordinate, and the rows are shuffled.

    Args:
        n_samples: $N \ge K$, split as evenly as possible over the arms.
        n_classes: the number of arms $K \ge 2$.
        noise: standard deviation of the added noise.
        seed: integer seed, or None for dlref's generator.

    Returns:
        `X` of shape (N, 2), float64, and `y` of shape (N,), int64 in $0 \dots K-1$.

    Examples:
        >>> X, y = make_spirals(300, n_classes=3, seed=0)
        >>> X.shape, np.bincount(y)
        ((300, 2), array([100, 100, 100]))
    """
    _check_size("make_spirals", n_samples, noise)
    checks.integer("make_spirals()", "n_classes", n_classes, low=2)
    rng = generator(seed, "make_spirals()")
    sizes = _class_sizes("make_spirals", n_samples, n_classes)
    y = _labels_for(sizes)
    r = np.concatenate([np.linspace(0, 1, m) for m in sizes])
    angle = 2 * np.pi * y / n_classes + 4 * r
    X = r[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    X = X + noise * rng.standard_normal(X.shape)
    return _shuffled(rng, X, y)


def make_blobs(
    n_samples: int = 200, centers: int | ArrayLike = 3, std: float = 1.0, seed: int | None = None
):
    r"""Gaussian clusters: class $k$ is drawn from $\mathcal N(\mu_k, \sigma^2 I)$.

    Args:
        n_samples: $N \ge K$, split as evenly as possible over the clusters.
        centers: the number of clusters $K$ (their means $\mu_k$ drawn uniformly
            in $[-10, 10]^2$), or the means themselves, shape (K, D).
        std: the standard deviation $\sigma \ge 0$ of every cluster.
        seed: integer seed, or None for dlref's generator.

    Returns:
        `X` of shape (N, D) (D = 2 when `centers` is a number), float64, and
        `y` of shape (N,), int64 in $0 \dots K-1$; rows shuffled.

    Examples:
        >>> X, y = make_blobs(4, centers=[[0.0, 0.0], [5.0, 5.0]], std=0.0, seed=0)
        >>> X, y
        (array([[0., 0.],
               [5., 5.],
               [0., 0.],
               [5., 5.]]), array([0, 1, 0, 1]))
    """
    _check_size("make_blobs", n_samples, std, "std")
    rng = generator(seed, "make_blobs()")
    if isinstance(centers, (int, np.integer)) and not isinstance(centers, bool):
        checks.integer("make_blobs()", "centers (the number K of clusters)", centers, low=1)
        centers = rng.uniform(-10, 10, size=(centers, 2))
    centers = checks.array("make_blobs()", "centers", centers, shape=("K", "D")).astype(np.float64)
    y = _labels_for(_class_sizes("make_blobs", n_samples, len(centers)))
    X = centers[y] + std * rng.standard_normal((n_samples, centers.shape[1]))
    return _shuffled(rng, X, y)


def make_regression_1d(
    n_samples: int = 100,
    noise: float = 0.1,
    fn: Callable = np.sin,
    x_range: tuple[float, float] = (-np.pi, np.pi),
    seed: int | None = None,
):
    r"""A noisy 1-D regression set: $y = f(x) + \varepsilon$.

    The inputs $x$ are drawn uniformly in `x_range`, the noise
    $\varepsilon \sim \mathcal N(0, \text{noise}^2)$ independently per sample.

    Args:
        n_samples: $N$.
        noise: the standard deviation of $\varepsilon$.
        fn: the true function $f$, applied to a numpy array of shape (N,)
            and returning one of the same shape (default: `np.sin`).
        x_range: the interval $(a, b)$, $a < b$, that $x$ is drawn from.
        seed: integer seed, or None for dlref's generator.

    Returns:
        `X` of shape (N, 1) (one feature per sample, as a `Linear(1, ...)`
        expects) and `y` of shape (N,), both float64. A model with output
        shape (N, 1) compares with `y.reshape(-1, 1)`.

    Examples:
        >>> X, y = make_regression_1d(3, noise=0.0, fn=lambda x: 2 * x + 1, x_range=(0, 1), seed=0)
        >>> X.round(3), y.round(3)
        (array([[0.637],
               [0.27 ],
               [0.041]]), array([2.274, 1.54 , 1.082]))
    """
    _check_size("make_regression_1d", n_samples, noise)
    checks.function("make_regression_1d()", "fn", fn, "a function of a numpy array, such as np.sin")
    bounds = checks.array("make_regression_1d()", "x_range", x_range, shape=(2,))
    if not bounds[0] < bounds[1]:
        checks.fail("make_regression_1d()", "x_range", "an interval (a, b) with a < b", repr(x_range))
    rng = generator(seed, "make_regression_1d()")
    x = rng.uniform(bounds[0], bounds[1], size=n_samples)
    f_x = checks.array("make_regression_1d()", "fn(x)", fn(x), shape=x.shape).astype(np.float64)
    return x[:, None], f_x + noise * rng.standard_normal(n_samples)


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    r"""The 1,797 handwritten 8x8 digits of the UCI optical digits set (bundled, no download).

    Each image is 8x8 pixels of 0 (white) to 16 (black), the number of inked
    pixels in a 4x4 block of a 32x32 scan, scaled here to $[0, 1]$ (pixel / 16)
    and flattened row by row to $D = 64$ features; `X[i].reshape(8, 8)` gives
    the image back. The same arrays as scikit-learn's `load_digits()` (whose
    `data / 16`). Source and licence (CC BY 4.0): `dlref/datasets/README.md`.

    Returns:
        `X` of shape (1797, 64), float64 in $[0, 1]$, and `y` of shape (1797,),
        int64 digits 0 to 9 (174 to 183 of each).

    Examples:
        >>> X, y = load_digits()
        >>> X.shape, y[:10]
        ((1797, 64), array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]))
        >>> (X[0].reshape(8, 8) * 16).astype(int)[1]
        array([ 0,  0, 13, 15, 10, 15,  5,  0])
    """
    path = resources.files("dlref") / "datasets" / "digits.npz"
    with path.open("rb") as f, np.load(f) as archive:
        pixels, labels = archive["pixels"], archive["labels"]
    return pixels.astype(np.float64) / 16, labels.astype(np.int64)


def train_test_split(
    X: ArrayLike, y: ArrayLike, test_size: float = 0.25, seed: int | None = None, stratify: bool = False
):
    r"""Split a data set at random into a training part and a held-out test part.

    With $s$ = `test_size`, the test part has $N_\text{test} = \lceil s N \rceil$
    samples, the training part the other $N - N_\text{test}$ (as in
    scikit-learn). With `stratify=True` each class keeps its share: class $c$
    with $N_c$ samples gives about $s N_c$ of them to the test part (rounded
    so that the total is still $N_\text{test}$). Both parts come in random order.

    Args:
        X: the inputs, shape (N, ...).
        y: the targets, shape (N, ...); class labels of shape (N,) when `stratify`.
        test_size: the fraction $s$ held out, $0 < s < 1$.
        seed: integer seed, or None for dlref's generator.
        stratify: keep the class proportions of `y` in both parts.

    Returns:
        `X_train, X_test, y_train, y_test`.

    Examples:
        >>> X, y = np.arange(20.0).reshape(10, 2), np.array([0] * 6 + [1] * 4)
        >>> X_train, X_test, y_train, y_test = train_test_split(X, y, 0.5, seed=0, stratify=True)
        >>> X_train.shape, np.bincount(y_train), np.bincount(y_test)
        ((5, 2), array([3, 2]), array([3, 2]))
    """
    X, y = _check_xy("train_test_split", X, y)
    test_size = checks.number("train_test_split()", "test_size", test_size, low=0, high=1,
                              low_open=True, high_open=True)
    stratify = checks.boolean("train_test_split()", "stratify", stratify)
    n = len(y)
    n_test = math.ceil(round(test_size * n, 9))  # round first: 0.28 * 25 is 7.000000000000001
    if n_test >= n:
        checks.fail("train_test_split()", "test_size", f"small enough to leave a training sample "
                    f"of the N = {n} samples", repr(test_size))
    rng = generator(seed, "train_test_split()")
    if stratify:
        checks.labels("train_test_split()", "y (stratify=True needs class labels)", y)
        _, class_of, counts = np.unique(y, return_inverse=True, return_counts=True)
        quota = n_test * counts / n
        take = np.floor(quota).astype(int)
        largest_remainders = np.argsort(take - quota, kind="stable")[: n_test - take.sum()]
        take[largest_remainders] += 1
        test = np.concatenate(
            [rng.permutation(np.flatnonzero(class_of == c))[:k] for c, k in enumerate(take)]
        )
    else:
        test = rng.permutation(n)[:n_test]
    train = rng.permutation(np.setdiff1d(np.arange(n), test))
    test = rng.permutation(test)
    return X[train], X[test], y[train], y[test]


def minibatches(
    X: ArrayLike, y: ArrayLike, batch_size: int = 32, shuffle: bool = True, seed: int | None = None
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    r"""Iterate over one epoch in minibatches $(X_B, y_B)$ of `batch_size` samples.

    Minibatch gradient descent takes one step per batch $B$,
    $\theta \leftarrow \theta - \alpha \nabla_\theta \frac{1}{|B|}\sum_{i \in B} \ell(\hat y_i, y_i)$;
    one pass over all batches is an epoch. Every sample appears in exactly one
    batch; the last batch is smaller when `batch_size` does not divide $N$.
    The order is drawn when `minibatches` is called, so call it once per epoch.

    Args:
        X: the inputs, shape (N, ...).
        y: the targets, shape (N, ...).
        batch_size: samples per batch, at least 1 (`batch_size = N` is full-batch
            gradient descent; 1 is plain stochastic gradient descent).
        shuffle: visit the samples in a random order (otherwise in order).
        seed: integer seed, or None for dlref's generator (only used when shuffling).

    Yields:
        `(X_batch, y_batch)`, of shapes (B, ...) with $B \le$ `batch_size`.

    Examples:
        >>> X, y = np.arange(5.0)[:, None], np.arange(5)
        >>> [yb.tolist() for _, yb in minibatches(X, y, batch_size=2, shuffle=False)]
        [[0, 1], [2, 3], [4]]
        >>> import dlref; dlref.manual_seed(0)
        >>> [yb.tolist() for _, yb in minibatches(X, y, batch_size=2)]
        [[2, 4], [3, 0], [1]]
    """
    X, y = _check_xy("minibatches", X, y)
    batch_size = checks.integer("minibatches()", "batch_size", batch_size, low=1)
    shuffle = checks.boolean("minibatches()", "shuffle", shuffle)
    rng = generator(seed, "minibatches()")
    order = rng.permutation(len(y)) if shuffle else np.arange(len(y))

    def batches():
        for start in range(0, len(y), batch_size):
            batch = order[start : start + batch_size]
            yield X[batch], y[batch]

    return batches()


def one_hot(y: ArrayLike, num_classes: int | None = None) -> np.ndarray:
    r"""Encode class labels as one-hot rows: $Y_{ik} = \mathbb 1[y_i = k]$.

    The targets of categorical cross-entropy: a label $y_i = k$ becomes the
    vector with a 1 at position $k$. `one_hot(y).argmax(axis=1)` gives `y` back.

    Args:
        y: integer labels $0 \le y_i < K$, shape (N,), N >= 1.
        num_classes: $K$; by default $\max_i y_i + 1$.

    Returns:
        float64 array of shape (N, K).

    Examples:
        >>> one_hot([0, 2, 1])
        array([[1., 0., 0.],
               [0., 0., 1.],
               [0., 1., 0.]])
    """
    y = checks.labels("one_hot()", "y", y)
    if y.min() < 0:
        checks.fail("one_hot()", "y", "class labels >= 0", f"{y.min()}")
    num_classes = int(y.max()) + 1 if num_classes is None else checks.integer(
        "one_hot()", f"num_classes (more than the largest label {y.max()})", num_classes,
        low=int(y.max()) + 1)
    return (y[:, None] == np.arange(num_classes)).astype(np.float64)


def standardize(X: ArrayLike, mean: ArrayLike | None = None, std: ArrayLike | None = None):
    r"""Scale every feature to mean 0 and standard deviation 1: $x' = (x - \mu) / \sigma$.

    With `mean` and `std` left out, $\mu_j$ and $\sigma_j$ are computed from
    `X` over the samples (population standard deviation, $\frac1N$). Pass the
    returned `mean, std` back to transform test data with the training
    statistics (never with its own: that would leak test information).
    A constant feature ($\sigma_j = 0$) gets $\sigma_j = 1$ in the returned
    `std`, so it becomes 0 instead of a division by zero.

    Args:
        X: the inputs, shape (N, D).
        mean: $\mu$, shape (D,), or None to compute it.
        std: $\sigma > 0$, shape (D,), or None to compute it (both or neither).

    Returns:
        `(X_std, mean, std)`: float64 arrays of shapes (N, D), (D,), (D,).

    Examples:
        >>> X_train = np.array([[1.0, 5.0], [3.0, 5.0]])
        >>> X_std, mean, std = standardize(X_train)
        >>> X_std, mean, std
        (array([[-1.,  0.],
               [ 1.,  0.]]), array([2., 5.]), array([1., 1.]))
        >>> standardize(np.array([[4.0, 6.0]]), mean, std)[0]
        array([[2., 1.]])
    """
    X = checks.array("standardize()", "X", X, shape=("N", "D")).astype(np.float64)
    if (mean is None) != (std is None):
        checks.fail("standardize()", "mean and std", "both given (the training statistics) or "
                    "neither", f"mean={'None' if mean is None else '...'}, std={'None' if std is None else '...'}")
    if mean is None:
        mean = X.mean(axis=0)
        std = np.where(np.ptp(X, axis=0) > 0, X.std(axis=0), 1.0)  # constant feature: divide by 1
    D = X.shape[1]
    mean = checks.array("standardize()", "mean", mean, shape=(D,)).astype(np.float64)
    std = checks.array("standardize()", "std", std, shape=(D,)).astype(np.float64)
    if not np.all(std > 0):
        checks.fail("standardize()", "std", "> 0 for every feature", repr(std))
    return (X - mean) / std, mean, std


# The sequence tasks of make_sequence_task, by the shape of recurrent network that learns each.
SEQUENCE_TASKS = {
    "sine": "one to many",
    "majority": "many to one",
    "increase": "many to many, aligned",
    "reverse": "many to many, encoder-decoder",
}


def make_sequence_task(task: str, n_samples: int = 1000, length: int = 10, seed: int | None = None):
    r"""A small sequence task for each shape of recurrent network.

    | `task` | shape | input `X` | target `y` |
    |---|---|---|---|
    | `"sine"` | one to many | $(A, \varphi)$, shape (N, 2) | $y_t = A \sin(\tfrac{\pi}{4} (t - 1) + \varphi)$, $t = 1 \dots T$, shape (N, T, 1) |
    | `"majority"` | many to one | bits $x_t \in \{0, 1\}$, shape (N, T, 1) | 1 if more ones than zeros, else 0, shape (N,) |
    | `"increase"` | many to many, aligned | digits $d_t$, one-hot, shape (N, T, 10) | $[d_t > d_{t-1}]$ (0 at $t = 1$), shape (N, T) |
    | `"reverse"` | many to many, encoder-decoder | digits $d_1 \dots d_T$, one-hot, shape (N, T, 10) | $d_T \dots d_1$, shape (N, T) |

    The models of [`dlref.models`][dlref.models] for the four shapes are
    [`SequenceGenerator`][dlref.models.SequenceGenerator],
    [`SequenceClassifier`][dlref.models.SequenceClassifier],
    [`SequenceTagger`][dlref.models.SequenceTagger] and
    [`Seq2Seq`][dlref.models.Seq2Seq]; each learns its task in a second or
    two (tests/test_models.py).

    The amplitude $A$ is uniform in $[0.5, 1.5]$ and the phase $\varphi$ in
    $[0, 2\pi)$; bits and digits are uniform and independent. Labels are
    int64, everything else float64. `"increase"` needs to remember one step
    back, `"majority"` to count, `"reverse"` to hold the whole sequence.

    Args:
        task: `"sine"`, `"majority"`, `"increase"` or `"reverse"`.
        n_samples: $N \ge 1$.
        length: $T \ge 1$, the length of the sequences.
        seed: integer seed, or None for dlref's generator.

    Returns:
        `(X, y)` as in the table.

    Examples:
        >>> X, y = make_sequence_task("reverse", n_samples=2, length=4, seed=0)
        >>> X.shape, X[0].argmax(axis=1), y[0]
        ((2, 4, 10), array([8, 6, 5, 2]), array([2, 5, 6, 8]))
        >>> X, y = make_sequence_task("increase", n_samples=1, length=5, seed=0)
        >>> X[0].argmax(axis=1), y[0]
        (array([8, 6, 5, 2, 3]), array([0, 0, 0, 0, 1]))
        >>> [make_sequence_task(t, 8, 5, seed=0)[1].shape for t in ("sine", "majority")]
        [(8, 5, 1), (8,)]
    """
    checks.one_of("make_sequence_task()", "task", task, SEQUENCE_TASKS)
    checks.integer("make_sequence_task()", "n_samples", n_samples, low=1)
    checks.integer("make_sequence_task()", "length", length, low=1)
    rng = generator(seed, "make_sequence_task()")
    if task == "sine":
        A = rng.uniform(0.5, 1.5, size=n_samples)
        phase = rng.uniform(0, 2 * np.pi, size=n_samples)
        steps = np.arange(length)  # t - 1 = 0 ... T - 1
        y = A[:, None] * np.sin(np.pi / 4 * steps + phase[:, None])  # (N, T)
        return np.stack([A, phase], axis=1), y[:, :, None]
    if task == "majority":
        bits = rng.integers(0, 2, size=(n_samples, length))
        return bits[:, :, None].astype(np.float64), (2 * bits.sum(axis=1) > length).astype(np.int64)
    digits = rng.integers(0, 10, size=(n_samples, length))
    X = np.eye(10)[digits]  # (N, T, 10): row d of the identity is the one-hot of d
    if task == "increase":
        y = np.zeros((n_samples, length), dtype=np.int64)
        y[:, 1:] = digits[:, 1:] > digits[:, :-1]
        return X, y
    return X, digits[:, ::-1].copy()  # "reverse"
