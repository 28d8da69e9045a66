"""Read an input file the user chose with limits: only regular files, never more than a stated size."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from app.core import messages
from app.core.errors import UserFacingError
from app.core.i18n import N_

MiB = 1024 * 1024
# A result package is a few MB (signed PDFs and JSON); 200 MB is the verifier's own ceiling.
MAX_INPUT = 200 * MiB

messages.register({
    "input_not_a_file": N_("{file} is not an ordinary file (a folder, device, pipe or link to one): it was not read"),
    "input_too_large": N_("{file} is too large to be what it claims ({size} MB; at most {limit} MB): it was not read"),
    "input_unreadable_file": N_("{file} cannot be read: {reason}"),
})


def _mb(n: int) -> str:
    return f"{n / MiB:.1f}".rstrip("0").rstrip(".")


def check_regular(path: str | os.PathLike, limit: int = MAX_INPUT) -> int:
    """The size of ``path`` if it is a regular file (links followed) of at most ``limit`` bytes; else UserFacingError.

    Checked before opening: opening a FIFO for reading blocks until a writer comes, and /dev/zero never ends.
    """
    name = Path(path).name or str(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise UserFacingError("input_unreadable_file", f"cannot read {path}: {exc.strerror or exc}", file=name,
                              reason=exc.strerror or str(exc)) from None
    if not stat.S_ISREG(st.st_mode):
        raise UserFacingError("input_not_a_file", f"{path} is not a regular file (folder, device, pipe or link to one)",
                              file=name)
    if st.st_size > limit:
        raise UserFacingError("input_too_large", f"{path} is {st.st_size} bytes, more than the limit of {limit}",
                              file=name, size=_mb(st.st_size), limit=_mb(limit))
    return st.st_size


def read_limited(path: str | os.PathLike, limit: int = MAX_INPUT) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (also if it grows while being read)."""
    check_regular(path, limit)
    name = Path(path).name or str(path)
    try:
        # O_NONBLOCK: should the path have become a FIFO since the check, open does not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise UserFacingError("input_unreadable_file", f"cannot read {path}: {exc.strerror or exc}", file=name,
                              reason=exc.strerror or str(exc)) from None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # swapped between the check and the open
            raise UserFacingError("input_not_a_file", f"{path} is not a regular file", file=name)
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise UserFacingError("input_unreadable_file", f"cannot read {path}: {exc.strerror or exc}", file=name,
                                  reason=exc.strerror or str(exc)) from None
    if len(data) > limit:
        raise UserFacingError("input_too_large", f"{path} grew past the limit of {limit} bytes while read", file=name,
                              size=_mb(len(data)), limit=_mb(limit))
    return data
