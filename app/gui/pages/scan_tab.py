"""The counting page's scanning tab (issue 17): read a folder of scans, decide every doubt with the keying keys."""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QKeySequence, QPainter, QPen, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget, QListWidgetItem, QProgressBar, QPushButton,
    QSpinBox, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from app.core.i18n import N_, _
from app.core.rules.counting import Count
from app.core.rules.model import Ballot, Mark
from app.core.scan.batch import read_folder
from app.core.scan.view import DOUBTFUL, page_view
from app.core.workflow.scanning import REFUSALS, ScanStatus, ScanSummary, page_place, page_refusal
from app.gui.widgets.ballot_entry import BallotEntry
from app.gui.worker import run_in_background

if TYPE_CHECKING:
    from app.core.storage.scans import ScanPage
    from app.gui.pages.counting_page import CountingPage

SCAN_HELP = N_("Framed red: decide with the keys of keyed entry (1 yes · 2 no · 0 abstain · 9 unreadable), "
               "type a written-in name, Enter saves · F9 sets the page aside")
STATE = {"review": N_("to decide"), "check": N_("key from the paper")}


class ReviewEntry(BallotEntry):
    """The ballot entry, started from what the scanner read: the cursor on the first box in doubt."""

    def prefill(self, marks: list[Mark | None], write_ins: str = "") -> None:
        self.clear()
        self.marks = list(marks) + [None] * (len(self.candidates) - len(marks))
        self.position = next((i for i, m in enumerate(self.marks) if m is None), len(self.candidates))
        self.write_in_edit.setText(write_ins)
        self._refresh()
        self.grid.setFocus()


def _pixmap(view: Any, width: int, framed: bool = True) -> QPixmap:
    """The upright ballot with its boxes framed: green read with certainty, red for a person to decide (no frames
    for a page keyed blind: the image only helps find the paper, the reading stays hidden)."""
    img = view.image
    qimg = QImage(img.tobytes(), img.size[0], img.size[1], img.size[0], QImage.Format.Format_Grayscale8).copy()
    pix = QPixmap.fromImage(qimg.convertToFormat(QImage.Format.Format_RGB32))
    painter = QPainter(pix)
    for f in view.frames if framed else ():
        painter.setPen(QPen(QColor("#c62828") if f.kind == DOUBTFUL else QColor("#2e7d32"), 3 if f.kind == DOUBTFUL else 2))
        painter.drawRect(f.x0, f.y0, f.x1 - f.x0, f.y1 - f.y0)
    painter.end()
    return pix.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)


def _place(p: ScanPage) -> str:
    """"No. 3 · " before a page's name: its place in the pile it was scanned from (blank when not recorded)."""
    place = page_place(p)
    return _("No. {n} · ").format(n=place[0]) if place else ""


