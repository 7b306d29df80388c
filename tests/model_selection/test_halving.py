"""MultiObjectiveHalvingSearchCV (issue #25): scikit-learn's halving with several objectives."""

import json
import warnings

import numpy as np
import pytest
from scipy.stats import randint
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.model_selection import HalvingGridSearchCV, HalvingRandomSearchCV, KFold
from sklearn.tree import DecisionTreeClassifier

from sklearn_moo import EpsilonConstraint, MultiObjectiveHalvingSearchCV, WeightedSum
from sklearn_moo._objectives import Objective, parse_constraints
from sklearn_moo._results import rung_survivors
from sklearn_moo.engine import Integer, Real

from .._helpers import requires_callback_api

X, Y = make_classification(n_samples=600, n_features=8, random_state=0)
GRID = {"max_depth": [1, 2, 3, 4, 6, 8, None], "min_samples_leaf": [1, 3, 10]}


class SizeAware(ClassifierMixin, BaseEstimator):
    """Scores that depend on the parameters and on how many rows it was fitted on.

    ``fits`` counts fits across clones; a fit raises at fit number ``crash_at``.
    """

    fits, crash_at = 0, None

    def __init__(self, x=0.5, n_estimators=1):
        self.x = x
        self.n_estimators = n_estimators

    def fit(self, X, y):
        type(self).fits += 1
        if type(self).fits == type(self).crash_at:
            raise RuntimeError("the machine went down")
        self.n_rows_ = len(X) * self.n_estimators
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])


def gain(est, X, y):
    return -(est.x**2) + 1e-4 * est.n_rows_


def cost(est, X, y):
    return -((est.x - 1.0) ** 2) - 1e-5 * est.n_rows_


SCORING = {"gain": gain, "cost": cost}


def _search(**kwargs):
    params = dict(scoring=SCORING, factor=2, random_state=0, cv=2)
    params.update(kwargs)
    space = params.pop("space", {"x": list(np.linspace(0.0, 1.0, 12))})
    return MultiObjectiveHalvingSearchCV(SizeAware(), space, **params)


def _same_results(a, b):
    assert a.keys() == b.keys()
    for key in a:
        if "time" in key:
            continue
        if key == "params":
            assert list(a[key]) == list(b[key])
        else:
            np.testing.assert_array_equal(
                np.asarray(a[key]), np.asarray(b[key]), err_msg=key
            )


def _as_halving(ours, theirs):
    """Our cv_results_ without our columns equals scikit-learn's, key by key."""
    mine, sk = ours.cv_results_, theirs.cv_results_
    extra = {
        "pareto_rank",
        "is_pareto_optimal",
        "is_feasible",
        "is_failed",
        "is_within_noise",
    }
    assert set(mine) - set(sk) == extra and set(sk) <= set(mine)
    _same_results({k: mine[k] for k in sk}, sk)
    for name in (
        "best_index_",
        "best_params_",
        "best_score_",
        "n_resources_",
        "n_candidates_",
        "n_remaining_candidates_",
        "n_iterations_",
        "n_required_iterations_",
        "n_possible_iterations_",
        "min_resources_",
        "max_resources_",
    ):
        assert getattr(ours, name) == getattr(theirs, name), name


# ------------------------------------------------------------ one scorer
@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"factor": 2, "min_resources": "smallest"},
        {"aggressive_elimination": True, "max_resources": 200},
    ],
)
def test_halving_one_scorer_selects_what_halvinggridsearchcv_selects(kwargs):
    est = DecisionTreeClassifier(random_state=0)
    ours = MultiObjectiveHalvingSearchCV(
        est, GRID, random_state=0, return_train_score=True, **kwargs
    ).fit(X, Y)
    theirs = HalvingGridSearchCV(est, GRID, random_state=0, **kwargs).fit(X, Y)
    _as_halving(ours, theirs)


def test_halving_one_scorer_with_an_estimator_parameter_as_resource():
    est = RandomForestClassifier(n_estimators=2, random_state=0)
    kwargs = dict(resource="n_estimators", max_resources=24, factor=2, random_state=0)
    ours = MultiObjectiveHalvingSearchCV(
        est, GRID, return_train_score=True, **kwargs
    ).fit(X, Y)
    theirs = HalvingGridSearchCV(est, GRID, **kwargs).fit(X, Y)
    _as_halving(ours, theirs)
    assert [p["n_estimators"] for p in ours.cv_results_["params"]] == list(
        ours.cv_results_["n_resources"]
    )


def test_halving_one_scorer_samples_what_halvingrandomsearchcv_samples():
    est = DecisionTreeClassifier(random_state=0)
    space = {"max_depth": randint(1, 10), "min_samples_leaf": randint(1, 20)}
    ours = MultiObjectiveHalvingSearchCV(
        est, space, random_state=0, return_train_score=True, factor=2
    ).fit(X, Y)
    theirs = HalvingRandomSearchCV(est, space, random_state=0, factor=2).fit(X, Y)
    _as_halving(ours, theirs)


