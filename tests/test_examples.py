"""Examples run (small budget)."""

import os
import pathlib
import subprocess
import sys

import pytest

EXAMPLES = pathlib.Path(__file__).parents[1] / "examples"


@pytest.mark.slow
def test_examples_demo_quick_runs_and_prints_the_pareto_set():
    pytest.importorskip("pandas")
    done = subprocess.run([sys.executable, str(EXAMPLES / "demo.py"), "--quick"],
                          capture_output=True, text=True, timeout=240, check=True)
    assert "Pareto set (" in done.stdout and "refitted: candidate" in done.stdout
    assert "p95 latency per row (min)" in done.stdout


def test_examples_ask_tell_prints_a_feasible_non_dominated_front():
    done = subprocess.run([sys.executable, str(EXAMPLES / "ask_tell.py"), "--budget", "25"],
                          capture_output=True, text=True, timeout=120, check=True)
    lines = done.stdout.strip().splitlines()
    assert lines[0].startswith("25 evaluations:") and "not allowed" in lines[0]
    rows = [line.rsplit(None, 2)[-2:] for line in lines[2:]]
    hours_euros = [(float(h), float(e)) for h, e in rows]
    assert hours_euros and all(h <= 3.5 for h, _ in hours_euros)  # the deadline holds
    for h, e in hours_euros:  # sorted by time, each trades time for money
        assert not any(h2 <= h and e2 <= e and (h2, e2) != (h, e) for h2, e2 in hours_euros)
    assert [h for h, _ in hours_euros] == sorted(h for h, _ in hours_euros)


@pytest.mark.slow
def test_examples_plot_tradeoffs_writes_every_figure(tmp_path):
    pytest.importorskip("matplotlib")
    pytest.importorskip("pandas")
    script = tmp_path / "plot_tradeoffs.py"
    script.write_text((EXAMPLES / "plot_tradeoffs.py").read_text())
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=240, check=True,
                          env={**os.environ, "SKLEARN_MOO_EXAMPLE_BUDGET": "8"})
    assert "refitted: candidate" in done.stdout and "Refit policy" in done.stdout
    for name in ("pareto_front", "parallel_coordinates", "hypervolume_history",
                 "objective_importance"):
        assert (tmp_path / "figures" / f"{name}.png").stat().st_size > 5000
