"""dlref.data: toy sets (shapes, seeds, geometry), digits, splits, minibatches, one-hot, scaling."""

import re

import numpy as np
import pytest

import dlref
from dlref import data as D

TOY_SETS = {
    "moons": D.make_moons,
    "circles": D.make_circles,
    "spirals": D.make_spirals,
    "blobs": D.make_blobs,
}


# ---------------------------------------------------------------- truth tables


def test_truth_tables():
    expected = {"and": [0, 0, 0, 1], "or": [0, 1, 1, 1], "xor": [0, 1, 1, 0]}
    for name, y_expected in expected.items():
        X, y = D.truth_table(name)
        assert X.dtype == np.float64 and y.dtype == np.int64
        np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
        np.testing.assert_array_equal(y, y_expected)
        # The gate itself, row by row.
        gate = {"and": np.logical_and, "or": np.logical_or, "xor": np.logical_xor}[name]
        np.testing.assert_array_equal(y, gate(X[:, 0], X[:, 1]))


def test_truth_table_unknown():
    with pytest.raises(
        ValueError, match=r"^truth_table\(\): expected name to be one of 'and', 'or', 'xor', got 'nand'$"
    ):
        D.truth_table("nand")


# ---------------------------------------------------------------- toy sets


@pytest.mark.parametrize("name", TOY_SETS)
def test_toy_shapes_dtypes_and_seeds(name):
    make = TOY_SETS[name]
    X, y = make(90, seed=1)
    assert X.shape == (90, 2) and X.dtype == np.float64
    assert y.shape == (90,) and y.dtype == np.int64
    X2, y2 = make(90, seed=1)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    X3, _ = make(90, seed=2)
    assert not np.allclose(X, X3)
    # seed=None draws from dlref's generator, which manual_seed resets.
    dlref.manual_seed(5)
    X4, y4 = make(90)
    dlref.manual_seed(5)
    X5, y5 = make(90)
    np.testing.assert_array_equal(X4, X5)
    np.testing.assert_array_equal(y4, y5)
    # Rows are shuffled: the first half is not all one class.
    assert len(np.unique(y[:45])) > 1


@pytest.mark.parametrize(
    "make, n_samples, kwargs, counts",
    [
        (D.make_moons, 201, {}, [100, 101]),
        (D.make_circles, 201, {}, [100, 101]),
        (D.make_spirals, 301, {"n_classes": 3}, [101, 100, 100]),
        (D.make_spirals, 40, {"n_classes": 5}, [8, 8, 8, 8, 8]),
        (D.make_blobs, 202, {"centers": 4}, [51, 51, 50, 50]),
    ],
)
def test_class_balance(make, n_samples, kwargs, counts):
    _, y = make(n_samples, seed=0, **kwargs)
    np.testing.assert_array_equal(np.bincount(y), counts)


