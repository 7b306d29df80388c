"""Fail safe (issue #12): scoped failures, fail fast, honest infeasibility, interrupts."""

import threading
import warnings

import numpy as np
import pytest
import sklearn
from sklearn.datasets import make_classification
from sklearn.exceptions import FitFailedWarning
from sklearn.model_selection import GridSearchCV, cross_val_score

from sklearn_moo import EpsilonConstraint, MultiObjectiveSearchCV
from sklearn_moo.engine import MultiObjectiveOptimizer, Real
from sklearn_moo.exceptions import NoFeasibleCandidateWarning
from sklearn_moo.metrics import make_fairness_scorer

from .._helpers import ANALYTIC_SCORING, AnalyticClassifier

X, Y = make_classification(n_samples=40, random_state=0)


class Counting(AnalyticClassifier):
    """Counts its fits (class-level, so clones count too); n_jobs=None only."""

    fits = 0

    def fit(self, X, y):
        type(self).fits += 1
        return super().fit(X, y)


def _search(**kwargs):
    params = dict(
        estimator=AnalyticClassifier(),
        search_spaces={"x": Real(0.0, 1.0), "z": Real(0.0, 1.0)},
        scoring=ANALYTIC_SCORING,
        n_iter=8,
        cv=2,
        random_state=0,
    )
    params.update(kwargs)
    return MultiObjectiveSearchCV(**params)


# ------------------------------------------------------ failures stay scoped
@pytest.mark.parametrize("n_jobs", [None, 2])
def test_failsafe_nested_gridsearch_raises_its_own_error_and_counts_apart(n_jobs):
    inner = GridSearchCV(AnalyticClassifier(), {"x": [0.7, 0.9]}, cv=2)
    scoring = {
        "x": lambda est, X, y: est.best_params_["x"],
        "neg_x": lambda est, X, y: -est.best_params_["x"],
    }
    search = MultiObjectiveSearchCV(
        inner,
        {"estimator__fail_above": [0.5, 2.0]},
        scoring=scoring,
        cv=2,
        refit=False,
        n_jobs=n_jobs,
    )
    with pytest.warns(FitFailedWarning) as record:
        search.fit(X, Y)
    message = "\n".join(
        str(w.message) for w in record if w.category is FitFailedWarning
    )
    assert (
        "\n2 fits failed out of a total of 4.\n" in message
    )  # ours: 1 candidate x 2 folds
    assert (
        "All the 4 fits failed." in message
    )  # the inner search's own error, as raised
    assert search.n_failed_fits_ == 2
    np.testing.assert_array_equal(search.cv_results_["is_failed"], [True, False])


def test_failsafe_gridsearch_in_another_thread_behaves_as_alone():
    caught = []

    def other():
        try:
            GridSearchCV(
                AnalyticClassifier(fail_above=0.5), {"x": [0.7, 0.9]}, cv=2
            ).fit(X, Y)
        except ValueError as e:
            caught.append(str(e))

    class StartsAnotherSearch(AnalyticClassifier):
        def fit(self, X, y):
            if not caught:  # while our search runs
                thread = threading.Thread(target=other)
                thread.start()
                thread.join(60)
            return super().fit(X, y)

    MultiObjectiveSearchCV(
        StartsAnotherSearch(), {"x": [0.1, 0.2]}, scoring=ANALYTIC_SCORING, cv=2
    ).fit(X, Y)
    assert len(caught) == 1 and "All the 4 fits failed." in caught[0]


# ---------------------------------------------------------------- fail fast
@pytest.mark.parametrize("routing", [False, True])
def test_failsafe_fairness_scorer_without_groups_raises_before_any_fit(routing):
    Counting.fits = 0
    scoring = {
        "acc": "accuracy",
        "dp": make_fairness_scorer("demographic_parity_difference"),
    }
    search = MultiObjectiveSearchCV(
        Counting(), {"x": [0.1, 0.2]}, scoring=scoring, cv=2
    )
    with sklearn.config_context(enable_metadata_routing=routing):
        with pytest.raises(
            ValueError,
            match="needs the sensitive features: give sensitive_feature=<column of X>",
        ):
            search.fit(X, Y)
    assert Counting.fits == 0


