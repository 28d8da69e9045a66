"""The audit log: event catalogue, one hash-chained entry per user action, and its verification.

Each entry holds the event id, the time (None for ballot events: R4.8 keeps no time per ballot),
the action's parameters, and the digest of every row the action wrote ("table/id" -> digest,
None when deleted). ``verify_audit`` checks the chain (app.core.hashchain) and then that every row
in the file still matches the digest of the entry that last wrote it, so a row edited, inserted or
deleted with any SQLite tool is detected and the entry that wrote it is named.
Ballots are keyed by random ids; the log shows the order ballots were keyed in at the count (paper
ballots out of the mixed box), never a voter or a voting time.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from sqlite_utils import Database

from app.core.hashchain import GENESIS, canonical, entry_bytes, link, link_encoded
from app.core.i18n import N_, _
from app.core.congress.events import EVENTS as CONGRESS_EVENTS, STEP as CONGRESS_STEPS
from app.core.messages import register
from app.core.scan.events import EVENTS as SCAN_EVENTS, STEP as SCAN_STEPS
from app.core.storage import audit_log
from app.core.storage.schema import AUDITED

# id -> one-line doc (a msgid: the audit viewer shows it translated). Every user action writes exactly one
# of these (tests check the catalogue).
EVENTS: dict[str, str] = {
    "file_created": N_("A new election file was created."),
    "schema_migrated": N_("The file was migrated to a newer schema (a copy was kept aside first)."),
    "organization_set": N_("The organization's name, type, level and higher-level organization were set."),
    "election_set": N_("The election's body, term, date, place and rehearsal flag were set."),
    "request_recorded": N_("The request to hold the election was recorded (R4.1)."),
    "reply_recorded": N_("A higher-level reply (批复) was recorded with its document number and date."),
    "post_added": N_("A post to fill was added with its seats and whether it is competitive."),
    "post_changed": N_("A post's seats or competitiveness were changed before any round."),
    "post_deleted": N_("A post entered by mistake was deleted before any round, with its nominations and candidate list."),
    "members_added": N_("Members were added to the roll (all or nothing)."),
    "member_updated": N_("A member's record on the roll was changed."),
    "exclusion_requested": N_("A member was proposed for exclusion from the expected count (R2.3)."),
    "exclusion_approved": N_("An exclusion's higher-level consent and assembly approval were recorded (R2.3)."),
    "exclusion_withdrawn": N_("An exclusion request was withdrawn."),
    "nomination_recorded": N_("A nomination with its source and count was recorded (R4.3)."),
    "nomination_withdrawn": N_("A nominee's nominations for a post were withdrawn (R4.3)."),
    "vetting_recorded": N_("A vetting record of a nominee was recorded (R4.4)."),
    "candidates_set": N_("The candidate list of a post was set, in ballot order (R6.1)."),
    "candidates_approved": N_("The higher level's approval of a candidate list and the notice dates were recorded (R4.5)."),
    "meeting_opened": N_("A meeting (member assembly or committee plenary) was opened."),
    "signed_in": N_("Members were signed in at a meeting (R3.2)."),
    "signed_out": N_("Members were marked absent at a meeting (R3.2)."),
    "method_adopted": N_("The meeting adopted the election method (R4.7)."),
    "scrutineers_appointed": N_("Scrutineers and tellers were appointed and their approval recorded (R4.7)."),
    "round_opened": N_("A round of voting was opened for a post (R10.3)."),
    "ballots_issued": N_("The number of ballots issued was recorded and P re-established (R3.2, R8.1)."),
    "ballot_recorded": N_("One returned ballot was keyed in (no voter, no time: R4.8)."),
    "ballot_deleted": N_("A keyed ballot was removed before the round closed (keying error)."),
    "double_entry_set": N_("Double entry was switched on or off for a round; switching off gives up the check entry."),
    "check_ballot_recorded": N_("A second teller keyed a returned ballot again to check the record (no voter, no time: R4.8)."),
    "check_ballot_deleted": N_("A ballot of the second teller's check entry was taken back (keying error)."),
    "returned_recorded": N_("The number of ballots returned was recorded (R8.1)."),
    "tallies_entered": N_("Per-candidate tally sheets were entered instead of ballots."),
    "round_closed": N_("A round was counted by the engine and closed; its ballots are locked."),
    "seats_reduced": N_("A post's seats were reduced with the consent of more than half of the electors (R9.4)."),
    "results_official": N_("The results were marked official; the election is locked."),
    "chief_pin_set": N_("The chief scrutineer set a PIN (the PIN itself is never stored and cannot be read back)."),
    "chief_confirmed": N_("The chief scrutineer confirmed, with name and PIN, signing or marking the results official."),
    "chief_pin_refused": N_("A wrong PIN was typed for the chief scrutineer; the wait before the next attempt grows."),
    "amendment_recorded": N_("A correction after a lock was recorded with its reason and approver (R9.7)."),
    "incident_recorded": N_("An incident or misconduct report was recorded (R11)."),
    "incident_updated": N_("The action taken on an incident or its outcome was recorded (R11)."),
    "term_started_set": N_("The date the outgoing committee was elected was recorded (R4.1)."),
    "reply_titled": N_("The title of a higher-level reply was recorded, so papers can cite it."),
    "paper_issued": N_("An official paper was issued with its document number and date."),
    "duties_set": N_("The division of duties agreed at the first plenary was recorded."),
    "work_report_heard": N_("The outgoing committee's work report heard by the assembly was recorded."),
    "election_kind_set": N_("The kind of election (a general election or a by-election of vacant seats) was set (R13.4)."),
    "sitting_committee_set": N_("The sitting committee's members were put on record for a by-election (R13.4)."),
    "method_settings_set": N_("The election method's settings were recorded: the re-vote rule and the preliminary bar's base (R13.1, R13.8)."),
    "preliminary_set": N_("A post's preliminary election and how many names advance were recorded (R13.1)."),
    "direct_secretary_set": N_("The assembly's direct election of the secretary was recorded with its approval (R13.2)."),
    "term_shift_recorded": N_("The higher level's approval of moving the election date was recorded (R1.1)."),
    "order_approved": N_("The ballot order the higher level approved for a post was recorded (R13.3)."),
}


# The step each event belongs to, for the audit viewer's filter ("supervision": the incident register).
_STEP_EVENTS = {
    "setup": ("file_created", "schema_migrated", "organization_set", "election_set", "request_recorded",
              "reply_recorded", "post_added", "post_changed", "post_deleted", "term_started_set", "reply_titled",
              "election_kind_set", "sitting_committee_set", "direct_secretary_set", "term_shift_recorded"),
    "roll": ("members_added", "member_updated", "exclusion_requested", "exclusion_approved", "exclusion_withdrawn"),
    "nomination": ("nomination_recorded", "nomination_withdrawn", "vetting_recorded"),
    "candidates": ("candidates_set", "candidates_approved", "order_approved"),
    "sign_in": ("meeting_opened", "signed_in", "signed_out"),
    "method": ("method_adopted", "scrutineers_appointed", "chief_pin_set", "method_settings_set", "preliminary_set"),
    "ballots": ("round_opened", "ballots_issued"),
    "counting": ("ballot_recorded", "ballot_deleted", "returned_recorded", "tallies_entered", "round_closed",
                 "double_entry_set", "check_ballot_recorded", "check_ballot_deleted"),
    "results": ("seats_reduced", "amendment_recorded"),
    "report": ("results_official", "chief_confirmed", "chief_pin_refused", "paper_issued", "duties_set", "work_report_heard"),
    "supervision": ("incident_recorded", "incident_updated"),
}
EVENT_STEPS: dict[str, str] = {event: step for step, events in _STEP_EVENTS.items() for event in events}
EVENTS.update(SCAN_EVENTS)  # reading ballots from scans (issue 17)
EVENT_STEPS.update({event: step for step, events in SCAN_STEPS.items() for event in events})
EVENTS.update(CONGRESS_EVENTS)  # the delegate congress and counting stations (issue 16)
EVENT_STEPS.update({event: step for step, events in CONGRESS_STEPS.items() for event in events})


def describe(event: str) -> str:
    """An event's one-line description in the current language (the id itself if unknown)."""
    return _(EVENTS[event]) if event in EVENTS else event


