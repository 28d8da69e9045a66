"""Paper codes for a package already on file: typed in the overview, the stored package is judged again (worker)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.core.higher.imports import ImportResult, check_stored
from app.core.higher.overview import OverviewRow, package_on_record
from app.core.i18n import _
from app.core.reports.papercode import split_codes
from app.core.signing.texts import describe
from app.gui.higher.common import on_workspace

if TYPE_CHECKING:
    from app.gui.higher.host import Host


class CodesDialog(QDialog):
    """The verification codes printed on the counting reports of one package (one per round, any separators)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Codes from the counting reports"))
        self.setMinimumWidth(560)
        intro = QLabel(text)
        intro.setWordWrap(True)
        self.codes = QLineEdit()
        self.codes.setPlaceholderText(_("e.g. 1234-5678-9012-3456-7890, one per round"))
        self.codes.setAccessibleName(_("Verification codes from the counting reports"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        for widget in (intro, self.codes, buttons):
            box.addWidget(widget)

    def set_values(self, codes: str) -> None:
        self.codes.setText(codes)

    def value(self) -> tuple[str, ...] | None:
        """The codes typed, or None when none is."""
        return tuple(split_codes(self.codes.text())) or None


def outcome_text(result: ImportResult) -> str:
    """What judging the package again gave, as the overview tells it."""
    report = result.report
    if report is not None and not report.ok:
        lines = [describe(c) for c in report.failures]
        return "\n".join([_("Package #{id} is rejected:").format(id=result.package_id), *lines])
    if result.status == "older_than_current":
        return _("The codes match package #{id}; a newer package of this organization stays on record.").format(
            id=result.package_id)
    return _("The codes match package #{id}: it is accepted and on record.").format(id=result.package_id)


def check_codes(window: Host, row: OverviewRow | None) -> None:
    """Ask for the codes of the selected organization's package on file and judge it again with them."""
    ws, prompts = window.workspace, window.prompts
    if ws is None or row is None or window.path is None:
        return
    record = package_on_record(ws, row.organization)
    if record is None:
        window.statusBar().showMessage(_("This organization has no package on record to check."), 8000)
        return
    package_id, received = record
    text = _("Type the verification codes printed on the counting reports that came with the package of {org} "
             "(#{id}, received {received}). The package is verified again with them: codes that match put it on "
             "record, a code that matches no round rejects it.").format(org=row.organization, id=package_id,
                                                                         received=received[:10])
    codes = prompts.dialog(CodesDialog(text, window.dialog_parent()))
    if not codes:
        return

    def done(result: ImportResult) -> None:
        window.refresh()
        prompts.inform(_("Codes from the counting reports"), outcome_text(result))

    window.run_task(_("Checking the codes…"),
                    on_workspace(window.path, lambda ws_, _p: check_stored(ws_, package_id, codes)), done)
