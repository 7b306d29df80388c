"""MultiObjectiveSearchCV: GridSearchCV's interface, a Pareto set, refit by policy.

The grid (every point, in ``GridSearchCV``'s order) and the engine's rounds
(``n_points`` candidates proposed, evaluated, told) are this search's
``_run_search``; everything else is the base's (``_base.py``).
"""

from __future__ import annotations

import collections
import numbers

import numpy as np
from sklearn.model_selection import ParameterGrid
from sklearn.utils import check_random_state

from .._results import (
    constraint_gaps,
    failed_mask,
    objective_matrix,
)
from ..engine import (
    MultiObjectiveOptimizer,
    all_grids,
    as_subspaces,
    tuple_range_warnings,
)
from ..exceptions import (
    SearchSpaceExhaustedWarning,
    SearchSpaceWarning,
)
from ..utils._sklearn_compat import (
    Interval,
    StrOptions,
)
from ..utils._warnings import warn_at_caller
from ._base import _BaseMultiObjectiveSearch, _end_task, _subtask
from ._bayes_compat import (
    engine_options,
)

__all__ = ["MultiObjectiveSearchCV"]

DEFAULT_N_ITER = 50


class MultiObjectiveSearchCV(_BaseMultiObjectiveSearch):
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
        a warning). The user guide (:ref:`engine`) has what it gains on
        problems whose reference point is known.
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

    _parameter_constraints: dict = {
        **_BaseMultiObjectiveSearch._parameter_constraints,
        "n_iter": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "strategy": [StrOptions({"bayes", "random"})],
        "n_points": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_initial_points": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "optimizer_kwargs": [dict, None],
        "reference_point": [dict, None],
    }

    def _check_search_options(self):
        self._engine_options = self._check_engine_options()
        if self.reference_point is not None and (
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

    def _reference_point(self):
        return self.reference_point

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

    def _check_spaces(self):
        argument, self._space = self._space_argument()
        subspaces = as_subspaces(self._space, argument=argument)
        # Each subspace's dict, without scikit-optimize's (dict, n_iter) pairing.
        self._specs = [
            s[0] if isinstance(s, tuple) else s
            for s in (self._space if isinstance(self._space, list) else [self._space])
        ]
        self._grid_mode = self.n_iter is None and all_grids(subspaces)
        if not self._grid_mode:
            for message in tuple_range_warnings(subspaces, argument):
                warn_at_caller(message, SearchSpaceWarning)

    def _check_engine_options(self):
        return engine_options(
            self.optimizer_kwargs,
            n_initial_points=self.n_initial_points,
            strategy=self.strategy,
            random_state=self.random_state,
        )

    def _draw_seeds(self):
        """One engine seed per subspace, drawn once per fit (a resumed log brings its own)."""
        return [
            int(seed)
            for seed in check_random_state(
                self._engine_options["random_state"]
            ).randint(2**31 - 1, size=len(self._specs))
        ]

    def _mimics_sklearn(self):
        """A single-scorer grid is GridSearchCV's business: its warnings, no early raise."""
        return self._grid_mode and len(self._objectives) == 1

    def _audit_mode(self):
        """The kind of search, which a resumed log must share."""
        return "grid" if self._grid_mode else "engine"

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
            evaluate_candidates.subspace_of[:] = self._grid_subspaces()
            results = self._evaluate(
                evaluate_candidates,
                grid,
                first=0,
                callback_ctx=search_ctx,
            )
            _end_task(search_ctx, self)
            if self._objectives is None:
                self._late_prepare(results)
            if not evaluate_candidates.failures.all_failed():
                self._check_objectives_scored(
                    evaluate_candidates.failures, results, "grid"
                )
                self._report_progress(results)
                self._run_callbacks(evaluate_candidates, results)
        else:
            # The number of rounds is not known in advance (a finite space may
            # run out, a callback may stop the search).
            search_ctx = _subtask(callback_ctx, self, "search", None, sequential=True)
            self._run_engine(evaluate_candidates, search_ctx)
            _end_task(search_ctx, self)
        evaluate_candidates.failures.finish()

    def _grid_subspaces(self):
        """The subspace of each grid candidate, in ParameterGrid's order."""
        return [k for k, spec in enumerate(self._specs) for _ in ParameterGrid(spec)]

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

    def _make_engines(self, n_objectives, subspaces):
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
            for s, seed in zip(subspaces, seeds)
        ]

    def _budgets(self, subspaces):
        """Candidates left per subspace; subspaces without their own count share key None."""
        shared = self.n_iter if self.n_iter is not None else DEFAULT_N_ITER
        budgets = {None: shared if any(s.n_iter is None for s in subspaces) else 0}
        budgets.update(
            {k: s.n_iter for k, s in enumerate(subspaces) if s.n_iter is not None}
        )
        return budgets

    def _run_engine(self, evaluate_candidates, search_ctx):
        failures = evaluate_candidates.failures
        known = self._objectives is not None
        # NOTE: parsed here, not kept on the search: scikit-optimize's spaces pickle
        # with their samplers' random state, and the search rides with each task.
        subspaces = as_subspaces(self._space, argument=self._space_argument()[0])
        engines = self._make_engines(len(self._objectives) if known else 1, subspaces)
        design = max((e.n_initial_points for e in engines if e), default=1)
        budgets = self._budgets(subspaces)
        planned = self._planned = sum(budgets.values())
        queue = collections.deque(range(len(engines)))  # subspaces take turns
        history, checked = [], False
        while queue:
            k = queue.popleft()
            key = k if subspaces[k].n_iter is not None else None
            points = (
                self._ask(engines, k, min(self.n_points, budgets[key]))
                if budgets[key] > 0
                else []
            )
            if not points:
                continue
            queue.append(k)
            candidates = [subspaces[k].to_params(p) for p in points]
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
            evaluate_candidates.subspace_of += [k] * len(points)
            if not known and not failures.any_succeeded():
                # A callable scoring names its scores only once a fit succeeds.
                _end_task(round_ctx, self)
                if len(history) >= design:
                    self._raise_all_failed(failures, len(history))
                continue
            if not known:
                self._late_prepare(results)
                known, first = True, 0
                engines = [
                    False if old is False else new
                    for old, new in zip(
                        engines, self._make_engines(len(self._objectives), subspaces)
                    )
                ]
            self._tell(engines, history, results, first)
            if len(history) >= design and not checked:
                if failures.all_failed():
                    self._raise_all_failed(failures, len(history))
                self._check_objectives_scored(failures, results, "initial design")
                checked = True
            self._report_progress(results)
            stop = _end_task(round_ctx, self, results)
            if stop | self._run_callbacks(evaluate_candidates, results):
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

    def _raise_all_failed(self, failures, n_candidates):
        try:
            failures.finish()
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
