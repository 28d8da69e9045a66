"""The dead-end walk of issue 11, at 1024×768: a dirty office roll to the higher level's approval, one verdict throughout."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from app.core.higher.imports import import_package
from app.core.higher.reply import make_reply
from app.core.higher.workspace import Workspace
from app.core.rules.model import MemberStatus
from app.core.signing import keys
from app.gui.dialogs.import_dialog import ImportPreviewDialog
from app.gui.dialogs.signing_dialogs import ChiefConfirmation
from app.gui.main_window import MainWindow
from tests.gui import test_full_election as walk
from tests.gui.helpers import Canned, answer_yes
from tests.gui.test_documents_pages import HIGHER, PASSPHRASE, branch_key_file, settle

ORG = "中共测试社区支部委员会"
SHOTS = os.environ.get("VOTEDESK_WALK_SHOTS")  # a folder: a PNG of the window at every stage


def _dirty_roll(path: Path) -> Path:
    """The walk's members as an office keeps them: title row, 序号, a 1963.1 date, a row pasted twice, a remark,
    an unknown category, an empty row and a total row; GBK, as a Chinese Excel saves "CSV"."""
    rows = ["青石社区党员花名册,,,,,,,", "序号,姓名,性别,出生年月,民族,入党时间,党员类别,备注"]
    for i, name in enumerate(walk.MEMBERS, 1):
        born = "1963.1" if i == 1 else f"197{i % 9}.0{i % 9 + 1}"
        rows.append(f"{i},{name},{'男' if i % 2 else '女'},{born},汉族,199{i % 9}.07,正式党员,")
    rows.append(rows[3])  # 李二 pasted twice
    rows += ["11,郭十一,男,1960.05,汉族,1985.07,正式党员,留党察看二年（2026年3月起）", ",,,,,,,",
             "12,钱十二,女,1980.01,汉族,2001.07,党员,", "合计,共12人,,,,,,"]
    path.write_bytes("\r\n".join(rows).encode("gbk") + b"\r\n")
    return path


class Shots:
    def __init__(self, window: MainWindow) -> None:
        self.window, self.n = window, 0

    def __call__(self, name: str) -> None:
        if SHOTS:
            self.n += 1
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            self.window.grab().save(str(Path(SHOTS) / f"{self.n:02d}-{name}.png"))


def _roll(window: MainWindow, tmp_path: Path, qtbot, monkeypatch) -> None:  # noqa: ANN001
    page = walk._go(window, "roll")
    shown: list[ImportPreviewDialog] = []

    def accept(dialog: ImportPreviewDialog) -> int:
        shown.append(dialog)
        dialog.leave_out.setChecked(True)  # the operator agrees to leave the refused row out, after reading it
        return 1

    monkeypatch.setattr(ImportPreviewDialog, "exec", accept)
    page.start_import(str(_dirty_roll(tmp_path / "花名册.csv")))
    e = window.session.election
    settle(qtbot, lambda: len(e.members()) == len(walk.MEMBERS) + 1)
    dialog = shown[0]
    assert dialog.refused_list.count() == 1 and "No. 12" in dialog.refused_list.item(0).text()
    # the 1963.1 month is the operator's choice, the remark's restriction is proposed, never applied
    rows = {page.review_list.item(n).text(): n for n in range(page.review_list.count())}
    month = next(n for t, n in rows.items() if "1963.1" in t)
    page.review_list.setCurrentRow(month)
    page.review_choice.setCurrentIndex(1)
    page.confirm_button.click()
    assert dict(e.members())[e.member_id("王一")].birth_date.month == 10
    assert dict(e.members())[e.member_id("郭十一")].standing == MemberStatus.FULL
    remark = next(n for n in range(page.review_list.count()) if "留党察看" in page.review_list.item(n).text())
    page.review_list.setCurrentRow(remark)
    page.confirm_button.click()
    assert dict(e.members())[e.member_id("郭十一")].standing == MemberStatus.LIUDANG_CHAKAN
    assert page.summary.text().endswith("With voting rights 10 · Expected 10")


def test_a_dirty_roll_to_the_higher_levels_approval(qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    answer_yes(monkeypatch)
    path = str(tmp_path / "walk.votedesk")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (path, ""))
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1024, 738)
    window.show()
    shot = Shots(window)
    window.new_file()
    walk._setup(window)  # the secretary's post: no 差额 box to leave ticked (R13.6)
    shot("setup")
    _roll(window, tmp_path, qtbot, monkeypatch)
    shot("roll")
    walk._nominate_and_vet(window)
    shot("nomination")
    walk._candidates(window)
    shot("candidates")
    walk._sign_in(window)
    shot("sign-in")
    walk._method(window)
    shot("method")
    walk._issue(window, 9)
    shot("ballots")
    walk._key(window, qtbot, 9, [{"王一", "李二", "刘四"}] * 7 + [{"王一", "张三"}, set()])
    shot("counting")
    e = window.session.election
    assert sorted(e.elected(e.rounds()[0].post_id)) == sorted(["王一", "李二", "刘四"])
    walk._go(window, "results")
    shot("results")
    walk._plenary(window, qtbot)
    shot("plenary")

    report = walk._go(window, "report")
    report.prompts = prompts = Canned(chief=[ChiefConfirmation("周九", walk.PIN)])
    report.documents.actions.prompts = prompts
    settle(qtbot, report.documents_ready)
    report.mark_official()
    assert e.election_info()["official"], report.banner.label.text()
    shot("official")

    root = keys.create_root(HIGHER)
    key = branch_key_file(tmp_path / "keys", root, ORG)
    target = tmp_path / "usb" / "result.vdpkg"
    target.parent.mkdir()
    prompts.answers.update(open=[str(key)], passphrase=[PASSPHRASE], chief=[ChiefConfirmation("周九", walk.PIN)],
                           save=[str(target)])
    report.package_button.click()
    settle(qtbot, lambda: prompts.infos or prompts.errors)
    assert not prompts.errors, prompts.errors  # the branch's own verifier found nothing to refuse
    shot("signed")

    # The higher level: the package is accepted (the same verdict) and approved; the branch records the reply.
    ws = Workspace.create(tmp_path / "higher.vdhl", root.cert)
    ws.register_branch(ORG)
    imported = import_package(ws, target.read_bytes())
    assert imported.report.ok, [c.reason for c in imported.report.failures]
    reply = tmp_path / "reply.pdf"
    reply.write_bytes(make_reply(ws, imported.package_id, root, number="测街工委〔2024〕30号"))
    root_pem = tmp_path / "root.pem"
    root_pem.write_bytes(keys.cert_pem(root.cert))
    prompts.infos.clear()
    prompts.answers["open"] = [str(reply), str(root_pem), str(target)]
    report.reply_flow.start()
    settle(qtbot, lambda: prompts.infos or prompts.errors)
    assert not prompts.errors, prompts.errors
    assert [r["doc_no"] for r in e.replies("results")] == ["测街工委〔2024〕30号"]
    assert e.replies("results")[0]["approved"] == 1
    shot("approved")
    assert e.verify_audit().ok
