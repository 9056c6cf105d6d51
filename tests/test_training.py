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
    return fit(model, losses.binary_cross_entropy, optimizer, (X, y), epochs, threshold=0.5, **kwargs)


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
        threshold=0.5,
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
    def error_rate(y_true, y_pred):  # your own metric gets the outputs as they are: probabilities here
        return np.mean(y_true != to_labels(y_pred, threshold=0.5))

    history = small_fit(epochs=2, metrics=["accuracy", error_rate], verbose=False)
    assert [a + e for a, e in zip(history["accuracy"], history["error_rate"])] == pytest.approx(
        [1, 1]
    )


def test_evaluate_and_predict_restore_the_mode():
    X, y = blobs()
    model = LogisticRegression(2)
    assert model.training
    scores = evaluate(
        model, losses.binary_cross_entropy, (X, y), metrics=["accuracy"], batch_size=7, threshold=0.5
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


class Constant(dlref.layers.Module):
    """Outputs 0.3 for every example: a logit (p = 0.57, label 1) or a probability (label 0)."""

    def forward(self, X):
        return Tensor(np.full(len(X), 0.3))


def test_a_single_output_is_thresholded_where_you_say():
    X, y = np.zeros((2, 1)), np.array([1, 1])
    logits = losses.binary_cross_entropy_with_logits
    assert evaluate(Constant(), logits, (X, y), ["accuracy"], threshold=0.0)["accuracy"] == 1
    assert evaluate(Constant(), logits, (X, y), ["accuracy"], threshold=0.5)["accuracy"] == 0


def test_the_label_rule_does_not_depend_on_the_loss_functions_identity():
    """The same model scored with a loss and with the same loss wrapped in a lambda: the same accuracy."""
    X, y = np.zeros((2, 1)), np.array([1, 1])
    logits = losses.binary_cross_entropy_with_logits
    for loss_fn in (logits, lambda y_hat, y: logits(y_hat, y)):
        assert evaluate(Constant(), loss_fn, (X, y), ["accuracy"], threshold=0.0)["accuracy"] == 1
        with pytest.raises(ValueError, match=r"^evaluate\(\): expected threshold to be a number for the "
                           r"metric 'accuracy' of a model with one output: 0.5 if it outputs probabilities, "
                           r"0.0 if it outputs logits z, got None$"):
            evaluate(Constant(), loss_fn, (X, y), ["accuracy"])
    # regression metrics and one-hot targets need no threshold
    assert evaluate(Constant(), losses.mse_loss, (X, np.array([0.3, 0.3])), ["mean_squared_error"]) == {
        "loss": pytest.approx(0.0, abs=1e-12), "mean_squared_error": pytest.approx(0.0, abs=1e-12)}


def test_one_hot_targets_are_labels_by_their_arg_max():
    X, y = blobs()
    model = dlref.models.SoftmaxClassifier(2, 2)
    history = fit(model, losses.categorical_cross_entropy, optimizers.SGD(model.parameters(), lr=0.5),
                  (X, data.one_hot(y)), epochs=5, metrics=["accuracy"], verbose=False)
    assert history["accuracy"][-1] == 1.0


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
def test_errors():
    X, y = np.zeros((5, 2)), np.zeros(5, dtype=int)
    cases = [
        (dict(train_data=(X, y[:4])), r"expected train_data to be \(X, y\) with one target per example "
         r"\(the same length N\), got 5 examples in X and 4 targets in y$"),
        (dict(val_data=(X, y[:3])), r"expected val_data to be \(X, y\) .*got 5 examples in X and 3 targets in y$"),
        (dict(train_data=(X[:0], y[:0])), r"expected train_data to be at least one example, got N = 0$"),
        (dict(train_data=X), r"expected train_data to be a pair \(X, y\), got ndarray of shape \(5, 2\)$"),
        (dict(epochs=0), r"expected epochs to be an integer >= 1, got 0$"),
        (dict(batch_size=0), r"expected batch_size to be an integer >= 1, got 0$"),
        (dict(batch_size=2.5), r"expected batch_size to be an integer >= 1, got 2.5$"),
        (dict(shuffle="no"), r"expected shuffle to be True or False, got str 'no'$"),
        (dict(verbose=None), r"expected verbose to be True or False, got None$"),
        (dict(seed=-1), r"expected seed to be an integer >= 0, got -1$"),
        (dict(threshold="0.5"), r"expected threshold to be a number, got '0.5'$"),
        (dict(metrics=["acc"]), r"expected metrics\[0\] to be one of accuracy, precision, .*, or a function "
         r"f\(y_true, y_pred\), got 'acc'$"),
        (dict(metrics=3), r"expected metrics to be a list of metric names or functions, got int 3$"),
        (dict(callbacks=[3]), r"expected callbacks\[0\] to be a dlref.callbacks.Callback .* got int 3$"),
        (dict(metrics=["confusion_matrix"]), r"expected metrics \('confusion_matrix'\) to be a function "
         r"returning a single number, got a result of shape \(\d, \d\)$"),
        (dict(train_data=(np.full((5, 2), "a"), y)), r"expected X of train_data to be an array of real numbers, got dtype <U1"),
        (dict(train_data=(X, np.full(5, 1j))), r"expected y of train_data to be an array of numbers, got dtype complex128"),
        (dict(train_data=([[1.0], [1.0, 2.0]], y[:2])), r"expected X of train_data to be an array of real numbers, "
         r"got list .*, which is not a rectangular array$"),
        (dict(loss_fn="mse"), r"expected loss_fn to be a function loss_fn\(y_hat, y\) such as losses.cross_entropy, got str 'mse'$"),
        (dict(model="mlp"), r"expected model to be a dlref Module such as models.mlp\(\[2, 8, 1\]\), got str 'mlp'$"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ValueError, match=r"^fit\(\): " + message):
            fit_on(**kwargs)


def fit_on(train_data=(np.zeros((5, 2)), np.zeros(5, dtype=int)), model=None, loss_fn=losses.cross_entropy,
           **kwargs):
    model = mlp([2, 3, 10]) if model is None else model
    optimizer = optimizers.SGD(mlp([2, 3, 10]).parameters() if isinstance(model, str) else model.parameters(), lr=0.1)
    return fit(model, loss_fn, optimizer, train_data, **{"epochs": 1, "verbose": False, **kwargs})


def test_bad_labels_fail_in_the_loss_and_leave_the_model_as_it_was():
    """No forward pass before training: the loss finds a label the model cannot predict, in batch 3."""
    X, y = np.zeros((6, 2)), np.array([0, 1, 2, 3, 4, 10])
    dlref.manual_seed(0)
    model = mlp([2, 3, 10])
    optimizer = optimizers.Adam(model.parameters(), lr=0.1)
    before = {name: value.copy() for name, value in model.state_dict().items()}
    with pytest.raises(ValueError, match=r"^cross_entropy\(\): expected y to be class labels in 0..9 "
                       r"\(C = 10 classes\), got 10 at index 1$"):
        fit(model, losses.cross_entropy, optimizer, (X, y), epochs=1, batch_size=2, shuffle=False,
            verbose=False)
    for name, value in model.state_dict().items():  # two steps ran, then everything went back
        np.testing.assert_array_equal(value, before[name])
    assert optimizer.state == {} and all(p.grad is None for p in model.parameters())


def test_fit_runs_no_forward_pass_before_training():
    calls = []

    class Counting(dlref.layers.Module):
        def __init__(self):
            super().__init__()
            self.linear = dlref.layers.Linear(2, 2)

        def forward(self, X):
            calls.append(X.shape[0])
            return self.linear(X)

    model = Counting()
    fit(model, losses.cross_entropy, optimizers.SGD(model.parameters(), lr=0.1),
        (np.zeros((4, 2)), np.zeros(4, dtype=int)), epochs=1, batch_size=2, verbose=False)
    assert calls == [2, 2]  # one call per minibatch, nothing else


def test_an_optimizer_over_another_models_parameters_is_refused():
    """A student reran the cell that makes the model but not the one that makes the optimizer."""
    X, y = blobs()
    old = LogisticRegression(2)
    optimizer = optimizers.SGD(old.parameters(), lr=0.1)
    new = LogisticRegression(2)
    with pytest.raises(ValueError, match=r"^fit\(\): expected optimizer to be an optimizer over this model's "
                       r"parameters, optimizers.SGD\(model.parameters\(\), ...\), got one over other tensors "
                       r"\(another model's\? after remaking the model, remake its optimizer too\)$"):
        fit(new, losses.binary_cross_entropy, optimizer, (X, y), epochs=1, verbose=False)
    with pytest.raises(ValueError, match=r"^fit\(\): expected optimizer to be a dlref Optimizer"):
        fit(new, losses.binary_cross_entropy, "sgd", (X, y), epochs=1, verbose=False)


def test_a_diverging_loss_names_the_step_and_the_learning_rate_and_changes_nothing():
    X, y = blobs()
    dlref.manual_seed(0)
    model = mlp([2, 16, 2])
    optimizer = optimizers.SGD(model.parameters(), lr=1e6)
    before = {name: value.copy() for name, value in model.state_dict().items()}
    with pytest.raises(ValueError, match=r"^fit\(\): expected optimizer.lr to be small enough for the loss to "
                       r"stay finite, got lr=1e\+06: (the model's outputs|the loss) became NaN or inf at epoch "
                       r"\d+, step \d+, the loss diverged; the model and the optimizer are as before fit\(\): "
                       r"try a smaller learning rate$"):
        fit(model, losses.cross_entropy, optimizer, (X, y), epochs=20, batch_size=8, verbose=False)
    for name, value in model.state_dict().items():
        np.testing.assert_array_equal(value, before[name])


def test_nan_in_the_data_is_blamed_on_the_data():
    X, y = blobs()
    X[3, 1] = np.nan
    with pytest.raises(ValueError, match=r"^fit\(\): expected X of train_data to be finite numbers, got nan "
                       r"at index \(3, 1\)$"):
        fit_on((X, y))
    with pytest.raises(ValueError, match=r"^predict\(\): expected X to be finite numbers, got inf at index"):
        predict(LogisticRegression(2), np.array([[np.inf, 0.0]]))


def test_a_single_output_with_labels_out_of_0_1_fails_in_the_loss():
    X = np.zeros((3, 2))
    model = LogisticRegression(2)
    with pytest.raises(ValueError, match=r"^binary_cross_entropy\(\): expected y to be probabilities in \[0, 1\], "
                       r"got values in \[0, 2\]$"):
        fit(model, losses.binary_cross_entropy, optimizers.SGD(model.parameters(), lr=0.1),
            (X, np.array([0, 2, 1])), epochs=1, verbose=False)


def test_evaluate_and_predict_errors():
    model = LogisticRegression(2)
    with pytest.raises(ValueError, match=r"^evaluate\(\): expected data to be \(X, y\) .*got 3 examples in X and 2 targets"):
        evaluate(model, losses.binary_cross_entropy, (np.zeros((3, 2)), np.zeros(2, dtype=int)))
    with pytest.raises(ValueError, match=r"^binary_cross_entropy\(\): expected y to be probabilities in \[0, 1\]"):
        evaluate(model, losses.binary_cross_entropy, (np.zeros((1, 2)), np.array([3])))
    with pytest.raises(ValueError, match=r"^predict\(\): expected batch_size to be an integer >= 1, got 0$"):
        predict(model, np.zeros((3, 2)), batch_size=0)
    with pytest.raises(ValueError, match=r"^predict\(\): expected X to be non-empty, got shape \(0, 2\)$"):
        predict(model, np.zeros((0, 2)))
    with pytest.raises(ValueError, match=r"^predict\(\): expected model to be a dlref Module"):
        predict(lambda X: X, np.zeros((3, 2)))
    with pytest.raises(ValueError, match=r"^to_labels\(\): expected outputs to be of shape \(N,\) or \(N, C\), "
                       r"got shape \(2, 2, 2\)$"):
        to_labels(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match=r"^to_labels\(\): expected threshold to be a number, got None$"):
        to_labels(np.zeros(2), threshold=None)


def test_predict_restores_the_mode_when_the_forward_pass_fails():
    model = LogisticRegression(2)
    with pytest.raises(ValueError, match=r"expected input to be of shape \(N, 2\), got shape \(3, 3\)"):
        predict(model, np.zeros((3, 3)))
    assert model.training


def test_a_label_per_step_is_scored_step_by_step():
    """Outputs (N, T, C) and labels (N, T): the rule takes the arg max along the last axis."""

    class Scores(dlref.layers.Module):
        def forward(self, X):
            return X * 1.0  # the inputs are the scores

    X = np.array([[[0.9, 0.1], [0.2, 0.8]], [[0.3, 0.7], [0.6, 0.4]]])
    y = np.array([[0, 1], [0, 0]])  # three of the four steps right
    scores = evaluate(Scores(), lambda z, y: (z * 0).sum(), (X, y), ["accuracy"])
    assert scores["accuracy"] == 0.75
    with pytest.raises(ValueError, match=r"^evaluate\(\): expected y of data to be of shape \(2, 2\), got shape \(2,\)$"):
        evaluate(Scores(), lambda z, y: (z * 0).sum(), (X, y[:, 0]), ["accuracy"])
