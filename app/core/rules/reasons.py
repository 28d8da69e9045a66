"""Reason codes for every rule outcome, each tied to its rule id in shared/domain/rules.md."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Reason:
    """A stable reason code with the rule it comes from."""

    code: str
    rule: str


def _r(code: str, rule: str) -> Reason:
    return Reason(code, rule)


# Roster and attendance
EXCLUSION_REASON_NOT_ACCEPTED = _r("exclusion_reason_not_accepted", "R2.3")
EXCLUSION_NOT_APPROVED = _r("exclusion_not_approved", "R2.3")
QUORUM_NOT_MET = _r("quorum_not_met", "R3.1")
# Candidates
MARGIN_TOO_SMALL = _r("margin_too_small", "R5.1")
SINGLE_CANDIDATE_LIST = _r("single_candidate_list", "R5.2")
# Ballots
BALLOT_SPOILED = _r("ballot_spoiled", "R7.3")
BALLOT_OVER_SEATS = _r("ballot_over_seats", "R7.2")
MARK_UNREADABLE = _r("mark_unreadable", "R7.3")
WRITE_IN_UNMARKED = _r("write_in_unmarked", "R7.3")
WRITE_IN_OF_PRINTED_NAME = _r("write_in_of_printed_name", "R7.3")
# Whole vote
RETURNED_EXCEEDS_ISSUED = _r("returned_exceeds_issued", "R8.1")
RETURNED_EXCEEDS_PRESENT = _r("returned_exceeds_present", "R8.1")
ISSUED_EXCEEDS_PRESENT = _r("issued_exceeds_present", "R8.1")
# Who is elected
BELOW_THRESHOLD = _r("below_threshold", "R9.1")
RANKED_OUT = _r("ranked_out", "R9.2")
TIE_AT_LAST_SEAT = _r("tie_at_last_seat", "R9.3")
SEATS_UNFILLED = _r("seats_unfilled", "R9.4")
NOT_ELIGIBLE = _r("not_eligible", "R9.5")
PRELIMINARY_NOT_ELECTED = _r("preliminary_round", "R4.6")

ALL: dict[str, Reason] = {r.code: r for r in globals().values() if isinstance(r, Reason)}


def rule_of(code: str) -> str:
    """The rule id of a reason code, e.g. rule_of("quorum_not_met") == "R3.1"."""
    return ALL[code].rule
