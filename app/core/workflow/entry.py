"""Checks where data is entered: the margin follows the office (R13.6), numbers within what they count, dates in order."""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlite_utils import Database

from app.core import messages
from app.core.errors import UserFacingError
from app.core.i18n import N_
from app.core.rules.bodies import (FREE_SHIFT_DAYS, LARGE_UNIT_MAX, MAX_SHIFT_DAYS, committee_size, shift_days, size_allowed,
                                   term_years_for)
from app.core.rules.margin import competitive_rule, competitive_rule_id
from app.core.storage import ballots as sb
from app.core.storage import candidates as sc
from app.core.storage import members as sm
from app.core.storage import scenarios as ssc
from app.core.storage import setup as ss
from app.core.workflow import state
from app.core.workflow.labels import org_kind_label, post_label
from app.core.workflow.types import GATE_RULES, GateReason, Step, reason

GATE_RULES.update({
    "post_always_competitive": "R5.1", "post_single_candidate": "R5.2", "post_margin_choice": "R13.6",
    "reply_before_request": "R4.2", "meeting_before_reply": "R4.2", "reply_before_election": "R4.12", "reply_after_meeting": "R4.5",
    "approval_after_meeting": "R4.5", "notice_out_of_order": "R4.5", "notice_after_meeting": "R4.5",
    "vetted_after_approval": "R4.4", "exclusion_incomplete": "R2.3", "exclusion_dates_out_of_order": "R2.3",
    "exclusion_after_meeting": "R2.3", "meeting_not_as_set_up": "R4.1", "plenary_before_assembly": "R4.10",
    "method_votes_over_present": "R4.7", "nomination_count_out_of_range": "R4.3",
    "consent_over_electors": "R9.4", "appraisal_over_total": "R4.4", "tally_yes_over_seats": "R7.2",
    "round_seats_not_due": "R9.2", "reduction_before_meeting": "R9.4", "round_names_not_due": "R9.3",
    "committee_size": "R1.4", "committee_size_kind": "R13.5", "no_committee_to_elect": "R1.4",
    "by_election_over_size": "R13.4", "term_not_by_kind": "R1.5", "term_shift_too_long": "R1.1",
    "term_shift_not_approved": "R1.1", "committee_needed": "R1.4",
})
messages.register({
    "post_always_competitive": N_("{post} are always elected competitively: at least 20% more candidates than seats"),
    "post_single_candidate": N_("{post} is elected with one candidate per seat (等额)"),
    "post_margin_choice": N_("{post}: competitive or one candidate per seat, as the higher level approved (recorded)"),
    "single_candidate_list": N_("One candidate per seat: {candidates} candidates for {seats} seats"),
    "reply_before_request": N_("The reply ({reply}) cannot be dated before the request it answers ({request})"),
    "meeting_before_reply": N_("The meeting ({meeting}) cannot be held before the higher level's reply approving it "
                               "({reply})"),
    "reply_before_election": N_("A reply on the election's result ({dated}) cannot be dated before the meeting "
                                "({meeting})"),
    "reply_after_meeting": N_("A reply approving candidates or exclusions ({dated}) must come before the meeting "
                              "({meeting})"),
    "approval_after_meeting": N_("The candidate list of {post} must be approved before the meeting: approved "
                                 "{approved}, meeting {meeting}"),
    "notice_out_of_order": N_("The public notice ends ({end}) before it begins ({start})"),
    "notice_after_meeting": N_("The public notice ({end}) must end by the day of the meeting ({meeting})"),
    "vetted_after_approval": N_("{name} was vetted ({vetted}) after the candidate list was approved ({approved})"),
    "exclusion_incomplete": N_("An exclusion counts only with the higher level's consent document number, the "
                               "consent date and the assembly's approval date"),
    "exclusion_dates_out_of_order": N_("{name}: the assembly approved the exclusion ({assembly}) before the higher "
                                       "level consented ({consent})"),
    "exclusion_after_meeting": N_("{name}: an exclusion must be approved by the day of the meeting ({meeting}), "
                                  "not {assembly}"),
    "meeting_not_as_set_up": N_("The assembly is held on the date and at the place entered in the preparation "
                                "({date}, {place}): correct them there"),
    "plenary_before_assembly": N_("The first plenary ({held_on}) cannot be held before the assembly ({meeting})"),
    "method_votes_over_present": N_("More yes votes ({votes_for}) than voters present ({present})"),
    "nomination_count_out_of_range": N_("The number of nominators must be from 1 to the {members} members on the "
                                        "roll: {count}"),
    "consent_over_electors": N_("More electors consenting ({yes}) than electors present ({electors})"),
    "appraisal_over_total": N_("Good, fair and poor appraisals ({graded}) exceed the appraisal ballots ({total})"),
    "tally_yes_over_seats": N_("The sheets give {yes} yes votes in all: at most {seats} per valid ballot "
                               "({valid} valid ballots) can be marked yes"),
    "round_seats_not_due": N_("This round fills {due} seat(s), not {seats}"),
    "committee_size": N_("A branch committee has 3 to 5 members, normally no more than 7: not {seats}"),
    "round_names_not_due": N_("This round prints the names it is due for: {names}"),
    "committee_needed": N_("A branch with {full} full members elects a committee (7 or more): set it up as a branch "
                           "with a committee"),
    "committee_size_kind": N_("A {kind} committee has {least} to {normal} members, at most {most}: not {seats}"),
    "no_committee_to_elect": N_("A branch with fewer than 7 full members has no committee: the assembly elects a "
                                "secretary (and a deputy if needed)"),
    "by_election_over_size": N_("{seats} seat(s) to fill beside the {sitting} sitting members would exceed the "
                                "committee's {most} members"),
    "term_not_by_kind": N_("The term of a {kind} committee is {due} years, not {years}"),
    "term_shift_too_long": N_("The election is held {days} days from the end of the term: it may be moved by a "
                              "year at most"),
    "term_shift_not_approved": N_("The election is held {days} days from the end of the term: record the higher "
                                  "level's approval of moving the date"),
    "reduction_before_meeting": N_("The electors consent to fewer seats at the meeting ({meeting}), not on {decided_on}"),
})

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
NOT_SET = "—"


