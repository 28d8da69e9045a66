"""Every election path of issue 14 through the core: preliminary then formal, direct secretary, by-election, sizes."""
from __future__ import annotations

import re

import pytest

from app.core.errors import UserFacingError
from app.core.models import MemberRecord
from app.core.rules.model import MemberStatus
from app.core.resultpkg import rule_report
from app.core.workflow import Election
from tests.core.test_workflow import NAMES, PASS, clock, plenary, prepared, ready, vote, yes_ballots

PRELIM = NAMES[:8]


def _preliminary_file(advance: int = 6, settings: tuple[str, str] | None = None) -> tuple[Election, dict]:
    e, posts = prepared(candidates=PRELIM)
    assert e.set_preliminary(posts["m"], advance).ok
    if settings:
        assert e.set_method_settings(*settings).ok
    ready(e, posts)
    return e, posts


def test_method_settings_are_fixed_once_the_meeting_adopted_the_method():
    e, posts = prepared(candidates=PRELIM)
    assert e.set_method_settings("more_votes", "present").ok and not e.method_adopted()
    ready(e, posts)  # the meeting adopts the method with these settings (R4.7)
    assert e.method_adopted()
    for refused in (e.set_preliminary(posts["m"], 6), e.set_method_settings("threshold", "expected")):
        assert [r.code for r in refused.reasons] == ["method_settings_adopted"]
    assert e.post_method(posts["m"])["advance"] is None and e.scenario()["revote_rule"] == "more_votes"
    assert "预选" not in _method_text(e)  # the printed method is the one voted on


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


# ---- papers: their text checked against the data ---------------------------------------------------------------
def _text(pdf: bytes) -> str:
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    return re.sub(r"—\d+—", "", "".join(text.split()))  # page numbers out, so sentences read across pages


def _request_text(e: Election) -> str:
    from app.core.documents import election_request_data
    from app.core.reports.requests import election_request_pdf

    return _text(election_request_pdf(election_request_data(e.db)))


def _report_text(e: Election) -> str:
    from app.core.documents import result_report_data
    from app.core.reports.result_report import result_report_pdf

    return _text(result_report_pdf(result_report_data(e.db)))


def _method_text(e: Election) -> str:
    from app.core.documents import methods
    from app.core.reports.method import method_pdf

    return "".join(_text(method_pdf(m)) for m in methods(e.db))


def test_preliminary_papers_tell_both_rounds_and_the_settings():
    e, posts = _preliminary_file(advance=6, settings=("more_votes", "expected"))
    text = _method_text(e)
    assert "委员先进行预选" in text and "确定正式候选人6名" in text and "超过应到会有选举权的党员的半数" in text
    assert "重新投票，得票多的当选" in text  # the re-vote rule as recorded (R13.8)
    assert "先进行预选，按得票多少确定正式候选人6名" in _request_text(e)
    rid = e.open_round(posts["m"], "preliminary").value
    vote(e, rid, yes_ballots({n: 30 - i for i, n in enumerate(PRELIM[:6])}, 40))
    fid = e.open_round(posts["m"], "formal").value
    vote(e, fid, yes_ballots({**{n: 38 - i for i, n in enumerate(PRELIM[:5])}, PRELIM[5]: 10}, 40))
    report = _report_text(e)
    assert "预选" in report and "正式选举" in report
    assert f"按得票多少，{'、'.join(PRELIM[:6])}进入正式选举" in report
    from app.core.documents import round_reports
    from app.core.reports.counting_report import decision_lines

    prelim = round_reports(e.db, False)[0]
    assert prelim.advancing == tuple(PRELIM[:6]) and prelim.threshold_base == 40
    assert decision_lines(prelim)[1].startswith("进入正式选举的候选人")


# ---- R13.2 the secretary elected by the member assembly -----------------------------------------------------------
SMALL = NAMES[:5]


