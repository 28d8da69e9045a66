"""Key lifecycle of the higher level: revoke a branch certificate, publish the revocation list, the time-stamping key, re-timestamp."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QWidget

from app.core.higher import archive, revocation
from app.core.higher.workspace import Workspace
from app.core.i18n import N_, _
from app.core.signing import keys
from app.core.signing.crl import REASONS
from app.core.signing.safewrite import write_file_safely
from app.gui.higher.common import on_workspace, read_file, root_key_path, safe_file_name, set_root_key_path
from app.gui.higher.dialogs import RootKeyDialog, RootKeyValues

if TYPE_CHECKING:
    from app.gui.higher.host import Host

CRL_FILTER = N_("Revocation list (*.crl)")
KEY_FILTER = "PKCS#12 (*.p12 *.pfx)"
REASON_TEXTS = {
    "key_compromise": N_("The key file or its passphrase was lost or stolen"),
    "affiliation_changed": N_("A new secretary holds the branch's signing"),
    "superseded": N_("Replaced by a certificate for a new key"),
    "cessation_of_operation": N_("The organization was dissolved or merged"),
}


class RevokeDialog(RootKeyDialog):
    """Why the certificate is revoked, and the root key that signs the new list."""

    def _extra_rows(self) -> None:
        self.reason = QComboBox()
        for code in REASONS:
            self.reason.addItem(_(REASON_TEXTS[code]), code)
        self.form.addRow(_("Rea&son:"), self.reason)

    def reason_code(self) -> str:
        """The chosen reason's code."""
        return str(self.reason.currentData())


class TimestampKeyDialog(RootKeyDialog):
    """The time-stamping key file (tsa.p12) and its passphrase."""

    def __init__(self, text: str, values: RootKeyValues | None = None, parent: QWidget | None = None) -> None:
        super().__init__(text, values, parent, _("&Timestamp"))
        self.setWindowTitle(_("Time-stamping key"))
        label = self.form.labelForField(self.key_file)
        if label is not None:
            label.setProperty("text", _("Time-stamping &key file:"))

    def problem(self) -> str:
        if not self.key_file.text():
            return _("Choose the time-stamping key file (.p12).")
        return super().problem()


def expiry_text(cert_pem: str | None, revoked: bool) -> str:
    """What the branch list says after the end date: revoked, expired, or expiring within 60 days ("" otherwise)."""
    if not cert_pem:
        return ""
    if revoked:
        return _("revoked")
    cert = keys.load_cert(cert_pem.encode())
    left = keys.days_left(cert)
    if left < 0:
        return _("expired")
    return _("expires in {days} days: renew").format(days=left) if keys.expires_soon(cert) else ""


def revoked_serials(ws: Workspace) -> set[int]:
    """Serial numbers of every revoked certificate in the workspace."""
    return {r.serial for r in revocation.revocations(ws)}


def revoke_selected(window: Host) -> None:
    """Revoke the selected branch's certificate with a reason; save the new list for the branches."""
    ws, prompts = window.workspace, window.prompts
    name = window.selected_branch()
    if ws is None or window.path is None or not name or not ws.branch_named(name).cert_pem:
        window.statusBar().showMessage(_("Choose a branch with an issued certificate first."), 8000)
        return
    dialog = RevokeDialog(_("Revoke the certificate of {org}. Packages it signs from now on are refused; packages "
                            "you timestamped before stay valid. Give the new revocation list to every branch.")
                          .format(org=name), RootKeyValues(root_key_path()), window.dialog_parent(), _("&Revoke…"))
    values = prompts.dialog(dialog)
    if values is None:
        return
    reason = dialog.reason_code()
    out = prompts.save_path(_("Save the revocation list for the branches"), "revocation.crl", _(CRL_FILTER))
    if not out:
        return

    def work(ws_: Workspace, _progress: object) -> bytes:
        der = revocation.revoke(ws_, keys.import_pkcs12(read_file(values.key_file), values.passphrase), name, reason)
        write_file_safely(out, der)
        return der

    def done(_der: bytes) -> None:
        set_root_key_path(values.key_file)
        window.refresh()
        prompts.inform(_("Certificate revoked"), _(
            "The certificate of {org} is revoked. The revocation list is saved as {path}: take it to every branch "
            "with the next reply. When the branch brings a new certificate request, issue it as usual.").format(
            org=name, path=out))

    window.run_task(_("Revoking the certificate of {org}…").format(org=name), on_workspace(window.path, work), done)


