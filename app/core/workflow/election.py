"""The Election façade: one election file, and every action and reader on it from the small services below it."""
from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from sqlite_utils import Database

from app.core import audit
from app.core.errors import UserFacingError
from app.core.models import MemberRecord
from app.core.rules.attendance import RosterSummary
from app.core.rules.counting import Count
from app.core.rules.election import RoundOutcome
from app.core.rules.model import Mark
from app.core.storage import ballots as sb
from app.core.storage import candidates as sc
from app.core.storage import database
from app.core.storage import meeting as smt
from app.core.storage import members as sm
from app.core.storage import papers as sp
from app.core.storage import congress as scg
from app.core.storage import setup as ss
from app.core.storage import stations as st
from app.core.storage import audit_log
from app.core.storage.audit_log import StoredEntry
from app.core.storage.candidates import Vetting
from app.core.storage.schema import HEAD
from app.core.storage.writerlock import Holder
from app.core.workflow import state
from app.core.workflow.base import ActionContext, Clock
from app.core.workflow.confirm import ChiefActions
from app.core.workflow.keying import KeyingActions, WriteInArg
from app.core.workflow.scanning import DEFAULT_SHARE, ScanningActions, ScanStatus
from app.core.workflow.meetings import MeetingActions
from app.core.workflow.nominations import NominationActions
from app.core.workflow.congress import CongressActions, Unit
from app.core.workflow.outputs import OutputActions
from app.core.workflow.scenarios import ScenarioActions
from app.core.workflow.papers import PaperActions, PaperDraft
from app.core.workflow.preparation import SetupActions
from app.core.workflow.read import DoubleEntry, ReadModel, RollSummary, RoundInfo, TallySheets
from app.core.workflow.results import ResultActions
from app.core.workflow.stations import StationActions, StationProgress
from app.core.workflow.roll import RollActions
from app.core.workflow.types import ActionResult, GateReason, GateResult, NextRound, Step, StepState
from app.core.workflow.voting import VotingActions

if TYPE_CHECKING:
    from fractions import Fraction

    from app.core.scan.batch import ScannedPage
    from app.core.storage.scans import ScanPage
    from app.core.reports.data import Attendee, BallotSpec
    from app.core.signing.keys import Identity
    from app.core.signing.report import Check


