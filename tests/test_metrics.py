"""dlref.metrics: equal to scikit-learn on random inputs, the notes' MAE/RMSE table, every error."""

import math
import warnings

import numpy as np
import pytest

from dlref import metrics as M

CLASSIFICATION = (M.precision, M.recall, M.f1_score)
REGRESSION = (M.mean_squared_error, M.root_mean_squared_error, M.mean_absolute_error, M.r2_score)


@pytest.fixture
def skm():
    return pytest.importorskip("sklearn.metrics")


def quiet(f, *args, **kwargs):
    """Call one of ours, failing on any warning: 0/0 gives 0.0 without a word."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return f(*args, **kwargs)


def random_labels(rng, n_cases):
    """Pairs (y_true, y_pred) of every kind: 1 to 4 distinct labels (not only 0..K-1), N from 1 to 29."""
    for _ in range(n_cases):
        K = int(rng.integers(1, 5))
        N = int(rng.integers(1, 30))
        labels = rng.choice([-3, 0, 1, 2, 5, 7], size=K, replace=False)
        yield rng.choice(labels, size=N), rng.choice(labels, size=N)


@pytest.mark.filterwarnings("ignore:A single label was found")  # sklearn's, for confusion_matrix
def test_classification_equals_sklearn(skm):
    rng = np.random.default_rng(0)
    ours_theirs = {
        M.precision: skm.precision_score,
        M.recall: skm.recall_score,
        M.f1_score: skm.f1_score,
    }
    n_binary = 0
    for y_true, y_pred in random_labels(rng, 300):
        labels = np.union1d(y_true, y_pred)
        assert quiet(M.accuracy, y_true, y_pred) == skm.accuracy_score(y_true, y_pred)
        np.testing.assert_array_equal(
            quiet(M.confusion_matrix, y_true, y_pred), skm.confusion_matrix(y_true, y_pred)
        )
        for ours, theirs in ours_theirs.items():
            for average in ("macro", "micro"):
                expected = theirs(y_true, y_pred, average=average, zero_division=0.0)
                assert quiet(ours, y_true, y_pred, average=average) == pytest.approx(
                    expected, rel=1e-12, abs=0
                )
            if len(labels) <= 2:
                # The positive class: one that occurs, or (for one label) one that does not.
                for pos_label in set(labels.tolist()) if len(labels) == 2 else {labels[0], 99}:
                    n_binary += 1
                    expected = theirs(y_true, y_pred, pos_label=pos_label, zero_division=0.0)
                    assert quiet(ours, y_true, y_pred, pos_label=pos_label) == pytest.approx(
                        expected, rel=1e-12, abs=0
                    )
    assert n_binary > 100  # the binary branch was really exercised


def test_classification_on_sklearn_default_zero_division(skm):
    """0/0 gives 0.0 as sklearn's default zero_division='warn' (which also warns)."""
    y_true, y_pred = [0, 0, 0], [0, 0, 0]
    with pytest.warns(skm._classification.UndefinedMetricWarning):
        expected = [
            skm.precision_score(y_true, y_pred),
            skm.recall_score(y_true, y_pred),
            skm.f1_score(y_true, y_pred),
        ]
    assert [quiet(f, y_true, y_pred) for f in CLASSIFICATION] == expected == [0.0, 0.0, 0.0]


def test_pos_label_and_string_labels(skm):
    """Labels are numbers (cat = 0, dog = 1): a string label is refused, not counted."""
    y_true = [0, 1, 1, 0, 1]
    y_pred = [0, 0, 1, 0, 1]
    for ours, theirs in (
        (M.precision, skm.precision_score),
        (M.recall, skm.recall_score),
        (M.f1_score, skm.f1_score),
    ):
        assert ours(y_true, y_pred, pos_label=0) == pytest.approx(theirs(y_true, y_pred, pos_label=0))
    assert M.precision(y_true, y_pred, pos_label=0) == pytest.approx(2 / 3)
    assert M.recall(y_true, y_pred, pos_label=1) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match=r"^precision\(\): expected y_true to be an array of numbers, "
                       r"got dtype <U3 \(e.g. 'cat'\)$"):
        M.precision(["cat", "dog"], ["dog", "dog"], pos_label="cat")