# ------------------------------------------------------------ rung selection
def _results(scores, failed=None):
    scores = np.asarray(scores, dtype=float)
    results = {f"mean_test_o{j}": scores[:, j] for j in range(scores.shape[1])}
    results["is_failed"] = (
        np.zeros(len(scores), bool) if failed is None else np.asarray(failed)
    )
    results["params"] = [{"i": i} for i in range(len(scores))]
    return results


OBJECTIVES2 = [Objective("o0"), Objective("o1")]


def test_rung_survivors_one_objective_is_scikit_learns_top_k():
    results = {
        "mean_test_score": np.array([4, 3, 5, np.nan, 1]),
        "params": list("abcde"),
    }
    kept = rung_survivors(results, [Objective("score")], [], [0, 1, 2, 3, 4], 3)
    assert kept.tolist() == [1, 0, 2]  # from the third best to the best, NaN lowest


def test_rung_survivors_keep_whole_fronts_first_then_the_spread_of_the_next():
    # front 1: rows 0-1; front 2: rows 2-6 on a line (2 and 6 its extremes); row 7 last
    scores = [
        [10, 10.5],
        [10.5, 10],
        [1, 9],
        [3, 7],
        [5, 5],
        [5.2, 4.8],
        [9, 1],
        [0, 0],
    ]
    kept = rung_survivors(_results(scores), OBJECTIVES2, [], range(8), 4)
    assert kept.tolist() == [0, 1, 2, 6]
    kept = rung_survivors(
        _results(scores), OBJECTIVES2, [], range(8), 4, tie_break="hypervolume"
    )
    assert {0, 1} <= set(kept.tolist()) and len(kept) == 4


def test_rung_survivors_put_infeasible_after_feasible_by_violation_and_failed_last():
    scores = [[0.9, 0.1], [0.2, 0.3], [0.95, 0.9], [0.99, 0.99], [0.5, 0.5]]
    constraints = parse_constraints(["o0 <= 0.96"], OBJECTIVES2)
    failed = [False, False, False, False, True]
    results = _results(scores, failed)
    assert rung_survivors(results, OBJECTIVES2, constraints, range(5), 3).tolist() == [
        0,
        1,
        2,
    ]
    # rows 2 and 3 break the bound; 2 by less, so it goes first; the failed row is last
    constraints = parse_constraints(["o0 <= 0.5"], OBJECTIVES2)
    kept = rung_survivors(results, OBJECTIVES2, constraints, range(5), 3)
    assert kept.tolist() == [0, 1, 2] and 4 not in kept
    assert rung_survivors(results, OBJECTIVES2, constraints, range(5), 5).tolist() == [
        0,
        1,
        2,
        3,
        4,
    ]


