"""The only module that imports scikit-learn private names.

Every private name sklearn_moo imports, every private attribute it reads and
every private hook it overrides is listed here, so that a scikit-learn upgrade
breaks in one place; ``tests/utils/test_sklearn_compat.py`` has a test for each.
The supported range starts at scikit-learn 1.7. Three things first appear in
1.9, and are detected once here (``HAS_CALLBACK_API``, ``FIT_AND_SCORE_TAKES_CALLER``):
the callback API (``sklearn.callback``, ``set_callbacks``, ``_run_search(...,
callback_ctx=...)``), ``_fit_and_score(..., caller=...)`` and
``_checked_cv_orig``. On 1.7 and 1.8, which are released and frozen:
``search_run_state`` reads the checked splitter and the number of splits
from ``BaseSearchCV.fit``'s ``evaluate_candidates`` closure (its free
variables ``cv_orig`` and ``n_splits``), ``_ScopedParallel`` (in place of the
module's ``Parallel`` while a search of ours runs) hands our search to our
``_fit_and_score`` hook as ``caller``, and ``callback_ctx`` is never passed.

Imported private names
    ``sklearn.base._fit_context``; ``sklearn.metrics._scorer._BaseScorer``,
    ``_MultimetricScorer``, ``_check_multimetric_scoring``;
    ``sklearn.model_selection._search.BaseSearchCV`` (public in practice, defined
    in a private module); ``sklearn.model_selection._validation._insert_error_scores``
    and ``_warn_or_raise_about_fit_failures``; ``sklearn.utils._param_validation``
    ``HasMethods``, ``Interval``, ``StrOptions``, ``validate_params``;
    ``sklearn.utils.metadata_routing._routing_enabled``.

Private attributes read
    ``BaseSearchCV._checked_cv_orig`` (the checked splitter, set in ``fit``
    before ``_run_search``), ``_MultimetricScorer._scorers``, a scorer's
    ``_sign``.

Private methods called
    ``BaseSearchCV._get_routed_params_for_fit(params)`` (the audit log splits
    its folds with the splitter's routed parameters, as ``fit`` does).

Private hooks overridden (model_selection/_search.py)
    ``BaseSearchCV._run_search(evaluate_candidates, *, callback_ctx=None)`` and
    the ``evaluate_candidates(candidate_params, cv=None, more_results=None,
    callback_ctx=None)`` it is given; ``_format_results``;
    ``_select_best_index`` (a static method); ``_check_refit_for_multimetric``.

Private hooks overridden (metrics/_base.py)
    ``_BaseScorer.__init__(score_func, sign, kwargs, response_method=...)``,
    ``_score(method_caller, estimator, X, y_true, **kwargs)``,
    ``_accept_sample_weight``, ``_get_metadata_request``.

Module globals replaced while a search of ours runs (see :func:`search_failure_scope`)
    ``sklearn.model_selection._search._warn_or_raise_about_fit_failures``,
    ``_insert_error_scores`` and ``_fit_and_score`` (called with
    ``caller=<the search>``), which ``BaseSearchCV.fit``'s ``evaluate_candidates``
    looks up at call time; ``_MultimetricScorer.__call__`` returning a failed
    scorer's formatted exception as a string when ``raise_exc`` is False.
"""

import contextlib
import copy
import inspect
import math
import numbers
import sys
import threading
import traceback

from sklearn.base import _fit_context
from sklearn.metrics._scorer import (
    _BaseScorer,
    _check_multimetric_scoring,
    _MultimetricScorer,
)
from sklearn.model_selection import _search as _sk_search
from sklearn.model_selection._search import BaseSearchCV
from sklearn.model_selection._validation import (
    _fit_and_score as _sk_fit_and_score,
)
from sklearn.model_selection._validation import (
    _insert_error_scores as _sk_insert_error_scores,
)
from sklearn.model_selection._validation import (
    _warn_or_raise_about_fit_failures as _sk_warn_or_raise_about_fit_failures,
)
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    StrOptions,
    validate_params,
)
from sklearn.utils.metadata_routing import _routing_enabled

# NOTE: detected once; see the module notes.
HAS_CALLBACK_API = (
    "callback_ctx" in inspect.signature(BaseSearchCV._run_search).parameters
)
FIT_AND_SCORE_TAKES_CALLER = "caller" in inspect.signature(_sk_fit_and_score).parameters

__all__ = [
    "BaseSearchCV",
    "FIT_AND_SCORE_TAKES_CALLER",
    "HAS_CALLBACK_API",
    "HasMethods",
    "Interval",
    "StrOptions",
    "_BaseScorer",
    "_MultimetricScorer",
    "_check_multimetric_scoring",
    "_fit_context",
    "_routing_enabled",
    "search_failure_scope",
    "search_run_state",
    "validate_params",
]


