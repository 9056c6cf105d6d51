r"""The multilayer perceptron of the notes: fully connected layers with an activation between them.

Examples:
    >>> from dlref import manual_seed
    >>> manual_seed(0)
    >>> mlp([3, 4, 2])
    Sequential(
      (0): Linear(3 -> 4)
      (1): ReLU()
      (2): Linear(4 -> 2)
    )
"""

from __future__ import annotations

import itertools

from dlref import checks, layers

__all__ = ["mlp"]


def mlp(sizes, activation: str = "relu", output_activation: str | None = None) -> layers.Sequential:
    r"""A multilayer perceptron: fully connected layers with an activation between them.

    For `sizes` $= [n_0, n_1, \dots, n_L]$, layer $l = 1 \dots L$ computes

    $$Z^{[l]} = W^{[l]} a^{[l-1]} + b^{[l]}, \qquad a^{[l]} = \sigma(Z^{[l]}),$$

    with $a^{[0]} = x$, $W^{[l]}$ of shape $(n_l, n_{l-1})$ and $\sigma$ =
    `activation` for the hidden layers. The last layer's $\sigma$ is
    `output_activation`, by default none: the outputs are the scores
    $Z^{[L]}$ (logits, for [`cross_entropy`][dlref.losses.cross_entropy]).

    Args:
        sizes: $[n_0, \dots, n_L]$: the input size, the hidden sizes, the output size.
        activation: the hidden layers' $\sigma$ by name, `"relu"`, `"tanh"`,
            `"sigmoid"` ... (the names of [`ACTIVATIONS`][dlref.layers.activation.ACTIVATIONS]).
        output_activation: `None`, or a name: `"sigmoid"` (one probability),
            `"softmax"` (a distribution over classes), ...

    Returns:
        a [`Sequential`][dlref.layers.Sequential] of `Linear` and activation layers.

    Examples:
        >>> from dlref import manual_seed
        >>> manual_seed(0)
        >>> mlp([2, 2, 1], activation="tanh", output_activation="sigmoid")
        Sequential(
          (0): Linear(2 -> 2)
          (1): Tanh()
          (2): Linear(2 -> 1)
          (3): Sigmoid()
        )
    """
    shown = list(sizes) if isinstance(sizes, (tuple, range)) else sizes
    sizes = list(sizes) if isinstance(sizes, (list, tuple, range)) else []
    if len(sizes) < 2:
        checks.fail("mlp()", "sizes", "a list [n_0, ..., n_L] of at least two integers >= 1", repr(shown))
    sizes = [checks.integer("mlp()", f"sizes[{l}]", n, low=1) for l, n in enumerate(sizes)]
    layers.activation(activation, "mlp()")  # an unknown name fails before any layer is drawn
    if output_activation is not None:
        layers.activation(output_activation, "mlp()", "output_activation")
    modules = []
    for n_in, n_out in itertools.pairwise(sizes):  # layer l maps n_{l-1} -> n_l
        modules += [layers.Linear(n_in, n_out), layers.activation(activation, "mlp()")]
    modules.pop()  # the output layer gets output_activation instead
    if output_activation is not None:
        modules.append(layers.activation(output_activation, "mlp()", "output_activation"))
    return layers.Sequential(*modules)
