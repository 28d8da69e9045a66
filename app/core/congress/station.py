"""A counting station: a file holding one kit (the round and its own boxes only), keyed with double entry, exported signed."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from app.core import messages
from app.core.congress import kit as fmt
from app.core.i18n import N_
from app.core.models import MemberRecord
from app.core.rules.model import Mark
from app.core.storage import ballots as sb
from app.core.storage import database
from app.core.storage import meeting as smt
from app.core.storage import members as sm
from app.core.storage import setup as ss
from app.core.storage import stations as st
from app.core.workflow.base import ActionContext, Clock
from app.core.workflow.keying import KeyingActions, WriteInArg
from app.core.workflow.types import GATE_RULES, ActionResult, reason, refused

GATE_RULES.update({"station_box_incomplete": "R10.1", "station_entries_differ": "R10.1", "station_no_tellers": "R10.1"})
messages.register({
    "station_box_incomplete": N_("Box {box} holds {ballots} ballots: {keyed} keyed and {checked} checked so far"),
    "station_entries_differ": N_("In box {box} the two tellers' entries differ on {count} ballots; settle them first"),
    "station_no_tellers": N_("Enter the names of the tellers who counted at this station"),
})


@dataclass(frozen=True)
class BoxState:
    """One box at a station: its ballots, how many each teller has keyed, and the ballots their entries differ on."""

    name: str
    round_id: int
    ballots: int
    keyed: int
    checked: int
    differing: int


class Station:
    """A station file: it never holds any ballot but those of its own boxes (R13.9, R4.8)."""

    def __init__(self, db: Any, clock: Clock | None = None) -> None:
        """:param db: an open station file"""
        self.ctx = ActionContext(db, clock)
        self.db = db
        self._keying = KeyingActions(self.ctx)
        found = st.own_kit(db)
        if found is None:
            raise fmt.KitError("not_station", "this file is not a counting station's file")
        self.kit, self._key, self.exported = found

    @classmethod
    def open_kit(cls, data: bytes, path: str | Path, clock: Clock | None = None) -> "Station":
        """Make a station file at ``path`` from a kit file's bytes (KitError if the kit is damaged)."""
        kit = fmt.read_kit(data)
        db = database.create(path)
        ctx = ActionContext(db, clock)
        with ctx.action("station_kit_opened", {"kit": kit["kit_id"], "station": kit["station"],
                                               "boxes": [b["name"] for b in kit["boxes"]]}):
            _lay_out(db, kit)
            st.set_self(db, {k: v for k, v in kit.items() if k != "private_key"}, kit["private_key"])
        return cls(db, clock)

    @classmethod
    def open(cls, path: str | Path, clock: Clock | None = None) -> "Station":
        """Open a station file made by ``open_kit``."""
        return cls(database.open_file(path), clock)

    def close(self) -> None:
        self.db.close()

    @property
    def name(self) -> str:
        return str(self.kit["station"])

    @property
    def code(self) -> str:
        """The kit code the main station showed when it issued this kit."""
        return fmt.kit_code(self.kit["public_key"])

    @property
    def candidates(self) -> tuple[str, ...]:
        return tuple(self.kit["round"]["candidates"])

    def _round_ids(self) -> dict[str, int]:
        return {b["name"]: r.id for b, r in zip(self.kit["boxes"], sb.rounds(self.db))}

    def boxes(self) -> list[BoxState]:
        """Each box of this station and where its keying stands."""
        out = []
        for b in self.kit["boxes"]:
            rid = self._round_ids()[b["name"]]
            rec, chk = _rows(self.db, rid, 1), _rows(self.db, rid, 2)
            out.append(BoxState(b["name"], rid, b["ballots"], len(rec), len(chk), _differing(rec, chk)))
        return out

    def record_ballot(self, box: str, marks: Mapping[str, Mark | str], write_ins: Sequence[WriteInArg] = (),
                      spoiled: bool = False, pass_no: int = 1) -> ActionResult:
        """Key one ballot of a box: pass 1 the record, pass 2 the second teller's check entry (as on the main station)."""
        return self._keying.record_ballot(self._round_ids()[box], marks, write_ins, spoiled, pass_no)

    def undo_last_ballot(self, box: str, pass_no: int = 1) -> ActionResult:
        """Take back the last ballot keyed in a box (a slip)."""
        return self._keying.undo_last_ballot(self._round_ids()[box], pass_no)

    def export_partial(self, tellers: Sequence[str]) -> ActionResult:
        """The signed partial count of every box (only when each is keyed twice alike); value: the file's bytes."""
        tellers = [t.strip() for t in tellers if t.strip()]
        if not tellers:
            return refused(reason("station_no_tellers"))
        why = []
        for b in self.boxes():
            if b.keyed != b.ballots or b.checked != b.ballots:
                why.append(reason("station_box_incomplete", box=b.name, ballots=b.ballots, keyed=b.keyed,
                                  checked=b.checked))
            elif b.differing:
                why.append(reason("station_entries_differ", box=b.name, count=b.differing))
        if why:
            return refused(*why)
        rounds = self._round_ids()
        partial = {"format": fmt.PARTIAL_FORMAT, "kit_id": self.kit["kit_id"], "station": self.name,
                   "round_digest": fmt.round_digest(self.kit["round"]), "tellers": tellers,
                   "boxes": [{"name": b["name"], "ballots": _rows(self.db, rounds[b["name"]], 1),
                              "check": _rows(self.db, rounds[b["name"]], 2)} for b in self.kit["boxes"]]}
        data = fmt.sign_partial(partial, self._key)
        sha = hashlib.sha256(data).hexdigest()
        with self.ctx.action("station_partial_exported", {"kit": self.kit["kit_id"], "sha256": sha}):
            st.set_exported(self.db, sha)
        return ActionResult(True, data)


def _rows(db: Any, round_id: int, pass_no: int) -> list[list[Any]]:
    """A box's ballots as [marks, write-ins JSON, spoiled], sorted by content: no keying order leaves the station."""
    return sorted([m, w, int(s)] for _, m, w, s in sb.ballot_rows(db, round_id, pass_no))


def _differing(record: list[list[Any]], check: list[list[Any]]) -> int:
    left = list(check)
    extra = 0
    for row in record:
        if row in left:
            left.remove(row)
        else:
            extra += 1
    return max(extra, len(left))


def _lay_out(db: Any, kit: dict[str, Any]) -> None:
    """The kit's round as one round per box (so keying, undo and double entry are the main station's own)."""
    rnd = kit["round"]
    post = ss.add_post(db, rnd.get("committee", "party"), rnd["office"], rnd["seats"], True)
    meeting = smt.add_meeting(db, "assembly", rnd.get("committee", "party"), None, None)
    smt.set_method(db, meeting, "—", 0, bool(rnd["write_in_needs_mark"]))
    ids = sm.add_members(db, [MemberRecord(n) for n in rnd["candidates"]])
    printed = list(zip(ids, rnd["candidates"]))
    for box in kit["boxes"]:
        rid = sb.add_round(db, post, meeting, rnd["kind"], None, rnd["seats"], printed)
        sb.update_round(db, rid, issued=box["ballots"], returned=box["ballots"], double_entry=1)
