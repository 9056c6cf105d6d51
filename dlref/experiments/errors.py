r"""MAE vs RMSE: the notes' three cases of errors.
"""

from __future__ import annotations

import math

import numpy as np

from dlref import losses
from dlref.autograd import tensor

__all__ = ["mae_rmse_table"]


def mae_rmse_table() -> dict:
    r"""The notes' three cases of ten errors: the same MAE, growing RMSE.

    $$\text{MAE} = \frac{1}{n}\sum_{i=1}^n |e_i|, \qquad
      \text{RMSE} = \sqrt{\frac{1}{n}\sum_{i=1}^n e_i^2}, \qquad
      \text{MAE} \le \text{RMSE} \le \text{MAE} \cdot \sqrt{n}.$$

    Squaring weighs large errors more: with the same total absolute error,
    the RMSE grows as the errors become uneven, up to $\sqrt{n}$ times the
    MAE when one error is all of it. Computed with
    [`mae_loss`][dlref.losses.mae_loss] and [`mse_loss`][dlref.losses.mse_loss]
    (predictions $e_i$, targets 0).

    | case | errors | MAE | RMSE |
    |---|---|---|---|
    | even errors | 2 (ten times) | 2.000 | 2.000 |
    | small variance | 1 (five times), 3 (five times) | 2.000 | 2.236 |
    | one outlier | 0 (nine times), 20 | 2.000 | 6.325 |

    Returns:
        `{"experiment", "cases", "errors", "mae", "rmse", "bound_holds"}`:
        the case names, the errors `(3, 10)`, MAE and RMSE per case, and
        whether $\text{MAE} \le \text{RMSE} \le \text{MAE}\sqrt{n}$ holds for each.

    Examples:
        >>> result = mae_rmse_table()
        >>> for case, mae, rmse in zip(result["cases"], result["mae"], result["rmse"]):
        ...     print(f"{case:15} {mae:.3f} {rmse:.3f}")
        even errors     2.000 2.000
        small variance  2.000 2.236
        one outlier     2.000 6.325
    """
    errors = np.array([[2.0] * 10, [1.0] * 5 + [3.0] * 5, [0.0] * 9 + [20.0]])
    zeros = np.zeros(errors.shape[1])
    mae = np.array([losses.mae_loss(tensor(e, dtype="float64"), zeros).item() for e in errors])
    rmse = np.array([math.sqrt(losses.mse_loss(tensor(e, dtype="float64"), zeros).item())
                     for e in errors])
    n = errors.shape[1]
    return {"experiment": "mae_rmse_table",
            "cases": ["even errors", "small variance", "one outlier"], "errors": errors,
            "mae": mae, "rmse": rmse,
            "bound_holds": (mae <= rmse) & (rmse <= mae * math.sqrt(n))}


# ------------------------------------------------------------------ plots
def _plot_mae_rmse_table(result, fig):
    ax = fig.subplots()
    positions = np.arange(len(result["cases"]))
    ax.bar(positions - 0.2, result["mae"], 0.4, label="MAE")
    ax.bar(positions + 0.2, result["rmse"], 0.4, label="RMSE")
    ax.set_xticks(positions, result["cases"])
    ax.set(ylabel="error", title="same MAE, growing RMSE")
    ax.legend()


PLOTS = {"mae_rmse_table": _plot_mae_rmse_table}
"""The drawing of each experiment of this module, by the name in its result (see `plot`)."""
