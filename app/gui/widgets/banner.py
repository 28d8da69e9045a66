"""The gate banner: whether the step may go on, and each reason citing its regulation (rule ids in the tooltip)."""
from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from app.core import citations
from app.core.i18n import _
from app.gui.widgets.forms import set_state


class GateBanner(QFrame):
    """Shows "ready" or the list of what is missing; states: ok, blocked, locked."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("banner")
        self.label = QLabel()
        self.label.setWordWrap(True)
        box = QVBoxLayout(self)
        box.setContentsMargins(8, 4, 8, 4)
        box.addWidget(self.label)

    def show_state(self, state: str, reasons: list[str], headline: str = "", rules: list[str] | None = None) -> None:
        """``state`` is "ok", "blocked" or "locked"; ``reasons`` are translated sentences citing their
        regulation; ``rules`` their rule ids (R3.1 …), shown with the rules' titles in the tooltip."""
        titles = {"ok": _("This step is complete."), "blocked": _("Not yet possible:"),
                  "locked": _("This step is closed and locked; corrections are recorded amendments.")}
        lines = [headline or titles.get(state, "")] + [f"• {r}" for r in reasons]
        self.label.setText("\n".join(line for line in lines if line))
        tip = citations.tooltip(rules or [])
        self.label.setToolTip(tip)
        self.setToolTip(tip)
        set_state(self, "state", state)
        self.setVisible(bool(lines[0] or reasons))
