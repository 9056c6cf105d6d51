r"""Training: the loop of the notes, with minibatches and epochs.

Machine learning is optimisation. Given examples $(x_i, y_i)$, $i = 1 \dots N$,
learning means finding the parameters

$$\theta^\star = \arg\min_\theta \; J(\theta), \qquad
  J(\theta) = \frac{1}{N}\sum_{i=1}^{N} L\big(f_\theta(x_i),\, y_i\big),$$

and the notes name the three components that every deep-learning program
chooses:

1. **the architecture** $f_\theta$ (the `model`): how inputs become predictions $\hat y$;
2. **the loss** $L$ (`loss_fn`): a number saying how wrong $\hat y$ is;
3. **the optimisation** (`optimizer`): how $\theta$ moves to make $J$ smaller,
   here by gradient steps $\theta \leftarrow \theta - \alpha\nabla_\theta J$
   with gradients from backpropagation.

[`fit`][dlref.training.fit] runs minibatch gradient descent: each **epoch** is
one pass over the data in random minibatches $B$, with one step per batch on
$\frac{1}{|B|}\sum_{i\in B} L(\hat y_i, y_i)$ instead of the full sum: a
noisier but much cheaper estimate of $\nabla J$.

Examples:
    >>> from dlref import data, losses, manual_seed, optimizers
    >>> from dlref.models import mlp
    >>> manual_seed(0)
    >>> X, y = data.truth_table("xor")
    >>> model = mlp([2, 8, 1], activation="tanh", output_activation="sigmoid")
    >>> optimizer = optimizers.Adam(model.parameters(), lr=0.1)
    >>> history = fit(model, losses.binary_cross_entropy, optimizer, (X, y[:, None]),
    ...               epochs=100, batch_size=4, verbose=False)
    >>> to_labels(predict(model, X)).ravel()
    array([0, 1, 1, 0])
"""

from __future__ import annotations

import sys
import time

import numpy as np

from dlref import backend, checks, losses
from dlref import metrics as metrics_module
from dlref.autograd import Tensor, no_grad
from dlref.callbacks import Callback
from dlref.data import minibatches

__all__ = ["evaluate", "fit", "predict", "to_labels"]


