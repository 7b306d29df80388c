"""The search test suites of scikit-learn and scikit-optimize, run with our classes in place
of GridSearchCV (issue #11, acceptance 1), of BayesSearchCV (issue #23, acceptance 1) and of
HalvingGridSearchCV / HalvingRandomSearchCV (issue #25, acceptance 1)."""

import pathlib
import subprocess
import sys

import pytest

BENCHMARKS = pathlib.Path(__file__).parents[2] / "benchmarks"


def _run_harness(name, summary_start):
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / name)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    summary = done.stdout[done.stdout.rfind(summary_start) :]
    assert done.returncode == 0, summary
    assert "UNEXPECTED failures: 0" in summary
    return summary


@pytest.mark.slow
def test_sklearn_test_search_fails_only_where_documented():
    summary = _run_harness("sklearn_search_tests.py", "\nscikit-learn ")
    assert "'passed': 0" not in summary  # the substitution reached the tests


@pytest.mark.slow
def test_skopt_test_searchcv_fails_only_where_documented():
    summary = _run_harness("skopt_search_tests.py", "\nscikit-optimize ")
    assert "'passed': 18" in summary  # all but the two documented differences


@pytest.mark.slow
def test_sklearn_test_successive_halving_fails_only_where_documented():
    summary = _run_harness("sklearn_halving_tests.py", "\nscikit-learn ")
    assert "'passed': 0" not in summary  # the substitution reached the tests
