r"""The four shapes of recurrent network of the notes, each an [`RNN`][dlref.layers.RNN] with a read-out.

- [`SequenceGenerator`][dlref.models.SequenceGenerator]: one to many;
- [`SequenceClassifier`][dlref.models.SequenceClassifier]: many to one;
- [`SequenceTagger`][dlref.models.SequenceTagger]: many to many, one output per input;
- [`Seq2Seq`][dlref.models.Seq2Seq]: many to many, an encoder and a decoder
  (the output may be longer or shorter than the input).

Examples:
    >>> import numpy as np
    >>> from dlref import manual_seed, tensor
    >>> manual_seed(0)
    >>> SequenceClassifier(1, 8, 2)(tensor(np.ones((4, 6, 1)), dtype="float32")).shape
    (4, 2)
"""

from __future__ import annotations

import numpy as np  # noqa: F401  (for the examples)

from dlref import backend, checks, layers
from dlref.autograd import Tensor
from dlref.joining import concat
from dlref.backend import xp

__all__ = ["SequenceGenerator", "SequenceClassifier", "SequenceTagger", "Seq2Seq"]


def _per_step(head: layers.Linear, outputs: Tensor) -> Tensor:
    """The same read-out at every time step: hidden states (N, T, H) -> outputs (N, T, out)."""
    N, T, H = outputs.shape
    return head(outputs.reshape(N * T, H)).reshape(N, T, head.out_features)


class _RNNReadout(layers.Module):
    r"""An [`RNN`][dlref.layers.RNN] and a [`Linear`][dlref.layers.Linear] read-out $\hat y = V h + c$: the base of the one-RNN models."""

    def __init__(self, input_size: int, hidden_size: int, output_size: int):
        super().__init__()
        self.rnn = layers.RNN(input_size, hidden_size)
        self.head = layers.Linear(hidden_size, output_size)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.rnn!r}, {self.head!r})"


class SequenceGenerator(_RNNReadout):
    r"""One to many: one input vector $x$, a sequence of $T$ outputs.

    The input enters at the first step only; after it the network runs on
    its own state (input 0), reading an output out of every state:

    $$h_1 = \tanh(W_{ih}\,x + b_{ih} + b_{hh}), \qquad
      h_t = \tanh(W_{hh}\,h_{t-1} + b_{ih} + b_{hh}) \;\; (t = 2 \dots T), \qquad
      \hat y_t = V h_t + c.$$

    (This is the [`RNN`][dlref.layers.RNN] run on the sequence
    $x, 0, \dots, 0$ from $h_0 = 0$.) An image captioner has this shape: one
    image, many words. Train with [`mse_loss`][dlref.losses.mse_loss] on
    targets of shape $(N, T, \text{output\_size})$.

    Args:
        input_size: $D$, the length of $x$.
        hidden_size: $H$.
        output_size: the length of each output $\hat y_t$.
        length: $T$, the number of outputs.

    Attributes:
        rnn: the [`RNN`][dlref.layers.RNN]$(D \to H)$.
        head: the read-out [`Linear`][dlref.layers.Linear]$(H \to \text{output\_size})$, $V$ and $c$.

    Shape:
        - Input: $(N, D)$.
        - Output: $(N, T, \text{output\_size})$.

    Examples:
        >>> from dlref import manual_seed, tensor
        >>> manual_seed(0)
        >>> model = SequenceGenerator(2, 16, 1, length=12)
        >>> model(tensor([[1.0, 0.5], [0.7, 2.0]])).shape
        (2, 12, 1)
    """

    def __init__(self, input_size: int, hidden_size: int, output_size: int, length: int):
        checks.integer("SequenceGenerator", "output_size", output_size, low=1)
        super().__init__(input_size, hidden_size, output_size)
        self.length = checks.integer("SequenceGenerator", "length (T)", length, low=1)

    def forward(self, x: Tensor) -> Tensor:
        """The $T$ outputs generated from each row of `x`."""
        self._check_input(x, ("N", self.rnn.input_size))
        N, D = x.shape
        later = xp.zeros((N, self.length - 1, D), dtype=x.dtype, device=backend.device())
        X = concat([x.reshape(N, 1, D), later], axis=1)  # (N, T, D): x at t = 1, zeros after
        outputs, _ = self.rnn(X)
        return _per_step(self.head, outputs)

    def __repr__(self) -> str:
        return f"SequenceGenerator({self.rnn!r}, {self.head!r}, length={self.length})"


