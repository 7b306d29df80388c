"""What every display reads: objectives, natural values and the Pareto columns."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._objectives import Constraint, Objective, parse_constraints
from .._results import failed_mask, n_splits_of, natural_matrix, pareto_columns
from ..inspection._importance import objectives_of
from ..utils._optional import import_optional

# Colours: front, dominated, infeasible, refitted (colour-blind safe, Okabe-Ito).
FRONT, DOMINATED, INFEASIBLE, REFITTED = "#0072B2", "#B0B0B0", "#D55E00", "#000000"


def pyplot():
    return import_optional("matplotlib.pyplot", "Plotting")


def axis_label(o: Objective, raw: bool, unit: str | None = None) -> str:
    """``"p95 latency (ms)\nlower is better"``; raw scores say "greater is better"."""
    if raw:
        return f"{o.label} (score)\ngreater is better"
    unit = unit or o.unit
    return f"{o.label}{f' ({unit})' if unit else ''}\n{o.direction()}"


def display_scale(o: Objective, values: np.ndarray) -> tuple[float, str | None]:
    """``(factor, unit)`` that shows seconds as ms or µs and bytes as kB or MB."""
    steps = {
        "s": ((1.0, "s"), (1e3, "ms"), (1e6, "µs")),
        "bytes": ((1e-9, "GB"), (1e-6, "MB"), (1e-3, "kB"), (1.0, "bytes")),
    }.get(o.unit)
    if steps is None:
        return 1.0, None
    finite = np.abs(values[np.isfinite(values)])
    typical = float(np.median(finite)) if len(finite) else 1.0
    for factor, word in steps:
        if typical * factor >= 1:
            return factor, word
    return steps[-1]


@dataclass
class ResultsData:
    """The numbers a display draws, all in natural units (raw scores if ``raw``)."""

    objectives: list[Objective]
    constraints: list[Constraint]
    values: np.ndarray  # (n_candidates, n_objectives), natural
    errors: np.ndarray  # standard errors of the means, natural units
    is_front: np.ndarray
    is_feasible: np.ndarray
    is_failed: np.ndarray
    best_index: int | None
    raw: bool
    # A successive-halving search's rung of each row, and the rungs' resources.
    rungs: np.ndarray | None = None
    resources: dict | None = None
    resource_name: str = "resources"

    @classmethod
    def build(
        cls,
        search=None,
        cv_results=None,
        objectives=None,
        constraints=None,
        best_index=None,
    ):
        raw = objectives is None and (
            search is None or not isinstance(getattr(search, "scorer_", None), dict)
        )
        cv_results, objs = objectives_of(search, cv_results, objectives)
        if search is not None:
            constraints = search.constraints_ if constraints is None else constraints
            best_index = (
                getattr(search, "best_index_", None)
                if best_index is None
                else best_index
            )
        parsed = parse_constraints(constraints, objs) if constraints else []
        columns = (
            cv_results
            if "is_pareto_optimal" in cv_results
            else pareto_columns(cv_results, objs, parsed)
        )
        names = [o.name for o in objs]
        n_splits = n_splits_of(cv_results)
        stds = np.column_stack(
            [np.asarray(cv_results[f"std_test_{n}"], float) for n in names]
        )
        errors = stds / np.sqrt(n_splits - 1) if n_splits > 1 else np.zeros_like(stds)
        rungs = resources = None
        if "iter" in cv_results and len(np.unique(cv_results["iter"])) > 1:
            rungs = np.asarray(cv_results["iter"], dtype=int)
            resources = dict(
                zip(rungs.tolist(), np.asarray(cv_results["n_resources"]).tolist())
            )
        return cls(
            objs,
            parsed,
            natural_matrix(cv_results, objs),
            errors,
            np.asarray(columns["is_pareto_optimal"], bool),
            np.asarray(columns["is_feasible"], bool),
            failed_mask(cv_results, names),
            best_index,
            raw,
            rungs,
            resources,
            getattr(search, "resource", None) or "resources",
        )

    def label(self, j: int, unit: str | None = None) -> str:
        return axis_label(self.objectives[j], self.raw, unit)


def new_axes(ax, *, nrows=1, ncols=1, figsize=None):
    """``(figure, axes)``: the given axes, or a new figure."""
    plt = pyplot()
    if ax is not None:
        return ax.figure if hasattr(ax, "figure") else np.ravel(ax)[0].figure, ax
    figure, axes = plt.subplots(
        nrows, ncols, figsize=figsize, squeeze=nrows * ncols == 1, layout="constrained"
    )  # NOTE: two-line axis labels fit
    return figure, axes
