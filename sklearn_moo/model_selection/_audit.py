"""The audit log: a JSON Lines record of a search, from which it can resume.

One JSON object per line, appended, flushed and fsynced after every finished
round; readable with ``pandas.read_json(path, lines=True)``. No pickles: every
value is a number, a string, a list or a dict a person can read. Records:

- ``header``: library versions, the search's parameters, the engine seeds
  drawn, constraints, refit policy, objectives (units, directions), fold and
  data fingerprints;
- ``fit``: one per fit as soon as it finishes (written by the process that ran
  it, flushed, not fsynced): the candidate's key, the split and its result, so
  that a crash in the middle of a round loses only the fits in flight;
- ``candidate``: one per candidate, written with its round: parameters and, per
  fold, scores, times and failures (exception text);
- ``refit`` and ``reselect``: the policy, the chosen index and its explanation.
"""

from __future__ import annotations

import collections
import copy
import hashlib
import json
import math
from importlib import metadata
import os
import platform
import re
import socket
import warnings
from datetime import datetime, timezone

import joblib
import numpy as np

from ._identity import identity, identity_text
from ._lock import FileLock

__all__ = ["AuditLog", "AuditSession", "fingerprint", "jsonable", "replay_key",
           "space_identity", "RESUME_EXEMPT"]

# 2: candidates keyed by their identity (``_identity.py``), not by their repr.
FORMAT_VERSION = 2
# What the log keeps of each fit's result (as scikit-learn's _fit_and_score returns it).
LOGGED_FIT_KEYS = ("test_scores", "train_scores", "n_test_samples", "fit_time", "score_time",
                   "fit_error", "score_errors")
