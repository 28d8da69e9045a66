"""The one place the election file's schema lives: STRICT tables, CHECK constraints, migrations."""
from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

# "VDSK" as a big-endian int: PRAGMA application_id marks a file as ours (sqlite.org/fileformat).
APPLICATION_ID = 0x5644534B
# Versions a shipped build wrote (each has a fixture in tests/fixtures); HEAD, set at the end of this
# module, is what this build writes (PRAGMA user_version).
RELEASED = (1, 2, 3, 4, 5, 9)

_DATE = "({c} IS NULL OR date({c}) IS {c})"  # ISO yyyy-mm-dd or empty
_BOOL = "{c} IN (0, 1)"


def _d(col: str) -> str:
    return _DATE.format(c=col)


def _b(col: str) -> str:
    return _BOOL.format(c=col)


OFFICES = "('committee_member','delegate','secretary','deputy_secretary','standing_committee','discipline_committee_member')"
STATUSES = "('full','probationary','liudang_chakan','suspended')"

# One person's counts in a round: the tally sheets entered and the results the engine decided share them.
_COUNT_COLUMNS = """      id INTEGER PRIMARY KEY,
      round_id INTEGER NOT NULL REFERENCES rounds(id),
      name TEXT NOT NULL,
      write_in INTEGER NOT NULL CHECK (write_in IN (0, 1)),
      yes INTEGER NOT NULL CHECK (yes >= 0),
      no INTEGER NOT NULL CHECK (no >= 0),
      abstain INTEGER NOT NULL CHECK (abstain >= 0),
      void INTEGER NOT NULL CHECK (void >= 0),
"""


_BALLOT_COLUMNS = """      round_id INTEGER NOT NULL REFERENCES rounds(id),
      marks TEXT NOT NULL CHECK (marks NOT GLOB '*[^ynau]*'),
      write_ins TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(write_ins)),
      spoiled INTEGER NOT NULL DEFAULT 0 CHECK (spoiled IN (0, 1))"""


def _ballot_table(name: str) -> list[str]:
    """A table of keyed ballots and its index, as released in v1 (ballots) and v2 (check_ballots)."""
    # Secret ballot (R4.8): random id, no voter, no time; WITHOUT ROWID so storage order is id order,
    # not entry order. marks: one letter per printed name in ballot order (y/n/a/u).
    return [
        f"""CREATE TABLE {name} (
      id TEXT PRIMARY KEY CHECK (length(id) = 16),
{_BALLOT_COLUMNS}
    ) STRICT, WITHOUT ROWID""",
        f"CREATE INDEX {name}_round ON {name} (round_id)",
    ]


