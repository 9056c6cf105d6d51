r"""Ready-made models of the notes, built from [`dlref.layers`][dlref.layers].

- [`LogisticRegression`][dlref.models.LogisticRegression]: the cat detector,
  $\hat y = \sigma(w^\top x + b)$, trained with the binary cross-entropy.
- [`SoftmaxClassifier`][dlref.models.SoftmaxClassifier]: cat, dog or lion,
  one score $z_j = w_j^\top x + b_j$ per class turned into probabilities by a
  softmax, trained with the categorical cross-entropy.
- [`mlp`][dlref.models.mlp]: a multilayer perceptron, layers
  $Z^{[l]} = W^{[l]} a^{[l-1]} + b^{[l]}$, $a^{[l]} = \sigma(Z^{[l]})$.
- [`LeNet`][dlref.models.LeNet]: a small convolutional network (convolution,
  ReLU, max pooling, twice, then two fully connected layers) for 8x8 digits.
- The four shapes of recurrent network, each an [`RNN`][dlref.layers.RNN]
  with a [`Linear`][dlref.layers.Linear] read-out:
  [`SequenceGenerator`][dlref.models.SequenceGenerator] (one to many),
  [`SequenceClassifier`][dlref.models.SequenceClassifier] (many to one),
  [`SequenceTagger`][dlref.models.SequenceTagger] (many to many, one output per
  input) and [`Seq2Seq`][dlref.models.Seq2Seq] (many to many, an encoder and a
  decoder: the output may be longer or shorter than the input).
- [`Autoencoder`][dlref.models.Autoencoder]: unsupervised, an encoder to a
  code $z$ of $k$ numbers and a decoder back, trained to give its input back;
  [`PCA`][dlref.models.PCA] is the best *linear* code of the same size, to
  compare with.

`LogisticRegression` and `SoftmaxClassifier` output probabilities $\hat y$,
as in the notes; the other classifiers output scores (logits) for
[`cross_entropy`][dlref.losses.cross_entropy]. The models hold no gradient
code: autograd differentiates them.

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

import numpy as np

from dlref import activations, backend, layers
from dlref.autograd import Tensor
from dlref.neuron import Neuron

__all__ = [
    "PCA",
    "Autoencoder",
    "LeNet",
    "LogisticRegression",
    "Seq2Seq",
    "SequenceClassifier",
    "SequenceGenerator",
    "SequenceTagger",
    "SoftmaxClassifier",
    "mlp",
]

HIDDEN_ACTIVATIONS = {"relu": layers.ReLU, "tanh": layers.Tanh, "sigmoid": layers.Sigmoid}
OUTPUT_ACTIVATIONS = {**HIDDEN_ACTIVATIONS, "softmax": layers.Softmax}


class LogisticRegression(Neuron):
    r"""Logistic regression: one sigmoid neuron giving the probability of class 1.

    $$\hat y = P(y = 1 \mid x) = \sigma(w^\top x + b) = \frac{1}{1 + e^{-(w^\top x + b)}}$$

    Train it with [`binary_cross_entropy`][dlref.losses.binary_cross_entropy]
    (the output is a probability, not a logit). Its decision boundary
    $w^\top x + b = 0$ is a straight line (a hyperplane): the classes must be
    linearly separable for it to classify every example correctly.

    Args:
        in_features: $n$, the length of an input $x$ (e.g. the pixels of an image).

    Shape:
        - Input: `(N, n)`.
        - Output: `(N,)`, the probabilities $\hat y$.

    Examples:
        >>> import numpy as np
        >>> model = LogisticRegression(2)
        >>> model.w.data[:] = [1.0, 1.0]
        >>> model(Tensor([[0.0, 0.0], [2.0, 1.0]])).numpy().round(3)  # sigma(0), sigma(3)
        array([0.5  , 0.953], dtype=float32)
    """

    def __init__(self, in_features: int):
        super().__init__(in_features, activation="sigmoid")

    def __repr__(self) -> str:
        return f"LogisticRegression({self.in_features})"


class SoftmaxClassifier(layers.Module):
    r"""Multinomial logistic regression: a linear score per class, then a softmax.

    $$z_j = w_j^\top x + b_j, \qquad
      \hat y_j = \operatorname{softmax}(z)_j = \frac{e^{z_j}}{\sum_{k=1}^{C} e^{z_k}}$$

    The scores of all classes are one [`Linear`][dlref.layers.Linear] layer
    $z = W x + b$ (row $j$ of $W$ is $w_j$). Train it with
    [`categorical_cross_entropy`][dlref.losses.categorical_cross_entropy],
    $L = -\sum_j y_j \log \hat y_j$.

    Args:
        in_features: $n$, the length of an input $x$.
        num_classes: $C$, the number of classes (e.g. 3 for cat, dog, lion).

    Shape:
        - Input: `(N, n)`.
        - Output: `(N, C)`, each row a probability distribution over the classes.

    Examples:
        >>> from dlref import manual_seed
        >>> manual_seed(0)
        >>> model = SoftmaxClassifier(4, 3)
        >>> y_hat = model(Tensor([[1.0, 0.0, -1.0, 2.0]]))
        >>> y_hat.shape, y_hat.numpy().sum().round(3)
        ((1, 3), np.float32(1.0))
    """

    def __init__(self, in_features: int, num_classes: int):
        super().__init__()
        if not isinstance(num_classes, int) or num_classes < 2:
            raise ValueError(f"SoftmaxClassifier: expected num_classes C >= 2, got {num_classes!r}")
        self.linear = layers.Linear(in_features, num_classes)

    def forward(self, X: Tensor) -> Tensor:
        r"""$\hat y = \operatorname{softmax}(X W^\top + b)$, row by row."""
        return activations.softmax(self.linear(X), axis=-1)

    def __repr__(self) -> str:
        return f"SoftmaxClassifier({self.linear.in_features}, {self.linear.out_features})"


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
        activation: `"relu"`, `"tanh"` or `"sigmoid"`.
        output_activation: `None`, or `"sigmoid"` (one probability),
            `"softmax"` (a distribution over classes), `"relu"`, `"tanh"`.

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
    sizes = list(sizes)
    if len(sizes) < 2 or not all(isinstance(n, int) and n >= 1 for n in sizes):
        raise ValueError(
            f"mlp(): expected sizes [n_0, ..., n_L] of at least two integers >= 1, got {sizes}"
        )
    if activation not in HIDDEN_ACTIVATIONS:
        raise ValueError(
            f"mlp(): unknown activation {activation!r}; expected one of {sorted(HIDDEN_ACTIVATIONS)}"
        )
    if output_activation is not None and output_activation not in OUTPUT_ACTIVATIONS:
        raise ValueError(
            f"mlp(): unknown output_activation {output_activation!r}; "
            f"expected None or one of {sorted(OUTPUT_ACTIVATIONS)}"
        )
    modules = []
    for n_in, n_out in itertools.pairwise(sizes):  # layer l maps n_{l-1} -> n_l
        modules += [layers.Linear(n_in, n_out), HIDDEN_ACTIVATIONS[activation]()]
    modules.pop()  # the output layer gets output_activation instead
    if output_activation is not None:
        modules.append(OUTPUT_ACTIVATIONS[output_activation]())
    return layers.Sequential(*modules)


# ------------------------------------------------------------ convolutional
class LeNet(layers.Module):
    r"""A LeNet-like convolutional network, sized for the 8x8 digits of [`load_digits`][dlref.data.load_digits].

    Two blocks of convolution, ReLU and max pooling extract features; two
    fully connected layers classify them:

    $$\text{Conv}_{3\times 3} \to \text{ReLU} \to \text{MaxPool}_{2\times 2} \to
      \text{Conv}_{3\times 3} \to \text{ReLU} \to \text{MaxPool}_{2\times 2} \to
      \text{Flatten} \to \text{Linear} \to \text{ReLU} \to \text{Linear}$$

    The $3 \times 3$ convolutions are padded by 1, so they keep the image
    size $S$; each pooling halves it (rounding down). With the defaults an
    image goes $1{\times}8{\times}8 \to 16{\times}8{\times}8 \to 16{\times}4{\times}4
    \to 32{\times}4{\times}4 \to 32{\times}2{\times}2 \to 128 \to 64 \to 10$,
    with $160 + 4640 + 8256 + 650 = 13706$ parameters. A convolution sees only
    a $3 \times 3$ window (locality) and applies the same filters everywhere
    (weight sharing): the first layer has 160 parameters where a fully
    connected layer with the same 1024 outputs would have 66,560.

    The outputs are scores (logits) $z$; train with
    [`cross_entropy`][dlref.losses.cross_entropy].

    Args:
        in_channels: $C$, the channels of an image (1 for grey levels).
        num_classes: the number of classes.
        image_size: $S$, the height and width of the (square) images, at least 4.
        channels: $(F_1, F_2)$, the filters of the two convolutions.
        hidden_size: the units of the hidden fully connected layer.

    Attributes:
        features: the convolution blocks, a [`Sequential`][dlref.layers.Sequential].
        classifier: `Flatten`, `Linear`, `ReLU`, `Linear`, a `Sequential`.

    Shape:
        - Input: $(N, C, S, S)$; flat digits `X` of shape (N, 64) become
          `X.reshape(-1, 1, 8, 8)`.
        - Output: $(N, \text{num\_classes})$, the scores.

    Examples:
        >>> from dlref import manual_seed, tensor
        >>> manual_seed(0)
        >>> model = LeNet()
        >>> model
        LeNet(1x8x8 -> 10, channels=(16, 32), hidden_size=64)
        >>> model(tensor(np.zeros((2, 1, 8, 8)), dtype="float32")).shape
        (2, 10)
        >>> sum(p.size for p in model.parameters())
        13706
    """

    def __init__(self, in_channels: int = 1, num_classes: int = 10, image_size: int = 8,
                 channels=(16, 32), hidden_size: int = 64):
        super().__init__()
        layers._check_size("LeNet", "num_classes", num_classes)
        layers._check_size("LeNet", "hidden_size", hidden_size)
        if isinstance(image_size, bool) or not isinstance(image_size, int) or image_size < 4:
            raise ValueError(
                f"LeNet: expected image_size to be an integer >= 4 (two poolings halve it), "
                f"got {image_size!r}"
            )
        channels = tuple(channels)
        if len(channels) != 2:
            raise ValueError(f"LeNet: expected channels as a pair (F_1, F_2), got {channels!r}")
        F1, F2 = channels
        side = image_size // 2 // 2  # the size after the two poolings
        self.in_channels, self.num_classes, self.image_size = in_channels, num_classes, image_size
        self.channels, self.hidden_size = channels, hidden_size
        self.features = layers.Sequential(
            layers.Conv2d(in_channels, F1, 3, padding=1), layers.ReLU(), layers.MaxPool2d(2),
            layers.Conv2d(F1, F2, 3, padding=1), layers.ReLU(), layers.MaxPool2d(2),
        )
        self.classifier = layers.Sequential(
            layers.Flatten(), layers.Linear(F2 * side * side, hidden_size), layers.ReLU(),
            layers.Linear(hidden_size, num_classes),
        )

    def forward(self, X: Tensor) -> Tensor:
        """The class scores of each image."""
        S = self.image_size
        self._check(X, ("N", self.in_channels, S, S))
        return self.classifier(self.features(X))

    def _hint(self, X: Tensor) -> str:
        C, S = self.in_channels, self.image_size
        if X.ndim == 2 and X.shape[1] == C * S * S:
            return f"reshape the flat images to (N, {C}, {S}, {S})?"
        return ""

    def __repr__(self) -> str:
        S = self.image_size
        return (f"LeNet({self.in_channels}x{S}x{S} -> {self.num_classes}, "
                f"channels={self.channels}, hidden_size={self.hidden_size})")


# --------------------------------------------------------------- recurrent
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
    targets of shape $(N, T, \text{out\_features})$.

    Args:
        in_features: $D$, the length of $x$.
        hidden_size: $H$.
        out_features: the length of each output $\hat y_t$.
        length: $T$, the number of outputs.

    Attributes:
        rnn: the [`RNN`][dlref.layers.RNN]$(D \to H)$.
        head: the read-out [`Linear`][dlref.layers.Linear]$(H \to \text{out\_features})$, $V$ and $c$.

    Shape:
        - Input: $(N, D)$.
        - Output: $(N, T, \text{out\_features})$.

    Examples:
        >>> from dlref import manual_seed, tensor
        >>> manual_seed(0)
        >>> model = SequenceGenerator(2, 16, 1, length=12)
        >>> model(tensor([[1.0, 0.5], [0.7, 2.0]])).shape
        (2, 12, 1)
    """

    def __init__(self, in_features: int, hidden_size: int, out_features: int, length: int):
        super().__init__(in_features, hidden_size, out_features)
        layers._check_size("SequenceGenerator", "length", length)
        self.in_features, self.length = in_features, length
        first_step = np.zeros((1, length, 1))
        first_step[0, 0, 0] = 1.0
        self.first_step = first_step  # (1, T, 1): 1 at t = 1, 0 after

    def forward(self, x: Tensor) -> Tensor:
        """The $T$ outputs generated from each row of `x`."""
        self._check(x, ("N", self.in_features))
        N, D = x.shape
        mask = Tensor(backend.asarray(self.first_step, dtype=x.dtype))
        X = x.reshape(N, 1, D) * mask  # (N, T, D): x at t = 1, zeros after
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
        in_features: $D$, the length of each $x_t$.
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

    def __init__(self, in_features: int, hidden_size: int, num_classes: int):
        super().__init__(in_features, hidden_size, num_classes)

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
        in_features: $D$, the length of each $x_t$.
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

    def __init__(self, in_features: int, hidden_size: int, num_classes: int):
        super().__init__(in_features, hidden_size, num_classes)

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
        in_features: $D$, the length of each input $x_t$.
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

    def __init__(self, in_features: int, hidden_size: int, num_classes: int, output_length: int):
        super().__init__()
        layers._check_size("Seq2Seq", "output_length", output_length)
        self.encoder = layers.RNN(in_features, hidden_size)
        self.decoder = layers.RNN(hidden_size, hidden_size)
        self.head = layers.Linear(hidden_size, num_classes)
        self.output_length = output_length
        self.every_step = np.ones((1, output_length, 1))

    def forward(self, X: Tensor) -> Tensor:
        """The scores of the $T'$ output steps of each input sequence."""
        _, c = self.encoder(X)  # the context, (N, H)
        N, H = c.shape
        every_step = Tensor(backend.asarray(self.every_step, dtype=c.dtype))
        inputs = c.reshape(N, 1, H) * every_step  # (N, T', H): c at every step
        outputs, _ = self.decoder(inputs, c)
        return _per_step(self.head, outputs)

    def __repr__(self) -> str:
        return (f"Seq2Seq(encoder={self.encoder!r}, decoder={self.decoder!r}, {self.head!r}, "
                f"output_length={self.output_length})")


