"""Acceptance 5: bad input is reported clearly, before any model is fitted."""

import re
from unittest import mock

import numpy as np
import pytest
from scipy import stats
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from sklearn_moo import EpsilonConstraint, MultiObjectiveSearchCV, WeightedSum
from sklearn_moo.engine import Categorical, Integer, Real

from .._helpers import AnalyticClassifier

X, Y = make_classification(n_samples=60, random_state=0)
SCORING = {"acc": "accuracy", "rec": "recall"}


def _fit_without_fitting(search):
    with mock.patch.object(LogisticRegression, "fit", autospec=True) as fit:
        search.fit(X, Y)
    return fit


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (
            dict(refit=WeightedSum({"acc": 1.0, "auc": 1.0})),
            ValueError,
            r"unknown scorer.*'auc'",
        ),
        (
            dict(refit=WeightedSum({"acc": -1.0, "rec": 1.0})),
            ValueError,
            r"weights\['acc'\] = -1.0",
        ),
        (dict(refit=WeightedSum({"acc": 0.0, "rec": 0})), ValueError, "all zero"),
        (
            dict(refit=EpsilonConstraint("auc", "rec >= 0.5")),
            ValueError,
            r"unknown scorer.*'auc'",
        ),
        (
            dict(refit=EpsilonConstraint("acc", "auc >= 0.5")),
            ValueError,
            "'auc', which is not in scoring",
        ),
        (
            dict(constraints="latency <= 5 ms"),
            ValueError,
            "'latency', which is not in scoring",
        ),
        (dict(constraints={"acc": 0.5}), ValueError, "has no direction"),
        (dict(constraints="acc < 0.5"), ValueError, "use '<=' or '>='"),
        (dict(constraints="acc >= 5 ms"), ValueError, "gives a time"),
        (dict(constraints="acc >= 0.5 parsecs"), ValueError, "Unknown unit 'parsecs'"),
        (
            dict(reference_point={"auc": 0.5}),
            ValueError,
            re.escape("reference_point names ['auc'], which are not in scoring"),
        ),
        (dict(reference_point={"acc": "5 ms"}), ValueError, "gives a time in 'ms'"),
        (
            dict(reference_point={"acc": "half"}),
            ValueError,
            r"Cannot read reference_point\['acc'\]",
        ),
        (dict(reference_point={"acc": np.nan}), ValueError, "must be a finite number"),
        (
            dict(reference_point=[0.5, 0.5]),
            ValueError,
            "The 'reference_point' parameter",
        ),
        (
            dict(refit="auc"),
            ValueError,
            r"For multi-metric scoring, the parameter refit must be set to a scorer key.*'auc' was "
            r"passed\. The scorers in scoring are \['acc', 'rec'\]",
        ),
        (dict(n_iter=0), ValueError, "n_iter"),
        (dict(n_points=0), ValueError, "n_points"),
        (
            dict(search_spaces={"C": []}),
            ValueError,
            re.escape(
                "Parameter grid for parameter 'C' need to be a non-empty sequence, got: []"
            ),
        ),
        (
            dict(search_spaces={"C": 1.0}),
            TypeError,
            re.escape(
                "Parameter grid for parameter 'C' needs to be a list or a numpy array, but got "
                "1.0 (of type float) instead. Single values need to be wrapped in a list with "
                "one element. A range is written Real(low, high)"
            ),
        ),
        (
            dict(search_spaces={"C": "1,2"}),
            TypeError,
            "but got '1,2' \\(of type str\\)",
        ),
        (
            dict(search_spaces={"C": np.ones((3, 2))}),
            ValueError,
            "Parameter array for 'C' should be one-dimensional",
        ),
        (dict(search_spaces=[]), ValueError, "empty list"),
        (
            dict(search_spaces=[{"C": [1.0]}, "C"]),
            TypeError,
            re.escape("Parameter grid is not a dict ('C')"),
        ),
        (
            dict(search_spaces=3),
            TypeError,
            "The .search_spaces. parameter of MultiObjectiveSearchCV",
        ),
        (
            dict(search_spaces={"C": Categorical([])}),
            ValueError,
            re.escape(
                "search_spaces['C'] = Categorical([]) cannot be searched: it has no categories"
            ),
        ),
        (
            dict(search_spaces={"C": Integer(0.5, 3)}),
            ValueError,
            re.escape(
                "search_spaces['C'] = Integer(0.5, 3) cannot be searched: its bounds must be "
                "whole numbers"
            ),
        ),
        (
            dict(search_spaces={"C": Real(5, 1)}),
            ValueError,
            re.escape(
                "search_spaces['C'] = Real(5, 1) cannot be searched: the lower bound 5 has to be "
                "less than the upper bound 1"
            ),
        ),
        (
            dict(search_spaces={"C": Real(1, np.inf)}, n_iter=3),
            ValueError,
            re.escape(
                "search_spaces['C'] = Real(1, inf) cannot be searched: its bounds low=1 and "
                "high=inf must be finite numbers"
            ),
        ),
        (
            dict(search_spaces={"C": Integer(-np.inf, 3)}, n_iter=3),
            ValueError,
            re.escape(
                "search_spaces['C'] = Integer(-inf, 3) cannot be searched: its bounds low=-inf"
            ),
        ),
        (
            dict(search_spaces={"C": stats.expon()}),
            ValueError,
            r"search_spaces\['C'\] is a scipy.stats expon distribution; .* accepts uniform",
        ),
        (
            dict(search_spaces={"C": stats.randint(3, 3)}),
            ValueError,
            r"search_spaces\['C'\] = Integer\(3, 2.*cannot be searched",
        ),
        (
            dict(search_spaces=None),
            TypeError,
            "Give the search space exactly once.*got none of them",
        ),
        (
            dict(param_grid={"C": [1.0]}),
            TypeError,
            r"Give the search space exactly once.*got \['search_spaces', 'param_grid'\]",
        ),
    ],
)
def test_search_bad_input_raises_before_any_fit(kwargs, error, match):
    params = dict(
        estimator=LogisticRegression(),
        search_spaces={"C": [0.1, 1.0]},
        scoring=SCORING,
        cv=2,
    )
    params.update(kwargs)
    search = MultiObjectiveSearchCV(**params)
    with mock.patch.object(LogisticRegression, "fit", autospec=True) as fit:
        with pytest.raises(error, match=match):
            search.fit(X, Y)
    assert fit.call_count == 0


