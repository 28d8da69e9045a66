"""The gate of every step ("may we go on?") with reasons citing rule ids, and the step states."""
from __future__ import annotations

from typing import Callable

from sqlite_utils import Database

from app.core.rules.attendance import check_quorum, has_voting_rights
from app.core.rules.bodies import branch_has_committee
from app.core.rules.margin import check_list, min_candidates
from app.core.storage import ballots as sb
from app.core.storage import candidates as sc
from app.core.storage import meeting as smt
from app.core.storage import members as sm
from app.core.storage import scenarios as ssc
from app.core.storage import setup as ss
from app.core.storage.database import Snapshot
from app.core.workflow import entry, state
from app.core.workflow.labels import Label, post_label, status_label, step_label
from app.core.workflow.types import STEPS, GateReason, GateResult, State, Step, StepState, reason

Reasons = list[GateReason]


def _label(post: ss.Post) -> Label:
    return post_label(post.committee, post.office)


def check_setup(db: Database) -> Reasons:
    """Organization, election and posts entered; the higher level approved holding it (R4.1, R4.2)."""
    found: Reasons = []
    if ss.organization(db) is None:
        found.append(reason("organization_missing"))
    el = ss.election(db)
    if el is None:
        found.append(reason("election_missing"))
    elif not (el["reply_doc"] and el["reply_date"]):
        found.append(reason("election_not_approved"))
    if not ss.posts(db):
        found.append(reason("no_posts"))
    found += entry.post_flag_problems(db)  # the margin follows the office (R13.6)
    found += entry.term_problems(db)  # the term by kind and any date moved with approval (R1.5, R1.1, R13.5)
    return found + entry.date_conflicts(db, fixable_only=True)[Step.SETUP]


def check_roll(db: Database) -> Reasons:
    """At least one full member; a branch committee needs 7 full members (R2.1, R1.4)."""
    full = sum(1 for _, m in sm.members(db) if has_voting_rights(m.standing))
    if full == 0:
        return [reason("no_full_members")]
    if state.org_kind(db) == "branch" and not branch_has_committee(full):
        return [reason("committee_too_small", full=full)]
    if state.org_kind(db) == "branch_no_committee" and branch_has_committee(full):
        return [reason("committee_needed", full=full)]  # 7 full members or more elect a committee (R1.4, R13.2)
    return entry.date_conflicts(db, fixable_only=True)[Step.ROLL]  # exclusions approved in order (R2.3)


def check_nomination(db: Database) -> Reasons:
    """Every assembly post has nominees, and every nominee has a vetting record (R4.3, R4.4)."""
    found: Reasons = []
    names = sm.names(db)
    vetted = sc.latest_vettings(db)
    for post in state.assembly_posts(db):
        noms = sc.nominations(db, post.id)
        if not noms:
            found.append(reason("no_nominees", post=_label(post)))
        found += [reason("not_vetted", name=names[mid]) for mid in sorted({n["member_id"] for n in noms}) if mid not in vetted]
    return found + ineligible_nominees(db)


def ineligible_nominees(db: Database) -> Reasons:
    """Nominees who have (or since lost) no right to be elected (R2.1): withdraw their nominations."""
    roll = dict(sm.members(db))
    # A post already voted on keeps its nominations as history (new ones are checked when entered).
    open_posts = [p for p in state.assembly_posts(db) if not sb.rounds(db, p.id)]
    nominated = sorted({n["member_id"] for p in open_posts for n in sc.nominations(db, p.id)})
    return [reason("candidate_not_eligible", name=roll[mid].name, status=status_label(str(roll[mid].standing)))
            for mid in nominated if mid in roll and not has_voting_rights(roll[mid].standing)]


def candidate_problems(db: Database, post: ss.Post, member_ids: list[int]) -> Reasons:
    """Why people cannot stand for a post: rights (R2.1), vetting (R4.4), nomination (R4.3)."""
    found: Reasons = []
    nominated = {n["member_id"] for n in sc.nominations(db, post.id)}
    roll, vetted = dict(sm.members(db)), sc.latest_vettings(db)
    sitting = {m for m, _ in ssc.sitting(db)} if state.is_by_election(db) and post.office == "committee_member" else set()
    for mid in member_ids:
        rec = roll.get(mid)
        if mid in sitting:  # a sitting member already holds a seat (R13.4)
            found.append(reason("already_sitting", name=rec.name if rec else str(mid)))
            continue
        if rec is None or not has_voting_rights(rec.standing):
            found.append(reason("candidate_not_eligible", name=rec.name if rec else str(mid),
                                status=status_label(str(rec.standing)) if rec else "?"))
            continue
        if state.is_plenary_post(db, post):
            continue  # the plenary elects among the new committee (checked when the round opens)
        if mid not in nominated:
            found.append(reason("candidates_not_nominated", name=rec.name, post=_label(post)))
        found += _vetting_problems(vetted.get(mid), rec.name)
    return found


