"""Build every document's input (app.core.reports.data) from an election file, recounting from stored ballots."""
from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from app.core.countfmt import parse_count_input
from app.core.reports import data as rd
from app.core.rules.election import RoundOutcome, count_round
from app.core.rules.model import Body, MemberStatus, RoundKind
from app.core.rules.strokes import sort_names
from app.core.storage import ballots as sb
from app.core.storage import candidates as sc
from app.core.storage import meeting as smt
from app.core.storage import members as sm
from app.core.storage import records as sr
from app.core.storage import setup as ss
from app.core.workflow import count_input, state

POST_TITLES = {"committee_member": "委员", "secretary": "书记", "deputy_secretary": "副书记",
               "standing_committee": "常务委员会委员", "delegate": "代表", "discipline_committee_member": "纪律检查委员会委员"}
STATUS_NOTES = {MemberStatus.PROBATIONARY: "预备党员", MemberStatus.LIUDANG_CHAKAN: "留党察看",
                MemberStatus.SUSPENDED: "停止党员权利"}
INCIDENT_KINDS = {"canvassing": "拉票", "bribery": "贿选", "clan_interference": "宗族势力干扰", "threat": "威胁",
                  "ballot_fraud": "伪造选票或虚报票数", "disruption": "扰乱会场", "false_accusation": "诬告",
                  "retaliation": "打击报复", "irregular_transfer": "突击转移组织关系", "other": "其他"}
PLENARY_ELECTORS = "新一届委员会第一次全体会议"


def _d(value: str | None, fallback: date) -> date:
    return date.fromisoformat(value) if value else fallback


def organization(db: Any) -> rd.Organization:
    """The organization as the papers name it: its name, its committee, its higher level."""
    org = ss.organization(db) or {"name": "（未填写组织名称）", "higher_org": None}
    name = org["name"]
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
    # Official/official_by change when results are marked official; the definition must not.
    return {k: v for k, v in election.items() if k not in ("official", "official_by")}


def election_info(db: Any, today: date) -> rd.ElectionInfo:
    """The election as a whole, with the fingerprint every page prints."""
    e = ss.election(db) or {}
    org = organization(db)
    return rd.ElectionInfo(
        title=f"{org.committee}换届选举", body=Body(e.get("body") or "member_assembly"),
        date=_d(e.get("meeting_date"), today), place=e.get("place") or "", rehearsal=bool(e.get("rehearsal")),
        fingerprint=fingerprint(db),
    )


def candidate_rows(db: Any, post_id: int) -> tuple[rd.CandidateRow, ...]:
    """The data sheet of a post's candidates, in ballot (stroke) order."""
    rows = []
    for member_id, _name in sc.candidates(db, post_id):
        m = sm.member(db, member_id)
        if m is None:  # a candidate is a member (foreign key); m.name below would raise this
            raise AttributeError("'NoneType' object has no attribute 'name'")
        rows.append(rd.CandidateRow(m.name, m.sex or "", m.birth_date, m.ethnicity or "", m.joined_date,
                                    m.education or "", m.post or ""))
    return tuple(rows)


def attendees(db: Any) -> tuple[rd.Attendee, ...]:
    """The sign-in sheet: every member, voters marked by the engine's rights and exclusion rules."""
    from app.core.rules.attendance import exclusion_problem, has_voting_rights
    from app.core.rules.model import Exclusion, RosterMember

    excl = {e.member_id: e for e in sm.exclusions(db)}
    out = []
    for mid, rec in sm.members(db):
        e = excl.get(mid)
        ex = Exclusion(e.reason, bool(e.consent_doc and e.consent_date), bool(e.assembly_date)) if e else None
        status = MemberStatus(rec.status)
        excluded = ex is not None and exclusion_problem(RosterMember(rec.name, status, False, ex)) is None
        note = STATUS_NOTES.get(status, "经批准不列入应到会人数" if excluded else "")
        out.append(rd.Attendee(rec.name, has_voting_rights(status) and not excluded, note=note))
    return tuple(out)


def _outcome(db: Any, round_id: int) -> RoundOutcome:
    """Recount a round from its stored ballots with the engine (never trust a stored result)."""
    return count_round(parse_count_input(count_input(db, round_id)))


