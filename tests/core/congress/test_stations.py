"""Counting by several stations (issue 16 item 3): kits, signed partials, the refusals, the union equals one station."""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from app.core.congress import kit as fmt
from app.core.congress.station import Station
from app.core.storage import stations as st
from tests.fixtures.congress import key_station, papers, split
from tests.fixtures.elections import keying_election

CANDIDATES = [f"候选人{i:02d}" for i in range(8)]
SEATS, VOTERS = 6, 60


def _main(path: Path, boxes: int = 4):
    e, rid = keying_election(path, VOTERS, CANDIDATES, SEATS)
    ballots = papers(CANDIDATES, SEATS, VOTERS)
    by_box = split(ballots, boxes)
    assert e.set_boxes(rid, [(n, len(p)) for n, p in by_box.items()]).ok
    return e, rid, ballots, by_box


def _station(tmp: Path, e, rid: int, name: str, boxes: list[str]) -> Station:
    kit = e.issue_kit(rid, name, boxes)
    assert kit.ok
    return Station.open_kit(kit.value, tmp / f"{name}.vdstation")


def _codes(result) -> list[str]:
    assert not result.ok
    return [r.code for r in result.reasons]


def _without_ids(doc: dict) -> dict:
    doc["ballots"]["invalid_ids"] = len(doc["ballots"]["invalid_ids"])
    return doc


def test_four_stations_give_the_single_station_result_and_keep_no_station_trace(tmp_path: Path) -> None:
    e, rid, ballots, by_box = _main(tmp_path / "main.votedesk")
    names = list(by_box)
    stations = [_station(tmp_path, e, rid, f"第{i + 1}计票组", [names[i]]) for i in range(4)]
    # A station holds the round and its own boxes only: never another station's ballots.
    assert [b.name for b in stations[1].boxes()] == [names[1]]
    assert stations[0].code == e.station_progress(rid)[0].kit_code
    assert re.fullmatch(r"\d{4}(-\d{4}){3}", stations[0].code)  # grouped as the counting report's code
    for s in stations:
        assert e.import_partial(rid, key_station(s, by_box)).ok
    assert all(p.imported for p in e.station_progress(rid))
    assert e.count_from_stations(rid).value == VOTERS
    assert e.close_round(rid).ok
    merged = _without_ids(e.round_result(rid))
    assert all(p.payload is None for p in st.partials(e.db, rid))  # no station's ballots kept beside the round
    assert e.verify_audit().ok

    single, rid1 = keying_election(tmp_path / "single.votedesk", VOTERS, CANDIDATES, SEATS)
    for marks, write_ins, spoiled in ballots:
        assert single.record_ballot(rid1, marks, write_ins, spoiled).ok
    assert single.close_round(rid1).ok
    assert _without_ids(single.round_result(rid1)) == merged
    assert merged["ballots"]["invalid"] > 0 and merged["elected"]


