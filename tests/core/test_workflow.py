"""Whole elections without Qt: happy path, quorum, margin, tie re-vote, additional round, seat reduction, plenary."""
from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core import messages
from app.core.countfmt import outcome_to_json
from app.core.errors import UserFacingError
from app.core.models import MemberRecord
from app.core.rules.model import MemberStatus, Settings
from app.core.workflow import Election, State, Step, Vetting, counting
from app.core.workflow.types import GATE_RULES
from app.core.citations import cite

NAMES = [f"{s}{g}" for s in "王李张刘陈杨黄赵周吴" for g in ("一", "二", "三", "四")]  # 40 names
CANDS = NAMES[:6]
PASS = Vetting(True, 5, 30, 28, 2, 0, "无", True, "pass", "组织科", "2024-04-01")


def clock():
    t = [datetime(2024, 5, 1, 9)]

    def now():
        t[0] += timedelta(minutes=1)
        return t[0]
    return now


def cited(rule: str) -> str:
    """The citation a sentence ends with, in the current language: " (…)" or "（…）"."""
    return cite("", rule).strip()


def _all_reasons_cite_rules(result) -> None:
    for r in result.reasons:
        assert r.rule.startswith("R"), r
        assert cited(r.rule) in r.message()


def prepared(n_full=40, seats=5, candidates=CANDS, sign=None, extra_posts=True) -> tuple[Election, dict]:
    """An election up to an approved list, the assembly open with ``sign`` members signed in."""
    e = Election.in_memory(clock())
    e.set_organization("中共测试支部委员会", "branch", "社区", "中共测试街道工委")
    e.set_election("member_assembly", 5, "2024-05-18", "会议室")
    e.record_reply("hold_election", "测工〔2024〕1号", "2024-04-01")
    posts = {"m": e.add_post("committee_member", seats)}
    if extra_posts:
        posts["sec"] = e.add_post("secretary", 1)
    recs = [MemberRecord(n) for n in NAMES[:n_full]] + [MemberRecord("蒋预备", MemberStatus.PROBATIONARY)]
    e.add_members(recs)
    for name in candidates:
        e.nominate(posts["m"], e.member_id(name), "party_group", 3)
        e.record_vetting(e.member_id(name), PASS)
    assert e.set_candidates(posts["m"], [e.member_id(n) for n in candidates]).ok
    res = e.approve_candidates(posts["m"], "测工〔2024〕2号", "2024-05-01")
    posts["approved"] = res
    posts["meeting"] = e.open_meeting("assembly", "2024-05-18")
    e.sign_in(posts["meeting"], [e.member_id(n) for n in NAMES[: (sign if sign is not None else n_full)]])
    return e, posts


def ready(e: Election, posts: dict) -> None:
    present = e.attendance(posts["meeting"]).present
    assert e.adopt_method(posts["meeting"], "选举办法", present).ok
    assert e.appoint_scrutineers(posts["meeting"], [(e.member_id(NAMES[-1]), "scrutineer"), (e.member_id(NAMES[-2]), "teller")]).ok


def vote(e: Election, rid: int, ballots: list[dict], issued: int | None = None) -> dict:
    n = issued if issued is not None else len(ballots)
    assert e.issue_ballots(rid, n).ok
    assert e.record_returned(rid, len(ballots)).ok
    for b in ballots:
        assert e.record_ballot(rid, b).ok
    res = e.close_round(rid)
    assert res.ok, res
    return res.value


def yes_ballots(counts: dict[str, int], voters: int) -> list[dict]:
    """Ballots with exactly the given yes counts (greedy over the emptiest ballots)."""
    sets = [set() for _ in range(voters)]
    for name, k in counts.items():
        for i in sorted(range(voters), key=lambda i: (len(sets[i]), i))[:k]:
            sets[i].add(name)
    return [{n: "yes" for n in s} for s in sets]


