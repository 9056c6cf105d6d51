"""Checkers of the exercises of the chapter on convolutional networks (docs/chapters/cnn.md)."""

from __future__ import annotations

import numpy as np

import dlref
from dlref import checks, functional
from dlref.backend import to_numpy
from dlref.exercises.checking import (
    Mistake,
    call,
    compare,
    exercise,
    finite_differences,
    random_generator,
)


def _tensor(array, requires_grad: bool = False):
    return dlref.tensor(np.asarray(array, dtype=np.float64), requires_grad=requires_grad, dtype="float64")


def _conv(X, W, b, stride) -> np.ndarray:
    """dlref's convolution, the reference."""
    return functional.conv2d(_tensor(X), _tensor(W), _tensor(b), stride=stride).numpy()


@exercise("cnn/output-size", name="conv_output_size", title="The size of a feature map")
def _output_size(solution):
    cases = [(8, 3, 1, 0), (8, 3, 2, 1), (8, 3, 1, 1), (28, 5, 1, 2), (7, 2, 2, 0), (32, 3, 3, 0), (5, 5, 1, 0),
             (224, 7, 2, 3), (10, 4, 3, 1)]   # n, k, stride, padding
    for n, k, s, p in cases:
        name = f"conv_output_size({n}, {k}, stride={s}, padding={p})"
        got = call(solution, n, k, stride=s, padding=p, name=name, inputs={"n": n, "k": k, "stride": s, "padding": p})
        if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, np.integer)):
            raise Mistake(f"{name} should return an int (a number of positions), got {checks.shown(got)}; "
                          "/ divides to a float, // rounds down to an int")
        # the reference: the width of what dlref's conv2d returns for an n × n image
        expected = functional.conv2d(_tensor(np.zeros((1, 1, n, n))), _tensor(np.zeros((1, 1, k, k))),
                                     stride=s, padding=p).shape[-1]
        compare(got, expected, name, inputs={"n": n, "k": k, "stride": s, "padding": p}, atol=0, rtol=0,
                mistakes=[((n + p - k) // s + 1, "the padding adds p zeros on each side: 2p in all"),
                          ((n + 2 * p - k) // s, "count the positions, not the steps between them: the first "
                                                 "window sits at 0, so add 1"),
                          (-(-(n + 2 * p - k) // s) + 1, "a window that does not fit entirely is not used: round "
                                                         "down, not up"),
                          ((n + 2 * p) // s - k + 1, "the stride divides the room left after the first window, "
                                                     "n + 2p − k")],
                hint="write down where the first and the last window start, and count the starts")
    return [f"agrees with the width of dlref's conv2d output in {len(cases)} cases",
            "kernels 2 to 7, strides 1 to 3, padding 0 to 3, sizes the stride does not divide"]


@exercise("cnn/conv2d", name="conv2d", title="A convolution's forward pass")
def _conv2d(solution):
    rng = random_generator(7)
    cases = [((2, 1, 6, 6), 2, 3, 1), ((1, 3, 7, 5), 4, 3, 2), ((3, 2, 5, 5), 1, 1, 1), ((1, 1, 4, 4), 1, 4, 1),
             ((2, 2, 9, 8), 3, 2, 3)]   # X's shape, F filters, k, stride
    for shape, F, k, s in cases:
        X, W, b = rng.standard_normal(shape), rng.standard_normal((F, shape[1], k, k)), rng.standard_normal(F)
        name = f"conv2d(X, W, b, stride={s})"
        inputs = {"X": X, "W": W, "b": b, "stride": s}
        case = f"X of shape {shape}, W of shape {W.shape}"
        got = call(solution, X, W, b, stride=s, name=name, inputs=inputs)
        compare(got, _conv(X, W, b, s), name, inputs=inputs, case=case,
                mistakes=[(_conv(X, W, 0 * b, s), "the bias b[f] is missing"),
                          (_conv(X, W[:, :, ::-1, ::-1], b, s), "the filter is flipped: frameworks slide W as it is, "
                                                                "W[f, c, i, j] times X[n, c, p·s + i, q·s + j]"),
                          (_conv(X[:, :1], W[:, :1], b, s), "only the first input channel is used: the sum runs over "
                                                            "every channel c too"),
                          (_conv(X, W, b, 1), "the stride is ignored: window (p, q) starts at row p·s, column q·s")],
                hint="Z[n, f, p, q] = b[f] + Σ over c, i, j of W[f, c, i, j] · X[n, c, p·s + i, q·s + j]; with "
                     "stride s the map has ⌊(H − k)/s⌋ + 1 rows")
    return [f"matches dlref's conv2d on {len(cases)} random cases",
            "batches of 1 to 3, 1 to 3 channels, 1 to 4 filters, kernels 1 to 4 (one as large as the image), "
            "strides 1 to 3 that need not divide the image"]


@exercise("cnn/max-pool-backward", name="max_pool_backward", title="Max pooling's backward pass")
def _max_pool_backward(solution):
    rng = random_generator(8)
    cases = [((1, 1, 4, 4), 2, False), ((2, 3, 6, 4), 2, False), ((1, 2, 5, 7), 2, False), ((2, 1, 6, 6), 3, False),
             ((1, 1, 4, 6), 2, True)]   # X's shape, k, whether a window holds tied values
    worst = 0.0
    for shape, k, ties in cases:
        X = rng.standard_normal(shape)
        if ties:                                      # a ReLU's output: zeros, and a window of zeros only
            X = np.maximum(X, 0)
            X[..., :2, :2] = 0.0
        Xt = _tensor(X, requires_grad=True)
        Z = functional.max_pool2d(Xt, k)
        grad_out = rng.standard_normal(Z.shape)
        (Z * _tensor(grad_out)).sum().backward()
        expected = to_numpy(Xt.grad)
        name = f"max_pool_backward(X, grad_out, {k})"
        inputs = {"X": X, "grad_out": grad_out, "k": k}
        case = f"X of shape {shape}" + (", a window of tied zeros (as after a ReLU)" if ties else "")
        got = call(solution, X, grad_out, k, name=name, inputs=inputs)
        windows = X[..., :Z.shape[2] * k, :Z.shape[3] * k].reshape(*Z.shape[:2], Z.shape[2], k, Z.shape[3], k)
        spread = np.zeros_like(X)
        spread[..., :Z.shape[2] * k, :Z.shape[3] * k] = np.repeat(np.repeat(grad_out / k**2, k, axis=2), k, axis=3)
        winners = windows == windows.max(axis=(3, 5), keepdims=True)
        every_tie = np.zeros_like(X)
        every_tie[..., :Z.shape[2] * k, :Z.shape[3] * k] = (winners * grad_out[:, :, :, None, :, None]).reshape(
            *Z.shape[:2], Z.shape[2] * k, Z.shape[3] * k)
        compare(got, expected, name, inputs=inputs, case=case, atol=1e-12, rtol=1e-9,
                mistakes=[(spread, "the gradient was spread over the window: only its maximum influenced the "
                                   "output, so all of ∂L/∂Z goes to that one element"),
                          (every_tie, "several elements of a window tie for the maximum and all got the gradient: "
                                      "give it to one, the first in row-major order"),
                          (expected != 0, "the winner gets ∂L/∂Z of its window, not 1")],
                hint="each window's ∂L/∂Z goes to the row i and column j of that window's maximum; rows and columns "
                     "that no window covers get 0")
        if not ties:   # away from ties the maximum is differentiable
            numeric = finite_differences(lambda v: float((functional.max_pool2d(_tensor(v), k).numpy()
                                                          * grad_out).sum()), X)
            worst = max(worst, float(np.abs(np.asarray(got, dtype=float) - numeric).max()))
    return [f"matches dlref's max_pool2d backward on {len(cases)} random cases, k = 2 and 3",
            f"finite differences agree to {worst:.0e}", "images not a multiple of k, a window of tied zeros"]
