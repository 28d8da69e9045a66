"""Cell values -> roll values: dates in Chinese office forms, status (R2.1), sex and names."""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from app.core.rules.model import MemberStatus


class BadValue(ValueError):
    """A cell that cannot become a roll value; ``code`` names the problem, ``choices`` the dates it may mean."""

    def __init__(self, code: str, choices: tuple[date, ...] = ()) -> None:
        self.code = code
        self.choices = choices
        super().__init__(code)


# Values compared after width folding, case folding and removing spaces.
STATUS_WORDS: dict[str, MemberStatus] = {
    **dict.fromkeys(("正式党员", "正式", "full", "fullmember", "regular"), MemberStatus.FULL),
    **dict.fromkeys(("预备党员", "预备", "probationary", "probationarymember"), MemberStatus.PROBATIONARY),
    **dict.fromkeys(
        ("留党察看", "留党察看一年", "留党察看二年", "留党察看两年", "留党察看期间",
         "liudang_chakan", "liudangchakan", "probationwithintheparty"),
        MemberStatus.LIUDANG_CHAKAN,
    ),
    # R2.1 (2020 Art. 5): rights suspended, including members held in detention (留置) or arrested (逮捕).
    **dict.fromkeys(
        ("停止党籍", "中止", "暂停", "留置", "逮捕", "被留置", "被逮捕", "中止党员权利", "暂停党员权利",
         "suspended", "rightssuspended", "detained", "arrested"),
        MemberStatus.SUSPENDED,
    ),
}
SEX_WORDS = {
    **dict.fromkeys(("男", "男性", "m", "male"), "男"),
    **dict.fromkeys(("女", "女性", "f", "female"), "女"),
}


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


# "正式党员（留党察看）": a full member under a restriction; any other addition leaves the status unclear.
_RESTRICTED = re.compile(r"(?:正式党员|正式)[(（](?P<inner>[^)）]+)[)）]")


def parse_status(text: str) -> MemberStatus:
    """The status a cell names, or BadValue("roll_unknown_status")."""
    folded = _fold(text)
    if folded in STATUS_WORDS:
        return STATUS_WORDS[folded]
    match = _RESTRICTED.fullmatch(folded)
    inner = STATUS_WORDS.get(match["inner"]) if match else None
    if inner in (MemberStatus.LIUDANG_CHAKAN, MemberStatus.SUSPENDED):
        return inner
    raise BadValue("roll_unknown_status")


def parse_sex(text: str) -> str:
    """"男" or "女", or BadValue("roll_unknown_sex")."""
    try:
        return SEX_WORDS[_fold(text)]
    except KeyError:
        raise BadValue("roll_unknown_sex") from None


# Question marks and replacement characters are what a lost encoding leaves; a name has at least one letter.
_NOT_IN_NAMES = re.compile(r"[?？\ufffd#@*/\\|<>=+]")


def plausible_name(name: str) -> bool:
    """False for cells that are no name: "???" from a broken encoding, numbers, signs."""
    has_letter = any(unicodedata.category(c).startswith("L") for c in name)
    return has_letter and len(name) <= 40 and not _NOT_IN_NAMES.search(name)


def clean_name(text: str) -> str:
    """The name without padding: Chinese rosters pad two-character names ("王　五") to align columns."""
    words = text.split()
    if any("a" <= c.casefold() <= "z" for c in text):
        return " ".join(words)  # Latin names keep one space between words
    return "".join(words)


# Text dates. Month precision ("1975.03", "1975年3月", "197503") means the first day of that month.
_TIME = r"(?:T?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DATE_FORMS = (
    re.compile(r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?:(?P=sep)(?P<d>\d{1,2}))?" + _TIME),
    re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日?)?"),
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})?"),
)


def parse_date(value: object, text_may_be_number: bool = False) -> date:
    """A date from an Excel cell or from text; BadValue("roll_bad_date" / "roll_ambiguous_date") if not.

    ``text_may_be_number``: the text came from a CSV, where Excel wrote a number cell 1975.1 as "1975.1".
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise BadValue("roll_bad_date")
    if isinstance(value, float):
        return _number_date(value)
    if isinstance(value, int):
        return _text_date(str(value))
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))
    if text_may_be_number and _AMBIGUOUS.fullmatch(text):
        raise _ambiguous(int(text[:4]))
    return _text_date(text)


_AMBIGUOUS = re.compile(r"\d{4}\.1")


def _ambiguous(year: int) -> BadValue:
    return BadValue("roll_ambiguous_date", (date(year, 1, 1), date(year, 10, 1)))


def _number_date(value: float) -> date:
    if value.is_integer():
        return _text_date(str(int(value)))
    # Excel stores a typed "1975.10" as the number 1975.1: January and October look the same.
    text = repr(value)
    year, _, month = text.partition(".")
    if month == "1":
        raise _ambiguous(int(year)) if year.isdigit() and len(year) == 4 else BadValue("roll_bad_date")
    return _text_date(f"{year}.{month}")


def _text_date(text: str) -> date:
    for form in _DATE_FORMS:
        match = form.fullmatch(text)
        if match:
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"] or 1))
            except ValueError:
                break
    raise BadValue("roll_bad_date")


def cell_text(value: object) -> str | None:
    """A cell as text for the plain fields (ethnicity, post, …); None when empty."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # calamine reads every number as float: 3.0 is "3"
    elif isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def order_problem(birth: date | None, joined: date | None) -> str | None:
    """"roll_joined_before_birth" or "roll_joined_under_18" (month precision: the same month passes), or None."""
    if birth is None or joined is None:
        return None
    if joined < birth:
        return "roll_joined_before_birth"
    if (joined.year, joined.month) < (birth.year + 18, birth.month):
        return "roll_joined_under_18"
    return None