def plenary(e: Election, posts: dict, secretary: str, yes: int = 5) -> dict:
    committee = e.elected(posts["m"])
    meeting = e.open_meeting("plenary", "2024-05-18")
    e.sign_in(meeting, [e.member_id(n) for n in committee])
    assert e.adopt_method(meeting, "等额", len(committee)).ok
    other = next(n for n in committee if n != secretary)
    assert e.appoint_scrutineers(meeting, [(e.member_id(other), "scrutineer")]).ok
    assert e.set_candidates(posts["sec"], [e.member_id(secretary)]).ok
    rid = e.open_round(posts["sec"]).value
    return vote(e, rid, [{secretary: "yes"}] * yes + [{secretary: "no"}] * (len(committee) - yes))


def test_happy_path_to_official_results():
    e, posts = prepared()
    ready(e, posts)
    assert [s.state for s in e.steps()][:6] == [State.DONE] * 6
    rid = e.open_round(posts["m"]).value
    assert [s.state for s in e.steps()][:4] == [State.LOCKED] * 4
    doc = vote(e, rid, yes_ballots({CANDS[0]: 40, CANDS[1]: 39, CANDS[2]: 38, CANDS[3]: 37, CANDS[4]: 36, CANDS[5]: 2}, 40))
    assert sorted(doc["elected"]) == sorted(CANDS[:5])
    assert e.gate(Step.RESULTS).ok and not e.gate(Step.PLENARY).ok
    assert plenary(e, posts, CANDS[0])["elected"] == [CANDS[0]]
    assert e.mark_official("主持人").ok
    assert all(s.state == State.LOCKED for s in e.steps())
    assert e.verify_audit().ok
    locked = e.open_round(posts["m"], "additional")
    assert not locked.ok and locked.reasons[0].code == "election_locked"
    with pytest.raises(UserFacingError):
        e.add_members([MemberRecord("新人")])


def test_quorum_fails_then_met_after_more_sign_ins():
    e, posts = prepared(sign=32)  # E=40: exactly 4/5 is not enough (R3.1)
    ready(e, posts)
    g = e.gate(Step.SIGN_IN)
    assert not g.ok and g.reasons[0].code == "quorum_not_met" and g.reasons[0].rule == "R3.1"
    assert g.reasons[0].params["min_present"] == 33
    refused = e.open_round(posts["m"])
    assert not refused.ok and "quorum_not_met" in [r.code for r in refused.reasons]
    _all_reasons_cite_rules(refused)
    e.sign_in(posts["meeting"], [e.member_id(NAMES[32])])
    assert e.gate(Step.SIGN_IN).ok
    assert e.open_round(posts["m"]).ok


def test_probationary_and_exclusion_in_expected_count():
    e, posts = prepared(sign=33)
    ex = e.add_exclusion(e.member_id(NAMES[39]), "frail_bedridden")
    assert e.attendance(posts["meeting"]).expected == 40  # not approved yet (R2.3)
    e.approve_exclusion(ex, "测工〔2024〕3号", "2024-05-10", "2024-05-18")
    assert e.attendance(posts["meeting"]).expected == 39
    e.sign_in(posts["meeting"], [e.member_id("蒋预备")])
    assert e.attendance(posts["meeting"]).present == 33  # probationary: no vote (R2.1)


def test_candidate_list_refused_for_too_small_a_margin():
    e, posts = prepared(candidates=CANDS[:5])  # 5 seats need 6 candidates (R5.1)
    res = posts["approved"]
    assert not res.ok and [r.code for r in res.reasons] == ["margin_too_small"]
    assert res.reasons[0].rule == "R5.1" and res.reasons[0].params["min_candidates"] == 6
    _all_reasons_cite_rules(res)
    ready(e, posts)
    g = e.gate(Step.CANDIDATES)
    assert {r.code for r in g.reasons} == {"margin_too_small", "candidates_not_approved"}
    assert not e.open_round(posts["m"]).ok


