"""The services before the vote: nominations, vetting and candidate lists; meetings, sign-in and scrutineers."""
from __future__ import annotations

from typing import Iterable, Sequence

from app.core.rules.attendance import RosterSummary
from app.core.rules.bodies import is_majority
from app.core.rules.strokes import sort_names
from app.core.errors import UserFacingError
from app.core.storage import ballots as sb
from app.core.storage import candidates as sc
from app.core.storage import meeting as smt
from app.core.storage import members as sm
from app.core.storage import setup as ss
from app.core.storage.candidates import Vetting
from app.core.workflow import entry, gates, state
from app.core.workflow.base import ActionContext, Service, unknown
from app.core.workflow.roll import RollActions
from app.core.workflow.types import ActionResult, GateReason, reason, refused


class NominationActions(Service):
    """Nomination and vetting (R4.3, R4.4), candidate lists (R4.5, R5, R6)."""

    def __init__(self, ctx: ActionContext, roll: RollActions) -> None:
        super().__init__(ctx)
        self.roll = roll

    def nominate(self, post_id: int, member_id: int, source: str, count: int = 1) -> int:
        """Record a nomination: source (e.g. "party_group", "members_jointly", "outgoing_committee") and count.

        Closed once a round of the post is open (R4.5); open again while seats left unfilled await
        another round, whose candidates may be newly nominated after consultation (R9.4, R5.3).
        """
        self.ctx.ensure_unlocked()
        if (closed_by := self._nominations_closed_by(post_id)) is not None:
            raise UserFacingError("nominations_closed", "a round of the post is open", round=closed_by, rule="R4.5")
        if (why := self._not_electable(member_id)) is not None:  # only full members may be elected (R2.1)
            raise entry.as_error(why)
        members = len(sm.names(self.db))
        if not 1 <= count <= members:  # the count is of members who nominated
            raise entry.as_error(reason("nomination_count_out_of_range", count=count, members=members, input="count"))
        with self.ctx.action("nomination_recorded", {"post": post_id, "member": member_id, "source": source, "count": count}):
            return sc.add_nomination(self.db, post_id, member_id, source, count)

    def withdraw_nomination(self, post_id: int, member_id: int) -> ActionResult:
        """Withdraw a member's nominations for a post (entered by mistake, or the nominee declined); value: how many.

        Refused for a name on the post's candidate list, and once a round of the post is open (R4.5).
        """
        if locked := self.ctx.locked():
            return locked
        if (closed_by := self._nominations_closed_by(post_id)) is not None:
            return refused(reason("nominations_closed", round=closed_by))
        if member_id in {mid for mid, _name in sc.candidates(self.db, post_id)}:
            return refused(reason("nominee_on_list", name=sm.names(self.db).get(member_id, member_id)))
        with self.ctx.action("nomination_withdrawn", {"post": post_id, "member": member_id}):
            withdrawn = sc.delete_nominations(self.db, post_id, member_id)
            if not withdrawn:
                raise unknown("nomination of member", member_id)  # rolls back: nothing is logged
        return ActionResult(True, withdrawn)

    def _not_electable(self, member_id: int) -> GateReason | None:
        """Why a member may not stand (R2.1: probationary, 留党察看 or suspended), or None."""
        if sm.member(self.db, member_id) is None:
            raise unknown("member", member_id)
        return self.roll.ineligible_members().get(member_id)

    def _nominations_closed_by(self, post_id: int) -> int | None:
        """The round that closed a post's nominations, or None while they are open."""
        prog = state.progress(self.db, self.ctx.post(post_id))
        last = prog.last_round
        if last is None:
            return None
        doc = state.outcome(last) or {}
        shortfall = last.closed and prog.remaining > 0 and doc.get("vote", {}).get("valid") and not doc.get("tie_revote")
        return None if shortfall else sb.rounds(self.db, post_id)[0].id

    def record_vetting(self, member_id: int, vetting: Vetting) -> int:
        """Record the vetting of a nominee: files, talks, appraisal figures, discipline opinion, pledge (R4.4)."""
        self.ctx.ensure_unlocked()
        graded = vetting.appraisal_good + vetting.appraisal_fair + vetting.appraisal_poor
        if graded > vetting.appraisal_total:  # each appraisal ballot grades once
            raise entry.as_error(reason("appraisal_over_total", graded=graded, total=vetting.appraisal_total,
                                        input="appraisal_total"))
        known = entry.all_conflicts(self.db)
        with self.ctx.action("vetting_recorded", {"member": member_id, "conclusion": vetting.conclusion,
                                               "by": vetting.vetted_by, "on": vetting.vetted_on}):
            vid = sc.add_vetting(self.db, member_id, vetting)
            entry.refuse_new_conflicts(self.db, known)  # not vetted after the list was approved (R4.4)
            return vid

    def set_candidates(self, post_id: int, member_ids: Sequence[int]) -> ActionResult:
        """Set a post's candidate list, printed in surname stroke order (R6.1); value: the names in order.

        A changed list loses its approval. Refused once a round of the post is open.
        """
        if locked := self.ctx.locked():
            return locked
        if rounds := sb.rounds(self.db, post_id):  # the list is printed on the round's ballot (R4.5)
            return refused(reason("list_on_ballot", round=rounds[0].id))
        names = sm.names(self.db)
        if missing := [m for m in member_ids if m not in names]:
            raise unknown("member", missing[0])
        if barred := [why for m in member_ids if (why := self._not_electable(m)) is not None]:
            return refused(*barred)  # only full members may stand (R2.1)
        ordered = sort_names([names[m] for m in member_ids])
        ids = {names[m]: m for m in member_ids}
        with self.ctx.action("candidates_set", {"post": post_id, "candidates": ordered}):
            if [n for _, n in sc.candidates(self.db, post_id)] != ordered:
                sc.revoke_approval(self.db, post_id)
            sc.set_candidates(self.db, post_id, [ids[n] for n in ordered])
        return ActionResult(True, tuple(ordered))

    def approve_candidates(self, post_id: int, doc_no: str, dated: str, notice_from: str | None = None,
                           notice_to: str | None = None) -> ActionResult:
        """Record the higher level's approval of a list; refused if the list breaks a rule (R2.1, R4.4, R5.1).

        Refused once a round of the post is open: the approval is of the list printed on its ballot (R4.5).
        """
        if locked := self.ctx.locked():
            return locked
        post = self.ctx.post(post_id)
        if rounds := sb.rounds(self.db, post_id):
            return refused(reason("list_on_ballot", round=rounds[0].id))
        problems = [r for r in gates.check_post_candidates(self.db, post) if r.code != "candidates_not_approved"]
        if problems:
            return refused(*problems)
        known = entry.all_conflicts(self.db)
        try:
            with self.ctx.action("candidates_approved", {"post": post_id, "doc_no": doc_no, "dated": dated}):
                sc.approve_list(self.db, post_id, doc_no, dated, notice_from, notice_to)
                # Approved before the meeting, after the vetting; the notice in order and over by then (R4.4, R4.5).
                entry.refuse_new_conflicts(self.db, known)
        except UserFacingError as exc:
            if exc.code not in entry.GATE_RULES:
                raise
            return refused(reason(exc.code, **exc.params))
        return ActionResult(True)


