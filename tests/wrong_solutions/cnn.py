"""Plausible wrong solutions to the implement exercises of docs/chapters/cnn.md, and the hint each must get."""

import numpy as np


def size_no_plus_one(n, k, stride=1, padding=0):
    return (n + 2 * padding - k) // stride


def size_ceil(n, k, stride=1, padding=0):
    return -(-(n + 2 * padding - k) // stride) + 1


def size_one_pad(n, k, stride=1, padding=0):
    return (n + padding - k) // stride + 1


def _windows(X, W, stride):
    N, C, H, Wd = X.shape
    F, _, k, _ = W.shape
    H_out, W_out = (H - k) // stride + 1, (Wd - k) // stride + 1
    return N, F, k, H_out, W_out


def conv_no_bias(X, W, b, stride=1):
    N, F, k, H_out, W_out = _windows(X, W, stride)
    Z = np.zeros((N, F, H_out, W_out))
    for p in range(H_out):
        for q in range(W_out):
            patch = X[:, :, p * stride:p * stride + k, q * stride:q * stride + k]
            Z[:, :, p, q] = np.einsum("ncij,fcij->nf", patch, W)
    return Z


def conv_flipped(X, W, b, stride=1):
    return conv_no_bias(X, W[:, :, ::-1, ::-1], b, stride) + b[None, :, None, None]


def conv_one_channel(X, W, b, stride=1):
    return conv_no_bias(X[:, :1], W[:, :1], b, stride) + b[None, :, None, None]


def conv_no_stride(X, W, b, stride=1):
    return conv_no_bias(X, W, b, 1) + b[None, :, None, None]


def _argmax_backward(X, dZ, k, pick):
    dX = np.zeros_like(X)
    N, C, H_out, W_out = dZ.shape
    for n in range(N):
        for c in range(C):
            for p in range(H_out):
                for q in range(W_out):
                    window = X[n, c, p * k:(p + 1) * k, q * k:(q + 1) * k]
                    pick(dX[n, c, p * k:(p + 1) * k, q * k:(q + 1) * k], window, dZ[n, c, p, q])
    return dX


def pool_spread(X, dZ, k):
    def pick(d, window, g):
        d += g / window.size
    return _argmax_backward(X, dZ, k, pick)


def pool_ties(X, dZ, k):
    def pick(d, window, g):
        d += g * (window == window.max())
    return _argmax_backward(X, dZ, k, pick)


def pool_ones(X, dZ, k):
    def pick(d, window, g):
        i, j = np.unravel_index(np.argmax(window), window.shape)
        d[i, j] += 1.0
    return _argmax_backward(X, dZ, k, pick)


def pool_transposed(X, dZ, k):
    def pick(d, window, g):
        j, i = np.unravel_index(np.argmax(window), window.shape)
        d[i, j] += g
    return _argmax_backward(X, dZ, k, pick)


WRONG = {
    "cnn/output-size": [(size_no_plus_one, "add 1"), (size_ceil, "round down"), (size_one_pad, "2p")],
    "cnn/conv2d": [(conv_no_bias, "bias"), (conv_flipped, "flipped"), (conv_one_channel, "every channel"),
                   (conv_no_stride, "stride is ignored")],
    "cnn/max-pool-backward": [(pool_spread, "spread over the window"), (pool_ties, "tie"), (pool_ones, "not 1"),
                              (pool_transposed, "row i and column j")],
}


def size_true_division(n, k, stride=1, padding=0):
    return (n + 2 * padding - k) / stride + 1


WRONG["cnn/output-size"].append((size_true_division, "// rounds down to an int"))
