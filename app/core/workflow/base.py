"""The Election service core: file handling, one audited transaction per action, setup and roll."""
from __future__ import annotations

import contextlib
import json
import re
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from sqlite_utils import Database

from app.core import audit
from app.core.diskfull import check_disk_full
from app.core.errors import UserFacingError
from app.core.i18n import N_, _
from app.core.messages import register
from app.core.models import MemberRecord
from app.core.rules.attendance import has_voting_rights
from app.core.rules.model import ExclusionReason, MemberStatus, Office
from app.core.storage import ballots as sb
from app.core.storage import candidates as sc
from app.core.storage import database
from app.core.storage import meeting as smt
from app.core.storage import members as sm
from app.core.storage import setup as ss
from app.core.storage.schema import HEAD
from app.core.textcheck import check_name, check_names
from app.core.workflow import counting, entry, gates, state
from app.core.workflow.labels import status_label
from app.core.workflow.types import ActionResult, GateReason, GateResult, Step, StepState, reason, refused

Clock = Callable[[], datetime]
# Keying a ballot changes nothing the per-round facts in ``_hot`` hold except the counts it updates.
KEYING_EVENTS = frozenset({"ballot_recorded", "ballot_deleted", "check_ballot_recorded", "check_ballot_deleted"})

register({
    "duplicate_member": N_("These names are on the roll twice: {names}"),
    "invalid_value": N_("A value was refused by the election file: {detail}"),
    "field_required": N_("Fill in {field}"),
    "unknown_member": N_("No member named {name}"),
})


# Columns the file requires to be filled in, as the user knows them (the CHECK says length(...) > 0).
REQUIRED_FIELDS = {
    "name": N_("the name"), "reason": N_("the reason"), "source": N_("the nomination source"),
    "vetted_by": N_("who did the vetting"), "approval_doc": N_("the approval document number"),
    "reported_by": N_("who reported it"), "target": N_("what is corrected"), "approved_by": N_("who approved it"),
    "doc_no": N_("the document number"),
}
_REQUIRED = re.compile(r"CHECK constraint failed: length\((?:trim\()?(\w+)\)?\) > 0")


def refused_value(exc: sqlite3.IntegrityError) -> UserFacingError:
    """The file's refusal of a value, as a sentence: an empty required field is named, anything else quoted."""
    if (m := _REQUIRED.search(str(exc))) and m.group(1) in REQUIRED_FIELDS:
        return UserFacingError("field_required", str(exc), field=_(REQUIRED_FIELDS[m.group(1)]), detail=str(exc))
    return UserFacingError("invalid_value", str(exc), detail=str(exc))


def unknown(what: str, key: object) -> UserFacingError:
    """An id the file does not hold (a page showing a row since removed, a script's typo): pick again."""
    return UserFacingError("invalid_value", f"no {what} {key}", detail=f"no {what} #{key}")


