"""The drop-in contract (issue #11): grids, spellings, messages, callbacks, migrants."""

import re
import warnings

import numpy as np
import pytest
from scipy import stats
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.exceptions import FitFailedWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import LinearSVC
from skopt.space import Integer as SkoptInteger, Real as SkoptReal

from sklearn_moo import MultiObjectiveSearchCV
from sklearn_moo.engine import Real
from sklearn_moo.exceptions import SearchSpaceWarning

from .._helpers import ANALYTIC_SCORING, AnalyticClassifier, requires_callback_api

X, Y = make_classification(n_samples=60, n_features=5, random_state=0)


# ------------------------------------------------------------------ spellings
def test_dropin_param_grid_and_search_spaces_are_one_parameter():
    grid = {"C": [0.1, 1.0]}
    by_keyword = MultiObjectiveSearchCV(LogisticRegression(), param_grid=grid, cv=2)
    assert by_keyword.get_params()["param_grid"] is grid
    assert by_keyword.get_params()["search_spaces"] is None
    assert clone(by_keyword).param_grid == grid
    by_keyword.fit(X, Y)
    assert by_keyword.cv_results_["params"] == [{"C": 0.1}, {"C": 1.0}]


def test_dropin_set_params_param_grid_replaces_a_positional_grid():
    search = MultiObjectiveSearchCV(LogisticRegression(), {"C": [0.1, 1.0]}, cv=2)
    search.set_params(param_grid={"C": [0.5]})
    assert search.search_spaces is None and search.param_grid == {"C": [0.5]}
    assert search.fit(X, Y).cv_results_["params"] == [{"C": 0.5}]
    search.set_params(search_spaces={"C": [2.0]})
    assert search.param_grid is None
    assert search.fit(X, Y).cv_results_["params"] == [{"C": 2.0}]


def test_dropin_param_distributions_with_scipy_distributions():
    search = MultiObjectiveSearchCV(
        AnalyticClassifier(),
        param_distributions={
            "x": stats.uniform(0.2, 0.5),
            "z": stats.loguniform(1e-2, 1.0),
        },
        scoring=ANALYTIC_SCORING,
        n_iter=6,
        cv=2,
        random_state=0,
    ).fit(X, Y)
    xs = np.asarray(search.cv_results_["param_x"], float)
    zs = np.asarray(search.cv_results_["param_z"], float)
    assert len(xs) == 6 and xs.min() >= 0.2 and xs.max() <= 0.7
    assert zs.min() >= 1e-2 and zs.max() <= 1.0


@pytest.mark.parametrize(
    "dist, expected",
    [
        (stats.uniform(1.0, 2.0), SkoptReal(1.0, 3.0)),
        (stats.uniform(loc=1.0, scale=2.0), SkoptReal(1.0, 3.0)),
        (stats.loguniform(1e-3, 1e2), SkoptReal(1e-3, 1e2, prior="log-uniform")),
        (stats.randint(1, 4), SkoptInteger(1, 3)),
    ],
)
def test_dropin_scipy_distribution_maps_onto_the_range_it_spans(dist, expected):
    from sklearn_moo.engine._space import SearchSpace

    (dimension,) = SearchSpace({"p": dist}).space.dimensions
    assert isinstance(dimension, type(expected))
    assert (dimension.low, dimension.high, dimension.prior) == (
        expected.low,
        expected.high,
        expected.prior,
    )


def test_dropin_space_and_count_pairs_give_each_space_its_count():
    spaces = [
        ({"x": Real(0.0, 0.5), "kind": ["a"]}, 3),
        ({"x": Real(0.5, 1.0), "kind": ["b"]}, 5),
    ]
    search = MultiObjectiveSearchCV(
        AnalyticClassifier(), spaces, scoring=ANALYTIC_SCORING, cv=2, random_state=0
    ).fit(X, Y)
    kinds = [p["kind"] for p in search.cv_results_["params"]]
    assert kinds.count("a") == 3 and kinds.count("b") == 5


