"""A new file built under a hidden temporary name and renamed into place whole: a kill never leaves half of it."""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Callable

from app.core.diskfull import disk_full_refused
from app.core.errors import UserFacingError

_SIDE_FILES = ("-wal", "-shm", "-journal", ".lock")  # .lock: the writer lock of the file while it was built


def _remove(path: Path) -> None:
    for p in (path, *(path.with_name(path.name + s) for s in _SIDE_FILES)):
        try:
            p.unlink()
        except OSError:
            pass  # not there, or the medium is gone: nothing to clean


def create_whole(path: str | os.PathLike, build: Callable[[Path], None]) -> Path:
    """Call ``build(temp)`` to write a new file at a temporary name beside ``path``, then move it to ``path``.

    ``path`` must not exist (UserFacingError "file_exists", as for a new election file); it is never
    overwritten, and on any failure (a full disk included) only ``path``'s absence is left behind.
    """
    target = Path(path)
    if target.exists():
        raise UserFacingError("file_exists", f"{target} already exists", path=str(target))
    temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    try:
        with disk_full_refused():
            build(temp)
            try:
                os.link(temp, target)  # fails if the target appeared meanwhile: never clobbers
            except FileExistsError:
                raise UserFacingError("file_exists", f"{target} already exists", path=str(target)) from None
            except OSError:
                os.replace(temp, target)  # file systems without hard links (FAT on a USB stick)
    finally:
        _remove(temp)
    return target
