"""The audit log and resume (issue #15, acceptance 1-3)."""

import json
import warnings

import numpy as np
import pandas as pd
import pytest
import sklearn
from sklearn.datasets import make_classification
from sklearn.model_selection import cross_val_score

from sklearn_moo import MultiObjectiveSearchCV
from sklearn_moo.engine import Real
from sklearn_moo.metrics import make_fairness_scorer

from .._helpers import ANALYTIC_SCORING, AnalyticClassifier

X, Y = make_classification(n_samples=40, random_state=0)
TIME_KEYS = {"mean_fit_time", "std_fit_time", "mean_score_time", "std_score_time"}


class StopAt(AnalyticClassifier):
    """Raises ``error`` at fit number ``at`` (counted over clones), once."""

    calls, at, error = 0, None, KeyboardInterrupt

    def fit(self, X, y):
        type(self).calls += 1
        if type(self).calls == type(self).at:
            raise type(self).error("stop here")
        return super().fit(X, y)


def _search(path, grid=False, **kwargs):
    space = (
        {"x": [0.1, 0.3, 0.5, 0.7, 0.9], "z": [0.2, 0.8]}
        if grid
        else {"x": Real(0.0, 1.0), "z": Real(0.0, 1.0)}
    )
    params = dict(
        estimator=StopAt(),
        search_spaces=space,
        scoring=ANALYTIC_SCORING,
        n_iter=None if grid else 9,
        cv=2,
        random_state=0,
        audit_log=str(path),
    )
    params.update(kwargs)
    return MultiObjectiveSearchCV(**params)


def logged_fits(path):
    """The (candidate key, split) pairs whose results the log holds."""
    fits = set()
    for record in map(json.loads, open(path).read().splitlines()):
        if record["record"] == "fit":
            fits.add((record["key"], record["split"]))
        elif record["record"] == "candidate":
            fits.update((record["key"], k) for k in range(len(record["splits"])))
    return fits


def _assert_same_results(a, b):
    assert a["params"] == b["params"]
    for key in set(a) - TIME_KEYS - {"params"}:
        if key.startswith("param_"):
            assert a[key].tolist() == b[key].tolist(), key
        else:
            np.testing.assert_array_equal(a[key], b[key], err_msg=key)


@pytest.mark.parametrize("error", [KeyboardInterrupt, RuntimeError])
@pytest.mark.parametrize(
    "case",
    [dict(n_points=1), dict(n_points=3), dict(grid=True)],
    ids=["n_points=1", "n_points=3", "grid"],
)
def test_resume_ends_as_an_uninterrupted_search(tmp_path, case, error):
    # error_score="raise": a RuntimeError in a fit escapes its round, as a Ctrl-C does.
    case = {**case, "error_score": "raise"}
    StopAt.calls, StopAt.at = 0, None
    whole = _search(tmp_path / "whole.jsonl", **case).fit(X, Y)
    n = len(whole.cv_results_["params"])
    # Interrupt in the fit of candidate 7 (2 folds each): the 12 fits before it
    # are in the log (as fit records, and as candidate records for finished rounds).
    StopAt.calls, StopAt.at, StopAt.error = 0, 2 * 6 + 1, error
    path = tmp_path / "resumed.jsonl"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(error):
            _search(path, **case).fit(X, Y)
    assert len(logged_fits(path)) == 12
    StopAt.calls, StopAt.at = 0, None
    resumed = _search(path, **case).fit(X, Y)
    _assert_same_results(resumed.cv_results_, whole.cv_results_)
    assert resumed.best_index_ == whole.best_index_
    assert StopAt.calls == 2 * n - 12 + 1  # logged fits were not fitted again


def test_log_reads_with_pandas_and_holds_what_an_audit_needs(tmp_path):
    path = tmp_path / "log.jsonl"
    StopAt.calls, StopAt.at = 0, None
    search = _search(path, n_iter=4).fit(X, Y)
    search.reselect("f2", X, Y)
    frame = pd.read_json(path, lines=True)
    assert frame["record"].tolist() == ["header"] + ["fit", "fit", "candidate"] * 4 + [
        "refit",
        "reselect",
    ]
    frame = frame[frame["record"] != "fit"].reset_index(drop=True)
    header = json.loads(open(path).readline())
    assert header["versions"]["scikit-learn"] == sklearn.__version__
    assert header["seeds"] and header["n_splits"] == 2 and len(header["folds"]) == 2
    assert header["params"]["random_state"] == 0 and "n_iter" not in header["params"]
    candidate = frame[frame["record"] == "candidate"].iloc[0]
    assert set(candidate["splits"][0]) >= {"test_scores", "fit_time", "fit_error"}
    assert frame.iloc[-1]["index"] == search.best_index_


def test_truncated_last_line_resumes(tmp_path):
    path = tmp_path / "log.jsonl"
    StopAt.calls, StopAt.at = 0, None
    whole = _search(tmp_path / "whole.jsonl", n_iter=6).fit(X, Y)
    _search(path, n_iter=4).fit(X, Y)
    lines = open(path).read().splitlines(keepends=True)
    candidates = [i for i, line in enumerate(lines) if '"candidate"' in line]
    # keep 3 candidates and half of the fourth's line, as a crash mid-write leaves it
    open(path, "w").write("".join(lines[: candidates[3]]) + lines[candidates[3]][:40])
    resumed = _search(path, n_iter=6).fit(X, Y)
    _assert_same_results(resumed.cv_results_, whole.cv_results_)


