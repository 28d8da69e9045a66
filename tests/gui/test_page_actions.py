"""Every page's and menu's user actions driven once in a realistic state, second actions too (edit, undo, remove)."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Callable

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractButton, QApplication, QComboBox, QFileDialog, QGroupBox, QLabel, QLineEdit, QMessageBox, QPushButton,
    QSpinBox, QTableWidget, QTabWidget,
)

from app.core import demo, i18n
from app.core.demo import CHIEF, CHIEF_PIN
from app.core.workflow import Election
from app.gui import settings
from app.gui.dialogs.audit_dialog import AuditDialog
from app.gui.dialogs.import_dialog import ImportPreviewDialog
from app.gui.dialogs.incidents_dialog import IncidentsDialog
from app.gui.dialogs.pdf_preview import PdfPreviewDialog
from app.gui.dialogs.signing_dialogs import ChiefConfirmation
from app.gui.main_window import MainWindow
from app.gui.worker import wait_for_background
from app.core.citations import citation
from tests.gui.conftest import type_text
from tests.gui.helpers import Canned, demo_window

STEPS = ("setup", "roll", "nomination", "candidates", "sign_in", "method", "ballots", "counting", "results", "plenary",
         "report")
# The demo's first round prints its six candidates in this order (surname strokes, R6.1).
BALLOT_ORDER = ("王建国", "刘洋", "李秀英", "杨帆", "张伟", "陈静")


class Boxes:
    """Qt's static message boxes, recorded and answered (conftest's guard sees only boxes exec'd from Python)."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []  # (kind, text)
        self.answers: list[QMessageBox.StandardButton] = []  # for questions, in order; Yes when none is left

    def question(self, _parent: Any, _title: str, text: str, *_a: Any, **_k: Any) -> QMessageBox.StandardButton:
        self.shown.append(("question", text))
        return self.answers.pop(0) if self.answers else QMessageBox.StandardButton.Yes

    def information(self, _parent: Any, _title: str, text: str, *_a: Any, **_k: Any) -> QMessageBox.StandardButton:
        self.shown.append(("information", text))
        return QMessageBox.StandardButton.Ok

    def about(self, _parent: Any, _title: str, text: str) -> None:
        self.shown.append(("about", text))

    def kinds(self) -> list[str]:
        return [kind for kind, _text in self.shown]


