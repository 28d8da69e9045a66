"""The incidents and misconduct register (R11): what was reported, by whom, what was done, the outcome."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from app.core.i18n import _
from app.gui import labels

if TYPE_CHECKING:
    from app.gui.session import ElectionSession
from app.gui.dialogs.error_dialog import show_error
from app.gui.labels import items, label
from app.gui.widgets.forms import combo, date_edit, fill, group, iso, line, selected_data, table


class IncidentsDialog(QDialog):
    """List, record and follow up incidents; every change is an audited action of the core."""

    def __init__(self, session: ElectionSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Incidents and misconduct"))
        self.resize(900, 640)
        self.table = table([_("Date"), _("Kind"), _("Reported by"), _("What happened"), _("Action taken"), _("Outcome")])
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.kind = combo(items(labels.INCIDENT_KINDS))
        self.reported_by, self.reported_on = line(), date_edit()
        self.description = QPlainTextEdit()
        self.description.setMaximumHeight(80)
        self.action, self.outcome = line(), line()
        add = QPushButton(_("&Record the report"))
        add.clicked.connect(self.record)
        update = QPushButton(_("&Update action and outcome of the selected report"))
        update.clicked.connect(self.update_selected)
        box, form = group(_("New report or follow-up"), [
            (_("&Kind:"), self.kind), (_("Reported &by:"), self.reported_by), (_("Reported &on:"), self.reported_on),
            (_("&What happened:"), self.description), (_("&Action taken:"), self.action), (_("Ou&tcome:"), self.outcome)])
        form.addRow(add)
        form.addRow(update)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(box)
        layout.addWidget(close)
        self.load()

    def load(self) -> None:
        rows = self.session.election.incidents()
        fill(self.table, [[r["reported_on"], label(labels.INCIDENT_KINDS, r["kind"]), r["reported_by"], r["description"],
                           r["action"], r["outcome"]] for r in rows], [r["id"] for r in rows])

    def _show_selected(self) -> None:
        """The selected report's action and outcome in the fields: an update writes both, so it starts from them."""
        incident_id = selected_data(self.table)
        found = next((r for r in self.session.election.incidents() if r["id"] == incident_id), None)
        if found is not None:
            self.action.setText(found["action"] or "")
            self.outcome.setText(found["outcome"] or "")

    def _run(self, fn: Callable[..., object], *args: Any) -> None:
        try:
            self.session.act(fn, *args)
        except Exception as exc:  # noqa: BLE001 - shown; UserFacingError says what to fix
            show_error(self, exc)
            return
        self.load()

    def record(self) -> None:
        self._run(self.session.election.record_incident, self.kind.currentData(), self.reported_by.text().strip(),
                  iso(self.reported_on), self.description.toPlainText().strip(),
                  self.action.text().strip() or None, self.outcome.text().strip() or None)

    def update_selected(self) -> None:
        incident_id = selected_data(self.table)
        if incident_id is not None:
            self._run(self.session.election.update_incident, incident_id, self.action.text().strip() or None,
                      self.outcome.text().strip() or None)