def test_dropin_pairs_and_plain_spaces_share_n_iter():
    spaces = [
        ({"x": Real(0.0, 0.5), "kind": ["a"]}, 2),
        {"x": Real(0.5, 1.0), "kind": ["b"]},
    ]
    search = MultiObjectiveSearchCV(
        AnalyticClassifier(),
        spaces,
        scoring=ANALYTIC_SCORING,
        n_iter=4,
        cv=2,
        random_state=0,
    ).fit(X, Y)
    kinds = [p["kind"] for p in search.cv_results_["params"]]
    assert kinds.count("a") == 2 and kinds.count("b") == 4


# ------------------------------------------------------------------- migrants
@pytest.mark.parametrize(
    "values, spelling",
    [
        ((1, 8), "Integer(1, 8)"),
        ((0.1, 0.9), "Real(0.1, 0.9)"),
        ((1e-3, 1.0, "log-uniform"), "Real(0.001, 1.0, prior='log-uniform')"),
    ],
)
def test_dropin_tuple_in_a_bayesian_search_stays_a_grid_and_warns(values, spelling):
    search = MultiObjectiveSearchCV(
        AnalyticClassifier(),
        {"x": Real(0.0, 1.0), "kind": values},
        scoring=ANALYTIC_SCORING,
        n_iter=3,
        cv=2,
        random_state=0,
    )
    with pytest.warns(SearchSpaceWarning, match=re.escape(spelling)) as record:
        search.fit(X, Y)
    assert record[0].filename == __file__  # attributed to the caller's line
    assert {p["kind"] for p in search.cv_results_["params"]} <= set(values)


def test_dropin_grid_mode_adds_no_warning_gridsearchcv_does_not_emit():
    grid = {"n_neighbors": (1, 8), "weights": ["uniform", "distance"]}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        MultiObjectiveSearchCV(KNeighborsClassifier(), grid, cv=2).fit(X, Y)


# ------------------------------------------------------------------- messages
def test_dropin_some_fits_failed_warns_once_with_scikit_learns_wording():
    search = MultiObjectiveSearchCV(
        AnalyticClassifier(fail_above=0.5),
        {"x": [0.1, 0.9]},
        scoring=ANALYTIC_SCORING,
        cv=2,
    )
    with pytest.warns(FitFailedWarning) as record:
        search.fit(X, Y)
    messages = [
        str(w.message) for w in record if issubclass(w.category, FitFailedWarning)
    ]
    assert len(messages) == 1
    assert messages[0].startswith(
        "\n2 fits failed out of a total of 4.\nThe score on these"
    )


def test_dropin_bayesian_search_warns_once_over_all_rounds():
    search = MultiObjectiveSearchCV(
        AnalyticClassifier(fail_above=0.5),
        {"x": Real(0.0, 1.0)},
        scoring=ANALYTIC_SCORING,
        n_iter=8,
        cv=2,
        random_state=0,
    )
    with pytest.warns(FitFailedWarning) as record:
        search.fit(X, Y)
    messages = [
        str(w.message) for w in record if issubclass(w.category, FitFailedWarning)
    ]
    assert len(messages) == 1
    n_failed = 2 * int((np.asarray(search.cv_results_["param_x"], float) > 0.5).sum())
    assert f"\n{n_failed} fits failed out of a total of 16.\n" in messages[0]


def test_dropin_estimator_without_score_and_no_scoring_is_a_type_error():
    class NoScore(LinearSVC):
        score = property(lambda self: (_ for _ in ()).throw(AttributeError("no score")))

    search = MultiObjectiveSearchCV(NoScore(), {"C": [0.1, 1.0]})
    with pytest.raises(TypeError, match="no scoring"):
        search.fit([[1]])


def test_dropin_single_scorer_refit_string_as_gridsearchcv():
    grid = {"C": [0.01, 0.1, 1.0]}
    ours = MultiObjectiveSearchCV(
        LogisticRegression(), grid, scoring="recall", refit="recall", cv=3
    ).fit(X, Y)
    theirs = GridSearchCV(
        LogisticRegression(), grid, scoring="recall", refit="recall", cv=3
    ).fit(X, Y)
    assert ours.best_index_ == theirs.best_index_
    assert ours.best_score_ == theirs.best_score_
    assert ours.score(X, Y) == theirs.score(X, Y)


