"""MultiObjectiveHalvingSearchCV: successive halving that keeps the trade-off."""

from __future__ import annotations

import numbers
from math import ceil, floor, log

import numpy as np
from sklearn.base import is_classifier
from sklearn.model_selection import ParameterGrid, ParameterSampler, check_cv
from sklearn.utils import check_random_state, resample
from sklearn.utils.multiclass import check_classification_targets

from .._results import (
    failed_mask,
    objective_matrix,
    pareto_columns,
    rung_survivors,
    within_noise_mask,
)
from ..engine import check_dimension, is_dimension
from ..utils._sklearn_compat import (
    BaseSearchCV,
    Interval,
    StrOptions,
)
from ._base import _FITTED_ATTRIBUTES, _BaseMultiObjectiveSearch, _end_task, _subtask

__all__ = ["MultiObjectiveHalvingSearchCV"]


class _SubsampledSplits:
    """The base folds, each train and test set subsampled to ``fraction`` of its size.

    NOTE: the same seed at every rung, as scikit-learn's halving search does with
    an int ``random_state``: a smaller rung's samples are a subset of a larger one's.
    """

    def __init__(self, base, fraction, seed):
        self.base, self.fraction, self.seed = base, fraction, seed

    def split(self, X, y=None, groups=None, **params):
        for train, test in self.base.split(X, y, groups, **params):
            yield (
                resample(
                    train,
                    replace=False,
                    random_state=self.seed,
                    n_samples=int(self.fraction * len(train)),
                ),
                resample(
                    test,
                    replace=False,
                    random_state=self.seed,
                    n_samples=int(self.fraction * len(test)),
                ),
            )

    def get_n_splits(self, X=None, y=None, groups=None, **params):
        return self.base.get_n_splits(X, y, groups)


class _DimensionSampler:
    """A scikit-optimize dimension with the ``rvs`` that ParameterSampler calls."""

    def __init__(self, dimension):
        self.dimension = dimension

    def rvs(self, random_state=None):
        value = self.dimension.rvs(n_samples=1, random_state=random_state)[0]
        return value.item() if isinstance(value, np.generic) else value


def _n_samples(X):
    if hasattr(X, "shape"):
        return X.shape[0]
    return len(X) if hasattr(X, "__len__") else np.asarray(X).shape[0]


