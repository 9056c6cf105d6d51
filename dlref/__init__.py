"""dlref: a deep-learning reference you can read, run and check.

The package mirrors the building blocks of the notes: `autograd` (tensors and
backpropagation), `activations`, `layers`, `losses`, and `backend` (numpy by
default; torch or cupy through the array API).
"""

from dlref import activations, autograd, backend
from dlref.autograd import Tensor, gradcheck, no_grad, tensor
from dlref.backend import manual_seed, set_default_dtype, use

__version__ = "0.1.0"
