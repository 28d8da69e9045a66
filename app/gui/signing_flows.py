"""The report page's signing flows: check, sign and export the result package, branch keys, the higher level's reply."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from app.core.errors import UserFacingError
from app.core.i18n import _
from app.core.signing import keys
from app.core.signing.longterm import expiry_notice
from app.core.signing.safewrite import write_file_safely
from app.core.workflow.types import STEPS, Step
from app.gui.dialogs.signing_dialogs import ChiefConfirmation, ChiefRequest
from app.gui.doc_actions import on_file
from app.gui.worker import Task

if TYPE_CHECKING:
    from app.core.workflow import Election
    from app.gui.pages.report_page import ReportPage
    from app.gui.prompts import Prompts

KEY_FILTER = "PKCS#12 (*.p12 *.pfx)"
PEM_FILTER = "PEM (*.pem *.crt *.cer)"
PACKAGE_FILTER = "votedesk (*.vdpkg)"
CRL_FILTER = "CRL (*.crl)"


@dataclass(frozen=True)
class Exported:
    """A package written and read back: where, its SHA-256, and who signed it."""

    path: Path
    sha256: str
    signer: str
    fingerprint: str
    self_signed: bool


def read_input(path: str) -> bytes:
    """A chosen file's bytes; a missing or unreadable file (a pulled stick) is an error the user can fix."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UserFacingError("input_unreadable", f"{path}: {exc.strerror or exc}", path=path) from None


def package_name(org: str, today: dt.date) -> str:
    """A file name the higher level can sort by: organization and date (no characters FAT refuses)."""
    safe = re.sub(r'[\\/:*?"<>|\s]+', "", org) or "votedesk"
    return f"{safe}-{today:%Y%m%d}.vdpkg"


def fingerprint_text(identity: keys.Identity) -> str:
    """Who signs, the certificate's fingerprint and the key's (as the higher level sees it in the request)."""
    kind = _("self-signed") if identity.self_signed else _("issued by {org}").format(
        org=keys.subject_org(identity.chain[0]) if identity.chain else "")
    text = _("{org} ({kind})\nFingerprint:\n{fp}").format(org=identity.organization, kind=kind,
                                                        fp=keys.fingerprint(identity.cert)) + "\n" + _(
        "Key fingerprint (the same in the certificate request):\n{key}").format(key=keys.key_fingerprint(identity.cert))
    notice = None if identity.self_signed else expiry_notice(identity.cert)
    return text + "\n" + notice if notice else text


def kept_list_text(kept: object) -> str:
    """The revocation list the branch keeps, in a sentence."""
    from app.core.signing.crl import RevocationList

    if not isinstance(kept, RevocationList):
        return _("No revocation list from the higher level is kept yet.")
    return _("Revocation list number {number} of {date} is kept; the next signed report carries it.").format(
        number=kept.number, date=f"{kept.issued:%Y-%m-%d}")


def keep_lists_beside(pdf_path: str, root_pem: bytes) -> object:
    """Keep the newest revocation list (*.crl) found beside the reply on the stick; the kept list (or None)."""
    from app.core.signing import crlstore

    root, kept = keys.load_cert(root_pem), None
    for path in sorted(Path(pdf_path).parent.glob("*.crl")):
        try:
            kept = crlstore.save(path.read_bytes(), root)[0]
        except (OSError, UserFacingError):
            continue  # another root's or a damaged list is simply not kept
    return kept


def chosen_key_file(prompts: Prompts, title: str) -> str | None:
    """Ask for a key file until it is one (a wrong file is named at once) or the user cancels."""
    while True:
        path = prompts.open_path(title, KEY_FILTER)
        if not path:
            return None
        try:
            keys.check_key_file(read_input(path))
            return str(path)
        except UserFacingError as exc:
            prompts.error(exc)


class Flows:
    """Shared plumbing: the page (for ``act`` and the election), its prompts, and a background task."""

    def __init__(self, page: ReportPage) -> None:
        self.page = page

    @property
    def prompts(self) -> Prompts:
        return self.page.prompts

    @property
    def election(self) -> Election:
        return self.page.session.election

    def org(self) -> str:
        return str((self.election.organization() or {}).get("name") or "")

    def task(self, label: str, fn: Callable[[Any], Any], done: Callable[[Any], None]) -> None:
        Task(self.page, label).start(fn, done, self.failed)

    def failed(self, exc: Exception, details: str = "") -> None:
        """An error box; the verifier's refusals also stay in the page's banner, each with where to correct it."""
        from app.core.resultpkg import PackageRefused
        from app.core.signing.texts import describe

        if isinstance(exc, PackageRefused):
            failures = exc.report.failures
            self.page.show_refused([describe(c) for c in failures], [c.rule for c in failures if c.rule])
        self.prompts.error(exc, details)


