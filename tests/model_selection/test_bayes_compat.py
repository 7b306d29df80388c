"""A BayesSearchCV user switches by changing one import (issue #23)."""

import warnings

import numpy as np
import pytest
from scipy.optimize import OptimizeResult
from sklearn.datasets import make_classification
from sklearn.model_selection import GroupKFold
from skopt.callbacks import DeadlineStopper, DeltaYStopper, VerboseCallback

from sklearn_moo import MultiObjectiveSearchCV
from sklearn_moo.engine import Real
from sklearn_moo.exceptions import OptimizerOptionWarning

from .._helpers import ANALYTIC_SCORING, AnalyticClassifier

X, Y = make_classification(n_samples=40, random_state=0)
SPACE = {"x": Real(0.0, 1.0), "z": Real(0.0, 1.0)}


def _search(**kwargs):
    params = dict(
        estimator=AnalyticClassifier(),
        search_spaces=SPACE,
        scoring=ANALYTIC_SCORING,
        n_iter=8,
        cv=2,
        random_state=0,
    )
    params.update(kwargs)
    return MultiObjectiveSearchCV(**params)


def _proposals(search):
    return [(p["x"], p["z"]) for p in search.cv_results_["params"]]


# --------------------------------------------------------- optimizer_kwargs
def test_optimizer_kwargs_n_initial_points_is_the_search_parameter():
    a = _search(optimizer_kwargs={"n_initial_points": 3}).fit(X, Y)
    b = _search(n_initial_points=3).fit(X, Y)
    assert _proposals(a) == _proposals(b)
    assert _proposals(a) != _proposals(_search().fit(X, Y))


def test_optimizer_kwargs_generator_gp_dummy_and_random_state_are_honoured():
    lhs = _proposals(_search().fit(X, Y))
    for generator in ("random", "sobol", "halton"):
        assert (
            _proposals(
                _search(optimizer_kwargs={"initial_point_generator": generator}).fit(
                    X, Y
                )
            )
            != lhs
        )
    assert (
        _proposals(_search(optimizer_kwargs={"base_estimator": "GP"}).fit(X, Y)) == lhs
    )
    dummy = _search(optimizer_kwargs={"base_estimator": "dummy"}).fit(X, Y)
    assert _proposals(dummy) == _proposals(_search(strategy="random").fit(X, Y))
    seeded = _search(random_state=None, optimizer_kwargs={"random_state": 0}).fit(X, Y)
    assert _proposals(seeded) == lhs


def test_optimizer_kwargs_ignored_options_warn_once_with_what_is_done_instead(
    monkeypatch,
):
    from sklearn_moo.model_selection import _search as search_module

    built, real = [], search_module.MultiObjectiveOptimizer

    def recording(*args, **kwargs):
        built.append(real(*args, **kwargs))
        return built[-1]

    monkeypatch.setattr(search_module, "MultiObjectiveOptimizer", recording)
    kwargs = {
        "acq_func": "EI",
        "acq_optimizer": "lbfgs",
        "n_jobs": 4,
        "acq_optimizer_kwargs": {"n_points": 500, "n_restarts_optimizer": 3},
    }
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        search = _search(optimizer_kwargs=kwargs).fit(X, Y)
    ours = [str(w.message) for w in caught if w.category is OptimizerOptionWarning]
    assert len(ours) == 1
    assert (
        "acq_func='EI' (the engine's acquisition is multi-objective: expected "
        "hypervolume improvement" in ours[0]
    )
    assert "acq_optimizer_kwargs['n_restarts_optimizer']=3 (no such setting)" in ours[0]
    assert "acq_optimizer_kwargs['n_points']" not in ours[0]  # it maps to n_candidates
    assert built and all(engine.n_candidates == 500 for engine in built)
    assert len(search.cv_results_["params"]) == 8


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (
            {"base_estimator": "RF"},
            ValueError,
            r"'base_estimator'\]='RF' is not supported: the "
            r"engine models each objective with its own Gaussian",
        ),
        (
            {"space_constraint": lambda x: True},
            ValueError,
            "'space_constraint'.* not supported",
        ),
        ({"n_initial_points": 0}, ValueError, "must be an int >= 1, got 0"),
        ({"initial_point_generator": "lattice"}, ValueError, "must be one of"),
        ({"acq_optimizer_kwargs": 3}, ValueError, "must be a dict"),
        ({"no_such_option": 1}, TypeError, r"does not take: \['no_such_option'\]"),
    ],
)
def test_optimizer_kwargs_bad_options_raise_before_any_fit(kwargs, error, match):
    CrashAt.calls, CrashAt.at = 0, None
    with pytest.raises(error, match=match):
        _search(estimator=CrashAt(), optimizer_kwargs=kwargs).fit(X, Y)
    assert CrashAt.calls == 0


