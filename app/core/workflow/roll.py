"""The roll service: members and their rights (R2.1), exclusions from the expected count (R2.3)."""
from __future__ import annotations

from typing import Sequence

from app.core.errors import UserFacingError
from app.core.textcheck import check_name, check_names
from app.core.models import MemberRecord
from app.core.rules.attendance import has_voting_rights
from app.core.rules.model import ExclusionReason
from app.core.storage import members as sm
from app.core.workflow import entry
from app.core.workflow.base import Service, unknown
from app.core.workflow.labels import status_label
from app.core.workflow.types import GateReason, reason


class RollActions(Service):
    """The roll: all-or-nothing additions, edits fixed once a round is open, exclusions fixed once ballots are issued."""

    def member_id(self, name: str) -> int:
        """The id of a member by name (UserFacingError if none)."""
        for mid, n in sm.names(self.db).items():
            if n == name:
                return mid
        raise UserFacingError("unknown_member", f"no member named {name}", name=name)

    def members(self) -> list[tuple[int, MemberRecord]]:
        """(id, record) of every member in roll order."""
        return sm.members(self.db)

    def ineligible_members(self) -> dict[int, GateReason]:
        """Members without the right to be elected (R2.1), each with the reason to show: nomination offers
        the others only, and a nominee who loses the right is flagged by it."""
        return {mid: reason("candidate_not_eligible", name=rec.name, status=status_label(str(rec.standing)), input="member")
                for mid, rec in sm.members(self.db) if not has_voting_rights(rec.standing)}

    def add_members(self, records: Sequence[MemberRecord]) -> list[int]:
        """Add members to the roll, all or nothing (duplicate names refused); returns their ids."""
        self.ctx.ensure_unlocked()
        self.ctx.roll_fixed()
        check_names(r.name.strip() for r in records)  # no control, direction-override or only-invisible names
        names = [r.name.strip() for r in records]
        taken = set(sm.names(self.db).values())
        dupes = sorted({n for n in names if names.count(n) > 1 or n in taken})
        if dupes:
            raise UserFacingError("duplicate_member", "duplicate names: " + ", ".join(dupes), names="、".join(dupes))
        with self.ctx.action("members_added", {"count": len(records)}):
            return sm.add_members(self.db, records)

    def update_member(self, member_id: int, record: MemberRecord) -> None:
        """Replace a member's record (status changes are logged like any edit).

        Once a round is open only the data-sheet fields may change, not the name or the status.
        """
        self.ctx.ensure_unlocked()
        old = sm.member(self.db, member_id)
        if old is None:
            raise unknown("member", member_id)
        check_name(record.name.strip())
        if (old.name, old.standing) != (record.name.strip(), record.standing):
            self.ctx.roll_fixed()
        with self.ctx.action("member_updated", {"member": member_id, "status": str(record.status),
                                                      "restriction": str(record.restriction or "")}):
            sm.update_member(self.db, member_id, record)

    def add_exclusion(self, member_id: int, reason_code: str, detail: str | None = None) -> int:
        """Propose leaving a member out of the expected count (R2.3); needs both approvals to count."""
        self.ctx.ensure_unlocked()
        self.ctx.expected_fixed()
        if reason_code not in {r.value for r in ExclusionReason}:  # only the accepted grounds (R2.3)
            name = sm.names(self.db).get(member_id, str(member_id))
            raise UserFacingError("exclusion_reason_not_accepted", f"reason {reason_code}", name=name, rule="R2.3")
        with self.ctx.action("exclusion_requested", {"member": member_id, "reason": reason_code}):
            return sm.add_exclusion(self.db, member_id, reason_code, detail)

    def approve_exclusion(self, exclusion_id: int, consent_doc: str, consent_date: str, assembly_date: str | None = None) -> None:
        """Record the higher level's consent (document, date) and the assembly's approval date (R2.3).

        All three are required (an exclusion counts only with both approvals), the consent comes first
        and the assembly approves by the day of the meeting.
        """
        self.ctx.ensure_unlocked()
        self.ctx.expected_fixed()
        if not (consent_doc.strip() and consent_date and assembly_date):
            missing = "consent_doc" if not consent_doc.strip() else "consent_date" if not consent_date else "assembly_date"
            raise UserFacingError("exclusion_incomplete", f"{missing} missing", rule="R2.3", input=missing)
        known = entry.all_conflicts(self.db)
        with self.ctx.action("exclusion_approved", {"exclusion": exclusion_id, "consent_doc": consent_doc,
                                                 "assembly_date": assembly_date}):
            if not sm.approve_exclusion(self.db, exclusion_id, consent_doc.strip(), consent_date, assembly_date):
                raise unknown("exclusion", exclusion_id)  # rolls back: nothing is logged
            entry.refuse_new_conflicts(self.db, known)

    def withdraw_exclusion(self, exclusion_id: int) -> None:
        """Withdraw an exclusion request."""
        self.ctx.ensure_unlocked()
        self.ctx.expected_fixed()
        with self.ctx.action("exclusion_withdrawn", {"exclusion": exclusion_id}):
            if not sm.delete_exclusion(self.db, exclusion_id):
                raise unknown("exclusion", exclusion_id)  # already withdrawn, or never requested