def _small_branch() -> tuple[Election, dict]:
    e = Election.in_memory(clock())
    e.set_organization("中共测试小组党支部", "branch_no_committee", "社区", "中共测试街道工委")
    e.set_election("member_assembly", 5, "2024-05-18", "会议室")
    e.record_reply("hold_election", "测工〔2024〕1号", "2024-04-01")
    sec = e.add_post("secretary", 1, competitive=False)
    e.add_members([MemberRecord(n) for n in SMALL] + [MemberRecord("蒋预备", MemberStatus.PROBATIONARY)])
    e.nominate(sec, e.member_id(SMALL[0]), "party_group", 4)
    e.record_vetting(e.member_id(SMALL[0]), PASS)
    assert e.set_candidates(sec, [e.member_id(SMALL[0])]).ok
    assert e.approve_candidates(sec, "测工〔2024〕2号", "2024-05-01").ok
    meeting = e.open_meeting("assembly", "2024-05-18")
    e.sign_in(meeting, [e.member_id(n) for n in SMALL])
    assert e.adopt_method(meeting, "选举办法", 5).ok
    assert e.appoint_scrutineers(meeting, [(e.member_id(SMALL[1]), "scrutineer")]).ok
    return e, {"sec": sec, "meeting": meeting}


def test_a_five_member_branch_elects_its_secretary_at_the_assembly():
    e, posts = _small_branch()
    with pytest.raises(UserFacingError) as info:
        e.add_post("committee_member", 3)  # no committee below 7 full members (R1.4)
    assert info.value.code == "no_committee_to_elect"
    rid = e.open_round(posts["sec"]).value
    assert e.rounds()[0].meeting_id == posts["meeting"]  # the assembly, not a plenary
    doc = vote(e, rid, [{SMALL[0]: "yes"}] * 4 + [{SMALL[0]: "no"}])
    assert doc["elected"] == [SMALL[0]] and doc["quorum"]["expected"] == 5
    assert e.mark_official("主持人").ok and e.verify_audit().ok and rule_report(e.db).ok
    request, report = _request_text(e), _report_text(e)
    assert "经委员会研究" not in request and "经党支部研究" in request
    assert "党员大会采用无记名投票的办法直接选举产生书记" in request and "第一次全体会议" not in request
    assert f"选举{SMALL[0]}为书记（得赞成票4票）" in report and "第一次全体会议" not in report
    assert "现有党员6名，其中正式党员5名、预备党员1名；有表决权的正式党员5名" in request  # R13.7 counts add up
    from app.core.documents import officer_request_data, result_report_data
    from app.core.reports.requests import officer_request_pdf

    officer = officer_request_data(e.db, result_report_data(e.db))
    assert officer is not None and officer.officers == (("书记", SMALL[0], 4),)
    officer_text = _text(officer_request_pdf(officer))
    assert "召开党员大会" in officer_text and "书记选举产生后" in officer_text and "副书记" not in officer_text
    assert "本次选举的职数和候选人数拟定如下" in request and "新一届委员会" not in request  # no committee (R13.2)
    from app.core.documents import candidate_request_data
    from app.core.reports.requests import candidate_request_pdf

    shortlist = _text(candidate_request_pdf(candidate_request_data(e.db)))
    assert "关于书记候选人预备人选的请示" in shortlist and "委员会" not in shortlist.replace("支部委员会", "")


def test_a_branch_without_a_committee_has_fewer_than_seven_full_members():
    e = Election.in_memory(clock())
    e.set_organization("中共测试党支部", "branch_no_committee", "社区", "中共测试街道工委")
    e.add_members([MemberRecord(n) for n in NAMES[:7]])
    assert "committee_needed" in [r.code for r in e.gate("roll").reasons]


