"""The Pareto front: a scatter for two objectives, pairwise projections for more."""

from __future__ import annotations

import itertools

import numpy as np

from ._base import (
    DOMINATED,
    FRONT,
    INFEASIBLE,
    REFITTED,
    ResultsData,
    display_scale,
    new_axes,
    pyplot,
)


def _staircase(x, y, o_x, o_y):
    """Vertices of the attainment boundary of 2-D front points (any directions)."""
    sx = 1.0 if o_x.natural_greater_is_better else -1.0
    sy = 1.0 if o_y.natural_greater_is_better else -1.0
    lx, ly = -sx * x, -sy * y  # losses
    order = np.argsort(lx, kind="stable")
    lx, ly = lx[order], ly[order]
    px, py = [lx[0]], [ly[0]]
    for k in range(1, len(lx)):
        px += [lx[k], lx[k]]
        py += [ly[k - 1], ly[k]]
    return -sx * np.array(px), -sy * np.array(py)


class ParetoFrontDisplay:
    """Candidates in objective space, the front emphasised, in natural units.

    For two objectives: a scatter with the front as a step line (its
    attainment boundary), dominated candidates muted, infeasible ones marked
    with crosses, each constraint's infeasible side shaded, the refitted
    candidate as a star and optional error bars of one standard error. For
    three or more, a grid of every pair of objectives with the same encodings
    (a projection: a front point may look dominated in one pair).

    Parameters
    ----------
    data : ResultsData
        What to draw; build it with :meth:`from_search` or :meth:`from_cv_results`.

    Attributes
    ----------
    figure_ : matplotlib Figure
    ax_ : matplotlib Axes or ndarray of Axes
        One Axes for two objectives, an ``(m - 1, m - 1)`` array for ``m``
        (upper triangle hidden).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn_moo.plotting import ParetoFrontDisplay
    >>> results = {"mean_test_acc": [0.8, 0.9, 0.7], "std_test_acc": [0.01, 0.02, 0.01],
    ...            "mean_test_rec": [0.9, 0.6, 0.5], "std_test_rec": [0.02, 0.01, 0.01],
    ...            "split0_test_acc": [0, 0, 0], "split1_test_acc": [0, 0, 0],
    ...            "params": [{"C": 1}, {"C": 2}, {"C": 3}]}
    >>> display = ParetoFrontDisplay.from_cv_results(results)
    >>> display.data.is_front.tolist()
    [True, True, False]
    """

    def __init__(self, data: ResultsData):
        self.data = data

    @classmethod
    def from_search(cls, search, *, ax=None, error_bars=False):
        """Draw a fitted :class:`~sklearn_moo.MultiObjectiveSearchCV`'s candidates."""
        return cls(ResultsData.build(search=search)).plot(ax=ax, error_bars=error_bars)

    @classmethod
    def from_cv_results(
        cls,
        cv_results,
        *,
        objectives=None,
        constraints=None,
        best_index=None,
        ax=None,
        error_bars=False,
    ):
        """Draw any ``cv_results_`` (raw scores, "greater is better", without ``objectives``)."""
        data = ResultsData.build(
            cv_results=cv_results,
            objectives=objectives,
            constraints=constraints,
            best_index=best_index,
        )
        return cls(data).plot(ax=ax, error_bars=error_bars)

    def plot(self, ax=None, *, error_bars=False):
        """Draw; returns self with ``figure_`` and ``ax_``."""
        m = len(self.data.objectives)
        if m < 2:
            raise ValueError(
                "ParetoFrontDisplay needs at least 2 objectives, got "
                f"{m}; plot a single objective with matplotlib directly."
            )
        if m == 2:
            self.figure_, self.ax_ = new_axes(ax, figsize=(6.4, 4.8))
            self._draw_pair(self.ax_, 0, 1, error_bars, legend=True, step=True)
            return self
        self.figure_, self.ax_ = new_axes(
            ax, nrows=m - 1, ncols=m - 1, figsize=(3.6 * (m - 1), 3.2 * (m - 1))
        )
        for row, col in itertools.product(range(m - 1), repeat=2):
            if col > row:
                self.ax_[row, col].set_visible(False)
        for i, j in itertools.combinations(range(m), 2):
            self._draw_pair(
                self.ax_[j - 1, i], i, j, error_bars, legend=False, step=False
            )
        handles = {}
        for axis in self.ax_.ravel():
            for handle, label in zip(*axis.get_legend_handles_labels()):
                handles.setdefault(label, handle)
        # The hidden upper triangle holds one legend for every panel.
        self.figure_.legend(
            handles.values(),
            handles.keys(),
            loc="upper right",
            bbox_to_anchor=(0.98, 0.98),
            fontsize="small",
        )
        return self

    def _draw_pair(self, ax, i, j, error_bars, *, legend, step):
        d = self.data
        fx, ux = display_scale(d.objectives[i], d.values[:, i])
        fy, uy = display_scale(d.objectives[j], d.values[:, j])
        x, y = d.values[:, i] * fx, d.values[:, j] * fy
        ok = ~d.is_failed & np.isfinite(x) & np.isfinite(y)
        groups = (
            self._rung_groups(ok)
            if d.rungs is not None
            else [
                (
                    ok & d.is_feasible & ~d.is_front,
                    dict(c=DOMINATED, marker="o", s=22, label="dominated"),
                ),
                (
                    ok & ~d.is_feasible,
                    dict(c=INFEASIBLE, marker="x", s=28, label="infeasible"),
                ),
                (
                    ok & d.is_front,
                    dict(
                        c=FRONT,
                        marker="o",
                        s=36,
                        label="Pareto front",
                        edgecolors="white",
                        linewidths=0.5,
                    ),
                ),
            ]
        )
        if error_bars:
            ax.errorbar(
                x[ok],
                y[ok],
                xerr=d.errors[ok, i] * fx,
                yerr=d.errors[ok, j] * fy,
                fmt="none",
                ecolor="#CCCCCC",
                elinewidth=0.8,
                zorder=1,
            )
        for mask, style in groups:
            if mask.any():
                ax.scatter(x[mask], y[mask], zorder=3, **style)
        if step and (ok & d.is_front).sum() > 1:
            sx, sy = _staircase(
                x[ok & d.is_front], y[ok & d.is_front], d.objectives[i], d.objectives[j]
            )
            ax.plot(sx, sy, color=FRONT, linewidth=1.2, zorder=2)
        if d.best_index is not None and ok[d.best_index]:
            ax.scatter(
                [x[d.best_index]],
                [y[d.best_index]],
                marker="*",
                s=260,
                c="#F0E442",
                edgecolors=REFITTED,
                linewidths=1.2,
                zorder=4,
                label=f"refitted (candidate {d.best_index})",
            )
        self._shade_constraints(ax, i, j, fx, fy)
        ax.set_xlabel(self._label(i, ux))
        ax.set_ylabel(self._label(j, uy))
        ax.grid(True, color="#EEEEEE", zorder=0)
        if legend:
            ax.legend(fontsize="small", framealpha=0.9)

    def _rung_groups(self, ok):
        """A successive-halving search: each rung in its colour (light to dark as the
        resources grow), the front's points larger with the front's edge."""
        d = self.data
        colours = pyplot().get_cmap("viridis_r")(
            np.linspace(0.15, 0.95, len(d.resources))
        )
        groups = []
        for colour, (rung, amount) in zip(colours, sorted(d.resources.items())):
            here = ok & (d.rungs == rung)
            rung_groups = [
                (
                    here & d.is_feasible & ~d.is_front,
                    dict(color=colour, marker="o", s=16, alpha=0.7),
                ),
                (here & ~d.is_feasible, dict(color=colour, marker="x", s=24)),
                (
                    here & d.is_front,
                    dict(
                        color=colour, marker="o", s=48, edgecolors=FRONT, linewidths=1.4
                    ),
                ),
            ]
            labelled = next((style for mask, style in rung_groups if mask.any()), {})
            labelled["label"] = f"rung {rung}: {d.resource_name}={amount}"
            groups += rung_groups
        groups += [
            (
                ok & d.is_front,
                dict(
                    facecolors="none",
                    edgecolors=FRONT,
                    marker="o",
                    s=48,
                    linewidths=1.4,
                    label="Pareto front (at its last rung)",
                ),
            )
        ]
        return groups

    def _label(self, j, unit):
        return self.data.label(j, unit)

    def _shade_constraints(self, ax, i, j, fx, fy):
        xlim, ylim = ax.get_xlim(), ax.get_ylim()
        names = [o.name for o in self.data.objectives]
        for c in self.data.constraints:
            k = names.index(c.name)
            if k not in (i, j):
                continue
            factor, span, line, lim = (
                (fx, ax.axvspan, ax.axvline, xlim)
                if k == i
                else (fy, ax.axhspan, ax.axhline, ylim)
            )
            bound = c.bound * factor
            start, stop = (
                (bound, max(lim[1], bound))
                if c.op == "<="
                else (min(lim[0], bound), bound)
            )
            span(start, stop, color=INFEASIBLE, alpha=0.08, zorder=0)
            line(
                bound,
                color=INFEASIBLE,
                linestyle="--",
                linewidth=1,
                label=f"constraint: {c.text}",
            )
        ax.set_xlim(xlim)
        ax.set_ylim(ylim)
