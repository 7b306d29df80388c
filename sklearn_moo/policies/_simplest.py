"""The one-standard-error rule, for several objectives."""

from __future__ import annotations

import numpy as np

from .._results import within_noise_mask
from ._base import BaseRefitPolicy, _infer_objectives


class SimplestWithinNoise(BaseRefitPolicy):
    """Refit the simplest candidate within cross-validation noise of the front.

    scikit-learn's one-standard-error rule, generalised to several objectives:
    among the feasible candidates whose optimistic scores (mean plus one
    standard error) no other candidate's means dominate (``is_within_noise``
    in ``cv_results_``), pick the one with the smallest ``key``.

    Parameters
    ----------
    key : str or callable
        A parameter name (``"logisticregression__C"``: the smallest value is
        the simplest model) or ``key(params) -> number`` on a candidate's
        parameter dict.

    Attributes
    ----------
    min_objectives : int
        Fewest objectives the policy makes sense for: 1.
    primary_objective : str or None
        The objective reported as the search's ``best_score_``: None, the first scorer.

    Notes
    -----
    The standard error of a mean over ``n_splits`` folds is
    ``std_test / sqrt(n_splits - 1)`` (``std_test`` has ddof=0). Ties go to
    the lowest candidate index; candidates without the parameter are skipped.

    Examples
    --------
    >>> from sklearn_moo import SimplestWithinNoise
    >>> policy = SimplestWithinNoise("max_depth")
    >>> results = {"mean_test_acc": [0.90, 0.89, 0.70], "std_test_acc": [0.02, 0.02, 0.02],
    ...            "split0_test_acc": [0, 0, 0], "split1_test_acc": [0, 0, 0],
    ...            "mean_test_fair": [0.50, 0.49, 0.40], "std_test_fair": [0.0, 0.0, 0.0],
    ...            "params": [{"max_depth": 8}, {"max_depth": 2}, {"max_depth": 1}]}
    >>> policy(results)
    1
    """

    min_objectives = 1

    def __init__(self, key):
        self.key = key

    def __call__(self, cv_results) -> int:
        objectives = getattr(self, "_objectives", None) or _infer_objectives(cv_results)
        if "is_within_noise" in cv_results:
            near = np.asarray(cv_results["is_within_noise"], dtype=bool)
        else:
            near = within_noise_mask(cv_results, objectives)
        rows = [
            i
            for i in np.flatnonzero(near)
            if self._value(cv_results["params"][i]) is not None
        ]
        if not rows:
            return super().__call__(
                cv_results
            )  # nothing within noise: the usual fallback
        values = [self._value(cv_results["params"][i]) for i in rows]
        return int(rows[int(np.argmin(values))])

    def _value(self, params):
        if callable(self.key):
            return self.key(params)
        return params.get(self.key)

    def _choose(self, cv_results, candidates, objectives):
        return int(candidates[0])

    def _repr_params(self):
        return {"key": self.key}
