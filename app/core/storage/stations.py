"""Counting stations: ballot boxes, kits issued, partial counts imported, and a station file's own kit."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from app.core.storage.database import inserted_id


@dataclass(frozen=True)
class Box:
    """A named ballot box of a round and how many returned ballots it holds."""

    id: int
    name: str
    ballots: int


@dataclass(frozen=True)
class Kit:
    """A station kit issued for a round: its teller group, its boxes and the public key its partial is signed with."""

    kit_id: str
    station: str
    boxes: tuple[str, ...]
    public_key: str
    issued_at: str | None


@dataclass(frozen=True)
class Partial:
    """A partial count imported from a station (payload None once the round was counted from the union)."""

    id: int
    kit_id: str
    sha256: str
    tellers: tuple[str, ...]
    ballots: int
    payload: dict[str, Any] | None


def set_boxes(db: Database, round_id: int, boxes: list[tuple[str, int]]) -> None:
    """Replace a round's boxes (before any kit is issued)."""
    db.execute("DELETE FROM ballot_boxes WHERE round_id = ?", [round_id])
    for name, n in boxes:
        db.execute("INSERT INTO ballot_boxes (round_id, name, ballots) VALUES (?, ?, ?)", [round_id, name, n])


def boxes(db: Database, round_id: int) -> list[Box]:
    """A round's boxes in the order named."""
    rows = db.execute("SELECT id, name, ballots FROM ballot_boxes WHERE round_id = ? ORDER BY id", [round_id])
    return [Box(*r) for r in rows.fetchall()]


def add_kit(db: Database, round_id: int, kit_id: str, station: str, box_names: list[str], public_key: str,
            issued_at: str) -> int:
    """Record a kit issued (only its public key: the private key travels in the kit)."""
    cur = db.execute("INSERT INTO station_kits (round_id, kit_id, station, boxes, public_key, issued_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
                     [round_id, kit_id, station, json.dumps(box_names, ensure_ascii=False), public_key, issued_at])
    return inserted_id(cur)


def kits(db: Database, round_id: int) -> list[Kit]:
    """Kits issued for a round, in the order issued."""
    rows = db.execute("SELECT kit_id, station, boxes, public_key, issued_at FROM station_kits WHERE round_id = ? "
                      "ORDER BY id", [round_id]).fetchall()
    return [Kit(k, s, tuple(json.loads(b)), p, at) for k, s, b, p, at in rows]


def kit(db: Database, kit_id: str) -> tuple[int, Kit] | None:
    """(round id, kit) of a kit id, or None."""
    row = db.execute("SELECT round_id, kit_id, station, boxes, public_key, issued_at FROM station_kits "
                     "WHERE kit_id = ?", [kit_id]).fetchone()
    return None if row is None else (row[0], Kit(row[1], row[2], tuple(json.loads(row[3])), row[4], row[5]))


def add_partial(db: Database, kit_id: str, sha256: str, tellers: list[str], payload: dict[str, Any],
                box_ids: list[int], imported_at: str) -> int:
    """Store an imported partial and the boxes it counted (a box twice fails the UNIQUE)."""
    ballots = sum(len(b["ballots"]) for b in payload["boxes"])
    cur = db.execute("INSERT INTO station_partials (kit_id, sha256, tellers, ballots, payload, imported_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)",
                     [kit_id, sha256, json.dumps(tellers, ensure_ascii=False), ballots,
                      json.dumps(payload, ensure_ascii=False, separators=(",", ":")), imported_at])
    pid = inserted_id(cur)
    for box_id in box_ids:
        db.execute("INSERT INTO partial_boxes (partial_id, box_id) VALUES (?, ?)", [pid, box_id])
    return pid


def partials(db: Database, round_id: int) -> list[Partial]:
    """Partials imported for a round's kits."""
    rows = db.execute("SELECT p.id, p.kit_id, p.sha256, p.tellers, p.ballots, p.payload FROM station_partials p "
                      "JOIN station_kits k ON k.kit_id = p.kit_id WHERE k.round_id = ? ORDER BY p.id",
                      [round_id]).fetchall()
    return [Partial(i, k, s, tuple(json.loads(t)), n, json.loads(p) if p else None) for i, k, s, t, n, p in rows]


def counted_boxes(db: Database, round_id: int) -> dict[str, str]:
    """Box name -> kit id of the partial that counted it."""
    rows = db.execute("SELECT b.name, p.kit_id FROM partial_boxes pb JOIN ballot_boxes b ON b.id = pb.box_id "
                      "JOIN station_partials p ON p.id = pb.partial_id WHERE b.round_id = ?", [round_id])
    return dict(rows.fetchall())


def partial_by_sha(db: Database, sha256: str) -> str | None:
    """The kit id of a partial already imported with these exact bytes, or None."""
    row = db.execute("SELECT kit_id FROM station_partials WHERE sha256 = ?", [sha256]).fetchone()
    return None if row is None else str(row[0])


def drop_payloads(db: Database, round_id: int) -> None:
    """Forget the per-station ballots once they are in the round (no station trace, R4.8)."""
    db.execute("UPDATE station_partials SET payload = NULL WHERE kit_id IN "
               "(SELECT kit_id FROM station_kits WHERE round_id = ?)", [round_id])


def set_self(db: Database, kit: dict[str, Any], private_key: str) -> None:
    """A station file's kit and key."""
    db.execute("INSERT INTO station_self (id, kit, private_key) VALUES (1, ?, ?)",
               [json.dumps(kit, ensure_ascii=False), private_key])


def own_kit(db: Database) -> tuple[dict[str, Any], str, str | None] | None:
    """(kit, private key hex, sha256 of the last partial exported) of a station file, or None for an election file."""
    row = db.execute("SELECT kit, private_key, exported_sha256 FROM station_self WHERE id = 1").fetchone()
    return None if row is None else (json.loads(row[0]), row[1], row[2])


def set_exported(db: Database, sha256: str) -> None:
    """Note the partial a station exported last."""
    db.execute("UPDATE station_self SET exported_sha256 = ? WHERE id = 1", [sha256])