def test_raising_n_iter_continues_the_search(tmp_path):
    path = tmp_path / "log.jsonl"
    StopAt.calls, StopAt.at = 0, None
    _search(path, n_iter=4).fit(X, Y)
    StopAt.calls = 0
    more = _search(path, n_iter=7).fit(X, Y)
    assert StopAt.calls == 2 * 3 + 1  # 3 new candidates and the refit
    whole = _search(tmp_path / "whole.jsonl", n_iter=7).fit(X, Y)
    _assert_same_results(more.cv_results_, whole.cv_results_)


def test_fingerprint_changes_with_one_value_and_resume_names_it(tmp_path):
    path = tmp_path / "log.jsonl"
    _search(path, n_iter=3).fit(X, Y)
    X2 = X.copy()
    X2[5, 2] += 1e-9
    with pytest.raises(ValueError, match=r"What differs: fingerprint X: the log has"):
        _search(path, n_iter=3).fit(X2, Y)
    with pytest.raises(
        ValueError,
        match=r"params strategy: the log has bayes, this search "
        "random",
    ):
        _search(path, n_iter=3, strategy="random").fit(X, Y)


def test_fingerprint_covers_sensitive_features(tmp_path):
    scoring = {
        "f1": ANALYTIC_SCORING["f1"],
        "dp": make_fairness_scorer("demographic_parity_difference"),
    }
    groups = np.arange(40) % 2
    path = tmp_path / "log.jsonl"
    with sklearn.config_context(enable_metadata_routing=True):
        _search(path, n_iter=3, scoring=scoring).fit(X, Y, sensitive_features=groups)
        changed = groups.copy()
        changed[0] = 1 - changed[0]
        with pytest.raises(
            ValueError, match="fingerprint sensitive_features: the log has"
        ):
            _search(path, n_iter=3, scoring=scoring).fit(
                X, Y, sensitive_features=changed
            )


def test_cross_val_score_with_one_log_refuses_the_second_fold(tmp_path):
    search = _search(tmp_path / "log.jsonl", n_iter=3)
    with pytest.raises(ValueError, match="cannot resume it"):
        cross_val_score(
            search, X, Y, cv=2, error_score="raise", scoring=lambda est, X, y: 0.0
        )


def test_resuming_a_complete_log_refits_without_fitting_candidates(tmp_path):
    path = tmp_path / "log.jsonl"
    StopAt.calls, StopAt.at = 0, None
    first = _search(path, n_iter=4).fit(X, Y)
    StopAt.calls = 0
    again = _search(path, n_iter=4).fit(X, Y)
    assert StopAt.calls == 1  # the refit only
    _assert_same_results(again.cv_results_, first.cv_results_)
    grid_path = tmp_path / "grid.jsonl"
    _search(grid_path, grid=True).fit(X, Y)
    StopAt.calls = 0
    _search(grid_path, grid=True).fit(X, Y)
    assert StopAt.calls == 1


def test_a_replayed_proposal_that_differs_from_the_log_raises(tmp_path):
    path = tmp_path / "log.jsonl"
    _search(path, n_iter=3).fit(X, Y)
    lines = open(path).read().splitlines()
    first = next(i for i, line in enumerate(lines) if '"record": "candidate"' in line)
    record = json.loads(lines[first])
    record["key"] = record["key"].replace('"x": ', '"x": 1')
    lines[first] = json.dumps(record)
    open(path, "w").write("\n".join(lines) + "\n")
    with pytest.raises(ValueError, match="round 0 proposes .* but the log has"):
        _search(path, n_iter=3).fit(X, Y)


def test_a_last_record_without_its_newline_is_written_again(tmp_path):
    path = tmp_path / "log.jsonl"
    StopAt.calls, StopAt.at = 0, None
    _search(path, n_iter=4).fit(X, Y)
    text = open(path).read()
    head = text[: text.index('{"record": "refit"')]
    open(path, "w").write(head.rstrip("\n"))  # the 4th record lost its newline
    resumed = _search(path, n_iter=6).fit(X, Y)
    indices = [
        r["index"] for r in map(json.loads, open(path)) if r["record"] == "candidate"
    ]
    assert sorted(indices) == list(range(6))
    _assert_same_results(
        resumed.cv_results_,
        _search(tmp_path / "whole.jsonl", n_iter=6).fit(X, Y).cv_results_,
    )


def test_a_round_cut_short_and_a_smaller_n_iter_both_resume(tmp_path):
    path = tmp_path / "log.jsonl"
    StopAt.calls, StopAt.at = 0, None
    _search(path, n_iter=8, n_points=2).fit(X, Y)
    lines = open(path).read().splitlines(keepends=True)
    last = max(i for i, line in enumerate(lines) if '"candidate"' in line)
    open(path, "w").write("".join(lines[:last]))  # round 4 keeps 1 of its 2 records
    whole = _search(tmp_path / "whole.jsonl", n_iter=8, n_points=2).fit(X, Y)
    _assert_same_results(
        _search(path, n_iter=8, n_points=2).fit(X, Y).cv_results_, whole.cv_results_
    )
    assert len(_search(path, n_iter=5, n_points=2).fit(X, Y).cv_results_["params"]) == 5


def test_audit_log_with_cv_given_as_a_generator(tmp_path):
    from sklearn.model_selection import KFold

    folds = KFold(2).split(X)
    search = _search(tmp_path / "log.jsonl", n_iter=3, cv=folds).fit(X, Y)
    assert search.n_splits_ == 2 and len(search.cv_results_["params"]) == 3


def test_resume_tells_apart_estimators_that_print_alike(tmp_path):
    path = tmp_path / "log.jsonl"
    _search(path, n_iter=3).fit(X, Y)
    with pytest.raises(
        ValueError, match='What differs: estimator.kind is "b", the log has "a"'
    ):
        _search(path, n_iter=3, estimator=StopAt(kind="b")).fit(X, Y)
