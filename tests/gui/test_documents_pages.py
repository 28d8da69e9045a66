"""Documents and signing in the GUI: preview, save, print to PDF, sign and export, keys, the approval reply."""
from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from app.core import i18n
from app.core.demo import CHIEF, CHIEF_PIN
from app.core.documents import build_documents
from app.core.signing import keys
from app.core.signing.package import AUDIT, read_package
from app.core.signing.verify import verify_package
from app.gui.dialogs.pdf_preview import PdfPreviewDialog
from app.gui.dialogs.signing_dialogs import ChiefConfirmation, ChiefDialog, ChiefRequest, PassphraseDialog
from app.gui.prompts import error_text
from app.gui.worker import wait_for_background
from tests.gui.helpers import Canned, demo_window

PASSPHRASE = "correct horse battery"
HIGHER = "中共测试街道工作委员会"


def settle(qtbot, until) -> None:  # noqa: ANN001
    """Let the worker finish and its results reach the GUI thread."""
    def ready() -> bool:
        wait_for_background(1000)
        return bool(until())
    qtbot.waitUntil(ready, timeout=30000)


def report_page(qtbot, tmp_path: Path, prompts: Canned, stop_at: str | None = None):  # noqa: ANN001, ANN201
    window = demo_window(qtbot, tmp_path, stop_at=stop_at)
    window.go_to("report")
    page = window.stack.currentWidget()
    page.prompts = prompts
    page.documents.actions.prompts = prompts
    settle(qtbot, page.documents_ready)
    return page


def expected_documents(page) -> dict[str, bytes]:  # noqa: ANN001
    return build_documents(page.session.election.db, dt.date.today())


def open_preview(qtbot, doc_list, name: str) -> PdfPreviewDialog:  # noqa: ANN001
    doc_list.select(name)
    doc_list.preview()
    def shown() -> list[PdfPreviewDialog]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, PdfPreviewDialog) and w.isVisible()]
    settle(qtbot, shown)
    dialog = shown()[0]
    settle(qtbot, dialog.done_rendering)
    return dialog


def pdf_pages(data: bytes) -> int:
    return len(pdfium.PdfDocument(data))


def test_preview_renders_every_page_of_the_result_report(qtbot, tmp_path) -> None:  # noqa: ANN001
    page = report_page(qtbot, tmp_path, Canned())
    expected = pdf_pages(expected_documents(page)["07-result-report.pdf"])
    dialog = open_preview(qtbot, page.documents, "07-result-report.pdf")
    assert dialog.page_count() == expected >= 7  # the text, four bound counting reports, the data sheet
    assert not dialog.pages[0].pixmap().isNull() and dialog.page_label.text() == f"Page 1 of {expected}"
    bar = dialog.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())  # pages are drawn as they come into view
    settle(qtbot, dialog.done_rendering)
    assert not dialog.pages[-1].pixmap().isNull() and dialog.page_label.text() == f"Page {expected} of {expected}"
    width = dialog.pages[0].width()
    dialog.step_zoom(1)
    settle(qtbot, dialog.done_rendering)
    assert dialog.pages[0].width() > width
    dialog.close()


def test_save_writes_the_bytes_of_build_documents(qtbot, tmp_path) -> None:  # noqa: ANN001
    target = tmp_path / "usb" / "result.pdf"
    target.parent.mkdir()
    prompts = Canned(save=[str(target)])
    page = report_page(qtbot, tmp_path, prompts)
    page.documents.select("07-result-report.pdf")
    page.documents.save()
    settle(qtbot, lambda: prompts.infos)
    assert target.read_bytes() == expected_documents(page)["07-result-report.pdf"]
    assert [p.name for p in target.parent.iterdir()] == ["result.pdf"]  # no temporary file left


