"""Ballot validity (R7.2, R7.3) and the validity of the whole vote (R8.1)."""
from __future__ import annotations

from dataclasses import dataclass

from app.core.rules import reasons
from app.core.rules.model import Ballot, Mark, Settings


@dataclass(frozen=True)
class BallotVerdict:
    """How one ballot is judged: valid or not, what it counts for, and notes on parts voided."""

    valid: bool
    selections: int
    counted_write_ins: tuple[str, ...]
    reason: reasons.Reason | None = None
    notes: tuple[reasons.Reason, ...] = ()


def counted_write_ins(ballot: Ballot, candidates: tuple[str, ...], settings: Settings) -> tuple[
    tuple[str, ...], tuple[reasons.Reason, ...]
]:
    """The write-ins that count as a yes, and notes on those that do not (R7.3)."""
    counted: list[str] = []
    notes: list[reasons.Reason] = []
    for w in ballot.write_ins:
        name = w.name.strip()
        if not name:
            continue
        if not w.marked and settings.write_in_needs_mark:
            notes.append(reasons.WRITE_IN_UNMARKED)
        elif name in candidates and not settings.printed_name_write_in_counts:
            notes.append(reasons.WRITE_IN_OF_PRINTED_NAME)
        elif name in counted:
            continue  # the same name written twice is one selection
        else:
            counted.append(name)
    return tuple(counted), tuple(notes)


def judge_ballot(ballot: Ballot, candidates: tuple[str, ...], seats: int, settings: Settings) -> BallotVerdict:
    """R7.2: valid iff yes marks plus counted write-ins <= seats; spoiled ballots are invalid."""
    if ballot.spoiled:
        return BallotVerdict(False, 0, (), reasons.BALLOT_SPOILED)
    write_ins, notes = counted_write_ins(ballot, candidates, settings)
    yes_marks = sum(1 for c in candidates if ballot.marks.get(c) == Mark.YES)
    # A printed name written in again (when the setting counts it) is still one selection.
    selections = yes_marks + sum(1 for w in write_ins if not (w in candidates and ballot.marks.get(w) == Mark.YES))
    if any(ballot.marks.get(c) == Mark.UNREADABLE for c in candidates):
        notes += (reasons.MARK_UNREADABLE,)
    if selections > seats:
        return BallotVerdict(False, selections, (), reasons.BALLOT_OVER_SEATS, notes)
    return BallotVerdict(True, selections, write_ins, None, notes)


@dataclass(frozen=True)
class VoteValidity:
    """R8.1 and R3.1: whether the round's vote can stand, with every reason it cannot."""

    valid: bool
    reasons: tuple[reasons.Reason, ...]


def check_vote(quorum_met: bool, present: int, issued: int, returned: int) -> VoteValidity:
    """Returned <= issued, returned <= present, issued <= present, and the quorum (R8.1, R3.1)."""
    found: list[reasons.Reason] = []
    if not quorum_met:
        found.append(reasons.QUORUM_NOT_MET)
    if returned > issued:
        found.append(reasons.RETURNED_EXCEEDS_ISSUED)
    if returned > present:
        found.append(reasons.RETURNED_EXCEEDS_PRESENT)
    if issued > present:
        found.append(reasons.ISSUED_EXCEEDS_PRESENT)
    return VoteValidity(not found, tuple(found))
