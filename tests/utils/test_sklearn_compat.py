"""Fails loudly when scikit-learn changes a private hook we rely on."""

import inspect

from sklearn.model_selection import _search as sk_search

from sklearn_moo.utils import _sklearn_compat as compat


def _params(func):
    return list(inspect.signature(func).parameters)


def test_compat_basesearchcv_hooks_keep_their_signatures():
    base = compat.BaseSearchCV
    assert _params(base._format_results) == ["self", "candidate_params", "n_splits", "out",
                                             "more_results"]
    assert _params(base._select_best_index) == ["refit", "refit_metric", "results"]
    assert _params(base._check_refit_for_multimetric) == ["self", "scores"]
    assert "_run_search" in vars(base)
    assert "evaluate_candidates" in inspect.getsource(base.fit)


def test_compat_patched_module_functions_exist_with_expected_signatures():
    assert _params(compat._sk_warn_or_raise_about_fit_failures) == ["results", "error_score"]
    assert _params(compat._sk_insert_error_scores) == ["results", "error_score"]
    # BaseSearchCV.fit must still look these up as module globals of _search.
    source = inspect.getsource(compat.BaseSearchCV.fit)
    assert "_warn_or_raise_about_fit_failures(out, self.error_score)" in source
    assert "_insert_error_scores(out, self.error_score)" in source
    assert hasattr(sk_search, "_warn_or_raise_about_fit_failures")


def test_compat_hooks_delegate_outside_a_search():
    import pytest

    compat._install_hooks()
    results = [{"fit_error": "boom"}]
    with pytest.raises(ValueError, match="All the 1 fits failed"):
        sk_search._warn_or_raise_about_fit_failures(results, 0.0)


def test_compat_only_module_importing_sklearn_private_names():
    import pathlib
    import re

    root = pathlib.Path(compat.__file__).parents[1]
    pattern = re.compile(r"^\s*(from|import)\s+sklearn\S*\._\w+|from sklearn\S* import .*\b_\w+",
                         re.M)
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.py")
                 if p.name != "_sklearn_compat.py" and pattern.search(p.read_text())]
    assert offenders == []
