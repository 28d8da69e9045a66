"""Report page: the verifier refuses before signing; a return (退回) imported lifts the lock; re-sign and resubmit.
Also: the chief's dialog keeps a wrong PIN in the dialog, the certificate import checks each file as it is chosen."""
from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from app.core import i18n, messages
from app.core.demo import CHIEF, CHIEF_PIN
from app.core.higher.imports import import_package
from app.core.higher.overview import overview, versions
from app.core.higher.reply import make_return
from app.core.higher.workspace import Workspace
from app.core.resultpkg import PackageRefused
from app.core.signing import keys
from app.core.signing.verify import verify_package
from app.gui.dialogs.signing_dialogs import ChiefConfirmation, ChiefDialog, ChiefRequest
from tests.gui.helpers import Canned
from tests.gui.test_documents_pages import HIGHER, PASSPHRASE, branch_key_file, report_page, settle

LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture(scope="module")
def root() -> keys.Identity:
    return keys.create_root(HIGHER)


@pytest.fixture
def chinese():
    i18n.set_language("zh_CN")
    yield
    i18n.set_language("en")


def _sign(qtbot, page, key: Path, target: Path, prompts: Canned) -> None:  # noqa: ANN001
    prompts.answers.update(open=[str(key)], passphrase=[PASSPHRASE], chief=[ChiefConfirmation(CHIEF, CHIEF_PIN)],
                           save=[str(target)])
    page.package_button.click()
    settle(qtbot, lambda: prompts.infos or prompts.errors)


def test_the_verifier_refuses_before_anything_is_signed_and_says_where_to_correct(
        qtbot, tmp_path, root, chinese) -> None:  # noqa: ANN001
    key = branch_key_file(tmp_path / "keys", root)
    prompts = Canned()
    page = report_page(qtbot, tmp_path, prompts)
    e = page.session.election
    con = sqlite3.connect(page.session.path)  # behind the app's back: the secretary's post made competitive
    with con:
        con.execute("UPDATE posts SET competitive = 1 WHERE office = 'secretary'")
    con.close()
    entries = len(e.audit_entries())
    target = tmp_path / "usb" / "result.vdpkg"
    target.parent.mkdir()
    _sign(qtbot, page, key, target, prompts)
    assert len(prompts.errors) == 1 and isinstance(prompts.errors[0], PackageRefused)
    text = messages.message(prompts.errors[0].code, **prompts.errors[0].params)
    assert "应选1名，候选人只有1名，至少需要2名" in text and "“筹备”" in text and "候选人名单" in text, text
    assert not LATIN.search(text), text
    assert "应选1名，候选人只有1名" in page.banner.label.text()  # the refusal stays in the banner too
    assert not prompts.chief_requests and not list(target.parent.iterdir())  # nothing asked, recorded or written
    assert len(e.audit_entries()) == entries