def test_ineligible_unvetted_and_scrutineer_candidate_refused():
    e, posts = prepared()
    e.add_members([MemberRecord("孙察看", MemberStatus.LIUDANG_CHAKAN)])
    barred = e.set_candidates(posts["m"], [e.member_id(n) for n in CANDS] + [e.member_id("孙察看"), e.member_id(NAMES[10])])
    assert [(r.code, r.rule) for r in barred.reasons] == [("candidate_not_eligible", "R2.1")]  # refused where entered
    e.set_candidates(posts["m"], [e.member_id(n) for n in CANDS] + [e.member_id(NAMES[10])])
    res = e.approve_candidates(posts["m"], "x", "2024-05-01")
    codes = {(r.code, r.rule) for r in res.reasons}
    assert ("not_vetted", "R4.4") in codes and ("candidates_not_nominated", "R4.3") in codes
    bad = e.appoint_scrutineers(posts["meeting"], [(e.member_id(CANDS[0]), "scrutineer")])
    assert not bad.ok and bad.reasons[0].code == "scrutineer_is_candidate" and bad.reasons[0].rule == "R4.7"


def test_issue_and_return_limits():
    e, posts = prepared(sign=36)
    ready(e, posts)
    rid = e.open_round(posts["m"]).value
    over = e.issue_ballots(rid, 37)
    assert not over.ok and over.reasons[0].code == "issued_exceeds_present" and over.reasons[0].rule == "R8.1"
    assert not e.record_ballot(rid, {}).ok  # nothing issued yet
    assert e.issue_ballots(rid, 36).ok
    assert e.record_returned(rid, 37).ok  # a fact; the vote is invalid (R8.1)
    for _ in range(37):
        assert e.record_ballot(rid, {CANDS[0]: "yes"}).ok
    closing = e.close_round(rid)
    assert not closing.ok and closing.reasons[0].code == "returned_exceeds_issued"
    assert e.hold_again(rid).ok
    nxt = e.next_rounds(posts["m"])
    assert nxt[0].kind == "formal" and nxt[0].reason.code == "vote_to_repeat" and nxt[0].reason.rule == "R8.2"
    assert e.open_round(posts["m"], "formal").ok


def test_undo_last_ballot_and_unknown_name():
    e, posts = prepared()
    ready(e, posts)
    rid = e.open_round(posts["m"]).value
    e.issue_ballots(rid, 40)
    e.record_returned(rid, 40)
    first = e.record_ballot(rid, {CANDS[0]: "yes"}).value
    second = e.record_ballot(rid, {CANDS[1]: "no"}).value
    assert e.undo_last_ballot(rid).value == second
    assert e.undo_last_ballot(rid).value == first
    bad = e.record_ballot(rid, {"外人": "yes"})
    assert not bad.ok and bad.reasons[0].code == "unknown_candidate"
    assert e.verify_audit().ok


def test_tie_revote_among_the_tied():
    e, posts = prepared()
    ready(e, posts)
    rid = e.open_round(posts["m"]).value
    doc = vote(e, rid, yes_ballots({CANDS[0]: 40, CANDS[1]: 39, CANDS[2]: 38, CANDS[3]: 33, CANDS[4]: 25, CANDS[5]: 25}, 40))
    assert sorted(doc["tie_revote"]["among"]) == sorted(CANDS[4:6])
    g = e.gate(Step.RESULTS)
    assert not g.ok and g.reasons[0].code == "tie_revote_pending" and g.reasons[0].rule == "R9.3"
    assert not e.open_round(posts["m"], "additional").ok
    tie = e.open_round(posts["m"], "tie_revote")
    assert tie.ok and set(e.printed_names(tie.value)) == set(CANDS[4:6])
    doc2 = vote(e, tie.value, [{CANDS[4]: "yes"}] * 25 + [{CANDS[5]: "yes"}] * 15)
    assert doc2["elected"] == [CANDS[4]]
    assert e.gate(Step.RESULTS).ok and len(e.elected(posts["m"])) == 5


