"""Keyboard entry of one paper ballot: one key per printed name, a write-in field, live validity from the core."""
from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget,
)

from app.core.i18n import N_, _
from app.core.messages import message
from app.core.rules.model import Ballot, Mark, Settings, WriteIn
from app.core.rules.validity import BallotVerdict, judge_ballot
from app.gui.widgets.forms import set_state

MARK_KEYS = {"1": Mark.YES, "2": Mark.NO, "0": Mark.ABSTAIN, " ": Mark.ABSTAIN, "9": Mark.UNREADABLE}
SYMBOLS = {Mark.YES: "○", Mark.NO: "×", Mark.ABSTAIN: "—", Mark.UNREADABLE: "？", None: "·"}
MARK_NAMES = {Mark.YES: N_("yes"), Mark.NO: N_("no"), Mark.ABSTAIN: N_("abstain"), Mark.UNREADABLE: N_("unreadable")}
ROWS_PER_COLUMN = 8
_SPLIT = re.compile(r"[、，,;；\s]+")


def split_write_ins(text: str, marked: bool) -> tuple[WriteIn, ...]:
    """Names typed in the write-in field (separated by 、 , ; or spaces)."""
    return tuple(WriteIn(name, marked) for name in _SPLIT.split(text.strip()) if name)


class MarkCell(QFrame):
    """One printed name with the mark entered for it."""

    def __init__(self, number: int, name: str) -> None:
        super().__init__()
        self.setObjectName("markCell")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        self.name_label = QLabel(f"{number}. {name}")
        self.mark_label = QLabel()
        self.mark_label.setMinimumWidth(96)
        self.mark_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.name_label, 1)
        row.addWidget(self.mark_label)

    def show_mark(self, mark: Mark | None, current: bool) -> None:
        text = SYMBOLS[mark] if mark is None else f"{SYMBOLS[mark]} {_(MARK_NAMES[mark])}"
        self.mark_label.setText(text)
        self.setProperty("mark", mark.value if mark else "")
        set_state(self, "current", "true" if current else "false")


