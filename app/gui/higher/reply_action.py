"""The replies: approval (批复) or return (退回); number, reasons and root key, signed in the worker, saved, previewed."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from app.core.higher.overview import OverviewRow, package_on_record
from app.core.higher.reply import make_reply, make_return, return_reasons
from app.core.higher.workspace import Workspace
from app.core.i18n import _
from app.core.signing import keys
from app.core.signing.safewrite import write_file_safely
from app.gui.higher.common import PDF_FILTER, on_workspace, read_file, root_key_path, safe_file_name, set_root_key_path
from app.gui.higher.dialogs import ReplyDialog, ReplyValues, ReturnDialog, ReturnValues

if TYPE_CHECKING:
    from app.gui.higher.host import Host


def write_reply(window: Host, row: OverviewRow | None) -> None:
    """Ask for the number and the root key, make and save the signed reply, offer the preview."""
    ws, prompts = window.workspace, window.prompts
    if ws is None or row is None or window.path is None:
        return
    record = package_on_record(ws, row.organization)
    if record is None or row.verdict != "accepted":
        window.statusBar().showMessage(_("Only an accepted package on record can be approved."), 8000)
        return
    package_id, received = record
    text = _("Approval reply to {org} for its result package on record (#{id}, received {received}). The reply is "
             "signed for {higher} and bound to this exact package; the branch imports it into its election file.") \
        .format(org=row.organization, id=package_id, received=received[:10], higher=ws.organization)
    values = prompts.dialog(ReplyDialog(text, ReplyValues("", root_key_path()), window.dialog_parent()))
    if values is None:
        return
    path = _pdf_path(window, _("Save the approval reply"),
                     _("Approval reply to {org} {number}").format(org=row.organization, number=values.number))
    if not path:
        return
    sign = _signer(path, values.key_file, values.passphrase,
                   lambda ws_, root: make_reply(ws_, package_id, root, number=values.number))

    def done(pdf: bytes) -> None:
        set_root_key_path(values.key_file)
        window.last_reply = Path(path)
        if prompts.confirm(_("Approval reply saved"), _(
                "The approval reply {number} to {org} is signed and saved as {path}.\nGive it to the branch: its "
                "votedesk checks the signature against your root certificate.\n\n"
                "Preview it now?").format(number=values.number, org=row.organization, path=path)):
            window.preview = prompts.preview_pdf(pdf, _("Approval reply {number}").format(number=values.number), path)

    window.run_task(_("Signing the approval reply to {org}…").format(org=row.organization),
                    on_workspace(window.path, sign), done)


def write_return(window: Host, row: OverviewRow | None) -> None:
    """A return (退回) of the package on record, rejected or accepted: the reasons (the verifier's by default), signed."""
    ws, prompts = window.workspace, window.prompts
    if ws is None or row is None or window.path is None:
        return
    record = package_on_record(ws, row.organization)
    if record is None:
        window.statusBar().showMessage(_("This organization has no package on record to return."), 8000)
        return
    package_id, received = record
    text = _("Return (退回) to {org} of its result package on record (#{id}, received {received}), with what it is to "
             "correct. The branch imports it: its results are no longer official, it corrects them as recorded "
             "amendments, marks them official again and sends a new package, which replaces this one here.") \
        .format(org=row.organization, id=package_id, received=received[:10])
    reasons = "\n".join(return_reasons(ws, package_id))
    values = prompts.dialog(ReturnDialog(text, ReturnValues("", reasons, root_key_path()), window.dialog_parent()))
    if values is None:
        return
    path = _pdf_path(window, _("Save the return"),
                     _("Return to {org} {number}").format(org=row.organization, number=values.number))
    if not path:
        return
    sign = _signer(path, values.key_file, values.passphrase, lambda ws_, root: make_return(
        ws_, package_id, root, number=values.number, reasons=values.reasons.splitlines()))

    def done(pdf: bytes) -> None:
        set_root_key_path(values.key_file)
        window.last_reply = Path(path)
        window.refresh()
        if prompts.confirm(_("Return saved"), _(
                "The return {number} to {org} is signed and saved as {path}.\nGive it to the branch with the package "
                "it answers.\n\nPreview it now?").format(number=values.number, org=row.organization, path=path)):
            window.preview = prompts.preview_pdf(pdf, _("Return {number}").format(number=values.number), path)

    window.run_task(_("Signing the return to {org}…").format(org=row.organization), on_workspace(window.path, sign), done)


def _pdf_path(window: Host, title: str, suggested: str) -> str | None:
    """Where to save a reply: a .pdf name the user chose (the suggestion made safe for a USB stick)."""
    path = window.prompts.save_path(title, safe_file_name(suggested) + ".pdf", PDF_FILTER)
    if not path:
        return None
    return path if path.lower().endswith(".pdf") else path + ".pdf"


def _signer(path: str, key_file: str, passphrase: str,
            make: Callable[[Workspace, keys.Identity], bytes]) -> Callable[[Workspace, object], bytes]:
    """The worker's job: open the root key, make the signed reply and write it to ``path``."""
    def sign(ws: Workspace, _progress: object) -> bytes:
        pdf = make(ws, keys.import_pkcs12(read_file(key_file), passphrase))
        write_file_safely(path, pdf)
        return pdf
    return sign