def test_moons_geometry():
    X, y = D.make_moons(101, noise=0.0, seed=0)
    top, bottom = X[y == 0], X[y == 1]
    np.testing.assert_allclose(np.hypot(*top.T), 1.0)  # upper half of the unit circle
    assert np.all(top[:, 1] >= -1e-12)
    np.testing.assert_allclose(np.hypot(*(bottom - [1.0, 0.5]).T), 1.0)  # lower half around (1, 0.5)
    assert np.all(bottom[:, 1] <= 0.5 + 1e-12)
    np.testing.assert_allclose(top.min(axis=0), [-1.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(bottom.max(axis=0), [2.0, 0.5], atol=1e-12)
    noisy, _ = D.make_moons(101, noise=0.3, seed=0)
    assert not np.allclose(np.sort(noisy, axis=0), np.sort(X, axis=0), atol=0.05)


def test_circles_radii_and_noise():
    X, y = D.make_circles(200, noise=0.0, factor=0.3, seed=0)
    radius = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(radius[y == 0], 1.0)
    np.testing.assert_allclose(radius[y == 1], 0.3)
    # Evenly spaced angles: 100 distinct ones per circle, 3.6 degrees apart.
    angles = np.sort(np.arctan2(X[y == 0, 1], X[y == 0, 0]))
    np.testing.assert_allclose(np.diff(angles), 2 * np.pi / 100)
    # Noise of standard deviation 0.1 per coordinate moves the radius by about 0.1.
    X, y = D.make_circles(4000, noise=0.1, factor=0.5, seed=0)
    deviation = np.hypot(X[:, 0], X[:, 1]) - np.where(y == 0, 1.0, 0.5)
    assert abs(deviation.std() - 0.1) < 0.01 and abs(deviation.mean()) < 0.02


def test_spirals_geometry():
    K = 4
    X, y = D.make_spirals(200, n_classes=K, noise=0.0, seed=0)
    r = np.hypot(X[:, 0], X[:, 1])
    assert r.min() == 0.0 and r.max() == pytest.approx(1.0)
    # Every point lies on its arm: angle = 2 pi k / K + 4 r (mod 2 pi).
    on_arm = r > 0
    offset = np.angle(np.exp(1j * (np.arctan2(X[:, 1], X[:, 0]) - 4 * r - 2 * np.pi * y / K)))
    np.testing.assert_allclose(offset[on_arm], 0.0, atol=1e-9)


def test_blobs_centers_and_spread():
    centers = [[0.0, 0.0, 0.0], [10.0, 0.0, -5.0]]
    X, y = D.make_blobs(10, centers=centers, std=0.0, seed=0)
    assert X.shape == (10, 3)
    np.testing.assert_array_equal(X, np.array(centers)[y])
    X, y = D.make_blobs(4000, centers=centers, std=0.5, seed=0)
    for k in range(2):
        np.testing.assert_allclose(X[y == k].mean(axis=0), centers[k], atol=0.05)
        np.testing.assert_allclose(X[y == k].std(axis=0), 0.5, atol=0.03)
    # A number of centers: means drawn in [-10, 10]^2.
    X, y = D.make_blobs(300, centers=3, std=0.0, seed=0)
    assert len(np.unique(X, axis=0)) == 3 and np.all(np.abs(X) <= 10)


def test_regression_1d():
    X, y = D.make_regression_1d(50, noise=0.0, seed=0)
    assert X.shape == (50, 1) and y.shape == (50,) and X.dtype == y.dtype == np.float64
    assert np.all((X >= -np.pi) & (X <= np.pi))
    np.testing.assert_array_equal(y, np.sin(X[:, 0]))
    X, y = D.make_regression_1d(4000, noise=0.2, fn=np.square, x_range=(1.0, 2.0), seed=3)
    assert X.min() >= 1.0 and X.max() <= 2.0
    residual = y - X[:, 0] ** 2
    assert abs(residual.std() - 0.2) < 0.01
    X2, y2 = D.make_regression_1d(4000, noise=0.2, fn=np.square, x_range=(1.0, 2.0), seed=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)


@pytest.mark.parametrize("make", [*TOY_SETS.values(), D.make_regression_1d], ids=lambda f: f.__name__)
def test_toy_size_and_noise_errors(make):
    name = make.__name__
    for n in (0, -5, 2.5, "10", None, True):
        with pytest.raises(ValueError, match=rf"^{name}\(\): expected n_samples to be an integer >= 1, got {re.escape(repr(n))}$"):
            make(n)
    spread = "std" if make is D.make_blobs else "noise"
    for bad in (-0.1, float("nan"), "0.1", None):
        with pytest.raises(
            ValueError, match=rf"^{name}\(\): expected {spread} \(a standard deviation\) to be a number >= 0, got {re.escape(repr(bad))}$"
        ):
            make(10, **{spread: bad})
    for seed in (-1, 1.5, "0"):
        with pytest.raises(ValueError, match=rf"^{name}\(\): expected seed to be None or an integer >= 0, got {re.escape(repr(seed))}$"):
            make(10, seed=seed)


def test_toy_specific_errors():
    for factor in (0.0, 1.0, 1.5):
        with pytest.raises(
            ValueError,
            match=rf"^make_circles\(\): expected factor \(the inner radius\) to be a number in \(0, 1\), got {factor}$",
        ):
            D.make_circles(10, factor=factor)
    with pytest.raises(ValueError, match=r"^make_spirals\(\): expected n_classes to be an integer >= 2, got 1$"):
        D.make_spirals(10, n_classes=1)
    with pytest.raises(
        ValueError, match=r"^make_spirals\(\): expected n_samples \(one per class of 3\) to be an integer >= 3, got 2$"
    ):
        D.make_spirals(2, n_classes=3)
    with pytest.raises(
        ValueError, match=r"^make_blobs\(\): expected n_samples \(one per class of 4\) to be an integer >= 4, got 3$"
    ):
        D.make_blobs(3, centers=4)
    with pytest.raises(ValueError, match=r"^make_blobs\(\): expected centers \(the number K of clusters\) to be an integer >= 1, got 0$"):
        D.make_blobs(10, centers=0)
    with pytest.raises(
        ValueError,
        match=r"^make_blobs\(\): expected centers to be of shape \(K, D\), got shape \(3,\)$",
    ):
        D.make_blobs(10, centers=[1.0, 2.0, 3.0])
    with pytest.raises(
        ValueError, match=r"^make_regression_1d\(\): expected x_range to be an interval \(a, b\) with a < b, got \(1, 1\)$"
    ):
        D.make_regression_1d(10, x_range=(1, 1))
    with pytest.raises(
        ValueError,
        match=r"^make_regression_1d\(\): expected fn\(x\) to be of shape \(10,\), got shape \(\)$",
    ):
        D.make_regression_1d(10, fn=np.sum)


# ---------------------------------------------------------------- digits

DIGIT_COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]


def test_digits_shape_range_counts():
    X, y = D.load_digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0
    np.testing.assert_array_equal(X * 16, np.round(X * 16))  # pixel counts 0..16, divided by 16
    np.testing.assert_array_equal(np.bincount(y), DIGIT_COUNTS)
    # The first image is a zero: an empty border column and a hole in the middle.
    zero = X[0].reshape(8, 8) * 16
    assert y[0] == 0 and zero[:, 0].sum() == 0 and zero[3:5, 3:5].sum() < 4 * 8
    X2, _ = D.load_digits()
    X2[0, 0] = 99.0  # every call returns fresh arrays
    assert D.load_digits()[0][0, 0] == 0.0


def test_digits_equal_sklearn():
    datasets = pytest.importorskip("sklearn.datasets")
    X, y = D.load_digits()
    digits = datasets.load_digits()
    np.testing.assert_array_equal(X, digits.data / 16)
    np.testing.assert_array_equal(y, digits.target)


# ---------------------------------------------------------------- train_test_split


@pytest.mark.parametrize(
    "n, test_size, n_test",
    [(100, 0.25, 25), (10, 0.25, 3), (25, 0.28, 7), (7, 0.5, 4), (2, 0.5, 1), (1000, 0.01, 10)],
)
def test_split_sizes_disjoint_and_paired(n, test_size, n_test):
    X = np.arange(2 * n, dtype=float).reshape(n, 2)
    y = np.arange(n)
    X_train, X_test, y_train, y_test = D.train_test_split(X, y, test_size=test_size, seed=0)
    assert len(X_test) == len(y_test) == n_test and len(X_train) == len(y_train) == n - n_test
    np.testing.assert_array_equal(np.sort(np.concatenate([y_train, y_test])), y)  # each sample once
    np.testing.assert_array_equal(X_train[:, 0], 2 * y_train)  # rows stay with their labels
    np.testing.assert_array_equal(X_test[:, 0], 2 * y_test)


def test_split_determinism_and_order():
    X, y = np.arange(200.0).reshape(100, 2), np.arange(100)
    a = D.train_test_split(X, y, seed=4)
    b = D.train_test_split(X, y, seed=4)
    c = D.train_test_split(X, y, seed=5)
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a[3], c[3])
    assert not np.array_equal(a[2], np.sort(a[2]))  # the training part is shuffled too
    dlref.manual_seed(1)
    d = D.train_test_split(X, y)
    dlref.manual_seed(1)
    np.testing.assert_array_equal(d[3], D.train_test_split(X, y)[3])


