"""Parallel coordinates: every objective (and optionally parameter) as an axis."""

from __future__ import annotations

import textwrap

import numpy as np

from .._report import short_value
from ..inspection._importance import _encode
from ._base import DOMINATED, FRONT, REFITTED, ResultsData, new_axes


class ParallelCoordinatesDisplay:
    """Each candidate as a line across one vertical axis per objective.

    Every objective axis runs from its worst value (bottom) to its best (top)
    among the candidates drawn, with both values written at the ends in
    natural units, so "up is better" on every axis. Dominated candidates are
    thin grey lines, the front is blue, the refitted candidate black and
    thick. With ``include_parameters=True`` the parameters follow as axes
    (numeric ones on a log scale when they span more than two decades,
    others as categories), without a direction.

    Parameters
    ----------
    data : ResultsData
        The candidates, objectives and constraints; built by ``from_search`` and
        ``from_cv_results``, which are the constructors to use.
    parameters : dict of str -> list, default=None
        Parameter values per candidate, for the parameter axes.

    Attributes
    ----------
    figure_, ax_ : matplotlib Figure and Axes

    See Also
    --------
    ParetoFrontDisplay : The same candidates, pair by pair of objectives.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> results = {"mean_test_acc": [0.8, 0.9, 0.7, 0.85], "std_test_acc": [0.01] * 4,
    ...            "mean_test_rec": [0.9, 0.6, 0.5, 0.7], "std_test_rec": [0.01] * 4,
    ...            "split0_test_acc": [0] * 4, "split1_test_acc": [0] * 4,
    ...            "params": [{"C": 1.0}, {"C": 2.0}, {"C": 3.0}, {"C": 4.0}]}
    >>> from sklearn_moo.plotting import ParallelCoordinatesDisplay
    >>> display = ParallelCoordinatesDisplay.from_cv_results(results)
    >>> len(display.ax_.get_xticklabels())  # one axis per objective
    2
    """

    def __init__(self, data: ResultsData, parameters=None):
        self.data = data
        self.parameters = parameters or {}

    @classmethod
    def from_search(cls, search, *, include_parameters=False, ax=None):
        """Draw a fitted search's candidates."""
        return cls._build(
            ResultsData.build(search=search), search.cv_results_, include_parameters
        ).plot(ax=ax)

    @classmethod
    def from_cv_results(
        cls,
        cv_results,
        *,
        objectives=None,
        constraints=None,
        best_index=None,
        include_parameters=False,
        ax=None,
    ):
        """Draw any ``cv_results_``."""
        data = ResultsData.build(
            cv_results=cv_results,
            objectives=objectives,
            constraints=constraints,
            best_index=best_index,
        )
        return cls._build(data, cv_results, include_parameters).plot(ax=ax)

    @classmethod
    def _build(cls, data, cv_results, include_parameters):
        parameters = {}
        if include_parameters:
            names = sorted({k for p in cv_results["params"] for k in p})
            parameters = {
                n: [p.get(n) for p in cv_results["params"]]
                for n in names
                if len({repr(p.get(n)) for p in cv_results["params"]}) > 1
            }
        return cls(data, parameters)

    def plot(self, ax=None):
        """Draw; returns self with ``figure_`` and ``ax_``."""
        d = self.data
        ok = ~d.is_failed & np.all(np.isfinite(d.values), axis=1)
        columns, labels, ends = [], [], []
        for j, o in enumerate(d.objectives):
            v = d.values[ok, j]
            good = o.natural_greater_is_better or d.raw
            low, high = (v.min(), v.max()) if good else (v.max(), v.min())
            span = (high - low) or 1.0
            columns.append((d.values[:, j] - low) / span)
            labels.append(
                textwrap.fill(o.label, 16)
                + ("" if d.raw else f"\n({'max' if good else 'min'})")
            )
            ends.append((o.format(low * o.sign), o.format(high * o.sign)))
        for name, values in self.parameters.items():
            encoded, scale = _encode(values)
            low, high = np.nanmin(encoded), np.nanmax(encoded)
            columns.append((encoded - low) / ((high - low) or 1.0))
            labels.append(
                textwrap.fill(name.rsplit("__", 1)[-1], 16)
                + ("\n(log scale)" if scale == "log10" else "")
            )
            at = {float(e): v for e, v in zip(encoded, values)}
            ends.append((short_value(at[float(low)]), short_value(at[float(high)])))
        Z = np.column_stack(columns)
        self.figure_, self.ax_ = new_axes(
            ax, figsize=(max(6.4, 1.6 * len(labels)), 4.8)
        )
        axis = np.arange(len(labels))
        for mask, style in (
            (ok & ~d.is_front, dict(color=DOMINATED, linewidth=0.7, alpha=0.5)),
            (ok & d.is_front, dict(color=FRONT, linewidth=1.4, alpha=0.9)),
        ):
            for row in Z[mask]:
                self.ax_.plot(axis, row, **style)
        self.ax_.plot([], [], color=DOMINATED, label="dominated or infeasible")
        self.ax_.plot([], [], color=FRONT, label="Pareto front")
        if d.best_index is not None and ok[d.best_index]:
            self.ax_.plot(
                axis,
                Z[d.best_index],
                color=REFITTED,
                linewidth=3,
                label=f"refitted (candidate {d.best_index})",
            )
        for k, (bottom, top) in enumerate(ends):
            self.ax_.axvline(k, color="#444444", linewidth=0.8)
            self.ax_.annotate(
                top,
                (k, 1.0),
                xytext=(0, 6),
                textcoords="offset points",
                ha="center",
                fontsize="small",
            )
            self.ax_.annotate(
                bottom,
                (k, 0.0),
                xytext=(0, -14),
                textcoords="offset points",
                ha="center",
                fontsize="small",
            )
        self.ax_.set_xticks(axis, labels)
        self.ax_.set_yticks([])
        self.ax_.set_ylim(-0.12, 1.12)
        self.ax_.set_ylabel("worse  \u2190  objective  \u2192  better")
        self.ax_.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return self
