"""Sizes and terms of bodies (R1.4, R1.5, R1.1, R13.5) and simple majorities: meeting decisions (R4.7, R9.4)."""
from __future__ import annotations

from datetime import date

BRANCH_COMMITTEE_FULL_MEMBERS = 7  # R1.4: a branch elects a committee once it has 7 or more full members
BRANCH_COMMITTEE_MIN = 3  # R1.4: a branch committee has 3 to 5 members (normally no more than 7)


def branch_has_committee(full_members: int) -> bool:
    """R1.4: with fewer than 7 full members a branch elects only a secretary (and deputy)."""
    return full_members >= BRANCH_COMMITTEE_FULL_MEMBERS


def is_majority(votes: int, of: int) -> bool:
    """More than half (exactly half is not enough): adopting the method (R4.7), consenting to fewer seats (R9.4)."""
    return 2 * votes > of


BRANCH_COMMITTEE_MAX = 7  # R1.4: normally no more than 7


def branch_committee_size_ok(seats: int) -> bool:
    """R1.4: a branch committee has 3 to 5 members, normally no more than 7."""
    return BRANCH_COMMITTEE_MIN <= seats <= BRANCH_COMMITTEE_MAX


# R1.4 by kind of organization: (minimum, normal maximum, maximum) committee members. Branch firm [S30];
# general branch 5-7, at most 9, and Party committee 5-9: practice [S31].
LARGE_UNIT_MAX = 99  # a large unit's Party committee (congress, standing committee): no figure in the sources
COMMITTEE_SIZES = {"branch": (3, 5, 7), "general_branch": (5, 7, 9), "party_committee": (5, 9, 9)}
# R1.5: village and community branches 5 years, other branches and general branches 3; Party committees 5.
TERM_YEARS_COMMUNITY = 5
TERM_YEARS_BRANCH = 3
TERM_YEARS_PARTY_COMMITTEE = 5
MAX_SHIFT_DAYS = 366  # R1.1: the date moves by no more than a year, with the higher level's approval
FREE_SHIFT_DAYS = 92  # held within three months of the term's end needs no approval (practice: request 1-2 months ahead)


def committee_size(kind: str | None) -> tuple[int, int, int] | None:
    """(minimum, normal maximum, maximum) members of a kind's committee, or None (no committee or not known)."""
    return COMMITTEE_SIZES.get(kind or "")


def size_allowed(kind: str | None, seats: int) -> bool:
    """R1.4 / R13.5: a committee's seats within its kind's range."""
    size = committee_size(kind)
    return size is None or size[0] <= seats <= size[2]


def term_years_for(kind: str | None, level: str | None) -> int | None:
    """R1.5: the term of a kind of organization (village and community branches 5 years), None if not known."""
    if kind == "party_committee":
        return TERM_YEARS_PARTY_COMMITTEE
    if kind in ("branch", "general_branch", "branch_no_committee"):
        community = any(w in (level or "") for w in ("村", "社区", "village", "community"))
        return TERM_YEARS_COMMUNITY if community else TERM_YEARS_BRANCH
    return None


def shift_days(term_started: date, years: int, meeting: date) -> int:
    """Days the meeting is held after (positive) or before (negative) the end of the term (R1.1)."""
    try:
        due = term_started.replace(year=term_started.year + years)
    except ValueError:  # 29 February
        due = term_started.replace(year=term_started.year + years, day=28)
    return (meeting - due).days
