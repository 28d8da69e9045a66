"""Build every document's input (app.core.reports.data) from an election file, recounting from stored ballots.

Papers print only recorded facts: each official paper its own issued number and date, every other paper
the dates of its meeting; never the day it is printed (``today`` parameters are kept for callers, unused)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date
from typing import Any

from app.core.errors import missing
from app.core.models import MemberRecord
from app.core.reports import data as rd
from app.core.reports.papercode import election_codes
from app.core.rules.election import RoundOutcome
from app.core.rules.model import Body, MemberStatus, RoundKind
from app.core.rules.strokes import sort_names
from app.core.storage import ballots as sb
from app.core.storage import candidates as sc
from app.core.storage import meeting as smt
from app.core.storage import members as sm
from app.core.storage import papers as sp
from app.core.storage import records as sr
from app.core.storage import scenarios as ssc
from app.core.storage import setup as ss
from app.core.workflow import state
from app.core.workflow.counting import engine_outcome

POST_TITLES = {"committee_member": "委员", "secretary": "书记", "deputy_secretary": "副书记",
               "standing_committee": "常务委员会委员", "delegate": "代表", "discipline_committee_member": "纪律检查委员会委员"}
STATUS_NOTES = {MemberStatus.PROBATIONARY: "预备党员", MemberStatus.LIUDANG_CHAKAN: "留党察看",
                MemberStatus.SUSPENDED: "停止党员权利"}
INCIDENT_KINDS = {"canvassing": "拉票", "bribery": "贿选", "clan_interference": "宗族势力干扰", "threat": "威胁",
                  "ballot_fraud": "伪造选票或虚报票数", "disruption": "扰乱会场", "false_accusation": "诬告",
                  "retaliation": "打击报复", "irregular_transfer": "突击转移组织关系", "other": "其他"}
PLENARY_ELECTORS = "新一届委员会第一次全体会议"
OFFICER_TITLES = ("书记", "副书记")


def plenary_electors(db: Any) -> str:
    """Who elects the secretary: the new committee's first plenary, or in a by-election the committee (R13.4)."""
    return "委员会全体会议" if state.is_by_election(db) else PLENARY_ELECTORS


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def organization(db: Any) -> rd.Organization:
    """The organization as the papers name it: its name, its committee, its higher level."""
    org = ss.organization(db) or {"name": "（未填写组织名称）", "higher_org": None}
    name = org["name"]
    if org.get("kind") == "branch_no_committee":  # no committee: the branch itself issues its papers (R1.4)
        return rd.Organization(name, name, org.get("higher_org") or "上级党组织")
    base = name[: -len("委员会")] if name.endswith("委员会") else name
    return rd.Organization(base, base + "委员会", org.get("higher_org") or "上级党组织")


