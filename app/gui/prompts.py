"""Every question the pages and windows ask the user, in one replaceable object (tests give canned answers)."""
from __future__ import annotations

import traceback
from pathlib import Path
from typing import Callable, Mapping, Protocol, TypeVar

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QWidget

from app.core.citations import tooltip
from app.core.errors import UserFacingError
from app.core.i18n import N_, _
from app.core.messages import rule_of_error
from app.gui import settings
from app.gui.dialogs.error_dialog import show_error, user_message
from app.gui.dialogs.signing_dialogs import (
    ChiefConfirmation,
    ChiefDialog,
    ChiefPinDialog,
    ChiefRequest,
    PassphraseDialog,
)

# What to do next after a failed write to a USB stick or folder (the core says what happened).
MEDIA_HINTS = {
    "media_full": N_("Free some space on the USB stick or choose another one, then try again."),
    "media_read_only": N_("Slide the stick's write-protect switch off, or choose another folder, then try again."),
    "media_gone": N_("Put the USB stick back in, wait until it appears, choose the folder again and try again."),
    "media_write_failed": N_("Try again; if it fails again, use another USB stick."),
    "media_verify_failed": N_("Use another USB stick: this one may be failing."),
    "wrong_passphrase": N_("Type the passphrase again; letters are case-sensitive."),
    "not_a_key_file": N_("Choose the key file (.p12) that was saved when the key was created."),
    "output_exists": N_("Choose another file name: a key file is never overwritten."),
}
T = TypeVar("T", covariant=True)


class ValueDialog(Protocol[T]):
    """A modal dialog that, once accepted, gives what was entered."""

    def exec(self) -> int: ...

    def value(self) -> T: ...


def hint(exc: BaseException, hints: Mapping[str, str] = MEDIA_HINTS) -> str:
    """What the user can do about a user-facing error, translated ("" when there is no advice)."""
    code = getattr(exc, "code", "")
    return _(hints[code]) if isinstance(exc, UserFacingError) and code in hints else ""


class Prompts:
    """Every question a page or window asks, as real dialogs; tests replace its ``prompts`` with canned answers.

    The election pages and the higher-level window share it: each gives its own advice table (``hints``) and
    sentence for an unexpected error (``message``: the election file or the workspace is safe).
    """

    def __init__(self, parent: QWidget, hints: Mapping[str, str] = MEDIA_HINTS,
                 message: Callable[[BaseException], str] = user_message) -> None:
        self.parent = parent
        self.hints = hints
        self.message = message

    def owner(self) -> QWidget:
        """The window the question belongs to: the preview on top when asked from there, else the page."""
        active = QApplication.activeWindow()
        return active if active is not None and active.isVisible() else self.parent

    @staticmethod
    def _start(suggested: str = "") -> str:
        return str(Path(settings.last_folder()) / suggested)

    @staticmethod
    def _remember(path: str) -> str | None:
        if path:
            settings.set_last_folder(path)
        return path or None

    def open_path(self, title: str, filters: str) -> str | None:
        path, _f = QFileDialog.getOpenFileName(self.owner(), title, settings.last_folder(), filters)
        return self._remember(path)

    def open_paths(self, title: str, filters: str) -> list[str]:
        paths, _f = QFileDialog.getOpenFileNames(self.owner(), title, self._start(), filters)
        if paths:
            settings.set_last_folder(paths[0])
        return list(paths)

    def open_folder(self, title: str) -> str | None:
        path = QFileDialog.getExistingDirectory(self.owner(), title, settings.last_folder())
        if path:
            settings.set_last_folder(str(Path(path) / "x"))
        return path or None

    def save_path(self, title: str, suggested: str, filters: str) -> str | None:
        path, _f = QFileDialog.getSaveFileName(self.owner(), title, self._start(suggested), filters)
        return self._remember(path)

    def dialog(self, dialog: ValueDialog[T]) -> T | None:
        """Run a dialog with a ``value()``; its value, or None when cancelled."""
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def passphrase(self, title: str, text: str, new: bool = False) -> str | None:
        return self.dialog(PassphraseDialog(title, text, new, self.owner()))

    def chief(self, request: ChiefRequest) -> ChiefConfirmation | None:
        return self.dialog(ChiefDialog(request, self.owner()))

    def new_pin(self, chief: str, replaces: bool = False) -> str | None:
        """The chief scrutineer's new PIN, typed twice (None when cancelled)."""
        return self.dialog(ChiefPinDialog(chief, replaces, self.owner()))

    def print_setup(self, printer: QPrinter) -> bool:
        dialog = QPrintDialog(printer, self.owner())
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintCollateCopies, True)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def confirm(self, title: str, text: str) -> bool:
        return QMessageBox.question(self.owner(), title, text) == QMessageBox.StandardButton.Yes

    def inform(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=self.owner())
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # fingerprints can be copied
        box.exec()

    def error(self, exc: BaseException, details: str = "") -> None:
        """A user-facing error with what to do; anything else as a crash report with details."""
        if not isinstance(exc, UserFacingError):
            show_error(self.owner(), exc, details or "".join(traceback.format_exception(exc)))
            return
        box = QMessageBox(QMessageBox.Icon.Warning, _("votedesk"), self.message(exc), parent=self.owner())
        box.setInformativeText(hint(exc, self.hints))
        box.setToolTip(rule_tooltip(exc))  # the sentence cites the regulation; the rule id is here
        box.exec()

    def preview_pdf(self, data: bytes, title: str, saved: str) -> QWidget | None:
        """The app's PDF preview of a saved file when it is available, else the system's PDF viewer."""
        try:
            from app.gui.doc_actions import DocumentActions

            return DocumentActions(self.parent, self).preview(Path(saved).name, title, data)
        except ImportError:
            QDesktopServices.openUrl(QUrl.fromLocalFile(saved))
            return None


def rule_tooltip(exc: BaseException) -> str:
    """The rule id and title behind a user-facing error, for a tooltip ("" when it has none)."""
    rule = rule_of_error(exc)
    return tooltip([rule]) if rule else ""


def error_text(exc: BaseException) -> str:
    """The translated error sentence followed by the advice, as the error box shows them."""
    return "\n".join(t for t in (user_message(exc), hint(exc)) if t)
