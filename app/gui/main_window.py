"""The main window: new/open/recent election files, the step panel with states, and one page per step."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QMainWindow, QSplitter, QStackedWidget, QWidget

from app.core.i18n import _, language
from app.gui import settings
from app.gui.pages import page_class
from app.gui.session import ElectionSession
from app.gui.style import STYLE
from app.gui.widgets.screen_fit import fit_to_screen

if TYPE_CHECKING:
    from typing import Any, Callable

    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QListWidgetItem, QMenu

    from app.gui.pages.base import ElectionPage
    from app.gui.pages.start_page import StartPage
    from app.gui.session import StepInfo

# Qt's `Qt` namespace takes ~16 ms to build its enums on first use (a QKeySequence does it too), so
# this module touches it, and fills the menus, only after the first paint: the frame shows at once.
STATE_MARKS = {"done": "✓", "open": "●", "locked": "■", "blocked": "✕"}
FILE_FILTER = "votedesk (*.votedesk)"
OPEN_FILTER = "votedesk (*.votedesk *.vdstation *.vdkit)"  # a counting station's kit or file opens in station mode


class _AfterFirstPaint(QObject):
    """Runs the queued callables, in the order queued, once the window has been painted for the first time."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.queue: list[Callable[[], None]] = []
        self.painted = False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt virtual
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, self._run)
        return False

    def _run(self) -> None:
        self.painted = True
        while self.queue:
            self.queue.pop(0)()