def test_split_images_and_regression_targets():
    X, y = np.arange(20.0)[:, None, None, None] * np.ones((1, 1, 8, 8)), np.linspace(0, 1, 20)
    X_train, X_test, y_train, y_test = D.train_test_split(X, y, test_size=0.2, seed=0)
    assert X_train.shape == (16, 1, 8, 8) and X_test.shape == (4, 1, 8, 8) and y_test.dtype == np.float64
    np.testing.assert_allclose(y_train, X_train[:, 0, 3, 5] / 19)  # each image keeps its target


def test_stratified_proportions():
    y = np.repeat([0, 1, 2], [50, 30, 20])
    X = np.arange(100.0)[:, None]
    for seed in range(5):
        _, X_test, y_train, y_test = D.train_test_split(X, y, test_size=0.2, seed=seed, stratify=True)
        np.testing.assert_array_equal(np.bincount(y_test), [10, 6, 4])
        np.testing.assert_array_equal(np.bincount(y_train), [40, 24, 16])
        np.testing.assert_array_equal(y[X_test[:, 0].astype(int)], y_test)
    # Shares that do not divide evenly: the total is still ceil(test_size * N), each class
    # within 1 of its share.
    y = np.repeat([3, 7, 9], [13, 11, 9])
    for test_size in (0.1, 0.3, 0.5, 0.77):
        _, _, _, y_test = D.train_test_split(
            np.zeros((33, 2)), y, test_size=test_size, seed=0, stratify=True
        )
        assert len(y_test) == int(np.ceil(test_size * 33))
        counts = np.array([np.sum(y_test == c) for c in (3, 7, 9)])
        assert np.all(np.abs(counts - test_size * np.array([13, 11, 9])) < 1)
    # Without stratify a small class can be left out of a small test part; with it, it cannot.
    y = np.array([0] * 18 + [1] * 2)
    assert all(
        1 in D.train_test_split(np.zeros((20, 1)), y, test_size=0.5, seed=s, stratify=True)[3]
        for s in range(20)
    )


