"""A resume never mixes two runs' values (issue #32): scorers, estimators and library
versions are compared by identity; a short write never bricks a log."""

import json
import os
import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest
import sklearn
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, make_scorer
from sklearn.model_selection import BaseCrossValidator
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

from sklearn_moo import MultiObjectiveHalvingSearchCV, MultiObjectiveSearchCV
from sklearn_moo.engine import Real
from sklearn_moo.exceptions import (
    AuditLogInUseError,
    AuditLogWriteWarning,
    UnstableIdentityError,
)
from sklearn_moo.model_selection._identity import identity, identity_differences

from .test_audit_log import _assert_same_results

X, Y = make_classification(n_samples=80, random_state=0)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GRID = {"C": [0.01, 0.1, 1.0, 10.0]}


class StopLR(LogisticRegression):
    """Counts its fits (over clones) and raises KeyboardInterrupt at fit ``at``."""

    fits, at = 0, None

    def fit(self, X, y):
        type(self).fits += 1
        if type(self).fits == type(self).at:
            raise KeyboardInterrupt("stop here")
        return super().fit(X, y)


def _lambda_scoring(edited=False):
    """A lambda scorer, or the same lambda (same place, same name) edited."""
    if edited:
        return {
            "acc": lambda e, X, y: 1 - accuracy_score(y, e.predict(X)),
            "rec": "recall",
        }
    return {"acc": lambda e, X, y: accuracy_score(y, e.predict(X)), "rec": "recall"}


def _search(path, estimator=None, scoring=None, **kwargs):
    scoring = scoring or _lambda_scoring()
    grid = GRID if estimator is None else {"clf__C": GRID["C"]}
    return MultiObjectiveSearchCV(
        estimator if estimator is not None else StopLR(),
        grid,
        scoring=scoring,
        cv=2,
        audit_log=str(path),
        **kwargs,
    )


def _interrupted(search, at=5):
    StopLR.fits, StopLR.at = 0, at
    with pytest.raises(KeyboardInterrupt), pytest.warns(UserWarning):
        search.fit(X, Y)
    StopLR.at = None


# ------------------------------------------------------------ scorers in process
def test_resume_refuses_a_changed_lambda_scorer_naming_it(tmp_path):
    path = tmp_path / "log.jsonl"
    _interrupted(_search(path))
    StopLR.fits = 0
    with pytest.raises(
        ValueError,
        match=r"What differs: scoring\['acc'\] \(.*<lambda>\) "
        "computes something else",
    ):
        _search(path, scoring=_lambda_scoring(edited=True)).fit(X, Y)
    assert StopLR.fits == 0  # refused before any fit


def test_resume_with_the_same_lambda_scorer_equals_an_uninterrupted_search(tmp_path):
    path, scoring = tmp_path / "log.jsonl", _lambda_scoring()
    _interrupted(_search(path, scoring=scoring), at=5)
    StopLR.fits = 0
    resumed = _search(path, scoring=dict(scoring)).fit(X, Y)
    assert StopLR.fits == 8 - 4 + 1  # the four logged fits are read, not re-run
    reference = _search(tmp_path / "fresh.jsonl", scoring=scoring).fit(X, Y)
    _assert_same_results(resumed.cv_results_, reference.cv_results_)


def test_resume_refuses_a_changed_callable_scoring(tmp_path):
    path = tmp_path / "log.jsonl"

    def both(e, X, y):
        return {
            "acc": accuracy_score(y, e.predict(X)),
            "neg": -accuracy_score(y, e.predict(X)),
        }

    _search(path, scoring=both).fit(X, Y)

    def both(e, X, y):  # noqa: F811 - the edited function, same name
        return {"acc": 1 - accuracy_score(y, e.predict(X)), "neg": 0.0}

    with pytest.raises(ValueError, match=r"What differs: scoring \(.*both\) computes"):
        _search(path, scoring=both).fit(X, Y)


