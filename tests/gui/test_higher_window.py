"""The higher-level workspace window driven like a user: create, register, issue, import, overview, export, reply."""
from __future__ import annotations

import copy
import datetime as dt
import os
import random
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.core.citations import citation
from app.core.errors import UserFacingError
from app.core.higher.overview import overview, to_csv, to_xlsx
from app.core.higher.reply import verify_reply
from app.core.higher.workspace import Workspace
from app.core.signing import keys
from tests.fixtures import signing_demo as demo
from app.core.signing.package import RoundRecord, build_package
from app.gui.higher.dialogs import (
    CreateValues, CreateWorkspaceDialog, ReplyDialog, ReplyValues, RootKeyDialog, RootKeyValues,
)
from app.gui.higher.window import HigherWindow

REPO = Path(__file__).resolve().parents[2]
PO = REPO / "resources" / "translations" / "zh_CN.po"
T0 = dt.datetime(2025, 6, 18, 10, 0, tzinfo=dt.timezone.utc)
ONE, TWO = "中共示范区机关第一支部委员会", "中共示范区机关第二支部委员会"
HIGHER = demo.ROOT_ORG
PASS = "正确的口令 horse"


class FakePrompts:
    """Canned answers in order; records what the window told the user."""

    def __init__(self) -> None:
        self.paths: list[object] = []  # answers to open_path / open_paths / open_folder / save_path, in order
        self.dialogs: list[object] = []  # values dataclasses filled into the dialogs, in order
        self.confirms: list[bool] = []
        self.errors: list[BaseException] = []
        self.infos: list[tuple[str, str]] = []
        self.shown: list[object] = []
        self.previews: list[tuple[bytes, str, str]] = []

    def _next(self) -> object:
        return self.paths.pop(0)

    open_path = open_paths = save_path = lambda self, *a: self._next()  # noqa: E731
    open_folder = lambda self, *a: self._next()  # noqa: E731

    def dialog(self, dialog):  # noqa: ANN001, ANN201
        dialog.set_values(self.dialogs.pop(0))
        self.shown.append(dialog)
        return dialog.value()

    def confirm(self, title: str, text: str) -> bool:
        return self.confirms.pop(0) if self.confirms else True

    def inform(self, title: str, text: str) -> None:
        self.infos.append((title, text))

    def error(self, exc: BaseException, details: str = "") -> None:
        self.errors.append(exc)

    def preview_pdf(self, data: bytes, title: str, saved: str) -> None:
        self.previews.append((data, title, saved))


def package_for(identity: keys.Identity, *, when: dt.datetime = T0, rounds: list[RoundRecord] | None = None) -> bytes:
    rounds = rounds or demo.rounds()
    election = {**demo.summary(rounds), "organization": identity.organization}
    return build_package(identity=identity, election=election, rounds=rounds, audit=demo.audit_entries(),
                         pdfs=[("result-report.pdf", demo.report_pdf(rounds))], when=when, rng=random.Random(3))


def rule_breaking(identity: keys.Identity) -> bytes:
    """A correctly signed package whose claim elects someone with 18 of 46 votes (R9.1)."""
    rec = demo.rounds()[1]
    claimed = copy.deepcopy(rec.claimed)
    claimed["elected"] = ["刘芳"]
    return package_for(identity, rounds=[RoundRecord("r1", rec.title, rec.count_input, claimed)])


@pytest.fixture
def window(qtbot):  # noqa: ANN001, ANN201
    w = HigherWindow()
    w.prompts = FakePrompts()
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    w.show_start()
    return w


def wait(qtbot, window: HigherWindow) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: window.busy == 0, timeout=60000)


def headless_workspace(folder: Path) -> tuple[keys.Identity, Path, Path]:
    """A root, its key file and a workspace made without the window."""
    root = keys.create_root(HIGHER)
    (folder / "root.p12").write_bytes(keys.export_pkcs12(root, PASS))
    Workspace.create(folder / "ws.vdhl", root.cert).db.conn.close()
    return root, folder / "root.p12", folder / "ws.vdhl"


