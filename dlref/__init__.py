"""dlref: a deep-learning reference you can read, run and check.

The package mirrors the building blocks of the notes: `autograd` (tensors and
backpropagation), `activations`, `layers` (with the fused ops of `functional`),
`losses`, `optimizers`, `regularizers`, `metrics`, `data`, `training` (the fit
loop), `neuron` (the neuron and the perceptron), `models` (from logistic
regression to LeNet, the RNN shapes and the autoencoder), `clustering`,
`experiments` (the notes' claims as seeded functions), `scratch` (the notes'
backpropagation by hand) and `backend` (numpy by default; torch or cupy
through the array API).
"""

from dlref import (
    activations,
    autograd,
    backend,
    clustering,
    data,
    experiments,
    functional,
    layers,
    losses,
    metrics,
    models,
    neuron,
    optimizers,
    regularizers,
    scratch,
    training,
)
from dlref.autograd import Tensor, gradcheck, no_grad, tensor
from dlref.backend import manual_seed, set_default_dtype, use

__version__ = "0.1.0"