def event_step(event: str) -> str:
    """The step an event belongs to ("supervision" for incidents, "other" if unknown)."""
    return EVENT_STEPS.get(event, "other")


register({
    "audit_chain_broken": N_("Audit entry #{seq} does not chain to the one before it: the log was altered"),
    "audit_entry_missing": N_("Audit entry #{seq} is missing: the log was altered"),
    "audit_unknown_event": N_("Audit entry #{seq} has an unknown event {event}"),
    "row_edited": N_("{row} was changed outside votedesk after audit entry #{seq}"),
    "row_deleted": N_("{row}, written by audit entry #{seq}, was deleted outside votedesk"),
    "row_unrecorded": N_("{row} was added outside votedesk (no audit entry wrote it)"),
})


@dataclass(frozen=True)
class Problem:
    """One way the file differs from its log; ``seq`` names the entry concerned (0 if none)."""

    code: str
    seq: int
    row: str | None = None


@dataclass(frozen=True)
class AuditReport:
    """The verdict of ``verify_audit``: intact, or the problems with the first bad entry."""

    entries: int
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """True when the chain and every row are intact."""
        return not self.problems

    @property
    def first_bad(self) -> Problem | None:
        """The problem naming the earliest entry (rows added outside any entry come last)."""
        if not self.problems:
            return None
        return min(self.problems, key=lambda p: (p.seq == 0, p.seq))


