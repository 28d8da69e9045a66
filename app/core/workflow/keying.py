"""Election service actions of keying ballots in: the record, the second teller's check entry, corrections."""
from __future__ import annotations

import json
from typing import Any, Mapping, Sequence

from app.core.errors import UserFacingError, missing
from app.core.textcheck import check_name
from app.core.rules.model import Mark, WriteIn
from app.core.storage import audit_log
from app.core.storage import ballots as sb
from app.core.storage import database
from app.core.storage.writerlock import Holder
from app.core.workflow.base import Service, Stale
from app.core.workflow.types import ActionResult, reason, refused

WriteInArg = str | WriteIn | tuple[str, bool]

# Audit events per pass: 1 is the record (teller A), 2 the check entry of double entry (teller B).
RECORDED = {1: "ballot_recorded", 2: "check_ballot_recorded"}
DELETED = {1: "ballot_deleted", 2: "check_ballot_deleted"}
_COUNT_KEY = {1: "keyed", 2: "checked"}


def _write_ins_json(write_ins: Sequence[WriteInArg]) -> str:
    if not write_ins:
        return "[]"  # most ballots: skip the encoder on the keying hot path
    pairs = []
    for w in write_ins:
        name, marked = (w, True) if isinstance(w, str) else (w.name, w.marked) if isinstance(w, WriteIn) else w
        if check_name(name.strip(), write_in=True):  # control and direction characters refused
            pairs.append([name.strip(), bool(marked)])
    return json.dumps(pairs, ensure_ascii=False, separators=(",", ":"))


def not_ready(r: sb.Round | None, round_id: int) -> ActionResult | None:
    """Why a round cannot take ballots or be closed yet: closed, no ballots issued, or none returned."""
    if r is None or r.closed:
        return refused(reason("round_closed", round=round_id))
    if r.issued is None:
        return refused(reason("ballots_not_issued", round=round_id))
    if r.returned is None:
        return refused(reason("returned_not_recorded", round=round_id))
    return None


