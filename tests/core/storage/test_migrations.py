"""Every released schema fixture upgrades to head; an older file is copied aside before migrating."""
from __future__ import annotations

import json
import sqlite3
import shutil
from pathlib import Path

import pytest
from sqlite_utils.migrations import Migrations

from app.core import audit
from app.core.storage import database, schema
from app.core.workflow import Election, counting

FIXTURES = sorted((Path(__file__).resolve().parents[2] / "fixtures").glob("schema-v*.votedesk"))


def test_a_fixture_exists_for_every_released_version():
    versions = {int(p.stem.split("-v")[1]) for p in FIXTURES}
    assert versions == set(schema.RELEASED) and max(schema.RELEASED) <= schema.HEAD


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_fixture_opens_at_head_and_verifies(fixture, tmp_path):
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    e = Election.open(path)
    assert database.schema_version(e.db) == schema.HEAD
    assert e.verify_audit().ok
    assert len(e.members()) >= 40
    # the fixture waits at the counting step: the round can be keyed and closed with the current code
    rid = e.rounds()[0].id
    names = e.printed_names(rid)
    for i in range(36):
        assert e.record_ballot(rid, {names[i % len(names)]: "yes", names[(i + 1) % len(names)]: "yes"}).ok
    assert e.close_round(rid).ok and e.verify_audit().ok


NEXT = schema.HEAD + 1


def _released_migrations() -> Migrations:
    """A fresh set holding every released migration, to add a synthetic next one to."""
    migrations = Migrations("votedesk")
    for m in schema.MIGRATIONS._migrations:  # noqa: SLF001 - sqlite-utils has no public list
        migrations(name=m.name)(m.fn)
    return migrations


@pytest.fixture
def next_release(monkeypatch):
    """A synthetic next release: head is HEAD + 1, adding a column to members."""
    migrations = _released_migrations()

    @migrations(name=f"v{NEXT}_member_phone")
    def member_phone(db):
        db.execute("ALTER TABLE members ADD COLUMN phone TEXT")
        db.execute(f"PRAGMA user_version = {NEXT}")

    monkeypatch.setattr(schema, "MIGRATIONS", migrations)
    monkeypatch.setattr(schema, "HEAD", NEXT)


def test_older_schema_is_copied_aside_then_migrated(next_release, tmp_path):
    path = tmp_path / "old.votedesk"
    shutil.copyfile(FIXTURES[0], path)
    original = path.read_bytes()
    e = Election.open(path)
    backups = list(tmp_path.glob("old.votedesk.v1.bak*"))
    assert len(backups) == 1 and backups[0].read_bytes() == original
    assert database.schema_version(e.db) == NEXT
    assert "phone" in {r[1] for r in e.db.execute("PRAGMA table_info(members)")}
    assert audit.entries(e.db)[-1].event == "schema_migrated"
    assert e.verify_audit().ok
    e.close()
    again = Election.open(path)  # already at head: no second copy, no second migration entry
    assert len(list(tmp_path.glob("old.votedesk.v1.bak*"))) == 1
    assert [x.event for x in audit.entries(again.db)].count("schema_migrated") == 1


def test_failed_migration_changes_nothing_but_keeps_the_copy(monkeypatch, tmp_path):
    migrations = _released_migrations()

    @migrations(name=f"v{NEXT}_broken")
    def broken(db):
        db.execute("ALTER TABLE members ADD COLUMN phone TEXT")
        db.execute("SELECT * FROM no_such_table")

    monkeypatch.setattr(schema, "MIGRATIONS", migrations)
    monkeypatch.setattr(schema, "HEAD", NEXT)
    path = tmp_path / "old.votedesk"
    shutil.copyfile(FIXTURES[-1], path)
    with pytest.raises(Exception):
        Election.open(path)
    monkeypatch.undo()
    e = Election.open(path)
    assert database.schema_version(e.db) == schema.HEAD
    assert "phone" not in {r[1] for r in e.db.execute("PRAGMA table_info(members)")}
    assert e.verify_audit().ok


