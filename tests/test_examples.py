"""Examples run (small budget)."""

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
