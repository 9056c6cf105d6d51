r"""Adversarial noise: a tiny, targeted change of the input flips a prediction.
"""

from __future__ import annotations

import numpy as np

from dlref import activations, backend, checks, layers, losses, optimizers, training  # noqa: F401  (layers: for the examples)
from dlref.autograd import Tensor, no_grad
from dlref.experiments.common import accuracy_of, digits_split, train_mlp, using_dtype

__all__ = ["fgsm", "adversarial_example"]


def fgsm(model, X, y, eps: float, loss_fn=losses.cross_entropy) -> np.ndarray:
    r"""The fast gradient sign method (Goodfellow et al. 2015): an adversarial perturbation.

    $$x_{adv} = x + \varepsilon \operatorname{sign}\big(\nabla_x L(f_\theta(x), y)\big)$$

    Every input value moves by $\pm\varepsilon$ in the direction that raises
    the loss fastest (to first order) within $\lVert x_{adv} - x \rVert_\infty
    \le \varepsilon$; values whose gradient is exactly 0 do not move. The
    gradient is with respect to the *input*, by the same backpropagation that
    trains the weights. The result is not clipped to the valid pixel range, so
    $\lVert x_{adv} - x \rVert_\infty = \varepsilon$ exactly. The model runs in
    evaluation mode; its parameters' `.grad` are reset.

    Args:
        model: a [`Module`][dlref.layers.Module].
        X: inputs, a numpy array of shape $(N, \dots)$.
        y: targets for `loss_fn` (class labels for the default).
        eps: $\varepsilon \ge 0$.
        loss_fn: `loss_fn(y_hat, y)`; by default
            [`cross_entropy`][dlref.losses.cross_entropy] of logits.

    Returns:
        $x_{adv}$, a float64 numpy array of the shape of `X`.

    Examples:
        >>> model = layers.Linear(2, 2, bias=False)
        >>> model.weight.data[...] = np.array([[1.0, 0.0], [0.0, 1.0]])  # logits = x
        >>> fgsm(model, np.array([[1.0, 0.0]]), np.array([0]), eps=0.1)  # lower x_0, raise x_1
        array([[0.9, 0.1]])
    """
    if not isinstance(model, layers.Module):
        checks.fail("fgsm()", "model", "a dlref Module", checks.shown(model))
    checks.function("fgsm()", "loss_fn", loss_fn, "a function loss_fn(y_hat, y)")
    checks.number("fgsm()", "eps", eps, low=0)
    X = checks.array("fgsm()", "X", X).astype(np.float64)
    x = Tensor(backend.asarray(X, dtype=model.parameters()[0].dtype), requires_grad=True)
    was_training = model.training
    model.eval()
    try:
        loss_fn(model(x), y).backward()
    finally:
        model.train(was_training)
        model.zero_grad()
    return X + eps * np.sign(backend.to_numpy(x.grad))


