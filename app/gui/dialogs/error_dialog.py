"""Error dialogs: what went wrong and what to do, in the user's language, with details to copy."""
from __future__ import annotations

import logging
import traceback
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from app.core.errors import UserFacingError
from app.core.i18n import _
from app.core.messages import message

log = logging.getLogger(__name__)


def user_message(exc: BaseException) -> str:
    """The sentence for an error the user can fix (with its rule id), else a generic one."""
    if isinstance(exc, UserFacingError):
        text = message(exc.code, **exc.params)
        return str(exc) if text == exc.code else text
    return _("Something unexpected went wrong. Everything saved before this moment is safe in the election file. "
             "Please restart votedesk; if this happens again, send the details below to your support contact.")


def show_error(parent: QWidget | None, exc: BaseException, details: str = "") -> None:
    """Show ``exc``: a plain warning for user-facing errors, a crash report for bugs."""
    box = QMessageBox(parent)
    box.setWindowTitle(_("votedesk"))
    box.setText(user_message(exc))
    if isinstance(exc, UserFacingError):
        box.setIcon(QMessageBox.Icon.Warning)
    else:
        box.setIcon(QMessageBox.Icon.Critical)
        box.setDetailedText(details or "".join(traceback.format_exception(exc)))
    box.exec()


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """sys.excepthook for the app: log the traceback and show the error dialog."""
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    log.error("uncaught exception\n%s", details)
    show_error(None, exc, details)
