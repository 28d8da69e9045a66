"""Import: verify result packages off the GUI thread with a progress bar, then one result per package."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QProgressBar, QPushButton, QTreeWidget,
    QTreeWidgetItem, QVBoxLayout, QWidget,
)

from app.core.errors import UserFacingError
from app.core.higher.imports import ImportResult, check_stored, import_package
from app.core.higher.workspace import Workspace
from app.core.reports.papercode import split_codes
from app.core.i18n import N_, _
from app.core.signing.longterm import sentences
from app.core.signing.texts import describe, sentence
from app.core.safeinput import read_limited
from app.gui.higher.common import PACKAGE_FILTER, error_text, flag_text, help_label, on_workspace, title_label
from app.gui.worker import ProgressFn

if TYPE_CHECKING:
    from app.gui.higher.host import Host

PACKAGE_SUFFIX = ".vdpkg"
OUTCOMES = {
    "accepted": N_("Accepted"), "rejected": N_("Rejected"), "duplicate": N_("Duplicate"), "rechecked": N_("Codes checked"),
    "superseded": N_("Superseded"), "unreadable": N_("Unreadable"),
}
COLOURS = {"accepted": "#185c26", "rejected": "#b3261e", "unreadable": "#b3261e", "duplicate": "#555555",
           "rechecked": "#185c26",
           "superseded": "#7a5a00"}
COLUMNS = (N_("File"), N_("Organization"), N_("Result"), N_("What the import did"))


@dataclass(frozen=True)
class Outcome:
    """What importing one file gave: the core's result, or the error that stopped it."""

    path: str
    result: ImportResult | None = None
    error: UserFacingError | None = None

    @property
    def kind(self) -> str:
        """accepted, rejected, duplicate, rechecked (accepted before, its paper codes now checked), superseded (an older
        package kept beside a newer one) or unreadable."""
        r = self.result
        if r is None:
            return "unreadable"
        if r.status in ("duplicate", "rechecked") and (r.report is None or r.report.ok):
            return r.status
        if r.report is not None and not r.report.ok:
            return "rejected"
        return "superseded" if r.status == "older_than_current" else "accepted"


def import_files(ws: Workspace, files: list[str], stop: threading.Event, sink: list[Outcome],
                 progress: ProgressFn, codes: tuple[str, ...] = ()) -> list[Outcome]:
    """Verify and import each file in turn (worker thread); each outcome is appended to ``sink`` as it is known.

    ``codes``: the verification codes typed from the counting reports that came with the package(s).
    """
    for i, path in enumerate(files):
        if stop.is_set():
            break
        try:
            sink.append(Outcome(path, import_package(ws, read_limited(path), paper_codes=codes)))
        except UserFacingError as exc:
            sink.append(Outcome(path, error=exc))
        progress(i + 1, len(files))
    return sink


def packages_in(folder: str) -> list[str]:
    """Every result package in a folder and its subfolders (a whole USB stick), by path."""
    return sorted(str(p) for p in Path(folder).rglob(f"*{PACKAGE_SUFFIX}") if p.is_file() and not p.name.startswith("."))


def _what_happened(o: Outcome) -> str:
    r = o.result
    if r is None:
        return error_text(o.error) if o.error else ""
    if r.status == "duplicate" and "paper_code_mismatch" in r.flags:
        return _("Already imported as package #{id} and rejected because a code did not match: type the codes from "
                 "its counting reports above and import it again, or select it and press \"Check the codes\".").format(
            id=r.package_id)
    if r.status == "duplicate":
        return _("Already imported as package #{id}: nothing changed.").format(id=r.package_id)
    if r.report is not None and not r.report.ok and r.report.reasons() == ("paper_code_mismatch",):
        return _("Kept as package #{id}, rejected: a code typed matches no round. Compare the codes with the counting "
                 "reports; once corrected, select this line and press \"Check the codes\" (the package is judged "
                 "again). If they were typed correctly, return it (退回) in the overview.").format(id=r.package_id)
    if r.report is not None and not r.report.ok:
        return _("Kept as package #{id}; it failed verification for the reasons below. In the overview, return it "
                 "(退回) to the branch with these reasons.").format(id=r.package_id)
    if r.status == "rechecked":
        return _("Package #{id} judged again with the codes typed: it stays accepted.").format(id=r.package_id)
    if r.status == "older_than_current":
        return _("Kept as package #{id}; the package on record for this organization stays.").format(id=r.package_id)
    if r.superseded:
        return _("On record as package #{id}; replaces the earlier package #{old}, which is kept.").format(
            id=r.package_id, old=r.superseded)
    return _("On record as package #{id}.").format(id=r.package_id)


