"""Shared fixtures: float64 by default, and a `backend` fixture over numpy and torch-cpu."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

import dlref
from dlref import backend as B


@pytest.fixture(autouse=True)
def one_thread():
    """One BLAS/OpenMP thread: the tests' matrices are tiny, and on a machine with few cores
    extra threads only fight over them (several times slower training)."""
    with threadpool_limits(limits=1):
        yield


@pytest.fixture(autouse=True)
def float64_numpy():
    """Every test starts on numpy in float64 with a fixed seed, and leaves it that way."""
    dlref.use("numpy")
    dlref.set_default_dtype("float64")
    dlref.manual_seed(0)
    yield
    dlref.use("numpy")
    dlref.set_default_dtype("float32")


@pytest.fixture(params=["numpy", "torch"])
def backend(request):
    """Run the test on each backend; yields the backend's name."""
    if request.param == "torch":
        pytest.importorskip("array_api_compat")
        pytest.importorskip("torch")
    dlref.use(request.param)
    yield request.param
    dlref.use("numpy")


def torch_copy(t):
    """A float64 torch leaf tensor holding the values of a dlref tensor (requires grad)."""
    import torch

    return torch.tensor(np.array(t.numpy(), dtype=np.float64), requires_grad=True)


def assert_close(actual, expected, rtol=1e-10, atol=1e-12):
    """Compare a dlref tensor/array with a torch tensor or array, in float64."""
    def as_np(v):
        if isinstance(v, dlref.Tensor):
            return v.numpy()
        if hasattr(v, "detach"):  # a torch tensor
            return v.detach().cpu().numpy()
        if isinstance(v, (list, tuple, int, float, np.ndarray, np.generic)):
            return np.asarray(v)
        return B.to_numpy(v)  # a backend array

    np.testing.assert_allclose(as_np(actual), as_np(expected), rtol=rtol, atol=atol)


ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The site, built once per test run by `mkdocs build --strict` with every cell run afresh; its folder."""
    out = tmp_path_factory.mktemp("built")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DLREF_CELL_CACHE=str(out / "cell-cache"))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out / "site")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stderr[-5000:]}")
    return out / "site"
