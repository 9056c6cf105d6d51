r"""Overfitting: a network memorises labels that mean nothing.
"""

from __future__ import annotations

import numpy as np

from dlref import backend, checks, optimizers
from dlref.experiments.common import accuracy_of, digits_split, train_mlp, using_dtype

__all__ = ["random_labels"]


def random_labels(n_train: int = 200, hidden: int = 256, epochs: int = 100, lr: float = 0.01,
                  seed: int = 0) -> dict:
    r"""A network memorises random labels: 100% training accuracy, chance on new data.

    "With deep learning you can (over)fit anything you want." The digits get
    labels drawn uniformly from $\{0, \dots, 9\}$, independently of the
    images, for the training *and* the test set: there is nothing to learn,
    and no model can beat the chance accuracy $1/10$ on the test set. A
    64-`hidden`-10 ReLU MLP trained with full-batch Adam still reaches 100%
    training accuracy: it has enough parameters to store every
    (image, label) pair. The same network trained on the true labels is the
    contrast: it fits the training set and generalises.

    Args:
        n_train: training images, in $[10, 1697]$ (the rest of the 1,797 are the test set).
        hidden: hidden units, $\ge 1$.
        epochs: full-batch epochs, $\ge 1$.
        lr: Adam's learning rate $\alpha > 0$.
        seed: seeds the split, the random labels and the initial weights.

    Returns:
        `{"experiment", "chance", "true", "random"}` where `"true"` and
        `"random"` each hold `train_accuracy` and `test_accuracy` (after
        training) and `train_curve` and `test_curve` (per epoch).

    Examples:
        >>> result = random_labels(n_train=50, hidden=64, epochs=60)
        >>> result["random"]["train_accuracy"], result["chance"]
        (1.0, 0.1)
    """
    checks.integer("random_labels()", "n_train", n_train, low=10, high=1697)
    checks.integer("random_labels()", "hidden", hidden, low=1)
    checks.integer("random_labels()", "epochs", epochs, low=1)
    checks.number("random_labels()", "lr", lr, low=0, low_open=True)
    checks.integer("random_labels()", "seed", seed, low=0)
    rng = backend.generator(seed)
    (X_train, y_train), (X_test, y_test) = digits_split(n_train, rng)
    labels = {"true": (y_train, y_test),
              "random": (rng.integers(0, 10, n_train), rng.integers(0, 10, len(y_test)))}
    result = {"experiment": "random_labels", "chance": 0.1}
    with using_dtype("float32"):
        for kind, (train_labels, test_labels) in labels.items():
            model, history = train_mlp(
                (X_train, train_labels), hidden, lambda params: optimizers.Adam(params, lr=lr),
                batch_size=n_train, epochs=epochs, seed=seed, val_data=(X_test, test_labels))
            result[kind] = {
                "train_accuracy": accuracy_of(model, X_train, train_labels),
                "test_accuracy": accuracy_of(model, X_test, test_labels),
                "train_curve": np.array(history["accuracy"]),
                "test_curve": np.array(history["val_accuracy"]),
            }
    return result


# ------------------------------------------------------------------ plots
def _plot_random_labels(result, fig):
    ax = fig.subplots()
    for kind, color in (("true", "C0"), ("random", "C3")):
        epochs = np.arange(1, len(result[kind]["train_curve"]) + 1)
        ax.plot(epochs, result[kind]["train_curve"], color=color, label=f"{kind} labels: train")
        ax.plot(epochs, result[kind]["test_curve"], "--", color=color, label=f"{kind} labels: test")
    ax.axhline(result["chance"], color="k", lw=0.5)
    ax.set(xlabel="epoch", ylabel="accuracy", title="memorising random labels")
    ax.legend(fontsize="small")


PLOTS = {"random_labels": _plot_random_labels}
"""The drawing of each experiment of this module, by the name in its result (see `plot`)."""
