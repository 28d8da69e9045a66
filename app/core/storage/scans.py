"""Scanned ballots (issue 17): each round's ballot layout and every page read, decided and saved."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from app.core.storage.database import inserted_id

_COLS = "id, round_id, name, sha256, state, reason, read, decided, sampled, ballot_id, path"


@dataclass(frozen=True)
class ScanPage:
    """One scanned page: what was read (per box), what people decided, and where it went."""

    id: int
    round_id: int
    name: str
    sha256: str
    state: str  # review (a person must decide), check (drawn for the hand-keyed sample), saved, refused
    reason: str | None
    read: dict[str, Any]
    decided: dict[str, Any]
    sampled: bool
    ballot_id: str | None
    path: str | None


def _page(row: Any) -> ScanPage:
    return ScanPage(row[0], row[1], row[2], row[3], row[4], row[5], json.loads(row[6]), json.loads(row[7]),
                    bool(row[8]), row[9], row[10])


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def layout(db: Database, round_id: int) -> dict[str, Any] | None:
    """The layout recorded for a round's ballot, or None."""
    row = db.execute("SELECT layout FROM scan_layouts WHERE round_id = ?", [round_id]).fetchone()
    return None if row is None else dict(json.loads(row[0]))


def put_layout(db: Database, round_id: int, value: dict[str, Any]) -> None:
    """Record a round's ballot layout (once: it is what was printed)."""
    db.execute("INSERT INTO scan_layouts (round_id, code, layout) VALUES (?, ?, ?)",
               [round_id, int(value["code"]), _json(value)])


def add_page(db: Database, round_id: int, name: str, sha256: str, state: str, reason: str | None,
             read: dict[str, Any], path: str | None, sampled: bool = False) -> int:
    """Store one page read; returns its id."""
    cur = db.execute("INSERT INTO scan_pages (round_id, name, sha256, state, reason, read, sampled, path) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     [round_id, name, sha256, state, reason, _json(read), int(sampled), path])
    return inserted_id(cur)


def pages(db: Database, round_id: int, state: str | None = None) -> list[ScanPage]:
    """A round's pages in the order read (all, or in one state)."""
    where, args = ("AND state = ?", [round_id, state]) if state else ("", [round_id])
    rows = db.execute(f"SELECT {_COLS} FROM scan_pages WHERE round_id = ? {where} ORDER BY id", args).fetchall()
    return [_page(r) for r in rows]


def page(db: Database, page_id: int) -> ScanPage | None:
    row = db.execute(f"SELECT {_COLS} FROM scan_pages WHERE id = ?", [page_id]).fetchone()
    return None if row is None else _page(row)


def by_hash(db: Database, round_id: int, sha256: str) -> ScanPage | None:
    """A page of the round (not refused) with this image hash."""
    row = db.execute(f"SELECT {_COLS} FROM scan_pages WHERE round_id = ? AND sha256 = ? AND state != 'refused' "
                     "ORDER BY id LIMIT 1", [round_id, sha256]).fetchone()
    return None if row is None else _page(row)


def update_page(db: Database, page_id: int, **fields: Any) -> None:
    """Set columns of a page (state, reason, decided, ballot_id, path); dicts are stored as JSON."""
    values = [_json(v) if isinstance(v, dict) else v for v in fields.values()]
    sets = ", ".join(f"{k} = ?" for k in fields)
    db.execute(f"UPDATE scan_pages SET {sets} WHERE id = ?", values + [page_id])