def test_resume_refuses_another_sign_or_response_method_of_a_scorer(tmp_path):
    path = tmp_path / "log.jsonl"
    _search(path, scoring={"acc": make_scorer(accuracy_score), "rec": "recall"}).fit(
        X, Y
    )
    flipped = {
        "acc": make_scorer(accuracy_score, greater_is_better=False),
        "rec": "recall",
    }
    with pytest.raises(
        ValueError, match=r"scoring\['acc'\]\._sign is -1, the log has 1"
    ):
        _search(path, scoring=flipped).fit(X, Y)
    renamed = {"acc": make_scorer(accuracy_score), "rec": "precision"}
    with pytest.raises(
        ValueError,
        match=r"scoring\['rec'\] is \"precision\", the log has "
        '"recall"',
    ):
        _search(path, scoring=renamed).fit(X, Y)


# ----------------------------------------------------------- estimator functions
def _lambda_pipeline(columns=3, edited=False):
    func = (lambda Z: Z[:, :columns] * 2.0) if edited else (lambda Z: Z[:, :columns])
    return Pipeline([("ft", FunctionTransformer(func)), ("clf", StopLR())])


def test_a_lambda_function_transformer_runs_and_resumes_exactly(tmp_path):
    path = tmp_path / "log.jsonl"
    _interrupted(_search(path, estimator=_lambda_pipeline()), at=6)
    StopLR.fits = 0
    resumed = _search(path, estimator=_lambda_pipeline()).fit(X, Y)
    assert StopLR.fits == 8 - 5 + 1
    reference = _search(tmp_path / "fresh.jsonl", estimator=_lambda_pipeline()).fit(
        X, Y
    )
    _assert_same_results(resumed.cv_results_, reference.cv_results_)


def test_resume_refuses_an_edited_lambda_in_the_estimator_naming_its_path(tmp_path):
    path = tmp_path / "log.jsonl"
    _search(path, estimator=_lambda_pipeline()).fit(X, Y)
    with pytest.raises(
        ValueError,
        match=r"estimator\.steps\[0\]\[1\]\.func \(.*<lambda>\) "
        "computes something else",
    ):
        _search(path, estimator=_lambda_pipeline(edited=True)).fit(X, Y)
    with pytest.raises(
        ValueError,
        match=r"estimator\.steps\[0\]\[1\]\.func \(.*<lambda>\) "
        "computes something else",
    ):  # its closure
        _search(path, estimator=_lambda_pipeline(columns=2)).fit(X, Y)


class NoPickle:
    """Copies (so clone works) but cannot be pickled: it has no identity."""

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        raise TypeError("NoPickle cannot be pickled")


def test_an_estimator_without_identity_is_refused_before_any_fit_and_no_log(tmp_path):
    path = tmp_path / "log.jsonl"
    holder = FunctionTransformer(kw_args={"lock": NoPickle()})
    search = _search(path, estimator=Pipeline([("ft", holder), ("clf", StopLR())]))
    StopLR.fits = 0
    with pytest.raises(
        UnstableIdentityError,
        match=r"parameter 'estimator' \(at estimator\.steps\[0\]\[1\]"
        r"\.kw_args\['lock'\]\).*without audit_log",
    ):
        search.fit(X, Y)
    assert StopLR.fits == 0 and not path.exists()


# -------------------------------------------------- functions edited between processes
SCRIPT = textwrap.dedent("""
    import json, sys, warnings
    sys.path.insert(0, sys.argv[2])  # this checkout's sklearn_moo
    sys.path.insert(0, sys.argv[3])  # the user's module
    from sklearn.datasets import make_classification
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import make_scorer
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer
    from sklearn_moo import MultiObjectiveSearchCV
    import userfuncs

    class StopLR(LogisticRegression):
        fits, at = 0, int(sys.argv[5])
        def fit(self, X, y):
            type(self).fits += 1
            if type(self).fits == type(self).at:
                raise KeyboardInterrupt
            return super().fit(X, y)

    X, y = make_classification(n_samples=80, random_state=0)
    case = sys.argv[4]
    estimator = StopLR()
    scoring = {"acc": userfuncs.acc, "rec": "recall"}
    if case == "transformer":
        estimator = Pipeline([("ft", FunctionTransformer(userfuncs.feat)), ("clf", StopLR())])
        scoring = {"acc": "accuracy", "rec": "recall"}
    elif case == "make_scorer":
        scoring = {"acc": make_scorer(userfuncs.metric), "rec": "recall"}
    grid = {"C" if case != "transformer" else "clf__C": [0.01, 0.1, 1.0, 10.0]}
    search = MultiObjectiveSearchCV(estimator, grid, cv=2, scoring=scoring,
                                    audit_log=sys.argv[1])
    warnings.simplefilter("ignore")
    try:
        search.fit(X, y)
    except KeyboardInterrupt:
        print(json.dumps({"interrupted": True, "fits": StopLR.fits}))
    except ValueError as e:
        print(json.dumps({"refused": str(e), "fits": StopLR.fits}))
    else:
        print(json.dumps({"acc": search.cv_results_["mean_test_acc"].tolist(),
                          "fits": StopLR.fits}))
""")

