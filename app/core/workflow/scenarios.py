"""The scenario service: which election the file carries and how (R13.1-R13.5, R13.8): recorded settings."""
from __future__ import annotations

from typing import Any, Sequence

from app.core import messages
from app.core.i18n import N_
from app.core.rules.attendance import has_voting_rights
from app.core.rules.bodies import term_years_for
from app.core.storage import ballots as sb
from app.core.storage import candidates as sc
from app.core.storage import members as sm
from app.core.storage import scenarios as ssc
from app.core.storage import setup as ss
from app.core.workflow import entry, state
from app.core.workflow.base import Service
from app.core.workflow.labels import post_label
from app.core.workflow.types import GATE_RULES, ActionResult, GateReason, reason, refused

ORDERED_OFFICES = frozenset({"secretary", "deputy_secretary", "standing_committee"})  # R13.3
SITTING_OFFICES = ("secretary", "deputy_secretary", "committee_member")

GATE_RULES.update({
    "advance_too_few": "R13.1", "advance_not_competitive": "R13.1", "settings_fixed": "R13.8",
    "direct_secretary_kind": "R13.2", "approval_doc_missing": "R13.2", "kind_fixed": "R13.4",
    "sitting_not_full_member": "R13.4", "order_not_list": "R13.3", "order_office": "R13.3",
    "preliminary_not_assembly": "R13.1", "tie_at_advance_cut": "R9.3", "preliminary_advanced": "R13.1",
    "order_not_approved": "R13.3", "already_sitting": "R13.4", "formal_round_due": "R13.1",
    "method_settings_adopted": "R4.7", "advance_tie_pending": "R9.3",
    "no_plenary_by_election": "R13.4", "no_plenary_direct": "R13.2", "no_plenary": "R4.10",
})
messages.register({
    "advance_too_few": N_("A preliminary election advances at least as many names as the {seats} seat(s), not {advance}"),
    "advance_not_competitive": N_("The preliminary list of {post} has {candidates} names: more than the {advance} "
                                  "that advance are needed for a competitive preliminary vote"),
    "settings_fixed": N_("The election method's settings are fixed once the vote has begun"),
    "method_settings_adopted": N_("The meeting has adopted the election method with these settings: they can no "
                                  "longer change, the printed method must be the one the meeting voted on"),
    "direct_secretary_kind": N_("Only a branch elects its secretary at the member assembly"),
    "approval_doc_missing": N_("Enter the number of the higher level's approving document"),
    "kind_fixed": N_("The kind of election is fixed once posts are entered or the vote has begun"),
    "sitting_not_full_member": N_("{name} is not a full member and cannot sit on the committee"),
    "order_not_list": N_("The approved order must list exactly the candidates of {post}"),
    "order_office": N_("Only the secretary, deputy and standing committee are printed in an approved order; "
                       "{post} are printed in surname stroke order"),
    "preliminary_not_assembly": N_("A preliminary election is held for the posts the assembly elects"),
    "tie_at_advance_cut": N_("Names tied at the last place that advances: they are voted on again for the places left"),
    "preliminary_advanced": N_("The preliminary election advanced {names}: the formal election is held on them"),
    "formal_round_due": N_("{post}: the preliminary election is closed; the formal election follows on the names "
                           "that advanced"),
    "advance_tie_pending": N_("{post}: {among} are tied at the last place that advances to the formal election: "
                              "they are voted on again first, then the formal election follows"),
    "no_plenary_by_election": N_("No first plenary: a by-election fills vacant seats of the sitting committee; it "
                                 "elects a secretary only when that seat is vacant too (a secretary post on the setup "
                                 "page)"),
    "no_plenary_direct": N_("No first plenary: the member assembly elects the secretary itself"),
    "no_plenary": N_("No first plenary: no post of this election is elected by a committee's plenary"),
    "already_sitting": N_("{name} sits on the committee already and cannot stand for a vacant seat"),
    "order_not_approved": N_("{post}: record the order the higher level approved; the ballot prints the names in it"),
})


