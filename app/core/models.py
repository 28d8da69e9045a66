"""Plain records shared by storage, import, reports and the GUI (no SQL, no Qt)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.core.rules.model import MemberStatus


@dataclass(frozen=True)
class MemberRecord:
    """One person on the member roll, as imported or edited (R2.1 status; data sheet fields of R4.5)."""

    name: str
    status: MemberStatus = MemberStatus.FULL
    sex: str | None = None  # "男" / "女"
    birth_date: date | None = None
    ethnicity: str | None = None
    joined_date: date | None = None  # date of joining the Party
    education: str | None = None
    post: str | None = None  # current job or post
    remarks: str | None = None
