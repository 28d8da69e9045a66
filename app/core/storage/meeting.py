"""Meetings: sign-in per member, the adopted election method, scrutineers and tellers (R3.2, R4.7)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from sqlite_utils import Database

from app.core.storage.database import inserted_id


@dataclass(frozen=True)
class Meeting:
    """A member assembly or a committee's plenary."""

    id: int
    kind: str
    committee: str
    held_on: str | None
    place: str | None
    method_text: str | None
    method_votes_for: int | None
    write_in_needs_mark: bool


def add_meeting(db: Database, kind: str, committee: str, held_on: str | None, place: str | None) -> int:
    """Open a meeting; returns its id."""
    cur = db.execute(
        "INSERT INTO meetings (kind, committee, held_on, place) VALUES (?, ?, ?, ?)", [kind, committee, held_on, place]
    )
    return inserted_id(cur)


def meetings(db: Database) -> list[Meeting]:
    """Every meeting, oldest first."""
    rows = db.execute(
        "SELECT id, kind, committee, held_on, place, method_text, method_votes_for, write_in_needs_mark "
        "FROM meetings ORDER BY id"
    ).fetchall()
    return [Meeting(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7])) for r in rows]


def meeting(db: Database, meeting_id: int) -> Meeting | None:
    """One meeting, or None."""
    return next((m for m in meetings(db) if m.id == meeting_id), None)


def set_presence(db: Database, meeting_id: int, member_ids: Iterable[int], present: bool) -> None:
    """Sign members in (or mark them absent) at a meeting."""
    for mid in member_ids:
        db.execute(
            "INSERT INTO attendance (meeting_id, member_id, present) VALUES (?, ?, ?) "
            "ON CONFLICT(meeting_id, member_id) DO UPDATE SET present = excluded.present "
            "WHERE attendance.present IS NOT excluded.present",
            [meeting_id, mid, int(present)],
        )


def present_ids(db: Database, meeting_id: int) -> set[int]:
    """Members signed in at a meeting."""
    return {r[0] for r in db.execute("SELECT member_id FROM attendance WHERE meeting_id = ? AND present = 1", [meeting_id])}


def set_method(db: Database, meeting_id: int, text: str, votes_for: int, write_in_needs_mark: bool) -> None:
    """Record the election method as adopted by the meeting."""
    db.execute(
        "UPDATE meetings SET method_text = ?, method_votes_for = ?, write_in_needs_mark = ? WHERE id = ?",
        [text, votes_for, int(write_in_needs_mark), meeting_id],
    )


def set_scrutineers(db: Database, meeting_id: int, people: Iterable[tuple[int, str]], approved: bool) -> None:
    """Replace the scrutineers and tellers of a meeting: (member id, role)."""
    db.execute("DELETE FROM scrutineers WHERE meeting_id = ?", [meeting_id])
    for mid, role in people:
        db.execute(
            "INSERT INTO scrutineers (meeting_id, member_id, role, approved) VALUES (?, ?, ?, ?)",
            [meeting_id, mid, role, int(approved)],
        )


def scrutineers(db: Database, meeting_id: int) -> list[tuple[int, str, bool]]:
    """(member id, role, approved) of a meeting's scrutineers and tellers."""
    rows = db.execute(
        "SELECT member_id, role, approved FROM scrutineers WHERE meeting_id = ? ORDER BY id", [meeting_id]
    ).fetchall()
    return [(r[0], r[1], bool(r[2])) for r in rows]


def set_held(db: Database, meeting_id: int, held_on: str | None, place: str | None) -> None:
    """Set the date and place a meeting is held."""
    db.execute("UPDATE meetings SET held_on = ?, place = ? WHERE id = ?", [held_on, place, meeting_id])