class MeetingActions(Service):
    """Meetings (R4.10), sign-in and attendance (R3), the method and scrutineers (R4.7)."""

    def open_meeting(self, kind: str = "assembly", held_on: str | None = None, place: str | None = None,
                     committee: str = "party") -> int:
        """Open the member assembly (kind "assembly") or a committee's first plenary (kind "plenary").

        A first plenary is refused before the committee is elected, and a second one of the same committee (R4.10).
        """
        self.ctx.ensure_unlocked()
        if kind == "plenary":
            self._plenary_due(committee)
        else:
            held_on, place = self._as_set_up(held_on, place)
        known = entry.all_conflicts(self.db)
        with self.ctx.action("meeting_opened", {"kind": kind, "committee": committee, "held_on": held_on}):
            mid = smt.add_meeting(self.db, kind, committee, held_on, place)
            entry.refuse_new_conflicts(self.db, known)  # a first plenary not before the assembly (R4.10)
            return mid

    def _as_set_up(self, held_on: str | None, place: str | None) -> tuple[str | None, str | None]:
        """The assembly's date and place are the preparation's (R4.1): a different one is refused, never stored."""
        el = ss.election(self.db) or {}
        date, where = el.get("meeting_date"), el.get("place")
        if (held_on or date, (place or "").strip() or where) != (date, where):
            raise entry.as_error(reason("meeting_not_as_set_up", date=date or entry.NOT_SET, place=where or entry.NOT_SET,
                                        input="held_on" if (held_on or date) != date else "place"))
        return date, where

    def _plenary_due(self, committee: str) -> None:
        """Refuse a second first plenary, or one before its committee is elected (R4.10)."""
        if state.plenary_meeting(self.db, committee) is not None:  # its sign-in and method are corrected there
            raise UserFacingError("plenary_open", "the first plenary is already open", rule="R4.10")
        # Its electors are the members the assembly elected: until no seat is left to another round (the
        # results step's gate) the roster, and so the 4/5 quorum (R3.1), is not known.
        if gates.check_results(self.db) or not state.committee_member_ids(self.db, committee):
            raise UserFacingError("committee_not_elected", "the new committee is not elected yet", rule="R4.10")

    def sign_in(self, meeting_id: int, member_ids: Iterable[int]) -> RosterSummary:
        """Sign members in at a meeting; returns E and P as they now stand (R3.2)."""
        return self._presence(meeting_id, list(member_ids), True)

    def sign_out(self, meeting_id: int, member_ids: Iterable[int]) -> RosterSummary:
        """Mark members absent (left the meeting); returns E and P as they now stand."""
        return self._presence(meeting_id, list(member_ids), False)

    def _presence(self, meeting_id: int, ids: list[int], present: bool) -> RosterSummary:
        self.ctx.ensure_unlocked()
        with self.ctx.action("signed_in" if present else "signed_out", {"meeting": meeting_id, "members": ids}):
            smt.set_presence(self.db, meeting_id, ids, present)
        return self.attendance(meeting_id)

    def attendance(self, meeting_id: int) -> RosterSummary:
        """E, P and exclusions of a meeting right now (R2.3, R3.1)."""
        return state.attendance(self.db, self.ctx.meeting(meeting_id))

    def adopt_method(self, meeting_id: int, text: str, votes_for: int, write_in_needs_mark: bool = True) -> ActionResult:
        """Record the election method as adopted by the meeting: more than half of those present (R4.7).

        Refused once ballots of the meeting are issued: they are read under the method in force then, and
        another (e.g. on unmarked write-ins, R7.3) would make every recount disagree with the result.
        """
        if locked := self.ctx.locked():
            return locked
        if not text.strip():
            return refused(reason("method_text_missing"))  # an empty method would read as "not adopted"
        self.ctx.meeting(meeting_id)
        if issued := [r for r in sb.rounds(self.db) if r.meeting_id == meeting_id and r.issued is not None]:
            return refused(reason("method_in_force", round=issued[0].id))
        present = self.attendance(meeting_id).present
        if votes_for > present:  # the votes counted are of voters present
            return refused(reason("method_votes_over_present", votes_for=votes_for, present=present, input="votes_for"))
        if not is_majority(votes_for, present):
            return refused(reason("method_votes_short", votes_for=votes_for, present=present, input="votes_for"))
        with self.ctx.action("method_adopted", {"meeting": meeting_id, "votes_for": votes_for,
                                             "write_in_needs_mark": write_in_needs_mark}):
            smt.set_method(self.db, meeting_id, text.strip(), votes_for, write_in_needs_mark)
        return ActionResult(True)

    def appoint_scrutineers(self, meeting_id: int, people: Sequence[tuple[int, str]], approved: bool = True) -> ActionResult:
        """Scrutineers/tellers as (member id, role: chief_scrutineer/scrutineer/teller); none a candidate (R4.7)."""
        if locked := self.ctx.locked():
            return locked
        standing = self._standing(meeting_id)
        names = sm.names(self.db)
        clash = [reason("scrutineer_is_candidate", name=names[mid]) for mid, _ in people if mid in standing]
        if clash:
            return refused(*clash)
        with self.ctx.action("scrutineers_appointed", {"meeting": meeting_id, "people": [list(p) for p in people],
                                                    "approved": approved}):
            smt.set_scrutineers(self.db, meeting_id, people, approved)
        return ActionResult(True)

    def _standing(self, meeting_id: int) -> set[int]:
        """Member ids standing for any post this meeting elects."""
        m = self.ctx.meeting(meeting_id)
        posts = state.plenary_posts(self.db) if m.kind == "plenary" else state.assembly_posts(self.db)
        return {mid for p in posts for mid, _ in sc.candidates(self.db, p.id)}

    def suggest_scrutineers(self, meeting_id: int) -> list[int]:
        """Who may be offered as scrutineer or teller: the meeting's electors, none standing for election (R4.7).

        For a plenary, the new committee's members; for the assembly, the members signed in (the
        whole roll before anyone is). Candidates are left out; a later candidate list is checked
        again when the round opens.
        """
        m = self.ctx.meeting(meeting_id)
        if m.kind == "plenary":
            pool = state.committee_member_ids(self.db, m.committee)
        else:
            present = smt.present_ids(self.db, meeting_id)
            pool = [mid for mid, _ in sm.members(self.db) if mid in present or not present]
        standing = self._standing(meeting_id)
        return [mid for mid in pool if mid not in standing]
