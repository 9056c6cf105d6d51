"""Regularizers: L1/L2 penalties (values, gradients, weight decay), early stopping, augmentation."""

import numpy as np
import pytest

import dlref
from dlref import layers, losses, optimizers
from dlref.autograd import Tensor
from dlref.callbacks import Callback
from dlref.finite_differences import gradcheck
from dlref.regularizers import (
    EarlyStopping,
    add_noise,
    l1_penalty,
    l2_penalty,
    random_flip,
    random_shift,
)
from dlref.training import fit


# --------------------------------------------------------------- penalties
def test_penalty_values(backend):
    W, b = Tensor([[1.0, -2.0], [0.5, 0.0]], requires_grad=True), Tensor([-3.0], requires_grad=True)
    assert l1_penalty([W, b], 0.1).item() == pytest.approx(0.1 * (1 + 2 + 0.5 + 0 + 3), rel=1e-15)
    assert l2_penalty([W, b], 0.1).item() == pytest.approx(0.1 * (1 + 4 + 0.25 + 0 + 9), rel=1e-15)
    assert l2_penalty([W, b], 0.0).item() == 0.0


def test_penalty_gradients(backend):
    W = Tensor([[1.0, -2.0], [0.5, -0.3]], requires_grad=True)
    b = Tensor([-3.0], requires_grad=True)
    l1_penalty([W, b], 0.3).backward()
    np.testing.assert_allclose(dlref.backend.to_numpy(W.grad), 0.3 * np.sign(W.numpy()), rtol=1e-15)
    W.grad = b.grad = None
    l2_penalty([W, b], 0.3).backward()
    np.testing.assert_allclose(dlref.backend.to_numpy(W.grad), 0.6 * W.numpy(), rtol=1e-15)
    np.testing.assert_allclose(dlref.backend.to_numpy(b.grad), 0.6 * b.numpy(), rtol=1e-15)


@pytest.mark.parametrize("penalty", [l1_penalty, l2_penalty])
def test_penalty_gradcheck(penalty):
    W = Tensor([[1.0, -2.0], [0.5, -0.3]], requires_grad=True)  # away from the kink of |w| at 0
    b = Tensor([-3.0, 0.7], requires_grad=True)
    assert gradcheck(lambda W, b: penalty([W, b], 0.7), [W, b])


@pytest.mark.parametrize("name", ["SGD", "Adam", "RMSprop"])
def test_weight_decay_equals_half_the_l2_strength(backend, name):
    """weight_decay=wd gives the same updates as adding l2_penalty(params, wd / 2) to the loss."""
    X = Tensor(np.linspace(-1.0, 1.0, 8).reshape(4, 2))
    y = Tensor([[1.0], [0.0], [-1.0], [2.0]])
    w_decay = Tensor(np.array([[0.5], [-1.0]]), requires_grad=True)
    w_penalty = Tensor(np.array([[0.5], [-1.0]]), requires_grad=True)
    with_decay = getattr(optimizers, name)([w_decay], lr=0.05, weight_decay=0.2)
    with_penalty = getattr(optimizers, name)([w_penalty], lr=0.05)
    for _ in range(20):
        with_decay.zero_grad()
        ((X @ w_decay - y) ** 2).mean().backward()
        with_decay.step()
        with_penalty.zero_grad()
        (((X @ w_penalty - y) ** 2).mean() + l2_penalty([w_penalty], 0.1)).backward()
        with_penalty.step()
    np.testing.assert_allclose(w_decay.numpy(), w_penalty.numpy(), rtol=1e-12)
    assert not np.allclose(w_decay.numpy(), [[0.5], [-1.0]])


@pytest.mark.parametrize("penalty", [l1_penalty, l2_penalty])
@pytest.mark.parametrize(
    "params, lam, match",
    [
        (lambda: Tensor([1.0]), 0.1, r"expected params to be an iterable of Tensors.*got a Tensor; wrap it"),
        (lambda: 0.5, 0.1, r"expected params to be an iterable of Tensors.*got float 0.5"),
        (list, 0.1, r"expected params to be .* got an empty list"),
        (lambda: [Tensor([1.0]), [1.0, 2.0]], 0.1, r"expected params\[1\] to be a Tensor, got list"),
        (lambda: [Tensor([1.0])], -0.1, r"expected lam \(the strength λ\) to be a number >= 0, got -0.1$"),
        (lambda: [Tensor([1.0])], float("nan"), r"expected lam \(the strength λ\) to be a number >= 0, got nan$"),
        (lambda: [Tensor([1.0])], "0.1", r"expected lam \(the strength λ\) to be a number >= 0, got '0.1'$"),
        (lambda: [Tensor(np.array([1, 2]))], 0.1, r"expected params\[0\] to be a floating Tensor, got dtype int64"),
    ],
)
def test_penalty_errors(penalty, params, lam, match):
    with pytest.raises(ValueError, match="^" + penalty.__name__ + r"\(\): " + match):
        penalty(params(), lam)


