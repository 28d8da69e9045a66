"""Issue 14 through the pages: preliminary then formal, the secretary elected by the assembly, a by-election."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from app.core import i18n
from app.core.resultpkg import rule_report
from app.gui.dialogs.signing_dialogs import ChiefConfirmation
from app.gui.main_window import MainWindow
from tests.gui import test_full_election as walk
from tests.gui.helpers import Canned, answer_yes
from tests.gui.test_documents_pages import settle

# VOTEDESK_SHOTS=docs/screenshots saves the screenshot of each path for the README (1024×768).
SHOTS = os.environ.get("VOTEDESK_SHOTS")


def _window(qtbot, tmp_path: Path, monkeypatch) -> MainWindow:  # noqa: ANN001
    answer_yes(monkeypatch)
    path = str(tmp_path / "path.votedesk")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (path, ""))
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1024, 738)
    window.show()
    window.new_file()
    return window


def _shot(qtbot, window: MainWindow, name: str, step: str) -> None:  # noqa: ANN001
    """The README's screenshot of a path: the same file in a second window, in Chinese, at ``step``."""
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    i18n.set_language("zh_CN")
    try:
        other = MainWindow()
        qtbot.addWidget(other)
        other.resize(1024, 768)
        other.show()
        other.open_file(str(window.session.path))
        other.go_to(step)
        qtbot.wait(200)  # the page's rows are laid out before the grab
        page = other.stack.currentWidget()
        if hasattr(page, "kind_box"):  # the setup page: the kind of election in view
            from PySide6.QtWidgets import QScrollArea

            page.findChild(QScrollArea).ensureWidgetVisible(page.kind_box, 0, 0)
            qtbot.wait(100)
        other.grab().save(str(Path(SHOTS) / f"path-{name}.png"))
        other.close()
    finally:
        i18n.set_language("en")


def _setup(window: MainWindow, posts: list[tuple[str, int]], before_posts=None) -> None:  # noqa: ANN001
    page = walk._go(window, "setup")
    page.org_name.setText("中共测试社区支部委员会")
    page.org_kind.setCurrentIndex(page.org_kind.findData("branch"))
    page.higher_org.setText("中共测试街道工作委员会")
    page.save_organization()
    if before_posts:
        before_posts(page)
    page.place.setText("党群服务中心")
    page.save_election()
    assert (window.session.election.election_info() or {}).get("place") == "党群服务中心", page.banner.label.text()
    page.request_doc.setText("测支〔2024〕1号")
    page.record_request()
    page.reply_doc.setText("测街工委〔2024〕2号")
    page.record_reply()
    for office, seats in posts:
        page.office.setCurrentIndex(page.office.findData(office))
        page.seats.setValue(seats)
        page.competitive.setChecked(office == "committee_member")  # shown where a choice is recorded (R13.2)
        page.add_post()
    assert [p.office for p in window.session.election.posts()] == [o for o, _s in posts], page.banner.label.text()


def _nominate(window: MainWindow, office: str, names: list[str]) -> None:
    page = walk._go(window, "nomination")
    e = window.session.election
    post = next(p for p in e.assembly_posts() if p.office == office)
    page.post_box.setCurrentIndex(page.post_box.findData(post.id))
    for name in names:
        page.member_box.setCurrentIndex(page.member_box.findText(name))
        page.nominate()
    page.files_reviewed.setChecked(True)
    page.pledge.setChecked(True)
    page.vetted_by.setText("街道组织科")
    page.opinion.setText("无违纪违法问题")
    for row in range(len(names)):
        page.nominations_table.selectRow(row)
        page.record_vetting()


def _candidates(window: MainWindow, office: str, doc: str) -> None:
    page = walk._go(window, "candidates")
    post = next(p for p in window.session.election.assembly_posts() if p.office == office)
    page.post_box.setCurrentIndex(page.post_box.findData(post.id))
    for i in range(page.choices.count()):
        page.choices.item(i).setCheckState(Qt.CheckState.Checked)
    page.set_candidates()
    page.doc.setText(doc)
    page.approve()
    assert window.session.election.approval(post.id) is not None, page.banner.label.text()


