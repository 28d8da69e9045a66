"""Entry checks in the pages (issue 11): no free 差额 box where the office fixes it, posts edited and deleted,
a refused value shown under its field, nomination offering only members with the right to be elected."""
from __future__ import annotations

import random

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLineEdit, QListWidget

from app.core import demo, i18n
from app.core.models import MemberRecord
from app.core.rules.model import MemberStatus
from tests.gui.test_page_actions import banner, button, candidates, cells, go, prep_window, roll


def test_setup_page_shows_the_margin_rule_instead_of_a_free_box(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = prep_window(qtbot, tmp_path)
    page = go(window, "setup")
    page.office.setCurrentIndex(page.office.findData("secretary"))
    assert not page.competitive.isVisibleTo(page) and "one candidate per seat (等额)" in page.margin_rule.text()
    page.office.setCurrentIndex(page.office.findData("committee_member"))
    assert not page.competitive.isVisibleTo(page) and "at least 20% more candidates" in page.margin_rule.text()
    page.office.setCurrentIndex(page.office.findData("standing_committee"))
    assert page.competitive.isVisibleTo(page)  # the one office that takes a recorded choice (R13.6)
    i18n.set_language("zh_CN")
    page.load()
    page.office.setCurrentIndex(page.office.findData("deputy_secretary"))
    assert "等额选举" in page.margin_rule.text() and not page.competitive.isVisibleTo(page)


def test_setup_page_edits_and_deletes_a_post(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = prep_window(qtbot, tmp_path, roll, candidates)
    page = go(window, "setup")
    e = page.session.election
    page.office.setCurrentIndex(page.office.findData("standing_committee"))
    page.seats.setValue(2)
    button(page, "Add the post").click()
    page.posts_table.selectRow(0)  # the first row: committee members
    assert page.office.currentData() == "committee_member" and page.seats.value() == 5
    page.posts_table.selectRow(3)  # the standing committee, shown in the form to correct it
    assert page.office.currentData() == "standing_committee" and page.seats.value() == 2
    page.seats.setValue(3)
    page.competitive.setChecked(False)
    button(page, "Save changes to the selected post").click()
    post = e.posts()[-1]
    assert (post.office, post.seats, post.competitive) == ("standing_committee", 3, False)
    assert cells(page.posts_table, 3)[-1] == "single-candidate"
    page.posts_table.selectRow(3)
    button(page, "Delete the selected post").click()
    assert [p.office for p in e.posts()] == ["committee_member", "secretary", "deputy_secretary"]
    assert e.audit_entries()[-1].event == "post_deleted"
    page.posts_table.selectRow(0)  # committee members, with six nominations and an approved list
    button(page, "Delete the selected post").click()
    assert page.post_note.text().startswith("Deleted: Committee members, with 7 nomination(s) and 6 name(s)")
    assert page.posts_table.rowCount() == 2


def test_a_refused_value_is_shown_under_its_field(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = prep_window(qtbot, tmp_path)
    page = go(window, "setup")
    page.reply_date.setDate(QDate(2024, 3, 10))  # before the request of 2024-03-20
    button(page, "Record the higher level's reply (approved)").click()
    under = page.inline.message("reply_date")
    assert "cannot be dated before the request it answers (2024-03-20)" in under and under in banner(page)
    assert page.reply_date.property("state") == "invalid"
    page.reply_date.setDate(QDate(2024, 3, 28))
    button(page, "Record the higher level's reply (approved)").click()
    assert page.inline.message("reply_date") == "" and page.reply_date.property("state") == ""


def test_the_approval_date_after_the_meeting_is_refused_under_the_field(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = prep_window(qtbot, tmp_path, roll, candidates)
    page = go(window, "candidates")
    page.doc.setText("青石街工委〔2024〕20号")
    page.dated.setDate(QDate(2024, 5, 20))
    button(page, "Record the higher level's approval").click()
    assert "must be approved before the meeting: approved 2024-05-20, meeting 2024-05-18" in page.inline.message("dated")
    assert page.session.election.approval(page.post_box.currentData())["approval_doc"] == "青石街工委〔2024〕19号"


def test_nomination_offers_only_members_with_the_right_to_be_elected(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = prep_window(qtbot, tmp_path, roll, candidates)
    e = window.session.election
    barred = {m.name for _mid, m in e.members() if m.standing != MemberStatus.FULL}
    page = go(window, "nomination")
    offered = {page.member_box.itemText(i) for i in range(page.member_box.count())}
    assert barred and not (offered & barred) and "王建国" in offered
    mid = e.member_id("刘洋")  # a nominee on the approved list is sanctioned: flagged at once
    page.act(e.update_member, mid, MemberRecord("刘洋", MemberStatus.LIUDANG_CHAKAN))
    page = go(window, "nomination")
    row = cells(page.nominations_table).index("刘洋")
    assert "刘洋 has no right to be elected" in cells(page.nominations_table, 4)[row]
    assert cells(page.nominations_table, 4)[cells(page.nominations_table).index("王建国")] == "yes"
    assert "刘洋" not in {page.member_box.itemText(i) for i in range(page.member_box.count())}
    assert any("刘洋 has no right to be elected" in r for r in window.session.step("nomination").reasons)
    page = go(window, "candidates")
    item = next(page.choices.item(i) for i in range(page.choices.count()) if page.choices.item(i).text().startswith("刘洋"))
    assert "no right to be elected" in item.text() and item.checkState() == Qt.CheckState.Checked
    assert "刘洋" in page.order_label.text()  # the name, not the flag, in the ballot order preview


def _assembly_done(e, posts) -> None:  # noqa: ANN001
    """The demo's meeting, formal round and tie re-vote: the new committee is elected."""
    rng = random.Random(2024)
    demo._meeting(e)  # noqa: SLF001
    demo._formal_round(e, posts, rng, False)  # noqa: SLF001
    demo._tie_revote(e, posts, rng)  # noqa: SLF001
    e.add_post("standing_committee", 2, True)  # competitive, as the higher level approved (R13.6)


def test_the_plenary_offers_ticks_for_a_competitive_post_and_checks_its_margin(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = prep_window(qtbot, tmp_path, roll, candidates, _assembly_done)
    page = go(window, "plenary")
    e = page.session.election
    button(page, "Open the first plenary").click()
    button(page, "Sign in the ticked members").click()
    page.method_text.setText("第一次全体会议选举办法")
    page.votes_for.setValue(6)  # more than the five present: refused under the field
    button(page, "Record the adoption").click()
    assert "More yes votes (6) than voters present (5)" in page.inline.message("votes_for")
    page.votes_for.setValue(5)
    button(page, "Record the adoption").click()
    assert page.inline.message("votes_for") == ""
    page.scrutineer.setCurrentIndex(page.scrutineer.findText("张伟"))
    button(page, "Appoint the scrutineer (approved)").click()
    holder = page.posts_form.itemAt(2, page.posts_form.ItemRole.FieldRole).widget()  # the standing committee
    ticks = holder.findChild(QListWidget)
    standing = [r for r in range(ticks.count()) if ticks.item(r).text() != "张伟"]  # not the scrutineer (R4.7)
    for row in standing[:2]:
        ticks.item(row).setCheckState(Qt.CheckState.Checked)
    button(holder, "Set the ticked candidates and open the round").click()
    assert "2 for 2 seats, need 3" in banner(page) and not e.rounds(e.posts()[-1].id)
    holder = page.posts_form.itemAt(2, page.posts_form.ItemRole.FieldRole).widget()
    ticks = holder.findChild(QListWidget)
    assert [ticks.item(r).checkState() == Qt.CheckState.Checked for r in standing[:2]] == [True, True]  # kept
    ticks.item(standing[2]).setCheckState(Qt.CheckState.Checked)
    button(holder, "Set the ticked candidates and open the round").click()
    assert "record the order the higher level approved" in banner(page)  # several names: the approved order (R13.3)
    holder = page.posts_form.itemAt(2, page.posts_form.ItemRole.FieldRole).widget()
    holder.findChild(QLineEdit).setText("测街工委〔2024〕9号")
    button(holder, "Set the ticked candidates and open the round").click()
    assert len(e.rounds(e.posts()[-1].id)) == 1 and len(e.printed_names(e.rounds()[-1].id)) == 3, banner(page)


def _older_file_after_the_plenary(e, posts) -> None:  # noqa: ANN001
    """The whole vote held, then the secretary's post marked competitive behind the app's back (an older file)."""
    _assembly_done(e, posts)
    demo._plenary(e, posts)  # noqa: SLF001
    e.db.execute("UPDATE posts SET competitive = 1 WHERE id = ?", [posts["secretary"]])


def test_the_setup_page_corrects_an_older_files_flag_after_the_vote(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = prep_window(qtbot, tmp_path, roll, candidates, _older_file_after_the_plenary)
    page = go(window, "setup")
    e = page.session.election
    assert any("one candidate per seat" in r for r in window.session.step("setup").reasons)
    page.posts_table.selectRow(cells(page.posts_table, 1).index("Secretary"))
    assert not page.competitive.isVisibleTo(page)  # the office fixes it: saving applies the rule
    button(page, "Save changes to the selected post").click()
    assert not next(p for p in e.posts() if p.office == "secretary").competitive
    assert cells(page.posts_table, 3)[1] == "single-candidate" and window.session.step("setup").state != "open"


def test_a_typed_name_without_the_right_to_be_elected_is_refused_under_the_field(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = prep_window(qtbot, tmp_path, roll, candidates)
    page = go(window, "nomination")
    e = page.session.election
    barred = next(m.name for _mid, m in e.members() if m.status == MemberStatus.PROBATIONARY)
    page.member_box.setEditText(barred)  # typed into the editable box: not among the names offered
    assert page.member_box.currentText() == barred and page.member_box.currentData() is not None  # the last choice
    button(page, "Record the nomination").click()
    assert f"{barred} has no right to be elected" in page.inline.message("member")
    assert all(n["member_id"] != e.member_id(barred) for n in e.nominations(page.post_box.currentData()))


def test_a_typed_scrutineer_name_is_the_one_checked(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = prep_window(qtbot, tmp_path, roll, candidates, lambda e, _p: demo._meeting(e))  # noqa: SLF001
    page = go(window, "method")
    e = page.session.election
    page.member_box.setEditText("王建国")  # a candidate, typed: never the box's last choice instead
    button(page, "Add to the list").click()
    assert "王建国 is a candidate and cannot be a scrutineer or teller" in banner(page)
    assert e.member_id("王建国") not in [mid for mid, _role, _ok in e.scrutineers(e.meeting().id)]


def test_a_branch_committee_of_two_is_refused_under_the_seats(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = prep_window(qtbot, tmp_path)
    page = go(window, "setup")
    page.posts_table.selectRow(0)  # the demo branch's committee members
    page.seats.setValue(2)
    button(page, "Save changes to the selected post").click()
    assert "A branch committee has 3 to 5 members" in page.inline.message("seats")
    assert page.session.election.posts()[0].seats == 5
