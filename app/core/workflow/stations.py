"""Parallel counting stations on the main station: boxes, kits issued, partial counts imported, the round counted from their union."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any, Sequence

from app.core import messages
from app.core.congress import kit as fmt
from app.core.i18n import N_
from app.core.storage import ballots as sb
from app.core.storage import setup as ss
from app.core.storage import stations as st
from app.core.workflow import state
from app.core.workflow.base import Service
from app.core.workflow.keying import not_ready
from app.core.workflow.types import GATE_RULES, ActionResult, GateReason, reason, refused

GATE_RULES.update({
    "boxes_do_not_add_up": "R10.1", "box_unknown": "R13.9", "boxes_fixed": "R13.9", "round_keyed_here": "R13.9",
    "no_boxes": "R13.9", "box_name_twice": "R13.9",
    "partial_damaged": "R13.9", "partial_unknown_kit": "R13.9", "partial_signature_bad": "R13.9",
    "partial_already_imported": "R13.9", "partial_box_counted": "R13.9", "partial_box_not_in_kit": "R13.9",
    "partial_box_short": "R10.1", "partial_round_changed": "R13.9", "partial_entries_differ": "R10.1",
    "boxes_missing": "R13.9", "partials_do_not_add_up": "R10.1", "kit_needs_group": "R13.9", "kit_needs_boxes": "R13.9",
})
messages.register({
    "boxes_do_not_add_up": N_("The boxes hold {boxes} ballots in all, but {returned} ballots were returned"),
    "box_unknown": N_("There is no ballot box named {box} in this round"),
    "boxes_fixed": N_("Station kits are already issued for this round: its boxes stay as they are"),
    "round_keyed_here": N_("Ballots of this round are already keyed on this computer: count it here, or by stations, not both"),
    "no_boxes": N_("Split the returned ballots into ballot boxes first"),
    "box_name_twice": N_("The box name {box} is used twice"),
    "partial_damaged": N_("This file is not a readable partial count: it was damaged on the way or is another kind of file"),
    "partial_unknown_kit": N_("This partial count comes from a kit this computer did not issue for this round"),
    "partial_signature_bad": N_("The signature of the partial count from {station} does not verify: the file was changed or damaged after the station signed it. Ask the station to export it again"),
    "partial_already_imported": N_("The partial count from {station} has already been imported"),
    "partial_box_counted": N_("Box {box} has already been counted by {station}: a box is counted once"),
    "partial_box_not_in_kit": N_("Box {box} was not given to {station}"),
    "partial_box_short": N_("Box {box} holds {expected} ballots, but {station} counted {counted}"),
    "partial_round_changed": N_("The partial count from {station} was keyed for another version of this round's ballot"),
    "partial_entries_differ": N_("In box {box} the two tellers' entries at {station} differ; the station must settle them first"),
    "boxes_missing": N_("These boxes have not been counted yet: {boxes}"),
    "partials_do_not_add_up": N_("The stations counted {counted} ballots, but {returned} ballots were returned"),
    "kit_needs_group": N_("Name the teller group the kit is for"),
    "kit_needs_boxes": N_("Choose the ballot boxes the teller group counts"),
})


@dataclass(frozen=True)
class StationProgress:
    """One teller group on the main station's screen: its kit, boxes and whether its count is in."""

    station: str
    kit_code: str
    boxes: tuple[str, ...]
    ballots: int
    imported: bool
    tellers: tuple[str, ...]


def definition(db: Any, r: sb.Round) -> dict[str, Any]:
    """What a station needs of a round to key its ballots (and what its partial must name back)."""
    post, meeting = state.post_of(db, r), state.meeting_of(db, r)
    return {"round_id": r.id, "office": post.office, "committee": post.committee, "kind": r.kind, "seats": r.seats,
            "candidates": [n for _, n in sb.printed(db, r.id)], "write_in_needs_mark": meeting.write_in_needs_mark,
            "returned": r.returned, "organization": (ss.organization(db) or {}).get("name", ""),
            "date": (ss.election(db) or {}).get("meeting_date") or ""}


def _rows_ok(rows: Any) -> bool:
    return isinstance(rows, list) and all(
        isinstance(r, list) and len(r) == 3 and isinstance(r[0], str) and isinstance(r[1], str)
        and isinstance(r[2], int) for r in rows)


