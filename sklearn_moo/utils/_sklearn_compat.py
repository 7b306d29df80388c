"""The only module that imports scikit-learn private names.

Every private name sklearn_moo imports, calls or reads and every private hook
it overrides is listed here, so that a scikit-learn upgrade breaks in one
place; ``tests/utils/test_sklearn_compat.py`` has a test for each. Nothing of
scikit-learn is replaced at run time, and nothing reads its frames or closures:
the searches own their ``fit`` and their evaluation loop
(``model_selection/_evaluation.py``) and *call* scikit-learn's functions.

The supported range starts at scikit-learn 1.7. Two things first appear in
1.9, and are detected once here: the callback API (``HAS_CALLBACK_API``:
``sklearn.callback``, ``set_callbacks``, ``_init_callback_context``,
``_run_search(..., callback_ctx=...)``) and ``_fit_and_score(..., caller=...,
callback_ctx=...)`` (``FIT_AND_SCORE_TAKES_CALLER``). On 1.7 and 1.8 no
callback context exists, and the tasks carry none.

Imported private names
    ``sklearn.base._fit_context``; ``sklearn.metrics._scorer._BaseScorer``,
    ``_MultimetricScorer``, ``_check_multimetric_scoring``;
    ``sklearn.model_selection._search.BaseSearchCV`` (public in practice, defined
    in a private module); ``sklearn.utils._param_validation`` ``HasMethods``,
    ``Interval``, ``StrOptions``, ``validate_params``;
    ``sklearn.utils.metadata_routing._routing_enabled``.

Private functions called
    ``sklearn.model_selection._validation._fit_and_score`` (one candidate on one
    split, in each task), ``_insert_error_scores`` (a callable scoring's failed
    fits) and ``_warn_or_raise_about_fit_failures`` (the verdict, once per
    search); ``sklearn.utils.validation._check_method_params`` (fit parameters
    made indexable, as ``BaseSearchCV.fit`` does).

Private attributes read
    ``_MultimetricScorer._scorers``, a scorer's ``_sign``.

Private methods called
    ``BaseSearchCV._get_scorers()``, ``_get_routed_params_for_fit(params)``,
    ``_check_refit_for_multimetric(scores)`` and ``_format_results(...)``;
    ``_init_callback_context(max_subtasks=...)`` (1.9).

Private hooks overridden (model_selection/_search.py)
    ``BaseSearchCV._run_search(evaluate_candidates, *, callback_ctx=None)``
    (called with our own ``evaluate_candidates``, which keeps scikit-learn's
    signature); ``_format_results``; ``_select_best_index`` (a static method);
    ``_check_refit_for_multimetric``.

Private hooks overridden (metrics/_base.py and model_selection/_evaluation.py)
    ``_BaseScorer.__init__(score_func, sign, kwargs, response_method=...)``,
    ``_score(method_caller, estimator, X, y_true, **kwargs)``,
    ``_accept_sample_weight``, ``_get_metadata_request``; a subclass of
    ``_MultimetricScorer`` whose ``__call__`` notes which scorer returned a
    formatted exception (``raise_exc=False``).
"""

import inspect

from sklearn.base import _fit_context
from sklearn.metrics._scorer import (
    _BaseScorer,
    _check_multimetric_scoring,
    _MultimetricScorer,
)
from sklearn.model_selection._search import BaseSearchCV
from sklearn.model_selection._validation import (
    _fit_and_score,
    _insert_error_scores,
    _warn_or_raise_about_fit_failures,
)
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    StrOptions,
    validate_params,
)
from sklearn.utils.metadata_routing import _routing_enabled
from sklearn.utils.validation import _check_method_params

# NOTE: detected once; see the module notes.
HAS_CALLBACK_API = (
    "callback_ctx" in inspect.signature(BaseSearchCV._run_search).parameters
)
FIT_AND_SCORE_TAKES_CALLER = "caller" in inspect.signature(_fit_and_score).parameters

__all__ = [
    "BaseSearchCV",
    "FIT_AND_SCORE_TAKES_CALLER",
    "HAS_CALLBACK_API",
    "HasMethods",
    "Interval",
    "StrOptions",
    "_BaseScorer",
    "_MultimetricScorer",
    "_check_method_params",
    "_check_multimetric_scoring",
    "_fit_and_score",
    "_fit_context",
    "_insert_error_scores",
    "_routing_enabled",
    "_warn_or_raise_about_fit_failures",
    "validate_params",
]
