"""Plausible wrong solutions to the implement exercises of docs/chapters/autoencoders.md, and the hint each must get."""

import numpy as np


def pca_not_centred(X_train, X, k):
    Vt = np.linalg.svd(X_train, full_matrices=False)[2][:k]
    return X @ Vt.T @ Vt


def pca_mean_not_added(X_train, X, k):
    mean = X_train.mean(axis=0)
    Vt = np.linalg.svd(X_train - mean, full_matrices=False)[2][:k]
    return (X - mean) @ Vt.T @ Vt


def pca_own_mean(X_train, X, k):
    Vt = np.linalg.svd(X_train - X_train.mean(axis=0), full_matrices=False)[2][:k]
    mean = X.mean(axis=0)
    return (X - mean) @ Vt.T @ Vt + mean


def pca_smallest(X_train, X, k):
    mean = X_train.mean(axis=0)
    Vt = np.linalg.svd(X_train - mean, full_matrices=False)[2][-k:]
    return (X - mean) @ Vt.T @ Vt + mean


def pca_codes_only(X_train, X, k):
    mean = X_train.mean(axis=0)
    Vt = np.linalg.svd(X_train - mean, full_matrices=False)[2][:k]
    return (X - mean) @ Vt.T


def error_of_the_batch(X_hat, X):
    return np.mean((X_hat - X) ** 2)


def error_summed(X_hat, X):
    return np.sum((X_hat - X) ** 2, axis=1)


def error_norm(X_hat, X):
    return np.linalg.norm(X_hat - X, axis=1) / X.shape[1]


def error_absolute(X_hat, X):
    return np.mean(np.abs(X_hat - X), axis=1)


WRONG = {
    "autoencoders/pca-reconstruct": [
        (pca_not_centred, "were not centred"), (pca_mean_not_added, "added back"), (pca_own_mean, "its own mean"),
        (pca_smallest, "smallest variance"), (pca_codes_only, "wrong shape")],
    "autoencoders/reconstruction-error": [
        (error_of_the_batch, "one number per example"), (error_summed, "divide by the number of features"),
        (error_norm, "no square root"), (error_absolute, "not taken in absolute value")],
}
