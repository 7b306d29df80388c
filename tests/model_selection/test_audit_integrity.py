"""The audit log never pins a logged score on the wrong candidate (issue #26)."""

import functools
import json
import os
import re
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

from sklearn_moo import MultiObjectiveSearchCV
from sklearn_moo.exceptions import AuditLogInUseError
from sklearn_moo.model_selection._identity import (
    UnstableIdentityError,
    identity,
    identity_text,
)

from .._helpers import ANALYTIC_SCORING, AnalyticClassifier, WaitForFile
from .test_audit_log import _assert_same_results

X, Y = make_classification(n_samples=60, random_state=0)
SCORING = {"accuracy": "accuracy", "recall": "recall"}
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class CountingLR(LogisticRegression):
    fits = 0

    def fit(self, X, y):
        type(self).fits += 1
        return super().fit(X, y)


def _closure(scale):
    def f(Z):
        return Z * scale

    return f


FUNCTION_PAIRS = {
    "two lambdas": [lambda Z: Z, lambda Z: Z * 0.0],
    "two closures named f": [_closure(1.0), _closure(0.0)],
    "partials": [
        functools.partial(np.multiply, 1.0),
        functools.partial(np.multiply, 0.0),
    ],
    "partial of a lambda": [
        functools.partial(lambda Z, c: Z * c, c=1.0),
        functools.partial(lambda Z, c: Z * c, c=0.0),
    ],
}


@pytest.mark.parametrize("funcs", FUNCTION_PAIRS.values(), ids=FUNCTION_PAIRS.keys())
def test_resume_keeps_each_function_candidate_its_own_scores(tmp_path, funcs):
    path = tmp_path / "log.jsonl"
    pipe = Pipeline([("ft", FunctionTransformer()), ("lr", CountingLR())])

    def search():
        return MultiObjectiveSearchCV(
            pipe, {"ft__func": funcs}, scoring=SCORING, cv=3, audit_log=str(path)
        )

    first = search().fit(X, Y)
    # the two transforms really score differently, so a swap would show
    assert (
        first.cv_results_["mean_test_accuracy"][0]
        != first.cv_results_["mean_test_accuracy"][1]
    )
    CountingLR.fits = 0
    again = search().fit(X, Y)
    assert CountingLR.fits == 1  # the refit only: no logged candidate was fitted again
    _assert_same_results(again.cv_results_, first.cv_results_)


def test_resume_refuses_a_grid_whose_function_changed(tmp_path):
    path = tmp_path / "log.jsonl"
    pipe = Pipeline([("ft", FunctionTransformer()), ("lr", LogisticRegression())])
    MultiObjectiveSearchCV(
        pipe, {"ft__func": [lambda Z: Z]}, scoring=SCORING, cv=2, audit_log=str(path)
    ).fit(X, Y)
    changed = MultiObjectiveSearchCV(
        pipe,
        {"ft__func": [lambda Z: Z * 0.0]},
        scoring=SCORING,
        cv=2,
        audit_log=str(path),
    )
    with pytest.raises(ValueError, match="What differs: params space_identity"):
        changed.fit(X, Y)


FROZENSET_SCRIPT = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, sys.argv[2])  # this checkout's sklearn_moo
    import numpy as np
    from sklearn.base import BaseEstimator, ClassifierMixin
    from sklearn.datasets import make_classification
    from sklearn_moo import MultiObjectiveSearchCV

    class Subset(ClassifierMixin, BaseEstimator):
        fits = 0
        def __init__(self, features=frozenset()):
            self.features = features
        def fit(self, X, y):
            type(self).fits += 1
            self.classes_ = np.unique(y)
            self.column_ = len(self.features)
            return self
        def predict(self, X):
            return (X[:, self.column_] > 0).astype(int)

    X, y = make_classification(n_samples=60, random_state=0)
    # strings: their hashes, and so a set's order, change with the hash seed
    grid = {"features": [frozenset({"age", "sex", "race", "hours"}),
                         frozenset({"education", "occupation"}), frozenset({"capital"})]}
    search = MultiObjectiveSearchCV(Subset(), grid, cv=2, audit_log=sys.argv[1],
                                    scoring={"accuracy": "accuracy", "recall": "recall"})
    search.fit(X, y)
    print(json.dumps({"accuracy": search.cv_results_["mean_test_accuracy"].tolist(),
                      "fits": Subset.fits}))
