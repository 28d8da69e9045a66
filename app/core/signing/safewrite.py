"""Write a file to removable media so that it is either complete and read back intact, or not there at all."""
from __future__ import annotations

import errno
import hashlib
import os
import secrets
import shutil
from pathlib import Path

from app.core.errors import UserFacingError

# Room kept free beyond the file itself (directory entries, FAT cluster rounding).
SLACK = 64 * 1024
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
_GONE = {errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.EIO, errno.ESTALE, errno.ENOTDIR, errno.ENOTCONN}


def media_error(exc: OSError, target: Path) -> UserFacingError:
    """A clear, user-facing error for an OSError while writing ``target``."""
    where = str(target.parent)
    if exc.errno in _FULL:
        return UserFacingError("media_full", f"not enough space on {where} to write {target.name}", path=where)
    if exc.errno in _READ_ONLY:
        return UserFacingError("media_read_only", f"{where} is read-only (is the USB stick write-protected?)", path=where)
    if exc.errno in _GONE:
        return UserFacingError("media_gone", f"{where} is no longer available (was the USB stick removed?)", path=where)
    return UserFacingError("media_write_failed", f"writing {target.name} to {where} failed: {exc.strerror or exc}",
                           path=where)


def _temp_name(target: Path) -> Path:
    # Hidden and with a .part suffix: a leftover can never be mistaken for a package or report.
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")


# Key files are readable by their owner only, from the moment they exist (the temporary name included).
PRIVATE_SUFFIXES = (".p12", ".pfx", ".key")


def _write_all(path: Path, data: bytes, mode: int = 0o644) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_dir(directory: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory for fsync; the rename is flushed with the volume
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _read_back(path: Path) -> bytes:
    with open(path, "rb") as fh:
        if hasattr(os, "posix_fadvise"):
            # Drop cached pages so the read comes from the device, not from what we just wrote.
            os.posix_fadvise(fh.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
        return fh.read()


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass  # the medium may be gone; the caller reports the original error


def _check_target(target: Path, size: int) -> None:
    directory = target.parent
    if not directory.is_dir():
        raise UserFacingError("media_gone", f"{directory} is not there (was the USB stick removed?)", path=str(directory))
    try:
        free = shutil.disk_usage(directory).free
    except OSError as exc:
        raise media_error(exc, target) from None
    if free < size + SLACK:
        raise UserFacingError("media_full", f"not enough space on {directory}: {size} bytes needed, {free} free",
                              path=str(directory))


def write_file_safely(target: str | os.PathLike, data: bytes, *, private: bool | None = None) -> Path:
    """Write ``data`` to ``target``: temp file, fsync, rename, fsync dir, read back and compare.

    ``private`` (default: a key file, by its suffix) writes it with mode 0600, owner only.
    Raises UserFacingError (media_full, media_read_only, media_gone, media_write_failed,
    media_verify_failed); on failure no file with the target's name is left behind.
    """
    target = Path(target)
    private = target.suffix.lower() in PRIVATE_SUFFIXES if private is None else private
    _check_target(target, len(data))
    temp, renamed = _temp_name(target), False
    try:
        _write_all(temp, data, 0o600 if private else 0o644)
        os.replace(temp, target)
        renamed = True
        _sync_dir(target.parent)
        same = hashlib.sha256(_read_back(target)).digest() == hashlib.sha256(data).digest()
    except OSError as exc:
        _remove(temp)
        if renamed:  # before the rename, an older file under that name is still good: keep it
            _remove(target)
        raise media_error(exc, target) from None
    if not same:
        _remove(target)
        raise UserFacingError("media_verify_failed", f"{target.name} read back differently from what was written; "
                              "the medium may be failing", path=str(target.parent))
    return target
