"""The higher-level flow through the command line: keys, workspace, import twice, overview, reply."""
from __future__ import annotations

import csv

from openpyxl import load_workbook

from app.cli import main

HIGHER, BRANCH = "中共示范区机关工作委员会", "中共示范区机关第一支部委员会"


def test_cli_flow(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("VOTEDESK_PASSPHRASE", "a passphrase")
    ws, h, b = str(tmp_path / "ws.vdhl"), tmp_path / "higher", tmp_path / "branch"
    steps = [
        ["keys", "root-init", "--org", HIGHER, "--out", str(h)],
        ["higher", "init", ws, "--root-cert", str(h / "root.pem")],
        ["higher", "register", ws, BRANCH, "中共示范区机关第二支部委员会"],
        ["keys", "branch-request", "--org", BRANCH, "--out", str(b)],
        ["higher", "issue", ws, "--root-key", str(h / "root.p12"), "--request", str(b / "branch-request.pem"),
         "--out", str(b / "issued.pem")],
        ["keys", "accept", "--key", str(b / "branch.p12"), "--cert", str(b / "issued.pem"), "--root", str(h / "root.pem")],
        ["demo-package", str(tmp_path / "out"), "--branch-key", str(b / "branch.p12")],
        ["verify", str(tmp_path / "out" / "demo.vdpkg"), "--trust", str(h / "root.pem")],
        ["higher", "import", ws, str(tmp_path / "out" / "demo.vdpkg"), str(tmp_path / "out" / "demo.vdpkg")],
        ["higher", "overview", ws, "--csv", str(tmp_path / "o.csv"), "--xlsx", str(tmp_path / "o.xlsx")],
        ["higher", "reply", ws, "--root-key", str(h / "root.p12"), "--package-id", "1", "--number", "示机工〔2025〕12号",
         "--out", str(tmp_path / "reply.pdf")],
        ["verify-reply", str(tmp_path / "reply.pdf"), "--trust", str(h / "root.pem"),
         "--package", str(tmp_path / "out" / "demo.vdpkg")],
    ]
    for argv in steps:
        assert main(argv) == 0, argv
    out = capsys.readouterr().out
    assert "#1 imported accepted" in out and "#1 duplicate" in out and "verdict: GENUINE" in out
    rows = list(csv.reader((tmp_path / "o.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [r[0] for r in rows[1:]].count(BRANCH) == 1  # the branch once, its election under its own name
    assert load_workbook(tmp_path / "o.xlsx").active.max_row == 3