# ---------------------------------------------------------- early stopping
def drive(stopper, values, key="val_loss", model=None):
    """Feed `values` epoch by epoch; return the epoch after which it stopped (or None)."""
    history = {"loss": [], key: []}
    for epoch, value in enumerate(values):
        history["loss"].append(1.0)
        history[key].append(value)
        if stopper.on_epoch_end(model, history):
            return epoch
    return None


def test_early_stopping_waits_patience_epochs():
    stopper = EarlyStopping(patience=2, restore_best=False)
    # best 0.7 at epoch 3; epochs 4 and 5 do not improve -> stop after epoch 5
    assert drive(stopper, [1.0, 0.8, 0.85, 0.7, 0.75, 0.76, 0.6, 0.5]) == 5
    assert (stopper.best, stopper.best_epoch, stopper.stopped_epoch, stopper.wait) == (0.7, 3, 5, 2)


@pytest.mark.parametrize("patience", [0, 1])
def test_early_stopping_patience_0_and_1_stop_at_the_first_bad_epoch(patience):
    stopper = EarlyStopping(patience=patience, restore_best=False)
    assert drive(stopper, [1.0, 0.9, 0.9, 0.5]) == 2  # equal is not better
    assert (stopper.best, stopper.best_epoch) == (0.9, 1)


def test_early_stopping_never_stops_while_improving():
    stopper = EarlyStopping(patience=0, restore_best=False)
    assert drive(stopper, [1.0, 0.9, 0.8, 0.7]) is None
    assert (stopper.best, stopper.best_epoch, stopper.stopped_epoch) == (0.7, 3, None)


def test_early_stopping_min_delta():
    stopper = EarlyStopping(patience=1, min_delta=0.1, restore_best=False)
    assert drive(stopper, [1.0, 0.95, 0.85, 0.8]) == 1  # 0.95 is not 0.1 better than 1.0
    assert (stopper.best, stopper.best_epoch) == (1.0, 0)
    stopper = EarlyStopping(patience=1, min_delta=0.01, restore_best=False)
    assert drive(stopper, [1.0, 0.95, 0.85, 0.845]) == 3
    assert (stopper.best, stopper.best_epoch) == (0.85, 2)


def test_early_stopping_max_mode():
    stopper = EarlyStopping(monitor="val_accuracy", mode="max", patience=2, restore_best=False)
    assert drive(stopper, [0.5, 0.7, 0.65, 0.72, 0.7, 0.71, 0.9], key="val_accuracy") == 5
    assert (stopper.best, stopper.best_epoch) == (0.72, 3)


def test_early_stopping_starts_over_on_a_new_run():
    stopper = EarlyStopping(patience=0, restore_best=False)
    assert drive(stopper, [0.1, 0.2]) == 1
    assert drive(stopper, [5.0, 4.0, 4.5]) == 2  # 5.0 would not beat 0.1 without a fresh start
    assert (stopper.best, stopper.best_epoch) == (4.0, 1)


@pytest.mark.parametrize("restore_best", [True, False])
def test_early_stopping_restores_the_best_weights(restore_best):
    model = layers.Linear(2, 1)
    stopper = EarlyStopping(patience=1, restore_best=restore_best)
    history = {"val_loss": []}
    for epoch, value in enumerate([3.0, 1.0, 2.0, 2.5]):
        with dlref.no_grad():
            model.weight.data[...] = float(epoch)  # the "training" of this epoch
        history["val_loss"].append(value)
        if stopper.on_epoch_end(model, history):
            break
    stopper.on_train_end(model, history)
    assert stopper.stopped_epoch == 2 and stopper.best_epoch == 1
    expected = np.full((1, 2), 1.0 if restore_best else 2.0)  # epoch 1's weights, or the last
    np.testing.assert_array_equal(model.weight.numpy(), expected)


class Snapshots(Callback):
    """A callback that keeps a copy of the weights after every epoch."""

    def __init__(self):
        self.states = []

    def on_epoch_end(self, model, history):
        self.states.append(model.state_dict())


