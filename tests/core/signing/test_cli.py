"""`votedesk verify`, `votedesk keys …` and `votedesk demo-package` through the real command line."""
from __future__ import annotations

import json
import random

import pytest

from app.cli import main
from app.core.signing import keys
from tests.fixtures import signing_demo as demo
from app.core.signing.package import build_package

from .conftest import WHEN


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("demo")
    assert main(["demo-package", str(d)]) == 0
    return d


def test_demo_package_writes_three_files(demo_dir):
    assert sorted(p.name for p in demo_dir.iterdir()) == ["demo.vdpkg", "result-report.pdf", "root.pem"]


def test_verify_accepts_the_demo(demo_dir, capsys):
    assert main(["verify", str(demo_dir / "demo.vdpkg"), "--trust", str(demo_dir / "root.pem")]) == 0
    out = capsys.readouterr().out
    # The demo package is the real demo election (tie re-vote, first plenary), signed by its own branch.
    assert "verdict: ACCEPTED" in out and "[FAIL]" not in out
    assert "elected (recount): 王建国, 李秀英, 张伟, 刘洋, 杨帆" in out and "signer:  中共青石社区支部委员会" in out


def test_verify_rejects_with_every_reason(demo_dir, tmp_path, capsys):
    bad = bytearray((demo_dir / "demo.vdpkg").read_bytes())
    bad[len(bad) // 2] ^= 0xFF
    (tmp_path / "bad.vdpkg").write_bytes(bad)
    assert main(["verify", str(tmp_path / "bad.vdpkg"), "--trust", str(demo_dir / "root.pem")]) == 1
    out = capsys.readouterr().out
    assert "verdict: REJECTED" in out and "[FAIL]" in out


def test_verify_json(demo_dir, capsys):
    assert main(["verify", str(demo_dir / "demo.vdpkg"), "--trust", str(demo_dir / "root.pem"), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] is True and doc["checks"][0]["name"] == "container"


@pytest.mark.parametrize("case", ["missing", "not_zip", "bad_pem", "missing_root"])
def test_verify_unreadable_input_exits_2(case, demo_dir, tmp_path, capsys):
    pkg, root = demo_dir / "demo.vdpkg", demo_dir / "root.pem"
    if case == "missing":
        pkg = tmp_path / "nope.vdpkg"
    elif case == "not_zip":
        pkg = demo_dir / "result-report.pdf"
    elif case == "bad_pem":
        root = tmp_path / "bad.pem"
        root.write_text("-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n")
    else:
        root = tmp_path / "nope.pem"
    assert main(["verify", str(pkg), "--trust", str(root)]) == 2


def test_key_ceremony_end_to_end(tmp_path, monkeypatch, capsys):
    """Root, branch request, issue, accept, then a package signed with the accepted key verifies."""
    monkeypatch.setenv("VOTEDESK_PASSPHRASE", "root passphrase")
    higher, branch = tmp_path / "higher", tmp_path / "branch"
    assert main(["keys", "root-init", "--org", "中共某某区委组织部", "--out", str(higher)]) == 0
    assert main(["keys", "branch-request", "--org", "中共某某局第二支部委员会", "--out", str(branch)]) == 0
    assert main(["keys", "issue", "--root-key", str(higher / "root.p12"), "--request", str(branch / "branch-request.pem"),
                 "--out", str(branch / "issued.pem")]) == 0
    assert main(["keys", "accept", "--key", str(branch / "branch.p12"), "--cert", str(branch / "issued.pem"),
                 "--root", str(higher / "root.pem")]) == 0
    assert main(["keys", "show", str(branch / "issued.pem")]) == 0
    assert "O=中共某某局第二支部委员会" in capsys.readouterr().out
    identity = keys.import_pkcs12((branch / "branch.p12").read_bytes(), "root passphrase")
    assert not identity.self_signed and identity.chain[0] == keys.load_cert((higher / "root.pem").read_bytes())
    records = demo.rounds()
    election = {**demo.summary(records), "organization": identity.organization}  # signed by its own organization
    pkg = build_package(identity=identity, election=election, rounds=records, audit=demo.audit_entries(),
                        pdfs=[("result-report.pdf", demo.report_pdf(records))], when=WHEN, rng=random.Random(2))
    (tmp_path / "p.vdpkg").write_bytes(pkg)
    assert main(["verify", str(tmp_path / "p.vdpkg"), "--trust", str(higher / "root.pem")]) == 0


def test_keys_never_overwrite_and_need_a_passphrase(tmp_path, monkeypatch):
    monkeypatch.setenv("VOTEDESK_PASSPHRASE", "root passphrase")
    assert main(["keys", "root-init", "--org", "上级", "--out", str(tmp_path)]) == 0
    before = (tmp_path / "root.p12").read_bytes()
    assert main(["keys", "root-init", "--org", "上级", "--out", str(tmp_path)]) == 2
    assert (tmp_path / "root.p12").read_bytes() == before
    monkeypatch.setenv("VOTEDESK_PASSPHRASE", "wrong passphrase")
    assert main(["keys", "issue", "--root-key", str(tmp_path / "root.p12"), "--request", str(tmp_path / "root.pem"),
                 "--out", str(tmp_path / "x.pem")]) == 2