def test_a_branch_with_a_committee_elects_its_secretary_directly_with_approval():
    e, posts = prepared()
    assert not e.set_direct_secretary("").ok  # the approving document is recorded (R13.2)
    assert e.set_direct_secretary("测工〔2024〕3号").ok
    sec = posts["sec"]
    e.nominate(sec, e.member_id(NAMES[0]), "party_group", 3)
    assert e.set_candidates(sec, [e.member_id(NAMES[0])]).ok
    assert e.approve_candidates(sec, "测工〔2024〕4号", "2024-05-01").ok
    ready(e, posts)
    early = e.open_round(sec)
    assert not early.ok and early.reasons[0].code == "committee_not_elected"  # the committee first, then its secretary
    rid = e.open_round(posts["m"]).value
    vote(e, rid, yes_ballots({NAMES[0]: 38, NAMES[1]: 37, NAMES[2]: 36, NAMES[3]: 35, NAMES[4]: 34, NAMES[5]: 20}, 40))
    sid = e.open_round(sec).value
    assert e.rounds()[-1].meeting_id == posts["meeting"]
    doc = vote(e, sid, [{NAMES[0]: "yes"}] * 36 + [{NAMES[0]: "no"}] * 4)
    assert doc["elected"] == [NAMES[0]] and doc["quorum"]["present"] == 40
    assert e.mark_official("主持人").ok and e.verify_audit().ok and rule_report(e.db).ok
    request, report = _request_text(e), _report_text(e)
    assert "拟由党员大会直接选举产生书记，请上级党组织批准" in request and "批准，由" not in request  # asked, not quoted
    assert "经上级党组织测工〔2024〕3号批准" in report  # the result report quotes the approval recorded
    assert "新一届委员会第一次全体会议" not in request and "召开第一次全体会议" not in report
    assert f"选举{NAMES[0]}为书记（得赞成票36票）" in report
    assert "委员5名" in report and f"{NAMES[0]}（38票）" in report  # the committee members with their own votes


# ---- R13.4 a by-election ------------------------------------------------------------------------------------------
def _by_election(single_doc: str | None = None) -> tuple[Election, dict]:
    e = Election.in_memory(clock())
    e.set_organization("中共测试支部委员会", "branch", "社区", "中共测试街道工委")
    assert e.set_election_kind("by_election", single_doc).ok
    e.set_election("member_assembly", None, "2024-05-18", "会议室")
    e.record_reply("hold_election", "测工〔2024〕1号", "2024-04-01")
    e.add_members([MemberRecord(n) for n in NAMES[:30]])
    sitting = [(e.member_id(NAMES[0]), "secretary"), *((e.member_id(n), "committee_member") for n in NAMES[1:4])]
    assert e.set_sitting_committee(sitting).ok
    return e, {"sitting": sitting}


def test_a_by_election_for_one_seat():
    e, posts = _by_election()
    with pytest.raises(UserFacingError):
        e.add_post("committee_member", 4)  # 4 sitting + 4 would exceed the branch committee's 7 (R13.5)
    with pytest.raises(UserFacingError):
        e.add_post("committee_member", 1, competitive=False)  # 等额 for one seat only with the approval (R13.4)
    post = e.add_post("committee_member", 1)
    sitting_name = NAMES[1]
    e.nominate(post, e.member_id(sitting_name), "party_group")
    for n in NAMES[10:12]:
        e.nominate(post, e.member_id(n), "party_group", 3)
        e.record_vetting(e.member_id(n), PASS)
    e.record_vetting(e.member_id(sitting_name), PASS)
    assert e.set_candidates(post, [e.member_id(n) for n in [sitting_name, *NAMES[10:12]]]).ok
    refused = e.approve_candidates(post, "测工〔2024〕2号", "2024-05-01")
    assert not refused.ok and refused.reasons[0].code == "already_sitting"
    assert e.set_candidates(post, [e.member_id(n) for n in NAMES[10:12]]).ok
    assert e.withdraw_nomination(post, e.member_id(sitting_name)).ok
    assert e.approve_candidates(post, "测工〔2024〕2号", "2024-05-01").ok
    meeting = e.open_meeting("assembly", "2024-05-18")
    e.sign_in(meeting, [e.member_id(n) for n in NAMES[:30]])
    assert e.adopt_method(meeting, "补选办法", 30).ok
    assert e.appoint_scrutineers(meeting, [(e.member_id(NAMES[20]), "scrutineer")]).ok
    rid = e.open_round(post).value
    doc = vote(e, rid, [{NAMES[10]: "yes"}] * 20 + [{NAMES[11]: "yes"}] * 10)
    assert doc["elected"] == [NAMES[10]]
    assert e.mark_official("主持人").ok and e.verify_audit().ok and rule_report(e.db).ok
    request, report = _request_text(e), _report_text(e)
    assert "进行补选的请示" in request and "现有委员4名，缺额1名" in request and "换届" not in request
    assert "关于补选结果的报告" in report and "补选新一届" not in report and f"{NAMES[10]}（20票）" in report
    assert "补选后，中共测试支部委员会共有委员5名" in report  # the four sitting members and the one elected
    assert "新一届" not in report and "换届" not in report and "（一）委员补选·正式选举" in report
    assert "补选委员基本情况" in report
    from app.core.documents import ballot_specs
    from app.core.reports.ballot import title

    spec, _copies = ballot_specs(e.db)[0]
    assert title(_org(e), spec).endswith("委员补选选票")


