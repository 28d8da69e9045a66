"""Report and export: mark the results official, every document, the signed result package, keys and the higher level's reply."""
from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton
from shiboken6 import isValid

from app.core.errors import UserFacingError
from app.core.i18n import N_, _
from app.gui import settings
from app.gui.dialogs.error_dialog import user_message
from app.gui.dialogs.signing_dialogs import ChiefRequest
from app.gui.doc_actions import DocRow, DocumentActions, DocumentList, on_file
from app.gui.pages.base import ElectionPage
from app.gui.paper_issue import DutiesFlow, PaperIssueFlow
from app.gui.prompts import Prompts
from app.gui.readers import election_info, round_views
from app.gui.signing_flows import Exported, KeyFlows, ReplyFlow, SignFlow, fingerprint_text
from app.gui.widgets.flow import FlowLayout
from app.gui.widgets.forms import group, line, set_state
from app.gui.worker import run_in_background

if TYPE_CHECKING:
    from app.core.workflow.election import Election

log = logging.getLogger(__name__)
# File name (from app.core.reports.bundle) -> what the list calls it.
DOCUMENT_TITLES = {
    "01-election-request": N_("Request to hold the election (换届选举的请示)"),
    "02-candidate-request": N_("Request to approve the candidates (候选人预备人选的请示)"),
    "03-candidates": N_("Candidate list with basic data"),
    "03-notice": N_("Candidate notice (候选人公示)"),
    "04-signin": N_("Sign-in sheet (签到表)"),
    "04-agenda": N_("Agenda of the assembly and the first plenary (议程)"),
    "04-script": N_("The chair's script for the assembly and the first plenary (主持词)"),
    "04-method-assembly": N_("Election method of the assembly, draft (选举办法（草案）)"),
    "04-method-plenary": N_("Election method of the first plenary, draft (选举办法（草案）)"),
    "05-ballot": N_("Ballots, design {n}"),
    "06-scrutiny": N_("Scrutineers' list and reports (监票人名单、清点到会人数、分发和清点选票报告单)"),
    "06-counting-reports": N_("Counting result reports (计票结果报告单)"),
    "07-result-report": N_("Election result report to the higher level (关于选举结果的报告)"),
    "08-officer-request": N_("Request to approve the secretary and deputy (任职的请示)"),
}


def document_title(file_name: str) -> str:
    """The list title of a document file from build_documents."""
    stem = file_name.removesuffix(".pdf")
    if stem.startswith("05-ballot-"):
        return _(DOCUMENT_TITLES["05-ballot"]).format(n=stem.rsplit("-", 1)[1])
    return _(DOCUMENT_TITLES.get(stem, stem))