def test_each_refusal_has_its_own_reason(tmp_path: Path) -> None:
    e, rid, _, by_box = _main(tmp_path / "main.votedesk")
    names = list(by_box)
    a = _station(tmp_path, e, rid, "甲组", names[:2])
    b = _station(tmp_path, e, rid, "乙组", names[2:])
    again = _station(tmp_path, e, rid, "丙组", [names[2]])  # box 3 given again: a laptop failed, then came back
    part_a, part_b, part_again = (key_station(s, by_box) for s in (a, b, again))

    flipped = bytearray(part_a)
    flipped[len(flipped) // 2] ^= 0x01
    assert _codes(e.import_partial(rid, bytes(flipped))) in (["partial_signature_bad"], ["partial_damaged"])
    at = part_a.index(b'"y') + 1  # one mark changed from yes to no, the zip's checksum fixed up: the signature says no
    assert _codes(e.import_partial(rid, _rezip(part_a, at, b"n"))) == ["partial_signature_bad"]
    assert _codes(e.count_from_stations(rid)) == ["boxes_missing"]
    assert e.import_partial(rid, part_a).ok
    assert _codes(e.import_partial(rid, part_a)) == ["partial_already_imported"]
    assert e.import_partial(rid, part_again).ok
    assert _codes(e.import_partial(rid, part_b)) == ["partial_box_counted"]
    other, orid, _, _ = _main(tmp_path / "other.votedesk")
    foreign = _station(tmp_path, other, orid, "外组", names[:1])
    assert _codes(e.import_partial(rid, key_station(foreign, by_box))) == ["partial_unknown_kit"]
    assert _codes(e.import_partial(rid, b"not a partial")) == ["partial_damaged"]
    assert "丙组" in e.import_partial(rid, part_b).reasons[0].message()  # who counted it first


def test_a_station_exports_only_complete_agreeing_boxes(tmp_path: Path) -> None:
    e, rid, _, by_box = _main(tmp_path / "main.votedesk", boxes=2)
    s = _station(tmp_path, e, rid, "甲组", list(by_box)[:1])
    box = s.boxes()[0].name
    assert _codes(s.export_partial(["计票人甲"])) == ["station_box_incomplete"]
    for marks, w, sp in by_box[box]:
        assert s.record_ballot(box, marks, w, sp, 1).ok
    assert s.record_ballot(box, {CANDIDATES[0]: "no"}, (), False, 2).ok  # the check teller's slip
    for marks, w, sp in by_box[box][1:]:
        assert s.record_ballot(box, marks, w, sp, 2).ok
    assert _codes(s.export_partial(["计票人甲"])) == ["station_entries_differ"]
    assert s.boxes()[0].differing == 1
    assert _codes(s.export_partial([" "])) == ["station_no_tellers"]
    s.close()
    reopened = Station.open(tmp_path / "甲组.vdstation")
    assert reopened.boxes()[0].keyed == len(by_box[box])
    assert reopened.undo_last_ballot(box, 2).ok  # as on the main station, a slip is taken back and keyed again


def test_boxes_must_add_up_and_a_round_counted_here_takes_no_kits(tmp_path: Path) -> None:
    e, rid = keying_election(tmp_path / "m.votedesk", VOTERS, CANDIDATES, SEATS)
    assert _codes(e.set_boxes(rid, [("一", 29), ("二", 30)])) == ["boxes_do_not_add_up"]
    assert _codes(e.set_boxes(rid, [("一", 30), ("一", 30)])) == ["box_name_twice"]
    assert _codes(e.issue_kit(rid, "甲组", ["一"])) == ["no_boxes"]
    assert e.record_ballot(rid, {CANDIDATES[0]: "yes"}).ok
    assert _codes(e.set_boxes(rid, [("一", 60)])) == ["round_keyed_here"]


def test_a_damaged_kit_does_not_open(tmp_path: Path) -> None:
    e, rid, _, by_box = _main(tmp_path / "main.votedesk", boxes=2)
    kit = bytearray(e.issue_kit(rid, "甲组", list(by_box)[:1]).value)
    kit[len(kit) // 2] ^= 0x20
    with pytest.raises(fmt.KitError):
        Station.open_kit(bytes(kit), tmp_path / "s.vdstation")
    with pytest.raises((fmt.KitError, sqlite3.Error)):
        Station.open(tmp_path / "main.votedesk")


def _rezip(data: bytes, at: int, new: bytes) -> bytes:
    """The partial with one byte of its JSON changed and the container re-packed (so only the signature can tell)."""
    from app.core.signing import container

    entries = dict(container.entries(data))
    body = entries["partial.json"]
    offset = data.index(body)
    body = body[: at - offset] + new + body[at - offset + 1:]
    return container.pack([("partial.json", body), ("partial.sig", entries["partial.sig"])])


def test_a_kit_names_its_group_and_boxes_and_a_signed_partial_of_the_wrong_shape_is_refused(tmp_path: Path) -> None:
    e, rid, _, by_box = _main(tmp_path / "main.votedesk", boxes=2)
    assert _codes(e.issue_kit(rid, " ", list(by_box))) == ["kit_needs_group"]
    assert _codes(e.issue_kit(rid, "甲组", [])) == ["kit_needs_boxes"]
    s = _station(tmp_path, e, rid, "甲组", list(by_box)[:1])
    odd = {"format": fmt.PARTIAL_FORMAT, "kit_id": s.kit["kit_id"], "tellers": "甲", "boxes": {"x": 1},
           "round_digest": fmt.round_digest(s.kit["round"])}
    assert _codes(e.import_partial(rid, fmt.sign_partial(odd, s._key))) == ["partial_damaged"]  # noqa: SLF001
