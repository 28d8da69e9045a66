"""Preview a roster Table as MemberRecords with per-row errors; import all or nothing."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from app.core.models import MemberRecord
from app.core.i18n import _
from app.core.rollimport.mapping import FIELD_LABELS, SYNONYMS, check_mapping, guess_mapping
from app.core.rollimport.table import Cell, Table, read_table
from app.core.rollimport.texts import fail, render
from app.core.rollimport.values import BadValue, cell_text, clean_name, parse_date, parse_sex, parse_status
from app.core.rules.model import MemberStatus

T = TypeVar("T")
MAX_LISTED = 20  # problems spelled out in the import error; the preview keeps them all
EARLIEST = date(1900, 1, 1)  # before this a date is a typo or Excel's zero day (1899-12-30)


@dataclass(frozen=True)
class RowError:
    """A problem in one row; ``row_number`` as the spreadsheet shows it (the header is usually row 1)."""

    row_number: int
    column: str | None  # the field, e.g. "birth_date"; None when it concerns the row as a whole
    code: str
    message: str


@dataclass(frozen=True)
class FileError:
    """A problem of the whole file that the user can fix in the preview (e.g. pick the name column)."""

    code: str
    message: str
    column: str | None = None


@dataclass(frozen=True)
class ImportPreview:
    """What an import would give: the mapping used, the members (only if no errors), every problem."""

    table: Table
    mapping: dict[str, int]
    rows: tuple[MemberRecord, ...]
    errors: tuple[RowError, ...] = ()
    file_errors: tuple[FileError, ...] = ()
    row_count: int = 0  # data rows read; fully empty rows are skipped and not counted

    @property
    def ok(self) -> bool:
        """True when the import would succeed."""
        return not self.errors and not self.file_errors

    def members(self) -> list[MemberRecord]:
        """The members, or a UserFacingError listing the count and the first problems."""
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
    missing = _missing_columns(mapping, default)
    if missing:
        return ImportPreview(table, mapping, (), file_errors=missing)
    checker = _RowChecker(table, mapping, default, existing_names, today or date.today())
    members = [m for m in (checker.check(row.number, row.cells) for row in table.rows) if m is not None]
    no_rows = () if checker.count else (FileError("roll_no_rows", render("roll_no_rows")),)
    errors = tuple(checker.errors)
    ok = not errors and not no_rows
    return ImportPreview(table, mapping, tuple(members) if ok else (), errors, no_rows, checker.count)


def _missing_columns(mapping: dict[str, int], default: MemberStatus | None) -> tuple[FileError, ...]:
    required = ["name"] + (["status"] if default is None else [])
    return tuple(
        FileError("roll_missing_column", render("roll_missing_column", field=_(FIELD_LABELS[f]), examples=_examples(f)), f)
        for f in required if f not in mapping
    )


def _examples(field_name: str) -> str:
    return " / ".join(f'"{s}"' for s in SYNONYMS[field_name][:3])


class _RowChecker:
    """Turns rows into MemberRecords, collecting errors and remembering names for duplicates."""

    def __init__(self, table: Table, mapping: dict[str, int], default: MemberStatus | None,
                 existing: Iterable[str], today: date) -> None:
        self.columns = list(mapping.items())
        self.headers = {f: (table.headers[i] if i < len(table.headers) and table.headers[i] else f)
                        for f, i in mapping.items()}
        self.default = default
        self.existing = {clean_name(n) for n in existing}
        self.today = today
        self.seen: dict[str, int] = {}
        self.errors: list[RowError] = []
        self.count = 0

    def check(self, number: int, cells: tuple[Cell, ...]) -> MemberRecord | None:
        """The member in this row; None if the row is empty (unmapped columns like 序号 don't count) or bad."""
        values = {f: cells[i] if i < len(cells) else None for f, i in self.columns}
        if all(v is None for v in values.values()):
            return None
        self.count += 1
        before = len(self.errors)
        name = self._name(number, values.get("name"))
        status = self._status(number, values.get("status"))
        sex = self._parse(number, "sex", values.get("sex"), parse_sex)
        birth = self._date(number, "birth_date", values.get("birth_date"))
        joined = self._date(number, "joined_date", values.get("joined_date"))
        if birth and joined and joined < birth:
            self._error(number, "joined_date", "roll_joined_before_birth", joined=joined, birth=birth)
        if len(self.errors) > before:
            return None
        return MemberRecord(
            name=name, status=status, sex=sex, birth_date=birth, joined_date=joined,
            ethnicity=cell_text(values.get("ethnicity")), education=cell_text(values.get("education")),
            post=cell_text(values.get("post")), remarks=cell_text(values.get("remarks")),
        )

    def _error(self, number: int, field_name: str | None, code: str, **params: object) -> None:
        self.errors.append(RowError(number, field_name, code, render(code, row=number, **params)))

    def _name(self, number: int, value: Cell) -> str:
        name = clean_name(cell_text(value) or "")
        if not name:
            self._error(number, "name", "roll_missing_name")
        elif name in self.seen:
            self._error(number, "name", "roll_duplicate_name", name=name, first=self.seen[name])
        elif name in self.existing:
            self._error(number, "name", "roll_name_exists", name=name)
        else:
            self.seen[name] = number
        return name

    def _status(self, number: int, value: Cell) -> MemberStatus:
        if cell_text(value) is None:
            if self.default is None:
                self._error(number, "status", "roll_missing_status")
            return self.default or MemberStatus.FULL
        return self._parse(number, "status", value, parse_status) or MemberStatus.FULL

    def _parse(self, number: int, column: str, value: Cell, parse: Callable[[str], T]) -> T | None:
        text = cell_text(value)
        if text is None:
            return None
        try:
            return parse(text)
        except BadValue as bad:
            self._error(number, column, bad.code, value=text)
            return None

    def _date(self, number: int, column: str, value: Cell) -> date | None:
        if value is None:
            return None
        shown = dict(value=cell_text(value), column=self.headers[column])
        try:
            day = parse_date(value)
        except BadValue as bad:
            self._error(number, column, bad.code, **shown)
            return None
        if day < EARLIEST or day > self.today:
            code = "roll_implausible_date" if day < EARLIEST else "roll_future_date"
            self._error(number, column, code, **shown)
            return None  # no second error (joined before birth) from a date already refused
        return day
