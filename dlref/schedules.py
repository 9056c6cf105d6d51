r"""Learning-rate schedules: large steps early to travel, small steps late to settle (adaptive learning rate).

A *schedule* changes the learning rate $\alpha$ of an
[`Optimizer`][dlref.optimizers.Optimizer] as training goes on:
[`StepLR`][dlref.schedules.StepLR] and [`ExponentialLR`][dlref.schedules.ExponentialLR]
decay it with the epoch count, [`CosineAnnealingLR`][dlref.schedules.CosineAnnealingLR]
lowers it along half a cosine, and [`ReduceLROnPlateau`][dlref.schedules.ReduceLROnPlateau]
lowers it when a monitored value stops improving. Each is a
[`Callback`][dlref.callbacks.Callback] of [`fit`][dlref.training.fit], which
steps it after every epoch: `fit(..., callbacks=[schedule])`. Defaults and
rules are those of `torch.optim.lr_scheduler`.

Examples:
    >>> from dlref import tensor
    >>> from dlref.optimizers import SGD
    >>> optimizer = SGD([tensor([1.0], requires_grad=True)], lr=1.0)
    >>> schedule = StepLR(optimizer, step_size=2, gamma=0.5)
    >>> for epoch in range(4):
    ...     schedule.step()
    >>> optimizer.lr
    0.25
"""

from __future__ import annotations

import math

from dlref import checks
from dlref.callbacks import Callback
from dlref.optimizers import SGD, Optimizer  # noqa: F401  (SGD: for the examples)

__all__ = ["LRScheduler", "StepLR", "ExponentialLR", "CosineAnnealingLR", "ReduceLROnPlateau"]


def _optimizer(who: str, optimizer) -> Optimizer:
    """A schedule sets the `lr` attribute of a dlref optimizer (a torch one keeps it elsewhere)."""
    if not isinstance(optimizer, Optimizer):
        kind = type(optimizer)
        checks.fail(who, "optimizer", "a dlref Optimizer", f"{kind.__module__}.{kind.__qualname__}")
    return optimizer


class LRScheduler(Callback):
    r"""The base of the epoch-indexed schedules: after `step()` number $t$, $\alpha = $ `lr_at(t)`.

    Call `step()` once per epoch, after the epoch's optimizer steps (as
    PyTorch). The schedule sets `optimizer.lr` from the epoch count and the
    learning rate the optimizer had when the schedule was made (`base_lr`,
    $\alpha_0$); a subclass only writes `lr_at(epoch)`.

    Args:
        optimizer: the [`Optimizer`][dlref.optimizers.Optimizer] whose `lr` it sets.

    Attributes:
        base_lr: $\alpha_0$.
        last_epoch: the number of `step()` calls so far.

    Examples:
        >>> from dlref import tensor
        >>> class Halving(LRScheduler):
        ...     def lr_at(self, epoch):
        ...         return self.base_lr / 2**epoch
        >>> optimizer = SGD([tensor([1.0], requires_grad=True)], lr=0.8)
        >>> schedule = Halving(optimizer)
        >>> lrs = []
        >>> for epoch in range(3):
        ...     schedule.step()
        ...     lrs.append(optimizer.lr)
        >>> lrs
        [0.4, 0.2, 0.1]
    """

    def __init__(self, optimizer: Optimizer):
        self.optimizer = _optimizer(type(self).__name__, optimizer)
        self.base_lr = optimizer.lr
        self.last_epoch = 0

    def step(self) -> None:
        """End an epoch: advance the count and set the optimizer's learning rate.

        Examples:
            >>> from dlref import tensor
            >>> optimizer = SGD([tensor([1.0], requires_grad=True)], lr=1.0)
            >>> schedule = ExponentialLR(optimizer, gamma=0.5); schedule.step(); optimizer.lr
            0.5
        """
        self.last_epoch += 1
        self.optimizer.lr = self.lr_at(self.last_epoch)

    def lr_at(self, epoch: int) -> float:
        """The learning rate after `epoch` epochs."""
        raise NotImplementedError

    def on_epoch_end(self, model, history: dict) -> None:
        """As a [`fit`][dlref.training.fit] callback, `fit(..., callbacks=[schedule])`: `step()` after every epoch.

        Examples:
            >>> from dlref import tensor
            >>> optimizer = SGD([tensor([1.0], requires_grad=True)], lr=1.0)
            >>> schedule = StepLR(optimizer, step_size=1, gamma=0.1)
            >>> schedule.on_epoch_end(None, {}); optimizer.lr
            0.1
        """
        self.step()


