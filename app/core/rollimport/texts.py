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
    # where a row problem is: the spreadsheet row, and the roll's own 序号 when it has one
    "roll_at_row": N_("row {row}"),
    "roll_at_row_serial": N_("row {row} (No. {serial})"),
    "roll_row_problem": N_("{where}: {problem}"),
    # a row refused: name and membership status decide rights (R2.1), so they must be right
    "roll_missing_name": N_("the name is empty but the row has other data"),
    "roll_hidden_characters": N_('"{value}" contains {what}: correct the name in the file'),
    "roll_bad_name": N_('"{value}" does not look like a name (a number, question marks or signs): correct it in the file'),
    "roll_duplicate_name": N_('"{name}" also appears in {others} with other data: two members with one name cannot be told apart on a ballot; write each name so it is unique'),
    "roll_name_exists": N_('"{name}" is already on the roll'),
    "roll_missing_status": N_("the membership status is empty"),
    "roll_unknown_status": N_('unknown membership status "{value}" (use 正式党员, 预备党员, 留党察看 or 停止党员权利)'),
    # a warning: the row is imported, the operator reviews the field on the roll page
    "roll_repeated_row": N_("repeats {first} exactly: imported once"),
    "roll_unknown_sex": N_('unknown sex "{value}" (use 男 or 女): left empty'),
    "roll_bad_date": N_('"{value}" in column "{column}" is not a date: left empty (write e.g. 1975-03-02 or 1975年3月)'),
    "roll_ambiguous_date": N_('{value} in column "{column}" may be {first} or {second} (Excel turns a typed 1975.10 into 1975.1): left empty until you choose'),
    "roll_implausible_date": N_('"{value}" in column "{column}" is before 1900: left empty'),
    "roll_future_date": N_('"{value}" in column "{column}" is after today: left empty'),
    "roll_joined_before_birth": N_("the date of joining the Party ({joined}) is before the birth date ({birth})"),
    "roll_joined_under_18": N_("the date of joining the Party ({joined}) is before the 18th birthday (born {birth})"),
    # a proposal from the remark: applied only when the operator confirms it on the roll page
    "roll_propose_status": N_('the remark "{remark}" suggests the status "{status}": confirm it on the roll page'),
    "roll_propose_exclusion": N_('the remark "{remark}" suggests leaving the member out of the expected count ({reason}, R2.3): confirm the request on the roll page, then record both approvals'),
    # the roll page's member editor (a UserFacingError each)
    "roll_edit_bad_name": N_('"{value}" does not look like a name (a number, question marks or signs)'),
    "roll_edit_bad_date": N_('"{value}" is not a date for "{field}" (write e.g. 1975-03-02 or 1975年3月)'),
    "roll_edit_date_range": N_('"{value}" for "{field}" is before 1900 or after today'),
    "roll_edit_bad_sex": N_('Unknown sex "{value}" (use 男 or 女)'),
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
