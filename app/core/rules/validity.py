"""Ballot validity (R7.2, R7.3) and the validity of the whole vote (R8.1)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from app.core.rules import reasons
from app.core.rules.model import Ballot, Mark, Settings, Tally

# Tally-sheet arithmetic: the counting result report (R10.1) lists yes, no, abstain and void per person.
TALLY_SUM_MISMATCH = reasons.Reason("tally_sum_mismatch", "R10.1")
WRITE_IN_TALLY_OVER_VALID = reasons.Reason("write_in_tally_over_valid", "R10.1")


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


def over_seats(selections: int, seats: int) -> bool:
    """R7.2: a ballot selecting more names than there are seats is invalid."""
    return selections > seats


def yes_over_seats(yes: int, seats: int, valid: int) -> bool:
    """R7.2 over a whole count: ``valid`` ballots of at most ``seats`` selections each cannot carry more yes votes."""
    return yes > seats * valid


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
    if over_seats(selections, seats):
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


def check_tally_sheet(tallies: Mapping[str, Tally], valid: int,
                      write_in_tallies: Mapping[str, int] | None = None) -> list[tuple[str, reasons.Reason]]:
    """R10.1: every printed name's yes + no + abstain + void equals the valid ballots; write-in yes <= valid.

    On a valid ballot each printed name carries exactly one of the four (no mark is an abstention),
    and a written-in name at most one yes. A negative count never adds up.

    :param tallies: printed name -> its tally (every printed name, in ballot order)
    :param valid: ballots returned minus invalid ballots
    :return: (name, reason) for every line that does not add up; empty when the sheet is consistent
    """
    found = [(n, TALLY_SUM_MISMATCH) for n, t in tallies.items()
             if min(t.yes, t.no, t.abstain, t.void) < 0 or t.yes + t.no + t.abstain + t.void != valid]
    found += [(n, WRITE_IN_TALLY_OVER_VALID) for n, yes in (write_in_tallies or {}).items() if not 0 <= yes <= valid]
    return found
