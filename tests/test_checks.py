"""The one home of argument checks: every check accepts what it should, refuses the rest in one wording."""

import numpy as np
import pytest

from dlref import backend, checks, tensor
from dlref.finite_differences import numerical_gradient


@pytest.mark.parametrize("value, low, high, ok", [
    (3, 1, None, True), (np.int64(3), 1, None, True), (0, 1, None, False), (5, 0, 4, False),
    (True, 0, None, False), (2.0, 0, None, False), ("2", 0, None, False), (None, 0, None, False),
])
def test_integer(value, low, high, ok):
    if ok:
        assert checks.integer("f()", "n", value, low=low, high=high) == value
        assert type(checks.integer("f()", "n", value, low=low, high=high)) is int
    else:
        with pytest.raises(ValueError, match=rf"^f\(\): expected n to be an integer .*, got {value!r}$"):
            checks.integer("f()", "n", value, low=low, high=high)


@pytest.mark.parametrize("value, ok", [
    (0.5, True), (1, True), (np.float32(0.25), True), (0.0, False), (1.5, False), (float("nan"), False),
    (float("inf"), False), (True, False), ("0.5", False), (1j, False), (np.array([0.5]), False),
])
def test_number_in_a_half_open_interval(value, ok):
    if ok:
        assert checks.number("Dropout", "p", value, low=0, high=1, low_open=True) == float(value)
    else:
        with pytest.raises(ValueError, match=r"^Dropout: expected p to be a number in \(0, 1\], got "):
            checks.number("Dropout", "p", value, low=0, high=1, low_open=True)


def test_one_of_int_pair_and_increasing_integers():
    assert checks.one_of("f()", "mode", "min", ("min", "max")) == "min"
    with pytest.raises(ValueError, match=r"expected mode to be one of 'min', 'max', got \['min'\]"):
        checks.one_of("f()", "mode", ["min"], ("min", "max"))  # unhashable: refused, not a TypeError
    assert checks.int_pair("f()", "k", (2, 3), low=1) == (2, 3)
    for bad in [(1,), (1, 2, 3), (1.0, 2), "ab", True, (True, 1)]:
        with pytest.raises(ValueError, match="expected k to be an integer >= 1 or a pair of them"):
            checks.int_pair("f()", "k", bad, low=1)
    assert checks.increasing_integers("f()", "w", (1, 4), low=1).tolist() == [1, 4]
    for bad in [[], [2, 2], [1.5, 2], "12", [[1, 2]], {1, 2}, [0, 1]]:
        with pytest.raises(ValueError, match="expected w to be increasing integers >= 1"):
            checks.increasing_integers("f()", "w", bad, low=1)


def test_tensors():
    a, b = tensor([1.0]), tensor([2.0])
    assert checks.tensors("SGD", "params", (t for t in [a, b])) == [a, b]
    for bad, got in [(a, "a Tensor; wrap it"), (3, "int 3"), ("ab", "str 'ab'"), ([], "an empty list")]:
        with pytest.raises(ValueError, match=f"SGD: expected params to be an iterable of Tensors .*got {got}"):
            checks.tensors("SGD", "params", bad)


def test_a_seed_gives_a_fresh_generator_and_none_dlrefs_own():
    assert backend.generator(7).random() == backend.generator(7).random()
    assert backend.generator(None) is backend.rng()
    for bad in [-1, 1.5, True, "0"]:
        with pytest.raises(ValueError, match=f"generator\\(\\): expected seed to be None or an integer >= 0, got {bad!r}"):
            backend.generator(bad)


def test_numerical_gradient_is_central_and_restores_the_input():
    x = tensor([1.0, -2.0], dtype="float64")
    before = x.numpy().copy()
    gradient = numerical_gradient(lambda: (x * x * x).sum(), x, eps=1e-4)
    np.testing.assert_allclose(gradient, 3 * before**2, rtol=1e-7)  # central: error ~ eps^2
    np.testing.assert_array_equal(x.numpy(), before)
    with pytest.raises(ZeroDivisionError):
        numerical_gradient(lambda: 1 / 0, x)
    np.testing.assert_array_equal(x.numpy(), before)  # restored even when f raises
