"""The rounds service: opening a round, ballot issue, tally sheets, closing it and what it calls for next."""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from app.core.countfmt import parse_count_input
from app.core.errors import InputError, missing
from app.core.rules.margin import min_candidates
from app.core.rules.model import Tally
from app.core.rules.strokes import sort_names
from app.core.rules.validity import check_tally_sheet, yes_over_seats
from app.core.rounddigest import round_digest
from app.core.storage import ballots as sb
from app.core.storage import candidates as sc
from app.core.storage import members as sm
from app.core.storage import scenarios as ssc
from app.core.storage import setup as ss
from app.core.workflow import counting, entry, gates, state
from app.core.workflow.base import Service
from app.core.workflow.keying import not_ready
from app.core.workflow.scenarios import ORDERED_OFFICES, preliminary_list_problem
from app.core.workflow.labels import post_label, round_kind_label
from app.core.workflow.types import ActionResult, GateReason, NextRound, Step, reason, refused


class VotingActions(Service):
    """Rounds of voting (R3.2, R7, R8, R10.3) and what a closed round calls for next (R8.2, R9.3, R9.4)."""

    def next_rounds(self, post_id: int) -> list[NextRound]:
        """What a post's last closed round calls for: a repeat, a tie re-vote, or another round / fewer seats."""
        post = self.ctx.post(post_id)
        prog = state.progress(self.db, post)
        last = prog.last_round
        if last is None or not last.closed:
            return []
        doc = state.outcome(last) or {}
        printed = tuple(n for _, n in sb.printed(self.db, last.id))
        if not doc["vote"]["valid"]:
            return [NextRound(post_id, last.kind, last.seats, printed, last.id, reason("vote_to_repeat", round=last.id))]
        if last.kind == "preliminary":
            return [self._after_preliminary(post, doc, last)]
        tie = doc.get("tie_revote")
        if tie and prog.remaining:
            why = reason("tie_at_last_seat")
            return [NextRound(post_id, "tie_revote", tie["seats"], tuple(tie["among"]), last.id, why)]
        if not prog.remaining:
            return []
        why = reason("seats_unfilled", unfilled=prog.remaining)
        return [
            NextRound(post_id, "additional", prog.remaining, self._best_placed(post, doc, prog.remaining), last.id, why),
            NextRound(post_id, "reduce_seats", len(prog.elected), (), last.id, why),
        ]

    def _after_preliminary(self, post: ss.Post, doc: Mapping[str, Any], last: sb.Round) -> NextRound:
        """A tie at the advancing cut is voted again among the tied (R9.3); else the formal round on those advanced."""
        tie = doc.get("tie_revote")
        if tie:
            return NextRound(post.id, "preliminary", tie["seats"], tuple(tie["among"]), last.id,
                             reason("tie_at_advance_cut"))
        names = tuple(state.advanced(self.db, post.id))
        return NextRound(post.id, "formal", post.seats, names, last.id, reason("preliminary_advanced", names="、".join(names)))

    def _best_placed(self, post: ss.Post, doc: Mapping[str, Any], seats: int) -> tuple[str, ...]:
        # R5.3 practice: the best-placed unelected eligible persons, as many as the post's margin needs (R5.1).
        full = [p["name"] for p in doc["results"] if p["status"] == "not_elected" and state.is_full_member(self.db, p["name"])]
        return tuple(full[: min_candidates(seats, post.competitive)])

    # ---- opening a round -----------------------------------------------------------------
    def _prerequisites(self, post: ss.Post, kind: str, ids: list[int], seats: int) -> list[GateReason]:
        meeting = state.meeting_for_post(self.db, post)
        if state.is_plenary_post(self.db, post):
            found = gates.check_results(self.db)
            committee = set(state.committee_member_ids(self.db, post.committee))
            names = sm.names(self.db)
            found += [reason("not_committee_member", name=names[m]) for m in ids if m not in committee]
        else:
            found = gates.check_setup(self.db) + self._direct_problems(post, ids)
        found += gates.check_meeting_quorum(self.db, meeting)
        posts = [p for p in ss.posts(self.db) if state.is_plenary_post(self.db, p) == state.is_plenary_post(self.db, post)]
        found += gates.check_meeting_method(self.db, meeting, posts)
        after = any(r.kind == "preliminary" for r in sb.rounds(self.db, post.id))
        if kind == "preliminary":  # more names than advance (R13.1); the bar is the method's (R4.6)
            found += [why] if (why := preliminary_list_problem(post, len(ids), seats)) else []
        elif kind == "formal" and after:  # what the preliminary advanced, at least the seats; may be 等额 (R5.3)
            found += [r for r in gates.list_problems(seats, len(ids), False) if r.code == "margin_too_small"]
        elif kind != "tie_revote":  # every round's printed list meets the post's margin (R5.1) or is 等额 (R5.2)
            found += [r for r in gates.list_problems(seats, len(ids), post.competitive) if r not in found]
        if after:  # the list is what the preliminary advanced (the approved list's names)
            return found + gates.candidate_problems(self.db, post, ids)
        if kind in ("formal", "preliminary") and not state.is_plenary_post(self.db, post):
            dates = [r for r in entry.date_conflicts(self.db)[Step.CANDIDATES] if r.params.get("post_id") == post.id]
            return found + dates + [r for r in gates.check_post_candidates(self.db, post) if r.code not in
                                    ("margin_too_small", "single_candidate_list")]
        return found + gates.candidate_problems(self.db, post, ids)

    def _direct_problems(self, post: ss.Post, ids: list[int]) -> list[GateReason]:
        """A branch with a committee electing its secretary at the assembly (R13.2): after the committee is elected,
        from among its members."""
        if post.office not in ("secretary", "deputy_secretary") or state.org_kind(self.db) == "branch_no_committee":
            return []
        members = next((p for p in ss.posts(self.db) if (p.committee, p.office) == ("party", "committee_member")), None)
        if members is None or state.progress(self.db, members).remaining:
            return [reason("committee_not_elected")]
        committee, names = set(state.committee_member_ids(self.db, "party")), sm.names(self.db)
        return [reason("not_committee_member", name=names[m]) for m in ids if m not in committee]

    def _due(self, post: ss.Post, kind: str) -> tuple[list[GateReason], Any]:
        prog = state.progress(self.db, post)
        if prog.last_round is not None and not prog.last_round.closed:
            return [reason("round_open", round=prog.last_round.id)], None
        if prog.last_round is None:
            # The method fixes whether a preliminary election comes first (R13.1).
            ok = kind == ("preliminary" if ssc.post_method(self.db, post.id)["advance"] else "formal")
            return ([] if ok else [self._not_due(post, kind)]), None
        nxt = next((n for n in self.next_rounds(post.id) if n.kind == kind), None)
        return ([] if nxt else [self._not_due(post, kind)]), nxt

    @staticmethod
    def _not_due(post: ss.Post, kind: str) -> GateReason:
        return reason("round_kind_not_due", kind=round_kind_label(kind), post=post_label(post.committee, post.office))

    def open_round(self, post_id: int, kind: str = "formal", candidates: Sequence[int] | None = None,
                   seats: int | None = None) -> ActionResult:
        """Open a round for a post; value: the round id. Further rounds must be due (see ``next_rounds``).

        :param kind: formal / preliminary / tie_revote / additional
        :param candidates: member ids to print (default: the approved list, or the due round's names)
        :param seats: seats in this round (default: the post's, or the due round's)
        """
        if locked := self.ctx.locked():
            return locked
        post = self.ctx.post(post_id)
        why, nxt = self._due(post, kind)
        if why:
            return refused(*why)
        ids = list(candidates) if candidates is not None else self._default_ids(post, nxt)
        due = nxt.seats if nxt else self._first_seats(post, kind)
        if seats is not None and seats != due:  # a round fills the seats still open, no more (R9.2)
            return refused(reason("round_seats_not_due", seats=seats, due=due))
        seats = due
        if nxt is not None and nxt.kind != "additional" and candidates is not None and \
                sorted(sm.names(self.db).get(m, "") for m in ids) != sorted(nxt.candidates):
            # A tie re-vote is among the tied only (R9.3); a vote held again prints the same list (R8.2).
            return refused(reason("round_names_not_due", names="、".join(nxt.candidates)))
        why = self._prerequisites(post, kind, ids, seats)
        if why:
            return refused(*why)
        names = sm.names(self.db)
        printed = [(m, names[m]) for m in ids]
        order, out_of_order = self._ballot_order(post, printed)
        if out_of_order:
            return refused(out_of_order)
        printed.sort(key=lambda p: order.index(p[1]))
        # The quorum gate refused a post without its meeting.
        meeting = state.meeting_for_post(self.db, post) or missing("meeting of post", post_id)
        parent = nxt.parent_id if nxt else None
        with self.ctx.action("round_opened", {"post": post_id, "kind": kind, "seats": seats, "candidates": order}):
            rid = sb.add_round(self.db, post_id, meeting.id, kind, parent, seats, printed)
        return ActionResult(True, rid)

    def _first_seats(self, post: ss.Post, kind: str) -> int:
        # A preliminary round's ballot selects as many names as advance (R13.1); a formal one the seats open.
        if kind == "preliminary":
            return ssc.post_method(self.db, post.id)["advance"] or post.seats
        return state.progress(self.db, post).seats

    def _ballot_order(self, post: ss.Post, printed: list[tuple[int, str]]) -> tuple[list[str], GateReason | None]:
        """Surname stroke order (R6.1); for the secretary, deputy and standing committee the order the higher level
        approved (R13.3), needed once there is more than one name."""
        names = [n for _, n in printed]
        if post.office not in ORDERED_OFFICES:
            return sort_names(names), None
        approved = [n for _, n in sc.candidates(self.db, post.id)] if ssc.post_method(self.db, post.id)["order_doc"] else []
        if len(names) > 1 and not set(names) <= set(approved):
            return names, reason("order_not_approved", post=post_label(post.committee, post.office))
        return sorted(names, key=lambda n: approved.index(n) if n in approved else 0), None

    def _default_ids(self, post: ss.Post, nxt: Any) -> list[int]:
        if nxt is None:
            return [m for m, _ in sc.candidates(self.db, post.id)]
        by_name = {n: i for i, n in sm.names(self.db).items()}
        return [by_name[n] for n in nxt.candidates if n in by_name]

    # ---- ballots ---------------------------------------------------------------------------
    def issue_ballots(self, round_id: int, issued: int) -> ActionResult:
        """Record the ballots issued; P is re-read from the sign-in now and the quorum re-checked (R3.2, R8.1)."""
        if locked := self.ctx.locked():
            return locked
        r = sb.get_round(self.db, round_id)
        if r is None or r.closed or sb.ballot_count(self.db, round_id) or r.returned is not None:
            return refused(reason("round_not_open", round=round_id))
        post = state.post_of(self.db, r)
        meeting = state.meeting_for_post(self.db, post)
        why = gates.check_meeting_quorum(self.db, meeting)
        if meeting is None:
            return refused(*why)
        a = state.attendance(self.db, meeting)
        if issued > a.present:
            why.append(reason("issued_exceeds_present", issued=issued, present=a.present, input="issued"))
        if why:
            return refused(*why)
        with self.ctx.action("ballots_issued", {"round": round_id, "issued": issued, "expected": a.expected, "present": a.present}):
            sb.update_round(self.db, round_id, expected=a.expected, present=a.present, issued=issued)
        return ActionResult(True, a)

    def record_returned(self, round_id: int, returned: int) -> ActionResult:
        """Record the ballots returned (counted before the votes, R4.7); more than issued voids the vote (R8.1)."""
        if locked := self.ctx.locked():
            return locked
        r = sb.get_round(self.db, round_id)
        if r is None or r.closed or r.issued is None:
            return refused(reason("round_not_open", round=round_id))
        keyed = sb.ballot_count(self.db, round_id)
        if returned < keyed:
            return refused(reason("ballots_missing", keyed=keyed, returned=returned))
        with self.ctx.action("returned_recorded", {"round": round_id, "returned": returned}):
            sb.update_round(self.db, round_id, returned=returned)
        return ActionResult(True)

    def enter_tallies(self, round_id: int, tallies: Mapping[str, Sequence[int]],
                      write_in_tallies: Mapping[str, int] | None = None, invalid: int = 0) -> ActionResult:
        """Enter tally sheets instead of ballots: name -> (yes, no, abstain, void) over valid ballots.

        Refused unless every printed name's four counts add up to the valid ballots and no write-in
        has more yes votes than valid ballots (R10.1, ``check_tally_sheet``).
        """
        if locked := self.ctx.locked():
            return locked
        r = sb.get_round(self.db, round_id)
        if r is None or r.closed or r.issued is None or r.returned is None or sb.ballot_count(self.db, round_id):
            return refused(reason("round_not_open", round=round_id))
        sheet, why = self._tally_sheet(r, tallies, dict(write_in_tallies or {}), invalid)
        if why:
            return refused(*why)
        doc = counting.count_input(self.db, round_id)
        doc.pop("ballots", None)
        doc.update(tallies={n: dict(zip(("yes", "no", "abstain", "void"), t)) for n, t in sheet.items()},
                   write_in_tallies=dict(write_in_tallies or {}), invalid_ballots=invalid, ballots_returned=r.returned)
        try:
            parse_count_input(doc)
        except InputError as exc:
            return refused(reason("tallies_invalid", detail=str(exc)))
        rows = [(n, False, *t) for n, t in sheet.items()] + [(n, True, y, 0, 0, 0) for n, y in (write_in_tallies or {}).items()]
        with self.ctx.action("tallies_entered", {"round": round_id, "invalid": invalid}):
            sb.set_tallies(self.db, round_id, rows)
            sb.update_round(self.db, round_id, mode="tallies", invalid_tallied=invalid)
        return ActionResult(True)

    def _tally_sheet(self, r: sb.Round, tallies: Mapping[str, Sequence[int]], write_ins: dict[str, int],
                     invalid: int) -> tuple[dict[str, tuple[int, int, int, int]], list[GateReason]]:
        """The sheet in ballot order (missing names and counts are zero) and why it does not add up."""
        names = self.ctx.printed(r.id)
        unknown = [reason("unknown_candidate", name=n) for n in tallies if n not in names]
        malformed = [n for n, t in tallies.items() if len(t) > 4 or any(isinstance(c, bool) or not isinstance(c, int)
                                                                          or c < 0 for c in t)]
        if malformed:
            return {}, [reason("tallies_invalid", detail=f"{n}: yes, no, abstain, void must be 0 or more")
                        for n in malformed]
        sheet = {n: _four(tallies.get(n, ())) for n in names}
        valid = (r.returned or 0) - invalid
        if unknown or valid < 0:
            return sheet, unknown or [reason("invalid_exceeds_returned", invalid=invalid, returned=r.returned)]
        bad = check_tally_sheet({n: Tally(*t) for n, t in sheet.items()}, valid, write_ins)
        found = [reason(why.code, why.rule, name=n, total=sum(sheet.get(n, ())), yes=write_ins.get(n, 0), valid=valid)
                 for n, why in bad]
        yes = sum(t[0] for t in sheet.values()) + sum(write_ins.values())
        if not found and yes_over_seats(yes, r.seats, valid):  # a valid ballot selects at most the seats (R7.2)
            found.append(reason("tally_yes_over_seats", yes=yes, seats=r.seats, valid=valid))
        return sheet, found

    # ---- closing ---------------------------------------------------------------------------
    def close_round(self, round_id: int) -> ActionResult:
        """Count the round with the engine, store the result and lock its ballots; value: the result document.

        Refused while ballots are missing, when more were returned than issued (R8.1: use
        ``hold_again``), or while a double entry still differs from the record (R10.1).
        """
        if locked := self.ctx.locked():
            return locked
        r = sb.get_round(self.db, round_id)
        if (why := self._close_refusal(r, round_id)) is not None:
            return why
        if r is None or r.returned is None or r.issued is None:  # _close_refusal refused each
            missing("counts of round", round_id)
        if r.returned > r.issued:
            return refused(reason("returned_exceeds_issued", returned=r.returned, issued=r.issued))
        if r.double_entry:
            only_record, only_check = counting.entry_differences(self.db, round_id)
            if only_record or only_check:
                return refused(reason("double_entry_differs", only_record=len(only_record), only_check=len(only_check)))
        return self._count_and_close(round_id, "round_closed")

    def hold_again(self, round_id: int) -> ActionResult:
        """Close a round whose vote is invalid (e.g. more returned than issued) so it is held again (R8.1, R8.2)."""
        if locked := self.ctx.locked():
            return locked
        r = sb.get_round(self.db, round_id)
        if (why := self._close_refusal(r, round_id)) is not None:
            return why
        return self._count_and_close(round_id, "round_closed")

    def _close_refusal(self, r: sb.Round | None, round_id: int) -> ActionResult | None:
        if (why := not_ready(r, round_id)) is not None:
            return why
        keyed = sb.ballot_count(self.db, round_id)
        if r is None:  # not_ready refused a missing round
            missing("round", round_id)
        if r.mode == "ballots" and keyed != r.returned:
            return refused(reason("ballots_missing", keyed=keyed, returned=r.returned))
        return None

    def _count_and_close(self, round_id: int, event: str) -> ActionResult:
        try:
            doc = counting.decide_json(self.db, round_id)
        except InputError as exc:  # tally sheets that no longer add up (the returned count was corrected since)
            return refused(reason("tallies_invalid", detail=str(exc)))
        # The audit entry binds the round to what its ballots say (issue 12): a ballot edited later breaks this digest.
        digest = round_digest(counting.count_input(self.db, round_id))
        with self.ctx.action(event, {"round": round_id, "elected": doc["elected"], "tie_revote": doc["tie_revote"],
                                  "unfilled": doc["unfilled_seats"], "vote_valid": doc["vote"]["valid"],
                                  "ballots_digest": digest}):
            sb.set_results(self.db, round_id, doc)
        return ActionResult(True, doc)


def _four(counts: Sequence[int]) -> tuple[int, int, int, int]:
    """(yes, no, abstain, void), the counts not given being zero."""
    padded = (*counts, 0, 0, 0, 0)
    return padded[0], padded[1], padded[2], padded[3]