def branch_identity(ws_path: Path, root: keys.Identity, name: str) -> keys.Identity:
    ws = Workspace.open(ws_path)
    ws.register_branch(name)
    key = keys.new_key()
    return keys.accept_issued_cert(key, ws.issue_certificate(root, keys.branch_request(key, name)), keys.cert_pem(root.cert))


def test_whole_higher_level_flow(qtbot, window, tmp_path):  # noqa: ANN001
    prompts: FakePrompts = window.prompts
    stick = tmp_path / "usb"
    stick.mkdir()

    # create the workspace: root key (.p12), root.pem for the branches, the workspace file
    created = CreateValues(HIGHER, str(tmp_path / "higher"), str(stick / "root.p12"), str(tmp_path / "root.pem"), PASS)
    prompts.dialogs.append(created)
    window.create_workspace()
    wait(qtbot, window)
    assert window.workspace is not None and window.path.endswith("higher.vdhl")  # suffix added
    assert window.workspace.organization == HIGHER and window.tabs.currentWidget() is window.branches_view
    assert "Root certificate fingerprint" in prompts.infos[-1][1]
    root_pem = (tmp_path / "root.pem").read_bytes()
    root = keys.import_pkcs12((stick / "root.p12").read_bytes(), PASS)
    assert keys.cert_pem(root.cert) == root_pem

    # register the first branch by typing its name; the second is registered from its request
    view = window.branches_view
    view.name.setText(ONE)
    qtbot.keyClick(view.name, Qt.Key.Key_Return)
    assert view.names() == [ONE]
    identities = {}
    for name in (ONE, TWO):
        key = keys.new_key()
        request = tmp_path / f"{name}-request.pem"
        request.write_bytes(keys.branch_request(key, name))
        cert = stick / f"{name}.cert.pem"
        prompts.paths += [str(request), str(cert)]
        prompts.dialogs.append(RootKeyValues(str(stick / "root.p12"), PASS))
        prompts.confirms.append(True)  # TWO: "not registered: register it and issue?"
        view.issue_from_request()
        wait(qtbot, window)
        assert not prompts.errors, prompts.errors
        identities[name] = keys.accept_issued_cert(key, cert.read_bytes(), root_pem)
    assert view.names() == [ONE, TWO]
    assert view.table.item(0, 1).text() == "Issued here" and view.table.item(1, 2).text()
    view.table.selectRow(1)
    assert keys.fingerprint(identities[TWO].cert) in view.fingerprint.text()

    # import: one package twice in the same batch (duplicate), then the whole stick again
    first, second = package_for(identities[ONE]), package_for(identities[TWO])
    drop = tmp_path / "drop"
    drop.mkdir()
    for file_name, data in (("one.vdpkg", first), ("two.vdpkg", second), ("one-copy.vdpkg", first)):
        (drop / file_name).write_bytes(data)
    prompts.paths.append([str(drop / n) for n in ("one.vdpkg", "two.vdpkg", "one-copy.vdpkg")])
    window.import_view.choose_files()
    assert window.import_view.running
    wait(qtbot, window)
    shown = window.import_view.result_lines()
    assert [shown[n][0] for n in ("one.vdpkg", "two.vdpkg", "one-copy.vdpkg")] == ["Accepted", "Accepted", "Duplicate"]
    # an accepted package says what its signature proves: its level and whether a revocation list was checked
    assert any(line.startswith("• Signature level") for line in shown["one.vdpkg"]), shown["one.vdpkg"]
    assert any("revocation list" in line for line in shown["one.vdpkg"])
    assert window.import_view.progress.value() == window.import_view.progress.maximum() == 3
    assert "Duplicate 1" in window.import_view.status.text()
    prompts.paths.append(str(drop))
    window.import_view.choose_folder()
    wait(qtbot, window)
    assert {v[0] for v in window.import_view.result_lines().values()} == {"Duplicate"}

    # overview: both organizations, accepted, with the recount's elected; filter and sort
    ov = window.overview_view
    assert window.tabs.indexOf(ov) >= 0
    rows = {r.organization: r for r in ov.model.rows}
    assert set(rows) == {ONE, TWO} and rows[ONE].verdict == "accepted" and rows[ONE].elected == "王建国、李明、张伟"
    ov.filter.setText("第二")
    assert [r.organization for r in ov.visible_rows()] == [TWO]
    ov.filter.clear()
    ov.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert [r.organization for r in ov.visible_rows()] == [TWO, ONE]

    # exports equal the core's bytes
    ws = Workspace.open(window.path)
    prompts.paths += [str(stick / "overview"), str(stick / "overview.xlsx")]
    ov.export_csv()
    ov.export_xlsx()
    wait(qtbot, window)
    assert (stick / "overview.csv").read_bytes() == to_csv(overview(ws))
    assert (stick / "overview.xlsx").read_bytes()[:2] == b"PK" and to_xlsx(overview(ws))

    # approval reply to ONE: signed, saved, previewed, accepted by the branch's check
    assert ov.select(ONE) and ov.reply_button.isEnabled()
    prompts.dialogs.append(ReplyValues("示机工〔2025〕12号", str(stick / "root.p12"), PASS))
    prompts.paths.append(str(stick / "reply.pdf"))
    prompts.confirms.append(True)
    ov.reply_button.click()
    wait(qtbot, window)
    assert not prompts.errors, prompts.errors
    pdf = (stick / "reply.pdf").read_bytes()
    ok, checks = verify_reply(pdf, root_pem, package=first)
    assert ok, checks
    assert not verify_reply(pdf, root_pem, package=second)[0]
    assert prompts.previews and prompts.previews[-1][0] == pdf