def _vetting_problems(v: sc.Vetting | None, name: str) -> Reasons:
    if v is None:
        return [reason("not_vetted", name=name)]
    if v.conclusion != "pass":
        return [reason("vetting_failed", name=name)]
    return [] if v.pledge_signed else [reason("pledge_not_signed", name=name)]


def check_post_candidates(db: Database, post: ss.Post) -> Reasons:
    """A post's list: eligible, vetted, with the 20 % margin (R5.1) and the higher level's approval (R4.5)."""
    ids = [mid for mid, _ in sc.candidates(db, post.id)]
    if not ids:
        return [reason("no_candidates", post=_label(post))]
    found = candidate_problems(db, post, ids) + list_problems(post.seats, len(ids), post.competitive)
    if sc.approval(db, post.id) is None:
        found.append(reason("candidates_not_approved", post=_label(post)))
    return found


def list_problems(seats: int, candidates: int, competitive: bool) -> Reasons:
    """A round's list: the 20 % margin (R5.1), or one candidate per seat (R5.2)."""
    why = check_list(seats, candidates, competitive)
    if why is None:
        return []
    return [reason(why.code, candidates=candidates, seats=seats, min_candidates=min_candidates(seats, competitive))]


def check_candidates(db: Database) -> Reasons:
    """Every assembly post's candidate list passes, approved in order (R4.5)."""
    found = [r for post in state.assembly_posts(db) for r in check_post_candidates(db, post)]
    return found + entry.date_conflicts(db, fixable_only=True)[Step.CANDIDATES]


def check_meeting_quorum(db: Database, meeting: smt.Meeting | None) -> Reasons:
    """The meeting is open and more than 4/5 of the expected are present (R3.1)."""
    if meeting is None:
        return [reason("no_meeting")]
    a = state.attendance(db, meeting)
    q = check_quorum(a.expected, a.present)
    return [] if q.met else [reason("quorum_not_met", expected=q.expected, present=q.present, min_present=q.min_present)]


def check_meeting_method(db: Database, meeting: smt.Meeting | None, posts: list[ss.Post]) -> Reasons:
    """Method adopted; scrutineers appointed, approved by the meeting, none a candidate (R4.7)."""
    if meeting is None:
        return [reason("no_meeting")]
    found: Reasons = [] if meeting.method_text else [reason("method_not_adopted")]
    people = smt.scrutineers(db, meeting.id)
    if not any(role != "teller" for _, role, _ in people):
        found.append(reason("no_scrutineers"))
    if any(not ok for _, _, ok in people):
        found.append(reason("scrutineers_not_approved"))
    standing = {mid for p in posts for mid, _ in sc.candidates(db, p.id)}
    names = sm.names(db)
    found += [reason("scrutineer_is_candidate", name=names[mid]) for mid, _, _ in people if mid in standing]
    return found


def check_ballots(db: Database) -> Reasons:
    """Each assembly round has its ballots issued, never more than present (R3.2, R8.1)."""
    rounds = [r for p in state.assembly_posts(db) for r in sb.rounds(db, p.id)]
    if not rounds:
        return [reason("no_round")]
    return [reason("ballots_not_issued", round=r.id) for r in rounds if r.issued is None]


def check_counting(db: Database) -> Reasons:
    """Every assembly round is counted and closed."""
    rounds = [r for p in state.assembly_posts(db) for r in sb.rounds(db, p.id)]
    if not rounds:
        return [reason("no_round")]
    return [reason("round_open", round=r.id) for r in rounds if not r.closed]


def post_complete(db: Database, post: ss.Post) -> Reasons:
    """A post is filled: valid vote, no pending tie, no seat left (R8.1, R9.3, R9.4)."""
    prog = state.progress(db, post)
    last = prog.last_round
    if last is None:
        return [reason("no_round")]
    if not last.closed:
        return [reason("round_open", round=last.id)]
    doc = state.outcome(last) or {}
    if not doc.get("vote", {}).get("valid", True):
        return [reason("vote_to_repeat", round=last.id)]
    if last.kind == "preliminary" and doc.get("tie_revote"):  # the tied at the cut are voted on again first (R9.3)
        return [reason("advance_tie_pending", post=_label(post), among="、".join(doc["tie_revote"]["among"]))]
    if last.kind == "preliminary":  # names advanced; the formal round follows (R13.1)
        return [reason("formal_round_due", post=_label(post))]
    if doc.get("tie_revote") and prog.remaining:
        return [reason("tie_revote_pending", post=_label(post), among="、".join(doc["tie_revote"]["among"]))]
    if prog.remaining:
        return [reason("seats_unfilled", unfilled=prog.remaining)]
    return []


