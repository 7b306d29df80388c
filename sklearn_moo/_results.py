"""Pure functions over a ``cv_results_`` dict: objective matrix, Pareto,
feasibility and noise columns, and the hypervolume history.

Everything the search, the refit policies and the reports say about Pareto
optimality comes from :func:`pareto_columns`, computed once per round.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Sequence

import numpy as np

from ._objectives import Constraint, Objective
from .pareto import (
    crowding_distance,
    hypervolume,
    hypervolume_contributions,
    non_dominated_sort,
    use_backend,
)
from .utils._optional import has_module

__all__ = [
    "objective_matrix",
    "failed_mask",
    "pareto_columns",
    "objective_names",
    "constraint_gaps",
    "violation_names",
    "total_violation",
    "describe_violations",
    "n_splits_of",
    "within_noise_mask",
    "hypervolume_history",
    "natural_matrix",
    "rung_survivors",
    "TIE_BREAKS",
]


def objective_names(cv_results: dict) -> list[str]:
    """Scorer names in ``cv_results_`` (keys ``mean_test_<name>``), in order."""
    return [
        k.removeprefix("mean_test_") for k in cv_results if k.startswith("mean_test_")
    ]


def objective_matrix(cv_results: dict, names: list[str]) -> np.ndarray:
    """Mean test scores, shape ``(n_candidates, n_objectives)``, greater is better."""
    return np.column_stack(
        [np.asarray(cv_results[f"mean_test_{name}"], dtype=float) for name in names]
    )


def failed_mask(cv_results: dict, names: list[str]) -> np.ndarray:
    """Failed candidates: a fit or a score raised (``is_failed``) or a mean test score
    is not finite.

    ``is_failed`` comes from the fits' own errors, so a candidate scored with a
    finite ``error_score`` (e.g. 0.0) still counts as failed.
    """
    failed = ~np.all(np.isfinite(objective_matrix(cv_results, names)), axis=1)
    if "is_failed" in cv_results:
        failed |= np.asarray(cv_results["is_failed"], dtype=bool)
    return failed


def violation_names(constraints: Sequence[Constraint]) -> list[str]:
    """The ``cv_results_`` column of each constraint, distinct even on one scorer.

    ``violation_<name>`` when a scorer has one constraint; with several,
    ``violation_<name>_max`` for ``<=`` bounds and ``violation_<name>_min`` for
    ``>=`` bounds, then a counter if a name is still taken.
    """
    per_scorer = Counter(c.name for c in constraints)
    names, taken = [], set()
    for c in constraints:
        base = (
            f"violation_{c.name}"
            if per_scorer[c.name] == 1
            else f"violation_{c.name}_{'max' if c.op == '<=' else 'min'}"
        )
        name, k = base, 2
        while name in taken:
            name, k = f"{base}_{k}", k + 1
        taken.add(name)
        names.append(name)
    return names


def constraint_gaps(
    cv_results: dict, objectives: Sequence[Objective], constraints: Sequence[Constraint]
) -> np.ndarray:
    """Signed gaps in natural units, shape ``(n_candidates, n_constraints)``.

    Negative or zero when a constraint holds, positive by how much it is
    missed; NaN for a failed candidate. Feasibility, the violation columns, the
    engine's constraint values and the policies' fallback all come from here.
    """
    names = [o.name for o in objectives]
    by_name = {o.name: o for o in objectives}
    failed = failed_mask(cv_results, names)
    gaps = np.empty((len(failed), len(constraints)))
    for j, c in enumerate(constraints):
        natural = by_name[c.name].to_natural(cv_results[f"mean_test_{c.name}"])
        gaps[:, j] = np.where(failed, np.nan, c.signed_gap(natural))
    return gaps


def total_violation(
    cv_results: dict, objectives: Sequence[Objective], constraints: Sequence[Constraint]
) -> np.ndarray:
    """Sum over constraints of each relative violation (inf for a failed candidate).

    Each violation is divided by the larger of its bound's magnitude and the
    range of the constrained quantity over the non-failed candidates, so a
    bound of 0 (``"dp <= 0"``) or a tiny one does not drown the others.
    """
    gaps = constraint_gaps(cv_results, objectives, constraints)
    scales = np.ones(len(constraints))
    for j, c in enumerate(constraints):
        natural = gaps[:, j][
            np.isfinite(gaps[:, j])
        ]  # gap = natural - bound, up to sign
        spread = float(np.ptp(natural)) if len(natural) else 0.0
        scales[j] = max(abs(c.bound), spread, 1e-12)
    relative = np.maximum(gaps, 0.0) / scales
    return np.nan_to_num(relative, nan=np.inf).sum(axis=1)


def describe_violations(
    cv_results: dict,
    objectives: Sequence[Objective],
    constraints: Sequence[Constraint],
    index: int,
) -> list[str]:
    """What candidate ``index`` breaks, e.g. ``"latency <= 20 ms (it has 33.1 ms)"``."""
    by_name = {o.name: o for o in objectives}
    gaps = constraint_gaps(cv_results, objectives, constraints)[index]
    return [
        f"{c.text} (it has {by_name[c.name].format(cv_results[f'mean_test_{c.name}'][index])})"
        for c, gap in zip(constraints, gaps)
        if not gap <= 0
    ]


def _sort_fronts(scores: np.ndarray) -> np.ndarray:
    if len(scores) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.asarray(non_dominated_sort(scores, maximize=True), dtype=np.int64)


def pareto_columns(
    cv_results: dict,
    objectives: list[Objective],
    constraints: Sequence[Constraint] = (),
    eligible: np.ndarray | None = None,
) -> dict:
    """The Pareto and feasibility columns that the search adds to ``cv_results_``.

    Returns
    -------
    columns : dict
        One violation column per constraint (see :func:`violation_names`;
        natural units, 0 when satisfied, NaN for failed candidates),
        ``is_feasible``, ``pareto_rank`` and ``is_pareto_optimal``.

    Notes
    -----
    ``pareto_rank`` is 1-based like ``rank_test_*``: feasible candidates get
    ``1 + front`` from a non-dominated sort of their mean test scores.
    Infeasible candidates are ranked after every feasible front (by their own
    non-dominated sort), and failed candidates (see :func:`failed_mask`) come
    last, all sharing the largest rank. Sorting by ``pareto_rank`` thus lists
    feasible fronts, then infeasible ones, then failures.

    ``eligible`` (a boolean mask; all rows by default) restricts the ranking to
    some rows: a successive-halving search ranks each candidate at the last
    rung it reached. The other rows keep their violations and ``is_feasible``,
    are never Pareto-optimal and share the rank after every eligible row.
    """
    names = [o.name for o in objectives]
    scores = objective_matrix(cv_results, names)
    failed = failed_mask(cv_results, names)
    gaps = constraint_gaps(cv_results, objectives, constraints)
    columns = {}
    for name, gap in zip(violation_names(constraints), gaps.T):
        columns[name] = np.where(np.isnan(gap), np.nan, np.maximum(gap, 0.0))
    feasible = ~failed & np.all(gaps <= 0, axis=1)
    eligible = (
        np.ones(len(scores), bool) if eligible is None else np.asarray(eligible, bool)
    )
    ranked = feasible & eligible
    rank = np.empty(len(scores), dtype=np.int32)
    rank[ranked] = 1 + _sort_fronts(scores[ranked])
    offset = int(rank[ranked].max()) if ranked.any() else 0
    infeasible = ~feasible & ~failed & eligible
    rank[infeasible] = offset + 1 + _sort_fronts(scores[infeasible])
    scored = ~failed & eligible
    offset = int(rank[scored].max()) if scored.any() else 0
    rank[failed & eligible] = offset + 1
    rank[~eligible] = (int(rank[eligible].max()) if eligible.any() else 0) + 1
    columns["is_feasible"] = feasible
    columns["pareto_rank"] = rank
    columns["is_pareto_optimal"] = ranked & (rank == 1)
    return columns


def n_splits_of(cv_results: dict) -> int:
    """The number of folds, from the ``split<k>_test_*`` keys."""
    return len(
        {
            k.split("_", 1)[0]
            for k in cv_results
            if k.startswith("split") and "_test_" in k
        }
    )


def natural_matrix(cv_results: dict, objectives: Sequence[Objective]) -> np.ndarray:
    """Mean test scores in natural units, shape ``(n_candidates, n_objectives)``."""
    return np.column_stack(
        [o.to_natural(cv_results[f"mean_test_{o.name}"]) for o in objectives]
    )


def within_noise_mask(
    cv_results: dict,
    objectives: Sequence[Objective],
    eligible: np.ndarray | None = None,
) -> np.ndarray:
    """Feasible candidates whose optimistic scores are not dominated by any other mean.

    ``std_test_<name>`` is the ddof=0 deviation over ``n_splits`` folds, so the
    standard error of a mean is ``se = std / sqrt(n_splits - 1)``. Candidate
    ``i`` is within noise of the front when ``mean_i + se_i`` (greater is
    better) is not dominated by the mean vector of any other feasible
    candidate. Every Pareto-optimal candidate is; failed and infeasible ones
    never are, nor rows outside ``eligible`` (see :func:`pareto_columns`).
    """
    names = [o.name for o in objectives]
    means = objective_matrix(cv_results, names)
    n_splits = n_splits_of(cv_results)
    stds = np.column_stack(
        [np.asarray(cv_results[f"std_test_{n}"], float) for n in names]
    )
    se = stds / np.sqrt(n_splits - 1) if n_splits > 1 else np.zeros_like(stds)
    feasible = (
        np.asarray(cv_results["is_feasible"], dtype=bool)
        if "is_feasible" in cv_results
        else ~failed_mask(cv_results, names)
    )
    if eligible is not None:
        feasible = feasible & np.asarray(eligible, bool)
    optimistic = np.nan_to_num(means + se, nan=-np.inf)
    rows = np.flatnonzero(feasible)
    out = np.zeros(len(means), dtype=bool)
    for i in rows:
        others = means[rows[rows != i]]
        dominated = np.any(
            np.all(others >= optimistic[i], axis=1)
            & np.any(others > optimistic[i], axis=1)
        )
        out[i] = not dominated
    return out


def hypervolume_history(cv_results: dict, objectives: Sequence[Objective]) -> dict:
    """Hypervolume of the feasible candidates after each evaluation (candidate order).

    One normalisation and one reference point serve the whole history, so it
    never decreases: each objective's natural values are mapped to a loss in
    ``[0, 1]`` (0 = the best, 1 = the worst feasible value seen in the whole
    search) and the reference point is 1.1 in every objective; the
    hypervolume of the unit box is 1. Returns ``{"hypervolume", "reference_point",
    "low", "high"}``: the history, the reference point, and the natural values
    mapped to 0 and 1.
    """
    names = [o.name for o in objectives]
    n = len(np.asarray(cv_results[f"mean_test_{names[0]}"]))
    feasible = np.asarray(cv_results["is_feasible"], dtype=bool)
    loss = -objective_matrix(cv_results, names)  # minimise
    history = np.zeros(n)
    reference = np.full(len(names), 1.1)
    if not feasible.any():
        return {
            "hypervolume": history,
            "reference_point": reference,
            "low": np.full(len(names), np.nan),
            "high": np.full(len(names), np.nan),
        }
    best, worst = loss[feasible].min(axis=0), loss[feasible].max(axis=0)
    scaled = (loss - best) / np.where(worst > best, worst - best, 1.0)
    front = np.empty((0, len(names)))
    value = 0.0
    # NOTE: hundreds of hypervolumes of mid-sized fronts: moocore, when installed,
    # is 100x faster there than the NumPy kernels (benchmarks/README.md, displays).
    backend = (
        use_backend("moocore") if has_module("moocore") else contextlib.nullcontext()
    )
    with backend:
        for i in range(n):
            if feasible[i] and not np.any(np.all(front <= scaled[i], axis=1)):
                front = np.vstack(
                    [front[~np.all(scaled[i] <= front, axis=1)], scaled[i]]
                )
                value = float(hypervolume(front, reference))
            history[i] = value
    signs = np.array([o.sign for o in objectives])
    return {
        "hypervolume": history,
        "reference_point": reference,
        "low": -best * signs,
        "high": -worst * signs,
    }


#: How :func:`rung_survivors` splits the last front that does not fit whole.
TIE_BREAKS = ("crowding", "hypervolume")


def _spread_out(scores: np.ndarray, k: int, tie_break: str) -> np.ndarray:
    """Positions of ``k`` of the non-dominated ``scores`` (greater is better) that
    span the front: the largest crowding distances, or (``"hypervolume"``) the
    points left after greedily removing the smallest exclusive contribution."""
    if tie_break == "crowding":
        crowding = crowding_distance(scores, maximize=True)
        return np.sort(np.argsort(-crowding, kind="stable")[:k])
    low, high = scores.min(axis=0), scores.max(axis=0)
    loss = (high - scores) / np.where(high > low, high - low, 1.0)  # 0 best, 1 worst
    keep = np.arange(len(scores))
    reference = np.full(scores.shape[1], 1.1)
    while len(keep) > k:
        contributions = hypervolume_contributions(loss[keep], reference)
        keep = np.delete(keep, int(np.argmin(contributions)))
    return keep


def rung_survivors(
    cv_results: dict,
    objectives: Sequence[Objective],
    constraints: Sequence[Constraint],
    rows: Sequence[int],
    k: int,
    *,
    tie_break: str = "crowding",
) -> np.ndarray:
    """The ``k`` rows of a successive-halving rung that go on to the next rung.

    With one objective and no constraint, scikit-learn's own rule (the ``k``
    highest mean test scores, NaN lowest, returned from the ``k``-th best up to
    the best), so that a single-scorer search keeps what ``HalvingGridSearchCV``
    keeps. Otherwise: feasible candidates first, by non-dominated front; the
    front that does not fit whole is split by ``tie_break`` (see
    :func:`_spread_out`) so that the kept set spans it; then infeasible ones by
    total relative violation (:func:`total_violation`); failed ones last.
    Returned in row order.

    Parameters
    ----------
    cv_results : dict
    objectives, constraints : sequences
    rows : sequence of int
        The rung's rows of ``cv_results``.
    k : int
        How many to keep (at most ``len(rows)``).
    tie_break : {"crowding", "hypervolume"}

    Returns
    -------
    kept : ndarray of int
    """
    rows = np.asarray(rows, dtype=int)
    names = [o.name for o in objectives]
    scores = objective_matrix(cv_results, names)[rows]
    if len(names) == 1 and not constraints:
        column = scores[:, 0]
        order = np.roll(np.argsort(column), np.count_nonzero(np.isnan(column)))
        return rows[order[len(rows) - k :]] if k else rows[:0]
    failed = failed_mask(cv_results, names)[rows]
    gaps = constraint_gaps(cv_results, objectives, constraints)[rows]
    feasible = ~failed & np.all(gaps <= 0, axis=1)
    kept: list[int] = []
    where = np.flatnonzero(feasible)
    fronts = _sort_fronts(scores[where])
    for front in np.unique(fronts):
        members = where[fronts == front]
        if len(kept) + len(members) > k:
            members = members[_spread_out(scores[members], k - len(kept), tie_break)]
        kept += members.tolist()
        if len(kept) == k:
            break
    violation = total_violation(cv_results, objectives, constraints)[rows]
    rest = np.flatnonzero(~feasible)
    rest = rest[
        np.argsort(np.where(failed[rest], np.inf, violation[rest]), kind="stable")
    ]
    kept += rest[: k - len(kept)].tolist()
    return rows[np.sort(np.asarray(kept, dtype=int))]