def search_run_state(search, evaluate_candidates) -> None:
    """Give ``search`` its checked splitter and ``n_splits_`` before ``_run_search`` works.

    scikit-learn 1.9 sets ``_checked_cv_orig`` and ``n_splits_`` itself; 1.7
    and 1.8 keep both in ``BaseSearchCV.fit``'s locals, which
    ``evaluate_candidates`` closes over.
    """
    if HAS_CALLBACK_API:
        return
    cells = dict(
        zip(evaluate_candidates.__code__.co_freevars, evaluate_candidates.__closure__)
    )
    search._checked_cv_orig = cells["cv_orig"].cell_contents
    search.n_splits_ = cells["n_splits"].cell_contents


class _SearchFailures:
    """Fits of one search across all its rounds, for scikit-learn's own verdict at the end."""

    def __init__(self, error_score):
        self.error_score = error_score
        self.results = []  # every fit's result dict, in order
        self.score_names = None  # known once a callable scoring returned a dict
        self.pending = []  # failed results whose scores await the names

    @property
    def n_fits(self) -> int:
        return len(self.results)

    @property
    def n_failed(self) -> int:
        return sum(r["fit_error"] is not None for r in self.results)

    def any_succeeded(self) -> bool:
        """Whether some fit succeeded (a callable scoring's names are known from it)."""
        return any(r["fit_error"] is None for r in self.results)

    def all_failed(self) -> bool:
        return bool(self.results) and self.n_failed == self.n_fits

    def n_scored(self, name: str) -> int:
        """Fits whose test score ``name`` was computed and finite (no fit or score error)."""
        count = 0
        for result in self.results:
            scores = result["test_scores"]
            score = scores.get(name) if isinstance(scores, dict) else scores
            errors = result.get("score_errors", {})
            if (
                result["fit_error"] is None
                and name not in errors
                and "score" not in errors
                and isinstance(score, numbers.Number)
                and math.isfinite(score)
            ):
                count += 1
        return count

    def first_score_errors(self) -> dict:
        """The first recorded exception text of each scorer that raised, by name."""
        first = {}
        for result in self.results:
            for name, text in result.get("score_errors", {}).items():
                first.setdefault(name, text)
        return first

    def finish(self):
        """scikit-learn's "All the N fits failed." error or "N fits failed out of a
        total of M." warning, once, over every fit of the search."""
        _sk_warn_or_raise_about_fit_failures(self.results, self.error_score)

    def fill_pending(self):
        if self.score_names is None:
            return
        for result in self.pending:
            result["test_scores"] = {n: self.error_score for n in self.score_names}
            if "train_scores" in result:
                result["train_scores"] = dict(result["test_scores"])
        self.pending.clear()


# Searches of ours being fitted, by id, and the lock that guards installing and
# restoring the hooks (reference-counted across threads).
_ACTIVE: dict[int, _SearchFailures] = {}
_LOCK = threading.Lock()


def _calling_search_state():
    """The failure state of the search whose ``evaluate_candidates`` called the hook.

    NOTE: decided by who is calling, not by a context variable: a GridSearchCV
    nested inside our estimator (or running in another thread) calls the same
    module global from its own ``evaluate_candidates``, whose ``self`` is not one
    of our active searches, and gets scikit-learn's behaviour unchanged.
    """
    frame = sys._getframe(2)  # hook -> _calling_search_state's caller's caller
    if frame.f_code.co_name != "evaluate_candidates":
        return None
    caller = frame.f_locals.get("self")
    return _ACTIVE.get(id(caller)) if caller is not None else None


def _scoped_warn_or_raise(results, error_score):
    # NOTE: BaseSearchCV calls this once per `evaluate_candidates` call and
    # raises "All the N fits failed" when one *round* failed completely. A
    # sequential search of ours records the round instead and gives
    # scikit-learn's own verdict over all its rounds (_SearchFailures.finish).
    state = _calling_search_state()
    if state is None:
        return _beneath("_warn_or_raise_about_fit_failures")(results, error_score)
    state.results.extend(results)


def _scoped_insert_error_scores(results, error_score):
    # With a callable scoring that returns a dict, scikit-learn fills the scores
    # of failed fits from a successful fit *of the same round*; when a whole
    # round failed we keep the failed results and fill them once names are known.
    state = _calling_search_state()
    if state is None:
        return _beneath("_insert_error_scores")(results, error_score)
    _sk_insert_error_scores(results, error_score)
    for result in results:
        if isinstance(result["test_scores"], dict) and state.score_names is None:
            state.score_names = list(result["test_scores"])
        elif not isinstance(result["test_scores"], dict):
            state.pending.append(result)
    state.fill_pending()


class _RecordingMultimetricScorer(_MultimetricScorer):
    """A copy of a multimetric scorer that notes which of its scorers raised."""

    def __call__(self, estimator, *args, **kwargs):
        scores = super().__call__(estimator, *args, **kwargs)
        for name, score in scores.items():
            if isinstance(score, str):  # scikit-learn's formatted exception
                self._errors.setdefault(name, score)
        return scores


