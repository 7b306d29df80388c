"""Latency, throughput and size scorers: exact checks with a fake clock."""

import pickle
import time

import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.metrics import check_scoring
from sklearn.model_selection import GridSearchCV, KFold

from sklearn_moo.metrics import (
    make_latency_scorer,
    make_model_size_scorer,
    make_throughput_scorer,
    retime_candidates,
)


class FakeClock:
    """Nanoseconds that pass only when someone advances them."""

    def __init__(self):
        self.now = 0

    def __call__(self):
        return self.now


# NOTE: module-level, because `clone` deep-copies estimator parameters and the
# stub and the scorer must share one clock.
CLOCK = FakeClock()


class StubClassifier(ClassifierMixin, BaseEstimator):
    """``predict`` costs ``per_call + per_row * rows + jitter[k % len(jitter)]`` ns."""

    def __init__(self, per_call=1000, per_row=10, jitter=(0, 7, 3, 100, 1, 50, 2)):
        self.per_call = per_call
        self.per_row = per_row
        self.jitter = jitter

    def fit(self, X, y):
        self.classes_ = np.unique(y)
        self.calls_ = []  # (method, rows, first value, cost)
        return self

    def _run(self, method, X):
        rows = len(X)
        cost = (
            self.per_call
            + self.per_row * rows
            + self.jitter[len(self.calls_) % len(self.jitter)]
        )
        self.calls_.append((method, rows, float(np.asarray(X)[0, 0]), cost))
        CLOCK.now += cost
        return rows

    def predict(self, X):
        self._run("predict", X)
        return np.zeros(len(X), dtype=int)

    def predict_proba(self, X):
        self._run("predict_proba", X)
        return np.tile([1.0, 0.0], (len(X), 1))


def _slow_metric_scorer(estimator, X, y):
    CLOCK.now += 10**9  # the metric's own time must not be counted
    return 0.0


@pytest.fixture
def fitted():
    X = np.arange(60, dtype=float).reshape(-1, 1)
    y = np.arange(60) % 2
    return StubClassifier().fit(X, y), X, y


def _expected(calls, method, rows_limit, warmup, percentile, per_row):
    timed = [c for c in calls if c[0] == method and c[1] <= rows_limit][warmup:]
    times = np.array([c[3] for c in timed], dtype=float)
    if per_row:
        times = times / np.array([c[1] for c in timed])
    return float(np.percentile(times, percentile)) / 1e9, timed


@pytest.mark.parametrize("percentile", [0, 50, 95, 100])
@pytest.mark.parametrize(
    "batch_size, per",
    [(1, "row"), (1, "batch"), (7, "row"), (7, "batch"), (20, "batch")],
)
def test_latency_equals_predict_time_exactly(fitted, percentile, batch_size, per):
    clf, X, y = fitted
    scorer = make_latency_scorer(
        batch_size=batch_size,
        n_rows=20,
        n_repeats=3,
        warmup=2,
        percentile=percentile,
        per=per,
        clock=CLOCK,
    )
    multi = check_scoring(
        clf, {"acc": "accuracy", "slow": _slow_metric_scorer, "latency": scorer}
    )
    scores = multi(clf, X, y)
    expected, timed = _expected(clf.calls_, "predict", 20, 2, percentile, per == "row")
    assert scores["latency"] == -expected
    assert scorer.to_natural(scores["latency"]) == expected
    # 20 rows in full batches: 20 // batch_size calls per repeat, on the first rows.
    n_batches = 20 // batch_size
    assert len(timed) == 3 * n_batches
    assert [c[2] for c in timed[:n_batches]] == [
        float(i * batch_size) for i in range(n_batches)
    ]


def test_latency_per_row_and_per_call_costs(fitted):
    clf, X, y = fitted
    clf.set_params(jitter=(0,))
    for batch_size in (1, 5):
        per_row = make_latency_scorer(batch_size=batch_size, n_rows=20, clock=CLOCK)
        per_batch = make_latency_scorer(
            batch_size=batch_size, n_rows=20, per="batch", clock=CLOCK
        )
        call_cost = 1000 + 10 * batch_size
        assert per_batch(clf, X, y) == -call_cost / 1e9
        assert per_row(clf, X, y) == -(call_cost / batch_size) / 1e9


