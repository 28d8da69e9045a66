"""Read-only views of an election for the pages: everything they show, so no SQL is needed outside storage."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping

from app.core import audit
from app.core.rules.attendance import has_voting_rights, summarize_roster
from app.core.rules.counting import Count
from app.core.rules.model import Ballot, MemberStatus, Settings
from app.core.storage import ballots as sb
from app.core.storage import candidates as sc
from app.core.storage import meeting as smt
from app.core.storage import members as sm
from app.core.storage import papers as sp
from app.core.storage import records as sr
from app.core.storage import setup as ss
from app.core.storage.audit_log import StoredEntry
from app.core.workflow import counting, gates, state
from app.core.workflow.base import Service
from app.core.workflow.types import GateResult, Step, StepState

if TYPE_CHECKING:
    from app.core.reports.data import Attendee, BallotSpec


@dataclass(frozen=True)
class RoundInfo:
    """One round as the counting page shows it: its post, ballot, counts and state."""

    id: int
    post_id: int
    committee: str
    office: str
    kind: str
    seats: int
    candidates: tuple[str, ...]
    expected: int | None
    present: int | None
    issued: int | None
    returned: int | None
    keyed: int
    closed: bool
    mode: str
    settings: Settings
    plenary: bool
    double_entry: bool
    checked: int
    counted: int  # ballots the count covers: those keyed, or those the tally sheets account for


@dataclass(frozen=True)
class TallySheets:
    """A round's tally sheets as entered (R10.1), in the shape ``enter_tallies`` takes them again."""

    tallies: Mapping[str, tuple[int, int, int, int]]  # printed name -> (yes, no, abstain, void), ballot order
    write_ins: Mapping[str, int]  # written-in name -> yes votes, in the order entered
    invalid: int


@dataclass(frozen=True)
class DoubleEntry:
    """A round's double entry: the record against the second teller's check entry (R10.1)."""

    on: bool
    recorded: int
    checked: int
    only_record: tuple[Ballot, ...]
    only_check: tuple[Ballot, ...]

    @property
    def agreed(self) -> bool:
        """Both entries hold the same ballots (as multisets of content)."""
        return not self.only_record and not self.only_check


@dataclass(frozen=True)
class RollSummary:
    """The roll page's summary line: 正式 · 预备 · 有表决权 (R2.1) · 应到 (R2.3)."""

    full: int  # 正式党员, including those whose rights a restriction (留党察看, suspension) takes away
    probationary: int
    voting: int
    expected: int


