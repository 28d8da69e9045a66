"""The competitive-election margin (差额, R5): at least S + ceil(S/5) candidates."""
from __future__ import annotations

from dataclasses import dataclass

from app.core.rules import reasons
from app.core.rules.model import COMPETITIVE_BY_DEFAULT, Office


@dataclass(frozen=True)
class MarginResult:
    """Whether a candidate list meets the margin for its seats."""

    competitive: bool
    seats: int
    candidates: int
    min_candidates: int
    met: bool
    reason: reasons.Reason | None


def min_candidates(seats: int, competitive: bool) -> int:
    """R5.1: the extra 20 % is rounded up (7 seats need 9); a single-candidate post needs S."""
    return seats + (seats + 4) // 5 if competitive else seats


def check_margin(seats: int, candidates: int, competitive: bool) -> MarginResult:
    """Check a list of ``candidates`` names for ``seats`` seats."""
    need = min_candidates(seats, competitive)
    met = candidates >= need
    return MarginResult(competitive, seats, candidates, need, met, None if met else reasons.MARGIN_TOO_SMALL)


def competitive_rule(office: str, assembly_elects: bool = False) -> bool | None:
    """R13.6: the margin follows the office, it is not a switch.

    True: always competitive (committee members, delegates, discipline commission: R5.1);
    False: one candidate per seat (secretary, deputy: R5.2); None: a recorded choice (a standing
    committee, R5.2; a secretary or deputy the assembly elects directly, R13.2).
    """
    o = Office(office)
    if o in COMPETITIVE_BY_DEFAULT:
        return True
    if o == Office.STANDING_COMMITTEE or assembly_elects:
        return None
    return False


def competitive_rule_id(office: str, assembly_elects: bool = False) -> str:
    """The article that fixes (or leaves open) an office's margin."""
    fixed = competitive_rule(office, assembly_elects)
    return "R13.6" if fixed is None else "R5.1" if fixed else "R5.2"


def check_list(seats: int, candidates: int, competitive: bool) -> reasons.Reason | None:
    """A list for one round: the margin when competitive (R5.1), exactly one name per seat when not (R5.2)."""
    if candidates < min_candidates(seats, competitive):
        return reasons.MARGIN_TOO_SMALL
    if not competitive and candidates > seats:
        return reasons.SINGLE_CANDIDATE_LIST
    return None
