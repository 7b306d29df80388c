"""Every display renders (issue #14, acceptance 1)."""

import pickle

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from sklearn.datasets import make_classification  # noqa: E402
from sklearn.exceptions import FitFailedWarning  # noqa: E402

from sklearn_moo import MultiObjectiveSearchCV  # noqa: E402
from sklearn_moo.engine import Real  # noqa: E402
from sklearn_moo.metrics import make_model_size_scorer  # noqa: E402
from sklearn_moo.plotting import (  # noqa: E402
    HypervolumeHistoryDisplay,
    ObjectiveImportanceDisplay,
    ParallelCoordinatesDisplay,
    ParetoFrontDisplay,
)

from .._helpers import ANALYTIC_SCORING, AnalyticClassifier  # noqa: E402

X, Y = make_classification(n_samples=40, random_state=0)
SCORING4 = {
    **ANALYTIC_SCORING,
    "f3": lambda est, X, y: -abs(est.z - 0.5),
    "size": make_model_size_scorer(),
}


def _fit(n_objectives, constraints):
    scoring = ANALYTIC_SCORING if n_objectives == 2 else SCORING4
    search = MultiObjectiveSearchCV(
        AnalyticClassifier(fail_above=0.9),
        {"x": Real(0.0, 1.0), "z": Real(0.0, 1.0)},
        scoring=scoring,
        constraints=constraints,
        n_iter=14,
        cv=2,
        random_state=0,
    )
    with pytest.warns(FitFailedWarning):
        search.fit(X, Y)
    assert search.cv_results_["is_failed"].any()  # a failed candidate is present
    return search


@pytest.fixture(
    scope="module",
    params=[
        (2, None),
        (2, "f1 >= -0.3"),
        (4, None),
        (4, ["f2 >= -0.5", "size <= 1 MB"]),
    ],
    ids=["2-objectives", "2-constrained", "4-objectives", "4-constrained"],
)
def search(request):
    return _fit(*request.param)


DISPLAYS = [
    ParetoFrontDisplay,
    ParallelCoordinatesDisplay,
    HypervolumeHistoryDisplay,
    ObjectiveImportanceDisplay,
]


@pytest.mark.parametrize("display", DISPLAYS, ids=lambda d: d.__name__)
def test_display_from_search_renders(search, display, tmp_path):
    shown = display.from_search(search)
    assert shown.figure_ is not None and shown.ax_ is not None
    shown.figure_.savefig(tmp_path / "plot.png")
    assert (tmp_path / "plot.png").stat().st_size > 1000
    matplotlib.pyplot.close("all")


@pytest.mark.parametrize("display", DISPLAYS, ids=lambda d: d.__name__)
def test_display_from_pickled_cv_results_renders(search, display, tmp_path):
    results = pickle.loads(pickle.dumps(search.cv_results_))
    shown = display.from_cv_results(results)  # no objectives: raw scores
    shown.figure_.savefig(tmp_path / "plot.png")
    matplotlib.pyplot.close("all")


def test_display_pareto_front_labels_directions_and_marks_the_refit():
    search = _fit(2, "f1 >= -0.3")
    shown = ParetoFrontDisplay.from_search(search, error_bars=True)
    assert shown.ax_.get_xlabel() == "f1\nhigher is better"
    labels = shown.ax_.get_legend_handles_labels()[1]
    assert f"refitted (candidate {search.best_index_})" in labels
    assert "constraint: f1 >= -0.3" in labels and "infeasible" in labels
    raw = ParetoFrontDisplay.from_cv_results(search.cv_results_)
    assert raw.ax_.get_xlabel() == "f1 (score)\ngreater is better"
    np.testing.assert_array_equal(
        raw.data.is_front, search.cv_results_["is_pareto_optimal"]
    )
    matplotlib.pyplot.close("all")


def test_display_four_objectives_is_a_grid_of_pairs():
    shown = ParetoFrontDisplay.from_search(_fit(4, None))
    assert shown.ax_.shape == (3, 3)
    assert sum(ax.get_visible() for ax in shown.ax_.ravel()) == 6  # C(4, 2) pairs
    matplotlib.pyplot.close("all")


def test_display_hypervolume_history_never_decreases():
    search = _fit(2, None)
    history = HypervolumeHistoryDisplay.from_search(search).hypervolume
    assert len(history) == 14 and np.all(np.diff(history) >= 0) and history[-1] > 0
    np.testing.assert_allclose(
        HypervolumeHistoryDisplay.from_cv_results(search.cv_results_).hypervolume,
        history,
    )
    matplotlib.pyplot.close("all")


def test_display_pareto_front_colours_a_halving_search_by_rung(tmp_path):
    from sklearn.tree import DecisionTreeClassifier

    from sklearn_moo import MultiObjectiveHalvingSearchCV

    X_big, y_big = make_classification(n_samples=600, random_state=0)
    search = MultiObjectiveHalvingSearchCV(
        DecisionTreeClassifier(random_state=0),
        {"max_depth": [1, 2, 3, 4, 6, None], "min_samples_leaf": [1, 5, 20]},
        scoring={"accuracy": "accuracy", "size": make_model_size_scorer()},
        random_state=0,
    ).fit(X_big, y_big)
    shown = ParetoFrontDisplay.from_search(search)
    labels = shown.ax_.get_legend_handles_labels()[1]
    assert [f"rung {r}: n_samples={n}" for r, n in enumerate(search.n_resources_)] == [
        label for label in labels if label.startswith("rung")
    ]
    assert "Pareto front (at its last rung)" in labels
    np.testing.assert_array_equal(shown.data.rungs, search.cv_results_["iter"])
    shown.figure_.savefig(tmp_path / "plot.png")
    raw = ParetoFrontDisplay.from_cv_results(
        search.cv_results_
    )  # rungs without the search
    assert (
        "rung 0: resources=" + str(search.n_resources_[0])
        in raw.ax_.get_legend_handles_labels()[1]
    )
    matplotlib.pyplot.close("all")
