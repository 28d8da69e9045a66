"""Nominations, vetting records, candidate lists and their higher-level approval (R4.3-R4.5)."""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from sqlite_utils import Database

from app.core.storage.database import inserted_id


@dataclass(frozen=True)
class Vetting:
    """One vetting record of a nominee (R4.4, the "hard ruler")."""

    files_reviewed: bool
    talks: int
    appraisal_total: int
    appraisal_good: int
    appraisal_fair: int
    appraisal_poor: int
    discipline_opinion: str
    pledge_signed: bool
    conclusion: str  # "pass" / "fail"
    vetted_by: str
    vetted_on: str  # ISO date


_VFIELDS = tuple(f.name for f in fields(Vetting))


def add_nomination(db: Database, post_id: int, member_id: int, source: str, count: int) -> int:
    """Record a nomination, or correct the count of the same member's from the same source; returns its id."""
    rows = db.execute(
        "INSERT INTO nominations (post_id, member_id, source, count) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(post_id, member_id, source) DO UPDATE SET count = excluded.count RETURNING id",
        [post_id, member_id, source, count],
    ).fetchall()  # stepped to the end, so the statement is done before the action commits
    return int(rows[0][0])


def delete_nominations(db: Database, post_id: int, member_id: int) -> int:
    """Remove a member's nominations for a post; returns how many there were."""
    return int(db.execute("DELETE FROM nominations WHERE post_id = ? AND member_id = ?", [post_id, member_id]).rowcount)


def nominations(db: Database, post_id: int) -> list[dict[str, Any]]:
    """Nominations of one post, with the nominee's name."""
    cur = db.execute(
        "SELECT n.id, n.member_id, m.name, n.source, n.count FROM nominations n JOIN members m ON m.id = n.member_id "
        "WHERE n.post_id = ? ORDER BY n.id",
        [post_id],
    )
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def add_vetting(db: Database, member_id: int, v: Vetting) -> int:
    """Record a vetting; returns its id."""
    values = [int(x) if isinstance(x, bool) else x for x in (getattr(v, f) for f in _VFIELDS)]
    cur = db.execute(
        f"INSERT INTO vetting (member_id, {', '.join(_VFIELDS)}) VALUES (?, {', '.join('?' * len(_VFIELDS))})",
        [member_id] + values,
    )
    return inserted_id(cur)


def _vetting(row: tuple[Any, ...]) -> Vetting:
    d = dict(zip(_VFIELDS, row))
    d["files_reviewed"], d["pledge_signed"] = bool(d["files_reviewed"]), bool(d["pledge_signed"])
    return Vetting(**d)


def latest_vetting(db: Database, member_id: int) -> Vetting | None:
    """The most recent vetting of a member, or None."""
    row = db.execute(
        f"SELECT {', '.join(_VFIELDS)} FROM vetting WHERE member_id = ? ORDER BY id DESC LIMIT 1", [member_id]
    ).fetchone()
    return None if row is None else _vetting(row)


def latest_vettings(db: Database) -> dict[int, Vetting]:
    """Member id -> the most recent vetting, for everyone vetted (one query for all the gates)."""
    rows = db.execute(f"SELECT member_id, {', '.join(_VFIELDS)} FROM vetting ORDER BY id").fetchall()
    return {r[0]: _vetting(r[1:]) for r in rows}


def set_candidates(db: Database, post_id: int, member_ids: list[int]) -> None:
    """Replace a post's candidate list; ``member_ids`` in ballot order."""
    db.execute("DELETE FROM candidates WHERE post_id = ?", [post_id])
    for pos, mid in enumerate(member_ids, 1):
        db.execute("INSERT INTO candidates (post_id, member_id, position) VALUES (?, ?, ?)", [post_id, mid, pos])


def candidates(db: Database, post_id: int) -> list[tuple[int, str]]:
    """(member id, name) of a post's candidates in ballot order."""
    return db.execute(
        "SELECT c.member_id, m.name FROM candidates c JOIN members m ON m.id = c.member_id "
        "WHERE c.post_id = ? ORDER BY c.position",
        [post_id],
    ).fetchall()


def all_candidate_ids(db: Database) -> set[int]:
    """Member ids standing for any post."""
    return {r[0] for r in db.execute("SELECT member_id FROM candidates")}


def approve_list(db: Database, post_id: int, doc: str, dated: str, notice_from: str | None, notice_to: str | None) -> None:
    """Record the higher level's approval of a post's list and the public-notice dates."""
    db.execute(
        "INSERT INTO candidate_lists (id, approval_doc, approval_date, notice_from, notice_to) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET approval_doc=excluded.approval_doc, approval_date=excluded.approval_date, "
        "notice_from=excluded.notice_from, notice_to=excluded.notice_to",
        [post_id, doc, dated, notice_from, notice_to],
    )


def revoke_approval(db: Database, post_id: int) -> None:
    """Drop a list's approval (the list changed)."""
    db.execute("DELETE FROM candidate_lists WHERE id = ?", [post_id])


def approval(db: Database, post_id: int) -> dict[str, Any] | None:
    """The approval record of a post's list, or None."""
    cur = db.execute("SELECT * FROM candidate_lists WHERE id = ?", [post_id])
    row = cur.fetchone()
    return None if row is None else dict(zip([d[0] for d in cur.description], row))
