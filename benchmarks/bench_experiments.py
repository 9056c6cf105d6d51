"""How long each experiment of `dlref.experiments` takes at its default size, against a 2-s budget.

The site reruns these in the browser (Pyodide), 5 to 30 times slower than
numpy here, so each default run should take at most 2 s on this machine.
The median of REPEATS runs is printed with its ratio to the budget (target:
at most 1.0). numpy's BLAS may use several threads; on a busy machine,
`OPENBLAS_NUM_THREADS=1` gives steadier numbers.

    python benchmarks/bench_experiments.py
"""

import statistics
import time

from dlref import experiments

REPEATS = 3
BUDGET = 2.0  # seconds per experiment at its default size
EXPERIMENTS = [
    experiments.universal_approximation,
    experiments.nonconvex_minima,
    experiments.optimizer_paths,
    experiments.random_labels,
    experiments.regularizers_compared,
    experiments.bias_variance,
    experiments.double_descent,
    experiments.loss_landscape,
    experiments.flat_vs_sharp,
    experiments.discriminative_vs_generative,
    experiments.adversarial_example,
    experiments.translation_equivariance,
    experiments.grid_navigation,
    experiments.gradient_through_time,
    experiments.long_range_memory,
    experiments.initialization_depth,
    experiments.mae_rmse_table,
]


def main():
    print(f"dlref.experiments at their default size, median of {REPEATS} runs, "
          f"budget {BUDGET:.0f} s each:")
    print(f"  {'experiment':<30} {'seconds':>8} {'ratio':>6}")
    for experiment in EXPERIMENTS:
        times = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            experiment()
            times.append(time.perf_counter() - start)
        seconds = statistics.median(times)
        print(f"  {experiment.__name__:<30} {seconds:8.3f} {seconds / BUDGET:6.2f}"
              f"{'' if seconds <= BUDGET else '  over budget'}")


if __name__ == "__main__":
    main()
