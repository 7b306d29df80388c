"""ε-constraint refit policy."""

from __future__ import annotations

import numpy as np

from .._objectives import parse_constraints
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

    Notes
    -----
    Chooses among the feasible Pareto-optimal candidates that also meet the
    policy's bounds; ties go to the lowest candidate index. When none meets
    them it warns with :class:`~sklearn_moo.exceptions.NoFeasibleCandidateWarning`
    and returns the Pareto candidate with the smallest total relative
    violation of the policy's bounds.

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
            raise TypeError(f"objective must be a scorer name (str), got {self.objective!r}.")
        super()._check_names(names, argument=argument)

    def _prepare(self, objectives):
        self._bounds = parse_constraints(self.constraints, objectives,
                                         argument=f"{type(self).__name__}.constraints")

    def _choose(self, cv_results, candidates, objectives):
        if getattr(self, "_bounds", None) is None or not hasattr(self, "_objectives"):
            self._prepare(objectives or _infer_objectives(cv_results))
        by_name = {o.name: o for o in objectives}
        ok = np.ones(len(candidates), dtype=bool)
        violations = {}
        for c in self._bounds:
            natural = by_name[c.name].to_natural(
                np.asarray(cv_results[f"mean_test_{c.name}"], float)[candidates])
            violations[f"violation_{c.name}"] = np.zeros(len(cv_results["params"]))
            violations[f"violation_{c.name}"][candidates] = c.violation(natural)
            ok &= c.violation(natural) == 0
        if not ok.any():
            return self._least_violating(
                cv_results, violations, self._bounds,
                f"no Pareto candidate meets {[c.text for c in self._bounds]}", rows=candidates)
        chosen = candidates[ok]
        scores = np.asarray(cv_results[f"mean_test_{self.objective}"], float)[chosen]
        return chosen[int(np.argmax(scores))]

    def _repr_params(self):
        return {"objective": self.objective, "constraints": self.constraints}
