"""Every public callable answers a bad input with a clear ValueError, and a failing call changes nothing.

The table of bad inputs is tests/bad_inputs.py (`python tests/bad_inputs.py`
prints the figures). Three kinds of test here: every public callable is in
the table or says why it has nothing to check; every bad value of the table,
and more drawn by hypothesis, gets a ValueError naming the callable (or the
argument) in the one wording; and one test per failure the issue listed.
"""

import re

import numpy as np
import pytest
from bad_inputs import CASES, EXEMPT, Bad, public_callables
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dlref
from dlref import data, functional, layers, losses, metrics, models, optimizers, tensor
from dlref.experiments import top_hessian_eigenvalue
from dlref.training import evaluate, fit

PAIRS = [(name, argument) for name, case in CASES.items() for argument in case.bad]
DRAWN = [(name, argument) for name, argument in PAIRS if isinstance(CASES[name].bad[argument], Bad)]


def assert_clear(name: str, argument: str, value) -> None:
    """The call with this one bad value raises dlref's ValueError, naming the callable or the argument."""
    case = CASES[name]
    with pytest.raises(ValueError) as error:
        case.call(**{argument: value})
    message = str(error.value)
    names = (case.who and message.startswith(case.who)) or re.search(rf"\b{re.escape(argument)}\b", message)
    assert names and " expected " in message, f"{name}({argument}={value!r:.60}): {message}"


# ------------------------------------------------------------------ coverage
def test_every_public_callable_has_bad_inputs_or_a_reason_to_have_none():
    missing = sorted(set(public_callables()) - set(CASES) - set(EXEMPT))
    assert not missing, f"add bad inputs for these to tests/bad_inputs.py (or say in EXEMPT why none): {missing}"


def test_the_table_names_only_what_exists():
    for name in [*CASES, *EXEMPT]:
        obj = dlref
        for part in name.split("."):
            obj = getattr(obj, part)
        assert callable(obj), name
    assert not set(CASES) & set(EXEMPT)


# ------------------------------------------------------------------ the table
@pytest.mark.parametrize("name, argument", PAIRS, ids=[f"{n}-{a}" for n, a in PAIRS])
def test_each_bad_input_gets_a_clear_value_error(name, argument):
    for value in CASES[name].bad[argument]:
        assert_clear(name, argument, value)