# Version 1. Every table has an `id` key so the audit log can name and digest any row.
V1 = [
    """CREATE TABLE organization (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      name TEXT NOT NULL CHECK (length(name) > 0),
      kind TEXT NOT NULL CHECK (kind IN ('party_committee','general_branch','branch','branch_no_committee')),
      level TEXT,
      higher_org TEXT
    ) STRICT""",
    f"""CREATE TABLE election (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      body TEXT NOT NULL CHECK (body IN ('member_assembly','delegate_congress')),
      term_years INTEGER CHECK (term_years IS NULL OR term_years BETWEEN 1 AND 10),
      meeting_date TEXT CHECK {_d('meeting_date')},
      place TEXT,
      request_doc TEXT, request_date TEXT CHECK {_d('request_date')},
      reply_doc TEXT, reply_date TEXT CHECK {_d('reply_date')},
      rehearsal INTEGER NOT NULL DEFAULT 0 CHECK ({_b('rehearsal')}),
      official INTEGER NOT NULL DEFAULT 0 CHECK ({_b('official')}),
      official_by TEXT
    ) STRICT""",
    f"""CREATE TABLE posts (
      id INTEGER PRIMARY KEY,
      committee TEXT NOT NULL DEFAULT 'party' CHECK (committee IN ('party','discipline')),
      office TEXT NOT NULL CHECK (office IN {OFFICES}),
      seats INTEGER NOT NULL CHECK (seats >= 1),
      competitive INTEGER NOT NULL CHECK ({_b('competitive')}),
      UNIQUE (committee, office)
    ) STRICT""",
    f"""CREATE TABLE members (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
      status TEXT NOT NULL CHECK (status IN {STATUSES}),
      sex TEXT CHECK (sex IS NULL OR sex IN ('男','女')),
      birth_date TEXT CHECK {_d('birth_date')},
      ethnicity TEXT,
      joined_date TEXT CHECK {_d('joined_date')},
      education TEXT,
      post TEXT,
      remarks TEXT
    ) STRICT""",
    f"""CREATE TABLE exclusions (
      id INTEGER PRIMARY KEY,
      member_id INTEGER NOT NULL UNIQUE REFERENCES members(id),
      reason TEXT NOT NULL CHECK (length(reason) > 0),
      detail TEXT,
      consent_doc TEXT, consent_date TEXT CHECK {_d('consent_date')},
      assembly_date TEXT CHECK {_d('assembly_date')}
    ) STRICT""",
    """CREATE TABLE nominations (
      id INTEGER PRIMARY KEY,
      post_id INTEGER NOT NULL REFERENCES posts(id),
      member_id INTEGER NOT NULL REFERENCES members(id),
      source TEXT NOT NULL CHECK (length(source) > 0),
      count INTEGER NOT NULL CHECK (count >= 0),
      UNIQUE (post_id, member_id, source)
    ) STRICT""",
    f"""CREATE TABLE vetting (
      id INTEGER PRIMARY KEY,
      member_id INTEGER NOT NULL REFERENCES members(id),
      files_reviewed INTEGER NOT NULL CHECK ({_b('files_reviewed')}),
      talks INTEGER NOT NULL CHECK (talks >= 0),
      appraisal_total INTEGER NOT NULL CHECK (appraisal_total >= 0),
      appraisal_good INTEGER NOT NULL CHECK (appraisal_good >= 0),
      appraisal_fair INTEGER NOT NULL CHECK (appraisal_fair >= 0),
      appraisal_poor INTEGER NOT NULL CHECK (appraisal_poor >= 0),
      discipline_opinion TEXT NOT NULL,
      pledge_signed INTEGER NOT NULL CHECK ({_b('pledge_signed')}),
      conclusion TEXT NOT NULL CHECK (conclusion IN ('pass','fail')),
      vetted_by TEXT NOT NULL CHECK (length(vetted_by) > 0),
      vetted_on TEXT NOT NULL CHECK (date(vetted_on) IS vetted_on),
      CHECK (appraisal_good + appraisal_fair + appraisal_poor <= appraisal_total)
    ) STRICT""",
    """CREATE TABLE candidates (
      id INTEGER PRIMARY KEY,
      post_id INTEGER NOT NULL REFERENCES posts(id),
      member_id INTEGER NOT NULL REFERENCES members(id),
      position INTEGER NOT NULL CHECK (position >= 1),
      UNIQUE (post_id, member_id), UNIQUE (post_id, position)
    ) STRICT""",
    f"""CREATE TABLE candidate_lists (
      id INTEGER PRIMARY KEY REFERENCES posts(id),
      approval_doc TEXT NOT NULL CHECK (length(approval_doc) > 0),
      approval_date TEXT NOT NULL CHECK (date(approval_date) IS approval_date),
      notice_from TEXT CHECK {_d('notice_from')},
      notice_to TEXT CHECK {_d('notice_to')}
    ) STRICT""",
    f"""CREATE TABLE meetings (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('assembly','plenary')),
      committee TEXT NOT NULL DEFAULT 'party' CHECK (committee IN ('party','discipline')),
      held_on TEXT CHECK {_d('held_on')},
      place TEXT,
      method_text TEXT,
      method_votes_for INTEGER CHECK (method_votes_for IS NULL OR method_votes_for >= 0),
      write_in_needs_mark INTEGER NOT NULL DEFAULT 1 CHECK ({_b('write_in_needs_mark')})
    ) STRICT""",
    f"""CREATE TABLE attendance (
      id INTEGER PRIMARY KEY,
      meeting_id INTEGER NOT NULL REFERENCES meetings(id),
      member_id INTEGER NOT NULL REFERENCES members(id),
      present INTEGER NOT NULL CHECK ({_b('present')}),
      UNIQUE (meeting_id, member_id)
    ) STRICT""",
    f"""CREATE TABLE scrutineers (
      id INTEGER PRIMARY KEY,
      meeting_id INTEGER NOT NULL REFERENCES meetings(id),
      member_id INTEGER NOT NULL REFERENCES members(id),
      role TEXT NOT NULL CHECK (role IN ('chief_scrutineer','scrutineer','teller')),
      approved INTEGER NOT NULL CHECK ({_b('approved')}),
      UNIQUE (meeting_id, member_id)
    ) STRICT""",
    # A round snapshots E and P when its ballots are issued (R3.2); `outcome` is the engine's result document.
    f"""CREATE TABLE rounds (
      id INTEGER PRIMARY KEY,
      post_id INTEGER NOT NULL REFERENCES posts(id),
      meeting_id INTEGER NOT NULL REFERENCES meetings(id),
      kind TEXT NOT NULL CHECK (kind IN ('formal','preliminary','tie_revote','additional')),
      parent_id INTEGER REFERENCES rounds(id),
      seats INTEGER NOT NULL CHECK (seats >= 1),
      mode TEXT NOT NULL DEFAULT 'ballots' CHECK (mode IN ('ballots','tallies')),
      expected INTEGER CHECK (expected IS NULL OR expected >= 0),
      present INTEGER CHECK (present IS NULL OR present >= 0),
      issued INTEGER CHECK (issued IS NULL OR issued >= 0),
      returned INTEGER CHECK (returned IS NULL OR returned >= 0),
      invalid_tallied INTEGER CHECK (invalid_tallied IS NULL OR invalid_tallied >= 0),
      closed INTEGER NOT NULL DEFAULT 0 CHECK ({_b('closed')}),
      outcome TEXT CHECK (outcome IS NULL OR json_valid(outcome))
    ) STRICT""",
    """CREATE TABLE round_candidates (
      id INTEGER PRIMARY KEY,
      round_id INTEGER NOT NULL REFERENCES rounds(id),
      position INTEGER NOT NULL CHECK (position >= 1),
      member_id INTEGER NOT NULL REFERENCES members(id),
      name TEXT NOT NULL,
      UNIQUE (round_id, position), UNIQUE (round_id, member_id)
    ) STRICT""",
    *_ballot_table("ballots"),
    f"""CREATE TABLE tallies (
{_COUNT_COLUMNS}      UNIQUE (round_id, name)
    ) STRICT""",
    f"""CREATE TABLE results (
{_COUNT_COLUMNS}      status TEXT NOT NULL CHECK (status IN ('elected','tie_revote','not_elected','ineligible')),
      UNIQUE (round_id, name)
    ) STRICT""",
    """CREATE TABLE seat_reductions (
      id INTEGER PRIMARY KEY,
      post_id INTEGER NOT NULL REFERENCES posts(id),
      round_id INTEGER NOT NULL REFERENCES rounds(id),
      seats_before INTEGER NOT NULL CHECK (seats_before >= 1),
      seats_after INTEGER NOT NULL CHECK (seats_after >= 0 AND seats_after < seats_before),
      consent_yes INTEGER NOT NULL CHECK (consent_yes >= 0),
      electors INTEGER NOT NULL CHECK (electors >= 1),
      decided_on TEXT NOT NULL CHECK (date(decided_on) IS decided_on),
      CHECK (2 * consent_yes > electors)
    ) STRICT""",
    """CREATE TABLE incidents (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('canvassing','bribery','clan_interference','threat','ballot_fraud',
        'disruption','false_accusation','retaliation','irregular_transfer','other')),
      reported_by TEXT NOT NULL CHECK (length(reported_by) > 0),
      reported_on TEXT NOT NULL CHECK (date(reported_on) IS reported_on),
      description TEXT NOT NULL,
      action TEXT,
      outcome TEXT
    ) STRICT""",
    """CREATE TABLE amendments (
      id INTEGER PRIMARY KEY,
      target TEXT NOT NULL CHECK (length(target) > 0),
      reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
      approved_by TEXT NOT NULL CHECK (length(trim(approved_by)) > 0),
      before TEXT NOT NULL CHECK (json_valid(before)),
      after TEXT NOT NULL CHECK (json_valid(after))
    ) STRICT""",
    f"""CREATE TABLE replies (
      id INTEGER PRIMARY KEY,
      subject TEXT NOT NULL CHECK (subject IN ('hold_election','exclusions','candidates','secretary','results','other')),
      doc_no TEXT NOT NULL CHECK (length(doc_no) > 0),
      dated TEXT NOT NULL CHECK (date(dated) IS dated),
      approved INTEGER NOT NULL CHECK ({_b('approved')}),
      note TEXT
    ) STRICT""",
    # Append-only, hash-chained (app/core/audit.py). `rows` maps "table/id" to the row digest written.
    """CREATE TABLE audit_log (
      seq INTEGER PRIMARY KEY CHECK (seq >= 1),
      event TEXT NOT NULL,
      at TEXT,
      params TEXT NOT NULL CHECK (json_valid(params)),
      rows TEXT NOT NULL CHECK (json_valid(rows)),
      hash TEXT NOT NULL CHECK (length(hash) = 64)
    ) STRICT""",
]