class ScanTab(QWidget):
    """Choose a folder, watch it read, then work through the queue; every saved ballot updates the page's tally."""

    def __init__(self, page: CountingPage) -> None:
        super().__init__()
        self.page = page
        self.queue: list[ScanPage] = []
        self.current: ScanPage | None = None
        self.job: object = None
        self._build()

    # ---- building ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.folder_button = QPushButton(_("&Import a folder of scans…"))
        self.folder_button.clicked.connect(self.choose_folder)
        self.share = QSpinBox()
        self.share.setRange(0, 100)
        self.share.setValue(10)
        self.share.setSuffix(" %")
        share_label = QLabel(_("&Keyed again by hand:"))
        share_label.setBuddy(self.share)
        self.reviewer = QLineEdit()
        self.reviewer.setPlaceholderText(_("scrutineer's name"))
        reviewer_label = QLabel(_("&Decided by:"))
        reviewer_label.setBuddy(self.reviewer)
        self.bar = QProgressBar()
        self.bar.setFormat(_("Reading file %v of %m"))
        self.bar.setVisible(False)
        top = QHBoxLayout()
        for w in (self.folder_button, share_label, self.share, reviewer_label, self.reviewer):
            top.addWidget(w)
        top.addWidget(self.bar, 1)
        self.image = QLabel()
        self.image.setMinimumHeight(100)
        self.image.setMaximumHeight(210)  # a whole ballot at a glance; the keys work in the grid beside it
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_label = QLabel()
        self.page_label.setWordWrap(True)
        self.entry = ReviewEntry()
        self.entry.ballot_submitted.connect(self.save_decision)
        help_label = QLabel(_(SCAN_HELP))
        help_label.setObjectName("pageHelp")
        help_label.setWordWrap(True)
        self.aside = aside = QPushButton(_("Set this page aside (F9)"))
        aside.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        aside.clicked.connect(self.set_aside)
        left = QVBoxLayout()  # as on the ballot-by-ballot tab: the entry on the left, what it feeds on the right
        left.addWidget(self.entry, 1)
        left.addWidget(help_label)
        # Counted against returned, at a glance: the scrutineers know when the pile is done.
        self.figures = QLabel()
        self.figures.setObjectName("bigCaption")
        self.figures.setWordWrap(True)
        bold = self.figures.font()
        bold.setBold(True)
        self.figures.setFont(bold)
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._show)
        self.refused = QListWidget()  # each reason wrapped whole: a cut reason told the operator nothing
        self.refused.setWordWrap(True)
        self.refused.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.refused.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.refused.setSpacing(2)
        self.refused.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tally = QTableWidget(0, 3)  # the running count, as on the ballot-by-ballot tab
        self.tally.setHorizontalHeaderLabels([_("Yes"), _("No"), _("Abstain")])
        self.tally.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tally.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.tally.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.lists = QTabWidget()
        self.lists.addTab(self.list, _("To decide"))
        self.lists.addTab(self.tally, _("Count"))
        self.lists.addTab(self.refused, _("Not counted"))
        about = QHBoxLayout()
        about.addWidget(self.page_label, 1)
        about.addWidget(aside, 0, Qt.AlignmentFlag.AlignTop)
        right = QVBoxLayout()
        right.addWidget(self.image)
        right.addLayout(about)
        right.addWidget(self.lists, 1)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 1)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.figures)
        box.addLayout(body, 1)
        shortcut = QShortcut(QKeySequence("F9"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.set_aside)

    # ---- the round ----------------------------------------------------------------------------
    def set_round(self, candidates: tuple[str, ...], seats: int, settings: Any) -> None:
        self.entry.set_round(candidates, seats, settings)
        self.refresh()

    def _round(self) -> int | None:
        return self.page.view.id if self.page.view is not None else None

    def refresh(self) -> None:
        """Re-read the round's scanning from the core: counts, the queue and the pages not counted."""
        rid = self._round()
        self.list.blockSignals(True)
        self.list.clear()
        self.refused.clear()
        if rid is None:
            self.list.blockSignals(False)
            self.figures.clear()
            return
        e = self.page.session.election
        s = e.scan_status(rid)
        self.figures.setToolTip(_("Scanned {pages} pages: {saved} saved as ballots · {review} to decide · "
                                  "{check} to key by hand · {refused} not counted").format(
            pages=s.pages, saved=s.saved, review=s.review, check=s.check, refused=len(s.refused)))
        self.queue = e.scan_queue(rid)
        for p in self.queue:
            self.list.addItem(QListWidgetItem(f"{_place(p)}{p.name} — {_(STATE[p.state])}"))
        for p in s.refused:
            code, params = page_refusal(p)
            item = QListWidgetItem(f"{_place(p)}{p.name}: {_(REFUSALS.get(code, code)).format(**params)}")
            item.setToolTip(item.text())
            self.refused.addItem(item)
        self.lists.setTabText(0, _("To decide ({n})").format(n=len(self.queue)))
        self.lists.setTabText(2, _("Not counted ({n})").format(n=len(s.refused)))
        self._figures(s)
        self.list.blockSignals(False)
        self.list.setCurrentRow(0 if self.queue else -1)
        if not self.queue:
            self._show(-1)

    def _figures(self, s: ScanStatus | None = None) -> None:
        """Ballots counted in this round against those returned, pages waiting for a person, pages not counted."""
        v, rid = self.page.view, self._round()
        if v is None or rid is None:
            return
        s = s or self.page.session.election.scan_status(rid)
        count = self.page.count
        self.figures.setText(_("Counted {counted} of {returned} returned · {waiting} waiting for a person · "
                               "{refused} pages not counted").format(
            counted=count.valid + count.invalid, returned=v.returned if v.returned is not None else "–",
            waiting=s.review + s.check, refused=len(s.refused)))

    def show_count(self, count: Count) -> None:
        """The running count (the page's, from the core) beside the queue."""
        self._figures()
        names = list(count.tallies)
        self.tally.setRowCount(len(names))
        self.tally.setVerticalHeaderLabels(names)
        for row, name in enumerate(names):
            t = count.tallies[name]
            for col, value in enumerate((t.yes, t.no, t.abstain)):
                item = QTableWidgetItem(str(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.tally.setItem(row, col, item)

    # ---- reading a folder -----------------------------------------------------------------------
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Folder of scanned ballots"))
        if folder:
            self.read(Path(folder))

    def read(self, folder: Path) -> None:
        """Read the folder in the background (the progress bar fills), then record what was read."""
        rid = self._round()
        if rid is None:
            return
        layout = self.page.session.election.scan_layout(rid)
        if layout is None:
            self.page.show_refused([_("This round's ballot is printed over several sheets: key its ballots by hand")])
            return
        self.folder_button.setEnabled(False)
        self.bar.setVisible(True)
        self.bar.setValue(0)

        def progress(n: int, total: int) -> None:
            self.bar.setMaximum(total)
            self.bar.setValue(n)

        self.job = run_in_background(lambda report: read_folder(folder, layout, report),
                                     lambda pages: self._read(rid, pages), self._failed, progress, self)

    def _failed(self, exc: Exception, _details: str) -> None:
        self.folder_button.setEnabled(True)
        self.bar.setVisible(False)
        self.page.show_refused([str(exc)])

    def _read(self, rid: int, pages: list) -> None:
        self.folder_button.setEnabled(True)
        self.bar.setVisible(False)
        result = self.page.act(self.page.session.election.record_scans, rid, pages, Fraction(self.share.value(), 100),
                               quiet=True)
        if result is not None:
            self.show_summary(result.value)
        self.page.refresh_count()
        self.refresh()

    def show_summary(self, s: ScanSummary) -> None:
        self.page_label.setText(_("Read: {saved} saved as ballots, {review} to decide, {check} to key by hand, "
                                  "{refused} not counted").format(saved=s.saved, review=s.review, check=s.check,
                                                                  refused=len(s.refused)))

    # ---- the queue ------------------------------------------------------------------------------
    def _show(self, row: int) -> None:
        self.current = self.queue[row] if 0 <= row < len(self.queue) else None
        p = self.current
        self.aside.setVisible(p is not None and p.state == "review")  # only a page in review can be set aside
        if p is None:
            self.image.clear()
            self.entry.clear()
            return
        blind = p.state == "check"  # keyed from the paper: the image helps find the sheet, the reading stays hidden
        layout = self.page.session.election.scan_layout(p.round_id) if p.path else None
        view = page_view(p.path, p.name, layout, p.read) if p.path and layout else None
        if view is None:
            self.image.setText(_("The image of {page} is no longer in its folder").format(page=p.name))
        else:
            self.image.setPixmap(_pixmap(view, max(300, self.image.width() - 4), framed=not blind))
        if blind:
            self.page_label.setText(self._find_text(p))
            self.entry.prefill([])
            return
        why = _("looks like the same sheet as {other}").format(other=p.read["like"]) if p.read.get("like") else ""
        self.page_label.setText(f"{_place(p)}{p.name} {why}".strip())
        read = {"yes": Mark.YES, "no": Mark.NO, "empty": Mark.ABSTAIN}
        self.entry.prefill([read.get(s) for s in p.read.get("boxes", [])])

    @staticmethod
    def _find_text(p: ScanPage) -> str:
        """Where the sheet is in the pile: its place in the scanner's order and its file, in its folder."""
        place = page_place(p)
        if place is None:
            return _("{page}: find this sheet in the pile and key it from the paper").format(page=p.name)
        return _("Sheet {n} of {of} scanned into the folder “{folder}” ({page}): take this paper ballot out of the "
                 "pile, which the scanner kept in order, and key it from the paper").format(
            n=place[0], of=place[1], folder=Path(p.path).parent.name if p.path else "–", page=p.name)

    def _by(self) -> str | None:
        name = self.reviewer.text().strip()
        if not name:
            self.page.show_refused([_("Type the name of the scrutineer deciding first")])
            self.reviewer.setFocus()
            return None
        return name

    def save_decision(self, ballot: Ballot) -> None:
        """Send the person's decision (or the hand-keyed check) to the core, then move to the next page."""
        p, rid = self.current, self._round()
        if p is None or rid is None or (by := self._by()) is None:
            return
        e = self.page.session.election
        if p.state == "check":
            result = self.page.act(e.check_scan, rid, p.id, dict(ballot.marks),
                                   [(w.name, w.marked) for w in ballot.write_ins], ballot.spoiled, quiet=True)
        else:
            boxes = {i: m.value for i, m in enumerate(self.entry.marks) if m is not None}
            rows = [(w.name, "yes" if w.marked else "no") for w in ballot.write_ins]
            result = self.page.act(e.decide_scan, rid, p.id, boxes, rows, by, ballot.spoiled, quiet=True)
        self.page.refresh_count()
        self.refresh()
        if result is None and p.state == "check":
            self.page_label.setText(_("The hand-keyed ballot differs from the reading: the page is back to decide"))

    def set_aside(self) -> None:
        p, rid = self.current, self._round()
        if p is None or rid is None or p.state != "review" or (by := self._by()) is None:
            return
        self.page.act(self.page.session.election.set_scan_aside, rid, p.id, by, quiet=True)
        self.refresh()
