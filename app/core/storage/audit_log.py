"""SQL of the audit log: append and read entries, track the rows an action writes, digest rows."""
from __future__ import annotations

import hashlib
import json
import weakref
from dataclasses import dataclass
from typing import Any, Iterator

from sqlite_utils import Database

from app.core.hashchain import GENESIS, canonical
from app.core.storage.schema import AUDITED

# Tables whose inserts are reported by the code that writes them, not by a tracking trigger.
SELF_REPORTING = ("ballots", "check_ballots")


@dataclass(frozen=True)
class StoredEntry:
    """One audit_log row: the hashed content and the stored hash."""

    seq: int
    event: str
    at: str | None
    params: dict[str, Any]
    rows: dict[str, str | None]
    hash: str

    def content(self) -> dict[str, Any]:
        """What the hash covers (everything but the hash itself)."""
        return {"seq": self.seq, "event": self.event, "at": self.at, "params": self.params, "rows": self.rows}


def row_key(table: str, row_id: Any) -> str:
    """The name of a row in the log, e.g. "ballots/3fa9…" or "members/12"."""
    return f"{table}/{row_id}"


def digest_values(columns: tuple[str, ...], values: tuple[Any, ...]) -> str:
    """Digest of one row: SHA-256 (128 bits kept) over its canonical column -> value JSON."""
    return hashlib.sha256(canonical(dict(zip(columns, values)))).hexdigest()[:32]


_COLUMNS: dict[tuple[int, str], tuple[str, ...]] = {}


def columns(db: Database, table: str) -> tuple[str, ...]:
    """Column names of a table in declared order (cached per connection)."""
    key = (id(db.conn), table)
    if key not in _COLUMNS:
        _COLUMNS[key] = tuple(r[1] for r in db.execute(f"PRAGMA table_info({table})").fetchall())
    return _COLUMNS[key]


def forget_columns() -> None:
    """Drop cached column lists (after a migration changed tables)."""
    _COLUMNS.clear()


def all_digests(db: Database, table: str) -> Iterator[tuple[str, str]]:
    """(row key, digest) for every row of an audited table."""
    cols = columns(db, table)
    for row in db.execute(f"SELECT * FROM {table}"):
        yield row_key(table, row[0]), digest_values(cols, tuple(row))


def logged_schema(db: Database) -> int | None:
    """The schema version the log last recorded (file created or migrated), or None if it names none."""
    row = db.execute("SELECT params FROM audit_log WHERE event IN ('file_created', 'schema_migrated') "
                     "ORDER BY seq DESC LIMIT 1").fetchone()
    schema = json.loads(row[0]).get("schema") if row else None
    return schema if isinstance(schema, int) else None


def install_tracking(db: Database) -> None:
    """Temporary triggers (this connection only, never in the file) digesting every row written.

    Each trigger hands the written row's values to a Python function, so no row is read back and a
    ballot needs no lookup by id. The last write of a row in an action wins; a deleted row's digest is
    None. STRICT keeps `key` as given: with NUMERIC affinity a hex ballot id like "18e1027033678662"
    became inf.
    """
    cols = {table: tuple(r[1] for r in db.execute(f"PRAGMA table_info({table})")) for table in AUDITED}
    tracker = _TRACKERS.setdefault(db, _Tracker())

    def digest(table: str, *values: Any) -> str | None:
        tracker.dirty = True
        return digest_values(cols[table], values) if values else None

    db.conn.create_function("_vd_digest", -1, digest)
    db.execute("PRAGMA temp_store = MEMORY")  # the list of touched rows never needs a file
    db.execute("CREATE TEMP TABLE IF NOT EXISTS _touched (tbl TEXT NOT NULL, key ANY NOT NULL, digest TEXT, "
               "PRIMARY KEY (tbl, key)) STRICT")
    for table in AUDITED:
        new = ", ".join(f"NEW.{c}" for c in cols[table])
        # A keyed ballot is the one write done thousands of times in an evening: storage.ballots.add_ballot
        # returns its digest itself, which halves the CPU time of a durable save (bench/bench_storage.py).
        skip = {"insert"} if table in SELF_REPORTING else set()
        # Delete, then insert: a trigger's own OR REPLACE would give way to the firing statement's conflict
        # policy (an upsert's DO UPDATE, an OR IGNORE), which fails or keeps a stale digest on a second write.
        drop = f"DELETE FROM _touched WHERE tbl = '{table}' AND key = "
        put = f"INSERT INTO _touched VALUES ('{table}', "
        bodies = {
            "insert": f"{drop}NEW.id; {put}NEW.id, _vd_digest('{table}', {new}));",
            "update": f"{drop}OLD.id; {drop}NEW.id; INSERT INTO _touched SELECT '{table}', OLD.id, _vd_digest('{table}') "
                      f"WHERE OLD.id IS NOT NEW.id; {put}NEW.id, _vd_digest('{table}', {new}));",
            "delete": f"{drop}OLD.id; {put}OLD.id, _vd_digest('{table}'));",
        }
        for op, body in bodies.items():
            if op in skip:
                continue
            db.execute(f"CREATE TEMP TRIGGER IF NOT EXISTS _track_{table}_{op} AFTER {op.upper()} ON main.{table} "
                       f"BEGIN {body} END")


