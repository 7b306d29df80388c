"""Budgets, early stopping and progress (issue #15, acceptance 4 and 5)."""

import itertools

import pytest
from sklearn.datasets import make_classification

from sklearn_moo import MultiObjectiveSearchCV
from sklearn_moo.callback import NoImprovementStopper, WallTimeBudget
from sklearn_moo.engine import Real

from .._helpers import ANALYTIC_SCORING, AnalyticClassifier, requires_callback_api

pytestmark = requires_callback_api

X, Y = make_classification(n_samples=40, random_state=0)


def _search(**kwargs):
    params = dict(
        estimator=AnalyticClassifier(),
        search_spaces={"x": Real(0.0, 1.0), "z": Real(0.0, 1.0)},
        scoring=ANALYTIC_SCORING,
        n_iter=20,
        n_points=2,
        cv=2,
        random_state=0,
    )
    params.update(kwargs)
    return MultiObjectiveSearchCV(**params)


class FakeClock:
    """Advances 10 s at every reading."""

    def __init__(self):
        self.readings = itertools.count(0, 10)

    def __call__(self):
        return float(next(self.readings))


def test_wall_time_budget_stops_within_one_round_and_refits():
    budget = WallTimeBudget(25, clock=FakeClock())  # read at setup (0), then 10, 20, 30
    search = _search().set_callbacks(budget).fit(X, Y)
    assert (
        len(search.cv_results_["params"]) == 6
    )  # 3 rounds of 2: the third crossed 25 s
    assert budget.elapsed_ == 30
    assert hasattr(search, "best_estimator_")


def test_wall_time_budget_rejects_a_non_positive_budget():
    with pytest.raises(ValueError, match="seconds must be a positive number, got 0"):
        WallTimeBudget(0)


# Every candidate scores the same: the front never moves after round 1.
FLAT = {"a": lambda est, X, y: 1.0, "b": lambda est, X, y: 1.0}


def test_no_improvement_stopper_stops_a_front_that_stops_moving():
    stopper = NoImprovementStopper(patience=2)
    search = _search(scoring=FLAT, n_iter=40).set_callbacks(stopper).fit(X, Y)
    assert len(search.cv_results_["params"]) == 6  # rounds 1-3, then no growth for 2
    assert stopper.improvement_ == 0


def test_no_improvement_stopper_lets_a_moving_front_run():
    stopper = NoImprovementStopper(patience=2, tol=0.0)
    search = _search(n_iter=12).set_callbacks(stopper).fit(X, Y)
    assert len(search.cv_results_["params"]) >= 8


def test_verbose_1_prints_one_line_per_round(capsys):
    _search(n_iter=6, verbose=1).fit(X, Y)
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3
    assert (
        lines[0].startswith("[  1] 2/6 candidates | ")
        and " on the front | best " in lines[0]
    )
    assert lines[-1].startswith("[  3] 6/6 candidates | ")
    assert all(
        "best feasible: f1 " in line and ", f2 " in line for line in lines
    )  # names
    assert not any("Fitting" in line for line in lines)


def test_verbose_0_prints_nothing(capsys):
    _search(n_iter=4).fit(X, Y)
    assert capsys.readouterr().out == ""
