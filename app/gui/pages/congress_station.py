"""A counting station's window: open its kit, key its own boxes twice, print its sheet, export its signed count."""
from __future__ import annotations

from typing import Callable

from pathlib import Path

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QButtonGroup, QComboBox, QHBoxLayout, QLabel, QLineEdit, QMainWindow, QPushButton,
    QRadioButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from app.core.congress import kit as fmt
from app.core.errors import UserFacingError
from app.core.congress.station import Station
from app.core.i18n import N_, _
from app.core.rules.model import Ballot, Settings
from app.core.signing.safewrite import write_file_safely
from app.gui.dialogs.error_dialog import user_message
from app.gui.prompts import Prompts
from app.gui.widgets.ballot_entry import BallotEntry, split_write_ins
from app.gui.widgets.screen_fit import fit_to_screen

KIT_FILTER = N_("Station kits and station files")  # the pattern is added untranslated (see ``file_filter``)
PARTIAL_FILTER = N_("Partial counts")
PDF_FILTER = N_("PDF files")
_TELLERS = split_write_ins  # names separated by 、 , ; or spaces
PATTERNS = {KIT_FILTER: "*.vdkit *.vdstation", PARTIAL_FILTER: "*.vdpart", PDF_FILTER: "*.pdf"}


def file_filter(name: str) -> str:
    """A file dialog's filter: the translated name and its pattern, e.g. "计票包 (*.vdkit)"."""
    return f"{_(name)} ({PATTERNS[name]})"


def open_station(prompts: Prompts, path: str | None = None) -> Station | None:
    """Ask for a kit (a new station file is made beside it) or a station file already begun, unless ``path`` names one."""
    path = path or prompts.open_path(_("Open a station kit"), file_filter(KIT_FILTER))
    if not path:
        return None
    try:
        if path.endswith(fmt.KIT_SUFFIX):
            target = Path(path).with_suffix(".vdstation")
            if target.exists():  # the kit was opened before: go on keying in the same file
                return Station.open(target)
            return Station.open_kit(Path(path).read_bytes(), target)
        return Station.open(path)
    except fmt.KitError:
        prompts.inform(_("Station kit"), _("This file is not a readable station kit: it was damaged on the way or is "
                                           "another kind of file. Ask the main station for the kit again."))
    return None