class ImportView(QWidget):
    """Import packages… / Import a folder… ; Stop ends after the package being verified."""

    def __init__(self, window: Host) -> None:
        super().__init__()
        self.window_ = window
        self.outcomes: list[Outcome] = []
        self.stop = threading.Event()
        self.running = False
        self._shown = 0
        self.files_button = QPushButton(_("Import &packages…"))
        self.folder_button = QPushButton(_("Import a fol&der…"))
        self.stop_button = QPushButton(_("&Stop"))
        self.files_button.clicked.connect(self.choose_files)
        self.folder_button.clicked.connect(self.choose_folder)
        self.stop_button.clicked.connect(self.stop.set)
        self.check_button = QPushButton(_("C&heck the codes"))
        self.check_button.setToolTip(_("Judge the package selected in the list again with the codes typed here "
                                       "(they came later, or one was mistyped)"))
        self.check_button.clicked.connect(self.check_selected)
        self.stop_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setFormat(_("%v of %m"))
        self.progress.setValue(0)
        self.status = QLabel(_("No packages imported in this session yet."))
        self.codes = QLineEdit()
        self.codes.setPlaceholderText(_("e.g. 1234-5678-9012-3456-7890, one per round (optional)"))
        self.codes.setAccessibleName(_("Verification codes from the counting reports"))
        codes_label = QLabel(_("&Codes from the counting reports:"))
        codes_label.setBuddy(self.codes)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels([_(c) for c in COLUMNS])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((230, 300, 110)):
            self.tree.setColumnWidth(col, width)
        buttons = QHBoxLayout()
        for b in (self.files_button, self.folder_button, self.stop_button):
            buttons.addWidget(b)
        buttons.addWidget(self.progress, 1)
        box = QVBoxLayout(self)
        box.addWidget(title_label(_("Import result packages")))
        box.addWidget(help_label(_(
            "Choose the packages (.vdpkg) or a whole USB stick. Each one is checked against this workspace's root "
            "certificate: the signature and certificate, every file, the signed reports, the audit log, a recount of "
            "every round from the ballots, and the election rules. Importing the same package again changes nothing; "
            "a newer package from a branch replaces the older one on record, and both are kept.")))
        codes_row = QHBoxLayout()
        codes_row.addWidget(codes_label)
        codes_row.addWidget(self.codes, 1)
        codes_row.addWidget(self.check_button)
        box.addLayout(codes_row)
        box.addWidget(help_label(_(
            "Each counting report signed at the meeting prints a verification code per round. Type the codes from the "
            "papers that came with a package, then import that package alone: a code that matches no round rejects it. "
            "Without codes the package is marked \"paper code not checked\". Codes that came later or were mistyped: "
            "type them, select the package in the list and press \"Check the codes\".")))
        box.addLayout(buttons)
        box.addWidget(self.status)
        box.addWidget(self.tree, 1)
        QWidget.setTabOrder(self.codes, self.check_button)
        QWidget.setTabOrder(self.check_button, self.files_button)
        QWidget.setTabOrder(self.files_button, self.folder_button)
        QWidget.setTabOrder(self.folder_button, self.stop_button)
        QWidget.setTabOrder(self.stop_button, self.tree)

    # ---- choosing ------------------------------------------------------------------------------
    def cancel(self) -> None:
        """Ask a running import to stop after the file it is reading (the window is closing)."""
        self.stop.set()

    def choose_files(self) -> None:
        files = self.window_.prompts.open_paths(_("Import result packages"), _(PACKAGE_FILTER))
        if files:
            self.start(files)

    def choose_folder(self) -> None:
        folder = self.window_.prompts.open_folder(_("Import every package in a folder or USB stick"))
        if not folder:
            return
        files = packages_in(folder)
        if not files:
            self.window_.prompts.inform(_("Import result packages"),
                                        _("There is no result package (.vdpkg) in {folder}.").format(folder=folder))
            return
        self.start(files)

    def selected_package(self) -> tuple[str, int] | None:
        """(file name, package number) of the line selected in the list, or None."""
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        number = item.data(1, Qt.ItemDataRole.UserRole) if item is not None else None
        return (item.text(0), int(number)) if item is not None and number is not None else None

    def check_selected(self) -> None:
        """Judge the selected package again with the codes typed (the worker verifies it again)."""
        window, chosen, codes = self.window_, self.selected_package(), tuple(split_codes(self.codes.text()))
        if self.running or window.path is None:
            return
        if chosen is None or not codes:
            window.prompts.inform(_("Check the codes"), _("Select the package in the list below and type the codes "
                                                          "from its counting reports first."))
            return
        name, number = chosen
        self._begin(1)
        sink = self.outcomes

        def work(ws: Workspace, progress: ProgressFn) -> list[Outcome]:
            try:
                sink.append(Outcome(name, check_stored(ws, number, codes)))
            except UserFacingError as exc:
                sink.append(Outcome(name, error=exc))
            progress(1, 1)
            return sink

        window.run_task(_("Checking the codes…"), on_workspace(window.path, work), self._finished, self._progress,
                        on_error=self._failed)

    # ---- running -------------------------------------------------------------------------------
    def start(self, files: list[str]) -> None:
        """Import ``files`` in the worker; results appear in the list as each package is verified."""
        window = self.window_
        if self.running or window.path is None:
            return
        self.outcomes, self._shown = [], 0
        self.tree.clear()
        self._begin(len(files))
        self.status.setText(_("Verifying {n} packages…").format(n=len(files)))
        sink, codes = self.outcomes, tuple(split_codes(self.codes.text()))
        window.run_task(_("Verifying and importing packages…"),
                        on_workspace(window.path,
                                     lambda ws, progress: import_files(ws, files, self.stop, sink, progress, codes)),
                        self._finished, self._progress, on_error=self._failed)

    def _begin(self, total: int) -> None:
        self.running = True
        self.stop.clear()
        self.progress.setRange(0, total)
        self.progress.setValue(0)
        for b in (self.files_button, self.folder_button, self.check_button):
            b.setEnabled(False)
        self.stop_button.setEnabled(True)

    def _progress(self, n: int, total: int) -> None:
        self.progress.setValue(n)
        self._show_new()
        self.status.setText(_("Verified {n} of {total} packages…").format(n=n, total=total))

    def _show_new(self) -> None:
        while self._shown < len(self.outcomes):
            self.tree.addTopLevelItem(self._item(self.outcomes[self._shown]))
            self._shown += 1

    def _end(self) -> None:
        self.running = False
        for b in (self.files_button, self.folder_button, self.check_button):
            b.setEnabled(True)
        self.stop_button.setEnabled(False)

    def _failed(self, exc: Exception, details: str) -> None:
        self._end()
        self._show_new()
        self.window_.refresh()
        self.window_.prompts.error(exc, details)

    def _finished(self, outcomes: list[Outcome]) -> None:
        self._end()
        self._show_new()
        self.status.setText(self.summary())
        self.window_.refresh()
        first_bad = next((i for i, o in enumerate(outcomes) if o.kind in ("rejected", "unreadable")), None)
        bad = self.tree.topLevelItem(first_bad) if first_bad is not None else None
        if bad is not None:
            self.tree.setCurrentItem(bad)
            bad.setExpanded(True)

    def summary(self) -> str:
        """"n packages: a accepted, r rejected, …" for what the last import did."""
        counts = {k: sum(o.kind == k for o in self.outcomes) for k in OUTCOMES}
        parts = [f"{_(OUTCOMES[k])} {n}" for k, n in counts.items() if n]
        stopped = _(" (stopped before the end)") if self.stop.is_set() else ""
        return _("{n} packages checked{stopped}: {parts}").format(n=len(self.outcomes), stopped=stopped,
                                                                   parts=" · ".join(parts) if parts else "—")

    def _item(self, o: Outcome) -> QTreeWidgetItem:
        r = o.result
        report = r.report if r else None
        org = (report.signer or str(report.summary.get("organization", ""))) if report else ""
        item = QTreeWidgetItem([Path(o.path).name, org or "—", _(OUTCOMES[o.kind]), _what_happened(o)])
        item.setToolTip(0, o.path)
        if r is not None:
            item.setData(1, Qt.ItemDataRole.UserRole, r.package_id)  # "Check the codes" judges this package again
        item.setToolTip(3, _what_happened(o))
        item.setData(0, Qt.ItemDataRole.UserRole, o.kind)
        item.setForeground(2, QBrush(QColor(COLOURS[o.kind])))
        font = item.font(2)
        font.setBold(True)
        item.setFont(2, font)
        lines = [(describe(c), c.rule) for c in report.failures] if report else []
        lines += [(flag_text(f), "") for f in (r.flags if r else ())]
        lines += [(sentence(c), "") for c in (report.limitations if report else ())]  # proved less, said so
        if report is not None and report.ok:  # what the signature will prove in ten years (issue 18)
            lines += [(text, "") for text in sentences(report)]
        for text, rule in lines:
            child = QTreeWidgetItem(["", "", "", "• " + text])
            child.setToolTip(3, f"{text}\n{rule}" if rule else text)  # the sentence cites the regulation; the id is here
            item.addChild(child)
        if lines:
            item.setExpanded(o.kind in ("rejected", "unreadable"))
        return item

    def result_lines(self) -> dict[str, list[str]]:
        """File name -> [result, what happened, every failing check…] as shown (tests, screen readers)."""
        out = {}
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        for item in (i for i in items if i is not None):
            children = (item.child(j) for j in range(item.childCount()))
            out[item.text(0)] = [item.text(2), item.text(3)] + [c.text(3) for c in children if c is not None]
        return out
