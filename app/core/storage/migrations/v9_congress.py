"""Schema v9: the delegate congress (units, delegates, review, preparatory meeting) and parallel counting stations."""
from __future__ import annotations

from sqlite_utils import Database

from app.core.storage.migrations import set_version

NAME = "v9_congress"
_DATE = "({c} IS NULL OR date({c}) IS {c})"

# Counting stations (R13.9, R10.1). The main station splits a round's returned ballots into named boxes and
# issues one kit per teller group; a kit's public key is what a partial count must be signed with. An
# imported partial keeps its payload only until the round is counted from the union (then NULL: no station
# trace stays beside the round's ballots, R4.8). partial_boxes.box_id is UNIQUE: a box is counted once.
# station_self is the station side: a station file holds its one kit (and the key that came with it).
# Electoral units, their delegates (from the units' signed packages), the qualification review, the
# preparatory meeting's agenda and presidium, and the presidium's decisions (R13.9, R1.3, R9.4).
STATEMENTS = [
    """CREATE TABLE ballot_boxes (
      id INTEGER PRIMARY KEY,
      round_id INTEGER NOT NULL REFERENCES rounds(id),
      name TEXT NOT NULL CHECK (length(trim(name)) > 0),
      ballots INTEGER NOT NULL CHECK (ballots >= 0),
      UNIQUE (round_id, name)
    ) STRICT""",
    """CREATE TABLE station_kits (
      id INTEGER PRIMARY KEY,
      round_id INTEGER NOT NULL REFERENCES rounds(id),
      kit_id TEXT NOT NULL UNIQUE CHECK (length(kit_id) = 32),
      station TEXT NOT NULL CHECK (length(trim(station)) > 0),
      boxes TEXT NOT NULL CHECK (json_valid(boxes)),
      public_key TEXT NOT NULL CHECK (length(public_key) = 64),
      issued_at TEXT
    ) STRICT""",
    """CREATE TABLE station_partials (
      id INTEGER PRIMARY KEY,
      kit_id TEXT NOT NULL UNIQUE REFERENCES station_kits(kit_id),
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      tellers TEXT NOT NULL CHECK (json_valid(tellers)),
      ballots INTEGER NOT NULL CHECK (ballots >= 0),
      payload TEXT CHECK (payload IS NULL OR json_valid(payload)),
      imported_at TEXT
    ) STRICT""",
    """CREATE TABLE partial_boxes (
      id INTEGER PRIMARY KEY,
      partial_id INTEGER NOT NULL REFERENCES station_partials(id),
      box_id INTEGER NOT NULL UNIQUE REFERENCES ballot_boxes(id)
    ) STRICT""",
    """CREATE TABLE station_self (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      kit TEXT NOT NULL CHECK (json_valid(kit)),
      private_key TEXT NOT NULL CHECK (length(private_key) = 64),
      exported_sha256 TEXT
    ) STRICT""",
    """CREATE TABLE units (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
      seats INTEGER NOT NULL CHECK (seats >= 1)
    ) STRICT""",
    f"""CREATE TABLE unit_reports (
      id INTEGER PRIMARY KEY,
      unit_id INTEGER NOT NULL UNIQUE REFERENCES units(id),
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      signer TEXT NOT NULL,
      held_on TEXT CHECK {_DATE.format(c='held_on')}
    ) STRICT""",
    f"""CREATE TABLE delegates (
      id INTEGER PRIMARY KEY,
      unit_id INTEGER NOT NULL REFERENCES units(id),
      name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
      votes INTEGER NOT NULL CHECK (votes >= 0),
      sex TEXT, birth_date TEXT CHECK {_DATE.format(c='birth_date')}, post TEXT
    ) STRICT""",
    """CREATE TABLE qualification (
      id INTEGER PRIMARY KEY,
      delegate_id INTEGER NOT NULL UNIQUE REFERENCES delegates(id),
      qualified INTEGER NOT NULL CHECK (qualified IN (0, 1)),
      note TEXT,
      reviewed_on TEXT NOT NULL CHECK (date(reviewed_on) IS reviewed_on)
    ) STRICT""",
    """CREATE TABLE preparatory (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      held_on TEXT NOT NULL CHECK (date(held_on) IS held_on),
      present INTEGER NOT NULL CHECK (present >= 0),
      agenda_votes INTEGER NOT NULL CHECK (agenda_votes >= 0),
      presidium_votes INTEGER NOT NULL CHECK (presidium_votes >= 0),
      secretary_general TEXT NOT NULL CHECK (length(trim(secretary_general)) > 0),
      review_report_votes INTEGER CHECK (review_report_votes IS NULL OR review_report_votes >= 0)
    ) STRICT""",
    """CREATE TABLE agenda_items (
      id INTEGER PRIMARY KEY,
      position INTEGER NOT NULL UNIQUE CHECK (position >= 1),
      item TEXT NOT NULL CHECK (length(trim(item)) > 0)
    ) STRICT""",
    """CREATE TABLE presidium (
      id INTEGER PRIMARY KEY,
      delegate_id INTEGER NOT NULL UNIQUE REFERENCES delegates(id),
      position INTEGER NOT NULL UNIQUE CHECK (position >= 1)
    ) STRICT""",
    """CREATE TABLE presidium_decisions (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('seat_reduction','other')),
      post_id INTEGER REFERENCES posts(id),
      text TEXT NOT NULL CHECK (length(trim(text)) > 0),
      votes_for INTEGER NOT NULL CHECK (votes_for >= 0),
      members INTEGER NOT NULL CHECK (members >= 1),
      decided_on TEXT NOT NULL CHECK (date(decided_on) IS decided_on)
    ) STRICT""",
]
AUDITED: tuple[str, ...] = ("ballot_boxes", "station_kits", "station_partials", "partial_boxes", "station_self",
                            "units", "unit_reports", "delegates", "qualification", "preparatory", "agenda_items",
                            "presidium", "presidium_decisions")


def apply(db: Database) -> None:
    """Create the congress and counting-station tables."""
    for statement in STATEMENTS:
        db.execute(statement)
    set_version(db, 9)
