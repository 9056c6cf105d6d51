r"""Memory over time: gradients that vanish or explode through a recurrence, and gates that keep them.

Examples:
    >>> result = gradient_through_time(length=10)
    >>> [name for name in result["norms"]][:2]
    ['RNN', 'RNN, W_hh × 3']
"""

from __future__ import annotations

import numpy as np

from dlref import backend, checks, layers, optimizers
from dlref.autograd import Tensor, no_grad
from dlref.experiments.common import clipped_epoch, using_dtype

__all__ = ["gradient_through_time", "long_range_memory"]


def _keep_by_default(layer, bias: float):
    """Add `bias` to the gate that keeps the state: the LSTM's forget gate $f$, the GRU's update gate $z$.

    Both are the second block of $H$ rows of `bias_ih` (orders $(i, f, g, o)$ and $(r, z, n)$).
    """
    H = layer.hidden_size
    layer.bias_ih.data[H : 2 * H] += bias
    return layer


def gradient_through_time(length: int = 60, hidden_size: int = 32, keep_bias: float = 5.0,
                          seed: int = 0) -> dict:
    r"""How much of the loss's gradient reaches each input of a sequence, step by step back in time.

    A recurrent layer reads $x_1 \dots x_T$ and the loss reads only its last
    state, $L = w^\top h_T$ (a fixed random $w$). Backpropagation through time
    multiplies the gradient by the Jacobian $\partial h_t / \partial h_{t-1}$
    once per step, so $\lVert \partial L / \partial x_t \rVert$, plotted
    against the distance $T - t$, shows what a step-$t$ input can still teach:

    - **RNN** (PyTorch's start): $\partial h_t/\partial h_{t-1} =
      \operatorname{diag}(1 - h_t^2)\, W_{hh}$ shrinks vectors, and the
      gradient falls exponentially (it *vanishes*);
    - **RNN, $W_{hh}$ × 3**: the same layer with larger recurrent weights; the
      gradient grows instead (it *explodes*);
    - **LSTM** (PyTorch's start): the forget gate starts near $\sigma(0) = 1/2$,
      so the cell halves what it carries at every step: it vanishes too;
    - **LSTM, forget-gate bias $+b$** and **GRU, update-gate bias $+b$**
      (`keep_bias`): the gate that keeps the state starts near
      $\sigma(b) \approx 1$, and the gradient passes along the cell (or the
      kept state) nearly unchanged, $\partial c_t / \partial c_{t-1} = \operatorname{diag}(f_t)$.

    The inputs are standard normal, $N = 16$ sequences of $D = 5$ numbers; the
    norms are averaged over the sequences. Runs in float64.

    Args:
        length: $T \ge 2$.
        hidden_size: $H \ge 1$.
        keep_bias: $b$, added to the bias of the LSTM's forget gate and the GRU's update gate.
        seed: seeds the inputs, $w$ and the weights.

    Returns:
        `{"experiment", "distance", "norms"}`: `distance` is $T - t$ for
        $t = T \dots 1$, `norms` maps each layer's name to
        $\lVert \partial L/\partial x_t \rVert$ in the same order.

    Examples:
        >>> result = gradient_through_time(length=30)
        >>> norms = result["norms"]
        >>> bool(norms["RNN"][-1] < 1e-6 * norms["RNN"][0])      # vanished over 29 steps
        True
    """
    checks.integer("gradient_through_time()", "length", length, low=2)
    checks.integer("gradient_through_time()", "hidden_size", hidden_size, low=1)
    checks.number("gradient_through_time()", "keep_bias", keep_bias)
    checks.integer("gradient_through_time()", "seed", seed, low=0)
    D, H = 5, hidden_size
    rng = np.random.default_rng(seed)
    X_values = rng.standard_normal((16, length, D))
    w_values = rng.standard_normal(H)
    makes = {
        "RNN": lambda: layers.RNN(D, H),
        "RNN, W_hh × 3": lambda: layers.RNN(D, H),
        "LSTM": lambda: layers.LSTM(D, H),
        f"LSTM, forget-gate bias +{keep_bias:g}": lambda: _keep_by_default(layers.LSTM(D, H), keep_bias),
        f"GRU, update-gate bias +{keep_bias:g}": lambda: _keep_by_default(layers.GRU(D, H), keep_bias),
    }
    norms = {}
    with using_dtype("float64"):
        for name, make in makes.items():
            backend.manual_seed(seed)
            layer = make()
            if name == "RNN, W_hh × 3":
                layer.weight_hh.data[...] *= 3
            X = Tensor(X_values, requires_grad=True)
            last = layer(X)[1]
            h_T = last[0] if isinstance(last, tuple) else last  # the LSTM returns (h_T, c_T)
            (h_T * Tensor(w_values)).sum().backward()
            per_step = np.linalg.norm(backend.to_numpy(X.grad), axis=2).mean(axis=0)  # (T,)
            norms[name] = per_step[::-1]  # distance 0, 1, ..., T - 1
    return {"experiment": "gradient_through_time", "distance": np.arange(length), "norms": norms}


def _first_symbol_sequences(n: int, length: int, n_symbols: int, rng: np.random.Generator):
    """`n` sequences of random symbols, one-hot, plus a marker channel that is 1 at the first step only.

    Returns X of shape (n, length, n_symbols + 1), float32, and the first symbols, shape (n,).
    """
    symbols = rng.integers(0, n_symbols, size=(n, length))
    X = np.zeros((n, length, n_symbols + 1), dtype=np.float32)
    X[np.arange(n)[:, None], np.arange(length), symbols] = 1
    X[:, 0, n_symbols] = 1  # the marker: this is the symbol to remember
    return X, symbols[:, 0]


