"""The preparation service: organization, election, the request and replies (R4.1, R4.2), posts and seats (R13.6)."""
from __future__ import annotations

import json

from app.core.errors import UserFacingError
from app.core.textcheck import check_name
from app.core.rules.model import Office
from app.core.storage import ballots as sb
from app.core.storage import candidates as sc
from app.core.storage import meeting as smt
from app.core.storage import setup as ss
from app.core.workflow import counting, entry, state
from app.core.workflow.base import Service
from app.core.workflow.types import GateReason


class SetupActions(Service):
    """What the election is: who holds it, when and where, and the posts it fills."""

    def posts(self) -> list[ss.Post]:
        """Every post."""
        return ss.posts(self.db)

    def margin_rule(self, office: str, committee: str = "party") -> GateReason:
        """What fixes a post's margin (R13.6): "post_always_competitive", "post_single_candidate", or
        "post_margin_choice" when the post takes a recorded choice; ``.message()`` says it with its article."""
        return entry.margin_rule(self.db, committee, office)

    def set_organization(self, name: str, kind: str, level: str | None = None, higher_org: str | None = None) -> None:
        """Name, type (party_committee/general_branch/branch/branch_no_committee), level, higher organization."""
        self.ctx.ensure_unlocked()
        check_name(name.strip())  # no control, direction-override or only-invisible characters
        with self.ctx.action("organization_set", {"name": name, "kind": kind}):
            ss.set_organization(self.db, name, kind, level, higher_org)

    def set_election(self, body: str = "member_assembly", term_years: int | None = None, meeting_date: str | None = None,
                     place: str | None = None, rehearsal: bool = False) -> None:
        """The election: body (member_assembly/delegate_congress), term, date, place, rehearsal flag.

        Once the assembly's ballots are issued the body, date and place are those of the meeting held: refused.
        """
        self.ctx.ensure_unlocked()
        fields = {"body": body, "term_years": term_years, "meeting_date": meeting_date, "place": place,
                  "rehearsal": int(rehearsal)}
        self.ctx.meeting_fixed(fields)
        known = entry.all_conflicts(self.db)
        terms = entry.term_problems(self.db)
        with self.ctx.action("election_set", fields):
            ss.set_election(self.db, fields)
            # A term other than the kind's, or a date moved by more than a year, is refused where it is entered.
            new = [r for r in entry.term_problems(self.db) if r not in terms and r.code != "term_shift_not_approved"]
            if new:
                raise entry.as_error(new[0])
            # The assembly is held when and where the request said (R4.1): an open one follows the correction.
            if (held := state.assembly_meeting(self.db)) is not None:
                smt.set_held(self.db, held.id, meeting_date, place)
            entry.refuse_new_conflicts(self.db, known)

    def record_request(self, doc_no: str, dated: str) -> None:
        """The request to hold the election sent to the higher level (R4.1)."""
        self.ctx.ensure_unlocked()
        known = entry.all_conflicts(self.db)
        with self.ctx.action("request_recorded", {"doc_no": doc_no, "dated": dated}):
            ss.set_election(self.db, {"request_doc": doc_no, "request_date": dated})
            entry.refuse_new_conflicts(self.db, known)  # not after the reply that answers it (R4.2)

    def record_reply(self, subject: str, doc_no: str, dated: str, approved: bool = True, note: str | None = None) -> int:
        """A higher-level reply (批复); subject hold_election/exclusions/candidates/secretary/results/other.

        The reply to hold the election is not dated before the request, nor after the meeting (R4.2);
        one on the secretary or the results not before the meeting (R4.12).
        """
        known = entry.all_conflicts(self.db)
        with self.ctx.action("reply_recorded", {"subject": subject, "doc_no": doc_no, "approved": approved}):
            rid = ss.add_reply(self.db, subject, doc_no, dated, approved, note)
            if subject == "hold_election" and approved:
                ss.set_election(self.db, {"reply_doc": doc_no, "reply_date": dated})
            entry.refuse_new_conflicts(self.db, known)
        return rid

    def add_post(self, office: str, seats: int, competitive: bool | None = None, committee: str = "party") -> int:
        """A post to fill; its margin follows the office (R13.6): committee members, delegates and the
        discipline commission always competitive (R5.1), secretary and deputy one candidate per seat (R5.2);
        only a standing committee (or a secretary the assembly elects directly, R13.2) takes ``competitive``.
        A value contrary to the office is refused.

        The same office again corrects its seats (see ``change_post``).
        """
        self.ctx.ensure_unlocked()
        if office not in {o.value for o in Office}:
            raise UserFacingError("invalid_value", f"unknown office {office}", detail=f"unknown office {office}")
        comp = entry.competitive_for(self.db, committee, office, competitive, seats)
        if (size := entry.size_problem(self.db, committee, office, seats)) is not None:
            raise entry.as_error(size)
        same = next((p for p in ss.posts(self.db) if (p.committee, p.office) == (committee, office)), None)
        if same is not None:
            return self._change_post(same, seats, comp)
        if not state.is_plenary_post(self.db, ss.Post(0, committee, office, seats, comp)):
            self._assembly_vote_not_begun()
        with self.ctx.action("post_added", {"office": office, "seats": seats, "competitive": comp, "committee": committee}):
            return ss.add_post(self.db, committee, office, seats, comp)

    def change_post(self, post_id: int, seats: int, competitive: bool | None = None) -> int:
        """Correct a post's seats (and, for a standing committee, its recorded margin choice) until its vote begins.

        A changed post's candidate list loses its approval (it was approved for the old seats).
        """
        self.ctx.ensure_unlocked()
        post = self.ctx.post(post_id)
        comp = entry.competitive_for(self.db, post.committee, post.office, competitive, seats)
        if (size := entry.size_problem(self.db, post.committee, post.office, seats)) is not None:
            raise entry.as_error(size)
        return self._change_post(post, seats, comp)

    def delete_post(self, post_id: int) -> dict[str, int]:
        """Delete a post entered by mistake, until the vote on it begins; value: what went with it.

        Its nominations, candidate list and the list's approval were for this post only and go with it
        (the audit entry counts them); refused once a round of the post is open, or, for a post the
        assembly elects, once the assembly's vote has begun (the request named its posts, R4.1).
        """
        self.ctx.ensure_unlocked()
        post = self.ctx.post(post_id)
        self._post_not_voted(post)
        if not state.is_plenary_post(self.db, post):
            self._assembly_vote_not_begun()
        held = {"nominations": len(sc.nominations(self.db, post_id)), "candidates": len(sc.candidates(self.db, post_id))}
        with self.ctx.action("post_deleted", {"post": post_id, "office": post.office, "committee": post.committee,
                                           "seats": post.seats, **held}):
            ss.delete_post(self.db, post_id)
        return held

    def _assembly_vote_not_begun(self) -> None:
        # The request named the posts the assembly fills (R4.1); a secretary's post may still follow for the plenary.
        if rounds := self.ctx.assembly_rounds():
            raise UserFacingError("posts_fixed", "the assembly's vote has begun", round=rounds[0].id, rule="R4.1")

    def _post_not_voted(self, post: ss.Post) -> None:
        if rounds := sb.rounds(self.db, post.id):  # the request and the list were approved for it, the ballot printed
            raise UserFacingError("posts_fixed", "a round of the post is open", round=rounds[0].id, rule="R4.1")

    def _change_post(self, post: ss.Post, seats: int, competitive: bool) -> int:
        if sb.rounds(self.db, post.id) and seats == post.seats and competitive != post.competitive:
            return self._correct_margin_flag(post, competitive)
        self._post_not_voted(post)
        with self.ctx.action("post_changed", {"post": post.id, "seats": seats, "competitive": competitive}):
            ss.set_post(self.db, post.id, seats, competitive)
            if (seats, competitive) != (post.seats, post.competitive):
                sc.revoke_approval(self.db, post.id)
        return post.id

    def _correct_margin_flag(self, post: ss.Post, competitive: bool) -> int:
        """A flag stored against the office (an older file) corrected after the vote, as a recorded amendment (R9.7).

        Only towards the office's own value (``competitive_for`` refused any other): the ballots and who is
        elected stay as they were; each closed round is recounted so its stored result states the rule.
        """
        with self.ctx.action("post_changed", {"post": post.id, "seats": post.seats, "competitive": competitive,
                                           "correction": "R13.6"}):
            ss.set_post(self.db, post.id, post.seats, competitive)
            for r in sb.rounds(self.db, post.id):
                if r.closed:
                    before = json.loads(r.outcome or "{}").get("elected")
                    doc = counting.decide_json(self.db, r.id)
                    if doc["elected"] != before:  # the margin decides nobody's seat; never rewrite who is elected
                        raise UserFacingError("elected_changed", f"round {r.id}", rule="R9.7")
                    sb.set_results(self.db, r.id, doc)
        return post.id