def test_early_stopping_inside_fit_stops_and_restores():
    X = np.linspace(-1.0, 1.0, 20)[:, None]
    model = layers.Linear(1, 1)
    snapshots = Snapshots()
    # min_delta so large that nothing after epoch 0 counts as better: stop after epoch 2
    stopper = EarlyStopping(monitor="loss", patience=2, min_delta=1e9)
    history = fit(model, losses.mse_loss, optimizers.SGD(model.parameters(), lr=0.1), (X, 2 * X),
                  epochs=10, callbacks=[snapshots, stopper], seed=0, verbose=False)
    assert len(history["loss"]) == 3
    assert (stopper.best_epoch, stopper.stopped_epoch) == (0, 2)
    final = model.state_dict()
    assert final.keys() == snapshots.states[0].keys()
    for name, value in final.items():
        np.testing.assert_array_equal(dlref.backend.to_numpy(value),
                                      dlref.backend.to_numpy(snapshots.states[0][name]))
        assert not np.array_equal(dlref.backend.to_numpy(value),
                                  dlref.backend.to_numpy(snapshots.states[2][name]))


def test_early_stopping_missing_monitor_names_the_keys():
    match = (r"^EarlyStopping: expected monitor 'val_loss' to be a key of the history, one of \['accuracy', 'loss'\], "
             r"got a history without it; pass val_data to fit\(\) to get validation values$")
    with pytest.raises(ValueError, match=match):
        EarlyStopping().on_epoch_end(None, {"loss": [1.0], "accuracy": [0.5]})
    match = r"^EarlyStopping: expected monitor 'los' to be a key of the history, one of \['loss'\], got a history without it$"
    with pytest.raises(ValueError, match=match):
        EarlyStopping("los").on_epoch_end(None, {"loss": [1.0]})


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"patience": -1}, r"expected patience \(epochs\) to be an integer >= 0, got -1$"),
        ({"patience": 1.5}, r"expected patience \(epochs\) to be an integer >= 0, got 1.5$"),
        ({"min_delta": -0.1}, r"expected min_delta to be a number >= 0, got -0.1$"),
        ({"mode": "auto"}, r"expected mode to be one of 'min', 'max', got 'auto'$"),
        ({"monitor": 3}, r"expected monitor to be a key of fit's history such as 'val_loss', got int 3$"),
        ({"restore_best": "yes"}, r"expected restore_best to be True or False, got str 'yes'$"),
    ],
)
def test_early_stopping_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match="^EarlyStopping: " + match):
        EarlyStopping(**kwargs)


# ------------------------------------------------------- data augmentation
def images(shape, dtype=np.float64):
    return np.random.default_rng(0).random(shape).astype(dtype)