class _LastStateClassifier(layers.Module):
    """A recurrent layer and a linear read-out of its last state: scores $V h_T + c$."""

    def __init__(self, recurrent, num_classes: int):
        super().__init__()
        self.recurrent = recurrent
        self.head = layers.Linear(recurrent.hidden_size, num_classes)

    def forward(self, X):
        return self.head(self.recurrent(X)[1])


def long_range_memory(length: int = 120, n_symbols: int = 4, hidden_size: int = 32,
                      n_train: int = 1000, epochs: int = 8, keep_bias: float = 5.0,
                      seed: int = 0) -> dict:
    r"""Remember the first symbol of a long sequence: the GRU learns it, the plain RNN does not.

    Each sequence has `length` steps; every step is one of `n_symbols`
    symbols (one-hot), and a marker channel flags the first step. The label
    is the first symbol: the network must carry it in its state over
    `length` − 1 steps of distracting symbols. Chance is $1/$`n_symbols`.

    Both networks read the sequence with a recurrent layer of `hidden_size`
    units and classify from the last state: an [`RNN`][dlref.layers.RNN]
    (PyTorch's start) and a [`GRU`][dlref.layers.GRU] whose update gate
    starts biased towards keeping the state (`keep_bias` added to its bias).
    They are trained identically: Adam ($\alpha = 0.01$) on minibatches of
    32, the gradient clipped to norm 1 with
    [`clip_grad_norm_`][dlref.optimizers.clip_grad_norm_], float32. The
    accuracy is measured after every epoch on 500 new sequences.

    Args:
        length: $T \ge 2$.
        n_symbols: $K \ge 2$.
        hidden_size: $H \ge 1$.
        n_train: training sequences, $\ge 1$.
        epochs: $\ge 1$.
        keep_bias: added to the bias of the GRU's update gate.
        seed: seeds the data, the weights and the batches.

    Returns:
        `{"experiment", "chance", "RNN", "GRU"}`; each model's entry holds
        `test_accuracy` (after training), `accuracy_curve` and `loss_curve`
        (the mean training loss) per epoch.

    Examples:
        >>> result = long_range_memory(length=5, n_train=200, epochs=3)
        >>> result["chance"], sorted(result["GRU"])
        (0.25, ['accuracy_curve', 'loss_curve', 'test_accuracy'])
    """
    who = "long_range_memory()"
    checks.integer(who, "length", length, low=2)
    checks.integer(who, "n_symbols", n_symbols, low=2)
    checks.integer(who, "hidden_size", hidden_size, low=1)
    checks.integer(who, "n_train", n_train, low=1)
    checks.integer(who, "epochs", epochs, low=1)
    checks.number(who, "keep_bias", keep_bias)
    checks.integer(who, "seed", seed, low=0)
    rng = np.random.default_rng(seed)
    X_train, y_train = _first_symbol_sequences(n_train, length, n_symbols, rng)
    X_test, y_test = _first_symbol_sequences(500, length, n_symbols, rng)
    D, H = n_symbols + 1, hidden_size
    makes = {"RNN": lambda: layers.RNN(D, H),
             "GRU": lambda: _keep_by_default(layers.GRU(D, H), keep_bias)}
    result = {"experiment": "long_range_memory", "chance": 1 / n_symbols}
    with using_dtype("float32"):
        for name, make in makes.items():
            backend.manual_seed(seed)
            model = _LastStateClassifier(make(), n_symbols)
            optimizer = optimizers.Adam(model.parameters(), lr=0.01)
            accuracy_curve, loss_curve = [], []
            for epoch in range(epochs):
                loss_curve.append(clipped_epoch(model, optimizer, X_train, y_train, 32, seed=seed * 1000 + epoch))
                with no_grad():
                    scores = backend.to_numpy(model(Tensor(X_test)).data)
                accuracy_curve.append(float(np.mean(scores.argmax(axis=1) == y_test)))
            result[name] = {"test_accuracy": accuracy_curve[-1],
                            "accuracy_curve": np.array(accuracy_curve),
                            "loss_curve": np.array(loss_curve)}
    return result


# ------------------------------------------------------------------ plots
def _plot_gradient_through_time(result, fig):
    ax = fig.subplots()
    styles = ["C3-", "C3:", "C0--", "C0-", "C2-"]
    for (name, norms), style in zip(result["norms"].items(), styles):
        ax.semilogy(result["distance"], norms, style, label=name)
    ax.set(xlabel="distance to the loss, T - t (steps)", ylabel="|dL/dx_t| (log scale)",
           title="the gradient reaching each step")
    ax.legend(fontsize="small")


def _plot_long_range_memory(result, fig):
    ax = fig.subplots()
    for name, color in (("RNN", "C3"), ("GRU", "C2")):
        curve = result[name]["accuracy_curve"]
        ax.plot(np.arange(1, len(curve) + 1), curve, "o-", color=color, label=name)
    ax.axhline(result["chance"], color="k", lw=0.5, label="chance")
    ax.set(xlabel="epoch", ylabel="accuracy on new sequences", ylim=(0, 1.05),
           title="remembering the first symbol")
    ax.legend(fontsize="small")


PLOTS = {"gradient_through_time": _plot_gradient_through_time,
         "long_range_memory": _plot_long_range_memory}
"""The drawing of each experiment of this module, by the name in its result (see `plot`)."""