class KeyingActions(Service):
    """Secret ballots keyed one by one (R4.8): no voter and no time is stored, ids are random."""

    def writer(self) -> Holder | None:
        """Who holds the file open for writing when it was opened here read-only (None: this window writes)."""
        return database.writer(self.db)

    def _keyed(self, round_id: int, pass_no: int = 1) -> int:
        key = (_COUNT_KEY[pass_no], round_id)
        if key not in self.ctx.hot:
            self.ctx.hot[key] = sb.ballot_count(self.db, round_id, pass_no)
        return int(self.ctx.hot[key])

    def _open_round_row(self, round_id: int) -> sb.Round | None:
        key = ("round", round_id)
        if key not in self.ctx.hot:
            self.ctx.hot[key] = sb.get_round(self.db, round_id)
            self.ctx.hot[("locked", round_id)] = self.ctx.locked()
        return self.ctx.hot[key]  # type: ignore[no-any-return]  # _hot values are Any

    def _ballot_refusal(self, r: sb.Round | None, round_id: int, pass_no: int) -> ActionResult | None:
        if (why := not_ready(r, round_id)) is not None:
            return why
        if r is None or r.returned is None:  # not_ready refused both
            missing("returned count of round", round_id)
        if r.mode != "ballots":
            return refused(reason("tallies_and_ballots"))
        if pass_no == 2 and not r.double_entry:
            return refused(reason("double_entry_off", round=round_id))
        if self._keyed(round_id, pass_no) >= r.returned:
            return refused(reason("too_many_ballots", returned=r.returned))
        return self.ctx.hot[("locked", round_id)]  # type: ignore[no-any-return]  # _hot values are Any

    def record_ballot(self, round_id: int, marks: Mapping[str, Mark | str], write_ins: Sequence[WriteInArg] = (),
                      spoiled: bool = False, pass_no: int = 1) -> ActionResult:
        """Key in one returned ballot; value: its random id. No voter, no time is stored (R4.8).

        :param marks: printed name -> yes/no/abstain/unreadable (a name left out is an abstention)
        :param write_ins: names written in: "name" (marked yes), WriteIn, or (name, marked)
        :param spoiled: the whole ballot is invalid (identifying marks, illegible: R7.3)
        :param pass_no: 1 keys the record; 2 keys the second teller's check entry (double entry on)
        """
        r = self._open_round_row(round_id)
        if (why := self._ballot_refusal(r, round_id, pass_no)) is not None:
            return why
        letters, bad = self.letters(round_id, marks)
        if bad:
            return refused(*(reason("unknown_candidate", name=n) for n in bad))
        try:
            with self.ctx.action(RECORDED[pass_no], {"round": round_id}, timed=False) as written:
                self._still_open(round_id, pass_no)
                bid, digest = sb.add_ballot(self.db, round_id, letters, _write_ins_json(write_ins), spoiled, pass_no)
                written.update(digest)
        except Stale as exc:
            self.ctx.hot.clear()
            return exc.result
        self.ctx.hot[(_COUNT_KEY[pass_no], round_id)] += 1  # only after the commit
        return ActionResult(True, bid)

    def _still_open(self, round_id: int, pass_no: int) -> None:
        """Inside the write transaction (BEGIN IMMEDIATE): the round is still open and short of its returned count,
        whatever another window did since this one cached them (issue 12)."""
        r = sb.get_round(self.db, round_id)
        if r is None or r.closed:
            raise Stale(refused(reason("round_closed", round=round_id)))
        if r.returned is not None and sb.ballot_count(self.db, round_id, pass_no) >= r.returned:
            raise Stale(refused(reason("too_many_ballots", returned=r.returned)))

    def letters(self, round_id: int, marks: Mapping[str, Mark | str]) -> tuple[str, list[str]]:
        names = self.ctx.printed(round_id)
        bad = [n for n in marks if n not in names]
        try:
            return "".join(sb.MARK_LETTER[str(marks.get(n, "abstain"))] for n in names), bad
        except KeyError as exc:  # checked only on failure: this runs for every ballot keyed
            raise UserFacingError("invalid_value", f"unknown mark {exc}", detail=f"unknown mark {exc}") from None

    def undo_last_ballot(self, round_id: int, pass_no: int = 1) -> ActionResult:
        """Remove the most recently keyed ballot of an open round (a keying slip); value: its id."""
        r = sb.get_round(self.db, round_id)
        if r is None or r.closed:
            return refused(reason("round_closed", round=round_id))
        table = sb.BALLOT_TABLES[pass_no]
        for key in audit_log.recent_ballot_keys(self.db, round_id, event=RECORDED[pass_no], table=table):
            bid = key.split("/", 1)[1]
            if sb.ballot(self.db, bid, pass_no, round_id) is not None:
                return self._remove(round_id, bid, pass_no)
        return refused(reason("round_not_open", round=round_id))

    def delete_ballot(self, round_id: int, ballot_id: str, pass_no: int = 1) -> ActionResult:
        """Take back one keyed ballot of an open round (a slip found by double entry); value: its id.

        Only before the round closes; afterwards a correction is an amendment (R9.7).
        """
        if locked := self.ctx.locked():
            return locked
        r = sb.get_round(self.db, round_id)
        if r is None or r.closed:
            return refused(reason("round_closed", round=round_id))
        found = sb.ballot(self.db, ballot_id, pass_no, round_id)
        if found is None:
            return refused(reason("unknown_ballot", ballot=ballot_id, round=round_id))
        return self._remove(round_id, ballot_id, pass_no)

    def _remove(self, round_id: int, ballot_id: str, pass_no: int) -> ActionResult:
        with self.ctx.action(DELETED[pass_no], {"round": round_id}, timed=False):
            sb.delete_ballot(self.db, round_id, ballot_id, pass_no)
        self.ctx.hot.pop((_COUNT_KEY[pass_no], round_id), None)
        return ActionResult(True, ballot_id)

    def set_double_entry(self, round_id: int, on: bool) -> ActionResult:
        """Switch double entry on or off for an open round; value: check ballots given up.

        While on, the round closes only when both entries agree (R10.1). Switching off gives up
        the check entry (recorded with how many ballots it held).
        """
        if locked := self.ctx.locked():
            return locked
        r = sb.get_round(self.db, round_id)
        if r is None or r.closed:
            return refused(reason("round_closed", round=round_id))
        if r.mode != "ballots":
            return refused(reason("tallies_and_ballots"))
        dropped = 0 if on else sb.ballot_count(self.db, round_id, 2)
        params: dict[str, Any] = {"round": round_id, "on": on, "discarded": dropped}
        with self.ctx.action("double_entry_set", params):
            if not on:
                sb.delete_ballots(self.db, round_id, 2)
            sb.update_round(self.db, round_id, double_entry=int(on))
        return ActionResult(True, dropped)