# ------------------------------------------------------------ unsupervised
class Autoencoder(layers.Module):
    r"""An autoencoder: an encoder squeezes $x$ into a code $z$ of $k < D$ numbers, a decoder rebuilds $x$.

    $$z = f_{\text{enc}}(x), \qquad \hat x = f_{\text{dec}}(z), \qquad
      L(\hat x, x) = \frac{1}{D} \lVert \hat x - x \rVert^2 .$$

    The target is the input itself, so no labels are needed: unsupervised
    learning. Train with `fit(model, mse_loss, optimizer, (X, X))`. The code
    is a bottleneck: to rebuild $x$ from $k$ numbers the network must keep
    what matters about the data and drop the rest. Both halves are
    [`mlp`][dlref.models.mlp]s, the decoder the mirror image of the
    encoder, with a linear code and a linear output.

    Without activations the best an autoencoder can do is
    [`PCA`][dlref.models.PCA] with the same $k$ (a linear autoencoder trained
    with the squared error spans the same subspace as the first $k$ principal
    components). The non-linear layers let it follow curved data, and beat
    PCA with the same $k$: the chapter on autoencoders measures both on
    held-out digits.

    Args:
        in_features: $D$, the length of $x$.
        code_size: $k$, the length of the code, $1 \le k < D$.
        hidden_sizes: the hidden layers of the encoder (the decoder has them reversed).
        activation: of the hidden layers: `"relu"`, `"tanh"` or `"sigmoid"`.

    Attributes:
        encoder: `mlp([D, *hidden_sizes, k])`.
        decoder: `mlp([k, *reversed(hidden_sizes), D])`.

    Shape:
        - Input: $(N, D)$.
        - Code: $(N, k)$.
        - Output: $(N, D)$, the reconstructions $\hat x$.

    Examples:
        >>> from dlref import manual_seed, tensor
        >>> manual_seed(0)
        >>> model = Autoencoder(64, code_size=4, hidden_sizes=(32,))
        >>> X = tensor(np.zeros((5, 64)), dtype="float32")
        >>> model.encode(X).shape, model(X).shape
        ((5, 4), (5, 64))
    """

    def __init__(self, in_features: int, code_size: int, hidden_sizes=(128,), activation: str = "relu"):
        super().__init__()
        layers._check_size("Autoencoder", "in_features", in_features)
        layers._check_size("Autoencoder", "code_size", code_size)
        if code_size >= in_features:
            raise ValueError(
                f"Autoencoder: expected code_size k < in_features D = {in_features} "
                f"(the code must compress), got {code_size}"
            )
        hidden_sizes = list(hidden_sizes)
        self.in_features, self.code_size = in_features, code_size
        self.encoder = mlp([in_features, *hidden_sizes, code_size], activation)
        self.decoder = mlp([code_size, *hidden_sizes[::-1], in_features], activation)

    def encode(self, X: Tensor) -> Tensor:
        r"""The codes $z = f_{\text{enc}}(x)$ of the rows of `X`, shape $(N, k)$."""
        return self.encoder(X)

    def decode(self, Z: Tensor) -> Tensor:
        r"""The reconstructions $\hat x = f_{\text{dec}}(z)$ of the codes `Z`, shape $(N, D)$."""
        return self.decoder(Z)

    def forward(self, X: Tensor) -> Tensor:
        r"""$\hat x = f_{\text{dec}}(f_{\text{enc}}(x))$ for each row of `X`."""
        return self.decode(self.encode(X))

    def __repr__(self) -> str:
        return f"Autoencoder({self.in_features} -> {self.code_size} -> {self.in_features})"