def test_optimizer_kwargs_and_n_initial_points_that_disagree_raise():
    with pytest.raises(ValueError, match=r"n_initial_points=4 and optimizer_kwargs"):
        _search(n_initial_points=4, optimizer_kwargs={"n_initial_points": 3}).fit(X, Y)


# ------------------------------------------------------- optimizer_results_
def test_optimizer_results_one_per_subspace_in_minimisation_form():
    spaces = [
        ({"x": Real(0.0, 0.5), "z": [0.2, 0.8]}, 4),
        {"x": Real(0.5, 1.0), "z": [0.5]},
    ]
    search = _search(search_spaces=spaces, n_iter=3).fit(X, Y)
    results = search.cv_results_
    assert len(search.optimizer_results_) == 2
    rows_seen = []
    for res in search.optimizer_results_:
        assert isinstance(res, OptimizeResult)
        rows = res.candidates.tolist()
        rows_seen += rows
        assert res.func_vals.shape == (len(rows), 2)
        expected = -np.column_stack([results["mean_test_f1"], results["mean_test_f2"]])[
            rows
        ]
        np.testing.assert_array_equal(res.func_vals, expected)
        assert res.x_iters == [
            [results["params"][i]["x"], results["params"][i]["z"]] for i in rows
        ]  # sorted parameter names, as skopt
        assert res.models == [] and res.space.n_dims == 2
        assert res.x in res.x_iters and res.fun.shape == (2,)
    assert sorted(rows_seen) == list(range(7))
    refitted = [
        r for r in search.optimizer_results_ if search.best_index_ in r.candidates
    ]
    assert len(refitted) == 1
    assert refitted[0].x == [search.best_params_["x"], search.best_params_["z"]]


def test_optimizer_results_of_a_grid():
    search = _search(
        search_spaces=[{"x": [0.1, 0.9]}, {"x": [0.3], "z": [0.1, 0.2]}], n_iter=None
    ).fit(X, Y)
    sizes = [len(r.x_iters) for r in search.optimizer_results_]
    assert sizes == [2, 2] and search.optimizer_results_[1].x_iters[0] == [0.3, 0.1]


def test_total_iterations_counts_before_fit():
    assert _search().total_iterations == 8
    assert (
        _search(
            search_spaces=[({"x": Real(0, 1)}, 10), {"z": Real(0, 1)}], n_iter=5
        ).total_iterations
        == 15
    )
    assert (
        _search(
            search_spaces={"x": [0.1, 0.2], "z": [0.1, 0.5, 0.9]}, n_iter=None
        ).total_iterations
        == 6
    )
    assert _search(n_iter=None).total_iterations == 50


# ----------------------------------------------------------------- callback
def test_fit_callback_called_each_round_and_true_stops_after_it():
    seen = []

    def callback(res):
        seen.append(len(res.x_iters))
        return len(seen) == 3

    search = _search(n_points=2).fit(X, Y, callback=callback)
    assert seen == [2, 4, 6] and len(search.cv_results_["params"]) == 6
    assert hasattr(search, "best_estimator_")  # the refit happens


def test_fit_callback_list_all_called_and_grid_callback():
    calls = []
    _search().fit(
        X, Y, callback=[lambda r: calls.append("a"), lambda r: calls.append("b")]
    )
    assert calls == ["a", "b"] * 8
    grid_calls = []
    _search(search_spaces={"x": [0.1, 0.9]}, n_iter=None).fit(
        X, Y, callback=lambda r: grid_calls.append(r.func_vals.shape)
    )
    assert grid_calls == [(2, 2)]


def test_fit_callback_skopt_deadline_stopper_works():
    search = _search(n_iter=30).fit(X, Y, callback=DeadlineStopper(0.0))
    assert len(search.cv_results_["params"]) < 30


