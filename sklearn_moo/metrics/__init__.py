"""Fairness, robustness, latency and size metrics, and their scikit-learn scorers.

Every ``make_*_scorer`` returns a scikit-learn scorer (usable in
``cross_validate``, ``GridSearchCV`` and ``MultiObjectiveSearchCV``, alone or
in a dict beside built-in scorers) that also exposes its natural quantity:
``greater_is_better`` (the natural quantity's direction), ``unit``,
``natural_name`` and ``to_natural(score)``. Scores follow scikit-learn's
greater-is-better convention: a difference, a time or a size is returned
negated, like ``neg_mean_squared_error``.
"""

from ._fairness import (
    demographic_parity_difference,
    demographic_parity_ratio,
    equal_opportunity_difference,
    equalized_odds_difference,
    equalized_odds_ratio,
    make_fairness_scorer,
    worst_group_score,
)
from ._latency import (
    make_latency_scorer,
    make_model_size_scorer,
    make_throughput_scorer,
    retime_candidates,
)
from ._robustness import make_robustness_scorer, perturb

__all__ = [
    "demographic_parity_difference",
    "demographic_parity_ratio",
    "equal_opportunity_difference",
    "equalized_odds_difference",
    "equalized_odds_ratio",
    "make_fairness_scorer",
    "make_latency_scorer",
    "make_model_size_scorer",
    "make_robustness_scorer",
    "make_throughput_scorer",
    "perturb",
    "retime_candidates",
    "worst_group_score",
]
