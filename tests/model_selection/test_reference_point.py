"""``reference_point=``: where the Bayesian search counts the hypervolume it improves from."""

import json

import numpy as np
import pytest
from sklearn.datasets import make_classification

from sklearn_moo import MultiObjectiveSearchCV
from sklearn_moo.engine import Real

from .._helpers import ANALYTIC_SCORING, AnalyticClassifier

X, Y = make_classification(n_samples=40, random_state=0)


def _search(**kwargs):
    params = dict(
        estimator=AnalyticClassifier(),
        search_spaces={"x": Real(0.0, 1.0), "z": Real(0.0, 1.0)},
        scoring=ANALYTIC_SCORING,
        n_iter=18,
        cv=2,
        refit=False,
        random_state=0,
    )
    params.update(kwargs)
    return MultiObjectiveSearchCV(**params)


def _xs(search):
    return np.array([p["x"] for p in search.cv_results_["params"]])


def test_reference_point_keeps_the_search_where_it_counts():
    # f1 = -x**2 - 0.1 z > -0.09 needs x < 0.3: after the design of 5, the
    # proposals stay there with the reference point, and spread without it.
    steered = _xs(_search(reference_point={"f1": -0.09}).fit(X, Y))[5:]
    free = _xs(_search().fit(X, Y))[5:]
    assert np.mean(steered < 0.3) >= 0.8
    assert np.mean(free < 0.3) <= 0.6


def test_reference_point_in_natural_units_of_a_negated_scorer(monkeypatch):
    # neg_log_loss is a loss: its reference is a log loss (natural, lower is better).
    X2, Y2 = make_classification(n_samples=60, random_state=1)
    from sklearn.linear_model import LogisticRegression

    search = MultiObjectiveSearchCV(
        LogisticRegression(),
        {"C": Real(1e-3, 1e2, prior="log-uniform")},
        scoring={"acc": "accuracy", "neg_log_loss": "neg_log_loss"},
        n_iter=8,
        cv=2,
        refit=False,
        random_state=0,
        reference_point={"neg_log_loss": 0.6},
    )
    from sklearn_moo.model_selection import _search as search_module

    built, real = [], search_module.MultiObjectiveOptimizer

    def recording(*args, **kwargs):
        built.append(real(*args, **kwargs))
        return built[-1]

    monkeypatch.setattr(search_module, "MultiObjectiveOptimizer", recording)
    search.fit(X2, Y2)
    np.testing.assert_array_equal(built[-1].reference_point, [np.nan, -0.6])  # scores


def test_reference_point_is_in_the_audit_log_and_checked_on_resume(tmp_path):
    log = tmp_path / "search.jsonl"
    _search(n_iter=8, audit_log=log, reference_point={"f2": "-0.5"}).fit(X, Y)
    header = json.loads(log.read_text().splitlines()[0])
    assert header["params"]["reference_point"] == {"f2": "-0.5"}
    with pytest.raises(ValueError, match="reference_point"):
        _search(n_iter=8, audit_log=log, reference_point={"f2": -0.4}).fit(X, Y)


@pytest.mark.parametrize(
    "kwargs, what",
    [
        (dict(search_spaces={"x": [0.1, 0.5], "z": [0.5]}, n_iter=None), "grid"),
        (dict(strategy="random"), "random search"),
    ],
)
def test_reference_point_warns_where_no_optimiser_reads_it(kwargs, what):
    with pytest.warns(UserWarning, match=f"reference_point .*; this {what}"):
        _search(reference_point={"f1": -0.09}, **kwargs).fit(X, Y)
