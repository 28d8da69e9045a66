"""The base page: title, help, the step's gate from the core, content, and a next-step button."""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from app.core.errors import UserFacingError
from app.core.i18n import _
from app.core.messages import rule_of_error
from app.gui.dialogs.error_dialog import show_error, user_message
from app.gui.session import ElectionSession, step_title
from app.gui.widgets.banner import GateBanner


class ElectionPage(QWidget):
    """One step: ``load`` reads from the session, actions go through ``act`` (core calls only)."""

    next_requested = Signal()
    help_text = ""

    def __init__(self, session: ElectionSession, step: str) -> None:
        super().__init__()
        self.session = session
        self.step = step
        self.title = QLabel(step_title(step))
        self.title.setObjectName("pageTitle")
        self.help = QLabel(_(self.help_text) if self.help_text else "")
        self.help.setObjectName("pageHelp")
        self.help.setWordWrap(True)
        self.help.setVisible(bool(self.help_text))
        self.banner = GateBanner()
        self.body = QWidget()
        self.content = QVBoxLayout(self.body)
        self.content.setContentsMargins(0, 0, 0, 0)
        self.next_button = QPushButton(_("&Next step ▶"))
        self.next_button.clicked.connect(self.next_requested)
        self._layout()
        self.build()

    def _layout(self) -> None:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        footer = QHBoxLayout()
        footer.addStretch(1)
        footer.addWidget(self.next_button)
        box = QVBoxLayout(self)
        box.addWidget(self.title)
        box.addWidget(self.help)
        box.addWidget(self.banner)
        box.addWidget(scroll, 1)
        box.addLayout(footer)

    def build(self) -> None:
        """Create the page's widgets (subclasses)."""

    def load(self) -> None:
        """Read the step's data from the session and show the gate (subclasses extend)."""
        self.refresh_gate()

    def refresh_gate(self) -> None:
        """Show the step's state and what is missing, each citing its regulation (rule ids in the tooltip)."""
        info = self.session.step(self.step)
        self.banner.show_state(info.state_banner, info.reasons, rules=info.rules)
        self.next_button.setEnabled(info.state in ("done", "locked"))

    def act(self, fn: Callable[..., Any], *args: Any, quiet: bool = False, **kwargs: Any) -> Any:
        """Run one core action; refusals and errors are shown and give None.

        On success the page reloads and the step panel refreshes, unless ``quiet`` (the caller
        refreshes what it shows; used for the many small actions of the count).
        """
        try:
            result = self.session.act(fn, *args, quiet=quiet, **kwargs)
        except UserFacingError as exc:
            # A refusal the user can act on (e.g. official results, R9.7) reads like the core's other
            # refusals, in the banner with its rule: a modal box for it interrupted every such click.
            self.show_refused([user_message(exc)], [r for r in (rule_of_error(exc),) if r])
            self.show_inline([(exc.params, user_message(exc))])
            return None
        except Exception as exc:  # noqa: BLE001 - a bug: the crash dialog with details
            show_error(self, exc)
            return None
        if result is not None and getattr(result, "ok", True) is False:
            self.show_refusal(result.reasons)
            self.show_inline([(r.params, r.message()) for r in result.reasons])
            return None
        self.show_inline([])
        if not quiet:
            self.load()
        return result

    def show_inline(self, found: list) -> None:
        """A page with field checks (an ``inline`` InlineErrors) shows each refusal under its field too."""
        inline = getattr(self, "inline", None)
        if inline is not None:
            inline.show(found)

    def show_refusal(self, reasons: tuple) -> None:
        """Show why the core refused an action, in the banner (citations; rule ids in the tooltip)."""
        self.show_refused([r.message() for r in reasons], [r.rule for r in reasons])

    def show_refused(self, sentences: list[str], rules: list[str] | None = None) -> None:
        """The banner's refusal: each translated sentence ends with its citation; ``rules`` for the tooltip."""
        self.banner.show_state("blocked", sentences, _("The action was refused:"), rules=rules)
