"""The counting page: an over-marked ballot is refused until confirmed, undo is recorded, double entry blocks closing."""
from __future__ import annotations

from PySide6.QtCore import Qt

from app.core.citations import citation
from tests.gui.helpers import answer_yes, demo_window


def _counting(qtbot, tmp_path):  # noqa: ANN001, ANN202
    window = demo_window(qtbot, tmp_path)
    page = window.stack.currentWidget()
    assert page.step == "counting" and page.view is not None
    return window, page


def test_opens_the_demo_at_the_counting_step(qtbot, tmp_path) -> None:  # noqa: ANN001
    _window, page = _counting(qtbot, tmp_path)
    assert page.view.candidates and page.view.seats == 5 and page.view.returned == 36


def test_over_marked_ballot_is_rejected_and_undo_is_recorded(qtbot, tmp_path) -> None:  # noqa: ANN001
    _window, page = _counting(qtbot, tmp_path)
    e, grid = page.session.election, page.entry.grid
    qtbot.keyClicks(grid, "111111")  # six yes marks for five seats
    assert f"Invalid ballot: 6 people selected for 5 seats ({citation('R7.2')})" in page.entry.verdict_label.text()
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert page.count.valid + page.count.invalid == 0, "one Enter must not record an over-marked ballot"
    qtbot.keyClick(grid, Qt.Key.Key_Backspace)  # correct the slip: the last name back to no mark
    qtbot.keyClicks(grid, "2")
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert (page.count.valid, page.count.invalid) == (1, 0)
    first = page.view.candidates[0]
    assert page.count.tallies[first].yes == 1
    qtbot.keyClick(grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.count.valid == 0 and page.count.tallies[first].yes == 0
    assert [x.event for x in e.audit_entries()][-2:] == ["ballot_recorded", "ballot_deleted"]


def test_spoiled_key_records_an_invalid_ballot(qtbot, tmp_path) -> None:  # noqa: ANN001
    _window, page = _counting(qtbot, tmp_path)
    qtbot.keyClick(page.entry.grid, Qt.Key.Key_F8)
    assert page.entry.spoiled
    qtbot.keyClick(page.entry.grid, Qt.Key.Key_Return)
    assert (page.count.valid, page.count.invalid) == (0, 1)


def test_double_entry_differences_block_closing_until_resolved(qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    answer_yes(monkeypatch)
    _window, page = _counting(qtbot, tmp_path)
    grid = page.entry.grid
    page.double_box.setChecked(True)
    for _n in range(36):  # teller A: 36 ballots, yes for the first two names
        qtbot.keyClicks(grid, "11")
        qtbot.keyClick(grid, Qt.Key.Key_Return)
    page.teller_b.setChecked(True)
    for n in range(36):  # teller B: the same, but slips on the last ballot
        qtbot.keyClicks(grid, "12" if n == 35 else "11")
        qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert not page.diff.resolved and page.diff.list.count() == 2
    page.close_round()  # the core's gate refuses while the entries differ
    assert page.session.election.round_result(page.view.id) is None
    assert "differ" in page.banner.label.text() and f"({citation('R10.1')})" in page.banner.label.text()
    page.diff.list.setCurrentRow(1)  # "only in teller B's entry": B mistyped it
    page.diff.drop_button.click()
    qtbot.keyClicks(grid, "11")  # B keys that ballot again, correctly
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert page.diff.resolved
    events = [x.event for x in page.session.election.audit_entries()]
    assert events.count("check_ballot_recorded") == 37 and "check_ballot_deleted" in events
    page.close_round()
    assert page.session.election.round_result(page.view.id) is not None


def test_tally_sheet_sums_are_checked_by_the_core(qtbot, tmp_path) -> None:  # noqa: ANN001
    _window, page = _counting(qtbot, tmp_path)
    names = page.view.candidates
    page.tabs.setCurrentIndex(1)
    for name in names:
        page.sheet.set_counts(name, (30, 5, 2, 0))  # 37 marks per name from 36 valid ballots
    page.sheet.save_button.click()
    assert page.view.mode == "ballots" and f"({citation('R10.1')})" in page.banner.label.text()
    for name in names:
        page.sheet.set_counts(name, (30, 4, 2, 0))
    page.sheet.save_button.click()
    assert page.view.mode == "tallies"
