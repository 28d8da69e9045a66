"""The counting page: ballots keyed one by one (or tally sheets), live validity, undo, double entry, projector."""
from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton, QRadioButton,
    QSpinBox, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from app.core.i18n import N_, _
from app.core.rules.counting import Count, empty_count
from app.core.rules.model import Ballot
from app.core.storage import ballots as sb
from app.gui.pages.base import ElectionPage
from app.gui.projector import ProjectorWindow
from app.gui.readers import round_view, round_views, running_count
from app.gui.session import RoundView
from app.gui.widgets.ballot_entry import BallotEntry
from app.gui.widgets.double_entry import DoubleEntryPanel, ballot_key, differences, row_key
from app.gui.widgets.tally_sheet import TallySheet

KEY_HELP = N_("Keys: 1 yes · 2 no · 0 or Space abstain · 9 unreadable · Backspace back · "
              "Enter save · F8 spoiled · Ctrl+Z undo the last ballot · F5 projector")


class CountingPage(ElectionPage):
    """Key in the returned ballots of an open round, then close the round (the core counts it)."""

    help_text = KEY_HELP
    plenary = False

    def build(self) -> None:
        self.view: RoundView | None = None
        self.count: Count = empty_count(())
        self.checked: list[Ballot] = []  # teller B's entry (double entry); never saved
        self.projector: ProjectorWindow | None = None
        self.content.addLayout(self._round_bar())
        self.tabs = QTabWidget()
        self.tabs.addTab(self._ballot_tab(), _("&Ballot by ballot"))
        self.sheet = TallySheet()
        self.sheet.submitted.connect(self.save_tallies)
        self.tabs.addTab(self.sheet, _("&Tally sheets"))
        self.content.addWidget(self.tabs, 1)
        self.content.addLayout(self._footer())
        self._shortcuts()

    def _round_bar(self) -> QHBoxLayout:
        self.round_box = QComboBox()
        self.round_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.round_box.currentIndexChanged.connect(self._on_round_chosen)
        label = QLabel(_("&Round:"))
        label.setBuddy(self.round_box)
        self.info = QLabel()
        self.returned_spin = QSpinBox()
        self.returned_spin.setRange(0, 100000)
        self.returned_button = QPushButton(_("Record ballots &returned"))
        self.returned_button.clicked.connect(self.record_returned)
        bar = QHBoxLayout()
        for w in (label, self.round_box, self.info):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(QLabel(_("Ballots returned:")))
        bar.addWidget(self.returned_spin)
        bar.addWidget(self.returned_button)
        return bar

    def _ballot_tab(self) -> QWidget:
        tab = QWidget()
        self.entry = BallotEntry()
        self.entry.ballot_submitted.connect(self.save_ballot)
        self.entry.undo_requested.connect(self.undo)
        self.spoiled_flag = QLabel(_("SPOILED BALLOT (F8 to take back)"))
        self.spoiled_flag.setObjectName("spoiledFlag")
        self.entry.changed.connect(lambda: self.spoiled_flag.setVisible(self.entry.spoiled))
        self.tally = QTableWidget(0, 4)
        self.tally.setHorizontalHeaderLabels([_("Yes"), _("No"), _("Abstain"), _("Void mark")])
        self.tally.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tally.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.tally.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.progress = QLabel()
        self.progress.setObjectName("bigCaption")
        grid = QGridLayout(tab)
        grid.addWidget(self.entry, 0, 0)
        grid.addWidget(self.spoiled_flag, 1, 0)
        grid.addLayout(self._entry_buttons(), 2, 0)
        grid.addLayout(self._double_entry_box(), 3, 0)
        grid.addWidget(self.progress, 0, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.tally, 1, 1, 3, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        return tab

    def _entry_buttons(self) -> QHBoxLayout:
        self.save_button = QPushButton(_("&Save ballot (Enter)"))
        self.save_button.clicked.connect(self.entry.submit)
        self.spoil_button = QPushButton(_("Spoiled ballot (F8)"))
        self.spoil_button.clicked.connect(self.entry.toggle_spoiled)
        self.undo_button = QPushButton(_("&Undo last ballot (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.undo)
        row = QHBoxLayout()
        for b in (self.save_button, self.spoil_button, self.undo_button):
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            row.addWidget(b)
        row.addStretch(1)
        return row

    def _double_entry_box(self) -> QVBoxLayout:
        self.double_box = QCheckBox(_("&Double entry: a second teller keys the same ballots to check them"))
        self.double_box.toggled.connect(self._on_double_toggled)
        self.teller_a = QRadioButton(_("Teller &A (recorded)"))
        self.teller_b = QRadioButton(_("Teller &B (check entry)"))
        self.teller_a.setChecked(True)
        self.diff = DoubleEntryPanel()
        self.diff.drop_check_requested.connect(self._drop_checked)
        row = QHBoxLayout()
        row.addWidget(self.teller_a)
        row.addWidget(self.teller_b)
        row.addStretch(1)
        box = QVBoxLayout()
        box.addWidget(self.double_box)
        box.addLayout(row)
        box.addWidget(self.diff)
        self._on_double_toggled(False)
        return box

    def _footer(self) -> QHBoxLayout:
        projector = QPushButton(_("&Projector window (F5)"))
        projector.clicked.connect(self.show_projector)
        self.close_button = QPushButton(_("&Close the round and count it…"))
        self.close_button.clicked.connect(self.close_round)
        row = QHBoxLayout()
        row.addWidget(projector)
        row.addStretch(1)
        row.addWidget(self.close_button)
        return row

    def _shortcuts(self) -> None:
        for keys, slot in (("F8", self.entry.toggle_spoiled), ("Ctrl+Z", self.undo)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # ---- loading ------------------------------------------------------------------------------
    def load(self) -> None:
        super().load()
        views = [v for v in round_views(self.session.election, self.plenary)]
        current = self.view.id if self.view else None
        self.round_box.blockSignals(True)
        self.round_box.clear()
        for v in views:
            self.round_box.addItem(v.title + (_(" (closed)") if v.closed else ""), v.id)
        open_ids = [v.id for v in views if not v.closed]
        chosen = self._choose(current, open_ids, [v.id for v in views])
        self.round_box.setCurrentIndex(self.round_box.findData(chosen) if chosen is not None else -1)
        self.round_box.blockSignals(False)
        self._show_round(chosen)

    @staticmethod
    def _choose(current: int | None, open_ids: list[int], all_ids: list[int]) -> int | None:
        """Stay on the round shown while it is open; else the first open round; else the latest."""
        if current in open_ids:
            return current
        if open_ids:
            return open_ids[0]
        return all_ids[-1] if all_ids else None

    def _on_round_chosen(self, index: int) -> None:
        self.checked = []
        self._show_round(self.round_box.itemData(index))

    def _show_round(self, round_id: int | None) -> None:
        fresh = self.view is None or self.view.id != round_id
        self.view = round_view(self.session.election, round_id) if round_id is not None else None
        if self.view is None:
            self.info.setText(_("No round is open yet: open one on the Ballots page."))
            self.tabs.setEnabled(False)
            return
        v = self.view
        self.tabs.setEnabled(not v.closed)
        self.info.setText(_("{seats} seats · present {present} · issued {issued}").format(
            seats=v.seats, present=v.present if v.present is not None else "–", issued=v.issued if v.issued is not None else "–"))
        self.returned_spin.setValue(v.returned or v.issued or 0)
        self.returned_spin.setEnabled(v.returned is None and not v.closed)
        self.returned_button.setEnabled(v.returned is None and not v.closed)
        if fresh:
            self.entry.set_round(v.candidates, v.seats, v.settings)
            self.sheet.set_round(v.candidates)
            self.tally.setRowCount(len(v.candidates))
            self.tally.setVerticalHeaderLabels(list(v.candidates))
        self.refresh_count()

    # ---- the count ---------------------------------------------------------------------------
    def refresh_count(self) -> None:
        """Re-read the running count from the core; update the table, the projector and double entry."""
        v = self.view
        self.count = running_count(self.session.election, v) if v else empty_count(())
        names = list(self.count.tallies)
        self.tally.setRowCount(len(names))
        self.tally.setVerticalHeaderLabels(names)
        for row, name in enumerate(names):
            t = self.count.tallies[name]
            for col, value in enumerate((t.yes, t.no, t.abstain, t.void)):
                item = QTableWidgetItem(str(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.tally.setItem(row, col, item)
        keyed = self.count.valid + self.count.invalid
        returned = v.returned if v and v.returned is not None else "–"
        self.progress.setText(_("Keyed {keyed} of {returned} returned ballots\nvalid {valid} · invalid {invalid}").format(
            keyed=keyed, returned=returned, valid=self.count.valid, invalid=self.count.invalid))
        self._refresh_double_entry()
        if self.projector is not None and v is not None:
            self.projector.show_count(v.title, self.count, v.returned)

    def save_ballot(self, ballot: Ballot) -> None:
        """Save the typed ballot through the core (or into teller B's check entry)."""
        if self.view is None:
            return
        if self.double_box.isChecked() and self.teller_b.isChecked():
            self.checked.append(ballot)
            self.entry.clear()
            self._refresh_double_entry()
            return
        # Keying a ballot changes no step's state: refresh only the count, so entry stays fast.
        result = self.act(self.session.election.record_ballot, self.view.id, dict(ballot.marks),
                          list(ballot.write_ins), ballot.spoiled, quiet=True)
        if result is not None:
            self.entry.clear()
            self.refresh_count()

    def undo(self) -> None:
        """Take back the last saved ballot (the core records the removal)."""
        if self.view is None:
            return
        if self.double_box.isChecked() and self.teller_b.isChecked():
            if self.checked:
                self.checked.pop()
            self._refresh_double_entry()
            return
        if self.act(self.session.election.undo_last_ballot, self.view.id, quiet=True) is not None:
            self.refresh_count()

    def record_returned(self) -> None:
        if self.view is not None:
            self.act(self.session.election.record_returned, self.view.id, self.returned_spin.value())

    def save_tallies(self, tallies: dict, write_ins: dict, invalid: int) -> None:
        if self.view is not None:
            self.act(self.session.election.enter_tallies, self.view.id, tallies, write_ins, invalid)

    def close_round(self) -> None:
        """Ask, then let the core count and close the round (blocked while double entry differs)."""
        if self.view is None:
            return
        if self.double_box.isChecked() and not self.diff.resolved:
            self.banner.show_state("blocked", [_("Double entry: the two tellers' entries differ. Resolve every "
                                                 "difference before the round is closed.")], _("Not yet possible:"))
            return
        answer = QMessageBox.question(self, _("Close the round"), _("Close {round}? The ballots are then locked and the "
                                      "result is counted; corrections are only possible as recorded amendments.")
                                      .format(round=self.view.title))
        if answer == QMessageBox.StandardButton.Yes:
            self.act(self.session.election.close_round, self.view.id)

    # ---- double entry ------------------------------------------------------------------------
    def _on_double_toggled(self, on: bool) -> None:
        for w in (self.teller_a, self.teller_b, self.diff):
            w.setVisible(on)
        if not on:
            self.teller_a.setChecked(True)
        self._refresh_double_entry()

    def _stored_keys(self) -> list[Any]:
        rows = sb.ballot_rows(self.session.election.db, self.view.id) if self.view else []
        return [row_key(marks, json.loads(w), s) for _bid, marks, w, s in rows]

    def _refresh_double_entry(self) -> None:
        if not self.double_box.isChecked() or self.view is None:
            self.diff.resolved = True
            return
        recorded = self._stored_keys()
        checked = [ballot_key(b, self.view.candidates) for b in self.checked]
        only_a, only_b = differences(recorded, checked)
        self.diff.show_differences(only_a, only_b, len(recorded), len(checked))
        self.close_button.setToolTip("" if self.diff.resolved else _("Resolve the double-entry differences first"))

    def _drop_checked(self, key: Any) -> None:
        for i, b in enumerate(self.checked):
            if ballot_key(b, self.view.candidates) == key:
                del self.checked[i]
                break
        self._refresh_double_entry()

    # ---- projector ---------------------------------------------------------------------------
    def show_projector(self) -> None:
        """Open the projector window with the running count."""
        if self.projector is None:
            self.projector = ProjectorWindow(self)
        self.projector.present()
        self.refresh_count()
