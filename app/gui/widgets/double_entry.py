"""Double entry: the core's differences between the record and a second teller's check entry, to resolve."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from app.core.i18n import _
from app.core.rules.model import Ballot, Mark
from app.gui.widgets.ballot_entry import SYMBOLS

RECORD, CHECK = 1, 2  # the core's pass numbers: the record (teller A) and the check entry (teller B)


def describe(ballot: Ballot, candidates: tuple[str, ...]) -> str:
    """A ballot's content in symbols in ballot order, e.g. "○○×—  + 赵五", or "spoiled ballot"."""
    if ballot.spoiled:
        return _("spoiled ballot")
    text = "".join(SYMBOLS[Mark(ballot.marks.get(c, Mark.ABSTAIN))] for c in candidates)
    names = "、".join(w.name if w.marked else f"({w.name})" for w in ballot.write_ins if w.name.strip())
    return f"{text}  + {names}" if names else text


def _grouped(ballots: tuple[Ballot, ...], candidates: tuple[str, ...]) -> dict[str, list[str]]:
    """Description -> ids of the unmatched ballots that read the same (shown once with a count)."""
    groups: dict[str, list[str]] = {}
    for b in ballots:
        groups.setdefault(describe(b, candidates), []).append(b.id)
    return groups


class DoubleEntryPanel(QWidget):
    """Lists what the core found only in the record or only in the check entry; a slip is taken back here."""

    drop_requested = Signal(str, int)  # ballot id, pass number: that entry mistyped this ballot

    def __init__(self) -> None:
        super().__init__()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.drop_button = QPushButton(_("Ta&ke back the selected ballot from the entry that has it"))
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

    def show_entry(self, entry: Any, candidates: tuple[str, ...]) -> None:
        """Show a core DoubleEntry; ``resolved`` is True only when both entries agree completely."""
        self.list.clear()
        for text, ids in _grouped(entry.only_record, candidates).items():
            self._add(_("Only in the record (teller A): {ballot} ×{n}").format(ballot=text, n=len(ids)), ids[0], RECORD)
        for text, ids in _grouped(entry.only_check, candidates).items():
            self._add(_("Only in teller B's entry: {ballot} ×{n}").format(ballot=text, n=len(ids)), ids[0], CHECK)
        self.resolved = entry.agreed
        self.summary.setText(_("Teller A recorded {a} ballots, teller B keyed {b}.").format(a=entry.recorded, b=entry.checked)
                             + " " + (_("Both entries agree.") if self.resolved else
                                      _("Find these ballots in the stack and take back the entry that is wrong.")))

    def _add(self, text: str, ballot_id: str, pass_no: int) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, (ballot_id, pass_no))
        self.list.addItem(item)

    def _drop(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.drop_requested.emit(*item.data(Qt.ItemDataRole.UserRole))
