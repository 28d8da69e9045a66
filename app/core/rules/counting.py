"""Fold ballots into per-person tallies, starting from an explicit empty tally."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any, Iterable, Mapping

from app.core.rules.model import Ballot, Mark, RoundInput, Settings, Tally
from app.core.rules.validity import BallotVerdict, judge_ballot

_FIELD = {Mark.YES: "yes", Mark.NO: "no", Mark.ABSTAIN: "abstain", Mark.UNREADABLE: "void"}


@dataclass(frozen=True)
class Count:
    """Tallies of one round: printed candidates in ballot order, then write-ins by first appearance."""

    tallies: Mapping[str, Tally]
    write_ins: tuple[str, ...]
    valid: int
    invalid: int
    invalid_ids: tuple[str, ...]


def empty_count(candidates: tuple[str, ...]) -> Count:
    """A count with every printed candidate at zero and no ballots."""
    return Count({c: Tally() for c in candidates}, (), 0, 0, ())


def _bump(tally: Tally, field_name: str) -> Tally:
    return replace(tally, **{field_name: getattr(tally, field_name) + 1})


def add_ballot(count: Count, ballot: Ballot, verdict: BallotVerdict, candidates: tuple[str, ...]) -> Count:
    """The count with one judged ballot folded in; an invalid ballot adds no vote (R7.2)."""
    if not verdict.valid:
        return replace(count, invalid=count.invalid + 1, invalid_ids=count.invalid_ids + (ballot.id,))
    tallies = dict(count.tallies)
    write_ins = count.write_ins
    for c in candidates:
        mark = Mark.YES if c in verdict.counted_write_ins else ballot.marks.get(c, Mark.ABSTAIN)
        tallies[c] = _bump(tallies[c], _FIELD[Mark(mark)])
    for name in verdict.counted_write_ins:
        if name in candidates:
            continue
        if name not in tallies:
            tallies[name] = Tally()
            write_ins += (name,)
        tallies[name] = _bump(tallies[name], "yes")
    return replace(count, tallies=tallies, write_ins=write_ins, valid=count.valid + 1)


def count_ballots(ballots: Iterable[Ballot], candidates: tuple[str, ...], seats: int, settings: Settings) -> Count:
    """Judge and fold every returned ballot."""
    count = empty_count(candidates)
    for b in ballots:
        count = add_ballot(count, b, judge_ballot(b, candidates, seats, settings), candidates)
    return count


def count_from_tallies(inp: RoundInput) -> Count:
    """A count given as per-candidate tally sheets plus write-in yes votes."""
    tallies: dict[str, Tally] = {c: (inp.tallies or {}).get(c, Tally()) for c in inp.candidates}
    write_ins = tuple(n for n in inp.write_in_tallies if n not in tallies)
    for name in write_ins:
        tallies[name] = Tally(yes=inp.write_in_tallies[name])
    valid = inp.ballots_returned - inp.invalid_ballots
    return Count(tallies, write_ins, valid, inp.invalid_ballots, ())


def count_round_votes(inp: RoundInput) -> Count:
    """The count of a round, from ballots when given, else from tallies."""
    if inp.ballots is not None:
        return count_ballots(inp.ballots, inp.candidates, inp.seats, inp.settings)
    return count_from_tallies(inp)


def diff_entries(a: Iterable[Ballot], b: Iterable[Ballot]) -> tuple[tuple[Ballot, ...], tuple[Ballot, ...]]:
    """Double entry (R10.1): the ballots of ``a`` with no same-content partner in ``b``, and of ``b`` in ``a``.

    Both entries are compared as multisets of ballot content, ids and order ignored: a name left out
    equals an abstention, write-ins are compared as trimmed (name, marked) pairs in any order, and
    spoiled ballots all equal each other (their marks count for nothing: R7.3). The unmatched
    ballots keep their ids, so a keying slip can be found and taken back; both empty means agreed.
    """
    def content(x: Ballot) -> tuple[Any, ...]:
        if x.spoiled:
            return (True,)
        marks = tuple(sorted((n, Mark(m).value) for n, m in x.marks.items() if Mark(m) != Mark.ABSTAIN))
        return (False, marks, tuple(sorted((w.name.strip(), w.marked) for w in x.write_ins if w.name.strip())))

    left, right = list(a), list(b)
    keys_a, keys_b = [content(x) for x in left], [content(x) for x in right]
    spare_b, spare_a = Counter(keys_b), Counter(keys_a)
    only_a: list[Ballot] = []
    only_b: list[Ballot] = []
    for side, keys, spare, only in ((left, keys_a, spare_b, only_a), (right, keys_b, spare_a, only_b)):
        for x, k in zip(side, keys):
            if spare[k] <= 0:
                only.append(x)  # more ballots of this content on this side than on the other
            spare[k] -= 1
    return tuple(only_a), tuple(only_b)
