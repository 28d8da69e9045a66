"""Preview a roster Table as MemberRecords with per-row errors; import all or nothing."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

from app.core.models import MemberRecord
from app.core.i18n import _
from app.core.textcheck import PROBLEMS, name_problem, shown
from app.core.rollimport.mapping import FIELD_LABELS, SYNONYMS, check_mapping, guess_mapping, normalize_header
from app.core.rollimport.table import Cell, Table, read_table
from app.core.rollimport.remarks import suggestions
from app.core.workflow.labels import EXCLUSION_REASONS, STATUSES
from app.core.rollimport.texts import fail, render
from app.core.rollimport.values import (
    BadValue, cell_text, clean_name, order_problem, parse_date, parse_sex, parse_status, plausible_name,
)
from app.core.rules.model import ExclusionReason, MemberStatus

T = TypeVar("T")
MAX_LISTED = 20  # problems spelled out in the import error; the preview keeps them all
EARLIEST = date(1900, 1, 1)  # before this a date is a typo or Excel's zero day (1899-12-30)


@dataclass(frozen=True)
class RowError:
    """A problem in one row: a refusal (``errors``) or a warning (``warnings``) of an ImportPreview.

    ``row_number`` as the spreadsheet shows it (the header is usually row 1); ``serial`` the roll's own 序号.
    """

    row_number: int
    column: str | None  # the field, e.g. "birth_date"; None when it concerns the row as a whole
    code: str
    message: str
    serial: str | None = None
    name: str | None = None  # the member's name, to find the imported member again
    choices: tuple[date, ...] = ()  # the dates an ambiguous cell may mean (1963.1: January or October)


@dataclass(frozen=True)
class Proposal:
    """What a row's remark suggests (a restriction or an exclusion request); applied only when confirmed."""

    row_number: int
    serial: str | None
    name: str
    remark: str
    status: MemberStatus | None  # the restriction suggested, or None
    reason: ExclusionReason | None  # the exclusion reason suggested (R2.3), or None
    message: str


@dataclass(frozen=True)
class FileError:
    """A problem of the whole file that the user can fix in the preview (e.g. pick the name column)."""

    code: str
    message: str
    column: str | None = None


@dataclass(frozen=True)
class ImportPreview:
    """What an import would give: members of the rows not refused, refusals, warnings and remark proposals."""

    table: Table
    mapping: dict[str, int]
    rows: tuple[MemberRecord, ...]  # the members of every row not refused (none when the file itself is wrong)
    errors: tuple[RowError, ...] = ()  # refused rows: name or status wrong, duplicates
    file_errors: tuple[FileError, ...] = ()
    row_count: int = 0  # data rows read; empty rows and 合计 rows are not counted
    warnings: tuple[RowError, ...] = ()  # imported, to review: dates, sex, repeated rows
    proposals: tuple[Proposal, ...] = ()
    empty_rows: int = 0  # empty rows between the header and the last row, skipped
    total_rows: tuple[int, ...] = ()  # 合计 / 制表人 / 注： rows and repeated headers, skipped

    @property
    def ok(self) -> bool:
        """True when every row can be imported (no refusal, no file problem)."""
        return not self.errors and not self.file_errors

    @property
    def importable(self) -> bool:
        """True when some members can be imported; refused rows are then left out."""
        return not self.file_errors and bool(self.rows)

    @property
    def refused_rows(self) -> tuple[int, ...]:
        """The spreadsheet rows refused, in order."""
        return tuple(sorted({e.row_number for e in self.errors}))

    def members(self) -> list[MemberRecord]:
        """Every member, or a UserFacingError listing the count and the first problems (all or nothing)."""
        if self.ok:
            return list(self.rows)
        messages = [e.message for e in self.file_errors] + [e.message for e in self.errors]
        details = messages[:MAX_LISTED]
        if len(messages) > MAX_LISTED:
            details.append(render("roll_more_problems", count=len(messages) - MAX_LISTED))
        raise fail("roll_import_failed", file=self.table.path.name, count=len(messages), details="\n".join(details))


def preview(path: str | Path, mapping: dict[str, int] | None = None, default_status: MemberStatus | str | None = None,
            *, existing_names: Iterable[str] = (), today: date | None = None, sheet: str | None = None) -> ImportPreview:
    """Read ``path`` and check every row; unreadable files raise UserFacingError."""
    table = read_table(path, sheet)
    return preview_table(table, mapping, default_status, existing_names=existing_names, today=today)


def import_members(path: str | Path, mapping: dict[str, int] | None = None,
                   default_status: MemberStatus | str | None = None, *, existing_names: Iterable[str] = (),
                   today: date | None = None, sheet: str | None = None) -> list[MemberRecord]:
    """All members of ``path``, or UserFacingError("roll_import_failed") if any row is bad."""
    return preview(path, mapping, default_status, existing_names=existing_names, today=today, sheet=sheet).members()


