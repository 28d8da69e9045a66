"""A full disk, wherever it strikes (the election file, a workspace, a safe write), is one clear refusal."""
from __future__ import annotations

import contextlib
import errno
import sqlite3
from typing import Iterator

from app.core import messages
from app.core.errors import UserFacingError
from app.core.i18n import N_

_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
_SQLITE_FULL = 13  # SQLITE_FULL: "database or disk is full"

messages.register({
    "disk_full": N_("The disk is full: this step was not saved, and nothing saved before it was lost. "
                    "Free some space (or save the file elsewhere), then do it again."),
})


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite's or the system's "no space left"."""
    if isinstance(exc, sqlite3.OperationalError):
        return getattr(exc, "sqlite_errorcode", None) == _SQLITE_FULL or "database or disk is full" in str(exc)
    return isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS


def check_disk_full(exc: BaseException) -> None:
    """Raise the "disk_full" UserFacingError in place of ``exc`` when it is a full disk; otherwise return."""
    if is_disk_full(exc):
        raise UserFacingError("disk_full", f"the disk is full; nothing was lost ({exc})") from None


@contextlib.contextmanager
def disk_full_refused() -> Iterator[None]:
    """Turn a full disk inside the block into the "disk_full" refusal; anything else passes unchanged."""
    try:
        yield
    except (sqlite3.OperationalError, OSError) as exc:
        check_disk_full(exc)
        raise
