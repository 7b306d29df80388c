"""The abstract base of both searches: ``fit``, evaluation, selection and refit.

:class:`_BaseMultiObjectiveSearch` is a ``BaseSearchCV`` that owns ``fit``:
validation before any fit, routing, the folds computed once, the evaluation
loop (``_evaluation.py``), the failure verdict for the whole search, the
Pareto and feasibility columns of ``cv_results_`` (``_format_results``),
selection by the refit policy and one refit shared with ``reselect``. Each
search supplies its space's validation and ``_run_search``: the grid and the
engine's rounds (``_search.py``), successive halving's rungs (``_halving.py``).
"""

from __future__ import annotations

import contextlib
import copy
import inspect
import os
import time
from abc import abstractmethod

import numpy as np
from joblib import Parallel
from sklearn.base import clone, is_classifier
from sklearn.exceptions import FitFailedWarning
from sklearn.model_selection import check_cv
from sklearn.utils import get_tags, indexable

from .._objectives import (
    Objective,
    describe_objectives,
    parse_constraints,
    parse_reference_point,
)
from .._report import explain_choice
from .._results import (
    describe_violations,
    failed_mask,
    hypervolume_history,
    objective_names,
    pareto_columns,
    within_noise_mask,
)
from ..engine import result_space
from ..exceptions import (
    NoFeasibleCandidateWarning,
    NonFiniteScoreWarning,
)
from ..policies import BaseRefitPolicy, WeightedSum
from ..policies._best_feasible import _BestFeasible
from ..utils._errors import exception_type, last_exception_line
from ..utils._sklearn_compat import (
    HAS_CALLBACK_API,
    BaseSearchCV,
    _check_method_params,
    _fit_context,
    _MultimetricScorer,
    _routing_enabled,
)
from ..utils._warnings import warn_at_caller
from ._audited import _AuditedSearchMixin
from ._bayes_compat import (
    check_callbacks,
    optimize_result,
    run_callbacks,
)
from ._evaluation import Evaluation, Failures, FixedSplits
from ._fitted import _FittedSearchMixin

__all__ = []


# The three spellings of the search space: scikit-optimize's, GridSearchCV's and
# RandomizedSearchCV's. Exactly one is given; set_params with one clears the others.
_SPACE_ARGUMENTS = ("search_spaces", "param_grid", "param_distributions")


# Set by fit (or half-set by an interrupted fit); removed before each fit and
# after an exception, so that an object never shows a best_* of another fit.
_FITTED_ATTRIBUTES = (
    "best_index_",
    "best_params_",
    "best_score_",
    "best_estimator_",
    "refit_time_",
    "feature_names_in_",
    "cv_results_",
    "pareto_front_",
    "refit_policy_",
    "refit_explanation_",
    "hypervolume_history_",
    "optimizer_results_",
)


def _subtask(parent, search, name, size, *, sequential):
    """A callback sub-task of ``parent`` (None without a context), begun."""
    if parent is None:
        return None
    return parent.subcontext(
        task_name=name, max_subtasks=size, sequential_subtasks=sequential
    ).call_on_fit_task_begin(estimator=search)


def _end_task(context, search, results=None) -> bool:
    """End a callback task; True when a callback asks to stop.

    With ``results``, callbacks that ask for ``fitted_estimator`` get a copy of
    the search whose ``cv_results_`` holds every candidate so far.
    """
    if context is None:
        return False
    attributes = None if results is None else (lambda: {"cv_results_": results})
    return bool(
        context.call_on_fit_task_end(
            estimator=search, reconstruction_attributes=attributes
        )
    )


def _single_scorer_name(scorers):
    """The name of the one scorer of a ``scoring`` dict or list of one, else None."""
    if isinstance(scorers, _MultimetricScorer) and len(scorers._scorers) == 1:
        return next(iter(scorers._scorers))
    return None


def _raised(out, n_candidates, n_splits):
    """Per candidate, whether a fit or a scorer raised on some fold (its own errors,
    not its scores: with error_score=0.0 a failure scores 0.0)."""
    return (
        np.array(
            [r["fit_error"] is not None or bool(r.get("score_errors")) for r in out],
            dtype=bool,
        )
        .reshape(n_candidates, n_splits)
        .any(axis=1)
    )