@pytest.mark.parametrize(
    "policy", [WeightedSum(), EpsilonConstraint("score", "score >= 0.5")]
)
def test_search_single_objective_policy_needing_two_raises(policy):
    search = MultiObjectiveSearchCV(
        LogisticRegression(), {"C": [0.1, 1.0]}, scoring="accuracy", refit=policy, cv=2
    )
    with mock.patch.object(LogisticRegression, "fit", autospec=True) as fit:
        with pytest.raises(ValueError, match="needs at least 2 objectives"):
            search.fit(X, Y)
    assert fit.call_count == 0


def test_search_single_objective_runs_as_plain_bayesian_search():
    search = MultiObjectiveSearchCV(
        AnalyticClassifier(),
        {"x": Real(0.0, 1.0)},
        scoring=lambda est, X, y: -((est.x - 0.3) ** 2),
        n_iter=12,
        cv=2,
        random_state=0,
    ).fit(X, Y)
    assert len(search.cv_results_["params"]) == 12
    assert search.best_params_["x"] == pytest.approx(0.3, abs=0.1)
    assert search.pareto_front_.tolist() == [search.best_index_]


def test_search_callable_scoring_checked_after_first_round_before_next_proposal():
    def scoring(est, X, y):
        return {"a": -est.x, "b": est.x}

    search = MultiObjectiveSearchCV(
        AnalyticClassifier(),
        {"x": Real(0.0, 1.0)},
        scoring=scoring,
        n_points=2,
        n_iter=10,
        cv=2,
        constraints="missing <= 1",
        random_state=0,
    )
    with mock.patch.object(
        AnalyticClassifier,
        "fit",
        autospec=True,
        side_effect=lambda self, X, y: setattr(self, "classes_", [0, 1]) or self,
    ) as fit:
        with pytest.raises(ValueError, match="'missing', which is not in scoring"):
            search.fit(X, Y)
    assert fit.call_count == 2 * 2  # the first round only: 2 candidates x 2 folds