class MultiObjectiveHalvingSearchCV(_BaseMultiObjectiveSearch):
    """Successive halving over several objectives: prune by Pareto rank, keep the front.

    ``HalvingGridSearchCV`` and ``HalvingRandomSearchCV`` in one class, with a
    dict of scorers, constraints and refit policies. Every candidate is first
    evaluated with few resources (samples, or an estimator parameter such as
    ``n_estimators``); each rung keeps ``ceil(n / factor)`` of its candidates
    and gives them ``factor`` times the resources. With several objectives
    (or constraints) a rung keeps feasible candidates by non-dominated front,
    splits the front that does not fit whole by crowding distance so that the
    kept set spans it, then infeasible ones by total violation, failed ones
    last. With one scorer and no constraint it keeps exactly what
    ``HalvingGridSearchCV`` keeps.

    Parameters
    ----------
    estimator : estimator object
    search_spaces : dict or list of dicts, default=None
        Lists of values (a grid), ``scipy.stats`` distributions (anything with
        ``rvs``) or ``Real`` / ``Integer`` / ``Categorical`` ranges from
        :mod:`sklearn_moo.engine`. A grid is evaluated whole, as
        ``HalvingGridSearchCV`` does, unless ``n_candidates`` is given; a space
        with a distribution or a range is sampled, as ``HalvingRandomSearchCV``
        does.
    param_grid, param_distributions : dict or list of dicts, default=None
        scikit-learn's names for the same argument; give it exactly once.
    scoring, refit, constraints, cv, n_jobs, pre_dispatch, error_score, return_train_score
        As in :class:`~sklearn_moo.MultiObjectiveSearchCV`. Like scikit-learn's
        halving searches, the refit trusts the last rung, whose candidates had
        the most resources: ``refit=True`` with one scorer, or a scorer name,
        picks the best candidate of the last rung; ``refit=True`` with several
        applies the default policy (``WeightedSum()``) to the last rung's
        Pareto candidates. A policy or callable you give reads the whole
        ``cv_results_`` (its Pareto columns span every rung).
    n_candidates : int, "exhaust" or None, default=None
        Candidates of the first rung. None: every point of a grid, else
        ``"exhaust"``. An int samples that many (without replacement from a
        grid, as ``ParameterSampler`` does). ``"exhaust"`` samples
        ``max_resources_ // min_resources_`` of them, so that the last rung
        uses as many resources as possible.
    factor : float, default=3
        Each rung keeps ``1 / factor`` of its candidates and multiplies the
        resources by ``factor``; greater than 1.
    resource : str, default="n_samples"
        ``"n_samples"`` (each fold's train and test sets are subsampled) or a
        parameter of the estimator (``max_iter``, ``n_estimators``), set to
        each rung's amount; it may not be one of the searched parameters.
    max_resources : int or "auto", default="auto"
        Resources of a candidate at most; ``"auto"`` is the number of samples
        (only with ``resource="n_samples"``).
    min_resources : int, "exhaust", "smallest" or None, default=None
        Resources of the first rung. ``"smallest"``: ``2 * n_splits`` samples
        (times the number of classes for a classifier), or 1 of an estimator
        parameter; ``"exhaust"``: the largest amount such that the last rung
        reaches ``max_resources``. None: ``"exhaust"`` when the number of
        candidates is known (a grid, or an int ``n_candidates``) and
        ``"smallest"`` when it is ``"exhaust"`` (the two defaults of
        scikit-learn's halving searches).
    aggressive_elimination : bool, default=False
        As in ``HalvingGridSearchCV``: repeat the first amount of resources
        until the last rung has fewer than ``factor`` candidates.
    verbose : int, default=0
        1 prints one line per rung.
    random_state : int, RandomState instance or None, default=None
        Seed of the candidates' sampling and of the subsamples. An int is
        used as such (as scikit-learn does); otherwise two seeds are drawn
        once per fit (and kept in the audit log, so a resumed search
        subsamples the same rows).
    audit_log : str or path-like, default=None
        As in :class:`~sklearn_moo.MultiObjectiveSearchCV`; each rung is a
        round, and a fit's record names its rung's resources.
    resume_other_versions : bool, default=False
        As in :class:`~sklearn_moo.MultiObjectiveSearchCV`.

    Attributes
    ----------
    cv_results_ : dict of ndarray
        One row per candidate and rung, with ``iter`` (the rung, from 0) and
        ``n_resources`` as in scikit-learn's halving searches, and the Pareto
        columns of :class:`~sklearn_moo.MultiObjectiveSearchCV`. These are
        computed on **the last rung each candidate reached**: a candidate's row
        there is ranked among the rows of that rung (all evaluated with the
        same resources, those that went on included), so ``pareto_rank`` and
        ``is_pareto_optimal`` say where it stood when it was last compared on
        equal terms; a candidate that went on is ranked at a later rung, and
        its earlier rows (superseded by more resources) are never
        Pareto-optimal nor within noise and share the rank after every other
        row. The front thus gathers the candidates of the last rung that no
        other of them dominates and the earlier rungs' non-dominated
        candidates that were not kept (a front larger than ``1 / factor`` of
        its rung), with the scores of their rung: ``iter`` and
        ``n_resources`` say how much each was given.
    n_resources_ : list of int
        Resources of each rung.
    n_candidates_ : list of int
        Candidates of each rung.
    n_remaining_candidates_ : int
        Candidates kept by the last rung.
    max_resources_, min_resources_ : int
    n_iterations_, n_required_iterations_, n_possible_iterations_ : int
        Rungs run, rungs needed to end with fewer than ``factor`` candidates,
        and rungs that ``min_resources_`` and ``max_resources_`` allow.
    pareto_front_, refit_explanation_, hypervolume_history_, best_index_, best_params_, \
best_score_, best_estimator_, objective_names_, objective_directions_, constraints_
        As in :class:`~sklearn_moo.MultiObjectiveSearchCV`.

    See Also
    --------
    MultiObjectiveSearchCV : the same objectives, every candidate at full resources.

    Notes
    -----
    The folds are computed once per search, so a splitter that shuffles
    without a seed is accepted (scikit-learn's halving searches refuse it).
    The callbacks of ``set_callbacks`` see one "round" task per rung; one
    that returns True ends the search after that rung (the refit happens),
    and so does a scikit-optimize callback given to ``fit``.

    References
    ----------
    Z. Karnin, T. Koren, O. Somekh, "Almost optimal exploration in multi-armed
    bandits", ICML 2013. K. Deb et al., "A fast and elitist multiobjective
    genetic algorithm: NSGA-II", IEEE TEC 6(2), 2002 (crowding distance).

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.tree import DecisionTreeClassifier
    >>> from sklearn_moo import MultiObjectiveHalvingSearchCV
    >>> X, y = make_classification(n_samples=600, random_state=0)
    >>> search = MultiObjectiveHalvingSearchCV(
    ...     DecisionTreeClassifier(random_state=0), {"max_depth": [1, 2, 4, 8, None],
    ...     "min_samples_leaf": [1, 5]}, scoring={"accuracy": "accuracy",
    ...     "recall": "recall"}, factor=3, random_state=0).fit(X, y)
    >>> search.n_candidates_, search.n_resources_
    ([10, 4, 2], [66, 198, 594])
    >>> len(search.cv_results_["iter"]), int(search.cv_results_["is_pareto_optimal"].sum()) > 0
    (16, True)
    """

    _parameter_constraints: dict = {
        **_BaseMultiObjectiveSearch._parameter_constraints,
        "n_candidates": [
            Interval(numbers.Integral, 1, None, closed="left"),
            StrOptions({"exhaust"}),
            None,
        ],
        "factor": [Interval(numbers.Real, 1, None, closed="neither")],
        "resource": [str],
        "max_resources": [
            Interval(numbers.Integral, 1, None, closed="left"),
            StrOptions({"auto"}),
        ],
        "min_resources": [
            Interval(numbers.Integral, 1, None, closed="left"),
            StrOptions({"exhaust", "smallest"}),
            None,
        ],
        "aggressive_elimination": ["boolean"],
    }
    _fitted_attributes = _FITTED_ATTRIBUTES + (
        "n_resources_",
        "n_candidates_",
        "n_remaining_candidates_",
        "n_iterations_",
        "n_required_iterations_",
        "n_possible_iterations_",
        "max_resources_",
        "min_resources_",
    )
    _per_fit_attributes = _BaseMultiObjectiveSearch._per_fit_attributes + (
        "_all_lists", "_n_samples_orig", "_sampled", "_superseded",
    )  # fmt: skip
    _keeps_optimizer_results = False
    # How a rung splits the front that does not fit whole (benchmarks/bench_halving.py).
    _tie_break = "crowding"

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
        n_candidates=None,
        factor=3,
        resource="n_samples",
        max_resources="auto",
        min_resources=None,
        aggressive_elimination=False,
        cv=5,
        n_jobs=None,
        pre_dispatch="2*n_jobs",
        verbose=0,
        random_state=None,
        error_score=np.nan,
        return_train_score=False,
        audit_log=None,
        resume_other_versions=False,
    ):
        BaseSearchCV.__init__(
            self,
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
        self.n_candidates = n_candidates
        self.factor = factor
        self.resource = resource
        self.max_resources = max_resources
        self.min_resources = min_resources
        self.aggressive_elimination = aggressive_elimination
        self.random_state = random_state
        self.audit_log = audit_log
        self.resume_other_versions = resume_other_versions

    # ------------------------------------------------------------ validation
    def _check_spaces(self):
        argument, self._space = self._space_argument()
        specs = self._space if isinstance(self._space, list) else [self._space]
        if not specs:
            raise ValueError(f"{argument} is an empty list; give at least one dict.")
        self._specs = list(specs)
        self._grid_mode = False
        self._all_lists = True
        for i, spec in enumerate(self._specs):
            where = argument if len(self._specs) == 1 else f"{argument}[{i}]"
            if not isinstance(spec, dict):
                raise TypeError(
                    f"Parameter grid is not a dict ({spec!r}); {argument} must "
                    "be a dict or a list of dicts."
                )
            for name, values in spec.items():
                if is_dimension(values):
                    check_dimension(values, f"{where}[{name!r}]")
                if is_dimension(values) or hasattr(values, "rvs"):
                    self._all_lists = False
            if self.resource != "n_samples" and self.resource in spec:
                raise ValueError(
                    f"Cannot use parameter {self.resource} as the resource since "
                    "it is part of the searched parameters."
                )
        if self._all_lists:
            ParameterGrid(
                self._specs
            )  # scikit-learn's own messages for a malformed grid
        else:
            ParameterSampler(self._sampled_specs(), 1)
        self._sampled = not (self._all_lists and self.n_candidates is None)
        if (
            self._sampled
            and self.n_candidates in (None, "exhaust")
            and self.min_resources == "exhaust"
        ):
            spelled = (
                ""
                if self.n_candidates == "exhaust"
                else " (n_candidates=None samples 'exhaust' candidates from a space with ranges)"
            )
            raise ValueError(
                f"n_candidates and min_resources cannot be both set to "
                f"'exhaust'.{spelled} Give n_candidates or min_resources a number."
            )

    def _sampled_specs(self):
        return [
            {
                name: _DimensionSampler(v) if is_dimension(v) else v
                for name, v in spec.items()
            }
            for spec in self._specs
        ]

    def _audit_mode(self):
        return "halving"

    def _draw_seeds(self):
        """The candidates' and the subsamples' seeds (an int ``random_state`` is both)."""
        if isinstance(self.random_state, numbers.Integral):
            return [int(self.random_state)] * 2
        return [
            int(s)
            for s in check_random_state(self.random_state).randint(2**31 - 1, size=2)
        ]

    def _check_fit_inputs(self, X, y, params):
        """scikit-learn's checks of the resources, with its messages, before any fit."""
        if (
            self.resource != "n_samples"
            and self.resource not in self.estimator.get_params()
        ):
            raise ValueError(
                f"Cannot use resource={self.resource} which is not supported by "
                f"estimator {self.estimator.__class__.__name__}"
            )
        if self.max_resources == "auto" and self.resource != "n_samples":
            raise ValueError(
                "resource can only be 'n_samples' when max_resources='auto'"
            )
        self.min_resources_ = self._min_resources_spelled()
        if self.min_resources_ in ("smallest", "exhaust"):
            self.min_resources_ = 1
            if self.resource == "n_samples":
                cv = check_cv(self.cv, y, classifier=is_classifier(self.estimator))
                self.min_resources_ = 2 * cv.get_n_splits(X, y, params.get("groups"))
                if is_classifier(self.estimator):
                    check_classification_targets(np.asarray(y))
                    self.min_resources_ *= len(np.unique(np.asarray(y)))
        self.max_resources_ = (
            _n_samples(X) if self.max_resources == "auto" else self.max_resources
        )
        if self.min_resources_ > self.max_resources_:
            raise ValueError(
                f"min_resources_={self.min_resources_} is greater than "
                f"max_resources_={self.max_resources_}."
            )
        if self.min_resources_ == 0:
            raise ValueError(
                f"min_resources_={self.min_resources_}: you might have passed an "
                "empty dataset X."
            )
        self._n_samples_orig = _n_samples(X)

    def _min_resources_spelled(self):
        if self.min_resources is not None:
            return self.min_resources
        unknown = self._sampled and self.n_candidates in (None, "exhaust")
        return "smallest" if unknown else "exhaust"

    def _mimics_sklearn(self):
        return len(self._objectives) == 1

    # ------------------------------------------------------------- the rungs
    def _candidates(self):
        if not self._sampled:
            return list(ParameterGrid(self._specs))
        n = self.n_candidates
        if n in (None, "exhaust"):
            n = self.max_resources_ // self.min_resources_
        return list(
            ParameterSampler(self._sampled_specs(), n, random_state=self._seeds[0])
        )

    def _plan(self, n_candidates):
        """Rungs needed, rungs possible and rungs run; ``min_resources_`` for "exhaust"."""
        required = 1 + floor(log(n_candidates, self.factor))
        if self._min_resources_spelled() == "exhaust":
            self.min_resources_ = max(
                self.min_resources_,
                self.max_resources_ // self.factor ** (required - 1),
            )
        possible = 1 + floor(
            log(self.max_resources_ // self.min_resources_, self.factor)
        )
        run = required if self.aggressive_elimination else min(possible, required)
        self.n_required_iterations_, self.n_possible_iterations_ = required, possible
        return run

    def _resources(self, rung):
        power = (
            max(0, rung - self.n_required_iterations_ + self.n_possible_iterations_)
            if self.aggressive_elimination
            else rung
        )
        return min(int(self.factor**power * self.min_resources_), self.max_resources_)

    def _subspace_of(self, candidate):
        names = set(candidate) - {self.resource}
        return next((k for k, spec in enumerate(self._specs) if set(spec) == names), 0)

    def _run_search(self, evaluate_candidates, *, callback_ctx=None):
        candidates = self._candidates()
        n_rungs = self._plan(len(candidates))
        base = evaluate_candidates.splits
        self.n_resources_, self.n_candidates_ = [], []
        self._superseded = set()  # rows of candidates that went on to a later rung
        search_ctx = _subtask(callback_ctx, self, "search", n_rungs, sequential=True)
        for rung in range(n_rungs):
            results, rows, round_ctx = self._run_rung(
                evaluate_candidates, rung, candidates, base, search_ctx
            )
            kept = rung_survivors(
                results,
                self._objectives,
                self._constraint_list,
                rows,
                ceil(len(rows) / self.factor),
                tie_break=self._tie_break,
            )
            candidates = [results["params"][i] for i in kept]
            self._report_rung(results, rung, rows, len(kept))
            stop = _end_task(round_ctx, self, results)
            stop |= self._run_callbacks(evaluate_candidates, results)
            if stop:
                break
            self._superseded.update(int(i) for i in kept)
        self.n_remaining_candidates_ = len(candidates)
        self.n_iterations_ = len(self.n_resources_)
        _end_task(search_ctx, self)
        evaluate_candidates.failures.finish()

    def _run_rung(self, evaluate_candidates, rung, candidates, base, search_ctx):
        """Evaluate one rung; returns the results so far, the rung's rows and its
        callback task (ended by the caller, after the cut)."""
        n_resources = self._resources(rung)
        self.n_resources_.append(n_resources)
        self.n_candidates_.append(len(candidates))
        if self.resource == "n_samples":
            cv = _SubsampledSplits(
                base, n_resources / self._n_samples_orig, self._seeds[1]
            )
        else:
            candidates = [{**c, self.resource: n_resources} for c in candidates]
            cv = base
        if self._audit is not None:
            self._audit.scope = f"{self.resource}={n_resources}"
        round_ctx = _subtask(
            search_ctx,
            self,
            "round",
            len(candidates) * self.n_splits_,
            sequential=False,
        )
        n = len(candidates)
        more = {"iter": [rung] * n, "n_resources": [n_resources] * n}
        results = self._evaluate(
            evaluate_candidates,
            candidates,
            cv=cv,
            callback_ctx=round_ctx,
            more_results=more,
        )
        evaluate_candidates.subspace_of += [self._subspace_of(c) for c in candidates]
        rows = np.arange(len(results["params"]) - n, len(results["params"]))
        if rung == 0:
            failures = evaluate_candidates.failures
            if failures.all_failed():
                self._raise_all_failed(failures, n)
            if self._objectives is None:
                self._late_prepare(results)
            self._check_objectives_scored(failures, results, "first rung")
        return results, rows, round_ctx

    def _add_pareto_columns(self, results, objectives):
        """Pareto columns rung by rung: each candidate is ranked among the rows of the last
        rung it reached (same resources), its earlier rows are superseded."""
        superseded = getattr(self, "_superseded", set())
        n = len(results["params"])
        eligible = np.array([i not in superseded for i in range(n)], dtype=bool)
        columns = pareto_columns(results, objectives, self._constraint_list, eligible)
        noise = np.zeros(n, dtype=bool)
        iters = np.asarray(results["iter"])
        for rung in np.unique(iters):
            rows = np.flatnonzero(iters == rung)
            sub = {
                k: v
                for k, v in results.items()
                if k.startswith(("mean_test_", "std_test_", "split"))
            }
            sub = {k: np.asarray(v)[rows] for k, v in sub.items()}
            sub["is_failed"] = np.asarray(results["is_failed"])[rows]
            mine = eligible[rows]  # NOTE: every row of the rung is a comparator
            local = pareto_columns(sub, objectives, self._constraint_list)
            columns["pareto_rank"][rows[mine]] = local["pareto_rank"][mine]
            columns["is_pareto_optimal"][rows] = local["is_pareto_optimal"] & mine
            noise[rows] = (
                within_noise_mask(
                    {**sub, "is_feasible": local["is_feasible"]}, objectives
                )
                & mine
            )
        columns["pareto_rank"][~eligible] = (
            int(columns["pareto_rank"][eligible].max()) + 1 if eligible.any() else 1
        )
        results.update(columns)
        results["is_within_noise"] = noise

    def _raise_all_failed(self, failures, n_candidates):
        try:
            failures.finish()
        except ValueError as e:
            raise ValueError(
                f"{e}\nThe search stopped after its first rung of {n_candidates} "
                "candidates, since every fit had failed."
            ) from None

    def _report_rung(self, results, rung, rows, n_kept):
        """With ``verbose=1``: one line per rung."""
        if not self._progress:
            return
        names = [o.name for o in self._objectives]
        feasible = np.asarray(results["is_feasible"], bool)[rows]
        front = np.asarray(results["is_pareto_optimal"], bool)
        if feasible.any():
            scores = objective_matrix(results, names)[rows][feasible]
            best = ", ".join(
                f"{o.name} {o.format(scores[:, j].max())}"
                for j, o in enumerate(self._objectives)
            )
        else:
            best = "none feasible"
        print(
            f"[rung {rung}] {len(rows)} candidates at {self.resource}="
            f"{self.n_resources_[rung]} | kept {n_kept} | {int(front.sum())} on the front "
            f"| best feasible at this rung: {best}",
            flush=True,
        )

    def _default_policy_choice(self, refit, refit_metric, results):
        """``refit=True``: the default policy among the last rung's Pareto candidates (the
        most resources), as scikit-learn refits from the last rung; among every Pareto
        candidate when the last rung has none."""
        last = np.asarray(results["iter"]) == np.max(results["iter"])
        front = np.asarray(results["is_pareto_optimal"], bool)
        if not (front & last).any():
            return super()._select_best_index(refit, refit_metric, results)
        view = {**results, "is_pareto_optimal": front & last}
        index = super()._select_best_index(refit, refit_metric, view)
        return index

    # ---------------------------------------------------------- scikit-learn hooks
    def _select_best_index(self, refit, refit_metric, results):
        names = [o.name for o in self._objectives]
        by_scorer = (
            isinstance(refit_metric, str)
            and refit_metric in names
            and (self._policy is None if len(names) == 1 else refit == refit_metric)
        )
        if not by_scorer and self.refit is True and len(names) > 1:
            return self._default_policy_choice(refit, refit_metric, results)
        if not by_scorer:
            return super()._select_best_index(refit, refit_metric, results)
        # As scikit-learn's halving searches: the best of the last rung.
        last = np.flatnonzero(np.asarray(results["iter"]) == np.max(results["iter"]))
        scores = np.asarray(results[f"mean_test_{refit_metric}"], dtype=float)[last]
        if len(names) > 1:
            scores = np.where(failed_mask(results, names)[last], np.nan, scores)
        return int(last[0 if np.isnan(scores).all() else np.nanargmax(scores)])