def test_counts_by_hand():
    """TP = 3, FP = 1, FN = 2, TN = 2 for the positive class 1."""
    y_true = [1, 1, 1, 1, 1, 0, 0, 0]
    y_pred = [1, 1, 1, 0, 0, 1, 0, 0]
    np.testing.assert_array_equal(
        M.confusion_matrix(y_true, y_pred), [[2, 1], [2, 3]]
    )  # [[TN, FP], [FN, TP]]
    assert M.accuracy(y_true, y_pred) == 5 / 8
    assert M.precision(y_true, y_pred) == 3 / 4
    assert M.recall(y_true, y_pred) == 3 / 5
    assert M.f1_score(y_true, y_pred) == pytest.approx(2 * 3 / (2 * 3 + 1 + 2))
    # With class 0 as the positive class, TP and TN swap roles, FP and FN too.
    assert M.precision(y_true, y_pred, pos_label=0) == 2 / 4
    assert M.recall(y_true, y_pred, pos_label=0) == 2 / 3


def test_micro_average_is_accuracy_and_integral_floats_are_labels():
    y_true, y_pred = [0, 1, 2, 2, 1, 0], [0, 2, 2, 2, 0, 0]
    for f in (M.precision, M.recall, M.f1_score):
        assert f(y_true, y_pred, average="micro") == pytest.approx(M.accuracy(y_true, y_pred))
    assert M.accuracy(np.array(y_true, dtype=float), y_pred) == 4 / 6
    assert M.confusion_matrix(y_true, y_pred).dtype == np.int64
    assert M.confusion_matrix(y_true, y_pred).sum() == 6


def test_regression_equals_sklearn(skm):
    rng = np.random.default_rng(1)
    ours_theirs = {
        M.mean_squared_error: skm.mean_squared_error,
        M.root_mean_squared_error: skm.root_mean_squared_error,
        M.mean_absolute_error: skm.mean_absolute_error,
        M.r2_score: skm.r2_score,
    }
    for _ in range(200):
        N = int(rng.integers(2, 40))
        y_true = rng.normal(size=N) * rng.uniform(0.1, 10)
        y_pred = y_true + rng.normal(size=N) * rng.uniform(0, 3)
        for ours, theirs in ours_theirs.items():
            assert ours(y_true, y_pred) == pytest.approx(theirs(y_true, y_pred), rel=1e-12, abs=1e-14)
    for y_true, y_pred in (
        ([3.0, 3.0, 3.0], [3.0, 3.0, 3.0]),
        ([3.0, 3.0, 3.0], [3.0, 2.0, 3.0]),
        ([1, 2], [2, 1]),
    ):  # constant y: R^2 is 1 (exact) or 0; ints accepted
        assert M.r2_score(y_true, y_pred) == skm.r2_score(y_true, y_pred)
    assert M.mean_absolute_error([5], [3]) == skm.mean_absolute_error([5], [3]) == 2.0


# The three cases of the notes: the same MAE of 2, errors spread ever more unevenly over N = 10.
NOTES_CASES = {
    "even errors": ([2.0] * 10, 2.000, 2.000),
    "small variance": ([1.0] * 5 + [3.0] * 5, 2.000, 2.236),
    "one outlier": ([0.0] * 9 + [20.0], 2.000, 6.325),
}


@pytest.mark.parametrize("case", NOTES_CASES)
def test_mae_rmse_table_of_the_notes(case):
    errors, mae, rmse = NOTES_CASES[case]
    y_true = np.linspace(-1.0, 1.0, 10)
    y_pred = y_true + np.array(errors) * np.array([1, -1] * 5)  # the sign of an error does not matter
    assert round(M.mean_absolute_error(y_true, y_pred), 3) == mae
    assert round(M.root_mean_squared_error(y_true, y_pred), 3) == rmse


def test_mae_rmse_bounds():
    """MAE <= RMSE <= MAE * sqrt(N), with equality at both ends reached by the notes' cases."""
    rng = np.random.default_rng(2)
    for _ in range(200):
        N = int(rng.integers(1, 30))
        y_true, y_pred = rng.normal(size=N), rng.normal(size=N) * rng.exponential(size=N)
        mae, rmse = M.mean_absolute_error(y_true, y_pred), M.root_mean_squared_error(y_true, y_pred)
        assert mae <= rmse * (1 + 1e-12) and rmse <= mae * math.sqrt(N) * (1 + 1e-12)
    zeros = np.zeros(10)
    assert M.root_mean_squared_error(zeros, [2.0] * 10) == M.mean_absolute_error(zeros, [2.0] * 10)
    one_error = [0.0] * 9 + [20.0]
    assert M.root_mean_squared_error(zeros, one_error) == pytest.approx(
        M.mean_absolute_error(zeros, one_error) * math.sqrt(10)
    )