def test_version_1_gains_the_double_entry_table_and_flag(tmp_path):
    path = tmp_path / "v1.votedesk"
    shutil.copyfile(FIXTURES[0], path)
    e = Election.open(path)
    rid = e.rounds()[0].id
    assert e.rounds()[0].double_entry is False and e.double_entry(rid).checked == 0
    assert e.set_double_entry(rid, True).ok and e.rounds()[0].double_entry
    assert e.verify_audit().ok


# The whole demo (keyed ballots in every round, official results) as release 2's own code wrote it
# (made once from commit a0a780a~1, the last at schema 2): today's code cannot write a version-2 file.
V2_DEMO = Path(__file__).resolve().parents[2] / "fixtures" / "v2-demo-official.votedesk"


def _ballot_rows(db, table):
    return sorted(db.execute(f"SELECT id, round_id, marks, write_ins, spoiled FROM {table}").fetchall())


def test_version_2_ballots_are_rekeyed_by_round_and_still_verify(tmp_path):
    path = tmp_path / "v2.votedesk"
    shutil.copyfile(V2_DEMO, path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    before = _ballot_rows(conn, "ballots")
    outcomes = dict(conn.execute("SELECT id, outcome FROM rounds WHERE outcome IS NOT NULL"))
    conn.close()
    e = Election.open(path)
    assert database.schema_version(e.db) == schema.HEAD and len(before) > 40
    assert _ballot_rows(e.db, "ballots") == before
    for table in ("ballots", "check_ballots"):
        pk = [r[1] for r in sorted(e.db.execute(f"PRAGMA table_info({table})"), key=lambda r: r[5]) if r[5]]
        assert pk == ["round_id", "id"]
        assert {row[3] for row in e.db.execute(f"PRAGMA index_list({table})")} <= {"pk"}  # no round index left
    assert e.verify_audit().ok
    recounted = [r.id for r in e.rounds() if r.mode == "ballots" and r.closed]
    assert recounted
    for rid in recounted:
        assert counting.decide_json(e.db, rid) == json.loads(outcomes[rid])


def test_a_v4_working_copy_that_already_had_the_v5_tables_migrates(tmp_path):
    import sqlite3

    # During the session that made v4, duties and work_report sat in v4 for a while: such copies exist locally.
    path = tmp_path / "early-v4.votedesk"
    shutil.copyfile(next(p for p in FIXTURES if p.name == "schema-v4.votedesk"), path)
    conn = sqlite3.connect(path)
    for statement in schema.V5:
        conn.execute(statement)
    conn.commit()
    conn.close()
    e = Election.open(path)
    assert database.schema_version(e.db) == schema.HEAD and e.verify_audit().ok
    e.close()


def test_version_7_turns_restricted_statuses_into_restrictions_keeping_ids(tmp_path):
    path = tmp_path / "v5.votedesk"
    shutil.copyfile(next(p for p in FIXTURES if p.name == "schema-v5.votedesk"), path)
    raw = sqlite3.connect(path)
    before = raw.execute("SELECT id, name, status FROM members ORDER BY id").fetchall()
    raw.close()
    restricted = {i: s for i, _, s in before if s in ("liudang_chakan", "suspended")}
    assert restricted  # the fixture has a member under 留党察看 and one suspended
    e = Election.open(path)
    rows = e.db.execute("SELECT id, name, status FROM members ORDER BY id").fetchall()
    assert [(i, n) for i, n, _ in rows] == [(i, n) for i, n, _ in before]
    assert {s for *_, s in rows} == {"full", "probationary"}
    assert dict(e.db.execute("SELECT member_id, kind FROM restrictions")) == restricted
    roll = dict(e.members())
    assert {i: roll[i].standing.value for i in restricted} == restricted
    assert e.db.execute("PRAGMA foreign_key_check").fetchall() == [] and e.verify_audit().ok
    with pytest.raises(sqlite3.IntegrityError):  # the CHECK now knows two statuses only
        e.db.execute("UPDATE members SET status = 'suspended' WHERE id = 1")
