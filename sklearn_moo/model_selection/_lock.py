"""One writer per audit log: an exclusive, non-blocking lock on ``<path>.lock``.

POSIX systems use ``flock`` on the lock file: the lock belongs to an open file
description, so two threads of one process exclude each other as two
processes do, and the operating system frees it when its holder dies (a
``kill -9`` leaves the file, not the lock). Elsewhere the lock file itself is
the lock, created with ``O_EXCL``. Either way the file holds who has it (process,
host, thread, since when) and is removed when the lock is released.
"""

from __future__ import annotations

import json
import os
import socket
import threading
from datetime import UTC, datetime

from ..exceptions import AuditLogInUseError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None

__all__ = ["FileLock"]


class FileLock:
    """An exclusive lock on ``path + ".lock"``, taken without waiting.

    Parameters
    ----------
    path : str
        The file the lock guards (the audit log).
    """

    def __init__(self, path: str):
        self.path = path
        self.lock_path = path + ".lock"
        self._fd = None

    def __getstate__(self):
        # NOTE: the search is pickled to joblib workers; a copy never holds the lock.
        return {**self.__dict__, "_fd": None}

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, or raise :class:`AuditLogInUseError` naming the holder."""
        if self._fd is not None:
            return
        self._fd = (
            self._acquire_flock() if fcntl is not None else self._acquire_exclusive()
        )
        holder = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "thread": threading.current_thread().name,
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        os.ftruncate(self._fd, 0)
        os.write(self._fd, (json.dumps(holder) + "\n").encode())

    def _acquire_flock(self) -> int:
        # NOTE: the holder removes the file before unlocking it; one who opened the
        # old file and then got its lock sees that the path now names another
        # file (or none) and tries again on the new one.
        for _ in range(100):
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = self._holder(fd)
                os.close(fd)
                raise self._in_use(holder) from None
            try:
                same = os.stat(self.lock_path).st_ino == os.fstat(fd).st_ino
            except OSError:
                same = False
            if same:
                return fd
            os.close(fd)
        raise self._in_use("unknown (the lock file kept changing)")

    def _acquire_exclusive(self) -> int:  # pragma: no cover - not POSIX
        try:
            return os.open(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            with open(self.lock_path, encoding="utf-8", errors="replace") as f:
                raise self._in_use(f.read().strip() or "unknown") from None

    @staticmethod
    def _holder(fd: int) -> str:
        try:
            text = os.pread(fd, 4096, 0).decode(errors="replace").strip()
            holder = json.loads(text)
            return (
                f"process {holder['pid']} on {holder['host']}, thread "
                f"{holder['thread']!r}, since {holder['since']}"
            )
        except (OSError, ValueError, KeyError, TypeError):
            return "unknown (it is starting)"

    def _in_use(self, holder: str) -> AuditLogInUseError:
        return AuditLogInUseError(
            f"audit_log={self.path!r} is being written by another search ({holder}); one "
            "search writes a log at a time. Wait until it has finished, or give this search "
            f"another path. (The lock is {self.lock_path!r}.)"
        )

    def release(self) -> None:
        """Remove the lock file and free the lock (no-op when not held)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.unlink(self.lock_path)
        except FileNotFoundError:
            pass
        finally:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