class SignFlow(Flows):
    """Key file and passphrase → chief scrutineer's confirmation → target → package built, written, read back."""

    exported: Exported | None = None

    def start(self) -> None:
        key_path = chosen_key_file(self.prompts, _("Choose the branch key file"))
        if not key_path:
            return
        passphrase = self.prompts.passphrase(_("Key passphrase"), _("The passphrase of {file}:").format(
            file=Path(key_path).name))
        if passphrase is None:
            return
        self.task(_("Opening the key file"), lambda _p: keys.import_pkcs12(read_input(key_path), passphrase), self.check)

    def check(self, identity: keys.Identity) -> None:
        """Before anything is recorded: the higher level's verifier on the package as it would be signed now.

        While the steps before the report are not done, marking official will refuse with their reasons: no check yet.
        """
        if not identity.self_signed and expiry_notice(identity.cert):
            self.page.show_key(identity)  # the key's box says when the certificate expires and to renew it
        e = self.election
        if not (e.election_info() or {}).get("official") and any(
                not e.gate(step).ok for step in STEPS if step != Step.REPORT):
            self.confirm(identity)
            return
        path, today = self.page.session.path, dt.date.today()

        def work(progress: Any) -> keys.Identity:
            on_file(path, lambda e: e.result_package(identity, today))(progress)  # PackageRefused: nothing kept
            return identity
        self.task(_("Checking the result package as the higher level will"), work, self.confirm)

    def pin_check(self, name: str, pin: str) -> str:
        """"" when name and PIN are the chief's, else why not (shown inside the dialog, which stays open)."""
        result = self.election.check_chief(name, pin)
        return "" if result.ok else "\n".join(r.message() for r in result.reasons)

    def confirm(self, identity: keys.Identity) -> None:
        e = self.election
        info = e.election_info() or {}
        if not e.chief_pin_is_set() and not self.first_pin():
            return  # signing needs the chief scrutineer's confirmation (the core refuses without it)
        request = ChiefRequest(_("sign the results and export the result package"), identity.organization,
                               keys.fingerprint(identity.cert), identity.self_signed, bool(info.get("official")),
                               e.chief_scrutineer() or "", True, self.pin_check)
        answer = self.prompts.chief(request)
        if answer is None:
            return
        # A wrong name or PIN ends here: the banner says which (a wrong PIN is counted), nothing is written.
        if self.page.act(e.check_chief, answer.name, answer.pin, quiet=True) is None:
            return
        self.page.refresh_gate()  # an earlier refusal no longer stands
        if e.legacy_pin() and (answer := self.new_pin(answer)) is None:
            return
        target = self.prompts.save_path(_("Save the signed result package (on the USB stick)"),
                                        package_name(self.org(), dt.date.today()), PACKAGE_FILTER)
        if target and self.record(answer, identity):
            self.build(identity, target)

    def first_pin(self) -> bool:
        """No PIN set at the meeting: the chief scrutineer chooses one now (the core says why when none is approved)."""
        e = self.election
        chief = e.chief_scrutineer()
        if chief is None:
            self.page.act(e.set_chief_pin, "")
            return False
        pin = self.prompts.new_pin(chief, False)
        return pin is not None and self.page.act(e.set_chief_pin, pin) is not None

    def new_pin(self, answer: ChiefConfirmation) -> ChiefConfirmation | None:
        """An older file kept the PIN's hash in its log: the chief chooses a new PIN, so the package's copy opens nothing."""
        e = self.election
        pin = self.prompts.new_pin(answer.name, True)
        if pin is None or self.page.act(e.set_chief_pin, pin, answer.pin) is None:
            return None
        return replace(answer, pin=pin)

    def record(self, answer: ChiefConfirmation, identity: keys.Identity) -> bool:
        """Mark the results official when asked, then record the chief scrutineer's confirmation of the signing.

        Both happen before the package is built, so its audit log holds them; the core signs only after this.
        """
        e = self.election
        if answer.mark_official and self.page.act(e.mark_official, answer.name, answer.pin) is None:
            return False
        return self.page.act(e.confirm_chief, answer.name, answer.pin, "sign_package", quiet=True,
                             signer=identity.organization, signer_fingerprint=keys.fingerprint(identity.cert),
                             self_signed=identity.self_signed) is not None

    def build(self, identity: keys.Identity, target: str) -> None:
        path, today = self.page.session.path, dt.date.today()

        def work(progress: Any) -> Exported:
            data = on_file(path, lambda e: e.signed_package(identity, today))(progress)
            written = write_file_safely(target, data)
            return Exported(written, hashlib.sha256(data).hexdigest(), identity.organization,
                            keys.fingerprint(identity.cert), identity.self_signed)
        self.task(_("Signing and writing the result package"), work, self.done)

    def done(self, exported: Exported) -> None:
        self.exported = exported
        self.page.show_exported(exported)
        self.prompts.inform(_("Result package written"), _(
            "The signed result package was written and read back intact:\n{path}\n\nSigned for {org}.\nFingerprint:\n{fp}"
            "\n\nHand the USB stick to the higher level with the signed paper result report.").format(
            path=exported.path, org=exported.signer, fp=exported.fingerprint))


