"""Schema v6: the chief scrutineer's PIN verifier and failed attempts in their own tables, never in the audit log."""
from __future__ import annotations

from sqlite_utils import Database

from app.core.storage.migrations import set_version

NAME = "v6_chief_pin"
# Both are audited like every table: the log holds each row's digest, which, salted, gives the PIN away to nobody.
AUDITED: tuple[str, ...] = ("chief_pin", "chief_attempts")

STATEMENTS = [
    """CREATE TABLE IF NOT EXISTS chief_pin (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      name TEXT NOT NULL CHECK (length(trim(name)) > 0),
      salt TEXT NOT NULL CHECK (length(salt) = 32),
      pin_hash TEXT NOT NULL CHECK (length(pin_hash) = 64),
      iterations INTEGER NOT NULL CHECK (iterations >= 100000)
    ) STRICT""",
    # Wrong PINs so far and when the last one was typed: the wait before the next attempt grows with them,
    # and a restarted app reads them back from the file.
    """CREATE TABLE IF NOT EXISTS chief_attempts (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      failures INTEGER NOT NULL CHECK (failures >= 0),
      last_failure TEXT
    ) STRICT""",
]


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
    set_version(db, 6)
