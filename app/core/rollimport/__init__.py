"""Roster import: CSV (UTF-8, BOM, GBK/GB18030), XLSX, XLS and ODS into previewed MemberRecords, all or nothing."""
# table = read_table(path)          -> UserFacingError if the file cannot be read at all
# p = preview_table(table, mapping=None, default_status=None, existing_names=(), today=None)
#     p.mapping, p.rows, p.errors (RowError), p.file_errors (FileError), p.ok
# import_members(path, ...) or p.members() -> list[MemberRecord], else UserFacingError("roll_import_failed")
#
# Dates: Excel date cells, or text 1975-03-02, 1975/3/2, 1975.3.2, 19750302, 1975年3月2日, and the
# month-only forms 1975.03, 1975.3, 1975-03, 1975年3月, 197503, which mean the first day of that month.
# Year-only and day-first forms are refused. A number cell 1975.1 is refused as ambiguous (Excel turns
# a typed "1975.10" into 1975.1). An empty status is an error unless default_status is given.
from app.core.rollimport.check import (
    FileError, ImportPreview, RowError, import_members, preview, preview_table,
)
from app.core.rollimport.mapping import FIELD_LABELS, FIELDS, SYNONYMS, guess_mapping
from app.core.rollimport.table import SheetRow, Table, read_table
from app.core.rollimport.texts import MESSAGES
from app.core.rollimport.values import parse_date, parse_sex, parse_status

__all__ = [
    "FIELD_LABELS", "FIELDS", "MESSAGES", "SYNONYMS", "FileError", "ImportPreview", "RowError", "SheetRow", "Table",
    "guess_mapping", "import_members", "parse_date", "parse_sex", "parse_status", "preview", "preview_table",
    "read_table",
]