class SequenceClassifier(_RNNReadout):
    r"""Many to one: a whole sequence, one label, read from the last hidden state $h_T$.

    $$h_t = \tanh(W_{ih}\,x_t + b_{ih} + W_{hh}\,h_{t-1} + b_{hh}), \quad t = 1 \dots T,
      \qquad z = V h_T + c.$$

    $h_T$ has seen the whole sequence: it is a summary of fixed size $H$,
    whatever $T$ is. Sentiment analysis has this shape: many words, one
    label. Train with [`cross_entropy`][dlref.losses.cross_entropy] on the
    scores $z$.

    Args:
        input_size: $D$, the length of each $x_t$.
        hidden_size: $H$.
        num_classes: $C$.

    Attributes:
        rnn: the [`RNN`][dlref.layers.RNN]$(D \to H)$.
        head: the read-out [`Linear`][dlref.layers.Linear]$(H \to C)$.

    Shape:
        - Input: $(N, T, D)$, any $T \ge 1$.
        - Output: $(N, C)$, the scores.

    Examples:
        >>> from dlref import manual_seed, tensor
        >>> manual_seed(0)
        >>> model = SequenceClassifier(1, 16, 2)
        >>> model
        SequenceClassifier(RNN(1 -> 16), Linear(16 -> 2))
        >>> model(tensor(np.ones((4, 9, 1)), dtype="float32")).shape
        (4, 2)
    """

    def __init__(self, input_size: int, hidden_size: int, num_classes: int):
        checks.integer(type(self).__name__, "num_classes (C)", num_classes, low=1)
        super().__init__(input_size, hidden_size, num_classes)

    def forward(self, X: Tensor) -> Tensor:
        """The class scores of each sequence."""
        _, h_T = self.rnn(X)
        return self.head(h_T)


class SequenceTagger(_RNNReadout):
    r"""Many to many, aligned: one label for every step of the sequence.

    $$h_t = \tanh(W_{ih}\,x_t + b_{ih} + W_{hh}\,h_{t-1} + b_{hh}), \qquad
      z_t = V h_t + c, \quad t = 1 \dots T.$$

    The label of step $t$ may depend on $x_1 \dots x_t$ (never on later
    inputs: the network reads left to right). Part-of-speech tagging has this
    shape: one tag per word. Train with the cross-entropy averaged over all
    $N T$ steps, `cross_entropy(z.reshape(-1, C), y.reshape(-1))`
    ([`cross_entropy`][dlref.losses.cross_entropy] takes $(N, C)$ scores).

    Args:
        input_size: $D$, the length of each $x_t$.
        hidden_size: $H$.
        num_classes: $C$, the number of tags.

    Attributes:
        rnn: the [`RNN`][dlref.layers.RNN]$(D \to H)$.
        head: the read-out [`Linear`][dlref.layers.Linear]$(H \to C)$, shared by all steps.

    Shape:
        - Input: $(N, T, D)$.
        - Output: $(N, T, C)$, the scores of every step.

    Examples:
        >>> from dlref import losses, manual_seed, tensor
        >>> manual_seed(0)
        >>> model = SequenceTagger(10, 16, 2)
        >>> z = model(tensor(np.ones((4, 7, 10)), dtype="float32"))
        >>> z.shape
        (4, 7, 2)
        >>> y = np.zeros((4, 7), dtype=np.int64)
        >>> round(losses.cross_entropy(z.reshape(-1, 2), y.reshape(-1)).item(), 4)
        0.6999
    """

    def __init__(self, input_size: int, hidden_size: int, num_classes: int):
        checks.integer(type(self).__name__, "num_classes (C)", num_classes, low=1)
        super().__init__(input_size, hidden_size, num_classes)

    def forward(self, X: Tensor) -> Tensor:
        """The scores of every step of each sequence."""
        outputs, _ = self.rnn(X)
        return _per_step(self.head, outputs)


