"""Sizes of bodies and simple majorities: the branch committee (R1.4) and meeting decisions (R4.7, R9.4)."""
from __future__ import annotations

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
