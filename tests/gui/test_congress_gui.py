"""The congress in the GUI (issue 16): two teller groups count a round at their own station windows, keyed with
QTest, and the main station imports their signed counts (a re-import refused) and counts the round from them."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

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
    dialog.roll.item(0, 3).setCheckState(Qt.CheckState.Unchecked)
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
    assert "预备会议" in dialog.status.text()  # no presidium yet: nothing it could decide
    if SHOTS:
        dialog.grab().save(str(SHOTS / "congress-units.png"))
    e.close()
