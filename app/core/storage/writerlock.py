"""One writer per election file: an exclusive OS lock on FILE.lock, held while the file is open for writing."""
from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

_LOCK_BYTE = 1 << 20  # Windows locks a byte range: lock one far past the holder's note, so the note stays readable


@dataclass(frozen=True)
class Holder:
    """Who holds the file open for writing, as its lock file says."""

    user: str
    machine: str
    pid: int
    since: str


def _me() -> Holder:
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment (a service account): say so rather than fail
        user = "?"
    return Holder(user, socket.gethostname(), os.getpid(), dt.datetime.now().isoformat(timespec="seconds"))


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _LOCK_BYTE, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # BlockingIOError: another open file holds it
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _LOCK_BYTE, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


def read_holder(path: Path) -> Holder | None:
    """The holder's note in FILE.lock (None when unreadable: the lock itself is what counts)."""
    try:
        data = json.loads(lock_path(path).read_text(encoding="utf-8")[:4096])
        return Holder(str(data["user"]), str(data["machine"]), int(data["pid"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class WriterLock:
    """The lock of one election file in this process; opened again here, it is shared (counted), not taken twice."""

    _held: dict[str, "WriterLock"] = {}

    def __init__(self, key: str, fd: int) -> None:
        self.key, self.fd, self.count = key, fd, 1

    @classmethod
    def acquire(cls, path: Path) -> "WriterLock | Holder":
        """The lock, or who holds it elsewhere (another process or machine on a shared folder)."""
        key = str(path.resolve())
        if key in cls._held:
            lock = cls._held[key]
            lock.count += 1
            return lock
        fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd):
            os.close(fd)
            return read_holder(path) or Holder("?", "?", 0, "?")
        note = json.dumps(_me().__dict__, ensure_ascii=False).encode("utf-8")
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, note)
            os.fsync(fd)
        except OSError:  # a full disk: give the lock back before saying so
            _unlock(fd)
            os.close(fd)
            raise
        cls._held[key] = lock = cls(key, fd)
        return lock

    def release(self) -> None:
        """Give the lock up once every opening in this process has closed."""
        self.count -= 1
        if self.count > 0 or self._held.get(self.key) is not self:
            return
        del self._held[self.key]
        try:
            _unlock(self.fd)
        finally:
            os.close(self.fd)
