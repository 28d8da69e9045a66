"""Tally-sheet entry: per-person yes/no/abstain/void counts and the invalid ballots; the core checks the sums."""
from __future__ import annotations

from typing import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout, QHBoxLayout, QHeaderView, QLineEdit, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from app.core.i18n import _

COLUMNS = ("yes", "no", "abstain", "void")
MAX_COUNT = 100000


class TallySheet(QWidget):
    """Rows of printed names (then write-ins), four counts each, and the number of invalid ballots."""

    submitted = Signal(dict, dict, int)  # tallies {name: (yes, no, abstain, void)}, write-ins {name: yes}, invalid

    def __init__(self) -> None:
        super().__init__()
        self.candidates: tuple[str, ...] = ()
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([_("Yes"), _("No"), _("Abstain"), _("Void mark"), _("Total")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.invalid = QSpinBox()
        self.invalid.setRange(0, MAX_COUNT)
        self.write_in_name = QLineEdit()
        self.write_in_name.setPlaceholderText(_("written-in name"))
        add = QPushButton(_("&Add write-in row"))
        add.clicked.connect(self._add_write_in)
        self.save_button = QPushButton(_("Sav&e tally sheet"))
        self.save_button.clicked.connect(self._submit)
        form = QFormLayout()
        form.addRow(_("&Invalid ballots:"), self.invalid)
        row = QHBoxLayout()
        row.addWidget(self.write_in_name, 1)
        row.addWidget(add)
        box = QVBoxLayout(self)
        box.addWidget(self.table, 1)
        box.addLayout(row)
        box.addLayout(form)
        box.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        self.table.itemChanged.connect(self._update_totals)

    def set_round(self, candidates: tuple[str, ...]) -> None:
        """One row per printed name, in ballot order."""
        self.candidates = tuple(candidates)
        self.table.setRowCount(0)
        for name in self.candidates:
            self._add_row(name)

    def _add_row(self, name: str) -> None:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        self.table.setVerticalHeaderItem(row, QTableWidgetItem(name))
        for col in range(5):
            item = QTableWidgetItem("0")
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if col == 4:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(row, col, item)
        self.table.blockSignals(False)

    def _add_write_in(self) -> None:
        name = self.write_in_name.text().strip()
        if name:
            self._add_row(name)
            self.write_in_name.clear()

    def _count(self, row: int, col: int) -> int:
        item = self.table.item(row, col)
        text = item.text().strip() if item else ""
        return int(text) if text.isdigit() else 0

    def _update_totals(self, item: QTableWidgetItem) -> None:
        if item.column() == 4:
            return
        total = sum(self._count(item.row(), c) for c in range(4))
        self.table.blockSignals(True)
        self._cell(item.row(), 4).setText(str(total))
        self.table.blockSignals(False)

    def values(self) -> tuple[dict[str, tuple[int, int, int, int]], dict[str, int], int]:
        """The sheet as the core's enter_tallies takes it."""
        tallies: dict[str, tuple[int, int, int, int]] = {}
        write_ins: dict[str, int] = {}
        for row in range(self.table.rowCount()):
            name = self.table.verticalHeaderItem(row).text()
            counts = tuple(self._count(row, c) for c in range(4))
            if row < len(self.candidates):
                tallies[name] = counts  # type: ignore[assignment]
            else:
                write_ins[name] = counts[0]
        return tallies, write_ins, self.invalid.value()

    def fill(self, tallies: Mapping[str, tuple[int, int, int, int]], write_ins: Mapping[str, int], invalid: int) -> None:
        """Show a stored sheet (the inverse of ``values``): printed names' counts, write-in rows, invalid ballots."""
        for name, counts in tallies.items():
            self.set_counts(name, counts)
        for name, yes in write_ins.items():
            self._add_row(name)
            self._cell(self.table.rowCount() - 1, 0).setText(str(yes))
        self.invalid.setValue(invalid)

    def set_counts(self, name: str, counts: tuple[int, int, int, int]) -> None:
        """Fill one printed name's row (tests, the bench)."""
        row = self.candidates.index(name)
        for col, value in enumerate(counts):
            self._cell(row, col).setText(str(value))

    def _cell(self, row: int, col: int) -> QTableWidgetItem:
        """The item of a cell (every cell gets one when its row is added)."""
        item = self.table.item(row, col)
        if item is None:
            item = QTableWidgetItem()
            self.table.setItem(row, col, item)
        return item

    def _submit(self) -> None:
        self.submitted.emit(*self.values())
