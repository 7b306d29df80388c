"""What a scikit-optimize ``BayesSearchCV`` user brings along (issue #23).

- ``optimizer_kwargs``: the ``scikit-optimize.Optimizer`` options, translated into the
  engine's (:func:`engine_options`);
- ``fit(..., callback=...)``: scikit-optimize's callback contract (:func:`check_callbacks`,
  :func:`run_callbacks`);
- ``optimizer_results_``: one ``scipy.optimize.OptimizeResult`` per subspace
  (:func:`optimize_result`), read from ``cv_results_``.
"""

from __future__ import annotations

import numbers

import numpy as np
from scipy.optimize import OptimizeResult

from .._results import objective_matrix, pareto_columns
from ..engine import INITIAL_POINT_GENERATORS
from ..exceptions import OptimizerOptionWarning
from ..policies import BaseRefitPolicy
from ..utils._warnings import warn_at_caller

__all__ = ["engine_options", "check_callbacks", "run_callbacks", "optimize_result"]

_GP_NAMES = {None, "GP", "gp"}
# scikit-optimize.Optimizer options the engine does not use, and what it does instead.
_IGNORED = {
    "acq_func": "the engine's acquisition is multi-objective: expected hypervolume "
    "improvement, or ParEGO on large fronts",
    "acq_func_kwargs": "the engine's acquisition has no such settings",
    "acq_optimizer": "the engine scores random candidates and perturbations of the front "
    "(maps to acq_optimizer_kwargs={'n_points': ...})",
    "n_jobs": "the search's own n_jobs runs the fits in parallel",
    "model_queue_size": "the engine keeps only its current models",
    "avoid_duplicates": "the engine never proposes a point twice",
}
_KNOWN = {
    "base_estimator",
    "n_initial_points",
    "initial_point_generator",
    "random_state",
    "acq_optimizer_kwargs",
    "space_constraint",
    "dimensions",
    *_IGNORED,
}


def engine_options(
    optimizer_kwargs, *, n_initial_points, strategy, random_state
) -> dict:
    """The engine's settings from a search's ``optimizer_kwargs`` (validated, before any fit).

    Returns
    -------
    options : dict
        ``n_initial_points``, ``strategy``, ``initial_point_generator``,
        ``n_candidates`` (None: the engine's default) and ``random_state``
        (what seeds the engines).
    """
    kwargs = dict(optimizer_kwargs or {})
    unknown = sorted(set(kwargs) - _KNOWN)
    if unknown:
        raise TypeError(
            f"optimizer_kwargs has options scikit-optimize's Optimizer does not "
            f"take: {unknown}. Known: {sorted(_KNOWN - {'dimensions'})}."
        )
    for name, why in (
        ("dimensions", "the search builds them from search_spaces"),
        (
            "space_constraint",
            "the engine cannot exclude points from the space; "
            "make the estimator fail there (its candidates are marked is_failed) "
            "or use constraints= on a scorer",
        ),
    ):
        if name in kwargs:
            raise ValueError(f"optimizer_kwargs[{name!r}] is not supported: {why}.")
    options = {
        "n_initial_points": n_initial_points,
        "strategy": strategy,
        "initial_point_generator": "lhs",
        "n_candidates": None,
        "random_state": random_state,
    }
    _base_estimator(kwargs.get("base_estimator"), options)
    if "n_initial_points" in kwargs:
        value = kwargs["n_initial_points"]
        if (
            not isinstance(value, numbers.Integral)
            or isinstance(value, bool)
            or value < 1
        ):
            raise ValueError(
                "optimizer_kwargs['n_initial_points'] must be an int >= 1, got "
                f"{value!r}."
            )
        if n_initial_points is not None and n_initial_points != value:
            raise ValueError(
                f"n_initial_points={n_initial_points!r} and optimizer_kwargs["
                f"'n_initial_points']={value!r} disagree; give one of them."
            )
        options["n_initial_points"] = int(value)
    if "initial_point_generator" in kwargs:
        value = kwargs["initial_point_generator"]
        if value not in INITIAL_POINT_GENERATORS:
            raise ValueError(
                f"optimizer_kwargs['initial_point_generator'] must be one of "
                f"{list(INITIAL_POINT_GENERATORS)}, got {value!r}."
            )
        options["initial_point_generator"] = value
    if random_state is None and kwargs.get("random_state") is not None:
        options["random_state"] = kwargs["random_state"]
    ignored = [
        f"{name}={kwargs[name]!r} ({why})"
        for name, why in _IGNORED.items()
        if name in kwargs and not (name == "avoid_duplicates" and kwargs[name])
    ]
    ignored += _acq_optimizer_kwargs(kwargs.get("acq_optimizer_kwargs"), options)
    if ignored:
        warn_at_caller(
            "optimizer_kwargs options the multi-objective engine does not use: "
            + "; ".join(ignored)
            + ".",
            OptimizerOptionWarning,
        )
    return options


def _base_estimator(value, options):
    if isinstance(value, str) and value.lower() == "dummy":
        options["strategy"] = (
            "random"  # scikit-optimize's "dummy" surrogate is random search
        )
    elif value not in _GP_NAMES:
        raise ValueError(
            f"optimizer_kwargs['base_estimator']={value!r} is not supported: the engine models "
            "each objective with its own Gaussian process (Matern 5/2, one length scale per "
            "dimension). Use 'GP' (or leave it out), or 'dummy' for random search."
        )