class KeyFlows(Flows):
    """Create the branch key with its certificate request, accept the issued certificate, or a self-signed key."""

    def _new_key_file(self, title: str) -> tuple[str, str] | None:
        path = self.prompts.save_path(title, "branch-key.p12", KEY_FILTER)
        if not path:
            return None
        if Path(path).exists():  # losing a key cannot be undone: never overwrite one
            self.prompts.error(UserFacingError("output_exists", f"{path} exists", path=path))
            return None
        passphrase = self.prompts.passphrase(_("New key passphrase"), _(
            "Choose a passphrase for the key file. Without it the key cannot be used; keep it apart from the file."),
            new=True)
        return (path, passphrase) if passphrase else None

    def create_request(self) -> None:
        chosen = self._new_key_file(_("Where to keep the branch key file (not on the stick you hand over)"))
        if not chosen:
            return
        request = self.prompts.save_path(_("Save the certificate request for the higher level"),
                                         "branch-request.pem", PEM_FILTER)
        if not request:
            return
        org, (path, passphrase) = self.org(), chosen

        def work(_p: Any) -> keys.Identity:
            identity = keys.self_signed_branch(org, key=keys.new_key())  # signs until the issued one is imported
            write_file_safely(path, keys.export_pkcs12(identity, passphrase))
            write_file_safely(request, keys.branch_request(identity.key, org))
            return identity
        self.task(_("Creating the branch key"), work, lambda ident: self._created(ident, _(
            "Key file: {key}\nCertificate request: {request}\n\nTake the request to the higher level and import the "
            "certificate it issues. Until then this key signs as self-signed.").format(key=path, request=request)))

    def self_signed(self) -> None:
        chosen = self._new_key_file(_("Save the temporary signing key of the branch"))
        if not chosen:
            return
        org, (path, passphrase) = self.org(), chosen

        def work(_p: Any) -> keys.Identity:
            identity = keys.self_signed_branch(org)
            write_file_safely(path, keys.export_pkcs12(identity, passphrase))
            return identity
        self.task(_("Creating the branch key"), work, lambda ident: self._created(ident, _(
            "Key file: {key}\n\nThe fingerprint below is printed on the signed result report; the higher level "
            "compares it with the one it receives.").format(key=path)))

    def import_issued(self) -> None:
        """Key file, passphrase, certificate, root: each checked as soon as it is chosen, a wrong one asked again."""
        key_path = chosen_key_file(self.prompts, _("Choose the branch key file"))
        opened = self._opened(key_path) if key_path else None
        if not (key_path and opened):
            return
        current, passphrase = opened
        cert = self._chosen(_("Choose the certificate issued by the higher level"), lambda pem: self._fits_key(current, pem))
        root = cert and self._chosen(_("Choose the higher level's root certificate"),
                                     lambda pem: keys.accept_issued_cert(current.key, read_input(cert), pem))
        if not (cert and root):
            return

        def work(_p: Any) -> keys.Identity:
            identity = keys.accept_issued_cert(current.key, read_input(cert), read_input(root))
            write_file_safely(key_path, keys.export_pkcs12(identity, passphrase))  # same key, the issued certificate
            return identity
        self.task(_("Importing the certificate"), work, lambda ident: self._created(ident, _(
            "The key file {key} now signs with the certificate issued by the higher level.").format(key=key_path)))

    def renew_request(self) -> None:
        """A certificate request for the key the branch already has: the higher level issues a new certificate."""
        key_path = chosen_key_file(self.prompts, _("Choose the branch key file"))
        opened = self._opened(key_path) if key_path else None
        if not opened:
            return
        identity = opened[0]
        request = self.prompts.save_path(_("Save the renewal request for the higher level"), "branch-request.pem",
                                         PEM_FILTER)
        if not request:
            return

        def work(_p: Any) -> keys.Identity:
            write_file_safely(request, keys.branch_request(identity.key, identity.organization))
            return identity
        self.task(_("Writing the renewal request"), work, lambda ident: self._created(ident, _(
            "Renewal request: {request}\n\nTake it to the higher level and import the certificate it issues; the key "
            "file stays the same.").format(request=request)))

    def import_crl(self) -> None:
        """Keep the higher level's revocation list (brought by USB), checked against its root certificate."""
        crl_path = self.prompts.open_path(_("Choose the revocation list from the higher level"), CRL_FILTER)
        root = crl_path and self._chosen(_("Choose the higher level's root certificate"), keys.load_cert)
        if not (crl_path and root):
            return

        def work(_p: Any) -> Any:
            from app.core.signing import crlstore

            return crlstore.save(read_input(crl_path), keys.load_cert(read_input(root)))
        self.task(_("Checking the revocation list"), work, lambda result: self.prompts.inform(
            _("Revocation list"), kept_list_text(result[0]) if result[1] else _(
                "A newer revocation list is already kept; this one changes nothing.")))

    def _opened(self, key_path: str) -> tuple[keys.Identity, str] | None:
        """The key file opened with its passphrase; a wrong passphrase is said at once and asked again."""
        while True:
            passphrase = self.prompts.passphrase(_("Key passphrase"), _("The passphrase of {file}:").format(
                file=Path(key_path).name))
            if not passphrase:
                return None
            try:
                identity = keys.import_pkcs12(read_input(key_path), passphrase)
            except UserFacingError as exc:
                self.prompts.error(exc)
                continue
            return identity, passphrase

    def _chosen(self, title: str, check: Callable[[bytes], Any]) -> str | None:
        """A certificate file checked when chosen: an error names it at once and the choice is asked again."""
        while True:
            path = self.prompts.open_path(title, PEM_FILTER)
            if not path:
                return None
            try:
                check(read_input(path))
                return str(path)
            except UserFacingError as exc:
                self.prompts.error(exc)

    @staticmethod
    def _fits_key(current: keys.Identity, pem: bytes) -> None:
        if keys.load_cert(pem).public_key() != current.key.public_key():
            raise UserFacingError("cert_key_mismatch", "this certificate was issued for a different key")

    def _created(self, identity: keys.Identity, text: str) -> None:
        self.page.show_key(identity)
        self.prompts.inform(_("Branch key"), text + "\n\n" + fingerprint_text(identity))


