"""ε-constraint refit policy."""

from __future__ import annotations

import numpy as np

from .._objectives import parse_constraints
from .._results import constraint_gaps
from ._base import BaseRefitPolicy, _infer_objectives


class EpsilonConstraint(BaseRefitPolicy):
    """Refit the best candidate on one objective subject to bounds on others.

    "The most accurate model with p95 latency <= 5 ms and demographic parity
    difference <= 0.05": ``EpsilonConstraint("accuracy", ["latency <= 5 ms",
    "dp <= 0.05"])``.

    Parameters
    ----------
    objective : str
        Scorer name to maximise (its mean test score, greater is better).
    constraints : str, list of str or dict
        Bounds in natural units on other scorers, spelled like the search's
        ``constraints`` (e.g. ``"latency <= 5 ms"`` or ``{"dp": "<= 0.05"}``).
        They apply on top of the search's own constraints.

    Attributes
    ----------
    min_objectives : int
        Fewest objectives the policy makes sense for: 2.
    primary_objective : str or None
        The objective reported as the search's ``best_score_``: ``objective``.

    Notes
    -----
    Chooses among the feasible Pareto-optimal candidates that also meet the
    policy's bounds; ties go to the lowest candidate index. When none meets
    them it warns with :class:`~sklearn_moo.exceptions.NoFeasibleCandidateWarning`
    and returns the non-failed candidate with the smallest total relative
    violation of the search's constraints and the policy's bounds together.

    Examples
    --------
    >>> from sklearn_moo import EpsilonConstraint
    >>> policy = EpsilonConstraint("accuracy", "neg_latency <= 0.005")
    >>> results = {"mean_test_accuracy": [0.8, 0.9, 0.85],
    ...            "mean_test_neg_latency": [-0.001, -0.010, -0.002],
    ...            "params": [{}, {}, {}]}
    >>> policy(results)
    2
    """

    def __init__(self, objective, constraints):
        self.objective = objective
        self.constraints = constraints

    @property
    def primary_objective(self):
        return self.objective

    def _referenced_names(self):
        return [self.objective]

    def _check_names(self, names, *, argument="refit"):
        if not isinstance(self.objective, str):
            raise TypeError(
                f"objective must be a scorer name (str), got {self.objective!r}."
            )
        super()._check_names(names, argument=argument)

    def _prepare(self, objectives):
        self._bounds = parse_constraints(
            self.constraints, objectives, argument=f"{type(self).__name__}.constraints"
        )

    def _policy_bounds(self):
        return getattr(self, "_bounds", None) or []

    def _choose(self, cv_results, candidates, objectives):
        if getattr(self, "_bounds", None) is None or not hasattr(self, "_objectives"):
            self._prepare(objectives or _infer_objectives(cv_results))
        gaps = constraint_gaps(cv_results, objectives, self._bounds)[candidates]
        ok = np.all(gaps <= 0, axis=1)
        if not ok.any():
            return self._least_violating(
                cv_results,
                objectives,
                f"No Pareto candidate meets {[c.text for c in self._bounds]}",
            )
        chosen = candidates[ok]
        scores = np.asarray(cv_results[f"mean_test_{self.objective}"], float)[chosen]
        return chosen[int(np.argmax(scores))]

    def _repr_params(self):
        return {"objective": self.objective, "constraints": self.constraints}