ALL = (M.accuracy, M.confusion_matrix, *CLASSIFICATION, *REGRESSION)


@pytest.mark.parametrize("f", ALL, ids=lambda f: f.__name__)
def test_errors_common_to_all(f):
    name = f.__name__
    with pytest.raises(
        ValueError, match=rf"^{name}\(\): expected y_true and y_pred to be of the same length N, got 3 and 2$"
    ):
        f([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match=rf"^{name}\(\): expected y_true to be non-empty, got shape \(0,\)$"):
        f([], [])
    with pytest.raises(
        ValueError, match=rf"^{name}\(\): expected y_pred to be of shape \(N,\), got shape \(3, 1\); flatten"
    ):
        f([0, 1, 1], [[0], [1], [1]])
    with pytest.raises(ValueError, match=rf"^{name}\(\): expected y_true to be of shape \(N,\), got shape \(2, 2\)$"):
        f([[0, 1], [1, 0]], [0, 1])
    with pytest.raises(ValueError, match=rf"^{name}\(\): expected y_true to be of shape \(N,\), got shape \(\)$"):
        f(1, [1])
    for bad, text in [(["cat", "dog"], r"an array of (numbers|real numbers), got dtype <U3 \(e.g. 'cat'\)"),
                      ([1j, 0], r"an array of (numbers|real numbers), got dtype complex128"),
                      ([0, np.inf], r"finite numbers, got inf at index 1"),
                      ([None, 1], r"an array of (numbers|real numbers), got dtype object"),
                      ([[0], [1, 2]], r"an array of .*which is not a rectangular array")]:
        with pytest.raises(ValueError, match=rf"^{name}\(\): expected y_true to be {text}"):
            f(bad, [0, 1])


@pytest.mark.parametrize(
    "f", (M.accuracy, M.confusion_matrix, *CLASSIFICATION), ids=lambda f: f.__name__
)
def test_probabilities_are_not_labels(f):
    with pytest.raises(
        ValueError,
        match=rf"^{f.__name__}\(\): expected y_pred to be class labels \(whole numbers\), got 0.7 at index 1; "
        r"threshold probabilities first",
    ):
        f([0, 1, 1], [0.0, 0.7, 1.0])
    with pytest.raises(ValueError, match=rf"^{f.__name__}\(\): expected y_true to be finite numbers, got nan at index 1$"):
        f([0.0, np.nan], [0, 1])


@pytest.mark.parametrize("f", CLASSIFICATION, ids=lambda f: f.__name__)
def test_average_errors(f):
    name = f.__name__
    with pytest.raises(
        ValueError,
        match=rf"^{name}\(\): expected average to be one of 'binary', 'macro', 'micro', got 'weighted'$",
    ):
        f([0, 1], [0, 1], average="weighted")
    with pytest.raises(
        ValueError,
        match=rf"^{name}\(\): expected the labels to be at most 2 for average='binary', got 3: "
        r"\[0, 1, 2\]; use average='macro' or 'micro'$",
    ):
        f([0, 1, 2], [0, 1, 1])
    with pytest.raises(ValueError, match=rf"^{name}\(\): expected pos_label to be one of the labels \[0, 2\], got 1$"):
        f([0, 2], [2, 2])
    with pytest.raises(ValueError, match=rf"^{name}\(\): expected pos_label to be an integer label, got 'dog'$"):
        f([0, 1], [1, 1], pos_label="dog")


@pytest.mark.parametrize("f", REGRESSION, ids=lambda f: f.__name__)
def test_non_finite_regression_inputs(f):
    name = f.__name__
    with pytest.raises(
        ValueError,
        match=rf"^{name}\(\): expected y_true to be finite numbers, got nan at index 1$",
    ):
        f([1.0, np.nan, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(
        ValueError, match=rf"^{name}\(\): expected y_pred to be finite numbers, got inf at index 2$"
    ):
        f([1.0, 2.0, 3.0], [1.0, 2.0, np.inf])


def test_r2_needs_two_samples():
    with pytest.raises(
        ValueError, match=r"^r2_score\(\): expected y_true to be at least 2 samples \(R\^2 needs a variance\), got N = 1$"
    ):
        M.r2_score([1.0], [1.0])