class MainWindow(QMainWindow):
    """The shell around the step pages; the one owner of the open ElectionSession."""

    def __init__(self) -> None:
        super().__init__()
        self.session: ElectionSession | None = None
        self.pages: dict[str, ElectionPage] = {}  # step id -> its page, built on first use
        self._shortcuts: list[tuple[QAction, Any]] = []  # set by _fill_menus
        self._after_paint = _AfterFirstPaint(self)
        self.probe: QObject | None = None  # the start-up paint probe (application.run), kept alive with the window
        self.installEventFilter(self._after_paint)
        self.setWindowTitle(_("votedesk"))
        self.setStyleSheet(STYLE)
        self._build_central()
        self._build_menus()
        self.after_first_paint(self._fill_menus)
        geometry = settings.settings().value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            fit_to_screen(self, 1280, 820)  # never larger than the screen: a 1024×768 laptop sees the whole window

    # ---- layout -------------------------------------------------------------------------------
    def _build_central(self) -> None:
        self.step_list = QListWidget()
        self.step_list.setObjectName("stepList")
        self.step_list.setMinimumWidth(230)
        self.step_list.setWordWrap(True)  # long step names (English) wrap rather than scroll sideways
        self.step_list.currentRowChanged.connect(self._on_step_chosen)
        self.stack = QStackedWidget()
        self.start_page: StartPage | None = None  # built when first shown
        self.opening = QLabel(_("Opening the election file…"))
        self.opening.setObjectName("opening")
        self.stack.addWidget(self.opening)
        splitter = QSplitter()
        splitter.addWidget(self.step_list)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        holder = QWidget()
        QHBoxLayout(holder).addWidget(splitter)
        self.setCentralWidget(holder)

    def _action(self, text: str, slot: Callable[..., object],
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            self._shortcuts.append((action, shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        """The menu bar's menus; their actions come right after the first paint (``_fill_menus``)."""
        bar = self.menuBar()
        self.file_menu = bar.addMenu(_("&File"))
        self.supervision_menu = bar.addMenu(_("&Supervision"))
        self.supervision_menu.setEnabled(False)
        self.view_menu = bar.addMenu(_("&View"))
        self.settings_menu = bar.addMenu(_("Se&ttings"))
        self.help_menu = bar.addMenu(_("&Help"))
        self.projector_action: QAction | None = None

    def _fill_menus(self) -> None:
        """The menu actions and their shortcuts (once; also when an election opens before any paint, as in tests)."""
        if self.projector_action is not None:
            return
        file_menu = self.file_menu
        file_menu.addAction(self._action(_("&New election file…"), self.new_file, QKeySequence.StandardKey.New))
        file_menu.addAction(self._action(_("&Open election file…"), self.choose_file, QKeySequence.StandardKey.Open))
        self.recent_menu = file_menu.addMenu(_("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addAction(self._action(_("Open the &demo election"), self.open_demo))
        file_menu.addSeparator()
        file_menu.addAction(self._action(_("&Quit"), self.close, QKeySequence.StandardKey.Quit))
        self.supervision_menu.addAction(self._action(_("&Incidents and misconduct…"), self.show_incidents, "Ctrl+I"))
        self.supervision_menu.addAction(self._action(_("&Audit log…"), self.show_audit_log, "Ctrl+L"))
        from app.gui import congress_menu  # the delegate congress and its counting stations (issue 16)

        congress_menu.fill(self, file_menu)
        self.projector_action = self._action(_("Pro&jector window"), self.show_projector, "F5")
        self.view_menu.addAction(self.projector_action)
        self.view_menu.addAction(self._action(_("&Next step"), self.next_step, "Ctrl+PgDown"))
        self.view_menu.addAction(self._action(_("&Previous step"), self.previous_step, "Ctrl+PgUp"))
        self._build_language_menu(self.settings_menu)
        self.help_menu.addAction(self._action(_("&About votedesk"), self.show_about))
        for action, keys in self._shortcuts:
            action.setShortcut(QKeySequence(keys))
        self._shortcuts = []

    def _build_language_menu(self, menu: QMenu) -> None:
        sub = menu.addMenu(_("&Language"))
        group = QActionGroup(self)
        for code, label in (("zh_CN", "中文（简体）"), ("en", "English")):
            action = self._action(label, lambda _checked=False, c=code: self.set_language(c))
            action.setCheckable(True)
            action.setChecked(code == language())
            group.addAction(action)
            sub.addAction(action)

    # ---- files --------------------------------------------------------------------------------
    def show_start(self) -> None:
        """The start screen: new, open, demo and the recent files."""
        if self.start_page is None:
            from app.gui.pages.start_page import StartPage

            self.start_page = StartPage(self)
            self.stack.addWidget(self.start_page)
        self.start_page.refresh()
        self.stack.setCurrentWidget(self.start_page)

    def new_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getSaveFileName(self, _("New election file"), settings.last_folder(), FILE_FILTER)
        if path:
            path = path if path.endswith(".votedesk") else path + ".votedesk"
            self._open(lambda: ElectionSession.create(path), path)

    def choose_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _filter = QFileDialog.getOpenFileName(self, _("Open election file"), settings.last_folder(), OPEN_FILTER)
        if path:
            self.open_file(path)

    def open_file(self, path: str) -> None:
        """Open an election file at the step it has reached (a station kit or file: its station window)."""
        from app.gui import congress_menu

        if path.lower().endswith(congress_menu.STATION_SUFFIXES):
            congress_menu.open_station_window(self, path)
            if self.session is None:
                self.show_start()
            return
        self._open(lambda: ElectionSession.open(path), path)

    def open_demo(self) -> None:
        """Open a fresh copy of the demo election, at the counting step."""
        self._open(ElectionSession.open_demo, None)

    def open_after_paint(self, opener: Callable[[], None]) -> None:
        """Show the window at once and open the file right after its first paint (start-up).

        Opening reads the file, checks every step and builds the page it stands at; the window
        frame appears first so the user sees votedesk respond immediately.
        """
        self.stack.setCurrentWidget(self.opening)
        self.after_first_paint(opener)

    def after_first_paint(self, then: Callable[[], None]) -> None:
        """Run ``then`` right after the window is first painted (start-up work the first frame can do without).

        Queued calls run in the order queued; once the window has been painted, at the next turn.
        """
        if self._after_paint.painted:
            QTimer.singleShot(0, then)
        else:
            self._after_paint.queue.append(then)

    def _open(self, factory: Callable[[], ElectionSession], path: str | None) -> None:
        try:
            session = factory()
        except Exception as exc:  # noqa: BLE001 - shown to the user; UserFacingError says what to do
            from app.gui.dialogs.error_dialog import show_error

            show_error(self, exc)
            if self.session is None:
                self.show_start()
            return
        if path:
            settings.add_recent_file(str(Path(path).resolve()))
            settings.set_last_folder(path)
        self.set_session(session)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for n, path in enumerate(settings.recent_files(), start=1):
            self.recent_menu.addAction(self._action(f"&{n} {path}", lambda _c=False, p=path: self.open_file(p)))
        self.recent_menu.setEnabled(True)

    # ---- session and steps --------------------------------------------------------------------
    def set_session(self, session: ElectionSession) -> None:
        """Show ``session``'s election, at the step its file has reached."""
        if self.session is not None:
            self.session.close()
        self._fill_menus()
        self.session = session
        for page in self.pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages = {}
        session.changed.connect(self.refresh_steps)
        self.supervision_menu.setEnabled(True)
        self.setWindowTitle(f"{session.title()} — {_('votedesk')}")
        self.refresh_steps()
        self.go_to(session.current_step())

    def page(self, step: str) -> ElectionPage:
        """The page of ``step``, built on first use."""
        if step not in self.pages:
            if self.session is None:  # the step list shows only while a file is open
                from app.core.errors import InternalError

                raise InternalError(f"page {step} asked for with no election open")
            page = page_class(step)(self.session, step)
            page.next_requested.connect(self.next_step)
            self.pages[step] = page
            self.stack.addWidget(page)
        return self.pages[step]

    def refresh_steps(self) -> None:
        """Re-read every step's state from the core into the side panel."""
        if self.session is None:
            return
        from PySide6.QtCore import Qt

        current = self.step_list.currentRow()
        self.step_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # wrap, never scroll
        self.step_list.blockSignals(True)
        self.step_list.clear()
        for n, info in enumerate(self.session.steps(), start=1):
            self.step_list.addItem(self._step_item(n, info))
        self.step_list.setCurrentRow(current)
        self.step_list.blockSignals(False)

    def _step_item(self, n: int, info: StepInfo) -> QListWidgetItem:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QListWidgetItem

        item = QListWidgetItem(f"{STATE_MARKS.get(info.state, ' ')}  {n}. {info.title}")
        item.setData(Qt.ItemDataRole.UserRole, info.id)
        from app.core.citations import tooltip

        # The reasons cite the regulation as people know it; the rule ids (R3.1 …) and titles follow.
        tip = [info.state_text] + info.reasons + [t for t in (tooltip(info.rules),) if t]
        none = self.session.election.no_plenary() if info.id == "plenary" and self.session else None
        if none is not None:  # a by-election or the assembly electing the secretary: no plenary held, none ticked
            item.setText(f"–  {n}. " + _("{title} (none held)").format(title=info.title))
            tip = [none.message()]
        item.setToolTip("\n".join(tip))
        return item

    def go_to(self, step: str) -> None:
        """Show the page of ``step`` and select it in the side panel."""
        ids = [s.id for s in self.session.steps()] if self.session else []
        if step in ids:
            row = ids.index(step)
            if self.step_list.currentRow() == row:
                self._on_step_chosen(row)  # no change signal: show (and reload) the page here
            else:
                self.step_list.setCurrentRow(row)  # currentRowChanged shows it, once

    def _on_step_chosen(self, row: int) -> None:
        if self.session is None or row < 0:
            return
        from PySide6.QtCore import Qt

        step = self.step_list.item(row).data(Qt.ItemDataRole.UserRole)
        page = self.page(step)
        page.load()
        self.stack.setCurrentWidget(page)
        if self.projector_action is not None:
            self.projector_action.setEnabled(hasattr(page, "show_projector"))

    def next_step(self) -> None:
        self.step_list.setCurrentRow(min(self.step_list.count() - 1, self.step_list.currentRow() + 1))

    def previous_step(self) -> None:
        self.step_list.setCurrentRow(max(0, self.step_list.currentRow() - 1))

    # ---- supervision, view, settings ----------------------------------------------------------
    def show_incidents(self) -> None:
        from app.gui.dialogs.incidents_dialog import IncidentsDialog

        if self.session is not None:
            IncidentsDialog(self.session, self).exec()

    def show_audit_log(self) -> None:
        from app.gui.dialogs.audit_dialog import AuditDialog

        if self.session is not None:
            AuditDialog(self.session, self).exec()

    def show_projector(self) -> None:
        page = self.stack.currentWidget()
        show = getattr(page, "show_projector", None)  # only the counting pages have one
        if show is not None:
            show()

    def set_language(self, code: str) -> None:
        settings.set_saved_language(code)
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self, _("Language"), _("The new language applies the next time votedesk starts."))

    def show_about(self) -> None:
        from app import __version__

        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, _("About votedesk"), _("votedesk {version}: an offline workbench for the committee "
                                                       "elections of grassroots Party organizations.").format(version=__version__))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt virtual
        settings.settings().setValue("geometry", self.saveGeometry())
        if self.session is not None:
            self.session.close()
        super().closeEvent(event)
