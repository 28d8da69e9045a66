"""The return (退回) round trip through the command line, and `votedesk package` refusing what the verifier rejects."""
from __future__ import annotations

import re
import sqlite3

import pytest

from app.cli import main
from app.core.documents import organization
from app.core.higher.overview import versions
from app.core.higher.workspace import Workspace
from app.core.workflow import Election

HIGHER = "中共青石街道工作委员会"


@pytest.fixture
def setup(tmp_path, monkeypatch):
    """A demo election file, the higher level's root and workspace, and the branch key it issued."""
    monkeypatch.setenv("VOTEDESK_PASSPHRASE", "a passphrase")
    monkeypatch.setenv("VOTEDESK_LANG", "zh_CN")
    monkeypatch.setenv("VOTEDESK_CHIEF_PIN", "2024")  # the demo chief scrutineer's PIN: package asks for it
    election, ws, h, b = tmp_path / "e.votedesk", str(tmp_path / "ws.vdhl"), tmp_path / "higher", tmp_path / "branch"
    assert main(["demo", str(election)]) == 0
    opened = Election.open(election)
    branch = organization(opened.db).committee
    opened.close()
    for argv in (["keys", "root-init", "--org", HIGHER, "--out", str(h)],
                 ["higher", "init", ws, "--root-cert", str(h / "root.pem")],
                 ["higher", "register", ws, branch],
                 ["keys", "branch-request", "--org", branch, "--out", str(b)],
                 ["higher", "issue", ws, "--root-key", str(h / "root.p12"), "--request", str(b / "branch-request.pem"),
                  "--out", str(b / "issued.pem")],
                 ["keys", "accept", "--key", str(b / "branch.p12"), "--cert", str(b / "issued.pem"),
                  "--root", str(h / "root.pem")]):
        assert main(argv) == 0, argv
    return election, ws, h, b, branch


def test_package_refuses_what_the_verifier_rejects_in_chinese(setup, tmp_path, capsys):
    election, _ws, _h, b, _branch = setup
    con = sqlite3.connect(election)  # an older file: the secretary's post marked competitive
    with con:
        con.execute("UPDATE posts SET competitive = 1 WHERE office = 'secretary'")
    con.close()
    capsys.readouterr()
    assert main(["package", str(election), str(tmp_path / "out.vdpkg"), "--key", str(b / "branch.p12")]) == 1
    err = capsys.readouterr().err
    assert not (tmp_path / "out.vdpkg").exists()
    assert "未签名" in err and "应选1名，候选人只有1名，至少需要2名" in err and "“筹备”" in err, err
    assert not re.search(r"[A-Za-z]", err), err


def test_return_round_trip_headless(setup, tmp_path, capsys):
    election, ws, h, b, branch = setup
    first, second, ret = tmp_path / "first.vdpkg", tmp_path / "second.vdpkg", tmp_path / "return.pdf"
    assert main(["package", str(election), str(first), "--key", str(b / "branch.p12")]) == 0
    assert main(["higher", "import", ws, str(first)]) == 0
    assert main(["higher", "reply", ws, "--root-key", str(h / "root.p12"), "--package-id", "1", "--number",
                 "青石街工委〔2024〕20号", "--return", "--reason", "请复核第1轮计票结果后重新报送", "--out", str(ret)]) == 0
    assert main(["verify-reply", str(ret), "--trust", str(h / "root.pem"), "--package", str(first),
                 "--election", str(election)]) == 0
    out = capsys.readouterr().out
    assert "verdict: GENUINE" in out and "return 青石街工委〔2024〕20号 recorded" in out
    e = Election.open(election)
    try:
        assert not e.election_info()["official"]
        ballot = e.count_input(e.rounds()[0].id)["ballots"][0]
        assert e.amend_ballot(ballot["id"], ballot["marks"], reason_text="按退回意见复核", approved_by="周强").ok
        assert e.mark_official("周强", "2024").ok and e.confirm_chief("周强", "2024", "sign_package").ok
    finally:
        e.close()
    assert main(["package", str(election), str(second), "--key", str(b / "branch.p12")]) == 0
    assert main(["higher", "import", ws, str(second)]) == 0
    assert main(["higher", "overview", ws, "--versions"]) == 0
    out = capsys.readouterr().out
    assert "#2 imported accepted" in out and "returned 青石街工委〔2024〕20号 | superseded" in out and "#2 signed" in out
    assert [(v.verdict, v.reply, v.standing) for v in versions(Workspace.open(ws), branch)] == [
        ("accepted", "returned", False), ("accepted", "", True)]