def test_failsafe_misaligned_sensitive_features_named_before_any_fit():
    Counting.fits = 0
    scoring = {
        "acc": "accuracy",
        "dp": make_fairness_scorer("demographic_parity_difference"),
    }
    search = MultiObjectiveSearchCV(
        Counting(), {"x": [0.1, 0.2]}, scoring=scoring, cv=2
    )
    with sklearn.config_context(enable_metadata_routing=True):
        with pytest.raises(
            ValueError, match="sensitive_features has 50 rows but X has 40"
        ):
            search.fit(X, Y, sensitive_features=np.arange(50) % 2)
    assert Counting.fits == 0


def _broken_scorer(est, X, y):
    raise RuntimeError("this scorer is broken")


@pytest.mark.parametrize("grid", [True, False])
def test_failsafe_objective_failing_everywhere_raises_with_the_scorers_error(grid):
    Counting.fits = 0
    space = {"x": [0.1, 0.2, 0.3]} if grid else {"x": Real(0.0, 1.0)}
    search = MultiObjectiveSearchCV(
        Counting(),
        space,
        scoring={"f1": ANALYTIC_SCORING["f1"], "broken": _broken_scorer},
        n_iter=None if grid else 30,
        n_initial_points=5,
        cv=2,
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        with pytest.raises(
            RuntimeError,
            match="'broken' failed on every fold.*RuntimeError: this scorer is broken",
        ):
            search.fit(X, Y)
    assert Counting.fits == (6 if grid else 10)  # the grid, or the initial design of 5


def test_failsafe_every_fit_failing_stops_after_the_initial_design():
    Counting.fits = 0
    search = _search(estimator=Counting(fail_above=-1.0), n_iter=40, n_initial_points=5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitFailedWarning)
        with pytest.raises(
            ValueError,
            match=r"All the 10 fits failed\.(.|\n)*stopped after its "
            "initial design of 5 candidates",
        ):
            search.fit(X, Y)
    assert Counting.fits == 10  # not 80


def test_failsafe_failed_candidate_never_on_the_front_whatever_error_score():
    # f1, f2 <= 0 for every real candidate: an error_score of 0.0 would dominate them all.
    search = _search(
        estimator=AnalyticClassifier(fail_above=0.6), error_score=0.0, n_iter=12
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FitFailedWarning)
        search.fit(X, Y)
    results = search.cv_results_
    failed = np.asarray(results["param_x"], float) > 0.6
    assert failed.any()
    np.testing.assert_array_equal(results["is_failed"], failed)
    assert np.all(results["mean_test_f1"][failed] == 0.0)
    assert not results["is_pareto_optimal"][failed].any()
    assert results["is_pareto_optimal"][~failed].any()
    assert np.all(results["pareto_rank"][failed] == results["pareto_rank"].max())
    assert not failed[search.best_index_]


# ------------------------------------------------------------ infeasibility
def _three(est, X, y):
    return -est.z  # natural "cost" = z, lower is better when negated


SCORING3 = {
    "f1": ANALYTIC_SCORING["f1"],
    "f2": ANALYTIC_SCORING["f2"],
    "neg_cost": _three,
}


def test_failsafe_fallback_weighs_the_policys_bounds_with_the_searchs():
    grid = {"x": [0.0, 0.5, 1.0], "z": [0.3, 0.9]}
    # Search constraint f1 >= 0 is met by nobody (f1 = -x^2 - 0.1 z < 0); the policy
    # also bounds f2 >= -0.3, which only x = 0.5 and x = 1.0 meet.
    search = MultiObjectiveSearchCV(
        AnalyticClassifier(),
        grid,
        scoring=SCORING3,
        constraints="f1 >= 0",
        cv=2,
        refit=EpsilonConstraint("f1", "f2 >= -0.3"),
    )
    with pytest.warns(NoFeasibleCandidateWarning) as record:
        search.fit(X, Y)
    chosen = search.cv_results_["params"][search.best_index_]
    assert chosen["x"] == 0.5  # not x = 0.0 (best f1 violation, but breaks f2 >= -0.3)
    (warning,) = [w for w in record if w.category is NoFeasibleCandidateWarning]
    assert warning.filename == __file__  # the caller's line, not scikit-learn's
    assert "It breaks: f1 >= 0 (it has" in str(warning.message)
    assert "f2 >= -0.3" in str(warning.message)


def test_failsafe_reselect_warns_when_a_callable_picks_an_infeasible_candidate():
    search = MultiObjectiveSearchCV(
        AnalyticClassifier(),
        {"x": [0.1, 0.9]},
        scoring=ANALYTIC_SCORING,
        constraints="f1 >= -0.1",
        cv=2,
    ).fit(X, Y)
    infeasible = int(np.flatnonzero(~search.cv_results_["is_feasible"])[0])
    with pytest.warns(
        NoFeasibleCandidateWarning,
        match=rf"chose candidate {infeasible}, which is not feasible; the "
        r"refitted model breaks f1 >= -0.1 \(it has",
    ) as record:
        search.reselect(lambda results: infeasible, X, Y)
    assert record[0].filename == __file__
    assert search.best_index_ == infeasible


def test_failsafe_two_constraints_on_one_scorer_both_count():
    search = MultiObjectiveSearchCV(
        AnalyticClassifier(),
        {"x": [0.0, 0.3, 0.9]},
        scoring=ANALYTIC_SCORING,
        constraints=["f1 <= -0.06", "f1 >= -0.5"],
        cv=2,
    ).fit(X, Y)
    results = search.cv_results_
    assert {"violation_f1_max", "violation_f1_min"} <= set(results)
    # x = 0 breaks the upper bound, x = 0.9 the lower one; only x = 0.3 is feasible
    np.testing.assert_array_equal(results["is_feasible"], [False, True, False])
    assert results["violation_f1_max"][0] > 0 and results["violation_f1_min"][2] > 0


# ---------------------------------------------------------------- interrupts
class InterruptAt(AnalyticClassifier):
    """Raises KeyboardInterrupt at the given fit (counted over clones)."""

    calls = 0
    at = None

    def fit(self, X, y):
        type(self).calls += 1
        if type(self).calls == type(self).at:
            raise KeyboardInterrupt
        return super().fit(X, y)


def test_failsafe_ctrl_c_in_round_3_keeps_rounds_1_2_then_reselect_refits():
    InterruptAt.calls, InterruptAt.at = 0, 5  # round 3's first fold (2 folds per round)
    search = _search(estimator=InterruptAt())
    with pytest.warns(
        UserWarning, match=r"stopped \(KeyboardInterrupt\) after 2 candidates"
    ):
        with pytest.raises(KeyboardInterrupt):
            search.fit(X, Y)
    assert len(search.cv_results_["params"]) == 2
    assert not hasattr(search, "best_estimator_") and not hasattr(search, "best_index_")
    search.reselect(EpsilonConstraint("f1", "f2 >= -10"), X, Y)
    assert (
        search.best_estimator_.x
        == search.cv_results_["params"][search.best_index_]["x"]
    )
    assert search.score(X, Y) == ANALYTIC_SCORING["f1"](search.best_estimator_, X, Y)


def test_failsafe_ctrl_c_during_ask_keeps_the_finished_rounds(monkeypatch):
    asks = []
    original = MultiObjectiveOptimizer.ask

    def ask(self, n_points=1):
        asks.append(n_points)
        if len(asks) == 4:
            raise KeyboardInterrupt
        return original(self, n_points)

    monkeypatch.setattr(MultiObjectiveOptimizer, "ask", ask)
    search = _search()
    with pytest.warns(UserWarning, match="after 3 candidates"):
        with pytest.raises(KeyboardInterrupt):
            search.fit(X, Y)
    assert len(search.cv_results_["params"]) == 3
    assert not hasattr(search, "best_estimator_")


def test_failsafe_ctrl_c_during_the_refit_keeps_everything_but_best():
    InterruptAt.calls, InterruptAt.at = 0, 8 * 2 + 1  # the first fit after 8 x 2 folds
    search = _search(estimator=InterruptAt())
    with pytest.warns(UserWarning, match="after 8 candidates"):
        with pytest.raises(KeyboardInterrupt):
            search.fit(X, Y)
    assert len(search.cv_results_["params"]) == 8
    for name in ("best_estimator_", "best_index_", "best_params_", "best_score_"):
        assert not hasattr(search, name), name


def test_failsafe_ctrl_c_reaches_an_outer_cross_val_score():
    InterruptAt.calls, InterruptAt.at = 0, 5
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        with pytest.raises(KeyboardInterrupt):
            cross_val_score(
                _search(estimator=InterruptAt()),
                X,
                Y,
                cv=2,
                scoring=lambda est, X, y: 0.0,
            )
    assert InterruptAt.calls == 5  # nothing ran after the interrupt


def test_failsafe_refit_from_a_failed_fit_leaves_no_stale_best():
    search = _search(n_iter=4).fit(X, Y)
    assert hasattr(search, "best_estimator_")
    InterruptAt.calls, InterruptAt.at = 0, 3
    search.set_params(estimator=InterruptAt())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        with pytest.raises(KeyboardInterrupt):
            search.fit(X, Y)
    assert not hasattr(search, "best_estimator_")  # not the previous fit's model
    assert len(search.cv_results_["params"]) == 1


def test_failsafe_callable_dict_scoring_whose_first_round_fails():
    class FailFirst(AnalyticClassifier):
        calls = 0

        def fit(self, X, y):
            type(self).calls += 1
            if type(self).calls <= 3:
                raise ValueError("first fits fail")
            return super().fit(X, y)

    def scoring(est, X, y):
        return {"a": -est.x, "r": est.x}

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        search = _search(estimator=FailFirst(), scoring=scoring, n_iter=5).fit(X, Y)
    assert (
        search.objective_names_ == ["a", "r"] and len(search.cv_results_["params"]) == 5
    )
    assert (
        search.score(X, Y)
        == scoring(search.best_estimator_, X, Y)[search._scored_objective]
    )


def test_failsafe_no_stale_explanation_and_no_refit_claimed_without_a_refit():
    search = MultiObjectiveSearchCV(
        AnalyticClassifier(), {"x": [0.1, 0.2]}, scoring=ANALYTIC_SCORING["f1"], cv=2
    ).fit(X, Y)
    assert hasattr(search, "refit_explanation_")
    search.set_params(refit=False).fit(X, Y)
    assert not hasattr(search, "refit_explanation_")
    assert "refitted" not in search.pareto_report()
    assert not search.results_table()["refitted"].any()


def test_failsafe_workers_are_not_shipped_the_fits_so_far():
    """The search a task may carry (scikit-learn's ``caller``) does not grow with the
    fits so far: this fit's evaluation, results and callbacks are never on it."""
    import pickle

    sizes = []

    class Measure(AnalyticClassifier):
        def fit(self, X, y):
            state = dict(vars(search))
            state.pop("_callback_fit_ctx", None)  # scikit-learn's own callback tree
            state.pop("estimator")  # a local class: the same at every fit
            sizes.append(len(pickle.dumps(state)))
            return super().fit(X, y)

    search = _search(estimator=Measure(), n_iter=6, n_points=2)
    lock = threading.Lock()
    search.fit(X, Y, callback=lambda result, lock=lock: False)
    assert len(sizes) == 6 * 2 + 1 and len(set(sizes[:-1])) == 1, sizes
    assert not any(
        isinstance(v, dict) and "evaluation" in v for v in vars(search).values()
    )
