"""The audit log: a JSON Lines record of a search, from which it can resume.

One JSON object per line, appended, flushed and fsynced after every finished
round; readable with ``pandas.read_json(path, lines=True)``. No pickles: every
value is a number, a string, a list or a dict a person can read. Records:

- ``header``: a random ``log_id``, library versions, the search's parameters,
  the identities of what decides a score (estimator, scorers, splitter; see
  ``_identity``), the kind of search (grid, engine or halving), the engine
  seeds drawn, constraints, refit policy, objectives (units, directions), fold
  and data fingerprints;
- ``fit``: one per fit as soon as its result returns to the search's process
  (which alone writes the log; not fsynced): the candidate's key, the split
  and its result, so
  that a crash in the middle of a round loses only the fits in flight;
- ``candidate``: one per candidate, written with its round: parameters and, per
  fold, scores, times and failures (exception text);
- ``refit`` and ``reselect``: the policy, the chosen index and its explanation.

Every record is appended whole or not at all: a write that fails part-way (a
full disk, a file-size limit) is cut back to the last whole line, so a log
always resumes from its last whole record, and the failure is warned about
(``AuditLogWriteWarning``). After a candidate record fails, the log stops
there for the rest of the fit: it stays a valid prefix of the search.
"""

from __future__ import annotations

import collections
import copy
import hashlib
import json
import math
import os
import platform
import re
import uuid
import warnings
from datetime import UTC, datetime
from importlib import metadata

import joblib
import numpy as np

from ..exceptions import AuditLogWriteWarning, UnstableIdentityError
from ._identity import identity, identity_differences, identity_text
from ._lock import FileLock

__all__ = [
    "AuditLog",
    "AuditSession",
    "fingerprint",
    "identity",
    "jsonable",
    "replay_key",
    "scoring_identity",
    "space_identity",
    "splitter_identity",
    "RESUME_EXEMPT",
]

# 2: candidates keyed by their identity (``_identity.py``), not by their repr.
# 3: the header holds the identities of the estimator, the scorers and the
#    splitter, the search's mode and a log id; library versions are compared.
FORMAT_VERSION = 3
# What the log keeps of each fit's result (as scikit-learn's _fit_and_score returns it).
LOGGED_FIT_KEYS = (
    "test_scores",
    "train_scores",
    "n_test_samples",
    "fit_time",
    "score_time",
    "fit_error",
    "score_errors",
)
# Parameters that may change between a search and its resumption.
RESUME_EXEMPT = {
    "n_iter",
    "n_jobs",
    "pre_dispatch",
    "verbose",
    "refit",
    "audit_log",
    "resume_other_versions",
}
# The libraries whose version, when it changes, refuses a resume: each decides
# scores (or, for Python, the bytecode that function identities are read from).
COMPARED_VERSIONS = (
    "sklearn-moo",
    "scikit-learn",
    "scikit-optimize",
    "numpy",
    "scipy",
    "python",
)


def jsonable(value):
    """A JSON value describing ``value`` the same way in every process.

    Numbers, strings, None, lists and dicts stay; NumPy scalars become Python
    ones; functions become ``module:qualname``; anything else its ``repr``
    without memory addresses.
    """
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (set, frozenset)):
        # NOTE: a set's repr follows the hash seed; sorted, it reads the same everywhere.
        return sorted(
            (jsonable(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True)
        )
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '?')}:{value.__qualname__}"
    return re.sub(r" at 0x[0-9a-fA-F]+", "", repr(value))


def replay_key(params: dict) -> str:
    """The text that identifies a candidate's parameters in the log (see ``_identity``)."""
    return identity_text(params)


def space_identity(space) -> str:
    """A digest of the search space's identity: two spaces that differ in one value
    (two lambdas that print alike included) differ here.

    Raises ``UnstableIdentityError`` naming the parameter whose value has none.
    """
    subspaces = space if isinstance(space, list) else [space]
    described = []
    for subspace in subspaces:
        pair = isinstance(subspace, tuple)
        values, n_iter = subspace if pair else (subspace, None)
        described.append(
            [{str(k): identity(v, str(k)) for k, v in values.items()}, n_iter]
        )
    text = json.dumps(described, sort_keys=True, allow_nan=False)
    return hashlib.sha256(text.encode()).hexdigest()


