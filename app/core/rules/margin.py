"""The competitive-election margin (差额, R5): at least S + ceil(S/5) candidates."""
from __future__ import annotations

from dataclasses import dataclass

from app.core.rules import reasons


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
