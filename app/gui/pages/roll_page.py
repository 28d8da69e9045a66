"""The member roll: import with preview, statuses, and exclusions from the expected count with both approvals."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QProgressDialog, QPushButton

from app.core.i18n import N_, _
from app.gui import labels, settings
from app.gui.dialogs.error_dialog import show_error
from app.gui.dialogs.import_dialog import ImportPreviewDialog
from app.gui.labels import items, label
from app.gui.pages.base import ElectionPage
from app.gui.widgets.flow import flow_row
from app.gui.widgets.forms import combo, date_edit, fill, group, iso, line, selected_data, table
from app.gui.worker import run_in_background

ROLL_FILTER = "CSV / Excel (*.csv *.xlsx *.xls *.ods)"


class RollPage(ElectionPage):
    """Import the roll (all or nothing), correct statuses, record exclusions (R2.1, R2.3)."""

    help_text = N_("Import the member roll from a spreadsheet (CSV, XLSX or XLS). Only full members vote; "
                   "a member may be left out of the expected count only with both approvals.")

    def build(self) -> None:
        self._job = None
        self.import_button = QPushButton(_("&Import the roll from a file…"))
        self.import_button.clicked.connect(self.choose_import)
        self.members_table = table([_("Name"), _("Sex"), _("Birth date"), _("Joined the Party"), _("Status"), _("Post")])
        self.status_box = combo(items(labels.STATUSES))
        status_button = QPushButton(_("Set the stat&us of the selected member"))
        status_button.clicked.connect(self.set_status)
        self.content.addWidget(flow_row(self.import_button, self.status_box, status_button))  # wraps at 1024 px
        self.content.addWidget(self.members_table, 2)
        self._exclusion_box()

    def _exclusion_box(self) -> None:
        self.exclusion_reason = combo(items(labels.EXCLUSION_REASONS))
        self.exclusion_detail = line()
        self.exclusions_table = table([_("Name"), _("Reason"), _("Higher-level consent"), _("Assembly approval")])
        self.consent_doc, self.consent_date, self.assembly_date = line(placeholder=_("document number")), date_edit(), date_edit()
        request = QPushButton(_("Request &exclusion of the selected member"))
        request.clicked.connect(self.request_exclusion)
        approve = QPushButton(_("Record both &approvals"))
        approve.clicked.connect(self.approve_exclusion)
        withdraw = QPushButton(_("&Withdraw"))
        withdraw.clicked.connect(self.withdraw_exclusion)
        box, form = group(_("Exclusions from the expected count (R2.3)"), [
            (_("&Reason:"), self.exclusion_reason), (_("&Details:"), self.exclusion_detail)])
        form.addRow(request)
        form.addRow(self.exclusions_table)
        form.addRow(_("Consent document no.:"), self.consent_doc)
        form.addRow(_("Consent date:"), self.consent_date)
        form.addRow(_("Assembly approval date:"), self.assembly_date)
        buttons = QHBoxLayout()
        buttons.addWidget(approve)
        buttons.addWidget(withdraw)
        form.addRow(buttons)
        self.content.addWidget(box, 1)

    def load(self) -> None:
        super().load()
        e = self.session.election
        self.members = e.members()
        fill(self.members_table, [[m.name, m.sex, m.birth_date, m.joined_date, label(labels.STATUSES, m.status), m.post]
                                  for _, m in self.members], [mid for mid, _ in self.members])
        names = {mid: m.name for mid, m in self.members}
        rows = e.exclusions()
        fill(self.exclusions_table, [[names.get(x.member_id), label(labels.EXCLUSION_REASONS, x.reason),
                                      x.consent_doc or "–", x.assembly_date or "–"] for x in rows], [x.id for x in rows])

    # ---- import: read and check in the background, preview, then all or nothing --------------
    def choose_import(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, _("Import the member roll"), settings.last_folder(), ROLL_FILTER)
        if path:
            self.start_import(path)

    def start_import(self, path: str) -> None:
        """Preview ``path`` off the GUI thread, then show the preview."""
        from app.core.rollimport import preview

        existing = [m.name for _, m in self.session.election.members()]
        self.busy = QProgressDialog(_("Reading {file}…").format(file=path), "", 0, 0, self)
        self.busy.setCancelButton(None)
        self.busy.setMinimumDuration(300)
        self.import_button.setEnabled(False)
        self._job = run_in_background(lambda _progress: preview(path, existing_names=existing),
                                      self._show_preview, self._import_failed, parent=self)

    def _show_preview(self, result) -> None:  # noqa: ANN001 - ImportPreview
        self._finish_busy()
        self.last_preview = result
        dialog = ImportPreviewDialog(result, self)
        if dialog.exec() and result.ok:
            self.act(self.session.election.add_members, result.members())

    def _import_failed(self, exc: Exception, details: str) -> None:
        self._finish_busy()
        show_error(self, exc, details)

    def _finish_busy(self) -> None:
        self.busy.reset()
        self.import_button.setEnabled(True)

    # ---- statuses and exclusions -------------------------------------------------------------
    def set_status(self) -> None:
        mid = selected_data(self.members_table)
        record = dict(self.members).get(mid)
        if record is not None:
            self.act(self.session.election.update_member, mid, replace(record, status=self.status_box.currentData()))

    def request_exclusion(self) -> None:
        mid = selected_data(self.members_table)
        if mid is not None:
            self.act(self.session.election.add_exclusion, mid, self.exclusion_reason.currentData(),
                     self.exclusion_detail.text().strip() or None)

    def approve_exclusion(self) -> None:
        xid = selected_data(self.exclusions_table)
        if xid is not None:
            self.act(self.session.election.approve_exclusion, xid, self.consent_doc.text().strip(),
                     iso(self.consent_date), iso(self.assembly_date))

    def withdraw_exclusion(self) -> None:
        xid = selected_data(self.exclusions_table)
        if xid is not None:
            self.act(self.session.election.withdraw_exclusion, xid)