def test_additional_round_for_unfilled_seats():
    e, posts = prepared()
    ready(e, posts)
    rid = e.open_round(posts["m"]).value
    doc = vote(e, rid, yes_ballots({CANDS[0]: 40, CANDS[1]: 39, CANDS[2]: 38, CANDS[3]: 20, CANDS[4]: 19, CANDS[5]: 5}, 40))
    assert doc["unfilled_seats"] == 2  # 20 of 40 is exactly half: not elected (R9.1)
    nxt = e.next_rounds(posts["m"])
    assert [n.kind for n in nxt] == ["additional", "reduce_seats"] and nxt[0].reason.rule == "R9.4"
    assert nxt[0].seats == 2 and nxt[0].candidates == tuple(CANDS[3:6])
    add = e.open_round(posts["m"], "additional")
    assert add.ok
    doc2 = vote(e, add.value, yes_ballots({CANDS[3]: 30, CANDS[4]: 28, CANDS[5]: 3}, 40))
    assert sorted(doc2["elected"]) == sorted(CANDS[3:5])
    assert e.gate(Step.RESULTS).ok


def test_seats_reduced_with_consent_of_more_than_half():
    e, posts = prepared()
    ready(e, posts)
    rid = e.open_round(posts["m"]).value
    vote(e, rid, yes_ballots({CANDS[0]: 40, CANDS[1]: 39, CANDS[2]: 38, CANDS[3]: 37, CANDS[4]: 10, CANDS[5]: 5}, 40))
    half = e.reduce_seats(posts["m"], 4, 20, "2024-05-18")  # exactly half of 40: refused
    assert not half.ok and half.reasons[0].code == "consent_not_majority" and half.reasons[0].rule == "R9.4"
    too_low = e.reduce_seats(posts["m"], 3, 30, "2024-05-18")
    assert not too_low.ok and too_low.reasons[0].code == "reduction_not_allowed"
    assert e.reduce_seats(posts["m"], 4, 21, "2024-05-18").ok
    assert e.progress(posts["m"]).seats == 4 and e.gate(Step.RESULTS).ok


def test_secretary_elected_at_first_plenary():
    e, posts = prepared()
    ready(e, posts)
    vote(e, e.open_round(posts["m"]).value,
         yes_ballots({CANDS[0]: 40, CANDS[1]: 39, CANDS[2]: 38, CANDS[3]: 37, CANDS[4]: 36, CANDS[5]: 2}, 40))
    e.set_candidates(posts["sec"], [e.member_id(CANDS[5])])  # not on the new committee
    refused = e.open_round(posts["sec"])
    assert not refused.ok and "no_meeting" in [r.code for r in refused.reasons]
    committee = e.elected(posts["m"])
    meeting = e.open_meeting("plenary")
    e.sign_in(meeting, [e.member_id(n) for n in committee[:4]])  # 4 of 5: no quorum (R3.1)
    e.adopt_method(meeting, "等额", 4)
    e.appoint_scrutineers(meeting, [(e.member_id(committee[1]), "scrutineer")])
    res = e.open_round(posts["sec"])
    assert {(r.code, r.rule) for r in res.reasons} >= {("not_committee_member", "R4.10"), ("quorum_not_met", "R3.1")}
    e.sign_in(meeting, [e.member_id(committee[4])])
    e.set_candidates(posts["sec"], [e.member_id(committee[0])])
    rid = e.open_round(posts["sec"]).value
    doc = vote(e, rid, [{committee[0]: "yes"}] * 3 + [{committee[0]: "no"}] * 2)
    assert doc["elected"] == [committee[0]] and doc["quorum"]["expected"] == 5
    assert e.gate(Step.PLENARY).ok and e.mark_official("x").ok