def scoring_identity(scoring):
    """The identity of a search's ``scoring`` as the user gave it.

    A scorer named by a string is that string (what it means is fixed by the
    scikit-learn version, which a resume compares); a callable, alone or in a
    dict, is read by its code, its keyword arguments, its sign and its
    response method (see ``_identity``).
    """
    if isinstance(scoring, dict):
        return {
            str(name): scorer
            if isinstance(scorer, str)
            else identity(scorer, f"scoring[{name!r}]")
            for name, scorer in scoring.items()
        }
    if isinstance(scoring, (list, tuple, set)):
        return sorted(str(s) for s in scoring)
    return (
        scoring
        if scoring is None or isinstance(scoring, str)
        else identity(scoring, "scoring")
    )


def splitter_identity(cv):
    """The identity of ``cv``; an iterable of splits that is used up once read (a
    generator) has none, and its folds, compared anyway, stand for it."""
    try:
        return identity(cv, "cv")
    except UnstableIdentityError:
        return {"folds only": type(cv).__name__}


def fingerprint(X, y, params) -> dict:
    """A hash of ``X``, ``y`` and every fit parameter: one changed value changes it."""
    out = {"X": joblib.hash(X), "y": None if y is None else joblib.hash(y)}
    out.update({name: joblib.hash(value) for name, value in sorted(params.items())})
    return out


def versions() -> dict:
    """Versions of the libraries a search's numbers depend on."""
    packages = (
        "sklearn-moo",
        "scikit-learn",
        "scikit-optimize",
        "numpy",
        "scipy",
        "joblib",
    )
    found = {}
    for name in packages:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return {**found, "python": platform.python_version()}


def _release(name, version):
    """What of a version is compared: Python's feature release, a package's whole version."""
    if name == "python" and isinstance(version, str):
        return ".".join(version.split(".")[:2])
    return version


def version_changes(logged: dict, current: dict) -> list[str]:
    """The compared libraries whose version differs between the log and this process."""
    return [
        f"{name} {logged.get(name)} -> {current.get(name)}"
        for name in COMPARED_VERSIONS
        if _release(name, logged.get(name)) != _release(name, current.get(name))
    ]


# Each record type and the fields it must have, with their JSON types.
_RECORD_FIELDS = {
    "header": {
        "format": int,
        "log_id": str,
        "params": dict,
        "identity": dict,
        "mode": str,
        "seeds": list,
        "fingerprint": dict,
        "folds": list,
        "n_splits": int,
    },
    "candidate": {"round": int, "index": int, "key": str, "splits": list},
    "fit": {"key": str, "split": int, "result": dict},
    "refit": {"index": int},
    "reselect": {"index": int},
}
_SPLIT_FIELDS = ("test_scores", "n_test_samples", "fit_time", "score_time", "fit_error")


def record_problem(record, n_splits) -> str | None:
    """What makes ``record`` not a valid audit record, or None."""
    if not isinstance(record, dict):
        return f"it is a JSON {type(record).__name__}, not an object"
    kind = record.get("record")
    if kind not in _RECORD_FIELDS:
        return (
            f"its 'record' is {kind!r}, not one of "
            f"{', '.join(map(repr, _RECORD_FIELDS))}"
        )
    for field, kind_type in _RECORD_FIELDS[kind].items():
        value = record.get(field)
        if not isinstance(value, kind_type) or isinstance(value, bool):
            return f"its {field!r} is {value!r}, not a {kind_type.__name__} (a {kind} record)"
    if kind == "fit":
        missing = [f for f in _SPLIT_FIELDS if f not in record["result"]]
        return f"its result lacks {', '.join(map(repr, missing))}" if missing else None
    if kind != "candidate":
        return None
    splits = record["splits"]
    if n_splits is not None and len(splits) != n_splits:
        return f"it has {len(splits)} splits, but the header says {n_splits}"
    for k, split in enumerate(splits):
        missing = [
            f for f in _SPLIT_FIELDS if not isinstance(split, dict) or f not in split
        ]
        if missing:
            return f"its split {k} lacks {', '.join(map(repr, missing))}"
    return None


