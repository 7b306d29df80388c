"""scikit-optimize's own test_searchcv.py with our class as BayesSearchCV (issue #23, acceptance 1)."""

import pathlib
import subprocess
import sys

import pytest

HARNESS = pathlib.Path(__file__).parents[2] / "benchmarks" / "skopt_search_tests.py"


@pytest.mark.slow
def test_skopt_test_searchcv_fails_only_where_documented():
    done = subprocess.run([sys.executable, str(HARNESS)], capture_output=True, text=True,
                          timeout=600)
    summary = done.stdout[done.stdout.rfind("\nscikit-optimize "):]
    assert done.returncode == 0, summary
    assert "UNEXPECTED failures: 0" in summary
    assert "'passed': 18" in summary  # the substitution reached the tests