class StationWindow(QMainWindow):
    """Station mode: only this kit's round and boxes exist here; never another station's ballots (R13.9, R4.8)."""

    def __init__(self, station: Station, prompts: Prompts | None = None) -> None:
        super().__init__()
        self.station = station
        self.prompts = prompts or Prompts(self)
        self.setWindowTitle(_("Counting station {name} — votedesk").format(name=station.name))
        self._build()
        self.refresh()
        fit_to_screen(self, 1000, 740)

    def _build(self) -> None:
        head = QLabel(_("Teller group: {name}    Kit code: {code}").format(name=self.station.name, code=self.station.code))
        head.setObjectName("pageTitle")
        note = QLabel(_("Check that the kit code is the one the main station showed. This computer holds only the "
                        "ballots of this group's boxes; each ballot is keyed by two tellers, one after the other."))
        note.setWordWrap(True)
        self.box = QComboBox()
        self.box.addItems([b.name for b in self.station.boxes()])
        self.box.currentIndexChanged.connect(lambda _i: self.refresh())
        box_label = QLabel(_("&Box:"))
        box_label.setBuddy(self.box)
        self.first, self.second = QRadioButton(_("&First entry (record)")), QRadioButton(_("&Second entry (check)"))
        self.first.setChecked(True)
        self.passes = QButtonGroup(self)
        for n, b in ((1, self.first), (2, self.second)):
            self.passes.addButton(b, n)
            b.toggled.connect(lambda _on: self.refresh())
        undo = QPushButton(_("&Undo last ballot"))
        undo.clicked.connect(self.undo)
        row = QHBoxLayout()
        for w in (box_label, self.box, self.first, self.second, undo):
            row.addWidget(w)
        row.addStretch(1)
        self.entry = BallotEntry()
        rnd = self.station.kit["round"]
        self.entry.set_round(tuple(rnd["candidates"]), rnd["seats"],
                             Settings(write_in_needs_mark=bool(rnd["write_in_needs_mark"])))
        self.entry.ballot_submitted.connect(self.record)
        self.entry.undo_requested.connect(self.undo)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("verdict")
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([_("Box"), _("Ballots"), _("First entry"), _("Second entry"),
                                              _("Differing")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setMaximumHeight(120)
        self.tellers = QLineEdit()
        self.tellers.setPlaceholderText(_("the tellers' names, separated by 、"))
        tellers_label = QLabel(_("&Tellers:"))
        tellers_label.setBuddy(self.tellers)
        sheet = QPushButton(_("Counting s&heet…"))
        sheet.clicked.connect(lambda: self._guarded(self.save_sheet))
        self.export_button = QPushButton(_("&Export the signed count…"))
        self.export_button.clicked.connect(lambda: self._guarded(self.export))
        bottom = QHBoxLayout()
        for part in (tellers_label, self.tellers, sheet, self.export_button):
            bottom.addWidget(part)
        holder = QWidget()
        box = QVBoxLayout(holder)
        for w in (head, note):
            box.addWidget(w)
        box.addLayout(row)
        box.addWidget(self.entry, 1)
        box.addWidget(self.status)
        box.addWidget(self.table)
        box.addLayout(bottom)
        self.setCentralWidget(holder)

    def pass_no(self) -> int:
        return 2 if self.second.isChecked() else 1

    def refresh(self) -> None:
        boxes = self.station.boxes()
        self.table.setRowCount(len(boxes))
        for i, b in enumerate(boxes):
            for j, v in enumerate((b.name, b.ballots, b.keyed, b.checked, b.differing)):
                self.table.setItem(i, j, QTableWidgetItem(str(v)))
        self.entry.clear()

    def record(self, ballot: Ballot) -> None:
        marks = {n: m.value for n, m in ballot.marks.items()}
        result = self.station.record_ballot(self.box.currentText(), marks, ballot.write_ins, ballot.spoiled,
                                            self.pass_no())
        self.status.setText(_("Ballot saved.") if result.ok else "\n".join(r.message() for r in result.reasons))
        self.refresh()

    def undo(self) -> None:
        result = self.station.undo_last_ballot(self.box.currentText(), self.pass_no())
        self.status.setText(_("The last ballot was taken back.") if result.ok else
                            "\n".join(r.message() for r in result.reasons))
        self.refresh()

    def _tellers(self) -> list[str]:
        return [w.name for w in _TELLERS(self.tellers.text(), True)]

    def export(self) -> None:
        result = self.station.export_partial(self._tellers())
        if not result.ok:
            self.status.setText("\n".join(r.message() for r in result.reasons))
            return
        path = self.prompts.save_path(_("Export the signed count"), f"{self.station.name}.vdpart", file_filter(PARTIAL_FILTER))
        if path:
            write_file_safely(path, result.value)
            self.status.setText(_("The signed count was written to {path}. Take it to the main station.").format(path=path))

    def save_sheet(self) -> None:
        from app.core.congress.papers import station_sheet

        path = self.prompts.save_path(_("Counting sheet"), f"{self.station.name}-计票单.pdf", file_filter(PDF_FILTER))
        if path:
            write_file_safely(path, station_sheet(self.station, self._tellers()))

    def _guarded(self, fn: Callable[[], None]) -> None:
        """Run one button's work; a stick that is full or pulled out is said in the status line."""
        try:
            fn()
        except UserFacingError as exc:
            self.status.setText(user_message(exc))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt virtual
        self.station.close()
        super().closeEvent(event)
