r"""Training: the loop of the notes, with minibatches and epochs.

Machine learning is optimisation. Given examples $(x_i, y_i)$, $i = 1 \dots N$,
learning means finding the parameters

$$\theta^\star = \arg\min_\theta \; \mathcal{L}(\theta), \qquad
  \mathcal{L}(\theta) = \frac{1}{N}\sum_{i=1}^{N} \ell\big(f_\theta(x_i),\, y_i\big),$$

and the notes name the three components that every deep-learning program
chooses:

1. **the architecture** $f_\theta$ (the `model`): how inputs become predictions $\hat y$;
2. **the loss** $\ell$ (`loss_fn`): a number saying how wrong $\hat y$ is;
3. **the optimisation** (`optimizer`): how $\theta$ moves to make $\mathcal{L}$ smaller,
   here by gradient steps $\theta \leftarrow \theta - \alpha\nabla_\theta \mathcal{L}$
   with gradients from backpropagation.

[`fit`][dlref.training.fit] runs minibatch gradient descent: each **epoch** is
one pass over the data in random minibatches $B$, with one step per batch on
$\frac{1}{|B|}\sum_{i\in B} \ell(\hat y_i, y_i)$ instead of the full mean: a
noisier but much cheaper estimate of $\nabla_\theta \mathcal{L}$.

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

**How outputs become labels.** A loss compares the model's outputs with the
targets; a classification metric (accuracy, precision, ...) compares class
labels. `fit` and `evaluate` do not guess which kind of model they train:
they follow one rule, written in [`fit`][dlref.training.fit], and say so
when it needs a `threshold` that was not given.
"""

from __future__ import annotations

import math
import sys
import time

import numpy as np

from dlref import backend, checks
from dlref import metrics as metrics_module
from dlref.autograd import Tensor, no_grad
from dlref.backend import xp
from dlref.callbacks import Callback
from dlref.data import minibatches
from dlref.layers import Module
from dlref.optimizers import Optimizer

__all__ = ["evaluate", "fit", "predict", "to_labels"]


