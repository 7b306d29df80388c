"""Fails loudly when scikit-learn changes a private name or hook we rely on.

One test per entry of ``sklearn_moo/utils/_sklearn_compat.py``'s docstring.
"""

import importlib
import inspect
import pathlib
import re
import threading

import numpy as np
import pytest
import sklearn
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.model_selection import _search as sk_search
from sklearn.model_selection import _validation as sk_validation

from sklearn_moo import MultiObjectiveSearchCV
from sklearn_moo.metrics._base import _MooScorer
from sklearn_moo.utils import _sklearn_compat as compat


def _params(func):
    return list(inspect.signature(func).parameters)


def test_compat_detects_the_callback_api_from_1_9():
    major, minor = (int(p) for p in sklearn.__version__.split(".")[:2])
    assert (major, minor) >= (1, 7)  # the declared floor
    assert compat.HAS_CALLBACK_API == ((major, minor) >= (1, 9))
    assert compat.FIT_AND_SCORE_TAKES_CALLER == compat.HAS_CALLBACK_API
    if compat.HAS_CALLBACK_API:
        importlib.import_module("sklearn.callback")
        assert "callback_ctx" in _params(sk_search.GridSearchCV._run_search)
    else:
        assert not hasattr(
            MultiObjectiveSearchCV(LogisticRegression(), {}), "set_callbacks"
        )


class _GridLike(compat.BaseSearchCV):
    def __init__(self):
        super().__init__(estimator=None)

    def _check_scorers_accept_sample_weight(self):
        return False


def test_compat_basesearchcv_hooks_keep_their_signatures():
    base = compat.BaseSearchCV
    assert _params(base._format_results) == [
        "self",
        "candidate_params",
        "n_splits",
        "out",
        "more_results",
    ]
    assert isinstance(inspect.getattr_static(base, "_select_best_index"), staticmethod)
    assert _params(base._select_best_index) == ["refit", "refit_metric", "results"]
    assert _params(base._check_refit_for_multimetric) == ["self", "scores"]
    # called by the audit log for the splitter's routed parameters
    assert _params(base._get_routed_params_for_fit) == ["self", "params"]
    routed = compat.BaseSearchCV._get_routed_params_for_fit(
        _GridLike(), {"groups": [0, 1], "sample_weight": None}
    )
    assert dict(routed.splitter.split) == {"groups": [0, 1]}
    source = inspect.getsource(base.fit)
    if compat.HAS_CALLBACK_API:
        assert _params(base._run_search) == [
            "self",
            "evaluate_candidates",
            "callback_ctx",
        ]
        assert (
            "def evaluate_candidates(\n                candidate_params, cv=None, "
            "more_results=None, callback_ctx=None\n            )" in source
        )
        assert '"callback_ctx" in signature(self._run_search).parameters' in source
        assert "self._checked_cv_orig = check_cv(" in source
    else:  # 1.7 and 1.8: what search_run_state and _ScopedParallel read
        assert _params(base._run_search) == ["self", "evaluate_candidates"]
        assert (
            "def evaluate_candidates(candidate_params, cv=None, more_results=None):"
            in source
        )
        assert (
            "cv_orig = check_cv(" in source
            and "n_splits = cv_orig.get_n_splits(" in source
        )
        assert (
            "parallel = Parallel(n_jobs=self.n_jobs, pre_dispatch=self.pre_dispatch)"
            in source
        )
        assert "delayed(_fit_and_score)(" in source


def test_compat_scorer_internals_we_read_and_override():
    assert _params(compat._BaseScorer.__init__) == [
        "self",
        "score_func",
        "sign",
        "kwargs",
        "response_method",
    ]
    # _MultimetricScorer and check_scoring call a scorer's _score(method_caller, estimator,
    # X, y_true, **kwargs); our scorers implement it.
    assert (
        "self._score(partial(_cached_call, None), estimator, X, y_true"
        in inspect.getsource(compat._BaseScorer.__call__)
    )
    assert "scorer._score(" in inspect.getsource(compat._MultimetricScorer.__call__)
    for hook in ("_accept_sample_weight", "_get_metadata_request"):
        assert hasattr(compat._BaseScorer, hook) and hook in vars(_MooScorer)
    multi = compat._MultimetricScorer(
        scorers={"a": sklearn.metrics.get_scorer("accuracy")}, raise_exc=True
    )
    assert set(multi._scorers) == {"a"}
    assert sklearn.metrics.get_scorer("neg_log_loss")._sign == -1


def test_compat_patched_module_functions_exist_with_expected_signatures():
    assert _params(compat._sk_warn_or_raise_about_fit_failures) == [
        "results",
        "error_score",
    ]
    assert _params(compat._sk_insert_error_scores) == ["results", "error_score"]
    # BaseSearchCV.fit must still look these up as module globals of _search.
    source = inspect.getsource(compat.BaseSearchCV.fit)
    assert "_warn_or_raise_about_fit_failures(out, self.error_score)" in source
    assert "_insert_error_scores(out, self.error_score)" in source
    assert (
        sk_search._warn_or_raise_about_fit_failures
        is sk_validation._warn_or_raise_about_fit_failures
    )


X, Y = make_classification(n_samples=40, random_state=0)


class _Failing(LogisticRegression):
    def fit(self, X, y):
        raise RuntimeError("inner fit fails")