def adversarial_example(n_images: int = 8, eps_grid=None, hidden: int = 64, epochs: int = 10,
                        seed: int = 0) -> dict:
    r"""Train a digits MLP, then find the smallest FGSM $\varepsilon$ that flips each test image.

    A 64-`hidden`-10 ReLU MLP is trained on 1,200 of the digits (Adam,
    batches of 64). For the first `n_images`
    test images it classifies correctly, [`fgsm`][dlref.experiments.fgsm]
    perturbations of growing $\varepsilon$ (on pixels scaled to $[0, 1]$) are
    tried until the predicted class changes. Changes of a tenth of the pixel
    range, invisible to a person reading the digit, are usually enough:
    networks are prone to adversarial noise. The accuracy on the whole test
    set under FGSM is recorded for every $\varepsilon$ as well.

    Args:
        n_images: correctly classified test images to attack, in $[1, 100]$.
        eps_grid: increasing $\varepsilon \ge 0$ to try; `None` gives 0, 0.01, ..., 0.5.
        hidden: hidden units, $\ge 1$.
        epochs: training epochs, $\ge 1$.
        seed: seeds the split and the weights.

    Returns:
        `{"experiment", "x", "x_adv", "eps", "flipped", "label", "prediction_adv",
        "proba", "proba_adv", "test_accuracy", "eps_grid", "accuracy_vs_eps"}`:
        per image, the input and the adversarial input (shape `(n_images, 64)`), the smallest
        flipping $\varepsilon$ (`nan` if none on the grid; `x_adv` then uses the
        largest), the true (= predicted) and the new class, and the class
        probabilities before and after.

    Examples:
        >>> result = adversarial_example(n_images=2)
        >>> bool(result["flipped"].all()), bool((result["prediction_adv"] != result["label"]).all())
        (True, True)
    """
    checks.integer("adversarial_example()", "n_images", n_images, low=1, high=100)
    if eps_grid is None:
        eps_grid = np.linspace(0, 0.5, 51)
    else:
        eps_grid = checks.array("adversarial_example()", "eps_grid", eps_grid, shape=("K",)).astype(float)
        if eps_grid.min() < 0 or np.any(np.diff(eps_grid) <= 0):
            checks.fail("adversarial_example()", "eps_grid", "increasing values >= 0", repr(eps_grid))
    checks.integer("adversarial_example()", "hidden", hidden, low=1)
    checks.integer("adversarial_example()", "epochs", epochs, low=1)
    checks.integer("adversarial_example()", "seed", seed, low=0)
    (X_train, y_train), (X_test, y_test) = digits_split(1200, backend.generator(seed))
    with using_dtype("float32"):
        model, _ = train_mlp((X_train, y_train), hidden,
                              lambda params: optimizers.Adam(params, lr=1e-2),
                              batch_size=64, epochs=epochs, seed=seed)
        correct = training.to_labels(training.predict(model, X_test)) == y_test
        x, label = X_test[correct][:n_images], y_test[correct][:n_images]
        eps = np.full(len(x), np.nan)
        x_adv = fgsm(model, x, label, eps_grid[-1])
        accuracy_vs_eps = []
        for e in eps_grid:
            x_e = fgsm(model, x, label, e)
            flips = training.to_labels(training.predict(model, x_e)) != label
            first = flips & np.isnan(eps)  # flipped now, not at a smaller eps
            eps[first], x_adv[first] = e, x_e[first]
            accuracy_vs_eps.append(accuracy_of(model, fgsm(model, X_test, y_test, e), y_test))

        def proba(inputs):
            with no_grad():
                return activations.softmax(Tensor(training.predict(model, inputs))).numpy()

        p, p_adv = proba(x), proba(x_adv)
        test_accuracy = float(np.mean(correct))
    return {"experiment": "adversarial_example", "x": x, "x_adv": x_adv, "eps": eps,
            "flipped": ~np.isnan(eps), "label": label, "prediction_adv": p_adv.argmax(axis=1),
            "proba": p.astype(np.float64), "proba_adv": p_adv.astype(np.float64),
            "test_accuracy": test_accuracy, "eps_grid": eps_grid,
            "accuracy_vs_eps": np.array(accuracy_vs_eps)}


# ------------------------------------------------------------------ plots
def _plot_adversarial_example(result, fig):
    n = len(result["x"])
    grid = fig.add_gridspec(3, n)
    for i in range(n):
        for row, (image, label) in enumerate(((result["x"][i], result["label"][i]),
                                              (result["x_adv"][i], result["prediction_adv"][i]))):
            ax = fig.add_subplot(grid[row, i])
            ax.imshow(image.reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)  # as the eye sees it
            eps = f" ($\\varepsilon$={result['eps'][i]:.2f})" if row == 1 else ""
            ax.set_title(f"{label}{eps}", fontsize="small")
            ax.axis("off")
    ax = fig.add_subplot(grid[2, :])
    ax.plot(result["eps_grid"], result["accuracy_vs_eps"])
    ax.set(xlabel="$\\varepsilon$", ylabel="test accuracy under FGSM")


PLOTS = {"adversarial_example": _plot_adversarial_example}
"""The drawing of each experiment of this module, by the name in its result (see `plot`)."""
