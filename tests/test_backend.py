"""The backend switch: namespaces, devices, conversions, seeds and scatter-add."""

import re

import numpy as np
import pytest

import dlref
from dlref import backend as B


def test_default_is_numpy_on_cpu():
    assert B.name() == "numpy"
    assert B.device() == "cpu"
    assert B.xp.exp is np.exp


def test_use_switches_the_namespace_everywhere(backend):
    x = B.asarray([1.0, 2.0])
    assert B.name() == backend
    if backend == "torch":
        import torch

        assert isinstance(x, torch.Tensor)
        assert x.dtype == torch.float64  # the tests' default dtype
    else:
        assert isinstance(x, np.ndarray)
    np.testing.assert_array_equal(B.to_numpy(B.xp.exp(x)), np.exp([1.0, 2.0]))


def test_use_rejects_unknown_backend_and_device():
    with pytest.raises(ValueError, match=r"^use\(\): expected backend to be one of 'numpy', .*got 'jax'$"):
        dlref.use("jax")
    with pytest.raises(ValueError, match=r"^use\('numpy'\): expected device to be one of 'cpu', got 'cuda'$"):
        dlref.use("numpy", device="cuda")
    assert B.name() == "numpy"  # a failed switch changes nothing


def test_use_torch_cuda_without_gpu_says_so():
    torch = pytest.importorskip("torch")
    pytest.importorskip("array_api_compat")
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    with pytest.raises(ValueError, match="torch sees no CUDA GPU"):
        dlref.use("torch", device="cuda")


def test_array_api_strict_runs_the_same_autograd():
    pytest.importorskip("array_api_strict")
    dlref.use("array_api_strict")
    x = dlref.tensor([[0.5, -1.0], [2.0, 0.25]], requires_grad=True)
    ((x @ x).exp().sum() / 3).backward()
    expected_x = np.array([[0.5, -1.0], [2.0, 0.25]])
    dlref.use("numpy")
    y = dlref.tensor(expected_x, requires_grad=True)
    ((y @ y).exp().sum() / 3).backward()
    np.testing.assert_allclose(np.asarray(B.to_numpy(x.grad)), y.grad, rtol=1e-14)


def test_default_dtype_applies_to_numbers_and_lists_only():
    B.set_default_dtype("float32")
    assert B.asarray([1, 2]).dtype == np.float32
    assert B.asarray(np.arange(3)).dtype == np.int64  # arrays keep their dtype
    B.set_default_dtype("float64")
    assert dlref.tensor(3.0).dtype == np.float64
    with pytest.raises(ValueError, match=r"^set_default_dtype\(\): expected dtype to be one of 'float32', 'float64', got 'float16'$"):
        B.set_default_dtype("float16")


def test_numpy_data_is_copied_onto_other_backends(backend):
    source = np.array([1.0, 2.0])
    x = B.asarray(source)
    source[0] = 99.0
    expected = 99.0 if backend == "numpy" else 1.0  # numpy shares memory, like np.asarray
    assert B.to_numpy(x)[0] == expected


def test_manual_seed_repeats_draws_and_validates():
    B.manual_seed(7)
    a = B.rng().standard_normal(5)
    B.manual_seed(7)
    np.testing.assert_array_equal(a, B.rng().standard_normal(5))
    for bad in [-1, 1.5, None, True, "0"]:
        with pytest.raises(ValueError, match=rf"^manual_seed\(\): expected seed to be an integer >= 0, got {re.escape(repr(bad))}$"):
            B.manual_seed(bad)


@pytest.mark.parametrize(
    "key",
    [
        np.array([0, 2, 0, 0]),                       # repeated indices add up
        (slice(0, 2), np.array([1, 1])),              # mixed basic and advanced
        np.array([[True, False, True], [False, True, True], [True, True, True]]),
        (Ellipsis, 1),
    ],
)
def test_index_add_matches_numpy_add_at(backend, key):
    rng = np.random.default_rng(1)
    target = rng.standard_normal((3, 3))
    values = rng.standard_normal(target[key].shape)
    expected = target.copy()
    np.add.at(expected, key, values)
    t = B.asarray(target.copy())
    B.index_add(t, key, B.asarray(values))
    np.testing.assert_allclose(B.to_numpy(t), expected, rtol=1e-15)


def test_to_numpy_gives_arrays_for_scalars():
    assert isinstance(B.to_numpy(np.float64(2.0)), np.ndarray)
