"""dlref: a deep-learning reference you can read, run and check.

The package mirrors the building blocks of the notes: `autograd` (tensors and
backpropagation), `activations`, `layers` (with the fused ops of `functional`),
`losses`, `optimizers`, `regularizers`, `metrics`, `data`, `training` (the fit
loop), `neuron` (the neuron and the perceptron), `models` (from logistic
regression to LeNet, the RNN shapes and the autoencoder), `clustering`,
`experiments` (the notes' claims as seeded functions), `scratch` (the notes'
backpropagation by hand) and `backend` (numpy by default; torch or cupy
through the array API).

`import dlref` loads only the tensors and the backend; every other module
loads on first use (`dlref.layers`, or `from dlref import layers`), so a
program pays only for the modules it uses.
"""

import importlib

from dlref.autograd import Tensor, gradcheck, no_grad, tensor
from dlref.backend import manual_seed, set_default_dtype, use

__version__ = "0.1.0"

SUBMODULES = (
    "activations",
    "autograd",
    "backend",
    "clustering",
    "data",
    "experiments",
    "functional",
    "layers",
    "losses",
    "metrics",
    "models",
    "neuron",
    "optimizers",
    "regularizers",
    "scratch",
    "training",
)


def __getattr__(name: str):
    """`dlref.layers` and the other submodules, imported when first asked for."""
    if name in SUBMODULES:
        return importlib.import_module(f"dlref.{name}")
    raise AttributeError(f"module 'dlref' has no attribute {name!r}")


def __dir__() -> list:
    return sorted(set(globals()) | set(SUBMODULES))
