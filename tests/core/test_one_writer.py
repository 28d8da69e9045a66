"""Issue 12 item 7: one writer per election file; checks made inside the write transaction; two real processes."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.core.demo import create_demo
from app.core.errors import UserFacingError
from app.core.storage.database import copy_file
from app.core.workflow import Election

ROOT = Path(__file__).resolve().parents[2]

# A process that opens the file, keys up to ``n`` blank ballots into the open round as fast as it can once told
# to start, then reports what it keyed, what was refused and whether it could write at all.
KEYER = textwrap.dedent("""
    import json, sys, time
    from app.core.errors import UserFacingError
    from app.core.workflow import Election
    path, n, go = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    e = Election.open(path)
    rid = next(r.id for r in e.rounds() if not r.closed)
    print(json.dumps({"ready": True, "writer": e.writer() and e.writer().__dict__}), flush=True)
    while not __import__("os").path.exists(go):
        time.sleep(0.01)
    keyed = refused = locked = 0
    for _ in range(n):
        try:
            result = e.record_ballot(rid, {})
        except UserFacingError as exc:
            locked += exc.code == "file_read_only"
            continue
        keyed += result.ok
        refused += not result.ok
    print(json.dumps({"keyed": keyed, "refused": refused, "locked": locked}), flush=True)
    sys.stdin.readline()  # hold the file until told to finish
    e.close()
""")


@pytest.fixture(scope="module")
def counting(tmp_path_factory):
    return create_demo(tmp_path_factory.mktemp("writer") / "counting.votedesk", stop_at="counting")


@pytest.fixture
def path(counting, tmp_path):
    copy = tmp_path / "e.votedesk"
    copy_file(counting, copy)
    return copy


def _start(path: Path, n: int, go: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", KEYER, str(path), str(n), str(go)], cwd=ROOT, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert json.loads(proc.stdout.readline())["ready"]
    return proc


def test_two_processes_keying_at_once_never_exceed_the_returned_count(path, tmp_path):
    e = Election.open(path)
    rid = next(r.id for r in e.rounds() if not r.closed)
    returned = e.rounds()[[r.id for r in e.rounds()].index(rid)].returned
    e.close()
    go = tmp_path / "go"
    first = _start(path, returned + 20, go)
    second = _start(path, returned + 20, go)  # the same file in a second process: it opens read-only
    go.touch()
    reports = [json.loads(p.stdout.readline()) for p in (first, second)]
    for p in (first, second):
        p.stdin.write("\n")
        p.stdin.flush()
        p.wait(timeout=30)
    assert sum(r["keyed"] for r in reports) == returned
    assert reports[0]["keyed"] == returned and reports[0]["refused"] == 20  # the rest refused: too many ballots
    assert reports[1]["keyed"] == 0 and reports[1]["locked"] == returned + 20
    e = Election.open(path)
    assert len(e.count_input(rid)["ballots"]) == returned and e.verify_audit().ok
    e.close()


def test_a_second_process_opens_read_only_and_says_who_writes(path, tmp_path):
    holder = _start(path, 0, tmp_path / "go")
    (tmp_path / "go").touch()
    holder.stdout.readline()
    try:
        e = Election.open(path)
        writer = e.writer()
        assert writer is not None and writer.pid == holder.pid and writer.user and writer.machine and writer.since
        rid = next(r.id for r in e.rounds() if not r.closed)
        with pytest.raises(UserFacingError) as exc:
            e.record_ballot(rid, {})
        assert exc.value.code == "file_read_only" and exc.value.params["machine"] == writer.machine
        e.close()
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    e = Election.open(path)  # the writer closed: this window writes now
    assert e.writer() is None and e.record_ballot(next(r.id for r in e.rounds() if not r.closed), {}).ok
    e.close()


def test_a_stale_window_cannot_key_past_the_count_or_into_a_closed_round(path):
    """Two windows of one process share the lock; each caches the count: the check inside the transaction decides."""
    a, b = Election.open(path), Election.open(path)
    try:
        rid = next(r.id for r in a.rounds() if not r.closed)
        returned = next(r.returned for r in a.rounds() if r.id == rid)
        assert a.record_ballot(rid, {}).ok  # a caches the round and the count: 1
        for _ in range(returned - 1):
            assert b.record_ballot(rid, {}).ok
        stale = a.record_ballot(rid, {})
        assert not stale.ok and stale.reasons[0].code == "too_many_ballots"
        assert b.undo_last_ballot(rid).ok and b.undo_last_ballot(rid).ok
        assert a.record_ballot(rid, {}).ok  # a caches again: the round open, one short of its count
        assert b.record_returned(rid, returned - 1).ok and b.close_round(rid).ok
        late = a.record_ballot(rid, {})  # a's cache says open: the transaction says closed
        assert not late.ok and late.reasons[0].code == "round_closed"
        assert len(a.count_input(rid)["ballots"]) == returned - 1 and a.verify_audit().ok
    finally:
        a.close()
        b.close()