def test_open_existing_workspace_from_the_recent_list(qtbot, window, tmp_path):  # noqa: ANN001
    root, _key, path = headless_workspace(tmp_path)
    assert window.open_workspace(str(path))
    window.close_workspace()
    assert window.workspace is None and window.stack.currentWidget() is window.start
    item = window.start.recent.item(0)
    assert item.data(Qt.ItemDataRole.UserRole) == str(path.resolve())
    window.start.recent.itemActivated.emit(item)
    assert window.workspace is not None and window.workspace.organization == HIGHER


def test_wrong_files_and_passphrase_are_explained(qtbot, window, tmp_path):  # noqa: ANN001
    prompts: FakePrompts = window.prompts
    (tmp_path / "x.vdhl").write_bytes(b"not a database" * 40)
    assert not window.open_workspace(str(tmp_path / "x.vdhl"))
    assert prompts.errors[-1].code == "not_a_workspace" and window.stack.currentWidget() is window.start
    root, key_file, path = headless_workspace(tmp_path)
    window.open_workspace(str(path))
    window.workspace.register_branch(ONE)
    request = tmp_path / "req.pem"
    request.write_bytes(keys.branch_request(keys.new_key(), ONE))
    prompts.paths += [str(request), str(tmp_path / "cert.pem")]
    prompts.dialogs.append(RootKeyValues(str(key_file), "not the passphrase"))
    window.branches_view.issue_from_request()
    wait(qtbot, window)
    exc = prompts.errors[-1]
    assert isinstance(exc, UserFacingError) and exc.code == "wrong_passphrase"
    from app.gui.higher.common import error_text

    assert "case-sensitive" in error_text(exc) and not (tmp_path / "cert.pem").exists()
    prompts.paths.append(str(key_file))  # a key file is not a request
    window.branches_view.issue_from_request()
    assert prompts.errors[-1].code == "bad_request_file"


