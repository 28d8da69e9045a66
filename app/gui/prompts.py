"""Every question the document and signing flows ask the user, in one replaceable object (tests give canned answers)."""
from __future__ import annotations

import traceback
from pathlib import Path

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


def hint(exc: BaseException) -> str:
    """What the user can do about a user-facing error, translated ("" when there is no advice)."""
    code = getattr(exc, "code", "")
    return _(MEDIA_HINTS[code]) if isinstance(exc, UserFacingError) and code in MEDIA_HINTS else ""


class Prompts:
    """Real dialogs; a test replaces the page's ``prompts`` with an object answering the same calls."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def owner(self) -> QWidget:
        """The window the question belongs to: the preview on top when asked from there, else the page."""
        active = QApplication.activeWindow()
        return active if active is not None and active.isVisible() else self.parent

    def open_path(self, title: str, filters: str) -> str | None:
        path, _f = QFileDialog.getOpenFileName(self.owner(), title, settings.last_folder(), filters)
        return self._remember(path)

    def save_path(self, title: str, suggested: str, filters: str) -> str | None:
        start = str(Path(settings.last_folder()) / suggested)
        path, _f = QFileDialog.getSaveFileName(self.owner(), title, start, filters)
        return self._remember(path)

    @staticmethod
    def _remember(path: str) -> str | None:
        if path:
            settings.set_last_folder(path)
        return path or None

    def passphrase(self, title: str, text: str, new: bool = False) -> str | None:
        dialog = PassphraseDialog(title, text, new, self.owner())
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def chief(self, request: ChiefRequest) -> ChiefConfirmation | None:
        dialog = ChiefDialog(request, self.owner())
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def new_pin(self, chief: str, replaces: bool = False) -> str | None:
        """The chief scrutineer's new PIN, typed twice (None when cancelled)."""
        dialog = ChiefPinDialog(chief, replaces, self.owner())
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def print_setup(self, printer: QPrinter) -> bool:
        dialog = QPrintDialog(printer, self.owner())
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintCollateCopies, True)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def inform(self, title: str, text: str) -> None:
        QMessageBox.information(self.owner(), title, text)

    def error(self, exc: BaseException, details: str = "") -> None:
        """A user-facing error with what to do; anything else as a crash report with details."""
        if not isinstance(exc, UserFacingError):
            show_error(self.owner(), exc, details or "".join(traceback.format_exception(exc)))
            return
        box = QMessageBox(QMessageBox.Icon.Warning, _("votedesk"), user_message(exc), parent=self.owner())
        box.setInformativeText(hint(exc))
        box.setToolTip(rule_tooltip(exc))  # the sentence cites the regulation; the rule id is here
        box.exec()


def rule_tooltip(exc: BaseException) -> str:
    """The rule id and title behind a user-facing error, for a tooltip ("" when it has none)."""
    rule = rule_of_error(exc)
    return tooltip([rule]) if rule else ""


def error_text(exc: BaseException) -> str:
    """The translated error sentence followed by the advice, as the error box shows them."""
    return "\n".join(t for t in (user_message(exc), hint(exc)) if t)
