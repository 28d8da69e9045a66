"""Names refused where typed, key files 0600, `votedesk demo` whole or absent, a full disk while keying (issue 12)."""
from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.cli import main
from app.core.demo import create_demo
from app.core.errors import UserFacingError
from app.core.models import MemberRecord
from app.core.signing.safewrite import write_file_safely
from app.core.workflow import Election

ROOT = Path(__file__).resolve().parents[3]
BIDI = "李明\u202e"


def test_hidden_character_names_are_refused_at_entry(tmp_path):
    e = Election.create(tmp_path / "e.votedesk")
    try:
        for call in (lambda: e.set_organization("中共示范\u202e委员会", "branch"),
                     lambda: e.add_members([MemberRecord("王五"), MemberRecord(BIDI)]),
                     lambda: e.add_members([MemberRecord("\u200b\u200b")]),
                     lambda: e.add_members([MemberRecord("王\x1b五")])):
            with pytest.raises(UserFacingError) as err:
                call()
            assert err.value.code == "name_not_allowed"
        assert e.members() == []  # all or nothing
        [mid] = e.add_members([MemberRecord("王五")])
        with pytest.raises(UserFacingError) as err:
            e.update_member(mid, MemberRecord("王\u2067五"))
        assert err.value.code == "name_not_allowed"
    finally:
        e.close()


def test_a_write_in_with_a_direction_override_is_refused(tmp_path):
    e = Election.open(create_demo(tmp_path / "c.votedesk", stop_at="counting"))
    try:
        rid = e.rounds()[0].id
        names = e.printed_names(rid)
        with pytest.raises(UserFacingError) as err:
            e.record_ballot(rid, {n: "no" for n in names}, [BIDI])
        assert err.value.code == "name_not_allowed"
        assert e.verify_audit().ok
    finally:
        e.close()


def test_key_files_are_written_owner_only(tmp_path, monkeypatch):
    monkeypatch.setenv("VOTEDESK_PASSPHRASE", "correct horse battery staple")
    assert main(["keys", "root-init", "--org", "中共示范区机关工作委员会", "--out", str(tmp_path / "root")]) == 0
    assert main(["keys", "branch-request", "--org", "中共示范区机关第一支部委员会", "--out", str(tmp_path / "b")]) == 0
    mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    assert mode(tmp_path / "root" / "root.p12") == 0o600 and mode(tmp_path / "b" / "branch.p12") == 0o600
    assert mode(tmp_path / "root" / "root.pem") == 0o644  # certificates are for handing out
    assert mode(write_file_safely(tmp_path / "gui-chosen.p12", b"key")) == 0o600
    assert mode(write_file_safely(tmp_path / "named-otherwise", b"key", private=True)) == 0o600


def test_a_killed_demo_leaves_no_file_under_its_name(tmp_path):
    target = tmp_path / "demo.votedesk"
    child = subprocess.Popen([sys.executable, "-m", "app", "demo", str(target)], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while not list(tmp_path.glob(".demo.votedesk.*.part")) and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.01)
    time.sleep(0.3)  # well inside the build (it takes seconds)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert not target.exists()  # a kill leaves nothing that later says "already exists"
    assert main(["demo", str(target)]) == 0
    assert main(["audit", "--quiet", str(target)]) == 0


@pytest.fixture
def small_disk(tmp_path):
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a small tmpfs needs root and mount")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1M", "tmpfs", str(mnt)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_a_full_disk_while_keying_says_so_and_loses_nothing(tmp_path, small_disk):
    import sqlite3

    from app.core.messages import message

    path = small_disk / "full.votedesk"
    create_demo(tmp_path / "c.votedesk", stop_at="counting")
    shutil.copy(tmp_path / "c.votedesk", path)
    e = Election.open(path)
    rid = e.rounds()[0].id
    names = e.printed_names(rid)
    free = shutil.disk_usage(small_disk).free
    with open(small_disk / "filler", "wb") as fh:  # a few pages left: the next actions run out of room
        fh.write(b"\0" * max(0, free - 96 * 1024))
    saved, refusal = [], None
    try:
        for _ in range(500):
            try:
                res = e.record_ballot(rid, {names[0]: "yes"})
            except UserFacingError as exc:
                refusal = exc
                break
            assert res.ok, res
            saved.append(res.value)
    finally:
        e.close()
    assert refusal is not None and refusal.code == "disk_full", (refusal, len(saved))
    print("ballots saved before the disk was full:", len(saved))
    assert "未丢失" in message("disk_full") or "nothing saved before it was lost" in message("disk_full")
    (small_disk / "filler").unlink()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {r[0] for r in db.execute("SELECT id FROM ballots")}
    assert set(saved) <= stored  # every ballot whose save returned is there
    e = Election.open(path)
    try:
        assert e.verify_audit().ok  # and the file still verifies
        assert e.record_ballot(rid, {names[0]: "yes"}).ok  # with room again, keying goes on
    finally:
        e.close()


def test_a_full_disk_while_importing_says_so_and_the_workspace_stays(tmp_path, small_disk):
    from tests.fixtures import signing_demo as demo

    from app.core.higher.imports import import_package
    from app.core.higher.workspace import Workspace
    from app.core.signing import keys
    from app.core.signing.package import build_package

    root = keys.create_root(demo.ROOT_ORG)
    ws = Workspace.create(small_disk / "ws.vdhl", root.cert)
    packages = []
    for name in ("中共示范区机关第一支部委员会", "中共示范区机关第二支部委员会"):
        ws.register_branch(name)
        key = keys.new_key()
        ident = keys.accept_issued_cert(key, ws.issue_certificate(root, keys.branch_request(key, name)),
                                        keys.cert_pem(root.cert))
        rounds = demo.rounds()
        packages.append(build_package(identity=ident, election={**demo.summary(rounds), "organization": name},
                                      rounds=rounds, audit=demo.audit_entries(),
                                      pdfs=[("result-report.pdf", demo.report_pdf(rounds))]))
    assert import_package(ws, packages[0]).status == "imported"
    free = shutil.disk_usage(small_disk).free
    with open(small_disk / "filler", "wb") as fh:
        fh.write(b"\0" * max(0, free - 8 * 1024))
    with pytest.raises(UserFacingError) as err:
        import_package(ws, packages[1])
    assert err.value.code == "disk_full"
    (small_disk / "filler").unlink()
    assert ws.db.execute("SELECT count(*) FROM packages").fetchone()[0] == 1  # the first import is still there
    assert import_package(ws, packages[1]).status == "imported"  # and with room, the second goes in
