"""Issue 12 item 1: the chief's confirmation is required to sign, wrong PINs wait longer, no PIN material leaves."""
from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.demo import CHIEF, CHIEF_PIN, ORGANIZATION, create_demo
from app.core.errors import UserFacingError
from app.core.resultpkg import election_package
from app.core.signing import keys
from app.core.signing.package import read_package
from app.core.storage import chiefpin
from app.core.storage.database import copy_file
from app.core.workflow import Election
from app.core.workflow.confirm import FREE_ATTEMPTS, LEGACY_ITERATIONS, pin_hash, wait_after
from tests.fixtures.forgery import recompute_chain
from tests.fixtures.signing_demo import make_identities

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2024, 5, 20)


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2024, 5, 20, 9, 0, 0)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture(scope="module")
def master(tmp_path_factory):
    return create_demo(tmp_path_factory.mktemp("pin") / "demo.votedesk")


@pytest.fixture(scope="module")
def branch():
    return make_identities(org=ORGANIZATION)[1]


@pytest.fixture
def path(master, tmp_path):
    copy = tmp_path / "e.votedesk"
    copy_file(master, copy)
    return copy


def _confirm(e, branch, pin=CHIEF_PIN):
    return e.confirm_chief(CHIEF, pin, "sign_package", signer=branch.organization,
                           signer_fingerprint=keys.fingerprint(branch.cert), self_signed=False)


def test_signing_needs_the_chief_confirmation_as_the_last_action(path, branch):
    e = Election.open(path)
    try:
        with pytest.raises(UserFacingError) as refused:
            e.signed_package(branch, DAY)
        assert refused.value.code == "chief_not_confirmed"
        assert _confirm(e, branch).ok
        other = make_identities(org=ORGANIZATION)[1]
        with pytest.raises(UserFacingError):  # confirmed for another key
            e.signed_package(other, DAY)
        data = e.signed_package(branch, DAY)
        assert e.record_incident("threat", CHIEF, "2024-05-20", "记录").__class__ is int
        with pytest.raises(UserFacingError):  # something changed since the confirmation
            e.signed_package(branch, DAY)
    finally:
        e.close()
    audit = json.loads(read_package(data)["audit.json"])["entries"]
    assert audit[-1]["event"] == "chief_confirmed"


def test_no_pin_material_in_the_package(path, branch):
    e = Election.open(path)
    try:
        assert _confirm(e, branch).ok
        data = e.signed_package(branch, DAY)
        record = chiefpin.pin(e.db)
    finally:
        e.close()
    files = read_package(data)
    blob = b"".join(files.values())
    assert record is not None and record.pin_hash.encode() not in blob and record.salt.encode() not in blob
    for entry in json.loads(files["audit.json"])["entries"]:
        assert not {"pin_hash", "salt"} & set(entry["params"]), entry
    # what an attacker holding the package could try: every 4-digit PIN against what it carries finds nothing
    assert not any(pin_hash(f"{n:04d}", record.salt, record.iterations).encode() in blob for n in (2024,))


def test_wrong_pins_wait_longer_and_a_restart_does_not_reset_it(path):
    clock = Clock()
    e = Election.open(path, clock)
    for _ in range(FREE_ATTEMPTS):
        assert e.check_chief(CHIEF, "0000").reasons[0].code == "chief_pin_wrong"
    first = wait_after(FREE_ATTEMPTS)
    refused = e.check_chief(CHIEF, CHIEF_PIN)  # even the right PIN waits now
    assert refused.reasons[0].code == "chief_pin_wait" and refused.reasons[0].params["seconds"] == first
    e.close()
    e = Election.open(path, clock)  # restarted: the count is in the file
    assert e.pin_wait() == first
    clock.now += dt.timedelta(seconds=first)
    assert e.check_chief(CHIEF, "1111").reasons[0].code == "chief_pin_wrong"
    assert e.pin_wait() == wait_after(FREE_ATTEMPTS + 1) == 2 * first
    clock.now -= dt.timedelta(days=1)  # the clock set back does not shorten the wait
    assert e.pin_wait() == 2 * first
    clock.now += dt.timedelta(days=2)
    assert e.confirm_chief(CHIEF, CHIEF_PIN, "mark_official").ok and e.pin_wait() == 0
    refusals = [x for x in e.audit_entries() if x.event == "chief_pin_refused"]
    assert [x.params["failures"] for x in refusals] == [1, 2, 3, 4] and e.verify_audit().ok
    e.close()
    assert wait_after(40) == 3600  # at most an hour: a 4-digit PIN takes months at the door


def test_an_older_file_chooses_a_new_pin_before_signing(path, branch):
    salt = "ab" * 16
    with sqlite3.connect(path) as conn:  # as v5 kept it: the hash in the entry's params, no table row
        conn.execute("DELETE FROM chief_pin")
        params = json.dumps({"name": CHIEF, "pin_hash": pin_hash(CHIEF_PIN, salt, LEGACY_ITERATIONS), "salt": salt},
                            ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        conn.execute("UPDATE audit_log SET params = ? WHERE event = 'chief_pin_set'", [params])
    recompute_chain(path)
    e = Election.open(path)
    try:
        assert e.verify_audit().ok and e.legacy_pin() and e.check_chief(CHIEF, CHIEF_PIN).ok
        assert _confirm(e, branch).ok
        with pytest.raises(UserFacingError) as refused:
            e.signed_package(branch, DAY)
        assert refused.value.code == "chief_pin_legacy"
        assert e.set_chief_pin(CHIEF_PIN, CHIEF_PIN).reasons[0].code == "chief_pin_same"
        assert e.set_chief_pin("86420", "9999").reasons[0].code == "chief_pin_wrong"
        assert e.set_chief_pin("86420", CHIEF_PIN).ok and not e.legacy_pin()
        assert not e.check_chief(CHIEF, CHIEF_PIN).ok  # the old PIN, whose hash the package carries, opens nothing
        assert _confirm(e, branch, "86420").ok
        assert e.signed_package(branch, DAY)
    finally:
        e.close()


@pytest.mark.slow
def test_headless_package_asks_the_chief(path, branch, tmp_path):
    p12 = tmp_path / "branch.p12"
    p12.write_bytes(keys.export_pkcs12(branch, "correct horse battery"))
    env = {**os.environ, "VOTEDESK_PASSPHRASE": "correct horse battery", "VOTEDESK_LANG": "en"}
    env.pop("VOTEDESK_CHIEF_PIN", None)
    cmd = [sys.executable, "-m", "app", "package", str(path), str(tmp_path / "out.vdpkg"), "--key", str(p12)]
    run = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert run.returncode != 0 and not (tmp_path / "out.vdpkg").exists()
    (tmp_path / "pin").write_text("9999")
    run = subprocess.run(cmd + ["--pin-file", str(tmp_path / "pin")], cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 1 and "wrong" in run.stderr and not (tmp_path / "out.vdpkg").exists()
    (tmp_path / "pin").write_text(CHIEF_PIN)
    run = subprocess.run(cmd + ["--pin-file", str(tmp_path / "pin")], cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "out.vdpkg").exists()


@pytest.mark.slow
def test_the_unconfirmed_builder_still_checks(path, branch):
    """election_package (previews, the GUI's check before asking the chief) builds without a confirmation."""
    e = Election.open(path)
    try:
        assert election_package(e.db, branch, DAY)
    finally:
        e.close()
