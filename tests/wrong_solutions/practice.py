"""Plausible wrong solutions to the implement exercises of docs/chapters/practice.md, and the hint each must get."""

import numpy as np

import dlref
from dlref import losses


def standardize_own_statistics(X_train, X_test):
    def scale(X):
        std = X.std(axis=0)
        return (X - X.mean(axis=0)) / np.where(std > 0, std, 1.0)
    return scale(X_train), scale(X_test)


def standardize_ddof(X_train, X_test):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0, ddof=1)
    std = np.where(std > 0, std, 1.0)
    return (X_train - mean) / std, (X_test - mean) / std


def standardize_zero_std(X_train, X_test):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return (X_train - mean) / std, (X_test - mean) / std


def standardize_no_centring(X_train, X_test):
    std = X_train.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    return X_train / std, X_test / std


def standardize_test_only(X_train, X_test):
    return standardize_no_centring(X_train, X_test)[1]


def _differences(f, x, eps, step):
    x = x.astype(np.float64)
    grad = np.zeros_like(x)
    for i in np.ndindex(*x.shape):
        grad[i] = step(f, x, i, eps)
    return grad


def _moved(x, i, by):
    y = x.copy()
    y[i] += by
    return y


def gradient_one_eps(f, x, eps=1e-6):
    return _differences(f, x, eps, lambda f, x, i, e: (f(_moved(x, i, e)) - f(_moved(x, i, -e))) / e)


def gradient_reversed(f, x, eps=1e-6):
    return _differences(f, x, eps, lambda f, x, i, e: (f(_moved(x, i, -e)) - f(_moved(x, i, e))) / (2 * e))


def gradient_all_at_once(f, x, eps=1e-6):
    return _differences(f, x, eps, lambda f, x, i, e: (f(x + e) - f(x - e)) / (2 * e))


def gradient_forward(f, x, eps=1e-6):
    return _differences(f, x, eps, lambda f, x, i, e: (f(_moved(x, i, e)) - f(x)) / e)


def _input_gradient(model, X, y):
    x = dlref.tensor(X, requires_grad=True)
    losses.cross_entropy(model(x), y).backward()
    return dlref.backend.to_numpy(x.grad)


def fgsm_descends(model, X, y, eps):
    return X - eps * np.sign(_input_gradient(model, X, y))


def fgsm_no_sign(model, X, y, eps):
    return X + eps * _input_gradient(model, X, y)


def fgsm_moves_zeros(model, X, y, eps):
    return X + eps * np.where(_input_gradient(model, X, y) >= 0, 1.0, -1.0)


def fgsm_clipped(model, X, y, eps):
    return np.clip(X + eps * np.sign(_input_gradient(model, X, y)), 0, 1)


def fgsm_own_predictions(model, X, y, eps):
    predicted = model(dlref.tensor(X)).numpy().argmax(axis=1)
    return X + eps * np.sign(_input_gradient(model, X, predicted))


WRONG = {
    "practice/standardize-splits": [
        (standardize_own_statistics, "its own mean"), (standardize_ddof, "ddof=1"),
        (standardize_zero_std, "standard deviation 0"), (standardize_no_centring, "mean is not subtracted"),
        (standardize_test_only, "should return the pair (X_train_std, X_test_std)")],
    "practice/numerical-gradient": [
        (gradient_one_eps, "divide by 2·eps"), (gradient_reversed, "sign is reversed"),
        (gradient_all_at_once, "every element was moved at once"), (gradient_forward, "forward difference")],
    "practice/fgsm": [
        (fgsm_descends, "goes down the loss"), (fgsm_no_sign, "the gradient itself was added"),
        (fgsm_moves_zeros, "exactly 0 do not move"), (fgsm_clipped, "clipped"),
        (fgsm_own_predictions, "true labels y")],
}
