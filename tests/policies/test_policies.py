import numpy as np
import pytest

from sklearn_moo import EpsilonConstraint, WeightedSum
from sklearn_moo._objectives import Objective
from sklearn_moo.exceptions import NoFeasibleCandidateWarning


def _results(acc, lat):
    return {
        "mean_test_acc": np.array(acc, float),
        "mean_test_neg_lat": np.array(lat, float),
        "params": [{"i": i} for i in range(len(acc))],
    }


def test_weighted_sum_picks_by_normalised_weights():
    results = _results([0.70, 0.80, 0.90, 0.85], [-1.0, -2.0, -9.0, -3.0])
    assert WeightedSum({"acc": 1.0})(results) == 2
    assert WeightedSum({"neg_lat": 1.0})(results) == 0
    # normalised over the Pareto set: acc (0, .5, 1, .75), lat (1, .875, 0, .75)
    # equal weights: sums (1, 1.375, 1, 1.5)
    assert WeightedSum()(results) == 3
    # acc x4: sums (1, 2.875, 4, 3.75)
    assert WeightedSum({"acc": 4.0, "neg_lat": 1.0})(results) == 2


def test_weighted_sum_ignores_dominated_candidates_and_breaks_ties_by_index():
    results = _results([0.9, 0.9, 0.95, 0.5], [-1.0, -1.0, -1.0, -0.5])
    # 0 and 1 are dominated by 2; 2 and 3 tie with equal weights -> lowest index
    assert WeightedSum()(results) == 2


def test_weighted_sum_normalize_none_uses_raw_scores():
    results = _results([0.8, 0.9], [-0.1, -0.5])
    assert WeightedSum({"acc": 1.0, "neg_lat": 1.0}, normalize=None)(results) == 0
    assert WeightedSum({"acc": 1.0, "neg_lat": 1.0})(results) == 0


def test_epsilon_constraint_picks_best_objective_within_bounds():
    results = _results([0.70, 0.80, 0.90, 0.85], [-1.0, -2.0, -9.0, -3.0])
    assert EpsilonConstraint("acc", "neg_lat <= 2.5")(results) == 1
    assert EpsilonConstraint("acc", {"neg_lat": "<= 3"})(results) == 3


def test_epsilon_constraint_without_feasible_candidate_falls_back_with_warning():
    results = _results([0.70, 0.80], [-1.0, -2.0])
    with pytest.warns(NoFeasibleCandidateWarning, match="refitting candidate 0"):
        assert EpsilonConstraint("acc", "neg_lat <= 0.5")(results) == 0


def test_policy_bound_to_search_constraints_falls_back_to_least_violating():
    from sklearn_moo._objectives import parse_constraints

    objectives = [Objective("acc"), Objective("neg_lat", -1.0, "s", "latency")]
    constraints = parse_constraints("neg_lat <= 1 ms", objectives)
    policy = WeightedSum()._bind(objectives, constraints)
    results = _results([0.70, 0.80, 0.9], [-0.004, -0.002, -0.003])
    with pytest.warns(NoFeasibleCandidateWarning, match="refitting candidate 1"):
        assert policy(results) == 1


def test_policy_when_every_candidate_failed_raises():
    results = _results([np.nan, np.nan], [-1.0, -2.0])
    with pytest.raises(ValueError, match="Every candidate failed"):
        WeightedSum()(results)


@pytest.mark.parametrize(
    "policy, match",
    [
        (WeightedSum({"acc": np.inf}), "finite and non-negative"),
        (WeightedSum([1.0, 2.0]), "non-empty dict"),
        (WeightedSum(normalize="zscore"), "normalize must be"),
        (EpsilonConstraint(3, "acc >= 0"), "objective must be a scorer name"),
    ],
)
def test_policy_bad_arguments_raise(policy, match):
    with pytest.raises((ValueError, TypeError), match=match):
        policy(_results([0.7, 0.8], [-1.0, -2.0]))


def test_policy_repr_is_readable():
    assert repr(WeightedSum({"acc": 2})) == "WeightedSum(weights={'acc': 2})"
    assert (
        repr(EpsilonConstraint("acc", "lat <= 5 ms"))
        == "EpsilonConstraint(objective='acc', constraints='lat <= 5 ms')"
    )
