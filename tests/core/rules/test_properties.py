"""Hypothesis properties of counting and election."""
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from app.core.countfmt import outcome_to_json
from app.core.rules.counting import count_ballots
from app.core.rules.election import Status, count_round
from app.core.rules.validity import judge_ballot
from tests.strategies import ballots_round


@given(ballots_round(), st.randoms())
def test_ballot_order_never_changes_the_result(inp, rnd):
    shuffled = list(inp.ballots)
    rnd.shuffle(shuffled)
    a = outcome_to_json(count_round(inp))
    b = outcome_to_json(count_round(replace(inp, ballots=tuple(shuffled))))
    a["ballots"]["invalid_ids"].sort(), b["ballots"]["invalid_ids"].sort()
    a["results"].sort(key=lambda r: r["name"]), b["results"].sort(key=lambda r: r["name"])
    assert a == b


@given(ballots_round())
def test_valid_plus_invalid_is_returned(inp):
    out = count_round(inp)
    assert out.count.valid + out.count.invalid == inp.ballots_returned


@given(ballots_round())
def test_every_candidate_tally_adds_up_to_valid_ballots(inp):
    out = count_round(inp)
    for name in inp.candidates:
        t = out.count.tallies[name]
        assert t.yes + t.no + t.abstain + t.void == out.count.valid


@given(ballots_round())
def test_over_marked_ballot_never_adds_a_vote(inp):
    over = [b for b in inp.ballots if judge_ballot(b, inp.candidates, inp.seats, inp.settings).selections > inp.seats]
    base = count_ballots([b for b in inp.ballots if b not in over], inp.candidates, inp.seats, inp.settings)
    full = count_ballots(inp.ballots, inp.candidates, inp.seats, inp.settings)
    assert {n: t for n, t in full.tallies.items() if t.yes or n in inp.candidates} == {
        n: base.tallies.get(n) for n, t in full.tallies.items() if t.yes or n in inp.candidates}
    assert full.invalid >= len(over)


@given(ballots_round())
def test_never_more_elected_than_seats_and_never_below_threshold(inp):
    out = count_round(inp)
    assert len(out.elected) + (out.tie_revote.seats if out.tie_revote else 0) + out.unfilled_seats == inp.seats
    for p in out.results:
        if p.status == Status.ELECTED:
            assert 2 * p.tally.yes > out.threshold.base and p.eligible


@given(ballots_round())
def test_elected_have_at_least_the_votes_of_every_other_eligible_name(inp):
    out = count_round(inp)
    elected = [p for p in out.results if p.status == Status.ELECTED]
    others = [p for p in out.results if p.status != Status.ELECTED and p.eligible]
    for e in elected:
        assert all(e.tally.yes >= o.tally.yes for o in others)