class AuditLog:
    """Append-only JSON Lines file of one search.

    Parameters
    ----------
    path : str or os.PathLike
    """

    def __init__(self, path):
        # NOTE: absolute: the search may change its working directory while it runs.
        self.path = os.path.abspath(os.fspath(path))

    def exists(self) -> bool:
        return os.path.exists(self.path) and os.path.getsize(self.path) > 0

    def torn_header(self) -> bool:
        """Whether the file is only the start of a header with no newline: a crash
        while the log was being created, a log that never started."""
        with open(self.path, "rb") as f:
            head = f.read(1 << 16)
        return b"\n" not in head and head.startswith(b'{"record": "header"')

    def read(self) -> list[dict]:
        """Every complete record; a truncated last line (a crash mid-write) is ignored.

        A record is complete when its line ends with a newline: what follows the
        last newline is the tail of an interrupted write, whether or not it
        parses, and :meth:`repair` cuts exactly that. Every complete line must be
        a record of a known type with its fields, else a ValueError names it.
        """
        with open(self.path, encoding="utf-8") as f:
            lines = f.read().split("\n")[:-1]  # the last piece has no newline
        records, n_splits = [], None
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(
                    f"audit_log={self.path!r}: line {number} is not JSON ({e}); "
                    "the file is damaged before its last line."
                ) from e
            if not records and not (
                isinstance(record, dict) and record.get("record") == "header"
            ):
                raise ValueError(
                    f"audit_log={self.path!r} does not start with a header "
                    "record; it is not a sklearn-moo audit log."
                )
            if not records and record.get("format") != FORMAT_VERSION:
                raise ValueError(
                    f"audit_log={self.path!r} was written in format {record.get('format')}; "
                    f"this version of sklearn-moo reads format {FORMAT_VERSION} (which "
                    "records what a resume compares), so it cannot resume that log. Give a "
                    "new path, or resume it with the sklearn-moo version that wrote it."
                )
            problem = record_problem(record, n_splits)
            if problem is None and records and record["record"] == "header":
                problem = "it is a second header"
            if problem is not None:
                raise ValueError(
                    f"audit_log={self.path!r}: line {number} is not a valid "
                    f"audit record: {problem}. The file is damaged or was edited."
                )
            n_splits = record["n_splits"] if record["record"] == "header" else n_splits
            records.append(record)
        if not records:
            raise ValueError(
                f"audit_log={self.path!r} does not start with a header record; "
                "it is not a sklearn-moo audit log."
            )
        return records

    def repair(self) -> None:
        """Cut a truncated last line (a crash mid-write), so that appends start clean."""
        with open(self.path, "rb+") as f:
            content = f.read()
            if content and not content.endswith(b"\n"):
                f.truncate(content.rfind(b"\n") + 1)

    def first_record(self):
        """The header as the file holds it now, or None (no file, or no whole first line)."""
        try:
            with open(self.path, "rb") as f:
                line = f.readline()
            return json.loads(line) if line.endswith(b"\n") else None
        except (OSError, ValueError):
            return None

    def append(self, *records: dict, sync: bool = True, create: bool = False) -> None:
        """Write records whole or not at all, then fsync (a finished round survives a crash).

        Only the header (``create=True``) makes the file: a record for a log
        that was moved away never starts a new file holding only that record.

        Raises
        ------
        OSError
            When the write failed; the file is then cut back to what it held.
        """
        text = "".join(json.dumps(r, allow_nan=True) + "\n" for r in records)
        append_whole(self.path, text.encode("utf-8"), sync=sync, create=create)


