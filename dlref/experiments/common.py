r"""What the experiments share: the digits split, a trained MLP, its accuracy, a default dtype for a block.

Examples:
    >>> import numpy as np
    >>> (X_train, y_train), (X_test, y_test) = digits_split(100, np.random.default_rng(0))
    >>> X_train.shape, X_test.shape
    ((100, 64), (1697, 64))
"""

from __future__ import annotations

import contextlib

import numpy as np

from dlref import backend, data, losses, metrics, models, optimizers, training
from dlref.autograd import Tensor
from dlref.backend import xp

__all__ = ["using_dtype", "digits_split", "train_mlp", "clipped_epoch", "accuracy_of"]


@contextlib.contextmanager
def using_dtype(dtype: str):
    """Run a block with `dtype` as dlref's default floating dtype, then restore the caller's.

    Training runs in float32 for speed; an experiment about the engine's
    exactness runs in float64. The caller's setting comes back either way.

    Examples:
        >>> with using_dtype("float64"):
        ...     backend.default_dtype()
        dtype('float64')
        >>> backend.default_dtype()
        dtype('float32')
    """
    saved = "float64" if backend.default_dtype() == xp.float64 else "float32"
    backend.set_default_dtype(dtype)
    try:
        yield
    finally:
        backend.set_default_dtype(saved)


def digits_split(n_train: int, rng: np.random.Generator) -> tuple:
    """The digits split at random, `n_train` for training: `(X_train, y_train), (X_test, y_test)`."""
    X, y = data.load_digits()
    order = rng.permutation(len(y))
    train, test = order[:n_train], order[n_train:]
    return (X[train], y[train]), (X[test], y[test])


def train_mlp(train, hidden: int, optimizer, batch_size: int, epochs: int, seed: int,
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


def clipped_epoch(model, optimizer, X: np.ndarray, y: np.ndarray, batch_size: int, seed: int) -> float:
    """One epoch of minibatch training with cross-entropy, the gradient clipped to norm 1; the mean loss."""
    total = 0.0
    for X_batch, y_batch in data.minibatches(X, y, batch_size, seed=seed):
        loss = losses.cross_entropy(model(Tensor(X_batch)), Tensor(y_batch))
        optimizer.zero_grad()
        loss.backward()
        optimizers.clip_grad_norm_(model.parameters(), max_norm=1.0)
        optimizer.step()
        total += loss.item() * len(y_batch)
    return total / len(y)


def accuracy_of(model, X: np.ndarray, y: np.ndarray) -> float:
    """The accuracy of a classifier that outputs one score per class."""
    return metrics.accuracy(y, training.to_labels(training.predict(model, X)))
