"""The delegate congress before its vote: electoral units' reports, the roll of delegates, qualification review,
the preparatory meeting and the presidium's decisions (R13.9, R1.3, R4.3, R9.4)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Sequence

from app.core import messages
from app.core.i18n import N_
from app.core.models import MemberRecord
from app.core.rules.reduction import reduction_allowed
from app.core.storage import ballots as sb
from app.core.storage import congress as scg
from app.core.storage import members as sm
from app.core.storage import records as sr
from app.core.workflow import entry, state
from app.core.workflow.base import Service
from app.core.workflow.labels import Label, post_label
from app.core.workflow.types import GATE_RULES, ActionResult, reason, refused
from app.core.workflow.voting import VotingActions

MAX_DELEGATES = 300  # R1.3: normally 100–200, at most 300

GATE_RULES.update({
    "delegates_over_300": "R1.3", "no_units": "R1.3", "unit_package_refused": "R13.9", "unit_unknown": "R13.9",
    "unit_reported": "R13.9", "unit_no_delegates": "R13.9", "unit_over_seats": "R1.3", "delegate_twice": "R13.9",
    "unknown_delegate": "R13.9", "review_incomplete": "R13.9", "units_not_reported": "R13.9",
    "not_a_majority": "R13.9", "not_a_delegate": "R13.9", "preparatory_held": "R13.9", "no_preparatory": "R13.9",
    "presidium_not_majority": "R9.4", "unit_twice": "R1.3", "agenda_empty": "R13.9", "decision_before_preparatory": "R13.9",
})
messages.register({
    "delegates_over_300": N_("A delegate congress has at most 300 delegates; these units have {total} seats"),
    "no_units": N_("Enter the electoral units and their delegate seats"),
    "unit_twice": N_("The electoral unit {unit} is entered twice"),
    "unit_package_refused": N_("The package from {unit} does not verify: {why}"),
    "unit_unknown": N_("{unit} is not one of the congress's electoral units"),
    "unit_reported": N_("{unit} has already reported its delegates"),
    "unit_no_delegates": N_("The package from {unit} elects no delegates"),
    "unit_over_seats": N_("{unit} elected {elected} delegates but has {seats} seats"),
    "delegate_twice": N_("{name} is already on the congress roll"),
    "unknown_delegate": N_("{name} is not on the congress roll of delegates"),
    "review_incomplete": N_("The qualification of {count} delegates has not been reviewed yet"),
    "units_not_reported": N_("These electoral units have not reported their delegates: {units}"),
    "not_a_majority": N_("{what}: {votes} votes for is not more than half of the {present} delegates present"),
    "not_a_delegate": N_("{name} is not a qualified delegate"),
    "preparatory_held": N_("The preparatory meeting can no longer be corrected: the congress has already begun voting "
                           "under the presidium it elected. A change now is for the congress itself to decide and "
                           "note in its minutes"),
    "no_preparatory": N_("Record the preparatory meeting and the presidium it elected first"),
    "presidium_not_majority": N_("{votes} of the presidium's {members} members is not more than half"),
    "agenda_empty": N_("Enter the agenda items the preparatory meeting adopted"),
    "decision_before_preparatory": N_("The presidium decided on {decided_on}, before the preparatory meeting elected it ({held_on})"),
})


@dataclass(frozen=True)
class Unit:
    """An electoral unit (选举单位), its seats and whether its signed package is in."""

    name: str
    seats: int
    reported: bool


class CongressActions(Service):
    """Units' packages into the roll of delegates, the qualification review, the preparatory meeting, the presidium."""

    def __init__(self, ctx: Any, voting: VotingActions) -> None:
        super().__init__(ctx)
        self.voting = voting

    def set_units(self, units: Sequence[tuple[str, int]]) -> ActionResult:
        """The electoral units and their delegate seats, before any reports (R1.3: at most 300 delegates)."""
        if locked := self.ctx.locked():
            return locked
        total = sum(s for _, s in units)
        names = [n.strip() for n, _ in units]
        if not units or not all(names):
            return refused(reason("no_units"))
        if twice := sorted({n for n in names if names.count(n) > 1}):
            return refused(reason("unit_twice", unit=twice[0]))
        if total > MAX_DELEGATES:
            return refused(reason("delegates_over_300", total=total))
        with self.ctx.action("units_set", {"units": len(units), "seats": total}):
            scg.set_units(self.db, [(n.strip(), s) for n, s in units])
        return ActionResult(True, total)

    def congress_units(self) -> list[Unit]:
        """Every electoral unit, its seats and whether it has reported."""
        return [Unit(n, s, bool(r)) for _, n, s, r in scg.units(self.db)]

    def units_not_reported(self) -> list[str]:
        """The units whose signed package has not come in."""
        return [u.name for u in self.congress_units() if not u.reported]

    def import_unit_report(self, data: bytes, trust_root: bytes, at: dt.datetime | None = None) -> ActionResult:
        """Verify a unit's signed package and put its delegates on the congress roll (no retyping); value: the unit."""
        from app.core.higher.delegates import read_unit_package  # the verifier (pyHanko) only when a package comes

        self.ctx.roll_fixed()
        report, unit_report = read_unit_package(data, trust_root, at)
        org = (unit_report.organization if unit_report else report.summary.get("organization", "")) or report.signer
        if unit_report is None:
            from app.core.signing.texts import sentence

            failed = "；".join(sentence(c) for c in report.failures[:2]) or "—"
            return refused(reason("unit_package_refused", unit=org or "—", why=failed))
        units = {n: (i, s, r) for i, n, s, r in scg.units(self.db)}
        name = next((n for n in units if n in (unit_report.organization, unit_report.signer)
                     or n in unit_report.organization), None)
        if name is None:
            return refused(reason("unit_unknown", unit=org))
        uid, seats, reported = units[name]
        found = unit_report.delegates
        on_roll = set(sm.names(self.db).values())
        why = ([reason("unit_reported", unit=name)] if reported else []) + \
              ([reason("unit_no_delegates", unit=name)] if not found else []) + \
              ([reason("unit_over_seats", unit=name, elected=len(found), seats=seats)] if len(found) > seats else []) + \
              [reason("delegate_twice", name=n) for n, _ in found if n in on_roll]
        if why:
            return refused(*why)
        with self.ctx.action("unit_report_imported", {"unit": name, "sha256": unit_report.sha256,
                                                      "delegates": len(found)}):
            scg.add_report(self.db, uid, unit_report.sha256, unit_report.signer, unit_report.held_on, found)
            sm.add_members(self.db, [MemberRecord(n, remarks=name) for n, _ in found])
        return ActionResult(True, name)

    def congress_delegates(self) -> list[scg.Delegate]:
        """The roll of delegates as the units' packages gave it, with each one's review."""
        return scg.delegates(self.db)

    def review_delegate(self, name: str, qualified: bool, note: str | None, reviewed_on: str) -> ActionResult:
        """Record the qualification review of one delegate (代表资格审查); one not qualified leaves the roll."""
        if locked := self.ctx.locked():
            return locked
        found = {d.name: d for d in scg.delegates(self.db)}
        if name not in found:
            return refused(reason("unknown_delegate", name=name))
        if not qualified:
            self.ctx.roll_fixed()
        with self.ctx.action("qualification_reviewed", {"delegate": name, "qualified": qualified}):
            scg.review(self.db, found[name].id, qualified, (note or "").strip() or None, reviewed_on)
            if not qualified:
                scg.remove_from_roll(self.db, name)
        return ActionResult(True)

    def hold_preparatory(self, held_on: str, present: int, agenda: Sequence[str], agenda_votes: int,
                         presidium: Sequence[str], presidium_votes: int, secretary_general: str,
                         review_report_votes: int) -> ActionResult:
        """The preparatory meeting (预备会议): it hears the review report, adopts the agenda, elects the presidium and
        the secretary-general, each by more than half of the delegates present (R13.9). Recorded again before any
        round opens, it replaces the record as an audited correction."""
        if locked := self.ctx.locked():
            return locked
        recorded = scg.preparatory(self.db) is not None
        if recorded and sb.rounds(self.db):  # corrected only before the congress votes under this presidium
            return refused(reason("preparatory_held"))
        delegates = scg.delegates(self.db)
        why = [reason("units_not_reported", units="、".join(u))] if (u := self.units_not_reported()) else []
        if unreviewed := [d for d in delegates if d.qualified is None]:
            why.append(reason("review_incomplete", count=len(unreviewed)))
        qualified = {d.name: d.id for d in delegates if d.qualified}
        why += [reason("not_a_delegate", name=n) for n in [*presidium, secretary_general] if n not in qualified]
        items = [a.strip() for a in agenda if a.strip()]
        if not items:
            why.append(reason("agenda_empty"))
        for what, votes in ((N_("the review report"), review_report_votes), (N_("the agenda"), agenda_votes),
                            (N_("the presidium and secretary-general"), presidium_votes)):
            if 2 * votes <= present:
                why.append(reason("not_a_majority", what=Label(what), votes=votes, present=present))
        if why:
            return refused(*why)
        fields = {"held_on": held_on, "present": present, "agenda_votes": agenda_votes,
                  "presidium_votes": presidium_votes, "secretary_general": secretary_general,
                  "review_report_votes": review_report_votes}
        event = "preparatory_corrected" if recorded else "preparatory_held"
        with self.ctx.action(event, {**fields, "presidium": list(presidium), "agenda": items}):
            if recorded:
                scg.clear_preparatory(self.db)
            scg.set_preparatory(self.db, fields, items, [qualified[n] for n in presidium])
        return ActionResult(True)

    def congress_preparatory(self) -> dict[str, Any] | None:
        """The preparatory meeting as recorded, with its agenda and presidium."""
        prep = scg.preparatory(self.db)
        return None if prep is None else {**prep, "agenda": scg.agenda(self.db), "presidium": scg.presidium(self.db)}

    def presidium_reduce_seats(self, post_id: int, seats: int, votes_for: int, decided_on: str) -> ActionResult:
        """A congress's presidium reduces a post's seats instead of another round (R9.4), recorded as its decision."""
        if locked := self.ctx.locked():
            return locked
        prep = scg.preparatory(self.db)
        if prep is None:
            return refused(reason("no_preparatory"))
        post = self.ctx.post(post_id)
        prog = state.progress(self.db, post)
        due = any(n.kind == "reduce_seats" for n in self.voting.next_rounds(post_id))
        if not due or prog.last_round is None or not reduction_allowed(prog.seats, seats, len(prog.elected), 1):
            return refused(reason("reduction_not_allowed", post=post_label(post.committee, post.office), seats=seats))
        members = len(scg.presidium(self.db))
        if 2 * votes_for <= members or votes_for > members:
            return refused(reason("presidium_not_majority", votes=votes_for, members=members))
        if entry.before(prep["held_on"], decided_on):
            return refused(reason("decision_before_preparatory", decided_on=decided_on, held_on=prep["held_on"]))
        from app.core.documents import POST_TITLES  # the decision as the papers print it

        title = "纪律检查委员会委员" if post.committee == "discipline" and post.office == "discipline_committee_member" \
            else POST_TITLES.get(post.office, post.office)
        text = f"{title}应选名额由{prog.seats}名减为{seats}名，不再另行选举"
        with self.ctx.action("presidium_decided", {"kind": "seat_reduction", "post": post_id, "from": prog.seats,
                                                   "to": seats, "votes_for": votes_for, "members": members}):
            scg.add_decision(self.db, "seat_reduction", post_id, text, votes_for, members, decided_on)
            sr.add_seat_reduction(self.db, post_id, prog.last_round.id, prog.seats, seats, votes_for, members,
                                  decided_on)
        return ActionResult(True)

    def presidium_decisions(self) -> list[dict[str, Any]]:
        """The presidium's recorded decisions."""
        return scg.decisions(self.db)

    def congress_papers(self) -> dict[str, bytes]:
        """代表资格审查报告, 主席团名单 and 大会议程 as PDFs (the last two once the preparatory meeting is recorded)."""
        from app.core.congress.papers import congress_papers

        return congress_papers(self.db)