@pytest.mark.parametrize("name, argument", DRAWN, ids=[f"{n}-{a}" for n, a in DRAWN])
@settings(max_examples=10, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(draw=st.data())
def test_drawn_bad_inputs_get_a_clear_value_error(name, argument, draw):
    assert_clear(name, argument, draw.draw(CASES[name].bad[argument].strategy, label=argument))


# ------------------------------------------------------------ the cases
def test_sigmoid_of_an_array_names_sigmoid_and_z():
    with pytest.raises(ValueError, match=r"^sigmoid\(\): expected z to be a Tensor, got ndarray of shape \(2,\); wrap it"):
        dlref.activations.sigmoid(np.array([0.5, 1.0]))


@pytest.mark.parametrize("loss, input, target", [
    (losses.cross_entropy, np.zeros((0, 3)), np.zeros(0, dtype=int)),
    (losses.mse_loss, np.zeros((0, 1)), np.zeros((0, 1))),
    (losses.binary_cross_entropy_with_logits, np.zeros(0), np.zeros(0)),
])
def test_losses_refuse_an_empty_batch_instead_of_returning_nan(loss, input, target):
    with pytest.raises(ValueError, match=rf"^{loss.__name__}\(\): expected (z|y_hat) to be non-empty"):
        loss(tensor(input), target)


@pytest.mark.parametrize("value", [np.inf, -np.inf])
def test_losses_refuse_infinite_logits_instead_of_returning_nan(value):
    z = tensor([[value, 0.0]])
    with pytest.raises(ValueError, match=rf"^cross_entropy\(\): expected z to be finite \(no NaN or inf\), got {value}"):
        losses.cross_entropy(z, [0])
    with pytest.raises(ValueError, match=r"^binary_cross_entropy_with_logits\(\): expected z to be finite"):
        losses.binary_cross_entropy_with_logits(tensor([value]), [1.0])


@pytest.mark.parametrize("bad", [[[np.nan, 1.0]], [[1j, 1.0]], [[1.0, 2.0], [3.0]], None, [[1e300, 1.0]], "ab"])
def test_load_state_dict_with_a_bad_last_entry_loads_nothing(bad):
    model = layers.Sequential(layers.Linear(2, 3), layers.ReLU(), layers.Linear(3, 2), layers.BatchNorm1d(2))
    before = {name: np.array(value) for name, value in model.state_dict().items()}
    state = {name: np.full(np.shape(value), 0.5) for name, value in before.items()}
    state["2.weight"] = bad  # checked before the others are copied
    with pytest.raises(ValueError, match=r"^Sequential.load_state_dict\(\): expected state\['2.weight'\] to be "):
        model.load_state_dict(state)
    for name, value in model.state_dict().items():
        np.testing.assert_array_equal(value, before[name])


def test_top_hessian_eigenvalue_leaves_batch_norm_statistics_alone():
    dlref.manual_seed(0)
    model = layers.Sequential(layers.Linear(2, 4), layers.BatchNorm1d(4), layers.Linear(4, 1))
    X, y = np.random.default_rng(0).standard_normal((8, 2)), np.zeros((8, 1))
    before = {name: np.array(value) for name, value in model.state_dict().items()}
    top_hessian_eigenvalue(model, losses.mse_loss, (X, y), iters=3)
    for name, value in model.state_dict().items():
        np.testing.assert_array_equal(value, before[name])


def test_metrics_refuse_strings_infinity_and_complex_labels():
    for bad, got in [(["a", "b"], "an array of numbers, got dtype <U1"), ([0, np.inf], "finite numbers, got inf"),
                     ([1j, 0], "an array of numbers, got dtype complex128")]:
        with pytest.raises(ValueError, match=rf"^accuracy\(\): expected y_true to be {got}"):
            metrics.accuracy(bad, [0, 1])


def test_linear_and_rnn_never_broadcast_a_bias_or_an_initial_state():
    X, W = tensor(np.ones((4, 3))), tensor(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"^linear\(\): expected b to be of shape \(2,\), got shape \(1,\)$"):
        functional.linear(X, W, tensor([1.0]))
    rnn = layers.RNN(2, 3)
    with pytest.raises(ValueError, match=r"^rnn\(\): expected h0 to be of shape \(4, 3\), got shape \(1, 3\)$"):
        functional.rnn(tensor(np.ones((4, 5, 2))), tensor(np.zeros((1, 3))), *rnn.parameters())


def test_a_float32_tensor_refuses_values_it_cannot_hold():
    with pytest.raises(ValueError, match=r"^tensor\(\): expected data to be values that fit in float32, got values "
                       r"outside its range or NaN; keep float64 \(dtype='float64'\)$"):
        tensor([1e300], dtype="float32")
    assert tensor([1e300], dtype="float64").item() == 1e300


def test_fit_with_the_optimizer_of_a_rebuilt_model_says_so_and_trains_nothing():
    X, y = data.make_moons(40, seed=0)
    old = models.mlp([2, 8, 2])
    optimizer = optimizers.Adam(old.parameters(), lr=0.1)
    new = models.mlp([2, 8, 2])  # the model cell rerun, the optimizer cell not
    with pytest.raises(ValueError, match=r"^fit\(\): expected optimizer to be an optimizer over this model's parameters"):
        fit(new, losses.cross_entropy, optimizer, (X, y), epochs=1, verbose=False)


def test_a_diverging_fit_names_epoch_step_and_learning_rate():
    X, y = data.make_moons(64, seed=0)
    dlref.manual_seed(0)
    model = models.mlp([2, 16, 2])
    with pytest.raises(ValueError, match=r"^fit\(\): expected optimizer.lr to be small enough for the loss to stay "
                       r"finite, got lr=1e\+06: .* became NaN or inf at epoch \d+, step \d+, the loss diverged; .*"
                       r"try a smaller learning rate$"):
        fit(model, losses.cross_entropy, optimizers.SGD(model.parameters(), lr=1e6), (X, y), epochs=50,
            batch_size=8, verbose=False)


def test_nan_in_the_data_is_blamed_on_the_data_not_on_the_loss():
    X, y = data.make_moons(20, seed=0)
    X[5, 0] = np.nan
    model = models.mlp([2, 4, 2])
    with pytest.raises(ValueError, match=r"^fit\(\): expected X of train_data to be finite numbers, got nan at index \(5, 0\)$"):
        fit(model, losses.cross_entropy, optimizers.SGD(model.parameters(), lr=0.1), (X, y), epochs=1, verbose=False)


def test_the_same_model_scores_the_same_whatever_wraps_its_loss():
    """The issue's case: accuracy 1.0 with binary_cross_entropy_with_logits and 0.5 with the same loss in a lambda."""
    X = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    y = np.array([0, 0, 1, 1])
    model = layers.Linear(1, 1)
    model.weight.data[...] = 1.0
    model.bias.data[...] = 0.0  # logits z = x: every example on the right side of 0
    logits = losses.binary_cross_entropy_with_logits
    scores = [evaluate(model, loss_fn, (X, y[:, None]), ["accuracy"], threshold=0.0)["accuracy"]
              for loss_fn in (logits, lambda z, y: logits(z, y))]
    assert scores == [1.0, 1.0]


def test_a_failed_refit_leaves_a_fitted_model_as_it_was():
    X, y = np.random.default_rng(0).standard_normal((12, 2)), np.arange(12) % 2
    model = models.GaussianClassifier().fit(X, y)
    means = model.means_.copy()
    with pytest.raises(ValueError, match=r"^GaussianClassifier.fit\(\): expected y to be more than D = 2 examples"):
        model.fit(X[:4], np.array([0, 0, 1, 2]))
    np.testing.assert_array_equal(model.classes_, [0, 1])
    np.testing.assert_array_equal(model.means_, means)