""")


def test_frozenset_grid_resumes_in_a_process_with_another_hash_seed(tmp_path):
    script, path = tmp_path / "frozen.py", tmp_path / "log.jsonl"
    script.write_text(FROZENSET_SCRIPT)
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, str(script), str(path), ROOT],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    assert runs[1]["accuracy"] == runs[0]["accuracy"]
    assert (
        runs[0]["fits"] == 3 * 2 + 1 and runs[1]["fits"] == 1
    )  # resumed: the refit only


RANGES_SCRIPT = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, sys.argv[2])  # this checkout's sklearn_moo
    import numpy as np
    from scipy import stats
    from sklearn.datasets import make_classification
    from sklearn_moo import MultiObjectiveSearchCV
    from sklearn_moo.engine import Categorical, Real
    from tests._helpers import ANALYTIC_SCORING, AnalyticClassifier

    class Counting(AnalyticClassifier):
        fits = 0
        def fit(self, X, y):
            type(self).fits += 1
            return super().fit(X, y)

    np.random.seed(int(sys.argv[3]))  # another global random state in each process
    X, y = make_classification(n_samples=40, random_state=0)
    space = {"x": Real(0.0, 1.0), "z": stats.uniform(0.0, 1.0), "kind": Categorical(["a", "b"])}
    search = MultiObjectiveSearchCV(Counting(), space, scoring=ANALYTIC_SCORING, n_iter=4, cv=2,
                                    random_state=0, audit_log=sys.argv[1])
    search.fit(X, y)
    print(json.dumps({"f1": search.cv_results_["mean_test_f1"].tolist(), "fits": Counting.fits}))
""")


def test_ranges_and_distributions_resume_in_another_process(tmp_path):
    script, path = tmp_path / "ranges.py", tmp_path / "log.jsonl"
    script.write_text(RANGES_SCRIPT)
    runs = []
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, str(script), str(path), ROOT, seed],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    assert runs[1]["f1"] == runs[0]["f1"]
    assert runs[0]["fits"] == 4 * 2 + 1 and runs[1]["fits"] == 1


def test_identity_of_fitted_models_and_strided_arrays():
    from sklearn.frozen import FrozenEstimator

    a = LogisticRegression().fit(X, Y)
    b = LogisticRegression().fit(X[:30], Y[:30])
    assert identity(FrozenEstimator(a)) != identity(FrozenEstimator(b))
    assert identity(FrozenEstimator(a)) == identity(FrozenEstimator(a))
    strided = np.arange(10.0)[::2]
    assert identity(strided) == identity(np.ascontiguousarray(strided))
    assert identity(np.zeros(3)) != identity(np.zeros((3, 1)))


def test_a_file_that_is_not_a_log_is_never_overwritten(tmp_path):
    path = tmp_path / "precious.json"
    path.write_text('{"results": [1, 2, 3]}')  # no newline, and not a header
    with pytest.raises(ValueError, match="not a sklearn-moo audit log"):
        _grid_search(path, AnalyticClassifier()).fit(X, Y)
    assert path.read_text() == '{"results": [1, 2, 3]}'


