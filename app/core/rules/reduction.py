"""Reducing seats instead of another round (R9.4), never below a branch committee's minimum size (R1.4)."""
from __future__ import annotations

from app.core.rules.bodies import BRANCH_COMMITTEE_MIN, is_majority

__all__ = ["BRANCH_COMMITTEE_MIN", "consent_is_majority", "reduction_allowed"]


def consent_is_majority(consent_yes: int, electors: int) -> bool:
    """R9.4: more than half of the electors must consent (exactly half is not enough)."""
    return is_majority(consent_yes, electors)


def reduction_allowed(seats_before: int, seats_after: int, elected: int, minimum: int = 1) -> bool:
    """A reduction keeps every seat already filled, removes at least one, and respects the minimum size."""
    return max(elected, minimum) <= seats_after < seats_before
