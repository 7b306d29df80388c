"""Run scikit-optimize's own ``test_searchcv.py`` with MultiObjectiveSearchCV as BayesSearchCV.

scikit-optimize's wheel ships no tests, so ``benchmarks/vendor/skopt_test_searchcv.py``
is ``skopt/tests/test_searchcv.py`` of the scikit-optimize 0.10.2 release (tag
``v0.10.2``, commit 328525d of the maintained repository), unchanged, under its
BSD-3-Clause licence (``benchmarks/vendor/LICENSE.scikit-optimize``). It is
copied to a temporary folder with one line added after its imports::

    from sklearn_moo import MultiObjectiveSearchCV as BayesSearchCV

and run with pytest (offline). A failure is "expected" when it is listed in
``EXPECTED_FAILURES`` with the deliberate difference that causes it; any other
failure, and any expected failure that now passes, makes the script exit 1.

Usage::

    .venv/bin/python benchmarks/skopt_search_tests.py [--junit FILE] [-- PYTEST ARGS]

``tests/model_selection/test_sklearn_suite.py`` runs it as a slow test.
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import warnings
from importlib import metadata

sys.path.insert(0, str(pathlib.Path(__file__).parent))

from sklearn_search_tests import counts, report, run_tests, substituted_source  # noqa: E402

TEST_FILE = pathlib.Path(__file__).parent / "vendor" / "skopt_test_searchcv.py"
RELEASE = "0.10.2"
SUBSTITUTE = (
    "from sklearn_moo import MultiObjectiveSearchCV as BayesSearchCV  # substituted\n"
)

EXPECTED_FAILURES: dict[str, str] = {
    "test_raise_errors": "spaces are validated in fit, as scikit-learn's estimators do, not in __init__; and "
    "{} is one candidate with the estimator's own parameters, as in GridSearchCV",
    "test_searchcv_rank": "no rank_train_* columns: scikit-learn's searches have none (skopt adds them)",
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--junit", type=pathlib.Path, default=None)
    parser.add_argument("pytest_args", nargs="*")
    args = parser.parse_args(argv)
    installed = metadata.version("scikit-optimize")
    if installed != RELEASE:
        warnings.warn(
            f"scikit-optimize {installed} is installed; the tests are {RELEASE}'s.",
            stacklevel=1,
        )
    source = substituted_source(TEST_FILE.read_text(), SUBSTITUTE)
    outcome = run_tests(source, args.pytest_args, args.junit)
    print(
        f"\nscikit-optimize {installed} test_searchcv.py ({RELEASE}): {len(outcome)} test "
        f"cases: {counts(outcome)}"
    )
    return report(outcome, EXPECTED_FAILURES)


if __name__ == "__main__":
    sys.exit(main())
