r"""The array namespace `xp` that every dlref computation goes through.

dlref's teaching code writes `xp.exp(z)`, `xp.sum(x, axis=0)` and `A @ B`: the
[Array API standard](https://data-apis.org/array-api/), which numpy 2 follows
natively. [`use`][dlref.backend.use] switches that namespace once for the whole
package, so the same model code runs on numpy (the default, and the only choice
in the browser), on PyTorch tensors on the CPU or a CUDA GPU, or on CuPy arrays.
The last two are reached through `array-api-compat` (the `gpu` extra).

This module is the only place that knows which library is underneath. Random
numbers are always drawn with numpy from one generator and then moved to the
backend, so a seed gives the same initial weights on every backend.

Examples:
    >>> from dlref import backend
    >>> backend.use("numpy")
    >>> backend.name()
    'numpy'
    >>> backend.xp.exp(backend.asarray([0.0, 1.0])).round(3)
    array([1.   , 2.718], dtype=float32)
"""

from __future__ import annotations

import importlib

import numpy as np

__all__ = [
    "xp",
    "use",
    "name",
    "device",
    "asarray",
    "to_numpy",
    "index_add",
    "isdtype",
    "default_dtype",
    "set_default_dtype",
    "manual_seed",
    "rng",
    "generator",
]

BACKENDS = ("numpy", "torch", "cupy", "array_api_strict")


def _reduction(ufunc):
    """`np.sum`-like function that calls the ufunc's reduce directly.

    numpy's `sum`, `max` and `any` spend over a microsecond in Python wrappers
    before calling `np.add.reduce` (and so on), the same computation. Only
    arrays reach `xp`, so the wrappers have nothing to do; with batches of one
    they were a tenth of a training step.
    """
    def reduce(x, /, *, axis=None, keepdims=False):
        return ufunc.reduce(x, axis=axis, keepdims=keepdims)

    reduce.__name__ = ufunc.__name__ + ".reduce"
    return reduce


def _filled_like(value):
    """`np.zeros_like`-like function that builds the array with `np.empty` and `fill` (C calls only)."""
    def filled_like(x, /):
        out = np.empty(x.shape, dtype=x.dtype)
        out.fill(value)
        return out

    filled_like.__name__ = {0: "zeros_like", 1: "ones_like"}[value]
    return filled_like


def _broadcast_to(x, /, shape):
    """The values of `np.broadcast_to(x, shape)` in a new array: numpy builds its read-only view with
    an iterator that costs microseconds, more than copying the small arrays of a training step."""
    if x.ndim > len(shape):
        raise ValueError(f"cannot broadcast an array of shape {x.shape} to {tuple(shape)}")
    out = np.empty(shape, dtype=x.dtype)
    out[...] = x  # numpy's broadcasting rules, or its error
    return out


# numpy functions whose Python wrappers cost more than the work on a small array, and
# what does the same work directly: the array's own method or a C call (the
# reductions, astype, reshape), or an equivalent (new arrays, see above).
_NUMPY_FAST = {"sum": _reduction(np.add), "max": _reduction(np.maximum),
               "min": _reduction(np.minimum), "any": _reduction(np.logical_or),
               "all": _reduction(np.logical_and),
               "astype": lambda x, dtype, /, *, copy=True: x.astype(dtype, copy=copy),
               "reshape": lambda x, /, shape: x.reshape(shape),
               "zeros_like": _filled_like(0), "ones_like": _filled_like(1),
               "broadcast_to": _broadcast_to}


class _Namespace:
    """The current array namespace; attribute look-ups are cached until `use()`."""

    def __getattr__(self, attr):
        if _state["name"] == "numpy" and attr in _NUMPY_FAST:
            value = _NUMPY_FAST[attr]
        else:
            value = getattr(_state["namespace"], attr)
        setattr(self, attr, value)  # later look-ups skip __getattr__
        return value

    def __repr__(self):
        return f"<dlref array namespace: {_state['name']} on {_state['device']}>"


