"""Weighted-sum refit policy."""

from __future__ import annotations

import numbers

import numpy as np

from ._base import BaseRefitPolicy

_NORMALIZE = ("minmax", None)


class WeightedSum(BaseRefitPolicy):
    """Refit the Pareto candidate with the largest weighted sum of scores.

    Parameters
    ----------
    weights : dict of str -> float, default=None
        Non-negative weight per scorer name (not all zero); scorers left out
        weigh 0. None weighs every objective equally.
    normalize : {"minmax"} or None, default="minmax"
        ``"minmax"`` rescales each objective's mean test score over the
        feasible Pareto candidates to ``[0, 1]`` (0 for the worst candidate, 1
        for the best; an objective on which all candidates tie contributes 0)
        before weighting, so that objectives in different units (accuracy,
        seconds) are comparable. None weighs the raw scores.

    Attributes
    ----------
    min_objectives : int
        Fewest objectives the policy makes sense for: 2.
    primary_objective : str or None
        The objective reported as the search's ``best_score_``: None, the first scorer.

    Notes
    -----
    Only feasible Pareto-optimal candidates are considered; ties are broken
    by the lowest candidate index. A weighted sum can only select points on
    the convex hull of the front; use :class:`EpsilonConstraint` to reach a
    concave part.

    Examples
    --------
    >>> from sklearn_moo import WeightedSum
    >>> policy = WeightedSum({"accuracy": 2.0, "latency": 1.0})
    >>> results = {"mean_test_accuracy": [0.8, 0.9, 0.85],
    ...            "mean_test_latency": [-0.001, -0.010, -0.002],
    ...            "params": [{}, {}, {}]}
    >>> policy(results)
    1
    """

    def __init__(self, weights=None, *, normalize="minmax"):
        self.weights = weights
        self.normalize = normalize

    def _validate(self):
        if self.normalize not in _NORMALIZE:
            raise ValueError(
                f"normalize must be 'minmax' or None, got {self.normalize!r}."
            )
        if self.weights is None:
            return
        if not isinstance(self.weights, dict) or not self.weights:
            raise ValueError(
                f"weights must be a non-empty dict {{scorer name: weight}}, got {self.weights!r}."
            )
        for name, w in self.weights.items():
            if not isinstance(w, numbers.Real) or not np.isfinite(w) or w < 0:
                raise ValueError(
                    f"weights[{name!r}] = {w!r}; weights must be finite and non-negative."
                )
        if all(w == 0 for w in self.weights.values()):
            raise ValueError(
                f"weights={self.weights!r} are all zero; give one a positive weight."
            )

    def _check_names(self, names, *, argument="refit"):
        self._validate()
        super()._check_names(names, argument=argument)

    def _referenced_names(self):
        return list(self.weights or {})

    def _choose(self, cv_results, candidates, objectives):
        names = [o.name for o in objectives]
        weights = np.array(
            [
                1.0 if self.weights is None else float(self.weights.get(n, 0.0))
                for n in names
            ]
        )
        scores = np.column_stack(
            [np.asarray(cv_results[f"mean_test_{n}"], float)[candidates] for n in names]
        )
        if self.normalize == "minmax":
            low, high = scores.min(axis=0), scores.max(axis=0)
            span = np.where(high > low, high - low, 1.0)
            scores = np.where(high > low, (scores - low) / span, 0.0)
        total = scores @ weights
        return candidates[int(np.argmax(total))]  # argmax: first of ties

    def _repr_params(self):
        out = {"weights": self.weights}
        if self.normalize != "minmax":
            out["normalize"] = self.normalize
        return out
