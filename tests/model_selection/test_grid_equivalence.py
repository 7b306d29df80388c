"""Acceptance 2: a finite grid gives exactly GridSearchCV's results."""

import numpy as np
import pytest
from sklearn.datasets import make_classification, make_regression
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import make_scorer, mean_absolute_error
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

from sklearn_moo import MultiObjectiveSearchCV

X_CLF, Y_CLF = make_classification(n_samples=120, n_features=6, random_state=0)
X_REG, Y_REG = make_regression(n_samples=120, n_features=6, noise=5.0, random_state=0)


def _tuple_scorer(est, X, y):
    return {
        "acc": float((est.predict(X) == y).mean()),
        "pos": float(est.predict(X).mean()),
    }


CASES = [
    (
        "logreg-str",
        LogisticRegression(max_iter=500),
        {"C": [0.01, 0.1, 1.0]},
        "accuracy",
        True,
        X_CLF,
        Y_CLF,
    ),
    (
        "tree-list",
        DecisionTreeClassifier(random_state=0),
        {"max_depth": [1, 2, 4], "min_samples_leaf": (1, 5)},
        ["accuracy", "recall"],
        "recall",
        X_CLF,
        Y_CLF,
    ),
    (
        "svc-dict-listofgrids",
        SVC(),
        [
            {"kernel": ["linear"], "C": [0.1, 1.0]},
            {"kernel": ["rbf"], "gamma": [0.01, 0.1]},
        ],
        {"acc": "accuracy", "bacc": "balanced_accuracy"},
        "bacc",
        X_CLF,
        Y_CLF,
    ),
    (
        "ridge-dict-neg",
        Ridge(),
        {"alpha": [0.1, 1.0, 10.0]},
        {"mae": make_scorer(mean_absolute_error, greater_is_better=False), "r2": "r2"},
        "mae",
        X_REG,
        Y_REG,
    ),
    (
        "tree-callable",
        DecisionTreeClassifier(random_state=0),
        {"max_depth": [1, 3]},
        _tuple_scorer,
        "acc",
        X_CLF,
        Y_CLF,
    ),
    (
        "tuple-scoring",
        LogisticRegression(max_iter=500),
        {"C": [0.1, 1.0]},
        ("accuracy", "f1"),
        "f1",
        X_CLF,
        Y_CLF,
    ),
    # a list of strings is a grid (it raised "looks like a scikit-optimize range")
    (
        "knn-weights",
        KNeighborsClassifier(),
        {"weights": ["uniform", "distance"]},
        None,
        True,
        X_CLF,
        Y_CLF,
    ),
    (
        "knn-strings-and-numbers",
        KNeighborsClassifier(),
        {"weights": ["uniform", "distance"], "n_neighbors": [3, 7]},
        ["accuracy", "recall"],
        "accuracy",
        X_CLF,
        Y_CLF,
    ),
    (
        "empty-grid",
        LogisticRegression(max_iter=500),
        {},
        "accuracy",
        True,
        X_CLF,
        Y_CLF,
    ),
    (
        "list-of-empty-grid",
        LogisticRegression(max_iter=500),
        [{}],
        None,
        True,
        X_CLF,
        Y_CLF,
    ),
    (
        "single-scorer-refit-str",
        LogisticRegression(max_iter=500),
        {"C": [0.1, 1.0]},
        "recall",
        "recall",
        X_CLF,
        Y_CLF,
    ),
]
TIME_KEYS = {"mean_fit_time", "std_fit_time", "mean_score_time", "std_score_time"}


def _assert_same_cv_results(ours, theirs):
    """Every key GridSearchCV produces but the four times, param_* as masked arrays."""
    assert ours["params"] == theirs["params"]
    keys = [k for k in theirs if k not in TIME_KEYS]
    assert set(keys) <= set(ours)
    for key in keys:
        if key.startswith("param_"):
            assert isinstance(ours[key], np.ma.MaskedArray), key
            np.testing.assert_array_equal(ours[key].mask, theirs[key].mask, err_msg=key)
            assert ours[key].tolist() == theirs[key].tolist(), key
        elif key != "params":
            np.testing.assert_array_equal(ours[key], theirs[key], err_msg=key)


@pytest.mark.parametrize(
    "name, est, grid, scoring, refit, X, y", CASES, ids=[c[0] for c in CASES]
)
def test_search_matches_gridsearchcv(name, est, grid, scoring, refit, X, y):
    cv = KFold(3, shuffle=True, random_state=1)
    ours = MultiObjectiveSearchCV(est, grid, scoring=scoring, refit=refit, cv=cv).fit(
        X, y
    )
    theirs = GridSearchCV(est, grid, scoring=scoring, refit=refit, cv=cv).fit(X, y)
    _assert_same_cv_results(ours.cv_results_, theirs.cv_results_)
    assert ours.best_params_ == theirs.best_params_
    assert ours.best_index_ == theirs.best_index_
    assert ours.best_score_ == theirs.best_score_
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    for column in ("pareto_rank", "is_pareto_optimal", "is_feasible"):
        assert len(ours.cv_results_[column]) == len(theirs.cv_results_["params"])


def test_search_score_delegation_matches_gridsearchcv():
    grid = {"C": [0.1, 1.0]}
    ours = MultiObjectiveSearchCV(LogisticRegression(), grid, cv=3).fit(X_CLF, Y_CLF)
    theirs = GridSearchCV(LogisticRegression(), grid, cv=3).fit(X_CLF, Y_CLF)
    assert ours.score(X_CLF, Y_CLF) == theirs.score(X_CLF, Y_CLF)
    np.testing.assert_allclose(ours.predict_proba(X_CLF), theirs.predict_proba(X_CLF))
    np.testing.assert_allclose(
        ours.decision_function(X_CLF), theirs.decision_function(X_CLF)
    )
    np.testing.assert_array_equal(ours.classes_, theirs.classes_)


def test_search_param_grid_keyword_matches_gridsearchcv():
    grid = {"weights": ["uniform", "distance"], "n_neighbors": [1, 5]}
    ours = MultiObjectiveSearchCV(
        estimator=KNeighborsClassifier(), param_grid=grid, return_train_score=True, cv=3
    ).fit(X_CLF, Y_CLF)
    theirs = GridSearchCV(
        estimator=KNeighborsClassifier(), param_grid=grid, return_train_score=True, cv=3
    ).fit(X_CLF, Y_CLF)
    _assert_same_cv_results(ours.cv_results_, theirs.cv_results_)
    assert ours.best_params_ == theirs.best_params_


def test_search_empty_grid_is_one_candidate_with_the_estimators_parameters():
    est = LogisticRegression(C=0.3, max_iter=500)
    for grid in ({}, [{}]):
        search = MultiObjectiveSearchCV(est, grid, cv=3).fit(X_CLF, Y_CLF)
        assert search.cv_results_["params"] == [{}]
        assert search.best_estimator_.C == 0.3
