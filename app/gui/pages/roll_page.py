"""The member roll: import with preview and review, the members' data, statuses, and exclusions with both approvals."""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
    QPushButton,
)

from app.core.errors import UserFacingError
from app.core.i18n import N_, _
from app.core.search import matches
from app.gui import labels, settings
from app.gui.dialogs.error_dialog import show_error, user_message
from app.gui.dialogs.import_dialog import ImportPreviewDialog
from app.gui.labels import items, label
from app.gui.pages.base import ElectionPage
from app.gui.widgets.flow import flow_row
from app.gui.widgets.forms import combo, date_edit, fill, group, iso, line, selected_data, table
from app.gui.worker import Task

if TYPE_CHECKING:
    from app.core.rollimport import ImportPreview

# The member editor's fields, in the order shown (two per line), with their labels.
EDITED = (("name", N_("Name:")), ("sex", N_("Sex:")), ("birth_date", N_("Birth date:")),
          ("joined_date", N_("Joined the Party:")), ("ethnicity", N_("Ethnicity:")), ("education", N_("Education:")),
          ("post", N_("Post:")), ("remarks", N_("Remarks:")),
          ("restricted_from", N_("Restricted from:")), ("restricted_until", N_("Restricted until:")))

ROLL_FILTER = "CSV / Excel (*.csv *.xlsx *.xls *.ods)"


