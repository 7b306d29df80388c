"""Run scikit-learn's ``test_successive_halving.py`` with our halving search bound to
``HalvingGridSearchCV`` and ``HalvingRandomSearchCV``.

The installed ``sklearn/model_selection/tests/test_successive_halving.py`` is
copied to a temporary folder with ``SUBSTITUTE`` added after its imports: our
class as ``HalvingGridSearchCV``, and as ``HalvingRandomSearchCV`` with that
class's two defaults (``n_candidates="exhaust"``, ``min_resources="smallest"``),
which one class cannot share with the grid search's. The test code is
unchanged. A failure is "expected" when it is listed in ``EXPECTED_FAILURES``
with the deliberate difference that causes it; any other failure, and any
expected failure that now passes, makes the script exit 1. The tests of
scikit-learn's private ``_SubsampleMetaSplitter`` and ``_top_k`` do not touch
our class; they are counted apart.

Usage::

    .venv/bin/python benchmarks/sklearn_halving_tests.py [--junit FILE] [-- PYTEST ARGS]

``tests/model_selection/test_sklearn_suite.py`` runs it as a slow test.
"""

from __future__ import annotations

import argparse
import pathlib
import sys

import sklearn

sys.path.insert(0, str(pathlib.Path(__file__).parent))

from sklearn_search_tests import counts, report, run_tests, substituted_source  # noqa: E402

SUBSTITUTE = """
# substituted: sklearn-moo's halving search in place of scikit-learn's two classes
import functools as _functools

from sklearn_moo import MultiObjectiveHalvingSearchCV as HalvingGridSearchCV
HalvingRandomSearchCV = _functools.partial(
    HalvingGridSearchCV, n_candidates="exhaust", min_resources="smallest")
"""

# Tests of scikit-learn's private helpers, which never build a search.
PRIVATE_HELPER_TESTS = (
    "test_subsample_splitter_shapes",
    "test_subsample_splitter_determinism",
    "test_top_k",
)

_FOLDS = (
    "the folds are computed once per search, so a splitter that shuffles without a "
    "seed gives every rung the same folds: accepted, not refused"
)
EXPECTED_FAILURES: dict[str, str] = {
    **{
        f"test_input_errors[params{k}-must yield consistent folds-{name}]": _FOLDS
        for k in (4, 5)
        for name in ("MultiObjectiveHalvingSearchCV", "Est1")
    },
    "test_select_best_index": "calls _select_best_index on the class, as a static method; ours reads the "
    "search's refit policy, so it is a method of the fitted search",
    "test_halving_random_search_list_of_dicts": "cv_results_ has our extra keys (pareto_rank, is_pareto_optimal, is_feasible, "
    "is_failed, is_within_noise), which the test lists exactly",
}


def installed_test_file() -> pathlib.Path:
    return (
        pathlib.Path(sklearn.__file__).parent
        / "model_selection"
        / "tests"
        / "test_successive_halving.py"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--junit", type=pathlib.Path, default=None)
    parser.add_argument("pytest_args", nargs="*")
    args = parser.parse_args(argv)
    source = substituted_source(installed_test_file().read_text(), SUBSTITUTE)
    outcome = run_tests(source, args.pytest_args, args.junit)
    ours = {
        k: v
        for k, v in outcome.items()
        if k.split("[", 1)[0] not in PRIVATE_HELPER_TESTS
    }
    print(
        f"\nscikit-learn {sklearn.__version__} test_successive_halving.py: {len(ours)} test "
        f"cases of the searches: {counts(ours)}; {len(outcome) - len(ours)} of its private "
        "helpers"
    )
    return report(outcome, EXPECTED_FAILURES)


if __name__ == "__main__":
    sys.exit(main())
