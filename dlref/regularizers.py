r"""Regularizers: ways to make a network generalize beyond the data it was trained on.

A network big enough can fit anything, random labels included; a
regularizer trades a little training loss for a model that does better on
new data. This module holds the ones that are not layers:

- **L1 and L2 penalties** ([`l1_penalty`][dlref.regularizers.l1_penalty],
  [`l2_penalty`][dlref.regularizers.l2_penalty]): a term added to the loss
  that grows with the size of the weights. L2 keeps all weights small; L1
  pushes many of them to exactly 0.
- **Early stopping** ([`EarlyStopping`][dlref.regularizers.EarlyStopping]):
  stop when the validation loss stops improving, and keep the best weights.
- **Data augmentation** ([`add_noise`][dlref.regularizers.add_noise],
  [`random_flip`][dlref.regularizers.random_flip],
  [`random_shift`][dlref.regularizers.random_shift]): more training examples
  from the ones we have, by changes that should not change the label.

Two more regularizers are layers, because they act inside the forward pass:
[`Dropout`][dlref.layers.Dropout] (zero random units during training) and
[`BatchNorm1d`][dlref.layers.BatchNorm1d] (normalize each feature over the
minibatch). Weight decay, the optimizer's version of the L2 penalty, is the
`weight_decay` argument of every optimizer in [`dlref.optimizers`][dlref.optimizers].

Examples:
    >>> import numpy as np
    >>> from dlref import tensor
    >>> w = tensor([3.0, -4.0], requires_grad=True)
    >>> round(l1_penalty([w], 0.1).item(), 4), round(l2_penalty([w], 0.1).item(), 4)
    (0.7, 2.5)
    >>> random_flip(np.arange(6.0).reshape(1, 2, 3), p=1.0)[0]
    array([[2., 1., 0.],
           [5., 4., 3.]])
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from dlref import checks
from dlref.autograd import Tensor
from dlref.backend import generator
from dlref.callbacks import Callback

__all__ = [
    "l1_penalty",
    "l2_penalty",
    "EarlyStopping",
    "add_noise",
    "random_flip",
    "random_shift",
]


# --------------------------------------------------------------- penalties
def _check_penalty(caller: str, params, lam: float) -> tuple:
    params = checks.tensors(f"{caller}()", "params", params)
    for i, p in enumerate(params):
        checks.floating_tensor(f"{caller}()", f"params[{i}]", p)
    return params, checks.number(f"{caller}()", "lam (the strength λ)", lam, low=0)


def l1_penalty(params, lam: float) -> Tensor:
    r"""The L1 penalty $\lambda \sum_i |w_i|$ over every element of `params`, to add to the loss.

    Its gradient $\lambda \operatorname{sign}(w_i)$ has the same size for
    small and large weights, so it drives small weights all the way to 0: L1
    gives sparse models (feature selection).

    Args:
        params: tensors, e.g. `model.parameters()` (often only the weights,
            not the biases).
        lam: the strength $\lambda \ge 0$.

    Returns:
        A one-element Tensor; `(loss + l1_penalty(...)).backward()` adds
        $\lambda \operatorname{sign}(w)$ to each gradient.

    Examples:
        >>> from dlref import tensor
        >>> w = tensor([1.0, -2.0], requires_grad=True)
        >>> penalty = l1_penalty([w], 0.5); penalty.backward()
        >>> penalty.item(), w.grad
        (1.5, array([ 0.5, -0.5], dtype=float32))
    """
    params, lam = _check_penalty("l1_penalty", params, lam)
    return lam * sum(p.abs().sum() for p in params)


def l2_penalty(params, lam: float) -> Tensor:
    r"""The L2 penalty $\lambda \sum_i w_i^2$ over every element of `params`, to add to the loss.

    Its gradient is $2\lambda w_i$: every weight is pulled towards 0 in
    proportion to its size, so all weights stay small but few become exactly 0.

    **Relation to weight decay.** An optimizer's `weight_decay` $\lambda'$
    adds $\lambda' w$ to the gradient, which is the gradient of
    $\frac{\lambda'}{2}\sum_i w_i^2$. So `weight_decay=wd` gives the same
    updates as adding `l2_penalty(params, wd / 2)` to the loss (for SGD,
    RMSprop, Adam, Adagrad and Adadelta; [`AdamW`][dlref.optimizers.AdamW]'s
    decoupled decay is not a penalty on the loss). With plain SGD, both shrink
    each weight by the factor $1 - \alpha\lambda'$ per step, hence "decay".

    Args:
        params: tensors, e.g. `model.parameters()` (often only the weights,
            not the biases).
        lam: the strength $\lambda \ge 0$.

    Returns:
        A one-element Tensor; `(loss + l2_penalty(...)).backward()` adds
        $2\lambda w$ to each gradient.

    Examples:
        >>> from dlref import tensor
        >>> w = tensor([1.0, -2.0], requires_grad=True)
        >>> penalty = l2_penalty([w], 0.5); penalty.backward()
        >>> penalty.item(), w.grad
        (2.5, array([ 1., -2.], dtype=float32))
    """
    params, lam = _check_penalty("l2_penalty", params, lam)
    return lam * sum((p * p).sum() for p in params)


# ----------------------------------------------------------- early stopping
class EarlyStopping(Callback):
    r"""Stop training when a monitored value stops improving, and restore the best weights.

    The training loss keeps falling while the validation loss, after a while,
    rises again: the model has started to fit the noise of the training set.
    Early stopping watches the validation loss and ends training there, which
    limits how far the weights can travel from their small initial values (a
    regularizer like an L2 penalty, chosen by the data).

    A callback for [`fit`][dlref.training.fit]: after each epoch,
    `on_epoch_end(model, history)` reads the last value of
    `history[monitor]`. A value improves when it is below
    $\text{best} - \text{min\_delta}$ (mode `"min"`) or above
    $\text{best} + \text{min\_delta}$ (mode `"max"`). Training stops after
    `patience` epochs in a row without improvement (after the first one when
    `patience` is 0), as in Keras; PyTorch's
    [`ReduceLROnPlateau`][dlref.schedules.ReduceLROnPlateau] counts one more
    (it acts after *more than* `patience`). Epochs are counted from 0, as the
    positions in the history lists; a history of one epoch starts a new run,
    so the callback can be reused.

    Args:
        monitor: the history key to watch, e.g. `"val_loss"` or `"val_accuracy"`.
        patience: the number of epochs in a row without improvement that
            stops training, an integer >= 0 (0 acts as 1).
        min_delta: the smallest change that counts as an improvement, >= 0.
        mode: `"min"` (a loss) or `"max"` (e.g. an accuracy).
        restore_best: at the end of training, load the weights of the best
            epoch back into the model (via `state_dict()`/`load_state_dict()`).

    Attributes:
        best: the best value so far.
        best_epoch: the epoch it was reached (None before the first epoch).
        stopped_epoch: the epoch after which training stopped (None if it did not).
        wait: epochs since the best one.

    Examples:
        >>> stopper = EarlyStopping(monitor="val_loss", patience=1, restore_best=False)
        >>> history = {"val_loss": []}
        >>> for value in [0.9, 0.5, 0.6, 0.55, 0.4]:
        ...     history["val_loss"].append(value)
        ...     if stopper.on_epoch_end(None, history):
        ...         break
        >>> stopper.best, stopper.best_epoch, stopper.stopped_epoch
        (0.5, 1, 2)
    """

    def __init__(self, monitor: str = "val_loss", patience: int = 0, min_delta: float = 0.0,
                 mode: str = "min", restore_best: bool = True):
        if not isinstance(monitor, str):
            checks.fail("EarlyStopping", "monitor", "a key of fit's history such as 'val_loss'",
                        checks.shown(monitor))
        self.monitor = monitor
        self.patience = checks.integer("EarlyStopping", "patience (epochs)", patience, low=0)
        self.min_delta = checks.number("EarlyStopping", "min_delta", min_delta, low=0)
        self.mode = checks.one_of("EarlyStopping", "mode", mode, ("min", "max"))
        self.restore_best = checks.boolean("EarlyStopping", "restore_best", restore_best)
        self._start()

    def _start(self) -> None:
        self.best = math.inf if self.mode == "min" else -math.inf
        self.best_epoch = self.stopped_epoch = None
        self.wait = 0
        self._best_state = None

    def _improves(self, value: float) -> bool:
        if self.mode == "min":
            return value < self.best - self.min_delta
        return value > self.best + self.min_delta

    def on_epoch_end(self, model, history: dict) -> bool:
        """Record the epoch's value; True when training should stop.

        Examples:
            >>> EarlyStopping("loss", restore_best=False).on_epoch_end(None, {"loss": [1.0]})
            False
        """
        if not (isinstance(history, dict) and history.get(self.monitor)):
            hint = "; pass val_data to fit() to get validation values" if self.monitor.startswith("val_") else ""
            checks.fail("EarlyStopping", f"monitor {self.monitor!r}", "a key of the history, one of "
                        f"{sorted(history) if isinstance(history, dict) else []}", f"a history without it{hint}")
        values = history[self.monitor]
        epoch, value = len(values) - 1, checks.number("EarlyStopping", f"history[{self.monitor!r}][-1]",
                                                      values[-1])
        if epoch == 0:
            self._start()
        if self._improves(value):
            self.best, self.best_epoch, self.wait = value, epoch, 0
            if self.restore_best:
                self._best_state = model.state_dict()
            return False
        self.wait += 1
        if self.wait >= max(self.patience, 1):
            self.stopped_epoch = epoch
            return True
        return False

    def on_train_end(self, model, history: dict) -> None:
        """Load the best epoch's weights back into `model` (when `restore_best`).

        Examples:
            >>> EarlyStopping(restore_best=False).on_train_end(None, {}) is None
            True
        """
        if self.restore_best and self._best_state is not None:
            model.load_state_dict(self._best_state)


# ------------------------------------------------------- data augmentation
def _check_images(caller: str, X: ArrayLike) -> np.ndarray:
    return checks.array(f"{caller}()", "X", X, dtype="numbers", shape=[("N", "H", "W"), ("N", "C", "H", "W")],
                        hint=lambda X: "reshape flat images to (N, H, W) first?" if X.ndim == 2 else "")


def add_noise(X: ArrayLike, std: float, seed: int | None = None) -> np.ndarray:
    r"""Add Gaussian noise to every element: $\tilde x = x + \varepsilon$.

    Each $\varepsilon \sim \mathcal N(0, \sigma^2)$ is drawn independently.
    Training on slightly noisy copies teaches the model that small
    perturbations of the input do not change the label.

    Args:
        X: a numpy array of any shape, e.g. images $(N, C, H, W)$.
        std: the noise's standard deviation $\sigma \ge 0$.
        seed: integer seed, or None for dlref's generator.

    Returns:
        A new array of the same shape (and floating dtype; integer input
        gives float64).

    Examples:
        >>> X = np.zeros((2, 3, 3))
        >>> add_noise(X, std=0.1, seed=0).round(2)[0]
        array([[ 0.01, -0.01,  0.06],
               [ 0.01, -0.05,  0.04],
               [ 0.13,  0.09, -0.07]])
    """
    X = checks.array("add_noise()", "X", X)
    std = checks.number("add_noise()", "std (a standard deviation)", std, low=0)
    dtype = X.dtype if np.issubdtype(X.dtype, np.floating) else np.float64
    noise = generator(seed, "add_noise()").standard_normal(X.shape)
    return (X + std * noise).astype(dtype, copy=False)


def random_flip(X: ArrayLike, axis: int = -1, p: float = 0.5,
                seed: int | None = None) -> np.ndarray:
    """Mirror each image, with probability `p`, left-right (`axis=-1`) or up-down (`axis=-2`).

    A cat seen in a mirror is still a cat: flipping doubles the variety of
    the training images for free (but not for digits, whose mirror image may
    be another digit or none).

    Args:
        X: images of shape $(N, H, W)$ or $(N, C, H, W)$.
        axis: -1 (the width $W$: left-right) or -2 (the height $H$: up-down).
        p: the probability that an image is flipped, in $[0, 1]$.
        seed: integer seed, or None for dlref's generator. The same seed
            flips the same images, so applying it twice gives `X` back.

    Returns:
        A new array of the same shape and dtype.

    Examples:
        >>> X = np.arange(8).reshape(2, 1, 4)
        >>> random_flip(X, p=0.5, seed=0)     # the second image is flipped
        array([[[0, 1, 2, 3]],
        <BLANKLINE>
               [[7, 6, 5, 4]]])
    """
    X = _check_images("random_flip", X)
    if isinstance(axis, bool) or axis not in (-1, -2, X.ndim - 1, X.ndim - 2):
        checks.fail("random_flip()", "axis", "-1 (W, left-right) or -2 (H, up-down)", repr(axis))
    p = checks.number("random_flip()", "p (a probability)", p, low=0, high=1)
    flipped = generator(seed, "random_flip()").random(len(X)) < p
    out = X.copy()
    out[flipped] = np.flip(X[flipped], axis=axis)
    return out


def _spans(shift: int, length: int) -> tuple[slice, slice]:
    """Source and destination slices that move a line of `length` pixels by `shift`."""
    if shift >= 0:
        return slice(0, length - shift), slice(shift, length)
    return slice(-shift, length), slice(0, length + shift)


def random_shift(X: ArrayLike, max_shift: int, seed: int | None = None) -> np.ndarray:
    """Move each image by a random whole number of pixels, filling the uncovered border with 0.

    A translated object is the same object; convolutional networks are built
    to be insensitive to translation, and shifted copies teach any network
    the same. Image $n$ moves $d_y$ pixels down and $d_x$ pixels right
    (negative: up, left), with
    `(dy, dx) = rng.integers(-max_shift, max_shift + 1, size=(N, 2))[n]`;
    all channels of an image move together.

    Args:
        X: images of shape $(N, H, W)$ or $(N, C, H, W)$.
        max_shift: the largest move along each axis, an integer with
            $0 \\le$ `max_shift` $< \\min(H, W)$.
        seed: integer seed, or None for dlref's generator.

    Returns:
        A new array of the same shape and dtype.

    Examples:
        >>> X = np.zeros((1, 3, 3)); X[0, 1, 1] = 1.0
        >>> random_shift(X, max_shift=1, seed=0)[0]   # (dy, dx) = (1, 0)
        array([[0., 0., 0.],
               [0., 0., 0.],
               [0., 1., 0.]])
    """
    X = _check_images("random_shift", X)
    H, W = X.shape[-2:]
    max_shift = checks.integer("random_shift()", f"max_shift (smaller than the image, {H}x{W})",
                               max_shift, low=0, high=min(H, W) - 1)
    shifts = generator(seed, "random_shift()").integers(-max_shift, max_shift + 1, size=(len(X), 2))
    out = np.zeros_like(X)
    for n, (dy, dx) in enumerate(shifts):
        (rows_from, rows_to), (cols_from, cols_to) = _spans(dy, H), _spans(dx, W)
        out[n, ..., rows_to, cols_to] = X[n, ..., rows_from, cols_from]
    return out
