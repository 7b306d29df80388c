"""Fairness metric functions, checked against fairlearn."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from sklearn.metrics import recall_score

from sklearn_moo.metrics import (
    demographic_parity_difference,
    demographic_parity_ratio,
    equal_opportunity_difference,
    equalized_odds_difference,
    equalized_odds_ratio,
    worst_group_score,
)

fairlearn_metrics = pytest.importorskip("fairlearn.metrics")

OURS_AND_FAIRLEARN = [
    (demographic_parity_difference, fairlearn_metrics.demographic_parity_difference),
    (demographic_parity_ratio, fairlearn_metrics.demographic_parity_ratio),
    (equal_opportunity_difference, fairlearn_metrics.equal_opportunity_difference),
    (equalized_odds_difference, fairlearn_metrics.equalized_odds_difference),
    (equalized_odds_ratio, fairlearn_metrics.equalized_odds_ratio),
]


def _make_data(seed, n_groups, n_samples, weighted):
    """Imbalanced groups; every group has TP, FN, FP and TN so all rates are defined."""
    rng = np.random.default_rng(seed)
    proportions = rng.dirichlet(np.full(n_groups, 0.7))
    groups = rng.choice(n_groups, size=n_samples, p=proportions)
    y_true = (rng.random(n_samples) < rng.uniform(0.2, 0.8)).astype(int)
    y_pred = (rng.random(n_samples) < rng.uniform(0.2, 0.8)).astype(int)
    pattern = [(1, 1), (1, 0), (0, 1), (0, 0)]
    y_true = np.concatenate([y_true, [t for _ in range(n_groups) for t, _p in pattern]])
    y_pred = np.concatenate([y_pred, [p for _ in range(n_groups) for _t, p in pattern]])
    groups = np.concatenate([groups, np.repeat(np.arange(n_groups), len(pattern))])
    names = np.array([f"g{g}" for g in range(n_groups)], dtype=object)[groups]
    weights = rng.uniform(0.1, 5.0, size=len(y_true)) if weighted else None
    return y_true, y_pred, names, weights


@settings(max_examples=25)
@given(
    seed=st.integers(0, 2**32 - 1),
    n_groups=st.integers(2, 5),
    n_samples=st.integers(0, 300),
    weighted=st.booleans(),
)
def test_fairness_metrics_match_fairlearn(seed, n_groups, n_samples, weighted):
    y_true, y_pred, groups, weights = _make_data(seed, n_groups, n_samples, weighted)
    for ours, theirs in OURS_AND_FAIRLEARN:
        expected = theirs(
            y_true,
            y_pred,
            sensitive_features=groups,
            method="between_groups",
            sample_weight=weights,
        )
        got = ours(y_true, y_pred, sensitive_features=groups, sample_weight=weights)
        assert got == pytest.approx(expected, abs=1e-12, rel=0), ours.__name__


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_equalized_odds_mean_agg_matches_fairlearn(seed):
    y_true, y_pred, groups, weights = _make_data(seed, 3, 200, True)
    for ours, theirs in [
        (equalized_odds_difference, fairlearn_metrics.equalized_odds_difference),
        (equalized_odds_ratio, fairlearn_metrics.equalized_odds_ratio),
    ]:
        expected = theirs(
            y_true, y_pred, sensitive_features=groups, sample_weight=weights, agg="mean"
        )
        got = ours(
            y_true, y_pred, sensitive_features=groups, sample_weight=weights, agg="mean"
        )
        assert got == pytest.approx(expected, abs=1e-12, rel=0)


@pytest.mark.parametrize("seed", [0, 1])
def test_fairness_intersectional_groups_match_fairlearn(seed):
    y_true, y_pred, _, weights = _make_data(seed, 2, 400, True)
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "sex": rng.choice(["F", "M"], len(y_true)),
            "race": rng.choice(["a", "b", "c"], len(y_true)),
        }
    )
    for ours, theirs in OURS_AND_FAIRLEARN[:2]:
        expected = theirs(
            y_true, y_pred, sensitive_features=frame, sample_weight=weights
        )
        got = ours(y_true, y_pred, sensitive_features=frame, sample_weight=weights)
        assert got == pytest.approx(expected, abs=1e-12, rel=0)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("weighted", [False, True])
def test_worst_group_score_matches_fairlearn_metric_frame(seed, weighted):
    y_true, y_pred, groups, weights = _make_data(seed, 4, 300, weighted)
    frame = fairlearn_metrics.MetricFrame(
        metrics=recall_score,
        y_true=y_true,
        y_pred=y_pred,
        sensitive_features=groups,
        sample_params=None if weights is None else {"sample_weight": weights},
    )
    got = worst_group_score(
        y_true,
        y_pred,
        sensitive_features=groups,
        metric=recall_score,
        sample_weight=weights,
    )
    assert got == pytest.approx(frame.group_min(), abs=1e-12, rel=0)
    got_max = worst_group_score(
        y_true,
        y_pred,
        sensitive_features=groups,
        metric="recall",
        greater_is_better=False,
        sample_weight=weights,
    )
    assert got_max == pytest.approx(frame.group_max(), abs=1e-12, rel=0)


def test_fairness_single_group_is_difference_zero_ratio_one_like_fairlearn():
    y_true = np.array([1, 0, 1, 0, 1])
    y_pred = np.array([1, 1, 0, 0, 1])
    groups = ["a"] * 5
    for ours, theirs in OURS_AND_FAIRLEARN:
        expected = 0.0 if "difference" in ours.__name__ else 1.0
        assert ours(y_true, y_pred, sensitive_features=groups) == expected
        assert theirs(y_true, y_pred, sensitive_features=groups) == expected


def test_equal_opportunity_skips_group_without_positives_unlike_fairlearn():
    # Group "b" has no positive label: its true positive rate is undefined.
    y_true = np.array([1, 1, 0, 0, 0, 0, 1, 1, 0, 0])
    y_pred = np.array([1, 0, 0, 1, 1, 0, 1, 1, 0, 1])
    groups = np.array(["a", "a", "a", "b", "b", "b", "c", "c", "c", "c"])
    # Compared groups: a (TPR 0.5) and c (TPR 1.0).
    assert (
        equal_opportunity_difference(y_true, y_pred, sensitive_features=groups) == 0.5
    )
    # fairlearn counts b's undefined TPR as 0: difference 1.0.
    assert (
        fairlearn_metrics.equal_opportunity_difference(
            y_true, y_pred, sensitive_features=groups
        )
        == 1.0
    )
    # FPRs are defined in every group; equalized odds = max(TPR diff, FPR diff).
    fpr = {"a": 0 / 1, "b": 2 / 3, "c": 1 / 2}
    expected = max(0.5, max(fpr.values()) - min(fpr.values()))
    assert equalized_odds_difference(
        y_true, y_pred, sensitive_features=groups
    ) == pytest.approx(expected, abs=1e-12)


def test_equal_opportunity_with_one_defined_group_is_zero():
    y_true = np.array([1, 1, 0, 0])
    y_pred = np.array([1, 0, 1, 0])
    groups = ["a", "a", "b", "b"]
    assert (
        equal_opportunity_difference(y_true, y_pred, sensitive_features=groups) == 0.0
    )
    assert equalized_odds_ratio(y_true, y_pred, sensitive_features=groups) == 1.0


def test_demographic_parity_ratio_no_selection_is_one_unlike_fairlearn():
    y_true = np.array([1, 0, 1, 0])
    y_pred = np.zeros(4, dtype=int)
    groups = ["a", "a", "b", "b"]
    assert demographic_parity_ratio(y_true, y_pred, sensitive_features=groups) == 1.0
    assert np.isnan(
        fairlearn_metrics.demographic_parity_ratio(
            y_true, y_pred, sensitive_features=groups
        )
    )


def test_fairness_compares_only_groups_present():
    # An unused pandas category (e.g. a group absent from a test fold) is ignored.
    groups = pd.Series(pd.Categorical(["a", "a", "b", "b"], categories=["a", "b", "c"]))
    y_pred = np.array([1, 0, 1, 1])
    assert (
        demographic_parity_difference(y_pred, y_pred, sensitive_features=groups) == 0.5
    )
    assert demographic_parity_ratio(y_pred, y_pred, sensitive_features=groups) == 0.5


def test_fairness_zero_weight_group_is_skipped():
    y_pred = np.array([1, 0, 1, 1, 0, 0])
    groups = ["a", "a", "b", "b", "c", "c"]
    weights = [1, 1, 1, 1, 0, 0]
    assert (
        demographic_parity_difference(
            y_pred, y_pred, sensitive_features=groups, sample_weight=weights
        )
        == 0.5
    )


def test_fairness_sample_weight_changes_rates():
    y_pred = np.array([1, 0, 1, 1])
    groups = ["a", "a", "b", "b"]
    weighted = demographic_parity_difference(
        y_pred, y_pred, sensitive_features=groups, sample_weight=[3, 1, 1, 1]
    )
    assert weighted == pytest.approx(0.25, abs=1e-12)


def test_fairness_string_labels_with_pos_label():
    y_true = np.array(["yes", "no", "yes", "no"])
    y_pred = np.array(["yes", "no", "no", "no"])
    groups = ["a", "a", "b", "b"]
    assert (
        demographic_parity_difference(
            y_true, y_pred, sensitive_features=groups, pos_label="yes"
        )
        == 0.5
    )
    assert (
        equal_opportunity_difference(
            y_true, y_pred, sensitive_features=groups, pos_label="yes"
        )
        == 1.0
    )


def test_worst_group_score_passes_no_sample_weight_when_none():
    calls = []

    def metric(y_true, y_pred, **kwargs):
        calls.append(kwargs)
        return float(np.mean(y_true == y_pred))

    worst_group_score(
        [1, 0, 1], [1, 1, 1], sensitive_features=["a", "a", "b"], metric=metric
    )
    assert calls == [{}, {}]


def test_worst_group_score_undefined_group_follows_metric():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = worst_group_score(
            [1, 1, 0, 0],
            [1, 1, 0, 1],
            sensitive_features=["a", "a", "b", "b"],
            metric="recall",
        )
    assert value == 0.0  # recall of b (no positives) is 0 by scikit-learn's convention


def test_fairness_errors():
    with pytest.raises(ValueError, match="agg must be 'worst_case' or 'mean'"):
        equalized_odds_difference([1], [1], sensitive_features=["a"], agg="max")
    with pytest.raises(ValueError, match="Unknown base metric 'recal'"):
        worst_group_score([1], [1], sensitive_features=["a"], metric="recal")
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        demographic_parity_difference([1, 0], [1, 0], sensitive_features=["a"])
    with pytest.raises(ValueError, match="sensitive_features must be 1D or 2D"):
        demographic_parity_difference([1], [1], sensitive_features=np.zeros((1, 1, 1)))
