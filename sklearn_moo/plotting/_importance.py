"""Which hyper-parameters drive which objective, all objectives in one chart."""

from __future__ import annotations

import numpy as np

from ..inspection import objective_importance
from ._base import new_axes


class ObjectiveImportanceDisplay:
    """A heat map: parameters (rows) by objectives (columns), permutation importance.

    Each cell shows the parameter's share of the objective's total importance
    (columns sum to 100 %, so objectives with different scales compare);
    the colour follows the share. See
    :func:`sklearn_moo.inspection.objective_importance` for the method.

    Parameters
    ----------
    importance : Bunch
        What :func:`~sklearn_moo.inspection.objective_importance` returns.

    Attributes
    ----------
    shares_ : ndarray of shape (n_parameters, n_objectives)
        Importances clipped at 0, each column divided by its sum.
    figure_, ax_ : matplotlib Figure and Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from sklearn_moo.plotting import ObjectiveImportanceDisplay
    >>> c = np.logspace(-3, 2, 30)
    >>> depth = np.arange(30) % 5 + 1
    >>> results = {"mean_test_acc": np.log10(c), "mean_test_size": -depth * 1.0,
    ...            "params": [{"C": a, "depth": int(b)} for a, b in zip(c, depth)]}
    >>> display = ObjectiveImportanceDisplay.from_cv_results(results, n_repeats=3)
    >>> display.shares_.argmax(axis=0).tolist()  # C drives acc, depth drives size
    [0, 1]
    """

    def __init__(self, importance):
        self.importance = importance

    @classmethod
    def from_search(cls, search, *, n_repeats=10, random_state=0, ax=None):
        """Compute the importance of a fitted search's parameters, then draw it."""
        return cls(
            objective_importance(search, n_repeats=n_repeats, random_state=random_state)
        ).plot(ax=ax)

    @classmethod
    def from_cv_results(
        cls, cv_results, *, objectives=None, n_repeats=10, random_state=0, ax=None
    ):
        """Compute the importance from any ``cv_results_``, then draw it."""
        return cls(
            objective_importance(
                cv_results=cv_results,
                objectives=objectives,
                n_repeats=n_repeats,
                random_state=random_state,
            )
        ).plot(ax=ax)

    def plot(self, ax=None, *, cmap="Blues"):
        """Draw; returns self with ``figure_`` and ``ax_``."""
        imp = self.importance
        clipped = np.clip(imp.importances_mean, 0.0, None)
        totals = clipped.sum(axis=0)
        self.shares_ = np.divide(
            clipped, totals, out=np.zeros_like(clipped), where=totals > 0
        )
        n_params, n_objectives = self.shares_.shape
        self.figure_, self.ax_ = new_axes(
            ax, figsize=(1.3 * n_objectives + 3.5, 0.5 * n_params + 1.8)
        )
        image = self.ax_.imshow(self.shares_, cmap=cmap, vmin=0, vmax=1, aspect="auto")
        for r in range(n_params):
            for c in range(n_objectives):
                share = self.shares_[r, c]
                self.ax_.text(
                    c,
                    r,
                    f"{100 * share:.0f} %",
                    ha="center",
                    va="center",
                    color="white" if share > 0.6 else "black",
                    fontsize="small",
                )
        self.ax_.set_xticks(
            range(n_objectives), imp.objectives, rotation=20, ha="right"
        )
        self.ax_.set_yticks(
            range(n_params), [p.rsplit("__", 1)[-1] for p in imp.parameters]
        )
        self.ax_.set_title(
            f"Share of each objective's permutation importance "
            f"({imp.n_candidates} candidates)",
            fontsize="medium",
        )
        self.figure_.colorbar(
            image, ax=self.ax_, label="share of the objective's importance"
        )
        return self
