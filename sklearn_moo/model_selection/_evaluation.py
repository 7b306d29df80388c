"""The search's own evaluation loop: candidates x splits through scikit-learn's
``_fit_and_score``, called, never replaced.

:class:`Evaluation` is the ``evaluate_candidates`` that a search's
``_run_search`` receives (scikit-learn's contract: ``evaluate_candidates(
candidate_params, cv=None, more_results=None, callback_ctx=None)`` returns
every candidate's results so far). It lives for one ``fit``, in the parent
process: the fits a resumed audit log holds are answered from the log there,
the others are dispatched through joblib, each task carrying an estimator, the
data, its split and the scorers (the search only where scikit-learn's callback
API asks for it, as ``caller``), and each result is appended to the audit log
by the parent as it streams back, so a slow fit never delays the record of the
others. scikit-learn's failure verdict ("N fits failed out of a total of M",
"All the N fits failed") is given once for the whole search, over every round.
"""

from __future__ import annotations

import copy
import math
import numbers
import traceback
import warnings
from collections import defaultdict
from itertools import product

from joblib import delayed
from sklearn.base import clone

from ..exceptions import AuditLogWriteWarning
from ..utils._sklearn_compat import (
    FIT_AND_SCORE_TAKES_CALLER,
    _fit_and_score,
    _insert_error_scores,
    _MultimetricScorer,
    _warn_or_raise_about_fit_failures,
)

__all__ = ["Evaluation", "FixedSplits"]


class FixedSplits:
    """A splitter that replays folds computed once per search."""

    def __init__(self, splits):
        self.splits = splits

    def split(self, X=None, y=None, groups=None, **params):
        return iter(self.splits)

    def get_n_splits(self, X=None, y=None, groups=None, **params):
        return len(self.splits)


class Failures:
    """Fits of one search across all its rounds, for scikit-learn's verdict at the end."""

    def __init__(self, error_score, callable_scoring):
        self.error_score = error_score
        self.callable_scoring = callable_scoring
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

    def add(self, results) -> None:
        """A round's results. With a callable scoring that returns a dict, a failed fit's
        scores are filled with ``error_score`` under the names a successful fit
        returned, whichever round that was (scikit-learn fills them from a
        successful fit of the same call)."""
        self.results.extend(results)
        if not self.callable_scoring:
            return
        _insert_error_scores(results, self.error_score)
        for result in results:
            scores = result["test_scores"]
            if isinstance(scores, dict) and self.score_names is None:
                self.score_names = list(scores)
            elif not isinstance(scores, dict):
                self.pending.append(result)
        if self.score_names is not None:
            for result in self.pending:
                result["test_scores"] = {n: self.error_score for n in self.score_names}
                if "train_scores" in result:
                    result["train_scores"] = dict(result["test_scores"])
            self.pending.clear()

    def finish(self):
        """scikit-learn's "All the N fits failed." error or "N fits failed out of a
        total of M." warning, once, over every fit of the search."""
        _warn_or_raise_about_fit_failures(self.results, self.error_score)


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


def _fit_and_score_task(position, estimator, X, y, *, scorer, **kwargs):
    """One candidate on one split (in a worker): scikit-learn's ``_fit_and_score``,
    with the exceptions of each scorer recorded (``score_errors``), so that a
    candidate scored with a finite ``error_score`` is still known to have failed."""
    errors = {}
    result = _fit_and_score(
        estimator, X, y, scorer=_recording(scorer, errors), **kwargs
    )
    result["score_errors"] = errors
    return position, result


