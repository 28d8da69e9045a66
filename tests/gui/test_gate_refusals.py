"""Each page shows the core's refusal with its rule id, and the next step stays closed."""
from __future__ import annotations

from PySide6.QtWidgets import QFileDialog

from app.gui.main_window import MainWindow
from app.core.citations import citation
from tests.gui.helpers import answer_yes, demo_window


def _new_window(qtbot, tmp_path, monkeypatch) -> MainWindow:  # noqa: ANN001
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "new.votedesk"), ""))
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.new_file()
    return window


def test_a_new_file_opens_at_setup_with_what_is_missing(qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    window = _new_window(qtbot, tmp_path, monkeypatch)
    page = window.stack.currentWidget()
    assert page.step == "setup" and not page.next_button.isEnabled()
    text = page.banner.label.text()
    assert f"Add the posts to fill and their seats ({citation('R4.1')})" in text
    assert window.step_list.item(1).text().startswith("✕")  # later steps are blocked


def test_ballots_are_not_issued_twice_for_a_round(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = demo_window(qtbot, tmp_path)
    window.go_to("ballots")
    page = window.stack.currentWidget()
    page.issued.setValue(30)
    page.rounds_table.selectRow(0)
    page.issue()
    assert f"Round 1 cannot take this action now ({citation('R10.3')})" in page.banner.label.text()
    assert window.session.election.rounds()[0].issued == 36


def test_closing_a_round_with_ballots_missing_is_refused(qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    answer_yes(monkeypatch)
    window = demo_window(qtbot, tmp_path)
    page = window.stack.currentWidget()
    page.close_round()
    assert f"0 of 36 returned ballots keyed in ({citation('R10.1')})" in page.banner.label.text()
    assert not page.view.closed


def test_a_candidate_list_below_the_margin_cannot_be_approved(qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    window = _new_window(qtbot, tmp_path, monkeypatch)
    e = window.session.election
    post = e.add_post("committee_member", 5)
    from app.core.models import MemberRecord

    ids = e.add_members([MemberRecord(n) for n in ("王甲", "李乙", "张丙", "刘丁", "陈戊")])
    for mid in ids:
        e.nominate(post, mid, "party_group")
    window.go_to("candidates")
    page = window.stack.currentWidget()
    for i in range(page.choices.count()):
        page.choices.item(i).setCheckState(page.choices.item(i).checkState().Checked)
    assert f"5 for 5 seats, need 6 ({citation('R5.1')})" in page.margin_label.text()
    page.set_candidates()
    page.doc.setText("批复1号")
    page.approve()
    assert f"({citation('R5.1')})" in page.banner.label.text() and f"({citation('R4.4')})" in page.banner.label.text()


def test_sign_in_before_the_meeting_is_open_is_not_offered(qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    window = _new_window(qtbot, tmp_path, monkeypatch)
    window.go_to("sign_in")
    page = window.stack.currentWidget()
    assert not page.search.isEnabled() and page.open_box.isVisibleTo(page)
