"""One complete election through the GUI: imported roll → official results, with a tie re-vote."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from app.gui.dialogs.import_dialog import ImportPreviewDialog
from app.gui.dialogs.signing_dialogs import ChiefConfirmation
from app.core.citations import citation
from app.gui.main_window import MainWindow
from app.gui.worker import wait_for_background
from tests.gui.conftest import type_text
from tests.gui.helpers import Canned, answer_yes

MEMBERS = ["王一", "李二", "张三", "刘四", "陈五", "杨六", "赵七", "黄八", "周九", "吴十"]
NOMINEES = ["王一", "李二", "张三", "刘四"]
PIN = "8642"  # the chief scrutineer's


def _roll_csv(tmp_path) -> str:  # noqa: ANN001
    lines = ["姓名,性别,出生日期,民族,入党时间,党员类别"]
    lines += [f"{n},{'男' if i % 2 else '女'},1970-0{i % 9 + 1}-1{i},汉族,199{i}-07-01,正式党员" for i, n in enumerate(MEMBERS)]
    path = tmp_path / "roll.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return str(path)


def _go(window: MainWindow, step: str):  # noqa: ANN202
    window.go_to(step)
    page = window.stack.currentWidget()
    assert page.step == step
    return page


def _setup(window: MainWindow) -> None:
    page = _go(window, "setup")
    page.org_name.setText("中共测试社区支部委员会")
    page.org_kind.setCurrentIndex(page.org_kind.findData("branch"))
    page.higher_org.setText("中共测试街道工作委员会")
    page.save_organization()
    page.place.setText("党群服务中心")
    page.save_election()
    page.request_doc.setText("测支〔2024〕1号")
    page.record_request()
    page.reply_doc.setText("测街工委〔2024〕2号")
    page.record_reply()
    page.office.setCurrentIndex(page.office.findData("committee_member"))
    page.seats.setValue(3)
    page.add_post()
    page.office.setCurrentIndex(page.office.findData("secretary"))
    page.seats.setValue(1)
    # No free 差额 box for a secretary: the rule is shown instead (R13.6, R5.2).
    assert not page.competitive.isVisibleTo(page) and "(等额)" in page.margin_rule.text()
    page.add_post()


def _roll(window: MainWindow, tmp_path, qtbot, monkeypatch) -> None:  # noqa: ANN001
    page = _go(window, "roll")
    monkeypatch.setattr(ImportPreviewDialog, "exec", lambda self: 1)
    page.start_import(_roll_csv(tmp_path))
    wait_for_background()
    qtbot.waitUntil(lambda: len(page.session.election.members()) == len(MEMBERS), timeout=5000)
    assert page.last_preview.ok


def _nominate_and_vet(window: MainWindow) -> None:
    page = _go(window, "nomination")
    for name in NOMINEES:
        page.member_box.setCurrentIndex(page.member_box.findText(name))
        page.nominate()
    page.files_reviewed.setChecked(True)
    page.pledge.setChecked(True)
    page.vetted_by.setText("街道组织科")
    page.opinion.setText("无违纪违法问题")
    for row in range(len(NOMINEES)):
        page.nominations_table.selectRow(row)
        page.record_vetting()
    assert window.session.step("nomination").state == "done"


def _candidates(window: MainWindow) -> None:
    page = _go(window, "candidates")
    for i in range(page.choices.count() - 1):
        page.choices.item(i).setCheckState(Qt.CheckState.Checked)
    assert f"({citation('R5.1')})" in page.margin_label.text() and "need 4" in page.margin_label.text()  # live margin
    page.choices.item(page.choices.count() - 1).setCheckState(Qt.CheckState.Checked)
    page.set_candidates()
    page.doc.setText("测街工委〔2024〕5号")
    page.approve()
    assert window.session.step("candidates").state == "done"


def _sign_in(window: MainWindow) -> None:
    page = _go(window, "sign_in")
    page.open_meeting()
    for name in MEMBERS[:8]:
        type_text(page.search, name)
        page.sign_in_first()
    assert "8 of 10, need 9" in page.quorum.sentence.text()
    page.search.setText("zj")  # pinyin initials of 周九
    page.sign_in_first()
    assert page.quorum.property("met") == "true" and page.quorum.numbers["present"].text() == "9"
    # 周九 steps out (activating a signed-in name marks it absent) and comes back.
    item = page.present.findItems("周九", Qt.MatchFlag.MatchExactly)[0]
    page.present.itemActivated.emit(item)
    assert page.quorum.numbers["present"].text() == "8" and page.quorum.property("met") == "false"
    page.search.setText("zj")
    page.sign_in_first()
    assert page.quorum.numbers["present"].text() == "9"


def _method(window: MainWindow) -> None:
    page = _go(window, "method")
    page.votes_for.setValue(9)
    page.adopt()  # no method text: refused by the core, not silently "not adopted"
    assert "Enter the election method the meeting adopted" in page.banner.label.text()
    page.method_text.setPlainText("《测试社区支部委员会换届选举办法》")
    page.adopt()
    assert page.member_box.findText("王一") == -1  # a candidate: the core does not offer him (R4.7)
    page.member_box.setCurrentIndex(page.member_box.findText("周九"))
    page.role_box.setCurrentIndex(page.role_box.findData("chief_scrutineer"))
    page.add_person()
    assert not page.pin_button.isEnabled()  # no approved chief scrutineer yet
    page.appoint()
    assert window.session.step("method").state == "done"
    # The chief scrutineer sets a PIN at the meeting; marking the results official will ask for it.
    assert page.pin_button.isEnabled() and "周九" in page.pin_status.text()
    page.prompts = prompts = Canned(new_pin=[PIN])
    page.pin_button.click()
    assert prompts.pin_requests == [("周九", False)] and "A PIN is set" in page.pin_status.text()


def _issue(window: MainWindow, issued: int) -> None:
    page = _go(window, "ballots")
    if not any(not v.closed and v.issued is None for v in page.views):
        page.posts_row.itemAt(0).widget().click()
    page.issued.setValue(issued)
    page.issue()


def _keys(window: MainWindow, yes: set[str]) -> str:
    """The keys for one ballot: 1 for the names in ``yes``, 2 for the others, in ballot order."""
    page = _go(window, "counting")
    return "".join("1" if n in yes else "2" for n in page.view.candidates)


def _key(window: MainWindow, qtbot, returned: int, ballots: list[set[str]]) -> None:  # noqa: ANN001
    page = _go(window, "counting")
    page.returned_spin.setValue(returned)
    page.record_returned()
    for yes in ballots:
        qtbot.keyClicks(page.entry.grid, _keys(window, yes))
        qtbot.keyClick(page.entry.grid, Qt.Key.Key_Return)
    page.close_round()


def _plenary(window: MainWindow, qtbot) -> None:  # noqa: ANN001
    page = _go(window, "plenary")
    page.act(window.session.election.open_meeting, "plenary", None, None)
    page.sign_in()
    page.votes_for.setValue(3)
    page.method_text.setText("支部委员会第一次全体会议选举办法")
    page.adopt()
    page.scrutineer.setCurrentIndex(page.scrutineer.findText("刘四"))
    page.appoint()
    page.open_round(page.session.election.posts()[1].id, page.session.election.member_id("王一"))
    assert page.session.election.rounds()[-1].kind == "formal", page.banner.label.text()
    page.issue()
    assert page.session.election.rounds()[-1].returned == 3, page.banner.label.text()
    counting = page.counting
    for _n in range(3):
        qtbot.keyClicks(counting.entry.grid, "1")
        qtbot.keyClick(counting.entry.grid, Qt.Key.Key_Return)
    counting.close_round()


def test_a_complete_election_with_a_tie_revote(qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    answer_yes(monkeypatch)
    path = str(tmp_path / "test.votedesk")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (path, ""))
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.new_file()
    _setup(window)
    _roll(window, tmp_path, qtbot, monkeypatch)
    _nominate_and_vet(window)
    _candidates(window)
    _sign_in(window)
    _method(window)
    _issue(window, 9)
    # 王一 9, 李二 8, 刘四 5, 张三 5 -> a tie for the third seat.
    _key(window, qtbot, 9, [{"王一", "李二", "刘四"}] * 4 + [{"王一", "刘四", "张三"}] + [{"王一", "李二", "张三"}] * 4)
    e = window.session.election
    first = e.rounds()[0]
    assert e.round_result(first.id)["tie_revote"] == {"among": ["刘四", "张三"], "seats": 1}
    results = _go(window, "results")
    assert "Tied for the last 1 seat(s): 刘四、张三 (Election Work Regulations, ch. 4" in results.summary.text()
    results.next_layout.itemAt(0).widget().findChildren(type(results.next_button))[0].click()
    assert [r.kind for r in e.rounds()] == ["formal", "tie_revote"], results.banner.label.text()
    _issue(window, 9)
    _key(window, qtbot, 9, [{"刘四"}] * 6 + [{"张三"}] * 3)
    second = e.rounds()[1]
    assert second.closed, (second, _go(window, "counting").banner.label.text())
    assert e.elected(first.post_id) == ["王一", "李二", "刘四"]
    _plenary(window, qtbot)
    report = _go(window, "report")
    report.prompts = prompts = Canned(chief=[ChiefConfirmation("周九", PIN)])
    report.mark_official()
    assert prompts.chief_requests[0].name == "周九" and e.election_info()["official_by"] == "周九"
    assert window.session.step("plenary").state != "open", window.session.step("plenary").reasons
    assert all(s.state == "locked" for s in window.session.steps())
    assert e.verify_audit().ok