def test_rejected_package_shows_each_failing_check_with_its_rule(qtbot, window, tmp_path):  # noqa: ANN001
    root, _key, path = headless_workspace(tmp_path)
    ident = branch_identity(path, root, ONE)
    stranger = keys.self_signed_branch("中共某不相干支部委员会")
    files = {"bad.vdpkg": rule_breaking(ident), "stranger.vdpkg": package_for(stranger), "junk.vdpkg": b"a letter, not a package"}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    window.open_workspace(str(path))
    window.import_view.start([str(tmp_path / n) for n in files])
    wait(qtbot, window)
    lines = window.import_view.result_lines()
    # The sentence cites the regulation (its rule id is in the tooltip) and says where the branch corrects it.
    assert lines["bad.vdpkg"][0] == "Rejected" and any(citation("R9.1") in line and "Counting" in line
                                                       for line in lines["bad.vdpkg"][2:]), lines["bad.vdpkg"]
    bad = next(window.import_view.tree.topLevelItem(i) for i in range(3) if window.import_view.tree.topLevelItem(i).text(0) == "bad.vdpkg")
    assert any("R9.1" in bad.child(j).toolTip(3) for j in range(bad.childCount()))
    assert lines["stranger.vdpkg"][0] == "Rejected"
    assert any("not registered" in line for line in lines["stranger.vdpkg"][2:])
    assert lines["junk.vdpkg"][0] == "Unreadable" and "not a votedesk result package" in lines["junk.vdpkg"][1]
    row = {r.organization: r for r in window.overview_view.model.rows}[ONE]
    assert row.verdict == "rejected"
    assert window.overview_view.select(ONE) and not window.overview_view.reply_button.isEnabled()


def test_a_failed_creation_leaves_no_key_behind(tmp_path):  # noqa: ANN001
    from app.gui.higher.window import create_files

    values = CreateValues(HIGHER, str(tmp_path / "w.vdhl"), str(tmp_path / "root.p12"), str(tmp_path / "gone" / "root.pem"),
                          PASS)
    with pytest.raises(UserFacingError) as err:  # the stick with the certificate's folder was pulled out
        create_files(values)
    assert err.value.code == "media_gone" and not list(tmp_path.iterdir())


def test_dialogs_say_what_is_missing(qtbot, tmp_path):  # noqa: ANN001
    d = CreateWorkspaceDialog(CreateValues(HIGHER, str(tmp_path / "w.vdhl"), str(tmp_path / "k.p12"),
                                           str(tmp_path / "c.pem"), "short"))
    qtbot.addWidget(d)
    assert d.value() is None and "at least 8" in d.problem()
    d.first.setText("long enough passphrase")
    assert "same passphrase" in d.problem()
    d.second.setText("long enough passphrase")
    assert d.value() == CreateValues(HIGHER, str(tmp_path / "w.vdhl"), str(tmp_path / "k.p12"), str(tmp_path / "c.pem"),
                                     "long enough passphrase")
    (tmp_path / "k.p12").write_bytes(b"x")
    assert "already exists" in d.problem()
    fresh = CreateWorkspaceDialog()
    qtbot.addWidget(fresh)
    fresh.workspace.setText(str(tmp_path / "sub" / "a.vdhl"))
    assert fresh.key_file.text().endswith("root.p12") and fresh.cert_file.text().endswith("root.pem")
    fresh.key_file.setText("/media/usb/root.p12")  # chosen by the user: stays when the workspace moves
    fresh.workspace.setText(str(tmp_path / "other" / "a.vdhl"))
    assert fresh.key_file.text() == "/media/usb/root.p12" and fresh.cert_file.text() == str(tmp_path / "other" / "root.pem")
    r = ReplyDialog("text", ReplyValues("", str(tmp_path / "k.p12"), "pw"))
    qtbot.addWidget(r)
    assert "document number" in r.problem()
    r.number.setText("1号")
    assert r.value() == ReplyValues("1号", str(tmp_path / "k.p12"), "pw")
    k = RootKeyDialog("text", RootKeyValues(str(tmp_path / "missing.p12"), "pw"))
    qtbot.addWidget(k)
    assert "not there" in k.problem()


def _letters(texts: list[str]) -> list[str]:
    return [t[t.index("&") + 1].lower() for t in texts if "&" in t and not t.endswith("&")]


