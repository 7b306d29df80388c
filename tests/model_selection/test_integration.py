"""Acceptance 4 (pipelines, nested CV, clone, pickle), reselect, routing, dask."""

import pickle

import numpy as np
import pytest
import sklearn
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import (
    GridSearchCV,
    KFold,
    cross_val_predict,
    cross_val_score,
)
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from sklearn_moo import EpsilonConstraint, MultiObjectiveSearchCV, WeightedSum
from sklearn_moo.datasets import load_adult
from sklearn_moo.engine import Real
from sklearn_moo.metrics import make_fairness_scorer

pytest.importorskip("pandas")

ADULT = load_adult(n_samples=600, random_state=0)
NUMERIC = ["age", "education-num", "hours-per-week"]
CATEGORICAL = ["sex", "relationship"]


def _pipeline():
    columns = ColumnTransformer(
        [
            ("num", StandardScaler(), NUMERIC),
            ("cat", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
        ]
    )
    return Pipeline([("prep", columns), ("clf", LogisticRegression(max_iter=300))])


def _search(**kwargs):
    params = dict(
        estimator=_pipeline(),
        search_spaces={"clf__C": Real(1e-3, 10.0, prior="log-uniform")},
        scoring={
            "accuracy": "accuracy",
            "dp": make_fairness_scorer(
                "demographic_parity_difference", sensitive_feature="sex"
            ),
        },
        refit=WeightedSum(),
        n_iter=6,
        cv=3,
        random_state=0,
    )
    params.update(kwargs)
    return MultiObjectiveSearchCV(**params)


def test_search_in_pipeline_with_column_transformer_on_dataframe():
    X, y = ADULT.data, ADULT.target
    search = _search().fit(X, y)
    assert search.predict(X).shape == (len(X),)
    assert list(search.feature_names_in_) == list(X.columns)
    assert np.isfinite(search.best_score_)
    # best_score_ is the primary (first) objective's mean test score
    assert (
        search.best_score_
        == search.cv_results_["mean_test_accuracy"][search.best_index_]
    )
    assert np.isfinite(search.score(X, y))


def test_search_inside_cross_val_score_and_cross_val_predict():
    X, y = ADULT.data, ADULT.target
    scores = cross_val_score(_search(n_iter=4, cv=2), X, y, cv=2)
    assert scores.shape == (2,) and np.all(np.isfinite(scores))
    predicted = cross_val_predict(_search(n_iter=4, cv=2), X, y, cv=2)
    assert predicted.shape == y.shape


def test_search_clone_and_pickle_round_trip():
    X, y = ADULT.data, ADULT.target
    search = _search(n_iter=4)
    cloned = clone(search)
    assert cloned.get_params()["refit"] is not search.refit
    fitted = cloned.fit(X, y)
    restored = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(restored.predict(X), fitted.predict(X))
    assert restored.cv_results_["params"] == fitted.cv_results_["params"]
    np.testing.assert_array_equal(restored.pareto_front_, fitted.pareto_front_)


def test_search_reselect_refits_another_candidate_without_searching():
    X, y = ADULT.data, ADULT.target
    search = _search(n_iter=6).fit(X, y)
    n_before = len(search.cv_results_["params"])
    dp = search.cv_results_["mean_test_dp"]
    search.reselect(EpsilonConstraint("dp", "accuracy >= 0"), X, y)
    best_dp = np.flatnonzero(search.cv_results_["is_pareto_optimal"])
    expected = best_dp[np.argmax(dp[best_dp])]
    assert search.best_index_ == expected
    assert search.best_score_ == dp[expected]
    assert search.best_params_ == search.cv_results_["params"][expected]
    assert (
        search.best_estimator_.get_params()["clf__C"] == search.best_params_["clf__C"]
    )
    assert len(search.cv_results_["params"]) == n_before
    assert search.score(X, y) == search.scorer_["dp"](search.best_estimator_, X, y)
    search.reselect("accuracy", X, y)
    assert search.best_index_ == int(
        np.argmin(search.cv_results_["rank_test_accuracy"])
    )
    assert search.score(X, y) == search.best_estimator_.score(X, y)


def test_search_policy_chooses_only_feasible_pareto_candidates():
    X, y = ADULT.data, ADULT.target
    search = _search(constraints="dp <= 0.15", n_iter=8).fit(X, y)
    results = search.cv_results_
    dp = -results["mean_test_dp"]
    np.testing.assert_array_equal(results["is_feasible"], dp <= 0.15)
    np.testing.assert_allclose(results["violation_dp"], np.maximum(dp - 0.15, 0.0))
    assert results["is_pareto_optimal"][search.best_index_]
    assert search.constraints_ == ["dp <= 0.15"]
    assert search.objective_directions_ == {
        "accuracy": "higher is better",
        "dp": "lower is better",
    }


def test_search_fairness_scorer_with_metadata_routing_matches_hand_computation():
    X, y, sex = ADULT.data, ADULT.target, ADULT.sensitive_features["sex"]
    scorer = make_fairness_scorer("demographic_parity_difference")
    cv = KFold(3, shuffle=True, random_state=0)
    with sklearn.config_context(enable_metadata_routing=True):
        search = MultiObjectiveSearchCV(
            _pipeline(),
            {"clf__C": [0.01, 1.0]},
            scoring={"accuracy": "accuracy", "dp": scorer},
            refit="accuracy",
            cv=cv,
        ).fit(X, y, sensitive_features=sex)
        theirs = GridSearchCV(
            _pipeline(),
            {"clf__C": [0.01, 1.0]},
            scoring={"accuracy": "accuracy", "dp": scorer},
            refit="accuracy",
            cv=cv,
        ).fit(X, y, sensitive_features=sex)
    for i, params in enumerate(search.cv_results_["params"]):
        for k, (train, test) in enumerate(cv.split(X, y)):
            model = (
                clone(_pipeline())
                .set_params(**params)
                .fit(X.iloc[train], y.iloc[train])
            )
            pred = model.predict(X.iloc[test])
            groups = sex.iloc[test].to_numpy()
            rates = [pred[groups == g].mean() for g in np.unique(groups)]
            expected = -(max(rates) - min(rates))
            assert search.cv_results_[f"split{k}_test_dp"][i] == pytest.approx(
                expected, abs=1e-12
            )
    np.testing.assert_array_equal(
        search.cv_results_["mean_test_dp"], theirs.cv_results_["mean_test_dp"]
    )


def test_search_runs_under_dask_local_cluster():
    distributed = pytest.importorskip("distributed")
    import joblib

    X, y = ADULT.data, ADULT.target
    expected = _search(n_iter=4, n_points=2).fit(X, y).cv_results_["params"]
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
            search = _search(n_iter=4, n_points=2, n_jobs=-1).fit(X, y)
    assert search.cv_results_["params"] == expected
    assert np.isfinite(search.best_score_)
