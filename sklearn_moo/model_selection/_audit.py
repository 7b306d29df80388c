"""The audit log: a JSON Lines record of a search, from which it can resume.

One JSON object per line, appended, flushed and fsynced after every finished
round; readable with ``pandas.read_json(path, lines=True)``. No pickles: every
value is a number, a string, a list or a dict a person can read. Records:

- ``header``: library versions, the search's parameters, the engine seeds
  drawn, constraints, refit policy, objectives (units, directions), fold and
  data fingerprints;
- ``candidate``: one per candidate, written with its round: parameters and, per
  fold, scores, times and failures (exception text);
- ``refit`` and ``reselect``: the policy, the chosen index and its explanation.
"""

from __future__ import annotations

import collections
import copy
import json
import math
from importlib import metadata
import os
import platform
import re
from datetime import datetime, timezone

import joblib
import numpy as np

__all__ = ["AuditLog", "AuditSession", "fingerprint", "jsonable", "replay_key",
           "RESUME_EXEMPT"]

FORMAT_VERSION = 1
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
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '?')}:{value.__qualname__}"
    return re.sub(r" at 0x[0-9a-fA-F]+", "", repr(value))


def replay_key(params: dict) -> str:
    """The text that identifies a candidate's parameters in the log."""
    return json.dumps(jsonable(params), sort_keys=True)


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


class AuditLog:
    """Append-only JSON Lines file of one search.

    Parameters
    ----------
    path : str or os.PathLike
    """

    def __init__(self, path):
        self.path = os.fspath(path)

    def exists(self) -> bool:
        return os.path.exists(self.path) and os.path.getsize(self.path) > 0

    def read(self) -> list[dict]:
        """Every complete record; a truncated last line (a crash mid-write) is ignored.

        A record is complete when its line ends with a newline: what follows the
        last newline is the tail of an interrupted write, whether or not it
        parses, and :meth:`repair` cuts exactly that.
        """
        with open(self.path, encoding="utf-8") as f:
            lines = f.read().split("\n")[:-1]  # the last piece has no newline
        records = []
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise ValueError(f"audit_log={self.path!r}: line {number} is not JSON ({e}); "
                                 "the file is damaged before its last line.") from e
        if not records or records[0].get("record") != "header":
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
        if not self.log.exists():
            self.log.append(header)
            return splits, None
        records = self.log.read()
        self._check_resumable(records[0], header)
        self.log.repair()
        rounds = collections.defaultdict(list)
        for record in records:
            if record["record"] == "candidate":
                rounds[record["round"]].append(record["key"])
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
        result = self.replay.get((replay_key(parameters), split_progress[0]))
        return None if result is None else copy.deepcopy(result)

    def check_replay(self, candidates):
        """Resuming: a round the log holds must propose exactly the logged candidates."""
        if self.round >= len(self.rounds):
            return
        proposed = [replay_key(c) for c in candidates]
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
            splits = [{key: jsonable(value) if key == "fit_error" else value
                       for key, value in fit.items() if key in LOGGED_FIT_KEYS}
                      for fit in fits[k * n_splits:(k + 1) * n_splits]]
            params = results["params"][i]
            records.append({"record": "candidate", "round": self.round, "index": i,
                            "key": replay_key(params), "params": jsonable(params),
                            "splits": splits})
        if records:
            self.log.append(*records)
        self.round += 1

    def log_decision(self, kind, policy, index, params, explanation):
        """A ``refit`` or ``reselect`` record."""
        self.log.append({"record": kind, "time": now(), "policy": jsonable(policy),
                         "index": int(index), "params": jsonable(params),
                         "explanation": explanation})
