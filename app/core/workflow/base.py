"""The shared action context of the election services: the file, the clock, one audited transaction per action, locks."""
from __future__ import annotations

import contextlib
import re
import sqlite3
from datetime import datetime
from typing import Any, Callable, Iterator

from sqlite_utils import Database

from app.core import audit
from app.core.diskfull import check_disk_full
from app.core.errors import UserFacingError
from app.core.i18n import N_, _
from app.core.messages import register
from app.core.storage import ballots as sb
from app.core.storage import database
from app.core.storage import meeting as smt
from app.core.storage import setup as ss
from app.core.workflow import state
from app.core.workflow.types import ActionResult, reason, refused

Clock = Callable[[], datetime]
# Keying a ballot changes nothing the per-round facts in ``_hot`` hold except the counts it updates.
KEYING_EVENTS = frozenset({"ballot_recorded", "ballot_deleted", "check_ballot_recorded", "check_ballot_deleted"})

register({
    "duplicate_member": N_("These names are on the roll twice: {names}"),
    "invalid_value": N_("A value was refused by the election file: {detail}"),
    "field_required": N_("Fill in {field}"),
    "unknown_member": N_("No member named {name}"),
    "file_read_only": N_("This election file is open for writing by {user} on {machine} since {since}; here it is "
                         "open only to read, so nothing was changed. Close it there first"),
})


class Stale(Exception):
    """A check made again inside the write transaction failed (another window changed the file): ``result`` says why."""

    def __init__(self, result: ActionResult) -> None:
        super().__init__(result)
        self.result = result


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


def wall_clock() -> datetime:
    """The clock of a file opened without one (the app); GUI tests replace it to step through PIN waits."""
    return datetime.now()


class ActionContext:
    """What every service shares: the database, the clock, ``action`` (one audited transaction), the hot-path cache and the lock checks."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        """:param db: an open election database; :param clock: injectable wall clock (tests, reports)"""
        self.db = db
        self._clock = clock or wall_clock
        # Per-round facts for the ballot-keying hot path; the services over this context are the file's
        # only writer, and every other action clears them (see ``action``).
        self.hot: dict[tuple[str, int], Any] = {}
        # Names printed on a round's ballot never change once it is opened: kept for the whole session.
        self._printed: dict[int, tuple[str, ...]] = {}
        audit.start_tracking(db)

    def now(self) -> str:
        return self._clock().isoformat(timespec="seconds")

    @contextlib.contextmanager
    def action(self, event: str, params: dict[str, Any], *, timed: bool = True) -> Iterator[dict[str, str | None]]:
        """One user action: its writes and its audit entry commit together, or nothing does.

        Yields a dict for the digests of rows the action reports itself (ballot inserts).
        """
        if (holder := database.writer(self.db)) is not None:  # one writer per file (issue 12): say who it is
            raise UserFacingError("file_read_only", "the file is open for writing elsewhere", user=holder.user,
                                  machine=holder.machine, since=holder.since)
        if event not in KEYING_EVENTS:
            self.hot.clear()
        written: dict[str, str | None] = {}
        try:
            with database.atomic(self.db):
                yield written
                audit.record(self.db, event, params, self.now() if timed else None, written)
        except sqlite3.IntegrityError as exc:
            self.hot.clear()
            # CHECK/UNIQUE/FK refusals mean the input was wrong; the transaction was rolled back.
            raise refused_value(exc) from None
        except (sqlite3.OperationalError, OSError) as exc:
            self.hot.clear()
            check_disk_full(exc)  # a full disk: the transaction was rolled back, nothing saved before is lost
            raise

    def locked(self) -> ActionResult | None:
        el = ss.election(self.db)
        return refused(reason("election_locked")) if el and el["official"] else None

    def ensure_unlocked(self) -> None:
        if self.locked():
            raise UserFacingError("election_locked", "the results are official", rule="R9.7")

    def post(self, post_id: int) -> ss.Post:
        post = ss.post(self.db, post_id)
        if post is None:
            raise unknown("post", post_id)
        return post

    def meeting(self, meeting_id: int) -> smt.Meeting:
        meeting = smt.meeting(self.db, meeting_id)
        if meeting is None:
            raise unknown("meeting", meeting_id)
        return meeting

    def printed(self, round_id: int) -> tuple[str, ...]:
        """Names printed on a round's ballot, in ballot order."""
        if round_id not in self._printed:
            self._printed[round_id] = tuple(n for _, n in sb.printed(self.db, round_id))
        return self._printed[round_id]

    def roll_fixed(self) -> None:
        """Refuse a change of the roll's names or rights (R2.1) once a round is open."""
        # A round's ballot, E and P, the write-ins' eligibility in every recount and the new committee
        # are all read from them by name: a change would rewrite counted rounds.
        rounds = sb.rounds(self.db)
        if rounds:
            raise UserFacingError("roll_fixed", "the roll is fixed once a round is open", round=rounds[0].id,
                                  rule="R2.1")

    def assembly_rounds(self) -> list[sb.Round]:
        """Rounds of the posts the assembly elects, post by post."""
        return [r for p in state.assembly_posts(self.db) for r in sb.rounds(self.db, p.id)]

    def first_issued(self) -> int | None:
        """The first assembly round whose ballots are issued, or None."""
        issued = [r for r in self.assembly_rounds() if r.issued is not None]
        return issued[0].id if issued else None

    def expected_fixed(self) -> None:
        """Refuse a change of exclusions once the assembly's ballots are issued: E was reported before the vote (R2.3)."""
        if (first := self.first_issued()) is not None:
            raise UserFacingError("expected_fixed", "the expected count is fixed once ballots are issued",
                                  round=first, rule="R2.3")

    def meeting_fixed(self, fields: dict[str, Any]) -> None:
        """Refuse a change of the electing body (R1.2) or the date and place (R4.1) once ballots are issued."""
        el, first = ss.election(self.db), self.first_issued()
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


class Service:
    """One part of the election's actions or readers, over the shared context (no service inherits another)."""

    def __init__(self, ctx: ActionContext) -> None:
        self.ctx = ctx

    @property
    def db(self) -> Database:
        """The election database (the context's)."""
        return self.ctx.db