def test_search_does_not_change_user_parameters():
    refit = WeightedSum({"acc": 1.0, "rec": 2.0})
    spaces = {"C": Real(0.01, 1.0, prior="log-uniform")}
    search = MultiObjectiveSearchCV(
        LogisticRegression(),
        spaces,
        scoring=SCORING,
        refit=refit,
        n_iter=3,
        cv=2,
        random_state=0,
    )
    before = repr(search.get_params())
    search.fit(X, Y)
    assert repr(search.get_params()) == before
    assert search.refit is refit
    assert not hasattr(refit, "_objectives")


def test_search_single_objective_with_constraint_refits_best_feasible():
    search = MultiObjectiveSearchCV(
        AnalyticClassifier(),
        {"x": [0.1, 0.3, 0.5, 0.9]},
        scoring=lambda est, X, y: est.x,
        constraints="score <= 0.6",
        cv=2,
    ).fit(X, Y)
    assert search.cv_results_["is_feasible"].tolist() == [True, True, True, False]
    assert search.best_params_ == {"x": 0.5}
    assert search.best_score_ == 0.5


def test_search_callable_refit_defines_best_score_and_score():
    def pick_last(results):
        return len(results["params"]) - 1

    search = MultiObjectiveSearchCV(
        LogisticRegression(), {"C": [0.1, 1.0]}, scoring=SCORING, refit=pick_last, cv=2
    ).fit(X, Y)
    assert search.best_index_ == 1
    assert search.best_score_ == search.cv_results_["mean_test_acc"][1]
    assert search.score(X, Y) == search.best_estimator_.score(X, Y)


def test_search_tuple_is_a_grid_even_with_n_iter_and_exhaustion_is_reported():
    from sklearn_moo.exceptions import SearchSpaceExhaustedWarning

    search = MultiObjectiveSearchCV(
        AnalyticClassifier(),
        {"x": (0.1, 0.9), "kind": ["a", "b", "c"]},
        scoring={"f": lambda est, X, y: est.x, "g": lambda est, X, y: -est.x},
        n_iter=10,
        n_points=4,
        cv=2,
        random_state=0,
    )
    with pytest.warns(SearchSpaceExhaustedWarning, match="only 6 distinct candidates"):
        search.fit(X, Y)
    params = [tuple(sorted(p.items())) for p in search.cv_results_["params"]]
    assert len(params) == len(set(params)) == 6
    assert {p["x"] for p in search.cv_results_["params"]} == {0.1, 0.9}


def test_search_grid_without_n_iter_evaluates_in_gridsearchcv_order():
    from sklearn.model_selection import ParameterGrid

    grid = [{"x": (0.1, 0.9), "kind": ["a", "b"]}, {"x": [0.5]}]
    search = MultiObjectiveSearchCV(
        AnalyticClassifier(),
        grid,
        scoring={"f": lambda est, X, y: est.x, "g": lambda est, X, y: -est.x},
        cv=2,
    ).fit(X, Y)
    assert search.cv_results_["params"] == list(ParameterGrid(grid))
    # every candidate is non-dominated: f = x and g = -x trade off exactly
    assert search.cv_results_["is_pareto_optimal"].all()


def test_search_refit_twice_uses_the_new_policy_for_best_score():
    search = MultiObjectiveSearchCV(
        LogisticRegression(),
        {"C": [0.1, 1.0]},
        scoring=SCORING,
        refit=EpsilonConstraint("rec", "acc >= 0"),
        cv=2,
    ).fit(X, Y)
    assert search.best_score_ == search.cv_results_["mean_test_rec"][search.best_index_]
    search.set_params(refit=WeightedSum()).fit(X, Y)
    assert search.best_score_ == search.cv_results_["mean_test_acc"][search.best_index_]


def test_search_a_scorer_named_true_keeps_its_own_column():
    scoring = {"True": "accuracy", "recall": "recall"}
    search = MultiObjectiveSearchCV(
        LogisticRegression(), {"C": [0.01, 1.0]}, scoring=scoring, cv=2
    ).fit(X, Y)
    alone = MultiObjectiveSearchCV(
        LogisticRegression(),
        {"C": [0.01, 1.0]},
        scoring={"acc": "accuracy", "recall": "recall"},
        cv=2,
    ).fit(X, Y)
    np.testing.assert_array_equal(
        search.cv_results_["mean_test_True"], alone.cv_results_["mean_test_acc"]
    )
    assert search.best_index_ == alone.best_index_ and search.objective_names_ == [
        "True",
        "recall",
    ]
