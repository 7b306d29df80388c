"""Budgets and early stopping for a search, on scikit-learn's ``sklearn.callback`` protocol.

Set them with ``search.set_callbacks(...)``; they act on the search's rounds
(the "round" tasks a Bayesian search opens, one per ``evaluate_candidates``
call) and stop the search cleanly: everything evaluated stays in
``cv_results_`` and the refit happens as usual.
"""

from ._budgets import NoImprovementStopper, WallTimeBudget

__all__ = ["NoImprovementStopper", "WallTimeBudget"]