class PCA:
    r"""Principal component analysis: the best *linear* code of $k$ numbers, from an SVD.

    Centre the data, $\tilde X = X - \mu$ with $\mu$ the mean row, and take
    its singular value decomposition $\tilde X = U \Sigma V^\top$. The first
    $k$ right singular vectors, the rows of $W$ $(k, D)$, are orthonormal
    directions of largest variance (the principal components). Coding and
    decoding are projections:

    $$z = W (x - \mu), \qquad \hat x = \mu + W^\top z .$$

    No other linear code of $k$ numbers rebuilds the training data with a
    smaller squared error (Eckart-Young), so PCA is the baseline an
    [`Autoencoder`][dlref.models.Autoencoder] with the same $k$ has to beat.
    PCA has no parameters to train by gradient descent: `fit` computes $W$
    in closed form. It works on numpy arrays.

    Args:
        n_components: $k \ge 1$.

    Attributes:
        mean_: $\mu$, shape $(D,)$, set by `fit`.
        components_: $W$, shape $(k, D)$, orthonormal rows, set by `fit`.

    Examples:
        >>> X = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])
        >>> pca = PCA(1).fit(X)               # the data lie on the line x_1 = x_2
        >>> pca.mean_, np.abs(pca.components_).round(3)
        (array([1.5, 1.5]), array([[0.707, 0.707]]))
        >>> pca.encode(X).shape
        (4, 1)
        >>> pca.reconstruct([[1.0, 2.0]]).round(6)   # a point off the line: its projection
        array([[1.5, 1.5]])
    """

    def __init__(self, n_components: int):
        layers._check_size("PCA", "n_components", n_components)
        self.n_components = n_components
        self.mean_ = self.components_ = None

    def fit(self, X) -> PCA:
        """Compute $\\mu$ and $W$ from the rows of `X`, shape $(N, D)$ with $k \\le \\min(N, D)$; returns self."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2:
            raise ValueError(f"PCA.fit(): expected X of shape (N, D), got {X.shape}")
        if self.n_components > min(X.shape):
            raise ValueError(
                f"PCA.fit(): expected n_components k <= min(N, D) = {min(X.shape)} "
                f"for X of shape {X.shape}, got {self.n_components}"
            )
        self.mean_ = X.mean(axis=0)
        _, _, Vt = np.linalg.svd(X - self.mean_, full_matrices=False)
        self.components_ = Vt[: self.n_components]
        return self

    def _check(self, who: str, A, symbol: str) -> np.ndarray:
        """`A` as float64 rows of data `X` (N, D) or codes `Z` (N, k), once fitted."""
        if self.components_ is None:
            raise ValueError(f"PCA.{who}(): the PCA is not fitted yet; call fit(X) first")
        width = self.components_.shape[1] if symbol == "X" else self.n_components
        A = np.asarray(A, dtype=np.float64)
        if A.ndim != 2 or A.shape[1] != width:
            raise ValueError(f"PCA.{who}(): expected {symbol} of shape (N, {width}), got {A.shape}")
        return A

    def encode(self, X) -> np.ndarray:
        r"""The codes $z = W(x - \mu)$ of the rows of `X` $(N, D)$, shape $(N, k)$."""
        X = self._check("encode", X, "X")
        return (X - self.mean_) @ self.components_.T

    def decode(self, Z) -> np.ndarray:
        r"""The points $\hat x = \mu + W^\top z$ of the codes `Z` $(N, k)$, shape $(N, D)$."""
        Z = self._check("decode", Z, "Z")
        return Z @ self.components_ + self.mean_

    def reconstruct(self, X) -> np.ndarray:
        r"""$\hat x = \mu + W^\top W (x - \mu)$: each row of `X` projected on the components."""
        return self.decode(self.encode(X))

    def __repr__(self) -> str:
        return f"PCA(n_components={self.n_components})"