def _org(e: Election):
    from app.core.documents import organization

    return organization(e.db)


def test_a_single_seat_by_election_may_be_single_candidate_with_approval():
    e, _posts = _by_election("测工〔2024〕5号")
    post = e.add_post("committee_member", 1, competitive=False)
    assert e.posts()[0].competitive is False and post


# ---- R13.5 sizes and terms, R13.3 order, R13.6 margin before print ----------------------------------------------
@pytest.mark.parametrize("kind, seats, ok", [("general_branch", 4, False), ("general_branch", 9, True),
                                             ("general_branch", 10, False), ("party_committee", 10, False),
                                             ("party_committee", 5, True), ("branch", 8, False)])
def test_committee_sizes_by_kind(kind, seats, ok):
    e = Election.in_memory(clock())
    e.set_organization("中共测试委员会", kind)
    if ok:
        assert e.add_post("committee_member", seats)
    else:
        with pytest.raises(UserFacingError) as info:
            e.add_post("committee_member", seats)
        assert info.value.code in ("committee_size", "committee_size_kind")


def test_terms_by_kind_and_a_moved_date_needs_the_approval():
    e = Election.in_memory(clock())
    e.set_organization("中共测试总支部委员会", "general_branch", "机关")
    with pytest.raises(UserFacingError) as info:
        e.set_election("member_assembly", 5, "2024-05-18", "会议室")  # a general branch's term is 3 years (R1.5)
    assert info.value.code == "term_not_by_kind"
    e.set_election("member_assembly", 3, "2024-05-18", "会议室")
    with pytest.raises(UserFacingError) as info:
        e.set_term_started("2020-01-10")  # the term ended 2023-01-10: moved by more than a year (R1.1)
    assert info.value.code == "term_shift_too_long"
    e.set_term_started("2020-11-18")  # ended 2023-11-18: six months late, allowed with the approval
    assert "term_shift_not_approved" in [r.code for r in e.gate("setup").reasons]
    assert e.record_term_shift("测工〔2023〕9号", "2023-10-01").ok
    assert "term_shift_not_approved" not in [r.code for r in e.gate("setup").reasons]
    e.set_term_started("2021-05-01")  # ends 2024-05-01: within three months, no approval needed
    assert "term_shift_not_approved" not in [r.code for r in e.gate("setup").reasons]


def test_seat_reduction_never_below_the_minimum():
    e, posts = prepared(seats=3, candidates=NAMES[:4])
    ready(e, posts)
    rid = e.open_round(posts["m"]).value
    vote(e, rid, yes_ballots({NAMES[0]: 30, NAMES[1]: 25, NAMES[2]: 10, NAMES[3]: 10}, 40))
    res = e.reduce_seats(posts["m"], 2, 30, "2024-05-18")
    assert not res.ok and res.reasons[0].code == "reduction_not_allowed"  # a branch committee has at least 3 (R9.4)


