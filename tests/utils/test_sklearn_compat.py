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
from sklearn.model_selection import GridSearchCV, _search as sk_search

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


def test_compat_basesearchcv_methods_we_call_and_override_keep_their_signatures():
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
    assert _params(base._get_scorers) == ["self"]
    assert _params(base._get_routed_params_for_fit) == ["self", "params"]
    routed = compat.BaseSearchCV._get_routed_params_for_fit(
        _GridLike(), {"groups": [0, 1], "sample_weight": None}
    )
    assert dict(routed.splitter.split) == {"groups": [0, 1]}
    assert set(routed) >= {"estimator", "splitter", "scorer"}
    if compat.HAS_CALLBACK_API:
        assert _params(base._run_search) == [
            "self",
            "evaluate_candidates",
            "callback_ctx",
        ]
        assert "max_subtasks" in _params(base._init_callback_context)
    else:
        assert _params(base._run_search) == ["self", "evaluate_candidates"]


def test_compat_private_functions_we_call_keep_their_signatures():
    params = _params(compat._fit_and_score)
    assert params[:3] == ["estimator", "X", "y"]
    assert {
        "scorer", "train", "test", "verbose", "parameters", "fit_params",
        "score_params", "return_train_score", "return_n_test_samples",
        "return_times", "return_parameters", "split_progress",
        "candidate_progress", "error_score",
    } <= set(params)  # fmt: skip
    assert ("callback_ctx" in params) == compat.FIT_AND_SCORE_TAKES_CALLER
    assert _params(compat._warn_or_raise_about_fit_failures) == [
        "results",
        "error_score",
    ]
    assert _params(compat._insert_error_scores) == ["results", "error_score"]
    assert _params(compat._check_method_params) == ["X", "params", "indices"]
    with pytest.raises(ValueError, match="All the 2 fits failed"):
        compat._warn_or_raise_about_fit_failures(
            [{"fit_error": "boom"}, {"fit_error": "boom"}], np.nan
        )


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


X, Y = make_classification(n_samples=40, random_state=0)


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


# --------------------------------------- nothing of scikit-learn is replaced (#33)
_WATCHED = ("sklearn.model_selection._search", "sklearn.model_selection._validation",
            "sklearn.metrics._scorer")  # fmt: skip


def _snapshot():
    """Every module global of the watched modules, and every attribute of the classes
    they define, by identity."""
    seen = {}
    for name in _WATCHED:
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            seen[(name, attribute)] = id(value)
            if isinstance(value, type) and value.__module__ == name:
                for member, inner in vars(value).items():
                    # NOTE: copyreg caches __slotnames__ on a class the first time
                    # any instance is copied or pickled (a joblib task does it).
                    if member != "__slotnames__":
                        seen[(name, attribute, member)] = id(inner)
    return seen


class _Snapshotting(LogisticRegression):
    """Takes a snapshot of scikit-learn's modules from inside a fit."""

    during = []

    def fit(self, X, y):
        type(self).during.append(_snapshot())
        return super().fit(X, y)


def _our_searches():
    from sklearn_moo import MultiObjectiveHalvingSearchCV
    from sklearn_moo.engine import Real

    scoring = {"acc": "accuracy", "rec": "recall"}
    return {
        "grid": MultiObjectiveSearchCV(
            _Snapshotting(), {"C": [0.1, 1.0]}, scoring=scoring, cv=2
        ),
        "bayes": MultiObjectiveSearchCV(
            _Snapshotting(), {"C": Real(0.1, 1.0)}, scoring=scoring, n_iter=3, cv=2,
            random_state=0,
        ),
        "halving": MultiObjectiveHalvingSearchCV(
            _Snapshotting(), {"C": [0.1, 1.0, 10.0]}, scoring=scoring, cv=2,
            factor=2, min_resources=20, random_state=0,
        ),
    }  # fmt: skip


@pytest.mark.parametrize("kind", ["grid", "bayes", "halving"])
def test_compat_no_scikit_learn_attribute_changes_before_during_or_after(kind):
    before = _snapshot()
    _Snapshotting.during = []
    _our_searches()[kind].fit(X, Y)
    assert _Snapshotting.during and all(d == before for d in _Snapshotting.during)
    assert _snapshot() == before


def test_compat_nothing_reads_scikit_learns_frames_or_closures():
    root = pathlib.Path(compat.__file__).parents[1]
    pattern = re.compile(r"_getframe|f_locals|f_back|__closure__|cell_contents")
    found = {
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if pattern.search(p.read_text())
    }
    # _identity reads the closures of the user's own functions (what they compute);
    # _warnings finds the stack level of the user's call for a warning.
    assert found <= {"model_selection/_identity.py", "utils/_warnings.py"}
    assert "f_locals" not in (root / "utils" / "_warnings.py").read_text()


class _Waiting(LogisticRegression):
    """Holds our search inside its first fit until released (class-level events)."""

    entered, release = threading.Event(), threading.Event()

    def fit(self, X, y):
        type(self).entered.set()
        type(self).release.wait(30)
        return super().fit(X, y)


def test_compat_a_stock_search_failing_while_ours_runs_shows_no_frame_of_ours():
    import traceback

    _Waiting.entered.clear(), _Waiting.release.clear()
    ours = MultiObjectiveSearchCV(_Waiting(), {"C": [1.0]}, cv=2)
    thread = threading.Thread(target=lambda: ours.fit(X, Y))
    thread.start()
    try:
        assert _Waiting.entered.wait(30)
        stock = GridSearchCV(_Failing(), {"C": [0.5]}, cv=2, error_score="raise")
        with pytest.raises(RuntimeError, match="inner fit fails") as caught:
            stock.fit(X, Y)
    finally:
        _Waiting.release.set()
        thread.join(30)
    frames = traceback.extract_tb(caught.value.__traceback__)
    assert frames and not [f for f in frames if "sklearn_moo" in f.filename]


class _Failing(LogisticRegression):
    def fit(self, X, y):
        raise RuntimeError("inner fit fails")
