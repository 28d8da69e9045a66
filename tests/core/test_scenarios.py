"""Every election path of issue 14 through the core: preliminary then formal, direct secretary, by-election, sizes."""
from __future__ import annotations

import pytest

from app.core.errors import UserFacingError
from app.core.models import MemberRecord
from app.core.rules.model import MemberStatus
from app.core.resultpkg import rule_report
from app.core.workflow import Election
from tests.core.test_workflow import NAMES, PASS, clock, plenary, prepared, ready, vote, yes_ballots

PRELIM = NAMES[:8]


def _preliminary_file(advance: int = 6) -> tuple[Election, dict]:
    e, posts = prepared(candidates=PRELIM)
    assert e.set_preliminary(posts["m"], advance).ok
    ready(e, posts)
    return e, posts


def test_preliminary_then_formal_with_a_tie_at_the_cut():
    e, posts = _preliminary_file()
    assert not e.open_round(posts["m"]).ok  # the method says a preliminary election comes first (R13.1)
    rid = e.open_round(posts["m"], "preliminary").value
    assert e.rounds()[0].seats == 6  # a preliminary ballot selects as many names as advance
    counts = {PRELIM[0]: 38, PRELIM[1]: 37, PRELIM[2]: 36, PRELIM[3]: 35, PRELIM[4]: 34, PRELIM[5]: 30, PRELIM[6]: 30,
              PRELIM[7]: 0}
    doc = vote(e, rid, yes_ballots(counts, 40))
    assert doc["elected"] == [] and sorted(doc["advancing"]) == sorted(PRELIM[:5])
    assert sorted(doc["tie_revote"]["among"]) == sorted(PRELIM[5:7]) and doc["tie_revote"]["seats"] == 1
    nxt = e.next_rounds(posts["m"])
    assert [(n.kind, n.seats, sorted(n.candidates)) for n in nxt] == [("preliminary", 1, sorted(PRELIM[5:7]))]
    assert not e.open_round(posts["m"], "formal").ok  # not before the tie at the cut is voted again (R9.3)
    again = e.open_round(posts["m"], "preliminary").value
    doc = vote(e, again, yes_ballots({PRELIM[5]: 25, PRELIM[6]: 12}, 40))
    assert doc["advancing"] == [PRELIM[5]]
    (formal,) = e.next_rounds(posts["m"])
    assert formal.kind == "formal" and sorted(formal.candidates) == sorted(PRELIM[:6])
    fid = e.open_round(posts["m"], "formal").value
    assert sorted(e.printed_names(fid)) == sorted(PRELIM[:6])
    doc = vote(e, fid, yes_ballots({**{n: 38 - i for i, n in enumerate(PRELIM[:5])}, PRELIM[5]: 10}, 40))
    assert sorted(doc["elected"]) == sorted(PRELIM[:5])
    assert plenary(e, posts, PRELIM[0])["elected"] == [PRELIM[0]]
    assert e.mark_official("主持人").ok and e.verify_audit().ok
    assert rule_report(e.db).ok  # the verifier's recount and rules agree on every round


def test_preliminary_bar_on_the_expected_and_advance_below_seats_refused():
    e, posts = prepared(candidates=PRELIM)
    assert not e.set_preliminary(posts["m"], 4).ok  # fewer than the 5 seats
    assert e.set_preliminary(posts["m"], 5).ok and e.set_method_settings("threshold", "expected").ok
    ready(e, posts)
    e.sign_out(posts["meeting"], [e.member_id(n) for n in NAMES[34:40]])  # 34 of 40 present
    rid = e.open_round(posts["m"], "preliminary").value
    counts = {PRELIM[0]: 30, PRELIM[1]: 30, PRELIM[2]: 30, PRELIM[3]: 19, PRELIM[4]: 18, PRELIM[5]: 10}
    doc = vote(e, rid, yes_ballots(counts, 34))
    assert doc["threshold"] == {"base": 40, "min_yes": 21}  # more than half of E, as the method says (R4.6)
    assert doc["advancing"] == PRELIM[:3]
    assert rule_report(e.db).ok


def test_tie_revote_rule_is_a_method_setting():
    for rule, elected in (("threshold", []), ("more_votes", [NAMES[4]])):
        e, posts = prepared()
        assert e.set_method_settings(rule).ok
        ready(e, posts)
        rid = e.open_round(posts["m"]).value
        doc = vote(e, rid, yes_ballots({NAMES[0]: 38, NAMES[1]: 37, NAMES[2]: 36, NAMES[3]: 35, NAMES[4]: 27,
                                        NAMES[5]: 27}, 40))
        tie = e.open_round(posts["m"], "tie_revote").value
        doc = vote(e, tie, yes_ballots({NAMES[4]: 15, NAMES[5]: 10}, 40))
        assert doc["elected"] == elected, rule  # 15 of 40 present: below the bar, elected only by "more votes"
        assert not e.set_method_settings("threshold").ok  # fixed once the vote has begun
        assert rule_report(e.db).ok
