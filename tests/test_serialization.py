"""dlref.save and dlref.load: an exact round trip of a model's state through a file that cannot run code."""

import pickle
import zipfile

import numpy as np
import pytest

import dlref
from dlref.layers import LSTM, BatchNorm2d, Conv2d, Embedding, Linear, Sequential
from dlref.models import LeNet


def test_round_trip_is_exact_for_every_dtype_and_name(tmp_path):
    state = {"0.weight": np.random.default_rng(0).standard_normal((3, 2)).astype(np.float32),
             "0.bias": np.array([np.pi, -0.0, 1e-300, np.inf]),
             "steps": np.array(7, dtype=np.int64), "mask": np.array([True, False]),
             "blocks.1.running_var": np.zeros((0, 4), dtype=np.float32)}
    path = tmp_path / "state.npz"
    dlref.save(state, path)
    loaded = dlref.load(str(path))
    assert list(loaded) == list(state)
    for name, array in state.items():
        assert loaded[name].dtype == array.dtype and loaded[name].shape == array.shape
        np.testing.assert_array_equal(loaded[name], array)
        assert np.array_equal(np.signbit(loaded[name]), np.signbit(array)) if array.dtype.kind == "f" else True


@pytest.mark.parametrize("make", [lambda: Sequential(Conv2d(1, 2, 3), BatchNorm2d(2)), lambda: LSTM(3, 4),
                                  LeNet, lambda: Embedding(5, 2)])
def test_a_model_comes_back_exactly(tmp_path, make):
    dlref.manual_seed(0)
    model = make()
    if isinstance(model, Sequential):  # running statistics move away from their start
        model(dlref.tensor(np.random.default_rng(1).standard_normal((4, 1, 5, 5))))
    dlref.save(model.state_dict(), tmp_path / "model.npz")
    dlref.manual_seed(1)
    fresh = make()
    fresh.load_state_dict(dlref.load(tmp_path / "model.npz"))
    for (name, array), (fresh_name, fresh_array) in zip(model.state_dict().items(), fresh.state_dict().items(),
                                                        strict=True):
        assert name == fresh_name
        np.testing.assert_array_equal(fresh_array, array)


def test_the_file_has_no_pickle_and_is_named_as_given(tmp_path):
    path = tmp_path / "model.pt"  # no .npz appended
    dlref.save(Linear(2, 1).state_dict(), path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.pt"]
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["bias.npy", "weight.npy"]
        for name in archive.namelist():
            assert b"\x80" not in archive.read(name)[:10]  # npy headers, not pickle protocol bytes


def test_torch_backend_arrays_round_trip(tmp_path):
    pytest.importorskip("array_api_compat")
    dlref.use("torch")
    try:
        layer = Linear(3, 2)
        dlref.save(layer.state_dict(), tmp_path / "w.npz")
        loaded = dlref.load(tmp_path / "w.npz")
        assert type(loaded["weight"]).__module__ == "torch"
        assert bool((loaded["weight"] == layer.weight.data).all())
    finally:
        dlref.use("numpy")


# --------------------------------------------------------------------- errors
@pytest.mark.parametrize("state, path, message", [
    ([np.zeros(2)], "x.npz", r"^save\(\): expected state_dict to be a dict of names to arrays, such as model.state_dict\(\), got list$"),
    ({"w": np.zeros(2)}, 3, r"^save\(\): expected path to be a file name \(str or pathlib.Path\), got int$"),
    ({1: np.zeros(2)}, "x.npz", r"^save\(\): expected every name to be a string, got 1$"),
    ({"w": dlref.tensor([1.0])}, "x.npz", r"^save\(\): expected state_dict\['w'\] to be an array, got a Tensor; save model.state_dict\(\)"),
    ({"w": [1.0, 2.0]}, "x.npz", r"^save\(\): expected state_dict\['w'\] to be a numeric array, got list$"),
    ({"w": 1.5}, "x.npz", r"^save\(\): expected state_dict\['w'\] to be a numeric array, got float$"),
    ({"w": np.array(["a"])}, "x.npz", r"^save\(\): expected state_dict\['w'\] to be an array of numbers, got dtype <U1$"),
    ({"w": np.array([None])}, "x.npz", r"^save\(\): expected state_dict\['w'\] to be an array of numbers, got dtype object$"),
])
def test_save_refuses_bad_arguments_and_writes_nothing(tmp_path, monkeypatch, state, path, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match=message):
        dlref.save(state, path)
    assert list(tmp_path.iterdir()) == []


def test_load_refuses_what_is_not_an_archive_of_numbers(tmp_path):
    expected = r"^load\(\): expected the file to be an \.npz archive of numeric arrays, as dlref.save\(\) writes, got '.*{}' \(.*{}"
    pickled = tmp_path / "model.pkl"
    pickled.write_bytes(pickle.dumps({"w": np.zeros(2)}))
    np.save(tmp_path / "one.npy", np.zeros(2))
    np.savez(tmp_path / "objects.npz", w=np.array([{"a": 1}], dtype=object))
    (tmp_path / "text.npz").write_text("not an archive")
    for name, reason in [("model.pkl", "pickled"), ("one.npy", "one array, not an archive"),
                         ("objects.npz", "Object arrays cannot be loaded"), ("text.npz", "")]:
        with pytest.raises(ValueError, match=expected.format(name, reason)):
            dlref.load(tmp_path / name)
    np.savez(tmp_path / "strings.npz", w=np.array(["a"]))
    with pytest.raises(ValueError, match=r"^load\(\): expected the array 'w' to be an array of numbers, got dtype <U1$"):
        dlref.load(tmp_path / "strings.npz")
    with pytest.raises(ValueError, match=r"^load\(\): expected path to be a file name \(str or pathlib.Path\), got NoneType$"):
        dlref.load(None)
    with pytest.raises(FileNotFoundError):
        dlref.load(tmp_path / "missing.npz")