def _electors(db: Any, r: sb.Round) -> tuple[str, date]:
    m = smt.meeting(db, r.meeting_id)
    if m is None:  # a round belongs to a meeting (foreign key); m.kind below would raise this
        raise AttributeError("'NoneType' object has no attribute 'kind'")
    info = ss.election(db) or {}
    name = PLENARY_ELECTORS if m.kind == "plenary" else rd.MEETING[Body(info.get("body") or "member_assembly")]
    return name, _d(m.held_on or info.get("meeting_date"), date.today())


def round_reports(db: Any, plenary: bool) -> tuple[rd.RoundReport, ...]:
    """Every closed round of the assembly (or of the first plenary), in the order held."""
    out = []
    for r in sb.rounds(db):
        post = ss.post(db, r.post_id)
        if not r.closed:
            continue
        if post is None:  # a round belongs to a post (foreign key); is_plenary_post would raise this on post.office
            raise AttributeError("'NoneType' object has no attribute 'office'")
        if state.is_plenary_post(db, post) != plenary:
            continue
        electors, on = _electors(db, r)
        out.append(rd.round_report(_outcome(db, r.id), POST_TITLES.get(post.office, post.office), electors=electors, on=on))
    return tuple(out)


def officials(db: Any, plenary: bool) -> tuple[rd.Officials, ...]:
    """Who signs each counting report: the approved scrutineers and tellers of the round's meeting."""
    names = sm.names(db)
    out = []
    for r in sb.rounds(db):
        if not r.closed:
            continue
        post = ss.post(db, r.post_id)
        if post is None:  # a round belongs to a post (foreign key); is_plenary_post would raise this on post.office
            raise AttributeError("'NoneType' object has no attribute 'office'")
        if state.is_plenary_post(db, post) != plenary:
            continue
        people = [(role, names[mid]) for mid, role, approved in smt.scrutineers(db, r.meeting_id) if approved]
        chief = next((n for role, n in people if role == "chief_scrutineer"), None)
        out.append(rd.Officials(chief, tuple(n for role, n in people if role == "scrutineer") or ("", ""),
                                tuple(n for role, n in people if role == "teller") or ("", "")))
    return tuple(out)


def elected_members(reports: tuple[rd.RoundReport, ...]) -> tuple[rd.Elected, ...]:
    """Everyone the assembly elected, in surname-stroke order with the votes that elected them (R9.6)."""
    votes = {n: (r.votes(n), r.post) for r in reports for n in r.elected}
    return tuple(rd.Elected(n, votes[n][0], votes[n][1]) for n in sort_names(votes))


def _incidents(db: Any) -> tuple[str, ...]:
    out = []
    for i in sr.incidents(db):
        text = f"{INCIDENT_KINDS.get(i['kind'], i['kind'])}：{i['description']}"
        extra = "；".join(x for x in (i.get("action") and f"处理：{i['action']}", i.get("outcome") and f"结果：{i['outcome']}") if x)
        out.append(f"{text}（{extra}）" if extra else text)
    return tuple(out)


def _reply_ref(db: Any, subject: str) -> str:
    replies = [r for r in ss.replies(db, subject) if r.get("approved")]
    return replies[-1]["doc_no"] if replies else ""


def result_report_data(db: Any, today: date) -> rd.ResultReportData:
    """关于选举结果的报告: the assembly's rounds, the elected, the first plenary, incidents (R10.2)."""
    rounds, plenary = round_reports(db, False), round_reports(db, True)
    assembly = state.assembly_meeting(db)
    committee_posts = [p for p in ss.posts(db) if p.office == "committee_member"]
    return rd.ResultReportData(
        org=organization(db), election=election_info(db, today), rounds=rounds, members=elected_members(rounds),
        issued=today, plenary=plenary, plenary_date=plenary[0].date if plenary else None,
        candidates=tuple(c for p in committee_posts for c in candidate_rows(db, p.id)
                         if c.name in {e for r in rounds for e in r.elected}),
        incidents=_incidents(db), method=(assembly.method_text or "") if assembly else "",
        approval_ref=_reply_ref(db, "hold_election"),
    )