def _recording(scorer, errors):
    """``scorer`` wrapped so that its exceptions land in ``errors`` ({name: text})."""
    if isinstance(scorer, _MultimetricScorer):
        recorder = copy.copy(scorer)
        recorder.__class__ = _RecordingMultimetricScorer
        recorder._errors = errors
        return recorder

    def record(*args, **kwargs):
        try:
            return scorer(*args, **kwargs)
        except Exception:
            errors.setdefault("score", traceback.format_exc())
            raise

    return record


def _scoped_fit_and_score(estimator, X, y, *, scorer, caller=None, **kwargs):
    # NOTE: runs in joblib workers too; ``caller`` (the search, pickled) says
    # whose fit this is. For our searches, scoring errors are recorded in the
    # result (``score_errors``), so a candidate scored with a finite
    # error_score is still known to have failed.
    if FIT_AND_SCORE_TAKES_CALLER:
        kwargs["caller"] = caller
    if not getattr(caller, "_records_score_errors", False):
        return _beneath("_fit_and_score")(estimator, X, y, scorer=scorer, **kwargs)
    logged = caller._logged_result(
        kwargs.get("parameters"), kwargs.get("split_progress")
    )
    if logged is not None:  # resuming: the audit log holds this fit's result
        return logged
    errors = {}
    result = _sk_fit_and_score(
        estimator, X, y, scorer=_recording(scorer, errors), **kwargs
    )
    result["score_errors"] = errors
    log_error = caller._log_fit(
        kwargs.get("parameters"), kwargs.get("split_progress"), result
    )
    if log_error is not None:  # the parent warns (a worker's warnings are not seen)
        result["log_error"] = log_error
    return result


class _ScopedParallel(_sk_search.Parallel):
    """scikit-learn 1.7 and 1.8: ``Parallel`` that adds ``caller=<our search>`` to each
    ``_fit_and_score`` task one of our searches' ``evaluate_candidates`` dispatches
    (1.9 passes it itself)."""

    def __call__(self, iterable):
        frame = sys._getframe(1)
        caller = (
            frame.f_locals.get("self")
            if frame.f_code.co_name == "evaluate_candidates"
            else None
        )
        if caller is None or id(caller) not in _ACTIVE:
            return super().__call__(iterable)

        def tasks():
            for func, args, kwargs in iterable:
                if getattr(func, "function", func) is _scoped_fit_and_score:
                    kwargs = {**kwargs, "caller": caller}
                yield func, args, kwargs

        return super().__call__(tasks())


_REPLACED: dict = {}  # what the hooks replaced, while any search of ours runs
_HOOKS = {
    "_warn_or_raise_about_fit_failures": _scoped_warn_or_raise,
    "_insert_error_scores": _scoped_insert_error_scores,
    "_fit_and_score": _scoped_fit_and_score,
}
_ORIGINALS = {
    "_warn_or_raise_about_fit_failures": _sk_warn_or_raise_about_fit_failures,
    "_insert_error_scores": _sk_insert_error_scores,
    "_fit_and_score": _sk_fit_and_score,
}
if not FIT_AND_SCORE_TAKES_CALLER:
    _HOOKS["Parallel"] = _ScopedParallel
    _ORIGINALS["Parallel"] = _sk_search.Parallel
_DELEGATING = threading.local()


def _beneath(name):
    """What a call that is not our search's goes to: the function our hook replaced
    (another tool's patch included), or scikit-learn's own.

    NOTE: a patch installed over our hook that calls what it replaced (our hook)
    reaches here; so may one that we replaced in turn. The thread-local flag
    sends such a second visit to scikit-learn's function instead of round again.
    """
    target = _REPLACED.get(name, _ORIGINALS[name])
    if target is _HOOKS[name] or getattr(_DELEGATING, "active", False):
        return _ORIGINALS[name]

    def delegate(*args, **kwargs):
        _DELEGATING.active = True
        try:
            return target(*args, **kwargs)
        finally:
            _DELEGATING.active = False

    return delegate


@contextlib.contextmanager
def search_failure_scope(search, error_score):
    """While ``search`` fits, its rounds' failures are recorded, not raised per round.

    Installs the two hooks into ``sklearn.model_selection._search`` when the
    first search of ours starts and restores scikit-learn's functions when the
    last one ends (in any thread). The hooks act only for calls made by this
    search's own ``evaluate_candidates``.

    Yields
    ------
    state : _SearchFailures
    """
    state = _SearchFailures(error_score)
    with _LOCK:
        if not _ACTIVE:
            # NOTE: restore what was there when we installed (another tool's patch
            # included), not the import-time functions.
            _REPLACED.update({name: getattr(_sk_search, name) for name in _HOOKS})
            for name, hook in _HOOKS.items():
                setattr(_sk_search, name, hook)
        _ACTIVE[id(search)] = state
    try:
        yield state
    finally:
        with _LOCK:
            _ACTIVE.pop(id(search), None)
            if not _ACTIVE:
                for name, previous in _REPLACED.items():
                    # NOTE: a patch installed over ours while we ran stays (its
                    # calls reach scikit-learn's function through our hook).
                    if getattr(_sk_search, name) is _HOOKS[name]:
                        setattr(_sk_search, name, previous)
                _REPLACED.clear()