# Tables whose rows the audit log digests (every table the app writes, except the log itself).
AUDITED = (
    "organization", "election", "posts", "members", "exclusions", "nominations", "vetting", "candidates",
    "candidate_lists", "meetings", "attendance", "scrutineers", "rounds", "round_candidates", "ballots",
    "tallies", "results", "seat_reductions", "incidents", "amendments", "replies", "check_ballots", "papers",
    "duties",
)

MIGRATIONS = Migrations("votedesk")


@MIGRATIONS(name="v1_initial")
def v1_initial(db: Database) -> None:
    """The first released schema."""
    for statement in V1:
        db.execute(statement)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")


# Version 2: double entry. A second teller keys the same paper ballots into check_ballots, kept
# apart from `ballots` so every count, report and recount reads only the record; same secrecy
# (random id, no voter, no time: R4.8). `rounds.double_entry` says the round must be checked.
V2 = [
    *_ballot_table("check_ballots"),
    f"ALTER TABLE rounds ADD COLUMN double_entry INTEGER NOT NULL DEFAULT 0 CHECK ({_b('double_entry')})",
]


@MIGRATIONS(name="v2_double_entry")
def v2_double_entry(db: Database) -> None:
    """Double entry: the check_ballots table and the rounds.double_entry flag."""
    for statement in V2:
        db.execute(statement)
    db.execute("PRAGMA user_version = 2")