def _method(window: MainWindow) -> None:
    """The method adopted, 周九 approved as chief scrutineer, who sets the PIN."""
    page = walk._go(window, "method")
    page.votes_for.setValue(9)
    page.method_text.setPlainText("《测试社区支部委员会补选办法》")
    page.adopt()
    page.member_box.setCurrentIndex(page.member_box.findText("周九"))
    page.role_box.setCurrentIndex(page.role_box.findData("chief_scrutineer"))
    page.add_person()
    page.appoint()
    page.prompts = Canned(new_pin=[walk.PIN])
    page.pin_button.click()
    assert window.session.step("method").state == "done", page.banner.label.text()


def _round(window: MainWindow, qtbot, button: int | None, ballots: list[set[str]]) -> dict:  # noqa: ANN001
    """Open a round (a ballots-page button, or None when the results page opened it), issue, key and close it."""
    page = walk._go(window, "ballots")
    if button is not None:
        page.posts_row.itemAt(button).widget().click()
    page.issued.setValue(len(ballots))
    page.issue()
    walk._key(window, qtbot, len(ballots), ballots)
    e = window.session.election
    return e.round_result(e.rounds()[-1].id)


def _official(window: MainWindow, qtbot) -> None:  # noqa: ANN001
    report = walk._go(window, "report")
    report.prompts = prompts = Canned(chief=[ChiefConfirmation("周九", walk.PIN)])
    report.documents.actions.prompts = prompts
    settle(qtbot, report.documents_ready)
    report.mark_official()
    e = window.session.election
    assert e.election_info()["official"], report.banner.label.text()
    assert e.verify_audit().ok and rule_report(e.db).ok


def _no_plenary(window: MainWindow, code: str) -> None:
    """No first plenary is held: the side panel says so (no tick), its page says why (R13.2, R13.4)."""
    why = window.session.election.no_plenary()
    assert why is not None and why.code == code
    row = [s.id for s in window.session.steps()].index("plenary")
    assert window.step_list.item(row).text().startswith("–") and "(none held)" in window.step_list.item(row).text()
    page = walk._go(window, "plenary")
    assert page.not_held.isVisible() and page.not_held.text() == why.message() and not page.tabs.isVisible()


def _next_button(window: MainWindow, kind: str):  # noqa: ANN202
    results = walk._go(window, "results")
    buttons = [b for i in range(results.next_layout.count())
               for b in results.next_layout.itemAt(i).widget().findChildren(type(results.next_button))]
    return next(b for b in buttons if b.objectName() == f"next_{kind}"), results