MODULE = textwrap.dedent("""
    from sklearn.metrics import accuracy_score


    def acc(estimator, X, y):
        return accuracy_score(y, estimator.predict(X))


    def metric(y_true, y_pred):
        return accuracy_score(y_true, y_pred)


    def feat(X):
        return X[:, :3]
""")
# Edits that change nothing a function computes: comments, blank lines above it.
COSMETIC = MODULE.replace("\n\ndef acc", "\n# a comment\n\n\n\ndef acc").replace(
    "return accuracy_score(y, estimator.predict(X))",
    "# the fraction of right answers\n    return accuracy_score(y, estimator.predict(X))",
)
EDITS = {  # case -> (edit, what the refusal names)
    "scorer": (
        (
            "return accuracy_score(y, estimator.predict(X))",
            "return 1 - accuracy_score(y, estimator.predict(X))",
        ),
        r"scoring['acc'] (userfuncs:acc) computes something else",
    ),
    "make_scorer": (
        (
            "return accuracy_score(y_true, y_pred)",
            "return -accuracy_score(y_true, y_pred)",
        ),
        r"scoring['acc']._score_func (userfuncs:metric) computes something else",
    ),
    "transformer": (
        ("return X[:, :3]", "return X[:, :1]"),
        r"estimator.steps[0][1].func (userfuncs:feat) computes something else",
    ),
}