def append_whole(path: str, data: bytes, *, sync: bool, create: bool = False) -> None:
    """Append ``data`` to ``path`` whole, or leave the file as it was and raise.

    A short write (``os.write`` may write part of its buffer: a full disk, a
    file-size limit) is continued; one that fails is truncated back to the
    file's size before it, so that no torn line ever sits between two records.

    NOTE: one writer per log: the search's own process, holding the log's lock
    (``_lock.py``), so nothing else appends between the size read and the write.
    """
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | (os.O_CREAT if create else 0), 0o666)
    try:
        size = os.fstat(fd).st_size
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if sync:
                os.fsync(fd)
        except OSError:
            os.ftruncate(fd, size)
            raise
    finally:
        os.close(fd)


def split_record(fit: dict) -> dict:
    """What the log keeps of one fit's result (exception texts made JSON)."""
    return {
        key: jsonable(value) if key == "fit_error" else value
        for key, value in fit.items()
        if key in LOGGED_FIT_KEYS
    }


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def differences(logged: dict, current: dict, prefix="") -> list[str]:
    """Human-readable differences between two JSON values (for the resume check)."""
    if isinstance(logged, dict) and isinstance(current, dict):
        out = []
        for key in sorted(set(logged) | set(current)):
            if key not in current or key not in logged:
                out.append(
                    f"{prefix}{key}: present in only one of the log and this search"
                )
            else:
                out += differences(logged[key], current[key], f"{prefix}{key}.")
        return out
    if logged != current:
        shown = [
            str(v) if len(str(v)) <= 60 else str(v)[:57] + "..."
            for v in (logged, current)
        ]
        return [f"{prefix.rstrip('.')}: the log has {shown[0]}, this search {shown[1]}"]
    return []