def check_results(db: Database) -> Reasons:
    """Every assembly post is filled."""
    return [r for p in state.assembly_posts(db) for r in post_complete(db, p)]


def check_plenary(db: Database) -> Reasons:
    """Each committee's first plenary elected its secretary and deputy (R4.10)."""
    found: Reasons = []
    for post in state.plenary_posts(db):
        if post_complete(db, post):
            found.append(reason("secretary_not_elected", post=_label(post)))
    return found


def check_report(db: Database) -> Reasons:
    """The results are official (R4.12)."""
    el = ss.election(db)
    return [] if el and el["official"] else [reason("not_official")]


def _sign_in(db: Database) -> Reasons:
    return check_meeting_quorum(db, state.assembly_meeting(db)) + entry.date_conflicts(db, fixable_only=True)[Step.SIGN_IN]


def _method(db: Database) -> Reasons:
    return check_meeting_method(db, state.assembly_meeting(db), state.assembly_posts(db))


CHECKS: dict[Step, Callable[[Database], Reasons]] = {
    Step.SETUP: check_setup, Step.ROLL: check_roll, Step.NOMINATION: check_nomination,
    Step.CANDIDATES: check_candidates, Step.SIGN_IN: _sign_in, Step.METHOD: _method,
    Step.BALLOTS: check_ballots, Step.COUNTING: check_counting, Step.RESULTS: check_results,
    Step.PLENARY: check_plenary, Step.REPORT: check_report,
}


def gate(db: Database, step: Step | str) -> GateResult:
    """May we go on past ``step``? Reasons cite rule ids.

    :param step: a Step or its id
    """
    found = CHECKS[Step(step)](Snapshot(db))  # type: ignore[arg-type]  # a Snapshot reads like the Database
    return GateResult(not found, tuple(found))


def _locked(db: Database, step: Step) -> bool:
    rounds = [r for p in state.assembly_posts(db) for r in sb.rounds(db, p.id)]
    if step in (Step.SETUP, Step.ROLL, Step.NOMINATION, Step.CANDIDATES):
        return bool(rounds)  # the printed list is fixed once a round is open
    if step in (Step.SIGN_IN, Step.METHOD):
        return any(r.issued is not None for r in rounds)  # P was read and ballots handed out
    if step in (Step.BALLOTS, Step.COUNTING):
        return bool(rounds) and not check_results(db)
    return False


def steps(db: Database) -> list[StepState]:
    """Every step in order: done, open, locked (done, not to be reopened) or blocked.

    Reads through one Snapshot, so each table is read about once however many steps ask.
    """
    db = Snapshot(db)  # type: ignore[assignment]  # a Snapshot reads like the Database
    el = ss.election(db)
    if el and el["official"]:
        return [StepState(s, State.LOCKED) for s in STEPS]
    out: list[StepState] = []
    blocked_by: Step | None = None
    for s in STEPS:
        found = CHECKS[s](db)
        if blocked_by is not None:
            waiting = reason("step_not_done", "R4.7", step=step_label(blocked_by))
            out.append(StepState(s, State.BLOCKED, (waiting,) + tuple(found)))
            continue
        if found:
            out.append(StepState(s, State.OPEN, tuple(found)))
            blocked_by = s
            continue
        out.append(StepState(s, State.LOCKED if _locked(db, s) else State.DONE))
    return out


def ballot_list_problems(db: Database) -> list[Reasons]:
    """Per ballot design (``documents.ballot_plan`` order), why its list may not be printed: the margin is checked
    again before ballots print (R13.6); a preliminary list longer than what advances (R13.1); 等额 after it (R5.3)."""
    rounds = sb.rounds(db)
    if rounds:
        return [_round_list_problems(db, r) for r in rounds]
    out = []
    for p in state.assembly_posts(db):
        n = len(sc.candidates(db, p.id))
        if n:
            advance = ssc.post_method(db, p.id)["advance"]
            out.append([] if advance and n > advance else list_problems(p.seats, n, p.competitive))
    return out


def _round_list_problems(db: Database, r: sb.Round) -> Reasons:
    post, n = state.post_of(db, r), len(sb.printed(db, r.id))
    if r.kind == "tie_revote" or (r.kind == "preliminary" and n > r.seats):
        return []
    if r.kind == "preliminary":
        return [reason("margin_too_small", candidates=n, seats=r.seats, min_candidates=r.seats + 1)]
    competitive = post.competitive and not state.after_preliminary(db, r)
    return [x for x in list_problems(r.seats, n, competitive) if competitive or x.code == "margin_too_small"]
