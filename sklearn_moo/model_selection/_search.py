"""MultiObjectiveSearchCV: GridSearchCV's interface, a Pareto set, refit by policy."""

from __future__ import annotations

import collections
import contextlib
import copy
import inspect
import numbers
import os
import textwrap
import time

import numpy as np
from joblib import Parallel
from sklearn.base import clone, is_classifier
from sklearn.exceptions import FitFailedWarning
from sklearn.model_selection import ParameterGrid, check_cv
from sklearn.utils import check_random_state, get_tags, indexable
from sklearn.utils.validation import check_is_fitted

from .._objectives import (
    Objective,
    describe_objectives,
    parse_constraints,
    parse_reference_point,
)
from .._report import explain_choice, format_table, results_table, short_value
from .._results import (
    constraint_gaps,
    describe_violations,
    failed_mask,
    hypervolume_history,
    objective_matrix,
    objective_names,
    pareto_columns,
    within_noise_mask,
)
from ..engine import MultiObjectiveOptimizer
from ..engine._space import all_grids, as_subspaces, result_space, tuple_range_warnings
from ..exceptions import (
    NoFeasibleCandidateWarning,
    NonFiniteScoreWarning,
    SearchSpaceExhaustedWarning,
    SearchSpaceWarning,
)
from ..policies import BaseRefitPolicy, WeightedSum
from ..policies._best_feasible import _BestFeasible
from ..utils._errors import exception_type, last_exception_line
from ..utils._sklearn_compat import (
    HAS_CALLBACK_API,
    BaseSearchCV,
    Interval,
    StrOptions,
    _check_method_params,
    _fit_context,
    _MultimetricScorer,
    _routing_enabled,
)
from ..utils._warnings import warn_at_caller
from . import _audit
from ._bayes_compat import (
    check_callbacks,
    engine_options,
    optimize_result,
    run_callbacks,
)
from ._evaluation import Evaluation, Failures, FixedSplits

__all__ = ["MultiObjectiveSearchCV"]

DEFAULT_N_ITER = 50
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


class _Transient(dict):
    """Per-fit bookkeeping that a pickled search leaves behind.

    NOTE: joblib ships the search to its workers with every fit (``caller=self``);
    the fits so far and the last round's results would make each task grow with the
    search. ``copy.copy`` (scikit-learn's callback copies) still shares it.
    """

    def __reduce__(self):
        return (_Transient, ())


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


