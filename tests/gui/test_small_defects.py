"""Small GUI defects of issue 11 item 8, each met as a user meets it: sign-in choice, round buttons, banner, scrutineers, labels."""
from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from app.core import demo, i18n
from app.core.workflow import Election
from app.gui.main_window import MainWindow
from tests.gui.helpers import answer_yes, demo_window


def _open(qtbot, path: Path) -> MainWindow:  # noqa: ANN001
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_file(str(path))
    return window


def _prepared(tmp_path: Path, *stages) -> Path:  # noqa: ANN002
    """The demo's setup, roll and candidates, then the stages given (each takes the Election and the posts)."""
    path = tmp_path / "prep.votedesk"
    e = Election.create(path)
    try:
        posts = demo._setup(e)  # noqa: SLF001 - the demo's own steps give a realistic state
        demo._roll_and_exclusion(e)  # noqa: SLF001
        demo._candidates(e, posts)  # noqa: SLF001
        for stage in stages:
            stage(e, posts)
    finally:
        e.close()
    return path


def _meeting_open(e: Election, _posts: dict[str, int]) -> None:
    e.open_meeting("assembly")


def _everyone_signed_in(e: Election, _posts: dict[str, int]) -> None:
    e.sign_in(e.open_meeting("assembly"), [mid for mid, m in e.members() if m.status == "full"])


def _go(window: MainWindow, step: str):  # noqa: ANN202
    window.go_to(step)
    page = window.stack.currentWidget()
    assert page.step == step
    return page


def _names(e: Election, ids) -> set[str]:  # noqa: ANN001
    names = {mid: m.name for mid, m in e.members()}
    return {names[mid] for mid in ids}


def _shown(list_widget) -> list[str]:  # noqa: ANN001
    return [list_widget.item(i).text() for i in range(list_widget.count()) if not list_widget.item(i).isHidden()]