def test_standing_committee_prints_in_the_approved_order():
    from app.core.rules.strokes import sort_names

    e = Election.in_memory(clock())
    e.set_organization("中共测试委员会", "party_committee", "街道", "中共测试区委")
    e.set_election("member_assembly", 5, "2024-05-18", "会议室")
    e.record_reply("hold_election", "测区〔2024〕1号", "2024-04-01")
    m = e.add_post("committee_member", 7)
    sc_post = e.add_post("standing_committee", 3, competitive=False)
    e.add_members([MemberRecord(n) for n in NAMES[:40]])
    cands = NAMES[:9]
    for n in cands:
        e.nominate(m, e.member_id(n), "party_group", 3)
        e.record_vetting(e.member_id(n), PASS)
    assert e.set_candidates(m, [e.member_id(n) for n in cands]).ok
    assert e.approve_candidates(m, "测区〔2024〕2号", "2024-05-01").ok
    meeting = e.open_meeting("assembly", "2024-05-18")
    e.sign_in(meeting, [e.member_id(n) for n in NAMES[:40]])
    assert e.adopt_method(meeting, "办法", 40).ok
    assert e.appoint_scrutineers(meeting, [(e.member_id(NAMES[-1]), "scrutineer")]).ok
    rid = e.open_round(m).value
    vote(e, rid, yes_ballots({n: 35 - i for i, n in enumerate(cands[:7])}, 40))
    plenary_id = e.open_meeting("plenary", "2024-05-18")
    e.sign_in(plenary_id, [e.member_id(n) for n in cands[:7]])
    assert e.adopt_method(plenary_id, "等额", 7).ok
    assert e.appoint_scrutineers(plenary_id, [(e.member_id(cands[6]), "scrutineer")]).ok
    chosen = [cands[3], cands[0], cands[2]]
    assert sort_names(chosen) != chosen  # the approved order is not the stroke order
    ids = [e.member_id(n) for n in chosen]
    refused = e.open_round(sc_post, candidates=ids)
    assert not refused.ok and refused.reasons[0].code == "order_not_approved"
    assert not e.approve_order(m, ids, "测区〔2024〕3号").ok  # members print in stroke order (R6.1)
    assert e.approve_order(sc_post, ids, "测区〔2024〕3号").ok
    sid = e.open_round(sc_post, candidates=ids).value
    assert list(e.printed_names(sid)) == chosen


def test_margin_checked_again_before_ballots_print():
    e, posts = prepared()
    ready(e, posts)
    from app.core.workflow import gates

    assert gates.ballot_list_problems(e.db) == [[]]
    e.db.execute("UPDATE posts SET seats = 6 WHERE id = ?", [posts["m"]])  # a list no longer meeting the margin
    assert gates.ballot_list_problems(e.db)[0][0].code == "margin_too_small"
    with pytest.raises(UserFacingError):
        e.ballot_pdf(0)


@pytest.mark.parametrize("path", ["preliminary", "direct", "direct_approved", "by_election"])
def test_headless_demo_of_each_path_is_official_and_recounts(path, tmp_path):
    from app.cli import main

    target = tmp_path / f"{path}.votedesk"
    assert main(["demo", str(target), "--path", path]) == 0
    e = Election.open(target)
    assert e.election_info()["official"] and e.verify_audit().ok and rule_report(e.db).ok


# ---- a general branch, and a Party committee with a discipline commission ---------------------------------------
def _assembly_org(kind: str, posts: list[tuple[str, str, int]], cands: dict[str, list[str]]) -> tuple[Election, dict]:
    e = Election.in_memory(clock())
    e.set_organization("中共测试委员会", kind, "社区", "中共测试区委")
    e.set_election("member_assembly", 5, "2024-05-18", "会议室")
    e.record_reply("hold_election", "测区〔2024〕1号", "2024-04-01")
    ids = {(c, o): e.add_post(o, s, committee=c) for c, o, s in posts}
    e.add_members([MemberRecord(n) for n in NAMES[:40]])
    for (c, o), pid in ids.items():
        if (c, o) not in cands:
            continue
        for n in cands[(c, o)]:
            e.nominate(pid, e.member_id(n), "party_group", 3)
            e.record_vetting(e.member_id(n), PASS)
        assert e.set_candidates(pid, [e.member_id(n) for n in cands[(c, o)]]).ok
        assert e.approve_candidates(pid, "测区〔2024〕2号", "2024-05-01").ok
    meeting = e.open_meeting("assembly", "2024-05-18")
    e.sign_in(meeting, [e.member_id(n) for n in NAMES[:40]])
    assert e.adopt_method(meeting, "办法", 40).ok
    assert e.appoint_scrutineers(meeting, [(e.member_id(NAMES[-1]), "chief_scrutineer")]).ok
    return e, ids


