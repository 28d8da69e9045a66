"""Records kept for supervision: seat reductions (R9.4), amendments (R9.7) and incidents (R11)."""
from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from app.core.storage.database import inserted_id


def _dicts(db: Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cur = db.execute(sql, params)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def add_seat_reduction(db: Database, post_id: int, round_id: int, before: int, after: int,
                       consent_yes: int, electors: int, decided_on: str) -> int:
    """Record a reduction of seats with the electors' consent; returns its id."""
    cur = db.execute(
        "INSERT INTO seat_reductions (post_id, round_id, seats_before, seats_after, consent_yes, electors, decided_on) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [post_id, round_id, before, after, consent_yes, electors, decided_on],
    )
    return inserted_id(cur)


def seat_reductions(db: Database, post_id: int) -> list[dict[str, Any]]:
    """Reductions of a post's seats, oldest first."""
    return _dicts(db, "SELECT * FROM seat_reductions WHERE post_id = ? ORDER BY id", [post_id])


def add_amendment(db: Database, target: str, reason: str, approved_by: str, before: Any, after: Any) -> int:
    """Record a correction after a lock; returns its id."""
    cur = db.execute(
        "INSERT INTO amendments (target, reason, approved_by, before, after) VALUES (?, ?, ?, ?, ?)",
        [target, reason, approved_by, json.dumps(before, ensure_ascii=False), json.dumps(after, ensure_ascii=False)],
    )
    return inserted_id(cur)


def amendments(db: Database) -> list[dict[str, Any]]:
    """Every amendment, oldest first."""
    return _dicts(db, "SELECT * FROM amendments ORDER BY id", [])


def add_incident(db: Database, kind: str, reported_by: str, reported_on: str, description: str,
                 action: str | None, outcome: str | None) -> int:
    """Record an incident or misconduct report; returns its id."""
    cur = db.execute(
        "INSERT INTO incidents (kind, reported_by, reported_on, description, action, outcome) VALUES (?, ?, ?, ?, ?, ?)",
        [kind, reported_by, reported_on, description, action, outcome],
    )
    return inserted_id(cur)


def update_incident(db: Database, incident_id: int, action: str | None, outcome: str | None) -> bool:
    """Record what was done about an incident and how it ended; False if no such incident."""
    cur = db.execute("UPDATE incidents SET action = ?, outcome = ? WHERE id = ?", [action, outcome, incident_id])
    return cur.rowcount > 0


def incidents(db: Database) -> list[dict[str, Any]]:
    """Every incident, oldest first."""
    return _dicts(db, "SELECT * FROM incidents ORDER BY id", [])
