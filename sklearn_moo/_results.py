"""Pure functions over a ``cv_results_`` dict: objective matrix, Pareto and
feasibility columns, and a table for people.

Everything the search, the refit policies and the reports say about Pareto
optimality comes from :func:`pareto_columns`, computed once per round.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from ._objectives import Constraint, Objective
from .pareto import non_dominated_sort

__all__ = ["objective_matrix", "failed_mask", "pareto_columns", "pareto_table",
           "objective_names", "constraint_gaps", "violation_names", "total_violation",
           "describe_violations"]


def objective_names(cv_results: dict) -> list[str]:
    """Scorer names in ``cv_results_`` (keys ``mean_test_<name>``), in order."""
    return [k.removeprefix("mean_test_") for k in cv_results if k.startswith("mean_test_")]


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
        base = f"violation_{c.name}" if per_scorer[c.name] == 1 else \
            f"violation_{c.name}_{'max' if c.op == '<=' else 'min'}"
        name, k = base, 2
        while name in taken:
            name, k = f"{base}_{k}", k + 1
        taken.add(name)
        names.append(name)
    return names


def constraint_gaps(cv_results: dict, objectives: Sequence[Objective],
                    constraints: Sequence[Constraint]) -> np.ndarray:
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


def total_violation(cv_results: dict, objectives: Sequence[Objective],
                    constraints: Sequence[Constraint]) -> np.ndarray:
    """Sum over constraints of each relative violation (inf for a failed candidate).

    Each violation is divided by the larger of its bound's magnitude and the
    range of the constrained quantity over the non-failed candidates, so a
    bound of 0 (``"dp <= 0"``) or a tiny one does not drown the others.
    """
    gaps = constraint_gaps(cv_results, objectives, constraints)
    scales = np.ones(len(constraints))
    for j, c in enumerate(constraints):
        natural = gaps[:, j][np.isfinite(gaps[:, j])]  # gap = natural - bound, up to sign
        spread = float(np.ptp(natural)) if len(natural) else 0.0
        scales[j] = max(abs(c.bound), spread, 1e-12)
    relative = np.maximum(gaps, 0.0) / scales
    return np.nan_to_num(relative, nan=np.inf).sum(axis=1)


def describe_violations(cv_results: dict, objectives: Sequence[Objective],
                        constraints: Sequence[Constraint], index: int) -> list[str]:
    """What candidate ``index`` breaks, e.g. ``"latency <= 20 ms (it has 33.1 ms)"``."""
    by_name = {o.name: o for o in objectives}
    gaps = constraint_gaps(cv_results, objectives, constraints)[index]
    return [f"{c.text} (it has {by_name[c.name].format(cv_results[f'mean_test_{c.name}'][index])})"
            for c, gap in zip(constraints, gaps) if not gap <= 0]


def _sort_fronts(scores: np.ndarray) -> np.ndarray:
    if len(scores) == 0:
        return np.zeros(0, dtype=np.int64)
    return np.asarray(non_dominated_sort(scores, maximize=True), dtype=np.int64)


def pareto_columns(cv_results: dict, objectives: list[Objective],
                   constraints: Sequence[Constraint] = ()) -> dict:
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
    """
    names = [o.name for o in objectives]
    scores = objective_matrix(cv_results, names)
    failed = failed_mask(cv_results, names)
    gaps = constraint_gaps(cv_results, objectives, constraints)
    columns = {}
    for name, gap in zip(violation_names(constraints), gaps.T):
        columns[name] = np.where(np.isnan(gap), np.nan, np.maximum(gap, 0.0))
    feasible = ~failed & np.all(gaps <= 0, axis=1)
    rank = np.empty(len(scores), dtype=np.int32)
    rank[feasible] = 1 + _sort_fronts(scores[feasible])
    offset = int(rank[feasible].max()) if feasible.any() else 0
    infeasible = ~feasible & ~failed
    rank[infeasible] = offset + 1 + _sort_fronts(scores[infeasible])
    offset = int(rank[~failed].max()) if (~failed).any() else 0
    rank[failed] = offset + 1
    columns["is_feasible"] = feasible
    columns["pareto_rank"] = rank
    columns["is_pareto_optimal"] = feasible & (rank == 1)
    return columns


def pareto_table(cv_results: dict, objectives: list[Objective], *, rows=None,
                 max_rows: int = 20) -> str:
    """A plain-text table of candidates in natural units, with each direction.

    Parameters
    ----------
    rows : array-like of int, default=None
        Candidates to show; by default the Pareto-optimal ones.
    """
    if rows is None:
        rows = np.flatnonzero(cv_results["is_pareto_optimal"])
    first = np.asarray(cv_results[f"mean_test_{objectives[0].name}"], float)
    rows = sorted(rows, key=lambda i: (-first[i], i))[:max_rows]  # best first
    header = ["#"] + [f"{o.label} ({'max' if o.natural_greater_is_better else 'min'})"
                      for o in objectives] + ["params"]
    body = []
    for i in rows:
        cells = [str(i)] + [o.format(cv_results[f"mean_test_{o.name}"][i]) for o in objectives]
        # "step__param" -> "param": the pipeline path is noise in a table
        cells.append(", ".join(f"{k.rsplit('__', 1)[-1]}={_short(v)}"
                               for k, v in cv_results["params"][i].items()))
        body.append(cells)
    widths = [max(len(r[j]) for r in [header] + body) for j in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in [header] + body]
    return "\n".join(lines)


def _short(value):
    if isinstance(value, float):
        return f"{value:.4g}"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
