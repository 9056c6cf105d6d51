r"""Initialization and depth: the start decides whether a deep network's signal survives, and whether it trains.

Examples:
    >>> result = initialization_depth(depth=5, epochs=1)
    >>> list(result["starts"])
    ['too small', 'too large', 'Xavier', 'Kaiming']
"""

from __future__ import annotations

import math

import numpy as np

from dlref import backend, checks, data, init, layers, losses, models, optimizers
from dlref.autograd import Tensor
from dlref.experiments.common import accuracy_of, clipped_epoch, using_dtype

__all__ = ["STARTS", "initialization_depth"]

STARTS = {
    "too small": lambda W: init.normal_(W, 0.0, 0.01),
    "too large": lambda W: init.normal_(W, 0.0, 2 * math.sqrt(2 / W.shape[1])),  # twice Kaiming's
    "Xavier": lambda W: init.xavier_normal_(W),
    "Kaiming": lambda W: init.kaiming_normal_(W, nonlinearity="relu"),
}
"""The four starts of [`initialization_depth`][dlref.experiments.initialization_depth], each filling a weight in place."""


def initialization_depth(depth: int = 20, width: int = 64, epochs: int = 10, lr: float = 0.01,
                         seed: int = 0) -> dict:
    r"""A `depth`-layer ReLU network from four starts: the spread of its signal, and whether it trains.

    The network is the digits' [`mlp`][dlref.models.mlp]
    $64 \to$ `width` $\to \dots \to 10$ with `depth` linear layers and ReLU
    between them, its biases 0 and its weights $W$ ($n$ inputs) from one of
    the [`STARTS`][dlref.experiments.initialization.STARTS]:

    | start | weights | per layer, the spread of the signal is multiplied by |
    |---|---|---|
    | too small | $\mathcal N(0, 0.01^2)$ | $0.01\sqrt{n/2} \approx 0.06$ |
    | too large | $\mathcal N(0, 4 \cdot 2/n)$ | $2$ |
    | Xavier | $\mathcal N(0, 2/(n_{in} + n_{out}))$ ([`xavier_normal_`][dlref.init.xavier_normal_]) | $\sqrt{1/2} \approx 0.71$ |
    | Kaiming | $\mathcal N(0, 2/n)$ ([`kaiming_normal_`][dlref.init.kaiming_normal_]) | $1$ |

    (For a square layer of standardized inputs: $\operatorname{Var}(z) = n\,\sigma^2\, E[a^2]$,
    and ReLU keeps half of $E[z^2]$. Xavier's variance is right for tanh,
    which keeps it; with ReLU it halves it at every layer.)

    At the start, a batch of 256 digits (standardized) goes forward and
    back: the standard deviation of the activations after each ReLU, and of
    the gradient of the cross-entropy with respect to each layer's weights,
    is recorded (in float64, so that a vanishing signal does not round to 0).
    Then each network is trained the same way for `epochs` epochs, in
    float32: SGD with momentum 0.9 and learning rate `lr`, minibatches of 64,
    the gradient clipped to norm 1 (so that the too-large start gives huge
    losses rather than overflows).

    Args:
        depth: linear layers, $\ge 2$.
        width: units of the hidden layers, $\ge 1$.
        epochs: $\ge 1$.
        lr: $\alpha > 0$.
        seed: seeds the weights and the batches.

    Returns:
        `{"experiment", "depth", "starts"}`; `starts` maps each start's name
        to `activation_std` (after each of the `depth` − 1 ReLUs),
        `gradient_std` (of each layer's weights), `loss_curve` (mean training
        loss per epoch) and `train_accuracy` (after training).

    Examples:
        >>> result = initialization_depth(depth=8, epochs=1)
        >>> spread = {name: start["activation_std"][-1] for name, start in result["starts"].items()}
        >>> bool(spread["too small"] < 1e-6 < 10 < spread["too large"])
        True
    """
    checks.integer("initialization_depth()", "depth", depth, low=2)
    checks.integer("initialization_depth()", "width", width, low=1)
    checks.integer("initialization_depth()", "epochs", epochs, low=1)
    checks.number("initialization_depth()", "lr", lr, low=0, low_open=True)
    X, y = data.load_digits()
    X = data.standardize(X)[0]  # float64
    X32 = X.astype(np.float32)
    result = {"experiment": "initialization_depth", "depth": depth, "starts": {}}
    for name, fill in STARTS.items():
        with using_dtype("float64"):  # a vanishing signal stays visible (float32 ends at 1e-45)
            backend.manual_seed(seed)
            model = models.mlp([X.shape[1]] + [width] * (depth - 1) + [10])
            linears = [layer for layer in model if isinstance(layer, layers.Linear)]
            for layer in linears:
                fill(layer.weight)
                init.zeros_(layer.bias)
            activation_std, gradient_std = _spread(model, linears, X[:256], y[:256])
        model.to("float32")  # training runs in float32, as everywhere
        optimizer = optimizers.SGD(model.parameters(), lr=lr, momentum=0.9)
        loss_curve = []
        for epoch in range(epochs):
            loss_curve.append(clipped_epoch(model, optimizer, X32, y, 64, seed=seed * 1000 + epoch))
        result["starts"][name] = {"activation_std": activation_std, "gradient_std": gradient_std,
                                  "loss_curve": np.array(loss_curve),
                                  "train_accuracy": accuracy_of(model, X32, y)}
    return result


def _spread(model, linears, X: np.ndarray, y: np.ndarray) -> tuple:
    """The standard deviations of the activations after each ReLU and of each layer's weight gradient."""
    activations, a = [], Tensor(X)
    for layer in model:
        a = layer(a)
        if isinstance(layer, layers.ReLU):
            activations.append(float(np.std(a.numpy())))
    losses.cross_entropy(a, Tensor(y)).backward()
    gradients = [float(np.std(backend.to_numpy(layer.weight.grad))) for layer in linears]
    model.zero_grad()
    return np.array(activations), np.array(gradients)


# ------------------------------------------------------------------ plots
def _plot_initialization_depth(result, fig):
    spread, gradient, training = fig.subplots(1, 3)
    for (name, start), color in zip(result["starts"].items(), ["C1", "C3", "C0", "C2"]):
        spread.semilogy(np.arange(1, result["depth"]), start["activation_std"], "o-", ms=3,
                        color=color, label=name)
        gradient.semilogy(np.arange(1, result["depth"] + 1), start["gradient_std"], "o-", ms=3,
                          color=color, label=name)
        training.semilogy(np.arange(1, len(start["loss_curve"]) + 1), start["loss_curve"], "o-",
                          ms=3, color=color, label=name)
    spread.set(xlabel="layer", ylabel="std of the activations", title="forward: the signal")
    gradient.set(xlabel="layer", ylabel="std of dL/dW", title="backward: the gradients")
    training.set(xlabel="epoch", ylabel="training loss (log scale)", title="training")
    spread.legend(fontsize="small")


PLOTS = {"initialization_depth": _plot_initialization_depth}
"""The drawing of each experiment of this module, by the name in its result (see `plot`)."""
