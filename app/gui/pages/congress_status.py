"""The congress dialogs' status line: an action's outcome or a refused value said there, never raised."""
from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QLabel

from app.core.errors import UserFacingError
from app.core.workflow.types import ActionResult
from app.gui.dialogs.error_dialog import user_message


class StatusLine:
    """Mixed into a dialog that has a ``status`` label."""

    status: QLabel

    def _say(self, result: ActionResult, done: str) -> bool:
        self.status.setText(done if result.ok else "\n".join(r.message() for r in result.reasons))
        return bool(result.ok)

    def _guarded(self, fn: Callable[[], None]) -> None:
        """Run one button's work; a value the election file refuses is said in the status line."""
        try:
            fn()
        except UserFacingError as exc:
            self.status.setText(user_message(exc))