class Evaluation:
    """``evaluate_candidates`` for one fit of a search (see the module notes).

    Parameters
    ----------
    estimator : estimator
        The unfitted base estimator, cloned for each task.
    X, y : indexable
    splits : FixedSplits
        The folds, computed once; the default ``cv`` of every call.
    split_params : dict
        The splitter's routed parameters (for a ``cv`` given to a call).
    parallel : joblib.Parallel
        Entered by the caller; results return as they complete.
    fit_and_score_kwargs : dict
        What every ``_fit_and_score`` call takes (scorer, routed fit and score
        parameters, ``error_score``, ``verbose``, ...).
    format_results : callable
        ``format_results(candidate_params, n_splits, out, more_results)``: the
        search's ``_format_results``.
    failures : Failures
    audit : AuditSession or None
    caller : estimator or None
        Given to scikit-learn's callback API with each task that has a
        callback context (scikit-learn >= 1.9).
    announce : bool
        Print scikit-learn's "Fitting k folds for each of n candidates" line.
    callbacks : list of callables or None
        The user's scikit-optimize callbacks (the strategy calls them).

    Attributes
    ----------
    results : dict
        Every finished round's results, formatted (kept if the fit stops).
    subspace_of : list of int
        The subspace of each candidate so far (the strategy appends to it).

    NOTE: this is the fit's state (the data, every result, the callbacks), so
    it is never stored on the search, which scikit-learn >= 1.9 pickles into
    every task as ``caller``.
    """

    def __init__(
        self,
        *,
        estimator,
        X,
        y,
        splits,
        split_params,
        parallel,
        fit_and_score_kwargs,
        format_results,
        failures,
        audit=None,
        caller=None,
        announce=False,
        callbacks=None,
    ):
        self.estimator = estimator
        self.X, self.y = X, y
        self.splits = splits
        self.split_params = split_params
        self.parallel = parallel
        self.kwargs = fit_and_score_kwargs
        self.format_results = format_results
        self.failures = failures
        self.audit = audit
        self.caller = caller
        self.announce = announce
        self.candidate_params, self.out = [], []
        self.more_results = defaultdict(list)
        self.results = {}  # every finished round's results, formatted
        self.round_out = []  # the last round's fit results, in candidate-major order
        self.subspace_of = []
        self.callbacks = callbacks or []

    @property
    def n_splits(self) -> int:
        return len(self.splits.splits)

    def __call__(self, candidate_params, cv=None, more_results=None, callback_ctx=None):
        candidates = list(candidate_params)
        splits = list((cv or self.splits).split(self.X, self.y, **self.split_params))
        if len(splits) != self.n_splits:
            raise ValueError(
                "cv.split and cv.get_n_splits return inconsistent results. Expected "
                f"{self.n_splits} splits, got {len(splits)}"
            )
        if self.announce:
            print(
                f"Fitting {self.n_splits} folds for each of {len(candidates)} candidates,"
                f" totalling {len(candidates) * self.n_splits} fits"
            )
        out = self._run(candidates, splits, callback_ctx)
        if len(out) < 1:
            raise ValueError(
                "No fits were performed. Was the CV iterator empty? "
                "Were there no candidates?"
            )
        self.failures.add(out)
        self.candidate_params.extend(candidates)
        self.out.extend(out)
        for key, value in (more_results or {}).items():
            self.more_results[key].extend(value)
        self.round_out = out
        self.results = self.format_results(
            self.candidate_params, self.n_splits, self.out, self.more_results
        )
        return self.results

    def _run(self, candidates, splits, callback_ctx):
        """Every candidate on every split, in candidate-major order; logged fits are read
        from the log, the others dispatched and logged as each one returns."""
        pairs = list(product(enumerate(candidates), enumerate(splits)))
        # NOTE: callback sub-contexts are built before dispatch, as scikit-learn
        # does: built in a worker, they would not reach the parent's tree.
        contexts = (
            [None] * len(pairs)
            if callback_ctx is None
            else [
                callback_ctx.subcontext(
                    task_name="candidate-split-evaluation", task_id=k
                )
                for k in range(len(pairs))
            ]
        )
        out, tasks = [None] * len(pairs), []
        for k, (((c, params), (s, (train, test))), context) in enumerate(
            zip(pairs, contexts)
        ):
            logged = None if self.audit is None else self.audit.lookup(params, s)
            if logged is not None:
                out[k] = logged
                continue
            extra = {}
            if FIT_AND_SCORE_TAKES_CALLER and context is not None:
                extra = {"caller": self.caller, "callback_ctx": context}
            tasks.append(
                delayed(_fit_and_score_task)(
                    k,
                    clone(self.estimator),
                    self.X,
                    self.y,
                    train=train,
                    test=test,
                    parameters=params,
                    split_progress=(s, len(splits)),
                    candidate_progress=(c, len(candidates)),
                    **self.kwargs,
                    **extra,
                )
            )
        unwritten = []
        for k, result in self.parallel(tasks) if tasks else ():
            out[k] = result
            if self.audit is not None:
                params, split = pairs[k][0][1], pairs[k][1][0]
                error = self.audit.log_fit(params, split, result)
                if error is not None:
                    unwritten.append(error)
        if unwritten:
            self._warn_unwritten(unwritten)
        return out

    def _warn_unwritten(self, errors):
        warnings.warn(
            f"audit_log={self.audit.log.path!r}: {len(errors)} fit record(s) could not be "
            f"written ({errors[0]}); the log was cut back to its last whole record, and "
            "the round's candidate records will hold those fits.",
            AuditLogWriteWarning,
            stacklevel=4,
        )
