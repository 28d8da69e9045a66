"""Preview, save and print PDF bytes from any page: slow work in the worker with a progress dialog, errors shown."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.core.i18n import N_, _
from app.core.signing.safewrite import write_file_safely
from app.gui import pdfview
from app.gui.widgets.forms import fill, table
from app.gui.worker import ProgressFn, Task

if TYPE_CHECKING:
    from app.core.workflow.election import Election
    from app.gui.prompts import Prompts

PDF_FILTER = "PDF (*.pdf)"
# reportlab shares a font's subset state between the documents being built: two builds at once in
# the thread pool corrupt each other (KeyError in TTFont). Every job that reads the file and builds
# papers holds this lock.
_BUILDING = threading.Lock()


def on_file(path: str | None, fn: Callable[[Election], Any]) -> Callable[[ProgressFn], Any]:
    """A background function calling ``fn(election)`` on the worker's own opening of the election file.

    SQLite connections belong to the thread that opened them, so the worker opens the file itself.
    Every action commits at once, so this connection sees what the GUI's connection wrote.
    """
    def run(_progress: ProgressFn) -> Any:
        from app.core.workflow import Election

        with _BUILDING:
            election = Election.open(path)
            try:
                return fn(election)
            finally:
                election.close()
    return run


class DocumentActions:
    """Preview, save and print for one widget; ``prompts`` answers the questions (file names, printer)."""

    def __init__(self, parent: QWidget, prompts: Prompts) -> None:
        self.parent = parent
        self.prompts = prompts
        self.last_saved: Path | None = None

    def _error(self, exc: Exception, details: str = "") -> None:
        self.prompts.error(exc, details)

    def preview(self, file_name: str, title: str, data: bytes) -> QWidget:
        """Open the preview window (not modal: the page stays usable); returns the dialog."""
        from app.gui.dialogs.pdf_preview import PdfPreviewDialog

        dialog = PdfPreviewDialog(data, title, file_name, self, self.parent)
        dialog.show()
        return dialog

    def save(self, file_name: str, data: bytes, parent: QWidget | None = None) -> None:
        """Ask where, then write safely (temp file, fsync, rename, read back): a stick may be slow or pulled out."""
        path = self.prompts.save_path(_("Save the document"), file_name, PDF_FILTER)
        if not path:
            return
        Task(parent or self.parent, _("Saving {name}").format(name=Path(path).name)).start(
            lambda _p: write_file_safely(path, data), self._saved, self._error)

    def _saved(self, path: Path) -> None:
        self.last_saved = path
        self.prompts.inform(_("Saved"), _("The document was saved as {path}.").format(path=path))

    def print_(self, title: str, data: bytes, parent: QWidget | None = None, printer: QPrinter | None = None) -> None:
        """The print dialog (printer, copies, pages), then pages rendered and sent in the worker."""
        printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
        pdfview.prepare_printer(printer, data, title)
        if not self.prompts.print_setup(printer):
            return
        task = Task(parent or self.parent, _("Printing {title}").format(title=title), cancellable=True)
        # The printer must outlive the job: the task keeps it until the worker is done.
        task.keep = printer
        task.start(lambda progress: pdfview.print_pdf(data, printer, progress, task.stop.is_set),
                   lambda pages: self._printed(title, pages), self._print_failed)

    def _printed(self, title: str, pages: int) -> None:
        self.prompts.inform(_("Printed"), _("{title}: {pages} page(s) sent to the printer.").format(title=title, pages=pages))

    def _print_failed(self, exc: Exception, details: str) -> None:
        if not isinstance(exc, pdfview.PrintCancelled):
            self._error(exc, details)


@dataclass(frozen=True)
class DocRow:
    """One document in a list: its title, a detail (copies, pages), the file name, and its bytes or a builder."""

    title: str
    detail: str
    file_name: str
    data: bytes | None = None
    build: Callable[[Election], bytes] | None = None  # fn(election) on the worker's opening of the file (see on_file)


class DocumentList(QWidget):
    """A table of documents with Preview / Save / Print for the selected one (built on first use, then kept)."""

    actions: DocumentActions  # type: ignore[assignment]  # shadows QWidget.actions(); pages and tests use this name

    # The button labels' Alt keys avoid the menu bar's (Alt+V View, Alt+S Supervision).
    def __init__(self, actions: DocumentActions, file_path: Callable[[], str | None],
                 labels: tuple[str, str, str] = (N_("Previe&w…"), N_("S&ave…"), N_("&Print…"))) -> None:
        super().__init__()
        self.actions = actions
        self.file_path = file_path
        self.rows: list[DocRow] = []
        self.built: dict[int, bytes] = {}
        self.table = table([_("Document"), _("Details"), _("File name")])
        self.table.doubleClicked.connect(lambda _i: self.preview())
        self.buttons = [QPushButton(_(text)) for text in labels]
        for button, slot in zip(self.buttons, (self.preview, self.save, self.print_), strict=True):
            button.clicked.connect(slot)
        row = QHBoxLayout()
        for button in self.buttons:
            row.addWidget(button)
        row.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.table)
        box.addLayout(row)
        self.set_rows([])

    def set_rows(self, rows: list[DocRow]) -> None:
        keep = self.table.currentRow()
        self.rows, self.built = rows, {}
        fill(self.table, [[r.title, r.detail, r.file_name] for r in rows])
        self.table.setMinimumHeight(min(6, max(2, len(rows))) * 30 + 30)  # the rest scrolls: the page fits 768 px
        if rows:
            self.table.selectRow(keep if 0 <= keep < len(rows) else 0)
        for button in self.buttons:
            button.setEnabled(bool(rows))

    def select(self, file_name: str) -> None:
        """Select the row of a file name (tests, and pages pointing at one document)."""
        names = [r.file_name for r in self.rows]
        if file_name in names:
            self.table.selectRow(names.index(file_name))

    def with_bytes(self, use: Callable[[DocRow, bytes], object]) -> None:
        """Call ``use(row, data)`` for the selected row, building its PDF in the worker first if needed."""
        i = self.table.currentRow()
        if not 0 <= i < len(self.rows):
            return
        row = self.rows[i]
        data = row.data or self.built.get(i)
        if data is not None:
            use(row, data)
            return
        if row.build is None:  # a row has its bytes or a way to build them
            return

        def built(result: bytes) -> None:
            self.built[i] = result
            use(row, result)
        Task(self, _("Preparing {title}").format(title=row.title)).start(
            on_file(self.file_path(), row.build), built, self.actions._error)

    def preview(self) -> None:
        self.with_bytes(lambda row, data: self.actions.preview(row.file_name, row.title, data))

    def save(self) -> None:
        self.with_bytes(lambda row, data: self.actions.save(row.file_name, data))

    def print_(self) -> None:
        self.with_bytes(lambda row, data: self.actions.print_(row.title, data))