# Version 3: ballots keyed by (round, id). Saving a ballot then writes one table page instead of a
# page plus an index page (each durable save syncs fewer pages), and a round's ballots are one key
# range. Same columns and values, so every row digest in the audit log stays valid.
def _ballot_table_v3(name: str) -> list[str]:
    """Rebuild a ballot table keyed (round_id, id) without the separate round index."""
    return [
        f"""CREATE TABLE {name}_v3 (
      id TEXT NOT NULL CHECK (length(id) = 16),
{_BALLOT_COLUMNS},
      PRIMARY KEY (round_id, id)
    ) STRICT, WITHOUT ROWID""",
        f"INSERT INTO {name}_v3 (id, round_id, marks, write_ins, spoiled) "
        f"SELECT id, round_id, marks, write_ins, spoiled FROM {name}",
        f"DROP TABLE {name}",
        f"ALTER TABLE {name}_v3 RENAME TO {name}",
    ]


V3 = [*_ballot_table_v3("ballots"), *_ballot_table_v3("check_ballots")]


@MIGRATIONS(name="v3_ballots_by_round")
def v3_ballots_by_round(db: Database) -> None:
    """Ballot tables keyed (round_id, id): one page per durable ballot save."""
    for statement in V3:
        db.execute(statement)
    db.execute("PRAGMA user_version = 3")


# Version 4: the facts official papers print. Each issued paper (请示, 报告) has its own number (发文字号)
# and date (成文日期), entered or confirmed by the operator when issued; the request asks for the date
# the outgoing committee was elected instead of deriving it from the meeting date.
PAPER_KINDS = "('election_request','candidate_request','result_report','officer_request')"
V4 = [
    f"ALTER TABLE election ADD COLUMN term_started TEXT CHECK {_d('term_started')}",
    "ALTER TABLE replies ADD COLUMN title TEXT",  # cited as 《title》（number）
    f"""CREATE TABLE papers (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL UNIQUE CHECK (kind IN {PAPER_KINDS}),
      doc_no TEXT NOT NULL CHECK (length(trim(doc_no)) > 0),
      dated TEXT NOT NULL CHECK (date(dated) IS dated),
      contact TEXT,
      phone TEXT
    ) STRICT""",
]


@MIGRATIONS(name="v4_papers")
def v4_papers(db: Database) -> None:
    """Issued papers (number, date, contact), reply titles and the outgoing committee's election date."""
    for statement in V4:
        db.execute(statement)
    db.execute("PRAGMA user_version = 4")


# Version 5: what the result report says besides the votes: the outgoing committee's work report the assembly
# heard (its title) and the division of duties the first plenary agreed (组织委员, 宣传委员, 纪检委员 …).
V5 = [
    "ALTER TABLE election ADD COLUMN work_report TEXT",
    """CREATE TABLE duties (
      id INTEGER PRIMARY KEY,
      member_id INTEGER NOT NULL UNIQUE REFERENCES members(id),
      duty TEXT NOT NULL CHECK (length(trim(duty)) > 0)
    ) STRICT""",
]


@MIGRATIONS(name="v5_duties")
def v5_duties(db: Database) -> None:
    """The work report heard and the division of duties."""
    # A working copy made while these sat in v4 (never released) already has them.
    has_report = any(r[1] == "work_report" for r in db.execute("PRAGMA table_info(election)"))
    has_duties = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'duties'").fetchone() is not None
    for statement, present in zip(V5, (has_report, has_duties)):
        if not present:
            db.execute(statement)
    db.execute("PRAGMA user_version = 5")


def version_of(name: str) -> int:
    """The schema version a migration name brings the file to ("v3_…" -> 3)."""
    return int(name.split("_", 1)[0][1:])


# Versions after 5 live one per module in app/core/storage/migrations.
from app.core.storage.migrations import LATER  # noqa: E402 - they extend what is defined above

for _later in LATER:
    MIGRATIONS(name=_later.NAME)(_later.apply)
AUDITED = AUDITED + tuple(t for _later in LATER for t in _later.AUDITED)
HEAD = max([5, *(version_of(m.NAME) for m in LATER)])
