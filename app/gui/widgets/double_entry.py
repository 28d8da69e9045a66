"""Double entry: a second teller keys the same ballots; every difference from the record is listed to resolve."""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from app.core.i18n import _
from app.core.rules.model import Ballot, Mark
from app.core.storage.ballots import LETTER_MARK, MARK_LETTER
from app.gui.widgets.ballot_entry import SYMBOLS

Key = tuple[str, tuple[tuple[str, bool], ...], bool]


def ballot_key(ballot: Ballot, candidates: tuple[str, ...]) -> Key:
    """A ballot as comparable content: marks in ballot order, write-ins, spoiled (no id, no order)."""
    letters = "".join(MARK_LETTER[str(ballot.marks.get(c, Mark.ABSTAIN))] for c in candidates)
    return letters, tuple(sorted((w.name.strip(), w.marked) for w in ballot.write_ins if w.name.strip())), ballot.spoiled


def row_key(marks: str, write_ins: Iterable[tuple[str, bool]], spoiled: bool) -> Key:
    """A stored ballot row as comparable content."""
    return marks, tuple(sorted((n, bool(m)) for n, m in write_ins)), bool(spoiled)


def differences(recorded: Iterable[Key], checked: Iterable[Key]) -> tuple[Counter, Counter]:
    """Ballot contents only in the record, and only in the second teller's entry (multisets; display only)."""
    a, b = Counter(recorded), Counter(checked)
    return a - b, b - a


def describe(key: Key) -> str:
    """A ballot's content in symbols, e.g. "○○×—  + 赵五" or "spoiled"."""
    letters, write_ins, spoiled = key
    if spoiled:
        return _("spoiled ballot")
    text = "".join(SYMBOLS[Mark(LETTER_MARK[c])] for c in letters)
    names = "、".join(n if marked else f"({n})" for n, marked in write_ins)
    return f"{text}  + {names}" if names else text


class DoubleEntryPanel(QWidget):
    """The differences between the record (teller A) and teller B's check entry."""

    drop_check_requested = Signal(object)  # Key: teller B mistyped it

    def __init__(self) -> None:
        super().__init__()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.drop_button = QPushButton(_("Teller B &mistyped the selected ballot"))
        self.drop_button.clicked.connect(self._drop)
        buttons = QHBoxLayout()
        buttons.addWidget(self.drop_button)
        buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.summary)
        box.addWidget(self.list, 1)
        box.addLayout(buttons)
        self.resolved = True

    def show_differences(self, only_recorded: Counter, only_checked: Counter, recorded_n: int, checked_n: int) -> None:
        """List every difference; ``resolved`` is True only when both entries agree completely."""
        self.list.clear()
        for key, n in only_recorded.items():
            self._add(_("Only in the record (teller A): {ballot} ×{n}").format(ballot=describe(key), n=n), key, False)
        for key, n in only_checked.items():
            self._add(_("Only in teller B's entry: {ballot} ×{n}").format(ballot=describe(key), n=n), key, True)
        self.resolved = not only_recorded and not only_checked
        self.summary.setText(_("Teller A recorded {a} ballots, teller B keyed {b}.").format(a=recorded_n, b=checked_n) + " "
                             + (_("Both entries agree.") if self.resolved else
                                _("Find these ballots in the stack and correct the entry that is wrong.")))

    def _add(self, text: str, key: Key, checked: bool) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, (key, checked))
        self.list.addItem(item)

    def _drop(self) -> None:
        item = self.list.currentItem()
        if item is not None and item.data(Qt.ItemDataRole.UserRole)[1]:
            self.drop_check_requested.emit(item.data(Qt.ItemDataRole.UserRole)[0])
