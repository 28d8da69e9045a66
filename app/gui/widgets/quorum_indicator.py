"""The large live quorum indicator: expected, present, needed (R3.1), as decided by the core."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel

from app.core.citations import cite
from app.core.i18n import _
from app.core.messages import message
from app.core.rules.attendance import QuorumResult
from app.gui.widgets.forms import set_state


class QuorumIndicator(QFrame):
    """Three big numbers and one sentence; green when the quorum is met, red when not."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("quorum")
        grid = QGridLayout(self)
        self.numbers: dict[str, QLabel] = {}
        captions = {"expected": _("Expected attendees"), "present": _("Present with voting rights"),
                    "needed": _("Needed (more than 4/5)")}
        for col, (key, caption) in enumerate(captions.items()):
            number = QLabel("–")
            number.setObjectName("bigNumber")
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            text = QLabel(caption)
            text.setObjectName("bigCaption")
            text.setAlignment(Qt.AlignmentFlag.AlignCenter)
            text.setWordWrap(True)  # three long English captions side by side ran off a 1024-pixel screen
            grid.addWidget(number, 0, col)
            grid.addWidget(text, 1, col)
            self.numbers[key] = number
        self.sentence = QLabel()
        self.sentence.setWordWrap(True)
        self.sentence.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid.addWidget(self.sentence, 2, 0, 1, 3)

    def show_quorum(self, quorum: QuorumResult) -> None:
        """Render a QuorumResult from app.core.rules.attendance.check_quorum."""
        self.numbers["expected"].setText(str(quorum.expected))
        self.numbers["present"].setText(str(quorum.present))
        self.numbers["needed"].setText(str(quorum.min_present))
        if quorum.met:
            self.sentence.setText(cite(_("Quorum met: the election may proceed"), "R3.1"))
        elif quorum.reason is not None:  # not met: the core always says why
            self.sentence.setText(message(quorum.reason.code, present=quorum.present,
                                          expected=quorum.expected, min_present=quorum.min_present))
        set_state(self, "met", "true" if quorum.met else "false")