# ------------------------------------------------------------------ callbacks
class Recorder:
    """Counts every hook call, by task name; optionally stops after some rounds."""

    def __init__(self, stop_after_rounds=None):
        self.stop_after_rounds = stop_after_rounds
        self.begin, self.end, self.setup_calls, self.teardown_calls = [], [], 0, 0

    def setup(self, estimator, context):
        self.setup_calls += 1

    def teardown(self, estimator, context):
        self.teardown_calls += 1

    def on_fit_task_begin(self, estimator, context):
        self.begin.append(context.task_name)

    def on_fit_task_end(self, estimator, context):
        self.end.append(context.task_name)
        return (
            context.task_name == "round"
            and self.end.count("round") == self.stop_after_rounds
        )


def _counts(names):
    return {name: names.count(name) for name in set(names)}


@requires_callback_api
@pytest.mark.parametrize("refit", [True, False])
def test_dropin_grid_callbacks_count_as_on_gridsearchcv(refit):
    grid = {"C": [0.1, 1.0, 10.0]}
    ours, theirs = Recorder(), Recorder()
    MultiObjectiveSearchCV(LogisticRegression(), grid, cv=2, refit=refit).set_callbacks(
        ours
    ).fit(X, Y)
    GridSearchCV(LogisticRegression(), grid, cv=2, refit=refit).set_callbacks(
        theirs
    ).fit(X, Y)
    assert _counts(ours.begin) == _counts(theirs.begin)
    assert _counts(ours.end) == _counts(theirs.end)
    assert _counts(ours.begin)["candidate-split-evaluation"] == 6
    assert (ours.setup_calls, ours.teardown_calls) == (
        theirs.setup_calls,
        theirs.teardown_calls,
    )


@requires_callback_api
def test_dropin_bayesian_callbacks_one_task_per_round():
    recorder = Recorder()
    search = (
        MultiObjectiveSearchCV(
            AnalyticClassifier(),
            {"x": Real(0.0, 1.0)},
            scoring=ANALYTIC_SCORING,
            n_iter=7,
            n_points=3,
            cv=2,
            random_state=0,
        )
        .set_callbacks(recorder)
        .fit(X, Y)
    )
    counts = _counts(recorder.begin)
    # the root task ("fit"), one "search", rounds of 3 + 3 + 1 candidates, every
    # candidate x split, and the refit
    assert counts == {
        "fit": 1,
        "search": 1,
        "round": 3,
        "candidate-split-evaluation": 14,
        "refit-with-best-params": 1,
    }
    assert (
        counts["candidate-split-evaluation"]
        == 2 * len(search.cv_results_["params"])
        == 14
    )
    assert _counts(recorder.end) == counts


@requires_callback_api
def test_dropin_callback_returning_true_stops_the_search_after_that_round():
    recorder = Recorder(stop_after_rounds=2)
    search = (
        MultiObjectiveSearchCV(
            AnalyticClassifier(),
            {"x": Real(0.0, 1.0)},
            scoring=ANALYTIC_SCORING,
            n_iter=10,
            n_points=2,
            cv=2,
            random_state=0,
        )
        .set_callbacks(recorder)
        .fit(X, Y)
    )
    assert len(search.cv_results_["params"]) == 4
    assert hasattr(search, "best_estimator_")  # the refit happens as usual


@pytest.mark.parametrize("scoring", [{"acc": "accuracy"}, ["accuracy"]])
def test_dropin_one_scorer_in_a_dict_or_list_refits_its_best(scoring):
    """``refit=True`` with a single scorer given as a dict or a list: the refit is its
    best, as with the scorer given alone (it raised KeyError 'rank_test_True')."""
    from sklearn.linear_model import LogisticRegression

    X, y = make_classification(n_samples=200, random_state=0)
    grid = {"C": [0.01, 0.1, 1.0]}
    ours = MultiObjectiveSearchCV(LogisticRegression(), grid, scoring=scoring, cv=2)
    ours.fit(X, y)
    stock = GridSearchCV(LogisticRegression(), grid, scoring="accuracy", cv=2).fit(X, y)
    assert ours.best_index_ == stock.best_index_
    assert ours.best_score_ == stock.best_score_
    assert ours.score(X, y) == stock.score(X, y)