def test_split_errors():
    X, y = np.zeros((10, 2)), np.zeros(10)
    for test_size in (0.0, 1.0, -0.1, 1.5):
        with pytest.raises(
            ValueError, match=rf"^train_test_split\(\): expected test_size to be a number in \(0, 1\), got {test_size}$"
        ):
            D.train_test_split(X, y, test_size=test_size)
    with pytest.raises(
        ValueError,
        match=r"^train_test_split\(\): expected test_size to be small enough to leave a training sample "
        r"of the N = 1 samples, got 0.5$",
    ):
        D.train_test_split(X[:1], y[:1], test_size=0.5)
    with pytest.raises(
        ValueError,
        match=r"^train_test_split\(\): expected X and y to be of the same number of samples N, "
        r"got X of shape \(10, 2\) and y of shape \(9,\)$",
    ):
        D.train_test_split(X, y[:9])
    with pytest.raises(
        ValueError,
        match=r"^train_test_split\(\): expected y \(stratify=True needs class labels\) to be of shape \(N,\), "
        r"got shape \(10, 2\)$",
    ):
        D.train_test_split(X, np.zeros((10, 2)), stratify=True)


# ---------------------------------------------------------------- minibatches


def test_minibatches_cover_every_sample_once():
    X, y = np.arange(46.0).reshape(23, 2), np.arange(23)
    batches = list(D.minibatches(X, y, batch_size=5, seed=0))
    assert [len(yb) for _, yb in batches] == [5, 5, 5, 5, 3]
    seen = np.concatenate([yb for _, yb in batches])
    np.testing.assert_array_equal(np.sort(seen), y)
    assert not np.array_equal(seen, y)  # shuffled
    for Xb, yb in batches:
        np.testing.assert_array_equal(Xb[:, 0], 2 * yb)


