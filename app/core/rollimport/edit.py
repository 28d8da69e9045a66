"""The roll page's member editor: typed texts -> a MemberRecord, with the import's value rules."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Mapping

from app.core.i18n import N_, _
from app.core.models import MemberRecord
from app.core.rollimport.mapping import FIELD_LABELS
from app.core.rollimport.texts import fail, render
from app.core.rollimport.values import (
    BadValue, clean_name, order_problem, parse_date, parse_sex, plausible_name,
)

EARLIEST = date(1900, 1, 1)
_TEXT_FIELDS = ("ethnicity", "education", "post", "remarks")


def edited_record(record: MemberRecord, texts: Mapping[str, str], today: date | None = None) -> MemberRecord:
    """``record`` with the fields given in ``texts`` (empty text empties the field); UserFacingError if one is bad."""
    changes: dict[str, object] = {}
    if "name" in texts:
        name = clean_name(texts["name"])
        if not plausible_name(name):
            raise fail("roll_edit_bad_name", value=texts["name"].strip())
        changes["name"] = name
    if "sex" in texts:
        changes["sex"] = _sex(texts["sex"].strip())
    for field in ("birth_date", "joined_date"):
        if field in texts:
            changes[field] = _date(field, texts[field].strip(), today or date.today())
    for field in _TEXT_FIELDS:
        if field in texts:
            changes[field] = texts[field].strip() or None
    for field in ("restricted_from", "restricted_until"):  # a restriction's dates (R13.7); none without one
        if field in texts and record.restriction is not None:
            changes[field] = _restriction_date(field, texts[field].strip())
    return replace(record, **changes)  # type: ignore[arg-type]


_RESTRICTION_LABELS = {"restricted_from": N_("restricted from"), "restricted_until": N_("restricted until")}


def _restriction_date(field: str, text: str) -> date | None:
    if not text:
        return None
    try:
        return parse_date(text)
    except BadValue:
        raise fail("roll_edit_bad_date", value=text, field=_(_RESTRICTION_LABELS[field])) from None


def _sex(text: str) -> str | None:
    if not text:
        return None
    try:
        return parse_sex(text)
    except BadValue:
        raise fail("roll_edit_bad_sex", value=text) from None


def _date(field: str, text: str, today: date) -> date | None:
    if not text:
        return None
    try:
        day = parse_date(text)
    except BadValue:
        raise fail("roll_edit_bad_date", value=text, field=_(FIELD_LABELS[field])) from None
    if not EARLIEST <= day <= today:
        raise fail("roll_edit_date_range", value=text, field=_(FIELD_LABELS[field]))
    return day


def record_warnings(record: MemberRecord) -> list[str]:
    """What still looks wrong in a member's dates (the import's order checks), as sentences."""
    code = order_problem(record.birth_date, record.joined_date)
    return [render(code, joined=record.joined_date, birth=record.birth_date)] if code else []
