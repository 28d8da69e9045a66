"""Tamper evidence: edits with the sqlite3 CLI are caught by `votedesk audit`, which names the entry."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.core import audit
from app.core.demo import create_demo
from app.core.storage import database

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("sqlite3") is None, reason="needs the sqlite3 CLI")


@pytest.fixture(scope="module")
def demo_master(tmp_path_factory) -> Path:
    return create_demo(tmp_path_factory.mktemp("demo") / "demo.votedesk")


@pytest.fixture
def demo(demo_master, tmp_path) -> Path:
    path = tmp_path / "e.votedesk"
    database.copy_file(demo_master, path)
    return path


def sql(path: Path, statement: str) -> str:
    return subprocess.run(["sqlite3", str(path), statement], check=True, capture_output=True, text=True).stdout.strip()


def run_audit(path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "VOTEDESK_LANG": "en"}  # the assertions read the English messages
    return subprocess.run([sys.executable, "-m", "app", "audit", str(path)], cwd=ROOT, capture_output=True, text=True, env=env)


def writer_of(path: Path, key: str) -> int:
    db = database.open_file(path)
    try:
        return max(e.seq for e in audit.entries(db) if key in e.rows)
    finally:
        db.close()


def assert_broken_at(path: Path, seq: int) -> str:
    res = run_audit(path)
    assert res.returncode == 1, res.stdout + res.stderr
    assert f"audit: BROKEN at entry #{seq}" in res.stdout, res.stdout[-800:]
    return res.stdout


def test_intact_file_exits_0_and_prints_the_log(demo):
    res = run_audit(demo)
    assert res.returncode == 0, res.stdout[-500:]
    assert "results_official" in res.stdout and re.search(r"audit: intact \(\d+ entries\)", res.stdout)


def test_changed_ballot_mark_names_the_entry(demo):
    bid = sql(demo, "SELECT id FROM ballots WHERE round_id = 1 AND marks LIKE '%n%' ORDER BY id LIMIT 1")
    seq = writer_of(demo, f"ballots/{bid}")
    sql(demo, f"UPDATE ballots SET marks = replace(marks, 'n', 'y') WHERE id = '{bid}'")
    out = assert_broken_at(demo, seq)
    assert f"ballots/{bid}" in out


def test_deleted_audit_row_is_found(demo):
    sql(demo, "DELETE FROM audit_log WHERE seq = 40")
    out = assert_broken_at(demo, 40)
    assert "[audit_entry_missing]" in out


def test_edited_audit_row_is_found(demo):
    sql(demo, "UPDATE audit_log SET params = '{\"count\":1}' WHERE seq = 12")
    assert_broken_at(demo, 12)


def test_edited_result_names_the_closing_entry(demo):
    rid = sql(demo, "SELECT id FROM results WHERE round_id = 1 ORDER BY yes DESC LIMIT 1")
    seq = writer_of(demo, f"results/{rid}")
    sql(demo, f"UPDATE results SET yes = yes + 1 WHERE id = {rid}")
    assert_broken_at(demo, seq)


def test_edited_outcome_document_is_found(demo):
    seq = writer_of(demo, "rounds/1")
    sql(demo, "UPDATE rounds SET outcome = json_set(outcome, '$.elected[0]', '张伟') WHERE id = 1")
    assert_broken_at(demo, seq)


def test_deleted_and_inserted_ballots_are_found(demo):
    bid = sql(demo, "SELECT id FROM ballots WHERE round_id = 2 ORDER BY id LIMIT 1")
    seq = writer_of(demo, f"ballots/{bid}")
    sql(demo, f"DELETE FROM ballots WHERE id = '{bid}'")
    assert f"entry #{seq} [row_deleted]" in assert_broken_at(demo, seq)
    sql(demo, "INSERT INTO ballots (id, round_id, marks) VALUES ('00000000000000ff', 2, 'yn')")
    out = run_audit(demo).stdout
    assert "[row_unrecorded]" in out and "ballots/00000000000000ff" in out


def test_deleting_the_last_entry_is_found(demo):
    last = int(sql(demo, "SELECT max(seq) FROM audit_log"))
    sql(demo, f"DELETE FROM audit_log WHERE seq = {last}")
    res = run_audit(demo)
    # the election row it wrote (official = 1) no longer matches the digest of any remaining entry
    assert res.returncode == 1 and "[row_edited]" in res.stdout and "(election/1)" in res.stdout


def test_unreadable_file_exits_2(tmp_path):
    bad = tmp_path / "x.votedesk"
    bad.write_bytes(b"not a database at all" * 20)
    assert run_audit(bad).returncode == 2
    assert run_audit(tmp_path / "missing.votedesk").returncode == 2


def test_every_event_used_is_in_the_catalogue():
    used: set[str] = set()
    for path in (ROOT / "app" / "core").rglob("*.py"):
        used |= set(re.findall(r'_action\(\s*"([a-z_]+)"', path.read_text(encoding="utf-8")))
        used |= set(re.findall(r'record(?:_all_rows)?\(\s*db,\s*"([a-z_]+)"', path.read_text(encoding="utf-8")))
    assert used and used <= set(audit.EVENTS), used - set(audit.EVENTS)
    for event, doc in audit.EVENTS.items():
        assert "\n" not in doc and doc.endswith("."), event


def test_numeric_looking_ballot_ids_are_digested(monkeypatch):
    from app.core.storage import ballots as sb
    from tests.core.test_workflow import CANDS, prepared, ready

    ids = iter(["18e1027033678662", "1234567890123456", "0000000000000e10"])
    monkeypatch.setattr(sb, "new_ballot_id", lambda: next(ids))
    e, posts = prepared()
    ready(e, posts)
    rid = e.open_round(posts["m"]).value
    e.issue_ballots(rid, 40)
    e.record_returned(rid, 40)
    for _ in range(3):
        assert e.record_ballot(rid, {CANDS[0]: "yes"}).ok
    assert e.verify_audit().ok
    assert "ballots/18e1027033678662" in audit.entries(e.db)[-3].rows
