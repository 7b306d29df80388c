"""The scorer factories inside scikit-learn: cross_validate, GridSearchCV, routing."""

import pickle

import numpy as np
import pandas as pd
import pytest
import sklearn
from sklearn.base import clone
from sklearn.compose import make_column_transformer
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import check_scoring, recall_score
from sklearn.model_selection import GridSearchCV, KFold, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_moo.metrics import (
    demographic_parity_difference,
    demographic_parity_ratio,
    equalized_odds_difference,
    make_fairness_scorer,
    make_latency_scorer,
    make_model_size_scorer,
    make_robustness_scorer,
    make_throughput_scorer,
    worst_group_score,
)

CV = KFold(3, shuffle=True, random_state=0)


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    n = 240
    group = rng.choice(["F", "M", "X"], size=n, p=[0.5, 0.4, 0.1])
    X = pd.DataFrame(
        {
            "x0": rng.normal(size=n),
            "x1": rng.normal(size=n),
            "sex": group,
        }
    )
    logits = X["x0"] + 0.8 * (group == "M") - 0.3
    y = (logits + rng.normal(scale=0.5, size=n) > 0).astype(int).to_numpy()
    weights = rng.uniform(0.5, 2.0, size=n)
    return X, y, group, weights


def _model():
    # The pipeline drops the sensitive column itself.
    return make_pipeline(
        make_column_transformer((StandardScaler(), ["x0", "x1"]), remainder="drop"),
        LogisticRegression(),
    )


def _hand_fold_scores(estimator, X, y, group, metric, cv, sample_weight=None, **params):
    values = []
    for train, test in cv.split(X, y):
        fit_params = (
            {} if sample_weight is None else {"sample_weight": sample_weight[train]}
        )
        fitted = (
            clone(estimator)
            .set_params(**params)
            .fit(X.iloc[train], y[train], **fit_params)
        )
        sw = None if sample_weight is None else sample_weight[test]
        values.append(
            metric(
                y[test],
                fitted.predict(X.iloc[test]),
                sensitive_features=group[test],
                sample_weight=sw,
            )
        )
    return np.array(values)


def test_fairness_scorer_column_in_dataframe_with_pipeline_dropping_it(data):
    X, y, group, _ = data
    scorer = make_fairness_scorer(
        "demographic_parity_difference", sensitive_feature="sex"
    )
    result = cross_validate(
        _model(), X, y, cv=CV, scoring={"acc": "accuracy", "dp": scorer}
    )
    expected = _hand_fold_scores(
        _model(), X, y, group, demographic_parity_difference, CV
    )
    np.testing.assert_allclose(result["test_dp"], -expected, rtol=0, atol=1e-12)
    assert (result["test_dp"] <= 0).all()


def test_fairness_scorer_int_column_of_array(data):
    X, y, group, _ = data
    codes = (group == "M").astype(float)
    X_array = np.column_stack([X["x0"], X["x1"], codes])
    clf = LogisticRegression().fit(X_array, y)
    scorer = make_fairness_scorer("demographic_parity_ratio", sensitive_feature=2)
    expected = demographic_parity_ratio(
        y, clf.predict(X_array), sensitive_features=codes
    )
    assert scorer(clf, X_array, y) == expected
    assert scorer.greater_is_better and scorer.to_natural(0.8) == 0.8


def test_fairness_scorer_in_grid_search_with_sample_weight_without_routing(data):
    X, y, group, weights = data
    # Without routing, `fit(sample_weight=...)` goes to the estimator's fit and to
    # every scorer that accepts it; the (numeric) sensitive column is read from X.
    X = X.assign(sex=pd.Series(group).map({"F": 0, "M": 1, "X": 2}).to_numpy())
    scoring = {
        "acc": "accuracy",
        "dp": make_fairness_scorer(
            "demographic_parity_difference", sensitive_feature="sex"
        ),
        "worst_recall": make_fairness_scorer(
            "worst_group", sensitive_feature="sex", base_metric="recall"
        ),
    }
    search = GridSearchCV(
        LogisticRegression(), {"C": [0.1, 1.0]}, scoring=scoring, refit=False, cv=CV
    )
    search.fit(X, y, sample_weight=weights)
    for i, C in enumerate([0.1, 1.0]):
        expected = _hand_fold_scores(
            LogisticRegression(),
            X,
            y,
            group,
            demographic_parity_difference,
            CV,
            sample_weight=weights,
            C=C,
        )
        got = [search.cv_results_[f"split{k}_test_dp"][i] for k in range(3)]
        np.testing.assert_allclose(got, -expected, rtol=0, atol=1e-12)
    recall = _hand_fold_scores(
        LogisticRegression(),
        X,
        y,
        group,
        lambda yt, yp, **kw: worst_group_score(yt, yp, metric="recall", **kw),
        CV,
        sample_weight=weights,
        C=1.0,
    )
    got = [search.cv_results_[f"split{k}_test_worst_recall"][1] for k in range(3)]
    np.testing.assert_allclose(got, recall, rtol=0, atol=1e-12)