class ReplyFlow(Flows):
    """Verify the higher level's reply against the root, the package it answers and this election file; record it.

    An approval (批复) is recorded; a return (退回) is recorded and lifts the official lock, so the branch corrects,
    marks the results official again and signs a new package.
    """

    kept_list: object = None

    def start(self) -> None:
        self.kept_list = None
        pdf = self.prompts.open_path(_("Choose the reply (批复 or 退回) PDF"), "PDF (*.pdf)")
        root = pdf and self.prompts.open_path(_("Choose the higher level's root certificate"), PEM_FILTER)
        package = root and self.prompts.open_path(_("Choose the result package this reply answers"), PACKAGE_FILTER)
        if not (pdf and root and package):
            return
        path = self.page.session.path

        def work(progress: Any) -> tuple[bool, list, Any]:
            from app.core.higher.reply import check_for_election
            hashes = on_file(path, lambda e: {x["hash"] for x in e.audit_export()})(progress)
            result = check_for_election(read_input(pdf), read_input(root), read_input(package), hashes)
            if result[0]:  # a genuine reply: the revocation list travels beside it on the same stick
                self.kept_list = keep_lists_beside(pdf, read_input(root))
            return result
        self.task(_("Checking the reply"), work, self.verdict)

    def _record(self, info: Any) -> bool:
        """Record the reply once (importing it again changes nothing); a return lifts the lock."""
        from app.core.higher.reply import RETURNED

        today = dt.date.today().isoformat()
        if info.verdict == RETURNED:
            return self.page.act(self.election.accept_return, info.number, today, info.package_sha256,
                                 info.reasons) is not None
        if info.number not in {r["doc_no"] for r in self.election.replies("results")}:
            return self.page.act(self.election.record_reply, "results", info.number, today, True,
                                 f"package sha256 {info.package_sha256}") is not None
        return True

    def verdict(self, result: tuple[bool, list, Any]) -> None:
        from app.core.higher.reply import RETURNED
        from app.core.signing.texts import describe

        ok, checks, info = result
        returned = bool(info and info.verdict == RETURNED)
        if ok and not self._record(info):
            return  # the page shows why it was not recorded
        if ok and returned:
            text = _("Genuine: return (退回) {number} from the higher level, signed under the root certificate, for this "
                     "result package. It was recorded and the results are no longer official. Correct what it asks "
                     "(corrections of counted rounds are recorded amendments), mark the results official again, then "
                     "sign and export a new package.").format(number=info.number)
            text += "\n" + "\n".join(f"{i}. {r}" for i, r in enumerate(info.reasons, 1))
        elif ok:
            text = _("Genuine: approval reply {number} from the higher level, signed under the root certificate, "
                     "answers this result package. It was recorded in the election file.").format(number=info.number)
        else:
            text = _("Not accepted:") + "\n" + "\n".join(describe(c) for c in checks if not c.ok)
        if ok and self.kept_list is not None:
            text += "\n" + kept_list_text(self.kept_list)
        self.page.show_reply(ok and not returned, text)
        self.prompts.inform(_("Reply of the higher level"), text)