class AuditSession:
    """One fit's audit log: its header, what a resume replays, the records it appends.

    Parameters
    ----------
    path : str or os.PathLike
    X, y, params :
        The fit's data and fit parameters (fingerprinted; ``groups`` splits the folds).
    header : dict
        The search's own part of the header (parameters, seeds, objectives, ...).

    Attributes
    ----------
    replay : dict
        ``(candidate key, split index) -> logged fit result`` when resuming; the
        search's evaluation answers these fits from the log, without fitting.
    """

    def __init__(self, path, X, y, params, *, header, other_versions=False):
        self.log = AuditLog(path)
        self.header = {
            "record": "header",
            "format": FORMAT_VERSION,
            "log_id": uuid.uuid4().hex,
            "created": now(),
            "versions": versions(),
            **header,
            "fingerprint": fingerprint(X, y, params),
        }
        self.other_versions = other_versions
        # Why the log stopped during this fit (a failed write), or None.
        self.stopped = None
        self.replay, self.rounds, self.n_logged, self.round = {}, [], 0, 0
        self.keys_by_index = {}
        # A successive-halving rung's resource ("n_samples=1000"): the same
        # parameters at two rungs are two fits, never one replayed for the other.
        self.scope = None
        self.lock = FileLock(self.log.path)

    def __getstate__(self):
        """What a pickled search keeps of its log: where it is and which it is (for
        ``reselect``), not what one fit read from it or wrote to it."""
        state = dict(self.__dict__)
        state["header"] = {k: self.header[k] for k in ("log_id", "created")}
        state.update(replay={}, rounds=[], keys_by_index={})
        return state

    def key(self, params: dict) -> str:
        """A candidate's key in the log: its identity, and the rung's resource if any."""
        key = replay_key(params)
        return key if self.scope is None else f"{key}@{self.scope}"

    def close(self) -> None:
        """Release the log for other searches (after the refit is logged)."""
        self.lock.release()

    def open(self, splits):
        """Write the header, or check and load the existing log.

        Parameters
        ----------
        splits : list of (train, test)
            The search's folds (split with the splitter's routed parameters).

        Returns
        -------
        seeds : list of int or None
            The engine seeds of a resumed log (None for a new one).
        """
        header = {
            **self.header,
            "n_splits": len(splits),
            "folds": [joblib.hash(test) for _, test in splits],
        }
        self.lock.acquire()
        if self.log.exists() and self.log.torn_header():
            warnings.warn(
                f"audit_log={self.log.path!r} holds only an unfinished header (a crash while "
                "the log was being created); it never started, so it is written anew.",
                UserWarning,
                stacklevel=2,
            )
            open(self.log.path, "w").close()
        if not self.log.exists():
            self.log.append(header, create=True)
            return None
        records = self.log.read()
        self._check_resumable(records[0], header)
        self.header["log_id"] = records[0]["log_id"]
        self.log.repair()
        rounds = collections.defaultdict(list)
        for record in records:
            if record["record"] == "fit":
                self.replay[(record["key"], record["split"])] = record["result"]
            if record["record"] == "candidate":
                rounds[record["round"]].append(record["key"])
                self.keys_by_index[record["index"]] = record["key"]
                for k, result in enumerate(record["splits"]):
                    self.replay[(record["key"], k)] = result
        self.rounds = [rounds[k] for k in sorted(rounds)]
        self.n_logged = sum(len(r) for r in self.rounds)
        return list(records[0]["seeds"])

    def _check_resumable(self, logged, current):
        if logged["mode"] != current["mode"]:
            raise ValueError(
                _mode_change(self.log.path, logged["mode"], current["mode"])
            )
        changed = version_changes(logged.get("versions", {}), current["versions"])
        if changed and not self.other_versions:
            raise ValueError(
                f"audit_log={self.log.path!r} was written under other library versions "
                f"({'; '.join(changed)}); their scores may differ from this process's, and "
                "a resume would mix both. Resume it where it was written, give a new path, "
                "or pass resume_other_versions=True to resume it anyway (the header keeps "
                "the versions that wrote it)."
            )
        problems = []
        for name in sorted(set(logged["identity"]) | set(current["identity"])):
            problems += identity_differences(
                logged["identity"].get(name), current["identity"].get(name), name
            )
        if problems:
            raise ValueError(
                f"audit_log={self.log.path!r} was written by a search that scores "
                "differently, so this fit cannot resume it: its logged scores would sit "
                "beside new ones computed another way. Give a new path, or fit the search "
                "that wrote it. What differs: " + "; ".join(problems)
            )
        for key in ("params", "folds", "fingerprint"):
            problems += [f"{key} {d}" for d in differences(logged[key], current[key])]
        if problems:
            raise ValueError(
                f"audit_log={self.log.path!r} was written by another search or for other "
                "data, so this fit cannot resume it; give a new path, or fit the search that "
                "wrote it on the same data. What differs: " + "; ".join(problems)
            )

    def lookup(self, parameters, split):
        """The logged result of ``parameters`` on split ``split`` (a copy), or None."""
        if not self.replay:
            return None
        result = self.replay.get((self.key(parameters), split))
        return None if result is None else copy.deepcopy(result)

    def check_replay(self, candidates, first=None):
        """Resuming: a round the log holds must propose exactly the logged candidates.

        A grid's candidates (``first``: the grid position of ``candidates[0]``)
        are checked by position instead: its rounds follow ``n_jobs``, which
        may change between a search and its resumption.
        """
        if first is not None:
            for i, candidate in enumerate(candidates, first):
                if i in self.keys_by_index and self.keys_by_index[i] != self.key(
                    candidate
                ):
                    raise ValueError(
                        f"Resuming audit_log={self.log.path!r}: grid candidate {i} is "
                        f"{self.key(candidate)}, but the log has {self.keys_by_index[i]}. It "
                        "was written by another version or configuration."
                    )
            return
        if self.round >= len(self.rounds):
            return
        proposed = [self.key(c) for c in candidates]
        logged = self.rounds[self.round]
        # NOTE: one list may be a prefix of the other: a crash cut the round's
        # records short, or a smaller n_iter leaves this round's budget short.
        common = min(len(proposed), len(logged))
        if proposed[:common] != logged[:common]:
            raise ValueError(
                f"Resuming audit_log={self.log.path!r}: round {self.round} proposes "
                f"{proposed}, but the log has {logged}. The search would not repeat the logged "
                "one; it was written by another version or configuration."
            )

    def log_round(self, results, fits, n_splits):
        """Append the round just finished: its candidates not in the log yet.

        ``fits`` are the round's fit results in candidate-major order.
        """
        first = len(results["params"]) - len(fits) // n_splits
        records = []
        for k, i in enumerate(range(first, len(results["params"]))):
            if i < self.n_logged:
                continue
            splits = [
                split_record(fit) for fit in fits[k * n_splits : (k + 1) * n_splits]
            ]
            params = results["params"][i]
            records.append(
                {
                    "record": "candidate",
                    "round": self.round,
                    "index": i,
                    "key": self.key(params),
                    "params": jsonable(params),
                    "splits": splits,
                }
            )
        if records and self.stopped is None:
            try:
                self.log.append(*records)
            except OSError as e:
                self._stop(f"writing round {self.round}'s candidates failed ({e})")
        self.round += 1

    def _stop(self, why: str) -> None:
        """A write failed: the log keeps its whole records so far and stops for this fit."""
        self.stopped = why
        warnings.warn(
            f"audit_log={self.log.path!r}: {why}. The log keeps every whole record before "
            "it and resumes from there; the search goes on, but logs nothing more in this "
            "fit.",
            AuditLogWriteWarning,
            stacklevel=3,
        )

    def log_fit(self, parameters, split, result) -> str | None:
        """Append one finished fit, in the search's process as its result returns.

        Not fsynced: the process that dies keeps what it wrote; the round's end
        fsyncs.

        Returns
        -------
        error : str or None
            Why the record could not be written (the log is then as it was).
        """
        if self.stopped is not None:
            return None
        key = self.key(parameters)
        if (key, split) in self.replay:
            return None
        record = {
            "record": "fit",
            "key": key,
            "split": int(split),
            "result": split_record(result),
        }
        try:
            self.log.append(record, sync=False)
        except OSError as e:
            return f"{type(e).__name__}: {e}"
        return None

    def check_still_here(self) -> None:
        """Raise unless the log's path still holds this search's log (before a reselect).

        Raises
        ------
        ValueError
            When the file is gone, or holds another log (moved, deleted or
            replaced since ``fit``): a reselect writes nothing there.
        """
        found = self.log.first_record()
        if isinstance(found, dict) and found.get("log_id") == self.header["log_id"]:
            return
        where = (
            "no longer exists"
            if found is None and not os.path.exists(self.log.path)
            else "now holds another file"
            if found is None or "log_id" not in found
            else f"now holds another search's log (log_id {found['log_id']})"
        )
        raise ValueError(
            f"audit_log={self.log.path!r} {where}: the log that fit wrote there (log_id "
            f"{self.header['log_id']}, created {self.header['created']}) was moved or "
            "replaced, so reselect cannot record its decision and changed nothing. Set "
            "audit_log to the log's new path and fit again to resume it (no candidate is "
            "refitted), then reselect."
        )

    def log_decision(self, kind, policy, index, params, explanation):
        """A ``refit`` or ``reselect`` record; the caller holds the lock."""
        if self.stopped is not None:
            warnings.warn(
                f"audit_log={self.log.path!r} stopped during fit ({self.stopped}); this "
                f"{kind} is not recorded there.",
                AuditLogWriteWarning,
                stacklevel=3,
            )
            return
        try:
            self.log.append(
                {
                    "record": kind,
                    "time": now(),
                    "policy": jsonable(policy),
                    "index": int(index),
                    "params": jsonable(params),
                    "explanation": explanation,
                }
            )
        except OSError as e:
            self._stop(f"writing the {kind} record failed ({e})")


def _mode_change(path, logged, current) -> str:
    """Why a log of one kind of search cannot be resumed by another kind."""
    spelled = {
        "grid": "a grid search (every point of the grid, without n_iter)",
        "engine": "a search of n_iter candidates that the engine proposes",
        "halving": "a successive-halving search",
    }
    return (
        f"audit_log={path!r} holds {spelled.get(logged, logged)}, but this search is "
        f"{spelled.get(current, current)}. n_iter may change between a search and its "
        "resumption only within one kind of search: giving n_iter to a grid, or "
        "removing it, makes another search, which cannot reuse the logged rounds. Give "
        "a new path, or resume with the log's kind of search."
    )