def publish_list(window: Host) -> None:
    """Sign a fresh revocation list with the root key and save it (for the branches, by USB)."""
    ws, prompts = window.workspace, window.prompts
    if ws is None or window.path is None:
        return
    values = prompts.dialog(RootKeyDialog(_("Sign a fresh revocation list. Branches carry the newest one into their "
                                            "signed reports."), RootKeyValues(root_key_path()), window.dialog_parent()))
    if values is None:
        return
    out = prompts.save_path(_("Save the revocation list for the branches"), "revocation.crl", _(CRL_FILTER))
    if not out:
        return

    def work(ws_: Workspace, _progress: object) -> bytes:
        der = revocation.publish_crl(ws_, keys.import_pkcs12(read_file(values.key_file), values.passphrase))
        write_file_safely(out, der)
        return der

    window.run_task(_("Signing the revocation list…"), on_workspace(window.path, work),
                    lambda _der: prompts.inform(_("Revocation list saved"), _(
                        "The revocation list is saved as {path}.").format(path=out)))


def issue_timestamp_key(window: Host) -> None:
    """Make the time-stamping key with the root key; it is saved with the root key's passphrase."""
    ws, prompts = window.workspace, window.prompts
    if ws is None:
        return
    values = prompts.dialog(RootKeyDialog(_(
        "Make the higher level's time-stamping key. The root key certifies it; the new key file is protected with the "
        "root key's passphrase. Keep it offline like the root key."), RootKeyValues(root_key_path()),
        window.dialog_parent()))
    if values is None:
        return
    out = prompts.save_path(_("Save the time-stamping key file"), safe_file_name(ws.organization) + "-tsa.p12",
                            KEY_FILTER)
    if not out:
        return
    if Path(out).exists():
        window.statusBar().showMessage(_("{name} already exists: choose another name (nothing is overwritten).")
                                       .format(name=Path(out).name), 8000)
        return

    def work(_progress: object) -> keys.Identity:
        identity = keys.issue_tsa_identity(keys.import_pkcs12(read_file(values.key_file), values.passphrase))
        write_file_safely(out, keys.export_pkcs12(identity, values.passphrase))
        return identity

    window.run_task(_("Making the time-stamping key…"), work, lambda identity: prompts.inform(
        _("Time-stamping key saved"), _("The time-stamping key is saved as {path}; it is valid until {date}.")
        .format(path=out, date=f"{identity.cert.not_valid_after_utc:%Y-%m-%d}")))


def timestamp_archive(window: Host) -> None:
    """Timestamp every accepted package not yet stamped, and renew those whose timestamp lapses within a year."""
    ws, prompts = window.workspace, window.prompts
    if ws is None or window.path is None:
        return
    values = prompts.dialog(TimestampKeyDialog(_(
        "Timestamp the archive copies of the accepted packages: new ones, and those whose timestamp lapses within a "
        "year. The timestamp keeps a package verifiable after the branch's certificate expires."),
        RootKeyValues(""), window.dialog_parent()))
    if values is None:
        return

    def work(ws_: Workspace, _progress: object) -> list[archive.ArchiveRecord]:
        return archive.retimestamp(ws_, keys.import_pkcs12(read_file(values.key_file), values.passphrase))

    def done(records: list[archive.ArchiveRecord]) -> None:
        until = min((r.renew_by for r in records), default=None)
        text = _("{n} package(s) timestamped.").format(n=len(records))
        if until is not None:
            text += "\n" + _("Renew the timestamps before {date}.").format(date=f"{until:%Y-%m-%d}")
        prompts.inform(_("Archive timestamped"), text)

    window.run_task(_("Timestamping the archive…"), on_workspace(window.path, work), done)
