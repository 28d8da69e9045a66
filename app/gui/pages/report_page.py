"""Report and export: mark the results official, save each round's count data, documents and signed package."""
from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QPushButton

from app.core.i18n import N_, _
from app.gui import settings
from app.gui.pages.base import ElectionPage
from app.gui.readers import election_info, round_views
from app.gui.widgets.forms import group, line

NOT_YET = "Comes with the documents and signing modules (not available in this build yet)."


class ReportPage(ElectionPage):
    """Official results lock the election; exports are written where the user chooses."""

    help_text = N_("Mark the results official once every seat is filled; then export the count data, the documents and the signed result package for the higher level.")

    def build(self) -> None:
        self.official_by = line(placeholder=_("name and role, e.g. 王建国（新一届支部书记）"))
        self.official_label = QLabel()
        official = QPushButton(_("Mark the results &official (locks the election)"))
        official.clicked.connect(self.mark_official)
        box, form = group(_("Official results"), [(_("Confirmed &by:"), self.official_by), ("", official)])
        form.addRow(self.official_label)
        self.content.addWidget(box)
        export = QPushButton(_("Save the &count data of every round (JSON, for `votedesk count`)…"))
        export.clicked.connect(self.export_count_data)
        self.documents_button = QPushButton(_("Create the &documents (PDF)…"))
        self.package_button = QPushButton(_("Create the signed result &package…"))
        for b in (self.documents_button, self.package_button):
            b.setEnabled(False)
            b.setToolTip(_(NOT_YET))
        box, form = group(_("Export"), [("", export), ("", self.documents_button), ("", self.package_button)])
        self.content.addWidget(box)
        self.content.addStretch(1)

    def load(self) -> None:
        super().load()
        el = election_info(self.session.election) or {}
        self.official_label.setText(_("Official, confirmed by {by}").format(by=el.get("official_by")) if el.get("official")
                                    else _("Not official yet"))

    def mark_official(self) -> None:
        if QMessageBox.question(self, _("Official results"), _("Mark the results official? The election file is then "
                                "locked; later corrections are recorded amendments.")) == QMessageBox.StandardButton.Yes:
            self.act(self.session.election.mark_official, self.official_by.text().strip())

    def export_count_data(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Folder for the count data"), settings.last_folder())
        if folder:
            written = self.write_count_data(Path(folder))
            QMessageBox.information(self, _("Count data saved"), _("{n} file(s) saved in {folder}.").format(n=len(written), folder=folder))

    def write_count_data(self, folder: Path) -> list[Path]:
        """One votedesk-count/1 file per round, from the core (anyone can recount with `votedesk count`)."""
        e, written = self.session.election, []
        for v in round_views(e):
            path = folder / f"round-{v.id}.count.json"
            path.write_text(json.dumps(e.count_input(v.id), ensure_ascii=False, indent=1), encoding="utf-8")
            written.append(path)
        return written
