"""Branches: register the subordinate organizations and issue their certificates from request files."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from app.core.errors import UserFacingError
from app.core.higher.workspace import Branch, Workspace
from app.core.i18n import N_, _
from app.core.signing import keys
from app.core.signing.safewrite import write_file_safely
from app.gui.higher.common import (
    CERT_TEXTS, PEM_FILTER, help_label, label_of, name_key, on_workspace, read_file, root_key_path, safe_file_name,
    set_root_key_path, title_label,
)
from app.gui.higher.dialogs import RootKeyDialog, RootKeyValues
from app.gui.higher.longterm import expiry_text, revoked_serials

if TYPE_CHECKING:
    from app.gui.higher.host import Host

COLUMNS = (N_("Organization"), N_("Certificate"), N_("Fingerprint (first groups)"), N_("Valid from"), N_("Valid until"))


def _cert_dates(branch: Branch, revoked: frozenset[int] | set[int] = frozenset()) -> tuple[str, str, str, str]:
    """(status, full fingerprint, valid from, valid until) of a branch's certificate, for display."""
    if not branch.cert_pem:
        return "none", "", "", ""
    cert = keys.load_cert(branch.cert_pem.encode())
    until = f"{cert.not_valid_after_utc:%Y-%m-%d}"
    notice = expiry_text(branch.cert_pem, cert.serial_number in revoked)  # revoked, expired or renew soon
    return "issued", keys.fingerprint(cert), f"{cert.not_valid_before_utc:%Y-%m-%d}", f"{until} ({notice})" if notice else until


