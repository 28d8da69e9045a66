"""Values the workflow returns: gate reasons citing rule ids, step states, action results, next rounds."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from app.core import messages
from app.core.i18n import N_
from app.core.rules import reasons as engine_reasons
from app.core.workflow.labels import shown


class Step(StrEnum):
    """The ordered steps of an election (the wizard's pages)."""

    SETUP = "setup"
    ROLL = "roll"
    NOMINATION = "nomination"  # nomination and vetting
    CANDIDATES = "candidates"  # candidate list and approval
    SIGN_IN = "sign_in"  # meeting sign-in and quorum
    METHOD = "method"  # election method and scrutineers
    BALLOTS = "ballots"
    COUNTING = "counting"
    RESULTS = "results"  # results and further rounds
    PLENARY = "plenary"  # first plenary: secretary and deputy
    REPORT = "report"


STEPS: tuple[Step, ...] = tuple(Step)


class State(StrEnum):
    """Where a step stands."""

    DONE = "done"
    OPEN = "open"
    LOCKED = "locked"  # done, and must not be reopened (only amendments)
    BLOCKED = "blocked"  # an earlier step is not done


@dataclass(frozen=True)
class GateReason:
    """Why a gate refuses (or what a result notes): a reason code, its rule id, message parameters."""

    code: str
    rule: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self) -> str:
        """The translated sentence, ending with the rule id; Label parameters are translated too."""
        return messages.message(self.code, rule=self.rule, **shown(self.params))


@dataclass(frozen=True)
class GateResult:
    """The answer to "may we go on?"."""

    ok: bool
    reasons: tuple[GateReason, ...] = ()


@dataclass(frozen=True)
class StepState:
    """One step's state and the reasons it is not done."""

    id: Step
    state: State
    reasons: tuple[GateReason, ...] = ()


@dataclass(frozen=True)
class ActionResult:
    """The result of a gated action: done (with a value) or refused with reasons."""

    ok: bool
    value: Any = None
    reasons: tuple[GateReason, ...] = ()


@dataclass(frozen=True)
class NextRound:
    """A further round the engine's outcome calls for (R8.2, R9.3, R9.4).

    ``kind`` is a RoundKind value, or "reduce_seats" for the alternative of R9.4.
    """

    post_id: int
    kind: str
    seats: int
    candidates: tuple[str, ...]
    parent_id: int
    reason: GateReason


def reason(code: str, rule: str | None = None, **params: Any) -> GateReason:
    """A GateReason; the rule id defaults to the engine's for its own codes."""
    if rule is None:
        rule = engine_reasons.rule_of(code) if code in engine_reasons.ALL else GATE_RULES[code]
    return GateReason(code, rule, params)


def refused(*why: GateReason) -> ActionResult:
    """An ActionResult refusing with reasons."""
    return ActionResult(False, None, tuple(why))


# Gate codes of the workflow (engine codes such as quorum_not_met are reused as they are).
GATE_RULES: dict[str, str] = {
    "organization_missing": "R4.1", "election_missing": "R4.1", "no_posts": "R4.1",
    "election_not_approved": "R4.2", "no_full_members": "R2.1", "committee_too_small": "R1.4",
    "no_nominees": "R4.3", "not_vetted": "R4.4", "vetting_failed": "R4.4", "pledge_not_signed": "R4.4",
    "no_candidates": "R4.5", "candidate_not_eligible": "R2.1", "candidates_not_approved": "R4.5",
    "candidates_not_nominated": "R4.3",
    "no_meeting": "R4.7", "method_not_adopted": "R4.7", "no_scrutineers": "R4.7",
    "scrutineer_is_candidate": "R4.7", "scrutineers_not_approved": "R4.7",
    "no_round": "R10.3", "ballots_not_issued": "R3.2", "returned_not_recorded": "R8.1",
    "ballots_missing": "R10.1", "too_many_ballots": "R8.1", "round_open": "R10.3", "round_closed": "R9.7",
    "round_not_open": "R10.3", "vote_to_repeat": "R8.2", "tie_revote_pending": "R9.3",
    "secretary_not_elected": "R4.10", "not_committee_member": "R4.10", "election_locked": "R9.7",
    "not_official": "R4.12", "consent_not_majority": "R9.4", "reduction_not_allowed": "R9.4",
    "round_kind_not_due": "R9.3", "wrong_meeting": "R4.7", "results_incomplete": "R9.4",
    "elected_changed": "R9.7", "unknown_candidate": "R7.1", "tallies_and_ballots": "R10.1",
    "step_not_done": "R4.7", "tallies_invalid": "R10.1",
    # The counting result report (R10.1) must state what the ballots say: a double entry that still
    # differs, or a ballot taken back that is not there, would put an unchecked count on it.
    "double_entry_differs": "R10.1", "double_entry_off": "R10.1", "unknown_ballot": "R10.1",
    "invalid_exceeds_returned": "R10.1",
    "method_text_missing": "R4.7", "method_votes_short": "R4.7",
    # What the vote has begun on stays as it was: the ballot, E and every recount are read from it.
    "roll_fixed": "R2.1", "expected_fixed": "R2.3", "posts_fixed": "R4.1", "list_on_ballot": "R4.5",
    "nominations_closed": "R4.5", "method_in_force": "R4.7", "nominee_on_list": "R4.3",
    # The meeting held is the one the approved request named (R4.1) by the body approved for it (R1.2).
    "body_fixed": "R1.2", "meeting_fixed": "R4.1",
    # The first plenary is the new committee's: its electors are the members the assembly elected.
    "committee_not_elected": "R4.10", "plenary_open": "R4.10",
    # One verdict: results the higher level's verifier would refuse are never made official (R10.2).
    "verifier_refuses": "R10.2",
}

