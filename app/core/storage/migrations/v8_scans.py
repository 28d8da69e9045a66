"""Version 8: reading printed ballots from scans (issue 17): each round's ballot layout and the pages read."""
from __future__ import annotations

from sqlite_utils import Database

from app.core.storage.migrations import set_version

NAME = "v8_scans"
AUDITED: tuple[str, ...] = ("scan_layouts", "scan_pages")

V8 = [
    # The geometry of a round's ballot (mark boxes, write-in rows, alignment marks, the round's code), as printed.
    """CREATE TABLE scan_layouts (
      id INTEGER PRIMARY KEY,
      round_id INTEGER NOT NULL UNIQUE REFERENCES rounds(id),
      code INTEGER NOT NULL CHECK (code > 0),
      layout TEXT NOT NULL CHECK (json_valid(layout))
    ) STRICT""",
    # One scanned page: what was read, what a person decided, and where it went. No voter, no time (R4.8);
    # the image itself stays in the operator's folder (path) until the round is closed, then only its hash.
    """CREATE TABLE scan_pages (
      id INTEGER PRIMARY KEY,
      round_id INTEGER NOT NULL REFERENCES rounds(id),
      name TEXT NOT NULL,
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      state TEXT NOT NULL CHECK (state IN ('review','check','saved','refused')),
      reason TEXT,
      read TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(read)),
      decided TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(decided)),
      sampled INTEGER NOT NULL DEFAULT 0 CHECK (sampled IN (0, 1)),
      ballot_id TEXT,
      path TEXT
    ) STRICT""",
    "CREATE INDEX scan_pages_round ON scan_pages (round_id, sha256)",
]


def apply(db: Database) -> None:
    """Add the scan tables."""
    for statement in V8:
        db.execute(statement)
    set_version(db, 8)