def _acq_optimizer_kwargs(value, options) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, dict):
        raise ValueError(
            f"optimizer_kwargs['acq_optimizer_kwargs'] must be a dict, got {value!r}."
        )
    n_points = value.get("n_points")
    if n_points is not None:
        if (
            not isinstance(n_points, numbers.Integral)
            or isinstance(n_points, bool)
            or n_points < 1
        ):
            raise ValueError(
                "optimizer_kwargs['acq_optimizer_kwargs']['n_points'] must be an "
                f"int >= 1, got {n_points!r}."
            )
        options["n_candidates"] = int(n_points)
    return [
        f"acq_optimizer_kwargs[{k!r}]={v!r} (no such setting)"
        for k, v in value.items()
        if k != "n_points"
    ]


# ------------------------------------------------------------------ callbacks
def check_callbacks(callback) -> list:
    """scikit-optimize's ``check_callback``: None, a callable or a list of callables."""
    if callback is None:
        return []
    if callable(callback):
        return [callback]
    if isinstance(callback, (list, tuple)) and all(callable(c) for c in callback):
        return list(callback)
    raise ValueError(
        f"callback should be either a callable or a list of callables, got "
        f"{callback!r}."
    )


def run_callbacks(callbacks, result) -> bool:
    """Call each callback with ``result``; True when one of them returns True.

    Every callback is called (as scikit-optimize's ``eval_callbacks`` does). A
    TypeError, ValueError or IndexError from a callback propagates with a note on
    the multi-objective result; one that returns something other than None or
    a bool raises a TypeError that says why.
    """
    stop = False
    for callback in callbacks:
        try:
            decision = callback(result)
        except (TypeError, ValueError, IndexError) as e:
            e.add_note(
                f"sklearn-moo: the result given to callback {callback!r} is multi-objective: "
                f"func_vals has shape {np.shape(result.func_vals)} (one column per objective, "
                f"{result.objective_names}, minimised) and fun one value per objective. "
                "scikit-optimize callbacks that read one objective (DeltaYStopper, "
                "HollowIterationsStopper, VerboseCallback) cannot be used; DeadlineStopper, "
                "DeltaXStopper and CheckpointSaver can."
            )
            raise
        if decision is None:
            continue
        if not isinstance(decision, (bool, np.bool_)):
            raise TypeError(
                f"callback {callback!r} returned {decision!r}; a callback returns True to "
                "stop the search, or False or None to go on. (A scikit-optimize callback "
                "that compares func_vals returns one answer per objective here: func_vals "
                f"has shape {np.shape(result.func_vals)}.)"
            )
        stop = stop or bool(decision)
    return stop


# --------------------------------------------------------------- the result
def optimize_result(
    cv_results, rows, objectives, constraints, *, space, best=None, policy=None
) -> OptimizeResult:
    """One subspace's ``OptimizeResult``, in scikit-optimize's layout, from ``cv_results_``.

    Parameters
    ----------
    cv_results : dict
    rows : list of int
        The subspace's candidates, in evaluation order.
    objectives, constraints
        The search's objectives and parsed constraints.
    space : scikit-optimize Space or None
    best : int, default=None
        The refitted candidate, used as ``x`` when it is one of ``rows``.
    policy : callable, default=None
        ``policy(cv_results_) -> int``, applied to the subspace's candidates
        alone to choose ``x`` otherwise (None: the best first objective).
    """
    names = [o.name for o in objectives]
    params = [cv_results["params"][i] for i in rows]
    x_iters = [[p[k] for k in sorted(p)] for p in params]
    func_vals = (
        -objective_matrix(cv_results, names)[rows]
        if rows
        else np.empty((0, len(names)))
    )
    result = OptimizeResult(
        x_iters=x_iters,
        func_vals=func_vals,
        space=space,
        models=[],
        objective_names=names,
        candidates=np.asarray(rows, dtype=int),
        x=None,
        fun=None,
    )
    if rows:
        local = (
            rows.index(best)
            if best in rows
            else _best_of(cv_results, rows, objectives, constraints, policy)
        )
        result.x, result.fun = x_iters[local], func_vals[local]
    return result


def _choice_among(policy, sliced) -> int:
    """The policy's choice among a subspace's rows, or -1 when it has none.

    A refit policy warns about the refit only, so a quiet copy chooses here
    (no warning filter: other threads' warnings are theirs); a subspace whose
    every candidate failed has no choice. A plain callable is the user's: one
    that cannot take a subset of the candidates has no choice either.
    """
    if isinstance(policy, BaseRefitPolicy):
        try:
            return int(policy._quiet()(sliced))
        except ValueError:  # every candidate of the subspace failed
            return -1
    try:
        return int(policy(sliced))
    except Exception:  # noqa: BLE001 - a user policy may not expect a subset
        return -1


def _best_of(cv_results, rows, objectives, constraints, policy) -> int:
    """The policy's choice among ``rows`` alone (Pareto columns recomputed on them)."""
    n = len(cv_results["params"])
    sliced = {
        k: [v[i] for i in rows] if isinstance(v, list) else np.asarray(v)[rows]
        for k, v in cv_results.items()
        if len(v) == n
    }
    sliced.update(pareto_columns(sliced, objectives, constraints))
    if policy is not None:
        index = _choice_among(policy, sliced)
        if 0 <= index < len(rows):
            return index
    first = np.asarray(sliced[f"mean_test_{objectives[0].name}"], dtype=float)
    return int(
        np.argmax(
            np.where(
                sliced["pareto_rank"] == sliced["pareto_rank"].min(),
                np.nan_to_num(first, nan=-np.inf),
                -np.inf,
            )
        )
    )
