"""The election workflow without Qt: ordered steps with gates citing rule ids, locks, and the Election service.

``Election`` (election.py) is a typed façade: each group of methods below is a small service over one shared
``ActionContext`` (base.py: the file, the clock, one audited transaction per action, the hot-path cache, the locks),
none inheriting another: preparation.py, roll.py, nominations.py, meetings.py, confirm.py, voting.py (rounds),
keying.py, results.py, read.py, papers.py, outputs.py (papers and the signed package, for the pages' workers).

Public API (the GUI calls only these):

  e = Election.create(path) / Election.open(path) / Election.in_memory(); e.close()
  Reading:   e.steps() -> [StepState(id, state, reasons)]; e.gate(step) -> GateResult(ok, reasons)
             e.members(), e.posts(), e.rounds(post_id), e.printed_names(round_id), e.attendance(meeting_id),
             e.round_result(round_id), e.count_input(round_id), e.next_rounds(post_id) -> [NextRound],
             e.elected(post_id), e.progress(post_id), e.verify_audit(), e.member_id(name)
  Read model (app/core/workflow/read.py): organization, election_info, replies, nominations(post_id),
             vetting(member_id), candidates(post_id), approval(post_id), meeting(kind, committee),
             present_ids(meeting_id), scrutineers(meeting_id), exclusions, incidents, audit_entries,
             assembly_posts, plenary_posts, committee_member_ids(committee), round_info(round_id) -> RoundInfo,
             round_infos(plenary), round_count(round_id, pass_no) -> Count (a tallied round: its sheets),
             tallies(round_id) -> TallySheets | None, double_entry(round_id) -> DoubleEntry,
             suggest_scrutineers(meeting_id), roll_summary() -> RollSummary (正式/预备/有表决权/应到)
  Setup:     set_organization, set_election (body, date and place fixed once ballots are issued), record_request,
             record_reply, add_post (the margin follows the office, R13.6; the same office again corrects its seats),
             change_post, delete_post (with its nominations and list; both until its round opens),
             margin_rule(office, committee) -> GateReason, ineligible_members() -> {member id: GateReason}
  Roll:      add_members (all or nothing), update_member (names and statuses fixed once a round is open),
             add_exclusion, approve_exclusion, withdraw_exclusion
  Nominate:  nominate (the same source again corrects the count), withdraw_nomination(post_id, member_id),
             record_vetting(member_id, Vetting)
  Lists:     set_candidates (stroke order), approve_candidates (both refused once the post's round is open)
  Meeting:   open_meeting (a first plenary once the committee is elected, and only once), sign_in, sign_out,
             adopt_method (a method text is required; fixed once ballots of the meeting are issued), appoint_scrutineers
  Voting:    open_round, issue_ballots, record_returned, record_ballot(..., pass_no=1|2), undo_last_ballot,
             delete_ballot, set_double_entry, enter_tallies (sheets must add up: R10.1), close_round
             (refused while a double entry differs: R10.1), hold_again
  After:     next_rounds, reduce_seats, mark_official, amend_ballot, record_incident, update_incident
  Files:     Election.copy_file(src, dst) (a consistent copy, e.g. the demo template)
  Outputs:   build_documents, ballot_plan, ballot_pdf, signin_pdf, candidates_pdf, result_package, audit_export,
             verifier_failures, recount(round_id) (the engine's own count of the round's count input)

Gated actions return ActionResult(ok, value, reasons): a refusal is a value whose reasons are
GateReason(code, rule, params) with ``.message()``. Plain data entry returns ids and raises
UserFacingError only for input the user must fix (duplicate names, values the file refuses, ids
the file does not hold, a locked election). Every successful action writes exactly one audit entry in its own transaction.
Module-level ``steps(db)``, ``gate(db, step)`` and ``count_input(db, round_id)`` work on a bare database.
"""
from __future__ import annotations

import importlib
from typing import Any

# Names resolved on first use (PEP 562), so importing app.core.workflow.types or .labels stays cheap:
# the service pulls in storage and sqlite-utils, which the GUI does not need before its window is painted.
_LAZY = {
    "Election": "app.core.workflow.election", "Vetting": "app.core.storage.candidates",
    "count_input": "app.core.workflow.counting", "gate": "app.core.workflow.gates", "steps": "app.core.workflow.gates",
    "RoundInfo": "app.core.workflow.read", "DoubleEntry": "app.core.workflow.read",
    "TallySheets": "app.core.workflow.read", "RoundFacts": "app.core.workflow.state",
    "STEPS": "app.core.workflow.types", "ActionResult": "app.core.workflow.types",
    "GateReason": "app.core.workflow.types", "GateResult": "app.core.workflow.types",
    "NextRound": "app.core.workflow.types", "State": "app.core.workflow.types", "Step": "app.core.workflow.types",
    "StepState": "app.core.workflow.types",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


__all__ = sorted(_LAZY)