# ------------------------------------------------------------ several objectives
def test_halving_with_several_objectives_keeps_each_rungs_front():
    search = _search().fit(X, Y)
    results = search.cv_results_
    assert search.n_candidates_ == [12, 6, 3, 2]
    assert results["iter"].tolist() == [0] * 12 + [1] * 6 + [2] * 3 + [3] * 2
    assert results["n_resources"].tolist() == [
        search.n_resources_[r] for r in results["iter"]
    ]
    # the analytic objectives trade x off: each rung's front goes on whole
    for rung in range(3):
        rows = np.flatnonzero(results["iter"] == rung)
        nxt = [
            p["x"] for p, r in zip(results["params"], results["iter"]) if r == rung + 1
        ]
        assert len(nxt) == -(-len(rows) // 2)
    assert hasattr(search, "best_estimator_")


def test_halving_pareto_columns_rank_each_candidate_at_its_last_rung():
    search = _search().fit(X, Y)
    results = search.cv_results_
    xs = [p["x"] for p in results["params"]]
    last = [
        i for i, x in enumerate(xs) if i == max(j for j, y in enumerate(xs) if y == x)
    ]
    superseded = sorted(set(range(len(xs))) - set(last))
    assert superseded and not results["is_pareto_optimal"][superseded].any()
    assert not results["is_within_noise"][superseded].any()
    assert (results["pareto_rank"][superseded] == results["pareto_rank"].max()).all()
    assert (results["pareto_rank"][last] < results["pareto_rank"].max()).all()
    # eliminated at the first rung, yet on the front with its first-rung scores
    eliminated = [i for i in last if results["iter"][i] == 0]
    assert results["is_pareto_optimal"][eliminated].any()
    assert set(search.pareto_front_) <= set(last)
    # each front row is non-dominated among every row of its rung (the promoted included)
    scores = np.column_stack([results["mean_test_gain"], results["mean_test_cost"]])
    for i in range(len(xs)):
        rung = np.flatnonzero(results["iter"] == results["iter"][i])
        dominated = np.any(
            np.all(scores[rung] >= scores[i], axis=1)
            & np.any(scores[rung] > scores[i], axis=1)
        )
        assert results["is_pareto_optimal"][i] == (i in last and not dominated)


def test_halving_default_refit_picks_among_the_last_rungs_front():
    search = _search().fit(X, Y)
    results = search.cv_results_
    assert results["iter"][search.best_index_] == results["iter"].max()
    assert results["is_pareto_optimal"][search.best_index_]
    assert "mean_test_True" not in results
    assert search.best_score_ == results["mean_test_gain"][search.best_index_]


def test_halving_refit_by_policy_and_by_scorer_name():
    by_policy = _search(refit=WeightedSum()).fit(X, Y)
    assert by_policy.cv_results_["is_pareto_optimal"][by_policy.best_index_]
    by_name = _search(refit="gain").fit(X, Y)
    results = by_name.cv_results_
    last = np.flatnonzero(results["iter"] == results["iter"].max())
    assert by_name.best_index_ == last[np.argmax(results["mean_test_gain"][last])]
    constrained = _search(refit=EpsilonConstraint("gain", "cost >= -0.5")).fit(X, Y)
    assert constrained.cv_results_["mean_test_cost"][constrained.best_index_] >= -0.5


def test_halving_with_constraints_prefers_feasible_candidates():
    search = _search(constraints=["cost >= -0.3"]).fit(X, Y)
    results = search.cv_results_
    for rung in range(search.n_iterations_ - 1):
        rows = np.flatnonzero(results["iter"] == rung)
        kept = {
            results["params"][i]["x"]
            for i in np.flatnonzero(results["iter"] == rung + 1)
        }
        feasible = {
            results["params"][i]["x"] for i in rows if results["is_feasible"][i]
        }
        assert kept <= feasible or feasible <= kept


def test_halving_samples_scikit_optimize_ranges():
    space = {"x": Real(0.0, 1.0), "n_estimators": Integer(1, 3)}
    search = _search(space=space, n_candidates=9, resource="n_samples").fit(X, Y)
    params = search.cv_results_["params"]
    assert search.n_candidates_[0] == 9 and len({p["x"] for p in params}) == 9
    assert all(0.0 <= p["x"] <= 1.0 and p["n_estimators"] in (1, 2, 3) for p in params)
    again = _search(space=space, n_candidates=9).fit(X, Y)
    _same_results(search.cv_results_, again.cv_results_)


def test_halving_results_do_not_depend_on_n_jobs():
    one = _search().fit(X, Y)
    two = _search(n_jobs=2).fit(X, Y)
    _same_results(one.cv_results_, two.cv_results_)


def test_halving_verbose_prints_one_line_per_rung(capsys):
    search = _search(verbose=1).fit(X, Y)
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == search.n_iterations_
    assert lines[0].startswith("[rung 0] 12 candidates at n_samples=")
    assert "kept 6" in lines[0] and "best feasible at this rung: gain" in lines[0]


# ------------------------------------------------------------ callbacks
@requires_callback_api
def test_halving_callbacks_see_one_round_task_per_rung():
    from .test_dropin import Recorder, _counts

    recorder = Recorder()
    search = _search().set_callbacks(recorder).fit(X, Y)
    counts = _counts(recorder.begin)
    assert counts["round"] == search.n_iterations_ == 4
    assert counts["candidate-split-evaluation"] == 2 * len(search.cv_results_["params"])
    stopped = _search().set_callbacks(Recorder(stop_after_rounds=2)).fit(X, Y)
    assert stopped.n_iterations_ == 2 and stopped.cv_results_["iter"].max() == 1
    assert hasattr(stopped, "best_estimator_")
    # the second rung's candidates were not promoted, so they are ranked
    assert stopped.cv_results_["is_pareto_optimal"][
        stopped.cv_results_["iter"] == 1
    ].any()


def test_halving_scikit_optimize_callback_stops_after_a_rung():
    rungs = []
    search = _search().fit(
        X,
        Y,
        callback=lambda result: rungs.append(len(result.x_iters)) or len(rungs) == 3,
    )
    assert rungs == [12, 18, 21] and search.n_iterations_ == 3


# ------------------------------------------------------------ audit log
def test_halving_audit_log_resumes_a_crash_without_another_rungs_scores(tmp_path):
    SizeAware.fits, SizeAware.crash_at = 0, None
    whole = _search(audit_log=str(tmp_path / "whole.jsonl")).fit(X, Y)
    n_fits = SizeAware.fits
    path = tmp_path / "log.jsonl"
    SizeAware.fits, SizeAware.crash_at = 0, 29  # in the second rung (fits 25-36)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(RuntimeError, match="went down"):
            _search(audit_log=str(path), error_score="raise").fit(X, Y)
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert sum(r["record"] == "candidate" for r in records) == 12
    # the same parameters at two rungs are two keys: the second rung's fits name it
    keys = {r["key"] for r in records if r["record"] == "fit"}
    assert any(k.endswith("@n_samples=" + str(whole.n_resources_[1])) for k in keys)
    SizeAware.fits, SizeAware.crash_at = 0, None
    resumed = _search(audit_log=str(path), error_score="raise").fit(X, Y)
    assert SizeAware.fits == n_fits - 28  # the 28 finished fits are replayed
    _same_results(resumed.cv_results_, whole.cv_results_)
    assert resumed.best_index_ == whole.best_index_
    SizeAware.fits = 0
    again = _search(audit_log=str(path), error_score="raise").fit(X, Y)
    assert SizeAware.fits == 1  # everything replayed; only the refit
    _same_results(again.cv_results_, whole.cv_results_)


def test_halving_audit_log_keeps_drawn_seeds(tmp_path):
    path = str(tmp_path / "log.jsonl")
    space = {"x": Real(0.0, 1.0)}
    first = _search(space=space, random_state=None, n_candidates=8, audit_log=path).fit(
        X, Y
    )
    SizeAware.fits = 0
    again = _search(space=space, random_state=None, n_candidates=8, audit_log=path).fit(
        X, Y
    )
    assert SizeAware.fits == 1
    _same_results(first.cv_results_, again.cv_results_)


# ------------------------------------------------------------ bad input
class NeverFit(SizeAware):
    def fit(self, X, y):
        raise AssertionError("no fit should run")


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (
            {"resource": "not_a_parameter"},
            ValueError,
            "Cannot use resource=not_a_parameter which is not supported by estimator NeverFit",
        ),
        (
            {"resource": "x", "max_resources": 10},
            ValueError,
            "Cannot use parameter x as the resource since it is part of the searched parameters",
        ),
        (
            {"resource": "n_estimators"},
            ValueError,
            "resource can only be 'n_samples' when max_resources='auto'",
        ),
        (
            {"min_resources": 15, "max_resources": 14},
            ValueError,
            "min_resources_=15 is greater than max_resources_=14",
        ),
        (
            {"factor": 1},
            ValueError,
            r"The 'factor' parameter of MultiObjectiveHalvingSearchCV "
            r"must be a float in the range \(1.0, inf\)",
        ),
        ({"factor": 0.5}, ValueError, "'factor' parameter"),
        (
            {"n_candidates": "exhaust", "min_resources": "exhaust"},
            ValueError,
            "n_candidates and min_resources cannot be both set to 'exhaust'",
        ),
        (
            {"space": {"x": Real(0.0, 1.0)}, "min_resources": "exhaust"},
            ValueError,
            "n_candidates and min_resources cannot be both set to 'exhaust'",
        ),
        ({"max_resources": 0}, ValueError, "'max_resources' parameter"),
        ({"space": {"x": Real(1.0, 0.0)}}, ValueError, r"space.*cannot be searched"),
        (
            {"space": {"x": 3}},
            TypeError,
            "Parameter grid for parameter 'x' needs to be a list",
        ),
    ],
)
def test_halving_bad_input_raises_before_any_fit(tmp_path, kwargs, error, match):
    path = tmp_path / "log.jsonl"
    space = kwargs.pop("space", {"x": [0.1, 0.2, 0.3]})
    search = MultiObjectiveHalvingSearchCV(
        NeverFit(), space, scoring=SCORING, cv=2, audit_log=str(path), **kwargs
    )
    with pytest.raises(error, match=match):
        search.fit(X, Y)
    assert not path.exists()


def test_halving_accepts_a_shuffling_splitter_without_seed():
    # the folds are computed once per search, so every rung sees the same ones
    search = _search(cv=KFold(2, shuffle=True)).fit(X, Y)
    assert search.n_iterations_ == 4


def test_halving_has_no_bayes_search_attributes():
    search = _search().fit(X, Y)
    assert not hasattr(search, "optimizer_results_")
    assert not hasattr(search, "total_iterations")
    assert "n_iter" not in search.get_params()


def test_halving_runs_under_dask_local_cluster():
    distributed = pytest.importorskip("distributed")
    import joblib

    def search(**kwargs):
        return MultiObjectiveHalvingSearchCV(
            DecisionTreeClassifier(random_state=0),
            GRID,
            random_state=0,
            cv=2,
            scoring={"accuracy": "accuracy", "recall": "recall"},
            **kwargs,
        )

    expected = search().fit(X, Y)
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster),
    ):
        with joblib.parallel_backend("dask"):
            ours = search(n_jobs=-1).fit(X, Y)
    _same_results(ours.cv_results_, expected.cv_results_)
    assert ours.best_index_ == expected.best_index_