class StepLR(LRScheduler):
    r"""Multiply the learning rate by $\gamma$ every `step_size` epochs.

    $$\alpha_t = \alpha_0\, \gamma^{\lfloor t / \text{step\_size} \rfloor}$$

    Args:
        optimizer: the optimizer whose `lr` it sets.
        step_size: epochs between two decays, a positive integer.
        gamma: the factor $\gamma > 0$.

    Examples:
        >>> from dlref import tensor
        >>> optimizer = SGD([tensor([1.0], requires_grad=True)], lr=1.0)
        >>> schedule = StepLR(optimizer, step_size=2, gamma=0.5)
        >>> lrs = []
        >>> for epoch in range(5):
        ...     schedule.step()
        ...     lrs.append(optimizer.lr)
        >>> lrs
        [1.0, 0.5, 0.5, 0.25, 0.25]
    """

    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1):
        super().__init__(optimizer)
        self.step_size = checks.integer("StepLR", "step_size", step_size, low=1)
        self.gamma = checks.number("StepLR", "gamma (γ)", gamma, low=0, low_open=True)

    def lr_at(self, epoch: int) -> float:
        return self.base_lr * self.gamma ** (epoch // self.step_size)


class ExponentialLR(LRScheduler):
    r"""Multiply the learning rate by $\gamma$ every epoch.

    $$\alpha_t = \alpha_0\, \gamma^t$$

    Args:
        optimizer: the optimizer whose `lr` it sets.
        gamma: the factor $\gamma > 0$ (e.g. 0.95).

    Examples:
        >>> from dlref import tensor
        >>> optimizer = SGD([tensor([1.0], requires_grad=True)], lr=1.0)
        >>> schedule = ExponentialLR(optimizer, gamma=0.5)
        >>> lrs = []
        >>> for epoch in range(3):
        ...     schedule.step()
        ...     lrs.append(optimizer.lr)
        >>> lrs
        [0.5, 0.25, 0.125]
    """

    def __init__(self, optimizer: Optimizer, gamma: float):
        super().__init__(optimizer)
        self.gamma = checks.number("ExponentialLR", "gamma (γ)", gamma, low=0, low_open=True)

    def lr_at(self, epoch: int) -> float:
        return self.base_lr * self.gamma**epoch


class CosineAnnealingLR(LRScheduler):
    r"""Lower the learning rate from $\alpha_0$ to $\eta_{\min}$ along half a cosine.

    $$\alpha_t = \eta_{\min} + \tfrac{1}{2}(\alpha_0 - \eta_{\min})
      \left(1 + \cos\frac{\pi t}{T_{\max}}\right)$$

    Past $T_{\max}$ the cosine goes on, so the rate climbs back to
    $\alpha_0$ at $2T_{\max}$ (as PyTorch); train for $T_{\max}$ epochs to
    end at $\eta_{\min}$.

    Args:
        optimizer: the optimizer whose `lr` it sets.
        T_max: epochs from $\alpha_0$ down to $\eta_{\min}$, a positive integer.
        eta_min: the lowest learning rate $\eta_{\min} \ge 0$.

    Examples:
        >>> from dlref import tensor
        >>> optimizer = SGD([tensor([1.0], requires_grad=True)], lr=1.0)
        >>> schedule = CosineAnnealingLR(optimizer, T_max=4)
        >>> lrs = []
        >>> for epoch in range(4):
        ...     schedule.step()
        ...     lrs.append(round(optimizer.lr, 3))
        >>> lrs
        [0.854, 0.5, 0.146, 0.0]
    """

    def __init__(self, optimizer: Optimizer, T_max: int, eta_min: float = 0.0):
        super().__init__(optimizer)
        self.T_max = checks.integer("CosineAnnealingLR", "T_max", T_max, low=1)
        self.eta_min = checks.number("CosineAnnealingLR", "eta_min (η_min)", eta_min, low=0)

    def lr_at(self, epoch: int) -> float:
        cosine = 1 + math.cos(math.pi * epoch / self.T_max)
        return self.eta_min + (self.base_lr - self.eta_min) * cosine / 2


class ReduceLROnPlateau(Callback):
    r"""Multiply the learning rate by `factor` when a monitored value stops improving.

    Call `step(value)` once per epoch with, e.g., the validation loss, or pass
    the schedule to [`fit`][dlref.training.fit] as a callback: it then steps
    with the last value of `history[monitor]`. A value improves on the best so far when it is below
    $\text{best}\,(1 - \text{threshold})$ (mode `"min"`) or above
    $\text{best}\,(1 + \text{threshold})$ (mode `"max"`). After more than
    `patience` epochs in a row without improvement, the learning rate becomes
    $\max(\alpha \cdot \text{factor},\ \text{min\_lr})$ and the count restarts;
    a reduction by less than `eps` is skipped. (PyTorch's `threshold_mode="rel"`,
    `cooldown=0`.)

    Args:
        optimizer: the optimizer whose `lr` it sets.
        mode: `"min"` (a loss) or `"max"` (e.g. an accuracy).
        factor: the factor in $[0, 1)$.
        patience: epochs without improvement to tolerate, an integer >= 0.
        threshold: the relative improvement that counts, >= 0.
        min_lr: the lowest learning rate, >= 0.
        eps: the smallest reduction worth making, >= 0.
        monitor: the entry of `fit`'s history that `on_epoch_end` reads.

    Attributes:
        best: the best value so far.
        num_bad_epochs: epochs since the last improvement (or reduction).

    Examples:
        >>> from dlref import tensor
        >>> optimizer = SGD([tensor([1.0], requires_grad=True)], lr=1.0)
        >>> schedule = ReduceLROnPlateau(optimizer, factor=0.5, patience=1)
        >>> lrs = []
        >>> for val_loss in [3.0, 2.0, 2.5, 2.2, 2.1, 1.0]:
        ...     schedule.step(val_loss)
        ...     lrs.append(optimizer.lr)
        >>> lrs
        [1.0, 1.0, 1.0, 0.5, 0.5, 0.5]
    """

    def __init__(self, optimizer: Optimizer, mode: str = "min", factor: float = 0.1,
                 patience: int = 10, threshold: float = 1e-4, min_lr: float = 0.0,
                 eps: float = 1e-8, monitor: str = "val_loss"):
        who = "ReduceLROnPlateau"
        self.optimizer = _optimizer(who, optimizer)
        self.mode = checks.one_of(who, "mode", mode, ("min", "max"))
        self.factor = checks.number(who, "factor", factor, low=0, high=1, high_open=True)
        self.patience = checks.integer(who, "patience", patience, low=0)
        self.threshold = checks.number(who, "threshold", threshold, low=0)
        self.min_lr = checks.number(who, "min_lr", min_lr, low=0)
        self.eps = checks.number(who, "eps", eps, low=0)
        if not isinstance(monitor, str):
            checks.fail(who, "monitor", "a key of fit's history such as 'val_loss'", repr(monitor))
        self.monitor = monitor
        self.best = math.inf if mode == "min" else -math.inf
        self.num_bad_epochs = 0

    def step(self, value: float) -> None:
        """End an epoch whose monitored value was `value`; lower the learning rate after a plateau.

        Examples:
            >>> from dlref import tensor
            >>> optimizer = SGD([tensor([1.0], requires_grad=True)], lr=1.0)
            >>> schedule = ReduceLROnPlateau(optimizer, patience=0)
            >>> schedule.step(1.0); schedule.step(1.0); optimizer.lr
            0.1
        """
        value = checks.number("ReduceLROnPlateau.step()", "value", value)
        if self.mode == "min":
            improved = value < self.best * (1 - self.threshold)
        else:
            improved = value > self.best * (1 + self.threshold)
        if improved:
            self.best, self.num_bad_epochs = value, 0
        else:
            self.num_bad_epochs += 1
        if self.num_bad_epochs > self.patience:
            lr = max(self.optimizer.lr * self.factor, self.min_lr)
            if self.optimizer.lr - lr > self.eps:
                self.optimizer.lr = lr
            self.num_bad_epochs = 0

    def on_epoch_end(self, model, history: dict) -> None:
        """As a [`fit`][dlref.training.fit] callback: `step(history[monitor][-1])` after every epoch.

        Examples:
            >>> from dlref import tensor
            >>> optimizer = SGD([tensor([1.0], requires_grad=True)], lr=1.0)
            >>> schedule = ReduceLROnPlateau(optimizer, patience=0, monitor="loss")
            >>> schedule.on_epoch_end(None, {"loss": [1.0]}); schedule.on_epoch_end(None, {"loss": [1.0, 1.0]})
            >>> optimizer.lr
            0.1
        """
        if not (isinstance(history, dict) and history.get(self.monitor)):
            checks.fail("ReduceLROnPlateau", f"monitor {self.monitor!r}", "a key of fit's history, one of "
                        f"{sorted(history) if isinstance(history, dict) else []}",
                        "a history without it (pass val_data to fit for 'val_loss')")
        self.step(history[self.monitor][-1])