def test_minibatches_in_order_without_shuffle():
    X, y = np.arange(10.0)[:, None], np.arange(10)
    batches = list(D.minibatches(X, y, batch_size=4, shuffle=False))
    assert [yb.tolist() for _, yb in batches] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert [Xb.shape for Xb, _ in batches] == [(4, 1), (4, 1), (2, 1)]
    assert len(list(D.minibatches(X, y, batch_size=10))) == 1  # full batch
    assert len(list(D.minibatches(X, y, batch_size=99))) == 1


def test_minibatches_seeds():
    X, y = np.zeros((30, 2)), np.arange(30)

    def order(**kwargs):
        return np.concatenate([yb for _, yb in D.minibatches(X, y, batch_size=7, **kwargs)])

    np.testing.assert_array_equal(order(seed=3), order(seed=3))
    assert not np.array_equal(order(seed=3), order(seed=4))
    dlref.manual_seed(2)
    first_epoch, second_epoch = order(), order()  # the shared generator moves on: a new order per epoch
    assert not np.array_equal(first_epoch, second_epoch)
    dlref.manual_seed(2)
    np.testing.assert_array_equal(order(), first_epoch)


def test_minibatches_errors_are_raised_at_the_call():
    X, y = np.zeros((10, 2)), np.zeros(10)
    for batch_size in (0, -1, 2.5):
        with pytest.raises(
            ValueError, match=rf"^minibatches\(\): expected batch_size to be an integer >= 1, got {batch_size}$"
        ):
            D.minibatches(X, y, batch_size=batch_size)  # not only when iterated
    with pytest.raises(
        ValueError,
        match=r"^minibatches\(\): expected X and y to be of the same number of samples N, "
        r"got X of shape \(10, 2\) and y of shape \(11,\)$",
    ):
        D.minibatches(X, np.zeros(11))
    with pytest.raises(
        ValueError, match=r"^minibatches\(\): expected X to be an array with one row per example, got the scalar 1.0$"
    ):
        D.minibatches(1.0, [1.0])


# ---------------------------------------------------------------- one_hot


def test_one_hot_round_trip():
    y = np.array([2, 0, 1, 2, 4])
    Y = D.one_hot(y)
    assert Y.shape == (5, 5) and Y.dtype == np.float64
    np.testing.assert_array_equal(Y.sum(axis=1), 1.0)
    np.testing.assert_array_equal(Y.argmax(axis=1), y)
    np.testing.assert_array_equal(D.one_hot([1], num_classes=3), [[0.0, 1.0, 0.0]])
    _, digits = D.load_digits()
    np.testing.assert_array_equal(D.one_hot(digits).sum(axis=0), DIGIT_COUNTS)


