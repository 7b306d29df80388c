"""Acceptance 6 and 7: failures, error_score, determinism."""

import re
import warnings

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.exceptions import FitFailedWarning

from sklearn_moo import MultiObjectiveSearchCV
from sklearn_moo.engine import MultiObjectiveOptimizer, Real
from sklearn_moo.exceptions import NonFiniteScoreWarning

from .._helpers import ANALYTIC_SCORING, AnalyticClassifier

X, Y = make_classification(n_samples=40, random_state=0)
SPACE = {"x": Real(0.0, 1.0), "z": Real(0.0, 1.0)}


def _search(**kwargs):
    params = dict(
        estimator=AnalyticClassifier(fail_above=0.6),
        search_spaces=SPACE,
        scoring=ANALYTIC_SCORING,
        n_iter=16,
        n_points=1,
        cv=2,
        random_state=0,
    )
    params.update(kwargs)
    return MultiObjectiveSearchCV(**params)


def test_search_failed_fits_are_recorded_and_never_reach_a_surrogate(monkeypatch):
    told = []
    original = MultiObjectiveOptimizer._fit_gp

    def spy(self, key, X, y, refit_kernel=True):
        assert np.all(np.isfinite(y)), f"non-finite values reached the surrogate {key}"
        told.append(key)
        return original(self, key, X, y, refit_kernel)

    monkeypatch.setattr(MultiObjectiveOptimizer, "_fit_gp", spy)
    with pytest.warns(
        FitFailedWarning, match=r"\n\d+ fits failed out of a total of 32\.\n"
    ):
        search = _search().fit(X, Y)
    results = search.cv_results_
    failed = np.asarray(results["param_x"], float) > 0.6
    assert failed.any() and (~failed).any()
    assert search.n_failed_fits_ == 2 * failed.sum()
    assert np.all(np.isnan(results["mean_test_f1"][failed]))
    assert not results["is_pareto_optimal"][failed].any()
    assert not results["is_feasible"][failed].any()
    assert np.all(results["pareto_rank"][failed] == results["pareto_rank"].max())
    assert ("s",) in told  # the success model steers away from failures
    assert not failed[search.best_index_]


def test_search_whole_round_failing_does_not_abort():
    # n_points=1: every round with x > 0.6 fails completely (all its folds).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitFailedWarning)
        search = _search(estimator=AnalyticClassifier(fail_above=0.3)).fit(X, Y)
    assert len(search.cv_results_["params"]) == 16
    assert search.n_failed_fits_ > 0


def test_search_error_score_raise_raises():
    with pytest.raises(ValueError, match="x is in the failing region"):
        _search(error_score="raise").fit(X, Y)


@pytest.mark.parametrize("grid", [True, False])
def test_search_every_fit_failing_raises(grid):
    space = {"x": [0.7, 0.8]} if grid else {"x": Real(0.7, 1.0)}
    search = _search(search_spaces=space, n_iter=None if grid else 4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitFailedWarning)
        with pytest.raises(ValueError, match=r"\nAll the \d+ fits failed\.\n"):
            search.fit(X, Y)


@pytest.mark.parametrize("n_points", [1, 3])
def test_search_same_random_state_same_candidates_for_any_n_jobs(n_points):
    runs = [
        _search(
            estimator=AnalyticClassifier(), n_jobs=n_jobs, n_points=n_points, n_iter=12
        )
        .fit(X, Y)
        .cv_results_["params"]
        for n_jobs in (1, 2, 1)
    ]
    assert runs[0] == runs[1] == runs[2]


def test_search_different_random_state_different_candidates():
    a = (
        _search(estimator=AnalyticClassifier(), n_iter=6)
        .fit(X, Y)
        .cv_results_["params"]
    )
    b = _search(estimator=AnalyticClassifier(), n_iter=6, random_state=1).fit(X, Y)
    assert a != b.cv_results_["params"]


class _InterruptAfter(AnalyticClassifier):
    calls = 0

    def fit(self, X, y):
        type(self).calls += 1
        if type(self).calls == 9:  # once, in the fifth candidate (2 folds each)
            raise KeyboardInterrupt
        return super().fit(X, y)


def test_search_interrupted_keeps_finished_rounds_and_propagates():
    _InterruptAfter.calls = 0  # the fifth candidate's first fold: rounds 1-4 are done
    search = _search(estimator=_InterruptAfter(), n_iter=10)
    with pytest.warns(
        UserWarning, match=r"stopped \(KeyboardInterrupt\) after 4 candidates"
    ):
        with pytest.raises(KeyboardInterrupt):
            search.fit(X, Y)
    assert len(search.cv_results_["params"]) == 4
    assert len(search.cv_results_["pareto_rank"]) == 4
    for name in ("best_estimator_", "best_index_", "best_params_", "best_score_"):
        assert not hasattr(search, name), name
    search.reselect("f1", X, Y)  # refits from what was kept
    assert search.best_index_ == int(np.argmax(search.cv_results_["mean_test_f1"]))
    assert (
        search.best_estimator_.x
        == search.cv_results_["params"][search.best_index_]["x"]
    )


def test_search_interrupted_in_first_round_keeps_nothing():
    _InterruptAfter.calls = 8
    search = _search(estimator=_InterruptAfter(), n_iter=10)
    with pytest.raises(KeyboardInterrupt):
        search.fit(X, Y)
    assert not hasattr(search, "cv_results_")


def _odd_scorer(value):
    """A scorer that returns ``value`` (not a number) where x > 0.5, without raising."""
    return lambda est, X, y: value if est.x > 0.5 else -est.x


@pytest.mark.parametrize("value", [np.nan, -np.inf, np.inf])
@pytest.mark.parametrize("refit", [True, "odd", "f1"])
def test_search_non_finite_scores_are_failed_off_the_front_and_never_refitted(
    value, refit
):
    scoring = {"f1": lambda est, X, y: est.x, "odd": _odd_scorer(value)}
    search = MultiObjectiveSearchCV(
        AnalyticClassifier(),
        {"x": [0.2, 0.4, 0.6, 0.9]},
        scoring=scoring,
        refit=refit,
        cv=2,
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        search.fit(X, Y)
    ours = [w for w in caught if w.category is NonFiniteScoreWarning]
    assert len(ours) == 1
    assert re.search(
        r"'odd' for candidate\(s\) 2, 3 \(e\.g\. -?(nan|inf)\)", str(ours[0].message)
    )
    results = search.cv_results_
    assert results["is_failed"].tolist() == [False, False, True, True]
    assert (
        not results["is_pareto_optimal"][2:].any()
        and not results["is_feasible"][2:].any()
    )
    # f1 alone would pick x=0.9; the candidates with a number on every objective win
    assert search.best_index_ in (0, 1) and search.best_params_["x"] <= 0.5
    search.reselect("f1", X, Y)
    assert search.best_index_ == 1


def test_search_non_finite_scores_on_every_candidate_raise_as_never_scored():
    scoring = {"f1": lambda est, X, y: est.x, "odd": lambda est, X, y: np.nan}
    search = MultiObjectiveSearchCV(
        AnalyticClassifier(), {"x": [0.2, 0.9]}, scoring=scoring, refit="f1", cv=2
    )
    with pytest.raises(ValueError, match="The scorer 'odd' failed on every fold"):
        search.fit(X, Y)
