"""Roster import: CSV (UTF-8, BOM, GBK/GB18030), XLSX, XLS and ODS into previewed MemberRecords; bad rows named."""
# table = read_table(path)          -> UserFacingError if the file cannot be read at all
# p = preview_table(table, mapping=None, default_status=None, existing_names=(), today=None)
#     p.mapping, p.rows (members of the rows not refused), p.errors (refused rows), p.warnings (imported, to
#     review), p.proposals (remark suggestions to confirm), p.file_errors, p.ok (nothing refused), p.importable
# import_members(path, ...) or p.members() -> all members, else UserFacingError("roll_import_failed") (headless)
# is_resolved(warning_or_proposal, member_now, exclusion_requested) -> the roll page's review list
# edited_record(record, texts) -> the record with the roll page's edited fields (UserFacingError if a value is bad)
#
# Refused rows: an empty or implausible name, a name given twice with different data or already on the roll, an
# empty or unknown membership status. Every other field imports with a warning (the field left empty if unreadable).
#
# Dates: Excel date cells, or text 1975-03-02, 1975/3/2, 1975.3.2, 19750302, 1975年3月2日, and the
# month-only forms 1975.03, 1975.3, 1975-03, 1975年3月, 197503, which mean the first day of that month.
# Year-only and day-first forms are warned about. A number cell 1975.1 (or "1975.1" in a CSV) is ambiguous
# (Excel turns a typed "1975.10" into 1975.1): warned, with both months offered. An empty status is refused
# unless default_status is given.
from app.core.rollimport.check import (
    FileError, ImportPreview, Proposal, RowError, import_members, preview, preview_table, where,
)
from app.core.rollimport.edit import edited_record, record_warnings
from app.core.rollimport.mapping import FIELD_LABELS, FIELDS, SYNONYMS, guess_mapping
from app.core.rollimport.review import is_resolved
from app.core.rollimport.table import SheetRow, Table, read_table
from app.core.rollimport.texts import MESSAGES
from app.core.rollimport.values import parse_date, parse_sex, parse_status

__all__ = [
    "FIELD_LABELS", "FIELDS", "MESSAGES", "SYNONYMS", "FileError", "ImportPreview", "Proposal", "RowError", "SheetRow",
    "Table", "edited_record", "guess_mapping", "import_members", "is_resolved", "parse_date", "parse_sex",
    "parse_status", "preview", "preview_table", "read_table", "record_warnings", "where",
]