class ReadModel(Service):
    """Readers over the stored election; nothing here writes or decides."""

    def steps(self) -> list[StepState]:
        """Every step with its state (done/open/locked/blocked) and reasons."""
        return gates.steps(self.db)

    def gate(self, step: Step | str) -> GateResult:
        """May we go on past ``step``?"""
        return gates.gate(self.db, step)

    def verify_audit(self) -> audit.AuditReport:
        """Check the audit chain and every row against its digest."""
        return audit.verify_audit(self.db)

    def ballot_plan(self) -> tuple[tuple[BallotSpec, int, int], ...]:
        """(design, voters, copies) of each ballot to print: P of its round, or E before any round."""
        from app.core.documents import ballot_plan  # the papers' module reads this workflow: imported when used

        return ballot_plan(self.db)

    def attendees(self) -> tuple[Attendee, ...]:
        """The sign-in sheet's rows: every member, voters marked by the rights and exclusion rules (R2.1, R2.3)."""
        from app.core.documents import attendees

        return attendees(self.db)

    def assembly_elected(self) -> list[str]:
        """Everyone the assembly elected, in surname-stroke order, as the result report lists them (R9.6)."""
        from app.core.documents import elected_members, round_reports

        return [m.name for m in elected_members(round_reports(self.db, False))]

    def duties(self) -> dict[str, str]:
        """The division of duties recorded for the new committee: member name -> duty."""
        names = sm.names(self.db)
        return {names[mid]: duty for mid, duty in sp.duties(self.db).items()}

    def roll_summary(self) -> RollSummary:
        """Counts of the roll by the rules: voting rights (R2.1) and the expected count E of the assembly (R2.3)."""
        meeting = state.assembly_meeting(self.db)
        if meeting is None:  # before the assembly opens nobody is present: a meeting not yet held (no id 0)
            meeting = smt.Meeting(0, "assembly", "party", None, None, None, None, True)
        roster = state.roster(self.db, meeting)
        probationary = sum(rec.status == MemberStatus.PROBATIONARY for _, rec in sm.members(self.db))
        voting = sum(has_voting_rights(m.status) for m in roster)
        return RollSummary(len(roster) - probationary, probationary, voting, summarize_roster(roster).expected)

    def organization(self) -> dict[str, Any] | None:
        """The organization (name, kind, level, higher_org), or None before setup."""
        return ss.organization(self.db)

    def election_info(self) -> dict[str, Any] | None:
        """The election row (body, term, date, place, request and reply, official), or None."""
        return ss.election(self.db)

    def replies(self, subject: str | None = None) -> list[dict[str, Any]]:
        """Higher-level replies, optionally of one subject, oldest first."""
        return ss.replies(self.db, subject)

    def nominations(self, post_id: int) -> list[dict[str, Any]]:
        """A post's nominations (id, member_id, name, source, count)."""
        return sc.nominations(self.db, post_id)

    def vetting(self, member_id: int) -> sc.Vetting | None:
        """A member's latest vetting record, or None."""
        return sc.latest_vetting(self.db, member_id)

    def candidates(self, post_id: int) -> list[tuple[int, str]]:
        """(member id, name) of a post's candidate list in ballot order."""
        return sc.candidates(self.db, post_id)

    def approval(self, post_id: int) -> dict[str, Any] | None:
        """The higher level's approval of a post's list, or None."""
        return sc.approval(self.db, post_id)

    def meeting(self, kind: str = "assembly", committee: str = "party") -> smt.Meeting | None:
        """The latest assembly, or the first plenary of ``committee``."""
        return state.assembly_meeting(self.db) if kind == "assembly" else state.plenary_meeting(self.db, committee)

    def present_ids(self, meeting_id: int) -> set[int]:
        """Member ids signed in at a meeting."""
        return smt.present_ids(self.db, meeting_id)

    def scrutineers(self, meeting_id: int) -> list[tuple[int, str, bool]]:
        """(member id, role, approved) of a meeting's scrutineers and tellers."""
        return smt.scrutineers(self.db, meeting_id)

    def exclusions(self) -> list[sm.ExclusionRow]:
        """Every exclusion request with its approvals."""
        return sm.exclusions(self.db)

    def incidents(self) -> list[dict[str, Any]]:
        """The incident and misconduct register, oldest first."""
        return sr.incidents(self.db)

    def audit_entries(self) -> list[StoredEntry]:
        """The whole audit log in order."""
        return audit.entries(self.db)

    def assembly_posts(self) -> list[ss.Post]:
        """Posts elected by the assembly."""
        return state.assembly_posts(self.db)

    def plenary_posts(self) -> list[ss.Post]:
        """Posts elected by a committee's first plenary."""
        return state.plenary_posts(self.db)

    def committee_member_ids(self, committee: str = "party") -> list[int]:
        """Members elected to the new committee (its plenary's electors)."""
        return state.committee_member_ids(self.db, committee)

    # ---- rounds ---------------------------------------------------------------------------
    def _settings(self, r: sb.Round) -> Settings:
        m = smt.meeting(self.db, r.meeting_id)
        return Settings(write_in_needs_mark=bool(m.write_in_needs_mark)) if m else Settings()

    def round_info(self, round_id: int) -> RoundInfo:
        """One round with its post, printed names, keyed counts and state (KeyError if none)."""
        r = sb.get_round(self.db, round_id)
        if r is None:
            raise KeyError(round_id)
        post = state.post_of(self.db, r)
        keyed = sb.ballot_count(self.db, r.id)
        counted = keyed
        if r.mode == "tallies":
            sheet = counting.sheet_count(self.db, r)
            counted = sheet.valid + sheet.invalid
        return RoundInfo(r.id, r.post_id, post.committee, post.office, r.kind, r.seats, self.ctx.printed(r.id),
                         r.expected, r.present, r.issued, r.returned, keyed, r.closed, r.mode,
                         self._settings(r), state.is_plenary_post(self.db, post), r.double_entry,
                         sb.ballot_count(self.db, r.id, 2), counted)

    def round_infos(self, plenary: bool | None = None) -> list[RoundInfo]:
        """Every round in the order opened (only assembly or only plenary rounds when asked)."""
        infos = [self.round_info(r.id) for r in sb.rounds(self.db)]
        return [i for i in infos if plenary is None or i.plenary == plenary]

    def round_count(self, round_id: int, pass_no: int = 1) -> Count:
        """The running count of the ballots keyed so far (the engine's result; pass 2: the check entry),
        or of a round counted from tally sheets, the sheets' totals."""
        r = sb.get_round(self.db, round_id)
        if r is None:
            raise KeyError(round_id)
        if r.mode == "tallies" and pass_no == 1:
            return counting.sheet_count(self.db, r)
        rows = sb.ballot_rows(self.db, round_id, pass_no)
        return counting.fast_count(rows, self.ctx.printed(round_id), r.seats, self._settings(r))

    def tallies(self, round_id: int) -> TallySheets | None:
        """The tally sheets entered for a round, or None if it is counted from keyed ballots (KeyError if none)."""
        r = sb.get_round(self.db, round_id)
        if r is None:
            raise KeyError(round_id)
        if r.mode != "tallies":
            return None
        rows = sb.tallies(self.db, round_id)
        sheet = {n: (y, no, a, v) for n, w, y, no, a, v in rows if not w}
        printed = {n: sheet.get(n, (0, 0, 0, 0)) for n in self.ctx.printed(round_id)}
        return TallySheets(printed, {n: y for n, w, y, *_ in rows if w}, r.invalid_tallied or 0)

    def double_entry(self, round_id: int) -> DoubleEntry:
        """The record against the check entry: ballots only in one of them, with their ids (R10.1)."""
        r = sb.get_round(self.db, round_id)
        if r is None:
            raise KeyError(round_id)
        only_record, only_check = counting.entry_differences(self.db, round_id)
        return DoubleEntry(r.double_entry, sb.ballot_count(self.db, round_id), sb.ballot_count(self.db, round_id, 2),
                           only_record, only_check)
