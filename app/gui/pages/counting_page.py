"""The counting page: ballots keyed one by one (or tally sheets), live validity, undo, double entry, projector."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton, QRadioButton,
    QSpinBox, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from app.core.i18n import N_, _
from app.core.rules.counting import Count, empty_count
from app.core.rules.model import Ballot
from app.gui.pages.base import ElectionPage
from app.gui.pages.scan_tab import ScanTab
from app.gui.readers import RoundView, round_view, round_views
from app.gui.widgets.ballot_entry import BallotEntry
from app.gui.widgets.flow import flow_row
from app.gui.widgets.double_entry import CHECK, RECORD, DoubleEntryPanel
from app.gui.widgets.tally_sheet import TallySheet

if TYPE_CHECKING:
    from app.gui.projector import ProjectorWindow

KEY_HELP = N_("Keys: 1 yes · 2 no · 0 or Space abstain · 9 unreadable · Backspace back · "
              "Enter save · F8 spoiled · Ctrl+Z undo the last ballot · F5 projector")


class CountingPage(ElectionPage):
    """Key in the returned ballots of an open round, then close the round (the core counts it)."""

    help_text = KEY_HELP
    plenary = False

    def build(self) -> None:
        self.view: RoundView | None = None
        self.count: Count = empty_count(())
        self.projector: ProjectorWindow | None = None  # built on first use
        self.content.addLayout(self._round_bar())
        self.tabs = QTabWidget()
        self.tabs.addTab(self._ballot_tab(), _("&Ballot by ballot"))
        self.sheet = TallySheet()
        self.sheet.submitted.connect(self.save_tallies)
        self.tabs.addTab(self.sheet, _("Ta&lly sheets"))
        self.scan_tab = ScanTab(self)
        self.tabs.addTab(self.scan_tab, _("Readin&g scans"))
        self.content.addWidget(self.tabs, 1)
        self.content.addLayout(self._footer())
        self._shortcuts()

    def _round_bar(self) -> QVBoxLayout:
        """The round on one line, its figures and the ballots returned on the next: one line ran off a 1024 screen."""
        self.round_box = QComboBox()
        self.round_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.round_box.currentIndexChanged.connect(self._on_round_chosen)
        label = QLabel(_("R&ound:"))
        label.setBuddy(self.round_box)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.returned_spin = QSpinBox()
        self.returned_spin.setRange(0, 100000)
        self.returned_button = QPushButton(_("Record ballots &returned"))
        self.returned_button.clicked.connect(self.record_returned)
        first, second = QHBoxLayout(), QHBoxLayout()
        first.addWidget(label)
        first.addWidget(self.round_box)
        first.addStretch(1)
        second.addWidget(self.info, 1)
        for w in (QLabel(_("Ballots returned:")), self.returned_spin, self.returned_button):
            second.addWidget(w)
        bar = QVBoxLayout()
        bar.addLayout(first)
        bar.addLayout(second)
        return bar

    def _ballot_tab(self) -> QWidget:
        tab = QWidget()
        self.entry = BallotEntry()
        self.entry.ballot_submitted.connect(self.save_ballot)
        self.entry.undo_requested.connect(self.undo)
        self.spoiled_flag = QLabel(_("SPOILED BALLOT (F8 to take back)"))
        self.spoiled_flag.setObjectName("spoiledFlag")
        self.spoiled_flag.setVisible(False)  # until a ballot is marked spoiled (a page with no round keys none)
        self.entry.changed.connect(lambda: self.spoiled_flag.setVisible(self.entry.spoiled))
        self.tally = QTableWidget(0, 4)
        self.tally.setHorizontalHeaderLabels([_("Yes"), _("No"), _("Abstain"), _("Void mark")])
        self.tally.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tally.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.tally.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.progress = QLabel()
        self.progress.setObjectName("bigCaption")
        self.progress.setWordWrap(True)
        # Two columns, each filled from the top: the running tally stays beside the ballot on a 768-pixel screen.
        left = QVBoxLayout()
        left.addWidget(self.entry)
        left.addWidget(self.spoiled_flag)
        left.addWidget(self._entry_buttons())
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.progress)
        right.addWidget(self.tally, 1)
        right.addLayout(self._double_entry_box())
        row = QHBoxLayout(tab)
        row.addLayout(left, 1)
        row.addLayout(right, 1)
        return tab

    def _entry_buttons(self) -> QWidget:
        self.save_button = QPushButton(_("Save ballot (Enter)"))
        self.save_button.clicked.connect(self.entry.submit)
        self.spoil_button = QPushButton(_("Spoiled ballot (F8)"))
        self.spoil_button.clicked.connect(self.entry.toggle_spoiled)
        self.undo_button = QPushButton(_("Undo last ballot (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.undo)
        for b in (self.save_button, self.spoil_button, self.undo_button):
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        return flow_row(self.save_button, self.spoil_button, self.undo_button)  # wraps in a narrow column

    def _double_entry_box(self) -> QVBoxLayout:
        self.double_box = QCheckBox(_("&Double entry"))
        self.double_box.toggled.connect(self.set_double_entry)
        # The explanation wraps under the box: one long check box text kept the running tally too narrow.
        double_help = QLabel(_("A second teller keys the same ballots to check them."))
        double_help.setObjectName("pageHelp")
        double_help.setWordWrap(True)
        self.teller_a = QRadioButton(_("Teller &A (recorded)"))
        self.teller_b = QRadioButton(_("Teller B (check &entry)"))
        self.teller_a.setChecked(True)
        self.diff = DoubleEntryPanel()
        self.diff.drop_requested.connect(self.take_back)
        row = QHBoxLayout()
        row.addWidget(self.teller_a)
        row.addWidget(self.teller_b)
        row.addStretch(1)
        box = QVBoxLayout()
        box.addWidget(self.double_box)
        box.addWidget(double_help)
        box.addLayout(row)
        box.addWidget(self.diff)
        self._show_double(False)
        return box

    def _footer(self) -> QHBoxLayout:
        projector = QPushButton(_("Projector window (F5)"))
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
        self._show_round(self.round_box.itemData(index))

    def _show_round(self, round_id: int | None) -> None:
        fresh = self.view is None or self.view.id != round_id
        self.view = round_view(self.session.election, round_id) if round_id is not None else None
        if self.view is None:
            self.info.setText(_("No round is open yet: open one on the Ballots page."))
            for w in (self.tabs, self.close_button, self.returned_spin, self.returned_button):
                w.setEnabled(False)
            return
        v = self.view
        self.tabs.setEnabled(not v.closed)
        for control in (self.entry, self.save_button, self.spoil_button, self.undo_button):
            control.setEnabled(v.mode == "ballots")  # a round counted from tally sheets takes no keyed ballot
        self.close_button.setEnabled(not v.closed)  # a counted round: no question about closing it again
        self.info.setText(_("{seats} seats · present {present} · issued {issued}").format(
            seats=v.seats, present=v.present if v.present is not None else "–", issued=v.issued if v.issued is not None else "–"))
        self.returned_spin.setValue(v.returned or v.issued or 0)
        self.returned_spin.setEnabled(v.returned is None and not v.closed)
        self.returned_button.setEnabled(v.returned is None and not v.closed)
        self.double_box.blockSignals(True)
        self.double_box.setChecked(v.double_entry)
        self.double_box.blockSignals(False)
        self.double_box.setEnabled(not v.closed and v.mode == "ballots")
        self._show_double(v.double_entry)
        self.scan_tab.setEnabled(v.mode == "ballots")  # scans are read ballot by ballot, never into tally sheets
        if fresh:
            self.entry.set_round(v.candidates, v.seats, v.settings)
            self.scan_tab.set_round(v.candidates, v.seats, v.settings)
            self._load_sheet(v)
            self.tally.setRowCount(len(v.candidates))
            self.tally.setVerticalHeaderLabels(list(v.candidates))
            if v.mode == "tallies":  # counted from the sheets: keying ballots is refused
                self.tabs.setCurrentWidget(self.sheet)
        self.refresh_count()

    def _load_sheet(self, v: RoundView) -> None:
        """The sheet as stored (a reopened file shows it, a correction starts from it), or empty rows."""
        self.sheet.set_round(v.candidates)
        stored = self.session.election.tallies(v.id)
        if stored is None:
            return
        self.sheet.fill(stored.tallies, stored.write_ins, stored.invalid)

    # ---- the count ---------------------------------------------------------------------------
    def refresh_count(self) -> None:
        """Re-read the running count from the core; update the table, the projector and double entry."""
        v = self.view
        self.count = self.session.election.round_count(v.id) if v else empty_count(())
        names = list(self.count.tallies)
        self.tally.setRowCount(len(names))
        self.tally.setVerticalHeaderLabels(names)
        for row, name in enumerate(names):
            t = self.count.tallies[name]
            for col, value in enumerate((t.yes, t.no, t.abstain, t.void)):
                item = QTableWidgetItem(str(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.tally.setItem(row, col, item)
        counted = self.count.valid + self.count.invalid
        returned = v.returned if v and v.returned is not None else "–"
        if v is not None and v.mode == "tallies":  # the core's count is the sheets' totals
            text = _("Tally sheets: {counted} of {returned} returned ballots\nvalid {valid} · invalid {invalid}")
        else:
            text = _("Keyed {keyed} of {returned} returned ballots\nvalid {valid} · invalid {invalid}")
        self.progress.setText(text.format(keyed=counted, counted=counted, returned=returned, valid=self.count.valid,
                                          invalid=self.count.invalid))
        self._refresh_double_entry()
        self.scan_tab.show_count(self.count)
        if self.projector is not None and v is not None:
            self.projector.show_count(v.title, self.count, v.returned)

    def _pass(self) -> int:
        """Which entry the keyboard feeds: the record, or teller B's check entry while double entry is on."""
        return CHECK if self.double_box.isChecked() and self.teller_b.isChecked() else RECORD

    def save_ballot(self, ballot: Ballot) -> None:
        """Save the typed ballot through the core, into the record or teller B's check entry."""
        if self.view is None:
            return
        # Keying a ballot changes no step's state: refresh only the count, so entry stays fast.
        result = self.act(self.session.election.record_ballot, self.view.id, dict(ballot.marks),
                          list(ballot.write_ins), ballot.spoiled, self._pass(), quiet=True)
        if result is not None:
            self.entry.clear()
            self.refresh_count()

    def undo(self) -> None:
        """Take back the last ballot saved into the current entry (the core records the removal)."""
        if self.view is not None and self.act(self.session.election.undo_last_ballot, self.view.id, self._pass(),
                                              quiet=True) is not None:
            self.refresh_count()

    def record_returned(self) -> None:
        if self.view is not None:
            self.act(self.session.election.record_returned, self.view.id, self.returned_spin.value())

    def save_tallies(self, tallies: dict, write_ins: dict, invalid: int) -> None:
        if self.view is not None:
            self.act(self.session.election.enter_tallies, self.view.id, tallies, write_ins, invalid)

    def close_round(self) -> None:
        """Ask, then let the core count and close the round (it refuses while a double entry differs)."""
        if self.view is None:
            return
        answer = QMessageBox.question(self, _("Close the round"), _("Close {round}? The ballots are then locked and the "
                                      "result is counted; corrections are only possible as recorded amendments.")
                                      .format(round=self.view.title))
        rid = self.view.id
        if answer == QMessageBox.StandardButton.Yes and self.act(self.session.election.close_round, rid) is not None:
            self._forget_scans(rid)
            self._refresh_outer_gate()

    def _forget_scans(self, round_id: int) -> None:
        """Handwriting identifies a voter (R4.8): once counted, the round's scanned images are deleted, hashes kept."""
        if self.session.election.scan_status(round_id).pages:
            done = self.act(self.session.election.delete_scan_images, round_id, quiet=True)
            if done is not None and done.value:
                QMessageBox.information(self, _("Close the round"), _(
                    "The round is counted: its {n} scanned image files were deleted (handwriting could identify a "
                    "voter). What was read and decided, and each image's fingerprint, stay in the file.").format(n=done.value))

    def _refresh_outer_gate(self) -> None:
        """A page holding this one (the first plenary's) shows the step's banner: the closed round changes it."""
        outer = self.parentWidget()
        while outer is not None and not isinstance(outer, ElectionPage):
            outer = outer.parentWidget()
        if outer is not None:
            outer.refresh_gate()

    # ---- double entry ------------------------------------------------------------------------
    def _show_double(self, on: bool) -> None:
        for w in (self.teller_a, self.teller_b, self.diff):
            w.setVisible(on)
        if not on:
            self.teller_a.setChecked(True)

    def set_double_entry(self, on: bool) -> None:
        """Switch double entry for the round through the core; switching off gives up teller B's entry."""
        if self.view is None:
            return
        checked = self.session.election.double_entry(self.view.id).checked
        if not on and checked and QMessageBox.question(
                self, _("Double entry"), _("Switch double entry off? Teller B's {n} keyed ballots are then given up.")
                .format(n=checked)) != QMessageBox.StandardButton.Yes:
            self.double_box.blockSignals(True)
            self.double_box.setChecked(True)
            self.double_box.blockSignals(False)
            return
        self.act(self.session.election.set_double_entry, self.view.id, on)

    def _refresh_double_entry(self) -> None:
        if self.view is None or not self.double_box.isChecked():
            self.diff.resolved = True
            self.close_button.setToolTip("")
            return
        self.diff.show_entry(self.session.election.double_entry(self.view.id), self.view.candidates)
        self.close_button.setToolTip("" if self.diff.resolved else _("Resolve the double-entry differences first"))

    def take_back(self, ballot_id: str, pass_no: int) -> None:
        """Remove a mistyped ballot from the entry that has it (recorded by the core), then compare again."""
        if self.view is not None and self.act(self.session.election.delete_ballot, self.view.id, ballot_id, pass_no,
                                              quiet=True) is not None:
            self.refresh_count()

    # ---- projector ---------------------------------------------------------------------------
    def show_projector(self) -> None:
        """Open the projector window with the running count."""
        if self.projector is None:
            from app.gui.projector import ProjectorWindow

            self.projector = ProjectorWindow(self)
        self.projector.present()
        self.refresh_count()
