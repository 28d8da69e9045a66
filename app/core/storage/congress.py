"""The delegate congress: electoral units, their reports, delegates, qualification review, preparatory meeting, presidium."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from sqlite_utils import Database

from app.core.storage.database import inserted_id


@dataclass(frozen=True)
class Delegate:
    """A delegate on the congress roll, from the unit that elected them."""

    id: int
    unit: str
    name: str
    votes: int
    qualified: bool | None  # None: not reviewed yet
    note: str | None


def set_units(db: Database, units: Sequence[tuple[str, int]]) -> None:
    db.execute("DELETE FROM units")
    for name, seats in units:
        db.execute("INSERT INTO units (name, seats) VALUES (?, ?)", [name, seats])


def units(db: Database) -> list[tuple[int, str, int, bool]]:
    """(id, name, seats, reported) of every unit."""
    return db.execute("SELECT u.id, u.name, u.seats, r.id IS NOT NULL FROM units u LEFT JOIN unit_reports r "
                      "ON r.unit_id = u.id ORDER BY u.id").fetchall()


def add_report(db: Database, unit_id: int, sha256: str, signer: str, held_on: str | None,
               delegates: Sequence[tuple[str, int]]) -> None:
    db.execute("INSERT INTO unit_reports (unit_id, sha256, signer, held_on) VALUES (?, ?, ?, ?)",
               [unit_id, sha256, signer, held_on or None])
    for name, votes in delegates:
        db.execute("INSERT INTO delegates (unit_id, name, votes) VALUES (?, ?, ?)", [unit_id, name, votes])


def delegates(db: Database) -> list[Delegate]:
    rows = db.execute("SELECT d.id, u.name, d.name, d.votes, q.qualified, q.note FROM delegates d "
                      "JOIN units u ON u.id = d.unit_id LEFT JOIN qualification q ON q.delegate_id = d.id "
                      "ORDER BY u.id, d.id").fetchall()
    return [Delegate(i, u, n, v, None if q is None else bool(q), note) for i, u, n, v, q, note in rows]


def review(db: Database, delegate_id: int, qualified: bool, note: str | None, on: str) -> None:
    db.execute("INSERT INTO qualification (delegate_id, qualified, note, reviewed_on) VALUES (?, ?, ?, ?) "
               "ON CONFLICT (delegate_id) DO UPDATE SET qualified = excluded.qualified, note = excluded.note, "
               "reviewed_on = excluded.reviewed_on", [delegate_id, int(qualified), note, on])


def reviewed_on(db: Database) -> str | None:
    row = db.execute("SELECT max(reviewed_on) FROM qualification").fetchone()
    return row[0] if row else None


def set_preparatory(db: Database, fields: dict[str, Any], agenda: Sequence[str], presidium: Sequence[int]) -> None:
    cols = ", ".join(fields)
    db.execute(f"INSERT INTO preparatory (id, {cols}) VALUES (1, {', '.join('?' for _ in fields)})", list(fields.values()))
    for pos, item in enumerate(agenda, 1):
        db.execute("INSERT INTO agenda_items (position, item) VALUES (?, ?)", [pos, item])
    for pos, did in enumerate(presidium, 1):
        db.execute("INSERT INTO presidium (delegate_id, position) VALUES (?, ?)", [did, pos])


def clear_preparatory(db: Database) -> None:
    """Drop the recorded preparatory meeting, its agenda and presidium (a correction records them again)."""
    for table in ("presidium", "agenda_items", "preparatory"):
        db.execute(f"DELETE FROM {table}")


def preparatory(db: Database) -> dict[str, Any] | None:
    cur = db.execute("SELECT held_on, present, agenda_votes, presidium_votes, secretary_general, review_report_votes "
                     "FROM preparatory WHERE id = 1")
    row = cur.fetchone()
    return None if row is None else dict(zip([d[0] for d in cur.description], row))


def agenda(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT item FROM agenda_items ORDER BY position")]


def presidium(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT d.name FROM presidium p JOIN delegates d ON d.id = p.delegate_id "
                                     "ORDER BY p.position")]


def add_decision(db: Database, kind: str, post_id: int | None, text: str, votes_for: int, members: int,
                 decided_on: str) -> int:
    cur = db.execute("INSERT INTO presidium_decisions (kind, post_id, text, votes_for, members, decided_on) "
                     "VALUES (?, ?, ?, ?, ?, ?)", [kind, post_id, text, votes_for, members, decided_on])
    return inserted_id(cur)


def decisions(db: Database) -> list[dict[str, Any]]:
    cur = db.execute("SELECT kind, post_id, text, votes_for, members, decided_on FROM presidium_decisions ORDER BY id")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def remove_from_roll(db: Database, name: str) -> bool:
    """Take a delegate found not qualified off the congress roll (before any meeting lists them); whether removed."""
    cur = db.execute("DELETE FROM members WHERE name = ? AND id NOT IN (SELECT member_id FROM attendance) "
                     "AND id NOT IN (SELECT member_id FROM nominations)", [name])
    return cur.rowcount > 0