class ElectionBase:
    """Holds the database and the clock; every mutating method runs in ``_action``."""

    SCHEMA = HEAD  # the schema version this build writes (e.g. to key cached files by it)

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        """:param db: an open election database; :param clock: injectable wall clock (tests, reports)"""
        self.db = db
        self._clock = clock or datetime.now
        # Per-round facts for the ballot-keying hot path; this object is the file's only writer,
        # and every other action clears them (see _action).
        self._hot: dict[tuple[str, int], Any] = {}
        audit.start_tracking(db)

    @classmethod
    def create(cls, path: str | Path, clock: Clock | None = None) -> "ElectionBase":
        """Create a new election file (UserFacingError if it exists)."""
        e = cls(database.create(path), clock)
        with e._action("file_created", {"schema": HEAD}):
            pass
        return e

    @classmethod
    def open(cls, path: str | Path, clock: Clock | None = None) -> "ElectionBase":
        """Open an election file; an older schema is copied aside, migrated and the migration logged."""
        db, applied = database.open_file_report(path)
        e = cls(db, clock)
        if applied:
            with database.atomic(db):
                audit.record_all_rows(db, "schema_migrated", {"applied": applied, "schema": HEAD}, e._now())
        return e

    @classmethod
    def in_memory(cls, clock: Clock | None = None) -> "ElectionBase":
        """A fresh election in memory (tests, rehearsals)."""
        e = cls(database.open_memory(), clock)
        with e._action("file_created", {"schema": HEAD}):
            pass
        return e

    @staticmethod
    def copy_file(src: str | Path, dst: str | Path) -> None:
        """A consistent copy of an election file (e.g. a fresh demo from its template)."""
        database.copy_file(src, dst)

    def close(self) -> None:
        """Close the file (WAL is checkpointed by SQLite)."""
        self.db.close()

    def _now(self) -> str:
        return self._clock().isoformat(timespec="seconds")

    @contextlib.contextmanager
    def _action(self, event: str, params: dict[str, Any], *, timed: bool = True) -> Iterator[dict[str, str | None]]:
        """One user action: its writes and its audit entry commit together, or nothing does.

        Yields a dict for the digests of rows the action reports itself (ballot inserts).
        """
        if event not in KEYING_EVENTS:
            self._hot.clear()
        written: dict[str, str | None] = {}
        try:
            with database.atomic(self.db):
                yield written
                audit.record(self.db, event, params, self._now() if timed else None, written)
        except sqlite3.IntegrityError as exc:
            self._hot.clear()
            # CHECK/UNIQUE/FK refusals mean the input was wrong; the transaction was rolled back.
            raise refused_value(exc) from None
        except (sqlite3.OperationalError, OSError) as exc:
            self._hot.clear()
            check_disk_full(exc)  # a full disk: the transaction was rolled back, nothing saved before is lost
            raise

    def _locked(self) -> ActionResult | None:
        el = ss.election(self.db)
        return refused(reason("election_locked")) if el and el["official"] else None

    def _ensure_unlocked(self) -> None:
        if self._locked():
            raise UserFacingError("election_locked", "the results are official", rule="R9.7")

    def _post(self, post_id: int) -> ss.Post:
        post = ss.post(self.db, post_id)
        if post is None:
            raise unknown("post", post_id)
        return post

    def _meeting(self, meeting_id: int) -> smt.Meeting:
        meeting = smt.meeting(self.db, meeting_id)
        if meeting is None:
            raise unknown("meeting", meeting_id)
        return meeting

    def _roll_fixed(self) -> None:
        """Refuse a change of the roll's names or rights (R2.1) once a round is open."""
        # A round's ballot, E and P, the write-ins' eligibility in every recount and the new committee
        # are all read from them by name: a change would rewrite counted rounds.
        rounds = sb.rounds(self.db)
        if rounds:
            raise UserFacingError("roll_fixed", "the roll is fixed once a round is open", round=rounds[0].id,
                                  rule="R2.1")

    def _assembly_rounds(self) -> list[sb.Round]:
        """Rounds of the posts the assembly elects, post by post."""
        return [r for p in state.assembly_posts(self.db) for r in sb.rounds(self.db, p.id)]

    def _first_issued(self) -> int | None:
        """The first assembly round whose ballots are issued, or None."""
        issued = [r for r in self._assembly_rounds() if r.issued is not None]
        return issued[0].id if issued else None

    def _expected_fixed(self) -> None:
        """Refuse a change of exclusions once the assembly's ballots are issued: E was reported before the vote (R2.3)."""
        if (first := self._first_issued()) is not None:
            raise UserFacingError("expected_fixed", "the expected count is fixed once ballots are issued",
                                  round=first, rule="R2.3")

    def _meeting_fixed(self, fields: dict[str, Any]) -> None:
        """Refuse a change of the electing body (R1.2) or the date and place (R4.1) once ballots are issued."""
        el, first = ss.election(self.db), self._first_issued()
        if el is None or first is None:
            return
        # The body sets whose counting rules and papers apply; the approved request named the date, and the
        # sign-in sheet, every counting report and the result report carry the date and place the vote was held.
        if fields["body"] != el["body"]:
            raise UserFacingError("body_fixed", "the electing body is fixed once ballots are issued", round=first,
                                  rule="R1.2")
        held = state.assembly_meeting(self.db)
        as_held = held is not None and (fields["meeting_date"], fields["place"]) == (held.held_on, held.place)
        # Correcting the preparation to the meeting actually held (an older file) is a recorded amendment.
        if (fields["meeting_date"], fields["place"]) != (el["meeting_date"], el["place"]) and not as_held:
            raise UserFacingError("meeting_fixed", "the meeting's date and place are fixed once ballots are issued",
                                  round=first, rule="R4.1")

    # ---- reading -------------------------------------------------------------------------
    def steps(self) -> list[StepState]:
        """Every step with its state (done/open/locked/blocked) and reasons."""
        return gates.steps(self.db)

    def gate(self, step: Step | str) -> GateResult:
        """May we go on past ``step``?"""
        return gates.gate(self.db, step)

    def verify_audit(self) -> audit.AuditReport:
        """Check the audit chain and every row against its digest."""
        return audit.verify_audit(self.db)

    def member_id(self, name: str) -> int:
        """The id of a member by name (UserFacingError if none)."""
        for mid, n in sm.names(self.db).items():
            if n == name:
                return mid
        raise UserFacingError("unknown_member", f"no member named {name}", name=name)

    def members(self) -> list[tuple[int, MemberRecord]]:
        """(id, record) of every member in roll order."""
        return sm.members(self.db)

    def posts(self) -> list[ss.Post]:
        """Every post."""
        return ss.posts(self.db)

    def ineligible_members(self) -> dict[int, GateReason]:
        """Members without the right to be elected (R2.1), each with the reason to show: nomination offers
        the others only, and a nominee who loses the right is flagged by it."""
        return {mid: reason("candidate_not_eligible", name=rec.name, status=status_label(str(rec.status)), input="member")
                for mid, rec in sm.members(self.db) if not has_voting_rights(MemberStatus(rec.status))}

    def margin_rule(self, office: str, committee: str = "party") -> GateReason:
        """What fixes a post's margin (R13.6): "post_always_competitive", "post_single_candidate", or
        "post_margin_choice" when the post takes a recorded choice; ``.message()`` says it with its article."""
        return entry.margin_rule(self.db, committee, office)

    # ---- setup ---------------------------------------------------------------------------
    def set_organization(self, name: str, kind: str, level: str | None = None, higher_org: str | None = None) -> None:
        """Name, type (party_committee/general_branch/branch/branch_no_committee), level, higher organization."""
        self._ensure_unlocked()
        check_name(name.strip())  # no control, direction-override or only-invisible characters
        with self._action("organization_set", {"name": name, "kind": kind}):
            ss.set_organization(self.db, name, kind, level, higher_org)

    def set_election(self, body: str = "member_assembly", term_years: int | None = None, meeting_date: str | None = None,
                     place: str | None = None, rehearsal: bool = False) -> None:
        """The election: body (member_assembly/delegate_congress), term, date, place, rehearsal flag.

        Once the assembly's ballots are issued the body, date and place are those of the meeting held: refused.
        """
        self._ensure_unlocked()
        fields = {"body": body, "term_years": term_years, "meeting_date": meeting_date, "place": place,
                  "rehearsal": int(rehearsal)}
        self._meeting_fixed(fields)
        known = entry.all_conflicts(self.db)
        with self._action("election_set", fields):
            ss.set_election(self.db, fields)
            # The assembly is held when and where the request said (R4.1): an open one follows the correction.
            if (held := state.assembly_meeting(self.db)) is not None:
                smt.set_held(self.db, held.id, meeting_date, place)
            entry.refuse_new_conflicts(self.db, known)

    def record_request(self, doc_no: str, dated: str) -> None:
        """The request to hold the election sent to the higher level (R4.1)."""
        self._ensure_unlocked()
        known = entry.all_conflicts(self.db)
        with self._action("request_recorded", {"doc_no": doc_no, "dated": dated}):
            ss.set_election(self.db, {"request_doc": doc_no, "request_date": dated})
            entry.refuse_new_conflicts(self.db, known)  # not after the reply that answers it (R4.2)

    def record_reply(self, subject: str, doc_no: str, dated: str, approved: bool = True, note: str | None = None) -> int:
        """A higher-level reply (批复); subject hold_election/exclusions/candidates/secretary/results/other.

        The reply to hold the election is not dated before the request, nor after the meeting (R4.2);
        one on the secretary or the results not before the meeting (R4.12).
        """
        known = entry.all_conflicts(self.db)
        with self._action("reply_recorded", {"subject": subject, "doc_no": doc_no, "approved": approved}):
            rid = ss.add_reply(self.db, subject, doc_no, dated, approved, note)
            if subject == "hold_election" and approved:
                ss.set_election(self.db, {"reply_doc": doc_no, "reply_date": dated})
            entry.refuse_new_conflicts(self.db, known)
        return rid

    def add_post(self, office: str, seats: int, competitive: bool | None = None, committee: str = "party") -> int:
        """A post to fill; its margin follows the office (R13.6): committee members, delegates and the
        discipline commission always competitive (R5.1), secretary and deputy one candidate per seat (R5.2);
        only a standing committee (or a secretary the assembly elects directly, R13.2) takes ``competitive``.
        A value contrary to the office is refused.

        The same office again corrects its seats (see ``change_post``).
        """
        self._ensure_unlocked()
        if office not in {o.value for o in Office}:
            raise UserFacingError("invalid_value", f"unknown office {office}", detail=f"unknown office {office}")
        comp = entry.competitive_for(self.db, committee, office, competitive)
        if (size := entry.size_problem(self.db, committee, office, seats)) is not None:
            raise entry.as_error(size)
        same = next((p for p in ss.posts(self.db) if (p.committee, p.office) == (committee, office)), None)
        if same is not None:
            return self._change_post(same, seats, comp)
        if not state.is_plenary_post(self.db, ss.Post(0, committee, office, seats, comp)):
            self._assembly_vote_not_begun()
        with self._action("post_added", {"office": office, "seats": seats, "competitive": comp, "committee": committee}):
            return ss.add_post(self.db, committee, office, seats, comp)

    def change_post(self, post_id: int, seats: int, competitive: bool | None = None) -> int:
        """Correct a post's seats (and, for a standing committee, its recorded margin choice) until its vote begins.

        A changed post's candidate list loses its approval (it was approved for the old seats).
        """
        self._ensure_unlocked()
        post = self._post(post_id)
        comp = entry.competitive_for(self.db, post.committee, post.office, competitive)
        if (size := entry.size_problem(self.db, post.committee, post.office, seats)) is not None:
            raise entry.as_error(size)
        return self._change_post(post, seats, comp)

    def delete_post(self, post_id: int) -> dict[str, int]:
        """Delete a post entered by mistake, until the vote on it begins; value: what went with it.

        Its nominations, candidate list and the list's approval were for this post only and go with it
        (the audit entry counts them); refused once a round of the post is open, or, for a post the
        assembly elects, once the assembly's vote has begun (the request named its posts, R4.1).
        """
        self._ensure_unlocked()
        post = self._post(post_id)
        self._post_not_voted(post)
        if not state.is_plenary_post(self.db, post):
            self._assembly_vote_not_begun()
        held = {"nominations": len(sc.nominations(self.db, post_id)), "candidates": len(sc.candidates(self.db, post_id))}
        with self._action("post_deleted", {"post": post_id, "office": post.office, "committee": post.committee,
                                           "seats": post.seats, **held}):
            ss.delete_post(self.db, post_id)
        return held

    def _assembly_vote_not_begun(self) -> None:
        # The request named the posts the assembly fills (R4.1); a secretary's post may still follow for the plenary.
        if rounds := self._assembly_rounds():
            raise UserFacingError("posts_fixed", "the assembly's vote has begun", round=rounds[0].id, rule="R4.1")

    def _post_not_voted(self, post: ss.Post) -> None:
        if rounds := sb.rounds(self.db, post.id):  # the request and the list were approved for it, the ballot printed
            raise UserFacingError("posts_fixed", "a round of the post is open", round=rounds[0].id, rule="R4.1")

    def _change_post(self, post: ss.Post, seats: int, competitive: bool) -> int:
        if sb.rounds(self.db, post.id) and seats == post.seats and competitive != post.competitive:
            return self._correct_margin_flag(post, competitive)
        self._post_not_voted(post)
        with self._action("post_changed", {"post": post.id, "seats": seats, "competitive": competitive}):
            ss.set_post(self.db, post.id, seats, competitive)
            if (seats, competitive) != (post.seats, post.competitive):
                sc.revoke_approval(self.db, post.id)
        return post.id

    def _correct_margin_flag(self, post: ss.Post, competitive: bool) -> int:
        """A flag stored against the office (an older file) corrected after the vote, as a recorded amendment (R9.7).

        Only towards the office's own value (``competitive_for`` refused any other): the ballots and who is
        elected stay as they were; each closed round is recounted so its stored result states the rule.
        """
        with self._action("post_changed", {"post": post.id, "seats": post.seats, "competitive": competitive,
                                           "correction": "R13.6"}):
            ss.set_post(self.db, post.id, post.seats, competitive)
            for r in sb.rounds(self.db, post.id):
                if r.closed:
                    before = json.loads(r.outcome or "{}").get("elected")
                    doc = counting.decide_json(self.db, r.id)
                    if doc["elected"] != before:  # the margin decides nobody's seat; never rewrite who is elected
                        raise UserFacingError("elected_changed", f"round {r.id}", rule="R9.7")
                    sb.set_results(self.db, r.id, doc)
        return post.id

    # ---- roll ----------------------------------------------------------------------------
    def add_members(self, records: Sequence[MemberRecord]) -> list[int]:
        """Add members to the roll, all or nothing (duplicate names refused); returns their ids."""
        self._ensure_unlocked()
        self._roll_fixed()
        check_names(r.name.strip() for r in records)  # no control, direction-override or only-invisible names
        names = [r.name.strip() for r in records]
        taken = set(sm.names(self.db).values())
        dupes = sorted({n for n in names if names.count(n) > 1 or n in taken})
        if dupes:
            raise UserFacingError("duplicate_member", "duplicate names: " + ", ".join(dupes), names="、".join(dupes))
        with self._action("members_added", {"count": len(records)}):
            return sm.add_members(self.db, records)

    def update_member(self, member_id: int, record: MemberRecord) -> None:
        """Replace a member's record (status changes are logged like any edit).

        Once a round is open only the data-sheet fields may change, not the name or the status.
        """
        self._ensure_unlocked()
        old = sm.member(self.db, member_id)
        if old is None:
            raise unknown("member", member_id)
        check_name(record.name.strip())
        if (old.name, old.status) != (record.name.strip(), record.status):
            self._roll_fixed()
        with self._action("member_updated", {"member": member_id, "status": str(record.status)}):
            sm.update_member(self.db, member_id, record)

    def add_exclusion(self, member_id: int, reason_code: str, detail: str | None = None) -> int:
        """Propose leaving a member out of the expected count (R2.3); needs both approvals to count."""
        self._ensure_unlocked()
        self._expected_fixed()
        if reason_code not in {r.value for r in ExclusionReason}:  # only the accepted grounds (R2.3)
            name = sm.names(self.db).get(member_id, str(member_id))
            raise UserFacingError("exclusion_reason_not_accepted", f"reason {reason_code}", name=name, rule="R2.3")
        with self._action("exclusion_requested", {"member": member_id, "reason": reason_code}):
            return sm.add_exclusion(self.db, member_id, reason_code, detail)

    def approve_exclusion(self, exclusion_id: int, consent_doc: str, consent_date: str, assembly_date: str | None = None) -> None:
        """Record the higher level's consent (document, date) and the assembly's approval date (R2.3).

        All three are required (an exclusion counts only with both approvals), the consent comes first
        and the assembly approves by the day of the meeting.
        """
        self._ensure_unlocked()
        self._expected_fixed()
        if not (consent_doc.strip() and consent_date and assembly_date):
            missing = "consent_doc" if not consent_doc.strip() else "consent_date" if not consent_date else "assembly_date"
            raise UserFacingError("exclusion_incomplete", f"{missing} missing", rule="R2.3", input=missing)
        known = entry.all_conflicts(self.db)
        with self._action("exclusion_approved", {"exclusion": exclusion_id, "consent_doc": consent_doc,
                                                 "assembly_date": assembly_date}):
            if not sm.approve_exclusion(self.db, exclusion_id, consent_doc.strip(), consent_date, assembly_date):
                raise unknown("exclusion", exclusion_id)  # rolls back: nothing is logged
            entry.refuse_new_conflicts(self.db, known)

    def withdraw_exclusion(self, exclusion_id: int) -> None:
        """Withdraw an exclusion request."""
        self._ensure_unlocked()
        self._expected_fixed()
        with self._action("exclusion_withdrawn", {"exclusion": exclusion_id}):
            if not sm.delete_exclusion(self.db, exclusion_id):
                raise unknown("exclusion", exclusion_id)  # already withdrawn, or never requested