def test_fairness_scorer_metadata_routing_in_grid_search(data):
    X, y, group, _ = data
    X_features = X[["x0", "x1"]]
    scorer = make_fairness_scorer("equalized_odds_difference")
    with sklearn.config_context(enable_metadata_routing=True):
        search = GridSearchCV(
            LogisticRegression(),
            {"C": [0.01, 1.0]},
            scoring={"acc": "accuracy", "eo": scorer},
            refit=False,
            cv=CV,
        )
        search.fit(X_features, y, sensitive_features=group)
    for i, C in enumerate([0.01, 1.0]):
        expected = _hand_fold_scores(
            LogisticRegression(),
            X_features,
            y,
            group,
            equalized_odds_difference,
            CV,
            C=C,
        )
        got = [search.cv_results_[f"split{k}_test_eo"][i] for k in range(3)]
        np.testing.assert_allclose(got, -expected, rtol=0, atol=1e-12)


def test_fairness_scorer_routing_keeps_sensitive_request_with_sample_weight(data):
    X, y, group, weights = data
    X_features = X[["x0", "x1"]]
    with sklearn.config_context(enable_metadata_routing=True):
        scorer = make_fairness_scorer("demographic_parity_difference")
        scorer.set_score_request(sample_weight=True)
        requests = scorer.get_metadata_routing().score.requests
        assert requests == {"sensitive_features": True, "sample_weight": True}
        result = cross_validate(
            LogisticRegression().set_fit_request(sample_weight=True),
            X_features,
            y,
            cv=CV,
            scoring={"dp": scorer},
            params={"sensitive_features": group, "sample_weight": weights},
        )
    expected = []
    for train, test in CV.split(X_features, y):
        clf = LogisticRegression().fit(
            X_features.iloc[train], y[train], sample_weight=weights[train]
        )
        expected.append(
            demographic_parity_difference(
                y[test],
                clf.predict(X_features.iloc[test]),
                sensitive_features=group[test],
                sample_weight=weights[test],
            )
        )
    np.testing.assert_allclose(
        result["test_dp"], -np.array(expected), rtol=0, atol=1e-12
    )


def test_fairness_scorer_requests_sensitive_features_by_default():
    scorer = make_fairness_scorer("demographic_parity_ratio")
    requests = scorer.get_metadata_routing().score.requests
    assert requests["sensitive_features"] is True
    column_scorer = make_fairness_scorer(
        "demographic_parity_ratio", sensitive_feature="sex"
    )
    assert (
        column_scorer.get_metadata_routing().score.requests["sensitive_features"]
        is False
    )


def test_fairness_scorer_direct_call_with_sensitive_features(data):
    X, y, group, _ = data
    clf = LogisticRegression().fit(X[["x0", "x1"]], y)
    scorer = make_fairness_scorer("demographic_parity_difference")
    expected = demographic_parity_difference(
        y, clf.predict(X[["x0", "x1"]]), sensitive_features=group
    )
    assert scorer(clf, X[["x0", "x1"]], y, sensitive_features=group) == -expected


