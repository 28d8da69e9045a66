"""Small builders for rule tests."""
from app.core.rules.model import Ballot, Mark, RoundInput, Tally, WriteIn


def tally_round(yes: dict[str, int], *, seats: int, present: int, expected: int | None = None, **kw) -> RoundInput:
    """A round given as tallies: ``yes`` per candidate, everyone else voting no."""
    returned = kw.pop("returned", present)
    tallies = {n: Tally(yes=y, no=returned - y) for n, y in yes.items()}
    return RoundInput(
        seats=seats, candidates=tuple(yes), expected=present if expected is None else expected, present=present,
        ballots_issued=kw.pop("issued", present), ballots_returned=returned, tallies=tallies, **kw,
    )


def ballot(i: int, yes=(), no=(), unreadable=(), write_ins=(), spoiled=False) -> Ballot:
    """A ballot with the given marks; candidates not mentioned abstain."""
    marks = {n: Mark.YES for n in yes} | {n: Mark.NO for n in no} | {n: Mark.UNREADABLE for n in unreadable}
    wis = tuple(w if isinstance(w, WriteIn) else WriteIn(w) for w in write_ins)
    return Ballot(str(i), marks, wis, spoiled)
