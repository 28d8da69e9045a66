"""Organization, election, posts and higher-level replies."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from app.core.storage.database import inserted_id


@dataclass(frozen=True)
class Post:
    """A post to fill: office of a committee, seats, competitive (R5)."""

    id: int
    committee: str
    office: str
    seats: int
    competitive: bool


def _one(db: Database, sql: str, params: list[Any] | None = None) -> dict[str, Any] | None:
    cur = db.execute(sql, params or [])
    row = cur.fetchone()
    return None if row is None else dict(zip([d[0] for d in cur.description], row))


def set_organization(db: Database, name: str, kind: str, level: str | None, higher_org: str | None) -> None:
    """Write the singleton organization row."""
    db.execute(
        "INSERT INTO organization (id, name, kind, level, higher_org) VALUES (1, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET name=excluded.name, kind=excluded.kind, level=excluded.level, "
        "higher_org=excluded.higher_org",
        [name, kind, level, higher_org],
    )


def organization(db: Database) -> dict[str, Any] | None:
    """The organization row, or None."""
    return _one(db, "SELECT * FROM organization WHERE id = 1")


def set_election(db: Database, fields: dict[str, Any]) -> None:
    """Create or update the singleton election row with ``fields`` (column -> value)."""
    if election(db) is None:
        db.execute("INSERT INTO election (id, body) VALUES (1, ?)", [fields.get("body", "member_assembly")])
    sets = ", ".join(f"{k} = ?" for k in fields)
    if sets:
        db.execute(f"UPDATE election SET {sets} WHERE id = 1", list(fields.values()))


def election(db: Database) -> dict[str, Any] | None:
    """The election row, or None."""
    return _one(db, "SELECT * FROM election WHERE id = 1")


def add_post(db: Database, committee: str, office: str, seats: int, competitive: bool) -> int:
    """Insert a post; returns its id."""
    cur = db.execute(
        "INSERT INTO posts (committee, office, seats, competitive) VALUES (?, ?, ?, ?)",
        [committee, office, seats, int(competitive)],
    )
    return inserted_id(cur)


def set_post(db: Database, post_id: int, seats: int, competitive: bool) -> None:
    """Change a post's seats and competitiveness."""
    db.execute("UPDATE posts SET seats = ?, competitive = ? WHERE id = ?", [seats, int(competitive), post_id])


def delete_post(db: Database, post_id: int) -> None:
    """Delete a post with its nominations, candidate list and the list's approval (no round may refer to it)."""
    for sql in ("DELETE FROM candidate_lists WHERE id = ?", "DELETE FROM candidates WHERE post_id = ?",
                "DELETE FROM nominations WHERE post_id = ?", "DELETE FROM posts WHERE id = ?"):
        db.execute(sql, [post_id])


def posts(db: Database) -> list[Post]:
    """Every post in the order added."""
    rows = db.execute("SELECT id, committee, office, seats, competitive FROM posts ORDER BY id").fetchall()
    return [Post(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows]


def post(db: Database, post_id: int) -> Post | None:
    """One post, or None."""
    return next((p for p in posts(db) if p.id == post_id), None)


def add_reply(db: Database, subject: str, doc_no: str, dated: str, approved: bool, note: str | None) -> int:
    """Record a higher-level reply; returns its id."""
    cur = db.execute(
        "INSERT INTO replies (subject, doc_no, dated, approved, note) VALUES (?, ?, ?, ?, ?)",
        [subject, doc_no, dated, int(approved), note],
    )
    return inserted_id(cur)


def replies(db: Database, subject: str | None = None) -> list[dict[str, Any]]:
    """Replies, optionally of one subject, oldest first."""
    sql = "SELECT * FROM replies" + (" WHERE subject = ?" if subject else "") + " ORDER BY id"
    cur = db.execute(sql, [subject] if subject else [])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]