def fit(model, loss_fn, optimizer, train_data, epochs: int, val_data=None, metrics=(),
        callbacks=(), batch_size: int = 32, shuffle: bool = True, seed: int | None = None,
        verbose: bool = True) -> dict:
    r"""Train `model` by minibatch gradient descent; return the history of the losses and metrics.

    Every step does, on one minibatch $(X_B, y_B)$:

    $$\hat y = f_\theta(X_B) \;\to\; J_B = \frac{1}{|B|}\sum_{i \in B} L(\hat y_i, y_i)
      \;\to\; \nabla_\theta J_B \text{ (backprop)} \;\to\; \theta \leftarrow
      \text{step}(\theta, \nabla_\theta J_B).$$

    **What is recorded.** `history["loss"]` is the mean training loss of the
    epoch's batches, $\frac{1}{N}\sum_B |B|\,J_B$, computed while training
    (so in training mode, with dropout on, and with $\theta$ moving during the
    epoch: it is free, but lags behind the model at the end of the epoch).
    Training metrics are computed the same way, from those batches'
    predictions. Validation loss and metrics are computed at the end of each
    epoch in evaluation mode without gradients, by
    [`evaluate`][dlref.training.evaluate].

    **Predictions for metrics.** A classifier's metrics compare labels. When
    `loss_fn` is one of the classification losses of [`dlref.losses`][dlref.losses]
    or the targets are integers, the outputs become labels by
    [`to_labels`][dlref.training.to_labels]: the arg max of $C > 1$ scores,
    or a single output thresholded at 0 for
    [`binary_cross_entropy_with_logits`][dlref.losses.binary_cross_entropy_with_logits]
    (its inputs are logits $z$) and at 0.5 otherwise (probabilities $\hat y$);
    one-hot targets become their arg max. Otherwise (regression) the metrics
    get the raw outputs.

    Args:
        model: a [`Module`][dlref.layers.Module] (the architecture $f_\theta$).
        loss_fn: `loss_fn(y_hat, y) -> Tensor`, e.g.
            [`cross_entropy`][dlref.losses.cross_entropy] (the loss $L$).
        optimizer: an optimizer over `model.parameters()`, e.g.
            [`Adam`][dlref.optimizers.Adam] (the optimisation).
        train_data: `(X, y)`, numpy arrays (or array-likes) with $N$ rows each.
            Floating `X` is converted to the default dtype.
        epochs: the number of passes over `train_data`, at least 1.
        val_data: optional `(X_val, y_val)`, evaluated after every epoch.
        metrics: names from [`dlref.metrics`][dlref.metrics] (`"accuracy"`, ...)
            or functions `f(y_true, y_pred) -> number`, recorded under their name.
        callbacks: [`Callback`][dlref.callbacks.Callback]s, told about the
            training as it goes (the protocol is in [`dlref.callbacks`][dlref.callbacks]),
            e.g. [`EarlyStopping`][dlref.regularizers.EarlyStopping] or a schedule.
        batch_size: examples per minibatch $|B|$, at least 1.
        shuffle: visit the examples in a new random order every epoch.
        seed: shuffle epoch $e$ (from 0) with seed `seed + e`; `None` draws from
            dlref's generator ([`manual_seed`][dlref.backend.manual_seed]).
        verbose: print one line per epoch (in a terminal, the current epoch's
            progress is also shown and overwritten); False prints nothing.

    Returns:
        `{"loss": [...], "<metric>": [...], "val_loss": [...], "val_<metric>": [...]}`,
        one number per epoch run (the `val_` keys only with `val_data`).

    Raises:
        ValueError: `X` and `y` of different lengths, no data, integer labels
            outside what the model's output can predict, `epochs` or
            `batch_size` below 1, an unknown metric, a callback that is not
            a `Callback`.

    Examples:
        >>> import numpy as np
        >>> from dlref import losses, manual_seed, optimizers
        >>> from dlref.models import LogisticRegression
        >>> manual_seed(0)
        >>> X = np.array([[-2.0], [-1.0], [1.0], [2.0]]); y = np.array([0, 0, 1, 1])
        >>> model = LogisticRegression(1)
        >>> optimizer = optimizers.SGD(model.parameters(), lr=0.5)
        >>> history = fit(model, losses.binary_cross_entropy, optimizer, (X, y), epochs=20,
        ...               metrics=["accuracy"], verbose=False)
        >>> sorted(history), len(history["loss"]), history["accuracy"][-1]
        (['accuracy', 'loss'], 20, 1.0)
    """
    X, y = _check_data("fit", "train_data", train_data)
    _check_at_least_one("fit", "epochs", epochs)
    _check_at_least_one("fit", "batch_size", batch_size)
    metric_fns = _resolve_metrics("fit", metrics)
    callbacks = list(callbacks)
    for i, callback in enumerate(callbacks):
        if not isinstance(callback, Callback):
            checks.fail("fit()", f"callbacks[{i}]", "a dlref.callbacks.Callback (subclass it for "
                        "your own)", f"{type(callback).__name__} {callback!r}")
    width = _output_width(model, X)
    _check_labels("fit", "train_data", y, width)
    if val_data is not None:
        X_val, y_val = _check_data("fit", "val_data", val_data)
        _check_labels("fit", "val_data", y_val, width)
    history = {"loss": [], **{name: [] for name in metric_fns}}
    if val_data is not None:
        history.update({"val_" + name: [] for name in history})
    progress = _Progress(verbose, epochs, n_batches=-(-len(y) // batch_size))

    for epoch in range(epochs):
        model.train()
        loss_sum, outputs, targets = 0.0, [], []
        batches = minibatches(X, y, batch_size, shuffle=shuffle,
                              seed=None if seed is None else seed + epoch)
        for step, (X_batch, y_batch) in enumerate(batches):
            y_hat = model(Tensor(_to_backend(X_batch)))  # 1. architecture: the forward pass
            loss = loss_fn(y_hat, _to_backend(y_batch))  # 2. loss of this minibatch
            optimizer.zero_grad()  # 3. optimisation: gradients by backprop, then a step
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(y_batch)
            if metric_fns:
                outputs.append(y_hat.numpy())
                targets.append(y_batch)
            progress.batch(epoch, step)
        logs = {"loss": loss_sum / len(y)}
        if metric_fns:
            logs.update(_scores("fit", metric_fns, loss_fn, np.concatenate(targets),
                                np.concatenate(outputs)))
        if val_data is not None:
            scores = evaluate(model, loss_fn, (X_val, y_val), metric_fns.values(), batch_size)
            logs.update({"val_" + name: value for name, value in scores.items()})
        for name, value in logs.items():
            history[name].append(value)
        progress.epoch_end(epoch, logs)
        stop = [callback.on_epoch_end(model, history) for callback in callbacks]
        if any(stop):
            break
    for callback in callbacks:
        callback.on_train_end(model, history)
    return history


def evaluate(model, loss_fn, data, metrics=(), batch_size: int = 256) -> dict:
    r"""The loss and metrics of `model` on `data`, in evaluation mode and without gradients.

    The loss is $J = \frac{1}{N}\sum_{i=1}^{N} L(\hat y_i, y_i)$ over all of
    `data` (for losses that average over the batch); labels for the metrics
    are made as in [`fit`][dlref.training.fit].

    Args:
        model: a [`Module`][dlref.layers.Module].
        loss_fn: `loss_fn(y_hat, y) -> Tensor`.
        data: `(X, y)` with $N$ rows each.
        metrics: metric names or functions, as in `fit`.
        batch_size: examples per forward pass (memory only; the result is the same).

    Returns:
        `{"loss": number, "<metric>": number, ...}`.

    Examples:
        >>> import numpy as np
        >>> from dlref import losses
        >>> from dlref.models import LogisticRegression
        >>> model = LogisticRegression(1)
        >>> model.w.data[:] = 1.0; model.b.data[...] = 0.0  # y_hat = sigma(x)
        >>> scores = evaluate(model, losses.binary_cross_entropy,
        ...                   (np.array([[3.0], [-3.0]]), np.array([1, 1])), metrics=["accuracy"])
        >>> round(scores["loss"], 4), scores["accuracy"]
        (1.5486, 0.5)
    """
    X, y = _check_data("evaluate", "data", data)
    metric_fns = _resolve_metrics("evaluate", metrics)
    outputs = predict(model, X, batch_size)
    _check_labels("evaluate", "data", y, 1 if outputs.ndim < 2 else outputs.shape[-1])
    with no_grad():
        loss = loss_fn(Tensor(backend.asarray(outputs)), _to_backend(y))
    return {"loss": loss.item(), **_scores("evaluate", metric_fns, loss_fn, y, outputs)}


def predict(model, X, batch_size: int = 256) -> np.ndarray:
    """The outputs of `model` for the rows of `X`, as a numpy array, in evaluation mode.

    Runs under [`no_grad`][dlref.autograd.no_grad] in batches of `batch_size`,
    with the model in evaluation mode (dropout off, batch norm on its running
    statistics); the model's mode is restored afterwards. The outputs are the
    model's raw outputs (scores, probabilities or values); see
    [`to_labels`][dlref.training.to_labels] for class labels.

    Args:
        model: a [`Module`][dlref.layers.Module].
        X: inputs, shape `(N, ...)`.
        batch_size: examples per forward pass.

    Examples:
        >>> import numpy as np
        >>> from dlref.models import LogisticRegression
        >>> model = LogisticRegression(2)
        >>> predict(model, np.zeros((3, 2))).round(2)  # sigma(b) with b = 0
        array([0.5, 0.5, 0.5], dtype=float32)
    """
    X = np.asarray(X)
    if X.ndim == 0 or len(X) == 0:
        raise ValueError(f"predict(): expected X with N >= 1 rows, got shape {X.shape}")
    _check_at_least_one("predict", "batch_size", batch_size)
    was_training = model.training
    model.eval()
    with no_grad():
        outputs = [model(Tensor(_to_backend(X[start:start + batch_size]))).numpy()
                   for start in range(0, len(X), batch_size)]
    if was_training:
        model.train()
    return np.concatenate(outputs)


def to_labels(outputs, threshold: float = 0.5) -> np.ndarray:
    r"""Class labels from a classifier's outputs.

    Scores for $C > 1$ classes (last axis) give $\arg\max_j \hat y_j$; a single
    output gives $1$ where it is above `threshold` and $0$ elsewhere (0.5 for
    probabilities $\hat y = \sigma(z)$; 0 for logits $z$, since
    $\sigma(z) > 0.5 \iff z > 0$).

    Args:
        outputs: shape `(N, C)`, or `(N, 1)` / `(N,)` for one output.
        threshold: the decision threshold for a single output.

    Returns:
        Integer labels, shape `(N,)`, or `(N, 1)` for `(N, 1)` outputs.

    Examples:
        >>> import numpy as np
        >>> to_labels(np.array([[0.1, 0.7, 0.2], [0.8, 0.1, 0.1]]))
        array([1, 0])
        >>> to_labels(np.array([0.3, 0.6])), to_labels(np.array([-0.2, 0.4]), threshold=0.0)
        (array([0, 1]), array([0, 1]))
    """
    outputs = np.asarray(outputs)
    if outputs.ndim >= 2 and outputs.shape[-1] > 1:
        return np.argmax(outputs, axis=-1)
    return (outputs > threshold).astype(np.int64)


# ------------------------------------------------------------------ helpers
def _to_backend(a: np.ndarray):
    """A numpy batch as a backend array; floating data in the default dtype, like the parameters."""
    floating = np.issubdtype(a.dtype, np.floating)
    return backend.asarray(a, dtype=backend.default_dtype() if floating else None)


def _check_data(who: str, arg: str, data) -> tuple[np.ndarray, np.ndarray]:
    """`data` as a pair of numpy arrays `(X, y)` with the same number N >= 1 of rows."""
    if not (isinstance(data, (tuple, list)) and len(data) == 2):
        raise ValueError(f"{who}(): expected {arg} = (X, y), got {type(data).__name__}")
    X, y = np.asarray(data[0]), np.asarray(data[1])
    if X.ndim == 0 or y.ndim == 0:
        raise ValueError(
            f"{who}(): expected {arg} = (X, y) with one row per example, "
            f"got X of shape {X.shape} and y of shape {y.shape}"
        )
    if len(X) != len(y):
        raise ValueError(
            f"{who}(): {arg} has {len(X)} examples in X but {len(y)} targets in y; "
            "they must have the same length N"
        )
    if len(X) == 0:
        raise ValueError(f"{who}(): {arg} is empty (N = 0 examples)")
    return X, y


def _check_at_least_one(who: str, arg: str, value) -> None:
    if not (isinstance(value, (int, np.integer)) and value >= 1):
        raise ValueError(f"{who}(): expected an integer {arg} >= 1, got {value!r}")


def _output_width(model, X: np.ndarray) -> int:
    """The number C of outputs per example (1 for outputs of shape (N,)), from one example."""
    width = predict(model, X[:1]).shape
    return 1 if len(width) < 2 else width[-1]


def _is_integer(y: np.ndarray) -> bool:
    return np.issubdtype(y.dtype, np.integer) or y.dtype == bool


def _check_labels(who: str, arg: str, y: np.ndarray, width: int) -> None:
    """Integer labels must be classes that C outputs can predict: 0..C-1, or 0/1 for C = 1."""
    if not _is_integer(y):
        return  # floating targets: values, probabilities or one-hot rows, not labels
    high = max(width - 1, 1)
    bad = y[(y < 0) | (y > high)]
    if bad.size:
        expected = "0 or 1 for a model with one output" if width == 1 else (
            f"in 0..{high} for a model with C = {width} outputs")
        raise ValueError(f"{who}(): labels y in {arg} must be {expected}, got label {bad[0]}")


def _resolve_metrics(who: str, metrics) -> dict:
    """`{name: function}` for metric names from dlref.metrics and metric functions."""
    if isinstance(metrics, str):
        metrics = [metrics]
    resolved = {}
    for metric in metrics:
        if callable(metric):
            resolved[getattr(metric, "__name__", type(metric).__name__)] = metric
        elif metric in metrics_module.__all__:
            resolved[metric] = getattr(metrics_module, metric)
        else:
            raise ValueError(
                f"{who}(): unknown metric {metric!r}; expected one of "
                f"{', '.join(metrics_module.__all__)}, or a function f(y_true, y_pred)"
            )
    return resolved


CLASSIFICATION_LOSSES = (losses.binary_cross_entropy, losses.binary_cross_entropy_with_logits,
                         losses.cross_entropy, losses.categorical_cross_entropy)


def _scores(who: str, metric_fns: dict, loss_fn, y: np.ndarray, outputs: np.ndarray) -> dict:
    """Each metric on the targets `y` and the model's `outputs`, as labels for a classifier."""
    if not metric_fns:
        return {}
    y_true, y_pred = y, outputs
    if loss_fn in CLASSIFICATION_LOSSES or _is_integer(y):
        one_hot = y.ndim == 2 and y.shape[1] > 1
        y_true = np.argmax(y, axis=1) if one_hot else y.astype(np.int64)
        # sigma(z) > 0.5 exactly when z > 0: logits are split at 0
        threshold = 0.0 if loss_fn is losses.binary_cross_entropy_with_logits else 0.5
        y_pred = to_labels(outputs, threshold)
    scores = {}
    for name, metric in metric_fns.items():
        value = metric(y_true.reshape(-1), y_pred.reshape(-1))
        if np.ndim(value) != 0:
            raise ValueError(
                f"{who}(): metric {name!r} returned an array of shape {np.shape(value)}, "
                "expected a single number"
            )
        scores[name] = float(value)
    return scores


class _Progress:
    """One line per epoch; in a terminal, a progress line within the epoch that is overwritten.

    Outside a terminal (a notebook, a log file, a browser that captures
    stdout), only the plain epoch lines are printed, without control characters.
    """

    def __init__(self, verbose: bool, epochs: int, n_batches: int):
        self.verbose, self.epochs, self.n_batches = verbose, epochs, n_batches
        self.live = verbose and sys.stdout.isatty()
        self.start = self.last_shown = time.perf_counter()
        self.shown = 0  # length of the progress line on screen, to blank it out

    def _prefix(self, epoch: int) -> str:
        return f"epoch {epoch + 1:>{len(str(self.epochs))}}/{self.epochs}"

    def batch(self, epoch: int, step: int) -> None:
        now = time.perf_counter()
        if not self.live or (step > 0 and now - self.last_shown < 0.1):
            return  # at most 10 updates a second: printing is slow
        self.last_shown = now
        line = f"{self._prefix(epoch)}  batch {step + 1}/{self.n_batches}"
        print("\r" + line.ljust(self.shown), end="", flush=True)
        self.shown = len(line)

    def epoch_end(self, epoch: int, logs: dict) -> None:
        if not self.verbose:
            return
        now = time.perf_counter()
        values = "  ".join(f"{name} {value:.4f}" for name, value in logs.items())
        line = f"{self._prefix(epoch)}  {values}  ({now - self.start:.2f} s)"
        print(("\r" + line.ljust(self.shown)) if self.live else line, flush=True)
        self.start, self.shown = now, 0