def fit(model, loss_fn, optimizer, train_data, epochs: int, val_data=None, metrics=(),
        callbacks=(), batch_size: int = 32, shuffle: bool = True, seed: int | None = None,
        verbose: bool = True, threshold: float | None = None) -> dict:
    r"""Train `model` by minibatch gradient descent; return the history of the losses and metrics.

    Every step does, on one minibatch $(X_B, y_B)$:

    $$\hat y = f_\theta(X_B) \;\to\; \mathcal{L}_B = \frac{1}{|B|}\sum_{i \in B} \ell(\hat y_i, y_i)
      \;\to\; \nabla_\theta \mathcal{L}_B \text{ (backprop)} \;\to\; \theta \leftarrow
      \text{step}(\theta, \nabla_\theta \mathcal{L}_B).$$

    **What is recorded.** `history["loss"]` is the mean training loss of the
    epoch's batches, $\frac{1}{N}\sum_B |B|\,\mathcal{L}_B$, computed while training
    (so in training mode, with dropout on, and with $\theta$ moving during the
    epoch: it is free, but lags behind the model at the end of the epoch).
    Training metrics are computed the same way, from those batches'
    predictions. Validation loss and metrics are computed at the end of each
    epoch in evaluation mode without gradients, by
    [`evaluate`][dlref.training.evaluate].

    **Labels for the metrics.** The metrics of [`dlref.metrics`][dlref.metrics]
    that compare class labels (`accuracy`, `precision`, `recall`, `f1_score`)
    get labels; those that compare values (`mean_squared_error`, ...) and
    your own functions get the targets and the outputs as they are. Labels
    are made by one rule, from shapes only:

    - the outputs: $C > 1$ scores per example (the last axis) by their arg
      max; a single output per example, $(N,)$ or $(N, 1)$, is 1 where it is
      above `threshold` and 0 elsewhere ([`to_labels`][dlref.training.to_labels]);
    - the targets $y$: class labels, one per output label ($(N,)$, or
      $(N, T)$ for a label per step), as they are; one-hot rows of the
      outputs' shape ([`one_hot`][dlref.data.one_hot]) by their arg max.
      Only you know whether that output is a probability $\hat y = \sigma(z)$
      (`threshold=0.5`) or a logit $z$ (`threshold=0.0`, since
      $\sigma(z) > 0.5 \iff z > 0$), so such a model needs `threshold`, and
      without it the metric is refused with a message saying so.

    **Nothing half-done.** Everything is checked before the first step
    (nothing runs the model before training starts). If training fails
    after that (a label the model cannot predict in a later batch, a loss
    that diverges), the model, the optimizer and the callbacks are put back
    as they were before `fit`, and the error says where it happened. A loss
    that becomes NaN or infinite stops training with the epoch, the step and
    a smaller learning rate to try.

    Args:
        model: a [`Module`][dlref.layers.Module] (the architecture $f_\theta$).
        loss_fn: `loss_fn(y_hat, y) -> Tensor`, e.g.
            [`cross_entropy`][dlref.losses.cross_entropy] (the loss $\ell$).
        optimizer: a dlref [`Optimizer`][dlref.optimizers.Optimizer] over
            this model's parameters, e.g. [`Adam`][dlref.optimizers.Adam]
            (the optimisation). One made for another model (a cell rerun
            for the model but not for the optimizer) is refused.
        train_data: `(X, y)`, numpy arrays (or array-likes) of finite numbers
            with $N \ge 1$ rows each. Floating `X` is converted to the default dtype.
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
        threshold: for a model with one output and a label metric: 0.5 if
            the output is a probability, 0.0 if it is a logit.

    Returns:
        `{"loss": [...], "<metric>": [...], "val_loss": [...], "val_<metric>": [...]}`,
        one number per epoch run (the `val_` keys only with `val_data`).

    Raises:
        ValueError: a bad argument (named), data with NaN or inf, `X` and
            `y` of different lengths, no data, an optimizer over other
            parameters, a label metric without the `threshold` it needs, or
            a diverging loss.

    Examples:
        >>> import numpy as np
        >>> from dlref import losses, manual_seed, optimizers
        >>> from dlref.models import LogisticRegression
        >>> manual_seed(0)
        >>> X = np.array([[-2.0], [-1.0], [1.0], [2.0]]); y = np.array([0, 0, 1, 1])
        >>> model = LogisticRegression(1)                  # outputs probabilities
        >>> optimizer = optimizers.SGD(model.parameters(), lr=0.5)
        >>> history = fit(model, losses.binary_cross_entropy, optimizer, (X, y), epochs=20,
        ...               metrics=["accuracy"], threshold=0.5, verbose=False)
        >>> sorted(history), len(history["loss"]), history["accuracy"][-1]
        (['accuracy', 'loss'], 20, 1.0)
    """
    who = "fit()"
    _check_model(who, model)
    _check_loss(who, loss_fn)
    if not isinstance(optimizer, Optimizer):
        checks.fail(who, "optimizer", "a dlref Optimizer such as optimizers.SGD(model.parameters())",
                    checks.shown(optimizer))
    own = {id(p) for p in model.parameters()}
    if not all(id(p) in own for p in optimizer.params):
        checks.fail(who, "optimizer", "an optimizer over this model's parameters, "
                    "optimizers.SGD(model.parameters(), ...)", "one over other tensors (another "
                    "model's? after remaking the model, remake its optimizer too)")
    X, y = _check_data(who, "train_data", train_data)
    epochs = checks.integer(who, "epochs", epochs, low=1)
    batch_size = checks.integer(who, "batch_size", batch_size, low=1)
    shuffle = checks.boolean(who, "shuffle", shuffle)
    verbose = checks.boolean(who, "verbose", verbose)
    if seed is not None:
        seed = checks.integer(who, "seed", seed, low=0)
    metric_fns = _resolve_metrics(who, metrics)
    threshold = _check_threshold(who, threshold)
    if isinstance(callbacks, Callback):
        callbacks = [callbacks]
    if isinstance(callbacks, (str, dict)) or not hasattr(callbacks, "__iter__"):
        checks.fail(who, "callbacks", "a list of dlref.callbacks.Callback", checks.shown(callbacks))
    callbacks = list(callbacks)
    for i, callback in enumerate(callbacks):
        if not isinstance(callback, Callback):
            checks.fail(who, f"callbacks[{i}]", "a dlref.callbacks.Callback (subclass it for "
                        "your own)", checks.shown(callback))
    if val_data is not None:
        X_val, y_val = _check_data(who, "val_data", val_data)
    history = {"loss": [], **{name: [] for name in metric_fns}}
    if val_data is not None:
        history.update({"val_" + name: [] for name in history})
    progress = _Progress(verbose, epochs, n_batches=-(-len(y) // batch_size))

    saved = _snapshot(model, optimizer, callbacks)
    try:
        for epoch in range(epochs):
            model.train()
            loss_sum, outputs, targets = 0.0, [], []
            batches = minibatches(X, y, batch_size, shuffle=shuffle,
                                  seed=None if seed is None else seed + epoch)
            for step, (X_batch, y_batch) in enumerate(batches):
                y_hat = model(Tensor(_to_backend(X_batch)))  # 1. architecture: the forward pass
                if not bool(xp.all(xp.isfinite(y_hat.data))):  # the data are finite: theta blew up
                    _diverged(optimizer, epoch, step, "the model's outputs")
                loss = loss_fn(y_hat, _to_backend(y_batch))  # 2. loss of this minibatch
                value = loss.item()
                if not math.isfinite(value):
                    _diverged(optimizer, epoch, step, "the loss")
                optimizer.zero_grad()  # 3. optimisation: gradients by backprop, then a step
                loss.backward()
                optimizer.step()
                loss_sum += value * len(y_batch)
                if metric_fns:
                    outputs.append(y_hat.numpy())
                    targets.append(y_batch)
                progress.batch(epoch, step)
            logs = {"loss": loss_sum / len(y)}
            if metric_fns:
                logs.update(_scores(who, "train_data", metric_fns, np.concatenate(targets),
                                    np.concatenate(outputs), threshold))
            if val_data is not None:
                scores = _evaluate(who, model, loss_fn, X_val, y_val, metric_fns, batch_size,
                                   threshold)
                logs.update({"val_" + name: value for name, value in scores.items()})
            for name, value in logs.items():
                history[name].append(value)
            progress.epoch_end(epoch, logs)
            stop = [callback.on_epoch_end(model, history) for callback in callbacks]
            if any(stop):
                break
        for callback in callbacks:
            callback.on_train_end(model, history)
    except Exception:
        _restore(saved)
        raise
    return history


def evaluate(model, loss_fn, data, metrics=(), batch_size: int = 256,
             threshold: float | None = None) -> dict:
    r"""The loss and metrics of `model` on `data`, in evaluation mode and without gradients.

    The loss is $\mathcal{L} = \frac{1}{N}\sum_{i=1}^{N} \ell(\hat y_i, y_i)$ over all of
    `data` (for losses that average over the batch); labels for the metrics
    are made by the rule of [`fit`][dlref.training.fit] (a model with one
    output needs `threshold` for a label metric).

    Args:
        model: a [`Module`][dlref.layers.Module].
        loss_fn: `loss_fn(y_hat, y) -> Tensor`.
        data: `(X, y)` with $N$ rows each.
        metrics: metric names or functions, as in `fit`.
        batch_size: examples per forward pass (memory only; the result is the same).
        threshold: as in `fit`: 0.5 for probabilities, 0.0 for logits.

    Returns:
        `{"loss": number, "<metric>": number, ...}`.

    Examples:
        >>> import numpy as np
        >>> from dlref import losses
        >>> from dlref.models import LogisticRegression
        >>> model = LogisticRegression(1)
        >>> model.w.data[:] = 1.0; model.b.data[...] = 0.0  # y_hat = sigma(x)
        >>> scores = evaluate(model, losses.binary_cross_entropy,
        ...                   (np.array([[3.0], [-3.0]]), np.array([1, 1])), metrics=["accuracy"],
        ...                   threshold=0.5)
        >>> round(scores["loss"], 4), scores["accuracy"]
        (1.5486, 0.5)
    """
    who = "evaluate()"
    _check_model(who, model)
    _check_loss(who, loss_fn)
    X, y = _check_data(who, "data", data)
    metric_fns = _resolve_metrics(who, metrics)
    batch_size = checks.integer(who, "batch_size", batch_size, low=1)
    return _evaluate(who, model, loss_fn, X, y, metric_fns, batch_size,
                     _check_threshold(who, threshold))


def predict(model, X, batch_size: int = 256) -> np.ndarray:
    """The outputs of `model` for the rows of `X`, as a numpy array, in evaluation mode.

    Runs under [`no_grad`][dlref.autograd.no_grad] in batches of `batch_size`,
    with the model in evaluation mode (dropout off, batch norm on its running
    statistics); the model's mode is restored afterwards, even when the
    forward pass fails. The outputs are the model's raw outputs (scores,
    probabilities or values); see [`to_labels`][dlref.training.to_labels]
    for class labels.

    Args:
        model: a [`Module`][dlref.layers.Module].
        X: inputs of finite numbers, shape `(N, ...)`, $N \\ge 1$.
        batch_size: examples per forward pass.

    Examples:
        >>> import numpy as np
        >>> from dlref.models import LogisticRegression
        >>> model = LogisticRegression(2)
        >>> predict(model, np.zeros((3, 2))).round(2)  # sigma(b) with b = 0
        array([0.5, 0.5, 0.5], dtype=float32)
    """
    who = "predict()"
    _check_model(who, model)
    X = checks.array(who, "X", X)
    batch_size = checks.integer(who, "batch_size", batch_size, low=1)
    return _predict(model, X, batch_size)


def to_labels(outputs, threshold: float = 0.5) -> np.ndarray:
    r"""Class labels from a classifier's outputs.

    Scores for $C > 1$ classes (last axis) give $\arg\max_j \hat y_j$; a single
    output gives $1$ where it is above `threshold` and $0$ elsewhere (0.5 for
    probabilities $\hat y = \sigma(z)$; 0 for logits $z$, since
    $\sigma(z) > 0.5 \iff z > 0$).

    Args:
        outputs: finite numbers of shape `(N, C)`, or `(N, 1)` / `(N,)` for one output.
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
    outputs = checks.array("to_labels()", "outputs", outputs, shape=[("N",), ("N", "C")])
    threshold = checks.number("to_labels()", "threshold", threshold)
    if outputs.ndim == 2 and outputs.shape[-1] > 1:
        return np.argmax(outputs, axis=-1)
    return (outputs > threshold).astype(np.int64)


# ------------------------------------------------------------------ helpers
def _to_backend(a: np.ndarray):
    """A numpy batch as a backend array; floating data in the default dtype, like the parameters."""
    floating = np.issubdtype(a.dtype, np.floating)
    return backend.asarray(a, dtype=backend.default_dtype() if floating else None)


def _check_model(who: str, model) -> None:
    if not isinstance(model, Module):
        checks.fail(who, "model", "a dlref Module such as models.mlp([2, 8, 1])", checks.shown(model))


def _check_loss(who: str, loss_fn) -> None:
    checks.function(who, "loss_fn", loss_fn, "a function loss_fn(y_hat, y) such as losses.cross_entropy")


def _check_data(who: str, arg: str, data) -> tuple[np.ndarray, np.ndarray]:
    """`data` as a pair of numpy arrays `(X, y)` of finite numbers with the same number N >= 1 of rows."""
    if not (isinstance(data, (tuple, list)) and len(data) == 2):
        checks.fail(who, arg, "a pair (X, y)", checks.shown(data))
    X = checks.array(who, f"X of {arg}", data[0], empty=True)
    y = checks.array(who, f"y of {arg}", data[1], dtype="numbers", empty=True)
    if len(X) != len(y):
        checks.fail(who, arg, "(X, y) with one target per example (the same length N)",
                    f"{len(X)} examples in X and {len(y)} targets in y")
    if len(X) == 0:
        checks.fail(who, arg, "at least one example", "N = 0")
    return X, y


def _check_threshold(who: str, threshold) -> float | None:
    return None if threshold is None else checks.number(who, "threshold", threshold)


def _diverged(optimizer, epoch: int, step: int, what: str) -> None:
    """Stop a diverging training, saying where and what to try."""
    if epoch == 0 and step == 0:  # before any step: the parameters were not finite to begin with
        checks.fail("fit()", "model", "finite parameters", f"{what} not finite before any step "
                    "(NaN or inf in the parameters?); the model was not changed")
    checks.fail("fit()", "optimizer.lr", "small enough for the loss to stay finite",
                f"lr={optimizer.lr:g}: {what} became NaN or inf at epoch {epoch + 1}, step "
                f"{step + 1}, the loss diverged; the model and the optimizer are as before "
                "fit(): try a smaller learning rate")


def _snapshot(model, optimizer, callbacks) -> tuple:
    """What fit changes, copied: the model's state, gradients and mode, the optimizer's, the callbacks'."""
    params = model.parameters()
    optimizer_state = {p: {k: xp.asarray(v, copy=True) if hasattr(v, "shape") else v
                           for k, v in state.items()} for p, state in optimizer.state.items()}
    return (model, model.state_dict(), [(p, p.grad) for p in params], model.training,
            optimizer, optimizer.lr, optimizer_state, [(c, dict(vars(c))) for c in callbacks])


def _restore(saved: tuple) -> None:
    """Put back what `_snapshot` copied."""
    model, state, grads, training, optimizer, lr, optimizer_state, callbacks = saved
    model.load_state_dict(state)
    for p, grad in grads:
        p.grad = grad
    model.train(training)
    optimizer.lr, optimizer.state = lr, optimizer_state
    for callback, attributes in callbacks:
        vars(callback).clear()
        vars(callback).update(attributes)


def _predict(model, X: np.ndarray, batch_size: int) -> np.ndarray:
    was_training = model.training
    model.eval()
    try:
        with no_grad():
            outputs = [model(Tensor(_to_backend(X[start:start + batch_size]))).numpy()
                       for start in range(0, len(X), batch_size)]
    finally:
        model.train(was_training)
    return np.concatenate(outputs)


def _evaluate(who, model, loss_fn, X, y, metric_fns: dict, batch_size: int, threshold) -> dict:
    outputs = _predict(model, X, batch_size)
    with no_grad():
        loss = loss_fn(Tensor(backend.asarray(outputs)), _to_backend(y))
    arg = "data" if who == "evaluate()" else "val_data"
    return {"loss": loss.item(), **_scores(who, arg, metric_fns, y, outputs, threshold)}


def _resolve_metrics(who: str, metrics) -> dict:
    """`{name: function}` for metric names from dlref.metrics and metric functions."""
    if isinstance(metrics, str):
        metrics = [metrics]
    if not isinstance(metrics, (list, tuple)):
        checks.fail(who, "metrics", "a list of metric names or functions", checks.shown(metrics))
    resolved = {}
    for i, metric in enumerate(metrics):
        if callable(metric):
            resolved[getattr(metric, "__name__", type(metric).__name__)] = metric
        elif isinstance(metric, str) and metric in metrics_module.__all__:
            resolved[metric] = getattr(metrics_module, metric)
        else:
            checks.fail(who, f"metrics[{i}]", "one of " + ", ".join(metrics_module.__all__)
                        + ", or a function f(y_true, y_pred)", repr(metric))
    return resolved


LABEL_METRICS = (metrics_module.accuracy, metrics_module.precision, metrics_module.recall,
                 metrics_module.f1_score, metrics_module.confusion_matrix)
"""The metrics that compare class labels: fit and evaluate give them labels (the rule is in `fit`)."""


def _labels(who: str, arg: str, y: np.ndarray, outputs: np.ndarray, threshold, metric: str) -> tuple:
    """The rule of `fit`: labels of the targets and of the outputs, from their shapes, flattened."""
    name = f"y of {arg}"
    if outputs.ndim >= 2 and outputs.shape[-1] > 1:  # C > 1 scores per example (or per step)
        y_pred = np.argmax(outputs, axis=-1)
        if y.shape == outputs.shape:  # one-hot rows
            if not np.all((y.sum(axis=-1) == 1) & np.all((y == 0) | (y == 1), axis=-1)):
                checks.fail(who, name, f"class labels or one-hot rows for the metric {metric!r}",
                            "rows that are not one-hot")
            return np.argmax(y, axis=-1).reshape(-1), y_pred.reshape(-1)
    elif threshold is None:
        checks.fail(who, "threshold", f"a number for the metric {metric!r} of a model with one "
                    "output: 0.5 if it outputs probabilities, 0.0 if it outputs logits z", "None")
    else:
        y_pred = (outputs > threshold).astype(np.int64)
    shapes = [y_pred.shape] + ([(len(y_pred),)] if y_pred.shape[1:] == (1,) else [])
    return checks.labels(who, name, y, shape=shapes).reshape(-1), y_pred.reshape(-1)


def _scores(who: str, arg: str, metric_fns: dict, y: np.ndarray, outputs: np.ndarray,
            threshold) -> dict:
    """Each metric on the targets `y` and the model's `outputs`: labels for the label metrics."""
    scores = {}
    for name, metric in metric_fns.items():
        if metric in LABEL_METRICS:
            value = metric(*_labels(who, arg, y, outputs, threshold, name))
        else:
            value = metric(y.reshape(-1), outputs.reshape(-1))
        if np.ndim(value) != 0 or not isinstance(np.asarray(value).item(), (int, float)):
            checks.fail(who, f"metrics ({name!r})", "a function returning a single number",
                        f"a result of shape {np.shape(value)}")
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