def test_every_gate_refusal_names_a_rule():
    e = Election.in_memory(clock())
    for s in e.steps():
        for r in s.reasons:
            # a step-order sentence keeps its rule id (tooltips, audit) but cites no regulation in the text
            uncited = r.code in messages.UNCITED
            assert r.rule.startswith("R") and r.message().endswith(cited(r.rule)) != uncited
    assert all(rule.startswith("R") for rule in GATE_RULES.values())
    assert not e.mark_official("x").ok


def test_amendment_after_lock_is_recorded_and_recounts():
    e, posts = prepared()
    ready(e, posts)
    rid = e.open_round(posts["m"]).value
    vote(e, rid, yes_ballots({CANDS[0]: 40, CANDS[1]: 39, CANDS[2]: 38, CANDS[3]: 37, CANDS[4]: 21, CANDS[5]: 20}, 40))
    assert not e.record_ballot(rid, {}).ok  # closed: ballots locked
    doc = e.count_input(rid)
    target = next(b for b in doc["ballots"] if b["marks"].get(CANDS[5]) != "yes" and len(b["marks"]) < 5)
    res = e.amend_ballot(target["id"], {**target["marks"], CANDS[5]: "yes"}, reason_text="计票错误", approved_by="总监票人")
    assert res.ok and [r.code for r in res.reasons] == ["elected_changed"]
    assert e.round_result(rid)["tie_revote"] is not None and e.verify_audit().ok


def test_tallies_instead_of_ballots():
    e, posts = prepared()
    ready(e, posts)
    rid = e.open_round(posts["m"]).value
    e.issue_ballots(rid, 40)
    e.record_returned(rid, 40)
    bad = e.enter_tallies(rid, {n: (41, 0, 0, 0) for n in CANDS})
    assert not bad.ok and bad.reasons[0].code == "tally_sum_mismatch" and bad.reasons[0].rule == "R10.1"
    assert e.enter_tallies(rid, {n: (30 - i, 10 + i, 0, 0) for i, n in enumerate(CANDS)}).ok
    assert not e.record_ballot(rid, {}).ok
    assert sorted(e.close_round(rid).value["elected"]) == sorted(CANDS[:5])


MARK = st.sampled_from("ynau")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.lists(MARK, min_size=4, max_size=4),
                          st.lists(st.tuples(st.sampled_from(["王一", "外人", "", "李二"]), st.booleans()), max_size=2),
                          st.booleans()), max_size=30), st.integers(1, 4))
def test_fast_count_equals_engine(raw, seats):
    cands = ("王一", "李二", "张三", "刘四")
    rows = [(f"{i:016x}", "".join(m), json.dumps(w, ensure_ascii=False, separators=(",", ":")), int(s and i % 3 == 0))
            for i, (m, w, s) in enumerate(raw)]
    from app.core.rules.counting import count_ballots
    from app.core.rules.model import Ballot, Mark, WriteIn

    ballots = [Ballot(bid, {c: Mark({"y": "yes", "n": "no", "a": "abstain", "u": "unreadable"}[x]) for c, x in zip(cands, m)},
                      tuple(WriteIn(n, k) for n, k in json.loads(w)), bool(s)) for bid, m, w, s in rows]
    assert counting.fast_count(rows, cands, seats, Settings()) == count_ballots(ballots, cands, seats, Settings())


def test_stored_decision_equals_engine_on_count_input():
    e, posts = prepared()
    ready(e, posts)
    rid = e.open_round(posts["m"]).value
    e.issue_ballots(rid, 40)
    e.record_returned(rid, 40)
    for i, b in enumerate(yes_ballots({CANDS[0]: 30, CANDS[1]: 25, CANDS[2]: 22, CANDS[3]: 21, CANDS[4]: 21}, 40)):
        e.record_ballot(rid, b, write_ins=["外人"] if i % 7 == 0 and len(b) < 5 else (), spoiled=i == 3)
    fast = outcome_to_json(counting.decide(e.db, rid))
    assert fast == outcome_to_json(counting.engine_outcome(e.db, rid))
    assert e.close_round(rid).value == fast