def test_fairness_scorer_errors(data):
    X, y, group, _ = data
    clf = _model().fit(X, y)
    with pytest.raises(
        ValueError,
        match=r"column\(s\) \['gender'\] not found in X; "
        r"available columns are \['x0', 'x1', 'sex'\]",
    ):
        make_fairness_scorer(
            "demographic_parity_difference", sensitive_feature="gender"
        )(clf, X, y)
    X_array = X[["x0", "x1"]].to_numpy()
    array_clf = LogisticRegression().fit(X_array, y)
    with pytest.raises(
        ValueError, match="not a column index of X, an array with 2 columns"
    ):
        make_fairness_scorer("demographic_parity_ratio", sensitive_feature=5)(
            array_clf, X_array, y
        )
    with pytest.raises(ValueError, match="not a column index of X"):
        make_fairness_scorer("demographic_parity_ratio", sensitive_feature="sex")(
            array_clf, X_array, y
        )
    regressor = LinearRegression().fit(X_array, y)
    with pytest.raises(
        TypeError, match=r"needs a classifier, got LinearRegression\(\)"
    ):
        make_fairness_scorer("demographic_parity_ratio", sensitive_feature=0)(
            regressor, X_array, y
        )
    with pytest.raises(ValueError, match="needs the sensitive features"):
        make_fairness_scorer("demographic_parity_ratio")(array_clf, X_array, y)
    with pytest.raises(
        ValueError, match="Unknown fairness metric 'demographic_parity'"
    ):
        make_fairness_scorer("demographic_parity")
    with pytest.raises(ValueError, match="Unknown base metric None"):
        make_fairness_scorer("worst_group")
    with pytest.raises(
        ValueError, match="base_metric is only used with metric='worst_group'"
    ):
        make_fairness_scorer("demographic_parity_ratio", base_metric="recall")
    with pytest.raises(
        TypeError, match=r"unexpected keyword argument\(s\) \['groups'\]"
    ):
        make_fairness_scorer("demographic_parity_ratio")(
            array_clf, X_array, y, groups=y
        )


def test_fairness_scorer_kwargs_reach_metric(data):
    X, y, group, _ = data
    clf = _model().fit(X, y)
    scorer = make_fairness_scorer(
        "equalized_odds_difference", sensitive_feature="sex", agg="mean"
    )
    expected = equalized_odds_difference(
        y, clf.predict(X), sensitive_features=group, agg="mean"
    )
    assert scorer(clf, X, y) == -expected
    assert repr(scorer) == (
        "make_fairness_scorer('equalized_odds_difference', "
        "sensitive_feature='sex', agg='mean')"
    )


@pytest.mark.parametrize(
    "factory, greater, unit, name",
    [
        (
            lambda: make_fairness_scorer("demographic_parity_difference"),
            False,
            "",
            "demographic parity difference",
        ),
        (
            lambda: make_fairness_scorer("demographic_parity_ratio"),
            True,
            "",
            "demographic parity ratio",
        ),
        (
            lambda: make_fairness_scorer("worst_group", base_metric="recall"),
            True,
            "",
            "worst-group recall_score",
        ),
        (lambda: make_latency_scorer(percentile=95), False, "s", "p95 latency per row"),
        (
            lambda: make_latency_scorer(per="batch", batch_size=32),
            False,
            "s",
            "p50 latency per batch of 32 rows",
        ),
        (
            lambda: make_throughput_scorer(),
            True,
            "rows/s",
            "throughput (p50, batches of 200 rows)",
        ),
        (lambda: make_model_size_scorer(), False, "bytes", "model size"),
        (
            lambda: make_robustness_scorer(),
            True,
            "",
            "accuracy under gaussian (scale=0.1, mean of 5)",
        ),
        (
            lambda: make_robustness_scorer(relative_to_clean=True),
            False,
            "",
            "accuracy drop under gaussian (scale=0.1, mean of 5)",
        ),
    ],
)
def test_scorer_attributes(factory, greater, unit, name):
    scorer = factory()
    assert scorer.greater_is_better is greater
    assert scorer.unit == unit
    assert scorer.natural_name == name
    sign = 1 if greater else -1
    assert scorer.to_natural(-2.5) == -2.5 * sign
    np.testing.assert_array_equal(scorer.to_natural([1.0, -3.0]), [sign, -3.0 * sign])
    # Picklable (joblib workers) with the same behaviour.
    assert repr(pickle.loads(pickle.dumps(scorer))) == repr(scorer)