class ReportPage(ElectionPage):
    """Official results lock the election; exports are written where the user chooses."""

    help_text = N_("Mark the results official once every seat is filled; then print the documents and export the "
                   "signed result package for the higher level on a USB stick.")

    def build(self) -> None:
        self.prompts = Prompts(self)
        self.documents_actions = DocumentActions(self, self.prompts)
        self.sign_flow, self.key_flows, self.reply_flow = SignFlow(self), KeyFlows(self), ReplyFlow(self)
        self._documents_generation = 0
        self._official_box()
        self._documents_box()
        self._export_box()
        self._keys_box()
        self._reply_box()
        self.content.addStretch(1)

    def _official_box(self) -> None:
        self.official_by = line(placeholder=_("name and role, e.g. 王建国（新一届支部书记）"))
        self.official_label = QLabel()
        self.official_button = QPushButton(_("Mark the results &official (locks the election)"))
        self.official_button.clicked.connect(self.mark_official)
        self.official_pin_note = QLabel()
        self.official_pin_note.setObjectName("pageHelp")
        self.official_pin_note.setWordWrap(True)
        box, self.official_form = group(_("Official results"), [(_("Confirmed &by:"), self.official_by),
                                                                ("", self.official_pin_note), ("", self.official_button)])
        self.official_form.addRow(self.official_label)
        self.content.addWidget(box)

    def _documents_box(self) -> None:
        self.documents = DocumentList(self.documents_actions, lambda: self.session.path)
        self.documents_status = QLabel()
        self.documents_status.setObjectName("pageHelp")
        self.documents_status.setWordWrap(True)
        box, form = group(_("Documents (PDF)"), [])
        form.addRow(self.documents_status)
        form.addRow(self.documents)
        self.paper_issue = PaperIssueFlow(self)  # each official paper's number and date, confirmed (issue 15)
        self.duties = DutiesFlow(self)
        row = QHBoxLayout()
        row.addWidget(self.paper_issue.button)
        row.addWidget(self.duties.button)
        row.addStretch(1)
        form.addRow(row)
        self.content.addWidget(box)

    def _export_box(self) -> None:
        export = QPushButton(_("Save the &count data of every round for an independent recount…"))
        export.clicked.connect(self.export_count_data)
        self.package_button = QPushButton(_("Sign and &export the result package…"))
        self.package_button.clicked.connect(self.sign_flow.start)
        self.package_label = _mono_label()
        box, form = group(_("Result package for the higher level"), [("", self.package_button), ("", export)])
        form.addRow(self.package_label)
        self.content.addWidget(box)

    def _keys_box(self) -> None:
        buttons = [(_("Apply for the branch's signing &key (the higher level issues it)…"), self.key_flows.create_request),
                   (_("&Import issued certificate…"), self.key_flows.import_issued),
                   (_("Temporary si&gning key (until the higher level issues one)…"), self.key_flows.self_signed),
                   (_("Renewal re&quest for the current key…"), self.key_flows.renew_request),
                   (_("Import the higher level's revocation &list…"), self.key_flows.import_crl)]
        row = FlowLayout()  # three long buttons wrap onto a second line on a 1024-pixel screen
        for text, slot in buttons:
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        advice = QLabel(_("Keep the key file and its passphrase apart; the key never goes into the election file "
                          "or onto the stick you hand over."))
        advice.setObjectName("pageHelp")
        advice.setWordWrap(True)
        self.key_label = _mono_label()
        box, form = group(_("Signing key of the branch"), [])
        form.addRow(row)
        form.addRow(advice)
        form.addRow(self.key_label)
        self.content.addWidget(box)

    def _reply_box(self) -> None:
        button = QPushButton(_("Import the higher level's &reply (批复 or 退回)…"))
        button.clicked.connect(self.reply_flow.start)
        self.reply_label = QLabel()
        self.reply_label.setObjectName("verdict")
        self.reply_label.setWordWrap(True)
        self.reply_label.setVisible(False)
        box, form = group(_("Reply of the higher level"), [("", button)])
        form.addRow(self.reply_label)
        self.content.addWidget(box)

    # ---- loading -----------------------------------------------------------------------
    def load(self) -> None:
        super().load()
        el = election_info(self.session.election) or {}
        self.official_label.setText(_("Official, confirmed by {by}").format(by=el.get("official_by")) if el.get("official")
                                    else _("Not official yet"))
        self.official_button.setEnabled(not el.get("official"))  # done once: asking the chief's PIN again is pointless
        # Once the chief scrutineer has set a PIN, the chief confirms with name and PIN instead of a typed name.
        pin = self.session.election.chief_pin_is_set()
        self.official_form.setRowVisible(self.official_by, not pin)
        self.official_form.setRowVisible(self.official_pin_note, pin)
        self.official_pin_note.setText(_("The chief scrutineer confirms with name and PIN."))
        self._show_last_return(bool(el.get("official")))
        self.refresh_documents()

    def _show_last_return(self, official: bool) -> None:
        """While the last reply on the results is a return (退回), its reasons stay on the page with the next step."""
        replies = self.session.election.replies("results")
        last = replies[-1] if replies else None
        if last is None or last["approved"]:
            return
        try:
            reasons = [str(r) for r in json.loads(last["note"] or "{}").get("reasons", [])]
        except (ValueError, AttributeError):
            reasons = []
        step = _("Corrected and official again: sign and export the new result package.") if official else _(
            "Correct what it asks (counted rounds by recorded amendment), then mark the results official again.")
        text = _("Returned (退回) by the higher level: {number} of {dated}.").format(number=last["doc_no"],
                                                                                  dated=last["dated"])
        self.show_reply(False, "\n".join([text, *(f"{i}. {r}" for i, r in enumerate(reasons, 1)), step]))

    def refresh_documents(self) -> None:
        """Build every document in the worker; the list fills when they are ready (the file may have changed)."""
        self._documents_generation += 1
        generation, today = self._documents_generation, dt.date.today()
        self.documents.set_rows([])
        self.documents_failed = False
        self.documents_status.setText(_("Preparing the documents…"))
        # No Qt parent for the job's signals: the page may be gone (another file opened) when it ends.
        self._documents_job = run_in_background(on_file(self.session.path, lambda e: _documents(e, today)),
                                                lambda docs: self._documents_ready(generation, docs),
                                                self._documents_failed)

    def _documents_ready(self, generation: int, docs: dict[str, tuple[bytes, int]]) -> None:
        if not isValid(self) or generation != self._documents_generation:
            return  # the page is gone, or an older build: a newer one is on its way
        self.documents.set_rows([DocRow(document_title(name), _("{n} page(s)").format(n=pages), name, data)
                                 for name, (data, pages) in docs.items()])
        self.paper_issue.update()
        self.documents_status.setText(_("{n} documents. Each request and report carries the number and date it was "
                                        "issued with (Issue…); until then they are blank.").format(n=len(docs)))

    def _documents_failed(self, exc: Exception, details: str) -> None:
        """Not a user action, so no box pops up on every visit: the page says it, the log keeps the details."""
        if not isValid(self):
            return
        log.error("building the documents failed\n%s", details)
        self.documents_status.setText(user_message(exc) if isinstance(exc, UserFacingError) else _(
            "The documents can be prepared once the rounds are counted. If the counting is done and this message "
            "stays, send the log file to your support contact."))
        self.documents_failed = True

    def documents_ready(self) -> bool:
        """Whether the automatic build has ended (with the list filled, or the reason shown)."""
        return bool(self.documents.rows) or self.documents_failed

    # ---- shown results -----------------------------------------------------------------
    def show_exported(self, exported: Exported) -> None:
        self.package_label.setVisible(True)
        self.package_label.setText(_("Last package: {path}\nSHA-256: {sha}\nSigned for {org}; fingerprint:\n{fp}").format(
            path=exported.path, sha=exported.sha256, org=exported.signer, fp=exported.fingerprint))

    def show_key(self, identity: Any) -> None:
        self.key_label.setVisible(True)
        self.key_label.setText(fingerprint_text(identity))

    def show_reply(self, ok: bool, text: str) -> None:
        self.reply_label.setText(text)
        set_state(self.reply_label, "state", "valid" if ok else "invalid")
        self.reply_label.setVisible(True)

    # ---- actions -----------------------------------------------------------------------
    def refused_by_the_verifier(self) -> bool:
        """The higher level's recount and rule checks on the rounds: any refusal is shown with where to correct it."""
        from app.core.signing.texts import describe

        failures = self.session.election.verifier_failures()
        if failures:
            self.show_refused([describe(c) for c in failures], [c.rule for c in failures if c.rule])
        return bool(failures)

    def mark_official(self) -> None:
        e = self.session.election
        if self.refused_by_the_verifier():  # official results the higher level would refuse would be a dead end
            return
        if e.chief_pin_is_set():
            answer = self.prompts.chief(ChiefRequest(
                _("mark the results official; the election file is then locked and later corrections are recorded "
                  "amendments"), name=e.chief_scrutineer() or "", check=self.sign_flow.pin_check))
            if answer is not None:
                self.act(e.mark_official, answer.name, answer.pin)
            return
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


def _documents(e: Election, today: dt.date) -> dict[str, tuple[bytes, int]]:
    """Every document with its page count (runs in the worker)."""
    from app.gui.pdfview import page_count

    return {name: (data, page_count(data)) for name, data in e.build_documents(today).items()}


def _mono_label() -> QLabel:
    """Fingerprints and hashes, to read aloud or compare on paper (hidden until there is one)."""
    label = QLabel()
    label.setVisible(False)
    label.setWordWrap(True)
    label.setFont(QFont("monospace"))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
