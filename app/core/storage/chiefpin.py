"""SQL of the chief scrutineer's PIN verifier and failed attempts (schema v6), kept out of the audit log."""
from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database


@dataclass(frozen=True)
class PinRecord:
    """The chief scrutineer's name and the PBKDF2 verifier of the PIN."""

    name: str
    salt: str
    pin_hash: str
    iterations: int


def pin(db: Database) -> PinRecord | None:
    """The stored verifier, or None when no PIN was set this way."""
    row = db.execute("SELECT name, salt, pin_hash, iterations FROM chief_pin WHERE id = 1").fetchone()
    return PinRecord(*row) if row else None


def set_pin(db: Database, record: PinRecord) -> None:
    """Store (or replace) the verifier."""
    db.execute("INSERT INTO chief_pin (id, name, salt, pin_hash, iterations) VALUES (1, ?, ?, ?, ?) "
               "ON CONFLICT(id) DO UPDATE SET name = excluded.name, salt = excluded.salt, "
               "pin_hash = excluded.pin_hash, iterations = excluded.iterations",
               [record.name, record.salt, record.pin_hash, record.iterations])


def attempts(db: Database) -> tuple[int, str | None]:
    """(wrong PINs since the last good one, when the last was typed)."""
    row = db.execute("SELECT failures, last_failure FROM chief_attempts WHERE id = 1").fetchone()
    return (int(row[0]), row[1]) if row else (0, None)


def set_attempts(db: Database, failures: int, last_failure: str | None) -> None:
    db.execute("INSERT INTO chief_attempts (id, failures, last_failure) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE "
               "SET failures = excluded.failures, last_failure = excluded.last_failure", [failures, last_failure])
