"""Budgets and early stopping for a search, on scikit-learn's ``sklearn.callback`` protocol.

Set them with ``search.set_callbacks(...)``; they act on the search's rounds
(the "round" tasks a Bayesian search opens, one per ``evaluate_candidates``
call) and stop the search cleanly: everything evaluated stays in
``cv_results_`` and the refit happens as usual. They need scikit-learn 1.9 or
newer, which has the callback API; on 1.7 and 1.8 the search has no
``set_callbacks``, and ``fit(X, y, callback=...)`` (scikit-optimize's contract)
is the way to stop a search.
"""

from ._budgets import NoImprovementStopper, WallTimeBudget

__all__ = ["NoImprovementStopper", "WallTimeBudget"]
