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

import json
import math
from importlib import metadata
import os
import platform
import re
from datetime import datetime, timezone

import joblib
import numpy as np

__all__ = ["AuditLog", "fingerprint", "jsonable", "replay_key", "RESUME_EXEMPT"]

FORMAT_VERSION = 1
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