def _clashes(texts: list[str]) -> list[str]:
    letters = _letters(texts)
    return sorted(t for t in texts if "&" in t and letters.count(t[t.index("&") + 1].lower()) > 1)


def test_mnemonics_do_not_clash(window, tmp_path):  # noqa: ANN001
    from PySide6.QtWidgets import QLabel, QPushButton

    def own(widget) -> list[str]:  # noqa: ANN001
        return [b.text() for b in widget.findChildren(QPushButton)] + \
            [label.text() for label in widget.findChildren(QLabel) if label.buddy() is not None]

    menus = [a.text() for a in window.menuBar().actions()]
    assert not _clashes(menus + own(window.start)), own(window.start)
    _root, _key, path = headless_workspace(tmp_path)
    window.open_workspace(str(path))
    top = menus + [window.tabs.tabText(i) for i in range(window.tabs.count())]
    for view in (window.branches_view, window.import_view, window.overview_view):
        assert not _clashes(top + own(view)), own(view)
    for action in window.menuBar().actions():
        assert not _clashes([a.text() for a in action.menu().actions()]), action.text()
    for dialog in (CreateWorkspaceDialog(), RootKeyDialog("x"), ReplyDialog("x")):
        qtbot_free = own(dialog)
        assert not _clashes(qtbot_free), qtbot_free
        dialog.deleteLater()


def _msgids() -> set[str]:
    from babel.messages.extract import extract_from_dir

    found = extract_from_dir(str(REPO / "app" / "gui" / "higher"), method_map=[("**.py", "python")],
                             keywords={"_": None, "N_": None})
    return {m[2] for m in found if isinstance(m[2], str)}


def test_every_string_has_a_chinese_translation():
    from babel.messages.pofile import read_po

    with PO.open("rb") as fh:
        catalogue = {m.id: m.string for m in read_po(fh) if m.id and m.string and not m.fuzzy}
    msgids = _msgids()
    missing = sorted(m for m in msgids if not catalogue.get(m))
    assert not missing, missing
    for msgid, text in ((m, catalogue[m]) for m in msgids):  # the same {fields}, the same mnemonic letter as "(&X)"
        assert sorted(re.findall(r"\{\w*\}", msgid)) == sorted(re.findall(r"\{\w*\}", text)), msgid
        assert _letters([msgid]) == [m.lower() for m in re.findall(r"\(&(\w)\)", text)], (msgid, text)


# ---- screenshots (VOTEDESK_SCREENSHOTS=1 writes docs/screenshots/20-higher-*.png) ----------------------------
@pytest.fixture
def chinese(qapp, monkeypatch):  # noqa: ANN001, ANN201
    """Chinese, with the bundled font."""
    from app.core import i18n
    from app.gui.application import load_font

    load_font(qapp)
    i18n.set_language("zh_CN")
    yield


class ShootingPrompts(FakePrompts):
    """Shows each dialog filled with the queued values, grabs it, and cancels it."""

    def __init__(self, save) -> None:  # noqa: ANN001
        super().__init__()
        self.save, self.names = save, []

    def dialog(self, dialog):  # noqa: ANN001, ANN201
        dialog.set_values(self.dialogs.pop(0))
        dialog.show()
        dialog.adjustSize()
        self.save(dialog, self.names.pop(0))
        dialog.close()
        return None