class Seq2Seq(layers.Module):
    r"""Many to many, encoder-decoder: read a whole sequence, then write another of $T'$ steps.

    The encoder RNN reads $x_1 \dots x_T$; its last state is the context
    $c = h_T$, a summary of the input. The decoder RNN starts from
    $s_0 = c$ and gets $c$ as its input at every step:

    $$s_t = \tanh(U_{ih}\,c + b_{ih} + U_{hh}\,s_{t-1} + b_{hh}), \qquad
      z_t = V s_t + d, \quad t = 1 \dots T'.$$

    $T'$ need not equal $T$: translation has this shape (a sentence in,
    a sentence of another length out). **Decoder inputs.** Here the decoder
    reads only the context, so `forward(X)` needs only $X$, runs the decoder
    in one call, and trains with [`fit`][dlref.training.fit] exactly as it
    predicts. Decoders usually also read the previous output token (Cho et
    al., 2014, give them both): the true $y_{t-1}$ while training (teacher
    forcing) and the model's own guess when predicting. That helps for long
    outputs, but needs the targets in `forward` and a decoder run one step at
    a time. Train with the cross-entropy averaged over the steps,
    `cross_entropy(z.reshape(-1, C), y.reshape(-1))`.

    Args:
        input_size: $D$, the length of each input $x_t$.
        hidden_size: $H$, of both the encoder's and the decoder's state.
        num_classes: $C$, the number of output symbols.
        output_length: $T'$, the number of output steps.

    Attributes:
        encoder: the [`RNN`][dlref.layers.RNN]$(D \to H)$.
        decoder: the [`RNN`][dlref.layers.RNN]$(H \to H)$, $U$ and $b$.
        head: the read-out [`Linear`][dlref.layers.Linear]$(H \to C)$, $V$ and $d$.

    Shape:
        - Input: $(N, T, D)$.
        - Output: $(N, T', C)$, the scores of every output step.

    Examples:
        >>> from dlref import manual_seed, tensor
        >>> manual_seed(0)
        >>> model = Seq2Seq(10, 32, 10, output_length=3)   # 5 steps in, 3 out
        >>> model(tensor(np.ones((2, 5, 10)), dtype="float32")).shape
        (2, 3, 10)
    """

    def __init__(self, input_size: int, hidden_size: int, num_classes: int, output_length: int):
        super().__init__()
        checks.integer("Seq2Seq", "num_classes (C)", num_classes, low=1)
        self.output_length = checks.integer("Seq2Seq", "output_length (T')", output_length, low=1)
        self.encoder = layers.RNN(input_size, hidden_size)
        self.decoder = layers.RNN(hidden_size, hidden_size)
        self.head = layers.Linear(hidden_size, num_classes)

    def forward(self, X: Tensor) -> Tensor:
        """The scores of the $T'$ output steps of each input sequence."""
        _, c = self.encoder(X)  # the context, (N, H)
        N, H = c.shape
        inputs = c.reshape(N, 1, H).broadcast_to((N, self.output_length, H))  # c at every step
        outputs, _ = self.decoder(inputs, c)
        return _per_step(self.head, outputs)

    def __repr__(self) -> str:
        return (f"Seq2Seq(encoder={self.encoder!r}, decoder={self.decoder!r}, {self.head!r}, "
                f"output_length={self.output_length})")
