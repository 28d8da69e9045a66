"""The higher level's import view: a mistyped paper code, then the corrected one on the stored package (issue 12)."""
from __future__ import annotations

import datetime as dt

import pytest

from app.core.demo import ORGANIZATION, create_demo
from app.core.higher.overview import overview
from app.core.higher.workspace import Workspace
from app.core.reports.papercode import election_codes
from app.core.resultpkg import unchecked_package
from app.core.signing import keys
from app.core.storage.database import open_file
from app.gui.higher.window import HigherWindow
from tests.gui.test_higher_window import FakePrompts, wait

DAY = dt.date(2024, 5, 20)


@pytest.fixture
def setting(tmp_path):
    """A workspace on disk with the demo branch registered, its genuine package and the codes its papers print."""
    root = keys.create_root("中共青石街道工作委员会")
    ws = Workspace.create(tmp_path / "ws.vdhl", root.cert)
    ws.register_branch(ORGANIZATION)
    key = keys.new_key()
    branch = keys.accept_issued_cert(key, ws.issue_certificate(root, keys.branch_request(key, ORGANIZATION)),
                                     keys.cert_pem(root.cert))
    ws.db.conn.close()
    db = open_file(create_demo(tmp_path / "demo.votedesk"))
    (tmp_path / "demo.vdpkg").write_bytes(unchecked_package(db, branch, DAY))
    codes = [election_codes(db)[k] for k in sorted(election_codes(db))]
    db.close()
    return tmp_path / "ws.vdhl", tmp_path / "demo.vdpkg", codes


def test_a_mistyped_code_then_check_the_codes_puts_the_package_on_record(qtbot, setting):  # noqa: ANN001
    path, pkg, codes = setting
    window = HigherWindow()
    window.prompts = FakePrompts()
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    assert window.open_workspace(str(path))
    view = window.import_view
    typo = codes[0][:-1] + ("1" if codes[0][-1] != "1" else "2")
    view.codes.setText(" ".join([typo, *codes[1:]]))
    view.start([str(pkg)])
    wait(qtbot, window)
    line = view.result_lines()["demo.vdpkg"]
    assert line[0] == "Rejected" and "Check the codes" in line[1]
    assert any("import the package again with the corrected codes" in t for t in line[2:]), line
    assert not any("Report" in t for t in line[2:]), line  # no branch page named for the higher level's staff
    assert view.selected_package() == ("demo.vdpkg", 1)  # the rejected line is selected, opened
    view.codes.clear()
    view.check_button.click()  # no code typed: it says what to do, and runs nothing
    assert window.prompts.infos and window.busy == 0
    view.codes.setText(" ".join(codes))
    assert view.selected_package() == ("demo.vdpkg", 1)
    view.check_button.click()
    wait(qtbot, window)
    again = view.result_lines()
    assert view.tree.topLevelItemCount() == 2 and view.outcomes[-1].kind == "accepted", again
    assert "On record as package #1" in view.tree.topLevelItem(1).text(3)
    rows = {r.organization: r for r in overview(Workspace.open(path))}
    assert rows[ORGANIZATION].verdict == "accepted" and "paper_code_checked" in rows[ORGANIZATION].flags
    view.start([str(pkg)])  # the stick read again with the right codes: checked again, nothing else
    wait(qtbot, window)
    assert view.result_lines()["demo.vdpkg"][0] == "Codes checked"


@pytest.mark.slow  # the import view's test checks the same judging again in the default tier
def test_codes_typed_in_the_overview_judge_the_package_on_file_again(qtbot, setting):  # noqa: ANN001
    """Another day, no file at hand: the overview's "Paper codes…" corrects a mistyped code for the stored package."""
    path, pkg, codes = setting
    from app.core.higher.imports import import_package

    typo = codes[0][:-1] + ("1" if codes[0][-1] != "1" else "2")
    ws = Workspace.open(path)
    assert import_package(ws, pkg.read_bytes(), paper_codes=[typo, *codes[1:]]).status == "rejected"
    ws.close()
    window = HigherWindow()
    window.prompts = prompts = FakePrompts()
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    assert window.open_workspace(str(path))
    view = window.overview_view
    assert view.select(ORGANIZATION) and view.codes_button.isEnabled()
    assert {r.organization: r for r in view.model.rows}[ORGANIZATION].verdict == "rejected"
    prompts.dialogs = [" ".join(codes)]
    view.codes_button.click()
    wait(qtbot, window)
    assert prompts.infos and "accepted and on record" in prompts.infos[-1][1], prompts.infos
    row = {r.organization: r for r in view.model.rows}[ORGANIZATION]
    assert row.verdict == "accepted" and "paper_code_checked" in row.flags
    prompts.dialogs = [typo]  # a wrong code again: rejected, and the overview says what the staff do
    view.codes_button.click()
    wait(qtbot, window)
    assert "is rejected" in prompts.infos[-1][1] and "import the package again" in prompts.infos[-1][1]
    assert {r.organization: r for r in view.model.rows}[ORGANIZATION].verdict == "rejected"
