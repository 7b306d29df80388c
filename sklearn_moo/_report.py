"""What people read: the results table, the text report and the refit explanation.

Pure functions over a ``cv_results_`` dict and the search's objectives, like
:mod:`sklearn_moo._results`, whose columns they read and never recompute.
"""

from __future__ import annotations

import math
import shutil
import textwrap
from collections.abc import Sequence

import numpy as np

from ._objectives import Constraint, Objective
from ._results import (
    describe_violations,
    natural_matrix,
    violation_names,
)

__all__ = [
    "results_table",
    "format_table",
    "explain_choice",
    "short_label",
    "short_value",
]


def _direction(o: Objective) -> str:
    return "max" if o.natural_greater_is_better else "min"


def _column(o: Objective) -> str:
    return f"{o.label} [{o.unit + ', ' if o.unit else ''}{_direction(o)}]"


def results_table(
    cv_results: dict,
    objectives: Sequence[Objective],
    constraints: Sequence[Constraint] = (),
    best_index: int | None = None,
) -> dict:
    """One row per candidate: parameters, objectives in natural units, feasibility, rank.

    Returns
    -------
    table : dict of str -> list
        Columns in order: ``candidate``, one per parameter (the last part of a
        pipeline path), for each objective its mean (``"<label> [<unit>, max|min]"``)
        and its standard deviation across folds (``"<label> sd"``), the violation
        columns, ``feasible``, ``failed``, ``pareto_rank``, ``within_noise`` and
        ``refitted``. Numbers are natural values (seconds, bytes, plain numbers).
    """
    n = len(cv_results["params"])
    names = sorted({k for p in cv_results["params"] for k in p})
    short = {k: k.rsplit("__", 1)[-1] for k in names}
    if len(set(short.values())) < len(names):  # keep full paths when last parts clash
        short = {k: k for k in names}
    table = {"candidate": list(range(n))}
    for k in names:
        table[short[k]] = [p.get(k) for p in cv_results["params"]]
    natural = natural_matrix(cv_results, objectives)
    for j, o in enumerate(objectives):
        table[_column(o)] = natural[:, j].tolist()
        table[f"{o.label} sd"] = np.asarray(
            cv_results[f"std_test_{o.name}"], float
        ).tolist()
    for name in violation_names(constraints):
        table[name] = np.asarray(cv_results[name], float).tolist()
    for key, column in (
        ("is_feasible", "feasible"),
        ("is_failed", "failed"),
        ("pareto_rank", "pareto_rank"),
        ("is_within_noise", "within_noise"),
    ):
        if key in cv_results:
            table[column] = np.asarray(cv_results[key]).tolist()
    table["refitted"] = [i == best_index for i in range(n)]
    return table


def short_label(o: Objective, limit: int = 30) -> str:
    """The objective's label, or its scorer name when the label is too long for a column."""
    return o.label if len(o.label) <= limit else o.name


def short_value(value) -> str:
    """A parameter value in at most 24 characters; an estimator by its class name.

    An estimator's own parameters show as separate ``step__param`` entries
    of the same candidate, so its class name is what tells candidates apart.
    """
    if isinstance(value, float):
        return f"{value:.4g}"
    if hasattr(value, "get_params") and not isinstance(value, type):
        return type(value).__name__[:24]
    text = str(value) if isinstance(value, str) else repr(value)
    return text if len(text) <= 24 else text[:21] + "..."


def format_table(
    cv_results: dict,
    objectives: Sequence[Objective],
    *,
    rows,
    best_index=None,
    width: int | None = None,
) -> str:
    """Rows of the results table as fixed-width text that fits ``width`` columns.

    Objectives are shown with :meth:`Objective.format` (4 significant digits,
    units); ``*`` marks the refitted candidate. Parameters are joined into the
    last column and cut to fit.
    """
    width = width or min(shutil.get_terminal_size((100, 20)).columns, 100)
    header = (
        ["", "#"]
        + [f"{short_label(o)} ({_direction(o)})" for o in objectives]
        + ["params"]
    )
    body = []
    for i in rows:
        cells = ["*" if i == best_index else "", str(i)]
        cells += [o.format(cv_results[f"mean_test_{o.name}"][i]) for o in objectives]
        cells.append(
            ", ".join(
                f"{k.rsplit('__', 1)[-1]}={short_value(v)}"
                for k, v in cv_results["params"][i].items()
            )
        )
        body.append(cells)
    widths = [max(len(r[j]) for r in [header] + body) for j in range(len(header) - 1)]
    used = sum(widths) + 2 * (len(widths))
    room = max(width - used, 10)
    lines = []
    for r in [header] + body:
        text = "  ".join(
            c.rjust(w) if j > 1 else c.ljust(w)
            for j, (c, w) in enumerate(zip(r, widths))
        )
        last = r[-1] if len(r[-1]) <= room else r[-1][: room - 3] + "..."
        lines.append(f"{text}  {last}".rstrip())
    return "\n".join(lines)