# Parameters that may change between a search and its resumption.
RESUME_EXEMPT = {"n_iter", "n_jobs", "pre_dispatch", "verbose", "refit", "audit_log"}


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
        return sorted((jsonable(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
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
        described.append([{str(k): identity(v, str(k)) for k, v in values.items()}, n_iter])
    text = json.dumps(described, sort_keys=True, allow_nan=False)
    return hashlib.sha256(text.encode()).hexdigest()


def fingerprint(X, y, params) -> dict:
    """A hash of ``X``, ``y`` and every fit parameter: one changed value changes it."""
    out = {"X": joblib.hash(X), "y": None if y is None else joblib.hash(y)}
    out.update({name: joblib.hash(value) for name, value in sorted(params.items())})
    return out


def versions() -> dict:
    """Versions of the libraries a search's numbers depend on."""
    packages = ("sklearn-moo", "scikit-learn", "scikit-optimize", "numpy", "scipy", "joblib")
    found = {}
    for name in packages:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return {**found, "python": platform.python_version()}


# Each record type and the fields it must have, with their JSON types.
_RECORD_FIELDS = {
    "header": {"format": int, "params": dict, "seeds": list, "fingerprint": dict,
               "folds": list, "n_splits": int},
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
        return (f"its 'record' is {kind!r}, not one of "
                f"{', '.join(map(repr, _RECORD_FIELDS))}")
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
        missing = [f for f in _SPLIT_FIELDS if not isinstance(split, dict) or f not in split]
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
        # NOTE: absolute, so that a worker with another working directory writes here.
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
                raise ValueError(f"audit_log={self.path!r}: line {number} is not JSON ({e}); "
                                 "the file is damaged before its last line.") from e
            if not records and not (isinstance(record, dict)
                                    and record.get("record") == "header"):
                raise ValueError(f"audit_log={self.path!r} does not start with a header "
                                 "record; it is not a sklearn-moo audit log.")
            problem = record_problem(record, n_splits)
            if problem is None and records and record["record"] == "header":
                problem = "it is a second header"
            if problem is not None:
                raise ValueError(f"audit_log={self.path!r}: line {number} is not a valid "
                                 f"audit record: {problem}. The file is damaged or was edited.")
            n_splits = record["n_splits"] if record["record"] == "header" else n_splits
            records.append(record)
        if not records:
            raise ValueError(f"audit_log={self.path!r} does not start with a header record; "
                             "it is not a sklearn-moo audit log.")
        return records

    def repair(self) -> None:
        """Cut a truncated last line (a crash mid-write), so that appends start clean."""
        with open(self.path, "rb+") as f:
            content = f.read()
            if content and not content.endswith(b"\n"):
                f.truncate(content.rfind(b"\n") + 1)

    def append(self, *records: dict) -> None:
        """Write records, then flush and fsync (a finished round survives a crash)."""
        text = "".join(json.dumps(r, allow_nan=True) + "\n" for r in records)
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())


def split_record(fit: dict) -> dict:
    """What the log keeps of one fit's result (exception texts made JSON)."""
    return {key: jsonable(value) if key == "fit_error" else value
            for key, value in fit.items() if key in LOGGED_FIT_KEYS}


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def differences(logged: dict, current: dict, prefix="") -> list[str]:
    """Human-readable differences between two JSON values (for the resume check)."""
    if isinstance(logged, dict) and isinstance(current, dict):
        out = []
        for key in sorted(set(logged) | set(current)):
            if key not in current or key not in logged:
                out.append(f"{prefix}{key}: present in only one of the log and this search")
            else:
                out += differences(logged[key], current[key], f"{prefix}{key}.")
        return out
    if logged != current:
        shown = [str(v) if len(str(v)) <= 60 else str(v)[:57] + "..." for v in (logged, current)]
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
        search's ``_fit_and_score`` hook reads it, in joblib workers too.
    """

    def __init__(self, path, X, y, params, *, header):
        self.log = AuditLog(path)
        self.header = {"record": "header", "format": FORMAT_VERSION, "created": now(),
                       "versions": versions(), **header,
                       "fingerprint": fingerprint(X, y, params)}
        self._inputs = (X, y, params.get("groups"))
        self.replay, self.rounds, self.n_logged, self.round = {}, [], 0, 0
        self.keys_by_index = {}
        # A successive-halving rung's resource ("n_samples=1000"): the same
        # parameters at two rungs are two fits, never one replayed for the other.
        self.scope = None
        self.lock = FileLock(self.log.path)
        self.host = socket.gethostname()

    def key(self, params: dict) -> str:
        """A candidate's key in the log: its identity, and the rung's resource if any."""
        key = replay_key(params)
        return key if self.scope is None else f"{key}@{self.scope}"

    def close(self) -> None:
        """Release the log for other searches (after the refit is logged)."""
        self.lock.release()

    def open(self, splitter):
        """Split the folds, then write the header, or check and load the existing log.

        Returns
        -------
        splits : list of (train, test)
        seeds : list of int or None
            The engine seeds of a resumed log (None for a new one).
        """
        X, y, groups = self._inputs
        self._inputs = None  # the data is not shipped to workers with the search
        splits = list(splitter.split(X, y, groups))
        header = {**self.header, "n_splits": len(splits),
                  "folds": [joblib.hash(test) for _, test in splits]}
        self.lock.acquire()
        if self.log.exists() and self.log.torn_header():
            warnings.warn(
                f"audit_log={self.log.path!r} holds only an unfinished header (a crash while "
                "the log was being created); it never started, so it is written anew.",
                UserWarning, stacklevel=2)
            open(self.log.path, "w").close()
        if not self.log.exists():
            self.log.append(header)
            return splits, None
        records = self.log.read()
        if records[0]["format"] != FORMAT_VERSION:
            raise ValueError(
                f"audit_log={self.log.path!r} was written in format {records[0]['format']}; "
                f"this version of sklearn-moo reads format {FORMAT_VERSION}. Give a new path.")
        self._check_resumable(records[0], header)
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
        return splits, list(records[0]["seeds"])

    def _check_resumable(self, logged, current):
        problems = []
        for key in ("params", "folds", "fingerprint"):
            problems += [f"{key} {d}" for d in differences(logged[key], current[key])]
        if problems:
            raise ValueError(
                f"audit_log={self.log.path!r} was written by another search or for other "
                "data, so this fit cannot resume it; give a new path, or fit the search that "
                "wrote it on the same data. What differs: " + "; ".join(problems))

    def lookup(self, parameters, split_progress):
        """A logged fit's result (a copy), or None."""
        if not self.replay or parameters is None or split_progress is None:
            return None
        result = self.replay.get((self.key(parameters), split_progress[0]))
        return None if result is None else copy.deepcopy(result)

    def check_replay(self, candidates, first=None):
        """Resuming: a round the log holds must propose exactly the logged candidates.

        A grid's candidates (``first``: the grid position of ``candidates[0]``)
        are checked by position instead: its rounds follow ``n_jobs``, which
        may change between a search and its resumption.
        """
        if first is not None:
            for i, candidate in enumerate(candidates, first):
                if i in self.keys_by_index and self.keys_by_index[i] != self.key(candidate):
                    raise ValueError(
                        f"Resuming audit_log={self.log.path!r}: grid candidate {i} is "
                        f"{self.key(candidate)}, but the log has {self.keys_by_index[i]}. It "
                        "was written by another version or configuration.")
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
                "one; it was written by another version or configuration.")

    def log_round(self, results, fits, n_splits):
        """Append the round just finished: its candidates not in the log yet.

        ``fits`` are the round's fit results in candidate-major order.
        """
        first = len(results["params"]) - len(fits) // n_splits
        records = []
        for k, i in enumerate(range(first, len(results["params"]))):
            if i < self.n_logged:
                continue
            splits = [split_record(fit) for fit in fits[k * n_splits:(k + 1) * n_splits]]
            params = results["params"][i]
            records.append({"record": "candidate", "round": self.round, "index": i,
                            "key": self.key(params), "params": jsonable(params),
                            "splits": splits})
        if records:
            self.log.append(*records)
        self.round += 1

    def log_fit(self, parameters, split_progress, result) -> None:
        """Append one finished fit (in the process that ran it; see the module notes).

        Only on the host that holds the log: a distributed worker elsewhere
        writes nothing (the round's candidate records cover its fits). Not
        fsynced: a process that dies keeps what it wrote; the round's end
        fsyncs.
        """
        if parameters is None or split_progress is None or socket.gethostname() != self.host:
            return
        key = self.key(parameters)
        if (key, split_progress[0]) in self.replay:
            return
        line = json.dumps({"record": "fit", "key": key, "split": int(split_progress[0]),
                           "result": split_record(result)}, allow_nan=True) + "\n"
        try:
            fd = os.open(self.log.path, os.O_WRONLY | os.O_APPEND)
            try:
                os.write(fd, line.encode("utf-8"))  # NOTE: one write: appends do not interleave
            finally:
                os.close(fd)
        except OSError:
            return  # the round's candidate records still hold this fit

    def log_decision(self, kind, policy, index, params, explanation):
        """A ``refit`` or ``reselect`` record (a reselect takes the lock for its write)."""
        held = self.lock.held
        self.lock.acquire()
        try:
            self.log.append({"record": kind, "time": now(), "policy": jsonable(policy),
                             "index": int(index), "params": jsonable(params),
                             "explanation": explanation})
        finally:
            if not held:
                self.lock.release()
