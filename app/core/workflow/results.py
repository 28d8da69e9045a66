"""The service after the count: seat reduction, official results, amendments, incidents, the higher level's return."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from app.core.errors import missing
from app.core.rounddigest import round_digest
from app.core.rules.election import RoundOutcome
from app.core.rules.model import Mark
from app.core.rules.reduction import BRANCH_COMMITTEE_MIN, consent_is_majority, reduction_allowed
from app.core.storage import ballots as sb
from app.core.storage import records as sr
from app.core.storage import setup as ss
from app.core.workflow import counting, entry, gates, state
from app.core.workflow.base import ActionContext, Service, unknown
from app.core.workflow.confirm import ChiefActions
from app.core.workflow.labels import post_label
from app.core.workflow.types import STEPS, ActionResult, Step, reason, refused
from app.core.workflow.keying import KeyingActions, WriteInArg, _write_ins_json
from app.core.workflow.voting import VotingActions

if TYPE_CHECKING:
    from app.core.signing.report import Check


class ResultActions(Service):
    """Seat reduction (R9.4), official results and the lock, corrections (R9.7), incidents (R11)."""

    def __init__(self, ctx: ActionContext, chief: ChiefActions, voting: VotingActions, keying: KeyingActions) -> None:
        super().__init__(ctx)
        self.chief, self.voting, self.keying = chief, voting, keying

    def reduce_seats(self, post_id: int, seats: int, consent_yes: int, decided_on: str) -> ActionResult:
        """Reduce a post's seats instead of another round, with the consent of more than half of the electors (R9.4).

        :param seats: the new number of seats (at least those already elected)
        :param consent_yes: electors who agreed; the electors are P of the post's last round
        """
        if locked := self.ctx.locked():
            return locked
        post = self.ctx.post(post_id)
        prog = state.progress(self.db, post)
        last = prog.last_round
        due = any(n.kind == "reduce_seats" for n in self.voting.next_rounds(post_id))
        branch = state.org_kind(self.db) == "branch" and post.office == "committee_member"
        minimum = BRANCH_COMMITTEE_MIN if branch else 1
        if not due or last is None or not reduction_allowed(prog.seats, seats, len(prog.elected), minimum):
            return refused(reason("reduction_not_allowed", post=post_label(post.committee, post.office), seats=seats))
        meeting = (ss.election(self.db) or {}).get("meeting_date")
        if entry.before(meeting, decided_on):  # the electors consent at the meeting, not before it
            return refused(reason("reduction_before_meeting", decided_on=decided_on, meeting=meeting, input="decided_on"))
        facts = state.round_facts(last)  # the electors are P as saved when the round's ballots were issued
        electors = facts.present if facts is not None else 0
        if consent_yes > electors:  # the consenting are electors of the round
            return refused(reason("consent_over_electors", yes=consent_yes, electors=electors, input="consent_yes"))
        if not consent_is_majority(consent_yes, electors):
            return refused(reason("consent_not_majority", electors=electors, yes=consent_yes))
        with self.ctx.action("seats_reduced", {"post": post_id, "from": prog.seats, "to": seats, "consent_yes": consent_yes,
                                            "electors": electors}):
            sr.add_seat_reduction(self.db, post_id, last.id, prog.seats, seats, consent_yes, electors, decided_on)
        return ActionResult(True)

    def mark_official(self, by: str, pin: str | None = None) -> ActionResult:
        """Mark the results official: every post filled and the plenary done; locks the election.

        Once the chief scrutineer has set a PIN, only the chief with that PIN can do this.
        """
        if locked := self.ctx.locked():
            return locked
        why = [r for step in STEPS if step != Step.REPORT for r in gates.CHECKS[step](self.db)]
        if why:
            return refused(*why)
        if (verdict := self._verifier_verdict()) is not None:
            return verdict
        if self.chief.chief_pin_is_set() and not (checked := self.chief.check_chief(by, pin or "")).ok:
            return checked
        with self.ctx.action("results_official", {"by": by, "chief_confirmed": self.chief.chief_pin_is_set()}):
            ss.set_election(self.db, {"official": 1, "official_by": by})
        return ActionResult(True)

    def verifier_failures(self) -> tuple[Check, ...]:
        """The higher level's recount and rule checks that fail on this election's rounds (none: it would accept)."""
        from app.core.resultpkg import rule_report  # the package module reads this workflow: imported when used

        return rule_report(self.db).failures

    def _verifier_verdict(self) -> ActionResult | None:
        """The higher level's recount and rule checks on every round: results it would refuse are never locked."""
        from app.core.signing.texts import describe

        failures = self.verifier_failures()
        if not failures:
            return None
        return refused(reason("verifier_refuses", reasons="\n".join(describe(c) for c in failures)))

    def amend_ballot(self, ballot_id: str, marks: Mapping[str, Mark | str], write_ins: Sequence[WriteInArg] = (),
                     spoiled: bool = False, *, reason_text: str, approved_by: str) -> ActionResult:
        """Correct a ballot of a closed round as a recorded amendment and recount (R9.7); value: new result.

        A correction that changes who is elected is noted with "elected_changed" (report to the higher level).
        """
        found = sb.ballot(self.db, ballot_id)
        if found is None:
            return refused(reason("round_not_open", round=0))
        round_id, old_marks, old_write_ins, old_spoiled = found
        r = sb.get_round(self.db, round_id) or missing("round of ballot", ballot_id)  # foreign key
        if not r.closed:
            return refused(reason("round_not_open", round=round_id))
        letters, bad = self.keying.letters(round_id, marks)
        if bad:
            return refused(*(reason("unknown_candidate", name=n) for n in bad))
        before_doc = state.outcome(r)
        after = {"marks": letters, "write_ins": json.loads(_write_ins_json(write_ins)), "spoiled": spoiled}
        before = {"marks": old_marks, "write_ins": json.loads(old_write_ins), "spoiled": old_spoiled}
        params: dict[str, Any] = {"target": f"ballots/{ballot_id}", "reason": reason_text, "by": approved_by,
                                  "round": round_id}
        with self.ctx.action("amendment_recorded", params):
            sr.add_amendment(self.db, f"ballots/{ballot_id}", reason_text, approved_by, before, after)
            sb.update_ballot(self.db, round_id, ballot_id, letters, _write_ins_json(write_ins), spoiled)
            doc = counting.decide_json(self.db, round_id)
            sb.set_results(self.db, round_id, doc)
            # The corrected ballots are bound again (issue 12): the verifier takes a round's latest digest.
            params["ballots_digest"] = round_digest(counting.count_input(self.db, round_id))
        if before_doc is None:  # a closed round has its outcome
            missing("outcome of closed round", round_id)
        notes = () if doc["elected"] == before_doc["elected"] else (reason("elected_changed"),)
        return ActionResult(True, doc, notes)

    def record_incident(self, kind: str, reported_by: str, reported_on: str, description: str,
                        action: str | None = None, outcome: str | None = None) -> int:
        """An incident or misconduct report (canvassing, bribery, clan_interference, threat, …: R11)."""
        with self.ctx.action("incident_recorded", {"kind": kind, "reported_by": reported_by, "reported_on": reported_on}):
            return sr.add_incident(self.db, kind, reported_by, reported_on, description, action, outcome)

    def update_incident(self, incident_id: int, action: str | None, outcome: str | None) -> None:
        """What was done about an incident and how it ended (R11.3)."""
        with self.ctx.action("incident_updated", {"incident": incident_id}):
            if not sr.update_incident(self.db, incident_id, action, outcome):
                raise unknown("incident", incident_id)  # rolls back: nothing is logged

    # ---- reading ---------------------------------------------------------------------------
    def rounds(self, post_id: int | None = None) -> list[sb.Round]:
        """Rounds (of one post, or all) in the order opened."""
        return sb.rounds(self.db, post_id)

    def printed_names(self, round_id: int) -> tuple[str, ...]:
        """Names printed on a round's ballot, in ballot order."""
        return self.ctx.printed(round_id)

    def round_result(self, round_id: int) -> dict[str, Any] | None:
        """A closed round's `votedesk-count-result/1` document."""
        r = sb.get_round(self.db, round_id)
        return state.outcome(r) if r else None

    def recount(self, round_id: int) -> RoundOutcome:
        """The rules engine's own count of a round from its `votedesk-count/1` document (the reference recount)."""
        return counting.engine_outcome(self.db, round_id)

    def count_input(self, round_id: int) -> dict[str, Any]:
        """A round as a `votedesk-count/1` document built from stored ballots (for `votedesk count`)."""
        return counting.count_input(self.db, round_id)

    def elected(self, post_id: int) -> list[str]:
        """Everyone elected to a post so far, in the order elected."""
        return state.elected_names(self.db, post_id)

    def progress(self, post_id: int) -> state.PostProgress:
        """A post's seats (after reductions), elected names and last round."""
        post = self.ctx.post(post_id)
        return state.progress(self.db, post)

    # ---- the higher level's return (退回) ------------------------------------------------------
    def accept_return(self, doc_no: str, dated: str, package_sha256: str, reasons: Sequence[str]) -> ActionResult:
        """Record a verified 退回 of the result package and lift the official lock, in one audited action (R9.7).

        The caller has verified the reply's signature and that it answers this election's package. The branch
        then corrects by recorded amendment, marks the results official again and signs a new package.
        """
        if any(r["doc_no"] == doc_no for r in ss.replies(self.db, "results")):
            return ActionResult(True, False)  # the same reply again changes nothing
        was_official = bool((ss.election(self.db) or {}).get("official"))
        note = json.dumps({"returned": True, "package_sha256": package_sha256, "reasons": list(reasons)}, ensure_ascii=False)
        with self.ctx.action("reply_recorded", {"subject": "results", "doc_no": doc_no, "approved": False,
                                             "package_sha256": package_sha256, "lock_lifted": was_official}):
            ss.add_reply(self.db, "results", doc_no, dated, False, note)
            if was_official:
                ss.set_election(self.db, {"official": 0})
        return ActionResult(True, True)
