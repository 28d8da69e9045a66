"""Reason codes and English msgids of the roster import, rendered through the shared catalogue."""
from __future__ import annotations

from typing import Any

from app.core import messages
from app.core.errors import UserFacingError
from app.core.i18n import N_, _

MESSAGES: dict[str, str] = {
    # the file as a whole: raised by read_table, since no preview can be shown
    "roll_file_unreadable": N_('Cannot read "{file}": {reason}'),
    "roll_unsupported_format": N_('"{file}" is not a spreadsheet: use CSV, XLSX or XLS'),
    "roll_web_page": N_('"{file}" is a web page or XML file with a spreadsheet name: open it in Excel or WPS and save it as .xlsx'),
    "roll_password": N_('"{file}" is protected by a password: remove the password and save it again'),
    "roll_encoding_mixed": N_("Line {line} is in a different text encoding from the rest of the file (UTF-8 mixed with GBK): save the file again as UTF-8 CSV"),
    "roll_encoding_unknown": N_("Line {line} is neither UTF-8 nor GBK/GB18030 text: save the file again as UTF-8 CSV"),
    "roll_empty_file": N_('"{file}" contains no data'),
    "roll_no_sheet": N_('"{file}" has no sheet named "{sheet}"'),
    "roll_too_many_rows": N_('"{file}" has more than {limit} rows: is this the member roll?'),
    # the mapping: shown in the preview so the user can pick the column by hand
    "roll_missing_column": N_('No column for "{field}" was found (expected a header such as {examples})'),
    "roll_no_rows": N_("The file has a header row but no members"),
    # one row
    "roll_missing_name": N_("Row {row}: the name is empty but the row has other data"),
    "roll_duplicate_name": N_('Row {row}: "{name}" already appears in row {first}'),
    "roll_name_exists": N_('Row {row}: "{name}" is already on the roll'),
    "roll_missing_status": N_("Row {row}: the status is empty"),
    "roll_unknown_status": N_('Row {row}: unknown status "{value}"'),
    "roll_unknown_sex": N_('Row {row}: unknown sex "{value}" (use 男 or 女)'),
    "roll_bad_date": N_('Row {row}: "{value}" in column "{column}" is not a date (write e.g. 1975-03-02 or 1975年3月)'),
    "roll_ambiguous_date": N_('Row {row}: {value} in column "{column}" may be January or October: type the date as text, e.g. 1975.10'),
    "roll_implausible_date": N_('Row {row}: "{value}" in column "{column}" is before 1900'),
    "roll_future_date": N_('Row {row}: "{value}" in column "{column}" is after today'),
    "roll_joined_before_birth": N_("Row {row}: the date of joining the Party ({joined}) is before the birth date ({birth})"),
    # import_members
    "roll_import_failed": N_('Nothing was imported from "{file}": {count} problem(s) to fix first:\n{details}'),
    "roll_more_problems": N_("… and {count} more"),
}

# Register once so app.core.messages.message(code, **params) renders our UserFacingError codes too.
if not set(MESSAGES) <= set(messages.MESSAGES):
    messages.register(MESSAGES)


def render(code: str, **params: Any) -> str:
    """The sentence for ``code`` in the current language."""
    return _(MESSAGES[code]).format(**params)


def fail(code: str, **params: Any) -> UserFacingError:
    """A UserFacingError carrying ``code``, its parameters and the rendered sentence."""
    return UserFacingError(code, render(code, **params), **params)