def preview_table(table: Table, mapping: dict[str, int] | None = None,
                  default_status: MemberStatus | str | None = None, *, existing_names: Iterable[str] = (),
                  today: date | None = None) -> ImportPreview:
    """Check ``table`` under ``mapping`` (guessed from the headers if None); the GUI re-maps without re-reading."""
    width = max([len(table.headers)] + [len(r.cells) for r in table.rows])
    mapping = guess_mapping(table.headers) if mapping is None else check_mapping(mapping, width)
    default = MemberStatus(default_status) if default_status is not None else None
    empty = _empty_rows(table)
    missing = _missing_columns(mapping, default)
    if missing:
        return ImportPreview(table, mapping, (), file_errors=missing, empty_rows=empty)
    checker = _RowChecker(table, mapping, default, today or date.today())
    checked = [checker.check(row.number, row.cells) for row in table.rows]
    results = [r for r in checked if r is not None]
    _duplicates(results, {clean_name(n) for n in existing_names})
    accepted = [r for r in results if not r.errors and not r.repeat]
    no_rows = () if results else (FileError("roll_no_rows", render("roll_no_rows")),)
    return ImportPreview(
        table, mapping, tuple(r.record for r in accepted if r.record) if not no_rows else (),
        tuple(e for r in results for e in r.errors), no_rows, len(results),
        tuple(w for r in results for w in r.warnings), tuple(p for r in accepted for p in _proposals(r)),
        empty + checker.blank, tuple(checker.totals),
    )


def _empty_rows(table: Table) -> int:
    """Empty rows between the header and the last row (the reader drops them; their numbers show the gaps)."""
    numbers = [table.header_row] + [r.number for r in table.rows]
    return sum(b - a - 1 for a, b in zip(numbers, numbers[1:]))


def _missing_columns(mapping: dict[str, int], default: MemberStatus | None) -> tuple[FileError, ...]:
    required = ["name"] + (["status"] if default is None else [])
    return tuple(
        FileError("roll_missing_column", render("roll_missing_column", field=_(FIELD_LABELS[f]), examples=_examples(f)), f)
        for f in required if f not in mapping
    )


def _examples(field_name: str) -> str:
    return " / ".join(f'"{s}"' for s in SYNONYMS[field_name][:3])


def where(row: int, serial: str | None) -> str:
    """ "row 5" or "row 5 (No. 4)": the spreadsheet row and the roll's own 序号 when it differs."""
    if serial and serial != str(row):
        return render("roll_at_row_serial", row=row, serial=serial)
    return render("roll_at_row", row=row)


def _line(row: int, serial: str | None, code: str, **params: object) -> str:
    at = where(row, serial)
    return render("roll_row_problem", where=at[:1].upper() + at[1:], problem=render(code, **params))


@dataclass
class _Row:
    """One data row as checked: its member (if name and status are right), refusals, warnings."""

    number: int
    serial: str | None
    name: str
    record: MemberRecord | None = None
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    repeat: bool = False  # an exact repeat of an earlier row: warned, imported once

    def refuse(self, field_name: str | None, code: str, **params: object) -> None:
        message = _line(self.number, self.serial, code, **params)
        self.errors.append(RowError(self.number, field_name, code, message, self.serial, self.name or None))

    def warn(self, field_name: str | None, code: str, *, choices: tuple[date, ...] = (), **params: object) -> None:
        message = _line(self.number, self.serial, code, **params)
        self.warnings.append(RowError(self.number, field_name, code, message, self.serial, self.name or None, choices))


def _duplicates(rows: list[_Row], existing: set[str]) -> None:
    """Refuse every row of a name given twice with different data and names on the roll; warn on exact repeats."""
    by_name: dict[str, list[_Row]] = {}
    for r in rows:
        if r.name:
            by_name.setdefault(r.name, []).append(r)
    for name, same in by_name.items():
        if name in existing:
            for r in same:
                r.refuse("name", "roll_name_exists", name=name)
            continue
        if len(same) < 2:
            continue
        if all(r.record is not None and r.record == same[0].record for r in same):
            for r in same[1:]:
                r.repeat = True
                r.warnings.clear()  # its warnings are the first row's, which is the one imported
                r.warn(None, "roll_repeated_row", first=where(same[0].number, same[0].serial))
            continue
        for r in same:
            others = "、".join(where(o.number, o.serial) for o in same if o is not r)
            r.refuse("name", "roll_duplicate_name", name=name, others=others)
    for r in rows:
        r.errors.sort(key=lambda e: e.column != "name")  # the name first, as the row reads; stable otherwise


def _proposals(row: _Row) -> list[Proposal]:
    rec = row.record
    if rec is None or not rec.remarks:
        return []
    out = []
    for s in suggestions(rec.remarks, rec.standing):
        if s.status is not None:
            message = _line(row.number, row.serial, "roll_propose_status", remark=rec.remarks,
                            status=_(STATUSES[s.status.value]))
        else:
            assert s.reason is not None
            message = _line(row.number, row.serial, "roll_propose_exclusion", remark=rec.remarks,
                            reason=_(EXCLUSION_REASONS[s.reason.value]))
        out.append(Proposal(row.number, row.serial, rec.name, rec.remarks, s.status, s.reason, message))
    return out


