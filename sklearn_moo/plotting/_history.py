"""The hypervolume of the feasible candidates after each evaluation."""

from __future__ import annotations

import numpy as np

from .._results import hypervolume_history
from ._base import FRONT, ResultsData, new_axes


class HypervolumeHistoryDisplay:
    """How the search's front grew: hypervolume against evaluations.

    One normalisation and one reference point serve the whole history (see
    ``hypervolume_history_`` of :class:`~sklearn_moo.MultiObjectiveSearchCV`):
    each objective is scaled to ``[0, 1]`` between the best and the worst
    feasible value of the whole search, the reference point is 1.1 in every
    objective, and the history never decreases. The plot states both.

    Parameters
    ----------
    hypervolume : ndarray of shape (n_candidates,)
        The hypervolume after each evaluation, in candidate order.
    n_objectives : int
        Number of objectives (said in the title).
    reference_point : ndarray of shape (n_objectives,)
        The reference point in scaled objectives (said in the title).

    Attributes
    ----------
    figure_, ax_ : matplotlib Figure and Axes

    See Also
    --------
    ParetoFrontDisplay : The front itself.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> results = {"mean_test_acc": [0.8, 0.9, 0.7, 0.85], "std_test_acc": [0.01] * 4,
    ...            "mean_test_rec": [0.9, 0.6, 0.5, 0.7], "std_test_rec": [0.01] * 4,
    ...            "split0_test_acc": [0] * 4, "split1_test_acc": [0] * 4,
    ...            "params": [{"C": 1.0}, {"C": 2.0}, {"C": 3.0}, {"C": 4.0}]}
    >>> from sklearn_moo.plotting import HypervolumeHistoryDisplay
    >>> display = HypervolumeHistoryDisplay.from_cv_results(results)
    >>> display.hypervolume.round(3).tolist()
    [0.66, 0.835, 0.835, 0.898]
    """

    def __init__(self, hypervolume, n_objectives, reference_point):
        self.hypervolume = np.asarray(hypervolume, dtype=float)
        self.n_objectives = n_objectives
        self.reference_point = np.asarray(reference_point, dtype=float)

    @classmethod
    def from_search(cls, search, *, ax=None):
        """Draw ``search.hypervolume_history_``."""
        n_objectives = len(search.objective_names_)
        return cls(
            search.hypervolume_history_, n_objectives, np.full(n_objectives, 1.1)
        ).plot(ax=ax)

    @classmethod
    def from_cv_results(cls, cv_results, *, objectives=None, constraints=None, ax=None):
        """Compute the history of any ``cv_results_`` (candidates in evaluation order)."""
        data = ResultsData.build(
            cv_results=cv_results, objectives=objectives, constraints=constraints
        )
        columns = {
            **cv_results,
            "is_feasible": data.is_feasible,
            "is_failed": data.is_failed,
        }
        history = hypervolume_history(columns, data.objectives)
        return cls(
            history["hypervolume"], len(data.objectives), history["reference_point"]
        ).plot(ax=ax)

    def plot(self, ax=None):
        """Draw; returns self with ``figure_`` and ``ax_``."""
        self.figure_, self.ax_ = new_axes(ax, figsize=(6.4, 4.0))
        n = np.arange(1, len(self.hypervolume) + 1)
        self.ax_.step(n, self.hypervolume, where="post", color=FRONT, linewidth=1.6)
        self.ax_.set_xlabel(
            "evaluations (candidates, in the order they were evaluated)"
        )
        self.ax_.set_ylabel("hypervolume of the feasible candidates")
        self.ax_.set_xlim(0.5, max(len(n), 1) + 0.5)
        self.ax_.set_ylim(
            0, max(1.1**self.n_objectives, float(self.hypervolume.max(initial=0)))
        )
        self.ax_.grid(True, color="#EEEEEE")
        note = (
            f"{self.n_objectives} objectives, each scaled to [0, 1] between its best and "
            f"worst feasible value of the whole search;\nreference point "
            f"{self.reference_point[0]:g} in each (the most any front can reach is "
            f"1.1^{self.n_objectives} = {1.1**self.n_objectives:.3g})"
        )
        self.ax_.set_title(note, fontsize="small", loc="left")
        return self
