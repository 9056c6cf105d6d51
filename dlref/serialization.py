r"""Saving a model's state to a file and loading it back: [`save`][dlref.serialization.save] and [`load`][dlref.serialization.load].

The file is a numpy `.npz` archive, one array per entry of a
[`state_dict`][dlref.layers.Module.state_dict], under its dotted name. It
holds numbers only: loading reads arrays and never runs code, unlike a
pickle (which `torch.load` reads, and which can execute anything it was given),
so a file from a stranger is safe to open. Values and dtypes come back
exactly as they were saved.

Examples:
    >>> import os, tempfile
    >>> from dlref import manual_seed
    >>> from dlref.layers import Linear
    >>> manual_seed(0)
    >>> model = Linear(3, 2)
    >>> path = os.path.join(tempfile.mkdtemp(), "model.npz")
    >>> save(model.state_dict(), path)
    >>> restored = Linear(3, 2)
    >>> restored.load_state_dict(load(path))
    >>> bool((restored.weight == model.weight).numpy().all())
    True
"""

from __future__ import annotations

import os
import zipfile

import numpy as np

from dlref import backend, checks
from dlref.autograd import Tensor

__all__ = ["save", "load"]


def save(state_dict: dict, path) -> None:
    """Write `state_dict` (names to arrays, as `Module.state_dict()` gives) to the file `path`.

    The file is written as given (no `.npz` is appended) and replaced if it
    exists. Everything is checked before the file is opened, so a call that
    fails leaves no file behind.

    Args:
        state_dict: a dict from names (strings) to numeric arrays, numpy's
            or the backend's.
        path: the file, a string or a `pathlib.Path`.

    Raises:
        ValueError: `state_dict` is not a dict of strings to numeric arrays
            (a Tensor must be given as its array: use `state_dict()`), or `path` is not a path.

    Examples:
        >>> import os, tempfile
        >>> import numpy as np
        >>> path = os.path.join(tempfile.mkdtemp(), "weights.npz")
        >>> save({"w": np.array([1.0, 2.0])}, path)
        >>> load(path)["w"]
        array([1., 2.])
    """
    if not isinstance(state_dict, dict):
        checks.fail("save()", "state_dict", "a dict of names to arrays, such as model.state_dict()",
                    type(state_dict).__name__)
    if not isinstance(path, (str, os.PathLike)):
        checks.fail("save()", "path", "a file name (str or pathlib.Path)", type(path).__name__)
    arrays = {}
    for name, value in state_dict.items():
        if not isinstance(name, str):
            checks.fail("save()", "every name", "a string", repr(name))
        if isinstance(value, Tensor):
            checks.fail("save()", f"state_dict[{name!r}]", "an array", "a Tensor; save "
                        "model.state_dict(), whose values are arrays, or the Tensor's .data")
        if not (hasattr(value, "shape") and hasattr(value, "dtype")):
            checks.fail("save()", f"state_dict[{name!r}]", "a numeric array", type(value).__name__)
        arrays[name] = _numeric("save()", f"state_dict[{name!r}]", backend.to_numpy(value))
    with open(path, "wb") as file:
        np.savez(file, **arrays)


def load(path) -> dict:
    """Read a file written by [`save`][dlref.serialization.save]: names to arrays of the current backend.

    Only arrays of numbers are read (`allow_pickle=False`): a file holding
    Python objects is refused, never executed.

    Args:
        path: the file, a string or a `pathlib.Path`.

    Returns:
        A dict from names to backend arrays, in the order they were saved,
        ready for [`load_state_dict`][dlref.layers.Module.load_state_dict].

    Raises:
        ValueError: `path` is not a path, or the file is not an archive of numeric arrays.
        FileNotFoundError: there is no such file.

    Examples:
        >>> import os, tempfile
        >>> import numpy as np
        >>> path = os.path.join(tempfile.mkdtemp(), "state.npz")
        >>> save({"0.weight": np.eye(2, dtype=np.float32)}, path)
        >>> state = load(path)
        >>> list(state), state["0.weight"].dtype
        (['0.weight'], dtype('float32'))
    """
    if not isinstance(path, (str, os.PathLike)):
        checks.fail("load()", "path", "a file name (str or pathlib.Path)", type(path).__name__)
    try:
        archive = np.load(path, allow_pickle=False)
        if not isinstance(archive, np.lib.npyio.NpzFile):  # a single .npy array
            raise ValueError("it holds one array, not an archive")
        with archive:
            arrays = {name: archive[name] for name in archive.files}
    except (ValueError, zipfile.BadZipFile) as error:
        checks.fail("load()", "the file", "an .npz archive of numeric arrays, as dlref.save() writes",
                    f"{str(path)!r} ({error})")
    return {name: backend.asarray(_numeric("load()", f"the array {name!r}", array))
            for name, array in arrays.items()}


def _numeric(who: str, name: str, array: np.ndarray) -> np.ndarray:
    """`array` if it holds booleans, integers or floats, or the error."""
    if array.dtype.kind not in "biuf":
        checks.fail(who, name, "an array of numbers", f"dtype {array.dtype}")
    return array