def _well_formed(doc: dict[str, Any]) -> bool:
    """The partial's shape: tellers' names, and boxes each with a name and two lists of [marks, write-ins, spoiled]."""
    tellers, boxes = doc.get("tellers"), doc.get("boxes")
    return (isinstance(tellers, list) and all(isinstance(t, str) for t in tellers) and isinstance(boxes, list)
            and all(isinstance(b, dict) and isinstance(b.get("name"), str) and _rows_ok(b.get("ballots"))
                    and _rows_ok(b.get("check")) for b in boxes))


class StationActions(Service):
    """The main station's side of counting by several teller groups at once (R13.9)."""

    def _round(self, round_id: int) -> tuple[sb.Round | None, ActionResult | None]:
        r = sb.get_round(self.db, round_id)
        if (why := not_ready(r, round_id) or self.ctx.locked()) is not None:
            return None, why
        if r is None or r.mode != "ballots":
            return None, refused(reason("tallies_and_ballots"))
        if sb.ballot_count(self.db, round_id, 1):
            return None, refused(reason("round_keyed_here"))
        return r, None

    def set_boxes(self, round_id: int, boxes: Sequence[tuple[str, int]]) -> ActionResult:
        """Split a round's returned ballots into named boxes (before any kit is issued); value: the number of boxes."""
        r, why = self._round(round_id)
        if r is None:
            return why or refused()
        names = [n.strip() for n, _ in boxes]
        if twice := sorted({n for n in names if names.count(n) > 1}):
            return refused(reason("box_name_twice", box=twice[0]))
        if st.kits(self.db, round_id):
            return refused(reason("boxes_fixed"))
        total = sum(n for _, n in boxes)
        if total != r.returned or not boxes:
            return refused(reason("boxes_do_not_add_up", boxes=total, returned=r.returned))
        with self.ctx.action("boxes_set", {"round": round_id, "boxes": len(boxes)}):
            st.set_boxes(self.db, round_id, [(n, c) for n, (_, c) in zip(names, boxes)])
        return ActionResult(True, len(boxes))

    def boxes(self, round_id: int) -> list[st.Box]:
        """A round's ballot boxes."""
        return st.boxes(self.db, round_id)

    def issue_kit(self, round_id: int, station: str, box_names: Sequence[str]) -> ActionResult:
        """A station kit for a teller group (the bytes of the file for its USB stick); value: the kit file.

        A box may be given again to another group (a laptop failed): whichever partial comes first counts it.
        """
        r, why = self._round(round_id)
        if r is None:
            return why or refused()
        known = {b.name: b for b in st.boxes(self.db, round_id)}
        if not known:
            return refused(reason("no_boxes"))
        if bad := [b for b in box_names if b not in known]:
            return refused(*(reason("box_unknown", box=b) for b in bad))
        if not station.strip() or not box_names:
            return refused(reason("kit_needs_group" if not station.strip() else "kit_needs_boxes"))
        key, kit_id = fmt.new_key(), fmt.new_kit_id()
        kit = {"format": fmt.KIT_FORMAT, "kit_id": kit_id, "station": station.strip(), "round": definition(self.db, r),
               "boxes": [{"name": b, "ballots": known[b].ballots} for b in box_names], "double_entry": True,
               "private_key": key.private, "public_key": key.public, "issued_at": self.ctx.now()}
        with self.ctx.action("station_kit_issued", {"round": round_id, "kit": kit_id, "station": station.strip(),
                                                    "boxes": list(box_names)}):
            st.add_kit(self.db, round_id, kit_id, station.strip(), list(box_names), key.public, self.ctx.now())
        return ActionResult(True, fmt.pack_kit(kit))

    def import_partial(self, round_id: int, data: bytes) -> ActionResult:
        """Verify and import a station's signed partial count; value: the station's name.

        Refused, each with its own reason: a damaged file, a kit not issued for this round, a signature that
        does not verify (a flipped byte), a partial imported before, a box counted by another station already,
        a box not given to the station, a box whose count differs from its ballots, or entries that differ.
        """
        r, why = self._round(round_id)
        if r is None:
            return why or refused()
        try:
            doc, body, signature = fmt.read_partial(data)
        except fmt.KitError:
            return refused(reason("partial_damaged"))
        found = st.kit(self.db, str(doc.get("kit_id", "")))
        if found is None or found[0] != round_id:
            return refused(reason("partial_unknown_kit"))
        kit = found[1]
        if not fmt.verifies(kit.public_key, body, signature):
            return refused(reason("partial_signature_bad", station=kit.station))
        if not _well_formed(doc):  # signed by the kit's key, yet not what a station writes: never read further
            return refused(reason("partial_damaged"))
        if (why := self._partial_refusal(r, kit, doc)) is not None:
            return why
        box_ids = {b.name: b.id for b in st.boxes(self.db, round_id)}
        sha = hashlib.sha256(data).hexdigest()
        with self.ctx.action("station_partial_imported", {"round": round_id, "kit": kit.kit_id, "sha256": sha}):
            st.add_partial(self.db, kit.kit_id, sha, list(doc["tellers"]), doc,
                           [box_ids[b["name"]] for b in doc["boxes"]], self.ctx.now())
        return ActionResult(True, kit.station)

    def _partial_refusal(self, r: sb.Round, kit: st.Kit, doc: dict[str, Any]) -> ActionResult | None:
        if any(p.kit_id == kit.kit_id for p in st.partials(self.db, r.id)):
            return refused(reason("partial_already_imported", station=kit.station))
        if doc.get("round_digest") != fmt.round_digest(definition(self.db, r)):
            return refused(reason("partial_round_changed", station=kit.station))
        sizes, counted = {b.name: b.ballots for b in st.boxes(self.db, r.id)}, st.counted_boxes(self.db, r.id)
        stations = {k.kit_id: k.station for k in st.kits(self.db, r.id)}
        why: list[GateReason] = []
        for box in doc["boxes"]:
            name, n, params = box["name"], len(box["ballots"]), {"box": box["name"], "station": kit.station}
            if name not in kit.boxes:
                why.append(reason("partial_box_not_in_kit", **params))
            elif name in counted:
                why.append(reason("partial_box_counted", box=name, station=stations[counted[name]]))
            elif n != sizes[name] or len(box["check"]) != n:
                why.append(reason("partial_box_short", expected=sizes[name], counted=n, **params))
            elif sorted(map(tuple, box["ballots"])) != sorted(map(tuple, box["check"])):
                why.append(reason("partial_entries_differ", **params))
        return refused(*why) if why else None

    def station_progress(self, round_id: int) -> list[StationProgress]:
        """Each kit issued for a round: its station, boxes, and the partial count once imported."""
        got = {p.kit_id: p for p in st.partials(self.db, round_id)}
        sizes = {b.name: b.ballots for b in st.boxes(self.db, round_id)}
        return [StationProgress(k.station, fmt.kit_code(k.public_key), k.boxes, sum(sizes[b] for b in k.boxes),
                                k.kit_id in got, got[k.kit_id].tellers if k.kit_id in got else ())
                for k in st.kits(self.db, round_id)]

    def count_from_stations(self, round_id: int) -> ActionResult:
        """Put the ballots of every imported partial into the round, shuffled, with new random ids; value: ballots.

        Only when every box is counted once and the partials add up to the ballots returned (R10.1). The round
        then closes as any other; the partials' ballots are forgotten (no station and no order kept, R4.8).
        """
        r, why = self._round(round_id)
        if r is None:
            return why or refused()
        boxes, counted = st.boxes(self.db, round_id), st.counted_boxes(self.db, round_id)
        if not boxes:
            return refused(reason("no_boxes"))
        if missing_boxes := [b.name for b in boxes if b.name not in counted]:
            return refused(reason("boxes_missing", boxes="、".join(missing_boxes)))
        record, check = self._union(round_id)
        if len(record) != r.returned:
            return refused(reason("partials_do_not_add_up", counted=len(record), returned=r.returned))
        with self.ctx.action("stations_merged", {"round": round_id, "boxes": len(boxes)}) as written:
            for pass_no, rows in ((1, record), (2, check if r.double_entry else [])):
                for marks, write_ins, spoiled in rows:
                    written.update(sb.add_ballot(self.db, round_id, marks, write_ins, bool(spoiled), pass_no)[1])
            st.drop_payloads(self.db, round_id)
        return ActionResult(True, len(record))

    def _union(self, round_id: int) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]]]:
        record: list[tuple[str, str, int]] = []
        check: list[tuple[str, str, int]] = []
        for p in st.partials(self.db, round_id):
            for box in (p.payload or {}).get("boxes", []):
                record += [(m, w, int(s)) for m, w, s in box["ballots"]]
                check += [(m, w, int(s)) for m, w, s in box["check"]]
        rng = secrets.SystemRandom()  # no station's order survives into the round
        rng.shuffle(record)
        rng.shuffle(check)
        return record, check
