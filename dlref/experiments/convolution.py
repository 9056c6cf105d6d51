r"""Convolution and shifts: a shifted image gives a shifted feature map.
"""

from __future__ import annotations

import numpy as np

from dlref import backend, checks, data, layers
from dlref.autograd import no_grad, tensor
from dlref.experiments.common import using_dtype

__all__ = ["translation_equivariance"]


def translation_equivariance(shift=(2, 3), kernel_size: int = 3, out_channels: int = 8,
                             seed: int = 0) -> dict:
    r"""A convolution commutes with shifts; after a global max pool the output ignores them.

    A [`Conv2d`][dlref.layers.Conv2d] applies the same filters at every
    position, $Z_{f,p,q} = b_f + \sum_{c,i,j} W_{f,c,i,j} X_{c,p+i,q+j}$, so
    shifting the image by $(\Delta y, \Delta x)$ shifts the feature map by
    the same amount (translation *equivariance*):

    $$\operatorname{conv}(\operatorname{shift}(X)) = \operatorname{shift}(\operatorname{conv}(X)).$$

    Taking the maximum of each feature map over all positions (global max
    pooling) then forgets where a feature was, so the pooled features and a
    classifier on top of them do not change at all (translation *invariance*).
    The image is a digit on a canvas with a zero margin of
    `kernel_size` $+ \max(|\Delta y|, |\Delta x|)$ pixels, so that a shift
    (`np.roll`) moves only zeros across the border and every window that
    changes place keeps its content. Everything runs in float64, so the
    differences are exactly 0 or at rounding level.

    Args:
        shift: $(\Delta y, \Delta x)$, integers.
        kernel_size: $k \ge 1$.
        out_channels: the number of filters $F \ge 1$.
        seed: seeds the digit shown and the weights.

    Returns:
        `{"experiment", "image", "shifted", "feature_map", "feature_map_shifted",
        "max_abs_diff", "pooled", "pooled_shifted", "pooled_max_abs_diff",
        "prediction", "prediction_shifted", "shift"}`: `max_abs_diff` is
        $\max |\text{conv}(\text{shift}(X)) - \text{shift}(\text{conv}(X))|$,
        `pooled_max_abs_diff` the same after global max pooling, and the
        predictions those of a random linear classifier on the pooled features.

    Examples:
        >>> result = translation_equivariance()
        >>> result["feature_map"].shape, result["max_abs_diff"], result["pooled_max_abs_diff"]
        ((8, 18, 18), 0.0, 0.0)
    """
    if not (isinstance(shift, (tuple, list)) and len(shift) == 2
            and all(isinstance(s, (int, np.integer)) and not isinstance(s, bool) for s in shift)):
        checks.fail("translation_equivariance()", "shift", "a pair (dy, dx) of integers", repr(shift))
    checks.integer("translation_equivariance()", "kernel_size", kernel_size, low=1)
    checks.integer("translation_equivariance()", "out_channels", out_channels, low=1)
    checks.integer("translation_equivariance()", "seed", seed, low=0)
    dy, dx = int(shift[0]), int(shift[1])
    X, _ = data.load_digits()
    margin = kernel_size + max(abs(dy), abs(dx))
    image = np.pad(X[seed % len(X)].reshape(8, 8), margin)
    shifted = np.roll(image, (dy, dx), axis=(0, 1))
    with using_dtype("float64"):
        backend.manual_seed(seed)
        conv = layers.Conv2d(1, out_channels, kernel_size)
        classifier = layers.Linear(out_channels, 10)
        with no_grad():
            Z, Z_shifted = (conv(tensor(x[None, None], dtype="float64")) for x in (image, shifted))
            pooled, pooled_shifted = (Z.max(axis=(2, 3)), Z_shifted.max(axis=(2, 3)))  # (1, F)
            prediction, prediction_shifted = (int(classifier(p).numpy().argmax())
                                              for p in (pooled, pooled_shifted))
    Z, Z_shifted = Z.numpy()[0], Z_shifted.numpy()[0]
    pooled, pooled_shifted = pooled.numpy()[0], pooled_shifted.numpy()[0]
    return {"experiment": "translation_equivariance", "image": image, "shifted": shifted,
            "feature_map": Z, "feature_map_shifted": Z_shifted,
            "max_abs_diff": float(np.abs(Z_shifted - np.roll(Z, (dy, dx), axis=(1, 2))).max()),
            "pooled": pooled, "pooled_shifted": pooled_shifted,
            "pooled_max_abs_diff": float(np.abs(pooled_shifted - pooled).max()),
            "prediction": prediction, "prediction_shifted": prediction_shifted, "shift": (dy, dx)}


# ------------------------------------------------------------------ plots
def _plot_translation_equivariance(result, fig):
    axes = fig.subplots(2, 2)
    dy, dx = result["shift"]
    panels = ((result["image"], "image"), (result["feature_map"][0], "feature map (filter 0)"),
              (result["shifted"], f"shifted by ({dy}, {dx})"),
              (result["feature_map_shifted"][0],
               f"its feature map: max |diff| = {result['max_abs_diff']:.1e}"))
    for ax, (image, title) in zip(axes.ravel(), panels):
        ax.imshow(image, cmap="gray_r")
        ax.set_title(title, fontsize="small")
        ax.axis("off")


PLOTS = {"translation_equivariance": _plot_translation_equivariance}
"""The drawing of each experiment of this module, by the name in its result (see `plot`)."""
