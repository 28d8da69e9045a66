"""Paper codes headless: a mistyped code rejects the genuine package; the corrected code judges it again (issue 12)."""
from __future__ import annotations

import pytest

from app.cli import main
from app.core.higher.overview import overview
from app.core.higher.workspace import Workspace
from app.core.reports.papercode import election_codes
from app.core.storage.database import open_file
from tests.core.higher.test_return_cli import setup  # noqa: F401 - the fixture: demo file, workspace, issued key


@pytest.mark.slow  # the core tests (test_paper_code.py) cover the same sequence in the default tier
def test_mistyped_then_corrected_code_through_the_command_line(setup, tmp_path, capsys):  # noqa: F811
    election, ws, _h, b, branch = setup
    pkg = tmp_path / "demo.vdpkg"
    assert main(["package", str(election), str(pkg), "--key", str(b / "branch.p12")]) == 0
    db = open_file(election)
    codes = [election_codes(db)[k] for k in sorted(election_codes(db))]
    db.close()
    typo = codes[0][:-1] + ("1" if codes[0][-1] != "1" else "2")
    wrong = [a for c in [typo, *codes[1:]] for a in ("--paper-code", c)]
    right = [a for c in codes for a in ("--paper-code", c)]
    capsys.readouterr()
    assert main(["higher", "import", ws, str(pkg), *wrong]) == 1
    out = capsys.readouterr().out
    assert "重新导入" in out and "报告与导出" not in out, out
    assert main(["higher", "paper-code", ws, "--package-id", "1", *right]) == 0
    row = next(r for r in overview(Workspace.open(ws)) if r.organization == branch)
    assert row.verdict == "accepted" and "paper_code_checked" in row.flags
    assert main(["higher", "import", ws, str(pkg), *right]) == 0  # the same again with the codes: checked again
    assert "rechecked" in capsys.readouterr().out
    assert main(["higher", "paper-code", ws, "--package-id", "1", "--paper-code", typo]) == 1  # a typo again
    assert next(r for r in overview(Workspace.open(ws)) if r.organization == branch).verdict == "rejected"


def test_a_by_election_s_rounds_are_named_so_in_the_package(tmp_path):
    """The higher level's sentences name the round from result.json: a by-election's is 补选, not 委员选举."""
    from app.core.resultpkg import round_records, summary

    target = tmp_path / "by.votedesk"
    assert main(["demo", str(target), "--path", "by_election"]) == 0
    db = open_file(target)
    records = round_records(db)
    head = summary(db, records)
    db.close()
    assert records and all("补选（" in r.title and "选举（" not in r.title for r in records)
    assert head["title"].endswith("补选")
