"""The higher-level workspace window (``votedesk --higher [WORKSPACE]``): start screen, then three views."""
from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import Any, Callable

from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar, QStackedWidget, QTabWidget, QWidget

from app.core.errors import UserFacingError
from app.core.higher.workspace import Workspace
from app.core.i18n import _
from app.core.signing import keys
from app.core.signing.safewrite import write_file_safely
from app.gui import settings
from app.gui.higher import longterm
from app.gui.higher.branches_view import BranchesView
from app.gui.higher.common import (
    PEM_FILTER, WORKSPACE_FILTER, add_recent_workspace, recent_workspaces, set_root_key_path, window_prompts,
)
from app.gui.higher.dialogs import CreateValues, CreateWorkspaceDialog
from app.gui.higher.import_view import PACKAGE_SUFFIX, ImportView
from app.gui.higher.overview_view import OverviewView
from app.gui.higher.reply_action import write_reply, write_return
from app.gui.higher.start_view import StartView
from app.gui.prompts import Prompts
from app.gui.style import STYLE
from app.gui.widgets.screen_fit import fit_to_screen
from app.gui.worker import ProgressFn, run_in_background, wait_for_background

BRANCHES, IMPORT, OVERVIEW = range(3)


def create_files(values: CreateValues, _progress: ProgressFn | None = None) -> str:
    """Worker: the root identity, its key file and certificate (never overwriting), then the workspace file.

    Returns the root certificate's fingerprint.
    """
    root = keys.create_root(values.organization)
    for path in (values.workspace, values.key_file, values.cert_file):
        if Path(path).exists():  # losing a root key cannot be undone: nothing is ever overwritten
            raise UserFacingError("output_exists", f"{path} already exists; nothing was overwritten")
    made: list[Path] = []
    try:
        made.append(write_file_safely(values.key_file, keys.export_pkcs12(root, values.passphrase)))
        made.append(write_file_safely(values.cert_file, keys.cert_pem(root.cert)))
        Workspace.create(values.workspace, root.cert).close()
    except BaseException:
        for done in made:  # no workspace uses this new root yet: leave nothing half-made behind
            done.unlink(missing_ok=True)
        raise
    return keys.fingerprint(root.cert)