def as_error(r: GateReason, detail: str = "") -> UserFacingError:
    """A gate reason raised as the user's error, with the same sentence and rule."""
    from app.core.workflow.labels import shown

    return UserFacingError(r.code, detail or r.code, rule=r.rule, **shown(r.params))


def before(earlier: str | None, later: str | None) -> bool:
    """Whether two ISO dates are out of order (``later`` before ``earlier``); a date not given is never out of order."""
    if not (earlier and later and _ISO.match(earlier) and _ISO.match(later)):
        return False  # a malformed date is the file's to refuse, by name
    return later < earlier


# ---- the margin follows the office (R13.6) -----------------------------------------------------
def assembly_elects(db: Database, office: str) -> bool:
    """A secretary or deputy the assembly elects directly: a branch without a committee, or as approved (R13.2)."""
    return office in ("secretary", "deputy_secretary") and state.direct_secretary(db)


def _fixed(db: Database, office: str, seats: int | None) -> bool | None:
    """The office's margin (R13.6); a by-election's single vacant seat may be 等额 with the approval (R13.4)."""
    fixed = competitive_rule(office, assembly_elects(db, office))
    if fixed and office == "committee_member" and seats == 1 and state.is_by_election(db) \
            and ssc.scenario(db)["single_candidate_doc"]:
        return None
    return fixed


def margin_rule(db: Database, committee: str, office: str) -> GateReason:
    """What fixes a post's margin: always competitive, one candidate per seat, or a recorded choice."""
    fixed = competitive_rule(office, assembly_elects(db, office))
    code = {True: "post_always_competitive", False: "post_single_candidate", None: "post_margin_choice"}[fixed]
    return reason(code, competitive_rule_id(office, assembly_elects(db, office)), post=post_label(committee, office),
                  input="competitive")


def competitive_for(db: Database, committee: str, office: str, competitive: bool | None, seats: int | None = None) -> bool:
    """The post's competitive flag: the office's where fixed (a contrary value is refused), else the choice."""
    fixed = _fixed(db, office, seats)
    if fixed is None:
        if competitive is None:  # a standing committee normally has 1-2 more; a secretary one candidate (R5.2)
            return office not in ("secretary", "deputy_secretary")
        return bool(competitive)
    if competitive is not None and bool(competitive) != fixed:
        raise as_error(margin_rule(db, committee, office), f"{office} competitive={competitive}")
    return fixed


