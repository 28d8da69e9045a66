"""Version 7: every election path (issue 14): restrictions as dated records, method settings, by-elections."""
from __future__ import annotations

from sqlite_utils import Database

from app.core.storage.migrations import set_version

NAME = "v7_scenarios"
AUDITED: tuple[str, ...] = ("restrictions", "scenario", "post_methods", "sitting_committee")

_DATE = "({c} IS NULL OR date({c}) IS {c})"

# R13.7: a member is full or probationary; 留党察看 and suspension are restrictions on a member, with dates.
_MEMBERS = """CREATE TABLE members (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
      status TEXT NOT NULL CHECK (status IN ('full','probationary')),
      sex TEXT CHECK (sex IS NULL OR sex IN ('男','女')),
      birth_date TEXT CHECK ({bd}),
      ethnicity TEXT,
      joined_date TEXT CHECK ({jd}),
      education TEXT,
      post TEXT,
      remarks TEXT
    ) STRICT""".format(bd=_DATE.format(c="birth_date"), jd=_DATE.format(c="joined_date"))

_COLS = "id, name, status, sex, birth_date, ethnicity, joined_date, education, post, remarks"

V7 = [
    f"""CREATE TABLE restrictions (
      id INTEGER PRIMARY KEY,
      member_id INTEGER NOT NULL UNIQUE REFERENCES members(id),
      kind TEXT NOT NULL CHECK (kind IN ('liudang_chakan','suspended')),
      from_date TEXT CHECK {_DATE.format(c='from_date')},
      until_date TEXT CHECK {_DATE.format(c='until_date')},
      CHECK (from_date IS NULL OR until_date IS NULL OR from_date <= until_date)
    ) STRICT""",
    "INSERT INTO restrictions (member_id, kind) SELECT id, status FROM members "
    "WHERE status IN ('liudang_chakan','suspended') ORDER BY id",
    # Rebuild members with the two statuses, same ids and rows. Foreign keys are deferred to the commit: the
    # drop leaves the other tables' rows without a parent until the rebuilt table gives them back the same ids.
    "PRAGMA defer_foreign_keys = ON",
    "CREATE TEMP TABLE members_v6 AS SELECT * FROM members",
    "DROP TABLE members",
    _MEMBERS,
    f"INSERT INTO members ({_COLS}) SELECT id, name, CASE status WHEN 'probationary' THEN 'probationary' "
    f"ELSE 'full' END, sex, birth_date, ethnicity, joined_date, education, post, remarks FROM members_v6 ORDER BY id",
    "DROP TABLE temp.members_v6",
    # What kind of election and how it is held (R13.2, R13.4, R13.8, R4.6, R1.1): one row.
    f"""CREATE TABLE scenario (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      election_kind TEXT NOT NULL DEFAULT 'general' CHECK (election_kind IN ('general','by_election')),
      direct_secretary INTEGER NOT NULL DEFAULT 0 CHECK (direct_secretary IN (0, 1)),
      direct_secretary_doc TEXT,
      term_shift_doc TEXT,
      term_shift_date TEXT CHECK {_DATE.format(c='term_shift_date')},
      revote_rule TEXT NOT NULL DEFAULT 'threshold' CHECK (revote_rule IN ('threshold','more_votes')),
      preliminary_base TEXT NOT NULL DEFAULT 'present' CHECK (preliminary_base IN ('present','expected')),
      single_candidate_doc TEXT
    ) STRICT""",
    # Per post: how many names a preliminary round advances (R13.1) and the approval of the printed order (R13.3).
    """CREATE TABLE post_methods (
      id INTEGER PRIMARY KEY REFERENCES posts(id),
      advance INTEGER CHECK (advance IS NULL OR advance >= 1),
      order_doc TEXT
    ) STRICT""",
    # The sitting committee during its term, on record for a by-election (R13.4).
    """CREATE TABLE sitting_committee (
      id INTEGER PRIMARY KEY,
      member_id INTEGER NOT NULL UNIQUE REFERENCES members(id),
      office TEXT NOT NULL CHECK (office IN ('secretary','deputy_secretary','committee_member'))
    ) STRICT""",
]


def apply(db: Database) -> None:
    """Restrictions out of the status column, the members table rebuilt with two statuses, the scenario tables."""
    has_v7 = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'restrictions'").fetchone() is not None
    if not has_v7:  # a working copy made while this version was built may have it already
        for statement in V7:
            db.execute(statement)
    set_version(db, 7)
