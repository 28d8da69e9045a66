"""The congress in the GUI (issue 16): two teller groups count a round at their own station windows, keyed with
QTest, and the main station imports their signed counts (a re-import refused) and counts the round from them."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDateEdit, QTabWidget

from app.core import i18n
from app.gui.main_window import MainWindow
from app.gui import congress_menu
from tests.fixtures.congress import congress_round, papers, split
from tests.gui.helpers import Canned

SHOTS = Path(os.environ.get("VOTEDESK_CONGRESS_SHOTS", "")) if os.environ.get("VOTEDESK_CONGRESS_SHOTS") else None


def _key(window, marks_list, names) -> None:  # noqa: ANN001
    """Type each paper ballot as a teller does: one key per printed name, write-ins, F8 spoiled, Enter."""
    grid = window.entry.grid
    for marks, write_ins, spoiled in marks_list:
        before = window.station.boxes()[0]
        QTest.keyClicks(grid, "".join("1" if marks.get(n) == "yes" else "2" if marks.get(n) == "no" else "0"
                                      for n in names))
        if spoiled:
            QTest.keyClick(grid, Qt.Key.Key_F8)
        if write_ins:
            window.entry.write_in_edit.setText("、".join(write_ins))
        for _ in range(2):  # an invalid ballot (over the seats) asks for a second Enter
            QTest.keyClick(grid, Qt.Key.Key_Return)
            after = window.station.boxes()[0]
            if (after.keyed, after.checked) != (before.keyed, before.checked):
                break


def test_two_stations_count_a_round_through_the_windows(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    i18n.set_language("zh_CN")
    e, rid, names = congress_round(tmp_path / "congress.votedesk", 30, 7, 5)
    e.close()
    by_box = split(papers(names, 5, 30), 2)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_file(str(tmp_path / "congress.votedesk"))
    kits = [str(tmp_path / f"k{i}.vdkit") for i in range(2)]
    parts = [str(tmp_path / f"p{i}.vdpart") for i in range(2)]
    window.congress_prompts = Canned(save=[kits[0], kits[1], parts[0], parts[1]], open=list(kits))
    congress_menu.show_stations(window)
    dialog = window.stations_dialog
    for name, ballots in by_box.items():
        dialog._add_box(name, len(ballots))  # noqa: SLF001
    dialog.split()
    assert dialog.kit_boxes.count() == 2
    for i in range(2):
        dialog.station.setText(f"第{i + 1}计票组")
        dialog.kit_boxes.item(i).setCheckState(Qt.CheckState.Checked)
        dialog.issue()
        assert "校验码" in dialog.status.text()
    stations = []
    for i, box in enumerate(by_box):
        congress_menu.open_station_window(window)
        sw = window.station_window
        qtbot.addWidget(sw)
        assert sw.width() <= 1024 and sw.height() <= 768
        assert [sw.box.itemText(j) for j in range(sw.box.count())] == [box]  # its own box only
        assert sw.station.code == dialog.e.station_progress(dialog.round_id)[i].kit_code
        _key(sw, by_box[box], names)
        sw.second.setChecked(True)
        _key(sw, by_box[box], names)
        assert sw.station.boxes()[0].checked == len(by_box[box]) and sw.station.boxes()[0].differing == 0
        sw.tellers.setText("计票人甲、计票人乙")
        sw.export()
        assert Path(parts[i]).exists(), sw.status.text()
        if SHOTS and i == 0:
            sw.grab().save(str(SHOTS / "congress-station.png"))
        stations.append(sw)
    dialog.import_counts([parts[0]])
    dialog.import_counts([parts[0]])
    assert "已经导入过" in dialog.status.text()
    dialog.import_counts([parts[1]])
    assert dialog.progress.rowCount() == 2 and "已导入" in dialog.progress.item(1, 4).text()
    if SHOTS:
        dialog.grab().save(str(SHOTS / "congress-stations.png"))
    dialog.count()
    round_ = next(r for r in window.session.election.rounds() if r.id == rid)
    assert round_.closed, dialog.status.text()
    for sw in stations:
        sw.close()


def test_the_congress_dialog_takes_a_units_package_its_review_and_the_preparatory_meeting(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    from app.core.signing import keys
    from app.core.workflow import Election
    from app.gui.pages.congress_page import CongressDialog
    from tests.fixtures.congress import delegate_names, unit_package
    from tests.fixtures.signing_demo import ROOT_ORG

    i18n.set_language("zh_CN")
    root = keys.create_root(ROOT_ORG)
    package = tmp_path / "unit.vdpkg"
    package.write_bytes(unit_package(tmp_path / "unit.votedesk", root, "第一党总支", delegate_names(6), 5))
    e = Election.create(tmp_path / "congress.votedesk")
    e.set_organization("中共示例机关委员会", "party_committee")
    e.set_election("delegate_congress")
    dialog = CongressDialog(None, e, Canned())
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.width() <= 1024 and dialog.height() <= 768
    dialog._add_unit("第一党总支", 5)  # noqa: SLF001
    dialog._add_unit("第二党总支", 5)  # noqa: SLF001
    dialog.save_units()
    dialog.import_packages([str(package)], trust=keys.cert_pem(root.cert))
    assert "已列入代表名册" in dialog.status.text()
    assert dialog.roll.rowCount() == 5 and "第二党总支" in dialog.missing.text()
    assert dialog.roll.item(0, 3).text() == "资格有效"
    dialog.roll.item(0, 3).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.roll.item(0, 3).text() == "资格无效"  # the label follows the tick
    dialog.roll.item(0, 4).setText("已调离本单位")
    dialog.save_review()
    assert [d.qualified for d in e.congress_delegates()] == [False, True, True, True, True]
    dialog.present.setValue(4)
    dialog.agenda.setPlainText("选举新一届党委委员\n选举新一届纪委委员")
    names = [d.name for d in e.congress_delegates()[1:]]
    dialog.presidium.setText("、".join(names[:3]))
    dialog.secretary_general.setText(names[3])
    for spin in dialog.votes.values():
        spin.setValue(4)
    dialog.hold()
    assert "第二党总支" in dialog.status.text()  # a unit has not reported: refused, in Chinese
    dialog.reduce()
    assert "请选择主席团决定减少名额的职务" in dialog.status.text() and "#" not in dialog.status.text()
    e.add_post("committee_member", 5)  # set up while the dialog is open
    tabs = dialog.findChild(QTabWidget)
    tabs.setCurrentIndex(tabs.count() - 1)
    assert dialog.post.count() == 1  # the presidium's tab lists the posts as they are now
    dialog.reduce()
    assert "预备会议" in dialog.status.text()  # no presidium yet: nothing it could decide
    if SHOTS:
        tabs.setCurrentIndex(0)
        dialog.grab().save(str(SHOTS / "congress-units.png"))
    e.close()


def test_the_congress_dialog_shows_iso_dates_names_the_organization_and_corrects_the_preparatory_meeting(
        qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    from app.core.signing import keys
    from app.core.workflow import Election
    from app.gui.pages.congress_page import CongressDialog
    from tests.fixtures.congress import delegate_names, unit_package
    from tests.fixtures.signing_demo import ROOT_ORG

    i18n.set_language("zh_CN")
    root = keys.create_root(ROOT_ORG)
    package = unit_package(tmp_path / "unit.votedesk", root, "第一党总支", delegate_names(6), 5)
    e = Election.create(tmp_path / "congress.votedesk")
    e.set_election("delegate_congress")
    prompts = Canned()
    dialog = CongressDialog(None, e, prompts)
    qtbot.addWidget(dialog)
    dates = dialog.findChildren(QDateEdit)
    assert len(dates) == 3 and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d.text()) for d in dates), [d.text() for d in dates]
    assert "还没有填写党组织名称" in dialog.org.text() and "筹备" in dialog.org.text()
    dialog.save_papers()  # no name to head the papers with: it says where to enter it, and asks for no folder
    assert "筹备" in dialog.status.text()  # Canned has no folder to give: asking would fail
    e.set_organization("中共示例机关委员会", "party_committee")
    dialog.refresh()
    assert "中共示例机关委员会" in dialog.org.text()
    dialog._add_unit("第一党总支", 5)  # noqa: SLF001
    dialog.save_units()
    (tmp_path / "unit.vdpkg").write_bytes(package)
    dialog.import_packages([str(tmp_path / "unit.vdpkg")], trust=keys.cert_pem(root.cert))
    dialog.save_review()
    names = [d.name for d in e.congress_delegates()]
    dialog.present.setValue(5)
    dialog.agenda.setPlainText("选举新一届党委委员")
    dialog.presidium.setText("、".join(names[:3]))
    dialog.secretary_general.setText(names[4])  # a slip, corrected below
    for spin in dialog.votes.values():
        spin.setValue(5)
    dialog.hold()
    assert e.congress_preparatory()["secretary_general"] == names[4], dialog.status.text()
    assert dialog.hold_button.text().startswith("更正") and dialog.secretary_general.text() == names[4]
    dialog.secretary_general.setText(names[3])
    dialog.hold()
    assert e.congress_preparatory()["secretary_general"] == names[3] and "已更正" in dialog.status.text()
    if SHOTS:
        tabs = dialog.findChild(QTabWidget)
        for i, name in ((1, "congress-review.png"), (2, "congress-prep.png")):
            tabs.setCurrentIndex(i)
            dialog.grab().save(str(SHOTS / name))
    from app.core.congress.papers import papers_data

    assert papers_data(e.db).org.name == "中共示例机关"  # the papers are headed 中共示例机关党员代表大会
    e.close()


def test_a_station_kit_opened_from_file_open_goes_to_station_mode(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    i18n.set_language("zh_CN")
    e, rid, _names = congress_round(tmp_path / "congress.votedesk", 10, 6, 5)
    assert e.set_boxes(rid, [("第一箱", 10)]).ok
    kit = tmp_path / "第一计票组.vdkit"
    kit.write_bytes(e.issue_kit(rid, "第一计票组", ["第一箱"]).value)
    code = e.station_progress(rid)[0].kit_code
    e.close()
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_file(str(kit))  # as File ▸ Open or a double-click on the kit does
    sw = window.station_window
    qtbot.addWidget(sw)
    assert sw.station.code == code and [sw.box.itemText(i) for i in range(sw.box.count())] == ["第一箱"]
    sw.close()
    window.open_file(str(tmp_path / "第一计票组.vdstation"))  # the station file it made opens again in station mode
    qtbot.addWidget(window.station_window)
    assert window.station_window is not sw and window.station_window.station.code == code
    window.station_window.close()


@pytest.mark.slow
def test_a_whole_congress_through_its_own_windows(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    """Units' packages, review and preparatory meeting in the congress dialog; the committee round counted by two
    station windows (a partial re-imported, a box keyed at two stations, a flipped byte: each refused in Chinese);
    the rest through the core as the pages do it; the package verified upward."""
    import datetime as dt

    from app.core.signing import keys
    from app.core.signing.verify import verify_package
    from tests.core.congress.test_whole_congress import DAY, PLACE, UNITS, _plenary, _posts, _round, _units, Size
    from tests.fixtures.congress import ORG
    from tests.fixtures.signing_demo import ROOT_ORG, branch_of

    i18n.set_language("zh_CN")
    root = keys.create_root(ROOT_ORG)
    packages = _units(tmp_path, root, 5)
    for u, data in packages.items():
        (tmp_path / f"{u}.vdpkg").write_bytes(data)
    path = tmp_path / "congress.votedesk"
    _congress_file(path)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_file(str(path))
    e = window.session.election
    window.congress_prompts = Canned(save=[], open=[])
    congress_menu.show_congress(window)
    cd = window.congress_dialog
    for u in UNITS:
        cd._add_unit(u, 5)  # noqa: SLF001
    cd.save_units()
    cd.import_packages([str(tmp_path / f"{u}.vdpkg") for u in UNITS], trust=keys.cert_pem(root.cert))
    assert cd.missing.text() == "" and cd.roll.rowCount() == 15
    cd.save_review()
    delegates = [d.name for d in e.congress_delegates()]
    cd.present.setValue(15)
    cd.agenda.setPlainText("选举新一届党委委员\n选举新一届纪委委员")
    cd.presidium.setText("、".join(delegates[:5]))
    cd.secretary_general.setText(delegates[5])
    for spin in cd.votes.values():
        spin.setValue(15)
    cd.hold()
    assert e.congress_preparatory() is not None, cd.status.text()

    size = Size(per_unit=5, committee=(7, 5), discipline=(4, 3), stations=2)
    posts = _posts(e, delegates, size)
    meeting = e.open_meeting()
    e.sign_in(meeting, [e.member_id(n) for n in delegates])
    assert e.adopt_method(meeting, "党员代表大会选举办法", 15).ok
    assert e.appoint_scrutineers(meeting, [(e.member_id(delegates[0]), "chief_scrutineer")]).ok
    for key, (_c, seats) in (("committee", size.committee), ("discipline", size.discipline)):
        rid, ballots = _round(e, posts[key], 15, seats)
        by_box = split(ballots, 2)
        kits = [str(tmp_path / f"{key}{i}.vdkit") for i in range(3)]
        parts = [str(tmp_path / f"{key}{i}.vdpart") for i in range(3)]
        window.congress_prompts = Canned(save=[kits[0], kits[1], kits[2], parts[0], parts[1], parts[2]],
                                         open=list(kits))
        congress_menu.show_stations(window)
        sd = window.stations_dialog
        for name, b in by_box.items():
            sd._add_box(name, len(b))  # noqa: SLF001
        sd.split()
        for i, boxes in enumerate(([0], [1], [1])):  # the third group is given box 2 again
            sd.station.setText(f"第{i + 1}计票组")
            for j in range(sd.kit_boxes.count()):
                sd.kit_boxes.item(j).setCheckState(Qt.CheckState.Checked if j in boxes else Qt.CheckState.Unchecked)
            sd.issue()
        for i in range(3):
            congress_menu.open_station_window(window)
            sw = window.station_window
            qtbot.addWidget(sw)
            box = sw.box.itemText(0)
            _key(sw, by_box[box], list(e.printed_names(rid)))
            sw.second.setChecked(True)
            _key(sw, by_box[box], list(e.printed_names(rid)))
            sw.tellers.setText("计票人甲、计票人乙")
            sw.export()
            sw.close()
        flipped = bytearray(Path(parts[0]).read_bytes())
        flipped[len(flipped) // 2] ^= 0x04
        (tmp_path / "flipped.vdpart").write_bytes(bytes(flipped))
        sd.import_counts([str(tmp_path / "flipped.vdpart")])
        assert "签名核验不通过" in sd.status.text() or "损坏" in sd.status.text()
        sd.import_counts([parts[0]])
        sd.import_counts([parts[0]])
        assert "已经导入过" in sd.status.text()
        sd.import_counts([parts[1]])
        sd.import_counts([parts[2]])
        assert "只能计一次" in sd.status.text()
        sd.count()
        assert next(r for r in e.rounds() if r.id == rid).closed, sd.status.text()
    _plenary(e, posts, "party", e.elected(posts["committee"]), ["secretary", "deputy"])
    _plenary(e, posts, "discipline", e.elected(posts["discipline"]), ["d_secretary"])
    e.record_reply("secretary", "示国资党委〔2026〕35号", "2026-06-25")
    assert e.mark_official(delegates[0]).ok
    data = e.result_package(branch_of(root, ORG.committee), dt.date(2026, 6, 26))
    assert verify_package(data, keys.cert_pem(root.cert)).ok
    assert (DAY, PLACE) == (e.election_info()["meeting_date"], e.election_info()["place"])


def _congress_file(path: Path) -> None:
    """The congress's file as the setup page leaves it: organization, body, date and place, the approval."""
    from app.core.workflow import Election
    from tests.core.congress.test_whole_congress import DAY, PLACE
    from tests.fixtures.congress import ORG

    e = Election.create(path)
    e.set_organization(ORG.committee, "party_committee", higher_org=ORG.higher_level)
    e.set_election("delegate_congress", 5, DAY, PLACE)
    e.record_request("示机党〔2026〕3号", "2026-04-01")
    e.record_reply("hold_election", "示国资党委〔2026〕21号", "2026-04-20")
    e.close()