def start_tracking(db: Database) -> None:
    """Make this connection note every row it writes (call once after opening)."""
    audit_log.install_tracking(db)


def record(db: Database, event: str, params: dict[str, Any] | None = None, at: str | None = None,
           written: dict[str, str | None] | None = None) -> int:
    """Append the entry of one user action, digesting the rows it wrote; call inside its transaction.

    :param event: an id from EVENTS
    :param params: JSON-able parameters of the action
    :param at: local time "YYYY-MM-DDTHH:MM:SS", or None (ballot events)
    :param written: digests of rows the action reported itself (ballot inserts: audit_log.SELF_REPORTING)
    :return: the entry's sequence number
    """
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}")
    rows = audit_log.take_touched(db)
    rows.update(written or {})
    return _append(db, event, params or {}, at, rows)


def record_all_rows(db: Database, event: str, params: dict[str, Any], at: str | None) -> int:
    """Append an entry digesting every row of the file (after a migration re-shapes rows)."""
    audit_log.take_touched(db)
    rows: dict[str, str | None] = {}
    for table in AUDITED:
        rows.update(audit_log.all_digests(db, table))
    return _append(db, event, params, at, rows)


def _append(db: Database, event: str, params: dict[str, Any], at: str | None, rows: dict[str, str | None]) -> int:
    seq, prev = audit_log.last_hash(db)
    seq += 1
    params_json, rows_json = canonical(params).decode(), canonical(rows).decode()
    digest = link_encoded(prev, entry_bytes(seq, event, at, params_json, rows_json))
    audit_log.append(db, seq, event, at, params_json, rows_json, digest)
    return seq


def _chain_problems(entries: Iterable[audit_log.StoredEntry]) -> tuple[list[Problem], dict[str, tuple[str | None, int]]]:
    latest: dict[str, tuple[str | None, int]] = {}
    prev, expected = GENESIS, 1
    for e in entries:
        if e.seq != expected:
            return [Problem("audit_entry_missing", expected)], latest
        if e.event not in EVENTS:
            return [Problem("audit_unknown_event", e.seq)], latest
        if link(prev, e.content()) != e.hash:
            return [Problem("audit_chain_broken", e.seq)], latest
        for key, digest in e.rows.items():
            latest[key] = (digest, e.seq)
        prev, expected = e.hash, expected + 1
    return [], latest


def _row_problems(db: Database, latest: dict[str, tuple[str | None, int]]) -> list[Problem]:
    found: list[Problem] = []
    seen: set[str] = set()
    for table in AUDITED:
        for key, digest in audit_log.all_digests(db, table):
            seen.add(key)
            recorded, seq = latest.get(key, (None, 0))
            if recorded is None:
                found.append(Problem("row_unrecorded", 0, key))
            elif recorded != digest:
                found.append(Problem("row_edited", seq, key))
    for key, (recorded, seq) in latest.items():
        if recorded is not None and key not in seen:
            found.append(Problem("row_deleted", seq, key))
    return found


def verify_audit(db: Database) -> AuditReport:
    """Check the hash chain, then every audited row against the digest last logged for it."""
    stored = list(audit_log.entries(db))
    problems, latest = _chain_problems(stored)
    if not problems:
        problems = _row_problems(db, latest)
    return AuditReport(len(stored), tuple(sorted(problems, key=lambda p: (p.seq == 0, p.seq, p.row or ""))))


def entries(db: Database) -> list[audit_log.StoredEntry]:
    """The whole log in order (for display and `votedesk audit`)."""
    return list(audit_log.entries(db))