def _first_plenary(e: Election, committee: str, members: list[str], secretary: int) -> None:
    meeting = e.open_meeting("plenary", "2024-05-18", committee=committee)
    e.sign_in(meeting, [e.member_id(n) for n in members])
    assert e.adopt_method(meeting, "等额", len(members)).ok
    assert e.appoint_scrutineers(meeting, [(e.member_id(members[-1]), "scrutineer")]).ok
    assert e.set_candidates(secretary, [e.member_id(members[0])]).ok
    rid = e.open_round(secretary).value
    assert vote(e, rid, [{members[0]: "yes"}] * len(members))["elected"] == [members[0]]


def test_a_general_branch_elects_seven_and_its_secretary():
    seven = NAMES[:9]
    e, posts = _assembly_org("general_branch", [("party", "committee_member", 7), ("party", "secretary", 1)],
                             {("party", "committee_member"): seven})
    rid = e.open_round(posts[("party", "committee_member")]).value
    doc = vote(e, rid, yes_ballots({n: 38 - i for i, n in enumerate(seven[:7])} | {seven[7]: 10, seven[8]: 9}, 40))
    assert sorted(doc["elected"]) == sorted(seven[:7])
    _first_plenary(e, "party", seven[:7], posts[("party", "secretary")])
    assert e.mark_official("主持人").ok and e.verify_audit().ok and rule_report(e.db).ok
    assert "委员7名" in _report_text(e)


def test_a_party_committee_with_a_discipline_commission():
    party, discipline = NAMES[:6], NAMES[10:14]
    e, posts = _assembly_org("party_committee", [("party", "committee_member", 5), ("party", "secretary", 1),
                                                 ("discipline", "discipline_committee_member", 3),
                                                 ("discipline", "secretary", 1)],
                             {("party", "committee_member"): party,
                              ("discipline", "discipline_committee_member"): discipline})
    rid = e.open_round(posts[("party", "committee_member")]).value
    vote(e, rid, yes_ballots({n: 38 - i for i, n in enumerate(party[:5])} | {party[5]: 10}, 40))
    rid = e.open_round(posts[("discipline", "discipline_committee_member")]).value
    doc = vote(e, rid, yes_ballots({discipline[0]: 35, discipline[1]: 34, discipline[2]: 33, discipline[3]: 12}, 40))
    assert sorted(doc["elected"]) == sorted(discipline[:3])
    _first_plenary(e, "party", party[:5], posts[("party", "secretary")])
    _first_plenary(e, "discipline", discipline[:3], posts[("discipline", "secretary")])
    assert e.mark_official("主持人").ok and e.verify_audit().ok and rule_report(e.db).ok
    report = _report_text(e)
    assert "纪律检查委员会委员" in report and f"选举{discipline[0]}为书记" in report


# ---- R13.7 restrictions with dates ---------------------------------------------------------------------------------
def test_restrictions_have_dates_and_the_counts_add_up():
    from datetime import date

    from app.core.documents import attendees, member_counts

    e, posts = prepared()
    ended, running = NAMES[30], NAMES[31]
    for name, until in ((ended, date(2024, 3, 1)), (running, date(2025, 3, 1))):
        e.update_member(e.member_id(name), MemberRecord(name, MemberStatus.FULL, restriction=MemberStatus.LIUDANG_CHAKAN,
                                                        restricted_from=date(2022, 3, 1), restricted_until=until))
    roll = dict(e.members())
    assert roll[e.member_id(ended)].status == MemberStatus.FULL  # a member is full or probationary
    assert roll[e.member_id(running)].standing_on(date(2024, 5, 18)) == MemberStatus.LIUDANG_CHAKAN
    assert roll[e.member_id(ended)].standing_on(date(2024, 5, 18)) == MemberStatus.FULL
    counts = member_counts(e.db)
    assert counts == {"members_total": 41, "full_members": 40, "probationary": 1, "restricted": 1, "voting_full": 39}
    assert e.attendance(posts["meeting"]).expected == 39  # the restriction over by the meeting no longer takes the vote
    assert "现有党员41名，其中正式党员40名（含受留党察看处分或停止党员权利的1名）、预备党员1名；有表决权的正式党员39名" \
        in _request_text(e)
    notes = {a.name: a.note for a in attendees(e.db)}  # the sign-in sheet's remarks say the restriction's dates
    assert notes[running] == "留党察看（2022年3月1日至2025年3月1日）" and notes[ended] == ""
    assert f"{running}留党察看（2022年3月1日至2025年3月1日）" in _text(e.signin_pdf())


