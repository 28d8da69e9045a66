"""The counting page's scanning tab (issue 17): a folder read in the background, the doubt decided with the keys."""
from __future__ import annotations

import random

from PySide6.QtCore import Qt

from app.core.documents import ballot_plan, election_info, organization
from app.core.reports.ballot import ballot_pdf
from app.core.storage import ballots as sb
from app.gui.worker import wait_for_background
from tests.core.scan.corpus import corpus
from tests.gui.helpers import demo_window


def _scans(page, folder, marks_per_page):  # noqa: ANN001, ANN202
    """Pages marked on the demo round's own ballot."""
    e, rid, m = page.session.election, page.view.id, corpus()
    db = e.ctx.db
    spec = ballot_plan(db)[[r.id for r in sb.rounds(db)].index(rid)][0]
    lay = e.scan_layout(rid)
    base = m.cut_ballot(ballot_pdf(organization(db), election_info(db), spec, 1, None), lay, 150)
    folder.mkdir()
    for i, boxes in enumerate(marks_per_page):
        img, _t = m.make_page(m.Plan("x", 150, "clean", i == 1, False, 0), random.Random(i), lay, base, boxes=boxes,
                              odd_share=0.0)
        img.save(folder / f"scan-{i}.png", dpi=(150, 150))


def test_a_folder_is_read_and_the_doubt_decided_with_the_keying_keys(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = demo_window(qtbot, tmp_path)
    page = window.stack.currentWidget()
    assert page.step == "counting" and page.view is not None
    n = len(page.view.candidates)
    clean = (["yes", "no", "empty"] * n)[:n]
    odd = ["tick"] + clean[1:]
    _scans(page, tmp_path / "scans", [clean, clean, odd])
    tab = page.scan_tab
    page.tabs.setCurrentWidget(tab)
    tab.share.setValue(0)
    tab.read(tmp_path / "scans")
    assert wait_for_background()
    qtbot.waitUntil(lambda: tab.folder_button.isEnabled(), timeout=20000)
    assert page.count.valid == 2
    assert tab.list.count() == 1 and tab.image.pixmap() is not None and not tab.image.pixmap().isNull()
    assert tab.entry.position == 0  # the cursor on the box in doubt
    tab.reviewer.setText("监票人甲")
    qtbot.keyClicks(tab.entry.grid, "1")
    qtbot.keyClick(tab.entry.grid, Qt.Key.Key_Return)
    assert page.count.valid == 3 and page.count.tallies[page.view.candidates[0]].yes == 3
    assert tab.list.count() == 0
    assert [x.event for x in page.session.election.audit_entries()][-2:] == ["ballot_recorded", "scan_decided"]
