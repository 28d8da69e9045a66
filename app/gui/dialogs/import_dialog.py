"""The roll import preview: every row as it would be imported, and every problem with its row number."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout

from app.core.i18n import _
from app.gui import labels
from app.gui.widgets.forms import fill, table


class ImportPreviewDialog(QDialog):
    """Shows an ImportPreview; OK (import) only when the core says the file is clean (all or nothing)."""

    def __init__(self, preview, parent=None) -> None:  # noqa: ANN001 - ImportPreview from app.core.rollimport
        super().__init__(parent)
        self.setWindowTitle(_("Import the member roll"))
        self.resize(980, 640)
        rows = table([_("Name"), _("Sex"), _("Birth date"), _("Ethnicity"), _("Joined the Party"), _("Status"),
                      _("Education"), _("Post"), _("Remarks")])
        fill(rows, [[m.name, m.sex, m.birth_date, m.ethnicity, m.joined_date, labels.label(labels.STATUSES, m.status),
                     m.education, m.post, m.remarks] for m in preview.rows])
        problems = QListWidget()
        problems.addItems([e.message for e in preview.file_errors] + [e.message for e in preview.errors])
        summary = QLabel(self._summary(preview))
        summary.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Import {n} members").format(n=len(preview.rows)))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(preview.ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(summary)
        box.addWidget(rows, 3)
        if problems.count():
            box.addWidget(QLabel(_("Problems to fix in the file first (nothing is imported until every row is right):")))
            box.addWidget(problems, 2)
        box.addWidget(buttons)

    @staticmethod
    def _summary(preview) -> str:  # noqa: ANN001
        n_problems = len(preview.errors) + len(preview.file_errors)
        if preview.ok:
            return _("{rows} rows read from {file}; all can be imported.").format(rows=preview.row_count,
                                                                                 file=preview.table.path.name)
        return _("{rows} rows read from {file}; {problems} problem(s) found.").format(
            rows=preview.row_count, file=preview.table.path.name, problems=n_problems)
