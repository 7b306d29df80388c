"""The search owns its evaluation loop (issue #33): what a task carries, what a fitted
search keeps, and who writes the audit log."""

import json
import os
import pickle
import threading

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from sklearn_moo import MultiObjectiveSearchCV
from sklearn_moo.engine import Real
from sklearn_moo.model_selection import _audit, _evaluation
from sklearn_moo.utils._sklearn_compat import HAS_CALLBACK_API

X, Y = make_classification(n_samples=60, random_state=0)
SCORING = {"acc": "accuracy", "rec": "recall"}


def _spy_on_tasks(monkeypatch):
    """Every task the evaluation dispatches: (args, kwargs) of its function."""
    tasks, real = [], _evaluation.delayed

    def spying(function):
        def build(*args, **kwargs):
            seen = dict(kwargs)
            if "caller" in kwargs:
                shipped = pickle.dumps(kwargs["caller"])
                # NOTE: scikit-learn's own callback tree grows with the tasks
                state = dict(vars(kwargs["caller"]))
                state.pop("_callback_fit_ctx", None)
                seen["caller_size"] = len(pickle.dumps(state))
                seen["holds_data"] = X[:, 0].tobytes()[:64] in shipped
            tasks.append((args, seen))
            return real(function)(*args, **kwargs)

        return build

    monkeypatch.setattr(_evaluation, "delayed", spying)
    return tasks


def test_evaluation_tasks_carry_of_the_search_what_grid_search_cv_tasks_carry(
    monkeypatch, tmp_path
):
    """Data, a split, the scorers; the search only as scikit-learn's ``caller`` (1.9),
    holding its parameters and no data, folds, results, log or callback."""
    tasks = _spy_on_tasks(monkeypatch)
    search = MultiObjectiveSearchCV(
        LogisticRegression(), {"C": Real(0.1, 1.0)}, scoring=SCORING, n_iter=4,
        n_points=2, cv=2, random_state=0, audit_log=str(tmp_path / "log.jsonl"),
    )  # fmt: skip
    search.fit(X, Y, callback=lambda result: False)
    assert len(tasks) == 4 * 2
    for args, kwargs in tasks:
        values = list(args) + [v for k, v in kwargs.items() if k != "caller"]
        assert not any(v is search for v in values)
        assert len(kwargs["train"]) + len(kwargs["test"]) == len(X)  # its split only
        assert ("caller" in kwargs) == HAS_CALLBACK_API
        if "caller" in kwargs:
            assert kwargs["caller"] is search
            # what pickling the caller ships when the task is built: its parameters
            # and a few kilobytes of validated objectives, policy and log identity,
            # never the data, the folds, the results or the callbacks
            own = len(pickle.dumps(vars(clone(search))))
            assert kwargs["caller_size"] <= own + 2048, (kwargs["caller_size"], own)
            assert kwargs["holds_data"] is False


def test_evaluation_a_fitted_search_with_a_lambda_callback_pickles():
    search = MultiObjectiveSearchCV(
        LogisticRegression(), {"C": Real(0.1, 1.0)}, scoring=SCORING, n_iter=3, cv=2,
        random_state=0,
    )  # fmt: skip
    search.fit(X, Y, callback=lambda result: False)
    again = pickle.loads(pickle.dumps(search))
    assert again.best_params_ == search.best_params_


class _Holder:
    """A callback holding a lock, as a progress bar does."""

    def __init__(self):
        self.lock, self.calls = threading.Lock(), 0

    def __call__(self, result):
        with self.lock:
            self.calls += 1
        return False


def test_evaluation_a_callback_holding_a_lock_runs_with_two_workers():
    holder = _Holder()
    search = MultiObjectiveSearchCV(
        LogisticRegression(), {"C": Real(0.1, 1.0)}, scoring=SCORING, n_iter=4,
        n_points=2, cv=2, n_jobs=2, random_state=0,
    )  # fmt: skip
    search.fit(X, Y, callback=holder)
    assert holder.calls == 2 and len(search.cv_results_["params"]) == 4


def test_evaluation_a_fitted_search_with_an_audit_log_keeps_no_folds(tmp_path):
    X_big, y_big = make_classification(n_samples=20_000, random_state=0)

    def search(**kwargs):
        return MultiObjectiveSearchCV(
            LogisticRegression(max_iter=50), {"C": [1.0]}, scoring=SCORING, cv=5,
            **kwargs,
        ).fit(X_big, y_big)  # fmt: skip

    plain = len(pickle.dumps(search()))
    logged = len(pickle.dumps(search(audit_log=str(tmp_path / "log.jsonl"))))
    assert logged <= 1.1 * plain, (logged, plain)


def test_evaluation_only_the_search_process_writes_the_log(monkeypatch, tmp_path):
    path, writers = tmp_path / "log.jsonl", []
    real = _audit.append_whole

    def recording(target, data, **kwargs):
        writers.append((os.getpid(), data.count(b'"record": "fit"')))
        return real(target, data, **kwargs)

    monkeypatch.setattr(_audit, "append_whole", recording)
    MultiObjectiveSearchCV(
        LogisticRegression(), {"C": [0.01, 0.1, 1.0]}, scoring=SCORING, cv=3, n_jobs=2,
        audit_log=str(path),
    ).fit(X, Y)  # fmt: skip
    records = [json.loads(line) for line in path.open()]
    n_fit_records = sum(r["record"] == "fit" for r in records)
    assert n_fit_records == 3 * 3
    # every record in the file went through this process's writer
    assert sum(n for _, n in writers) == n_fit_records
    assert {pid for pid, _ in writers} == {os.getpid()}


def test_evaluation_results_stream_back_in_any_order_and_land_in_order():
    class Slow(LogisticRegression):
        def fit(self, X, y):
            if self.C == 0.01:  # the first candidate finishes last
                import time

                time.sleep(0.5)
            return super().fit(X, y)

    grid = {"C": [0.01, 0.1, 1.0, 10.0]}
    ours = MultiObjectiveSearchCV(Slow(), grid, scoring=SCORING, cv=2, n_jobs=2)
    ours.fit(X, Y)
    alone = MultiObjectiveSearchCV(Slow(), grid, scoring=SCORING, cv=2).fit(X, Y)
    for key in ("mean_test_acc", "split0_test_rec", "param_C"):
        np.testing.assert_array_equal(
            np.asarray(ours.cv_results_[key], dtype=float),
            np.asarray(alone.cv_results_[key], dtype=float),
        )


@pytest.mark.parametrize("cv", [2, 3])
def test_evaluation_folds_are_computed_once_per_search(cv):
    from sklearn.model_selection import KFold

    class CountingKFold(KFold):
        calls = 0

        def split(self, X, y=None, groups=None):
            type(self).calls += 1
            return super().split(X, y, groups)

    MultiObjectiveSearchCV(
        LogisticRegression(), {"C": Real(0.1, 1.0)}, scoring=SCORING, n_iter=4,
        n_points=2, cv=CountingKFold(cv), random_state=0,
    ).fit(X, Y)  # fmt: skip
    assert CountingKFold.calls == 1
