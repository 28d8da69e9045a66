"""Rounds, their printed names, secret ballots (R4.8) and their double-entry check, tally sheets and results."""
from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from sqlite_utils import Database

from app.core.storage import audit_log
from app.core.storage.database import inserted_id

# One letter per printed name, in ballot order.
MARK_LETTER = {"yes": "y", "no": "n", "abstain": "a", "unreadable": "u"}
LETTER_MARK = {v: k for k, v in MARK_LETTER.items()}
# Pass 1 is the record (teller A); pass 2 is the second teller's check entry (double entry).
BALLOT_TABLES = {1: "ballots", 2: "check_ballots"}
BALLOT_COLUMNS = ("id", "round_id", "marks", "write_ins", "spoiled")  # as declared (schema._ballot_table)
_JSON_STRING = json.JSONEncoder(ensure_ascii=False).encode  # a str as canonical JSON (hashchain.canonical)


@dataclass(frozen=True)
class Round:
    """One round of voting for one post (R10.3)."""

    id: int
    post_id: int
    meeting_id: int
    kind: str
    parent_id: int | None
    seats: int
    mode: str
    expected: int | None
    present: int | None
    issued: int | None
    returned: int | None
    invalid_tallied: int | None
    closed: bool
    outcome: str | None
    double_entry: bool = False


_RCOLS = ("id, post_id, meeting_id, kind, parent_id, seats, mode, expected, present, issued, returned, invalid_tallied, "
          "closed, outcome, double_entry")


def _round(row: Any) -> Round:
    return Round(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9], row[10], row[11],
                 bool(row[12]), row[13], bool(row[14]))


def add_round(db: Database, post_id: int, meeting_id: int, kind: str, parent_id: int | None, seats: int,
              printed: list[tuple[int, str]]) -> int:
    """Open a round with its printed names (member id, name) in ballot order; returns its id."""
    cur = db.execute(
        "INSERT INTO rounds (post_id, meeting_id, kind, parent_id, seats) VALUES (?, ?, ?, ?, ?)",
        [post_id, meeting_id, kind, parent_id, seats],
    )
    rid = inserted_id(cur)
    for pos, (mid, name) in enumerate(printed, 1):
        db.execute(
            "INSERT INTO round_candidates (round_id, position, member_id, name) VALUES (?, ?, ?, ?)",
            [rid, pos, mid, name],
        )
    return rid


def rounds(db: Database, post_id: int | None = None) -> list[Round]:
    """Rounds (of one post, or all) in the order opened."""
    where = " WHERE post_id = ?" if post_id is not None else ""
    rows = db.execute(f"SELECT {_RCOLS} FROM rounds{where} ORDER BY id", [post_id] if where else []).fetchall()
    return [_round(r) for r in rows]


def get_round(db: Database, round_id: int) -> Round | None:
    """One round, or None."""
    row = db.execute(f"SELECT {_RCOLS} FROM rounds WHERE id = ?", [round_id]).fetchone()
    return None if row is None else _round(row)


def printed(db: Database, round_id: int) -> list[tuple[int, str]]:
    """(member id, name) printed on a round's ballot, in ballot order."""
    return db.execute(
        "SELECT member_id, name FROM round_candidates WHERE round_id = ? ORDER BY position", [round_id]
    ).fetchall()


def update_round(db: Database, round_id: int, **fields: Any) -> None:
    """Set columns of a round (expected, present, issued, returned, mode, closed, outcome, …)."""
    sets = ", ".join(f"{k} = ?" for k in fields)
    db.execute(f"UPDATE rounds SET {sets} WHERE id = ?", list(fields.values()) + [round_id])


def new_ballot_id() -> str:
    """A random ballot id: 16 hex digits that say nothing about order or voter (R4.8)."""
    return secrets.token_hex(8)


def add_ballot(db: Database, round_id: int, marks: str, write_ins: str, spoiled: bool,
               pass_no: int = 1) -> tuple[str, dict[str, str]]:
    """Store one ballot (marks as letters, write-ins as canonical JSON); returns its random id and
    its row digest for the audit entry ({row key: digest}: ballot inserts have no tracking trigger).

    :param pass_no: 1 for the record, 2 for the second teller's check entry
    """
    table, values = BALLOT_TABLES[pass_no], (new_ballot_id(), round_id, marks, write_ins, int(spoiled))
    db.conn.execute(f"INSERT INTO {table} (id, round_id, marks, write_ins, spoiled) VALUES (?, ?, ?, ?, ?)", values)
    return values[0], {audit_log.row_key(table, values[0]): ballot_digest(*values)}


