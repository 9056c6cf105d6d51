"""dlref: a deep-learning reference you can read, run and check.

The package mirrors the building blocks of the notes: `autograd` (tensors and
backpropagation) with `joining` (concat and stack) and `finite_differences`
(the numbers gradients are checked against), `activations`, `layers` (with
the fused ops of `functional` and the starting weights of `init`), `losses`,
`optimizers`, `schedules`, `regularizers`, `metrics`, `data`, `training` (the
fit loop, with its `callbacks`), `neuron` (the neuron and the perceptron),
`models` (from logistic regression to LeNet, the RNN shapes, the autoencoder
and the Gaussian classifier), `clustering`, `experiments` (the notes' claims
as seeded functions), `scratch` (the notes' backpropagation by hand),
`backend` (numpy by default; torch or cupy through the array API), `checks`
(how every argument is checked), `serialization` (a model's state in a
file: `dlref.save` and `dlref.load`) and `exercises` (the checkers of the
chapters' exercises).

`import dlref` loads only the tensors, the backend and `save`/`load`; every
other module loads on first use (`dlref.layers`, or `from dlref import
layers`), so a program pays only for the modules it uses.
"""

import importlib

from dlref.autograd import Tensor, no_grad, tensor
from dlref.backend import manual_seed, set_default_dtype, use
from dlref.finite_differences import gradcheck
from dlref.joining import concat, stack
from dlref.serialization import load, save

__version__ = "0.1.0"

SUBMODULES = (
    "activations",
    "autograd",
    "backend",
    "callbacks",
    "checks",
    "clustering",
    "data",
    "exercises",
    "experiments",
    "finite_differences",
    "functional",
    "init",
    "joining",
    "layers",
    "losses",
    "metrics",
    "models",
    "neuron",
    "optimizers",
    "regularizers",
    "schedules",
    "scratch",
    "serialization",
    "training",
)


__all__ = ["Tensor", "tensor", "no_grad", "concat", "stack", "gradcheck", "manual_seed",
           "set_default_dtype", "use", "save", "load", *SUBMODULES]


def __getattr__(name: str):
    """`dlref.layers` and the other submodules, imported when first asked for."""
    if name in SUBMODULES:
        return importlib.import_module(f"dlref.{name}")
    raise AttributeError(f"module 'dlref' has no attribute {name!r}")


def __dir__() -> list:
    return sorted(set(globals()) | set(SUBMODULES))