class Election:
    """One election file and every user action on it (see app.core.workflow for the API).

    Each group of actions is a service over one shared ``ActionContext`` (the file, the clock, one audited
    transaction per action, the hot-path cache, the locks); this class only wires them and forwards.
    """

    SCHEMA = HEAD  # the schema version this build writes (e.g. to key cached files by it)

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        """:param db: an open election database; :param clock: injectable wall clock (tests, reports)"""
        self.ctx = ActionContext(db, clock)
        self.db = db
        self._setup = SetupActions(self.ctx)
        self._roll = RollActions(self.ctx)
        self._nominations = NominationActions(self.ctx, self._roll)
        self._meetings = MeetingActions(self.ctx)
        self._chief = ChiefActions(self.ctx)
        self._voting = VotingActions(self.ctx)
        self._keying = KeyingActions(self.ctx)
        self._results = ResultActions(self.ctx, self._chief, self._voting, self._keying)
        self._read = ReadModel(self.ctx)
        self._papers = PaperActions(self.ctx)
        self._outputs = OutputActions(self.ctx)
        self._scanning = ScanningActions(self.ctx, self._keying)
        self._scenarios = ScenarioActions(self.ctx)
        self._stations = StationActions(self.ctx)
        self._congress = CongressActions(self.ctx, self._voting)

    @classmethod
    def create(cls, path: str | Path, clock: Clock | None = None) -> "Election":
        """Create a new election file (UserFacingError if it exists)."""
        e = cls(database.create(path), clock)
        try:
            with e.ctx.action("file_created", {"schema": HEAD}):
                pass
        except UserFacingError:  # a full disk after the tables: no half-made file is left to refuse "exists" later
            e.close()
            database.remove_new(Path(path))
            raise
        return e

    @classmethod
    def open(cls, path: str | Path, clock: Clock | None = None) -> "Election":
        """Open an election file; an older schema is copied aside, migrated and the migration logged."""
        db, applied = database.open_file_report(path)
        e = cls(db, clock)
        logged = audit_log.logged_schema(db)
        # A migration that failed part way kept the versions before it (each commits on its own) without their
        # log entry: the next open logs them, so rows those versions re-shaped are digested again.
        # Opened read-only (another process writes it): that writer logs it, not this window.
        if database.writer(db) is None and (applied or (logged is not None and logged < HEAD)):
            with database.atomic(db):
                audit.record_all_rows(db, "schema_migrated", {"applied": applied, "schema": HEAD}, e.ctx.now())
        return e

    @classmethod
    def in_memory(cls, clock: Clock | None = None) -> "Election":
        """A fresh election in memory (tests, rehearsals)."""
        e = cls(database.open_memory(), clock)
        with e.ctx.action("file_created", {"schema": HEAD}):
            pass
        return e

    @staticmethod
    def copy_file(src: str | Path, dst: str | Path) -> None:
        """A consistent copy of an election file (e.g. a fresh demo from its template)."""
        database.copy_file(src, dst)

    def close(self) -> None:
        """Close the file (WAL is checkpointed by SQLite)."""
        self.db.close()

    def writer(self) -> Holder | None:
        """Who holds the file open for writing when it was opened here read-only (None: this window writes)."""
        return self._keying.writer()


    # ---- SetupActions --------------------------------------------------------------------
    def posts(self) -> list[ss.Post]:
        """Every post."""
        return self._setup.posts()

    def margin_rule(self, office: str, committee: str = "party") -> GateReason:
        """What fixes a post's margin (R13.6): "post_always_competitive", "post_single_candidate", or
        "post_margin_choice" when the post takes a recorded choice; ``.message()`` says it with its article."""
        return self._setup.margin_rule(office, committee)

    def set_organization(self, name: str, kind: str, level: str | None = None, higher_org: str | None = None) -> None:
        """Name, type (party_committee/general_branch/branch/branch_no_committee), level, higher organization."""
        self._setup.set_organization(name, kind, level, higher_org)

    def set_election(self, body: str = "member_assembly", term_years: int | None = None, meeting_date: str | None = None,
                     place: str | None = None, rehearsal: bool = False) -> None:
        """The election: body (member_assembly/delegate_congress), term, date, place, rehearsal flag."""
        self._setup.set_election(body, term_years, meeting_date, place, rehearsal)

    def record_request(self, doc_no: str, dated: str) -> None:
        """The request to hold the election sent to the higher level (R4.1)."""
        self._setup.record_request(doc_no, dated)

    def record_reply(self, subject: str, doc_no: str, dated: str, approved: bool = True, note: str | None = None) -> int:
        """A higher-level reply (批复); subject hold_election/exclusions/candidates/secretary/results/other."""
        return self._setup.record_reply(subject, doc_no, dated, approved, note)

    def add_post(self, office: str, seats: int, competitive: bool | None = None, committee: str = "party") -> int:
        """A post to fill; its margin follows the office (R13.6): committee members, delegates and the
        discipline commission always competitive (R5.1), secretary and deputy one candidate per seat (R5.2);
        only a standing committee (or a secretary the assembly elects directly, R13.2) takes ``competitive``.
        A value contrary to the office is refused."""
        return self._setup.add_post(office, seats, competitive, committee)

    def change_post(self, post_id: int, seats: int, competitive: bool | None = None) -> int:
        """Correct a post's seats (and, for a standing committee, its recorded margin choice) until its vote begins."""
        return self._setup.change_post(post_id, seats, competitive)

    def delete_post(self, post_id: int) -> dict[str, int]:
        """Delete a post entered by mistake, until the vote on it begins; value: what went with it."""
        return self._setup.delete_post(post_id)

    # ---- ScenarioActions (which election and how: R13.1-R13.5, R13.8) --------------------
    def scenario(self) -> dict[str, Any]:
        """The recorded scenario: election_kind, direct_secretary (+ doc), term_shift_doc, revote_rule,
        preliminary_base, single_candidate_doc."""
        return self._scenarios.scenario()

    def post_method(self, post_id: int) -> dict[str, Any]:
        """A post's preliminary advance and the approval of its printed order."""
        return self._scenarios.post_method(post_id)

    def sitting_committee(self) -> list[tuple[int, str]]:
        """The sitting committee on record (member id, office)."""
        return self._scenarios.sitting_committee()

    def set_method_settings(self, revote_rule: str = "threshold", preliminary_base: str = "present") -> ActionResult:
        """The re-vote rule (R13.8) and the preliminary bar's base (R13.1); fixed once the vote has begun."""
        return self._scenarios.set_method_settings(revote_rule, preliminary_base)

    def set_preliminary(self, post_id: int, advance: int | None) -> ActionResult:
        """Hold a preliminary election for a post, ``advance`` names going to the formal list (R13.1)."""
        return self._scenarios.set_preliminary(post_id, advance)

    def set_direct_secretary(self, doc_no: str | None) -> ActionResult:
        """The assembly elects a branch's secretary and deputy directly, as approved by ``doc_no`` (R13.2)."""
        return self._scenarios.set_direct_secretary(doc_no)

    def record_term_shift(self, doc_no: str, dated: str | None = None) -> ActionResult:
        """The higher level's approval of moving the election date (R1.1)."""
        return self._scenarios.record_term_shift(doc_no, dated)

    def set_election_kind(self, kind: str, single_candidate_doc: str | None = None) -> ActionResult:
        """A general election or a by-election of vacant seats (R13.4)."""
        return self._scenarios.set_election_kind(kind, single_candidate_doc)

    def set_sitting_committee(self, rows: Sequence[tuple[int, str]]) -> ActionResult:
        """The sitting committee's members and offices on record (R13.4)."""
        return self._scenarios.set_sitting_committee(rows)

    def approve_order(self, post_id: int, member_ids: Sequence[int], doc_no: str) -> ActionResult:
        """The ballot order the higher level approved for the secretary, deputy or standing committee (R13.3)."""
        return self._scenarios.approve_order(post_id, member_ids, doc_no)

    def first_round_kind(self, post_id: int) -> str:
        """The kind of a post's first round: "preliminary" when the method says so (R13.1), else "formal"."""
        return self._scenarios.first_round_kind(post_id)

    def term_years_due(self) -> int | None:
        """The term of the organization's kind (R1.5); None before the organization is set."""
        return self._scenarios.term_years_due()

    def no_plenary(self) -> GateReason | None:
        """Why this election holds no first plenary (R13.2, R13.4); None when it holds one."""
        return self._scenarios.no_plenary()

    def method_adopted(self) -> bool:
        """Whether the member assembly has adopted its election method (its settings are then fixed)."""
        return self._scenarios.method_adopted()

    # ---- RollActions ---------------------------------------------------------------------
    def member_id(self, name: str) -> int:
        """The id of a member by name (UserFacingError if none)."""
        return self._roll.member_id(name)

    def members(self) -> list[tuple[int, MemberRecord]]:
        """(id, record) of every member in roll order."""
        return self._roll.members()

    def ineligible_members(self) -> dict[int, GateReason]:
        """Members without the right to be elected (R2.1), each with the reason to show: nomination offers
        the others only, and a nominee who loses the right is flagged by it."""
        return self._roll.ineligible_members()

    def add_members(self, records: Sequence[MemberRecord]) -> list[int]:
        """Add members to the roll, all or nothing (duplicate names refused); returns their ids."""
        return self._roll.add_members(records)

    def update_member(self, member_id: int, record: MemberRecord) -> None:
        """Replace a member's record (status changes are logged like any edit)."""
        self._roll.update_member(member_id, record)

    def add_exclusion(self, member_id: int, reason_code: str, detail: str | None = None) -> int:
        """Propose leaving a member out of the expected count (R2.3); needs both approvals to count."""
        return self._roll.add_exclusion(member_id, reason_code, detail)

    def approve_exclusion(self, exclusion_id: int, consent_doc: str, consent_date: str, assembly_date: str | None = None) -> None:
        """Record the higher level's consent (document, date) and the assembly's approval date (R2.3)."""
        self._roll.approve_exclusion(exclusion_id, consent_doc, consent_date, assembly_date)

    def withdraw_exclusion(self, exclusion_id: int) -> None:
        """Withdraw an exclusion request."""
        self._roll.withdraw_exclusion(exclusion_id)

    # ---- NominationActions ---------------------------------------------------------------
    def nominate(self, post_id: int, member_id: int, source: str, count: int = 1) -> int:
        """Record a nomination: source (e.g. "party_group", "members_jointly", "outgoing_committee") and count."""
        return self._nominations.nominate(post_id, member_id, source, count)

    def withdraw_nomination(self, post_id: int, member_id: int) -> ActionResult:
        """Withdraw a member's nominations for a post (entered by mistake, or the nominee declined); value: how many."""
        return self._nominations.withdraw_nomination(post_id, member_id)

    def record_vetting(self, member_id: int, vetting: Vetting) -> int:
        """Record the vetting of a nominee: files, talks, appraisal figures, discipline opinion, pledge (R4.4)."""
        return self._nominations.record_vetting(member_id, vetting)

    def set_candidates(self, post_id: int, member_ids: Sequence[int]) -> ActionResult:
        """Set a post's candidate list, printed in surname stroke order (R6.1); value: the names in order."""
        return self._nominations.set_candidates(post_id, member_ids)

    def approve_candidates(self, post_id: int, doc_no: str, dated: str, notice_from: str | None = None,
                           notice_to: str | None = None) -> ActionResult:
        """Record the higher level's approval of a list; refused if the list breaks a rule (R2.1, R4.4, R5.1)."""
        return self._nominations.approve_candidates(post_id, doc_no, dated, notice_from, notice_to)

    # ---- MeetingActions ------------------------------------------------------------------
    def open_meeting(self, kind: str = "assembly", held_on: str | None = None, place: str | None = None,
                     committee: str = "party") -> int:
        """Open the member assembly (kind "assembly") or a committee's first plenary (kind "plenary")."""
        return self._meetings.open_meeting(kind, held_on, place, committee)

    def sign_in(self, meeting_id: int, member_ids: Iterable[int]) -> RosterSummary:
        """Sign members in at a meeting; returns E and P as they now stand (R3.2)."""
        return self._meetings.sign_in(meeting_id, member_ids)

    def sign_out(self, meeting_id: int, member_ids: Iterable[int]) -> RosterSummary:
        """Mark members absent (left the meeting); returns E and P as they now stand."""
        return self._meetings.sign_out(meeting_id, member_ids)

    def attendance(self, meeting_id: int) -> RosterSummary:
        """E, P and exclusions of a meeting right now (R2.3, R3.1)."""
        return self._meetings.attendance(meeting_id)

    def adopt_method(self, meeting_id: int, text: str, votes_for: int, write_in_needs_mark: bool = True) -> ActionResult:
        """Record the election method as adopted by the meeting: more than half of those present (R4.7)."""
        return self._meetings.adopt_method(meeting_id, text, votes_for, write_in_needs_mark)

    def appoint_scrutineers(self, meeting_id: int, people: Sequence[tuple[int, str]], approved: bool = True) -> ActionResult:
        """Scrutineers/tellers as (member id, role: chief_scrutineer/scrutineer/teller); none a candidate (R4.7)."""
        return self._meetings.appoint_scrutineers(meeting_id, people, approved)

    def suggest_scrutineers(self, meeting_id: int) -> list[int]:
        """Who may be offered as scrutineer or teller: the meeting's electors, none standing for election (R4.7)."""
        return self._meetings.suggest_scrutineers(meeting_id)

    # ---- ChiefActions --------------------------------------------------------------------
    def chief_scrutineer(self) -> str | None:
        """The name of the assembly's approved chief scrutineer, if one was appointed."""
        return self._chief.chief_scrutineer()

    def set_chief_pin(self, pin: str, current: str | None = None) -> ActionResult:
        """The chief scrutineer chooses a PIN (4–12 digits) at the meeting; stored salted and hashed, outside the log."""
        return self._chief.set_chief_pin(pin, current)

    def check_chief(self, name: str, pin: str) -> ActionResult:
        """Whether ``name`` and ``pin`` are the chief scrutineer's; a wrong PIN is recorded and counted."""
        return self._chief.check_chief(name, pin)

    def pin_wait(self) -> int:
        """Seconds before the next PIN may be tried (0: now), from the wrong PINs recorded in the file."""
        return self._chief.pin_wait()

    def legacy_pin(self) -> bool:
        """Whether the PIN's hash sits in the audit log (a file from before v6): a new PIN is needed before signing."""
        return self._chief.legacy_pin()

    def confirm_chief(self, name: str, pin: str, purpose: str, **detail: Any) -> ActionResult:
        """Record the chief scrutineer's confirmation of ``purpose`` (e.g. signing: package hash, signer)."""
        return self._chief.confirm_chief(name, pin, purpose, **detail)

    def chief_pin_is_set(self) -> bool:
        """Whether a PIN was set, so marking official and signing must ask for it."""
        return self._chief.chief_pin_is_set()

    # ---- VotingActions -------------------------------------------------------------------
    def next_rounds(self, post_id: int) -> list[NextRound]:
        """What a post's last closed round calls for: a repeat, a tie re-vote, or another round / fewer seats."""
        return self._voting.next_rounds(post_id)

    def open_round(self, post_id: int, kind: str = "formal", candidates: Sequence[int] | None = None,
                   seats: int | None = None) -> ActionResult:
        """Open a round for a post; value: the round id. Further rounds must be due (see ``next_rounds``)."""
        return self._voting.open_round(post_id, kind, candidates, seats)

    def issue_ballots(self, round_id: int, issued: int) -> ActionResult:
        """Record the ballots issued; P is re-read from the sign-in now and the quorum re-checked (R3.2, R8.1)."""
        return self._voting.issue_ballots(round_id, issued)

    def record_returned(self, round_id: int, returned: int) -> ActionResult:
        """Record the ballots returned (counted before the votes, R4.7); more than issued voids the vote (R8.1)."""
        return self._voting.record_returned(round_id, returned)

    def enter_tallies(self, round_id: int, tallies: Mapping[str, Sequence[int]],
                      write_in_tallies: Mapping[str, int] | None = None, invalid: int = 0) -> ActionResult:
        """Enter tally sheets instead of ballots: name -> (yes, no, abstain, void) over valid ballots."""
        return self._voting.enter_tallies(round_id, tallies, write_in_tallies, invalid)

    def close_round(self, round_id: int) -> ActionResult:
        """Count the round with the engine, store the result and lock its ballots; value: the result document."""
        return self._voting.close_round(round_id)

    def hold_again(self, round_id: int) -> ActionResult:
        """Close a round whose vote is invalid (e.g. more returned than issued) so it is held again (R8.1, R8.2)."""
        return self._voting.hold_again(round_id)

    # ---- KeyingActions -------------------------------------------------------------------
    def record_ballot(self, round_id: int, marks: Mapping[str, Mark | str], write_ins: Sequence[WriteInArg] = (),
                      spoiled: bool = False, pass_no: int = 1) -> ActionResult:
        """Key in one returned ballot; value: its random id. No voter, no time is stored (R4.8)."""
        return self._keying.record_ballot(round_id, marks, write_ins, spoiled, pass_no)

    def letters(self, round_id: int, marks: Mapping[str, Mark | str]) -> tuple[str, list[str]]:
        """"""
        return self._keying.letters(round_id, marks)

    def undo_last_ballot(self, round_id: int, pass_no: int = 1) -> ActionResult:
        """Remove the most recently keyed ballot of an open round (a keying slip); value: its id."""
        return self._keying.undo_last_ballot(round_id, pass_no)

    def delete_ballot(self, round_id: int, ballot_id: str, pass_no: int = 1) -> ActionResult:
        """Take back one keyed ballot of an open round (a slip found by double entry); value: its id."""
        return self._keying.delete_ballot(round_id, ballot_id, pass_no)

    def set_double_entry(self, round_id: int, on: bool) -> ActionResult:
        """Switch double entry on or off for an open round; value: check ballots given up."""
        return self._keying.set_double_entry(round_id, on)

    # ---- CongressActions (the delegate congress before its vote, R13.9) ------------------
    def set_units(self, units: Sequence[tuple[str, int]]) -> ActionResult:
        """The electoral units and their delegate seats, before any reports (R1.3: at most 300 delegates)."""
        return self._congress.set_units(units)

    def congress_units(self) -> list[Unit]:
        """Every electoral unit, its seats and whether it has reported."""
        return self._congress.congress_units()

    def units_not_reported(self) -> list[str]:
        """The units whose signed package has not come in."""
        return self._congress.units_not_reported()

    def import_unit_report(self, data: bytes, trust_root: bytes, at: dt.datetime | None = None) -> ActionResult:
        """Verify a unit's signed package and put its delegates on the congress roll (no retyping); value: the unit."""
        return self._congress.import_unit_report(data, trust_root, at)

    def congress_delegates(self) -> list[scg.Delegate]:
        """The roll of delegates as the units' packages gave it, with each one's review."""
        return self._congress.congress_delegates()

    def review_delegate(self, name: str, qualified: bool, note: str | None, reviewed_on: str) -> ActionResult:
        """Record the qualification review of one delegate (代表资格审查); one not qualified leaves the roll."""
        return self._congress.review_delegate(name, qualified, note, reviewed_on)

    def hold_preparatory(self, held_on: str, present: int, agenda: Sequence[str], agenda_votes: int,
                         presidium: Sequence[str], presidium_votes: int, secretary_general: str,
                         review_report_votes: int) -> ActionResult:
        """The preparatory meeting (预备会议): it hears the review report, adopts the agenda, elects the presidium and
        the secretary-general, each by more than half of the delegates present (R13.9)."""
        return self._congress.hold_preparatory(held_on, present, agenda, agenda_votes, presidium, presidium_votes,
                                               secretary_general, review_report_votes)

    def congress_preparatory(self) -> dict[str, Any] | None:
        """The preparatory meeting as recorded, with its agenda and presidium."""
        return self._congress.congress_preparatory()

    def presidium_reduce_seats(self, post_id: int, seats: int, votes_for: int, decided_on: str) -> ActionResult:
        """A congress's presidium reduces a post's seats instead of another round (R9.4), recorded as its decision."""
        return self._congress.presidium_reduce_seats(post_id, seats, votes_for, decided_on)

    def presidium_decisions(self) -> list[dict[str, Any]]:
        """The presidium's recorded decisions."""
        return self._congress.presidium_decisions()

    def congress_papers(self) -> dict[str, bytes]:
        """代表资格审查报告, 主席团名单 and 大会议程 as PDFs (the last two once the preparatory meeting is recorded)."""
        return self._congress.congress_papers()

    # ---- StationActions (counting by several teller groups, R13.9) ----------------------
    def set_boxes(self, round_id: int, boxes: Sequence[tuple[str, int]]) -> ActionResult:
        """Split a round's returned ballots into named boxes (before any kit is issued); value: the number of boxes."""
        return self._stations.set_boxes(round_id, boxes)

    def boxes(self, round_id: int) -> list[st.Box]:
        """A round's ballot boxes."""
        return self._stations.boxes(round_id)

    def issue_kit(self, round_id: int, station: str, box_names: Sequence[str]) -> ActionResult:
        """A station kit for a teller group (the bytes of the file for its USB stick); value: the kit file."""
        return self._stations.issue_kit(round_id, station, box_names)

    def import_partial(self, round_id: int, data: bytes) -> ActionResult:
        """Verify and import a station's signed partial count; value: the station's name."""
        return self._stations.import_partial(round_id, data)

    def station_progress(self, round_id: int) -> list[StationProgress]:
        """Each kit issued for a round: its station, boxes, and the partial count once imported."""
        return self._stations.station_progress(round_id)

    def count_from_stations(self, round_id: int) -> ActionResult:
        """Put the ballots of every imported partial into the round, shuffled, with new random ids; value: ballots."""
        return self._stations.count_from_stations(round_id)

    # ---- ResultActions -------------------------------------------------------------------
    def reduce_seats(self, post_id: int, seats: int, consent_yes: int, decided_on: str) -> ActionResult:
        """Reduce a post's seats instead of another round, with the consent of more than half of the electors (R9.4)."""
        return self._results.reduce_seats(post_id, seats, consent_yes, decided_on)

    def mark_official(self, by: str, pin: str | None = None) -> ActionResult:
        """Mark the results official: every post filled and the plenary done; locks the election."""
        return self._results.mark_official(by, pin)

    def verifier_failures(self) -> tuple[Check, ...]:
        """The higher level's recount and rule checks that fail on this election's rounds (none: it would accept)."""
        return self._results.verifier_failures()

    def amend_ballot(self, ballot_id: str, marks: Mapping[str, Mark | str], write_ins: Sequence[WriteInArg] = (),
                     spoiled: bool = False, *, reason_text: str, approved_by: str) -> ActionResult:
        """Correct a ballot of a closed round as a recorded amendment and recount (R9.7); value: new result."""
        return self._results.amend_ballot(ballot_id, marks, write_ins, spoiled, reason_text=reason_text, approved_by=approved_by)

    def record_incident(self, kind: str, reported_by: str, reported_on: str, description: str,
                        action: str | None = None, outcome: str | None = None) -> int:
        """An incident or misconduct report (canvassing, bribery, clan_interference, threat, …: R11)."""
        return self._results.record_incident(kind, reported_by, reported_on, description, action, outcome)

    def update_incident(self, incident_id: int, action: str | None, outcome: str | None) -> None:
        """What was done about an incident and how it ended (R11.3)."""
        self._results.update_incident(incident_id, action, outcome)

    def rounds(self, post_id: int | None = None) -> list[sb.Round]:
        """Rounds (of one post, or all) in the order opened."""
        return self._results.rounds(post_id)

    def printed_names(self, round_id: int) -> tuple[str, ...]:
        """Names printed on a round's ballot, in ballot order."""
        return self._results.printed_names(round_id)

    def round_result(self, round_id: int) -> dict[str, Any] | None:
        """A closed round's `votedesk-count-result/1` document."""
        return self._results.round_result(round_id)

    def recount(self, round_id: int) -> RoundOutcome:
        """The rules engine's own count of a round from its `votedesk-count/1` document (the reference recount)."""
        return self._results.recount(round_id)

    def count_input(self, round_id: int) -> dict[str, Any]:
        """A round as a `votedesk-count/1` document built from stored ballots (for `votedesk count`)."""
        return self._results.count_input(round_id)

    def elected(self, post_id: int) -> list[str]:
        """Everyone elected to a post so far, in the order elected."""
        return self._results.elected(post_id)

    def progress(self, post_id: int) -> state.PostProgress:
        """A post's seats (after reductions), elected names and last round."""
        return self._results.progress(post_id)

    def accept_return(self, doc_no: str, dated: str, package_sha256: str, reasons: Sequence[str]) -> ActionResult:
        """Record a verified 退回 of the result package and lift the official lock, in one audited action (R9.7)."""
        return self._results.accept_return(doc_no, dated, package_sha256, reasons)

    # ---- ReadModel -----------------------------------------------------------------------
    def steps(self) -> list[StepState]:
        """Every step with its state (done/open/locked/blocked) and reasons."""
        return self._read.steps()

    def gate(self, step: Step | str) -> GateResult:
        """May we go on past ``step``?"""
        return self._read.gate(step)

    def verify_audit(self) -> audit.AuditReport:
        """Check the audit chain and every row against its digest."""
        return self._read.verify_audit()

    def ballot_plan(self) -> tuple[tuple[BallotSpec, int, int], ...]:
        """(design, voters, copies) of each ballot to print: P of its round, or E before any round."""
        return self._read.ballot_plan()

    def attendees(self) -> tuple[Attendee, ...]:
        """The sign-in sheet's rows: every member, voters marked by the rights and exclusion rules (R2.1, R2.3)."""
        return self._read.attendees()

    def assembly_elected(self) -> list[str]:
        """Everyone the assembly elected, in surname-stroke order, as the result report lists them (R9.6)."""
        return self._read.assembly_elected()

    def duties(self) -> dict[str, str]:
        """The division of duties recorded for the new committee: member name -> duty."""
        return self._read.duties()

    def roll_summary(self) -> RollSummary:
        """Counts of the roll by the rules: voting rights (R2.1) and the expected count E of the assembly (R2.3)."""
        return self._read.roll_summary()

    def organization(self) -> dict[str, Any] | None:
        """The organization (name, kind, level, higher_org), or None before setup."""
        return self._read.organization()

    def election_info(self) -> dict[str, Any] | None:
        """The election row (body, term, date, place, request and reply, official), or None."""
        return self._read.election_info()

    def replies(self, subject: str | None = None) -> list[dict[str, Any]]:
        """Higher-level replies, optionally of one subject, oldest first."""
        return self._read.replies(subject)

    def nominations(self, post_id: int) -> list[dict[str, Any]]:
        """A post's nominations (id, member_id, name, source, count)."""
        return self._read.nominations(post_id)

    def vetting(self, member_id: int) -> sc.Vetting | None:
        """A member's latest vetting record, or None."""
        return self._read.vetting(member_id)

    def candidates(self, post_id: int) -> list[tuple[int, str]]:
        """(member id, name) of a post's candidate list in ballot order."""
        return self._read.candidates(post_id)

    def approval(self, post_id: int) -> dict[str, Any] | None:
        """The higher level's approval of a post's list, or None."""
        return self._read.approval(post_id)

    def meeting(self, kind: str = "assembly", committee: str = "party") -> smt.Meeting | None:
        """The latest assembly, or the first plenary of ``committee``."""
        return self._read.meeting(kind, committee)

    def present_ids(self, meeting_id: int) -> set[int]:
        """Member ids signed in at a meeting."""
        return self._read.present_ids(meeting_id)

    def scrutineers(self, meeting_id: int) -> list[tuple[int, str, bool]]:
        """(member id, role, approved) of a meeting's scrutineers and tellers."""
        return self._read.scrutineers(meeting_id)

    def exclusions(self) -> list[sm.ExclusionRow]:
        """Every exclusion request with its approvals."""
        return self._read.exclusions()

    def incidents(self) -> list[dict[str, Any]]:
        """The incident and misconduct register, oldest first."""
        return self._read.incidents()

    def audit_entries(self) -> list[StoredEntry]:
        """The whole audit log in order."""
        return self._read.audit_entries()

    def assembly_posts(self) -> list[ss.Post]:
        """Posts elected by the assembly."""
        return self._read.assembly_posts()

    def plenary_posts(self) -> list[ss.Post]:
        """Posts elected by a committee's first plenary."""
        return self._read.plenary_posts()

    def committee_member_ids(self, committee: str = "party") -> list[int]:
        """Members elected to the new committee (its plenary's electors)."""
        return self._read.committee_member_ids(committee)

    def round_info(self, round_id: int) -> RoundInfo:
        """One round with its post, printed names, keyed counts and state (KeyError if none)."""
        return self._read.round_info(round_id)

    def round_infos(self, plenary: bool | None = None) -> list[RoundInfo]:
        """Every round in the order opened (only assembly or only plenary rounds when asked)."""
        return self._read.round_infos(plenary)

    def round_count(self, round_id: int, pass_no: int = 1) -> Count:
        """The running count of the ballots keyed so far (the engine's result; pass 2: the check entry),
        or of a round counted from tally sheets, the sheets' totals."""
        return self._read.round_count(round_id, pass_no)

    def tallies(self, round_id: int) -> TallySheets | None:
        """The tally sheets entered for a round, or None if it is counted from keyed ballots (KeyError if none)."""
        return self._read.tallies(round_id)

    def double_entry(self, round_id: int) -> DoubleEntry:
        """The record against the check entry: ballots only in one of them, with their ids (R10.1)."""
        return self._read.double_entry(round_id)

    # ---- PaperActions --------------------------------------------------------------------
    def papers(self) -> dict[str, sp.PaperRecord]:
        """Every issued paper by kind (election_request, candidate_request, result_report, officer_request)."""
        return self._papers.papers()

    def paper_draft(self, kind: str) -> PaperDraft:
        """The stored issue of a paper, else numbers and dates proposed from the recorded facts."""
        return self._papers.paper_draft(kind)

    def issue_paper(self, kind: str, doc_no: str, dated: str, contact: str = "", phone: str = "") -> None:
        """Store a paper's number and date (and the contact line of a request) as confirmed by the operator."""
        self._papers.issue_paper(kind, doc_no, dated, contact, phone)

    def set_reply_title(self, reply_id: int, title: str) -> None:
        """The title a higher-level reply bears (e.g. 关于同意……换届选举的批复), so papers can cite it."""
        self._papers.set_reply_title(reply_id, title)

    def set_duties(self, duties: dict[str, str]) -> None:
        """The division of duties the first plenary agreed, name -> duty; only members of the new committee."""
        self._papers.set_duties(duties)

    def set_work_report(self, title: str) -> None:
        """The outgoing committee's work report the assembly heard, by its title (the result report names it)."""
        self._papers.set_work_report(title)

    def set_term_started(self, dated: str | None) -> None:
        """The date the outgoing committee was elected (the request states it; never derived)."""
        self._papers.set_term_started(dated)

    # ---- OutputActions -------------------------------------------------------------------
    def build_documents(self, today: dt.date | None = None) -> dict[str, bytes]:
        """File name -> PDF bytes for every paper of the election."""
        return self._outputs.build_documents(today)

    def ballot_pdf(self, index: int, today: dt.date | None = None) -> bytes:
        """The ballots of one design (``ballot_plan`` order) with its copies, as ``build_documents`` makes them."""
        return self._outputs.ballot_pdf(index, today)

    def signin_pdf(self, today: dt.date | None = None) -> bytes:
        """The sign-in sheet (签到表)."""
        return self._outputs.signin_pdf(today)

    def candidates_pdf(self, today: dt.date | None = None) -> bytes:
        """The candidate list with basic data."""
        return self._outputs.candidates_pdf(today)

    def result_package(self, identity: Identity, today: dt.date, when: dt.datetime | None = None) -> bytes:
        """The signed .vdpkg of this election (PackageRefused when the higher level's verifier would reject it)."""
        return self._outputs.result_package(identity, today, when)

    def signed_package(self, identity: Identity, today: dt.date, when: dt.datetime | None = None) -> bytes:
        """The .vdpkg as it leaves the branch: only after the chief scrutineer confirmed signing with this key."""
        return self._outputs.signed_package(identity, today, when)

    def audit_export(self) -> list[dict[str, Any]]:
        """The audit log as the package carries it: each entry's hashed content and its hash."""
        return self._outputs.audit_export()

    # ---- ScanningActions (ballots read from scans, issue 17) -------------------------------------
    def scan_layout(self, round_id: int) -> dict[str, Any] | None:
        """The round's ballot layout: as recorded, else as this file prints it (None: too long to scan)."""
        return self._scanning.scan_layout(round_id)

    def record_scans(self, round_id: int, pages: Sequence[ScannedPage], share: Fraction = DEFAULT_SHARE) -> ActionResult:
        """Record the pages of one import (certain ones saved as ballots); value: ScanSummary."""
        return self._scanning.record_scans(round_id, pages, share)

    def scan_queue(self, round_id: int) -> list[ScanPage]:
        """Pages waiting for a person: doubts to decide, then the hand-keyed check."""
        return self._scanning.scan_queue(round_id)

    def scan_status(self, round_id: int) -> ScanStatus:
        """How many pages of the round are saved, waiting or refused."""
        return self._scanning.scan_status(round_id)

    def decide_scan(self, round_id: int, page_id: int, boxes: Mapping[int, str], write_ins: Sequence[tuple[str, str]],
                    by: str, spoiled: bool = False) -> ActionResult:
        """A person's decision on a page in review; value: its new state."""
        return self._scanning.decide_scan(round_id, page_id, boxes, write_ins, by, spoiled)

    def check_scan(self, round_id: int, page_id: int, marks: Mapping[str, Mark | str],
                   write_ins: Sequence[tuple[str, bool]] = (), spoiled: bool = False) -> ActionResult:
        """The hand-keyed check of a page drawn for the sample; must agree with the reading."""
        return self._scanning.check_scan(round_id, page_id, marks, write_ins, spoiled)

    def set_scan_aside(self, round_id: int, page_id: int, by: str) -> ActionResult:
        """Set a page in review aside (the same sheet as another, or no ballot)."""
        return self._scanning.set_scan_aside(round_id, page_id, by)

    def delete_scan_images(self, round_id: int) -> ActionResult:
        """Delete a closed round's scanned image files; their hashes and readings stay."""
        return self._scanning.delete_scan_images(round_id)

    # ---- the context, for tests that drive a transaction or a lookup directly -------------------------
    def _action(self, event: str, params: dict[str, Any], *, timed: bool = True
                ) -> contextlib.AbstractContextManager[dict[str, str | None]]:
        return self.ctx.action(event, params, timed=timed)

    def _post(self, post_id: int) -> ss.Post:
        return self.ctx.post(post_id)