def test_preliminary_then_formal_with_a_tie_at_the_cut(qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    window = _window(qtbot, tmp_path, monkeypatch)
    walk._setup(window)
    walk._roll(window, tmp_path, qtbot, monkeypatch)
    walk._nominate_and_vet(window)
    walk._candidates(window)
    walk._sign_in(window)
    method = walk._go(window, "method")
    method.prelim_post.setCurrentIndex(0)
    method.advance.setValue(3)
    method.save_preliminary()  # before the meeting adopts the method (R4.7)
    e = window.session.election
    assert e.post_method(e.posts()[0].id)["advance"] == 3, method.banner.label.text()
    walk._method(window)
    method = walk._go(window, "method")
    assert not method.advance.isEnabled() and not method.revote_rule.isEnabled()  # fixed once adopted
    # 王一 9, 李二 8, 刘四 5, 张三 5: a tie at the third place that advances (R9.3)
    doc = _round(window, qtbot, 0, [{"王一", "李二", "刘四"}] * 4 + [{"王一", "刘四", "张三"}]
                 + [{"王一", "李二", "张三"}] * 4)
    assert e.rounds()[0].kind == "preliminary" and doc["advancing"] == ["王一", "李二"]
    button, results = _next_button(window, "preliminary")
    table = results.results_table
    words = {table.item(r, 0).text(): table.item(r, 5).text() for r in range(table.rowCount())}
    assert words == {"王一": "Advances to the formal election", "李二": "Advances to the formal election",
                     "刘四": "Tied at the cut: voted on again", "张三": "Tied at the cut: voted on again"}
    step = window.session.step("results")  # the re-vote first, not the formal election
    assert len(step.reasons) == 1 and "voted on again first" in step.reasons[0], step.reasons
    button.click()
    doc = _round(window, qtbot, None, [{"刘四"}] * 6 + [{"张三"}] * 3)
    assert doc["advancing"] == ["刘四"]
    button, results = _next_button(window, "formal")
    _shot(qtbot, window, "preliminary", "results")
    button.click()
    assert [r.kind for r in e.rounds()] == ["preliminary", "preliminary", "formal"], results.banner.label.text()
    doc = _round(window, qtbot, None, [{"王一", "李二", "刘四"}] * 9)
    assert sorted(doc["elected"]) == sorted(["王一", "李二", "刘四"])
    walk._plenary(window, qtbot)
    _official(window, qtbot)


def test_secretary_elected_by_the_assembly_with_approval(qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    window = _window(qtbot, tmp_path, monkeypatch)

    def direct(page) -> None:  # noqa: ANN001
        page.direct_doc.setText("测街工委〔2024〕3号")
        page.save_direct()

    _setup(window, [("committee_member", 3), ("secretary", 1)], direct)
    assert window.session.election.scenario()["direct_secretary"] == 1
    walk._roll(window, tmp_path, qtbot, monkeypatch)
    _nominate(window, "committee_member", walk.NOMINEES)
    _nominate(window, "secretary", ["王一"])
    _candidates(window, "committee_member", "测街工委〔2024〕5号")
    _candidates(window, "secretary", "测街工委〔2024〕6号")
    walk._sign_in(window)
    walk._method(window)
    doc = _round(window, qtbot, 0, [{"王一", "李二", "刘四"}] * 9)
    assert sorted(doc["elected"]) == sorted(["王一", "李二", "刘四"])
    doc = _round(window, qtbot, 1, [{"王一"}] * 8 + [set()])
    e = window.session.election
    assert doc["elected"] == ["王一"] and e.rounds()[-1].meeting_id == e.rounds()[0].meeting_id  # the assembly
    assert not e.plenary_posts()  # no first plenary elects the secretary here (R13.2)
    _no_plenary(window, "no_plenary_direct")
    _shot(qtbot, window, "direct", "results")
    _official(window, qtbot)


def test_a_by_election_for_one_seat(qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    window = _window(qtbot, tmp_path, monkeypatch)

    def by_election(page) -> None:  # noqa: ANN001
        page.election_kind.setCurrentIndex(page.election_kind.findData("by_election"))
        page.save_kind()

    _setup(window, [], by_election)
    walk._roll(window, tmp_path, qtbot, monkeypatch)
    page = walk._go(window, "setup")
    page.sitting.setText("王一、李二、张三")
    page.save_sitting()
    e = window.session.election
    assert len(e.sitting_committee()) == 3, page.banner.label.text()
    page.office.setCurrentIndex(page.office.findData("committee_member"))
    page.seats.setValue(1)
    page.add_post()
    assert e.posts() and e.posts()[0].seats == 1, page.banner.label.text()
    # a branch's committee is its 支部委员会, not 党委; a branch has no discipline commission to choose
    assert page.posts_table.item(0, 0).text() == "Branch committee" and page.committee.count() == 1
    _shot(qtbot, window, "by-election", "setup")
    _nominate(window, "committee_member", ["刘四", "陈五"])
    _candidates(window, "committee_member", "测街工委〔2024〕5号")
    walk._sign_in(window)
    _method(window)
    doc = _round(window, qtbot, 0, [{"刘四"}] * 6 + [{"陈五"}] * 3)
    assert doc["elected"] == ["刘四"]
    _no_plenary(window, "no_plenary_by_election")
    _official(window, qtbot)
    from app.core.documents import ballot_specs

    assert ballot_specs(e.db)[0][0].kind_word == "补选"
