"""Limits on roster files read before any spreadsheet library sees them: size, ZIP members, cells, shared strings."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import IO, Iterator

from app.core import messages
from app.core.errors import UserFacingError
from app.core.i18n import N_
from app.core.safeinput import check_regular

MiB = 1024 * 1024
MAX_FILE = 50 * MiB  # a roster of 200,000 members is a few MB
MAX_UNCOMPRESSED = 100 * MiB  # every member of an XLSX/ODS ZIP together, as stated in its central directory
MAX_MEMBERS = 2000
MAX_RATIO = 200  # spreadsheet XML packs 5-20 times; zip bombs about 1,000 times
MAX_SHARED_STRINGS = 16 * MiB
MAX_COLUMNS = 200
MAX_SCANNED_ROWS = 1_048_576  # Excel's own last row: nothing honest lies beyond
MAX_CELLS = 4_000_000  # the rectangle a reader materializes: last used row times last used column
_CHUNK = 1024 * 1024

messages.register({
    "roll_limit": N_('"{file}" is too large to be a member roll ({what}; at most {limit}): it was not read'),
})
WHAT = {
    "size": N_("file size"), "uncompressed": N_("unpacked size"), "members": N_("parts in the file"),
    "ratio": N_("packing ratio"), "shared_strings": N_("shared text"), "columns": N_("columns"),
    "rows": N_("rows"), "cells": N_("cells"),
}


def refuse(path: Path, what: str, limit: int) -> UserFacingError:
    """The refusal of a roster file that exceeds one limit (its message names which)."""
    from app.core.i18n import _

    shown = f"{limit // MiB} MB" if what in ("size", "uncompressed", "shared_strings") else f"{limit:,}"
    return UserFacingError("roll_limit", f'"{path.name}" exceeds the {what} limit of {shown}: it was not read',
                           file=path.name, what=_(WHAT[what]), limit=shown)


def check_file(path: Path) -> None:
    """A regular file of at most MAX_FILE bytes (a FIFO, device or 30 GB sparse file is refused unopened)."""
    try:
        check_regular(path, MAX_FILE)
    except UserFacingError as exc:
        if exc.code == "input_too_large":
            raise refuse(path, "size", MAX_FILE) from None
        if exc.code == "input_unreadable_file":  # missing, no permission: the roll import's own sentence
            from app.core.rollimport.texts import fail

            raise fail("roll_file_unreadable", **exc.params) from None
        raise


def check_zip(path: Path) -> None:
    """An XLSX/ODS container within the limits, from its central directory, before anything is unpacked."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the spreadsheet reader reports a damaged file in its own words
    if len(infos) > MAX_MEMBERS:
        raise refuse(path, "members", MAX_MEMBERS)
    if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
        raise refuse(path, "uncompressed", MAX_UNCOMPRESSED)
    for i in infos:
        if i.file_size > MiB and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise refuse(path, "ratio", MAX_RATIO)
        if i.filename.lower().endswith("sharedstrings.xml") and i.file_size > MAX_SHARED_STRINGS:
            raise refuse(path, "shared_strings", MAX_SHARED_STRINGS)


# Cell references in sheet XML: <c r="XFD1048576" …>; ODS repeats: number-rows/columns-repeated="N".
# Attribute values are matched whole, so a ">" inside one cannot hide the rest of the tag.
_ATTRS = rb"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_XLSX_REF = re.compile(rb'<c\b' + _ATTRS.replace(b")*", b")*?") + rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_ODS_TOKEN = re.compile(rb"<table:(?:table-row|table-cell|covered-table-cell)\b" + _ATTRS + rb">")
_REPEAT_ROWS = re.compile(rb'number-rows-repeated="([0-9]+)"')
_REPEAT_COLS = re.compile(rb'number-columns-repeated="([0-9]+)"')


def _column(letters: bytes) -> int:
    n = 0
    for c in letters:
        n = n * 26 + c - 64
    return n


def _tags(fh: IO[bytes]) -> Iterator[bytes]:
    """Decompressed XML in chunks that end after a ">", so no tag is cut in two."""
    rest = b""
    while chunk := fh.read(_CHUNK):
        text = rest + chunk
        cut = text.rfind(b">") + 1
        if cut:
            yield text[:cut]
        rest = text[cut:]
    if rest:
        yield rest


def check_cells(path: Path, fmt: str) -> None:
    """The used rectangle of every sheet within MAX_CELLS and MAX_COLUMNS, read from the XML in chunks.

    Calamine builds that rectangle in memory at once, and ODS repeats can claim billions of cells in a few bytes.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if (n == "content.xml" if fmt == "ods" else
                                                   n.startswith("xl/worksheets/") and n.endswith(".xml"))]
            for name in names:
                with zf.open(name) as fh:
                    rows, cols = _ods_extent(fh) if fmt == "ods" else _xlsx_extent(fh)
                if cols > MAX_COLUMNS:
                    raise refuse(path, "columns", MAX_COLUMNS)
                if rows * cols > MAX_CELLS:
                    raise refuse(path, "cells", MAX_CELLS)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # damaged: the reader says so


def _xlsx_extent(fh: IO[bytes]) -> tuple[int, int]:
    rows = cols = 0
    for chunk in _tags(fh):
        for m in _XLSX_REF.finditer(chunk):
            cols, rows = max(cols, _column(m.group(1))), max(rows, int(m.group(2)))
    return rows, cols


def _ods_extent(fh: IO[bytes]) -> tuple[int, int]:
    """Last row and column holding a value (empty repeats, which LibreOffice writes to the sheet's end, cost nothing)."""
    rows = cols = row = col = 0
    for chunk in _tags(fh):
        for m in _ODS_TOKEN.finditer(chunk):
            tag = m.group(0)
            if tag.startswith(b"<table:table-row"):
                rr = _REPEAT_ROWS.search(tag)
                row, col = row + (int(rr.group(1)) if rr else 1), 0
                continue
            rc = _REPEAT_COLS.search(tag)
            col += int(rc.group(1)) if rc else 1
            if b"value-type" in tag or not tag.endswith(b"/>"):  # a cell with a value or text
                cols, rows = max(cols, col), max(rows, row)
    return rows, cols
