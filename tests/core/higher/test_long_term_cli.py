"""The offline key lifecycle through the command line and the workspace: TSA key, timestamped import, revocation, CRL by USB."""
from __future__ import annotations

import datetime as dt
import logging
import random
import time

import pytest

from app.cli import main
from app.core.errors import UserFacingError
from app.core.higher import archive, revocation
from app.core.higher.imports import import_package
from app.core.higher.workspace import Workspace
from app.core.signing import container, crl, crlstore, keys, tsa
from app.core.signing.package import build_package
from app.core.signing.verify import verify_package
from tests.fixtures import signing_demo as demo

HIGHER, BRANCH = "中共示范区机关工作委员会", "中共示范区机关第一支部委员会"


@pytest.fixture(autouse=True)
def _quiet():
    logging.disable(logging.WARNING)  # pyHanko logs every expected refusal with a traceback
    yield
    logging.disable(logging.NOTSET)


def package_for(identity, when=None) -> bytes:
    rounds = demo.rounds()
    return build_package(identity=identity, election={**demo.summary(rounds), "organization": identity.organization},
                         rounds=rounds, audit=demo.audit_entries(), pdfs=[("result-report.pdf", demo.report_pdf(rounds))],
                         when=when, rng=random.Random(3))


def test_cli_timestamped_import_revocation_and_crl_by_usb(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("VOTEDESK_PASSPHRASE", "a passphrase")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    ws, h, b, usb = str(tmp_path / "ws.vdhl"), tmp_path / "higher", tmp_path / "branch", tmp_path / "usb"
    pkg = str(tmp_path / "out" / "demo.vdpkg")
    usb.mkdir()
    steps = [
        ["keys", "root-init", "--org", HIGHER, "--out", str(h)],
        ["keys", "tsa-init", "--root-key", str(h / "root.p12"), "--out", str(h)],
        ["higher", "init", ws, "--root-cert", str(h / "root.pem")],
        ["higher", "register", ws, BRANCH],
        ["keys", "branch-request", "--org", BRANCH, "--out", str(b)],
        ["higher", "issue", ws, "--root-key", str(h / "root.p12"), "--request", str(b / "branch-request.pem"),
         "--out", str(b / "issued.pem")],
        ["keys", "accept", "--key", str(b / "branch.p12"), "--cert", str(b / "issued.pem"), "--root", str(h / "root.pem")],
        ["higher", "crl", ws, "--root-key", str(h / "root.p12"), "--out", str(usb / "list.crl")],
        ["keys", "import-crl", "--crl", str(usb / "list.crl"), "--root", str(h / "root.pem")],
        ["keys", "import-crl", "--crl", str(usb / "list.crl"), "--root", str(h / "root.pem")],  # again: no change
        ["demo-package", str(tmp_path / "out"), "--branch-key", str(b / "branch.p12")],
        ["verify", pkg, "--trust", str(h / "root.pem")],
        ["higher", "import", ws, pkg, "--tsa-key", str(h / "tsa.p12")],
        ["higher", "archive", ws, "--package-id", "1", "--out", str(tmp_path / "archive.vdpkg")],
        ["verify", str(tmp_path / "archive.vdpkg"), "--trust", str(h / "root.pem")],
        ["higher", "retimestamp", ws, "--tsa-key", str(h / "tsa.p12")],
        ["higher", "revoke", ws, "--root-key", str(h / "root.p12"), "--branch", BRANCH, "--reason", "key_compromise",
         "--out", str(usb / "list2.crl")],
    ]
    for argv in steps:
        if argv[:2] == ["higher", "revoke"]:
            time.sleep(1.1)  # times are kept to the second: the revocation comes after the timestamp
        assert main(argv) == 0, argv
    out = capsys.readouterr().out
    assert "Signature level B-LT" in out and "Revocation list used: number 1" in out  # the branch embedded list 1
    assert "Signature level B-LTA" in out and "Timestamped by the higher level on" in out
    assert "revocation list no. 1 of" in out and "already newer here" in out
    assert "0 package(s) timestamped" in out  # the same TSA key would extend nothing
    assert out.count("Signature level B-LTA") == 2  # the import says it, and verify of the archive copy
    assert "sha256" not in out.split("Signature level")[1].lower()
    # After the revocation, the package is refused with the new list (no timestamp), kept with the archive copy's.
    assert main(["verify", pkg, "--trust", str(h / "root.pem"), "--crl", str(usb / "list2.crl")]) == 1
    assert main(["verify", str(tmp_path / "archive.vdpkg"), "--trust", str(h / "root.pem"),
                 "--crl", str(usb / "list2.crl")]) == 0
    assert "cert_revoked" in capsys.readouterr().out
    # the branch gets the new list with the approval reply, and keeps it for its next signature
    assert main(["higher", "reply", ws, "--root-key", str(h / "root.p12"), "--package-id", "1", "--number", "示机工〔2025〕13号",
                 "--out", str(usb / "reply.pdf")]) == 0
    assert main(["verify-reply", str(usb / "reply.pdf"), "--trust", str(h / "root.pem"), "--package", pkg,
                 "--crl", str(usb / "list2.crl")]) == 0
    assert crlstore.stored(keys.load_cert((h / "root.pem").read_bytes())).number == 2
    # years later, after the branch certificate expired: the archive copy still verifies, the bare package does not
    years = (dt.date.today() + dt.timedelta(days=800)).isoformat()
    assert main(["verify", pkg, "--trust", str(h / "root.pem"), "--at", years]) == 1
    assert main(["verify", str(tmp_path / "archive.vdpkg"), "--trust", str(h / "root.pem"), "--at", years]) == 0


def test_cli_renewal_request_for_the_same_key(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("VOTEDESK_PASSPHRASE", "a passphrase")
    ws, h, b = str(tmp_path / "ws.vdhl"), tmp_path / "higher", tmp_path / "branch"
    for argv in (["keys", "root-init", "--org", HIGHER, "--out", str(h)],
                 ["higher", "init", ws, "--root-cert", str(h / "root.pem")],
                 ["higher", "register", ws, BRANCH],
                 ["keys", "branch-request", "--org", BRANCH, "--out", str(b)],
                 ["higher", "issue", ws, "--root-key", str(h / "root.p12"), "--request", str(b / "branch-request.pem"),
                  "--out", str(b / "issued.pem")],
                 ["keys", "accept", "--key", str(b / "branch.p12"), "--cert", str(b / "issued.pem"),
                  "--root", str(h / "root.pem")],
                 ["keys", "renew-request", "--key", str(b / "branch.p12"), "--out", str(b / "renewal.pem")],
                 ["higher", "issue", ws, "--root-key", str(h / "root.p12"), "--request", str(b / "renewal.pem"),
                  "--out", str(b / "renewed.pem")],
                 ["keys", "accept", "--key", str(b / "branch.p12"), "--cert", str(b / "renewed.pem"),
                  "--root", str(h / "root.pem")]):
        assert main(argv) == 0, argv
    # the old certificate of the same key is revoked as superseded; the renewed one still signs
    assert main(["higher", "revoke", ws, "--root-key", str(h / "root.p12"), "--branch", BRANCH, "--reason", "superseded",
                 "--cert", str(b / "issued.pem"), "--since", "2000-01-01", "--out", str(tmp_path / "list.crl")]) == 0
    first, renewed = keys.load_cert((b / "issued.pem").read_bytes()), keys.load_cert((b / "renewed.pem").read_bytes())
    listed = crl.load_crl((tmp_path / "list.crl").read_bytes(), keys.load_cert((h / "root.pem").read_bytes()))
    assert listed.revocation(first).reason == "superseded" and listed.revocation(renewed) is None
    assert first != renewed and keys.public_key_id(first) == keys.public_key_id(renewed)  # same key, new certificate
    identity = keys.import_pkcs12((b / "branch.p12").read_bytes(), "a passphrase")
    assert identity.cert == renewed
    assert Workspace.open(ws).branch_named(BRANCH).cert_pem.encode() == keys.cert_pem(renewed)


def test_workspace_revoke_reissue_and_retimestamp(tmp_path):
    root = keys.create_root(demo.ROOT_ORG)
    ws = Workspace.create(tmp_path / "ws.vdhl", root.cert)
    ws.register_branch(BRANCH)
    key = keys.new_key()
    branch = keys.accept_issued_cert(key, ws.issue_certificate(root, keys.branch_request(key, BRANCH)),
                                     keys.cert_pem(root.cert))
    first_tsa = keys.issue_tsa_identity(root, days=400)
    first = import_package(ws, package_for(branch), tsa=first_tsa)
    assert first.report.ok and archive.record(ws, first.package_id).stamps == 1

    with pytest.raises(UserFacingError) as err:
        revocation.revoke(ws, keys.create_root("别的上级"), BRANCH, "key_compromise")
    assert err.value.code == "wrong_root_key"
    now = dt.datetime.now(dt.timezone.utc)
    minutes = [now + dt.timedelta(minutes=m) for m in range(4)]
    revocation.revoke(ws, root, BRANCH, "affiliation_changed", now=minutes[1])  # a new secretary: the old key stops
    assert [r.branch for r in revocation.revocations(ws)] == [BRANCH] and revocation.latest_crl(ws).number == 1
    later = import_package(ws, package_for(branch, minutes[2]), at=minutes[2])
    assert later.status == "rejected" and "cert_revoked" in later.report.reasons()
    kept = verify_package(archive.archive_copy(ws, first.package_id), ws.trust, crl=revocation.latest_crl(ws))
    assert kept.ok and kept.level == "B-LTA", kept.failures  # timestamped before the revocation

    new_key = keys.new_key()  # re-issued for the new secretary's key
    renewed = keys.accept_issued_cert(new_key, ws.issue_certificate(root, keys.branch_request(new_key, BRANCH)),
                                      keys.cert_pem(root.cert))
    again = import_package(ws, package_for(renewed, minutes[3]), tsa=first_tsa)
    assert again.report.ok, again.report.failures

    assert archive.retimestamp(ws, first_tsa, within=500) == []  # the same key extends nothing
    second_tsa = keys.issue_tsa_identity(root)
    done = archive.retimestamp(ws, second_tsa, within=500)
    assert sorted(r.package_id for r in done) == [first.package_id, again.package_id]
    assert all(r.stamps == 2 and r.renew_by == second_tsa.cert.not_valid_after_utc for r in done)
    tokens = [n for n, _ in container.unpack(archive.archive_copy(ws, first.package_id)) if n.endswith(".tsr")]
    assert tokens == [tsa.token_name(1), tsa.token_name(2)]


def test_the_branch_keeps_the_list_from_the_usb_stick_and_signs_b_lt(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    root, branch = demo.make_identities()
    assert verify_package(package_for(branch), keys.cert_pem(root.cert)).level == "B-B"  # no list kept yet
    ws = Workspace.create(None, root.cert)
    crlstore.save(revocation.publish_crl(ws, root), root.cert)
    report = verify_package(package_for(branch), keys.cert_pem(root.cert))
    assert report.ok and report.level == "B-LT" and report.crl_number == 1
