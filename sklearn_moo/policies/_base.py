"""Base class of refit policies: ``policy(cv_results_) -> int``."""

from __future__ import annotations

import copy

import numpy as np

from .._objectives import Objective
from .._results import (
    describe_violations,
    failed_mask,
    objective_names,
    pareto_columns,
    total_violation,
)
from ..exceptions import NoFeasibleCandidateWarning
from ..utils._warnings import warn_at_caller


def _infer_objectives(cv_results):
    # Unbound use on a plain GridSearchCV result: scikit-learn's "neg_" scorers
    # negate a lower-is-better quantity.
    return [
        Objective(n, -1.0 if n.startswith("neg_") else 1.0, "", n.removeprefix("neg_"))
        for n in objective_names(cv_results)
    ]


class BaseRefitPolicy:
    """Choose one candidate from a multi-objective ``cv_results_``.

    A policy is a callable ``policy(cv_results_) -> int``, scikit-learn's
    contract for a callable ``refit``. It chooses only among feasible,
    Pareto-optimal candidates and breaks ties by the lowest candidate index.
    When no candidate meets every bound (the search's constraints, and the
    policy's own bounds, if any) it falls back to the non-failed candidate
    with the smallest total relative violation of all of them together, and
    warns with :class:`~sklearn_moo.exceptions.NoFeasibleCandidateWarning`,
    naming what that candidate breaks.

    :class:`~sklearn_moo.MultiObjectiveSearchCV` binds the policy to its
    objectives (directions and units) and constraints; called on the results
    of another search, objectives named ``neg_*`` are read as negated.

    Attributes
    ----------
    min_objectives : int
        Fewest objectives the policy makes sense for (2 here; 1 for
        :class:`SimplestWithinNoise`).
    primary_objective : str or None
        The objective reported as the search's ``best_score_`` (None: the
        first scorer).

    See Also
    --------
    WeightedSum, EpsilonConstraint, SimplestWithinNoise

    Examples
    --------
    Every policy is a ``BaseRefitPolicy``, called on a ``cv_results_`` dict:

    >>> from sklearn_moo import BaseRefitPolicy, WeightedSum
    >>> policy = WeightedSum()
    >>> isinstance(policy, BaseRefitPolicy)
    True
    >>> policy({"mean_test_a": [0.1, 0.9], "mean_test_b": [0.5, 0.6], "params": [{}, {}]})
    1
    """

    #: Fewest objectives the policy makes sense for.
    min_objectives = 2
    #: The objective reported as ``best_score_`` (None: the first scorer).
    primary_objective = None

    def __call__(self, cv_results) -> int:
        objectives = getattr(self, "_objectives", None) or _infer_objectives(cv_results)
        constraints = getattr(self, "_constraints", [])
        self._check_names([o.name for o in objectives])
        columns = (
            cv_results
            if "is_pareto_optimal" in cv_results
            else pareto_columns(cv_results, objectives, constraints)
        )
        candidates = np.flatnonzero(columns["is_pareto_optimal"])
        if len(candidates) == 0:
            return self._least_violating(
                cv_results,
                objectives,
                "No candidate satisfies the search's constraints",
            )
        return int(self._choose(cv_results, candidates, objectives))

    # -- to override ---------------------------------------------------------
    def _choose(self, cv_results, candidates, objectives) -> int:
        raise NotImplementedError

    def _referenced_names(self) -> list[str]:
        return []

    # -- shared --------------------------------------------------------------
    def _check_names(self, names, *, argument="refit"):
        if len(names) < self.min_objectives:
            raise ValueError(
                f"{type(self).__name__} needs at least {self.min_objectives} objectives, but "
                f"scoring defines {len(names)} ({names}). Pass several scorers in scoring, "
                "or use refit=True / a scorer name for a single-objective search."
            )
        unknown = [n for n in self._referenced_names() if n not in names]
        if unknown:
            raise ValueError(
                f"{argument}={self!r} refers to unknown scorer(s) {unknown}; the scorers in "
                f"scoring are {names}."
            )

    def _bind(self, objectives, constraints):
        """A copy that knows the search's objectives and constraints (validated)."""
        self._check_names([o.name for o in objectives])
        bound = copy.copy(self)
        bound._objectives = list(objectives)
        bound._constraints = list(constraints)
        bound._prepare(objectives)
        return bound

    def _prepare(self, objectives):
        pass

    def _policy_bounds(self) -> list:
        """The policy's own bounds (parsed constraints), on top of the search's."""
        return []

    def _quiet(self):
        """A copy that chooses without warning (for a choice that refits nothing)."""
        quiet = copy.copy(self)
        quiet._warns = False
        return quiet

    def _least_violating(self, cv_results, objectives, reason) -> int:
        """The non-failed candidate closest to meeting every bound, with a warning."""
        bounds = list(getattr(self, "_constraints", [])) + list(self._policy_bounds())
        rows = np.flatnonzero(~failed_mask(cv_results, [o.name for o in objectives]))
        if len(rows) == 0:
            raise ValueError("Every candidate failed; there is nothing to refit.")
        best = int(
            rows[int(np.argmin(total_violation(cv_results, objectives, bounds)[rows]))]
        )
        if not getattr(self, "_warns", True):
            return best
        broken = describe_violations(cv_results, objectives, bounds, best)
        warn_at_caller(
            f"{reason}; refitting candidate {best}, the one with the smallest total relative "
            f"violation of {[c.text for c in bounds]}. It breaks: {'; '.join(broken)}.",
            NoFeasibleCandidateWarning,
        )
        return best

    def __repr__(self):
        params = ", ".join(f"{k}={v!r}" for k, v in self._repr_params().items())
        return f"{type(self).__name__}({params})"

    def _repr_params(self):
        return {}
