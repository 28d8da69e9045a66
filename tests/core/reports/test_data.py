"""Input dataclasses: round_report from the engine, and the demo data's internal consistency."""
from __future__ import annotations

from datetime import date

import pytest

from app.core.reports.counting_report import counting_report_pdf
from app.core.reports.data import Officials, round_report
from tests.fixtures.report_demo import demo_report_data
from app.core.reports.bundle import build_all
from app.core.rules.election import Status, count_round
from app.core.rules.model import RoundInput, Tally
from app.core.rules.strokes import sort_names
from tests.core.reports.helpers import page_texts


def test_round_report_orders_persons_by_ballot_then_write_ins():
    inp = RoundInput(seats=2, candidates=("丙", "甲", "乙"), ballots_issued=10, ballots_returned=10, expected=10,
                     present=10, tallies={"丙": Tally(2, 8), "甲": Tally(9, 1), "乙": Tally(7, 3)},
                     write_in_tallies={"丁": 1, "戊": 0}, competitive=False)
    rep = round_report(count_round(inp), "委员", electors="党员大会", on=date(2026, 3, 15))
    assert [p.name for p in rep.persons] == ["丙", "甲", "乙", "丁"]  # a write-in without a vote is left out
    assert [p.write_in for p in rep.persons] == [False, False, False, True]
    assert rep.elected == ("甲", "乙") and rep.threshold_min_yes == 6 and rep.candidates == ("丙", "甲", "乙")
    assert rep.persons[1].status == Status.ELECTED and rep.votes("乙") == 7


def test_demo_is_consistent(demo):
    r = demo.result
    assert len(demo.attendees) == 42 and sum(a.voting for a in demo.attendees) == r.rounds[0].expected == 38
    names = [c.name for c in demo.candidate_request.candidates]
    assert names == sort_names(names) and list(demo.ballots[0][0].candidates) == names
    assert [m.name for m in r.members] == sort_names(m.name for m in r.members)
    for rnd in r.rounds + r.plenary:
        assert rnd.valid + rnd.invalid == rnd.returned <= rnd.issued <= rnd.present
        for p in rnd.persons:
            if not p.write_in:
                assert p.yes + p.no + p.abstain + p.void == rnd.valid, (rnd.post, p.name)
    first, revote = r.rounds
    assert first.tie_among == ("刘志强", "张立新") and first.tie_seats == 1
    assert revote.candidates == first.tie_among and revote.elected == ("刘志强",)
    assert {m.name for m in r.members} == set(first.elected) | set(revote.elected)


def test_officials_must_match_rounds(demo):
    rounds = demo.result.rounds
    with pytest.raises(ValueError):
        counting_report_pdf(demo.org, demo.election, rounds, (Officials(),), demo.created)
    assert counting_report_pdf(demo.org, demo.election, rounds, Officials(), demo.created)[:5] == b"%PDF-"


def test_rehearsal_watermark_on_every_page():
    docs = demo_report_data(rehearsal=True)
    for name, pdf in build_all(docs).items():
        for number, page in enumerate(page_texts(pdf), start=1):
            assert "演练TEST" in page, (name, number)
