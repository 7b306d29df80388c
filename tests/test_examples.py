"""Every example runs, with the small budget the examples read from the environment.

The examples run in pairs (the machine has 2 cores; each example is mostly one
process), each in a copy under a temporary directory so that nothing is written
into the checkout, with matplotlib drawing off-screen. Each gets one OpenMP
thread: two examples with two threads each on two cores make libgomp's waiting
threads spin against each other (HistGradientBoosting fits were 47 times slower
that way: plot_tradeoffs.py took 470 s instead of 10 s).
"""

import os
import pathlib
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

EXAMPLES = pathlib.Path(__file__).parents[1] / "examples"
RUNNER = pathlib.Path(__file__).parent / "_example_runner.py"
SCRIPTS = sorted(p.name for p in EXAMPLES.glob("*.py"))
BUDGET = "6"

# What each example must print, beyond exiting 0 (a missing example fails below).
EXPECTED = {
    # the demo's front depends on this machine's timings: either outcome is reported
    "demo.py": [
        "Reference model (50 trees), p95 latency per row on this machine",
        "Pareto set (",
        "candidates | ",
        "Refit policy EpsilonConstraint",
        ("refitted: candidate", "No candidate met the latency constraint"),
    ],
    "plot_ask_tell.py": [
        f"{BUDGET} evaluations:",
        "distinct results on the Pareto front",
    ],
    "plot_concave_front.py": [
        "weighted sums reach 2 of 21 Pareto points",
        "ε-constraints reach 21 of 21",
    ],
    "plot_dask.py": [
        "cluster: 2 workers",
        "same candidates and scores as a local run: True",
    ],
    "plot_fairness_constraint.py": [
        "constant predictor is Pareto-optimal: True",
        "constant predictor is feasible: False",
        "warning: No Pareto candidate meets",
    ],
    "plot_freeway.py": [
        "cost at most 11 dollars, then fastest: 74.7 mph",
        "arrive within 90 minutes, then cheapest: 66.7 mph",
    ],
    "plot_latency_budget.py": [
        "median disagreement between the two re-timings",
        "refitted candidate",
    ],
    "plot_quick_start.py": [
        "MultiObjectiveSearchCV best_params_",
        "refitted: candidate",
    ],
    "plot_reselect.py": [
        "fairest within one point: candidate",
        "most accurate: candidate",
    ],
    "plot_robustness.py": ["drop (min)", "under noise"],
    "plot_tradeoffs.py": [
        "refitted: candidate",
        "Refit policy",
        "learning_rate: accuracy",
    ],
}


def _run(name, root):
    work = root / name.removesuffix(".py")
    work.mkdir()
    shutil.copy(EXAMPLES / name, work / name)
    env = {
        **os.environ,
        "SKLEARN_MOO_EXAMPLE_BUDGET": BUDGET,
        "MPLBACKEND": "Agg",
        "OMP_NUM_THREADS": "1",
    }
    return subprocess.run(
        [sys.executable, str(RUNNER), name],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    pytest.importorskip("dask.distributed")
    root = tmp_path_factory.mktemp("examples")
    with ThreadPoolExecutor(2) as pool:
        done = dict(zip(SCRIPTS, pool.map(lambda name: _run(name, root), SCRIPTS)))
    return root, done


def test_every_example_is_checked_here():
    assert sorted(EXPECTED) == SCRIPTS


@pytest.mark.slow
@pytest.mark.parametrize("name", SCRIPTS)
def test_example_runs_with_the_small_budget(runs, name):
    root, done = runs
    run = done[name]
    assert run.returncode == 0, run.stderr[-3000:]
    for text in EXPECTED[name]:  # a tuple: one of them
        options = text if isinstance(text, tuple) else (text,)
        assert any(t in run.stdout for t in options), (
            f"{text!r} not in the output of {name}:\n{run.stdout}"
        )
    # every plt.show() shows at least one figure, a real picture
    shown = sorted((root / name.removesuffix(".py") / "figures").glob("*.png"))
    assert len(shown) >= max(1, (EXAMPLES / name).read_text().count("plt.show()"))
    assert all(path.stat().st_size > 5000 for path in shown)


@pytest.mark.parametrize("name", SCRIPTS)
def test_example_has_a_gallery_title(name):
    """sphinx-gallery needs a docstring whose first line is underlined with '='."""
    lines = (EXAMPLES / name).read_text().split('"""')[1].strip().splitlines()
    assert len(lines) > 2 and set(lines[1]) == {"="} and len(lines[1]) >= len(lines[0])


def test_plot_tradeoffs_draws_every_display(runs):
    root, done = runs
    assert done["plot_tradeoffs.py"].returncode == 0
    assert len(list((root / "plot_tradeoffs" / "figures").glob("*.png"))) == 4