class HigherWindow(QMainWindow):
    """Owns the open workspace (GUI-thread connection, for reading) and runs slow work in the worker."""

    def __init__(self) -> None:
        super().__init__()
        self.workspace: Workspace | None = None
        self.path: str | None = None
        self.prompts: Prompts = window_prompts(self)
        self.busy = 0
        self._jobs: set[Any] = set()
        self.last_reply: Path | None = None
        self.preview: QWidget | None = None
        self.setStyleSheet(STYLE)
        self.start = StartView(self)
        self.branches_view = BranchesView(self)
        self.import_view = ImportView(self)
        self.overview_view = OverviewView(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.branches_view, _("&Branches"))
        self.tabs.addTab(self.import_view, _("&Import"))
        self.tabs.addTab(self.overview_view, _("&Overview"))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start)
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)
        self.where = QLabel()
        self.spinner = QProgressBar()
        self.spinner.setRange(0, 0)
        self.spinner.setMaximumWidth(160)
        self.spinner.hide()
        self.statusBar().addPermanentWidget(self.where)
        self.statusBar().addPermanentWidget(self.spinner)
        self._build_menus()
        geometry = settings.settings().value("higher/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            fit_to_screen(self, 1280, 820)  # never larger than the screen: a 1024×768 laptop sees the whole window
        self._set_title()

    # ---- menus --------------------------------------------------------------------------------
    def _action(self, text: str, slot: Callable[[], Any],
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(_("&File"))
        file_menu.addAction(self._action(_("&New workspace…"), self.create_workspace, QKeySequence.StandardKey.New))
        file_menu.addAction(self._action(_("&Open workspace…"), self.choose_workspace, QKeySequence.StandardKey.Open))
        self.recent_menu = file_menu.addMenu(_("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.close_action = self._action(_("&Close workspace"), self.close_workspace, QKeySequence.StandardKey.Close)
        file_menu.addAction(self.close_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action(_("&Quit"), self.close, QKeySequence.StandardKey.Quit))
        self.workspace_menu = bar.addMenu(_("&Workspace"))
        for text, slot, key in (
                (_("&Register an organization"), self._focus_register, "Ctrl+R"),
                (_("&Issue certificate from request…"), self.branches_view.issue_from_request, "Ctrl+E"),
                (_("Save the root &certificate (root.pem)…"), self.save_root_certificate, None),
                (None, None, None),
                (_("Import &packages…"), self._import_files, "Ctrl+I"),
                (_("Import a &folder…"), self._import_folder, "Ctrl+Shift+I"),
                (None, None, None),
                (_("Export the overview as C&SV…"), self.overview_view.export_csv, None),
                (_("Export the overview as &XLSX…"), self.overview_view.export_xlsx, None),
                (_("&Approval reply (批复)…"), self.write_reply, "Ctrl+Shift+R"),
                (_("R&eturn (退回)…"), self.write_return, "Ctrl+Shift+T"),
                (None, None, None),
                (_("Re&voke the selected branch's certificate…"), lambda: longterm.revoke_selected(self), None),
                (_("Save a fresh revocation &list…"), lambda: longterm.publish_list(self), None),
                (_("Make the time-stamping &key…"), lambda: longterm.issue_timestamp_key(self), None),
                (_("&Timestamp the archive…"), lambda: longterm.timestamp_archive(self), None)):
            if text is None or slot is None:
                self.workspace_menu.addSeparator()
            else:
                self.workspace_menu.addAction(self._action(text, slot, key))
        view_menu = bar.addMenu(_("&View"))
        self.view_menu = view_menu
        for n, text in ((BRANCHES, _("&Branches")), (IMPORT, _("&Import")), (OVERVIEW, _("&Overview"))):
            view_menu.addAction(self._action(text, partial(self.show_view, n), f"Ctrl+{n + 1}"))
        self._enable()

    def _enable(self) -> None:
        has = self.workspace is not None
        for menu in (self.workspace_menu, self.view_menu):
            menu.setEnabled(has)
        self.close_action.setEnabled(has)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in recent_workspaces():
            self.recent_menu.addAction(self._action(path, partial(self.open_workspace, path)))
        if not self.recent_menu.actions():
            self.recent_menu.addAction(_("(none)")).setEnabled(False)

    def _set_title(self) -> None:
        title = _("votedesk — higher-level workspace")
        self.setWindowTitle(f"{title} — {self.workspace.organization}" if self.workspace else title)

    # ---- workspace ----------------------------------------------------------------------------
    def show_start(self) -> None:
        """The first screen: create, open, recent workspaces."""
        self.start.refresh()
        self.stack.setCurrentWidget(self.start)
        self.start.focus()

    def show_view(self, n: int) -> None:
        if self.workspace is not None:
            self.tabs.setCurrentIndex(n)

    def _not_now(self) -> bool:
        if self.busy:
            self.statusBar().showMessage(_("Please wait until the current work is finished."), 5000)
        return bool(self.busy)

    def create_workspace(self) -> None:
        """Ask for the organization, files and passphrase; make root key, root.pem and workspace in the worker."""
        if self._not_now():
            return
        folder = Path(settings.last_folder())
        suggested = CreateValues(workspace=str(folder / "workspace.vdhl"), key_file=str(folder / "root.p12"),
                                 cert_file=str(folder / "root.pem"))
        values = self.prompts.dialog(CreateWorkspaceDialog(suggested, self))
        if values is None:
            return

        def done(fingerprint: str) -> None:
            set_root_key_path(values.key_file)
            if self.open_workspace(values.workspace):
                self.show_view(BRANCHES)
                self.prompts.inform(_("Workspace created"), _(
                    "The workspace of {org} is ready.\n\nRoot key: {key}\nKeep it offline (e.g. on a USB stick in the "
                    "safe) with its passphrase: it is needed to issue certificates and sign approval replies.\n\n"
                    "Root certificate: {cert}\nGive a copy to every branch.\n\nRoot certificate fingerprint:\n{fp}")
                    .format(org=values.organization, key=values.key_file, cert=values.cert_file, fp=fingerprint))

        self.run_task(_("Creating the root key and the workspace…"), lambda p: create_files(values, p), done)

    def choose_workspace(self) -> None:
        if self._not_now():
            return
        path = self.prompts.open_path(_("Open a higher-level workspace"), _(WORKSPACE_FILTER))
        if path:
            self.open_workspace(path)

    def open_workspace(self, path: str | Path) -> bool:
        """Open a workspace file and show its views; a wrong file is explained and the start screen stays."""
        if self._not_now():
            return False
        try:
            ws = Workspace.open(path)
        except UserFacingError as exc:
            self.prompts.error(exc)
            if self.workspace is None:
                self.show_start()
            return False
        self._close_connection()
        self.workspace, self.path = ws, str(Path(path).resolve())
        add_recent_workspace(self.path)
        settings.set_last_folder(self.path)
        self.where.setText(_("{org} — root certificate {fp}…").format(
            org=ws.organization, fp=keys.short_fingerprint(ws.trust.cert)[:19]))
        self.where.setToolTip(f"{self.path}\n{keys.fingerprint(ws.trust.cert)}")
        self._set_title()
        self._enable()
        self.refresh()
        self.stack.setCurrentWidget(self.tabs)
        self.show_view(OVERVIEW if self.overview_view.has_rows() else BRANCHES)
        return True

    def open_package(self, path: str) -> None:
        """A package opened from the file manager: imported into the latest workspace, or the user is told how."""
        recent = recent_workspaces()
        if recent and self.open_workspace(recent[0]):
            self.show_view(IMPORT)
            self.import_view.start([str(Path(path).resolve())])
            return
        self.show_start()
        self.prompts.inform(_("Import result packages"), _(
            "To import {file}, first create or open the higher-level workspace.").format(file=Path(path).name))

    def close_workspace(self) -> None:
        if self._not_now():
            return
        self._close_connection()
        self.workspace = self.path = None
        self.where.clear()
        self._set_title()
        self._enable()
        self.refresh()
        self.show_start()

    def _close_connection(self) -> None:
        if self.workspace is not None:
            self.workspace.close()

    def refresh(self) -> None:
        """Re-read the branches and the overview (after any change made by the worker)."""
        self.branches_view.refresh()
        self.overview_view.refresh()

    # ---- actions ------------------------------------------------------------------------------
    def _focus_register(self) -> None:
        self.show_view(BRANCHES)
        self.branches_view.focus_name()

    def _import_files(self) -> None:
        self.show_view(IMPORT)
        self.import_view.choose_files()

    def _import_folder(self) -> None:
        self.show_view(IMPORT)
        self.import_view.choose_folder()

    def write_reply(self) -> None:
        """The approval reply to the package on record of the selected organization."""
        self.show_view(OVERVIEW)
        write_reply(self, self.overview_view.selected_row())

    def write_return(self) -> None:
        """The return (退回) of the package on record of the selected organization, with what to correct."""
        self.show_view(OVERVIEW)
        write_return(self, self.overview_view.selected_row())

    def save_root_certificate(self) -> None:
        """Another copy of root.pem for the branches (it is kept in the workspace)."""
        ws = self.workspace
        if ws is None:
            return
        path = self.prompts.save_path(_("Save the root certificate for the branches"), "root.pem", _(PEM_FILTER))
        if path:
            data = keys.cert_pem(ws.trust.cert)
            self.run_task(_("Saving {name}…").format(name=Path(path).name), lambda _p: write_file_safely(path, data),
                          lambda _r: self.statusBar().showMessage(_("Saved {path}").format(path=path), 8000))

    # ---- what the views ask of their window (app.gui.higher.host.Host) ----------------------
    def dialog_parent(self) -> QWidget:
        return self

    def selected_branch(self) -> str | None:
        return self.branches_view.selected_name()

    # ---- background work ----------------------------------------------------------------------
    def run_task(self, label: str, fn: Callable[[ProgressFn], Any], on_done: Callable[[Any], None],
                 on_progress: Callable[[int, int], None] | None = None,
                 on_error: Callable[[Exception, str], None] | None = None) -> None:
        """Run ``fn(progress)`` in the worker; the callbacks run here. Errors go to ``on_error`` or the error box."""
        self.busy += 1
        self.spinner.show()
        self.statusBar().showMessage(label)
        job: dict[str, Any] = {}

        def finish() -> None:
            self.busy -= 1
            self._jobs.discard(job.get("signals"))
            self.spinner.setVisible(self.busy > 0)
            self.statusBar().clearMessage()

        def done(result: Any) -> None:
            finish()
            on_done(result)

        def failed(exc: Exception, details: str) -> None:
            finish()
            (on_error or self.prompts.error)(exc, details)

        job["signals"] = run_in_background(fn, done, failed, on_progress, parent=self)
        self._jobs.add(job["signals"])

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt virtual
        self.import_view.cancel()
        wait_for_background(60000)
        settings.settings().setValue("higher/geometry", self.saveGeometry())
        self._close_connection()
        super().closeEvent(event)


def _excepthook(*exc_info: Any) -> None:
    from app.gui.dialogs.error_dialog import excepthook

    excepthook(*exc_info)


def run_higher(path: str | None, lang: str | None) -> int:
    """Start the app in the higher-level mode, on ``path`` if given; returns the exit status."""
    from app.gui.application import create_application

    app = create_application(lang)
    sys.excepthook = _excepthook
    window = HigherWindow()
    window.show()
    if path and path.endswith(PACKAGE_SUFFIX):
        window.open_package(path)
    elif path:
        window.open_workspace(path)
    else:
        window.show_start()
    return app.exec()