def test_latency_predict_proba_and_small_fold(fitted):
    clf, X, y = fitted
    clf.set_params(jitter=(0,))
    scorer = make_latency_scorer(
        method="predict_proba", batch_size=50, n_rows=200, per="batch", clock=CLOCK
    )
    # Only 10 rows: one call on all of them.
    assert scorer(clf, X[:10], y[:10]) == -(1000 + 10 * 10) / 1e9
    assert {c[0] for c in clf.calls_} == {"predict_proba"}


def test_latency_calls_method_even_when_predictions_are_cached(fitted):
    clf, X, y = fitted
    scorer = make_latency_scorer(n_rows=5, n_repeats=2, warmup=1, clock=CLOCK)
    multi = check_scoring(clf, {"acc": "accuracy", "acc2": "accuracy", "lat": scorer})
    multi(clf, X, y)
    rows = [c[1] for c in clf.calls_]
    assert rows.count(60) == 1  # accuracy's predict, cached for acc2
    assert rows.count(1) == 1 + 2 * 5


def test_throughput_equals_rows_per_second(fitted):
    clf, X, y = fitted
    clf.set_params(jitter=(0,))
    scorer = make_throughput_scorer(batch_size=10, n_rows=20, clock=CLOCK)
    assert scorer(clf, X, y) == 1.0 / ((1000 + 10 * 10) / 10 / 1e9)
    zero = StubClassifier(per_call=0, per_row=0, jitter=(0,)).fit(X, y)
    assert scorer(zero, X, y) == float("inf")


def test_model_size_is_pickle_bytes(fitted):
    clf, X, y = fitted
    scorer = make_model_size_scorer()
    size = len(pickle.dumps(clf, protocol=pickle.HIGHEST_PROTOCOL))
    assert scorer(clf, X, y) == -size
    assert scorer.to_natural(scorer(clf, X, y)) == size


def test_retime_candidates_writes_new_columns(fitted):
    _, X, y = fitted
    scoring = {
        "accuracy": "accuracy",
        "latency": make_latency_scorer(n_rows=4, n_repeats=2, per="batch", clock=CLOCK),
    }
    search = GridSearchCV(
        StubClassifier(jitter=(0,)),
        {"per_call": [1000, 5000]},
        scoring=scoring,
        refit=False,
        cv=KFold(2),
    ).fit(X, y)
    before = {k: np.copy(v) for k, v in search.cv_results_.items() if "test_" in k}
    retimed = retime_candidates(search, X, y, candidates=[1])
    assert list(retimed) == ["latency"]
    np.testing.assert_array_equal(retimed["latency"], [-(5000 + 10) / 1e9])
    np.testing.assert_array_equal(
        search.cv_results_["retimed_latency"], [np.nan, -(5000 + 10) / 1e9]
    )
    for key, value in before.items():  # test scores are never overwritten
        np.testing.assert_array_equal(search.cv_results_[key], value)
    # A plain cv_results_ dict needs the estimator; a second call fills candidate 0.
    results = search.cv_results_
    retime_candidates(
        results,
        X,
        y,
        candidates=[0],
        scoring={"latency": scoring["latency"]},
        estimator=StubClassifier(jitter=(0,)),
        test_size=None,
    )
    with pytest.raises(
        ValueError, match="needs estimator= when given a cv_results_ dict"
    ):
        retime_candidates(results, X, y, scoring=scoring)
    with pytest.raises(ValueError, match="scoring names"):
        retime_candidates(search, X, y, scoring=["latencyy"])
    with pytest.raises(ValueError, match=r"candidates must be indices in \[0, 2\)"):
        retime_candidates(search, X, y, candidates=[2])
    np.testing.assert_array_equal(
        results["retimed_latency"], [-(1000 + 10) / 1e9, -(5000 + 10) / 1e9]
    )


def test_latency_errors(fitted):
    clf, X, y = fitted
    with pytest.raises(
        ValueError, match="batch_size must be an int >= 1, got batch_size=0"
    ):
        make_latency_scorer(batch_size=0)
    with pytest.raises(ValueError, match=r"percentile must be a number in \[0, 100\]"):
        make_latency_scorer(percentile=101)
    with pytest.raises(ValueError, match="per must be one of"):
        make_latency_scorer(per="call")
    with pytest.raises(ValueError, match="method must be one of"):
        make_throughput_scorer(method="score")
    with pytest.raises(ValueError, match="clock must be a callable"):
        make_latency_scorer(clock=1.0)
    scorer = make_latency_scorer(method="decision_function")
    with pytest.raises(AttributeError, match="has no such method"):
        scorer(clf, X, y)


