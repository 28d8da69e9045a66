"""Read a roster file (CSV in any Chinese encoding, XLSX, XLS, ODS) into a Table of cells."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Callable, Iterable, NamedTuple, TypeVar

from app.core.errors import UserFacingError
from app.core.i18n import _
from app.core.rollimport import limits
from app.core.rollimport.mapping import guess_mapping
from app.core.rollimport.texts import fail

T = TypeVar("T")
Cell = str | int | float | bool | date | datetime | time | timedelta | None  # calamine gives timedelta for durations
MAX_ROWS = 200_000
HEADER_SEARCH = 10  # title rows ("某某党支部党员名册") may sit above the header

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


class SheetRow(NamedTuple):
    """One non-empty row: its number as the spreadsheet shows it (1-based) and its cells."""

    number: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """The header row and the non-empty rows below it, with their spreadsheet row numbers."""

    path: Path
    format: str  # "csv", "xlsx", "xls" or "ods"
    headers: tuple[str, ...]
    header_row: int
    rows: tuple[SheetRow, ...]
    sheet: str | None = None  # the sheet read, for workbooks
    sheets: tuple[str, ...] = ()  # every sheet of the workbook, so the GUI can offer another


def read_table(path: str | Path, sheet: str | None = None) -> Table:
    """Read ``path``; the format comes from the content, not the name. ``sheet`` picks a workbook sheet."""
    path = Path(path)
    limits.check_file(path)  # before opening: a FIFO would block, /dev/zero never ends, a sparse file is huge
    try:
        with path.open("rb") as fh:
            head = fh.read(2048)
    except OSError as exc:
        raise fail("roll_file_unreadable", file=path.name, reason=exc.strerror or str(exc)) from None
    if head.startswith(_ZIP):
        limits.check_zip(path)  # sizes from the central directory, before anything is unpacked
        if b"opendocument" in head:
            limits.check_cells(path, "ods")
            return _read_calamine(path, sheet, "ods")
        return _read_xlsx(path, sheet)
    if head.startswith(_OLE):
        if _ENCRYPTED in path.read_bytes():  # Office keeps a password-protected .xlsx in an OLE box
            raise fail("roll_password", file=path.name)
        limits.check_xls(path)  # calamine builds every sheet at once on opening: bound them first
        return _read_calamine(path, sheet, "xls")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise fail("roll_web_page", file=path.name)  # web systems export HTML tables named .xls
    if path.suffix.lower() not in (".csv", ".txt", ".tsv", ".xls", ".xlsx"):
        raise fail("roll_unsupported_format", file=path.name)
    return _table(path, "csv", _non_empty(path, _read_csv(path)))


def _table(path: Path, fmt: str, rows: list[SheetRow], sheet: str | None = None,
           sheets: tuple[str, ...] = ()) -> Table:
    if not rows:
        raise fail("roll_empty_file", file=path.name)
    at = _header_index(rows)
    headers = tuple("" if c is None else str(c).strip() for c in rows[at].cells)
    return Table(path, fmt, headers, rows[at].number, tuple(rows[at + 1:]), sheet, sheets)


def _non_empty(path: Path, grid: Iterable[Iterable[Cell]]) -> list[SheetRow]:
    """The non-empty rows; stops at the first limit passed (rows read, columns, cells)."""
    rows: list[SheetRow] = []
    cells_kept = 0
    for number, raw in enumerate(grid, 1):
        if number > limits.MAX_SCANNED_ROWS:
            raise limits.refuse(path, "rows", limits.MAX_SCANNED_ROWS)
        cells = _trimmed(path, tuple(raw))
        if any(c is not None for c in cells):
            if len(rows) == MAX_ROWS:
                raise fail("roll_too_many_rows", file=path.name, limit=MAX_ROWS)
            cells_kept += len(cells)
            if cells_kept > limits.MAX_CELLS:
                raise limits.refuse(path, "cells", limits.MAX_CELLS)
            rows.append(SheetRow(number, cells))
    return rows


def _padded(rows: list[SheetRow]) -> list[SheetRow]:
    """Rows of one width, as openpyxl gave them when it trusted the sheet's dimension."""
    width = max((len(r.cells) for r in rows), default=0)
    return [r if len(r.cells) == width else SheetRow(r.number, r.cells + (None,) * (width - len(r.cells))) for r in rows]


def _trimmed(path: Path, raw: tuple[Cell, ...]) -> tuple[Cell, ...]:
    """A row's cells; beyond MAX_COLUMNS only empty ones are allowed (and dropped)."""
    if len(raw) > limits.MAX_COLUMNS:
        if any(_cell(c) is not None for c in raw[limits.MAX_COLUMNS:]):
            raise limits.refuse(path, "columns", limits.MAX_COLUMNS)
        raw = raw[:limits.MAX_COLUMNS]
    return tuple(_cell(c) for c in raw)