class RollPage(ElectionPage):
    """Import the roll, review what the import flagged, edit members, correct statuses, record exclusions (R2.1, R2.3)."""

    help_text = N_("Import the member roll from a spreadsheet (CSV, XLSX or XLS): a row whose name or membership "
                   "status is wrong is refused; other doubtful data is imported and listed below to review. Only "
                   "full members vote; a member may be left out of the expected count only with both approvals.")

    def build(self) -> None:
        self._job: QObject | None = None
        self.review: list[Any] = []  # the last import's warnings and proposals (RowError / Proposal) still open
        self.summary = QLabel()
        self.summary.setObjectName("rollSummary")
        self.import_button = QPushButton(_("&Import the roll from a file…"))
        self.import_button.clicked.connect(self.choose_import)
        self.search = line(placeholder=_("name or pinyin initials"))
        self.search.textChanged.connect(self._filter)
        search_label = QLabel(_("Find by &pinyin or name:"))
        search_label.setBuddy(self.search)
        self.members_table = table([_("Name"), _("Sex"), _("Birth date"), _("Joined the Party"), _("Status"), _("Post"),
                                    _("Remarks")])
        self.members_table.itemSelectionChanged.connect(self._show_member)
        self.status_box = combo(items(labels.STATUSES))
        status_button = QPushButton(_("Set the stat&us of the selected member"))
        status_button.clicked.connect(self.set_status)
        self.content.addWidget(self.summary)
        self.content.addWidget(flow_row(self.import_button, search_label, self.search, self.status_box,
                                        status_button))  # wraps at 1024 px
        self.content.addWidget(self.members_table, 2)
        self._review_box()
        self._editor_box()
        self._exclusion_box()

    def _review_box(self) -> None:
        self.review_list = QListWidget()
        self.review_list.setWordWrap(True)
        self.review_list.currentRowChanged.connect(self._review_selected)
        self.review_choice = QComboBox()
        self.confirm_button = QPushButton(_("&Confirm"))
        self.confirm_button.clicked.connect(self.confirm_review)
        reviewed = QPushButton(_("Mar&k as reviewed"))
        reviewed.clicked.connect(self.dismiss_review)
        self.review_box = QGroupBox(_("To review after the import"))
        box = QGridLayout(self.review_box)
        box.addWidget(self.review_list, 0, 0, 1, 4)
        box.addWidget(self.review_choice, 1, 0)
        box.addWidget(self.confirm_button, 1, 1)
        box.addWidget(reviewed, 1, 2)
        box.setColumnStretch(3, 1)
        self.review_box.setVisible(False)
        self.content.addWidget(self.review_box, 1)

    def _editor_box(self) -> None:
        self.editor = {f: line() for f, _label in EDITED if f != "sex"}
        self.editor["birth_date"].setPlaceholderText(_("e.g. 1975-03 or 1975-03-02"))
        self.editor["joined_date"].setPlaceholderText(_("e.g. 1998-07 or 1998-07-01"))
        self.sex_box = combo([("", ""), ("男", "男"), ("女", "女")])  # the values stored, as the roll writes them
        box = QGroupBox(_("Data of the selected member"))
        grid = QGridLayout(box)
        for n, (f, caption) in enumerate(EDITED):
            grid.addWidget(QLabel(_(caption)), n // 2, (n % 2) * 2)
            grid.addWidget(self.sex_box if f == "sex" else self.editor[f], n // 2, (n % 2) * 2 + 1)
        save = QPushButton(_("Save the &member's data"))
        save.clicked.connect(self.save_member)
        self.editor_note = QLabel()
        self.editor_note.setWordWrap(True)
        grid.addWidget(save, len(EDITED) // 2, 0, 1, 2)
        grid.addWidget(self.editor_note, len(EDITED) // 2, 2, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.content.addWidget(box)

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
        box, form = group(_("Exclusions from the expected count"), [
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
        selected = selected_data(self.members_table)
        self.members = e.members()
        fill(self.members_table, [[m.name, m.sex, m.birth_date, m.joined_date, label(labels.STATUSES, m.standing), m.post,
                                   m.remarks] for _, m in self.members], [mid for mid, _ in self.members])
        names = {mid: m.name for mid, m in self.members}
        rows = e.exclusions()
        fill(self.exclusions_table, [[names.get(x.member_id), label(labels.EXCLUSION_REASONS, x.reason),
                                      x.consent_doc or "–", x.assembly_date or "–"] for x in rows], [x.id for x in rows])
        s = e.roll_summary()  # counted by the rules (R2.1, R2.3), not here
        self.summary.setText(_("Full members {full} · Probationary {probationary} · With voting rights {voting} · "
                               "Expected {expected}").format(full=s.full, probationary=s.probationary,
                                                             voting=s.voting, expected=s.expected))
        self._filter(self.search.text())
        self._select_member(selected)
        self._fill_review()

    # ---- import: read and check in the background, preview, then all or nothing --------------
    def choose_import(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, _("Import the member roll"), settings.last_folder(), ROLL_FILTER)
        if path:
            self.start_import(path)

    def start_import(self, path: str) -> None:
        """Preview ``path`` off the GUI thread, then show the preview."""
        from app.core.rollimport import preview

        existing = [m.name for _, m in self.session.election.members()]
        self.import_button.setEnabled(False)
        self._job = Task(self, _("Reading {file}…").format(file=path)).start(
            lambda _progress: preview(path, existing_names=existing), self._show_preview, self._import_failed)

    def _show_preview(self, result: ImportPreview) -> None:
        self._finish_busy()
        self.last_preview = result
        dialog = ImportPreviewDialog(result, self)
        if dialog.exec() and dialog.ok_button.isEnabled():  # refused rows left out only when the operator said so
            imported = {m.name for m in result.rows}
            self.review = [w for w in result.warnings if w.name in imported] + list(result.proposals)
            if self.act(self.session.election.add_members, list(result.rows)) is None:
                self.review = []  # refused (e.g. the roll is fixed): nothing imported, nothing to review
                self._fill_review()

    def _import_failed(self, exc: Exception, details: str) -> None:
        self._finish_busy()
        show_error(self, exc, details)

    def _finish_busy(self) -> None:
        self.import_button.setEnabled(True)

    # ---- search, the member editor ------------------------------------------------------------
    def _filter(self, text: str) -> None:
        """Show only the members whose name or pinyin initials match (app.core.search)."""
        for row, (_mid, m) in enumerate(self.members):
            self.members_table.setRowHidden(row, not matches(text, m.name))

    def _select_member(self, mid: int | None) -> None:
        ids = [i for i, _m in self.members]
        if mid in ids:
            self.members_table.selectRow(ids.index(mid))
        else:
            self._show_member()

    def _show_member(self) -> None:
        record = dict(self.members).get(selected_data(self.members_table))
        for f, edit in self.editor.items():
            value = getattr(record, f) if record is not None else None
            edit.setText("" if value is None else str(value))
        self.sex_box.setCurrentIndex(max(0, self.sex_box.findData(record.sex if record and record.sex else "")))
        self.editor_note.clear()

    def save_member(self) -> None:
        """The edited fields through the import's value rules (core), then Election.update_member (audited)."""
        from app.core.rollimport import edited_record, record_warnings

        mid = selected_data(self.members_table)
        record = dict(self.members).get(mid)
        if record is None:
            return
        texts = {f: edit.text() for f, edit in self.editor.items()} | {"sex": self.sex_box.currentData()}
        try:
            new = edited_record(record, texts)
        except UserFacingError as exc:
            self.show_refused([user_message(exc)])
            return
        self.act(self.session.election.update_member, mid, new)
        saved = dict(self.members).get(mid)
        self.editor_note.setText("；".join(record_warnings(saved)) if saved is not None else "")

    # ---- review of the last import: warnings to resolve, remark proposals to confirm ----------
    def _fill_review(self) -> None:
        self.review = [x for x in self.review if not self._resolved(x)]
        self.review_list.clear()
        for x in self.review:
            item = QListWidgetItem(x.message)
            item.setToolTip(x.message)
            self.review_list.addItem(item)
        self.review_box.setVisible(bool(self.review))
        self._review_selected(self.review_list.currentRow())

    def _member(self, name: str | None) -> tuple[int | None, Any]:
        return next(((mid, m) for mid, m in self.members if m.name == name), (None, None))

    def _resolved(self, x: Any) -> bool:
        """True once the roll says what the item asked for (the core reads the member as stored now)."""
        from app.core.rollimport import is_resolved

        mid, m = self._member(x.name)
        return is_resolved(x, m, any(e.member_id == mid for e in self.session.election.exclusions()))

    def _review_selected(self, row: int) -> None:
        x = self.review[row] if 0 <= row < len(self.review) else None
        choices = getattr(x, "choices", ()) if x is not None else ()
        self.review_choice.clear()
        for day in choices:
            self.review_choice.addItem(f"{day.year}-{day.month:02d}", day)
        self.review_choice.setVisible(bool(choices))
        proposal = x is not None and (getattr(x, "status", None) is not None or getattr(x, "reason", None) is not None)
        self.confirm_button.setEnabled(bool(choices) or proposal)
        if x is not None:
            self._select_member(self._member(x.name)[0])

    def confirm_review(self) -> None:
        """Apply the chosen date, or confirm the remark's proposal: a status, or an exclusion request (R2.3)."""
        row = self.review_list.currentRow()
        if not 0 <= row < len(self.review):
            return
        x = self.review[row]
        mid, m = self._member(x.name)
        if m is None:
            return
        e = self.session.election
        if getattr(x, "choices", ()):
            self.act(e.update_member, mid, replace(m, **{x.column: self.review_choice.currentData()}))
        elif getattr(x, "status", None) is not None:
            self.act(e.update_member, mid, m.with_standing(x.status))
        elif getattr(x, "reason", None) is not None:
            self.act(e.add_exclusion, mid, x.reason.value, x.remark)

    def dismiss_review(self) -> None:
        """The operator has looked at the item (and corrected the member above if needed)."""
        row = self.review_list.currentRow()
        if 0 <= row < len(self.review):
            del self.review[row]
            self._fill_review()

    # ---- statuses and exclusions -------------------------------------------------------------
    def set_status(self) -> None:
        mid = selected_data(self.members_table)
        record = dict(self.members).get(mid)
        if record is not None:
            self.act(self.session.election.update_member, mid, record.with_standing(self.status_box.currentData()))

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
