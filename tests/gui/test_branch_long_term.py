"""Report page: the branch keeps the higher level's revocation list (imported, or beside the reply) and signs B-LT."""
from __future__ import annotations

import pytest

from app.core.higher.imports import import_package
from app.core.higher.reply import make_reply
from app.core.higher.revocation import publish_crl
from app.core.higher.workspace import Workspace
from app.core.signing import keys
from app.core.signing.verify import verify_package
from tests.gui.helpers import Canned
from tests.gui.test_documents_pages import HIGHER, PASSPHRASE, branch_key_file, report_page, settle
from tests.gui.test_return_and_presign import _sign


@pytest.fixture(scope="module")
def root() -> keys.Identity:
    return keys.create_root(HIGHER)


def test_the_branch_keeps_the_list_and_its_next_report_carries_it(qtbot, tmp_path, root) -> None:  # noqa: ANN001
    key = branch_key_file(tmp_path / "keys", root)
    branch = keys.import_pkcs12(key.read_bytes(), PASSPHRASE)
    ws = Workspace.create(tmp_path / "higher.vdhl", root.cert)
    ws.register_branch(branch.organization)
    usb = tmp_path / "usb"
    usb.mkdir()
    (usb / "root.pem").write_bytes(keys.cert_pem(root.cert))
    (usb / "first.crl").write_bytes(publish_crl(ws, root))
    prompts = Canned()
    page = report_page(qtbot, tmp_path, prompts)

    # imported on its own: checked against the root certificate, kept for signing
    prompts.answers["open"] = [str(usb / "first.crl"), str(usb / "root.pem")]
    page.key_flows.import_crl()
    settle(qtbot, lambda: prompts.infos or prompts.errors)
    assert not prompts.errors, prompts.errors
    assert "Revocation list number 1" in prompts.infos[-1]
    first = usb / "first.vdpkg"
    prompts.infos.clear()
    _sign(qtbot, page, key, first, prompts)
    assert not prompts.errors, prompts.errors
    report = verify_package(first.read_bytes(), keys.cert_pem(root.cert))
    assert report.ok and report.level == "B-LT" and report.crl_number == 1

    # with the approval reply: a newer list beside it on the stick is kept as well
    imported = import_package(ws, first.read_bytes())
    (usb / "reply.pdf").write_bytes(make_reply(ws, imported.package_id, root, number="测街工〔2024〕10号"))
    (usb / "second.crl").write_bytes(publish_crl(ws, root))
    prompts.infos.clear()
    prompts.answers["open"] = [str(usb / "reply.pdf"), str(usb / "root.pem"), str(first)]
    page.reply_flow.start()
    settle(qtbot, lambda: prompts.infos or prompts.errors)
    assert not prompts.errors, prompts.errors
    assert "Revocation list number 2" in prompts.infos[-1] and "Revocation list number 2" in page.reply_label.text()

    # an older list changes nothing
    prompts.infos.clear()
    prompts.answers["open"] = [str(usb / "first.crl"), str(usb / "root.pem")]
    page.key_flows.import_crl()
    settle(qtbot, lambda: prompts.infos or prompts.errors)
    assert "already kept" in prompts.infos[-1]



def test_a_renewal_request_is_for_the_same_key(qtbot, tmp_path, root) -> None:  # noqa: ANN001
    key = branch_key_file(tmp_path / "keys", root)
    branch = keys.import_pkcs12(key.read_bytes(), PASSPHRASE)
    prompts = Canned()
    page = report_page(qtbot, tmp_path, prompts)
    request = tmp_path / "renewal.pem"
    prompts.answers.update(open=[str(key)], passphrase=[PASSPHRASE], save=[str(request)])
    page.key_flows.renew_request()
    settle(qtbot, lambda: prompts.infos or prompts.errors)
    assert not prompts.errors, prompts.errors
    assert keys.public_key_id(keys.load_request(request.read_bytes())) == keys.public_key_id(branch.cert)
    renewed = keys.issue_branch_cert(root, request.read_bytes())
    assert keys.accept_issued_cert(branch.key, keys.cert_pem(renewed), keys.cert_pem(root.cert)).cert == renewed