def _delta_text(o: Objective, delta: float) -> str:
    """``p95 latency -0.80 ms``: a natural difference as a person says it."""
    magnitude = Objective(o.name, 1.0, o.unit, o.label).format(abs(delta))
    return f"{o.label} {'+' if delta > 0 else '-'}{magnitude}"


def explain_choice(
    cv_results: dict,
    objectives: Sequence[Objective],
    constraints: Sequence[Constraint],
    index: int,
    policy,
    *,
    max_neighbours: int = 4,
) -> dict:
    """Why candidate ``index`` and what its neighbours on the front would trade.

    Neighbours are the Pareto candidates nearest to the chosen one in objective
    space, each objective scaled to ``[0, 1]`` over the front. For each, the
    natural gain and cost against the chosen candidate.

    Returns
    -------
    explanation : dict
        ``policy`` (its repr), ``index``, ``values`` ({objective label: natural
        value}), ``feasible``, ``violations`` (what it breaks, if anything),
        ``neighbours`` (list of ``{"index", "gains", "costs", "text"}``, gains and
        costs as ``{label: natural difference}``) and ``text``.
    """
    natural = natural_matrix(cv_results, objectives)
    front = np.flatnonzero(cv_results["is_pareto_optimal"])
    feasible = bool(cv_results["is_feasible"][index])
    values = {o.label: float(natural[index, j]) for j, o in enumerate(objectives)}
    lines = [
        textwrap.fill(
            f"Refit policy {policy!r} chose candidate {index}: "
            + ", ".join(
                f"{o.label} {o.format(cv_results[f'mean_test_{o.name}'][index])}"
                for o in objectives
            )
            + ".",
            width=100,
            subsequent_indent="  ",
        )
    ]
    violations = (
        []
        if feasible
        else describe_violations(cv_results, objectives, constraints, index)
    )
    if not feasible:
        lines.append(
            textwrap.fill(
                "No candidate met every constraint"
                + (
                    f"; this one breaks {'; '.join(violations)}." if violations else "."
                ),
                width=100,
                subsequent_indent="  ",
            )
        )
    neighbours = []
    others = front[front != index]
    if len(others):
        block = natural[front]
        low, high = block.min(axis=0), block.max(axis=0)
        scale = np.where(high > low, high - low, 1.0)
        distance = np.linalg.norm((natural[others] - natural[index]) / scale, axis=1)
        for j in others[np.argsort(distance, kind="stable")[:max_neighbours]]:
            gains, costs = {}, {}
            for k, o in enumerate(objectives):
                delta = float(natural[j, k] - natural[index, k])
                if delta == 0 or math.isnan(delta):
                    continue
                better = (delta > 0) == o.natural_greater_is_better
                (gains if better else costs)[o.label] = delta
            by_label = {o.label: o for o in objectives}
            said = [_delta_text(by_label[k], d) for k, d in gains.items()]
            paid = [_delta_text(by_label[k], d) for k, d in costs.items()]
            text = (
                f"candidate {int(j)} gains "
                + (", ".join(said) or "nothing")
                + ("; costs " + ", ".join(paid) if paid else "")
            )
            neighbours.append(
                {"index": int(j), "gains": gains, "costs": costs, "text": text}
            )
    if neighbours:
        lines.append("Neighbouring Pareto candidates would trade:")
        lines += [
            textwrap.fill(
                n["text"], width=100, initial_indent="  ", subsequent_indent="    "
            )
            for n in neighbours
        ]
    return {
        "policy": repr(policy),
        "index": int(index),
        "values": values,
        "feasible": feasible,
        "violations": violations,
        "neighbours": neighbours,
        "text": "\n".join(lines),
    }
