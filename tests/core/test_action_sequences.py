"""Realistic sequences of user actions: repeats, corrections, invalid input and locks, each ending in a verified log.

Every sequence runs on a real file (``prepared`` writes through Election.create here) and is read back
after the file is closed and opened again, so what is checked is what the disk holds.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from app.core.countfmt import outcome_to_json
from app.core.demo import CHIEF, CHIEF_PIN, create_demo
from app.core.errors import UserFacingError
from app.core.models import MemberRecord
from app.core.rules.model import MemberStatus
from app.core.workflow import ActionResult, Election, Step, counting
from tests.core.test_workflow import CANDS, NAMES, PASS, counting_round, prepared, ready, vote, yes_ballots

DOC, DAY = "测工〔2024〕9号", "2024-05-18"
NOBODY = 999  # an id no table holds
WINNERS = {CANDS[0]: 40, CANDS[1]: 39, CANDS[2]: 38, CANDS[3]: 37, CANDS[4]: 36, CANDS[5]: 2}
FOUR_YES = {n: "yes" for n in CANDS[:4]}  # room for one write-in within the 5 seats (R7.2)


@pytest.fixture
def path(tmp_path, monkeypatch):
    """Where ``prepared()`` writes its election: a file, so every sequence can be opened again."""
    target = tmp_path / "e.votedesk"
    monkeypatch.setattr(Election, "in_memory", classmethod(lambda cls, clock=None: cls.create(target, clock)))
    return target


def reopened(e: Election, path) -> Election:
    """Close the file and open it again; the log verifies both before and after."""
    assert e.verify_audit().ok, e.verify_audit().problems
    e.close()
    again = Election.open(path)
    assert again.verify_audit().ok, again.verify_audit().problems
    return again


def codes(result: ActionResult) -> list[tuple[str, str]]:
    return [(r.code, r.rule) for r in result.reasons]


def refused_as(call, code: str, rule: str) -> None:
    """``call`` is refused with ``code`` citing ``rule``: as a refusal value or a UserFacingError."""
    try:
        result = call()
    except UserFacingError as exc:
        assert (exc.code, exc.params.get("rule")) == (code, rule), (exc.code, exc.params)
    else:
        assert not result.ok and (code, rule) in codes(result), result


# ---- invalid input: a refusal or a UserFacingError, never another exception, and nothing logged ----------

def _member(e: Election) -> int:
    return e.member_id(NAMES[20])  # signed in, not a candidate


BEFORE_THE_VOTE = {
    "organization without a name": lambda e, p: e.set_organization("", "branch"),
    "organization of an unknown kind": lambda e, p: e.set_organization("中共某支部", "club"),
    "election by an unknown body": lambda e, p: e.set_election("club"),
    "term of no years": lambda e, p: e.set_election(term_years=0),
    "request with a bad date": lambda e, p: e.record_request("1号", "soon"),
    "reply on an unknown subject": lambda e, p: e.record_reply("weather", DOC, DAY),
    "reply without a document": lambda e, p: e.record_reply("other", "", DAY),
    "post of an unknown office": lambda e, p: e.add_post("king", 1),
    "post without seats": lambda e, p: e.add_post("deputy_secretary", 0),
    "post with negative seats": lambda e, p: e.add_post("deputy_secretary", -2),
    "member without a name": lambda e, p: e.add_members([MemberRecord("  ")]),
    "member twice in one import": lambda e, p: e.add_members([MemberRecord("新人"), MemberRecord("新人 ")]),
    "member already on the roll": lambda e, p: e.add_members([MemberRecord(NAMES[0])]),
    "unknown member edited": lambda e, p: e.update_member(NOBODY, MemberRecord("某人")),
    "member renamed to nothing": lambda e, p: e.update_member(_member(e), MemberRecord(" ")),
    "member renamed to another's name": lambda e, p: e.update_member(_member(e), MemberRecord(NAMES[21])),
    "exclusion of an unknown member": lambda e, p: e.add_exclusion(NOBODY, "frail_bedridden"),
    "exclusion without a reason": lambda e, p: e.add_exclusion(_member(e), ""),
    "unknown exclusion approved": lambda e, p: e.approve_exclusion(NOBODY, DOC, DAY, DAY),
    "unknown exclusion withdrawn": lambda e, p: e.withdraw_exclusion(NOBODY),
    "nomination for an unknown post": lambda e, p: e.nominate(NOBODY, _member(e), "party_group"),
    "nomination of an unknown member": lambda e, p: e.nominate(p["m"], NOBODY, "party_group"),
    "negative nomination count": lambda e, p: e.nominate(p["m"], _member(e), "party_group", -1),
    "nomination without a source": lambda e, p: e.nominate(p["m"], _member(e), ""),
    "vetting of an unknown member": lambda e, p: e.record_vetting(NOBODY, PASS),
    "vetting with negative talks": lambda e, p: e.record_vetting(_member(e), replace(PASS, talks=-1)),
    "vetting with an unknown conclusion": lambda e, p: e.record_vetting(_member(e), replace(PASS, conclusion="maybe")),
    "vetting with more appraisals than voters": lambda e, p: e.record_vetting(_member(e), replace(PASS, appraisal_good=40)),
    "list naming an unknown member": lambda e, p: e.set_candidates(p["m"], [*(e.member_id(n) for n in CANDS), NOBODY]),
    "list of an unknown post": lambda e, p: e.set_candidates(NOBODY, [_member(e)]),
    "a candidate twice on the list": lambda e, p: e.set_candidates(p["m"], [_member(e), _member(e)]),
    "approval of an unknown post": lambda e, p: e.approve_candidates(NOBODY, DOC, DAY),
    "approval without a document": lambda e, p: e.approve_candidates(p["m"], "", DAY),
    "approval with a bad date": lambda e, p: e.approve_candidates(p["m"], DOC, "May 1st"),
    "meeting of an unknown kind": lambda e, p: e.open_meeting("party"),
    "sign-in at an unknown meeting": lambda e, p: e.sign_in(NOBODY, [_member(e)]),
    "sign-in of an unknown member": lambda e, p: e.sign_in(p["meeting"], [NOBODY]),
    "sign-out of an unknown member": lambda e, p: e.sign_out(p["meeting"], [NOBODY]),
    "attendance of an unknown meeting": lambda e, p: e.attendance(NOBODY),
    "method at an unknown meeting": lambda e, p: e.adopt_method(NOBODY, "选举办法", 40),
    "method without a text": lambda e, p: e.adopt_method(p["meeting"], " ", 40),
    "method with negative votes": lambda e, p: e.adopt_method(p["meeting"], "选举办法", -1),
    "scrutineers at an unknown meeting": lambda e, p: e.appoint_scrutineers(NOBODY, [(_member(e), "teller")]),
    "unknown scrutineer": lambda e, p: e.appoint_scrutineers(p["meeting"], [(NOBODY, "teller")]),
    "scrutineer in an unknown role": lambda e, p: e.appoint_scrutineers(p["meeting"], [(_member(e), "boss")]),
    "one person in two roles": lambda e, p: e.appoint_scrutineers(p["meeting"], [(_member(e), "teller"),
                                                                                  (_member(e), "scrutineer")]),
    "scrutineers suggested at an unknown meeting": lambda e, p: e.suggest_scrutineers(NOBODY),
    "chief PIN without a chief": lambda e, p: e.set_chief_pin("1234"),
    "incident of an unknown kind": lambda e, p: e.record_incident("gossip", "张一", DAY, "传言"),
    "incident without a reporter": lambda e, p: e.record_incident("other", "", DAY, "传言"),
    "incident with a bad date": lambda e, p: e.record_incident("other", "张一", "yesterday", "传言"),
    "unknown incident updated": lambda e, p: e.update_incident(NOBODY, "约谈", "属实"),
    "round of an unknown post": lambda e, p: e.open_round(NOBODY),
    "round of an unknown kind": lambda e, p: e.open_round(p["m"], "weird"),
    "further rounds of an unknown post": lambda e, p: e.next_rounds(NOBODY),
    "progress of an unknown post": lambda e, p: e.progress(NOBODY),
    "seats of an unknown post reduced": lambda e, p: e.reduce_seats(NOBODY, 1, 30, DAY),
    "official before the vote": lambda e, p: e.mark_official("主持人"),
    "ballots issued in an unknown round": lambda e, p: e.issue_ballots(NOBODY, 1),
    "returned in an unknown round": lambda e, p: e.record_returned(NOBODY, 1),
    "tallies of an unknown round": lambda e, p: e.enter_tallies(NOBODY, {}),
    "unknown round closed": lambda e, p: e.close_round(NOBODY),
    "unknown round held again": lambda e, p: e.hold_again(NOBODY),
    "ballot of an unknown round": lambda e, p: e.record_ballot(NOBODY, {}),
    "undo in an unknown round": lambda e, p: e.undo_last_ballot(NOBODY),
    "ballot deleted in an unknown round": lambda e, p: e.delete_ballot(NOBODY, "0" * 16),
    "double entry of an unknown round": lambda e, p: e.set_double_entry(NOBODY, True),
    "unknown ballot amended": lambda e, p: e.amend_ballot("0" * 16, {}, reason_text="误读", approved_by="监票人"),
}

# On the assembly's round with 40 ballots issued and 4 returned.
DURING_THE_COUNT = {
    "negative ballots returned": lambda e, rid: e.record_returned(rid, -1),
    "ballots issued again once returned": lambda e, rid: e.issue_ballots(rid, 39),
    "a mark that is no mark": lambda e, rid: e.record_ballot(rid, {CANDS[0]: "maybe"}),
    "a name not on the ballot": lambda e, rid: e.record_ballot(rid, {"外人": "yes"}),
    "a check entry without double entry": lambda e, rid: e.record_ballot(rid, {}, pass_no=2),
    "an unknown ballot deleted": lambda e, rid: e.delete_ballot(rid, "0" * 16),
    "nothing to undo": lambda e, rid: e.undo_last_ballot(rid),
    "closed with ballots missing": lambda e, rid: e.close_round(rid),
    "tallies with a negative count": lambda e, rid: e.enter_tallies(rid, {CANDS[0]: (3, -1)}),
    "tallies of a name not on the ballot": lambda e, rid: e.enter_tallies(rid, {"外人": (4, 0, 0, 0)}),
    "tallies with negative invalid ballots": lambda e, rid: e.enter_tallies(rid, {n: (5, 0) for n in CANDS}, invalid=-1),
    "tallies with more invalid than returned": lambda e, rid: e.enter_tallies(rid, {}, invalid=5),
    "tallies with a negative write-in": lambda e, rid: e.enter_tallies(rid, {n: (4,) for n in CANDS}, {"外人": -1}),
}


def _refused_without_a_trace(e: Election, call) -> None:
    before = len(e.audit_entries())
    try:
        result = call()
    except UserFacingError as exc:
        assert exc.code and str(exc)
    else:
        assert isinstance(result, ActionResult) and not result.ok and result.reasons, result
        assert all(r.rule.startswith("R") and r.message() for r in result.reasons)
    assert len(e.audit_entries()) == before and e.verify_audit().ok


@pytest.mark.parametrize("call", BEFORE_THE_VOTE.values(), ids=BEFORE_THE_VOTE.keys())
def test_invalid_input_before_the_vote_is_refused(call):
    e, posts = prepared()
    _refused_without_a_trace(e, lambda: call(e, posts))


@pytest.mark.parametrize("call", DURING_THE_COUNT.values(), ids=DURING_THE_COUNT.keys())
def test_invalid_input_during_the_count_is_refused(call):
    e, posts = prepared()
    rid = counting_round(e, posts)
    _refused_without_a_trace(e, lambda: call(e, rid))


def test_negative_or_too_many_ballots_issued_are_refused():
    e, posts = prepared(sign=36)
    ready(e, posts)
    rid = e.open_round(posts["m"]).value
    _refused_without_a_trace(e, lambda: e.issue_ballots(rid, -1))
    refused_as(lambda: e.issue_ballots(rid, 37), "issued_exceeds_present", "R8.1")
    refused_as(lambda: e.record_returned(rid, 36), "round_not_open", "R10.3")  # nothing issued yet
    refused_as(lambda: e.record_ballot(rid, {}), "ballots_not_issued", "R3.2")


# ---- setup and roll ------------------------------------------------------------------------------------

def test_setup_entered_again_keeps_the_latest_and_the_reply(path):
    e, posts = prepared()
    for level in ("街道", "社区"):
        e.set_organization("中共测试社区支部委员会", "branch", level, "中共测试街道工委")
    for day in ("2024-05-25", "2024-05-26"):
        e.set_election("member_assembly", 5, day, "礼堂")
    e.record_request("测支〔2024〕1号", "2024-03-01")
    e.record_request("测支〔2024〕2号", "2024-03-02")
    e.record_reply("hold_election", "测工〔2024〕5号", "2024-04-05")
    e = reopened(e, path)
    assert e.organization() == {"id": 1, "name": "中共测试社区支部委员会", "kind": "branch", "level": "社区",
                                "higher_org": "中共测试街道工委"}
    info = e.election_info()
    assert (info["meeting_date"], info["place"], info["request_doc"]) == ("2024-05-26", "礼堂", "测支〔2024〕2号")
    assert (info["reply_doc"], info["reply_date"]) == ("测工〔2024〕5号", "2024-04-05")  # not reset by set_election
    assert [r["doc_no"] for r in e.replies("hold_election")] == ["测工〔2024〕1号", "测工〔2024〕5号"]
    assert e.gate(Step.SETUP).ok


def test_a_post_entered_with_the_wrong_seats_is_corrected_until_its_round_opens(path):
    e, posts = prepared()
    assert e.add_post("committee_member", 4) == posts["m"]  # the same office again corrects it
    assert [(p.office, p.seats) for p in e.posts()] == [("committee_member", 4), ("secretary", 1)]
    assert e.approval(posts["m"]) is None and e.audit_entries()[-1].event == "post_changed"  # approved for 5 seats
    assert e.approve_candidates(posts["m"], DOC, DAY).ok
    assert e.add_post("committee_member", 4) == posts["m"] and e.approval(posts["m"]) is not None  # nothing changed
    ready(e, posts)
    assert e.open_round(posts["m"]).ok
    refused_as(lambda: e.add_post("committee_member", 5), "posts_fixed", "R4.1")
    e = reopened(e, path)
    assert e.progress(posts["m"]).seats == 4


def test_a_member_record_corrected_again_and_again(path):
    e, posts = prepared()
    mid = e.member_id(NAMES[20])
    e.update_member(mid, MemberRecord(NAMES[20], birth_date=date(1970, 1, 1), education="大学"))
    e.update_member(mid, MemberRecord(NAMES[20], MemberStatus.SUSPENDED, birth_date=date(1970, 1, 1)))
    assert (e.attendance(posts["meeting"]).expected, e.attendance(posts["meeting"]).present) == (39, 39)  # R2.1
    e.update_member(mid, MemberRecord(" 王五 ", birth_date=date(1971, 2, 3)))
    [new] = e.add_members([MemberRecord(" 新党员 ")])
    e = reopened(e, path)
    assert e.member_id("王五") == mid and e.member_id("新党员") == new  # names are stored trimmed
    assert dict(e.members())[mid] == MemberRecord("王五", birth_date=date(1971, 2, 3))
    assert e.attendance(posts["meeting"]).expected == 41


def test_the_roll_names_and_statuses_are_fixed_once_a_round_is_open(path):
    """Write-ins, the new committee and every recount read the roll by name: it stays as it was."""
    e, posts = prepared()
    ready(e, posts)
    rid = e.open_round(posts["m"]).value
    assert e.issue_ballots(rid, 40).ok and e.record_returned(rid, 40).ok
    for _ in range(40):  # 40 yes for a name not on the roll: no seat (R9.5)
        assert e.record_ballot(rid, FOUR_YES, write_ins=["外一"]).ok
    assert e.close_round(rid).ok
    refused_as(lambda: e.add_members([MemberRecord("外一")]), "roll_fixed", "R2.1")
    refused_as(lambda: e.update_member(e.member_id(CANDS[0]), MemberRecord("王零")), "roll_fixed", "R2.1")
    refused_as(lambda: e.update_member(e.member_id(CANDS[0]), MemberRecord(CANDS[0], MemberStatus.SUSPENDED)),
               "roll_fixed", "R2.1")
    e.update_member(e.member_id(CANDS[0]), MemberRecord(CANDS[0], education="研究生"))  # the data sheet (R4.5)
    e = reopened(e, path)
    assert outcome_to_json(counting.engine_outcome(e.db, rid)) == e.round_result(rid)
    assert len(e.committee_member_ids()) == 4 and dict(e.members())[e.member_id(CANDS[0])].education == "研究生"


def test_exclusions_and_the_assembly_posts_are_fixed_once_the_vote_begins(path):
    e, posts = prepared()
    ex = e.add_exclusion(e.member_id(NAMES[39]), "frail_bedridden")
    counting_round(e, posts)  # 40 ballots issued: E was reported to the meeting before (R3.2)
    refused_as(lambda: e.approve_exclusion(ex, DOC, "2024-05-10", DAY), "expected_fixed", "R2.3")
    refused_as(lambda: e.withdraw_exclusion(ex), "expected_fixed", "R2.3")
    refused_as(lambda: e.add_exclusion(e.member_id(NAMES[38]), "frail_bedridden"), "expected_fixed", "R2.3")
    refused_as(lambda: e.add_post("delegate", 3), "posts_fixed", "R4.1")
    deputy = e.add_post("deputy_secretary", 1)  # elected later by the new committee's plenary (R4.10)
    e = reopened(e, path)
    assert [(x.id, x.approved) for x in e.exclusions()] == [(ex, False)] and e.attendance(posts["meeting"]).expected == 40
    assert [p.id for p in e.plenary_posts()] == [posts["sec"], deputy]


def test_an_exclusion_requested_approved_withdrawn_and_requested_again(path):
    e, posts = prepared(sign=36)
    mid, meeting = e.member_id(NAMES[39]), posts["meeting"]  # not signed in
    ex = e.add_exclusion(mid, "frail_bedridden")
    refused_as(lambda: e.approve_exclusion(ex, DOC, "2024-05-10"), "exclusion_incomplete", "R2.3")  # consent only
    assert e.attendance(meeting).expected == 40  # still expected (R2.3)
    e.approve_exclusion(ex, DOC, "2024-05-10", DAY)
    assert e.attendance(meeting).expected == 39
    e.withdraw_exclusion(ex)
    assert e.exclusions() == [] and e.attendance(meeting).expected == 40
    refused_as(lambda: e.withdraw_exclusion(ex), "invalid_value", None)
    again = e.add_exclusion(mid, "abroad_self_funded_half_year", "2023年起")
    e.approve_exclusion(again, DOC, "2024-05-11", DAY)
    e = reopened(e, path)
    [row] = e.exclusions()
    assert (row.id, row.reason, row.approved) == (again, "abroad_self_funded_half_year", True)
    assert e.attendance(meeting).expected == 39


# ---- nomination, vetting and the list ------------------------------------------------------------------

def test_a_nomination_entered_again_corrects_its_count_and_vetting_again_decides(path):
    e, posts = prepared()
    mid = e.member_id(CANDS[0])
    first = [n["id"] for n in e.nominations(posts["m"]) if n["member_id"] == mid]
    assert [e.nominate(posts["m"], mid, "party_group", 5)] == first
    e.nominate(posts["m"], mid, "members_jointly", 2)
    e.record_vetting(mid, replace(PASS, conclusion="fail", pledge_signed=False))
    refused_as(lambda: e.approve_candidates(posts["m"], DOC, DAY), "vetting_failed", "R4.4")
    assert ("vetting_failed", "R4.4") in codes(e.gate(Step.CANDIDATES))
    e.record_vetting(mid, PASS)
    assert e.approve_candidates(posts["m"], DOC, DAY).ok
    e = reopened(e, path)
    assert [(n["source"], n["count"]) for n in e.nominations(posts["m"]) if n["member_id"] == mid] == [
        ("party_group", 5), ("members_jointly", 2)]
    assert e.vetting(mid) == PASS and e.gate(Step.CANDIDATES).ok


def test_a_mistaken_nominee_is_withdrawn_until_the_round_opens(path):
    e, posts = prepared()
    stray = e.member_id(NAMES[30])
    e.nominate(posts["m"], stray, "party_group", 1)
    e.nominate(posts["m"], stray, "members_jointly", 1)
    assert ("not_vetted", "R4.4") in codes(e.gate(Step.NOMINATION))  # an unvetted nominee holds the step
    refused_as(lambda: e.withdraw_nomination(posts["m"], e.member_id(CANDS[0])), "nominee_on_list", "R4.3")
    assert e.withdraw_nomination(posts["m"], stray).value == 2
    assert stray not in {n["member_id"] for n in e.nominations(posts["m"])} and e.gate(Step.NOMINATION).ok
    with pytest.raises(UserFacingError):  # withdrawn already: nothing to withdraw, nothing logged
        e.withdraw_nomination(posts["m"], stray)
    ready(e, posts)
    assert e.open_round(posts["m"]).ok
    refused_as(lambda: e.withdraw_nomination(posts["m"], e.member_id(CANDS[5])), "nominations_closed", "R4.5")
    e = reopened(e, path)
    assert [x.event for x in e.audit_entries()].count("nomination_withdrawn") == 1


def test_nominations_reopen_while_unfilled_seats_await_another_round(path):
    e, posts = prepared()
    ready(e, posts)
    rid = e.open_round(posts["m"]).value
    newcomer = e.member_id(NAMES[30])
    refused_as(lambda: e.nominate(posts["m"], newcomer, "party_group"), "nominations_closed", "R4.5")
    vote(e, rid, yes_ballots({CANDS[0]: 40, CANDS[1]: 39, CANDS[2]: 38, CANDS[3]: 20, CANDS[4]: 19, CANDS[5]: 5}, 40))
    assert [n.kind for n in e.next_rounds(posts["m"])] == ["additional", "reduce_seats"]
    e.nominate(posts["m"], newcomer, "party_group", 12)  # nominated after consultation (R9.4, R5.3)
    e.record_vetting(newcomer, PASS)
    again = e.open_round(posts["m"], "additional", [e.member_id(n) for n in CANDS[3:5]] + [newcomer])
    assert again.ok and NAMES[30] in e.printed_names(again.value)
    refused_as(lambda: e.nominate(posts["m"], e.member_id(NAMES[31]), "party_group"), "nominations_closed", "R4.5")
    e = reopened(e, path)


def test_the_list_changed_before_approval_and_fixed_once_its_round_opens(path):
    e, posts = prepared()
    ids = [e.member_id(n) for n in CANDS]
    assert e.set_candidates(posts["m"], ids[::-1]).value == tuple(CANDS)  # stroke order (R6.1)
    assert e.approval(posts["m"]) is not None  # the same list keeps its approval
    assert e.set_candidates(posts["m"], ids[:5]).ok and e.approval(posts["m"]) is None
    refused_as(lambda: e.approve_candidates(posts["m"], DOC, DAY), "margin_too_small", "R5.1")
    assert e.set_candidates(posts["m"], ids).ok
    assert e.approve_candidates(posts["m"], "测工〔2024〕4号", "2024-05-04", "2024-05-05", "2024-05-10").ok
    assert e.approve_candidates(posts["m"], DOC, "2024-05-06").ok  # re-approved: the latest reply counts
    ready(e, posts)
    assert e.open_round(posts["m"]).ok
    refused_as(lambda: e.set_candidates(posts["m"], ids[1:]), "list_on_ballot", "R4.5")  # open, not closed
    refused_as(lambda: e.approve_candidates(posts["m"], "测工〔2024〕8号", DAY), "list_on_ballot", "R4.5")
    e = reopened(e, path)
    assert [n for _, n in e.candidates(posts["m"])] == CANDS
    assert {k: e.approval(posts["m"])[k] for k in ("approval_doc", "approval_date", "notice_from")} == {
        "approval_doc": DOC, "approval_date": "2024-05-06", "notice_from": None}


# ---- the meeting ----------------------------------------------------------------------------------------

def test_signing_in_and_out_repeatedly(path):
    e, posts = prepared(sign=36)
    meeting, late = posts["meeting"], [e.member_id(n) for n in NAMES[30:33]]
    for _ in range(2):
        assert e.sign_out(meeting, late).present == 33
    assert e.sign_out(meeting, [e.member_id(NAMES[39])]).present == 33  # never signed in
    for _ in range(2):
        assert e.sign_in(meeting, late).present == 36
    assert e.sign_in(meeting, [e.member_id("蒋预备")]).present == 36  # probationary: no vote (R2.1)
    e = reopened(e, path)
    assert e.attendance(meeting).present == 36 and len(e.present_ids(meeting)) == 37


def test_method_and_scrutineers_redone_before_the_ballots_are_issued(path):
    e, posts = prepared()
    meeting, (a, b, c, d) = posts["meeting"], [e.member_id(n) for n in NAMES[-4:]]
    assert e.adopt_method(meeting, "选举办法（草案）", 40).ok
    assert e.adopt_method(meeting, "选举办法", 21, write_in_needs_mark=False).ok
    assert e.appoint_scrutineers(meeting, [(a, "chief_scrutineer"), (b, "teller")], approved=False).ok
    assert ("scrutineers_not_approved", "R4.7") in codes(e.gate(Step.METHOD))
    assert e.appoint_scrutineers(meeting, [(c, "scrutineer"), (d, "teller")]).ok
    e = reopened(e, path)
    m = e.meeting()
    assert (m.method_text, m.method_votes_for, m.write_in_needs_mark) == ("选举办法", 21, False)
    assert e.scrutineers(meeting) == [(c, "scrutineer", True), (d, "teller", True)] and e.gate(Step.METHOD).ok


def test_the_method_is_fixed_once_ballots_are_issued(path):
    """A method adopted again would change how counted ballots read: the recount would disagree (R7.3)."""
    e, posts = prepared()
    rid = counting_round(e, posts, returned=40)
    refused_as(lambda: e.adopt_method(posts["meeting"], "新办法", 40, write_in_needs_mark=False), "method_in_force", "R4.7")
    for _ in range(40):
        assert e.record_ballot(rid, FOUR_YES, write_ins=[("外一", False)]).ok  # written in without the yes mark
    assert e.close_round(rid).ok
    refused_as(lambda: e.adopt_method(posts["meeting"], "新办法", 40, write_in_needs_mark=False), "method_in_force", "R4.7")
    e = reopened(e, path)
    assert e.meeting().write_in_needs_mark and e.meeting().method_text == "选举办法"
    assert outcome_to_json(counting.engine_outcome(e.db, rid)) == e.round_result(rid)


# ---- ballots, tallies and double entry -----------------------------------------------------------------

def test_ballots_issued_and_returned_corrected(path):
    e, posts = prepared()
    ready(e, posts)
    rid = e.open_round(posts["m"]).value
    assert e.issue_ballots(rid, 40).ok and e.issue_ballots(rid, 39).ok  # corrected before the return
    for returned in (39, 38, 39):
        assert e.record_returned(rid, returned).ok
    # Raising the issued count after the return could hide an invalid vote (R8.1).
    refused_as(lambda: e.issue_ballots(rid, 40), "round_not_open", "R10.3")
    for _ in range(2):
        assert e.record_ballot(rid, {CANDS[0]: "yes"}).ok
    refused_as(lambda: e.record_returned(rid, 1), "ballots_missing", "R10.1")
    e = reopened(e, path)
    info = e.round_info(rid)
    assert (info.issued, info.returned, info.keyed, info.present) == (39, 39, 2, 40)


def test_tally_sheets_entered_again_replace_the_first(path):
    e, posts = prepared()
    rid = counting_round(e, posts, returned=40)
    assert e.enter_tallies(rid, {n: (30, 10) for n in CANDS}).ok
    second = {n: (30 - 2 * i, 9 + 2 * i, 0, 0) for i, n in enumerate(CANDS)}  # 30 to 20 yes: five elected
    assert e.enter_tallies(rid, second, {"外一": 3}, invalid=1).ok
    assert e.close_round(rid).ok
    refused_as(lambda: e.enter_tallies(rid, second, invalid=1), "round_not_open", "R10.3")
    e = reopened(e, path)
    doc = e.count_input(rid)
    assert {n: tuple(t.values()) for n, t in doc["tallies"].items()} == second
    assert (doc["write_in_tallies"], doc["invalid_ballots"]) == ({"外一": 3}, 1)
    assert sorted(e.elected(posts["m"])) == sorted(CANDS[:5])


def test_returned_corrected_after_the_tally_sheets_asks_for_them_again(path):
    e, posts = prepared()
    rid = counting_round(e, posts, returned=40)
    assert e.enter_tallies(rid, {n: (30, 10) for n in CANDS}).ok
    assert e.record_returned(rid, 38).ok
    refused_as(lambda: e.close_round(rid), "tallies_invalid", "R10.1")  # the sheets add up to 40
    assert e.enter_tallies(rid, {n: (30, 8) for n in CANDS}).ok and e.close_round(rid).ok
    e = reopened(e, path)
    assert e.round_result(rid)["ballots"]["returned"] == 38


def test_double_entry_switched_on_off_and_on_again(path):
    e, posts = prepared()
    rid = counting_round(e, posts, returned=3)
    record = [{CANDS[0]: "yes"}, {CANDS[1]: "no"}, {}]
    assert e.set_double_entry(rid, True).ok
    for b in record:
        assert e.record_ballot(rid, b).ok
    for b in record[:2]:
        assert e.record_ballot(rid, b, pass_no=2).ok
    assert e.set_double_entry(rid, False).value == 2  # the check entry is given up
    assert e.set_double_entry(rid, True).value == 0 and e.set_double_entry(rid, True).ok
    refused_as(lambda: e.close_round(rid), "double_entry_differs", "R10.1")
    for b in record:
        assert e.record_ballot(rid, b, pass_no=2).ok
    assert e.close_round(rid).ok
    refused_as(lambda: e.set_double_entry(rid, False), "round_closed", "R9.7")
    e = reopened(e, path)
    view = e.double_entry(rid)
    assert (view.on, view.recorded, view.checked, view.agreed) == (True, 3, 3, True)


def test_undo_after_a_delete_takes_back_the_ballot_before(path):
    e, posts = prepared()
    rid = counting_round(e, posts, returned=4)
    a, b, c = (e.record_ballot(rid, {n: "yes"}).value for n in CANDS[:3])
    assert e.delete_ballot(rid, b).value == b
    assert e.undo_last_ballot(rid).value == c and e.undo_last_ballot(rid).value == a
    refused_as(lambda: e.undo_last_ballot(rid), "round_not_open", "R10.3")
    refused_as(lambda: e.delete_ballot(rid, a), "unknown_ballot", "R10.1")
    d = e.record_ballot(rid, {CANDS[3]: "yes"}).value
    assert e.undo_last_ballot(rid).value == d
    kept = e.record_ballot(rid, {CANDS[4]: "yes"}).value
    e = reopened(e, path)
    assert [b["id"] for b in e.count_input(rid)["ballots"]] == [kept] and e.round_count(rid).valid == 1


def test_a_ballot_amended_twice(path):
    e, posts = prepared()
    ready(e, posts)
    rid = e.open_round(posts["m"]).value
    vote(e, rid, yes_ballots(WINNERS, 40))
    ballot = next(b for b in e.count_input(rid)["ballots"] if b["marks"].get(CANDS[5]) == "yes")
    changed = e.amend_ballot(ballot["id"], {}, reason_text="误读为赞成", approved_by="总监票人")
    assert changed.ok and changed.value["results"]
    back = e.amend_ballot(ballot["id"], ballot["marks"], ["外一"], reason_text="复核后更正", approved_by="总监票人")
    assert back.ok and [r.code for r in back.reasons] == []  # nobody else elected
    _refused_without_a_trace(e, lambda: e.amend_ballot(ballot["id"], {CANDS[0]: "maybe"}, reason_text="x", approved_by="y"))
    _refused_without_a_trace(e, lambda: e.amend_ballot(ballot["id"], {}, reason_text=" ", approved_by="总监票人"))
    e = reopened(e, path)
    [now] = [b for b in e.count_input(rid)["ballots"] if b["id"] == ballot["id"]]
    assert now == {**ballot, "write_ins": ["外一"]}
    assert [x.params["reason"] for x in e.audit_entries() if x.event == "amendment_recorded"] == ["误读为赞成", "复核后更正"]
    assert outcome_to_json(counting.engine_outcome(e.db, rid)) == e.round_result(rid)


# ---- the chief scrutineer's PIN ------------------------------------------------------------------------

def test_the_pin_changed_and_a_replaced_chief_confirms_nothing(path):
    e, posts = prepared()
    ready(e, posts)
    meeting, old, new = posts["meeting"], NAMES[-3], NAMES[-4]
    assert e.appoint_scrutineers(meeting, [(e.member_id(old), "chief_scrutineer"), (e.member_id(NAMES[-1]), "scrutineer")]).ok
    assert e.set_chief_pin("1111").ok and e.set_chief_pin("2222").ok
    refused_as(lambda: e.check_chief(old, "1111"), "chief_pin_wrong", "R4.7")
    assert e.check_chief(old, "2222").ok
    assert e.appoint_scrutineers(meeting, [(e.member_id(new), "chief_scrutineer"), (e.member_id(NAMES[-1]), "scrutineer")]).ok
    refused_as(lambda: e.confirm_chief(old, "2222", "sign_package"), "chief_pin_not_set", "R4.7")
    refused_as(lambda: e.check_chief(new, "2222"), "chief_pin_not_set", "R4.7")
    assert e.set_chief_pin("3333").ok
    refused_as(lambda: e.check_chief(old, "3333"), "chief_name_mismatch", "R4.7")
    e = reopened(e, path)
    assert e.chief_scrutineer() == new and e.check_chief(new, "3333").ok and e.chief_pin_is_set()


# ---- after the results are official --------------------------------------------------------------------

@pytest.fixture(scope="module")
def official_template(tmp_path_factory):
    return create_demo(tmp_path_factory.mktemp("demo") / "official.votedesk")


@pytest.fixture
def official(official_template, tmp_path):
    target = tmp_path / "official.votedesk"
    Election.copy_file(official_template, target)
    e = Election.open(target)
    yield e, target
    e.close()


def _ids(e: Election) -> dict:
    post, meeting, rid = e.posts()[0].id, e.meeting().id, e.rounds()[0].id
    return {"post": post, "meeting": meeting, "round": rid, "member": e.members()[0][0],
            "exclusion": e.exclusions()[0].id, "ballot": e.count_input(rid)["ballots"][0]["id"]}


LOCKED = {
    "set_organization": lambda e, i: e.set_organization("中共某支部", "branch"),
    "set_election": lambda e, i: e.set_election(),
    "record_request": lambda e, i: e.record_request("1号", DAY),
    "add_post": lambda e, i: e.add_post("deputy_secretary", 1, committee="discipline"),
    "add_members": lambda e, i: e.add_members([MemberRecord("新人")]),
    "update_member": lambda e, i: e.update_member(i["member"], MemberRecord("王建国")),
    "add_exclusion": lambda e, i: e.add_exclusion(i["member"], "frail_bedridden"),
    "approve_exclusion": lambda e, i: e.approve_exclusion(i["exclusion"], DOC, DAY, DAY),
    "withdraw_exclusion": lambda e, i: e.withdraw_exclusion(i["exclusion"]),
    "nominate": lambda e, i: e.nominate(i["post"], i["member"], "members_jointly"),
    "record_vetting": lambda e, i: e.record_vetting(i["member"], PASS),
    "set_candidates": lambda e, i: e.set_candidates(i["post"], [i["member"]]),
    "approve_candidates": lambda e, i: e.approve_candidates(i["post"], DOC, DAY),
    "open_meeting": lambda e, i: e.open_meeting(),
    "sign_in": lambda e, i: e.sign_in(i["meeting"], [i["member"]]),
    "sign_out": lambda e, i: e.sign_out(i["meeting"], [i["member"]]),
    "adopt_method": lambda e, i: e.adopt_method(i["meeting"], "新办法", 36),
    "appoint_scrutineers": lambda e, i: e.appoint_scrutineers(i["meeting"], []),
    "set_chief_pin": lambda e, i: e.set_chief_pin("1234"),
    "open_round": lambda e, i: e.open_round(i["post"], "additional"),
    "issue_ballots": lambda e, i: e.issue_ballots(i["round"], 1),
    "record_returned": lambda e, i: e.record_returned(i["round"], 1),
    "enter_tallies": lambda e, i: e.enter_tallies(i["round"], {}),
    "record_ballot": lambda e, i: e.record_ballot(i["round"], {}),
    "undo_last_ballot": lambda e, i: e.undo_last_ballot(i["round"]),
    "delete_ballot": lambda e, i: e.delete_ballot(i["round"], i["ballot"]),
    "set_double_entry": lambda e, i: e.set_double_entry(i["round"], True),
    "close_round": lambda e, i: e.close_round(i["round"]),
    "hold_again": lambda e, i: e.hold_again(i["round"]),
    "reduce_seats": lambda e, i: e.reduce_seats(i["post"], 4, 30, DAY),
    "mark_official": lambda e, i: e.mark_official(CHIEF, CHIEF_PIN),
}


@pytest.mark.parametrize("call", LOCKED.values(), ids=LOCKED.keys())
def test_official_results_refuse_every_edit(official, call):
    e, _ = official
    before = len(e.audit_entries())
    try:
        result = call(e, _ids(e))
    except UserFacingError as exc:
        assert (exc.code, exc.params["rule"]) == ("election_locked", "R9.7")
    else:
        # A closed round's ballots were locked before the election was (R9.7 either way).
        assert [(r.code, r.rule) for r in result.reasons] in ([("election_locked", "R9.7")], [("round_closed", "R9.7")])
    assert len(e.audit_entries()) == before and e.verify_audit().ok


def test_official_results_still_take_replies_incidents_and_amendments(official):
    e, target = official
    ids = _ids(e)
    e.record_reply("results", "青石街工委〔2024〕30号", "2024-06-01")
    e.record_reply("results", "青石街工委〔2024〕31号", "2024-06-02", note="更正文号")
    incident = e.record_incident("canvassing", "党员来信", "2024-05-20", "反映会前拉票")
    e.update_incident(incident, "街道纪工委核实", None)
    e.update_incident(incident, "街道纪工委核实", "查无实据")
    ballot = next(b for b in e.count_input(ids["round"])["ballots"] if "no" in b["marks"].values())
    marks = {n: m for n, m in ballot["marks"].items() if m != "no"}  # a "no" read wrongly: an abstention
    fixed = e.amend_ballot(ballot["id"], marks, reason_text="复核更正", approved_by=CHIEF)
    assert fixed.ok and not fixed.reasons  # nobody else elected (R9.7)
    assert e.confirm_chief(CHIEF, CHIEF_PIN, "sign_package", package_sha256="ab" * 32).ok
    e = reopened(e, target)
    assert [r["doc_no"] for r in e.replies("results")] == ["青石街工委〔2024〕30号", "青石街工委〔2024〕31号"]
    found = next(i for i in e.incidents() if i["id"] == incident)
    assert (found["action"], found["outcome"]) == ("街道纪工委核实", "查无实据")
    assert e.election_info()["official"] == 1 and all(s.state == "locked" for s in e.steps())
    e.close()
