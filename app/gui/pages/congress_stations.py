"""The main station's counting-stations dialog: boxes, kits for the teller groups, their partials, the union."""
from __future__ import annotations


from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton,
    QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from app.core.i18n import N_, _
from app.core.signing.safewrite import write_file_safely
from app.core.workflow import Election
from app.gui.pages.congress_station import PARTIAL_FILTER, PATTERNS, file_filter
from app.gui.pages.congress_status import StatusLine
from app.gui.prompts import Prompts

KIT_SAVE_FILTER = N_("Station kits")


PATTERNS[KIT_SAVE_FILTER] = "*.vdkit"


def open_round(e: Election) -> int | None:
    """The round waiting for its ballots to be counted (issued and returned recorded, not closed), or None."""
    waiting = [r for r in e.rounds() if not r.closed and r.returned is not None and r.mode == "ballots"]
    return waiting[-1].id if waiting else None


class StationsDialog(QDialog, StatusLine):
    """Count one round by several teller groups: split, issue kits, import partials, count from their union."""

    def __init__(self, parent: QWidget | None, election: Election, round_id: int, prompts: Prompts | None = None) -> None:
        super().__init__(parent)
        self.e, self.round_id = election, round_id
        self.prompts = prompts or Prompts(self)
        self.setWindowTitle(_("Counting stations"))
        self._build()
        self.refresh()

    def _build(self) -> None:
        r = next(x for x in self.e.rounds() if x.id == self.round_id)
        intro = QLabel(_("{returned} ballots were returned in this round. Split them into ballot boxes, give each teller "
                         "group a kit on a USB stick, then import the signed count each group brings back.")
                       .format(returned=r.returned))
        intro.setWordWrap(True)
        self.boxes = QTableWidget(0, 2)
        self.boxes.setHorizontalHeaderLabels([_("Box"), _("Ballots")])
        self.boxes.setMaximumHeight(140)
        add = QPushButton(_("&Add a box"))
        add.clicked.connect(lambda: self._add_box(_("Box {n}").format(n=self.boxes.rowCount() + 1), 0))
        split = QPushButton(_("&Split into these boxes"))
        split.clicked.connect(lambda: self._guarded(self.split))
        self.station = QLineEdit()
        self.station.setPlaceholderText(_("teller group, e.g. 第一计票组"))
        self.kit_boxes = QListWidget()
        self.kit_boxes.setMaximumHeight(90)
        issue = QPushButton(_("&Issue a kit…"))
        issue.clicked.connect(lambda: self._guarded(self.issue))
        self.progress = QTableWidget(0, 5)
        self.progress.setHorizontalHeaderLabels([_("Teller group"), _("Boxes"), _("Ballots"), _("Kit code"),
                                                 _("Partial count")])
        self.progress.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.progress.horizontalHeader().setStretchLastSection(True)
        imp = QPushButton(_("I&mport counts…"))
        imp.clicked.connect(lambda: self._guarded(self.import_counts))
        count = QPushButton(_("&Count the round from all groups"))
        count.clicked.connect(lambda: self._guarded(self.count))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("verdict")
        box = QVBoxLayout(self)
        box.addWidget(intro)
        row = QHBoxLayout()
        row.addWidget(self.boxes, 1)
        col = QVBoxLayout()
        col.addWidget(add)
        col.addWidget(split)
        col.addStretch(1)
        row.addLayout(col)
        box.addLayout(row)
        kit = QHBoxLayout()
        station_label = QLabel(_("&Group:"))
        station_label.setBuddy(self.station)
        for w in (station_label, self.station, self.kit_boxes, issue):
            kit.addWidget(w)
        box.addLayout(kit)
        box.addWidget(self.progress, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(imp)
        buttons.addWidget(count)
        buttons.addStretch(1)
        box.addLayout(buttons)
        box.addWidget(self.status)
        self.resize(900, 640)

    def _add_box(self, name: str, n: int) -> None:
        i = self.boxes.rowCount()
        self.boxes.insertRow(i)
        self.boxes.setItem(i, 0, QTableWidgetItem(name))
        spin = QSpinBox()
        spin.setRange(0, 100000)
        spin.setValue(n)
        self.boxes.setCellWidget(i, 1, spin)

    def refresh(self) -> None:
        stored = self.e.boxes(self.round_id)
        if stored:
            self.boxes.setRowCount(0)
            for b in stored:
                self._add_box(b.name, b.ballots)
        self.kit_boxes.clear()
        for b in stored:
            item = QListWidgetItem(b.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.kit_boxes.addItem(item)
        rows = self.e.station_progress(self.round_id)
        self.progress.setRowCount(len(rows))
        for i, p in enumerate(rows):
            state = _("imported ({tellers})").format(tellers="、".join(p.tellers)) if p.imported else _("not yet")
            for j, v in enumerate((p.station, "、".join(p.boxes), str(p.ballots), p.kit_code, state)):
                self.progress.setItem(i, j, QTableWidgetItem(v))
        self.progress.resizeColumnsToContents()

    def split(self) -> None:
        boxes = []
        for i in range(self.boxes.rowCount()):
            spin = self.boxes.cellWidget(i, 1)
            name = self.boxes.item(i, 0)
            boxes.append((name.text() if name else "", spin.value() if isinstance(spin, QSpinBox) else 0))
        self._say(self.e.set_boxes(self.round_id, boxes), _("The ballots are split into {n} boxes.").format(n=len(boxes)))
        self.refresh()

    def issue(self) -> None:
        chosen = [self.kit_boxes.item(i).text() for i in range(self.kit_boxes.count())
                  if self.kit_boxes.item(i).checkState() == Qt.CheckState.Checked]
        result = self.e.issue_kit(self.round_id, self.station.text(), chosen)
        if not self._say(result, ""):
            return
        path = self.prompts.save_path(_("Save the kit on the group's USB stick"), f"{self.station.text()}.vdkit",
                                      file_filter(KIT_SAVE_FILTER))
        if path:
            write_file_safely(path, result.value, private=True)
        self.refresh()
        code = self.e.station_progress(self.round_id)[-1].kit_code
        self.status.setText(_("Kit issued. Its code is {code}: the group checks the same code on its screen.")
                            .format(code=code))

    def import_counts(self, paths: list[str] | None = None) -> None:
        paths = paths if paths is not None else self.prompts.open_paths(_("Import counts"), file_filter(PARTIAL_FILTER))
        lines = []
        for path in paths:
            with open(path, "rb") as fh:
                result = self.e.import_partial(self.round_id, fh.read())
            lines += [_("{station}: imported").format(station=result.value)] if result.ok else \
                [r.message() for r in result.reasons]
        self.status.setText("\n".join(lines))
        self.refresh()

    def count(self) -> None:
        if self._say(self.e.count_from_stations(self.round_id), ""):
            self._say(self.e.close_round(self.round_id), _("The round is counted from all groups and closed."))
        self.refresh()