class MarkGrid(QWidget):
    """The printed names in ballot order; takes the mark keys while it has focus."""

    key_pressed = Signal(QKeyEvent)

    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setObjectName("markGrid")
        self.layout_ = QGridLayout(self)
        self.layout_.setSpacing(4)
        self.cells: list[MarkCell] = []

    def set_names(self, names: tuple[str, ...]) -> None:
        for cell in self.cells:
            cell.deleteLater()
        self.cells = [MarkCell(i + 1, n) for i, n in enumerate(names)]
        for i, cell in enumerate(self.cells):
            self.layout_.addWidget(cell, i % ROWS_PER_COLUMN, i // ROWS_PER_COLUMN)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt virtual
        self.key_pressed.emit(event)
        if not event.isAccepted():
            super().keyPressEvent(event)


class BallotEntry(QWidget):
    """Enter one ballot: 1 yes, 2 no, 0/space abstain, 9 unreadable, Backspace back, Enter save, F8 spoiled.

    The keys work while the name grid has focus (also where Qt delivers no shortcuts, e.g. an
    inactive window); the page adds window shortcuts for F8 and Ctrl+Z elsewhere on the page.

    An over-marked ballot is shown as invalid while it is typed; Enter then asks for a second
    Enter before it is recorded as invalid, so one wrong key never silently voids a ballot.
    """

    ballot_submitted = Signal(object)  # Ballot
    undo_requested = Signal()
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.candidates: tuple[str, ...] = ()
        self.seats = 0
        self.settings = Settings()
        self.marks: list[Mark | None] = []
        self.position = 0
        self.spoiled = False
        self.confirm_invalid = False
        self._build()

    def _build(self) -> None:
        self.grid = MarkGrid()
        self.grid.key_pressed.connect(self._on_key)
        self.write_in_edit = QLineEdit()
        self.write_in_edit.setPlaceholderText(_("names written in by the voter, separated by 、"))
        self.write_in_edit.textChanged.connect(self._refresh)
        self.write_in_edit.returnPressed.connect(self.submit)
        write_in_label = QLabel(_("&Write-ins:"))
        write_in_label.setBuddy(self.write_in_edit)
        self.write_in_marked = QCheckBox(_("write-ins carry the &yes mark"))
        self.write_in_marked.setChecked(True)
        self.write_in_marked.toggled.connect(self._refresh)
        self.verdict_label = QLabel()
        self.verdict_label.setObjectName("verdict")
        self.verdict_label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(write_in_label)
        row.addWidget(self.write_in_edit, 1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.grid)
        box.addLayout(row)
        box.addWidget(self.write_in_marked)  # its own line: beside the field it pushed the page off a 1024 screen
        box.addWidget(self.verdict_label)
        QWidget.setTabOrder(self.grid, self.write_in_edit)
        QWidget.setTabOrder(self.write_in_edit, self.write_in_marked)

    def set_round(self, candidates: tuple[str, ...], seats: int, settings: Settings | None = None) -> None:
        """Prepare for the ballots of one round (printed names in ballot order)."""
        self.candidates = tuple(candidates)
        self.seats = seats
        self.settings = settings or Settings()
        self.grid.set_names(self.candidates)
        self.clear()

    def clear(self) -> None:
        """Start the next ballot."""
        self.marks = [None] * len(self.candidates)
        self.position = 0
        self.spoiled = False
        self.confirm_invalid = False
        self.write_in_edit.clear()
        self.write_in_marked.setChecked(True)
        self._refresh()
        self.grid.setFocus()

    def ballot(self) -> Ballot:
        """The ballot as typed so far; names not marked yet are abstentions."""
        marks = {c: m for c, m in zip(self.candidates, self.marks) if m is not None}
        write_ins = split_write_ins(self.write_in_edit.text(), self.write_in_marked.isChecked())
        return Ballot(id="", marks=marks, write_ins=write_ins, spoiled=self.spoiled)

    def verdict(self) -> BallotVerdict:
        """The core's judgement of the ballot as typed (R7.2, R7.3)."""
        return judge_ballot(self.ballot(), self.candidates, self.seats, self.settings)

    def set_mark(self, mark: Mark) -> None:
        """Mark the name under the cursor and move to the next one."""
        if self.position >= len(self.candidates):
            return  # past the last name: nothing to mark
        self.marks[self.position] = mark
        self.position += 1
        self._refresh()

    def back(self) -> None:
        """Clear the previous mark and put the cursor on it."""
        if self.position > 0:
            self.position -= 1
            self.marks[self.position] = None
            self._refresh()

    def move_by(self, step: int) -> None:
        self.position = max(0, min(len(self.candidates), self.position + step))
        self._refresh()

    def toggle_spoiled(self) -> None:
        """Mark the whole ballot spoiled (or take the mark back)."""
        self.spoiled = not self.spoiled
        self._refresh()

    def submit(self) -> None:
        """Hand the ballot over for saving; an invalid ballot needs a second Enter."""
        verdict = self.verdict()
        if not verdict.valid and not self.spoiled and not self.confirm_invalid:
            self.confirm_invalid = True
            self._refresh()
            return
        self.ballot_submitted.emit(self.ballot())

    def _on_key(self, event: QKeyEvent) -> None:
        key, text = event.key(), event.text()
        if text in MARK_KEYS:
            self.set_mark(MARK_KEYS[text])
        elif key == Qt.Key.Key_Backspace:
            self.back()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self.move_by(-1)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self.move_by(1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
        elif key == Qt.Key.Key_Escape:
            self.clear()
        elif key == Qt.Key.Key_F8:
            self.toggle_spoiled()
        elif key == Qt.Key.Key_Z and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.undo_requested.emit()
        else:
            event.ignore()
            return
        event.accept()

    def _refresh(self) -> None:
        self.confirm_invalid = self.confirm_invalid and not self.verdict().valid
        for i, cell in enumerate(self.grid.cells):
            cell.show_mark(self.marks[i] if i < len(self.marks) else None, i == self.position)
        self._show_verdict(self.verdict())
        self.changed.emit()

    def _show_verdict(self, verdict: BallotVerdict) -> None:
        if verdict.valid:
            text = _("Valid ballot: {selections} selected for {seats} seats").format(
                selections=verdict.selections, seats=self.seats)
            state = "valid"
        else:
            reason = verdict.reason  # an invalid ballot always carries its reason
            text = message(reason.code, selections=verdict.selections, seats=self.seats) if reason else ""
            state = "invalid"
        notes = [message(n.code) for n in verdict.notes]
        if self.confirm_invalid:
            notes.append(_("Press Enter again to record it as an invalid ballot, or correct the marks."))
        self.verdict_label.setText("\n".join([text, *notes]))
        set_state(self.verdict_label, "state", state)
