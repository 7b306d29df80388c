"""Run scikit-learn's own ``test_search.py`` with MultiObjectiveSearchCV as GridSearchCV.

The installed ``sklearn/model_selection/tests/test_search.py`` is copied to a
temporary folder with one line added after its imports::

    from sklearn_moo import MultiObjectiveSearchCV as GridSearchCV

so every test builds our class exactly as it builds ``GridSearchCV`` (grids
passed positionally or as ``param_grid=``). The tests are run with pytest; the
tests whose source names ``GridSearchCV`` are the ones that exercise our class.
A failure is "expected" when it is listed in ``EXPECTED_FAILURES`` with the
documented, deliberate difference that causes it; any other failure, and any
expected failure that now passes, makes the script exit 1.

Usage::

    .venv/bin/python benchmarks/sklearn_search_tests.py [--junit FILE] [-- PYTEST ARGS]

``tests/model_selection/test_sklearn_suite.py`` runs it as a slow test.
"""

from __future__ import annotations

import argparse
import ast
import pathlib
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import sklearn

SUBSTITUTE = (
    "from sklearn_moo import MultiObjectiveSearchCV as GridSearchCV  # substituted\n"
)

# test id (without the module part) -> the documented difference that makes it fail.
# A parametrised id may be given without its brackets to cover every parameter set.
_EXTRA_KEYS = (
    "cv_results_ has our extra keys (pareto_rank, is_pareto_optimal, is_feasible, "
    "is_failed, is_within_noise)"
)
EXPECTED_FAILURES: dict[str, str] = {
    "test_grid_search_cv_results": _EXTRA_KEYS + ", which the test lists exactly",
    "test_custom_run_search": _EXTRA_KEYS + ", which the test lists exactly",
    "test_grid_search_cv_results_multimetric": _EXTRA_KEYS
    + "; pareto_rank of a 2-scorer search differs from a 1-scorer one's",
    "test_no_refit": "refit=True with several scorers is the default policy (WeightedSum), not an error",
    "test_refit_callable": "best_score_ is defined for a callable refit (the primary objective's mean score)",
    "test_refit_callable_multi_metric": "best_score_ is defined for a callable refit (the primary objective's mean score)",
}


def installed_test_file() -> pathlib.Path:
    return (
        pathlib.Path(sklearn.__file__).parent
        / "model_selection"
        / "tests"
        / "test_search.py"
    )


def substituted_source(source: str, substitute: str = SUBSTITUTE) -> str:
    """The test module with ``substitute`` (a binding of our class) after its imports."""
    tree = ast.parse(source)
    last = 0
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            last = node.end_lineno
        elif last and not isinstance(node, ast.Expr):
            break
    lines = source.splitlines(keepends=True)
    return "".join(lines[:last]) + substitute + "".join(lines[last:])


def _segment(source: str, node: ast.AST) -> str:
    """A top-level definition's source, decorators (parametrisations) included."""
    lines = source.splitlines()
    first = min([d.lineno for d in getattr(node, "decorator_list", [])] + [node.lineno])
    return "\n".join(lines[first - 1 : node.end_lineno]).replace(
        "HalvingGridSearchCV", ""
    )


def tests_using_gridsearchcv(source: str) -> set[str]:
    """Test functions that build GridSearchCV, directly or through module-level helpers."""
    tree = ast.parse(source)
    segments = {
        node.name: _segment(source, node)
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.ClassDef))
    }
    users = {name for name, text in segments.items() if "GridSearchCV" in text}
    while True:  # helpers that call helpers that build GridSearchCV
        more = {
            name
            for name, text in segments.items()
            if name not in users and any(re.search(rf"\b{u}\b", text) for u in users)
        }
        if not more:
            break
        users |= more
    return {name for name in users if name.startswith("test")}


def _expected_reason(test_id: str, expected: dict[str, str]) -> str | None:
    return expected.get(test_id) or expected.get(test_id.split("[", 1)[0])


def run_tests(
    source: str, pytest_args: list[str], junit: pathlib.Path | None = None
) -> dict:
    """Run a test module's source with pytest: ``{test id: (outcome, first message line)}``."""
    with tempfile.TemporaryDirectory() as tmp:
        test_file = pathlib.Path(tmp) / "test_substituted.py"
        test_file.write_text(source)
        junit = junit or pathlib.Path(tmp) / "junit.xml"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                str(test_file),
                "-q",
                "-p",
                "no:cacheprovider",
                "-o",
                "addopts=",
                "-o",
                "filterwarnings=",
                "--rootdir",
                tmp,
                f"--junitxml={junit}",
                *pytest_args,
            ],
            cwd=tmp,
            check=False,
        )
        outcome = {}
        for case in ET.parse(junit).getroot().iter("testcase"):
            failed = case.find("failure") is not None or case.find("error") is not None
            skipped = case.find("skipped") is not None
            message = ""
            for tag in ("failure", "error"):
                node = case.find(tag)
                if node is not None:
                    message = (node.get("message") or "").splitlines()[0][:160]
            outcome[case.get("name")] = (
                "failed" if failed else "skipped" if skipped else "passed",
                message,
            )
    return outcome


def report(outcome: dict, expected: dict[str, str]) -> int:
    """Print the expected and unexpected failures; 1 when any is unexpected or fixed."""
    unexpected, known, fixed = [], [], []
    for test_id, (state, message) in sorted(outcome.items()):
        reason = _expected_reason(test_id, expected)
        if state == "failed":
            (known if reason else unexpected).append((test_id, reason or message))
        elif state == "passed" and reason:
            fixed.append(test_id)
    for title, rows in (
        ("expected failures (documented differences)", known),
        ("UNEXPECTED failures", unexpected),
    ):
        print(f"\n{title}: {len(rows)}")
        for test_id, why in rows:
            print(f"  {test_id}: {why}")
    if fixed:
        print(
            "\nlisted as expected failures but passed (update the expected failures):"
        )
        for test_id in fixed:
            print(f"  {test_id}")
    return 1 if unexpected or fixed else 0


def counts(outcome: dict) -> dict:
    return {
        s: sum(1 for o, _ in outcome.values() if o == s)
        for s in ("passed", "failed", "skipped")
    }


def run(pytest_args: list[str], junit: pathlib.Path | None = None) -> int:
    source = installed_test_file().read_text()
    using = tests_using_gridsearchcv(source)
    outcome = run_tests(substituted_source(source), pytest_args, junit)
    ours = {k: v for k, v in outcome.items() if k.split("[", 1)[0] in using}
    print(
        f"\nscikit-learn {sklearn.__version__}: {len(using)} test functions use GridSearchCV, "
        f"{len(ours)} test cases: {counts(ours)}"
    )
    return report(outcome, EXPECTED_FAILURES)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--junit", type=pathlib.Path, default=None)
    parser.add_argument("pytest_args", nargs="*")
    args = parser.parse_args(argv)
    return run(args.pytest_args, args.junit)


if __name__ == "__main__":
    sys.exit(main())