def test_screenshots(qtbot, chinese, tmp_path):  # noqa: ANN001
    from PySide6.QtWidgets import QApplication

    out = REPO / "docs" / "screenshots" if os.environ.get("VOTEDESK_SCREENSHOTS") else tmp_path
    shots = []

    def save(widget, name: str) -> None:  # noqa: ANN001
        for _ in range(3):
            QApplication.processEvents()
        widget.grab().save(str(out / f"20-higher-{name}.png"))
        shots.append(name)

    folder = tmp_path / "示范区机关工委"
    folder.mkdir()
    root, key_file, path = headless_workspace(folder)
    idents = [branch_identity(path, root, n) for n in (ONE, TWO, "中共示范区机关第三支部委员会")]
    for name in ("中共示范区机关第四支部委员会", "中共示范区机关第十一支部委员会"):
        Workspace.open(path).register_branch(name)
    w = HigherWindow()
    prompts = w.prompts = ShootingPrompts(save)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    w.open_workspace(str(path))
    w.close_workspace()
    save(w, "start")
    prompts.dialogs.append(CreateValues(HIGHER, str(tmp_path / "新工作台.vdhl"), "/media/usb/root.p12",
                                        str(tmp_path / "root.pem"), PASS))
    prompts.names.append("create-dialog")
    w.create_workspace()
    w.open_workspace(str(path))
    files = []
    for i, data in enumerate([package_for(idents[0]), package_for(idents[1]), rule_breaking(idents[2]),
                              package_for(idents[0])]):
        files.append(tmp_path / f"{i + 1:02d}.vdpkg")
        files[-1].write_bytes(data)
    w.import_view.start([str(f) for f in files])
    wait(qtbot, w)
    w.show_view(1)
    save(w, "import")
    w.show_view(0)
    w.branches_view.table.selectRow(0)
    save(w, "branches")
    request = tmp_path / "request.pem"
    request.write_bytes(keys.branch_request(keys.new_key(), "中共示范区机关第四支部委员会"))
    prompts.paths.append(str(request))
    prompts.dialogs.append(RootKeyValues(str(key_file), PASS))
    prompts.names.append("issue-dialog")
    w.branches_view.issue_from_request()
    w.show_view(2)
    w.overview_view.select(TWO)
    save(w, "overview")
    prompts.dialogs.append(ReplyValues("示机工〔2025〕12号", str(key_file), PASS))
    prompts.names.append("reply-dialog")
    w.write_reply()
    assert shots == ["start", "create-dialog", "import", "branches", "issue-dialog", "overview", "reply-dialog"]
    assert all((out / f"20-higher-{n}.png").stat().st_size > 10000 for n in shots)


def test_return_of_a_rejected_package_and_the_versions_in_the_overview(qtbot, window, tmp_path):  # noqa: ANN001
    from app.core.higher.reply import RETURNED, reply_info
    from app.gui.higher.dialogs import ReturnValues

    prompts: FakePrompts = window.prompts
    root, key, path = headless_workspace(tmp_path)
    ident = branch_identity(path, root, ONE)
    (tmp_path / "bad.vdpkg").write_bytes(rule_breaking(ident))
    window.open_workspace(str(path))
    window.import_view.start([str(tmp_path / "bad.vdpkg")])
    wait(qtbot, window)
    ov = window.overview_view
    assert ov.select(ONE) and ov.return_button.isEnabled() and not ov.reply_button.isEnabled()
    prompts.dialogs.append(ReturnValues("示机工〔2025〕13号", "", str(key), PASS))  # the proposed reasons stay
    prompts.paths.append(str(tmp_path / "return.pdf"))
    prompts.confirms.append(False)
    ov.return_button.click()
    wait(qtbot, window)
    assert not prompts.errors, prompts.errors
    dialog = prompts.shown[-1]
    assert dialog.reason_lines() and all("To correct:" in r for r in dialog.reason_lines())  # the verifier's refusals
    info = reply_info((tmp_path / "return.pdf").read_bytes())
    assert info.verdict == RETURNED and info.number == "示机工〔2025〕13号" and list(info.reasons) == dialog.reason_lines()
    (tmp_path / "good.vdpkg").write_bytes(package_for(ident, when=T0 + dt.timedelta(days=1)))
    window.import_view.start([str(tmp_path / "good.vdpkg")])
    wait(qtbot, window)
    assert ov.select(ONE) and ov.reply_button.isEnabled()
    details = ov.details.text()
    assert "Packages on file:" in details and "returned (示机工〔2025〕13号)" in details
    versions = details[details.index("Packages on file:"):]
    assert versions.index("#1") < versions.index("Rejected") < versions.index("superseded") < versions.index("#2") \
        < versions.index("Accepted") < versions.index("stands")
