"""Cost of each display and of objective_importance on 500 candidates x 4 objectives.

Run by hand: ``.venv/bin/python benchmarks/bench_displays.py``. The candidates are
synthetic (4 parameters, 3 folds, 5 % failed, one constraint); each timing is the
best of 3 runs of ``from_cv_results`` under the Agg backend, figure closed after.
"""

import io
import time
from unittest import mock

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from sklearn_moo import _results  # noqa: E402
from sklearn_moo._objectives import Objective, parse_constraints  # noqa: E402
from sklearn_moo._results import pareto_columns  # noqa: E402
from sklearn_moo.inspection import objective_importance  # noqa: E402
from sklearn_moo.pareto import use_backend  # noqa: E402
from sklearn_moo.plotting import (  # noqa: E402
    HypervolumeHistoryDisplay,
    ObjectiveImportanceDisplay,
    ParallelCoordinatesDisplay,
    ParetoFrontDisplay,
)


def synthetic(n=500, m=4, seed=0):
    rng = np.random.RandomState(seed)
    params = [
        {
            "a": float(rng.uniform()),
            "b": float(rng.uniform()),
            "c": float(10 ** rng.uniform(-3, 1)),
            "kind": str(rng.choice(["x", "y"])),
        }
        for _ in range(n)
    ]
    results = {"params": params}
    scores = rng.dirichlet(np.ones(m), size=n) - 0.1 * rng.uniform(size=(n, 1))
    for j in range(m):
        results[f"mean_test_f{j}"] = scores[:, j]
        results[f"std_test_f{j}"] = 0.01 * rng.uniform(size=n)
        for k in range(3):
            results[f"split{k}_test_f{j}"] = scores[:, j]
    failed = rng.uniform(size=n) < 0.05
    results["mean_test_f0"][failed] = np.nan
    objectives = [Objective(f"f{j}") for j in range(m)]
    results.update(
        pareto_columns(results, objectives, parse_constraints("f1 >= 0.05", objectives))
    )
    return results


def best_of(func, repeats=3):
    """Best wall time of computing, drawing and rendering to PNG (in memory)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        shown = func()
        if hasattr(shown, "figure_"):
            shown.figure_.savefig(io.BytesIO(), format="png", dpi=100)
        times.append(time.perf_counter() - start)
        plt.close("all")
    return min(times)


def main():
    results = synthetic()
    rows = [
        (display.__name__, best_of(lambda d=display: d.from_cv_results(results)))
        for display in (
            ParetoFrontDisplay,
            ParallelCoordinatesDisplay,
            HypervolumeHistoryDisplay,
        )
    ]
    # As without the `fast` extra: hypervolume_history falls back to the NumPy kernels.
    with (
        mock.patch.object(_results, "has_module", lambda name: False),
        use_backend("numpy"),
    ):
        rows.append(
            (
                "HypervolumeHistoryDisplay (NumPy kernels, no moocore)",
                best_of(lambda: HypervolumeHistoryDisplay.from_cv_results(results)),
            )
        )
    importance = {}
    rows.append(
        (
            "objective_importance",
            best_of(
                lambda: importance.update(r=objective_importance(cv_results=results)),
                repeats=1,
            ),
        )
    )
    rows.append(
        (
            "ObjectiveImportanceDisplay.plot",
            best_of(lambda: ObjectiveImportanceDisplay(importance["r"]).plot()),
        )
    )
    print("| what | seconds |\n|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