def _to_pdf(path: Path, copies: int = 1):  # noqa: ANN202
    def setup(printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        printer.setResolution(150)  # enough to check; the default 1200 dpi would only slow the test
        printer.setCopyCount(copies)
        return True
    return setup


def test_printing_to_a_pdf_printer_gives_every_page(qtbot, tmp_path) -> None:  # noqa: ANN001
    out, twice = tmp_path / "printed.pdf", tmp_path / "printed-twice.pdf"
    prompts = Canned(printer=[_to_pdf(out), _to_pdf(twice, copies=2)])
    page = report_page(qtbot, tmp_path, prompts)
    page.documents.select("07-result-report.pdf")
    page.documents.print_()
    settle(qtbot, lambda: prompts.infos)
    pages = pdf_pages(expected_documents(page)["07-result-report.pdf"])
    assert out.stat().st_size > 10_000 and pdf_pages(out.read_bytes()) == pages
    page.documents.print_()
    settle(qtbot, lambda: len(prompts.infos) == 2)
    assert pdf_pages(twice.read_bytes()) == 2 * pages  # a PDF printer cannot make copies itself: the pages are repeated
    assert not prompts.errors


def test_ballots_page_lists_each_design_with_its_copies_and_previews_it(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = demo_window(qtbot, tmp_path, stop_at=None)
    window.go_to("ballots")
    page = window.stack.currentWidget()
    rows = {r.file_name: r for r in page.papers.rows}
    assert rows["05-ballot-1.pdf"].detail == "40 copies = 36 present + 4 spare"
    assert {"04-signin.pdf", "03-candidates.pdf"} <= set(rows)
    dialog = open_preview(qtbot, page.papers, "05-ballot-1.pdf")
    built = build_documents(page.session.election.db, dt.date.today())
    assert dialog.page_count() == pdf_pages(built["05-ballot-1.pdf"])
    dialog.close()


# ---- signing ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def root() -> keys.Identity:
    return keys.create_root(HIGHER)


def branch_key_file(folder: Path, root: keys.Identity, org: str = "中共青石社区支部委员会") -> Path:
    key = keys.new_key()
    identity = keys.Identity(key, keys.issue_branch_cert(root, keys.branch_request(key, org)), (root.cert,))
    folder.mkdir(exist_ok=True)
    path = folder / "branch.p12"
    path.write_bytes(keys.export_pkcs12(identity, PASSPHRASE))
    return path


def test_sign_and_export_writes_a_package_the_verifier_accepts(qtbot, tmp_path, root) -> None:  # noqa: ANN001
    key = branch_key_file(tmp_path / "keys", root)
    target = tmp_path / "usb" / "result.vdpkg"
    target.parent.mkdir()
    prompts = Canned(open=[str(key)], passphrase=[PASSPHRASE], chief=[ChiefConfirmation(CHIEF, CHIEF_PIN)],
                     save=[str(target)])
    page = report_page(qtbot, tmp_path, prompts)
    page.package_button.click()
    settle(qtbot, lambda: prompts.infos or prompts.errors)
    assert not prompts.errors, [error_text(e) for e in prompts.errors]
    report = verify_package(target.read_bytes(), keys.cert_pem(root.cert))
    assert report.ok, [c for c in report.checks if not c.ok]
    fingerprint = keys.fingerprint(keys.import_pkcs12(key.read_bytes(), PASSPHRASE).cert)
    assert prompts.chief_requests[0].fingerprint == fingerprint and not prompts.chief_requests[0].self_signed
    assert fingerprint in page.package_label.text() and str(target) in prompts.infos[0]
    assert hashlib.sha256(target.read_bytes()).hexdigest() in page.package_label.text()
    request = prompts.chief_requests[0]
    assert request.pin and request.name == CHIEF  # the PIN is asked, the appointed chief prefilled
    # The confirmation was recorded before the package was built, so the package's own audit log holds it.
    confirmed = [e for e in package_audit(target) if e["event"] == "chief_confirmed"]
    assert [e["params"]["purpose"] for e in confirmed] == ["sign_package"]
    assert confirmed[0]["params"]["name"] == CHIEF and confirmed[0]["params"]["signer_fingerprint"] == fingerprint
    assert not [e for e in package_audit(target) if CHIEF_PIN in map(str, e["params"].values())]  # never the PIN
    assert page.session.election.verify_audit().ok


def package_audit(path: Path) -> list[dict]:
    """The audit entries a package carries."""
    return json.loads(read_package(path.read_bytes())[AUDIT])["entries"]


@pytest.mark.parametrize("name,pin,code", [(CHIEF, "0000", "chief_pin_wrong"), ("吴敏", CHIEF_PIN, "chief_name_mismatch")])
def test_a_wrong_chief_pin_or_name_is_refused_before_anything_is_written(
        qtbot, tmp_path, root, name, pin, code) -> None:  # noqa: ANN001
    key = branch_key_file(tmp_path / "keys", root)
    usb = tmp_path / "usb"
    usb.mkdir()
    prompts = Canned(open=[str(key)], passphrase=[PASSPHRASE], chief=[ChiefConfirmation(name, pin)],
                     save=[str(usb / "result.vdpkg")])
    page = report_page(qtbot, tmp_path, prompts)
    e = page.session.election
    entries = len(e.audit_entries())
    i18n.set_language("zh_CN")
    page.package_button.click()
    settle(qtbot, lambda: prompts.chief_requests)
    wait_for_background()
    why = e.check_chief(name, pin).reasons[0]
    assert why.code == code
    sentence = why.message()  # the core's reason in Chinese, with its rule
    i18n.set_language("en")
    assert sentence != why.message() and sentence.endswith("（选举工作通行做法）")
    i18n.set_language("zh_CN")
    assert sentence in page.banner.label.text()
    assert i18n._("The action was refused:") in page.banner.label.text()
    assert prompts.answers["save"] and not list(usb.iterdir()) and not prompts.infos and not prompts.errors
    # Nothing recorded but the wrong PINs themselves (counted in the file, issue 12): no chief_confirmed entry.
    assert {x.event for x in e.audit_entries()[entries:]} <= {"chief_pin_refused"}
    assert not any(x.event == "chief_confirmed" for x in e.audit_entries())


def test_a_wrong_passphrase_shows_the_translated_error_and_writes_nothing(qtbot, tmp_path, root) -> None:  # noqa: ANN001
    key = branch_key_file(tmp_path / "keys", root)
    usb = tmp_path / "usb"
    usb.mkdir()
    prompts = Canned(open=[str(key)], passphrase=["not the passphrase"])
    page = report_page(qtbot, tmp_path, prompts)
    i18n.set_language("zh_CN")
    page.package_button.click()
    settle(qtbot, lambda: prompts.errors)
    assert [e.code for e in prompts.errors] == ["wrong_passphrase"]
    sentence = i18n._("Wrong passphrase for this key file")
    assert sentence != "Wrong passphrase for this key file" and error_text(prompts.errors[0]).startswith(sentence)
    assert not prompts.chief_requests and not list(usb.iterdir())


def _refuse_writes_in(folder: Path, monkeypatch) -> None:  # noqa: ANN001
    """Root ignores permission bits, so the kernel's answer for a read-only folder is given by hand there."""
    folder.chmod(0o555)
    if os.geteuid() != 0:
        return
    real_open = os.open

    def guarded(path, flags, *args, **kwargs):  # noqa: ANN001, ANN202
        if Path(path).parent == folder and flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)
    monkeypatch.setattr(os, "open", guarded)


def test_a_read_only_stick_shows_the_media_error_and_leaves_no_file(qtbot, tmp_path, root, monkeypatch) -> None:  # noqa: ANN001
    key = branch_key_file(tmp_path / "keys", root)
    usb = tmp_path / "usb"
    usb.mkdir()
    prompts = Canned(open=[str(key)], passphrase=[PASSPHRASE], chief=[ChiefConfirmation(CHIEF, CHIEF_PIN)],
                     save=[str(usb / "result.vdpkg")])
    page = report_page(qtbot, tmp_path, prompts)
    _refuse_writes_in(usb, monkeypatch)
    try:
        page.package_button.click()
        settle(qtbot, lambda: prompts.errors or prompts.infos)
    finally:
        usb.chmod(0o755)
    assert [e.code for e in prompts.errors] == ["media_read_only"]
    assert "write-protect" in error_text(prompts.errors[0])  # says what to do
    assert not list(usb.iterdir()) and not prompts.infos


def test_before_official_results_the_chief_may_mark_them_official_and_a_refusal_writes_nothing(
        qtbot, tmp_path, root) -> None:  # noqa: ANN001
    key = branch_key_file(tmp_path / "keys", root)
    target = tmp_path / "result.vdpkg"
    prompts = Canned(open=[str(key)], passphrase=[PASSPHRASE], chief=[ChiefConfirmation(CHIEF, CHIEF_PIN, True)],
                     save=[str(target)])
    page = report_page(qtbot, tmp_path, prompts, stop_at="counting")
    page.package_button.click()
    settle(qtbot, lambda: prompts.chief_requests)
    wait_for_background()
    assert not prompts.chief_requests[0].official  # the dialog offered to mark the results official
    assert not target.exists() and not page.session.election.election_info()["official"]
    assert "refused" in page.banner.label.text()  # the counting is not finished: the gates say why
    assert not any(x.event == "chief_confirmed" for x in page.session.election.audit_entries())


def test_key_management_creates_a_request_accepts_the_issued_certificate_and_signs(qtbot, tmp_path, root) -> None:  # noqa: ANN001
    folder = tmp_path / "keys"
    folder.mkdir()
    key, request = folder / "branch-key.p12", folder / "branch-request.pem"
    prompts = Canned(save=[str(key), str(request)], passphrase=[PASSPHRASE, PASSPHRASE])
    page = report_page(qtbot, tmp_path, prompts)
    page.key_flows.create_request()
    settle(qtbot, lambda: prompts.infos)
    first = keys.import_pkcs12(key.read_bytes(), PASSPHRASE)
    assert first.self_signed and keys.fingerprint(first.cert) in page.key_label.text()
    issued, root_pem = folder / "issued.pem", folder / "root.pem"
    issued.write_bytes(keys.cert_pem(keys.issue_branch_cert(root, request.read_bytes())))
    root_pem.write_bytes(keys.cert_pem(root.cert))
    prompts.answers["open"] = [str(key), str(issued), str(root_pem)]
    page.key_flows.import_issued()
    settle(qtbot, lambda: len(prompts.infos) == 2)
    accepted = keys.import_pkcs12(key.read_bytes(), PASSPHRASE)
    assert not accepted.self_signed and accepted.key.private_numbers() == first.key.private_numbers()
    prompts.answers["save"] = [str(key)]
    page.key_flows.self_signed()  # never overwrites a key file
    assert [e.code for e in prompts.errors] == ["output_exists"]


def _reply(root: keys.Identity, package: bytes, number: str) -> bytes:
    from app.core.higher.reply import reply_pdf
    from app.core.signing.pdfsign import sign_pdf

    sha = hashlib.sha256(package).hexdigest()
    when = dt.datetime.now(dt.timezone.utc)
    pdf = reply_pdf(higher=HIGHER, branch="中共青石社区支部委员会", number=number, body="同意。", sha=sha, when=when)
    return sign_pdf(pdf, keys.issue_office_identity(root), when=when, reason="批复")


def test_an_approval_reply_is_verified_against_the_package_and_recorded(qtbot, tmp_path, root) -> None:  # noqa: ANN001
    from app.core.resultpkg import election_package

    prompts = Canned()
    page = report_page(qtbot, tmp_path, prompts)
    identity = keys.import_pkcs12(branch_key_file(tmp_path / "keys", root).read_bytes(), PASSPHRASE)
    package = tmp_path / "result.vdpkg"
    package.write_bytes(election_package(page.session.election.db, identity, dt.date.today()))
    other = tmp_path / "other.vdpkg"
    other.write_bytes(package.read_bytes() + b"x")
    reply, root_pem = tmp_path / "reply.pdf", tmp_path / "root.pem"
    reply.write_bytes(_reply(root, package.read_bytes(), "测街工委〔2024〕30号"))
    root_pem.write_bytes(keys.cert_pem(root.cert))
    prompts.answers["open"] = [str(reply), str(root_pem), str(other), str(reply), str(root_pem), str(package)]
    page.reply_flow.start()
    settle(qtbot, lambda: prompts.infos)
    assert prompts.infos[0].startswith("Not accepted") and not page.session.election.replies("results")
    page.reply_flow.start()
    settle(qtbot, lambda: len(prompts.infos) == 2)
    assert prompts.infos[1].startswith("Genuine"), prompts.infos[1]
    assert [r["doc_no"] for r in page.session.election.replies("results")] == ["测街工委〔2024〕30号"]


# ---- the dialogs on their own ----------------------------------------------------------------
def test_passphrase_dialog_needs_the_same_long_passphrase_twice(qtbot) -> None:  # noqa: ANN001
    dialog = PassphraseDialog("t", "x", new=True)
    qtbot.addWidget(dialog)
    dialog.first.setText("short")
    assert dialog.value() is None
    dialog.first.setText(PASSPHRASE)
    dialog.second.setText(PASSPHRASE + "!")
    assert dialog.value() is None and "twice" in dialog.hint.text()
    dialog.second.setText(PASSPHRASE)
    assert dialog.value() == PASSPHRASE


def test_chief_dialog_needs_name_and_pin(qtbot) -> None:  # noqa: ANN001
    dialog = ChiefDialog(ChiefRequest("sign", "org", "AB CD", official=False, name="赵敏"))
    qtbot.addWidget(dialog)
    assert dialog.value() is None  # no PIN yet
    dialog.pin.setText("12")
    assert dialog.value() is None
    dialog.pin.setText("1234")
    assert dialog.value() == ChiefConfirmation("赵敏", "1234", True)
    dialog.name.setText("  ")
    assert dialog.value() is None


def test_preview_keys_save_print_and_close(qtbot, tmp_path) -> None:  # noqa: ANN001
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeySequence

    target, printed = tmp_path / "saved.pdf", tmp_path / "printed.pdf"
    prompts = Canned(save=[str(target)], printer=[_to_pdf(printed)])
    page = report_page(qtbot, tmp_path, prompts)
    dialog = open_preview(qtbot, page.documents, "06-counting-reports.pdf")
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keySequence(dialog, QKeySequence.StandardKey.Save)
    settle(qtbot, lambda: prompts.infos)
    assert target.read_bytes() == expected_documents(page)["06-counting-reports.pdf"]
    qtbot.keySequence(dialog, QKeySequence.StandardKey.Print)
    settle(qtbot, lambda: len(prompts.infos) == 2)
    assert pdf_pages(printed.read_bytes()) == dialog.page_count()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_print_order_follows_the_chosen_pages_and_copies(qtbot) -> None:  # noqa: ANN001
    from app.gui.pdfview import page_order

    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # no copies by the system: we repeat the pages
    printer.setFromTo(2, 3)
    printer.setCopyCount(2)
    printer.setCollateCopies(True)
    assert page_order(printer, 5) == [1, 2, 1, 2]
    printer.setCollateCopies(False)
    assert page_order(printer, 5) == [1, 1, 2, 2]
    printer.setFromTo(0, 0)
    printer.setCopyCount(1)
    assert page_order(printer, 3) == [0, 1, 2]


def test_every_new_message_has_a_chinese_translation_with_the_same_fields() -> None:
    """Every message of the document and signing pages, in zh_CN.po with the same {fields}."""
    import string

    from babel.messages.extract import extract_from_file
    from babel.messages.pofile import read_po

    repo = Path(__file__).resolve().parents[2]
    files = ["app/gui/pdfview.py", "app/gui/dialogs/pdf_preview.py", "app/gui/dialogs/signing_dialogs.py",
             "app/gui/prompts.py", "app/gui/doc_actions.py", "app/gui/signing_flows.py",
             "app/gui/pages/report_page.py", "app/gui/pages/ballots_page.py", "app/gui/pages/method_page.py"]
    keywords = {"_": None, "N_": None}
    msgids = {m for f in files for _l, m, _c, _x in extract_from_file("python", str(repo / f), keywords=keywords)}
    with (repo / "resources/translations/zh_CN.po").open("rb") as fh:
        translated = {m.id: m.string for m in read_po(fh) if m.id and m.string and not m.fuzzy}

    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    assert not [m for m in msgids if m not in translated]
    assert not [m for m in msgids if fields(m) != fields(translated[m])]