def test_fit_callback_reading_one_objective_fails_with_a_clear_message():
    with pytest.raises(
        TypeError,
        match=r"returned array\(\[.*\]\); a callback returns True "
        r"to stop.*func_vals has shape \(\d+, 2\)",
    ):
        _search().fit(X, Y, callback=DeltaYStopper(0.01, n_best=2))
    with pytest.raises(TypeError) as caught:
        _search().fit(X, Y, callback=VerboseCallback(1))
    assert "the result given to callback" in "\n".join(caught.value.__notes__)
    with pytest.raises(
        ValueError, match="callback should be either a callable or a list"
    ):
        _search().fit(X, Y, callback=3)


def test_fit_groups_reach_the_splitter():
    groups = np.arange(40) % 4
    search = _search(cv=GroupKFold(2), n_iter=2).fit(X, Y, groups=groups)
    assert search.n_splits_ == 2


# ---------------------------------------------------------- grid rounds
class CrashAt(AnalyticClassifier):
    """Counts fits over clones; raises a RuntimeError at fit number ``at``."""

    calls, at = 0, None

    def fit(self, X, y):
        type(self).calls += 1
        if type(self).calls == type(self).at:
            raise RuntimeError("the machine went down")
        return super().fit(X, y)


def test_a_grid_that_crashes_keeps_its_finished_fits(tmp_path):
    from .test_audit_log import _assert_same_results, logged_fits

    def grid_search(path):
        return MultiObjectiveSearchCV(
            CrashAt(),
            {"x": [0.1, 0.3, 0.5], "z": [0.2, 0.8]},
            scoring=ANALYTIC_SCORING,
            cv=3,
            error_score="raise",
            audit_log=str(path),
        )

    CrashAt.calls, CrashAt.at = 0, None
    whole = grid_search(tmp_path / "whole.jsonl").fit(X, Y)
    path = tmp_path / "log.jsonl"
    CrashAt.calls, CrashAt.at = (
        0,
        11,
    )  # in candidate 3 (fits 10-12), after three finished
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(RuntimeError, match="went down"):
            grid_search(path).fit(X, Y)
    fits = logged_fits(path)
    assert (
        len(fits) == 10
    )  # the three finished candidates, and candidate 3's first fold
    finished = {key for key, _ in fits if sum(k == key for k, _ in fits) == 3}
    assert len(finished) == 3
    CrashAt.calls, CrashAt.at = 0, None
    resumed = grid_search(path).fit(X, Y)
    assert CrashAt.calls == 6 * 3 - 10 + 1  # the fits not logged, and the refit
    _assert_same_results(resumed.cv_results_, whole.cv_results_)
    assert resumed.best_index_ == whole.best_index_


def test_a_grid_log_resumes_with_other_n_jobs(tmp_path):
    path = tmp_path / "log.jsonl"
    grid = {"x": [0.1, 0.3, 0.5, 0.7, 0.9], "z": [0.2, 0.8]}

    def grid_search(**kwargs):
        return MultiObjectiveSearchCV(
            CrashAt(),
            grid,
            scoring=ANALYTIC_SCORING,
            cv=2,
            audit_log=str(path),
            **kwargs,
        )

    CrashAt.calls, CrashAt.at = 0, None
    first = grid_search(n_jobs=2).fit(X, Y)  # rounds of 2
    CrashAt.calls = 0
    again = grid_search().fit(X, Y)  # rounds of 1
    assert CrashAt.calls == 1
    np.testing.assert_array_equal(
        again.cv_results_["mean_test_f1"], first.cv_results_["mean_test_f1"]
    )


def test_bayes_compat_subspace_choice_is_quiet_without_a_warning_filter():
    import warnings

    from sklearn_moo import WeightedSum
    from sklearn_moo._objectives import Objective, parse_constraints
    from sklearn_moo.model_selection._bayes_compat import _choice_among

    objectives = [Objective("a"), Objective("b")]
    constraints = parse_constraints(["a >= 2"], objectives)  # nothing meets it
    policy = WeightedSum()._bind(objectives, constraints)
    results = {
        "params": [{}, {}],
        "mean_test_a": np.array([0.2, 0.4]),
        "mean_test_b": np.array([0.6, 0.1]),
        "std_test_a": np.zeros(2),
        "std_test_b": np.zeros(2),
    }
    filters = list(warnings.filters)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert _choice_among(policy, results) == 1  # the least violating
        assert caught == []  # quiet: no warning raised, none filtered away
        policy(results)  # the policy itself still warns
        assert [w.category.__name__ for w in caught] == ["NoFeasibleCandidateWarning"]
    assert warnings.filters == filters