def test_standing_changes_and_restriction_dates_edited_on_the_roll():
    from datetime import date

    from app.core.rollimport.edit import edited_record

    rec = MemberRecord("王一").with_standing(MemberStatus.SUSPENDED)
    assert (rec.status, rec.restriction) == (MemberStatus.FULL, MemberStatus.SUSPENDED)
    dated = edited_record(rec, {"restricted_from": "2024-01-02", "restricted_until": "2025年1月"})
    assert (dated.restricted_from, dated.restricted_until) == (date(2024, 1, 2), date(2025, 1, 1))
    assert dated.with_standing(MemberStatus.SUSPENDED).restricted_from == date(2024, 1, 2)  # same restriction: kept
    lifted = dated.with_standing(MemberStatus.FULL)
    assert lifted.restriction is None and lifted.restricted_from is None and lifted.standing == MemberStatus.FULL
    assert edited_record(MemberRecord("李二"), {"restricted_from": "2024-01-02"}).restricted_from is None
    assert MemberRecord("张三", MemberStatus.LIUDANG_CHAKAN).restriction == MemberStatus.LIUDANG_CHAKAN


def test_preliminary_counting_report_marks_the_tied_at_the_cut():
    from app.core.documents import round_reports

    e, posts = _preliminary_file()
    rid = e.open_round(posts["m"], "preliminary").value
    vote(e, rid, yes_ballots({PRELIM[0]: 38, PRELIM[1]: 37, PRELIM[2]: 36, PRELIM[3]: 35, PRELIM[4]: 34, PRELIM[5]: 30,
                              PRELIM[6]: 30, PRELIM[7]: 0}, 40))
    rnd = round_reports(e.db, False)[0]
    words = {p.name: rnd.result_word(p) for p in rnd.persons}
    assert words[PRELIM[0]] == "进入正式选举" and words[PRELIM[5]] == words[PRELIM[6]] == "得票相等，重新投票"
    assert words[PRELIM[7]] == "未进入正式选举"


def test_the_re_vote_at_the_cut_is_told_apart_on_paper():
    """The tied at the cut are voted on again: round (一) says so, the re-vote has its own subtitle (R9.3, R13.1)."""
    from app.core.documents import election_info, officials, organization, round_reports
    from app.core.reports.counting_report import counting_report_pdf

    e, posts = _preliminary_file()
    rid = e.open_round(posts["m"], "preliminary").value
    vote(e, rid, yes_ballots({PRELIM[0]: 38, PRELIM[1]: 37, PRELIM[2]: 36, PRELIM[3]: 35, PRELIM[4]: 34, PRELIM[5]: 30,
                              PRELIM[6]: 30, PRELIM[7]: 0}, 40))
    vote(e, e.open_round(posts["m"], "preliminary").value, yes_ballots({PRELIM[5]: 25, PRELIM[6]: 12}, 40))
    rounds = round_reports(e.db, False)
    assert [r.kind_label for r in rounds] == ["预选", "预选（再次投票）"]
    report = _report_text(e)
    assert "（一）委员选举·预选（" in report and "（二）委员选举·预选（再次投票）（" in report
    first = report[report.index("（一）"):report.index("（二）")]
    assert f"{PRELIM[5]}30010得票相等，重新投票" in first and f"{PRELIM[6]}30010得票相等，重新投票" in first
    assert "进入正式选举须得赞成票超过实到会人数的半数" in first  # a preliminary elects nobody
    pages = _text(counting_report_pdf(organization(e.db), election_info(e.db), rounds, officials(e.db, False), None))
    assert pages.count("委员选举·预选·") == 1 and pages.count("委员选举·预选（再次投票）·") == 1


