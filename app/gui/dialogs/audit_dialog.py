"""The audit log viewer: every recorded action, filtered by step, and verification of the hash chain."""
from __future__ import annotations

import json

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget,
)

from app.core import audit
from app.core.i18n import _
from app.core.messages import message
from app.core.workflow.types import Step
from app.gui.session import step_title

if TYPE_CHECKING:
    from app.gui.session import ElectionSession
from app.gui.widgets.forms import combo, fill, set_state, table


class AuditDialog(QDialog):
    """Read-only: the log cannot be changed from here; Verify checks the chain and every row."""

    def __init__(self, session: ElectionSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Audit log"))
        self.resize(1000, 680)
        steps = [(_("All steps"), None)] + [(step_title(s), s.value) for s in Step] + [(_("Supervision"), "supervision")]
        self.step_filter = combo(steps)
        self.step_filter.currentIndexChanged.connect(lambda _i: self.load())
        filter_label = QLabel(_("&Step:"))
        filter_label.setBuddy(self.step_filter)
        verify = QPushButton(_("&Verify the chain"))
        verify.clicked.connect(self.verify)
        self.verdict = QLabel()
        self.verdict.setObjectName("verdict")
        self.verdict.setWordWrap(True)
        self.table = table(["#", _("Time"), _("Action"), _("Details")])
        for column in (0, 1):  # number and time as wide as they need: the action and details get the room
            self.table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        top = QHBoxLayout()
        for w in (filter_label, self.step_filter):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(verify)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.verdict)
        box.addWidget(self.table, 1)
        box.addWidget(close)
        self.load()

    def load(self) -> None:
        wanted = self.step_filter.currentData()
        entries = [e for e in self.session.election.audit_entries() if wanted is None or audit.event_step(e.event) == wanted]
        fill(self.table, [[e.seq, (e.at or "").replace("T", " "), audit.describe(e.event),
                           json.dumps(e.params, ensure_ascii=False)] for e in entries])

    def verify(self) -> None:
        """Ask the core to verify the hash chain and every row."""
        report = self.session.election.verify_audit()
        if report.ok:
            self.verdict.setText(_("The audit log is intact: {n} entries, every row matches.").format(n=report.entries))
        else:
            bad = report.first_bad
            self.verdict.setText(_("The audit log shows changes made outside votedesk:") + "\n" + message(
                bad.code, seq=bad.seq, row=bad.row or "", event=""))
        set_state(self.verdict, "state", "valid" if report.ok else "invalid")
