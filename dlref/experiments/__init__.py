r"""The experiments of the notes: each claim as a seeded function you can rerun and change.

Every experiment is a function that takes a `seed` and a size (widths,
steps, number of training sets...), runs in about a second at its default
size on numpy, and returns plain data: a dict of numpy arrays and numbers,
whose `"experiment"` entry names it. [`plot`][dlref.experiments.plot] draws
any of them with matplotlib, which is imported only then (it is not a
dependency of dlref).

Each concept has its module, the experiment next to its drawing (`PLOTS`),
and every experiment is importable from here. The experiments, by concept of
the notes (module in parentheses):

- universal approximation (`approximation`), [`universal_approximation`][dlref.experiments.universal_approximation]:
  a wider hidden layer fits a function better;
- non-convex optimization (`optimization`), [`nonconvex_minima`][dlref.experiments.nonconvex_minima]:
  gradient descent ends in the minimum of the basin it starts in;
- GD, SGD and the optimizers (`optimization`), [`optimizer_paths`][dlref.experiments.optimizer_paths]:
  their paths on one loss surface;
- overfitting (`memorization`), [`random_labels`][dlref.experiments.random_labels]:
  a network memorises labels that mean nothing;
- regularizers (`regularization`), [`regularizers_compared`][dlref.experiments.regularizers_compared]:
  weight decay, dropout and early stopping each lower the test error of a network that overfits;
- bias-variance (`capacity`), [`bias_variance`][dlref.experiments.bias_variance]:
  bias falls and variance rises with model size;
- double descent (`capacity`), [`double_descent`][dlref.experiments.double_descent]:
  test error peaks where the model can just interpolate, then falls again;
- loss landscapes (`landscape`), [`loss_landscape`][dlref.experiments.loss_landscape]:
  the loss around a trained model, in filter-normalized directions;
- flat vs sharp minima (`landscape`), [`flat_vs_sharp`][dlref.experiments.flat_vs_sharp]:
  large batches end in sharper minima;
- discriminative vs generative (`generative`),
  [`discriminative_vs_generative`][dlref.experiments.discriminative_vs_generative]:
  a boundary vs a distribution per class;
- adversarial noise (`adversarial`), [`adversarial_example`][dlref.experiments.adversarial_example]:
  a tiny perturbation flips a prediction;
- convolutional networks (`convolution`), [`translation_equivariance`][dlref.experiments.translation_equivariance]:
  a shifted image gives a shifted feature map;
- vanishing and exploding gradients through time (`memory`),
  [`gradient_through_time`][dlref.experiments.gradient_through_time]: how much
  gradient reaches each step of a sequence, for an RNN, an LSTM and a GRU;
- long-range memory (`memory`), [`long_range_memory`][dlref.experiments.long_range_memory]:
  a GRU remembers the first symbol of a long sequence, a plain RNN does not;
- initialization and depth (`initialization`), [`initialization_depth`][dlref.experiments.initialization_depth]:
  a 20-layer network's signal vanishes, explodes or survives depending on its
  start, and only the start that keeps it trains;
- reinforcement learning (`reinforcement`), [`grid_navigation`][dlref.experiments.grid_navigation]:
  an agent finds the shortest way through a maze from rewards alone;
- MAE vs RMSE (`errors`), [`mae_rmse_table`][dlref.experiments.mae_rmse_table]: the notes' three cases.

Training runs in float32 for speed, except where a page's numbers must be the
same on every numpy build (universal approximation, regularizers: float64);
the default dtype of the caller is restored afterwards. Where an experiment is
about the data rather than the engine (bias-variance, double descent) it uses
numpy's closed forms.

Examples:
    >>> result = mae_rmse_table()
    >>> result["experiment"], result["rmse"].round(3)
    ('mae_rmse_table', array([2.   , 2.236, 6.325]))
"""

from dlref import checks
from dlref.experiments import (
    adversarial,
    approximation,
    capacity,
    convolution,
    errors,
    generative,
    initialization,
    landscape,
    memorization,
    memory,
    optimization,
    regularization,
    reinforcement,
)
from dlref.experiments.adversarial import adversarial_example, fgsm
from dlref.experiments.approximation import universal_approximation
from dlref.experiments.capacity import bias_variance, double_descent
from dlref.experiments.convolution import translation_equivariance
from dlref.experiments.errors import mae_rmse_table
from dlref.experiments.generative import discriminative_vs_generative
from dlref.experiments.initialization import STARTS, initialization_depth
from dlref.experiments.landscape import (
    filter_normalized_direction,
    flat_vs_sharp,
    loss_landscape,
    top_hessian_eigenvalue,
)
from dlref.experiments.memorization import random_labels
from dlref.experiments.memory import gradient_through_time, long_range_memory
from dlref.experiments.optimization import (
    PATH_OPTIMIZERS,
    WELLS,
    nonconvex_minima,
    optimizer_paths,
)
from dlref.experiments.regularization import REGULARIZERS, regularizers_compared
from dlref.experiments.reinforcement import MAZE, MOVES, grid_navigation

__all__ = [
    "MAZE",
    "MOVES",
    "PATH_OPTIMIZERS",
    "REGULARIZERS",
    "STARTS",
    "WELLS",
    "adversarial_example",
    "bias_variance",
    "discriminative_vs_generative",
    "double_descent",
    "fgsm",
    "filter_normalized_direction",
    "flat_vs_sharp",
    "gradient_through_time",
    "grid_navigation",
    "initialization_depth",
    "long_range_memory",
    "loss_landscape",
    "mae_rmse_table",
    "nonconvex_minima",
    "optimizer_paths",
    "plot",
    "random_labels",
    "regularizers_compared",
    "top_hessian_eigenvalue",
    "translation_equivariance",
    "universal_approximation",
]

PLOTS = {**approximation.PLOTS, **optimization.PLOTS, **memorization.PLOTS, **capacity.PLOTS,
         **landscape.PLOTS, **generative.PLOTS, **adversarial.PLOTS, **convolution.PLOTS,
         **reinforcement.PLOTS, **errors.PLOTS, **regularization.PLOTS, **memory.PLOTS,
         **initialization.PLOTS}
"""How to draw each experiment, by the name in its result: the table `plot` looks in."""


FIGURE_SIZES = {"adversarial_example": (10, 6), "initialization_depth": (11, 3.5)}
"""The size (inches) of a new figure for the experiments whose drawing needs more than (8, 4)."""


def plot(result: dict, fig=None):
    """Draw the result of any experiment of this module with matplotlib; returns the figure.

    Matplotlib is imported here, not with dlref (it is not a dependency):
    `pip install matplotlib` to plot.

    Args:
        result: the dict an experiment returned (its `"experiment"` entry picks the drawing).
        fig: a matplotlib `Figure` to draw into; `None` makes a new one.

    Returns:
        The `Figure`.

    Examples:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> fig = plot(mae_rmse_table())
        >>> [ax.get_title() for ax in fig.axes]
        ['same MAE, growing RMSE']
    """
    name = result.get("experiment") if isinstance(result, dict) else None
    if not isinstance(name, str) or name not in PLOTS:
        checks.fail("plot()", "result", f"the result of an experiment, one of {sorted(PLOTS)}",
                    f"experiment {name!r}" if isinstance(result, dict) else checks.shown(result))
    if fig is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=FIGURE_SIZES.get(name, (8, 4)))
    PLOTS[name](result, fig)
    fig.tight_layout()
    return fig