def counting_round(e: Election, posts: dict, returned: int = 4) -> int:
    """The assembly round with 40 issued and ``returned`` returned, ready for keying."""
    ready(e, posts)
    rid = e.open_round(posts["m"]).value
    assert e.issue_ballots(rid, 40).ok and e.record_returned(rid, returned).ok
    return rid


def test_double_entry_blocks_closing_until_both_entries_agree():
    e, posts = prepared()
    rid = counting_round(e, posts)
    assert e.record_ballot(rid, {CANDS[0]: "yes"}, pass_no=2).reasons[0].code == "double_entry_off"
    assert e.set_double_entry(rid, True).ok
    record = [{CANDS[0]: "yes"}, {CANDS[1]: "yes"}, {CANDS[0]: "yes"}, {}]
    for b in record:
        assert e.record_ballot(rid, b).ok
    for b in record[:0:-1]:  # teller B: another order, and a slip on the first ballot
        assert e.record_ballot(rid, b, pass_no=2).ok
    slip = e.record_ballot(rid, {CANDS[0]: "no"}, pass_no=2).value
    refused = e.close_round(rid)
    assert [(r.code, r.rule) for r in refused.reasons] == [("double_entry_differs", "R10.1")]
    assert refused.reasons[0].params == {"only_record": 1, "only_check": 1}
    view = e.double_entry(rid)
    assert (view.recorded, view.checked, [b.id for b in view.only_check]) == (4, 4, [slip])
    assert e.delete_ballot(rid, slip, pass_no=2).ok and e.record_ballot(rid, {CANDS[0]: "yes"}, pass_no=2).ok
    assert e.double_entry(rid).agreed and e.close_round(rid).ok
    events = [x for x in e.audit_entries() if x.event.startswith("check_ballot")]
    assert events and all(x.at is None for x in events)  # no time per ballot (R4.8)
    assert all(len(k.split("/")[1]) == 16 for x in events for k in x.rows)  # random ids only
    assert e.verify_audit().ok


def test_switching_double_entry_off_gives_up_the_check_entry():
    e, posts = prepared()
    rid = counting_round(e, posts)
    e.set_double_entry(rid, True)
    e.record_ballot(rid, {CANDS[0]: "yes"}, pass_no=2)
    assert e.set_double_entry(rid, False).value == 1 and e.double_entry(rid).checked == 0


def test_delete_ballot_only_before_the_round_closes():
    e, posts = prepared()
    rid = counting_round(e, posts, returned=1)
    bid = e.record_ballot(rid, {CANDS[0]: "yes"}).value
    assert e.delete_ballot(rid, "0" * 16).reasons[0].code == "unknown_ballot"
    assert e.delete_ballot(rid, bid).ok and e.round_count(rid).valid == 0
    assert e.audit_entries()[-1].event == "ballot_deleted" and e.audit_entries()[-1].at is None
    bid = e.record_ballot(rid, {CANDS[0]: "yes"}).value
    assert e.round_count(rid).tallies[CANDS[0]].yes == 1 and e.close_round(rid).ok
    assert e.delete_ballot(rid, bid).reasons[0].code == "round_closed"


def test_tally_sheets_must_add_up_for_every_name():
    e, posts = prepared()
    rid = counting_round(e, posts, returned=40)
    sheet = {n: (30, 8, 2, 0) for n in CANDS}
    bad = e.enter_tallies(rid, {**sheet, CANDS[0]: (30, 8, 1, 0)}, {"外人": 41})
    assert [(r.code, r.rule, r.params["name"]) for r in bad.reasons] == [
        ("tally_sum_mismatch", "R10.1", CANDS[0]), ("write_in_tally_over_valid", "R10.1", "外人")]
    assert "39" in bad.reasons[0].message() and cited("R10.1") in bad.reasons[0].message()
    assert e.enter_tallies(rid, sheet, invalid=41).reasons[0].code == "invalid_exceeds_returned"
    assert e.enter_tallies(rid, {n: (29, 8, 2, 0) for n in CANDS}, invalid=1).ok