def _run(tmp_path, log, case, module_text, *, stop_at=0, hash_seed="0"):
    (tmp_path / "mod").mkdir(exist_ok=True)
    (tmp_path / "mod" / "userfuncs.py").write_text(module_text)
    (tmp_path / "script.py").write_text(SCRIPT)
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [
            sys.executable,
            str(tmp_path / "script.py"),
            str(log),
            ROOT,
            str(tmp_path / "mod"),
            case,
            str(stop_at),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.parametrize("case", EDITS)
def test_functions_edited_between_processes(tmp_path, case):
    """A cosmetic edit and another hash seed resume exactly; an edit that changes what
    the function computes is refused, naming it."""
    log = tmp_path / "log.jsonl"
    first = _run(tmp_path, log, case, MODULE, stop_at=5, hash_seed="1")
    assert first == {"interrupted": True, "fits": 5}
    resumed = _run(tmp_path, log, case, COSMETIC, hash_seed="2")
    reference = _run(tmp_path, tmp_path / "fresh.jsonl", case, MODULE)
    assert resumed["acc"] == reference["acc"]
    assert resumed["fits"] == 8 - 4 + 1  # only the unlogged fits, and the refit
    (old, new), named = EDITS[case]
    refused = _run(tmp_path, log, case, MODULE.replace(old, new))
    assert named in refused["refused"] and refused["fits"] == 0


# -------------------------------------------------------------- versions, format
def _edit_header(path, edit):
    lines = path.read_text().splitlines(keepends=True)
    header = json.loads(lines[0])
    edit(header)
    path.write_text(json.dumps(header) + "\n" + "".join(lines[1:]))


def test_resume_under_other_versions_is_refused_unless_allowed(tmp_path):
    path = tmp_path / "log.jsonl"
    scoring = {"acc": "accuracy", "rec": "recall"}
    first = _search(path, scoring=scoring).fit(X, Y)

    def older(header):
        header["versions"].update({"numpy": "0.0.1", "scikit-learn": "0.0.2"})

    _edit_header(path, older)
    StopLR.fits = 0
    with pytest.raises(
        ValueError,
        match=r"other library versions \(scikit-learn 0\.0\.2 -> "
        rf"{sklearn.__version__}; numpy 0\.0\.1 -> ",
    ):
        _search(path, scoring=scoring).fit(X, Y)
    assert StopLR.fits == 0
    again = _search(path, scoring=scoring, resume_other_versions=True).fit(X, Y)
    assert StopLR.fits == 1  # the refit only
    _assert_same_results(again.cv_results_, first.cv_results_)


def test_a_python_patch_release_is_not_a_version_change(tmp_path):
    path = tmp_path / "log.jsonl"
    scoring = {"acc": "accuracy", "rec": "recall"}
    _search(path, scoring=scoring).fit(X, Y)

    def patch(header):
        major, minor, _ = header["versions"]["python"].split(".")
        header["versions"]["python"] = f"{major}.{minor}.999"

    _edit_header(path, patch)
    _search(path, scoring=scoring).fit(X, Y)
    _edit_header(path, lambda h: h["versions"].update(python="2.7.18"))
    with pytest.raises(ValueError, match=r"python 2\.7\.18 -> "):
        _search(path, scoring=scoring).fit(X, Y)


def test_a_log_of_an_older_format_is_refused_saying_so(tmp_path):
    path = tmp_path / "log.jsonl"
    _search(path, scoring={"acc": "accuracy", "rec": "recall"}).fit(X, Y)
    _edit_header(path, lambda h: h.update(format=2))
    with pytest.raises(
        ValueError,
        match="was written in format 2; this version of sklearn-moo reads format 3",
    ):
        _search(path, scoring={"acc": "accuracy", "rec": "recall"}).fit(X, Y)


def test_n_iter_given_to_a_grid_log_names_the_real_cause(tmp_path):
    path = tmp_path / "log.jsonl"
    scoring = {"acc": "accuracy", "rec": "recall"}
    _search(path, scoring=scoring).fit(X, Y)
    with pytest.raises(
        ValueError,
        match=r"holds a grid search \(every point of the grid, "
        r"without n_iter\), but this search is a search of "
        "n_iter candidates that the engine proposes",
    ):
        _search(path, scoring=scoring, n_iter=3).fit(X, Y)


# --------------------------------------------------------------------- reselect
def test_reselect_under_another_searchs_lock_changes_nothing(tmp_path):
    from sklearn_moo.model_selection._lock import FileLock

    path = tmp_path / "log.jsonl"
    search = _search(path, scoring={"acc": "accuracy", "rec": "recall"}).fit(X, Y)
    before = (search.best_index_, dict(search.best_params_), search.best_estimator_)
    held = threading.Event()
    done = threading.Event()

    def other():  # another search holds the log (a lock of its own, in another thread)
        lock = FileLock(os.path.abspath(path))
        lock.acquire()
        held.set()
        done.wait(30)
        lock.release()

    thread = threading.Thread(target=other)
    thread.start()
    held.wait(30)
    try:
        target = (
            "rec"
            if search.best_index_
            != search._best_by_scorer(search.cv_results_, "rec", ["acc", "rec"])
            else "acc"
        )
        with pytest.raises(AuditLogInUseError):
            search.reselect(target, X, Y)
    finally:
        done.set()
        thread.join()
    assert (search.best_index_, search.best_params_, search.best_estimator_) == (
        before[0],
        before[1],
        before[2],
    )


def test_reselect_after_the_log_moved_writes_nothing_and_the_next_fit_starts_anew(
    tmp_path,
):
    path = tmp_path / "log.jsonl"
    scoring = {"acc": "accuracy", "rec": "recall"}
    search = _search(path, scoring=scoring).fit(X, Y)
    best = search.best_index_
    path.rename(tmp_path / "moved.jsonl")
    with pytest.raises(
        ValueError,
        match=r"no longer exists: the log that fit wrote there "
        r"\(log_id [0-9a-f]{32}, created .*\) was moved or "
        "replaced, so reselect cannot record its decision",
    ):
        search.reselect("rec", X, Y)
    assert not path.exists() and search.best_index_ == best
    StopLR.fits = 0
    _search(path, scoring=scoring).fit(X, Y)  # a new log, every fit run
    assert StopLR.fits == 8 + 1
    # a log of another search now sits at the path: refused too
    with pytest.raises(ValueError, match="now holds another search's log"):
        search.reselect("rec", X, Y)
    # the moved log itself, pointed at again, resumes and reselects
    moved = _search(tmp_path / "moved.jsonl", scoring=scoring).fit(X, Y)
    moved.reselect("rec", X, Y)
    records = [json.loads(line) for line in (tmp_path / "moved.jsonl").open()]
    assert [r["record"] for r in records][-2:] == ["refit", "reselect"]


# ------------------------------------------------------------------ short writes
SHORT_WRITE = textwrap.dedent("""
    import json, os, resource, signal, sys, warnings
    sys.path.insert(0, sys.argv[2])
    from sklearn.datasets import make_classification
    from sklearn.linear_model import LogisticRegression
    from sklearn_moo import MultiObjectiveSearchCV

    # A write past RLIMIT_FSIZE fails with EFBIG once SIGXFSZ is ignored.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    path, limited = sys.argv[1], int(sys.argv[3])

    class DiskFullOnce(LogisticRegression):
        fits = 0
        def fit(self, X, y):
            type(self).fits += 1
            soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
            if type(self).fits == limited:  # the next record has room for 20 bytes only
                resource.setrlimit(resource.RLIMIT_FSIZE, (os.path.getsize(path) + 20, hard))
            elif soft != resource.RLIM_INFINITY:  # the disk has room again
                resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))
            return super().fit(X, y)

    X, y = make_classification(n_samples=80, random_state=0)
    search = MultiObjectiveSearchCV(DiskFullOnce(), {"C": [0.01, 0.1, 1.0, 10.0]}, cv=2,
                                    scoring={"acc": "accuracy", "rec": "recall"},
                                    audit_log=path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        search.fit(X, y)
    print(json.dumps({"acc": search.cv_results_["mean_test_acc"].tolist(),
                      "fits": DiskFullOnce.fits,
                      "warnings": [str(w.message) for w in caught
                                   if w.category.__name__ == "AuditLogWriteWarning"]}))
""")


def test_a_short_write_is_cut_back_warned_and_the_log_resumes(tmp_path):
    script, path = tmp_path / "short.py", tmp_path / "log.jsonl"
    script.write_text(SHORT_WRITE)

    def run(limited):
        done = subprocess.run(
            [sys.executable, str(script), str(path), ROOT, str(limited)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    first = run(3)  # the third fit's record meets a full disk
    assert len(first["warnings"]) == 1
    assert (
        "1 fit record(s) could not be written (OSError: [Errno 27] File too large)"
        in first["warnings"][0]
    )
    lines = path.read_text().splitlines(keepends=True)
    assert all(line.endswith("\n") for line in lines)
    [json.loads(line) for line in lines]  # every line a whole record
    again = run(0)
    assert again["acc"] == first["acc"] and again["fits"] == 1 and not again["warnings"]


def test_a_failed_round_write_stops_the_log_as_a_valid_prefix(tmp_path, monkeypatch):
    from sklearn_moo.model_selection import _audit

    path = tmp_path / "log.jsonl"
    scoring = {"acc": "accuracy", "rec": "recall"}
    real = _audit.append_whole

    def full_disk(target, data, **kwargs):
        if b'"record": "candidate"' in data:
            raise OSError(28, "No space left on device")
        return real(target, data, **kwargs)

    monkeypatch.setattr(_audit, "append_whole", full_disk)
    with pytest.warns(
        AuditLogWriteWarning, match="writing round 0's candidates failed"
    ):
        first = _search(path, scoring=scoring).fit(X, Y)
    monkeypatch.undo()
    StopLR.fits = 0
    again = _search(path, scoring=scoring).fit(X, Y)  # every fit record was kept
    assert StopLR.fits == 1
    _assert_same_results(again.cv_results_, first.cv_results_)


# ------------------------------------------------------- routed splitter parameters
class ByFold(BaseCrossValidator):
    """Folds given per sample by the metadata ``fold_of``."""

    def split(self, X, y=None, groups=None, fold_of=None):
        for k in np.unique(fold_of):
            yield np.flatnonzero(fold_of != k), np.flatnonzero(fold_of == k)

    def _iter_test_indices(self, X=None, y=None, groups=None):  # pragma: no cover
        raise NotImplementedError

    def get_n_splits(self, X=None, y=None, groups=None, fold_of=None):
        return 2


def test_the_logged_folds_are_split_with_routed_splitter_parameters(tmp_path):
    fold_of = np.arange(len(X)) % 2
    scoring = {"acc": "accuracy", "rec": "recall"}
    with sklearn.config_context(enable_metadata_routing=True):
        cv = ByFold().set_split_request(fold_of=True)
        logged = MultiObjectiveSearchCV(
            LogisticRegression(),
            GRID,
            scoring=scoring,
            cv=cv,
            audit_log=str(tmp_path / "log.jsonl"),
        )
        logged.fit(X, Y, fold_of=fold_of)
        plain = MultiObjectiveSearchCV(
            LogisticRegression(), GRID, scoring=scoring, cv=cv
        )
        plain.fit(X, Y, fold_of=fold_of)
    _assert_same_results(logged.cv_results_, plain.cv_results_)


def test_halving_resume_compares_the_estimator_identity(tmp_path):
    path = tmp_path / "log.jsonl"

    def search(func):
        pipe = Pipeline(
            [("ft", FunctionTransformer(func)), ("clf", LogisticRegression())]
        )
        return MultiObjectiveHalvingSearchCV(
            pipe,
            {"clf__C": [0.01, 0.1, 1.0, 10.0]},
            scoring={"acc": "accuracy", "rec": "recall"},
            cv=2,
            factor=2,
            min_resources=40,
            random_state=0,
            audit_log=str(path),
        )

    search(lambda Z: Z[:, :3]).fit(X, Y)
    with pytest.raises(ValueError, match=r"estimator\.steps\[0\]\[1\]\.func"):
        search(lambda Z: Z[:, :1]).fit(X, Y)


def test_identity_of_a_range_space_search_resumes(tmp_path):
    path = tmp_path / "log.jsonl"

    def search():
        return MultiObjectiveSearchCV(
            LogisticRegression(),
            {"C": Real(0.01, 10.0)},
            scoring={"acc": make_scorer(accuracy_score), "rec": "recall"},
            n_iter=3,
            cv=2,
            random_state=0,
            audit_log=str(path),
        )

    first = search().fit(X, Y)
    _assert_same_results(search().fit(X, Y).cv_results_, first.cv_results_)


# ------------------------------------------------- which edits resume, which are refused
ORIGINAL = '''
def acc(estimator, X, y, scale=1.0):
    """The fraction of right answers."""
    return scale * accuracy_score(y, estimator.predict(X))
'''
STILL_RESUME = {
    "a comment": ORIGINAL.replace(
        "    return", "    # right answers over all answers\n    return"
    ),
    "blank lines above": "\n\n\n\n" + ORIGINAL,
    "moved down its file": "X = 1\n\n\ndef other():\n    return 2\n\n" + ORIGINAL,
}
REFUSED = {
    "its body": ORIGINAL.replace("scale * accuracy", "scale * 1.0 - accuracy"),
    "a constant": ORIGINAL.replace("scale * accuracy_score", "0.5 * accuracy_score"),
    "its default": ORIGINAL.replace("scale=1.0", "scale=2.0"),
    "its docstring": ORIGINAL.replace("right answers", "wrong answers"),
}


def _compiled(source):
    namespace = {"accuracy_score": accuracy_score, "__name__": "userfuncs"}
    exec(compile(source, "userfuncs.py", "exec"), namespace)
    return namespace["acc"]


@pytest.mark.parametrize("edit", STILL_RESUME)
def test_an_edit_that_computes_the_same_keeps_the_identity(edit):
    assert identity(_compiled(STILL_RESUME[edit])) == identity(_compiled(ORIGINAL))


@pytest.mark.parametrize("edit", REFUSED)
def test_an_edit_that_may_compute_otherwise_changes_the_identity(edit):
    before, after = identity(_compiled(ORIGINAL)), identity(_compiled(REFUSED[edit]))
    assert identity_differences(before, after, "scoring['acc']") == [
        "scoring['acc'] (userfuncs:acc) computes something else: its code, defaults "
        "or closure differ from the log's"
    ]


def test_what_a_function_reads_from_its_globals_is_not_part_of_its_identity():
    namespace = {"SCALE": 1.0}
    exec("def f(X):\n    return X * SCALE\n", namespace)
    before = identity(namespace["f"])
    namespace["SCALE"] = 2.0
    assert identity(namespace["f"]) == before  # documented: a resume cannot see it
