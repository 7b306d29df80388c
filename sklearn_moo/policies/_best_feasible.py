"""The default policy of a constrained single-objective search."""

from __future__ import annotations

import numpy as np

from ._base import BaseRefitPolicy


class _BestFeasible(BaseRefitPolicy):
    """The best mean test score of the first objective among feasible candidates.

    ``refit=True`` with one scorer and ``constraints``: GridSearchCV's choice,
    restricted to feasible candidates (ties: lowest index).
    """

    min_objectives = 1

    def _choose(self, cv_results, candidates, objectives):
        scores = np.asarray(cv_results[f"mean_test_{objectives[0].name}"], float)[
            candidates
        ]
        return candidates[int(np.argmax(scores))]
