r"""A small convolutional network for the 8x8 digits: [`LeNet`][dlref.models.LeNet].

Examples:
    >>> import numpy as np
    >>> from dlref import manual_seed, tensor
    >>> manual_seed(0)
    >>> LeNet()(tensor(np.zeros((2, 1, 8, 8)), dtype="float32")).shape
    (2, 10)
"""

from __future__ import annotations

import numpy as np  # noqa: F401  (for the examples)

from dlref import checks, layers
from dlref.autograd import Tensor

__all__ = ["LeNet"]


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
        checks.integer("LeNet", "in_channels", in_channels, low=1)
        checks.integer("LeNet", "num_classes", num_classes, low=1)
        checks.integer("LeNet", "hidden_size", hidden_size, low=1)
        checks.integer("LeNet", "image_size (two poolings halve it)", image_size, low=4)
        if not (isinstance(channels, (tuple, list)) and len(channels) == 2):
            checks.fail("LeNet", "channels", "a pair (F_1, F_2) of integers >= 1", repr(channels))
        F1, F2 = channels = tuple(checks.integer("LeNet", f"channels[{i}]", F, low=1)
                                  for i, F in enumerate(channels))
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
        self._check_input(X, ("N", self.in_channels, S, S))
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
