"""The higher-level window's key lifecycle: revoke a branch certificate, save the list, the time-stamping key, timestamp."""
from __future__ import annotations

import datetime as dt
import time

from app.core.higher import archive, revocation
from app.core.higher.imports import import_package
from app.core.higher.workspace import Workspace
from app.core.signing import crl, keys
from app.core.signing.verify import verify_package
from app.gui.higher.dialogs import RootKeyValues
from app.gui.higher.longterm import RevokeDialog, expiry_text

from .test_higher_window import ONE, PASS, FakePrompts, branch_identity, headless_workspace, package_for, wait
from .test_higher_window import window  # noqa: F401 - the fixture


def test_revoke_list_time_stamping_key_and_archive_timestamps(qtbot, window, tmp_path):  # noqa: ANN001, F811
    prompts: FakePrompts = window.prompts
    root, key_file, path = headless_workspace(tmp_path)
    branch = branch_identity(path, root, ONE)
    first = import_package(Workspace.open(path), package_for(branch, when=dt.datetime.now(dt.timezone.utc)))
    assert first.report.ok
    assert window.open_workspace(str(path))

    # the time-stamping key, made with the root key, saved with the root key's passphrase
    prompts.dialogs.append(RootKeyValues(str(key_file), PASS))
    prompts.paths.append(str(tmp_path / "tsa.p12"))
    window.workspace_menu.actions()  # the actions exist in the menu
    from app.gui.higher import longterm

    longterm.issue_timestamp_key(window)
    wait(qtbot, window)
    assert not prompts.errors, prompts.errors
    stamp_key = keys.import_pkcs12((tmp_path / "tsa.p12").read_bytes(), PASS)
    assert keys.is_tsa_cert(stamp_key.cert) and keys.issued_by(stamp_key.cert, root.cert)

    # timestamp the archive: the package on record gets its first timestamp
    prompts.dialogs.append(RootKeyValues(str(tmp_path / "tsa.p12"), PASS))
    longterm.timestamp_archive(window)
    wait(qtbot, window)
    assert not prompts.errors, prompts.errors
    assert prompts.infos[-1][1].startswith("1 package(s) timestamped.")
    ws = Workspace.open(path)
    assert archive.record(ws, first.package_id).stamps == 1

    # revoke ONE's certificate (lost key): the list is saved, the branch list says revoked
    time.sleep(1.1)  # times are kept to the second: the revocation comes after the timestamp
    window.branches_view.table.selectRow(0)
    prompts.dialogs.append(RootKeyValues(str(key_file), PASS))
    prompts.paths.append(str(tmp_path / "revocation.crl"))
    longterm.revoke_selected(window)
    wait(qtbot, window)
    assert not prompts.errors, prompts.errors
    listed = crl.load_crl((tmp_path / "revocation.crl").read_bytes(), root.cert)
    assert listed.revocation(branch.cert) is not None and listed.revocation(branch.cert).reason == "key_compromise"
    assert "(revoked)" in window.branches_view.table.item(0, 4).text()
    assert [r.branch for r in revocation.revocations(ws)] == [ONE]
    kept = verify_package(archive.archive_copy(ws, first.package_id), ws.trust, crl=listed)
    assert kept.ok and kept.level == "B-LTA"  # timestamped before the revocation: it stays valid


def test_revoke_dialog_offers_the_reasons_and_the_list_says_when_to_renew(qtbot, tmp_path):  # noqa: ANN001
    dialog = RevokeDialog("x", RootKeyValues(str(tmp_path / "root.p12"), PASS))
    qtbot.addWidget(dialog)
    codes = [dialog.reason.itemData(i) for i in range(dialog.reason.count())]
    assert codes == list(crl.REASONS) and dialog.reason_code() == "key_compromise"
    dialog.reason.setCurrentIndex(1)
    assert dialog.reason_code() == "affiliation_changed"
    root = keys.create_root("上级")
    key = keys.new_key()
    soon = keys.issue_branch_cert(root, keys.branch_request(key, ONE), days=30)
    later = keys.issue_branch_cert(root, keys.branch_request(key, ONE))
    assert "renew" in expiry_text(keys.cert_pem(soon).decode(), False)
    assert expiry_text(keys.cert_pem(later).decode(), False) == ""
    assert expiry_text(keys.cert_pem(later).decode(), True) == "revoked"