def test_a_return_imported_on_the_report_page_lifts_the_lock_and_the_resubmission_is_accepted(
        qtbot, tmp_path, root, chinese) -> None:  # noqa: ANN001
    key = branch_key_file(tmp_path / "keys", root)
    branch = keys.import_pkcs12(key.read_bytes(), PASSPHRASE)
    ws = Workspace.create(tmp_path / "higher.vdhl", root.cert)
    ws.register_branch(branch.organization)
    prompts = Canned()
    page = report_page(qtbot, tmp_path, prompts)
    e = page.session.election
    assert e.election_info()["official"] and not page.official_button.isEnabled()
    first = tmp_path / "first.vdpkg"
    _sign(qtbot, page, key, first, prompts)
    assert not prompts.errors, prompts.errors
    imported = import_package(ws, first.read_bytes())
    assert imported.report.ok
    pdf = tmp_path / "return.pdf"
    pdf.write_bytes(make_return(ws, imported.package_id, root, number="测街工〔2024〕9号",
                                reasons=["第1轮计票结果报告单与选票不一致，请复核后更正"]))
    root_pem = tmp_path / "root.pem"
    root_pem.write_bytes(keys.cert_pem(root.cert))

    prompts.infos.clear()
    prompts.answers["open"] = [str(pdf), str(root_pem), str(first)]
    page.reply_flow.start()
    settle(qtbot, lambda: prompts.infos or prompts.errors)
    assert not prompts.errors, prompts.errors
    assert "退回通知 测街工〔2024〕9号" in prompts.infos[-1] and "第1轮计票结果报告单" in prompts.infos[-1]
    assert page.reply_label.isVisible() and "解除确认" in page.reply_label.text()
    assert not e.election_info()["official"] and page.official_button.isEnabled()  # the lock is lifted
    page.load()  # the return and its reasons stay on the page (as when the file is opened again)
    assert "上级已退回：测街工〔2024〕9号" in page.reply_label.text() and "第1轮计票结果报告单" in page.reply_label.text()
    assert "重新确认选举结果" in page.reply_label.text()
    recorded = e.replies("results")[-1]
    assert recorded["approved"] == 0 and json.loads(recorded["note"])["returned"] is True

    ballot = e.count_input(e.rounds()[0].id)["ballots"][0]  # the correction: a recorded amendment, recounted
    assert page.act(e.amend_ballot, ballot["id"], ballot["marks"], reason_text="按退回意见复核", approved_by=CHIEF)
    prompts.answers["chief"] = [ChiefConfirmation(CHIEF, CHIEF_PIN)]
    page.official_button.click()
    assert e.election_info()["official"] and "请签名并导出新的结果包" in page.reply_label.text()
    second = tmp_path / "second.vdpkg"
    prompts.infos.clear()
    _sign(qtbot, page, key, second, prompts)
    assert not prompts.errors, prompts.errors
    assert verify_package(second.read_bytes(), keys.cert_pem(root.cert)).ok
    again = import_package(ws, second.read_bytes())
    assert again.report.ok and again.superseded == imported.package_id
    assert [(v.reply, v.standing) for v in versions(ws, branch.organization)] == [("returned", False), ("", True)]
    assert overview(ws)[0].verdict == "accepted"


def test_a_wrong_pin_stays_in_the_chief_dialog(qtbot) -> None:  # noqa: ANN001
    tries = []

    def check(name: str, pin: str) -> str:
        tries.append(pin)
        return "" if pin == CHIEF_PIN else "The PIN is wrong"

    dialog = ChiefDialog(ChiefRequest("sign", name=CHIEF, check=check))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.pin, "0000")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.isVisible() and dialog.result() == 0  # still open, not accepted
    assert dialog.error.isVisible() and "The PIN is wrong" in dialog.error.text() and dialog.pin.text() == ""
    qtbot.keyClicks(dialog.pin, CHIEF_PIN)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not dialog.isVisible() and dialog.result() == 1 and tries == ["0000", CHIEF_PIN]
    assert dialog.value() == ChiefConfirmation(CHIEF, CHIEF_PIN)


def test_certificate_import_checks_each_file_when_it_is_chosen(qtbot, tmp_path, root) -> None:  # noqa: ANN001
    folder = tmp_path / "keys"
    folder.mkdir()
    key, request = folder / "branch-key.p12", folder / "branch-request.pem"
    prompts = Canned(save=[str(key), str(request)], passphrase=[PASSPHRASE, PASSPHRASE])
    page = report_page(qtbot, tmp_path, prompts)
    page.key_flows.create_request()
    settle(qtbot, lambda: prompts.infos)
    issued, root_pem, junk = folder / "issued.pem", folder / "root.pem", folder / "garbled.p12"
    issued.write_bytes(keys.cert_pem(keys.issue_branch_cert(root, request.read_bytes())))
    root_pem.write_bytes(keys.cert_pem(root.cert))
    junk.write_bytes(b"\x30\x82 not a key file")
    other = keys.create_root("中共另一个街道工作委员会")
    (folder / "other-root.pem").write_bytes(keys.cert_pem(other.cert))
    prompts.answers["open"] = [str(junk), str(key), str(root_pem), str(issued), str(folder / "other-root.pem"),
                               str(root_pem)]
    prompts.answers["passphrase"] = ["wrong passphrase", PASSPHRASE]
    page.key_flows.import_issued()
    settle(qtbot, lambda: len(prompts.infos) == 2 or len(prompts.errors) > 4)
    codes = [getattr(x, "code", type(x).__name__) for x in prompts.errors]
    # the garbled key file at once (before its passphrase), then the wrong passphrase, the root offered as the
    # certificate (not for this key), a foreign root: each said when chosen, and asked again
    assert codes == ["not_a_key_file", "wrong_passphrase", "cert_key_mismatch", "cert_not_from_root"], codes
    accepted = keys.import_pkcs12(key.read_bytes(), PASSPHRASE)
    assert not accepted.self_signed and keys.key_fingerprint(accepted.cert) in page.key_label.text()