def test_identity_tells_apart_what_repr_does_not():
    assert identity(lambda Z: Z) != identity(lambda Z: Z * 0.0)
    assert identity(_closure(1.0)) != identity(_closure(0.0))
    assert identity(_closure(1.0)) == identity(
        _closure(1.0)
    )  # same code, same contents
    assert (
        len(
            {
                json.dumps(identity(v))
                for v in (1, 1.0, True, "1", np.int64(1), (1,), [1])
            }
        )
        == 7
    )
    assert identity(float("nan")) == {"float": "nan"} and identity("nan") == "nan"
    assert identity_text({"s": frozenset(["b", "a", "c"])}) == identity_text(
        {"s": frozenset(["c", "a", "b"])}
    )
    assert identity(LogisticRegression(C=1.0)) != identity(LogisticRegression(C=2.0))


def test_a_value_without_stable_identity_is_refused_before_any_fit(tmp_path):
    class Unpicklable:
        def __reduce__(self):
            raise TypeError("no pickling here")

    with pytest.raises(UnstableIdentityError, match="parameter 'kind'"):
        identity(Unpicklable(), "kind")
    search = MultiObjectiveSearchCV(
        CountingLR(),
        {"C": [1.0], "class_weight": [Unpicklable()]},
        scoring=SCORING,
        cv=2,
        audit_log=str(tmp_path / "l.jsonl"),
    )
    CountingLR.fits = 0
    with pytest.raises(
        UnstableIdentityError, match="parameter 'class_weight'.*without audit_log"
    ):
        search.fit(X, Y)
    assert CountingLR.fits == 0 and not (tmp_path / "l.jsonl").exists()


# ------------------------------------------------------------- one writer
class Gate(AnalyticClassifier):
    """Its first fit announces itself and waits to be released (threads only)."""

    entered, release = threading.Event(), threading.Event()

    def fit(self, X, y):
        type(self).entered.set()
        type(self).release.wait(30)
        return super().fit(X, y)


def _grid_search(path, estimator):
    return MultiObjectiveSearchCV(
        estimator,
        {"x": [0.1, 0.5, 0.9], "z": [0.2, 0.8]},
        scoring=ANALYTIC_SCORING,
        cv=2,
        audit_log=str(path),
    )


def test_a_second_thread_on_the_same_log_fails_at_once(tmp_path):
    path = tmp_path / "log.jsonl"
    Gate.entered.clear(), Gate.release.clear()
    done = []
    first = _grid_search(path, Gate())
    thread = threading.Thread(target=lambda: done.append(first.fit(X, Y)))
    thread.start()
    try:
        assert Gate.entered.wait(30)
        start = time.perf_counter()
        with pytest.raises(
            AuditLogInUseError,
            match=r"log\.jsonl' is being written by another "
            r"search \(process \d+ on .*thread",
        ):
            _grid_search(path, AnalyticClassifier()).fit(X, Y)
        assert time.perf_counter() - start < 5
    finally:
        Gate.release.set()
        thread.join(60)
    assert done and not os.path.exists(str(path) + ".lock")
    headers = [line for line in open(path) if '"record": "header"' in line]
    assert len(headers) == 1
    whole = _grid_search(tmp_path / "whole.jsonl", Gate()).fit(X, Y)
    _assert_same_results(
        _grid_search(path, Gate()).fit(X, Y).cv_results_, whole.cv_results_
    )


HOLDER_SCRIPT = textwrap.dedent("""
    import sys
    sys.path.insert(0, sys.argv[2])
    from sklearn.datasets import make_classification
    from sklearn_moo import MultiObjectiveSearchCV
    from tests._helpers import ANALYTIC_SCORING, WaitForFile

    X, y = make_classification(n_samples=60, random_state=0)
    MultiObjectiveSearchCV(WaitForFile(), {"x": [0.1, 0.5, 0.9], "z": [0.2, 0.8]},
                           scoring=ANALYTIC_SCORING, cv=2, audit_log=sys.argv[1]).fit(X, y)
""")