def fingerprint(db: Any) -> str:
    """SHA-256 of the election's definition: organization, election, posts and candidate lists."""
    definition = {
        "organization": ss.organization(db), "election": _definition_fields(ss.election(db) or {}),
        "posts": [(p.committee, p.office, p.seats, p.competitive) for p in ss.posts(db)],
        "candidates": {f"{p.committee}:{p.office}": [n for _, n in sc.candidates(db, p.id)] for p in ss.posts(db)},
    }
    return hashlib.sha256(json.dumps(definition, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _definition_fields(election: dict[str, Any]) -> dict[str, Any]:
    # Official/official_by change when results are marked official; the definition must not. Nor do the facts
    # only papers print (the outgoing term, the work report heard), which may be entered after the vote.
    return {k: v for k, v in election.items() if k not in ("official", "official_by", "term_started", "work_report")}


def election_info(db: Any, today: date | None = None) -> rd.ElectionInfo:
    """The election as a whole, with the fingerprint every page prints."""
    e = ss.election(db) or {}
    org = organization(db)
    method = ssc.scenario(db)
    kind_word = "补选" if method["election_kind"] == "by_election" else "换届"
    posts = {p.id: p for p in ss.posts(db)}
    preliminary = tuple((POST_TITLES.get(p.office, p.office), ssc.post_method(db, p.id)["advance"]) for p in posts.values()
                        if ssc.post_method(db, p.id)["advance"])
    return rd.ElectionInfo(
        title=f"{org.committee}{'补选' if kind_word == '补选' else '换届选举'}", body=Body(e.get("body") or "member_assembly"),
        term="" if kind_word == "补选" else "新一届",  # a by-election completes the sitting committee (R13.4)
        date=_d(e.get("meeting_date")), place=e.get("place") or "", rehearsal=bool(e.get("rehearsal")),
        fingerprint=fingerprint(db), kind_word=kind_word, direct_secretary=state.direct_secretary(db),
        has_committee=state.org_kind(db) != "branch_no_committee", direct_doc=method["direct_secretary_doc"] or "",
        preliminary=preliminary, preliminary_on_expected=method["preliminary_base"] == "expected",
        revote_more_votes=method["revote_rule"] == "more_votes", sitting=len(ssc.sitting(db)),
    )


def candidate_rows(db: Any, post_id: int) -> tuple[rd.CandidateRow, ...]:
    """The data sheet of a post's candidates, in ballot (stroke) order."""
    rows = []
    for member_id, _name in sc.candidates(db, post_id):
        m = sm.member(db, member_id) or missing("member", member_id)  # a candidate is a member (foreign key)
        rows.append(rd.CandidateRow(m.name, m.sex or "", m.birth_date, m.ethnicity or "", m.joined_date,
                                    m.education or "", m.post or ""))
    return tuple(rows)


def attendees(db: Any) -> tuple[rd.Attendee, ...]:
    """The sign-in sheet: every member, voters marked by the engine's rights and exclusion rules."""
    from app.core.rules.attendance import exclusion_problem, has_voting_rights
    from app.core.rules.model import Exclusion, RosterMember

    excl = {e.member_id: e for e in sm.exclusions(db)}
    out = []
    day = state.assembly_day(db)
    for mid, rec in sm.members(db):
        e = excl.get(mid)
        ex = Exclusion(e.reason, bool(e.consent_doc and e.consent_date), bool(e.assembly_date)) if e else None
        status = rec.standing_on(day)
        excluded = ex is not None and exclusion_problem(RosterMember(rec.name, status, False, ex)) is None
        note = STATUS_NOTES.get(status, "经批准不列入应到会人数" if excluded else "") + _restriction_dates(rec, status)
        out.append(rd.Attendee(rec.name, has_voting_rights(status) and not excluded, note=note))
    return tuple(out)


def _restriction_dates(rec: MemberRecord, status: MemberStatus) -> str:
    """The dates of a restriction in force (R13.7), as the sign-in sheet prints them: （2023年3月1日至2025年2月28日）."""
    if status != rec.restriction or not (rec.restricted_from or rec.restricted_until):
        return ""
    start = _cn_day(rec.restricted_from)
    end = f"至{_cn_day(rec.restricted_until)}" if rec.restricted_until else ""
    return f"（{start}{end or '起'}）"


def _cn_day(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""  # as styles.cn_date, without loading reportlab here


def _outcome(db: Any, round_id: int) -> RoundOutcome:
    """Recount a round from its stored ballots with the engine (never trust a stored result)."""
    return engine_outcome(db, round_id)


def _electors(db: Any, r: sb.Round) -> tuple[str, date | None]:
    m = state.meeting_of(db, r)
    info = ss.election(db) or {}
    name = plenary_electors(db) if m.kind == "plenary" else rd.MEETING[Body(info.get("body") or "member_assembly")]
    return name, _d(m.held_on or info.get("meeting_date"))


def round_reports(db: Any, plenary: bool) -> tuple[rd.RoundReport, ...]:
    """Every closed round of the assembly (or of the first plenary), in the order held, with its paper code."""
    codes = election_codes(db)
    by_election = ssc.scenario(db)["election_kind"] == "by_election"
    out: list[rd.RoundReport] = []
    tied: set[int] = set()  # posts whose last preliminary was tied at the cut
    for r in sb.rounds(db):
        if not r.closed:
            continue
        post = state.post_of(db, r)
        if state.is_plenary_post(db, post) != plenary:
            continue
        electors, on = _electors(db, r)
        rep = rd.round_report(_outcome(db, r.id), POST_TITLES.get(post.office, post.office), electors=electors, on=on)
        revote = r.kind == "preliminary" and post.id in tied  # after a tie at the cut: the tied only (R9.3)
        if r.kind == "preliminary":
            tied = tied | {post.id} if rep.tie_among and rep.vote_valid else tied - {post.id}
        out.append(replace(rep, paper_code=codes.get(r.id, ""), revote=revote, by_election=by_election))
    return tuple(out)


def officials(db: Any, plenary: bool) -> tuple[rd.Officials, ...]:
    """Who signs each counting report: the approved scrutineers and tellers of the round's meeting."""
    names = sm.names(db)
    out = []
    for r in sb.rounds(db):
        if not r.closed:
            continue
        post = state.post_of(db, r)
        if state.is_plenary_post(db, post) != plenary:
            continue
        people = [(role, names[mid]) for mid, role, approved in smt.scrutineers(db, r.meeting_id) if approved]
        chief = next((n for role, n in people if role == "chief_scrutineer"), None)
        out.append(rd.Officials(chief, tuple(n for role, n in people if role == "scrutineer") or ("", ""),
                                tuple(n for role, n in people if role == "teller") or ("", "")))
    return tuple(out)


def elected_members(reports: tuple[rd.RoundReport, ...]) -> tuple[rd.Elected, ...]:
    """The committee members the assembly elected, in surname-stroke order with the votes that elected them (R9.6);
    a secretary or deputy it elected directly (R13.2) is reported with the officers."""
    votes = {n: (r.votes(n), r.post) for r in reports for n in r.elected if r.post not in OFFICER_TITLES}
    return tuple(rd.Elected(n, votes[n][0], votes[n][1]) for n in sort_names(votes))


def _incidents(db: Any) -> tuple[str, ...]:
    out = []
    for i in sr.incidents(db):
        text = f"{INCIDENT_KINDS.get(i['kind'], i['kind'])}：{i['description']}"
        extra = "；".join(x for x in (i.get("action") and f"处理：{i['action']}", i.get("outcome") and f"结果：{i['outcome']}") if x)
        out.append(f"{text}（{extra}）" if extra else text)
    return tuple(out)


def citation(title: str | None, number: str) -> str:
    """A paper cited as official papers cite one: 《title》（number）; without a recorded title, 批复（number）."""
    return f"《{title}》（{number}）" if title else f"批复（{number}）"


def _reply_ref(db: Any, subject: str) -> str:
    replies = [r for r in ss.replies(db, subject) if r.get("approved")]
    return citation(replies[-1].get("title"), replies[-1]["doc_no"]) if replies else ""


def _issue(db: Any, kind: str) -> sp.PaperRecord | None:
    """The paper's issue as recorded; the election request's number and date are those recorded with it (R4.1)."""
    rec = sp.papers(db).get(kind)
    el = ss.election(db) or {}
    if rec is None and kind == "election_request" and el.get("request_doc") and el.get("request_date"):
        return sp.PaperRecord(kind, el["request_doc"], el["request_date"])
    return rec


def _issued(db: Any, kind: str) -> dict[str, Any]:
    """The issue fields of a paper's data: number, date, contact (blank until issued)."""
    rec = _issue(db, kind)
    if rec is None:
        return {"number": "", "issued": None, "contact": "", "phone": ""}
    return {"number": rec.doc_no, "issued": _d(rec.dated), "contact": rec.contact, "phone": rec.phone}


def _duties(db: Any, rounds: tuple[rd.RoundReport, ...]) -> tuple[tuple[str, str], ...]:
    """The division of duties as recorded, the new committee in stroke order (R4.12)."""
    names, duties = sm.names(db), sp.duties(db)
    by_name = {names[mid]: duty for mid, duty in duties.items()}
    return tuple((m.name, by_name[m.name]) for m in elected_members(rounds) if m.name in by_name)


def result_report_data(db: Any, today: date | None = None) -> rd.ResultReportData:
    """关于选举结果的报告: the assembly's rounds, the elected, the first plenary, incidents (R10.2)."""
    rounds, plenary = round_reports(db, False), round_reports(db, True)
    assembly = state.assembly_meeting(db)
    committee_posts = [p for p in ss.posts(db) if p.office == "committee_member"]
    issue = _issued(db, "result_report")
    return rd.ResultReportData(
        org=organization(db), election=election_info(db), rounds=rounds, members=elected_members(rounds),
        issued=issue["issued"], number=issue["number"], plenary=plenary, plenary_date=plenary[0].date if plenary else None,
        officials=officials(db, False) + officials(db, True), duties=_duties(db, rounds),
        work_report=(ss.election(db) or {}).get("work_report") or "",
        candidates=tuple(c for p in committee_posts for c in candidate_rows(db, p.id)
                         if c.name in {e for r in rounds for e in r.elected}),
        incidents=_incidents(db), method=(assembly.method_text or "") if assembly else "",
        approval_ref=_reply_ref(db, "hold_election"),
    )


def member_counts(db: Any) -> dict[str, int]:
    """现有党员 = 正式 + 预备 (R13.7): a member is one or the other; a restriction (留党察看, suspension) in force
    on the day of the assembly is counted inside the full members; 有表决权的正式党员 is a separate figure."""
    from app.core.rules.attendance import has_voting_rights

    day = state.assembly_day(db)
    roll = [rec for _, rec in sm.members(db)]
    statuses = [rec.status for rec in roll]
    probationary = statuses.count(MemberStatus.PROBATIONARY)
    standing = [rec.standing_on(day) for rec in roll]
    restricted = sum(1 for s in standing if s in (MemberStatus.LIUDANG_CHAKAN, MemberStatus.SUSPENDED))
    voting = sum(1 for s in standing if has_voting_rights(s))
    return {"members_total": len(statuses), "full_members": len(statuses) - probationary,
            "probationary": probationary, "restricted": restricted, "voting_full": voting}


def _plans(db: Any) -> tuple[rd.PostPlan, ...]:
    plans = []
    for p in ss.posts(db):
        electors = plenary_electors(db) if state.is_plenary_post(db, p) else rd.MEETING[election_info(db).body]
        plans.append(rd.PostPlan(POST_TITLES.get(p.office, p.office), p.seats, len(sc.candidates(db, p.id)) or p.seats, electors))
    return tuple(plans)


def election_request_data(db: Any, today: date | None = None) -> rd.ElectionRequestData:
    """换届选举的请示 (R4.1): the outgoing committee's election date as entered (blank if not), counts adding up."""
    el = ss.election(db) or {}
    years = el.get("term_years") or 5
    n = member_counts(db)
    info = election_info(db)
    return rd.ElectionRequestData(organization(db), info, _d(el.get("term_started")), years,
                                  members_total=n["members_total"], full_members=n["full_members"],
                                  probationary=n["probationary"], restricted=n["restricted"],
                                  voting_full=n["voting_full"], posts=_plans(db), agenda=_agenda(info),
                                  **_issued(db, "election_request"))


def _agenda(info: rd.ElectionInfo) -> tuple[str, ...]:
    """What the assembly does (R4.1): a by-election fills vacancies; a branch without a committee elects its secretary."""
    if info.kind_word == "补选":
        return ("补选委员会委员",)
    if not info.has_committee:
        return ("听取和审查上届支部书记的工作报告", "选举产生新一届党支部书记")
    return ("听取和审查上届委员会的工作报告", "选举产生新一届委员会")


def candidate_request_data(db: Any, today: date | None = None) -> rd.CandidateRequestData:
    """关于候选人预备人选的请示 (R4.5) for the committee members, with the plenary nominees."""
    posts = {p.office: p for p in ss.posts(db)}
    main = posts.get("committee_member") or next(iter(posts.values()), None)
    rows = candidate_rows(db, main.id) if main else ()
    nominees = tuple((POST_TITLES[o], n) for o in ("secretary", "deputy_secretary") if o in posts
                     for _, n in sc.candidates(db, posts[o].id) if o != (main.office if main else ""))
    post = POST_TITLES.get(main.office, "委员") if main else "委员"  # 书记 where the assembly elects it alone (R13.2)
    return rd.CandidateRequestData(organization(db), election_info(db), post, main.seats if main else 0, rows,
                                   nominees=nominees, reply_ref=_reply_ref(db, "hold_election"),
                                   **_issued(db, "candidate_request"))


def officer_request_data(db: Any, result: rd.ResultReportData) -> rd.OfficerRequestData | None:
    """关于……同志任职的请示: the secretary and deputy the first plenary elected, for approval (R4.12)."""
    direct = result.election.direct_secretary  # the assembly elected them itself (R13.2)
    source = result.rounds if direct else result.plenary
    officers = tuple((r.post, n, r.votes(n)) for r in source for n in r.elected if r.post in OFFICER_TITLES)
    if not officers:
        return None
    rec = _issue(db, "result_report")
    report = citation(f"{result.org.committee}关于{result.election.word}结果的报告", rec.doc_no) if rec else ""
    when = result.election.date if direct else result.plenary_date
    return rd.OfficerRequestData(result.org, result.election, officers, when, report_ref=report,
                                 meeting=result.election.meeting if direct else result.election.plenary_name,
                                 **_issued(db, "officer_request"))


def spare_copies(voters: int) -> int:
    """The spare set of ballots (R4.8): a tenth of the voters, at least two."""
    return max(2, -(-voters // 10))


def ballot_plan(db: Any) -> tuple[tuple[rd.BallotSpec, int, int], ...]:
    """(design, voters, copies) per round, the voters being its P (``state.voters``); before any round, one per
    assembly post's approved list, the voters being those expected with voting rights (E)."""
    out = []
    for r in sb.rounds(db):
        post = state.post_of(db, r)
        voters = state.voters(db, r)
        spec = rd.BallotSpec(POST_TITLES.get(post.office, post.office), r.seats,
                             tuple(n for _, n in sb.printed(db, r.id)), RoundKind(r.kind),
                             plenary=state.is_plenary_post(db, post), kind_word=_ballot_word(db))
        out.append((spec, voters, rd.ballot_copies(voters, spare_copies(voters))))
    if out:
        return tuple(out)
    expected = sum(1 for a in attendees(db) if a.voting)
    for p in state.assembly_posts(db):
        names = tuple(n for _, n in sc.candidates(db, p.id))
        if names:  # the method's preliminary comes first: its ballot selects as many as advance (R13.1)
            advance = ssc.post_method(db, p.id)["advance"]
            kind = RoundKind.PRELIMINARY if advance else RoundKind.FORMAL
            spec = rd.BallotSpec(POST_TITLES.get(p.office, p.office), advance or p.seats, names, kind,
                                 kind_word=_ballot_word(db))
            out.append((spec, expected, rd.ballot_copies(expected, spare_copies(expected))))
    return tuple(out)


def _ballot_word(db: Any) -> str:
    return "补选" if state.is_by_election(db) else "选举"  # 委员补选选票 (R13.4)


def ballot_specs(db: Any) -> tuple[tuple[rd.BallotSpec, int], ...]:
    """One ballot design per round with its copies (see ``ballot_plan``)."""
    return tuple((spec, copies) for spec, _voters, copies in ballot_plan(db))


def methods(db: Any) -> tuple[Any, ...]:
    """The draft election method of the assembly and of the first plenary, with the settings recorded (R4.7)."""
    from app.core.reports.method import MethodData

    info, plans, out = election_info(db), _plans(db), []
    for plenary, meeting in ((False, state.assembly_meeting(db)), (True, state.plenary_meeting(db, "party"))):
        posts = tuple(p for p in plans if (p.electors == plenary_electors(db)) == plenary)
        if not posts:
            continue
        on = _d(meeting.held_on) if meeting and meeting.held_on else info.date
        out.append(MethodData(organization(db), info, plenary_electors(db) if plenary else info.meeting, posts, plenary, on,
                              bool(meeting.write_in_needs_mark) if meeting else True))
    return tuple(out)


def notice(db: Any) -> Any:
    """The candidate notice (公示) of the committee members' list, where the approval recorded its dates (R4.5)."""
    from app.core.reports.notice import NoticeData

    main = next((p for p in ss.posts(db) if p.office == "committee_member"), None)
    approved = sc.approval(db, main.id) if main else None
    if main is None or approved is None or not (approved["notice_from"] and approved["notice_to"]):
        return None
    return NoticeData(organization(db), election_info(db), "委员", main.seats, candidate_rows(db, main.id),
                      citation(None, approved["approval_doc"]), date.fromisoformat(approved["notice_from"]),
                      date.fromisoformat(approved["notice_to"]))


def document_set(db: Any, today: date | None = None) -> rd.DocumentSet:
    """Everything the election prints, from the file as it stands; the working papers carry the meeting's date."""
    result = result_report_data(db)
    return rd.DocumentSet(
        election_request=election_request_data(db), candidate_request=candidate_request_data(db),
        attendees=attendees(db), ballots=ballot_specs(db),
        officials=officials(db, False) + officials(db, True), result=result, created=result.election.date,
        officer_request=officer_request_data(db, result), methods=methods(db), notice=notice(db),
    )


def build_documents(db: Any, today: date | None = None) -> dict[str, bytes]:
    """File name -> PDF bytes for every document of the election."""
    from app.core.reports.bundle import build_all

    return build_all(document_set(db, today))