xp = _Namespace()
_state = {"name": "numpy", "namespace": np, "device": "cpu", "dtype": "float32"}
_rng = [np.random.default_rng()]


def _library(module: str, backend: str, install: str):
    """Import `module` for `use(backend)`, or say what to install."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise ImportError(f"use({backend!r}) needs the {module} package, which is not installed: {install}") from e


def use(backend: str = "numpy", device: str | None = None) -> None:
    """Select the array library that every later dlref computation runs on.

    Tensors made before the switch keep their old arrays: build the model
    after calling `use`.

    Args:
        backend: `"numpy"` (default), `"torch"`, `"cupy"` or
            `"array_api_strict"` (a strict reference namespace, for testing).
        device: for torch, `"cpu"` (default) or `"cuda"`; cupy is always on
            the GPU and numpy on the CPU.

    Raises:
        ValueError: an unknown backend, or a device the backend does not have.
        ImportError: the backend's library (or `array-api-compat`) is missing.

    Examples:
        >>> use("numpy")
        >>> name(), device()
        ('numpy', 'cpu')
    """
    if not (isinstance(backend, str) and backend in BACKENDS):
        raise ValueError(f"use(): expected backend to be one of {', '.join(map(repr, BACKENDS))}, "
                         f"got {backend!r}")
    allowed = {"numpy": ("cpu",), "torch": ("cpu", "cuda"), "cupy": ("cuda",),
               "array_api_strict": ("CPU_DEVICE",)}[backend]
    device = allowed[0] if device is None else device
    if not (isinstance(device, str) and device in allowed):
        raise ValueError(f"use({backend!r}): expected device to be one of "
                         f"{', '.join(map(repr, allowed))}, got {device!r}")
    if backend == "numpy":
        namespace = np
    elif backend == "array_api_strict":
        import array_api_strict as namespace
    else:
        array_api_compat = _library("array_api_compat", backend, "pip install 'dlref[gpu]'")
        if backend == "torch":
            torch = _library("torch", backend, "pip install torch (https://pytorch.org/get-started/ "
                             "gives the command for your GPU)")
            if device == "cuda" and not torch.cuda.is_available():
                raise ValueError("use('torch', device='cuda'): torch sees no CUDA GPU")
            namespace = array_api_compat.array_namespace(torch.zeros(0))
        else:
            cupy = _library("cupy", backend, "pip install cupy-cuda12x (the wheel of your CUDA version)")
            namespace = array_api_compat.array_namespace(cupy.zeros(0))
    if backend == "array_api_strict":
        device = namespace.Device(device)
    elif backend == "torch":
        import torch

        device = torch.device(device)
    _state.update(name=backend, namespace=namespace, device=device)
    xp.__dict__.clear()
    _kinds.clear()


def name() -> str:
    """The name of the current backend.

    Examples:
        >>> name()
        'numpy'
    """
    return _state["name"]


def device():
    """The device new arrays are made on (`"cpu"` for numpy).

    Examples:
        >>> device()
        'cpu'
    """
    return _state["device"]


def default_dtype():
    """The floating dtype of new tensors and parameters (`float32`, as in PyTorch).

    Examples:
        >>> default_dtype()
        dtype('float32')
    """
    if name() == "numpy":
        return np.dtype(_state["dtype"])
    return getattr(xp, _state["dtype"])


def set_default_dtype(dtype: str) -> None:
    """Set the floating dtype of new tensors: `"float32"` (default) or `"float64"`.

    Gradient checks and the PyTorch cross-checks run in `"float64"`.

    Examples:
        >>> set_default_dtype("float64"); default_dtype()
        dtype('float64')
        >>> set_default_dtype("float32")
    """
    if not (isinstance(dtype, str) and dtype in ("float32", "float64")):
        raise ValueError(f"set_default_dtype(): expected dtype to be one of 'float32', 'float64', "
                         f"got {dtype!r}")
    _state["dtype"] = dtype


def asarray(data, dtype=None):
    """Convert `data` (a list, a number, a numpy or backend array) to a backend array.

    Python numbers and lists of them become the default floating dtype;
    arrays keep their dtype unless `dtype` is given.

    Examples:
        >>> asarray([1, 2]).dtype
        dtype('float32')
    """
    if isinstance(data, (int, float, list, tuple)) and dtype is None:
        dtype = default_dtype()
    if name() != "numpy" and isinstance(data, np.ndarray):
        data = xp.asarray(data.copy())  # own the memory: numpy may reuse it
    return xp.asarray(data, dtype=dtype, device=device())


def to_numpy(array) -> np.ndarray:
    """Copy a backend array to a numpy array (for printing, plotting and tests).

    Examples:
        >>> to_numpy(asarray([1.0, 2.0]))
        array([1., 2.], dtype=float32)
    """
    if isinstance(array, (np.ndarray, np.generic)):
        return np.asarray(array)
    if name() == "torch":
        return array.detach().cpu().numpy()
    if name() == "cupy":
        return array.get()
    return np.asarray(array)


_kinds = {}


def isdtype(dtype, kind) -> bool:
    """`xp.isdtype(dtype, kind)`, remembered: numpy's takes microseconds, and every layer call asks.

    Examples:
        >>> isdtype(np.dtype("float32"), "real floating"), isdtype(np.dtype("int64"), "real floating")
        (True, False)
    """
    key = (dtype, kind)
    if key not in _kinds:
        _kinds[key] = bool(xp.isdtype(dtype, kind))
    return _kinds[key]


def index_add(target, key, values) -> None:
    """`target[key] += values`, in place, adding repeated indices as many times as they occur.

    The gradient of indexing: `x[[0, 0]]` uses `x[0]` twice, so its gradient
    receives both contributions. The array API has no scatter-add, so each
    library's own is used.

    Examples:
        >>> g = np.zeros(3); index_add(g, np.array([0, 0, 2]), np.ones(3)); g
        array([2., 0., 1.])
    """
    if name() == "numpy":
        np.add.at(target, key, values)
    elif name() == "cupy":
        import cupyx

        cupyx.scatter_add(target, key, values)
    elif name() == "torch":
        import torch

        # Number every element, pick the numbers `key` selects, add at those.
        flat = torch.arange(target.numel(), device=target.device).reshape(target.shape)[key]
        values = torch.broadcast_to(values, flat.shape)
        target.view(-1).index_add_(0, flat.reshape(-1), values.reshape(-1))
    else:
        raise NotImplementedError(f"index_add(): the {name()!r} backend has no scatter-add")


def manual_seed(seed: int) -> None:
    """Seed the one generator behind every random draw of dlref (weights, dropout, data).

    Examples:
        >>> manual_seed(0); a = rng().random()
        >>> manual_seed(0); a == rng().random()
        True
    """
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"manual_seed(): expected seed to be an integer >= 0, got {seed!r}")
    _rng[0] = np.random.default_rng(seed)


def rng() -> np.random.Generator:
    """The numpy generator that dlref draws from; results move to the backend with `asarray`.

    Examples:
        >>> manual_seed(0); rng().integers(10, size=3)
        array([8, 6, 5])
    """
    return _rng[0]


def generator(seed: int | None, who: str = "generator()") -> np.random.Generator:
    """A fresh numpy generator for an integer `seed`; dlref's shared one ([`rng`][dlref.backend.rng]) for None.

    Every `seed=` argument of dlref goes through here: the same seed gives the
    same draws, and None continues dlref's stream (set by `manual_seed`). A
    bad seed is refused in the wording of [`dlref.checks`][dlref.checks]
    (which sits above this module), naming `who` asked.

    Examples:
        >>> generator(0).integers(10, size=3)
        array([8, 6, 5])
        >>> generator(-1, "make_moons()")
        Traceback (most recent call last):
        ValueError: make_moons(): expected seed to be None or an integer >= 0, got -1
    """
    if seed is None:
        return rng()
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"{who}: expected seed to be None or an integer >= 0, got {seed!r}")
    return np.random.default_rng(seed)