messages.register({
    "verifier_refuses": N_("The higher level would refuse these results; correct them first:\n{reasons}"),
    "organization_missing": N_("Enter the organization (name, type, higher-level organization)"),
    "election_missing": N_("Enter the election: body, term, date and place"),
    "no_posts": N_("Add the posts to fill and their seats"),
    "election_not_approved": N_("Record the higher level's reply approving the election"),
    "no_full_members": N_("The roll has no full member with voting rights"),
    "committee_too_small": N_("A branch with fewer than 7 full members ({full}) elects no committee"),
    "no_nominees": N_("No nominations recorded for {post}"),
    "not_vetted": N_("{name} has not been vetted"),
    "vetting_failed": N_("{name} did not pass vetting"),
    "pledge_not_signed": N_("{name} has not signed the election-discipline pledge"),
    "no_candidates": N_("Set the candidate list of {post}"),
    "candidate_not_eligible": N_("{name} has no right to be elected ({status})"),
    "candidates_not_approved": N_("Record the higher level's approval of the candidate list of {post}"),
    "candidates_not_nominated": N_("{name} was not nominated for {post}"),
    "no_meeting": N_("Open the meeting and sign members in"),
    "method_not_adopted": N_("The meeting has not adopted the election method"),
    "no_scrutineers": N_("Appoint scrutineers"),
    "scrutineer_is_candidate": N_("{name} is a candidate and cannot be a scrutineer or teller"),
    "scrutineers_not_approved": N_("The meeting has not approved the scrutineers"),
    "no_round": N_("Open a round of voting"),
    "ballots_not_issued": N_("Record the ballots issued (the present count is re-read then)"),
    "returned_not_recorded": N_("Record the number of ballots returned"),
    "ballots_missing": N_("{keyed} of {returned} returned ballots keyed in"),
    "too_many_ballots": N_("All {returned} returned ballots are already keyed in"),
    "round_open": N_("Round {round} is not closed yet"),
    "round_closed": N_("Round {round} is closed: corrections only as a recorded amendment"),
    "round_not_open": N_("Round {round} cannot take this action now"),
    "vote_to_repeat": N_("The vote of round {round} was invalid and must be held again"),
    "tie_revote_pending": N_("Tie for the last seat of {post}: hold the re-vote among {among}"),
    "secretary_not_elected": N_("{post} not elected at the first plenary"),
    "not_committee_member": N_("{name} is not a member of the new committee"),
    "election_locked": N_("The results are official: corrections only as a recorded amendment"),
    "not_official": N_("Mark the results official"),
    "consent_not_majority": N_("Reducing seats needs the consent of more than half of the {electors} electors ({yes} agreed)"),
    "reduction_not_allowed": N_("Seats of {post} cannot be reduced to {seats}"),
    "round_kind_not_due": N_("No {kind} round is due for {post}"),
    "wrong_meeting": N_("This post is not elected at that meeting"),
    "results_incomplete": N_("Seats of {post} remain: {remaining}"),
    "elected_changed": N_("The amendment changes who is elected: report to the higher level"),
    "unknown_candidate": N_('"{name}" is not printed on this ballot'),
    "tallies_and_ballots": N_("A round is counted from keyed ballots or from tally sheets, not both"),
    "step_not_done": N_("Finish the step {step} first"),
    "tallies_invalid": N_("The tally sheets do not add up: {detail}"),
    "double_entry_differs": N_("The two tellers' entries differ: {only_record} ballot(s) only in the record, "
                               "{only_check} only in the check entry. Resolve every difference before closing the round"),
    "double_entry_off": N_("Switch on double entry for round {round} before keying the check entry"),
    "unknown_ballot": N_("Ballot {ballot} is not among the ballots keyed in round {round}"),
    "invalid_exceeds_returned": N_("More invalid ballots ({invalid}) than ballots returned ({returned})"),
    "method_text_missing": N_("Enter the election method the meeting adopted (at least its title)"),
    "method_votes_short": N_("The election method needs the votes of more than half of the {present} present: "
                             "{votes_for} voted for it"),
    "roll_fixed": N_("Names and voting rights on the roll are fixed once the vote has begun (round {round})"),
    "expected_fixed": N_("Exclusions from the expected count are fixed once ballots are issued (round {round})"),
    "posts_fixed": N_("The posts to fill are fixed once their vote has begun (round {round})"),
    "list_on_ballot": N_("The candidate list is printed on the ballots of round {round} and can no longer change"),
    "nominations_closed": N_("Nominations for this post closed when round {round} opened"),
    "nominee_on_list": N_("{name} is on the candidate list: take them off the list before withdrawing the nomination"),
    "method_in_force": N_("The ballots of round {round} were issued under the adopted method, which can no longer "
                          "change"),
    "body_fixed": N_("The electing body (member assembly or delegate congress) is fixed once ballots are issued "
                     "(round {round})"),
    "meeting_fixed": N_("The meeting's date and place are fixed once ballots are issued (round {round})"),
    "committee_not_elected": N_("The new committee's first plenary can open only once every seat of the assembly's "
                                "vote is filled"),
    "plenary_open": N_("The new committee's first plenary is already open: it is held only once"),
})
