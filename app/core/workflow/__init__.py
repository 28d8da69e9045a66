"""The election workflow without Qt: ordered steps with gates citing rule ids, locks, and the Election service.

Public API (the GUI calls only these):

  e = Election.create(path) / Election.open(path) / Election.in_memory(); e.close()
  Reading:   e.steps() -> [StepState(id, state, reasons)]; e.gate(step) -> GateResult(ok, reasons)
             e.members(), e.posts(), e.rounds(post_id), e.printed_names(round_id), e.attendance(meeting_id),
             e.round_result(round_id), e.count_input(round_id), e.next_rounds(post_id) -> [NextRound],
             e.elected(post_id), e.progress(post_id), e.verify_audit(), e.member_id(name)
  Setup:     set_organization, set_election, record_request, record_reply, add_post
  Roll:      add_members (all or nothing), update_member, add_exclusion, approve_exclusion, withdraw_exclusion
  Nominate:  nominate, record_vetting(member_id, Vetting)
  Lists:     set_candidates (stroke order), approve_candidates
  Meeting:   open_meeting, sign_in, sign_out, adopt_method, appoint_scrutineers
  Voting:    open_round, issue_ballots, record_returned, record_ballot, undo_last_ballot, enter_tallies,
             close_round, hold_again
  After:     next_rounds, reduce_seats, mark_official, amend_ballot, record_incident, update_incident

Gated actions return ActionResult(ok, value, reasons): a refusal is a value whose reasons are
GateReason(code, rule, params) with ``.message()``. Plain data entry returns ids and raises
UserFacingError only for input the user must fix (duplicate names, values the file refuses, a
locked election). Every successful action writes exactly one audit entry in its own transaction.
Module-level ``steps(db)``, ``gate(db, step)`` and ``count_input(db, round_id)`` work on a bare database.
"""
from __future__ import annotations

from app.core.storage.candidates import Vetting
from app.core.workflow.counting import count_input
from app.core.workflow.gates import gate, steps
from app.core.workflow.results import ResultActions
from app.core.workflow.types import (
    STEPS, ActionResult, GateReason, GateResult, NextRound, State, Step, StepState,
)


class Election(ResultActions):
    """One election file and every user action on it (see the module docstring for the API)."""


__all__ = [
    "STEPS", "ActionResult", "Election", "GateReason", "GateResult", "NextRound", "State", "Step", "StepState",
    "Vetting", "count_input", "gate", "steps",
]