def test_compat_hooks_installed_only_while_a_search_runs():
    originals = (
        sk_search._warn_or_raise_about_fit_failures,
        sk_search._insert_error_scores,
    )
    assert originals == (
        compat._sk_warn_or_raise_about_fit_failures,
        compat._sk_insert_error_scores,
    )
    seen = []

    class Spy(LogisticRegression):
        def fit(self, X, y):
            seen.append(sk_search._warn_or_raise_about_fit_failures)
            return super().fit(X, y)

    MultiObjectiveSearchCV(Spy(), {"C": [1.0]}, cv=2).fit(X, Y)
    assert seen and all(f is compat._scoped_warn_or_raise for f in seen)
    assert (
        sk_search._warn_or_raise_about_fit_failures,
        sk_search._insert_error_scores,
    ) == originals


def test_compat_hooks_delegate_for_a_caller_that_is_not_our_search():
    with compat.search_failure_scope(object(), np.nan):
        assert (
            sk_search._warn_or_raise_about_fit_failures is compat._scoped_warn_or_raise
        )
        with pytest.raises(ValueError, match=r"All the 2 fits failed\."):
            GridSearchCV(_Failing(), {"C": [1.0]}, cv=2).fit(X, Y)
    assert (
        sk_search._warn_or_raise_about_fit_failures
        is compat._sk_warn_or_raise_about_fit_failures
    )


def test_compat_hooks_reference_counted_across_threads():
    inside, release = threading.Event(), threading.Event()

    def hold():
        with compat.search_failure_scope(object(), np.nan):
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    inside.wait(10)
    with compat.search_failure_scope(object(), np.nan):
        pass
    # the other thread's scope is still open: the hooks stay installed
    assert sk_search._warn_or_raise_about_fit_failures is compat._scoped_warn_or_raise
    release.set()
    thread.join(10)
    assert (
        sk_search._warn_or_raise_about_fit_failures
        is compat._sk_warn_or_raise_about_fit_failures
    )


def test_compat_only_module_importing_sklearn_private_names():
    root = pathlib.Path(compat.__file__).parents[1]
    pattern = re.compile(
        r"^\s*(from|import)\s+sklearn\S*\._\w+|from sklearn\S* import .*\b_\w+", re.M
    )
    offenders = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if p.name != "_sklearn_compat.py" and pattern.search(p.read_text())
    ]
    assert offenders == []


def test_compat_restores_another_tools_patch(monkeypatch):
    def patched(results, error_score):
        return compat._sk_warn_or_raise_about_fit_failures(results, error_score)

    monkeypatch.setattr(sk_search, "_warn_or_raise_about_fit_failures", patched)
    MultiObjectiveSearchCV(LogisticRegression(), {"C": [1.0]}, cv=2).fit(X, Y)
    assert sk_search._warn_or_raise_about_fit_failures is patched


class _Waiting(LogisticRegression):
    """Holds our search inside its first fit until released (class-level events)."""

    entered, release = threading.Event(), threading.Event()

    def fit(self, X, y):
        type(self).entered.set()
        type(self).release.wait(30)
        return super().fit(X, y)


def _stock_grid_search_in_a_thread_while_ours_runs(during=None):
    """A stock GridSearchCV fitted in another thread while our search is in a fit."""
    _Waiting.entered.clear(), _Waiting.release.clear()
    ours = MultiObjectiveSearchCV(_Waiting(), {"C": [1.0]}, cv=2)
    thread = threading.Thread(target=lambda: ours.fit(X, Y))
    thread.start()
    try:
        assert _Waiting.entered.wait(30)
        if during is not None:
            during()
        GridSearchCV(LogisticRegression(), {"C": [0.5, 0.25]}, cv=2).fit(X, Y)
    finally:
        _Waiting.release.set()
        thread.join(30)


def test_compat_a_stock_search_reaches_a_patch_installed_before_ours(monkeypatch):
    calls = []

    def patched(*args, **kwargs):
        calls.append(kwargs["parameters"]["C"])
        return compat._sk_fit_and_score(*args, **kwargs)

    monkeypatch.setattr(sk_search, "_fit_and_score", patched)
    _stock_grid_search_in_a_thread_while_ours_runs()
    assert sorted(calls) == [0.25, 0.25, 0.5, 0.5]  # the stock search's 2 x 2 fits
    assert sk_search._fit_and_score is patched


def test_compat_a_patch_installed_while_ours_runs_stays_after_it(monkeypatch):
    monkeypatch.setattr(
        sk_search, "_fit_and_score", sk_search._fit_and_score
    )  # restored after
    calls = []

    def install():
        wrapped = sk_search._fit_and_score  # our hook

        def patched(*args, **kwargs):
            calls.append(kwargs["parameters"]["C"])
            return wrapped(*args, **kwargs)

        sk_search._fit_and_score = patched

    _stock_grid_search_in_a_thread_while_ours_runs(during=install)
    assert sk_search._fit_and_score.__name__ == "patched"  # our exit left it in place
    calls.clear()
    GridSearchCV(LogisticRegression(), {"C": [1.0]}, cv=2).fit(
        X, Y
    )  # no search of ours runs
    assert len(calls) == 2
    MultiObjectiveSearchCV(LogisticRegression(), {"C": [1.0]}, cv=2).fit(
        X, Y
    )  # no recursion
