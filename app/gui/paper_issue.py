"""The issue step of an official paper on the report page: number and date proposed from the file, confirmed, stored."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.errors import UserFacingError
from app.core.i18n import _
from app.core.workflow.papers import PAPER_FILES, PaperDraft
from app.gui.widgets.forms import line


class PaperIssueDialog(QDialog):
    """发文字号, 成文日期 and (on a request) the contact line; the proposals are shown to be checked, not trusted."""

    def __init__(self, title: str, draft: PaperDraft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Issue: {title}").format(title=title))
        self.number = line(draft.doc_no, _("e.g. 青石社支〔2024〕3号"))
        self.dated = line(draft.dated, _("yyyy-mm-dd, e.g. 2024-03-20"))
        self.contact, self.phone = line(draft.contact), line(draft.phone)
        form = QFormLayout()
        form.addRow(_("Document &number:"), self.number)
        form.addRow(_("&Date of the paper:"), self.dated)
        if draft.kind.endswith("request"):  # a request names whom to call (GB/T 9704-2012)
            form.addRow(_("&Contact person:"), self.contact)
            form.addRow(_("&Telephone:"), self.phone)
        note = QLabel(_("Issued on {dated}.").format(dated=draft.dated) if draft.issued else _(
            "Proposed from the election file: check them against the paper you send, then confirm."))
        if draft.missing:  # e.g. the request without the outgoing committee's election date: issuing is refused
            from app.core.messages import message

            note.setText(message(draft.missing))
        note.setObjectName("pageHelp")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(note)
        box.addLayout(form)
        box.addWidget(buttons)

    def value(self) -> tuple[str, str, str, str]:
        return self.number.text().strip(), self.dated.text().strip(), self.contact.text().strip(), self.phone.text().strip()


class PaperIssueFlow:
    """The "Issue…" button under the documents list: enabled on an official paper, refreshes the list once stored."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.button = QPushButton(_("Iss&ue: number and date…"))
        self.button.clicked.connect(self.start)
        page.documents.table.itemSelectionChanged.connect(self.update)
        self.update()

    def selected(self) -> tuple[str, str] | None:
        """(kind, title) of the selected row when it is an official paper."""
        rows, i = self.page.documents.rows, self.page.documents.table.currentRow()
        if not 0 <= i < len(rows) or rows[i].file_name not in PAPER_FILES:
            return None
        return PAPER_FILES[rows[i].file_name], rows[i].title

    def update(self) -> None:
        self.button.setEnabled(self.selected() is not None)

    def start(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        kind, title = chosen
        papers = self.page.session.election
        value = self.page.prompts.dialog(PaperIssueDialog(title, papers.paper_draft(kind), self.page))
        if value is None:
            return
        try:
            papers.issue_paper(kind, *value)
        except UserFacingError as exc:
            self.page.prompts.error(exc)
            return
        self.page.refresh_documents()


class DutiesDialog(QDialog):
    """The division of duties agreed at the first plenary, one field per member of the new committee, and the
    title of the outgoing committee's work report the assembly heard."""

    def __init__(self, members: list[str], duties: dict[str, str], work_report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Division of duties and work report"))
        self.fields = {name: line(duties.get(name, ""), _("e.g. 组织委员")) for name in members}
        self.report = line(work_report, _("e.g. 中共青石社区支部委员会工作报告"))
        form = QFormLayout()
        for name, field in self.fields.items():
            form.addRow(name, field)
        form.addRow(_("&Work report heard:"), self.report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(buttons)

    def value(self) -> tuple[dict[str, str], str]:
        return {n: f.text().strip() for n, f in self.fields.items()}, self.report.text().strip()


class DutiesFlow:
    """The "Duties…" button: what the result report says of the division of duties and the work report heard."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.button = QPushButton(_("Division of &duties and work report…"))
        self.button.clicked.connect(self.start)

    def start(self) -> None:
        election = self.page.session.election
        members, duties = election.assembly_elected(), election.duties()
        report = (election.election_info() or {}).get("work_report") or ""
        value = self.page.prompts.dialog(DutiesDialog(members, duties, report, self.page))
        if value is None:
            return
        try:
            election.set_duties({n: d for n, d in value[0].items() if d})
            election.set_work_report(value[1])
        except UserFacingError as exc:
            self.page.prompts.error(exc)
            return
        self.page.refresh_documents()