@pytest.fixture(autouse=True)
def boxes(monkeypatch) -> Boxes:  # noqa: ANN001
    """Every static box is recorded; a warning or critical one fails the test (it would be an error shown)."""
    found = Boxes()
    for kind in ("question", "information", "about"):
        monkeypatch.setattr(QMessageBox, kind, getattr(found, kind))
    for kind in ("warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda *a, k=kind: pytest.fail(f"unexpected {k} box: {a[2:3]}"))
    return found


# ---- helpers ------------------------------------------------------------------------------------
def _open(qtbot, path: Path) -> MainWindow:  # noqa: ANN001
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_file(str(path))
    return window


def prep_window(qtbot, tmp_path: Path, *stages: Callable[[Election, dict[str, int]], Any]) -> MainWindow:  # noqa: ANN001
    """An election in preparation: the demo's setup, then the demo's own later stages given."""
    path = tmp_path / "prep.votedesk"
    e = Election.create(path)
    try:
        posts = demo._setup(e)  # noqa: SLF001 - the demo's own steps give a realistic state before the meeting
        for stage in stages:
            stage(e, posts)
    finally:
        e.close()
    return _open(qtbot, path)


def roll(e: Election, _posts: dict[str, int]) -> None:
    demo._roll_and_exclusion(e)  # noqa: SLF001


def candidates(e: Election, posts: dict[str, int]) -> None:
    demo._candidates(e, posts)  # noqa: SLF001


def go(window: MainWindow, step: str) -> Any:
    """Show a step's page as the side panel does and return it."""
    window.go_to(step)
    page = window.stack.currentWidget()
    assert page.step == step
    return page


def marks(window: MainWindow) -> dict[str, str]:
    """Each step's state mark as the side panel shows it (✓ done, ● open, ■ locked, ✕ blocked)."""
    return {s: window.step_list.item(n).text()[0] for n, s in enumerate(STEPS)}


def cells(t: QTableWidget, column: int = 0) -> list[str]:
    return [t.item(r, column).text() for r in range(t.rowCount())]


def select(t: QTableWidget, text: str) -> None:
    """Select the row whose first cell reads ``text``, as a click would."""
    t.selectRow(cells(t).index(text))


def events(window: MainWindow) -> list[str]:
    return [x.event for x in window.session.election.audit_entries()]


def banner(page: Any) -> str:
    return page.banner.label.text()


def button(widget: Any, text: str) -> QAbstractButton:
    """The button labelled ``text`` (mnemonic ampersands ignored)."""
    found = [b for b in widget.findChildren(QAbstractButton) if b.text().replace("&", "") == text]
    assert len(found) == 1, [b.text() for b in widget.findChildren(QAbstractButton)]
    return found[0]


def settle(qtbot, until: Callable[[], Any]) -> None:  # noqa: ANN001
    def ready() -> bool:
        wait_for_background(1000)
        return bool(until())
    qtbot.waitUntil(ready, timeout=30000)


def to_pdf(path: Path) -> Callable[[QPrinter], bool]:
    """A print dialog answered with "print to this PDF file"."""
    def setup(printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        printer.setResolution(100)
        return True
    return setup


# ---- preparation: setup, roll, nomination, candidates, sign-in, method --------------------------------
def test_setup_page_corrections_keep_what_was_entered(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = prep_window(qtbot, tmp_path)
    page = go(window, "setup")
    e = page.session.election
    # Everything stored is shown, dates included: correcting one field must not put back today's date.
    assert page.meeting_date.date().toString("yyyy-MM-dd") == "2024-05-18"
    assert page.request_date.date().toString("yyyy-MM-dd") == "2024-03-20"
    assert page.reply_date.date().toString("yyyy-MM-dd") == "2024-03-28"
    page.org_name.setText("中共青石社区第二支部委员会")
    button(page, "Save the organization").click()
    assert e.organization()["name"] == "中共青石社区第二支部委员会" == page.org_name.text()
    page.place.setText("青石社区党群服务中心三楼")
    button(page, "Save the election").click()
    info = e.election_info()
    assert (info["place"], info["meeting_date"], info["term_years"]) == ("青石社区党群服务中心三楼", "2024-05-18", 5)
    page.request_doc.setText("青石社支〔2024〕4号")
    button(page, "Record the request").click()
    page.reply_doc.setText("青石街工委〔2024〕12号")
    button(page, "Record the higher level's reply (approved)").click()
    info = e.election_info()
    assert (info["request_doc"], info["request_date"]) == ("青石社支〔2024〕4号", "2024-03-20")
    assert (info["reply_doc"], info["reply_date"]) == ("青石街工委〔2024〕12号", "2024-03-28")
    page.office.setCurrentIndex(page.office.findData("standing_committee"))
    page.seats.setValue(3)
    button(page, "Add the post").click()
    assert cells(page.posts_table, 1)[-1] == "Standing committee" and cells(page.posts_table, 2)[-1] == "3"
    page.seats.setValue(4)
    button(page, "Add the post").click()  # the same post again corrects its seats
    assert page.posts_table.rowCount() == 4 and cells(page.posts_table, 2)[-1] == "4"
    assert events(window)[-6:] == ["organization_set", "election_set", "request_recorded", "reply_recorded",
                                   "post_added", "post_changed"]
    assert marks(window)["setup"] == "✓" and marks(window)["roll"] == "●"
    i18n.set_language("zh_CN")
    page.load()  # competitive or not, in the words of the regulations (not the "yes" of a ballot mark)
    assert cells(page.posts_table, 3) == ["差额", "等额", "等额", "差额"]


def test_roll_page_status_exclusions_and_import(qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    window = prep_window(qtbot, tmp_path, roll)
    page = go(window, "roll")
    e = page.session.election
    select(page.members_table, "蒋欣")  # probationary until June 2025: the roll said so by mistake
    page.status_box.setCurrentIndex(page.status_box.findData("full"))
    button(page, "Set the status of the selected member").click()
    assert cells(page.members_table, 4)[cells(page.members_table).index("蒋欣")] == "Full member"
    select(page.members_table, "蒋欣")
    page.status_box.setCurrentIndex(page.status_box.findData("probationary"))
    button(page, "Set the status of the selected member").click()  # and back
    assert cells(page.members_table, 4)[cells(page.members_table).index("蒋欣")] == "Probationary member"
    select(page.members_table, "丁力")
    page.exclusion_reason.setCurrentIndex(page.exclusion_reason.findData("serving_sentence"))
    button(page, "Request exclusion of the selected member").click()
    assert cells(page.exclusions_table) == ["吕宁", "丁力"] and cells(page.exclusions_table, 2)[1] == "–"
    select(page.exclusions_table, "丁力")
    page.consent_doc.setText("青石街工委〔2024〕16号")
    page.consent_date.setDate(QDate(2024, 5, 10))  # consent first, the assembly by its day (R2.3)
    page.assembly_date.setDate(QDate(2024, 5, 18))
    button(page, "Record both approvals").click()
    assert cells(page.exclusions_table, 2)[1] == "青石街工委〔2024〕16号"
    select(page.exclusions_table, "丁力")
    button(page, "Withdraw").click()  # both approvals, then withdrawn after all
    assert cells(page.exclusions_table) == ["吕宁"]
    members = len(e.members())
    csv = tmp_path / "late.csv"
    csv.write_text("姓名,性别,出生日期,民族,入党时间,党员类别\n钱坤,男,1970-01-02,汉族,1995-07-01,正式党员\n", encoding="utf-8-sig")
    shown: list[ImportPreviewDialog] = []
    monkeypatch.setattr(ImportPreviewDialog, "exec", lambda self: shown.append(self) or 1)  # OK clicked
    chosen = iter(["", str(csv), str(csv)])  # cancelled, then the file twice
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (next(chosen), ""))
    page.import_button.click()
    assert not shown and page.import_button.isEnabled()
    for n in (1, 2):  # the second import of the same file finds the name on the roll: nothing is added
        page.import_button.click()
        settle(qtbot, lambda n=n: page.import_button.isEnabled() and len(shown) == n)
    assert len(e.members()) == members + 1 and "钱坤" in cells(page.members_table)
    assert not page.last_preview.ok and events(window).count("members_added") == 2


def test_nomination_page_shows_a_recorded_vetting_to_correct_it(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = prep_window(qtbot, tmp_path, roll)
    page = go(window, "nomination")
    for name, count in (("黄丽", 9), ("周强", 7)):
        page.member_box.setCurrentIndex(page.member_box.findText(name))
        page.source_box.setCurrentIndex(page.source_box.findData("members_jointly"))
        page.count.setValue(count)
        button(page, "Record the nomination").click()
    assert cells(page.nominations_table) == ["黄丽", "周强"] and cells(page.nominations_table, 2) == ["9", "7"]
    assert cells(page.nominations_table, 3) == ["not vetted", "not vetted"]
    page.files_reviewed.setChecked(True)
    page.pledge.setChecked(True)
    page.talks.setValue(6)
    page.opinion.setText("无违纪违法问题")
    page.vetted_by.setText("青石街道党工委组织科")
    page.vetted_on.setDate(page.vetted_on.date().fromString("2024-04-12", "yyyy-MM-dd"))
    for name in ("黄丽", "周强"):
        select(page.nominations_table, name)
        button(page, "Record the vetting of the selected nominee").click()
    assert cells(page.nominations_table, 3) == ["passed", "passed"] and marks(window)["nomination"] == "✓"
    # 周强's talks were miscounted: a blank form, then selecting him shows what was recorded, to correct.
    page.opinion.clear()
    page.talks.setValue(0)
    page.nominations_table.clearSelection()
    select(page.nominations_table, "周强")
    assert (page.opinion.text(), page.talks.value(), page.vetted_by.text()) == ("无违纪违法问题", 6, "青石街道党工委组织科")
    assert page.vetted_on.date().toString("yyyy-MM-dd") == "2024-04-12"
    page.conclusion.setCurrentIndex(page.conclusion.findData("fail"))
    button(page, "Record the vetting of the selected nominee").click()
    assert cells(page.nominations_table, 3) == ["passed", "not passed"]
    select(page.nominations_table, "周强")
    page.conclusion.setCurrentIndex(page.conclusion.findData("pass"))
    button(page, "Record the vetting of the selected nominee").click()  # corrected again
    assert cells(page.nominations_table, 3) == ["passed", "passed"] and marks(window)["nomination"] == "✓"
    assert page.session.election.vetting(page.session.election.member_id("周强")).talks == 6


def test_candidates_page_untick_retick_and_approve_again(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = prep_window(qtbot, tmp_path, roll, candidates)
    page = go(window, "candidates")
    assert page.approval_label.text() == "Approved: 青石街工委〔2024〕19号 of 2024-05-06"
    item = page.choices.findItems("杨帆", Qt.MatchFlag.MatchExactly)[0]
    item.setCheckState(Qt.CheckState.Unchecked)
    assert f"5 for 5 seats, need 6 ({citation('R5.1')})" in page.margin_label.text() and "杨帆" not in page.order_label.text()
    item.setCheckState(Qt.CheckState.Checked)  # toggled back before saving: nothing changed
    assert f"6 candidates for 5 seats: the margin is met ({citation('R5.1')})" in page.margin_label.text()
    assert page.order_label.text() == "　".join(BALLOT_ORDER)
    page.choices.findItems("张伟", Qt.MatchFlag.MatchExactly)[0].setCheckState(Qt.CheckState.Unchecked)
    page.choices.findItems("赵磊", Qt.MatchFlag.MatchExactly)[0].setCheckState(Qt.CheckState.Checked)
    button(page, "Set the candidate list").click()  # a changed list loses its approval
    assert page.approval_label.text() == "Not approved yet" and marks(window)["candidates"] == "●"
    page.doc.setText("青石街工委〔2024〕20号")
    page.dated.setDate(QDate(2024, 5, 10))  # before the meeting (R4.5)
    page.notice_from.setDate(QDate(2024, 5, 11))
    page.notice_to.setDate(QDate(2024, 5, 16))
    button(page, "Record the higher level's approval").click()  # 赵磊 failed vetting: refused with the rule
    assert "The action was refused:" in banner(page) and f"赵磊 did not pass vetting ({citation('R4.4')})" in banner(page)
    page.choices.findItems("赵磊", Qt.MatchFlag.MatchExactly)[0].setCheckState(Qt.CheckState.Unchecked)
    page.choices.findItems("张伟", Qt.MatchFlag.MatchExactly)[0].setCheckState(Qt.CheckState.Checked)
    button(page, "Set the candidate list").click()
    button(page, "Record the higher level's approval").click()
    assert page.approval_label.text().startswith("Approved: 青石街工委〔2024〕20号") and marks(window)["candidates"] == "✓"
    assert [n for _m, n in page.session.election.candidates(page.post_box.currentData())] == list(BALLOT_ORDER)


def test_sign_in_page_search_enter_double_click_and_sign_out(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = prep_window(qtbot, tmp_path, roll, candidates)
    page = go(window, "sign_in")
    assert page.open_box.isVisibleTo(page) and not page.search.isEnabled()
    page.place.setText("青石社区党群服务中心二楼会议室")
    button(page, "Open the meeting").click()
    assert not page.open_box.isVisibleTo(page) and page.search.isEnabled()
    assert page.quorum.numbers["expected"].text() == "39" and page.quorum.numbers["present"].text() == "0"
    page.search.setText("wjg")  # pinyin initials of 王建国, then Enter
    assert [page.absent.item(i).text() for i in range(page.absent.count()) if not page.absent.item(i).isHidden()] == ["王建国"]
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    type_text(page.search, "秀英")  # characters of the name, as an input method commits them
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    page.absent.itemActivated.emit(page.absent.findItems("张伟", Qt.MatchFlag.MatchExactly)[0])  # double-click
    assert [page.present.item(i).text() for i in range(page.present.count())] == ["王建国", "李秀英", "张伟"]
    assert page.present_label.text() == "Signed in: 3" and page.quorum.numbers["present"].text() == "3"
    assert page.search.text() == ""
    page.present.setCurrentItem(page.present.findItems("李秀英", Qt.MatchFlag.MatchExactly)[0])
    button(page, "Mark the selected member as left").click()
    page.present.itemActivated.emit(page.present.findItems("张伟", Qt.MatchFlag.MatchExactly)[0])  # double-click: left
    assert [page.present.item(i).text() for i in range(page.present.count())] == ["王建国"]
    assert page.quorum.numbers["present"].text() == "1" and page.quorum.property("met") == "false"
    page.search.setText("lxy")
    page.sign_in_first()  # she is back
    assert page.quorum.numbers["present"].text() == "2" and "2 of 39, need 32" in page.quorum.sentence.text()
    page.search.setText("贾平")  # under 留党察看: may sign in, has no vote (R2.1)
    page.sign_in_first()
    assert page.present.findItems("贾平 (no vote)", Qt.MatchFlag.MatchExactly)
    assert page.quorum.numbers["present"].text() == "2"
    assert events(window)[-8:] == ["meeting_opened", "signed_in", "signed_in", "signed_in", "signed_out", "signed_out",
                                   "signed_in", "signed_in"]
    assert marks(window)["sign_in"] == "●"  # 2 of 39 present: the quorum is not met (R3.1)


def test_method_page_refusals_list_edits_and_the_pin(qtbot, tmp_path) -> None:  # noqa: ANN001
    def meeting(e: Election, _posts: dict[str, int]) -> None:
        m = e.open_meeting("assembly", "2024-05-18", "青石社区党群服务中心二楼会议室")
        e.sign_in(m, [mid for mid, rec in e.members() if rec.name in demo.FULL[:36]])
    window = prep_window(qtbot, tmp_path, roll, candidates, meeting)
    page = go(window, "method")
    page.method_text.setPlainText("《青石社区支部委员会换届选举办法》")
    page.votes_for.setValue(18)  # not more than half of 36
    button(page, "Record the adoption").click()
    assert f"needs the votes of more than half of the 36 present: 18 voted for it ({citation('R4.7')})" in banner(page)
    page.votes_for.setValue(30)
    page.write_in_mark.setChecked(False)
    button(page, "Record the adoption").click()
    assert marks(window)["method"] == "●" and not page.write_in_mark.isChecked()
    page.write_in_mark.setChecked(True)
    page.load()  # shown again as adopted, not as the check box was left
    assert not page.write_in_mark.isChecked() and page.votes_for.value() == 30
    assert page.member_box.findText("王建国") == -1  # a candidate is not offered (R4.7)
    for name, role in (("周强", "chief_scrutineer"), ("吴敏", "scrutineer"), ("黄丽", "teller"), ("周强", "teller")):
        page.member_box.setCurrentIndex(page.member_box.findText(name))
        page.role_box.setCurrentIndex(page.role_box.findData(role))
        button(page, "Add to the list").click()
    assert cells(page.people_table) == ["周强", "吴敏", "黄丽"]  # 周强 once
    select(page.people_table, "黄丽")
    button(page, "Remove from the list").click()
    page.member_box.setCurrentIndex(page.member_box.findText("徐军"))
    button(page, "Add to the list").click()
    # the list is stored as entered, its approval pending, until the meeting approves it
    assert cells(page.people_table) == ["周强", "吴敏", "徐军"] and cells(page.people_table, 1)[2] == "Teller (approval pending)"
    assert not page.pin_button.isEnabled()
    button(page, "Record the list as approved by the meeting").click()
    assert marks(window)["method"] == "✓" and page.pin_button.isEnabled() and "周强 chooses one" in page.pin_status.text()
    page.prompts = prompts = Canned(new_pin=[None, CHIEF_PIN])
    page.pin_button.click()  # cancelled
    assert "No PIN set yet" in page.pin_status.text()
    page.pin_button.click()
    assert prompts.pin_requests == [(CHIEF, False), (CHIEF, False)] and "A PIN is set" in page.pin_status.text()
    assert page.session.election.check_chief(CHIEF, CHIEF_PIN).ok


# ---- the meeting: ballots, counting, results, plenary, report (the demo at the counting step) -------
def test_ballots_page_refuses_a_second_round_and_prints_the_round_ballots(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = demo_window(qtbot, tmp_path)
    page = go(window, "ballots")
    assert cells(page.rounds_table) == ["Round 1: Committee members, formal election"]
    assert page.rounds_table.item(0, 2).toolTip() == "、".join(BALLOT_ORDER)  # the cut-off list, in full
    open_round = button(page, "Open the round: Committee members")  # round 1 is open: not a second one
    assert not open_round.isEnabled() and "count and close it first" in open_round.toolTip()
    open_round.click()
    assert len(page.session.election.rounds()) == 1
    out, saved = tmp_path / "ballots.pdf", tmp_path / "usb" / "signin.pdf"
    saved.parent.mkdir()
    page.prompts = page.papers.actions.prompts = prompts = Canned(printer=[to_pdf(out)], save=[str(saved)])
    page.print_button.click()  # the selected round's ballots, built in the worker
    settle(qtbot, lambda: prompts.infos)
    assert prompts.infos == ["Ballot: 委员, formal election, 5 seat(s): 14 page(s) sent to the printer."]  # as printed
    assert out.read_bytes().startswith(b"%PDF")
    page.papers.select("04-signin.pdf")
    button(page.papers, "Save…").click()
    settle(qtbot, lambda: len(prompts.infos) == 2)
    assert saved.read_bytes().startswith(b"%PDF") and not prompts.errors
    page.papers.select("03-candidates.pdf")
    button(page.papers, "Preview…").click()
    settle(qtbot, lambda: [w for w in QApplication.topLevelWidgets() if isinstance(w, PdfPreviewDialog) and w.isVisible()])
    preview = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PdfPreviewDialog) and w.isVisible())
    settle(qtbot, preview.done_rendering)
    assert preview.windowTitle() == "Preview: Candidate list with basic data" and preview.page_count() == 1
    preview.close()


def _ballot(window: MainWindow, qtbot, keys: str) -> None:  # noqa: ANN001
    grid = window.page("counting").entry.grid
    qtbot.keyClicks(grid, keys)
    qtbot.keyClick(grid, Qt.Key.Key_Return)


def _active(qtbot, window: MainWindow) -> None:  # noqa: ANN001
    """Window shortcuts (F5, Ctrl+PgDown …) reach only the active window."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)


def test_counting_keys_marks_corrections_spoiled_undo_and_the_projector(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = demo_window(qtbot, tmp_path)
    page = go(window, "counting")
    _active(qtbot, window)
    entry, grid = page.entry, page.entry.grid
    qtbot.keyClicks(grid, "1209 ")  # yes, no, unreadable, abstain twice (0 and Space)
    assert [c.mark_label.text() for c in grid.cells] == ["○ yes", "× no", "— abstain", "？ unreadable", "— abstain", "·"]
    qtbot.keyClick(grid, Qt.Key.Key_Left)
    qtbot.keyClick(grid, Qt.Key.Key_Left)
    qtbot.keyClicks(grid, "1")  # the cursor back on 杨帆: overwritten with yes
    assert grid.cells[3].mark_label.text() == "○ yes"
    qtbot.keyClick(grid, Qt.Key.Key_Backspace)
    assert grid.cells[3].mark_label.text() == "·"
    qtbot.keyClick(grid, Qt.Key.Key_Escape)  # start this ballot over
    assert all(c.mark_label.text() == "·" for c in grid.cells)
    qtbot.keyClicks(grid, "111222")
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert page.progress.text().startswith("Keyed 1 of 36 returned ballots") and page.tally.item(0, 0).text() == "1"
    qtbot.keyClick(grid, Qt.Key.Key_F8)  # spoiled; F8 again takes it back, and once more
    assert page.spoiled_flag.isVisibleTo(page)
    qtbot.keyClick(grid, Qt.Key.Key_F8)
    assert not page.spoiled_flag.isVisibleTo(page) and not entry.spoiled
    page.spoil_button.click()
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert (page.count.valid, page.count.invalid) == (1, 1)
    qtbot.keyClick(grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the spoiled one taken back
    page.undo_button.click()  # and the first
    assert (page.count.valid, page.count.invalid) == (0, 0) and page.tally.item(0, 0).text() == "0"
    type_text(entry.write_in_edit, "蒋欣")  # a written-in name counts as a selection
    grid.setFocus()
    qtbot.keyClicks(grid, "11112")
    assert "5 selected for 5 seats" in entry.verdict_label.text()
    page.save_button.click()
    assert page.count.valid == 1 and entry.write_in_edit.text() == ""
    assert events(window)[-5:] == ["ballot_recorded", "ballot_recorded", "ballot_deleted", "ballot_deleted",
                                   "ballot_recorded"]
    qtbot.keyClick(grid, Qt.Key.Key_F5)  # the projector, through the View menu's shortcut
    projector = page.projector
    assert projector.isVisible() and projector.summary.text().startswith("Ballots counted: 1 of 36")
    _ballot(window, qtbot, "222222")
    assert projector.summary.text().startswith("Ballots counted: 2 of 36")  # it follows the count
    qtbot.keyClick(projector, Qt.Key.Key_Escape)
    assert not projector.isVisible()
    button(page, "Projector window (F5)").click()
    assert projector.isVisible()
    projector.close()


def test_counting_double_entry_toggle_back_and_the_tally_sheet_write_in(qtbot, tmp_path, boxes) -> None:  # noqa: ANN001
    window = demo_window(qtbot, tmp_path)
    page = go(window, "counting")
    e = page.session.election
    page.double_box.setChecked(True)
    assert page.teller_b.isVisibleTo(page) and e.double_entry(page.view.id) is not None
    page.teller_b.setChecked(True)
    _ballot(window, qtbot, "11111")
    assert page.diff.list.count() == 1 and "Only in teller B's entry" in page.diff.list.item(0).text()
    boxes.answers = [QMessageBox.StandardButton.No]
    page.double_box.setChecked(False)  # teller B's ballot would be lost: asked, and kept on No
    assert page.double_box.isChecked() and boxes.kinds() == ["question"]
    page.diff.list.setCurrentRow(0)
    page.diff.drop_button.click()
    assert page.diff.resolved and page.diff.list.count() == 0
    page.double_box.setChecked(False)  # nothing keyed by teller B now: no question
    assert not page.teller_b.isVisibleTo(page) and boxes.kinds() == ["question"]
    assert events(window)[-4:] == ["double_entry_set", "check_ballot_recorded", "check_ballot_deleted", "double_entry_set"]
    page.tabs.setCurrentIndex(1)
    type_text(page.sheet.write_in_name, "蒋欣")
    button(page.sheet, "Add write-in row").click()
    assert page.sheet.table.rowCount() == 7 and page.sheet.table.verticalHeaderItem(6).text() == "蒋欣"
    for name in BALLOT_ORDER:
        page.sheet.set_counts(name, (20, 10, 5, 1))
    page.sheet.table.item(6, 0).setText("1")
    page.sheet.invalid.setValue(0)
    assert page.sheet.table.item(0, 4).text() == "36"
    page.sheet.save_button.click()
    assert page.view.mode == "tallies" and not page.double_box.isEnabled(), banner(page)
    sheet = e.count_input(page.view.id)
    assert sheet["tallies"]["王建国"]["yes"] == 20 and sheet["write_in_tallies"] == {"蒋欣": 1}
    page.close_button.click()  # the core counts the sheet
    assert e.round_result(page.view.id)["elected"] == list(BALLOT_ORDER[:5]) or e.round_result(page.view.id)["tie_revote"]


def _round_keys(omitted: int) -> str:
    """A valid ballot with yes for every printed name but one (no for it)."""
    return "".join("2" if i == omitted else "1" for i in range(len(BALLOT_ORDER)))


def _close(window: MainWindow, page: Any) -> None:
    page.close_button.click()
    assert page.view.closed, banner(page)


def test_the_demo_counted_on_through_a_tie_the_plenary_and_official_results(qtbot, tmp_path, boxes) -> None:  # noqa: ANN001
    window = demo_window(qtbot, tmp_path)
    page = go(window, "counting")
    # 4 ballots leave out each of the first four, 10 each of 张伟 and 陈静: 32 / 26 yes, a tie at the fifth seat.
    for i, n in enumerate((4, 4, 4, 4, 10, 10)):
        for _k in range(n):
            _ballot(window, qtbot, _round_keys(i))
    _close(window, page)
    assert boxes.kinds() == ["question"] and "Close Round 1" in boxes.shown[0][1]
    assert marks(window)["counting"] == "✓" and marks(window)["results"] == "●"
    results = go(window, "results")
    assert f"Tied for the last 1 seat(s): 张伟、陈静 ({citation('R9.3')})" in results.summary.text()
    assert cells(results.results_table, 5) == ["Elected"] * 4 + ["Tied: re-vote"] * 2
    button(results, "Open the re-vote among 张伟、陈静").click()
    assert marks(window)["results"] == "✕" and marks(window)["ballots"] == "●"
    ballots = go(window, "ballots")
    assert cells(ballots.rounds_table, 5)[-1] == "open: record the ballots issued" and ballots.issued.value() == 36
    button(ballots, "Record the ballots issued for the selected round").click()
    page = go(window, "counting")
    assert page.round_box.currentText() == "Round 2: Committee members, re-vote among the tied"
    assert page.returned_button.isEnabled() and page.returned_spin.value() == 36
    page.returned_spin.setValue(35)  # one ballot was not put in the box
    page.returned_button.click()
    assert not page.returned_button.isEnabled() and page.progress.text().startswith("Keyed 0 of 35")
    for n in range(35):
        _ballot(window, qtbot, "12" if n < 20 else "21")
    page.round_box.setCurrentIndex(0)  # look back at round 1: closed, nothing to key
    assert not page.tabs.isEnabled() and page.round_box.currentText().endswith("(closed)")
    page.round_box.setCurrentIndex(1)
    _close(window, page)
    results = go(window, "results")
    assert results.round_box.count() == 2 and "Elected: 张伟" in results.summary.text()
    results.round_box.setCurrentIndex(0)
    assert "Tied for the last 1 seat(s)" in results.summary.text()
    assert marks(window)["results"] == "✓" and marks(window)["plenary"] == "●"
    _plenary(window, qtbot)
    report = go(window, "report")
    report.prompts = prompts = Canned(chief=[ChiefConfirmation(CHIEF, "1111"), ChiefConfirmation(CHIEF, CHIEF_PIN)])
    report.mark_official()  # a wrong PIN: the banner says so, nothing is locked
    assert f"({citation('R4.7')})" in banner(report) and report.official_label.text() == "Not official yet"
    report.official_button.click()
    assert [r.name for r in prompts.chief_requests] == [CHIEF, CHIEF]  # the appointed chief, prefilled
    assert report.official_label.text() == f"Official, confirmed by {CHIEF}" and not report.official_button.isEnabled()
    assert set(marks(window).values()) == {"■"} and window.session.election.verify_audit().ok


def _plenary(window: MainWindow, qtbot) -> None:  # noqa: ANN001
    page = go(window, "plenary")
    names = [page.committee.item(i).text() for i in range(page.committee.count())]
    assert sorted(names) == sorted(("王建国", "刘洋", "李秀英", "杨帆", "张伟"))  # the new committee
    assert not button(page, "Sign in the ticked members").isEnabled()  # nothing to act on before it is open
    counting = page.counting  # its tab, before any round: nothing to key, close or flag; the gate shown once, above
    assert not (counting.returned_button.isEnabled() or counting.close_button.isEnabled() or counting.tabs.isEnabled())
    assert not counting.spoiled_flag.isVisibleTo(counting) and not counting.banner.isVisibleTo(counting)
    page.place.setText("青石社区党群服务中心小会议室")
    button(page, "Open the first plenary").click()
    assert not page.open_button.isEnabled() and page.place.text() == "青石社区党群服务中心小会议室"
    page.committee.item(4).setCheckState(Qt.CheckState.Unchecked)
    button(page, "Sign in the ticked members").click()
    assert page.quorum.numbers["present"].text() == "4" and page.quorum.property("met") == "false"
    page.committee.item(4).setCheckState(Qt.CheckState.Checked)  # the fifth arrives
    button(page, "Sign in the ticked members").click()
    assert page.quorum.numbers["present"].text() == "5" and page.quorum.property("met") == "true"
    page.method_text.setText("支部委员会第一次全体会议选举办法（等额选举）")
    page.votes_for.setValue(5)
    button(page, "Record the adoption").click()
    page.load()
    assert page.method_text.text() == "支部委员会第一次全体会议选举办法（等额选举）"  # shown as adopted
    page.scrutineer.setCurrentIndex(page.scrutineer.findText("张伟"))
    button(page, "Appoint the scrutineer (approved)").click()
    assert page.scrutineer.currentText() == "张伟"
    for row, name in enumerate(("王建国", "李秀英")):
        holder = page.posts_form.itemAt(row, page.posts_form.ItemRole.FieldRole).widget()
        holder.findChild(QComboBox).setCurrentIndex(holder.findChild(QComboBox).findText(name))
        holder.findChild(QPushButton).click()
        assert page.session.election.rounds()[-1].closed is False, banner(page)
    button(page, "Record ballots issued and returned for the open rounds").click()
    e = page.session.election
    page.tabs.setCurrentIndex(1)
    for post, name, keys in zip(e.plenary_posts(), ("王建国", "李秀英"), ("11112", "11122"), strict=True):
        assert counting.view.candidates == (name,), banner(counting)  # the first open round is shown
        for key in keys:
            qtbot.keyClicks(counting.entry.grid, key)
            qtbot.keyClick(counting.entry.grid, Qt.Key.Key_Return)
        counting.close_button.click()
        assert e.elected(post.id) == [name], banner(counting)
    assert marks(window)["plenary"] == "✓"


def _shortfall(window: MainWindow, qtbot) -> Any:  # noqa: ANN001
    """Round 1 keyed with nobody voting for 张伟 or 陈静: one seat stays empty (R9.4); the results page."""
    go(window, "counting")
    for _n in range(36):
        _ballot(window, qtbot, "111122")
    _close(window, window.page("counting"))
    page = go(window, "results")
    assert f"Seats not filled: 1 ({citation('R9.4')})" in page.summary.text()
    rows = [page.next_layout.itemAt(i).widget() for i in range(page.next_layout.count())]
    assert [[b.text() for b in w.findChildren(QPushButton)] for w in rows] == [
        ["Open an &additional round for 1 seat(s)"], ["Reduce the seats (electors' consent)"]]
    return page, rows


def test_a_shortfall_may_reduce_the_seats_with_the_electors_consent(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = demo_window(qtbot, tmp_path)
    page, rows = _shortfall(window, qtbot)
    seats, consent = rows[1].findChildren(QSpinBox)
    assert seats.value() == 4
    consent.setValue(18)  # not more than half of the 36 present
    button(rows[1], "Reduce the seats (electors' consent)").click()
    assert f"more than half of the 36 electors (18 agreed) ({citation('R9.4')})" in banner(page), banner(page)
    consent.setValue(19)
    button(rows[1], "Reduce the seats (electors' consent)").click()
    assert page.next_layout.itemAt(0).widget().text() == "No further round is due.", banner(page)
    assert marks(window)["results"] == "✓" and events(window)[-1] == "seats_reduced"


def test_a_shortfall_may_hold_an_additional_round(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = demo_window(qtbot, tmp_path)
    page, rows = _shortfall(window, qtbot)
    button(rows[0], "Open an additional round for 1 seat(s)").click()
    assert page.next_layout.itemAt(0).widget().text() == "No further round is due.", banner(page)
    ballots = go(window, "ballots")
    assert cells(ballots.rounds_table) == ["Round 1: Committee members, formal election",
                                           "Round 2: Committee members, additional round"]
    assert cells(ballots.rounds_table, 2)[1] == "张伟、陈静" and marks(window)["ballots"] == "●"


# ---- the finished election: official results refuse every change, on the page ----------------------
def test_official_results_refuse_every_change_in_the_banner_with_the_rule(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = demo_window(qtbot, tmp_path, stop_at=None)
    _active(qtbot, window)
    e = window.session.election
    entries = len(e.audit_entries())

    def nominate(p: Any) -> None:
        p.member_box.setCurrentIndex(p.member_box.findText("黄丽"))
        button(p, "Record the nomination").click()

    def set_status(p: Any) -> None:
        select(p.members_table, "蒋欣")
        p.status_box.setCurrentIndex(p.status_box.findData("full"))
        button(p, "Set the status of the selected member").click()

    def sign_in_by_search(p: Any) -> None:
        p.search.setText("沈清")
        qtbot.keyClick(p.search, Qt.Key.Key_Return)

    def set_pin(p: Any) -> None:
        p.prompts = Canned(new_pin=["13579"])
        p.pin_button.click()

    def undo_key(p: Any) -> None:
        qtbot.keyClick(p.round_box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    actions: list[tuple[str, Callable[[Any], Any]]] = [
        ("setup", lambda p: p.save_organization()), ("roll", set_status), ("nomination", nominate),
        ("candidates", lambda p: p.set_candidates()), ("candidates", lambda p: p.approve()),
        ("sign_in", sign_in_by_search), ("method", lambda p: p.adopt()), ("method", lambda p: p.appoint()),
        ("method", set_pin), ("ballots", lambda p: p.issue()), ("counting", lambda p: p.close_round()),
        ("counting", undo_key), ("plenary", lambda p: p.sign_in()), ("plenary", lambda p: p.adopt())]
    for step, action in actions:
        page = go(window, step)
        action(page)
        text = banner(page)
        assert text.startswith("The action was refused:") and f"({citation('R9.7')})" in text, (step, text)
    assert len(e.audit_entries()) == entries and set(marks(window).values()) == {"■"}
    plenary = go(window, "plenary")
    assert not plenary.open_button.isEnabled()  # open already: not a second time
    counting = go(window, "counting")
    assert not counting.tabs.isEnabled() and not counting.close_button.isEnabled()  # every round is counted


def test_report_page_count_data_a_self_signed_key_and_official_only_once(qtbot, tmp_path, monkeypatch, boxes) -> None:  # noqa: ANN001
    window = demo_window(qtbot, tmp_path, stop_at=None)
    page = go(window, "report")
    assert page.official_label.text() == f"Official, confirmed by {CHIEF}"
    folder = tmp_path / "usb"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    button(page, "Save the count data of every round for an independent recount…").click()
    written = sorted(p.name for p in folder.iterdir())
    assert written == [f"round-{r.id}.count.json" for r in page.session.election.rounds()]
    assert json.loads((folder / written[0]).read_text("utf-8"))["format"] == "votedesk-count/1"
    assert boxes.shown == [("information", f"4 file(s) saved in {folder}.")]
    key = folder / "branch-key.p12"
    page.prompts = prompts = Canned(save=[str(key), str(key)], passphrase=["correct horse battery"],
                                    chief=[ChiefConfirmation(CHIEF, CHIEF_PIN)])
    button(page, "Temporary signing key (until the higher level issues one)…").click()
    settle(qtbot, lambda: prompts.infos)
    assert key.exists() and "(self-signed)" in page.key_label.text() and page.key_label.isVisibleTo(page)
    button(page, "Temporary signing key (until the higher level issues one)…").click()  # never over a key file
    assert [e.code for e in prompts.errors] == ["output_exists"]
    assert not page.official_button.isEnabled()  # official once: the chief is not asked a second time
    page.mark_official()  # (were it clicked, the core refuses it on the page)
    assert f"({citation('R9.7')})" in banner(page) and prompts.chief_requests


# ---- the main window: menus, keys, language, the start screen --------------------------------------
def action(menu: Any, text: str) -> Any:
    """The menu's action labelled ``text`` (mnemonic ampersands ignored)."""
    found = [a for a in menu.actions() if a.text().replace("&", "") == text]
    assert len(found) == 1, [a.text() for a in menu.actions()]
    return found[0]


def test_file_menu_new_open_recent_demo_a_wrong_file_and_quit(qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from app.gui.dialogs import error_dialog

    window = demo_window(qtbot, tmp_path)
    demo_path = window.session.path
    _active(qtbot, window)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "second"), ""))
    qtbot.keyClick(window.stack.currentWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.session.path == str(tmp_path / "second.votedesk") and window.stack.currentWidget().step == "setup"
    assert marks(window)["setup"] == "●" and window.windowTitle() == "second.votedesk — votedesk"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (demo_path, ""))
    action(window.file_menu, "Open election file…").trigger()
    assert window.session.path == demo_path and window.stack.currentWidget().step == "counting"
    window.recent_menu.aboutToShow.emit()
    recent = [a.text() for a in window.recent_menu.actions()]
    assert recent == [f"&1 {Path(demo_path).resolve()}", f"&2 {tmp_path.resolve() / 'second.votedesk'}"]
    window.recent_menu.actions()[1].trigger()
    assert window.session.path.endswith("second.votedesk")
    shown: list[BaseException] = []
    monkeypatch.setattr(error_dialog, "show_error", lambda parent, exc, details="": shown.append(exc))
    wrong = tmp_path / "notes.votedesk"
    wrong.write_text("not an election", encoding="utf-8")
    window.open_file(str(wrong))  # the error is shown, the open election stays
    assert [getattr(x, "code", None) for x in shown] == ["not_an_election_file"]
    assert window.session.path.endswith("second.votedesk")
    action(window.file_menu, "Open the demo election").trigger()
    assert window.stack.currentWidget().step == "counting" and "votedesk-demo-" in window.session.path
    election = window.session.election
    action(window.file_menu, "Quit").trigger()
    assert not window.isVisible() and settings.settings().value("geometry") is not None
    with pytest.raises(Exception):  # the file was closed with the window
        election.db.execute("SELECT 1")


def test_supervision_menu_incidents_follow_up_and_the_audit_log(qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from app.gui.dialogs import incidents_dialog

    window = demo_window(qtbot, tmp_path)
    _active(qtbot, window)
    errors: list[BaseException] = []
    monkeypatch.setattr(incidents_dialog, "show_error", lambda parent, exc, details="": errors.append(exc))

    def incidents(dialog: IncidentsDialog) -> int:
        assert cells(dialog.table, 2) == ["匿名群众来信"]
        dialog.kind.setCurrentIndex(dialog.kind.findData("bribery"))
        button(dialog, "Record the report").click()  # nobody named as reporting it: refused, nothing recorded
        assert len(errors) == 1 and dialog.table.rowCount() == 1
        type_text(dialog.reported_by, "党员张某")
        type_text(dialog.description, "会前有人分发购物卡")
        button(dialog, "Record the report").click()
        assert cells(dialog.table, 1) == ["Canvassing", "Bribery"] and cells(dialog.table, 4)[1] == ""
        dialog.table.selectRow(0)  # the first report's follow-up is shown, to add to it
        assert (dialog.action.text(), dialog.outcome.text()) == ("街道纪工委约谈核实", "查无实据，已提醒谈话")
        dialog.table.selectRow(1)
        dialog.action.setText("街道纪工委调查")
        button(dialog, "Update action and outcome of the selected report").click()
        dialog.table.selectRow(1)
        dialog.outcome.setText("退回购物卡，通报批评")
        button(dialog, "Update action and outcome of the selected report").click()  # the action stays as recorded
        assert cells(dialog.table, 4)[1] == "街道纪工委调查" and cells(dialog.table, 5)[1] == "退回购物卡，通报批评"
        assert cells(dialog.table, 4)[0] == "街道纪工委约谈核实"
        return 0

    def audit(dialog: AuditDialog) -> int:
        everything = dialog.table.rowCount()
        dialog.step_filter.setCurrentIndex(dialog.step_filter.findData("supervision"))
        assert cells(dialog.table, 2) and dialog.table.rowCount() == 4 < everything
        button(dialog, "Verify the chain").click()
        assert dialog.verdict.text().startswith(f"The audit log is intact: {len(window.session.election.audit_entries())}")
        dialog.step_filter.setCurrentIndex(0)
        assert dialog.table.rowCount() == everything
        return 0

    monkeypatch.setattr(IncidentsDialog, "exec", incidents)
    monkeypatch.setattr(AuditDialog, "exec", audit)
    qtbot.keyClick(window.stack.currentWidget(), Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.stack.currentWidget(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert events(window)[-3:] == ["incident_recorded", "incident_updated", "incident_updated"]


def test_view_menu_projector_and_the_step_keys(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = demo_window(qtbot, tmp_path)
    _active(qtbot, window)
    projector = action(window.view_menu, "Projector window")
    assert projector.isEnabled()
    projector.trigger()
    assert window.page("counting").projector.isVisible()
    window.page("counting").projector.close()
    qtbot.keyClick(window.stack.currentWidget(), Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget().step == "ballots" and not projector.isEnabled()
    action(window.view_menu, "Previous step").trigger()
    assert window.stack.currentWidget().step == "method" and window.step_list.currentRow() == 5
    action(window.view_menu, "Next step").trigger()
    qtbot.keyClick(window.stack.currentWidget(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget().step == "counting" and projector.isEnabled()
    window.stack.currentWidget().next_button.click()  # blocked until the round is counted
    assert window.stack.currentWidget().step == "counting" and not window.stack.currentWidget().next_button.isEnabled()
    go(window, "ballots").next_button.click()
    assert window.stack.currentWidget().step == "counting"


def test_language_switches_to_chinese_for_the_next_start_and_back(qtbot, tmp_path, boxes) -> None:  # noqa: ANN001
    from app.gui.application import choose_language

    window = demo_window(qtbot, tmp_path)
    language = window.settings_menu.actions()[0].menu()
    assert [a.text() for a in language.actions()] == ["中文（简体）", "English"] and language.actions()[1].isChecked()
    language.actions()[0].trigger()
    assert boxes.shown == [("information", "The new language applies the next time votedesk starts.")]
    assert choose_language(None) == "zh_CN" and language.actions()[0].isChecked()
    window.close()
    i18n.set_language(choose_language(None))  # the next start
    window = _open(qtbot, tmp_path / "demo.votedesk")
    assert [m.title() for m in (window.file_menu, window.supervision_menu, window.view_menu, window.settings_menu,
                                window.help_menu)] == ["文件(&F)", "监督(&S)", "视图(&V)", "设置(&T)", "帮助(&H)"]
    assert window.step_list.item(7).text() == "●  8. 计票" and "（选举工作通行做法）" in banner(window.stack.currentWidget())
    chinese = window.settings_menu.actions()[0].menu()
    assert chinese.actions()[0].isChecked()
    chinese.actions()[1].trigger()
    assert boxes.shown[-1] == ("information", i18n._("The new language applies the next time votedesk starts."))
    assert boxes.shown[-1][1] != boxes.shown[0][1] and choose_language(None) == "en"


def test_help_about_names_the_version(qtbot, tmp_path, boxes) -> None:  # noqa: ANN001
    from app import __version__

    window = demo_window(qtbot, tmp_path)
    action(window.help_menu, "About votedesk").trigger()
    assert boxes.kinds() == ["about"] and boxes.shown[0][1].startswith(f"votedesk {__version__}: an offline workbench")


def test_start_page_buttons_and_the_recent_list(qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.show_start()
    start = window.start_page
    assert window.stack.currentWidget() is start and start.recent.count() == 0
    assert not window.supervision_menu.isEnabled()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))  # cancelled
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    button(start, "New election file…").click()
    button(start, "Open election file…").click()
    assert window.stack.currentWidget() is start and window.session is None
    button(start, "Try the demo election").click()
    assert window.stack.currentWidget().step == "counting" and window.supervision_menu.isEnabled()
    path = tmp_path / "demo.votedesk"
    demo.create_demo(path, stop_at=None)
    settings.add_recent_file(str(path))
    window.show_start()
    assert start.recent.item(0).text() == str(path)
    start.recent.itemActivated.emit(start.recent.item(0))
    assert window.session.path == str(path) and window.stack.currentWidget().step == "report"


# ---- changes behind the count: the core refuses them, the page shows why --------------------------------
def _late_nomination(p: Any) -> None:
    p.member_box.setCurrentIndex(p.member_box.findText("黄丽"))
    button(p, "Record the nomination").click()


def _late_exclusion(p: Any) -> None:
    select(p.members_table, "丁力")
    button(p, "Request exclusion of the selected member").click()


def _late_status(p: Any) -> None:
    select(p.members_table, "蒋欣")
    p.status_box.setCurrentIndex(p.status_box.findData("full"))
    button(p, "Set the status of the selected member").click()


def _late_post(p: Any) -> None:
    p.office.setCurrentIndex(p.office.findData("delegate"))
    button(p, "Add the post").click()


def _blank_vetting(p: Any) -> None:
    select(p.nominations_table, "王建国")
    p.vetted_by.clear()
    button(p, "Record the vetting of the selected nominee").click()


DURING_THE_COUNT = [
    pytest.param("roll", _late_exclusion, "(R2.3)", id="exclusion-would-change-E"),
    pytest.param("roll", _late_status, "(R2.1)", id="voting-rights-change"),
    pytest.param("setup", _late_post, "(R4.1)", id="another-post"),
    pytest.param("candidates", lambda p: p.set_candidates(), "printed on the ballots of round 1", id="candidate-list"),
    pytest.param("nomination", _late_nomination, "closed when round 1 opened (R4.5)", id="late-nomination"),
    pytest.param("nomination", _blank_vetting, "Fill in who did the vetting", id="vetting-without-vetter"),
]


@pytest.mark.parametrize("step,act,expected", DURING_THE_COUNT)
def test_changes_behind_the_count_are_refused_on_the_page(qtbot, tmp_path, step, act, expected) -> None:  # noqa: ANN001
    window = demo_window(qtbot, tmp_path)
    entries = len(window.session.election.audit_entries())
    page = go(window, step)
    act(page)
    expected = re.sub(r"\((R[\d.]+)\)", lambda m: f"({citation(m[1])})", expected)  # the rule, as users cite it
    assert banner(page).startswith("The action was refused:") and expected in banner(page), banner(page)
    assert marks(window)["counting"] == "●" and len(window.session.election.audit_entries()) == entries


# ---- the Chinese interface ---------------------------------------------------------------------------
# Latin words a Chinese page may show: file names, formats, keys, the program's name, the rule ids.
LATIN_OK = {"PDF", "CSV", "XLSX", "XLS", "PIN", "Enter", "Ctrl", "pdf", "signin", "ballot",
            "candidates", "election", "request", "counting", "reports", "result", "report", "candidate",
            "TEST"}  # the rehearsal watermark prints "演练 TEST"


def _shown_texts(widget: Any) -> list[str]:
    """Every text a user reads on ``widget``: labels, buttons, group titles, placeholders, tabs, tables, combos."""
    texts = [w.text() for w in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton)]
    texts += [g.title() for g in widget.findChildren(QGroupBox)] + [e.placeholderText() for e in widget.findChildren(QLineEdit)]
    texts += [t.tabText(i) for t in widget.findChildren(QTabWidget) for i in range(t.count())]
    texts += [c.itemText(i) for c in widget.findChildren(QComboBox) for i in range(c.count())]
    for t in widget.findChildren(QTableWidget):
        texts += [t.horizontalHeaderItem(c).text() for c in range(t.columnCount()) if t.horizontalHeaderItem(c)]
        texts += [t.item(r, c).text() for r in range(t.rowCount()) for c in range(t.columnCount()) if t.item(r, c)]
    return texts


@pytest.mark.parametrize("stop_at", ["counting", None])
def test_every_page_in_chinese_shows_no_untranslated_english(qtbot, tmp_path, stop_at) -> None:  # noqa: ANN001
    i18n.set_language("zh_CN")
    window = demo_window(qtbot, tmp_path, stop_at=stop_at)
    english = set()
    for step in STEPS:
        texts = _shown_texts(go(window, step)) + [window.step_list.item(n).text() for n in range(len(STEPS))]
        english |= {f"{step}: {t}" for t in texts if set(re.findall(r"[A-Za-z]{3,}", t)) - LATIN_OK}
    menus = (window.file_menu, window.supervision_menu, window.view_menu, window.settings_menu, window.help_menu)
    english |= {a.text() for m in menus for a in m.actions() if set(re.findall(r"[A-Za-z]{3,}", a.text())) - LATIN_OK}
    assert not english


def test_the_setup_page_shows_keeps_and_sets_the_rehearsal_flag(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = demo_window(qtbot, tmp_path)
    page = go(window, "setup")
    info = window.session.election.election_info
    assert not page.rehearsal.isChecked() and not info()["rehearsal"]
    page.rehearsal.setChecked(True)
    page.save_election()  # the date and place are unchanged, so this is allowed during the count
    assert info()["rehearsal"] == 1
    page.load()
    assert page.rehearsal.isChecked()
    page.save_election()  # saving again keeps it (it was always sent as "no" before)
    assert info()["rehearsal"] == 1


def test_a_mistaken_nominee_is_withdrawn_on_the_nomination_page(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = prep_window(qtbot, tmp_path, roll)
    page = go(window, "nomination")
    for name in ("黄丽", "周强"):
        page.member_box.setCurrentIndex(page.member_box.findText(name))
        button(page, "Record the nomination").click()
    assert cells(page.nominations_table) == ["黄丽", "周强"] and marks(window)["nomination"] != "✓"
    select(page.nominations_table, "周强")
    button(page, "Withdraw the selected nominee's nominations").click()
    assert cells(page.nominations_table) == ["黄丽"] and events(window)[-1] == "nomination_withdrawn"