def _agenda_and_script(e: Election) -> tuple[str, str]:
    from app.core.documents import methods
    from app.core.reports.agenda import agenda_pdf
    from app.core.reports.script import script_pdf

    return _text(agenda_pdf(methods(e.db))), _text(script_pdf(methods(e.db)))


def test_agenda_and_script_hold_the_preliminary_then_the_formal_vote():
    agenda, script = _agenda_and_script(_preliminary_file(advance=6)[0])
    assert agenda.index("预选委员候选人，按得票多少确定正式候选人6名") < agenda.index("投票选举委员")
    assert script.index("首先进行委员预选") < script.index("请总监票人报告预选结果") < script.index("下面进行正式选举")
    assert script.index("下面进行正式选举") < script.index("请总监票人报告计票结果")


def test_by_election_agenda_and_script_say_补选():
    e, _posts = _by_election()
    e.add_post("committee_member", 1)
    agenda, script = _agenda_and_script(e)
    for text in (agenda, script):
        assert "新一届" not in text and "上届委员会的工作报告" not in text and "换届" not in text, text
    assert "委员出缺" in script and "补选委员" in script and "投票补选委员" in agenda


def test_ballots_printed_ahead_of_a_preliminary_say_预选():
    e, posts = _preliminary_file(advance=6)
    from app.core.documents import ballot_plan

    (spec, _voters, _copies), = ballot_plan(e.db)
    assert spec.kind.value == "preliminary" and spec.seats == 6  # as the round will open (R13.1)
    text = _text(e.ballot_pdf(0))
    assert "预选确定正式候选人6名候选人8名" in text and "正式选举" not in text


def test_the_request_is_not_issued_without_the_outgoing_committees_election_date():
    e, _posts = prepared()
    assert e.paper_draft("election_request").missing == "term_started_missing"
    with pytest.raises(UserFacingError) as refused:
        e.issue_paper("election_request", "测支〔2024〕1号", "2024-04-01")
    assert refused.value.code == "term_started_missing" and "election_request" not in e.papers()
    e.set_term_started("2019-05-16")
    assert e.paper_draft("election_request").missing == ""
    e.issue_paper("election_request", "测支〔2024〕1号", "2024-04-01")
    assert "2019年5月16日选举产生" in _request_text(e)
    by, _ = _by_election()
    assert by.paper_draft("election_request").missing == ""  # a by-election's request states no term


def test_plenary_agenda_and_script_titles_break_between_issuer_and_subject():
    import pypdfium2

    from app.core.documents import methods
    from app.core.reports.agenda import agenda_pdf
    from app.core.reports.script import script_pdf

    e, _posts = _preliminary_file()
    for pdf, subject in ((agenda_pdf(methods(e.db)), "第一次全体会议议程"), (script_pdf(methods(e.db)), "第一次全体会议主持词")):
        doc = pypdfium2.PdfDocument(pdf)
        lines = [ln.strip() for i in range(len(doc)) for ln in doc[i].get_textpage().get_text_range().splitlines()]
        assert subject in lines, lines[:12]  # a line of its own, not 第一次全体会/议议程


def test_a_by_election_of_the_secretary_is_at_the_committees_plenary_not_a_first_one():
    e, _posts = _by_election()
    e.add_post("committee_member", 1)
    e.add_post("secretary", 1)
    assert e.no_plenary() is None  # the secretary's seat is vacant too: the committee meets to fill it
    agenda, script = _agenda_and_script(e)
    assert "中共测试支部委员会全体会议议程" in agenda and "第一次全体会议" not in agenda + script
    assert "现在召开中共测试支部委员会全体会议" in script and "第一次全体会议" not in _method_text(e)