# Rows below the members: totals, signatures, notes ("合计", "制表人：", "注：").
_TOTAL = re.compile(r"(合计|总计|小计|共计|统计|制表|填表|审核|负责人|填报|(注|备注|说明)[:：])")


class _RowChecker:
    """Turns rows into _Rows: refusals for name and status, warnings for every other field."""

    def __init__(self, table: Table, mapping: dict[str, int], default: MemberStatus | None, today: date) -> None:
        self.columns = [(f, i) for f, i in mapping.items() if f != "serial"]
        self.serial_column = mapping.get("serial")
        self.headers = {f: (table.headers[i] if i < len(table.headers) and table.headers[i] else f)
                        for f, i in mapping.items()}
        self.default = default
        self.today = today
        self.csv = table.format == "csv"  # Excel writes a number cell 1963.1 into a CSV as the text "1963.1"
        self.blank = 0  # rows with only a 序号
        self.totals: list[int] = []
        self.header = [normalize_header(h) for h in table.headers]

    def check(self, number: int, cells: tuple[Cell, ...]) -> _Row | None:
        """The checked row; None if it is empty (a lone 序号 doesn't count) or a 合计 / signature row."""
        first = next((cell_text(c) for c in cells if cell_text(c) is not None), "")
        if _TOTAL.match(re.sub(r"\s+", "", first or "")) or self._repeated_header(cells):
            self.totals.append(number)
            return None
        values = {f: cells[i] if i < len(cells) else None for f, i in self.columns}
        if all(v is None for v in values.values()):
            self.blank += 1
            return None
        at = self.serial_column
        serial = cell_text(cells[at]) if at is not None and at < len(cells) else None
        row = _Row(number, serial, clean_name(cell_text(values.get("name")) or ""))
        self._name(row, values.get("name"))
        status = self._status(row, values.get("status"))
        sex = self._parse(row, "sex", values.get("sex"), parse_sex)
        birth = self._date(row, "birth_date", values.get("birth_date"))
        joined = self._date(row, "joined_date", values.get("joined_date"))
        order = order_problem(birth, joined)
        if order:
            row.warn("joined_date", order, joined=joined, birth=birth)
        if row.errors or status is None:
            return row
        row.record = MemberRecord(
            name=row.name, status=status, sex=sex, birth_date=birth, joined_date=joined,
            ethnicity=cell_text(values.get("ethnicity")), education=cell_text(values.get("education")),
            post=cell_text(values.get("post")), remarks=cell_text(values.get("remarks")),
        )
        return row

    def _repeated_header(self, cells: tuple[Cell, ...]) -> bool:
        """A roll printed page by page repeats its header row."""
        return [normalize_header(c) for c in cells[:len(self.header)]] == self.header[:len(cells)]

    def _name(self, row: _Row, value: Cell) -> None:
        if not row.name:
            row.refuse("name", "roll_missing_name")
        elif (problem := name_problem(raw := (cell_text(value) or "").strip())) is not None:  # app.core.textcheck
            row.refuse("name", "roll_hidden_characters", value=shown(raw), what=_(PROBLEMS[problem]))
            row.name = ""
        elif not plausible_name(row.name):
            row.refuse("name", "roll_bad_name", value=row.name)
            row.name = ""  # not a name: no duplicate check on it

    def _status(self, row: _Row, value: Cell) -> MemberStatus | None:
        text = cell_text(value)
        if text is None:
            if self.default is None:
                row.refuse("status", "roll_missing_status")
            return self.default
        try:
            return parse_status(text)
        except BadValue as bad:
            row.refuse("status", bad.code, value=text)
            return None

    def _parse(self, row: _Row, column: str, value: Cell, parse: Callable[[str], T]) -> T | None:
        text = cell_text(value)
        if text is None:
            return None
        try:
            return parse(text)
        except BadValue as bad:
            row.warn(column, bad.code, value=text)
            return None

    def _date(self, row: _Row, column: str, value: Cell) -> date | None:
        if value is None:
            return None
        shown: dict[str, Any] = dict(value=cell_text(value), column=self.headers[column])
        try:
            day = parse_date(value, text_may_be_number=self.csv)
        except BadValue as bad:
            months = [f"{c.year}-{c.month:02d}" for c in bad.choices]  # 1963.1: "1963-01" or "1963-10"
            shown.update(zip(("first", "second"), months))
            row.warn(column, bad.code, choices=bad.choices, **shown)
            return None
        if day < EARLIEST or day > self.today:
            code = "roll_implausible_date" if day < EARLIEST else "roll_future_date"
            row.warn(column, code, **shown)
            return None  # no second warning (joined before birth) from a date already set aside
        return day
