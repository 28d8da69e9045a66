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
_SHARED_USE = re.compile(rb'<c\b[^>]*\bt="s"')
_SHARED_ITEM = re.compile(rb"<si\b.*?</si>", re.DOTALL)
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
            shared_uses = 0
            for name in names:
                with zf.open(name) as fh:
                    rows, cols, uses = _ods_extent(fh) if fmt == "ods" else _xlsx_extent(fh)
                if cols > MAX_COLUMNS:
                    raise refuse(path, "columns", MAX_COLUMNS)
                if rows * cols > MAX_CELLS:
                    raise refuse(path, "cells", MAX_CELLS)
                shared_uses += uses
            # calamine copies a shared string into every cell that uses it: 4,000 uses of a 1 MB string are 4 GB
            if fmt == "xlsx" and shared_uses * _longest_shared(zf) > MAX_SHARED_STRINGS * 16:
                raise refuse(path, "shared_strings", MAX_SHARED_STRINGS)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # damaged: the reader says so


def _xlsx_extent(fh: IO[bytes]) -> tuple[int, int, int]:
    """Last row and column with a cell, and how many cells use a shared string."""
    rows = cols = uses = 0
    for chunk in _tags(fh):
        for m in _XLSX_REF.finditer(chunk):
            cols, rows = max(cols, _column(m.group(1))), max(rows, int(m.group(2)))
        uses += len(_SHARED_USE.findall(chunk))
    return rows, cols, uses


def _longest_shared(zf: zipfile.ZipFile) -> int:
    """The longest shared string's XML, in bytes (the part is at most MAX_SHARED_STRINGS: checked before)."""
    names = [n for n in zf.namelist() if n.lower().endswith("sharedstrings.xml")]
    if not names:
        return 0
    text = zf.read(names[0])
    return max((len(m.group(0)) for m in _SHARED_ITEM.finditer(text)), default=0)


def _ods_extent(fh: IO[bytes]) -> tuple[int, int, int]:
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
    return rows, cols, 0


# ---- XLS (BIFF in an OLE compound file): calamine builds every sheet's rectangle when it opens the file ----
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NO_SECTOR = 0xFFFFFFFA  # sector numbers at or above this mark free, end of chain, FAT or DIFAT sectors
# BIFF records holding a value (blank cells are not in calamine's rectangle): NUMBER, RK, MULRK, LABELSST,
# LABEL, RSTRING, BOOLERR, FORMULA.
_VALUE_RECORDS = frozenset({0x0203, 0x027E, 0x00BD, 0x00FD, 0x0204, 0x00D6, 0x0205, 0x0006})
_BOF, _EOF, _MULRK = 0x0809, 0x000A, 0x00BD


def _u16(b: bytes, at: int) -> int:
    return int.from_bytes(b[at:at + 2], "little")


def _u32(b: bytes, at: int) -> int:
    return int.from_bytes(b[at:at + 4], "little")


def _chain(start: int, table: list[int], limit: int) -> list[int]:
    out: list[int] = []
    n = start
    while n < len(table) and n < _NO_SECTOR and len(out) < limit:  # the limit also ends a looping chain
        out.append(n)
        n = table[n]
    return out


def _words(b: bytes) -> list[int]:
    return [_u32(b, i) for i in range(0, len(b) - 3, 4)]


def _ole_stream(data: bytes, names: tuple[str, ...] = ("Workbook", "Book")) -> bytes:
    """The workbook stream of an OLE compound file (b"" if there is none or the file is damaged)."""
    if not data.startswith(_OLE_MAGIC) or len(data) < 512:
        return b""
    size, mini = 1 << min(_u16(data, 30), 16), 1 << min(_u16(data, 32), 16)
    sector = lambda n: data[(n + 1) * size:(n + 2) * size]  # noqa: E731
    most = len(data) // size + 1
    fat_sectors = _words(data[76:512])
    n = _u32(data, 68)
    for _ in range(most):  # the DIFAT chain beyond the header's 109 entries
        if n >= _NO_SECTOR:
            break
        words = _words(sector(n))
        fat_sectors += words[:-1]
        n = words[-1] if words else _NO_SECTOR
    fat: list[int] = []
    for s in fat_sectors[:_u32(data, 44)]:
        if s < _NO_SECTOR:
            fat += _words(sector(s))
    directory = b"".join(sector(s) for s in _chain(_u32(data, 48), fat, most))
    entries = [directory[i:i + 128] for i in range(0, len(directory) - 127, 128)]
    if not entries:
        return b""
    found = [e for e in entries if e[66] == 2 and e[:max(_u16(e, 64) - 2, 0)].decode("utf-16-le", "replace") in names]
    if not found:
        return b""
    start, length = _u32(found[0], 116), _u32(found[0], 120)
    if length >= _u32(data, 56):  # a regular stream
        return b"".join(sector(s) for s in _chain(start, fat, most))[:length]
    ministream = b"".join(sector(s) for s in _chain(_u32(entries[0], 116), fat, most))
    minifat = _words(b"".join(sector(s) for s in _chain(_u32(data, 60), fat, most)))
    return b"".join(ministream[s * mini:(s + 1) * mini] for s in _chain(start, minifat, len(ministream) // mini + 1))[:length]


def _biff_extent(stream: bytes) -> tuple[int, int]:
    """(cells, columns): the rectangles of every sheet together, and the widest, from the cell records."""
    pos = total = widest = rows = cols = 0
    while pos + 4 <= len(stream):
        kind, length = _u16(stream, pos), _u16(stream, pos + 2)
        body = stream[pos + 4:pos + 4 + length]
        pos += 4 + length
        if kind in (_BOF, _EOF):
            total, widest, rows, cols = total + rows * cols, max(widest, cols), 0, 0
        elif kind in _VALUE_RECORDS and length >= 4:
            last = _u16(body, length - 2) if kind == _MULRK and length >= 6 else _u16(body, 2)
            rows, cols = max(rows, _u16(body, 0) + 1), max(cols, last + 1)
    return total + rows * cols, max(widest, cols)


def check_xls(path: Path) -> None:
    """An XLS file whose sheets calamine can hold: calamine builds them all at once when it opens the file,
    and aborts the whole process when it cannot (a 5 KB file with one cell at IV65536 asks for 512 MB)."""
    try:
        data = path.read_bytes()  # at most MAX_FILE: checked first
    except OSError:
        return  # the reader says what is wrong
    cells, columns = _biff_extent(_ole_stream(data))
    if columns > MAX_COLUMNS:
        raise refuse(path, "columns", MAX_COLUMNS)
    if cells > MAX_CELLS:
        raise refuse(path, "cells", MAX_CELLS)
