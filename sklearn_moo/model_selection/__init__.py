"""Model selection: the multi-objective searches.

Data flows one way: search space -> the strategy proposes candidates -> the
evaluation runs them -> ``cv_results_`` with Pareto and feasibility columns ->
the refit policy picks one -> refit, reports. The modules, one job each:

- ``_base.py``: the abstract base of both searches, a ``BaseSearchCV`` that
  owns ``fit`` (validation before any fit, routing, folds computed once,
  selection, one refit shared with ``reselect``) and adds the Pareto columns
  in one place (``_format_results``);
- ``_search.py``: ``MultiObjectiveSearchCV``, whose ``_run_search`` walks a
  grid or runs the engine's ask -> evaluate -> tell rounds;
- ``_halving.py``: ``MultiObjectiveHalvingSearchCV``, whose ``_run_search``
  runs successive-halving rungs;
- ``_evaluation.py``: the ``evaluate_candidates`` both receive: candidates x
  splits through scikit-learn's ``_fit_and_score`` (called, never replaced),
  results streamed back, the failure verdict once per search;
- ``_audit.py``, ``_audited.py``, ``_identity.py``, ``_lock.py``: the audit
  log (records, resume, the identities a resume compares, one writer);
- ``_fitted.py``: what a fitted search offers (``reselect``, tables, reports);
- ``_bayes_compat.py``: what a scikit-optimize ``BayesSearchCV`` user brings.
"""

from ._halving import MultiObjectiveHalvingSearchCV
from ._search import MultiObjectiveSearchCV

__all__ = ["MultiObjectiveHalvingSearchCV", "MultiObjectiveSearchCV"]
