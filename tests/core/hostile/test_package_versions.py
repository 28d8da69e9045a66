"""Only verified packages stand for a branch: forged first, reordered ZIPs, untrusted signing times (issue 12, item 5)."""
from __future__ import annotations

import datetime as dt
import random

import pytest

from app.core.higher.imports import import_package
from app.core.higher.overview import overview, versions
from app.core.higher.workspace import Workspace
from app.core.signing import container, keys
from app.core.signing.package import build_package
from tests.fixtures import signing_demo as demo

T0 = dt.datetime(2025, 6, 18, 10, 0, tzinfo=dt.timezone.utc)
ONE = "中共示范区机关第一支部委员会"


def package_for(identity: keys.Identity, *, when: dt.datetime = T0) -> bytes:
    rounds = demo.rounds()
    election = {**demo.summary(rounds), "organization": identity.organization}
    return build_package(identity=identity, election=election, rounds=rounds, audit=demo.audit_entries(),
                         pdfs=[("result-report.pdf", demo.report_pdf(rounds))], when=when, rng=random.Random(3))


@pytest.fixture(scope="module")
def made():
    """The workspace's root, the genuine branch identity, and a forger's: the same name under a made-up CA."""
    root = keys.create_root(demo.ROOT_ORG)
    key = keys.new_key()
    genuine = keys.accept_issued_cert(key, keys.cert_pem(keys.issue_branch_cert(root, keys.branch_request(key, ONE))),
                                      keys.cert_pem(root.cert))
    fake_root = keys.create_root(demo.ROOT_ORG)  # same name, another key: a made-up CA
    fkey = keys.new_key()
    forged = keys.Identity(fkey, keys.issue_branch_cert(fake_root, keys.branch_request(fkey, ONE)), (fake_root.cert,))
    return root, genuine, forged


def _workspace(root: keys.Identity, genuine: keys.Identity) -> Workspace:
    ws = Workspace.create(None, root.cert)
    ws.register_branch(ONE)
    with ws.db.conn:  # the certificate the higher level issued for ONE (issued above, recorded here)
        ws.db.execute("UPDATE branches SET cert_fingerprint = ?, cert_pem = ? WHERE name = ?",
                      ["".join(keys.fingerprint(genuine.cert).split()).lower(), keys.cert_pem(genuine.cert).decode(), ONE])
    return ws


def test_forged_package_signed_in_2049_never_shuts_the_genuine_one_out(made):
    root, genuine, forged = made
    ws = _workspace(root, genuine)
    fake = import_package(ws, package_for(forged, when=dt.datetime(2049, 1, 1, tzinfo=dt.timezone.utc)))
    assert fake.status == "rejected" and not fake.report.ok
    real = import_package(ws, package_for(genuine))
    assert real.status == "imported" and real.report.ok and real.superseded == fake.package_id
    row = overview(ws)[0]
    assert row.verdict == "accepted" and "newer_package_rejected" not in row.flags
    assert [(v.package_id, v.verdict, v.standing) for v in versions(ws, ONE)] == [
        (fake.package_id, "rejected", False), (real.package_id, "accepted", True)]
    # a verified older package arriving later is kept but does not take the record back
    late = import_package(ws, package_for(genuine, when=T0 - dt.timedelta(days=1)))
    assert late.status == "older_than_current"
    # a forgery arriving after the genuine one: kept apart and flagged, the genuine one stands
    again = import_package(ws, package_for(forged, when=dt.datetime(2049, 6, 1, tzinfo=dt.timezone.utc)))
    assert again.status == "rejected" and "rejected_not_on_record" in again.flags
    row = overview(ws)[0]
    assert row.verdict == "accepted" and "newer_package_rejected" in row.flags
    assert [v.package_id for v in versions(ws, ONE) if v.standing] == [real.package_id]


def test_reordered_zip_entries_are_the_same_version(made):
    root, genuine, _ = made
    ws = _workspace(root, genuine)
    data = package_for(genuine)
    entries = container.unpack(data)
    reordered = container.pack(list(reversed(entries)))
    assert reordered != data
    first = import_package(ws, data)
    again = import_package(ws, reordered)
    assert first.status == "imported" and again.status == "duplicate" and again.package_id == first.package_id
    assert again.flags == ("same_signed_content",)  # says why: the same signed package, laid out differently
    assert ws.db.execute("SELECT count(*) FROM packages").fetchone()[0] == 1


def test_any_layout_of_the_same_signed_content_is_one_version(made):
    root, genuine, _ = made
    ws = _workspace(root, genuine)
    data = package_for(genuine, when=T0 + dt.timedelta(days=3))
    entries = container.unpack(data)
    reordered = container.pack(list(reversed(entries)))
    first = import_package(ws, reordered)  # the order of entries is not signed: this layout verifies too
    assert first.status == "imported" and first.report.ok
    assert import_package(ws, data).package_id == first.package_id
    swapped = container.pack(entries[1::-1] + entries[2:])
    later = import_package(ws, swapped)
    assert later.status == "duplicate" and later.package_id == first.package_id
    assert [v.package_id for v in versions(ws, ONE)] == [first.package_id]


def test_an_older_workspace_is_restood_on_open(made, tmp_path):
    """A workspace written before this fix, with a forged package on record and the genuine one pushed aside."""
    root, genuine, forged = made
    path = tmp_path / "old.vdhl"
    ws = Workspace.create(path, root.cert)
    ws.register_branch(ONE)
    with ws.db.conn:
        ws.db.execute("UPDATE branches SET cert_fingerprint = ? WHERE name = ?",
                      ["".join(keys.fingerprint(genuine.cert).split()).lower(), ONE])
    fake = import_package(ws, package_for(forged, when=dt.datetime(2049, 1, 1, tzinfo=dt.timezone.utc)))
    real = import_package(ws, package_for(genuine))
    with ws.db.conn:  # what the old import left: the forgery on record, the genuine one "older than current"
        ws.db.execute("UPDATE packages SET superseded_by = NULL WHERE id = ?", [fake.package_id])
        ws.db.execute("UPDATE packages SET superseded_by = ? WHERE id = ?", [fake.package_id, real.package_id])
    ws.db.execute("ALTER TABLE packages DROP COLUMN manifest_sha256")
    ws.db.conn.close()
    ws = Workspace.open(path)
    assert overview(ws)[0].verdict == "accepted"
    assert [v.package_id for v in versions(ws, ONE) if v.standing] == [real.package_id]
    assert import_package(ws, package_for(genuine)).status == "duplicate"