def ballot_digest(ballot_id: str, round_id: int, marks: str, write_ins: str, spoiled: int) -> str:
    """audit_log.digest_values of a ballot row, formatted directly (the keying hot path; a test compares).

    The id is hex and the marks are y/n/a/u letters (CHECKed), so only write_ins needs JSON escaping.
    """
    text = (f'{{"id":"{ballot_id}","marks":"{marks}","round_id":{int(round_id)},"spoiled":{int(spoiled)},'
            f'"write_ins":{_JSON_STRING(write_ins)}}}')
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def ballot(db: Database, ballot_id: str, pass_no: int = 1, round_id: int | None = None) -> tuple[int, str, str, bool] | None:
    """(round id, marks, write-ins JSON, spoiled) of one ballot, or None.

    :param round_id: the ballot's round when known: a key lookup instead of a scan (ballots are keyed by round)
    """
    where, args = ("round_id = ? AND id = ?", [round_id, ballot_id]) if round_id is not None else ("id = ?", [ballot_id])
    row = db.execute(f"SELECT round_id, marks, write_ins, spoiled FROM {BALLOT_TABLES[pass_no]} WHERE {where}",
                     args).fetchone()
    return None if row is None else (row[0], row[1], row[2], bool(row[3]))


def update_ballot(db: Database, round_id: int, ballot_id: str, marks: str, write_ins: str, spoiled: bool) -> None:
    """Replace a ballot's content (an amendment after the lock, or a keying fix)."""
    db.execute("UPDATE ballots SET marks = ?, write_ins = ?, spoiled = ? WHERE round_id = ? AND id = ?",
               [marks, write_ins, int(spoiled), round_id, ballot_id])


def delete_ballot(db: Database, round_id: int, ballot_id: str, pass_no: int = 1) -> None:
    """Remove one ballot."""
    db.execute(f"DELETE FROM {BALLOT_TABLES[pass_no]} WHERE round_id = ? AND id = ?", [round_id, ballot_id])


def delete_ballots(db: Database, round_id: int, pass_no: int) -> None:
    """Remove every ballot of a round from one pass (a check entry given up)."""
    db.execute(f"DELETE FROM {BALLOT_TABLES[pass_no]} WHERE round_id = ?", [round_id])


def ballot_rows(db: Database, round_id: int, pass_no: int = 1) -> Iterator[tuple[str, str, str, int]]:
    """(id, marks, write-ins JSON, spoiled) of a round's ballots in id order (a shuffle, not entry order)."""
    return db.execute(
        f"SELECT id, marks, write_ins, spoiled FROM {BALLOT_TABLES[pass_no]} WHERE round_id = ? ORDER BY id", [round_id]
    )


def ballot_count(db: Database, round_id: int, pass_no: int = 1) -> int:
    """How many ballots of a round are keyed in."""
    sql = f"SELECT count(*) FROM {BALLOT_TABLES[pass_no]} WHERE round_id = ?"
    return int(db.execute(sql, [round_id]).fetchone()[0])


def set_tallies(db: Database, round_id: int, rows: Iterable[tuple[str, bool, int, int, int, int]]) -> None:
    """Replace a round's tally sheets: (name, write_in, yes, no, abstain, void)."""
    db.execute("DELETE FROM tallies WHERE round_id = ?", [round_id])
    for name, write_in, yes, no, abstain, void in rows:
        db.execute(
            "INSERT INTO tallies (round_id, name, write_in, yes, no, abstain, void) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [round_id, name, int(write_in), yes, no, abstain, void],
        )


def tallies(db: Database, round_id: int) -> list[tuple[str, bool, int, int, int, int]]:
    """A round's tally sheets in entry order."""
    rows = db.execute(
        "SELECT name, write_in, yes, no, abstain, void FROM tallies WHERE round_id = ? ORDER BY id", [round_id]
    ).fetchall()
    return [(r[0], bool(r[1]), *r[2:]) for r in rows]


def set_results(db: Database, round_id: int, outcome: dict[str, Any]) -> None:
    """Store a counted round: the result document and one row per person."""
    db.execute("DELETE FROM results WHERE round_id = ?", [round_id])
    for p in outcome["results"]:
        db.execute(
            "INSERT INTO results (round_id, name, write_in, yes, no, abstain, void, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [round_id, p["name"], int(p["write_in"]), p["yes"], p["no"], p["abstain"], p["void"], p["status"]],
        )
    update_round(db, round_id, closed=1, outcome=json.dumps(outcome, ensure_ascii=False, sort_keys=True))


def results(db: Database, round_id: int) -> list[dict[str, Any]]:
    """Stored result rows of a round, by votes."""
    cur = db.execute(
        "SELECT name, write_in, yes, no, abstain, void, status FROM results WHERE round_id = ? ORDER BY yes DESC, id",
        [round_id],
    )
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]
