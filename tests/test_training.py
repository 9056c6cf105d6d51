"""fit(): the loop of the notes (C01), minibatches and epochs (C15), its display and its errors."""

import io
import time

import numpy as np
import pytest

import dlref
from dlref import data, losses, optimizers
from dlref.autograd import Tensor
from dlref.callbacks import Callback
from dlref.models import LogisticRegression, mlp
from dlref.training import evaluate, fit, predict, to_labels


def blobs(n=40, seed=0):
    """Two well-separated 2-D classes, labels 0 and 1."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    X = rng.standard_normal((n, 2)) * 0.5 + np.where(y[:, None] == 1, 2.0, -2.0)
    return X, y


def small_fit(epochs=3, **kwargs):
    X, y = blobs()
    model = LogisticRegression(2)
    optimizer = optimizers.SGD(model.parameters(), lr=0.1)
    return fit(model, losses.binary_cross_entropy, optimizer, (X, y), epochs, **kwargs)


# ----------------------------------------------------------------- learning
def test_mlp_learns_digits_to_97_percent_in_under_a_minute():
    start = time.perf_counter()
    X, y = data.load_digits()
    X_train, X_test, y_train, y_test = data.train_test_split(
        X, y, test_size=0.25, seed=0, stratify=True
    )
    X_train, mean, std = data.standardize(X_train)
    X_test = data.standardize(X_test, mean, std)[0]
    model = mlp([64, 128, 10])
    optimizer = optimizers.Adam(model.parameters(), lr=1e-3)
    history = fit(
        model,
        losses.cross_entropy,
        optimizer,
        (X_train, y_train),
        epochs=30,
        val_data=(X_test, y_test),
        metrics=["accuracy"],
        batch_size=32,
        seed=0,
        verbose=False,
    )
    seconds = time.perf_counter() - start
    accuracy = np.mean(to_labels(predict(model, X_test)) == y_test)
    assert accuracy >= 0.97, accuracy
    assert history["val_accuracy"][-1] == pytest.approx(accuracy)
    assert history["loss"][-1] < history["loss"][0] / 10
    assert seconds < 60, seconds


@pytest.mark.parametrize("seed", [1, 5, 6])
def test_2_2_1_mlp_solves_xor(seed):
    """From about half of the random starts a 2-2-1 net ends in a local minimum
    (the loss is not convex); from these seeds it finds a solution."""
    dlref.manual_seed(seed)
    X, y = data.truth_table("xor")
    model = mlp([2, 2, 1], activation="tanh", output_activation="sigmoid")
    optimizer = optimizers.Adam(model.parameters(), lr=0.1)
    history = fit(
        model,
        losses.binary_cross_entropy,
        optimizer,
        (X, y[:, None]),
        epochs=300,
        batch_size=4,
        metrics=["accuracy"],
        verbose=False,
    )
    np.testing.assert_array_equal(to_labels(predict(model, X)).ravel(), y)
    assert history["accuracy"][-1] == 1.0


def test_fit_is_the_hand_written_loop():
    """Same seed, same batches, same steps: fit and the loop of the notes give the same weights."""
    X, y = blobs()
    dlref.manual_seed(5)
    model = mlp([2, 3, 2])
    fit(
        model,
        losses.cross_entropy,
        optimizers.SGD(model.parameters(), lr=0.1),
        (X, y),
        epochs=2,
        batch_size=8,
        seed=7,
        verbose=False,
    )

    dlref.manual_seed(5)
    by_hand = mlp([2, 3, 2])
    optimizer = optimizers.SGD(by_hand.parameters(), lr=0.1)
    for epoch in range(2):
        for X_batch, y_batch in data.minibatches(X, y, batch_size=8, seed=7 + epoch):
            loss = losses.cross_entropy(by_hand(Tensor(X_batch)), y_batch)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    for p, q in zip(model.parameters(), by_hand.parameters()):
        np.testing.assert_array_equal(p.numpy(), q.numpy())


def test_training_loss_is_the_mean_over_the_epochs_batches():
    """With lr = 0 nothing moves, so the running mean equals the loss on all the data."""
    X, y = blobs(n=30)
    model = LogisticRegression(2)
    history = fit(
        model,
        losses.binary_cross_entropy,
        optimizers.SGD(model.parameters(), lr=1e-300),
        (X, y),
        epochs=1,
        batch_size=7,
        verbose=False,
    )
    assert history["loss"][0] == pytest.approx(
        evaluate(model, losses.binary_cross_entropy, (X, y))["loss"], rel=1e-12
    )


def test_same_seed_same_history():
    dlref.manual_seed(0)
    first = small_fit(seed=3, verbose=False)
    dlref.manual_seed(0)
    assert small_fit(seed=3, verbose=False) == first


def test_fit_on_the_torch_backend(backend):
    history = small_fit(epochs=5, metrics=["accuracy"], verbose=False)
    assert history["loss"][-1] < history["loss"][0]
    assert history["accuracy"][-1] == 1.0


# ------------------------------------------------------------------ history
def test_history_keys_and_lengths():
    history = small_fit(
        epochs=4, val_data=blobs(n=10, seed=1), metrics=["accuracy", "f1_score"], verbose=False
    )
    assert list(history) == [
        "loss",
        "accuracy",
        "f1_score",
        "val_loss",
        "val_accuracy",
        "val_f1_score",
    ]
    assert all(len(values) == 4 for values in history.values())
    assert all(isinstance(v, float) for values in history.values() for v in values)


def test_metric_functions_are_recorded_under_their_name():
    def error_rate(y_true, y_pred):
        return np.mean(y_true != y_pred)

    history = small_fit(epochs=2, metrics=["accuracy", error_rate], verbose=False)
    assert [a + e for a, e in zip(history["accuracy"], history["error_rate"])] == pytest.approx(
        [1, 1]
    )


def test_evaluate_and_predict_restore_the_mode():
    X, y = blobs()
    model = LogisticRegression(2)
    assert model.training
    scores = evaluate(
        model, losses.binary_cross_entropy, (X, y), metrics=["accuracy"], batch_size=7
    )
    assert model.training
    expected = losses.binary_cross_entropy(model(Tensor(X)), y).item()
    assert scores["loss"] == pytest.approx(expected, rel=1e-12)
    assert scores["accuracy"] == np.mean(to_labels(predict(model.eval(), X)) == y)
    assert not model.training


def test_to_labels():
    np.testing.assert_array_equal(to_labels(np.array([[1.0, 3.0, 2.0], [5.0, 0.0, 1.0]])), [1, 0])
    np.testing.assert_array_equal(to_labels(np.array([[0.5], [0.51]])), [[0], [1]])
    np.testing.assert_array_equal(to_labels(np.array([-0.1, 0.0, 0.1]), threshold=0.0), [0, 0, 1])


def test_logits_are_thresholded_at_zero():
    """An output of 0.3 is a logit (p = 0.57, label 1) or a probability (label 0)."""

    class Constant(dlref.layers.Module):
        def forward(self, X):
            return Tensor(np.full(len(X), 0.3))

    X, y = np.zeros((2, 1)), np.array([1, 1])
    assert (
        evaluate(Constant(), losses.binary_cross_entropy_with_logits, (X, y), ["accuracy"])[
            "accuracy"
        ]
        == 1
    )
    assert evaluate(Constant(), losses.binary_cross_entropy, (X, y), ["accuracy"])["accuracy"] == 0


# ------------------------------------------------------------------ display
def test_quiet_prints_nothing(capsys):
    small_fit(epochs=3, verbose=False)
    assert capsys.readouterr().out == ""


def test_verbose_prints_one_plain_line_per_epoch(capsys):
    small_fit(epochs=3, val_data=blobs(n=10, seed=1), metrics=["accuracy"])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("epoch 1/3  loss ")
    assert all(
        f"epoch {i + 1}/3" in line and "val_accuracy" in line for i, line in enumerate(lines)
    )
    assert not any(c in line for line in lines for c in "\r\x1b\b")


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_in_a_terminal_the_progress_is_overwritten(monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr("sys.stdout", terminal)
    X, y = blobs()
    model = LogisticRegression(2)
    fit(
        model,
        losses.binary_cross_entropy,
        optimizers.SGD(model.parameters(), lr=0.1),
        (X, y),
        epochs=2,
        batch_size=10,
    )
    text = terminal.getvalue()
    assert "\repoch 1/2  batch 1/4" in text and "\repoch 2/2  batch 1/4" in text
    assert text.count("\n") == 2
    last_line = text.split("\n")[-2].split("\r")[-1]
    assert last_line.startswith("epoch 2/2  loss ")


# ---------------------------------------------------------------- callbacks
class StopAt(Callback):
    def __init__(self, epoch):
        self.epoch, self.ended = epoch, None

    def on_epoch_end(self, model, history):
        return len(history["loss"]) == self.epoch

    def on_train_end(self, model, history):
        self.ended = len(history["loss"])


def test_a_callback_stops_training():
    stop = StopAt(2)
    history = small_fit(epochs=10, callbacks=[stop], verbose=False)
    assert len(history["loss"]) == 2 and stop.ended == 2


def test_callbacks_without_on_train_end_are_fine():
    class Count(Callback):
        calls = 0

        def on_epoch_end(self, model, history):
            Count.calls += 1

    small_fit(epochs=3, callbacks=[Count()], verbose=False)
    assert Count.calls == 3


def test_early_stopping_stops_when_validation_stalls():
    from dlref.regularizers import EarlyStopping

    X, y = blobs()
    model = LogisticRegression(2)
    # lr = 0: the validation loss never improves, so training stops after `patience` more epochs.
    history = fit(
        model,
        losses.binary_cross_entropy,
        optimizers.SGD(model.parameters(), lr=1e-300),
        (X, y),
        epochs=50,
        val_data=(X, y),
        callbacks=[EarlyStopping(patience=3)],
        verbose=False,
    )
    assert len(history["loss"]) == 4


# ------------------------------------------------------------------- errors
def fit_on(train_data, **kwargs):
    model = mlp([2, 3, 10])
    kwargs = {"epochs": 1, "verbose": False, **kwargs}
    return fit(
        model,
        losses.cross_entropy,
        optimizers.SGD(model.parameters(), lr=0.1),
        train_data,
        **kwargs,
    )


def test_errors():
    X, y = np.zeros((5, 2)), np.zeros(5, dtype=int)
    with pytest.raises(ValueError, match="train_data has 5 examples in X but 4 targets in y"):
        fit_on((X, y[:4]))
    with pytest.raises(ValueError, match="val_data has 5 examples in X but 3 targets in y"):
        fit_on((X, y), val_data=(X, y[:3]))
    with pytest.raises(ValueError, match=r"train_data is empty \(N = 0"):
        fit_on((X[:0], y[:0]))
    with pytest.raises(ValueError, match=r"expected train_data = \(X, y\), got ndarray"):
        fit_on(X)
    with pytest.raises(
        ValueError,
        match="labels y in train_data must be in 0..9 for a model with C = 10 outputs, "
        "got label 10",
    ):
        fit_on((X, np.array([0, 1, 10, 2, 3])))
    with pytest.raises(ValueError, match="labels y in val_data must be in 0..9 .* got label -1"):
        fit_on((X, y), val_data=(X, np.array([0, -1, 0, 0, 0])))
    with pytest.raises(ValueError, match="expected an integer epochs >= 1, got 0"):
        fit_on((X, y), epochs=0)
    with pytest.raises(ValueError, match="expected an integer batch_size >= 1, got 0"):
        fit_on((X, y), batch_size=0)
    with pytest.raises(
        ValueError, match="unknown metric 'acc'; expected one of accuracy, precision"
    ):
        fit_on((X, y), metrics=["acc"])
    with pytest.raises(ValueError, match=r"fit\(\): expected callbacks\[0\] to be a dlref.callbacks.Callback .* got int 3"):
        fit_on((X, y), callbacks=[3])
    with pytest.raises(ValueError, match="metric 'confusion_matrix' returned an array of shape"):
        fit_on((X, y), metrics=["confusion_matrix"])


def test_single_output_labels_must_be_0_or_1():
    X = np.zeros((3, 2))
    with pytest.raises(
        ValueError,
        match="labels y in train_data must be 0 or 1 for a model with one output, got label 2",
    ):
        small_fit_on = LogisticRegression(2)
        fit(
            small_fit_on,
            losses.binary_cross_entropy,
            optimizers.SGD(small_fit_on.parameters(), lr=0.1),
            (X, np.array([0, 2, 1])),
            epochs=1,
            verbose=False,
        )


def test_evaluate_and_predict_errors():
    model = LogisticRegression(2)
    with pytest.raises(ValueError, match="data has 3 examples in X but 2 targets in y"):
        evaluate(model, losses.binary_cross_entropy, (np.zeros((3, 2)), np.zeros(2, dtype=int)))
    with pytest.raises(ValueError, match="labels y in data must be 0 or 1 .* got label 3"):
        evaluate(model, losses.binary_cross_entropy, (np.zeros((1, 2)), np.array([3])))
    with pytest.raises(ValueError, match="expected an integer batch_size >= 1, got 0"):
        predict(model, np.zeros((3, 2)), batch_size=0)
    with pytest.raises(
        ValueError, match=r"predict\(\): expected X with N >= 1 rows, got shape \(0, 2\)"
    ):
        predict(model, np.zeros((0, 2)))
