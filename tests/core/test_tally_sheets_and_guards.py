"""Tally sheets read back after saving, the meeting's date and body fixed once ballots are issued, the first
plenary only after the committee is elected and only once, and demo join dates before the election."""
from __future__ import annotations

from datetime import date

import pytest

from app.core.demo import _roll
from app.core.errors import UserFacingError
from app.core.workflow import Election, Step
from app.core.workflow.gates import steps
from app.core.workflow.types import GATE_RULES
from app.core.citations import citation
from tests.core.test_workflow import CANDS, counting_round, prepared, ready, vote, yes_ballots

SHEET = {n: (30 - 2 * i, 9 + 2 * i, 0, 0) for i, n in enumerate(CANDS)}  # 39 valid ballots: 30 to 20 yes
WINNERS = {CANDS[0]: 40, CANDS[1]: 39, CANDS[2]: 38, CANDS[3]: 37, CANDS[4]: 36, CANDS[5]: 2}


@pytest.fixture
def path(tmp_path, monkeypatch):
    """Where ``prepared()`` writes its election: a file, so what is read back is what the disk holds."""
    target = tmp_path / "e.votedesk"
    monkeypatch.setattr(Election, "in_memory", classmethod(lambda cls, clock=None: cls.create(target, clock)))
    return target


def reopened(e: Election, path) -> Election:
    assert e.verify_audit().ok
    e.close()
    return Election.open(path)


def refused_as(call, code: str, rule: str) -> None:
    """``call`` raises a UserFacingError with ``code`` citing ``rule``, and logs nothing."""
    with pytest.raises(UserFacingError) as info:
        call()
    assert (info.value.code, info.value.params.get("rule")) == (code, rule), (info.value.code, info.value.params)


def _tallied(e: Election, posts: dict) -> int:
    rid = counting_round(e, posts, returned=40)
    assert e.enter_tallies(rid, SHEET, {"外一": 3}, invalid=1).ok
    return rid


# ---- 1. tally sheets are readable after saving ---------------------------------------------------------------

def test_a_round_without_sheets_has_none(path):
    e, posts = prepared()
    rid = counting_round(e, posts, returned=40)
    assert e.tallies(rid) is None
    with pytest.raises(KeyError):
        e.tallies(999)


def test_saved_tally_sheets_read_back_after_reopening(path):
    e, posts = prepared()
    rid = _tallied(e, posts)
    e = reopened(e, path)
    sheet = e.tallies(rid)
    assert list(sheet.tallies) == list(e.printed_names(rid))  # printed names in ballot order
    assert dict(sheet.tallies) == SHEET and dict(sheet.write_ins) == {"外一": 3} and sheet.invalid == 1
    # Entering the sheet read back changes nothing: a correction can start from it.
    assert e.enter_tallies(rid, dict(sheet.tallies), dict(sheet.write_ins), sheet.invalid).ok
    assert e.tallies(rid) == sheet


def test_the_running_count_of_a_tallied_round_is_the_sheet(path):
    e, posts = prepared()
    rid = _tallied(e, posts)
    count = e.round_count(rid)
    assert (count.valid, count.invalid, count.write_ins) == (39, 1, ("外一",))
    assert {n: (t.yes, t.no, t.abstain, t.void) for n, t in count.tallies.items() if n in SHEET} == SHEET
    assert count.tallies["外一"].yes == 3 and list(count.tallies)[:len(CANDS)] == list(e.printed_names(rid))
    info = e.round_info(rid)
    assert (info.mode, info.keyed, info.counted, info.returned) == ("tallies", 0, 40, 40)
    assert e.close_round(rid).ok
    e = reopened(e, path)
    assert e.round_count(rid) == count and e.round_info(rid).counted == 40  # a closed round shows its sheet still


def test_a_keyed_round_counts_its_ballots(path):
    e, posts = prepared()
    rid = counting_round(e, posts, returned=4)
    assert e.record_ballot(rid, {CANDS[0]: "yes"}).ok
    info = e.round_info(rid)
    assert (info.mode, info.keyed, info.counted) == ("ballots", 1, 1)


# ---- 2. the meeting's body, date and place are fixed once ballots are issued ---------------------------------

def test_the_election_can_be_corrected_until_ballots_are_issued(path):
    e, posts = prepared()
    ready(e, posts)
    rid = e.open_round(posts["m"]).value
    e.set_election("member_assembly", 5, "2024-05-19", "礼堂")  # the round is open, no ballot handed out yet
    assert e.issue_ballots(rid, 40).ok
    e.set_election("member_assembly", None, "2024-05-19", "礼堂")  # the term is not on the meeting's papers
    e.set_election("member_assembly", None, "2024-05-19", "礼堂")  # the same again: nothing changes
    info = e.election_info()
    assert (info["body"], info["term_years"], info["meeting_date"], info["place"]) == (
        "member_assembly", None, "2024-05-19", "礼堂")