class BranchesView(QWidget):
    """Register by name (Enter), issue a certificate from a request (.pem), copy a fingerprint."""

    def __init__(self, window: Host) -> None:
        super().__init__()
        self.window_ = window
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("full name, e.g. 中共某某区机关第一支部委员会"))
        self.name.returnPressed.connect(self.register)
        self.name_label = QLabel(_("&Name:"))
        self.name_label.setBuddy(self.name)
        self.register_button = QPushButton(_("Re&gister"))
        self.register_button.clicked.connect(self.register)
        self.issue_button = QPushButton(_("Issue certificate from re&quest…"))
        self.issue_button.clicked.connect(self.issue_from_request)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._show_fingerprint)
        self.caption = QLabel()
        self.fingerprint = QLabel()
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSize(self.font().pointSize() + 1)
        self.fingerprint.setFont(mono)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton(_("Cop&y fingerprint"))
        self.copy_button.clicked.connect(self.copy_fingerprint)
        self._build()

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.name_label)
        top.addWidget(self.name, 1)
        top.addWidget(self.register_button)
        top.addSpacing(24)
        top.addWidget(self.issue_button)
        bottom = QHBoxLayout()
        shown = QVBoxLayout()
        shown.addWidget(self.caption)
        shown.addWidget(self.fingerprint)
        bottom.addLayout(shown, 1)
        bottom.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        box = QVBoxLayout(self)
        box.addWidget(title_label(_("Subordinate organizations")))
        box.addWidget(help_label(_(
            "Register each organization under you with exactly the name it uses in its election file. A branch "
            "makes its key and a certificate request (.pem) in votedesk; bring the request here on a USB stick, "
            "issue its certificate, and take the certificate and root.pem back. Packages signed with that "
            "certificate are attributed to the branch.")))
        box.addLayout(top)
        box.addWidget(self.table, 1)
        box.addLayout(bottom)
        for a, b in ((self.name, self.register_button), (self.register_button, self.issue_button),
                     (self.issue_button, self.table), (self.table, self.copy_button)):
            QWidget.setTabOrder(a, b)

    # ---- data -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the branches from the workspace, keeping the selection."""
        ws = self.window_.workspace
        selected = self.selected_name()
        self.table.setRowCount(0)
        if ws is None:
            return
        revoked = revoked_serials(ws)
        for r, branch in enumerate(sorted(ws.branches(), key=lambda b: name_key(b.name))):
            status, full, start, until = _cert_dates(branch, revoked)
            short = full.splitlines()[0] if full else ""
            self.table.insertRow(r)
            for c, text in enumerate((branch.name, label_of(CERT_TEXTS, status), short, start, until)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, full)
                if full:
                    item.setToolTip(full)
                self.table.setItem(r, c, item)
            if branch.name == selected:
                self.table.selectRow(r)
        self._show_fingerprint()

    def focus_name(self) -> None:
        """Keyboard focus on the name to register."""
        self.name.setFocus()

    def names(self) -> list[str]:
        """The organizations as listed."""
        return [self._name_item(r).text() for r in range(self.table.rowCount())]

    def selected_name(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self._name_item(rows[0].row()).text() if rows else None

    def _name_item(self, row: int) -> QTableWidgetItem:
        """The name cell of ``row`` (refresh fills every cell)."""
        item = self.table.item(row, 0)
        return item if item is not None else QTableWidgetItem()

    def _show_fingerprint(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        full = self._name_item(rows[0].row()).data(Qt.ItemDataRole.UserRole) if rows else ""
        name = self._name_item(rows[0].row()).text() if rows else ""
        if full:
            self.caption.setText(_("Certificate fingerprint of {name} (compare with the branch's paper report):")
                                 .format(name=name))
        else:
            self.caption.setText(_("{name} has no certificate yet.").format(name=name) if name else "")
        self.fingerprint.setText(full)
        self.fingerprint.setVisible(bool(full))
        self.copy_button.setEnabled(bool(full))

    def copy_fingerprint(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            QApplication.clipboard().setText(self._name_item(rows[0].row()).data(Qt.ItemDataRole.UserRole))

    # ---- actions --------------------------------------------------------------------------------
    def register(self) -> None:
        """Register the typed name (a tiny write, done at once)."""
        ws = self.window_.workspace
        name = self.name.text().strip()
        if ws is None or not name:
            self.name.setFocus()
            return
        try:
            ws.register_branch(name)
        except UserFacingError as exc:
            self.window_.prompts.error(exc)
            return
        self.name.clear()
        self.window_.refresh()
        self.window_.statusBar().showMessage(_("{name} is registered.").format(name=name), 5000)

    def issue_from_request(self) -> None:
        """Choose the request, check it names a registered branch, unlock the root key, save the certificate."""
        window = self.window_
        ws, path = window.workspace, window.path
        if ws is None or path is None:
            return
        request_path = window.prompts.open_path(_("Choose the branch's certificate request"), _(PEM_FILTER))
        if not request_path:
            return
        try:
            request = read_file(request_path)
            org = keys.subject_org(keys.load_request(request))
        except UserFacingError as exc:
            window.prompts.error(exc)
            return
        if not self._ready_to_issue(ws, org):
            return
        key_id = keys.key_fingerprint(keys.load_request(request))
        text = _("Issue the certificate of {org}.\nKey fingerprint in the request:\n{key}\n"
                 "Compare it with the key fingerprint the branch's votedesk shows.").format(org=org, key=key_id)
        values = window.prompts.dialog(
            RootKeyDialog(text, RootKeyValues(root_key_path()), window.dialog_parent(), _("&Issue…")))
        if values is None:
            return
        out = window.prompts.save_path(_("Save the certificate of {org}").format(org=org),
                                       f"{safe_file_name(org)}.cert.pem", _(PEM_FILTER))
        if not out:
            return

        def issue(ws_: Workspace, _progress: object) -> bytes:
            root = keys.import_pkcs12(read_file(values.key_file), values.passphrase)
            pem = ws_.issue_certificate(root, request)
            write_file_safely(out, pem)
            return pem

        def done(pem: bytes) -> None:
            set_root_key_path(values.key_file)
            window.refresh()
            window.prompts.inform(_("Certificate issued"), _(
                "The certificate of {org} is saved as {path}.\nTake it to the branch with the root certificate "
                "(root.pem).\n\nFingerprint:\n{fp}").format(org=org, path=out, fp=keys.fingerprint(keys.load_cert(pem))))

        window.run_task(_("Issuing the certificate of {org}…").format(org=org), on_workspace(path, issue), done)

    def _ready_to_issue(self, ws: Workspace, org: str) -> bool:
        """Register an unknown organization, or confirm replacing an existing certificate, when the user agrees."""
        prompts = self.window_.prompts
        try:
            branch = ws.branch_named(org)
        except UserFacingError:
            if not prompts.confirm(_("Not registered"), _(
                    "{org} is not registered in this workspace. Register it and issue its certificate?").format(org=org)):
                return False
            ws.register_branch(org)
            self.window_.refresh()
            return True
        if branch.cert_pem:
            return prompts.confirm(_("Replace the certificate?"), _(
                "{org} already has a certificate. Issue a new one for this request? Packages signed with the old "
                "certificate will then be flagged.").format(org=org))
        return True