def _members_count(db: Any) -> tuple[int, int, int]:
    statuses = [MemberStatus(rec.status) for _, rec in sm.members(db)]
    return len(statuses), statuses.count(MemberStatus.FULL), statuses.count(MemberStatus.PROBATIONARY)


def _plans(db: Any) -> tuple[rd.PostPlan, ...]:
    plans = []
    for p in ss.posts(db):
        electors = PLENARY_ELECTORS if state.is_plenary_post(db, p) else rd.MEETING[election_info(db, date.today()).body]
        plans.append(rd.PostPlan(POST_TITLES.get(p.office, p.office), p.seats, len(sc.candidates(db, p.id)) or p.seats, electors))
    return tuple(plans)


def election_request_data(db: Any, today: date) -> rd.ElectionRequestData:
    """换届选举的请示 (R4.1). The outgoing term is taken to have started one term before the meeting."""
    info = election_info(db, today)
    years = (ss.election(db) or {}).get("term_years") or 5
    total, full, probationary = _members_count(db)
    started = info.date.replace(year=info.date.year - years, day=min(info.date.day, 28))
    issued = _d((ss.election(db) or {}).get("request_date"), today)
    return rd.ElectionRequestData(organization(db), info, started, years, total, full, probationary, _plans(db), issued)


def candidate_request_data(db: Any, today: date) -> rd.CandidateRequestData:
    """关于候选人预备人选的请示 (R4.5) for the committee members, with the plenary nominees."""
    posts = {p.office: p for p in ss.posts(db)}
    main = posts.get("committee_member") or next(iter(posts.values()), None)
    rows = candidate_rows(db, main.id) if main else ()
    nominees = tuple((POST_TITLES[o], n) for o in ("secretary", "deputy_secretary") if o in posts
                     for _, n in sc.candidates(db, posts[o].id))
    return rd.CandidateRequestData(organization(db), election_info(db, today), "委员", main.seats if main else 0, rows,
                                   today, nominees, _reply_ref(db, "hold_election"))


def spare_copies(voters: int) -> int:
    """The spare set of ballots (R4.8): a tenth of the voters, at least two."""
    return max(2, -(-voters // 10))


def ballot_specs(db: Any) -> tuple[tuple[rd.BallotSpec, int], ...]:
    """One ballot design per round with its copies; before any round, one per assembly post's approved list."""
    out = []
    for r in sb.rounds(db):
        post = ss.post(db, r.post_id)
        if r.present is not None:
            voters = r.present
        else:
            meeting = smt.meeting(db, r.meeting_id)
            if meeting is None:  # a round belongs to a meeting (foreign key); attendance would raise this on meeting.id
                raise AttributeError("'NoneType' object has no attribute 'id'")
            voters = state.attendance(db, meeting).present
        if post is None:  # a round belongs to a post (foreign key); post.office below would raise this
            raise AttributeError("'NoneType' object has no attribute 'office'")
        spec = rd.BallotSpec(POST_TITLES.get(post.office, post.office), r.seats,
                             tuple(n for _, n in sb.printed(db, r.id)), RoundKind(r.kind))
        out.append((spec, rd.ballot_copies(voters, spare_copies(voters))))
    if out:
        return tuple(out)
    expected = sum(1 for a in attendees(db) if a.voting)
    for p in state.assembly_posts(db):
        names = tuple(n for _, n in sc.candidates(db, p.id))
        if names:
            spec = rd.BallotSpec(POST_TITLES.get(p.office, p.office), p.seats, names)
            out.append((spec, rd.ballot_copies(expected, spare_copies(expected))))
    return tuple(out)


def document_set(db: Any, today: date) -> rd.DocumentSet:
    """Everything the election prints, from the file as it stands (``today`` dates undated papers)."""
    result = result_report_data(db, today)
    return rd.DocumentSet(
        election_request=election_request_data(db, today), candidate_request=candidate_request_data(db, today),
        attendees=attendees(db), ballots=ballot_specs(db),
        officials=officials(db, False) + officials(db, True), result=result, created=today,
    )


def build_documents(db: Any, today: date) -> dict[str, bytes]:
    """File name -> PDF bytes for every document of the election."""
    from app.core.reports.bundle import build_all

    return build_all(document_set(db, today))