class SleepyClassifier(ClassifierMixin, BaseEstimator):
    def fit(self, X, y):
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        time.sleep(0.010)
        return np.zeros(len(X), dtype=int)


@pytest.mark.slow
def test_latency_real_time_sleep_10ms():
    X = np.zeros((5, 1))
    clf = SleepyClassifier().fit(X, [0, 1, 0, 1, 0])
    scorer = make_latency_scorer(per="batch", n_rows=5, n_repeats=3)
    seconds = scorer.to_natural(scorer(clf, X, None))
    # sleep() lasts at least its argument, and a busy VM can overshoot it by a few
    # ms (more than the old 25 % tolerance): the upper bound only rules out gross errors.
    assert 0.010 <= seconds < 0.050


def test_retime_candidates_warms_up_then_interleaves_rounds(fitted):
    _, X, y = fitted
    calls = []

    def scorer(model, X_time, y_time):
        """The first call of a model is slow (lazy set-up); later ones take turns."""
        calls.append(model.per_call)
        if calls.count(model.per_call) == 1:
            return -1.0
        return -model.per_call * 1e-9 * (1 + 0.1 * (len(calls) % 3))

    results = {"params": [{"per_call": 1000}, {"per_call": 5000}, {"per_call": 9000}]}
    retimed = retime_candidates(
        results,
        X,
        y,
        candidates=[2, 0],
        scoring={"latency": scorer},
        estimator=StubClassifier(jitter=(0,)),
        n_rounds=3,
    )
    # one untimed call each, then three rounds in which the candidates take turns
    assert calls == [9000, 1000] + [9000, 1000] * 3
    rounds = {
        9000: [-9000e-9 * 1.0, -9000e-9 * 1.2, -9000e-9 * 1.1],  # calls 3, 5, 7
        1000: [-1000e-9 * 1.1, -1000e-9 * 1.0, -1000e-9 * 1.2],
    }  # calls 4, 6, 8
    np.testing.assert_allclose(
        retimed["latency"], [np.median(rounds[9000]), np.median(rounds[1000])]
    )
    np.testing.assert_allclose(
        results["retimed_latency"],
        [np.median(rounds[1000]), np.nan, np.median(rounds[9000])],
    )
    np.testing.assert_allclose(
        results["retimed_latency_spread"], [1000e-9 * 0.2, np.nan, 9000e-9 * 0.2]
    )
    for bad in (0, 1.5, True):
        with pytest.raises(ValueError, match="n_rounds must be an int >= 1"):
            retime_candidates(
                results,
                X,
                y,
                scoring={"latency": scorer},
                estimator=StubClassifier(),
                n_rounds=bad,
            )


def test_retime_candidates_can_time_with_one_thread(fitted):
    import sklearn.ensemble  # noqa: F401  (loads OpenMP beside NumPy's BLAS)
    from threadpoolctl import threadpool_info, threadpool_limits

    _, X, y = fitted
    seen = []

    def scorer(model, X_time, y_time):
        seen.append({p["num_threads"] for p in threadpool_info()})
        return -1e-3

    results = {"params": [{"per_call": 1000}]}
    retime_candidates(
        results,
        X,
        y,
        scoring={"latency": scorer},
        estimator=StubClassifier(),
        n_rounds=2,
        n_threads=1,
    )
    assert len(seen) == 3 and all(threads == {1} for threads in seen)
    with threadpool_limits(2):  # and without n_threads, the process's own setting
        seen.clear()
        retime_candidates(
            results,
            X,
            y,
            scoring={"latency": scorer},
            estimator=StubClassifier(),
            n_rounds=1,
        )
        assert seen and all(2 in threads for threads in seen)
    with pytest.raises(ValueError, match="n_threads must be None or an int >= 1"):
        retime_candidates(
            results,
            X,
            y,
            scoring={"latency": scorer},
            estimator=StubClassifier(),
            n_threads=0,
        )