class _BaseMultiObjectiveSearch(_AuditedSearchMixin, _FittedSearchMixin, BaseSearchCV):
    """What :class:`~sklearn_moo.MultiObjectiveSearchCV` and
    :class:`~sklearn_moo.MultiObjectiveHalvingSearchCV` share (see the module notes).

    Subclasses declare their own ``__init__`` (their parameters only) and
    ``_parameter_constraints`` (this class's, plus their own).
    """

    _fitted_attributes = _FITTED_ATTRIBUTES
    # What one fit works with and no fitted search keeps (the search's private
    # state after fit: _objectives and _constraint_list for the reports and
    # reselect, _scored_objective for score, _audit for reselect's record).
    _per_fit_attributes = (
        "_engine_options", "_grid_mode", "_planned", "_policy", "_progress",
        "_reference", "_rounds_done", "_seeds", "_space", "_specs",
    )  # fmt: skip
    _keeps_optimizer_results = True

    _parameter_constraints: dict = {
        **BaseSearchCV._parameter_constraints,
        "search_spaces": [dict, list, None],
        "param_grid": [dict, list, None],
        "param_distributions": [dict, list, None],
        "constraints": [None, str, list, dict],
        "random_state": ["random_state"],
        "audit_log": [None, str, os.PathLike],
        "resume_other_versions": ["boolean"],
    }

    # -------------------------------------------- what each search supplies
    @abstractmethod
    def _check_spaces(self):
        """Validate the search space; sets ``_space``, ``_specs`` and ``_grid_mode``."""

    @abstractmethod
    def _draw_seeds(self):
        """The seeds of one fit (a resumed audit log brings its own)."""

    @abstractmethod
    def _audit_mode(self):
        """The kind of search, which a resumed log must share."""

    @abstractmethod
    def _run_search(self, evaluate_candidates, *, callback_ctx=None):
        """Propose candidates and evaluate them (scikit-learn's strategy hook)."""

    @abstractmethod
    def _mimics_sklearn(self):
        """Whether scikit-learn's own behaviour holds alone (warnings, no early raise)."""

    def _check_search_options(self):
        """Validate the search's own options, before any fit (none here)."""

    def _reference_point(self):
        """The ``reference_point`` parameter, for a search that has one."""
        return None

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # A search supports the targets its estimator supports (e.g. multi-output).
        tags.target_tags = copy.deepcopy(get_tags(self.estimator).target_tags)
        return tags

    def set_params(self, **params):
        """Set parameters; setting one spelling of the space clears the other two.

        Parameters
        ----------
        **params : dict
            Estimator parameters.

        Returns
        -------
        self : object
        """
        given = [name for name in _SPACE_ARGUMENTS if name in params]
        if len(given) == 1:
            params.update({name: None for name in _SPACE_ARGUMENTS if name != given[0]})
        return super().set_params(**params)

    # ------------------------------------------------------------ validation
    def _space_argument(self):
        """``(name, value)`` of the one spelling of the search space that was given."""
        given = [
            (name, getattr(self, name))
            for name in _SPACE_ARGUMENTS
            if getattr(self, name) is not None
        ]
        if len(given) != 1:
            names = [name for name, _ in given]
            raise TypeError(
                "Give the search space exactly once, as search_spaces (scikit-optimize's "
                "name), param_grid (GridSearchCV's) or param_distributions "
                f"(RandomizedSearchCV's); got {names or 'none of them'}."
            )
        return given[0]

    def _check_refit_for_multimetric(self, scores):
        # NOTE: scikit-learn rejects refit=True with several scorers (in fit and
        # in get_metadata_routing); here it means the default policy.
        if self.refit is True:
            return
        try:
            super()._check_refit_for_multimetric(scores)
        except ValueError as e:
            raise ValueError(
                f"{e} The scorers in scoring are {list(scores)}."
            ) from None

    def _objectives_from_scorers(self):
        """Objectives known before any fit (None for a callable scoring)."""
        if callable(self.scoring) and not isinstance(self.scoring, str):
            return None
        scorers, _ = self._get_scorers()
        if isinstance(scorers, _MultimetricScorer):
            return describe_objectives(scorers._scorers)
        return describe_objectives({"score": scorers})

    def _prepare(self, objectives):
        """Validate everything that names scorers; runs before any fit when it can."""
        self._objectives = objectives
        self._constraint_list = parse_constraints(self.constraints, objectives)
        self._reference = parse_reference_point(self._reference_point(), objectives)
        names = [o.name for o in objectives]
        policy = self.refit
        if policy is True and len(objectives) > 1:
            policy = WeightedSum()
        elif policy is True and self._constraint_list:
            policy = _BestFeasible()
        if isinstance(policy, BaseRefitPolicy):
            self._policy = policy._bind(objectives, self._constraint_list)
        elif callable(policy):
            self._policy = policy
        else:
            # NOTE: with one scorer, GridSearchCV takes any string refit as True.
            self._policy = (
                _BestFeasible()._bind(objectives, self._constraint_list)
                if isinstance(policy, str)
                and len(objectives) == 1
                and self._constraint_list
                else None
            )
            if isinstance(policy, str) and len(objectives) > 1 and policy not in names:
                raise ValueError(
                    f"refit={policy!r} is not a scorer name; the scorers in "
                    f"scoring are {names}."
                )

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y=None, *, groups=None, callback=None, **params):
        """Run the search, then refit the candidate the refit policy picks.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs), default=None
        groups : array-like of shape (n_samples,), default=None
            Group labels for the splitter, as in ``GridSearchCV``.
        callback : callable or list of callables, default=None
            scikit-optimize's callback contract: each is called after every
            round with the ``OptimizeResult`` of the round's subspace so far
            (see ``optimizer_results_``; a grid is one round, given the result
            of its last subspace); one that returns True stops the search after
            that round, and the refit happens as usual.
        **params : dict
            Passed to the estimator's ``fit``, the scorers and the splitter, as
            in ``GridSearchCV`` (e.g. ``sensitive_features`` with metadata routing).

        Returns
        -------
        self : object

        Notes
        -----
        An exception that escapes the search after its first finished round
        (a ``KeyboardInterrupt`` included, in a round, in a proposal or in the
        refit) leaves ``cv_results_`` with every finished round and no
        ``best_*`` attribute, warns what was kept, and propagates:
        :meth:`reselect` then refits from what was kept. A grid is one round,
        as in ``GridSearchCV``, so an interrupted grid keeps nothing.
        """
        # NOTE: scorers first, as in GridSearchCV: an estimator without `score`
        # and no scoring is a TypeError whatever the data.
        if groups is not None:
            params["groups"] = groups
        callbacks = check_callbacks(callback)
        objectives = self._objectives_from_scorers()
        if y is None and get_tags(self.estimator).target_tags.required:
            raise ValueError(
                f"{type(self.estimator).__name__} requires y to be passed, but "
                "the target y is None."
            )
        self._check_spaces()
        self._check_search_options()
        self._objectives = None
        self._constraint_list = []
        self._reference = None
        self._policy = None
        if objectives is not None:
            self._prepare(objectives)
        self._check_scorer_metadata(X, params)
        for name in self._fitted_attributes:
            self.__dict__.pop(name, None)
        self._check_fit_inputs(X, y, params)
        self._seeds = self._draw_seeds()
        self._start_audit(X, y, params)
        try:
            self._fit_and_refit(X, y, params, callbacks)
        finally:
            if self._audit is not None:
                self._audit.close()  # the log is free for another search
            for name in self._per_fit_attributes:
                self.__dict__.pop(name, None)  # a fitted search keeps what it documents
        return self

    def _check_fit_inputs(self, X, y, params):
        """Checks that need the data, before any fit (none here; see the halving search)."""

    def _fit_and_refit(self, X, y, params, callbacks):
        """What ``BaseSearchCV.fit`` does, with our evaluation loop (``_evaluation.py``).

        NOTE: owned here, so that no scikit-learn function is replaced while a
        search runs; scikit-learn's own test suites (benchmarks/) are the contract.
        The evaluation is this fit's state (data, results, the user's callbacks)
        and is never stored on the search: on scikit-learn >= 1.9 every task
        pickles the search as its ``caller``.
        """
        self._progress, self._rounds_done = self.verbose == 1, 0
        scorers, refit_metric = self._get_scorers()
        # NOTE: scoring={"acc": ...} with refit=True: one objective, so the refit
        # is its best, as with scoring="accuracy" (GridSearchCV refuses it).
        only = _single_scorer_name(scorers)
        if refit_metric is True and only is not None:
            refit_metric = only
        X, y = indexable(X, y)
        params = _check_method_params(X, params=params)
        routed = self._get_routed_params_for_fit(params)
        split_params = dict(routed.splitter.split)
        weight = params.get("sample_weight")
        metadata = None if weight is None else {"sample_weight": weight}
        root_ctx = None
        if HAS_CALLBACK_API:
            root_ctx = self._init_callback_context(
                max_subtasks=1 + (self.refit is not False)
            ).call_on_fit_task_begin(estimator=self, X=X, y=y, metadata=metadata)
        cv = check_cv(self.cv, y, classifier=is_classifier(self.estimator))
        self.n_splits_ = cv.get_n_splits(X, y, **split_params)
        splits = list(cv.split(X, y, **split_params))
        self._open_audit(splits)
        base = clone(self.estimator)
        failures = Failures(self.error_score, callable(self.scoring))
        with Parallel(
            n_jobs=self.n_jobs,
            pre_dispatch=self.pre_dispatch,
            return_as="generator_unordered",
        ) as parallel:
            evaluation = Evaluation(
                estimator=base, X=X, y=y, splits=FixedSplits(splits),
                split_params=split_params, parallel=parallel,
                fit_and_score_kwargs=self._fit_and_score_kwargs(scorers, routed),
                format_results=self._format_results, failures=failures,
                audit=self._audit, caller=self, announce=self.verbose > 1,
                callbacks=callbacks,
            )  # fmt: skip
            try:
                self._run_search_with(evaluation, root_ctx)
                self._select_and_refit(
                    evaluation, refit_metric, X, y, routed, root_ctx, metadata
                )
            except BaseException as error:
                self._keep_finished_rounds(error, evaluation)
                raise
            finally:
                if self._audit is not None:
                    self._audit.replay.clear()
        self.scorer_ = (
            scorers._scorers if isinstance(scorers, _MultimetricScorer) else scorers
        )
        self.cv_results_ = evaluation.results
        if root_ctx is not None:
            root_ctx.call_on_fit_task_end(estimator=self, X=X, y=y, metadata=metadata)
        self._finish(evaluation)
        if only is not None and self.refit is True and self._policy is None:
            self._scored_objective = only  # score() with that scorer
        self._log_decision("refit")

    def _fit_and_score_kwargs(self, scorers, routed):
        return dict(
            scorer=scorers,
            fit_params=routed.estimator.fit,
            score_params=routed.scorer.score,
            return_train_score=self.return_train_score,
            return_n_test_samples=True,
            return_times=True,
            return_parameters=False,
            error_score=self.error_score,
            verbose=self.verbose,
        )

    def _run_search_with(self, evaluation, root_ctx):
        # NOTE: as BaseSearchCV.fit: a subclass's _run_search may not take a context.
        if "callback_ctx" in inspect.signature(self._run_search).parameters:
            self._run_search(evaluation, callback_ctx=root_ctx)
        else:
            self._run_search(evaluation)

    def _select_and_refit(
        self, evaluation, refit_metric, X, y, routed, root_ctx, metadata
    ):
        """``best_*`` and the refit, as ``BaseSearchCV.fit`` sets them."""
        results = evaluation.results
        first_test_score = evaluation.out[0]["test_scores"]
        self.multimetric_ = isinstance(first_test_score, dict)
        if callable(self.scoring) and self.multimetric_:
            self._check_refit_for_multimetric(first_test_score)
            refit_metric = self.refit
        if self.refit or not self.multimetric_:
            self.best_index_ = self._select_best_index(
                self.refit, refit_metric, results
            )
            key = f"mean_test_{refit_metric}"
            if not callable(self.refit) and key in results:
                self.best_score_ = results[key][self.best_index_]
            self.best_params_ = results["params"][self.best_index_]
        if self.refit:
            self.best_estimator_, self.refit_time_ = self._refit(
                self.best_params_, X, y, routed.estimator.fit, root_ctx, metadata
            )
            if hasattr(self.best_estimator_, "feature_names_in_"):
                self.feature_names_in_ = self.best_estimator_.feature_names_in_

    def _refit(self, best_params, X, y, fit_params, root_ctx=None, metadata=None):
        """The refitted estimator and its fit time (shared by ``fit`` and ``reselect``).

        NOTE: the parameters are cloned too: they may be estimators (a pipeline
        step searched over), scikit-learn#26786.
        """
        estimator = clone(self.estimator).set_params(**clone(best_params, safe=False))
        context = None
        if root_ctx is not None:
            context = root_ctx.subcontext(task_name="refit-with-best-params")
        with (
            contextlib.nullcontext()
            if context is None
            else context.propagate_callback_context(estimator)
        ):
            if context is not None:
                context.call_on_fit_task_begin(
                    estimator=self, X=X, y=y, metadata=metadata
                )
            start = time.time()
            if y is not None:
                estimator.fit(X, y, **fit_params)
            else:
                estimator.fit(X, **fit_params)
            refit_time = time.time() - start
        if context is not None:
            context.call_on_fit_task_end(estimator=self, X=X, y=y, metadata=metadata)
        return estimator, refit_time

    def _check_scorer_metadata(self, X, params):
        """Fail fast: a scorer that cannot get the metadata it needs raises its own error."""
        if callable(self.scoring) and not isinstance(self.scoring, str):
            return
        scorers, _ = self._get_scorers()
        for scorer in (
            scorers._scorers.values()
            if isinstance(scorers, _MultimetricScorer)
            else [scorers]
        ):
            check = getattr(scorer, "_check_fit_metadata", None)
            if check is not None:
                check(X, params, routing_enabled=_routing_enabled())

    def _keep_finished_rounds(self, error, evaluation):
        """After an exception: keep the finished rounds, drop every half-set ``best_*``."""
        failures, results = evaluation.failures, evaluation.results or None
        for name in self._fitted_attributes:
            self.__dict__.pop(name, None)
        if results is None or not len(results["params"]) or self._objectives is None:
            return
        self.cv_results_ = results
        self._finish(evaluation, refitted=False)
        if failures.all_failed() or (
            self._grid_mode and not isinstance(error, KeyboardInterrupt)
        ):
            return  # the error says it all, as in GridSearchCV
        warn_at_caller(
            f"The search stopped ({type(error).__name__}) after {len(results['params'])} "
            "candidates. cv_results_ keeps every finished round and no model was refitted; "
            "call reselect(policy, X, y) to refit one of them.",
            UserWarning,
        )

    def _warn_non_finite(self, evaluation):
        """One NonFiniteScoreWarning naming each scorer that returned NaN or an infinity
        without raising (a raised one is a failure of its own, warned as such).

        NOTE: a single-scorer grid is GridSearchCV's business: scikit-learn's own
        "One or more of the test scores are non-finite" warning stands alone there.
        """
        if self._mimics_sklearn():
            return
        results = self.cv_results_
        raised = _raised(evaluation.out, len(results["params"]), evaluation.n_splits)
        nonfinite = {}
        for name in objective_names(results):
            means = np.asarray(results[f"mean_test_{name}"], dtype=float)
            nonfinite[name] = (np.flatnonzero(~np.isfinite(means) & ~raised), means)
        found = [
            f"{name!r} for candidate(s) {', '.join(map(str, where[:10]))}"
            f"{' ...' if len(where) > 10 else ''} (e.g. {means[where[0]]})"
            for name, (where, means) in nonfinite.items()
            if len(where)
        ]
        if found:
            warn_at_caller(
                "A scorer returned a value that is not a finite number without raising: "
                + "; ".join(found)
                + ". Those candidates are marked is_failed: they are "
                "never on the Pareto front and never refitted.",
                NonFiniteScoreWarning,
            )

    def _finish(self, evaluation, *, refitted=True):
        results = self.cv_results_
        failures = evaluation.failures
        self._warn_non_finite(evaluation)
        self.n_failed_fits_ = failures.n_failed
        self.objective_names_ = [o.name for o in self._objectives]
        self.objective_directions_ = {o.name: o.direction() for o in self._objectives}
        self.constraints_ = [c.text for c in self._constraint_list]
        self.pareto_front_ = np.flatnonzero(results["is_pareto_optimal"])
        self.hypervolume_history_ = hypervolume_history(results, self._objectives)[
            "hypervolume"
        ]
        self.refit_policy_ = self._policy
        best = getattr(self, "best_index_", None) if refitted else None
        if self._keeps_optimizer_results:
            self.optimizer_results_ = [
                self._optimize_result(evaluation.subspace_of, results, k, best)
                for k in range(len(self._specs))
            ]
        self._scored_objective = None  # None: score() as in GridSearchCV
        if refitted and self.refit is not False and self._policy is not None:
            self._scored_objective = self._primary_name(self._policy)
            self.best_score_ = results[f"mean_test_{self._scored_objective}"][
                self.best_index_
            ]
            self._warn_if_infeasible(self.best_index_, self._policy)
        if refitted and self.refit is not False:
            self._explain(self._policy if self._policy is not None else self.refit)

    def _explain(self, policy):
        self.refit_explanation_ = explain_choice(
            self.cv_results_,
            self._objectives,
            self._constraint_list,
            self.best_index_,
            policy,
        )

    def _warn_if_infeasible(self, index, policy):
        """A plain callable chose a candidate that breaks a constraint: say what it breaks.

        Refit policies warn themselves when they fall back (NoFeasibleCandidateWarning).
        """
        results = self.cv_results_
        if isinstance(policy, BaseRefitPolicy) or results["is_feasible"][index]:
            return
        if results["is_failed"][index] if "is_failed" in results else False:
            problem = "had a failed fit or score on some fold"
        elif self._constraint_list:
            problem = "breaks " + "; ".join(
                describe_violations(
                    results, self._objectives, self._constraint_list, index
                )
            )
        else:
            return
        warn_at_caller(
            f"refit={policy!r} chose candidate {index}, which is not feasible; "
            f"the refitted model {problem}.",
            NoFeasibleCandidateWarning,
        )

    def _primary_name(self, policy):
        """The objective reported as ``best_score_`` and used by ``score``."""
        return getattr(policy, "primary_objective", None) or self._objectives[0].name

    # ---------------------------------------------------------- scikit-learn hooks
    def _select_best_index(self, refit, refit_metric, results):
        policy = self._policy if self._policy is not None else refit
        names = [o.name for o in self._objectives]
        if isinstance(refit_metric, str) and refit_metric in names and len(names) > 1:
            return self._best_by_scorer(results, refit_metric, names)
        if isinstance(policy, BaseRefitPolicy) and np.all(failed_mask(results, names)):
            # As GridSearchCV does when every mean is NaN: refit a candidate
            # anyway (the one with the most successful folds), so that broken
            # data raises its own error and partly failing models still refit.
            ok_folds = sum(
                np.isfinite(results[f"split{k}_test_{n}"])
                for k in range(self.n_splits_)
                for n in names
            )
            index = int(np.argmax(ok_folds))
            warn_at_caller(
                "Every candidate has a failed fit or score on some fold (a NaN mean test "
                f"score); the refit policy has nothing to compare, so candidate {index}, "
                "the one with the most successful folds, is refitted.",
                FitFailedWarning,
            )
            return index
        return BaseSearchCV._select_best_index(policy, refit_metric, results)

    def _best_by_scorer(self, results, name, names):
        """A scorer-name refit: GridSearchCV's choice, among the candidates whose every
        objective is a number (unless none is)."""
        ranks = np.asarray(results[f"rank_test_{name}"], dtype=float)
        failed = failed_mask(results, names)
        if failed.all():
            return int(ranks.argmin())
        return int(np.where(failed, np.inf, ranks).argmin())

    def _format_results(self, candidate_params, n_splits, out, more_results=None):
        # NOTE: failed candidates are known from their fits' own errors (a fit
        # or a scorer raised), not from their scores: with error_score=0.0 a
        # failure scores 0.0 and must still never join the front.
        raised = _raised(out, len(candidate_params), n_splits)
        out = [{k: v for k, v in r.items() if k != "score_errors"} for r in out]
        results = super()._format_results(candidate_params, n_splits, out, more_results)
        # A scorer that returned NaN or an infinity without raising: the candidate
        # cannot be compared on that objective, so it fails too (warned in _finish).
        means = {
            name: np.asarray(results[f"mean_test_{name}"], dtype=float)
            for name in objective_names(results)
        }
        results["is_failed"] = raised | ~np.all(
            [np.isfinite(m) for m in means.values()], axis=0
        )
        objectives = self._objectives or [
            Objective(n) for n in objective_names(results)
        ]
        self._add_pareto_columns(results, objectives)
        return results

    def _add_pareto_columns(self, results, objectives):
        results.update(pareto_columns(results, objectives, self._constraint_list))
        results["is_within_noise"] = within_noise_mask(results, objectives)

    def _check_objectives_scored(self, failures, results, where):
        """Raise when an objective was not scored on a single fold of any candidate so far
        (its scorer raised, or returned NaN, wherever a fit succeeded).

        NOTE: a single-scorer grid is GridSearchCV's business, which warns and
        refits (scikit-learn's own tests rely on it); with several objectives,
        or when the optimiser proposes, such a search can only mislead.
        """
        if self._mimics_sklearn():
            return
        first_errors = failures.first_score_errors()
        for o in self._objectives:
            if failures.n_scored(o.name):
                continue
            errors = first_errors.get(o.name) or first_errors.get("score")
            detail = last_exception_line(errors) if errors else "it returned NaN"
            raise exception_type(detail)(
                f"The scorer {o.name!r} failed on every fold of every candidate of the {where} "
                f"({len(results['params'])} candidates), so no candidate can be compared on it. "
                f"Its first error: {detail}"
            )

    def _evaluate(self, evaluate_candidates, candidates, first=None, **kwargs):
        """``evaluate_candidates``, keeping what it returns for an interrupted search,
        and logging the round (``first``: a grid's position of ``candidates[0]``)."""
        candidates = list(candidates)
        if self._audit is not None:
            self._audit.check_replay(candidates, first)
        results = evaluate_candidates(candidates, **kwargs)
        if self._audit is not None:
            self._audit.log_round(
                results, evaluate_candidates.round_out, self.n_splits_
            )
        return results

    def _late_prepare(self, results):
        # A callable scoring reveals its names with the first round's scores:
        # validate constraints and policy now, before the next proposal, and
        # recompute this round's columns in place (``results`` is the dict
        # BaseSearchCV keeps).
        self._prepare([Objective(n) for n in objective_names(results)])
        self._add_pareto_columns(results, self._objectives)

    def _run_callbacks(self, evaluation, results):
        """scikit-optimize's callbacks after a round, with its subspace's result so far."""
        callbacks = evaluation.callbacks
        if not callbacks or self._objectives is None:
            return False
        k = evaluation.subspace_of[-1]
        return run_callbacks(
            callbacks, self._optimize_result(evaluation.subspace_of, results, k)
        )

    def _optimize_result(self, subspace_of, results, k, best=None):
        n = len(results["params"])  # an interrupted round evaluated fewer than planned
        rows = [i for i, s in enumerate(subspace_of[:n]) if s == k]
        return optimize_result(
            results,
            rows,
            self._objectives,
            self._constraint_list,
            space=result_space(self._specs[k]),
            best=best,
            policy=self._policy,
        )

    # ---------------------------------------------------------------- public
    def score(self, X, y=None, **params):
        """Score of the refitted model on the primary objective.

        With a refit policy, the primary objective's scorer (see
        ``best_score_``); otherwise as in ``GridSearchCV``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,), default=None
        **params : dict
            Passed to the scorer (with metadata routing).

        Returns
        -------
        score : float
        """
        if getattr(self, "_scored_objective", None) is not None and self.multimetric_:
            if callable(self.scorer_):  # a callable scoring that returns a dict
                return self.scorer_(self.best_estimator_, X, y, **params)[
                    self._scored_objective
                ]
            scorer = self.scorer_[self._scored_objective]
            return scorer(self.best_estimator_, X, y, **params)
        return super().score(X, y, **params)
