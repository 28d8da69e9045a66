"""Screenshots of the ballots and report pages, the PDF preview, the signing and PIN dialogs, in Chinese (docs/screenshots/14-17*)."""
from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "screenshots"
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
PASSPHRASE = "screenshot passphrase"


def _app() -> Any:
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    from app.gui.application import create_application

    return create_application("zh_CN")


def _settle(seconds: float = 0.5) -> None:
    from PySide6.QtWidgets import QApplication

    from app.gui.worker import wait_for_background

    end = time.time() + seconds
    while time.time() < end:
        wait_for_background(2000)
        QApplication.processEvents()
        time.sleep(0.02)


def _save(widget: Any, name: str) -> None:
    _settle(0.2)
    widget.grab().save(str(OUT / f"{name}.png"))
    print(OUT / f"{name}.png")


def _window(tmp: Path) -> Any:
    from app.core.demo import create_demo
    from app.gui.main_window import MainWindow

    path = tmp / "demo.votedesk"
    create_demo(path)
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    window.open_file(str(path))
    return window


def _preview(doc_list: Any, name: str) -> Any:
    from PySide6.QtWidgets import QApplication

    from app.gui.dialogs.pdf_preview import PdfPreviewDialog

    doc_list.select(name)
    doc_list.preview()
    _settle(1.5)
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, PdfPreviewDialog) and w.isVisible())


def ballots(window: Any) -> None:
    window.go_to("ballots")
    page = window.stack.currentWidget()
    _save(window, "14-ballots-papers")
    dialog = _preview(page.papers, "05-ballot-1.pdf")
    _save(dialog, "14b-ballots-preview")
    dialog.close()


def report(window: Any) -> Any:
    window.go_to("report")
    _settle(2)
    page = window.stack.currentWidget()
    _save(window, "15-report")
    dialog = _preview(page.documents, "07-result-report.pdf")
    dialog.zoom.setCurrentIndex(1)  # 75 %: two pages in view
    _settle(1.5)
    _save(dialog, "15b-report-preview")
    dialog.close()
    return page


def dialogs() -> None:
    from app.core.demo import CHIEF, CHIEF_PIN
    from app.gui.dialogs.signing_dialogs import ChiefDialog, ChiefPinDialog, ChiefRequest, PassphraseDialog

    chief = ChiefDialog(ChiefRequest("对选举结果签名并导出结果包", "中共青石社区支部委员会",
                                     "3F2A 91C0 5B7E 0D44 A1F9 22C3 6E08 B7D5\n9C1E 4A70 D3B2 58F6 0E91 7C2D A4B8 1F63",
                                     False, False, CHIEF))
    chief.pin.setText(CHIEF_PIN)
    chief.show()
    _save(chief, "16-sign-chief-confirm")
    chief.close()
    new = PassphraseDialog("新密钥的口令", "请为密钥文件设置口令。没有口令就无法使用密钥；口令与密钥文件须分开保管。", new=True)
    new.first.setText(PASSPHRASE)
    new.second.setText("screenshot")
    new.show()
    _save(new, "16b-sign-new-passphrase")
    new.close()
    pin = ChiefPinDialog(CHIEF, replaces=False)
    pin.first.setText("135790")
    pin.second.setText("1357")
    pin.show()
    _save(pin, "16d-chief-set-pin")
    pin.close()


class _Canned:
    """Answers for the flows (the real file dialogs cannot be driven offscreen)."""

    def __init__(self, page: Any, **answers: Any) -> None:
        self.page, self.answers = page, {k: list(v) for k, v in answers.items()}

    def __getattr__(self, kind: str) -> Any:
        if kind in ("inform", "error"):
            return lambda *a, **k: None
        return lambda *a, **k: self.answers[kind].pop(0)


def signing(page: Any, tmp: Path) -> None:
    from app.core.demo import CHIEF, CHIEF_PIN
    from app.core.signing import keys
    from app.gui.dialogs.signing_dialogs import ChiefConfirmation

    root = keys.create_root("中共青石街道工作委员会")
    key = keys.new_key()
    identity = keys.Identity(key, keys.issue_branch_cert(root, keys.branch_request(key, "中共青石社区支部委员会")), (root.cert,))
    (tmp / "branch.p12").write_bytes(keys.export_pkcs12(identity, PASSPHRASE))
    (tmp / "usb").mkdir()
    page.prompts = _Canned(page, open_path=[str(tmp / "branch.p12")], passphrase=[PASSPHRASE],
                           chief=[ChiefConfirmation(CHIEF, CHIEF_PIN)], save_path=[str(tmp / "usb" / "青石社区支部-结果包.vdpkg")])
    page.package_button.click()
    _settle(3)
    page.show_key(identity)
    page.body.resize(page.body.sizeHint())
    _save(page.body, "16c-report-after-export")
    _reply(page, tmp, root)


def _reply(page: Any, tmp: Path, root: Any) -> None:
    from app.core.higher.reply import reply_pdf
    from app.core.signing import keys
    from app.core.signing.pdfsign import sign_pdf

    package = next((tmp / "usb").iterdir()).read_bytes()
    import hashlib

    when = dt.datetime.now(dt.timezone.utc)
    pdf = reply_pdf(higher="中共青石街道工作委员会", branch="中共青石社区支部委员会", number="青石街工委〔2024〕30号",
                    body="同意选举结果。", sha=hashlib.sha256(package).hexdigest(), when=when)
    (tmp / "reply.pdf").write_bytes(sign_pdf(pdf, keys.issue_office_identity(root), when=when))
    (tmp / "root.pem").write_bytes(keys.cert_pem(root.cert))
    page.prompts = _Canned(page, open_path=[str(tmp / "reply.pdf"), str(tmp / "root.pem"), str(next((tmp / "usb").iterdir()))])
    page.reply_flow.start()
    _settle(2)
    page.body.resize(page.body.sizeHint())
    _save(page.reply_label.parentWidget(), "17-reply-verdict")


def media_error(page: Any) -> None:
    from PySide6.QtWidgets import QMessageBox

    from app.core.errors import UserFacingError
    from app.gui.prompts import Prompts

    def grab(box: QMessageBox) -> int:
        box.show()
        _save(box, "17b-media-error")
        box.close()
        return 0
    QMessageBox.exec = grab  # the box is built exactly as in the app; only its modal loop is skipped
    Prompts(page).error(UserFacingError("media_read_only", "read-only", path="/media/usb"))


def main() -> int:
    app = _app()
    tmp = Path(tempfile.mkdtemp())
    window = _window(tmp)
    ballots(window)
    page = report(window)
    dialogs()
    signing(page, tmp)
    media_error(page)
    window.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
