"""A dirty office roll through the roll page: refused rows, warnings, remark proposals, editing, summary and search."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from app.core import i18n
from app.core.rules.model import MemberStatus as S
from app.gui.dialogs.import_dialog import ImportPreviewDialog
from tests.fixtures.rolls import dirty
from tests.gui.test_page_actions import banner, button, cells, events, go, prep_window, select, settle


def _import(qtbot, page, path: Path, monkeypatch, leave_out: bool) -> ImportPreviewDialog:  # noqa: ANN001
    shown: list[ImportPreviewDialog] = []

    def accept(dialog: ImportPreviewDialog) -> int:
        shown.append(dialog)
        dialog.leave_out.setChecked(leave_out)
        return 1  # OK clicked (whether enabled or not: the page imports only what the dialog allows)

    monkeypatch.setattr(ImportPreviewDialog, "exec", accept)
    page.start_import(str(path))
    settle(qtbot, lambda: shown and page.import_button.isEnabled())
    return shown[0]


def _review_row(page, text: str) -> int:  # noqa: ANN001
    rows = [n for n in range(page.review_list.count()) if text in page.review_list.item(n).text()]
    assert len(rows) == 1, [page.review_list.item(n).text() for n in range(page.review_list.count())]
    page.review_list.setCurrentRow(rows[0])
    return rows[0]


def _member(page, name: str):  # noqa: ANN001, ANN202
    e = page.session.election
    return dict(e.members())[e.member_id(name)]


def _visible(page) -> list[str]:  # noqa: ANN001
    t = page.members_table
    return [t.item(r, 0).text() for r in range(t.rowCount()) if not t.isRowHidden(r)]


def test_dirty_xlsx_roll_imported_reviewed_and_edited(qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    window = prep_window(qtbot, tmp_path)
    page = go(window, "roll")
    e = page.session.election
    assert e.members() == [] and page.summary.text() == (
        "Full members 0 · Probationary 0 · With voting rights 0 · Expected 0")

    dialog = _import(qtbot, page, dirty.write_xlsx(tmp_path / "名册.xlsx"), monkeypatch, leave_out=True)
    # the preview: 3 rows refused (named by row and 序号), 6 warnings, 5 proposals; OK only once the operator
    # agrees to leave the refused rows out
    refused = [dialog.refused_list.item(n).text() for n in range(dialog.refused_list.count())]
    assert [t.split(":")[0] for t in refused] == ["Row 13 (No. 9)", "Row 15 (No. 11)", "Row 16 (No. 12)"]
    assert dialog.warning_list.count() == 6 and dialog.proposal_list.count() == 5
    assert dialog.summary.text().startswith("15 rows read from 名册.xlsx: 11 members to import, 3 rows refused, "
                                            "6 warnings, 5 suggestions from the remarks. Skipped: 2 empty rows, 1 total")
    assert dialog.leave_out.isChecked() and dialog.ok_button.isEnabled()
    dialog.leave_out.setChecked(False)
    assert not dialog.ok_button.isEnabled()  # refused rows are never left out silently
    dialog.leave_out.setChecked(True)

    assert cells(page.members_table) == dirty.IMPORTED
    assert events(window).count("members_added") == 1
    assert page.summary.text() == "Full members 10 · Probationary 1 · With voting rights 10 · Expected 10"
    # every imported warning and proposal waits for review; nothing applied
    assert page.review_box.isVisibleTo(page) and page.review_list.count() == 11
    assert _member(page, "刘强").standing == S.FULL and _member(page, "何平").standing == S.FULL and e.exclusions() == []
    assert _member(page, "李秀兰").remarks == "长期卧床"

    # 1963.1: choose October
    _review_row(page, "1963.1")
    assert [page.review_choice.itemText(i) for i in range(page.review_choice.count())] == ["1963-01", "1963-10"]
    assert page.review_choice.isVisibleTo(page) and page.confirm_button.isEnabled()
    assert page.editor["name"].text() == "王建军"  # the item selects its member
    page.review_choice.setCurrentIndex(1)
    button(page, "Confirm").click()
    assert _member(page, "王建军").birth_date == date(1963, 10, 1)
    assert page.review_list.count() == 10 and events(window)[-1] == "member_updated"

    # the remark 留党察看一年 proposes the restriction; confirmed, the counts follow the rules
    _review_row(page, "留党察看一年")
    assert not page.review_choice.isVisibleTo(page)
    button(page, "Confirm").click()
    assert _member(page, "刘强").standing == S.LIUDANG_CHAKAN
    assert page.summary.text() == "Full members 10 · Probationary 1 · With voting rights 9 · Expected 9"

    # 长期卧床 proposes an exclusion request (reason 4); it needs both approvals before E changes
    _review_row(page, "长期卧床")
    button(page, "Confirm").click()
    assert [(x.member_id, x.reason, x.detail) for x in e.exclusions()] == [
        (e.member_id("李秀兰"), "frail_bedridden", "长期卧床")]
    assert cells(page.exclusions_table) == ["李秀兰"]
    assert page.summary.text().endswith("Expected 9") and page.review_list.count() == 8

    # a warning settles itself once the member's data says so: the sex of 孙海, set in the editor
    _review_row(page, 'unknown sex "1"')
    assert not page.confirm_button.isEnabled() and page.editor["name"].text() == "孙海"
    page.sex_box.setCurrentIndex(page.sex_box.findData("男"))
    button(page, "Save the member's data").click()
    assert _member(page, "孙海").sex == "男" and page.review_list.count() == 7
    # a repeated row is only looked at: marked as reviewed
    _review_row(page, "repeats row 17 (No. 13) exactly")
    button(page, "Mark as reviewed").click()
    assert page.review_list.count() == 6

    # edit a member in the roll page: the joining date of 张卫东 (before his birth in the file)
    select(page.members_table, "张卫东")
    assert (page.editor["birth_date"].text(), page.editor["joined_date"].text()) == ("1975-11-01", "1972-05-01")
    page.editor["joined_date"].setText("1990.01")
    button(page, "Save the member's data").click()
    assert _member(page, "张卫东").joined_date == date(1990, 1, 1)
    assert "before the 18th birthday" in page.editor_note.text()  # still odd: said, not refused
    assert page.review_list.count() == 6  # and still to review
    page.editor["joined_date"].setText("1996年7月")
    page.editor["post"].setText("村委会主任")
    button(page, "Save the member's data").click()
    assert (_member(page, "张卫东").joined_date, _member(page, "张卫东").post) == (date(1996, 7, 1), "村委会主任")
    assert page.editor_note.text() == "" and events(window).count("member_updated") == 5
    assert page.review_list.count() == 5 and not any(
        "张卫东" in page.review_list.item(n).text() or "Row 6 " in page.review_list.item(n).text()
        for n in range(page.review_list.count()))
    page.editor["birth_date"].setText("1975-13")
    button(page, "Save the member's data").click()
    assert "is not a date" in banner(page) and _member(page, "张卫东").birth_date == date(1975, 11, 1)

    # the search box: characters or pinyin initials
    page.search.setText("lq")
    assert _visible(page) == ["刘强"]
    page.search.setText("王")
    assert _visible(page) == ["王建军"]
    page.search.setText("z")
    assert _visible(page) == ["张卫东", "赵丽", "周芳", "郑涛"]
    page.search.clear()
    assert _visible(page) == dirty.IMPORTED

    i18n.set_language("zh_CN")
    page.load()
    assert page.summary.text() == "正式 10 · 预备 1 · 有表决权 9 · 应到 9"


def test_dirty_gbk_csv_refused_rows_block_until_left_out(qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    window = prep_window(qtbot, tmp_path)
    page = go(window, "roll")
    path = dirty.write_gbk_csv(tmp_path / "名册.csv")
    dialog = _import(qtbot, page, path, monkeypatch, leave_out=False)
    assert dialog.refused_list.count() == 3 and not dialog.ok_button.isEnabled()
    assert page.session.election.members() == [] and not page.review_box.isVisibleTo(page)
    dialog = _import(qtbot, page, path, monkeypatch, leave_out=True)
    settle(qtbot, lambda: len(page.session.election.members()) == 11)
    assert page.review_list.count() == 11
    _review_row(page, "1963.1")
    page.review_choice.setCurrentIndex(0)
    button(page, "Confirm").click()
    assert _member(page, "王建军").birth_date == date(1963, 1, 1)
    # the same file again: every imported name is already on the roll, so nothing more is imported
    dialog = _import(qtbot, page, path, monkeypatch, leave_out=True)
    assert not dialog.ok_button.isEnabled() and len(page.session.election.members()) == 11
