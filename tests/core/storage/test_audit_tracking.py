"""The tracking triggers log the final digest of every row an action writes, whatever the statement's conflict clause."""
from __future__ import annotations

import pytest

from app.core.storage import audit_log, database

STATEMENTS = {
    "insert": ["INSERT INTO organization (id, name, kind) VALUES (1, '甲支部', 'branch')"],
    "upsert, then upsert that updates": [
        "INSERT INTO organization (id, name, kind) VALUES (1, '甲支部', 'branch') ON CONFLICT(id) DO UPDATE SET name=excluded.name",
        "INSERT INTO organization (id, name, kind) VALUES (1, '乙支部', 'branch') ON CONFLICT(id) DO UPDATE SET name=excluded.name",
    ],
    "insert or ignore, then update or ignore twice": [
        "INSERT OR IGNORE INTO organization (id, name, kind) VALUES (1, '甲支部', 'branch')",
        "UPDATE OR IGNORE organization SET name = '乙支部' WHERE id = 1",
        "UPDATE OR IGNORE organization SET name = '丙支部' WHERE id = 1",
    ],
    "insert or replace over an existing row": [
        "INSERT INTO organization (id, name, kind) VALUES (1, '甲支部', 'branch')",
        "INSERT OR REPLACE INTO organization (id, name, kind) VALUES (1, '乙支部', 'branch')",
    ],
    "insert, then delete": [
        "INSERT INTO organization (id, name, kind) VALUES (1, '甲支部', 'branch')",
        "DELETE FROM organization WHERE id = 1",
    ],
}


@pytest.mark.parametrize("statements", STATEMENTS.values(), ids=STATEMENTS.keys())
def test_one_action_logs_the_final_state_of_each_row(statements):
    db = database.open_memory()
    audit_log.install_tracking(db)
    with database.atomic(db):
        for sql in statements:
            db.execute(sql)
        touched = audit_log.take_touched(db)
    assert touched == {"organization/1": dict(audit_log.all_digests(db, "organization")).get("organization/1")}


def test_an_update_that_changes_the_id_logs_the_old_row_as_gone():
    db = database.open_memory()
    audit_log.install_tracking(db)
    db.execute("INSERT INTO posts (id, office, seats, competitive) VALUES (1, 'committee_member', 5, 1)")
    audit_log.take_touched(db)
    with database.atomic(db):
        db.execute("UPDATE posts SET id = 2 WHERE id = 1")
        touched = audit_log.take_touched(db)
    assert touched == {"posts/1": None, "posts/2": dict(audit_log.all_digests(db, "posts"))["posts/2"]}
