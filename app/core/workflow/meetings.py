"""The meetings service: the assembly and first plenaries (R4.10), sign-in (R3), the method and scrutineers (R4.7)."""
from __future__ import annotations

from typing import Iterable, Sequence

from app.core.rules.attendance import RosterSummary
from app.core.rules.bodies import is_majority
from app.core.errors import UserFacingError
from app.core.storage import ballots as sb
from app.core.storage import candidates as sc
from app.core.storage import meeting as smt
from app.core.storage import members as sm
from app.core.storage import setup as ss
from app.core.workflow import entry, gates, state
from app.core.workflow.base import Service
from app.core.workflow.types import ActionResult, reason, refused


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
