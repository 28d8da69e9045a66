"""Plain records shared by storage, import, reports and the GUI (no SQL, no Qt)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from app.core.rules.model import MemberStatus

RESTRICTIONS = (MemberStatus.LIUDANG_CHAKAN, MemberStatus.SUSPENDED)


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
    # R13.7: 留党察看 or suspension is a restriction on a full member, with dates (open ends when not known).
    restriction: MemberStatus | None = None
    restricted_from: date | None = None
    restricted_until: date | None = None

    def __post_init__(self) -> None:
        # A restricted "status" (the roll import's category, an older caller) is a full member with that restriction.
        if self.status in RESTRICTIONS:
            object.__setattr__(self, "restriction", MemberStatus(self.status))
            object.__setattr__(self, "status", MemberStatus.FULL)
        if self.restriction is not None:
            object.__setattr__(self, "restriction", MemberStatus(self.restriction))

    def standing_on(self, day: date | None = None) -> MemberStatus:
        """Probationary, the restriction in force on ``day`` (any recorded one when no day is given), or full."""
        if self.status == MemberStatus.PROBATIONARY or self.restriction is None:
            return MemberStatus(self.status)
        started = day is None or self.restricted_from is None or self.restricted_from <= day
        ongoing = day is None or self.restricted_until is None or day <= self.restricted_until
        return self.restriction if started and ongoing else MemberStatus.FULL

    def with_standing(self, standing: MemberStatus) -> "MemberRecord":
        """This member made full, probationary, or full under a restriction (its dates kept if it stays the same)."""
        if standing in RESTRICTIONS:
            same = self.restriction == standing
            return replace(self, status=MemberStatus.FULL, restriction=standing,
                           restricted_from=self.restricted_from if same else None,
                           restricted_until=self.restricted_until if same else None)
        return replace(self, status=standing, restriction=None, restricted_from=None, restricted_until=None)

    @property
    def standing(self) -> MemberStatus:
        """What the member's rights are as recorded (R2.1): full, probationary, or the restriction."""
        return self.standing_on(None)
