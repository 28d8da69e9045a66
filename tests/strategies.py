"""Hypothesis strategies for rounds and ballots."""
from hypothesis import strategies as st

from app.core.rules.model import Ballot, Mark, RoundInput, WriteIn

NAMES = ("丁一", "于二", "万三", "马四", "王五", "刘六", "李七")
WRITE_IN_NAMES = ("石八", "田九", "丁一")


@st.composite
def ballots_round(draw, max_ballots: int = 40) -> RoundInput:
    """A round of ballots with random marks, write-ins and spoiled ballots."""
    n_cands = draw(st.integers(1, len(NAMES)))
    cands = NAMES[:n_cands]
    seats = draw(st.integers(1, n_cands))
    marks = st.dictionaries(st.sampled_from(cands), st.sampled_from(list(Mark)))
    write_in = st.builds(WriteIn, st.sampled_from(WRITE_IN_NAMES), st.booleans())
    spoiled = st.sampled_from([False, False, False, True])
    raw = draw(st.lists(st.tuples(marks, st.lists(write_in, max_size=2), spoiled), max_size=max_ballots))
    ballots = tuple(Ballot(str(i), m, tuple(w), s) for i, (m, w, s) in enumerate(raw))
    present = draw(st.integers(len(ballots), len(ballots) + 5))
    expected = draw(st.integers(present, present + 10))
    ineligible = frozenset(draw(st.sets(st.sampled_from(WRITE_IN_NAMES + cands), max_size=2)))
    return RoundInput(seats=seats, candidates=cands, expected=expected, present=present, ballots_issued=present,
                      ballots_returned=len(ballots), ballots=ballots, ineligible=ineligible)
