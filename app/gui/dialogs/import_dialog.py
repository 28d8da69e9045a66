"""The roll import preview: the members to import, refused rows, warnings and remark proposals, each by its row."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget,
)

from app.core.i18n import _
from app.gui import labels

if TYPE_CHECKING:
    from app.core.rollimport import ImportPreview
from app.gui.widgets.forms import fill, table


class ImportPreviewDialog(QDialog):
    """Shows an ImportPreview. Refused rows are left out only when the operator says so; warnings and
    proposals import with the rows and are reviewed on the roll page."""

    def __init__(self, preview: ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(_("Import the member roll"))
        self.resize(980, 640)
        rows = table([_("Name"), _("Sex"), _("Birth date"), _("Ethnicity"), _("Joined the Party"), _("Status"),
                      _("Education"), _("Post"), _("Remarks")])
        fill(rows, [[m.name, m.sex, m.birth_date, m.ethnicity, m.joined_date, labels.label(labels.STATUSES, m.standing),
                     m.education, m.post, m.remarks] for m in preview.rows])
        self.summary = QLabel(self._summary(preview))
        self.summary.setWordWrap(True)
        self.refused_list = self._list([e.message for e in preview.file_errors] + [e.message for e in preview.errors])
        self.warning_list = self._list([w.message for w in preview.warnings])
        self.proposal_list = self._list([p.message for p in preview.proposals])
        self.leave_out = QCheckBox(_("&Leave the refused rows out and import the others"))
        self.leave_out.setVisible(bool(preview.errors) and preview.importable)
        self.leave_out.toggled.connect(self._enable)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("&Import {n} members").format(n=len(preview.rows)))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.summary)
        box.addWidget(rows, 3)
        for caption, widget in (
            (_("Refused (not imported: correct these rows in the file and import it again):"), self.refused_list),
            (_("Warnings (imported: review and correct them on the roll page):"), self.warning_list),
            (_("The remarks suggest (nothing is applied until you confirm it on the roll page):"), self.proposal_list),
        ):
            if widget.count():
                label = QLabel(caption)
                label.setWordWrap(True)
                box.addWidget(label)
                box.addWidget(widget, 1)
        box.addWidget(self.leave_out)
        box.addWidget(buttons)
        self._enable()

    @staticmethod
    def _list(texts: list[str]) -> QListWidget:
        widget = QListWidget()
        widget.setWordWrap(True)
        widget.addItems(texts)
        return widget

    def _enable(self) -> None:
        p = self.preview
        self.ok_button.setEnabled(p.importable and (not p.errors or self.leave_out.isChecked()))

    @staticmethod
    def _summary(preview: ImportPreview) -> str:
        text = _("{rows} rows read from {file}: {members} members to import, {refused} rows refused, "
                 "{warnings} warnings, {proposals} suggestions from the remarks.").format(
            rows=preview.row_count, file=preview.table.path.name, members=len(preview.rows),
            refused=len(preview.refused_rows), warnings=len(preview.warnings), proposals=len(preview.proposals))
        if preview.empty_rows or preview.total_rows:
            text += " " + _("Skipped: {empty} empty rows, {totals} total or signature rows.").format(
                empty=preview.empty_rows, totals=len(preview.total_rows))
        if preview.file_errors:
            text += " " + _("Nothing can be imported from this file until the problems below are corrected.")
        return text