class MultiObjectiveSearchCV(BaseSearchCV):
    """Search hyper-parameters for several objectives; refit one model by policy.

    A drop-in replacement for :class:`~sklearn.model_selection.GridSearchCV`
    that takes several scorers, records the Pareto set of the candidates it
    evaluated (with optional constraints in natural units), and refits the
    candidate that a refit policy chooses. A finite grid without ``n_iter`` is
    evaluated exactly as ``GridSearchCV`` would; otherwise a multi-objective
    Bayesian optimiser proposes ``n_iter`` candidates.

    Parameters
    ----------
    estimator : estimator object
        Cloned for each candidate, as in ``GridSearchCV``.
    search_spaces : dict, list of dicts or list of (dict, int), default=None
        Parameter names mapped to a list of values (a grid, as ``param_grid``
        of ``GridSearchCV``; any list, of strings too) or to a range
        ``Real(low, high, prior=...)``, ``Integer(low, high)`` or
        ``Categorical([...])`` from :mod:`sklearn_moo.engine`, or a
        ``scipy.stats`` ``uniform``, ``loguniform`` or ``randint``
        distribution (read as the range it spans). A **tuple is a grid**, as
        in ``GridSearchCV``: ``(1, 8)`` means the two values, never a range; in
        a search that runs the optimiser this warns with the range's
        spelling. ``{}`` is one candidate with the estimator's own parameters.
        scikit-optimize's ``[(space, n_iter), ...]`` gives each space its own
        number of candidates (see ``n_iter``).
    param_grid : dict or list of dicts, default=None
        ``GridSearchCV``'s name for the same argument. Give the space exactly
        once: as ``search_spaces``, ``param_grid`` or ``param_distributions``.
        ``set_params`` with one of the three clears the other two, so
        ``MultiObjectiveSearchCV(est, grid).set_params(param_grid=new)`` searches
        ``new``.
    param_distributions : dict or list of dicts, default=None
        ``RandomizedSearchCV``'s name for the same argument.
    scoring : str, callable, list, tuple or dict, default=None
        As in ``GridSearchCV``; each scorer is an objective, greater is better.
    refit : bool, str or callable, default=True
        ``True``: with one objective, the best candidate (as ``GridSearchCV``);
        with several, ``WeightedSum()`` (equal weights on min-max normalised
        scores over the feasible Pareto candidates). A scorer name picks what
        ``GridSearchCV`` picks; a callable ``refit(cv_results_) -> int``, such
        as :class:`~sklearn_moo.WeightedSum` or :class:`~sklearn_moo.EpsilonConstraint`;
        ``False`` refits nothing.
    constraints : str, list of str or dict, default=None
        Hard requirements in natural units on named scorers, e.g.
        ``["latency <= 5 ms", "dp_difference <= 0.05"]`` or
        ``{"latency": "<= 5 ms"}``. They define ``is_feasible``, steer the
        search and restrict the refit policies.
    n_iter : int, default=None
        Number of candidates. None: every point of a finite grid, in
        ``GridSearchCV``'s order, or 50 candidates when the space has a range.
        With a list of spaces, the spaces given without their own count share
        ``n_iter`` (in turn, ``n_points`` at a time); a ``(space, n_iter)``
        pair adds its own count, so the total is ``n_iter`` (when some space
        has no count) plus the pairs' counts.
    strategy : {"bayes", "random"}, default="bayes"
        How candidates are proposed when ``n_iter`` is used.
    n_points : int, default=1
        Candidates proposed per round (evaluated in parallel with ``n_jobs``;
        never derived from ``n_jobs``, so results do not depend on it).
    n_initial_points : int, default=None
        Size of the space-filling initial design (see
        :class:`~sklearn_moo.engine.MultiObjectiveOptimizer`).
    optimizer_kwargs : dict, default=None
        ``BayesSearchCV``'s options for scikit-optimize's ``Optimizer``, translated:
        ``n_initial_points`` (as the parameter of that name),
        ``initial_point_generator`` (``"lhs"``, the default here, is a maximin
        Latin hypercube; ``"random"``, ``"sobol"``, ``"halton"``,
        ``"hammersly"``, ``"grid"``), ``base_estimator`` (``"GP"`` or None;
        ``"dummy"`` means ``strategy="random"``; other surrogates raise),
        ``random_state`` (used when ``random_state`` is None) and
        ``acq_optimizer_kwargs={"n_points": n}`` (random candidates scored per
        proposal). ``acq_func``, ``acq_func_kwargs``, ``acq_optimizer``,
        ``n_jobs``, ``model_queue_size`` and ``avoid_duplicates`` are ignored
        with one :class:`~sklearn_moo.exceptions.OptimizerOptionWarning` that
        says what the engine does instead; ``space_constraint`` and unknown
        options raise.
    reference_point : dict, default=None
        The worst trade-off worth finding, in natural units, e.g.
        ``{"accuracy": 0.80, "dp_difference": 0.10, "latency": "20 ms"}``:
        the Bayesian optimiser then counts the hypervolume it improves from
        this point, so it spends its proposals on candidates better than it
        in every objective. Scorers left out keep the engine's own reference
        (10 % of each objective's observed range beyond its worst value).
        Validated when the scorers' names are known (before any fit, unless
        ``scoring`` is a callable). It guides the search only: it is not a
        constraint, and ``hypervolume_history_`` and the reports keep their
        own reference point. Grids and ``strategy="random"`` ignore it (with
        a warning). On DTLZ2 with 3 and 4 objectives the benchmark's own
        reference point lifted the median hypervolume after 50 evaluations
        from 0.29 to 0.50 and from 0.33 to 0.46 (``benchmarks/README.md``).
    cv, n_jobs, pre_dispatch, error_score, return_train_score
        As in ``GridSearchCV``. The folds are computed once per search.
    verbose : int, default=0
        0 prints nothing; 1 prints one line per round: candidates evaluated of
        those planned, how many are on the Pareto front so far and the best
        feasible value of each objective in natural units; 2 and more add
        scikit-learn's own messages. (No hypervolume there: until the search
        ends, each objective's range is not known, and a hypervolume scaled to
        the candidates so far can fall when a new one widens the range; see
        ``hypervolume_history_``.)
    random_state : int, RandomState instance or None, default=None
        Seed of the optimiser.
    audit_log : str or path-like, default=None
        A JSON Lines file (see Notes): created by ``fit`` when it does not
        exist, resumed when it does.
    resume_other_versions : bool, default=False
        Whether ``fit`` may resume an ``audit_log`` written under other
        versions of scikit-learn, NumPy, SciPy, scikit-optimize, sklearn-moo
        or another Python feature release. By default such a resume is
        refused, naming the versions, since the logged scores and the new
        ones may then be computed differently; set it to True only when you
        know the upgrade does not change what the search computes.

    Attributes
    ----------
    cv_results_ : dict of ndarray
        As in ``GridSearchCV``, plus ``pareto_rank`` (1-based; 1 = feasible and
        non-dominated; infeasible candidates rank after every feasible front and
        failed ones last), ``is_pareto_optimal``, ``is_feasible``, ``is_failed``
        (a fit or a scorer raised on some fold, whatever ``error_score`` made of
        its score, or a mean test score is not finite: never feasible, never on
        the front) and one violation column per constraint (natural units, 0
        when met): ``violation_<name>``, or ``violation_<name>_max`` /
        ``violation_<name>_min`` for the ``<=`` / ``>=`` bounds of a scorer with
        several constraints.
        ``is_within_noise`` marks the feasible candidates within
        cross-validation noise of the front: ``std_test_*`` uses ddof=0 over
        ``n_splits`` folds, so a mean's standard error is
        ``se = std / sqrt(n_splits - 1)``, and candidate ``i`` is within noise
        when ``mean_i + se_i`` is dominated by no other feasible candidate's means.
    pareto_front_ : ndarray of int
        Indices of the feasible non-dominated candidates.
    optimizer_results_ : list of scipy.optimize.OptimizeResult
        One per subspace of ``search_spaces``, in scikit-optimize's layout:
        ``x_iters`` (each candidate's values in sorted parameter-name order),
        ``func_vals`` of shape ``(n_evaluated, n_objectives)`` (the mean test
        scores negated: minimisation form, NaN where a candidate failed),
        ``x`` and ``fun`` (the refitted candidate when it is in the subspace,
        else the subspace's best by the refit policy), ``space`` (a
        scikit-optimize ``Space``, or None for a grid whose values cannot be
        categories), ``models`` (empty: the engine's models are not kept),
        plus ``objective_names`` and ``candidates`` (rows of ``cv_results_``).
        Unlike scikit-optimize's single-objective result, ``fun`` holds one
        value per objective and ``func_vals`` one column per objective.
    hypervolume_history_ : ndarray of shape (n_candidates,)
        Hypervolume of the feasible candidates after each evaluation. Each
        objective is scaled once for the whole history, 0 at the best and 1 at
        the worst feasible value of the search (in natural direction), and the
        reference point is 1.1 in every objective, so the history never
        decreases and the unit box has hypervolume 1. All zeros when nothing
        was feasible.
    refit_explanation_ : dict
        Why ``best_index_`` (set by ``fit`` and :meth:`reselect`): ``policy``,
        ``index``, ``values`` (natural), ``feasible``, ``violations``, and
        ``neighbours``, the nearest Pareto candidates (at most four) with what
        each would gain and cost in natural units; ``text`` says it in words.
    objective_names_ : list of str
    objective_directions_ : dict of str -> str
        "higher is better" or "lower is better" for each objective's natural
        quantity (scores are always greater-is-better).
    constraints_ : list of str
        The parsed constraints, normalised to base units.
    best_index_, best_params_, best_score_, best_estimator_, refit_time_
        As in ``GridSearchCV``. With a policy or any callable ``refit``,
        ``best_score_`` is the mean test score of the policy's
        ``primary_objective`` (for ``EpsilonConstraint``, its ``objective``), else
        of the first scorer, and ``score`` uses that scorer (``GridSearchCV``
        leaves both undefined for a callable ``refit``). With one scorer and
        ``constraints``, ``refit=True`` picks the best feasible candidate.
    refit_policy_ : callable or None
        The policy that chose ``best_index_`` (bound to the objectives).
    n_failed_fits_ : int
        Fits that raised (scored with ``error_score``).

    Notes
    -----
    Failed fits are recorded and excluded from the Pareto set. As in
    ``GridSearchCV``, the search warns "N fits failed out of a total of M."
    once, and raises "All the N fits failed." when every fit failed; a
    Bayesian search raises as soon as every fit of its initial design failed.
    The search owns its evaluation loop: every fit goes through
    scikit-learn's ``_fit_and_score``, called from the search's own tasks, and
    nothing of scikit-learn is replaced while it runs, so a search nested
    inside the estimator, or running in another thread, behaves as it does
    alone. The folds are computed once per search. A task carries the
    estimator, the data, its split and the scorers (and, on scikit-learn >=
    1.9, the search as the callback API's ``caller``); results return as they
    complete, and the audit log is written by this process alone.

    Misconfiguration fails fast: a scorer that cannot get the metadata it
    needs (a fairness scorer without ``sensitive_features``, or with one of
    another length than ``X``) raises before any fit, and an objective whose
    scorer failed on every fold of the grid (with several objectives) or of the
    initial design raises with the scorer's first error. When no candidate
    meets every bound, the refit policy falls back to the one with the
    smallest total violation of the constraints and of its own bounds, and
    warns what the refitted model breaks; so does a callable ``refit`` (or
    :meth:`reselect`) that picks an infeasible candidate.

    scikit-learn's callbacks (``set_callbacks``) see one "search" task; a
    grid evaluates its candidates and splits under it as ``GridSearchCV``
    does, a Bayesian search opens one "round" task per ``evaluate_candidates``
    call, and a callback whose ``on_fit_task_end`` returns True for a round
    stops the search after that round (the refit then happens as usual).

    :meth:`reselect` refits another candidate without searching again; it
    needs the training data again, since the search keeps no copy.

    With ``audit_log``, ``fit`` appends to the file after every finished round
    (flushed and fsynced): a header (library versions, parameters, engine
    seeds, objectives, constraints, fingerprints of the folds and of ``X``,
    ``y`` and the fit parameters), one record per candidate with its per-fold
    scores, times and failures, and one per refit or :meth:`reselect`; each
    fit is also appended as its result returns, so a crash or an interrupt loses
    only the fits in flight, in a grid (evaluated in one call, as
    ``GridSearchCV`` does) as in a Bayesian round. When the
    file exists, ``fit`` resumes it: every parameter but ``n_iter``,
    ``n_jobs``, ``pre_dispatch``, ``verbose``, ``refit``, ``audit_log`` and
    ``resume_other_versions``, the folds and the data must match (else a ValueError names what differs); the
    logged rounds are replayed through the optimiser without fitting (a
    proposal that differs from the log raises), and the search goes on to
    ``n_iter`` with the proposals an uninterrupted search would have made. A
    log belongs to one data set, so a search cloned by ``cross_val_score``
    with the same ``audit_log`` is refused on its second fold (the data
    differs): give each fold its own path.

    The log keys each candidate by an identity that is faithful and the same
    in every process: two lambdas or two closures that print alike, or a
    ``frozenset`` whose printed order follows the hash seed, are told apart by
    their code, closure contents and elements, never by their ``repr``. The
    estimator (deep), every scorer and the splitter are recorded the same way
    and compared on resume, with the library versions (see
    ``resume_other_versions``); a difference raises a ValueError naming it
    (``scoring['acc']``, ``estimator.steps[0][1].func``). A value with no
    such identity (one that cannot be pickled) raises
    :class:`~sklearn_moo.exceptions.UnstableIdentityError` before any fit,
    naming where it sits. A write that fails part-way is cut back to the last
    whole record with an :class:`~sklearn_moo.exceptions.AuditLogWriteWarning`.
    :meth:`reselect` records its decision only in the log ``fit`` wrote, and
    raises (changing nothing) when that file was moved or another search
    holds it. One search writes a log at
    a time: a second one on the same path (another thread or process) raises
    :class:`~sklearn_moo.exceptions.AuditLogInUseError` before any fit. A
    file holding only part of a header (a crash while the log was created) is
    started anew with a warning; any other line that is not a complete record
    of a known kind raises a ValueError naming the line.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn_moo import MultiObjectiveSearchCV
    >>> X, y = make_classification(n_samples=200, random_state=0)
    >>> search = MultiObjectiveSearchCV(
    ...     LogisticRegression(), {"C": [0.01, 0.1, 1.0]},
    ...     scoring={"accuracy": "accuracy", "recall": "recall"}, cv=3)
    >>> search = search.fit(X, y)
    >>> len(search.cv_results_["pareto_rank"])
    3
    """

    _fitted_attributes = _FITTED_ATTRIBUTES
    _keeps_optimizer_results = True

    _parameter_constraints: dict = {
        **BaseSearchCV._parameter_constraints,
        "search_spaces": [dict, list, None],
        "param_grid": [dict, list, None],
        "param_distributions": [dict, list, None],
        "constraints": [None, str, list, dict],
        "n_iter": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "strategy": [StrOptions({"bayes", "random"})],
        "n_points": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_initial_points": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "optimizer_kwargs": [dict, None],
        "reference_point": [dict, None],
        "random_state": ["random_state"],
        "audit_log": [None, str, os.PathLike],
        "resume_other_versions": ["boolean"],
    }

    def __init__(
        self,
        estimator,
        search_spaces=None,
        *,
        param_grid=None,
        param_distributions=None,
        scoring=None,
        refit=True,
        constraints=None,
        n_iter=None,
        strategy="bayes",
        n_points=1,
        n_initial_points=None,
        optimizer_kwargs=None,
        reference_point=None,
        cv=None,
        n_jobs=None,
        pre_dispatch="2*n_jobs",
        verbose=0,
        random_state=None,
        error_score=np.nan,
        return_train_score=False,
        audit_log=None,
        resume_other_versions=False,
    ):
        super().__init__(
            estimator=estimator,
            scoring=scoring,
            n_jobs=n_jobs,
            refit=refit,
            cv=cv,
            verbose=verbose,
            pre_dispatch=pre_dispatch,
            error_score=error_score,
            return_train_score=return_train_score,
        )
        self.search_spaces = search_spaces
        self.param_grid = param_grid
        self.param_distributions = param_distributions
        self.constraints = constraints
        self.n_iter = n_iter
        self.strategy = strategy
        self.n_points = n_points
        self.n_initial_points = n_initial_points
        self.optimizer_kwargs = optimizer_kwargs
        self.reference_point = reference_point
        self.random_state = random_state
        self.audit_log = audit_log
        self.resume_other_versions = resume_other_versions

    @property
    def _subspaces(self):
        """This fit's parsed search spaces (``engine._space.as_subspaces``)."""
        return self._transient["subspaces"]

    @property
    def _failures(self):
        """This fit's failure bookkeeping (``_evaluation.Failures``)."""
        return self._transient["evaluation"].failures

    @property
    def _kept(self):
        """Every finished round's results: kept if the fit is interrupted."""
        evaluation = self._transient.get("evaluation")
        return (evaluation.results or None) if evaluation is not None else None

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
        self._reference = parse_reference_point(
            getattr(self, "reference_point", None), objectives
        )
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

    def _check_spaces(self):
        argument, self._space = self._space_argument()
        self._transient["subspaces"] = as_subspaces(self._space, argument=argument)
        # Each subspace's dict, without scikit-optimize's (dict, n_iter) pairing.
        self._specs = [
            s[0] if isinstance(s, tuple) else s
            for s in (self._space if isinstance(self._space, list) else [self._space])
        ]
        self._grid_mode = self.n_iter is None and all_grids(self._subspaces)
        if not self._grid_mode:
            for message in tuple_range_warnings(self._subspaces, argument):
                warn_at_caller(message, SearchSpaceWarning)

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
        # NOTE: per-fit state that a pickled search (a joblib task's caller on
        # scikit-learn >= 1.9, a saved model) leaves behind: the user's callbacks
        # (a lock, a lambda), the parsed spaces (scikit-optimize samplers).
        self._transient = _Transient(
            evaluation=None, subspace_of=[], callbacks=check_callbacks(callback)
        )
        objectives = self._objectives_from_scorers()
        if y is None and get_tags(self.estimator).target_tags.required:
            raise ValueError(
                f"{type(self.estimator).__name__} requires y to be passed, but "
                "the target y is None."
            )
        self._check_spaces()
        self._engine_options = self._check_engine_options()
        self._objectives = None
        self._constraint_list = []
        self._reference = None
        self._policy = None
        if objectives is not None:
            self._prepare(objectives)
        if getattr(self, "reference_point", None) is not None and (
            self._grid_mode or self._engine_options["strategy"] == "random"
        ):
            warn_at_caller(
                "reference_point steers the Bayesian optimiser's proposals; this "
                + (
                    "grid evaluates every point"
                    if self._grid_mode
                    else "random search draws its points"
                )
                + " and ignores it.",
                UserWarning,
            )
        self._check_scorer_metadata(X, params)
        for name in self._fitted_attributes:
            self.__dict__.pop(name, None)
        self._check_fit_inputs(X, y, params)
        self._seeds = self._draw_seeds()
        self._start_audit(X, y, params)
        try:
            self._fit_and_refit(X, y, params)
        finally:
            if self._audit is not None:
                self._audit.close()  # the log is free for another search
        return self

    def _check_engine_options(self):
        return engine_options(
            self.optimizer_kwargs,
            n_initial_points=self.n_initial_points,
            strategy=self.strategy,
            random_state=self.random_state,
        )

    def _check_fit_inputs(self, X, y, params):
        """Checks that need the data, before any fit (none here; see the halving search)."""

    def _draw_seeds(self):
        """One engine seed per subspace, drawn once per fit (a resumed log brings its own)."""
        return [
            int(seed)
            for seed in check_random_state(
                self._engine_options["random_state"]
            ).randint(2**31 - 1, size=len(self._subspaces))
        ]

    def _mimics_sklearn(self):
        """A single-scorer grid is GridSearchCV's business: its warnings, no early raise."""
        return self._grid_mode and len(self._objectives) == 1

    def _fit_and_refit(self, X, y, params):
        """What ``BaseSearchCV.fit`` does, with our evaluation loop (``_evaluation.py``).

        NOTE: owned here, so that no scikit-learn function is replaced while a
        search runs; scikit-learn's own test suites (benchmarks/) are the contract.
        """
        self._progress, self._rounds_done = self.verbose == 1, 0
        scorers, refit_metric = self._get_scorers()
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
                estimator=base, X=X, y=y, splits=FixedSplits(cv, splits),
                split_params=split_params, parallel=parallel,
                fit_and_score_kwargs=self._fit_and_score_kwargs(scorers, routed),
                format_results=self._format_results, failures=failures,
                audit=self._audit, caller=self, announce=self.verbose > 1,
            )  # fmt: skip
            self._transient["evaluation"] = evaluation
            try:
                self._run_search_with(evaluation, root_ctx)
                self._select_and_refit(
                    evaluation, refit_metric, X, y, routed, root_ctx, metadata
                )
            except BaseException as error:
                self._keep_finished_rounds(error)
                raise
            finally:
                self._transient["evaluation"] = None
                if self._audit is not None:
                    self._audit.replay.clear()
        self.scorer_ = (
            scorers._scorers if isinstance(scorers, _MultimetricScorer) else scorers
        )
        self.cv_results_ = evaluation.results
        if root_ctx is not None:
            root_ctx.call_on_fit_task_end(estimator=self, X=X, y=y, metadata=metadata)
        self._finish(failures)
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

    # ------------------------------------------------------------- audit log
    def _start_audit(self, X, y, params):
        """Prepare this fit's audit session; it writes or checks the log in ``_run_search``.

        NOTE: every identity is taken here, before any fit and before the log
        exists, so that a value without one is refused with nothing written.
        """
        self._audit = None
        if self.audit_log is None:
            return
        self._audit = _audit.AuditSession(
            self.audit_log,
            X,
            y,
            params,
            other_versions=self.resume_other_versions,
            header={
                "params": self._audited_params(),
                "identity": self._identities(),
                "mode": self._audit_mode(),
                "seeds": self._seeds,
                "objectives": None
                if self._objectives is None
                else [
                    {
                        "name": o.name,
                        "label": o.label,
                        "unit": o.unit,
                        "direction": o.direction(),
                    }
                    for o in self._objectives
                ],
                "constraints": [c.text for c in self._constraint_list],
                "refit": _audit.jsonable(self.refit),
            },
        )

    def _audit_mode(self):
        """The kind of search, which a resumed log must share."""
        return "grid" if self._grid_mode else "engine"

    def _open_audit(self, splits):
        """Open the log (write its header, or check and load it) before any fit; a
        resumed log brings its engine seeds."""
        if self._audit is None:
            return
        self._seeds = self._audit.open(splits) or self._seeds

    def _audited_params(self):
        params = {
            k: _audit.jsonable(v)
            for k, v in self.get_params(deep=False).items()
            if k not in _audit.RESUME_EXEMPT
        }
        # NOTE: the space's identity tells apart two grids of values that print
        # alike (lambdas, closures); the estimator and scorers are in _identities.
        params["space_identity"] = _audit.space_identity(self._space)
        return params

    def _identities(self):
        """What decides a score besides the candidates' values, each by its identity."""
        return {
            "estimator": _audit.identity(clone(self.estimator), "estimator"),
            "scoring": _audit.scoring_identity(self.scoring),
            "cv": _audit.splitter_identity(self.cv),
        }

    def _log_decision(self, kind):
        if getattr(self, "_audit", None) is None or not hasattr(self, "best_index_"):
            return
        self._audit.log_decision(
            kind,
            self.refit_policy_ or self.refit,
            self.best_index_,
            self.best_params_,
            getattr(self, "refit_explanation_", {}).get("text"),
        )

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

    def _keep_finished_rounds(self, error):
        """After an exception: keep the finished rounds, drop every half-set ``best_*``."""
        failures, results = self._failures, self._kept
        self._transient = _Transient(
            evaluation=None,
            subspace_of=self._transient.get("subspace_of", []),
            subspaces=self._transient.get("subspaces"),
            nonfinite=self._transient.get("nonfinite", {}),
        )
        for name in self._fitted_attributes:
            self.__dict__.pop(name, None)
        if results is None or not len(results["params"]) or self._objectives is None:
            return
        self.cv_results_ = results
        self._finish(failures, refitted=False)
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

    def _warn_non_finite(self):
        """One NonFiniteScoreWarning naming each scorer that returned NaN or an infinity.

        NOTE: a single-scorer grid is GridSearchCV's business: scikit-learn's own
        "One or more of the test scores are non-finite" warning stands alone there.
        """
        if self._mimics_sklearn():
            return
        found = [
            f"{name!r} for candidate(s) {', '.join(map(str, where[:10]))}"
            f"{' ...' if len(where) > 10 else ''} (e.g. {means[where[0]]})"
            for name, (where, means) in self._transient.get("nonfinite", {}).items()
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

    def _finish(self, failures, *, refitted=True):
        results = self.cv_results_
        self._warn_non_finite()
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
                self._optimize_result(results, k, best) for k in range(len(self._specs))
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
        failed = np.array(
            [r["fit_error"] is not None or bool(r.get("score_errors")) for r in out],
            dtype=bool,
        ).reshape(len(candidate_params), n_splits)
        out = [
            {k: v for k, v in r.items() if k not in ("score_errors", "log_error")}
            for r in out
        ]
        results = super()._format_results(candidate_params, n_splits, out, more_results)
        raised = failed.any(axis=1)
        # A scorer that returned NaN or an infinity without raising: the candidate
        # cannot be compared on that objective, so it fails too (warned in _finish).
        means = {
            name: np.asarray(results[f"mean_test_{name}"], dtype=float)
            for name in objective_names(results)
        }
        self._transient["nonfinite"] = {
            name: (np.flatnonzero(~np.isfinite(m) & ~raised), m)
            for name, m in means.items()
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

    def _check_objectives_scored(self, results, where):
        """Raise when an objective was not scored on a single fold of any candidate so far
        (its scorer raised, or returned NaN, wherever a fit succeeded).

        NOTE: a single-scorer grid is GridSearchCV's business, which warns and
        refits (scikit-learn's own tests rely on it); with several objectives,
        or when the optimiser proposes, such a search can only mislead.
        """
        if self._mimics_sklearn():
            return
        first_errors = self._failures.first_score_errors()
        for o in self._objectives:
            if self._failures.n_scored(o.name):
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

    def _run_search(self, evaluate_candidates, *, callback_ctx=None):
        if self._grid_mode:
            # As GridSearchCV._run_search: one "search" task over every
            # candidate and split, evaluated in one call.
            grid = ParameterGrid(self._space)
            self._planned = len(grid)
            search_ctx = _subtask(
                callback_ctx,
                self,
                "search",
                len(grid) * self.n_splits_,
                sequential=False,
            )
            self._transient["subspace_of"] = self._grid_subspaces()
            results = self._evaluate(
                evaluate_candidates,
                grid,
                first=0,
                callback_ctx=search_ctx,
            )
            _end_task(search_ctx, self)
            if self._objectives is None:
                self._late_prepare(results)
            if not self._failures.all_failed():
                self._check_objectives_scored(results, "grid")
                self._report_progress(results)
                self._run_callbacks(results)
        else:
            # The number of rounds is not known in advance (a finite space may
            # run out, a callback may stop the search).
            search_ctx = _subtask(callback_ctx, self, "search", None, sequential=True)
            self._run_engine(evaluate_candidates, search_ctx)
            _end_task(search_ctx, self)
        self._failures.finish()

    def _late_prepare(self, results):
        # A callable scoring reveals its names with the first round's scores:
        # validate constraints and policy now, before the next proposal, and
        # recompute this round's columns in place (``results`` is the dict
        # BaseSearchCV keeps).
        self._prepare([Objective(n) for n in objective_names(results)])
        self._add_pareto_columns(results, self._objectives)

    def _grid_subspaces(self):
        """The subspace of each grid candidate, in ParameterGrid's order."""
        return [k for k, spec in enumerate(self._specs) for _ in ParameterGrid(spec)]

    def _run_callbacks(self, results):
        """scikit-optimize's callbacks after a round, with its subspace's result so far."""
        callbacks = self._transient.get("callbacks")
        if not callbacks or self._objectives is None:
            return False
        k = self._transient["subspace_of"][-1]
        return run_callbacks(callbacks, self._optimize_result(results, k))

    def _optimize_result(self, results, k, best=None):
        n = len(results["params"])  # an interrupted round evaluated fewer than planned
        rows = [i for i, s in enumerate(self._transient["subspace_of"][:n]) if s == k]
        return optimize_result(
            results,
            rows,
            self._objectives,
            self._constraint_list,
            space=result_space(self._specs[k]),
            best=best,
            policy=self._policy,
        )

    @property
    def total_iterations(self):
        """Candidates the search will evaluate (scikit-optimize's ``total_iterations``).

        Every point of a grid, else ``n_iter`` (50 by default) shared by the
        spaces without their own count, plus the counts of ``(space, n_iter)``
        pairs. (scikit-optimize gives each space without a count ``n_iter`` of
        its own.) A finite space may run out sooner, or a callback stop the
        search.

        Returns
        -------
        total : int
        """
        argument, space = self._space_argument()
        subspaces = as_subspaces(space, argument=argument)
        if self.n_iter is None and all_grids(subspaces):
            return len(ParameterGrid(space))
        return sum(self._budgets(subspaces).values())

    def _make_engines(self, n_objectives):
        seeds = self._seeds  # drawn once per fit (or read from the audit log)
        options = self._engine_options
        extra = (
            {}
            if options["n_candidates"] is None
            else {"n_candidates": options["n_candidates"]}
        )
        if self._reference is not None and len(self._reference) == n_objectives:
            extra["reference_point"] = (
                self._reference
            )  # scores: the engine maximises them
        return [
            MultiObjectiveOptimizer(
                s.space.dimensions,
                n_objectives,
                maximize=True,
                n_constraints=len(self._constraint_list),
                strategy=options["strategy"],
                n_initial_points=options["n_initial_points"],
                initial_point_generator=options["initial_point_generator"],
                random_state=int(seed),
                **extra,
            )
            if s.space is not None
            else None
            for s, seed in zip(self._subspaces, seeds)
        ]

    def _budgets(self, subspaces=None):
        """Candidates left per subspace; subspaces without their own count share key None."""
        subspaces = self._subspaces if subspaces is None else subspaces
        shared = self.n_iter if self.n_iter is not None else DEFAULT_N_ITER
        budgets = {None: shared if any(s.n_iter is None for s in subspaces) else 0}
        budgets.update(
            {k: s.n_iter for k, s in enumerate(subspaces) if s.n_iter is not None}
        )
        return budgets

    def _run_engine(self, evaluate_candidates, search_ctx):
        known = self._objectives is not None
        engines = self._make_engines(len(self._objectives) if known else 1)
        design = max((e.n_initial_points for e in engines if e), default=1)
        budgets = self._budgets()
        planned = self._planned = sum(budgets.values())
        queue = collections.deque(range(len(engines)))  # subspaces take turns
        history, checked = [], False
        while queue:
            k = queue.popleft()
            key = k if self._subspaces[k].n_iter is not None else None
            points = (
                self._ask(engines, k, min(self.n_points, budgets[key]))
                if budgets[key] > 0
                else []
            )
            if not points:
                continue
            queue.append(k)
            candidates = [self._subspaces[k].to_params(p) for p in points]
            round_ctx = _subtask(
                search_ctx,
                self,
                "round",
                len(candidates) * self.n_splits_,
                sequential=False,
            )
            results = self._evaluate(
                evaluate_candidates, candidates, callback_ctx=round_ctx
            )
            budgets[key] -= len(points)
            first = len(history)
            history += [(k, p) for p in points]
            self._transient["subspace_of"] += [k] * len(points)
            if not known and not self._failures.any_succeeded():
                # A callable scoring names its scores only once a fit succeeds.
                _end_task(round_ctx, self)
                if len(history) >= design:
                    self._raise_all_failed(len(history))
                continue
            if not known:
                self._late_prepare(results)
                known, first = True, 0
                engines = [
                    False if old is False else new
                    for old, new in zip(
                        engines, self._make_engines(len(self._objectives))
                    )
                ]
            self._tell(engines, history, results, first)
            if len(history) >= design and not checked:
                if self._failures.all_failed():
                    self._raise_all_failed(len(history))
                self._check_objectives_scored(results, "initial design")
                checked = True
            self._report_progress(results)
            if _end_task(round_ctx, self, results) | self._run_callbacks(results):
                return  # a callback asked to stop
        if len(history) < planned:
            warn_at_caller(
                f"The search space has only {len(history)} distinct candidates, fewer than "
                f"the {planned} asked for (n_iter); every one of them was evaluated.",
                SearchSpaceExhaustedWarning,
            )

    def _report_progress(self, results):
        """With ``verbose=1``: one line per round, in place of scikit-learn's per-call line."""
        if not self._progress:
            return
        self._rounds_done += 1
        names = [o.name for o in self._objectives]
        feasible = np.asarray(results["is_feasible"], bool)
        n = len(results["params"])
        n_front = int(np.count_nonzero(results["is_pareto_optimal"]))
        if feasible.any():
            scores = objective_matrix(results, names)[feasible]
            best = ", ".join(
                f"{o.name} {o.format(scores[:, j].max())}"
                for j, o in enumerate(self._objectives)
            )
        else:
            best = "none feasible yet"
        print(
            f"[{self._rounds_done:>3}] {n}/{self._planned} candidates | {n_front} on the "
            f"front | best feasible: {best}",
            flush=True,
        )

    def _raise_all_failed(self, n_candidates):
        try:
            self._failures.finish()
        except ValueError as e:
            raise ValueError(
                f"{e}\nThe search stopped after its initial design of "
                f"{n_candidates} candidates, since every fit had failed."
            ) from None

    def _ask(self, engines, k, n):
        if engines[k] is None:  # a subspace of constants: one candidate
            engines[k] = False
            return [[]]
        if engines[k] is False:
            return []
        return engines[k].ask(n)

    def _tell(self, engines, history, results, first):
        """Tell each engine its candidates from ``history[first:]``.

        NOTE: failed candidates reach the engine as None, never as NaN; the
        constraint values are the signed gaps of ``constraint_gaps``, the same
        numbers that define ``is_feasible``.
        """
        names = [o.name for o in self._objectives]
        scores = objective_matrix(results, names)
        failed = failed_mask(results, names)
        gaps = constraint_gaps(results, self._objectives, self._constraint_list)
        for i in range(first, len(history)):
            k, point = history[i]
            if not engines[k]:
                continue
            if failed[i]:
                engines[k].tell(point, None)
            else:
                engines[k].tell(point, scores[i], constraints=list(gaps[i]) or None)

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

    def reselect(self, policy, X, y=None, **fit_params):
        """Refit the candidate another policy picks, without searching again.

        Parameters
        ----------
        policy : str or callable
            A scorer name or ``policy(cv_results_) -> int`` (e.g. a
            :class:`~sklearn_moo.WeightedSum`).
        X, y : array-like
            The training data again (the search keeps no copy).
        **fit_params : dict
            Passed to the estimator's ``fit``.

        Returns
        -------
        self : object
            With ``best_index_``, ``best_params_``, ``best_score_``,
            ``best_estimator_``, ``refit_time_`` and ``refit_policy_`` updated.
        """
        if not hasattr(self, "cv_results_"):
            raise AttributeError("reselect needs a fitted search; call fit first.")
        audit = getattr(self, "_audit", None)
        if audit is None:
            return self._reselect(policy, X, y, fit_params)
        # NOTE: the lock and the log's whereabouts first: a reselect that cannot
        # be recorded changes nothing.
        audit.lock.acquire()
        try:
            audit.check_still_here()
            return self._reselect(policy, X, y, fit_params)
        finally:
            audit.lock.release()

    def _reselect(self, policy, X, y, fit_params):
        """Choose, refit, and only then set the attributes and log the decision."""
        results, names = self.cv_results_, self.objective_names_
        if isinstance(policy, str):
            if policy not in names:
                raise ValueError(
                    f"policy={policy!r} is not a scorer name; scorers: {names}."
                )
            index, bound, scored = (
                self._best_by_scorer(results, policy, names),
                None,
                policy,
            )
        else:
            bound = (
                policy._bind(self._objectives, self._constraint_list)
                if isinstance(policy, BaseRefitPolicy)
                else policy
            )
            index = BaseSearchCV._select_best_index(bound, None, results)
            self._warn_if_infeasible(index, bound)
            scored = self._primary_name(bound)
        explanation = explain_choice(
            results,
            self._objectives,
            self._constraint_list,
            index,
            policy if bound is None else bound,
        )
        best_params = results["params"][index]
        X, y = indexable(X, y)
        fit_params = _check_method_params(X, params=fit_params)
        routed = self._get_routed_params_for_fit(fit_params)
        estimator, refit_time = self._refit(best_params, X, y, routed.estimator.fit)
        if not hasattr(self, "scorer_"):  # kept by an interrupted fit
            scorers, _ = self._get_scorers()
            self.multimetric_ = isinstance(scorers, _MultimetricScorer)
            self.scorer_ = scorers._scorers if self.multimetric_ else scorers
        self.best_index_, self.best_params_, self.best_estimator_ = (
            index,
            best_params,
            estimator,
        )
        self.refit_time_, self.refit_policy_, self._scored_objective = (
            refit_time,
            bound,
            scored,
        )
        self.best_score_ = results[f"mean_test_{scored}"][index]
        self.refit_explanation_ = explanation
        self.__dict__.pop("feature_names_in_", None)
        if hasattr(estimator, "feature_names_in_"):
            self.feature_names_in_ = estimator.feature_names_in_
        self._log_decision("reselect")
        return self

    def results_table(self):
        """Every candidate as a row: parameters, objectives in natural units, ranks.

        Returns
        -------
        table : pandas.DataFrame or dict of str -> list
            A DataFrame when pandas is installed, else a dict of columns (see
            Notes), one row per candidate in evaluation order.

        Notes
        -----
        Columns: ``candidate``; one per parameter (the last part of a pipeline
        path); for each objective ``"<label> [<unit>, max|min]"`` (its mean test
        value in natural units: seconds, bytes or plain numbers) and
        ``"<label> sd"`` (the standard deviation across folds); the violation
        columns; ``feasible``, ``failed``, ``pareto_rank``, ``within_noise``;
        ``refitted``. It reads ``cv_results_`` and recomputes nothing.
        """
        check_is_fitted(self, "cv_results_")
        table = results_table(
            self.cv_results_,
            self._objectives,
            self._constraint_list,
            self._refitted_index(),
        )
        try:
            import pandas as pd
        except ImportError:
            return table
        return pd.DataFrame(table).set_index("candidate")

    def _refitted_index(self):
        """``best_index_`` when a model was refitted (refit=False sets no model)."""
        return self.best_index_ if hasattr(self, "best_estimator_") else None

    def pareto_report(self, *, max_rows=20, width=None):
        """The Pareto set as a text table in natural units, with directions.

        Parameters
        ----------
        max_rows : int, default=20
            Most candidates shown (best first on the first objective).
        width : int, default=None
            Columns to fit; the terminal's width, at most 100, by default.

        Returns
        -------
        report : str
            ``*`` marks the refitted candidate; the constraints and the refit
            follow the table.
        """
        check_is_fitted(self, "cv_results_")
        results = self.cv_results_
        first = np.asarray(results[f"mean_test_{self._objectives[0].name}"], float)
        rows = sorted(self.pareto_front_, key=lambda i: (-first[i], i))[:max_rows]
        best = self._refitted_index()
        lines = [
            format_table(
                results, self._objectives, rows=rows, best_index=best, width=width
            )
        ]
        if self.constraints_:
            lines.append("constraints: " + "; ".join(self.constraints_))
        if best is not None:
            marked = " (not on the front)" if best not in self.pareto_front_ else ""
            params = ", ".join(
                f"{k.rsplit('__', 1)[-1]}={short_value(v)}"
                for k, v in self.best_params_.items()
            )
            lines.append(
                textwrap.fill(
                    f"refitted: candidate {best} (marked *){marked}: {params}",
                    width=width or 100,
                    subsequent_indent="  ",
                )
            )
        return "\n".join(lines)