class _Tracker:
    """Whether a tracking trigger fired since the list was last taken (a keyed ballot fires none)."""

    dirty = True


_TRACKERS: "weakref.WeakKeyDictionary[Database, _Tracker]" = weakref.WeakKeyDictionary()


def take_touched(db: Database) -> dict[str, str | None]:
    """Digests of the rows written since the last call (None for a deleted row); clears the list."""
    tracker = _TRACKERS.get(db)
    if tracker is not None and not tracker.dirty:
        return {}  # no trigger ran: skip the statement (the ballot-keying hot path)
    found = {row_key(t, k): d for t, k, d in db.conn.execute("DELETE FROM temp._touched RETURNING tbl, key, digest")}
    if tracker is not None:
        tracker.dirty = False
    return found


def last_hash(db: Database) -> tuple[int, str]:
    """(seq, hash) of the newest entry, or (0, GENESIS) for an empty log."""
    row = db.conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def append(db: Database, seq: int, event: str, at: str | None, params: str, rows: str, digest: str) -> None:
    """Insert one entry (params and rows already canonical JSON)."""
    db.conn.execute(
        "INSERT INTO audit_log (seq, event, at, params, rows, hash) VALUES (?, ?, ?, ?, ?, ?)",
        [seq, event, at, params, rows, digest],
    )


def entries(db: Database) -> Iterator[StoredEntry]:
    """Every entry in log order."""
    for seq, event, at, params, rows, digest in db.execute(
        "SELECT seq, event, at, params, rows, hash FROM audit_log ORDER BY seq"
    ):
        yield StoredEntry(seq, event, at, json.loads(params), json.loads(rows), digest)


def recent_ballot_keys(db: Database, round_id: int, limit: int = 200, *, event: str = "ballot_recorded",
                       table: str = "ballots") -> Iterator[str]:
    """Ballot row keys of a round's newest ``event`` entries, newest first (for undo).

    :param event: "ballot_recorded" (the record) or "check_ballot_recorded" (double entry)
    :param table: the table whose row keys are wanted ("ballots" or "check_ballots")
    """
    params = canonical({"round": round_id}).decode()
    for (rows,) in db.execute(
        "SELECT rows FROM audit_log WHERE event = ? AND params = ? ORDER BY seq DESC LIMIT ?",
        [event, params, limit],
    ):
        yield from (k for k in json.loads(rows) if k.startswith(table + "/"))


def latest_entry(db: Database) -> StoredEntry | None:
    """The newest entry of the log, or None for an empty log."""
    row = db.execute("SELECT seq, event, at, params, rows, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return StoredEntry(row[0], row[1], row[2], json.loads(row[3]), json.loads(row[4]), row[5]) if row else None


def latest_params(db: Database, event: str) -> dict[str, Any] | None:
    """The parameters of the most recent entry of one event, or None."""
    row = db.execute("SELECT params FROM audit_log WHERE event = ? ORDER BY seq DESC LIMIT 1", [event]).fetchone()
    return json.loads(row[0]) if row else None