@pytest.mark.parametrize("shape", [(5, 6, 7), (5, 3, 6, 7)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_augmentations_keep_shape_and_dtype_and_leave_the_input_alone(shape, dtype):
    X = images(shape, dtype)
    original = X.copy()
    for out in (add_noise(X, 0.1, seed=0), random_flip(X, seed=0), random_shift(X, 2, seed=0)):
        assert out.shape == X.shape and out.dtype == X.dtype
        assert out is not X
    np.testing.assert_array_equal(X, original)


def test_add_noise_statistics_and_seeds():
    X = np.full((50, 40, 50), 2.0)
    noisy = add_noise(X, std=0.3, seed=1)
    noise = noisy - X
    assert abs(noise.mean()) < 0.01 and abs(noise.std() - 0.3) < 0.01
    np.testing.assert_array_equal(add_noise(X, 0.3, seed=1), noisy)
    assert not np.array_equal(add_noise(X, 0.3, seed=2), noisy)
    np.testing.assert_array_equal(add_noise(X, 0.0, seed=1), X)


def test_augmentations_without_a_seed_use_dlrefs_generator():
    X = images((4, 5, 5))
    outputs = []
    for _ in range(2):
        dlref.manual_seed(7)
        outputs.append((add_noise(X, 0.1), random_flip(X), random_shift(X, 2)))
    for first, second in zip(*outputs):
        np.testing.assert_array_equal(first, second)


def test_add_noise_on_integers_gives_floats():
    assert add_noise(np.zeros((2, 3, 3), dtype=np.uint8), 1.0, seed=0).dtype == np.float64


@pytest.mark.parametrize("axis", [-1, -2, 2, 3])
def test_flip_twice_with_the_same_seed_is_the_identity(axis):
    X = images((20, 2, 4, 5))
    once = random_flip(X, axis=axis, seed=3)
    assert not np.array_equal(once, X)
    np.testing.assert_array_equal(random_flip(once, axis=axis, seed=3), X)


def test_flip_p_1_flips_all_and_p_0_none():
    X = images((6, 4, 5))
    np.testing.assert_array_equal(random_flip(X, axis=-1, p=1.0), X[:, :, ::-1])
    np.testing.assert_array_equal(random_flip(X, axis=-2, p=1.0), X[:, ::-1, :])
    np.testing.assert_array_equal(random_flip(X, p=0.0), X)


def test_flip_flips_a_fraction_p_of_the_images():
    X = images((4000, 1, 3))
    flipped = np.any(random_flip(X, p=0.3, seed=0) != X, axis=(1, 2))
    assert abs(flipped.mean() - 0.3) < 0.03


def test_shift_moves_a_bright_pixel_by_the_drawn_amount():
    N, H, W, k = 50, 9, 9, 3
    X = np.zeros((N, 2, H, W))
    X[:, :, 4, 4] = 1.0  # the centre, so every shift keeps it on the image
    out = random_shift(X, max_shift=k, seed=5)
    drawn = np.random.default_rng(5).integers(-k, k + 1, size=(N, 2))  # as documented
    for n, (dy, dx) in enumerate(drawn):
        for c in range(2):
            assert np.argwhere(out[n, c] == 1.0).tolist() == [[4 + dy, 4 + dx]]
            assert out[n, c].sum() == 1.0
    assert len({(dy, dx) for dy, dx in drawn}) > 10  # the shifts do vary


def test_shift_fills_the_uncovered_border_with_zeros():
    X = np.ones((30, 6, 7))
    out = random_shift(X, max_shift=2, seed=0)
    drawn = np.random.default_rng(0).integers(-2, 3, size=(30, 2))
    for n, (dy, dx) in enumerate(drawn):
        assert out[n].sum() == (6 - abs(dy)) * (7 - abs(dx))


def test_shift_by_zero_is_the_identity():
    X = images((3, 4, 4))
    np.testing.assert_array_equal(random_shift(X, 0, seed=0), X)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: random_flip(np.zeros((5, 64))), (
            r"^random_flip\(\): expected X to be of shape \(N, H, W\) or \(N, C, H, W\), "
            r"got shape \(5, 64\); reshape flat images to \(N, H, W\) first\?$")),
        (lambda: random_shift(np.zeros(5), 1), r"^random_shift\(\): expected X to be of shape .*got shape \(5,\)$"),
        (lambda: random_flip(np.full((2, 3, 3), "a")), r"^random_flip\(\): expected X to be an array of numbers, got dtype <U1"),
        (lambda: random_flip(np.zeros((2, 3, 3)), axis=0),
         r"^random_flip\(\): expected axis to be -1 \(W, left-right\) or -2 \(H, up-down\), got 0$"),
        (lambda: random_flip(np.zeros((2, 1, 3, 3)), axis=1), r"expected axis to be -1 .*got 1$"),
        (lambda: random_flip(np.zeros((2, 3, 3)), axis=-3), r"expected axis to be -1 .*got -3$"),
        (lambda: random_flip(np.zeros((2, 3, 3)), p=1.5),
         r"^random_flip\(\): expected p \(a probability\) to be a number in \[0, 1\], got 1.5$"),
        (lambda: add_noise(np.zeros(3), std=-1.0),
         r"^add_noise\(\): expected std \(a standard deviation\) to be a number >= 0, got -1.0$"),
        (lambda: add_noise(np.array([1.0, np.nan]), std=1.0), r"^add_noise\(\): expected X to be finite numbers, got nan at index 1$"),
        (lambda: add_noise(np.zeros(3), std=1.0, seed=-2), r"^add_noise\(\): expected seed to be None or an integer >= 0, got -2$"),
        (lambda: random_shift(np.zeros((2, 4, 5)), 4), (
            r"^random_shift\(\): expected max_shift \(smaller than the image, 4x5\) to be an integer in \[0, 3\], got 4$")),
        (lambda: random_shift(np.zeros((2, 4, 5)), -1), r"max_shift .* to be an integer in \[0, 3\], got -1$"),
        (lambda: random_shift(np.zeros((2, 4, 5)), 1.5), r"max_shift .* to be an integer in \[0, 3\], got 1.5$"),
    ],
)
def test_augmentation_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()