def test_scorer_reprs():
    assert repr(make_latency_scorer(method="predict", batch_size=1, percentile=95)) == (
        "make_latency_scorer(method='predict', batch_size=1, percentile=95)"
    )
    assert repr(make_throughput_scorer(n_repeats=3)) == (
        "make_throughput_scorer(method='predict', batch_size=200, n_repeats=3)"
    )
    assert repr(make_model_size_scorer()) == "make_model_size_scorer()"
    assert repr(make_fairness_scorer("demographic_parity_ratio")) == (
        "make_fairness_scorer('demographic_parity_ratio')"
    )
    assert repr(make_fairness_scorer("worst_group", base_metric="recall")) == (
        "make_fairness_scorer('worst_group', base_metric='recall')"
    )


def test_all_scorers_together_in_cross_validate_with_sample_weight(data):
    X, y, group, weights = data
    scoring = {
        "acc": "accuracy",
        "dp": make_fairness_scorer(
            "demographic_parity_difference", sensitive_feature="sex"
        ),
        "robust": make_robustness_scorer(n_repeats=2, relative_to_clean=True),
        "latency": make_latency_scorer(n_rows=10, n_repeats=1),
        "throughput": make_throughput_scorer(n_rows=20, n_repeats=1),
        "size": make_model_size_scorer(),
    }
    X = X.assign(sex=pd.Series(group).map({"F": 0, "M": 1, "X": 2}).to_numpy())
    search = GridSearchCV(
        LogisticRegression(), {"C": [1.0]}, scoring=scoring, refit="acc", cv=CV
    )
    with _no_sample_weight_warning():
        search.fit(X, y, sample_weight=weights)
    results = search.cv_results_
    assert results["mean_test_latency"][0] < 0
    assert results["mean_test_throughput"][0] > 0
    assert results["mean_test_size"][0] == -len(
        pickle.dumps(search.best_estimator_, protocol=pickle.HIGHEST_PROTOCOL)
    )


class _no_sample_weight_warning:
    """Fail on scikit-learn's "does not support sample_weight" warning."""

    def __enter__(self):
        import warnings

        self._context = warnings.catch_warnings()
        self._context.__enter__()
        warnings.filterwarnings("error", message=".*does not support sample_weight.*")

    def __exit__(self, *exc):
        return self._context.__exit__(*exc)


def test_robustness_scorer_bypasses_multimetric_prediction_cache(data):
    X, y, _, _ = data
    X_features = X[["x0", "x1"]].to_numpy()
    clf = LogisticRegression().fit(X_features, y)
    robust = make_robustness_scorer("accuracy", scale=2.0, n_repeats=3)
    multi = check_scoring(
        clf, {"acc": "accuracy", "acc2": "accuracy", "robust": robust}
    )
    scores = multi(clf, X_features, y)
    assert scores["robust"] == robust(clf, X_features, y)
    assert scores["robust"] != scores["acc"]


def test_robustness_scorer_passes_sample_weight(data):
    X, y, _, weights = data
    X_features = X[["x0", "x1"]].to_numpy()
    clf = LogisticRegression().fit(X_features, y)
    scorer = make_robustness_scorer("accuracy", scale=0.0, n_repeats=1)
    weighted = clf.score(X_features, y, sample_weight=weights)
    assert scorer(clf, X_features, y, sample_weight=weights) == pytest.approx(
        weighted, abs=1e-12
    )


def test_fairness_scorer_several_columns_give_intersectional_groups(data):
    X, y, group, _ = data
    rng = np.random.default_rng(3)
    X = X.assign(age_band=rng.choice(["young", "old"], size=len(X)))
    clf = _model().fit(X, y)
    scorer = make_fairness_scorer(
        "demographic_parity_difference", sensitive_feature=["sex", "age_band"]
    )
    expected = demographic_parity_difference(
        y, clf.predict(X), sensitive_features=X[["sex", "age_band"]]
    )
    assert scorer(clf, X, y) == -expected
    single = demographic_parity_difference(y, clf.predict(X), sensitive_features=group)
    assert expected >= single  # intersectional groups are finer


def test_worst_group_scorer_forwards_kwargs_to_base_metric(data):
    X, y, group, _ = data
    clf = _model().fit(X, y)
    scorer = make_fairness_scorer(
        "worst_group", sensitive_feature="sex", base_metric="recall", pos_label=0
    )
    expected = worst_group_score(
        y,
        clf.predict(X),
        sensitive_features=group,
        metric=lambda yt, yp, **kw: recall_score(yt, yp, pos_label=0, **kw),
    )
    assert scorer(clf, X, y) == expected
