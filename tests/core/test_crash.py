"""Crash safety: a child keying ballots through the core API is killed with SIGKILL at random moments."""
from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fixtures.elections import keying_election
from app.core.storage import database
from app.core.workflow import Election

ROOT = Path(__file__).resolve().parents[2]
KILLS = 50
VOTERS = 6000
CANDS = ["王一", "李二", "张三", "刘四"]

CHILD = """
import random, sys
from app.core.workflow import Election
e = Election.open(sys.argv[1])
rid = int(sys.argv[2])
rng = random.Random(int(sys.argv[3]))
names = e.printed_names(rid)
print("ready", flush=True)
while True:
    marks = {n: rng.choice(["yes", "no", "abstain"]) for n in names}
    res = e.record_ballot(rid, marks, ["外人"] if rng.random() < 0.1 else ())
    if not res.ok:
        print("refused", res.reasons, flush=True)
        break
    print(res.value, flush=True)
"""


def prepare(path: Path) -> int:
    e, rid = keying_election(path, VOTERS, CANDS, 3)
    e.close()
    return rid


def check(path: Path, promised: set[str]) -> int:
    conn = sqlite3.connect(path)  # recovers the WAL like any reader would
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {r[0] for r in conn.execute("SELECT id FROM ballots")}
    conn.close()
    missing = promised - stored
    assert not missing, f"ballots whose save had returned are gone: {sorted(missing)[:5]}"
    e = Election(database.open_file(path))
    report = e.verify_audit()
    e.close()
    assert report.ok, report.problems[:3]
    return len(stored)


@pytest.mark.slow
def test_sigkill_while_keying_ballots(tmp_path):
    path = tmp_path / "crash.votedesk"
    rid = prepare(path)
    rng = random.Random(1)
    promised: set[str] = set()
    for i in range(KILLS):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(rid), str(i)], cwd=ROOT,
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.06))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        lines = out.split("\n")[:-1]  # a last line without its newline was not fully written
        assert not any(line.startswith("refused") for line in lines), lines[-1:]
        promised |= {line for line in lines if len(line) == 16}
        stored = check(path, promised)
    assert len(promised) > KILLS and stored >= len(promised)
