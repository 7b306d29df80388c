"""The only module that imports scikit-learn private names.

Every private import and every override of a private scikit-learn hook used by
sklearn_moo is named here, so that a scikit-learn upgrade breaks in one place;
``tests/utils/test_sklearn_compat.py`` checks the signatures we rely on.
"""

import contextlib
import contextvars
import re
import warnings

from sklearn.base import _fit_context
from sklearn.exceptions import FitFailedWarning
from sklearn.metrics._scorer import (
    _check_multimetric_scoring,
    _MultimetricScorer,
    _BaseScorer,
)
from sklearn.model_selection import _search as _sk_search
from sklearn.model_selection._search import BaseSearchCV
from sklearn.model_selection._validation import (
    _insert_error_scores as _sk_insert_error_scores,
    _warn_or_raise_about_fit_failures as _sk_warn_or_raise_about_fit_failures,
)
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    StrOptions,
    validate_params,
)
from sklearn.utils.metadata_routing import _routing_enabled

__all__ = [
    "BaseSearchCV",
    "HasMethods",
    "Interval",
    "StrOptions",
    "_BaseScorer",
    "_MultimetricScorer",
    "_check_multimetric_scoring",
    "_fit_context",
    "_routing_enabled",
    "lenient_round_failures",
    "validate_params",
]


class _RoundFailureState:
    """Book-keeping for one search: which fits failed, across all rounds."""

    def __init__(self, error_score):
        self.error_score = error_score
        self.n_fits = 0
        self.n_failed = 0
        self.errors = set()  # each distinct formatted error
        self.score_names = None  # known once a callable scoring returned a dict
        self.pending = []  # failed results whose scores await the names

    def fill_pending(self):
        if self.score_names is None:
            return
        for result in self.pending:
            result["test_scores"] = {n: self.error_score for n in self.score_names}
            if "train_scores" in result:
                result["train_scores"] = dict(result["test_scores"])
        self.pending.clear()


_ACTIVE_STATE = contextvars.ContextVar("sklearn_moo_round_failures", default=None)


def _lenient_warn_or_raise(results, error_score):
    # NOTE: BaseSearchCV calls this once per `evaluate_candidates` call and
    # raises "All the N fits failed" when one *round* failed completely. A
    # sequential search must only raise when every fit of the whole search
    # failed, so while a search is active we count and warn, and the search
    # raises at its end (see `lenient_round_failures`).
    state = _ACTIVE_STATE.get()
    if state is None:
        return _sk_warn_or_raise_about_fit_failures(results, error_score)
    failed = [r for r in results if r["fit_error"] is not None]
    state.n_fits += len(results)
    state.n_failed += len(failed)
    if failed:
        state.errors.update(str(r["fit_error"]) for r in failed)
        errors = sorted({_last_exception_line(r["fit_error"]) for r in failed})
        warnings.warn(
            f"{len(failed)} fits failed out of {len(results)} in this round; their "
            f"scores are set to error_score={error_score!r}. Errors: {errors}",
            FitFailedWarning,
            stacklevel=2,
        )


def _last_exception_line(text):
    """The ``SomeError: message`` line of a formatted traceback."""
    lines = [line for line in str(text).strip().splitlines() if line and not line[0].isspace()]
    for line in reversed(lines):
        if re.match(r"^[\w.]+(Error|Exception|Interrupt|Warning)\b", line):
            return line
    return lines[-1] if lines else str(text)


def _lenient_insert_error_scores(results, error_score):
    # With a callable scoring that returns a dict, scikit-learn fills the scores
    # of failed fits from a successful fit *of the same round*; when a whole
    # round failed we keep the failed results and fill them once names are known.
    state = _ACTIVE_STATE.get()
    _sk_insert_error_scores(results, error_score)
    if state is None:
        return
    for result in results:
        if isinstance(result["test_scores"], dict) and state.score_names is None:
            state.score_names = list(result["test_scores"])
        elif not isinstance(result["test_scores"], dict):
            state.pending.append(result)
    state.fill_pending()


_installed = False


def _install_hooks():
    global _installed
    if not _installed:
        _sk_search._warn_or_raise_about_fit_failures = _lenient_warn_or_raise
        _sk_search._insert_error_scores = _lenient_insert_error_scores
        _installed = True


@contextlib.contextmanager
def lenient_round_failures(error_score):
    """Within this context, a completely failed round does not abort a search.

    The hooks delegate to scikit-learn's own functions unless a search of ours
    is active in the current context, so other searches are unaffected.

    Yields
    ------
    state : object
        Counts ``n_fits`` and ``n_failed`` over the whole search.
    """
    _install_hooks()
    state = _RoundFailureState(error_score)
    token = _ACTIVE_STATE.set(state)
    try:
        yield state
    finally:
        _ACTIVE_STATE.reset(token)
