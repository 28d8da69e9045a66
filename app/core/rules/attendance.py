"""Expected and present voters from the roll (R2.1, R2.3) and the quorum (R3.1)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from app.core.rules import reasons
from app.core.rules.model import ExclusionReason, MemberStatus, RosterMember

ACCEPTED_EXCLUSION_REASONS = frozenset(r.value for r in ExclusionReason)


@dataclass(frozen=True)
class RejectedExclusion:
    """An exclusion request that does not reduce the expected count, and why."""

    name: str
    reason: reasons.Reason


@dataclass(frozen=True)
class RosterSummary:
    """Expected and present voters derived from the roll."""

    expected: int
    present: int
    excluded: tuple[str, ...]
    exclusions_rejected: tuple[RejectedExclusion, ...]
    non_voting_present: int


def has_voting_rights(status: MemberStatus) -> bool:
    """R2.1: only full members vote; probationary, 留党察看 and suspended members do not."""
    return status == MemberStatus.FULL


def exclusion_problem(member: RosterMember) -> reasons.Reason | None:
    """Why an exclusion request does not count, or None when it reduces E (R2.3)."""
    ex = member.exclusion
    if ex is None:
        return None
    if ex.reason not in ACCEPTED_EXCLUSION_REASONS:
        return reasons.EXCLUSION_REASON_NOT_ACCEPTED
    if not (ex.higher_level_consent and ex.assembly_approved):
        return reasons.EXCLUSION_NOT_APPROVED
    return None


def summarize_roster(roster: Iterable[RosterMember]) -> RosterSummary:
    """Count E and P from the roll; exclusions need an accepted reason and both approvals."""
    expected = present = non_voting = 0
    excluded: list[str] = []
    rejected: list[RejectedExclusion] = []
    for m in roster:
        if not has_voting_rights(m.status):
            non_voting += m.present
            continue
        problem = exclusion_problem(m)
        if m.exclusion is not None and problem is None and not m.present:
            excluded.append(m.name)
            continue
        if problem is not None:
            rejected.append(RejectedExclusion(m.name, problem))
        expected += 1
        present += m.present
    return RosterSummary(expected, present, tuple(excluded), tuple(rejected), non_voting)


@dataclass(frozen=True)
class QuorumResult:
    """R3.1: more than 4/5 of the expected voters must be present (5P > 4E)."""

    expected: int
    present: int
    min_present: int
    met: bool
    reason: reasons.Reason | None


def min_present(expected: int) -> int:
    """The smallest P with 5P > 4E."""
    return (4 * expected) // 5 + 1


def check_quorum(expected: int, present: int) -> QuorumResult:
    """Quorum for a member assembly, delegate congress or committee plenary alike (R3.1)."""
    met = 5 * present > 4 * expected
    reason = None if met else reasons.QUORUM_NOT_MET
    return QuorumResult(expected, present, min_present(expected), met, reason)
