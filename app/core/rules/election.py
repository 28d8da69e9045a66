"""Who is elected: threshold (R9.1), ranking (R9.2), ties (R9.3), shortfall (R9.4), eligibility (R9.5)."""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.core.rules import reasons
from app.core.rules.attendance import QuorumResult, RosterSummary, check_quorum, has_voting_rights, summarize_roster
from app.core.rules.counting import Count, count_round_votes
from app.core.rules.margin import MarginResult, check_margin
from app.core.rules.model import RoundInput, RoundKind, Settings, ThresholdBase, Tally
from app.core.rules.validity import VoteValidity, check_vote


class Status(StrEnum):
    """What a round decided for one person."""

    ELECTED = "elected"
    TIE_REVOTE = "tie_revote"
    NOT_ELECTED = "not_elected"
    INELIGIBLE = "ineligible"


@dataclass(frozen=True)
class Threshold:
    """R9.1: elected only with 2Y > base, i.e. at least ``min_yes`` yes votes; ``kind`` says what the base counts."""

    base: int
    min_yes: int
    kind: ThresholdBase = ThresholdBase.PRESENT


@dataclass(frozen=True)
class PersonResult:
    """One printed candidate or write-in with votes, and the decision with its reason."""

    name: str
    write_in: bool
    eligible: bool
    tally: Tally
    qualified: bool
    status: Status
    reason: reasons.Reason | None


@dataclass(frozen=True)
class TieRevote:
    """Tied names straddling the last seat (or the preliminary cut), voted on again (R9.3)."""

    among: tuple[str, ...]
    seats: int


@dataclass(frozen=True)
class RoundOutcome:
    """The complete, explainable result of one round."""

    inp: RoundInput
    roster: RosterSummary | None
    quorum: QuorumResult
    margin: MarginResult
    vote: VoteValidity
    count: Count
    threshold: Threshold
    results: tuple[PersonResult, ...]
    elected: tuple[str, ...]
    tie_revote: TieRevote | None
    unfilled_seats: int
    advancing: tuple[str, ...] | None


def threshold_for(base: int, kind: ThresholdBase = ThresholdBase.PRESENT) -> Threshold:
    """The smallest yes count with 2Y > base (exactly half fails)."""
    return Threshold(base, base // 2 + 1, kind)


def meets_threshold(yes: int, base: int) -> bool:
    """R9.1: more than half of the base; exactly half fails."""
    return 2 * yes > base


def threshold_base(kind: RoundKind, settings: Settings, expected: int, present: int) -> tuple[int, ThresholdBase]:
    """R9.1 the voters present (P); a preliminary round may take the expected count (E) instead (R4.6)."""
    if kind == RoundKind.PRELIMINARY and settings.preliminary_base == ThresholdBase.EXPECTED:
        return expected, ThresholdBase.EXPECTED
    return present, ThresholdBase.PRESENT


def select(ranked: list[tuple[str, int]], seats: int) -> tuple[tuple[str, ...], TieRevote | None]:
    """Take the top ``seats`` of (name, yes) pairs sorted by yes; a tie straddling the cut is returned."""
    if len(ranked) <= seats:
        return tuple(n for n, _ in ranked), None
    cut = ranked[seats - 1][1]
    if ranked[seats][1] < cut:
        return tuple(n for n, _ in ranked[:seats]), None
    above = tuple(n for n, y in ranked if y > cut)
    tied = tuple(n for n, y in ranked if y == cut)
    return above, TieRevote(tied, seats - len(above))


def _ordered(count: Count) -> list[str]:
    """Everyone in the count, by yes descending then ballot order (sort is stable)."""
    names = list(count.tallies)
    return sorted(names, key=lambda n: -count.tallies[n].yes)


def _status(name: str, eligible: bool, elected: tuple[str, ...], tie: TieRevote | None) -> tuple[Status, reasons.Reason | None]:
    if not eligible:
        return Status.INELIGIBLE, reasons.NOT_ELIGIBLE
    if name in elected:
        return Status.ELECTED, None
    if tie is not None and name in tie.among:
        return Status.TIE_REVOTE, reasons.TIE_AT_LAST_SEAT
    return Status.NOT_ELECTED, None


def _why_not(inp: RoundInput, vote: VoteValidity, qualified: bool) -> reasons.Reason:
    if not vote.valid:
        return vote.reasons[0]  # the first reason the round cannot stand (R3.1 or R8.1)
    if inp.kind == RoundKind.PRELIMINARY:
        return reasons.PRELIMINARY_NOT_ELECTED
    return reasons.RANKED_OUT if qualified else reasons.BELOW_THRESHOLD


def _without_rights(inp: RoundInput) -> frozenset[str]:
    """R9.5 with R2.1: roster members who are not full members cannot be elected, even by write-in."""
    if inp.roster is None:
        return frozenset()
    return frozenset(m.name for m in inp.roster if not has_voting_rights(m.status))


def count_round(inp: RoundInput) -> RoundOutcome:
    """Count one round and decide it; expected outcomes (no quorum, tie, shortfall) are values."""
    roster = summarize_roster(inp.roster) if inp.roster is not None else None
    expected, present = (roster.expected, roster.present) if roster else (inp.expected, inp.present)
    quorum = check_quorum(expected, present)
    vote = check_vote(quorum.met, present, inp.ballots_issued, inp.ballots_returned)
    count = count_round_votes(inp)
    preliminary = inp.kind == RoundKind.PRELIMINARY
    threshold = threshold_for(*threshold_base(inp.kind, inp.settings, expected, present))
    listed = inp.advance if preliminary and inp.advance is not None else len(inp.candidates)
    margin = check_margin(inp.seats, listed, inp.is_competitive)

    order = _ordered(count)
    ineligible = inp.ineligible | _without_rights(inp)
    eligible = {n: n not in ineligible for n in order}
    qualified = {n: eligible[n] and count.tallies[n].yes >= threshold.min_yes for n in order}
    needs_bar = not preliminary or inp.settings.preliminary_needs_threshold
    if inp.kind == RoundKind.TIE_REVOTE and not inp.settings.revote_needs_threshold:
        needs_bar = False  # R13.8 as the method says: the one with more votes in the re-vote is elected
    ranked = [(n, count.tallies[n].yes) for n in order if (qualified[n] if needs_bar else eligible[n])]
    wanted = inp.advance if preliminary and inp.advance is not None else inp.seats
    chosen, tie = select(ranked, wanted) if vote.valid else ((), None)

    elected = () if preliminary else chosen
    status_tie = None if preliminary else tie
    results = []
    for n in order:
        if n not in inp.candidates and count.tallies[n].yes == 0:
            continue  # write-ins are listed only with a counted vote
        status, reason = _status(n, eligible[n], elected, status_tie)
        if status == Status.NOT_ELECTED:
            reason = _why_not(inp, vote, qualified[n])
        results.append(PersonResult(n, n not in inp.candidates, eligible[n], count.tallies[n], qualified[n], status, reason))
    unfilled = 0 if preliminary else inp.seats - len(elected) - (tie.seats if tie else 0)
    return RoundOutcome(
        inp, roster, quorum, margin, vote, count, threshold, tuple(results), elected, tie, unfilled,
        chosen if preliminary else None,
    )
