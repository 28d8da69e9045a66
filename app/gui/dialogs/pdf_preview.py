"""The PDF preview window: pages near the view rendered in the worker, zoom, page x of y, Save and Print."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _
from app.gui import pdfview
from app.gui.widgets.screen_fit import fit_to_screen
from app.gui.worker import ProgressFn, run_in_background

if TYPE_CHECKING:
    from app.gui.doc_actions import DocumentActions

ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
SCREEN_DPI = 96.0  # 100 % shows the page at its real size on a typical screen
BATCH = 3  # pages per background job: pages appear as they are ready, and a zoom change is not kept waiting
AHEAD = 2  # pages rendered beyond the view, so paging down shows them at once
KEEP = 5  # pages kept beyond the view; farther ones are dropped and drawn again when scrolled back to


class PdfPreviewDialog(QDialog):
    """Shows one document; Ctrl+S saves, Ctrl+P prints, Ctrl+plus/minus zoom, Esc closes."""

    actions: DocumentActions  # type: ignore[assignment]  # shadows QWidget.actions(), as DocumentList does
    scroll: QScrollArea  # type: ignore[assignment]  # shadows QWidget.scroll(); tests reach the pages by it

    def __init__(self, data: bytes, title: str, file_name: str, actions: DocumentActions,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # pages can be large: free them on close
        self.setWindowTitle(_("Preview: {title}").format(title=title))
        self.data, self.title, self.file_name, self.actions = data, title, file_name, actions
        self.sizes: list[pdfview.PageSize] = []
        self.pages: list[QLabel] = []
        self.rendered: set[int] = set()
        self._tops: list[int] = []
        self._generation, self._busy, self._closed = 0, False, False
        self._jobs: list[Any] = []
        self._build()
        fit_to_screen(self, 920, 1000)  # a page at 100 %, but never taller than the screen it opens on
        self._start()

    # ---- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        box = QVBoxLayout(self)
        box.addLayout(self._toolbar())
        box.addWidget(self._pages_area(), 1)
        self._shortcuts()

    def _toolbar(self) -> QHBoxLayout:
        self.zoom = QComboBox()
        for z in ZOOMS:
            self.zoom.addItem(f"{round(z * 100)} %", z)
        self.zoom.setCurrentIndex(ZOOMS.index(1.0))
        self.zoom.currentIndexChanged.connect(self._zoom_changed)
        zoom_label = QLabel(_("&Zoom:"))
        zoom_label.setBuddy(self.zoom)
        self.page_label = QLabel()
        self.status = QLabel(_("Preparing the pages…"))
        self.status.setObjectName("pageHelp")
        self.save_button = QPushButton(_("&Save…"))
        self.print_button = QPushButton(_("&Print…"))
        close = QPushButton(_("&Close"))
        for button, slot in ((self.save_button, self.save), (self.print_button, self.print_), (close, self.close)):
            button.clicked.connect(slot)
            button.setAutoDefault(False)
        close.setDefault(True)  # Enter must not save or print by accident: only Close reacts to it
        bar = QHBoxLayout()
        for w in (zoom_label, self.zoom, self.page_label, self.status):
            bar.addWidget(w)
        bar.addStretch(1)
        for button in (self.save_button, self.print_button, close):
            bar.addWidget(button)
        return bar

    def _pages_area(self) -> QScrollArea:
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.sheet = QWidget()
        self.sheet.setObjectName("previewSheet")
        self.sheet.setStyleSheet("QWidget#previewSheet { background: #8a8f96; }")
        self.column = QVBoxLayout(self.sheet)
        self.column.setSpacing(14)
        self.column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll.setWidget(self.sheet)
        self.scroll.verticalScrollBar().valueChanged.connect(lambda _v: self._scrolled())
        return self.scroll

    def _shortcuts(self) -> None:
        # Esc closes a QDialog already; these add the document keys and zoom.
        for keys, slot in ((QKeySequence.StandardKey.Save, self.save), (QKeySequence.StandardKey.Print, self.print_),
                           (QKeySequence.StandardKey.ZoomIn, lambda: self.step_zoom(1)),
                           (QKeySequence("Ctrl+="), lambda: self.step_zoom(1)),
                           (QKeySequence.StandardKey.ZoomOut, lambda: self.step_zoom(-1))):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)

    # ---- pages -------------------------------------------------------------------------
    def _start(self) -> None:
        self._run(lambda _p: pdfview.page_sizes(self.data), self._sized)

    def _run(self, fn: Callable[[ProgressFn], Any], done: Callable[[Any], None]) -> None:
        # The signal holder has no Qt parent: a job finishing after the window closed must find it alive.
        def finished(result: Any) -> None:
            if not self._closed:
                done(result)

        def failed(exc: Exception, details: str) -> None:
            if not self._closed:
                self._failed(exc, details)
        holder = run_in_background(fn, finished, failed)
        self._jobs = [j for j in self._jobs[-4:]] + [holder]

    def _sized(self, sizes: list[pdfview.PageSize]) -> None:
        self.sizes = sizes
        for _i in sizes:
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setStyleSheet("background: white;")
            self.column.addWidget(label)
            self.pages.append(label)
        self.column.addStretch(1)  # pages packed from the top, so their positions are known (see _resize_pages)
        self._resize_pages()
        self._render_next()

    def _scale(self) -> float:
        return float(self.zoom.currentData()) * SCREEN_DPI / pdfview.POINTS_PER_INCH

    def _resize_pages(self) -> None:
        scale, margins = self._scale(), self.column.contentsMargins()
        self._tops, y = [], margins.top()
        for label, size in zip(self.pages, self.sizes, strict=True):
            label.setFixedSize(QSize(round(size.width * scale), round(size.height * scale)))
            self._tops.append(y)
            y += label.height() + self.column.spacing()
        self._update_page_label()

    def visible_pages(self) -> range:
        """0-based pages in view, computed from the page sizes (the layout may not have run yet)."""
        top = self.scroll.verticalScrollBar().value()
        bottom = top + max(1, self.scroll.viewport().height())
        shown = [i for i, y in enumerate(self._tops) if y < bottom and y + self.pages[i].height() > top]
        return range(shown[0], shown[-1] + 1) if shown else range(0, min(1, len(self.pages)))

    def _wanted(self) -> list[int]:
        view = self.visible_pages()
        near = range(max(0, view.start - AHEAD), min(len(self.sizes), view.stop + AHEAD))
        return [i for i in near if i not in self.rendered]

    def _evict(self) -> None:
        """Drop the images of pages far from the view: a 300-ballot document would otherwise take a gigabyte."""
        view = self.visible_pages()
        for i in [i for i in self.rendered if not view.start - KEEP <= i < view.stop + KEEP]:
            self.pages[i].setPixmap(QPixmap())
            self.rendered.discard(i)

    def _render_next(self) -> None:
        if self._busy:
            return  # the job in flight calls back here when it ends
        wanted = self._wanted()
        if not wanted:
            self.status.setText("")
            self._evict()
            return
        batch = wanted[:BATCH]
        generation, ratio = self._generation, self.devicePixelRatioF()
        dpi = float(self.zoom.currentData()) * SCREEN_DPI * ratio
        self._busy = True
        self.status.setText(_("Rendering page {n} of {total}…").format(n=batch[0] + 1, total=len(self.sizes)))
        self._run(lambda _p: pdfview.render_pages(self.data, batch, dpi),
                  lambda images: self._rendered(generation, batch, images, ratio))

    def _rendered(self, generation: int, batch: list[int], images: list, ratio: float) -> None:
        self._busy = False
        if generation == self._generation:  # else the zoom changed meanwhile: the pages are drawn again
            for i, image in zip(batch, images, strict=True):
                image.setDevicePixelRatio(ratio)
                self.pages[i].setPixmap(QPixmap.fromImage(image))
                self.rendered.add(i)
        self._render_next()

    def _failed(self, exc: Exception, details: str) -> None:
        self._busy = False
        self.status.setText(_("This document cannot be shown."))
        self.actions.prompts.error(exc, details)

    # ---- zoom and position -------------------------------------------------------------
    def step_zoom(self, step: int) -> None:
        self.zoom.setCurrentIndex(max(0, min(len(ZOOMS) - 1, self.zoom.currentIndex() + step)))

    def _zoom_changed(self) -> None:
        bar = self.scroll.verticalScrollBar()
        where = bar.value() / max(1, bar.maximum())
        self._generation += 1
        for i in self.rendered:
            self.pages[i].setPixmap(QPixmap())
        self.rendered.clear()
        self._resize_pages()
        self.sheet.adjustSize()
        bar.setValue(round(where * bar.maximum()))
        if self.sizes:
            self._render_next()

    def _scrolled(self) -> None:
        self._update_page_label()
        self._render_next()

    def current_page(self) -> int:
        """The 1-based page at the middle of the view."""
        middle = self.scroll.verticalScrollBar().value() + self.scroll.viewport().height() // 2
        for i, y in enumerate(self._tops):
            if y + self.pages[i].height() + self.column.spacing() >= middle:
                return i + 1
        return len(self.pages)

    def _update_page_label(self) -> None:
        if self.pages:
            self.page_label.setText(_("Page {n} of {total}").format(n=self.current_page(), total=len(self.pages)))

    def page_count(self) -> int:
        return len(self.sizes)

    def done_rendering(self) -> bool:
        """Whether the pages in and near the view are shown at the current zoom."""
        return bool(self.sizes) and not self._busy and not self._wanted()

    # ---- actions -------------------------------------------------------------------------
    def save(self) -> None:
        self.actions.save(self.file_name, self.data, parent=self)

    def print_(self) -> None:
        self.actions.print_(self.title, self.data, parent=self)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override: a taller window shows more pages
        super().resizeEvent(event)
        if self.sizes:
            self._render_next()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self._closed = True
        super().closeEvent(event)

    def done(self, result: int) -> None:  # Esc and close both end here
        self._closed = True
        super().done(result)