def size_problem(db: Database, committee: str, office: str, seats: int) -> GateReason | None:
    """A committee's size by kind of organization (R1.4, R13.5), checked where its seats are entered.

    A branch without a committee elects no committee members; a by-election fills vacancies beside the sitting
    committee, which together stay within the size (R13.4).
    """
    kind = state.org_kind(db)
    if (committee, office) != ("party", "committee_member"):
        return None
    if kind == "branch_no_committee":
        return reason("no_committee_to_elect", input="office")
    size = committee_size(kind)
    if size is None:
        return None
    if kind == "party_committee" and _large_unit(db):
        size = (size[0], size[1], LARGE_UNIT_MAX)  # a large unit's committee (practice, varies: R1.4)
    if state.is_by_election(db):
        sitting = len(ssc.sitting(db))
        if sitting + seats > size[2]:
            return reason("by_election_over_size", seats=seats, sitting=sitting, most=size[2], input="seats")
        return None
    if not size_allowed(kind, seats) and kind == "branch":
        return reason("committee_size", seats=seats, input="seats")
    if not size_allowed(kind, seats):
        return reason("committee_size_kind", kind=org_kind_label(kind), least=size[0], normal=size[1], most=size[2],
                      seats=seats, input="seats")
    return None


def _large_unit(db: Database) -> bool:
    # A delegate congress (500 members or more, R1.2) or a standing committee (large units, with approval, R1.4).
    body = (ss.election(db) or {}).get("body")
    return body == "delegate_congress" or any(p.office == "standing_committee" for p in ss.posts(db))


def term_problems(db: Database) -> list[GateReason]:
    """The term by kind (R1.5) and the date moved from the term's end (R1.1), for a general election (R13.5)."""
    el, org = ss.election(db) or {}, ss.organization(db) or {}
    if state.is_by_election(db) or not el:
        return []
    found = []
    due = term_years_for(org.get("kind"), org.get("level"))
    years = el.get("term_years")
    if due is not None and years is not None and years != due:
        found.append(reason("term_not_by_kind", years=years, due=due, kind=org_kind_label(org.get("kind")),
                            input="term_years"))
    started, held = el.get("term_started"), el.get("meeting_date")
    if years and started and held and _ISO.match(started) and _ISO.match(held):
        shift = shift_days(date.fromisoformat(started), years, date.fromisoformat(held))
        if abs(shift) > MAX_SHIFT_DAYS:
            found.append(reason("term_shift_too_long", days=abs(shift), input="meeting_date"))
        elif abs(shift) > FREE_SHIFT_DAYS and not ssc.scenario(db)["term_shift_doc"]:
            found.append(reason("term_shift_not_approved", days=abs(shift), input="term_shift_doc"))
    return found


def post_flag_problems(db: Database) -> list[GateReason]:
    """Posts whose stored flag contradicts their office (a file from before R13.6 was enforced)."""
    out = []
    for p in ss.posts(db):
        fixed = _fixed(db, p.office, p.seats)
        if fixed is not None and fixed != p.competitive:
            out.append(margin_rule(db, p.committee, p.office))
        if (size := size_problem(db, p.committee, p.office, p.seats)) is not None and not sb.rounds(db, p.id):
            out.append(size)  # once voted on, the seats are history (a reduction has its own minimum, R9.4)
    return out


# ---- dates in their order ---------------------------------------------------------------------
def _setup_dates(db: Database, el: dict[str, Any]) -> list[GateReason]:
    found = []
    meeting = el.get("meeting_date")
    if before(el.get("request_date"), el.get("reply_date")):
        found.append(reason("reply_before_request", reply=el["reply_date"], request=el["request_date"], input="reply_date"))
    if before(el.get("reply_date"), meeting):
        found.append(reason("meeting_before_reply", meeting=meeting, reply=el["reply_date"], input="meeting_date"))
    for r in ss.replies(db):
        if r["subject"] in ("secretary", "results") and before(meeting, r["dated"]):
            found.append(reason("reply_before_election", dated=r["dated"], meeting=meeting, input="reply_date"))
        if r["subject"] in ("candidates", "exclusions") and before(r["dated"], meeting):
            found.append(reason("reply_after_meeting", dated=r["dated"], meeting=meeting, input="reply_date"))
    return found