@pytest.mark.parametrize("change, code, rule", [
    (("member_assembly", 5, "2030-01-01", "会议室"), "meeting_fixed", "R4.1"),
    (("member_assembly", 5, "2024-05-18", "礼堂"), "meeting_fixed", "R4.1"),
    (("delegate_congress", 5, "2024-05-18", "会议室"), "body_fixed", "R1.2"),
], ids=["date", "place", "body"])
def test_the_meeting_is_fixed_once_ballots_are_issued(path, change, code, rule):
    e, posts = prepared()
    rid = counting_round(e, posts)
    before = (e.election_info(), len(e.audit_entries()))
    refused_as(lambda: e.set_election(*change), code, rule)
    assert (e.election_info(), len(e.audit_entries())) == before
    e = reopened(e, path)
    assert e.election_info()["meeting_date"] == "2024-05-18" and e.round_info(rid).issued == 40


def test_fixed_meeting_codes_have_rules_and_sentences():
    e, posts = prepared()
    counting_round(e, posts)
    with pytest.raises(UserFacingError) as info:
        e.set_election("member_assembly", 5, "2030-01-01", "会议室")
    from app.core.messages import message

    sentence = message(info.value.code, **info.value.params)
    assert sentence.endswith(f"({citation('R4.1')})") and "round" in sentence
    assert GATE_RULES["meeting_fixed"] == "R4.1" and GATE_RULES["body_fixed"] == "R1.2"


# ---- 3. the first plenary: after the committee is elected, and once -------------------------------------------

def test_no_plenary_before_the_committee_is_elected(path):
    e, posts = prepared()
    refused_as(lambda: e.open_meeting("plenary", "2024-05-18"), "committee_not_elected", "R4.10")
    ready(e, posts)
    rid = e.open_round(posts["m"]).value
    refused_as(lambda: e.open_meeting("plenary", "2024-05-18"), "committee_not_elected", "R4.10")
    # Four of five seats filled: another round is due, the committee is not complete yet.
    vote(e, rid, yes_ballots({**WINNERS, CANDS[4]: 20}, 40))
    refused_as(lambda: e.open_meeting("plenary", "2024-05-18"), "committee_not_elected", "R4.10")
    assert e.meeting("plenary") is None and not [m for m in e.audit_entries() if m.event == "meeting_opened"][1:]


def test_the_first_plenary_opens_once(path):
    e, posts = prepared()
    ready(e, posts)
    vote(e, e.open_round(posts["m"]).value, yes_ballots(WINNERS, 40))
    assert e.gate(Step.RESULTS).ok
    first = e.open_meeting("plenary", "2024-05-18")
    refused_as(lambda: e.open_meeting("plenary", "2024-05-19"), "plenary_open", "R4.10")
    e = reopened(e, path)
    assert e.meeting("plenary").id == first and e.meeting("plenary").held_on == "2024-05-18"


def test_a_committee_without_elected_members_has_no_plenary(path):
    e, posts = prepared()
    ready(e, posts)
    vote(e, e.open_round(posts["m"]).value, yes_ballots(WINNERS, 40))
    refused_as(lambda: e.open_meeting("plenary", committee="discipline"), "committee_not_elected", "R4.10")


# ---- 4. the step order's rule ------------------------------------------------------------------------------------

def test_a_blocked_step_cites_the_order_of_business():
    e = Election.in_memory()
    waiting = [r for s in steps(e.db) for r in s.reasons if r.code == "step_not_done"]
    assert waiting and {r.rule for r in waiting} == {GATE_RULES["step_not_done"]} == {"R4.7"}


# ---- 5. the demo's members joined before the election --------------------------------------------------------

def test_every_demo_member_joined_before_the_election():
    meeting = date(2024, 5, 18)
    roll = _roll()
    assert all(m.joined_date < meeting for m in roll), [(m.name, m.joined_date) for m in roll if m.joined_date >= meeting]
    # Full members have finished the year of probation; probationary ones joined within the year (R2.1).
    full = [m for m in roll if m.status == "full"]
    assert all(m.joined_date <= date(meeting.year - 1, meeting.month, meeting.day) for m in full)
    for m in roll:
        if m.status == "probationary":
            assert date(meeting.year - 1, meeting.month, meeting.day) < m.joined_date < meeting
            assert m.remarks == f"预备期至{m.joined_date.year + 1}年6月"
    assert all(m.joined_date.year - m.birth_date.year >= 18 for m in roll)
