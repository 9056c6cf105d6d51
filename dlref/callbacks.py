r"""The protocol of [`fit`][dlref.training.fit]'s callbacks: what it calls while it trains, and when.

`fit(model, loss_fn, optimizer, data, epochs, callbacks=[...])` runs the loop
of the notes; a *callback* is an object it tells about the training as it
goes, so that it can act on it without a change to the loop. `fit` calls,
for each callback, in the order given:

1. `on_epoch_end(model, history)` after every epoch, once the epoch's losses
   and metrics are in `history` (`history["val_loss"][-1]` is the epoch just
   finished). Returning True stops training after this epoch.
2. `on_train_end(model, history)` once, after the last epoch (whether
   training ran its epochs or was stopped).

`history` is the dict `fit` returns: one list per recorded quantity, one
entry per epoch so far. A callback subclasses
[`Callback`][dlref.callbacks.Callback] and overrides what it needs. The
callbacks of dlref: [`EarlyStopping`][dlref.regularizers.EarlyStopping] and
the learning-rate schedules of [`dlref.schedules`][dlref.schedules].

Examples:
    >>> class PrintLoss(Callback):
    ...     def on_epoch_end(self, model, history):
    ...         print(f"epoch {len(history['loss'])}: loss {history['loss'][-1]:.2f}")
    >>> PrintLoss().on_epoch_end(None, {"loss": [0.9, 0.5]})
    epoch 2: loss 0.50
"""

from __future__ import annotations

__all__ = ["Callback"]


class Callback:
    """The base of every callback of [`fit`][dlref.training.fit]; each method does nothing unless overridden.

    Examples:
        >>> Callback().on_epoch_end(None, {"loss": [1.0]}) is None   # None: go on training
        True
    """

    def on_epoch_end(self, model, history: dict) -> bool | None:
        """Called after every epoch; return True to stop training after it."""
        return None

    def on_train_end(self, model, history: dict) -> None:
        """Called once, after the last epoch."""
        return None
