"""The ballot entry widget: one key per mark, live validity from the core, invalid needs confirming."""
from __future__ import annotations

from PySide6.QtCore import Qt

from app.core.rules.model import Mark
from app.gui.widgets.ballot_entry import BallotEntry, split_write_ins
from app.core.citations import citation
from tests.gui.conftest import type_text

NAMES = ("丁一", "王二", "李三", "张四")


def _entry(qtbot) -> BallotEntry:  # noqa: ANN001
    entry = BallotEntry()
    qtbot.addWidget(entry)
    entry.set_round(NAMES, 2)
    entry.show()
    return entry


def test_one_key_per_mark_in_ballot_order(qtbot) -> None:  # noqa: ANN001
    entry = _entry(qtbot)
    qtbot.keyClicks(entry.grid, "12 9")
    ballot = entry.ballot()
    assert dict(ballot.marks) == {"丁一": Mark.YES, "王二": Mark.NO, "李三": Mark.ABSTAIN, "张四": Mark.UNREADABLE}
    qtbot.keyClick(entry.grid, Qt.Key.Key_Backspace)
    assert "张四" not in entry.ballot().marks and entry.position == 3


def test_over_marked_ballot_is_shown_invalid_and_needs_a_second_enter(qtbot) -> None:  # noqa: ANN001
    entry = _entry(qtbot)
    saved = []
    entry.ballot_submitted.connect(saved.append)
    qtbot.keyClicks(entry.grid, "111")
    assert f"Invalid ballot: 3 people selected for 2 seats ({citation('R7.2')})" in entry.verdict_label.text()
    qtbot.keyClick(entry.grid, Qt.Key.Key_Return)
    assert saved == [] and entry.confirm_invalid
    qtbot.keyClick(entry.grid, Qt.Key.Key_Return)
    assert len(saved) == 1 and not entry.verdict().valid


def test_a_written_in_name_counts_as_a_selection(qtbot) -> None:  # noqa: ANN001
    entry = _entry(qtbot)
    qtbot.keyClicks(entry.grid, "11")
    type_text(entry.write_in_edit, "赵五")
    assert entry.ballot().write_ins[0].name == "赵五"
    assert not entry.verdict().valid


def test_write_ins_are_split_on_chinese_and_latin_separators() -> None:
    assert [w.name for w in split_write_ins("赵五、钱六, 孙七", True)] == ["赵五", "钱六", "孙七"]
