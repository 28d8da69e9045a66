"""The member roll and exclusions from the expected count (R2.1, R2.3)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable

from sqlite_utils import Database

from app.core.models import MemberRecord
from app.core.rules.model import MemberStatus
from app.core.storage.database import inserted_id

_FIELDS = ("name", "status", "sex", "birth_date", "ethnicity", "joined_date", "education", "post", "remarks")


@dataclass(frozen=True)
class ExclusionRow:
    """An exclusion request with its two approvals (both needed: R2.3)."""

    id: int
    member_id: int
    reason: str
    detail: str | None
    consent_doc: str | None
    consent_date: str | None
    assembly_date: str | None

    @property
    def approved(self) -> bool:
        """Both the higher level's consent and the assembly's approval are recorded."""
        return bool(self.consent_doc and self.consent_date and self.assembly_date)


def _value(v: object) -> object:
    if isinstance(v, date):
        return v.isoformat()
    return v.value if isinstance(v, MemberStatus) else v


def _values(rec: MemberRecord) -> list[object]:
    # The name is the member's identity on ballots and in write-ins: stored trimmed, as duplicates are checked.
    return [rec.name.strip()] + [_value(getattr(rec, f)) for f in _FIELDS[1:]]


def _set_restriction(db: Database, member_id: int, rec: MemberRecord) -> None:
    # R13.7: one restriction row per restricted member (留党察看 or suspension, with its dates), none otherwise.
    db.execute("DELETE FROM restrictions WHERE member_id = ? AND ? IS NULL", [member_id, _value(rec.restriction)])
    if rec.restriction is not None:
        db.execute(
            "INSERT INTO restrictions (member_id, kind, from_date, until_date) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(member_id) DO UPDATE SET kind = excluded.kind, from_date = excluded.from_date, "
            "until_date = excluded.until_date",
            [member_id, _value(rec.restriction), _value(rec.restricted_from), _value(rec.restricted_until)])


def add_members(db: Database, records: Iterable[MemberRecord]) -> list[int]:
    """Insert members; returns their ids (the caller's transaction makes it all or nothing)."""
    sql = f"INSERT INTO members ({', '.join(_FIELDS)}) VALUES ({', '.join('?' * len(_FIELDS))})"
    ids = []
    for r in records:
        ids.append(inserted_id(db.execute(sql, _values(r))))
        if r.restriction is not None:
            _set_restriction(db, ids[-1], r)
    return ids


def update_member(db: Database, member_id: int, rec: MemberRecord) -> None:
    """Replace a member's fields and restriction."""
    sets = ", ".join(f"{f} = ?" for f in _FIELDS)
    db.execute(f"UPDATE members SET {sets} WHERE id = ?", _values(rec) + [member_id])
    _set_restriction(db, member_id, rec)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _record(row: tuple) -> MemberRecord:
    d = dict(zip(_FIELDS, row))
    for f in ("birth_date", "joined_date"):
        d[f] = _day(d[f])
    d["status"] = MemberStatus(d["status"])
    kind, start, until = row[len(_FIELDS):]
    return MemberRecord(**d, restriction=MemberStatus(kind) if kind else None, restricted_from=_day(start),
                        restricted_until=_day(until))


_SELECT = (f"SELECT m.id, {', '.join('m.' + f for f in _FIELDS)}, r.kind, r.from_date, r.until_date "
           "FROM members m LEFT JOIN restrictions r ON r.member_id = m.id")


def members(db: Database) -> list[tuple[int, MemberRecord]]:
    """(id, record) of every member, in roll order."""
    rows = db.execute(f"{_SELECT} ORDER BY m.id").fetchall()
    return [(r[0], _record(r[1:])) for r in rows]


def member(db: Database, member_id: int) -> MemberRecord | None:
    """One member's record, or None."""
    row = db.execute(f"{_SELECT} WHERE m.id = ?", [member_id]).fetchone()
    return None if row is None else _record(row[1:])


def names(db: Database) -> dict[int, str]:
    """Member id -> name."""
    return dict(db.execute("SELECT id, name FROM members").fetchall())


def statuses(db: Database, day: date | None = None) -> dict[str, str]:
    """Name -> standing of every member (R2.1): full, probationary, or the restriction in force on ``day``."""
    return {rec.name: rec.standing_on(day).value for _, rec in members(db)}


def add_exclusion(db: Database, member_id: int, reason: str, detail: str | None) -> int:
    """Record an exclusion request; returns its id."""
    cur = db.execute("INSERT INTO exclusions (member_id, reason, detail) VALUES (?, ?, ?)", [member_id, reason, detail])
    return inserted_id(cur)


def approve_exclusion(db: Database, exclusion_id: int, consent_doc: str, consent_date: str, assembly_date: str | None) -> bool:
    """Record the higher level's consent and (when given) the assembly's approval; False if no such request."""
    cur = db.execute(
        "UPDATE exclusions SET consent_doc = ?, consent_date = ?, assembly_date = ? WHERE id = ?",
        [consent_doc, consent_date, assembly_date, exclusion_id],
    )
    return cur.rowcount > 0


def delete_exclusion(db: Database, exclusion_id: int) -> bool:
    """Withdraw an exclusion request; False if no such request."""
    return db.execute("DELETE FROM exclusions WHERE id = ?", [exclusion_id]).rowcount > 0


def exclusions(db: Database) -> list[ExclusionRow]:
    """Every exclusion request."""
    rows = db.execute(
        "SELECT id, member_id, reason, detail, consent_doc, consent_date, assembly_date FROM exclusions ORDER BY id"
    ).fetchall()
    return [ExclusionRow(*r) for r in rows]