def test_adopt_method_refuses_an_empty_text_and_too_few_votes():
    e, posts = prepared()
    empty = e.adopt_method(posts["meeting"], "  ", 40)
    assert [(r.code, r.rule) for r in empty.reasons] == [("method_text_missing", "R4.7")]
    assert e.adopt_method(posts["meeting"], "选举办法", 20).reasons[0].code == "method_votes_short"


def test_readers_and_scrutineer_suggestions():
    e, posts = prepared()
    e.record_incident("canvassing", "张一", "2024-05-10", "电话拉票")
    assert e.organization()["name"] == "中共测试支部委员会" and e.election_info()["place"] == "会议室"
    assert [n["name"] for n in e.nominations(posts["m"])] == CANDS and e.vetting(e.member_id(CANDS[0])) == PASS
    assert [n for _, n in e.candidates(posts["m"])] == CANDS and e.approval(posts["m"]) is not None
    m = e.meeting()
    assert m.id == posts["meeting"] and len(e.present_ids(m.id)) == 40 and e.exclusions() == []
    assert e.incidents()[0]["kind"] == "canvassing" and e.audit_entries()[-1].event == "incident_recorded"
    suggested = e.suggest_scrutineers(m.id)
    assert len(suggested) == 34 and not {e.member_id(n) for n in CANDS} & set(suggested)
    rid = counting_round(e, posts)
    info = e.round_info(rid)
    assert (info.office, info.candidates, info.keyed, info.plenary) == ("committee_member", tuple(CANDS), 0, False)


def test_reasons_show_names_not_ids():
    from app.core import i18n

    e = Election.in_memory(clock())
    e.set_organization("中共测试支部委员会", "branch")
    e.add_post("committee_member", 5)
    texts = [r.message() for s in e.steps() for r in s.reasons]
    assert not any("party:" in t or "committee_member" in t or "{" in t for t in texts), texts
    i18n.set_language("zh_CN")
    try:
        assert "请先完成“筹备”步骤" in [r.message() for s in e.steps() for r in s.reasons]  # step order: no citation
    finally:
        i18n.set_language("en")


def test_tally_sheet_with_fewer_counts_pads_and_bad_counts_are_refused(tmp_path):
    """(yes, no) alone means abstain and void are zero; a negative or fifth count is refused (R10.1)."""
    from app.core.demo import create_demo

    e = Election.open(create_demo(tmp_path / "t.votedesk", stop_at="counting"))
    rid = next(r.id for r in e.rounds() if not r.closed)
    names = e.printed_names(rid)
    bad = e.enter_tallies(rid, {names[0]: (30, -1)})
    assert not bad.ok and bad.reasons[0].code == "tallies_invalid" and bad.reasons[0].rule == "R10.1"
    assert not e.enter_tallies(rid, {names[0]: (1, 2, 3, 4, 5)}).ok
    valid = 36 - 1
    sheet = {n: (20, valid - 20) for n in names}
    result = e.enter_tallies(rid, sheet, invalid=1)
    assert result.ok, result.reasons
    e.close()


def test_rows_written_again_by_later_actions_are_logged_each_time():
    """Upserts that update (sign-out, sign-in again, the organization edited, a list re-approved) work and verify."""
    e, posts = prepared(sign=36)
    meeting, left = posts["meeting"], [e.member_id(n) for n in NAMES[30:33]]
    assert e.sign_out(meeting, left).present == 33
    assert e.attendance(meeting).present == 33
    assert e.sign_in(meeting, left).present == 36
    e.set_organization("中共测试社区支部委员会", "branch", "社区", "中共测试街道工委")
    assert e.organization()["name"] == "中共测试社区支部委员会"
    assert e.approve_candidates(posts["m"], "测工〔2024〕3号", "2024-05-02").ok
    assert e.approval(posts["m"])["approval_doc"] == "测工〔2024〕3号"
    assert e.verify_audit().ok