class ScenarioActions(Service):
    """The election's kind and method settings, recorded before the vote and printed on the papers."""

    def scenario(self) -> dict[str, Any]:
        """The recorded scenario: election_kind, direct_secretary (+ doc), term_shift_doc, revote_rule,
        preliminary_base, single_candidate_doc."""
        return ssc.scenario(self.db)

    def post_method(self, post_id: int) -> dict[str, Any]:
        """A post's preliminary advance and the approval of its printed order."""
        return ssc.post_method(self.db, post_id)

    def sitting_committee(self) -> list[tuple[int, str]]:
        """The sitting committee on record (member id, office)."""
        return ssc.sitting(self.db)

    def first_round_kind(self, post_id: int) -> str:
        """The kind of a post's first round: "preliminary" when the method says so (R13.1), else "formal"."""
        return "preliminary" if ssc.post_method(self.db, post_id)["advance"] else "formal"

    def term_years_due(self) -> int | None:
        """The term of the organization's kind (R1.5): 5 years for a Party committee or a village or community
        branch, 3 for other branches; None before the organization is set."""
        org = ss.organization(self.db) or {}
        return term_years_for(org.get("kind"), org.get("level"))

    def _vote_begun(self) -> ActionResult | None:
        if any(sb.rounds(self.db, p.id) for p in state.assembly_posts(self.db)):
            return refused(reason("settings_fixed"))
        return self._adopted()

    def _adopted(self) -> ActionResult | None:
        """The meeting voted on the method with its settings (R4.7): a later change would print a clause never
        adopted."""
        if self.method_adopted():
            return refused(reason("method_settings_adopted"))
        return None

    def no_plenary(self) -> GateReason | None:
        """Why this election holds no first plenary (a by-election of members, the secretary elected by the assembly,
        R13.2, R13.4); None when it holds one or before any post is entered."""
        if not ss.posts(self.db) or state.plenary_posts(self.db):
            return None
        if state.is_by_election(self.db):
            return reason("no_plenary_by_election")
        return reason("no_plenary_direct" if state.direct_secretary(self.db) else "no_plenary")

    def method_adopted(self) -> bool:
        """Whether the member assembly has adopted its election method (its settings are then fixed)."""
        meeting = state.assembly_meeting(self.db)
        return meeting is not None and meeting.method_text is not None

    def set_method_settings(self, revote_rule: str = "threshold", preliminary_base: str = "present") -> ActionResult:
        """The re-vote rule (R13.8: "threshold": the winner needs 2Y > P again, "more_votes") and the
        preliminary bar's base (R13.1: "present" P or "expected" E); fixed once the vote has begun."""
        if locked := self.ctx.locked():
            return locked
        if revote_rule not in ("threshold", "more_votes") or preliminary_base not in ("present", "expected"):
            raise ValueError(f"unknown setting {revote_rule!r} / {preliminary_base!r}")
        if why := self._vote_begun():
            return why
        with self.ctx.action("method_settings_set", {"revote_rule": revote_rule, "preliminary_base": preliminary_base}):
            ssc.set_scenario(self.db, {"revote_rule": revote_rule, "preliminary_base": preliminary_base})
        return ActionResult(True)

    def set_preliminary(self, post_id: int, advance: int | None) -> ActionResult:
        """Hold a preliminary election for a post, ``advance`` names going to the formal list (None: none) (R13.1).

        At least the seats advance (the formal list may then be 等额, R5.3); the preliminary list must have more names.
        """
        if locked := self.ctx.locked():
            return locked
        post = self.ctx.post(post_id)
        if sb.rounds(self.db, post_id):
            return refused(reason("settings_fixed"))
        if state.is_plenary_post(self.db, post):
            return refused(reason("preliminary_not_assembly"))
        if adopted := self._adopted():
            return adopted
        if advance is not None and advance < post.seats:
            return refused(reason("advance_too_few", seats=post.seats, advance=advance, input="advance"))
        with self.ctx.action("preliminary_set", {"post": post_id, "advance": advance}):
            ssc.set_post_method(self.db, post_id, {"advance": advance})
        return ActionResult(True)

    def set_direct_secretary(self, doc_no: str | None) -> ActionResult:
        """A branch with a committee: the assembly elects the secretary and deputy directly, as the higher level's
        reply approved (``doc_no``); None returns them to the first plenary (R13.2)."""
        if locked := self.ctx.locked():
            return locked
        if state.org_kind(self.db) != "branch":
            return refused(reason("direct_secretary_kind"))
        if doc_no is not None and not doc_no.strip():
            return refused(reason("approval_doc_missing", input="doc_no"))
        if why := self._vote_begun():
            return why
        with self.ctx.action("direct_secretary_set", {"doc_no": doc_no}):
            ssc.set_scenario(self.db, {"direct_secretary": int(doc_no is not None), "direct_secretary_doc": doc_no})
        return ActionResult(True)

    def record_term_shift(self, doc_no: str, dated: str | None = None) -> ActionResult:
        """The higher level's approval of holding the election earlier or later than the term's end (R1.1)."""
        if locked := self.ctx.locked():
            return locked
        if not doc_no.strip():
            return refused(reason("approval_doc_missing", input="doc_no"))
        with self.ctx.action("term_shift_recorded", {"doc_no": doc_no, "dated": dated}):
            ssc.set_scenario(self.db, {"term_shift_doc": doc_no.strip(), "term_shift_date": dated})
        return ActionResult(True)

    def set_election_kind(self, kind: str, single_candidate_doc: str | None = None) -> ActionResult:
        """A general election ("general", 换届) or a by-election of vacant seats ("by_election", 补选, R13.4);
        ``single_candidate_doc``: the higher level's approval of one candidate for a single vacant seat."""
        if locked := self.ctx.locked():
            return locked
        if kind not in ("general", "by_election"):
            raise ValueError(f"unknown election kind {kind!r}")
        if any(sb.rounds(self.db, p.id) for p in state.assembly_posts(self.db)) or \
                (kind != ssc.scenario(self.db)["election_kind"] and state.assembly_posts(self.db)):
            return refused(reason("kind_fixed"))
        doc = single_candidate_doc.strip() if single_candidate_doc and single_candidate_doc.strip() else None
        with self.ctx.action("election_kind_set", {"kind": kind, "single_candidate_doc": doc}):
            ssc.set_scenario(self.db, {"election_kind": kind, "single_candidate_doc": doc})
        return ActionResult(True)

    def set_sitting_committee(self, rows: Sequence[tuple[int, str]]) -> ActionResult:
        """The sitting committee's members and offices on record (R13.4); they keep their seats."""
        if locked := self.ctx.locked():
            return locked
        if why := self._vote_begun():
            return why
        roll = dict(sm.members(self.db))
        for mid, office in rows:
            if office not in SITTING_OFFICES:
                raise ValueError(f"unknown office {office!r}")
            if mid not in roll or not has_voting_rights(roll[mid].standing):
                return refused(reason("sitting_not_full_member", name=roll[mid].name if mid in roll else str(mid)))
        known = entry.post_flag_problems(self.db)
        with self.ctx.action("sitting_committee_set", {"members": [m for m, _ in rows]}):
            ssc.set_sitting(self.db, list(rows))
            new = [r for r in entry.post_flag_problems(self.db) if r not in known]
            if new:
                raise entry.as_error(new[0])
        return ActionResult(True)

    def approve_order(self, post_id: int, member_ids: Sequence[int], doc_no: str) -> ActionResult:
        """The order the higher level approved for the secretary, deputy or standing committee candidates; the ballot
        prints them in it (R13.3). Other posts print in surname stroke order (R6.1)."""
        if locked := self.ctx.locked():
            return locked
        post = self.ctx.post(post_id)
        if post.office not in ORDERED_OFFICES:
            return refused(reason("order_office", post=post_label(post.committee, post.office)))
        if not doc_no.strip():
            return refused(reason("approval_doc_missing", input="doc_no"))
        if sb.rounds(self.db, post_id):
            return refused(reason("list_on_ballot", round=sb.rounds(self.db, post_id)[0].id))
        names = sm.names(self.db)
        ids = list(dict.fromkeys(member_ids))
        if not ids or any(m not in names for m in ids):
            return refused(reason("order_not_list", post=post_label(post.committee, post.office)))
        with self.ctx.action("order_approved", {"post": post_id, "order": [names[m] for m in ids], "doc_no": doc_no}):
            sc.set_candidates(self.db, post_id, ids)
            ssc.set_post_method(self.db, post_id, {"order_doc": doc_no.strip()})
        return ActionResult(True, tuple(names[m] for m in ids))


def preliminary_list_problem(post: ss.Post, candidates: int, advance: int) -> GateReason | None:
    """A preliminary round's list must be longer than the names it advances (else nothing is decided, R13.1)."""
    if candidates > advance:
        return None
    return reason("advance_not_competitive", post=post_label(post.committee, post.office), candidates=candidates,
                  advance=advance)


