"""The nominations service: nomination and vetting (R4.3, R4.4), candidate lists (R4.5, R5, R6)."""
from __future__ import annotations

from typing import Sequence

from app.core.rules.strokes import sort_names
from app.core.errors import UserFacingError
from app.core.storage import ballots as sb
from app.core.storage import candidates as sc
from app.core.storage import scenarios as ssc
from app.core.storage import members as sm
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
                if ssc.post_method(self.db, post_id)["order_doc"]:  # an approved order was of the old list (R13.3)
                    ssc.set_post_method(self.db, post_id, {"order_doc": None})
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