def test_pinyin_initials_matching_several_names_list_them_all_and_arrows_choose(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = _open(qtbot, _prepared(tmp_path, _meeting_open))
    page = _go(window, "sign_in")
    e = page.session.election
    page.search.setText("zh")  # 朱红 (zhu hong) and 曾辉 (zeng hui)
    assert _shown(page.absent) == ["朱红", "曾辉"] and page.absent.currentItem().text() == "朱红"
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.absent.currentItem().text() == "曾辉"
    qtbot.keyClick(page.search, Qt.Key.Key_Down)  # the last match stays chosen
    qtbot.keyClick(page.search, Qt.Key.Key_Up)
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.absent.currentItem().text() == "曾辉"
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    here = _names(e, e.present_ids(e.meeting("assembly").id))
    assert here == {"曾辉"} and page.search.text() == ""
    page.search.setText("zh")
    qtbot.keyClick(page.search, Qt.Key.Key_Up)  # only 朱红 left: ↑ keeps it
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert _names(e, e.present_ids(e.meeting("assembly").id)) == {"曾辉", "朱红"}


def test_open_round_button_is_disabled_while_the_posts_round_is_open(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = demo_window(qtbot, tmp_path)  # round 1 of the committee members is open, its ballots being keyed
    page = _go(window, "ballots")
    buttons = [page.posts_row.itemAt(i).widget() for i in range(page.posts_row.count())]
    assert [b.text().replace("&", "") for b in buttons] == ["Open the round: Committee members"]
    assert not buttons[0].isEnabled() and "open" in buttons[0].toolTip()


def test_open_round_button_is_enabled_before_any_round(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = _open(qtbot, _prepared(tmp_path, lambda e, _p: demo._meeting(e)))  # noqa: SLF001
    page = _go(window, "ballots")
    assert page.posts_row.itemAt(0).widget().isEnabled()


def _plenary_deputy_keyed(e: Election, posts: dict[str, int]) -> None:
    """The demo up to the first plenary's deputy round: ballots keyed, the round not yet closed."""
    rng = random.Random(2024)
    demo._meeting(e)  # noqa: SLF001
    demo._formal_round(e, posts, rng, False)  # noqa: SLF001
    demo._tie_revote(e, posts, rng)  # noqa: SLF001
    committee = e.elected(posts["members"])
    meeting = e.open_meeting("plenary", "2024-05-18", "青石社区党群服务中心小会议室")
    e.sign_in(meeting, [e.member_id(n) for n in committee])
    e.adopt_method(meeting, "第一次全体会议选举办法", 5)
    e.appoint_scrutineers(meeting, [(e.member_id(committee[2]), "scrutineer")])
    for post, name in (("secretary", committee[0]), ("deputy", committee[1])):
        e.set_candidates(posts[post], [e.member_id(name)])
        rid = e.open_round(posts[post]).value
        e.issue_ballots(rid, 5)
        e.record_returned(rid, 5)
        for _n in range(5):
            e.record_ballot(rid, {name: "yes"}, [], False)
        if post == "secretary":
            e.close_round(rid)


def test_the_plenary_banner_follows_the_round_closed_in_its_counting_tab(qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    answer_yes(monkeypatch)
    window = _open(qtbot, _prepared(tmp_path, _plenary_deputy_keyed))
    page = _go(window, "plenary")
    assert page.banner.label.text().startswith("Not yet possible") and not page.next_button.isEnabled()
    page.tabs.setCurrentWidget(page.counting)
    assert not page.counting.view.closed
    page.counting.close_button.click()
    assert page.counting.view.closed
    assert page.banner.label.text() == "This step is complete." and page.next_button.isEnabled()


def test_a_scrutineer_list_entered_but_not_approved_survives_closing_the_app(qtbot, tmp_path) -> None:  # noqa: ANN001
    path = _prepared(tmp_path, _everyone_signed_in)
    window = _open(qtbot, path)
    page = _go(window, "method")
    for name, role in (("周强", "chief_scrutineer"), ("吴敏", "scrutineer")):
        page.member_box.setCurrentIndex(page.member_box.findText(name))
        page.role_box.setCurrentIndex(page.role_box.findData(role))
        page.add_person()
    window.close()  # before the meeting approves the list
    window = _open(qtbot, path)
    page = _go(window, "method")
    assert [page.people_table.item(r, 0).text() for r in range(page.people_table.rowCount())] == ["周强", "吴敏"]
    assert "pending" in page.people_table.item(0, 1).text()
    e = page.session.election
    names = {mid: m.name for mid, m in e.members()}
    assert [(names[mid], role, ok) for mid, role, ok in e.scrutineers(e.meeting("assembly").id)] == [
        ("周强", "chief_scrutineer", False), ("吴敏", "scrutineer", False)]
    assert "The meeting has not approved the scrutineers" in page.banner.label.text()  # still to do
    page.people_table.selectRow(1)
    page.remove_person()  # a removal is kept too
    page.appoint()
    assert [(names[mid], ok) for mid, _role, ok in e.scrutineers(e.meeting("assembly").id)] == [("周强", True)]
    assert "pending" not in page.people_table.item(0, 1).text()


def test_no_further_round_is_said_once(qtbot, tmp_path) -> None:  # noqa: ANN001
    path = demo.create_demo(tmp_path / "done.votedesk")
    window = _open(qtbot, path)
    i18n.set_language("zh_CN")
    page = _go(window, "results")
    page.load()  # a second load before the event loop deleted the first one's label (an action, then the step shown)
    QApplication.processEvents()  # the new label is shown; deferred deletions wait for the loop
    said = [w for w in page.next_box.findChildren(QLabel) if w.isVisibleTo(page) and w.text() == "无需进行后续投票。"]
    assert len(said) == 1


def test_ballot_copies_say_expected_when_they_follow_the_expected_count(qtbot, tmp_path) -> None:  # noqa: ANN001
    i18n.set_language("zh_CN")
    window = _open(qtbot, _prepared(tmp_path, lambda e, _p: demo._meeting(e)))  # noqa: SLF001 - no round yet
    page = _go(window, "ballots")
    details = [r.detail for r in page.paper_rows() if r.file_name.startswith("05-ballot")]
    assert details and all("应到" in d and "实到" not in d for d in details), details
    window.close()
    (tmp_path / "b").mkdir()
    window = demo_window(qtbot, tmp_path / "b")  # a round is open: its copies follow those present
    page = _go(window, "ballots")
    details = [r.detail for r in page.paper_rows() if r.file_name.startswith("05-ballot")]
    assert details and all("实到" in d for d in details), details
