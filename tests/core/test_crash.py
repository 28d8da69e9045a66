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

from app.core.models import MemberRecord
from app.core.storage import database
from app.core.workflow import Election, Vetting

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
    e = Election.create(path)
    e.set_organization("中共测试支部委员会", "party_committee")
    e.set_election("member_assembly")
    e.record_reply("hold_election", "1号", "2024-01-01")
    post = e.add_post("committee_member", 3)
    ids = e.add_members([MemberRecord(f"党员{i:04d}") for i in range(VOTERS)] + [MemberRecord(n) for n in CANDS])
    v = Vetting(True, 1, 1, 1, 0, 0, "无", True, "pass", "组织科", "2024-01-01")
    for mid in ids[VOTERS:]:
        e.nominate(post, mid, "party_group")
        e.record_vetting(mid, v)
    e.set_candidates(post, ids[VOTERS:])
    assert e.approve_candidates(post, "2号", "2024-01-02").ok
    meeting = e.open_meeting()
    e.sign_in(meeting, ids)
    e.adopt_method(meeting, "办法", VOTERS)
    e.appoint_scrutineers(meeting, [(ids[0], "scrutineer")])
    rid = e.open_round(post).value
    assert e.issue_ballots(rid, VOTERS).ok and e.record_returned(rid, VOTERS).ok
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
    started = time.monotonic()
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
    assert time.monotonic() - started < 90
