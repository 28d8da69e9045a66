"""Opening election files: PRAGMAs, and clear refusals that change nothing (other app, newer schema, damage)."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.core.errors import UserFacingError
from app.core.storage import database, schema
from app.core.workflow import Election


def make(tmp_path: Path) -> Path:
    path = tmp_path / "e.votedesk"
    e = Election.create(path)
    e.set_organization("中共测试支部委员会", "branch")
    e.close()
    return path


def refused(path: Path, code: str) -> None:
    before = path.read_bytes() if path.exists() else None
    with pytest.raises(UserFacingError) as err:
        database.open_file(path)
    assert err.value.code == code
    assert (path.read_bytes() if path.exists() else None) == before  # nothing changed
    assert not list(path.parent.glob("*.bak*"))


def test_pragmas_of_an_open_file(tmp_path):
    db = database.open_file(make(tmp_path))
    q = lambda p: db.execute(f"PRAGMA {p}").fetchone()[0]  # noqa: E731
    assert q("application_id") == schema.APPLICATION_ID and q("user_version") == schema.HEAD
    assert q("journal_mode") == "wal" and q("synchronous") == 2 and q("foreign_keys") == 1


def test_tables_are_strict_with_checks(tmp_path):
    db = database.open_file(make(tmp_path))
    strict = {r[1] for r in db.execute("PRAGMA table_list").fetchall() if r[5]}
    assert set(schema.AUDITED) <= strict
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO members (name, status) VALUES ('某', 'honorary')")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO members (name, status, birth_date) VALUES ('某', 'full', '1990-13-45')")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO posts (office, seats, competitive) VALUES ('committee_member', 'five', 1)")


def test_create_refuses_an_existing_file(tmp_path):
    path = make(tmp_path)
    with pytest.raises(UserFacingError) as err:
        database.create(path)
    assert err.value.code == "file_exists"


def test_missing_empty_and_text_files(tmp_path):
    refused(tmp_path / "none.votedesk", "file_not_found")
    empty = tmp_path / "empty.votedesk"
    empty.write_bytes(b"")
    refused(empty, "not_an_election_file")
    text = tmp_path / "text.votedesk"
    text.write_text("名单\n" * 100, encoding="utf-8")
    refused(text, "not_an_election_file")


def test_another_applications_database(tmp_path):
    other = tmp_path / "other.votedesk"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("PRAGMA application_id = 1234")
    conn.commit()
    conn.close()
    refused(other, "other_application_file")


def test_newer_schema_is_refused(tmp_path):
    path = make(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.HEAD + 1}")
    conn.commit()
    conn.close()
    refused(path, "newer_schema")


def test_damaged_file_is_refused(tmp_path):
    path = make(tmp_path)
    data = bytearray(path.read_bytes())
    page = 4096
    for i in range(page + 8, min(len(data), 6 * page), 7):  # scribble over b-tree pages, keep the header
        data[i] = 0xA5
    path.write_bytes(bytes(data))
    refused(path, "damaged_file")


def test_truncated_file_is_refused(tmp_path):
    path = make(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(UserFacingError) as err:
        database.open_file(path)
    assert err.value.code in ("damaged_file", "not_an_election_file")


def test_atomic_rolls_back_everything(tmp_path):
    db = database.open_file(make(tmp_path))
    with pytest.raises(RuntimeError):
        with database.atomic(db):
            db.execute("INSERT INTO members (name, status) VALUES ('甲', 'full')")
            raise RuntimeError
    assert db.execute("SELECT count(*) FROM members").fetchone()[0] == 0


def test_add_members_is_all_or_nothing():
    e = Election.in_memory()
    from app.core.models import MemberRecord

    with pytest.raises(UserFacingError) as err:
        e.add_members([MemberRecord("甲"), MemberRecord("乙"), MemberRecord("甲")])
    assert err.value.code == "duplicate_member"
    with pytest.raises(UserFacingError) as err:
        e.add_members([MemberRecord("丙"), MemberRecord("丁", sex="X")])  # refused by a CHECK
    assert err.value.code == "invalid_value"
    assert e.members() == [] and e.verify_audit().ok