def test_one_hot_errors():
    with pytest.raises(
        ValueError, match=r"^one_hot\(\): expected y to be class labels \(whole numbers\), got 0.5 at index 1; threshold"
    ):
        D.one_hot([0.0, 0.5])
    np.testing.assert_array_equal(D.one_hot([0.0, 1.0]), D.one_hot([0, 1]))  # whole floats are labels
    with pytest.raises(ValueError, match=r"^one_hot\(\): expected y to be an array of numbers, got dtype <U3"):
        D.one_hot(["cat", "dog"])
    with pytest.raises(ValueError, match=r"^one_hot\(\): expected y to be class labels >= 0, got -1$"):
        D.one_hot([0, -1, 2])
    with pytest.raises(
        ValueError, match=r"^one_hot\(\): expected num_classes \(more than the largest label 3\) to be an integer >= 4, got 3$"
    ):
        D.one_hot([0, 3], num_classes=3)
    with pytest.raises(
        ValueError, match=r"^one_hot\(\): expected y to be of shape \(N,\), got shape \(2, 1\)$"
    ):
        D.one_hot([[0], [1]])
    with pytest.raises(
        ValueError, match=r"^one_hot\(\): expected y to be non-empty, got shape \(0,\)$"
    ):
        D.one_hot(np.array([], dtype=int))


# ---------------------------------------------------------------- standardize


def test_standardize_and_reuse():
    rng = np.random.default_rng(0)
    X_train = rng.normal(3.0, 2.0, size=(50, 4))
    X_std, mean, std = D.standardize(X_train)
    np.testing.assert_allclose(X_std.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(X_std.std(axis=0), 1.0, rtol=1e-12)
    np.testing.assert_allclose(mean, X_train.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(std, X_train.std(axis=0), rtol=1e-12)
    X_test = rng.normal(3.0, 2.0, size=(7, 4))
    X_test_std, mean2, std2 = D.standardize(X_test, mean, std)
    np.testing.assert_allclose(X_test_std, (X_test - mean) / std, rtol=1e-12)
    np.testing.assert_array_equal(mean2, mean)
    np.testing.assert_array_equal(std2, std)


CONSTANT_COLUMN = np.array([[1.0, 0.1, 5.0], [2.0, 0.1, 7.0], [4.0, 0.1, 6.0]])  # column 1 constant


def test_standardize_constant_feature():
    X_std, mean, std = D.standardize(CONSTANT_COLUMN)
    # Not NaN, and not rounding noise (X - mean is ~1e-17 here) blown up to +-1 by a tiny std.
    np.testing.assert_allclose(X_std[:, 1], 0.0, atol=1e-15)
    assert std[1] == 1.0 and not np.any(np.isnan(X_std))
    np.testing.assert_allclose(D.standardize([[0.1, 0.1, 0.1]] * 2, mean, std)[0][:, 1], 0.0, atol=1e-15)


def test_standardize_equals_sklearn():
    preprocessing = pytest.importorskip("sklearn.preprocessing")
    rng = np.random.default_rng(1)
    for X in (CONSTANT_COLUMN, rng.normal(size=(20, 5)) * [1, 10, 0.1, 3, 1e3]):
        scaler = preprocessing.StandardScaler().fit(X)
        X_std, mean, std = D.standardize(X)
        np.testing.assert_allclose(X_std, scaler.transform(X), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(mean, scaler.mean_, rtol=1e-12)
        np.testing.assert_allclose(std, scaler.scale_, rtol=1e-12)


def test_standardize_errors():
    X = np.zeros((4, 2))
    with pytest.raises(ValueError, match=r"^standardize\(\): expected X to be of shape \(N, D\), got shape \(4,\)$"):
        D.standardize(np.zeros(4))
    with pytest.raises(
        ValueError,
        match=r"^standardize\(\): expected mean and std to be both given \(the training statistics\) or neither, got mean=...",
    ):
        D.standardize(X, mean=np.zeros(2))
    with pytest.raises(ValueError, match=r"^standardize\(\): expected mean and std to be both given"):
        D.standardize(X, std=np.ones(2))
    with pytest.raises(
        ValueError,
        match=r"^standardize\(\): expected mean to be of shape \(2,\), got shape \(3,\)$",
    ):
        D.standardize(X, np.zeros(3), np.ones(2))
    with pytest.raises(
        ValueError, match=r"^standardize\(\): expected std to be > 0 for every feature, got array\(\[1., 0.\]\)$"
    ):
        D.standardize(X, np.zeros(2), np.array([1.0, 0.0]))