def _start_holder(tmp_path, path, release):
    """A search in another process that holds ``path`` until ``release`` exists."""
    script = tmp_path / "holder.py"
    script.write_text(HOLDER_SCRIPT)
    env = {**os.environ, "SKLEARN_MOO_TEST_RELEASE": str(release)}
    holder = subprocess.Popen(
        [sys.executable, str(script), str(path), ROOT],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.time() + 60
    while not path.exists() and time.time() < deadline:
        time.sleep(0.05)  # the header is written under the lock
    return holder


def test_a_second_process_on_the_same_log_fails_at_once(tmp_path):
    path, release = tmp_path / "log.jsonl", tmp_path / "go"
    holder = _start_holder(tmp_path, path, release)
    try:
        with pytest.raises(AuditLogInUseError, match=rf"process {holder.pid} on"):
            _grid_search(path, WaitForFile()).fit(X, Y)
    finally:
        release.touch()
        _, stderr = holder.communicate(timeout=120)
    assert holder.returncode == 0, stderr[-2000:]
    whole = _grid_search(tmp_path / "whole.jsonl", WaitForFile()).fit(X, Y)
    _assert_same_results(
        _grid_search(path, WaitForFile()).fit(X, Y).cv_results_, whole.cv_results_
    )


def test_a_search_killed_while_holding_the_lock_leaves_it_free(tmp_path):
    path = tmp_path / "log.jsonl"
    holder = _start_holder(tmp_path, path, tmp_path / "never")
    holder.kill()
    holder.communicate(timeout=30)
    assert os.path.exists(str(path) + ".lock")  # left behind, but no longer locked
    whole = _grid_search(tmp_path / "whole.jsonl", WaitForFile()).fit(X, Y)
    _assert_same_results(
        _grid_search(path, WaitForFile()).fit(X, Y).cv_results_, whole.cv_results_
    )


# ------------------------------------------------------- damaged files
def test_a_torn_header_is_a_log_that_never_started(tmp_path):
    path = tmp_path / "log.jsonl"
    _grid_search(path, AnalyticClassifier()).fit(X, Y)
    header = open(path).readline()
    path.write_text(header[: len(header) // 2])  # the crash came while it was written
    with pytest.warns(UserWarning, match="only an unfinished header .* written anew"):
        resumed = _grid_search(path, AnalyticClassifier()).fit(X, Y)
    whole = _grid_search(tmp_path / "whole.jsonl", AnalyticClassifier()).fit(X, Y)
    _assert_same_results(resumed.cv_results_, whole.cv_results_)
    assert sum('"record": "header"' in line for line in open(path)) == 1


@pytest.mark.parametrize(
    "line, problem",
    [
        ("{}", "its 'record' is None"),
        ("42", "it is a JSON int, not an object"),
        ("null", "it is a JSON NoneType, not an object"),
        ("[1, 2]", "it is a JSON list, not an object"),
        (
            '{"record": "candidate", "round": 0, "index": 0, "key": "{}"}',
            "its 'splits' is None",
        ),
        (
            '{"record": "candidate", "round": 0, "index": 0, "key": "{}", "splits": [{}, {}]}',
            "its split 0 lacks 'test_scores'",
        ),
        ('{"record": "refit", "index": "3"}', "its 'index' is '3', not a int"),
        (
            '{"record": "fit", "key": "{}", "split": 0, "result": {}}',
            "its result lacks 'test_scores'",
        ),
    ],
)
def test_a_line_that_is_json_but_not_a_record_is_named(tmp_path, line, problem):
    path = tmp_path / "log.jsonl"
    _grid_search(path, AnalyticClassifier()).fit(X, Y)
    lines = open(path).read().splitlines()
    path.write_text("\n".join(lines[:2] + [line] + lines[2:]) + "\n")
    with pytest.raises(
        ValueError,
        match=rf"line 3 is not a valid audit record: "
        rf"{re.escape(problem)}",
    ):
        _grid_search(path, AnalyticClassifier()).fit(X, Y)