def _pick(items: list[T], wanted: str | None, path: Path, name: Callable[[T], str],
          visible: Callable[[T], bool]) -> list[T]:
    """The sheets to try in order: the one asked for, else visible sheets, then hidden ones."""
    if wanted is not None:
        chosen = [item for item in items if name(item) == wanted]
        if not chosen:
            raise fail("roll_no_sheet", file=path.name, sheet=wanted)
        return chosen
    return sorted(items, key=lambda item: not visible(item))  # stable: keeps the workbook order


def _cell(value: Cell) -> Cell:
    if isinstance(value, str):
        return value.strip() or None  # calamine gives "" for empty cells, openpyxl None
    return value


def _header_index(rows: list[SheetRow]) -> int:
    for i, row in enumerate(rows[:HEADER_SEARCH]):
        if "name" in guess_mapping(row.cells):
            return i
    return 0


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    try:
        return _read_openpyxl(path, sheet)
    except UserFacingError:
        raise
    except Exception:  # noqa: BLE001 - openpyxl rejects some valid files (strict OOXML, odd writers)
        limits.check_cells(path, "xlsx")  # calamine builds the used rectangle at once: bound it first
        return _read_calamine(path, sheet, "xlsx")


def _read_openpyxl(path: Path, sheet: str | None) -> Table:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = tuple(book.sheetnames)
        for ws in _pick(book.worksheets, sheet, path, lambda w: w.title, lambda w: w.sheet_state == "visible"):
            # The sheet's claimed dimension ("A1:XFD1048576" in a 1.6 KB file) would make openpyxl pad every
            # row to 16,384 cells and add empty rows to 1,048,576: read only the rows and cells that are there.
            ws.reset_dimensions()
            rows = _padded(_non_empty(path, ws.iter_rows(values_only=True)))
            if rows:
                return _table(path, "xlsx", rows, ws.title, sheets)
    finally:
        book.close()  # read-only workbooks keep the file open until closed
    raise fail("roll_empty_file", file=path.name)


def _read_calamine(path: Path, sheet: str | None, fmt: str) -> Table:
    from python_calamine import CalamineError, PasswordError, SheetVisibleEnum, load_workbook

    try:
        book = load_workbook(path)
    except PasswordError:
        raise fail("roll_password", file=path.name) from None
    except (CalamineError, OSError, ValueError) as exc:
        raise fail("roll_file_unreadable", file=path.name, reason=str(exc)) from None
    try:
        metas = book.sheets_metadata
        chosen = _pick(metas, sheet, path, lambda m: m.name, lambda m: m.visible == SheetVisibleEnum.Visible)
        for meta in chosen:
            found = book.get_sheet_by_name(meta.name)
            last_row, last_col = found.end or (0, 0)  # to_python below fills from A1 to here
            if last_col + 1 > limits.MAX_COLUMNS:
                raise limits.refuse(path, "columns", limits.MAX_COLUMNS)
            if (last_row + 1) * (last_col + 1) > limits.MAX_CELLS:
                raise limits.refuse(path, "cells", limits.MAX_CELLS)
            # skip_empty_area=False keeps leading empty rows, so row numbers match the sheet
            rows = _non_empty(path, found.to_python(skip_empty_area=False))
            if rows:
                return _table(path, fmt, rows, meta.name, tuple(book.sheet_names))
    except (CalamineError, ValueError) as exc:
        raise fail("roll_file_unreadable", file=path.name, reason=str(exc)) from None
    finally:
        book.close()
    raise fail("roll_empty_file", file=path.name)


def _read_csv(path: Path) -> list[list[str]]:
    text = decode(path.read_bytes())
    if "\x00" in text:  # binary data, or UTF-16 without its BOM
        raise fail("roll_file_unreadable", file=path.name, reason=_("it is not a text file"))
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",\t;", key=first.count)  # Excel's "Unicode text" export is tab-separated
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise fail("roll_file_unreadable", file=path.name, reason=str(exc)) from None


def decode(data: bytes) -> str:
    """Text of a CSV file in UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030.

    Mixed files are refused, naming the first line of the rarer encoding: decoding a UTF-8 line
    as GB18030 gives no error, only nonsense, so each line is classified first.
    """
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            before = data[: exc.start].decode("utf-16", errors="replace")
            raise fail("roll_encoding_unknown", line=before.count("\n") + 1) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    utf8_lines, other_lines = _classify(data.removeprefix(b"\xef\xbb\xbf").split(b"\n"))
    if data.startswith(b"\xef\xbb\xbf"):
        utf8_lines.insert(0, 1)  # the BOM says the writer meant UTF-8
    if utf8_lines:
        minority = other_lines if len(other_lines) <= len(utf8_lines) else utf8_lines
        raise fail("roll_encoding_mixed", line=minority[0])
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise fail("roll_encoding_unknown", line=data[: exc.start].count(b"\n") + 1) from None


def _classify(lines: list[bytes]) -> tuple[list[int], list[int]]:
    """Line numbers of non-ASCII lines that are valid UTF-8, and of those that are not."""
    utf8, other = [], []
    for number, line in enumerate(lines, 1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8.append(number)
        except UnicodeDecodeError:
            other.append(number)
    return utf8, other