def _roll_dates(db: Database, meeting: str | None) -> list[GateReason]:
    found = []
    names = sm.names(db)
    for x in sm.exclusions(db):
        name = names.get(x.member_id, str(x.member_id))
        if before(x.consent_date, x.assembly_date):
            found.append(reason("exclusion_dates_out_of_order", name=name, assembly=x.assembly_date,
                                consent=x.consent_date, input="assembly_date"))
        if before(x.assembly_date, meeting):
            found.append(reason("exclusion_after_meeting", name=name, meeting=meeting, assembly=x.assembly_date,
                                input="assembly_date"))
    return found


def _list_dates(db: Database, meeting: str | None) -> list[GateReason]:
    found = []
    names, vetted = sm.names(db), sc.latest_vettings(db)
    for p in state.assembly_posts(db):
        a = sc.approval(db, p.id)
        if a is None:
            continue
        approved = a["approval_date"]
        if before(approved, meeting):
            found.append(reason("approval_after_meeting", post=post_label(p.committee, p.office), approved=approved,
                                meeting=meeting, input="dated", post_id=p.id))
        if before(a["notice_from"], a["notice_to"]):
            found.append(reason("notice_out_of_order", start=a["notice_from"], end=a["notice_to"], input="notice_to", post_id=p.id))
        elif before(a["notice_to"], meeting):
            found.append(reason("notice_after_meeting", end=a["notice_to"], meeting=meeting, input="notice_to", post_id=p.id))
        for mid, _name in sc.candidates(db, p.id):
            v = vetted.get(mid)
            if v is not None and before(v.vetted_on, approved):
                found.append(reason("vetted_after_approval", name=names.get(mid, mid), vetted=v.vetted_on,
                                    approved=approved, input="dated", post_id=p.id))
    return found


def _meeting_dates(db: Database, el: dict[str, Any]) -> list[GateReason]:
    found = []
    held = state.assembly_meeting(db)
    # A date or place the meeting row lacks (an older file) is the preparation's; one it holds must agree.
    if held is not None and any(v is not None and v != el.get(k) for k, v in
                                (("meeting_date", held.held_on), ("place", held.place))):
        found.append(reason("meeting_not_as_set_up", date=el.get("meeting_date") or NOT_SET,
                            place=el.get("place") or NOT_SET, input="held_on"))
    for committee in ("party", "discipline"):
        plenary = state.plenary_meeting(db, committee)
        if plenary is not None and before(el.get("meeting_date"), plenary.held_on):
            found.append(reason("plenary_before_assembly", held_on=plenary.held_on, meeting=el.get("meeting_date"),
                                input="held_on"))
    return found


def date_conflicts(db: Database, fixable_only: bool = False) -> dict[Step, list[GateReason]]:
    """Every date out of its order, by the step where it is entered (and corrected).

    ``fixable_only`` (the gates): leave out what the vote has fixed since (a list printed on a ballot, exclusions
    once ballots are issued, a plenary held): an older file's history must not block its official results.
    """
    el = ss.election(db) or {}
    meeting = el.get("meeting_date")
    found = {Step.SETUP: _setup_dates(db, el), Step.ROLL: _roll_dates(db, meeting),
             Step.CANDIDATES: _list_dates(db, meeting), Step.SIGN_IN: _meeting_dates(db, el)}
    if fixable_only:
        rounds = [r for p in state.assembly_posts(db) for r in sb.rounds(db, p.id)]
        if any(r.issued is not None for r in rounds):
            found[Step.ROLL] = []
        if rounds:
            found[Step.CANDIDATES] = []
        found[Step.SIGN_IN] = [r for r in found[Step.SIGN_IN] if r.code != "plenary_before_assembly"]
    return found


def all_conflicts(db: Database) -> list[GateReason]:
    """Date conflicts of every step, in step order."""
    return [r for found in date_conflicts(db).values() for r in found]


def refuse_new_conflicts(db: Database, known: list[GateReason]) -> None:
    """Inside an action, after its writes: a date it put out of order is refused (the transaction rolls back).

    Conflicts already in the file (one written before these checks) do not block an unrelated correction.
    """
    new = [r for r in all_conflicts(db) if r not in known]
    if new:
        raise as_error(new[0])
