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
- [`GaussianClassifier`][dlref.models.GaussianClassifier]: a generative
  classifier, one Gaussian per class and Bayes' rule, to compare with the
  discriminative logistic regression.

One model per file, named after its concept (`classifiers`, `multilayer`, `lenet`,
`recurrent`, `autoencoder`, `gaussian`); each is importable from here.
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

from dlref.models.autoencoder import PCA, Autoencoder
from dlref.models.classifiers import LogisticRegression, SoftmaxClassifier
from dlref.models.gaussian import GaussianClassifier
from dlref.models.lenet import LeNet
from dlref.models.multilayer import mlp
from dlref.models.recurrent import (
    Seq2Seq,
    SequenceClassifier,
    SequenceGenerator,
    SequenceTagger,
)

__all__ = [
    "LogisticRegression",
    "SoftmaxClassifier",
    "mlp",
    "LeNet",
    "SequenceGenerator",
    "SequenceClassifier",
    "SequenceTagger",
    "Seq2Seq",
    "Autoencoder",
    "PCA",
    "GaussianClassifier",
]
