"""The counting page's scanning tab (issue 17): a folder read in the background, the doubt decided with the keys."""
from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt

from app.core.documents import ballot_plan, election_info, organization
from app.core.reports.ballot import ballot_pdf
from app.core.storage import ballots as sb
from app.gui.worker import wait_for_background
from tests.core.scan.corpus import corpus
from tests.gui.helpers import answer_yes, demo_window


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


@pytest.mark.slow
def test_a_whole_round_counted_from_scans_then_closed_and_its_images_deleted(qtbot, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QMessageBox

    answer_yes(monkeypatch)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    window = demo_window(qtbot, tmp_path)
    page = window.stack.currentWidget()
    n, returned = len(page.view.candidates), page.view.returned
    rnd = random.Random(5)
    marks = [[rnd.choice(("yes", "yes", "no", "empty")) for _ in range(n)] for _ in range(returned - 1)]
    marks.append(["scribble"] + ["no"] * (n - 1))
    _scans(page, tmp_path / "scans", marks)
    tab = page.scan_tab
    tab.share.setValue(10)
    tab.read(tmp_path / "scans")
    assert wait_for_background()
    qtbot.waitUntil(lambda: tab.folder_button.isEnabled(), timeout=60000)
    tab.reviewer.setText("监票人甲")
    while tab.list.count():
        p = tab.current
        if p.state == "check":  # keyed from the paper: here, the marks the page was drawn with
            truth = marks[int(p.name.split("-")[1].split(".")[0])]
            qtbot.keyClicks(tab.entry.grid, "".join({"yes": "1", "no": "2", "empty": "0"}.get(t, "9") for t in truth))
        else:
            qtbot.keyClicks(tab.entry.grid, "2" * sum(m is None for m in tab.entry.marks))
        qtbot.keyClick(tab.entry.grid, Qt.Key.Key_Return)
    assert page.count.valid + page.count.invalid == returned
    page.close_round()
    assert page.view.closed
    assert list((tmp_path / "scans").iterdir()) == []


def test_the_scrutineer_finds_the_sampled_sheet_reads_every_refusal_and_sees_counted_against_returned(
        qtbot, tmp_path) -> None:  # noqa: ANN001
    from PIL import Image

    from app.core.i18n import _
    from app.core.workflow.scanning import page_place

    window = demo_window(qtbot, tmp_path)
    window.resize(1024, 738)
    page = window.stack.currentWidget()
    n = len(page.view.candidates)
    clean = (["yes", "no", "empty"] * n)[:n]
    _scans(page, tmp_path / "scans", [clean, ["tick"] + clean[1:], clean])
    Image.new("L", (1200, 1600), 255).save(tmp_path / "scans" / "other.jpg")  # no ballot: refused with a long reason
    tab = page.scan_tab
    page.tabs.setCurrentWidget(tab)
    tab.share.setValue(100)  # every page read with certainty is drawn for keying by hand
    tab.read(tmp_path / "scans")
    assert wait_for_background()
    qtbot.waitUntil(lambda: tab.folder_button.isEnabled(), timeout=20000)

    def figures() -> str:
        return _("Counted {counted} of {returned} returned · {waiting} waiting for a person · "
                 "{refused} pages not counted").format(counted=page.count.valid + page.count.invalid,
                                                       returned=page.view.returned, waiting=len(tab.queue), refused=1)

    # 3. counted against returned, prominently, and updated when a page is decided
    assert len(tab.queue) == 3 and tab.figures.isVisible() and tab.figures.text() == figures()
    assert f" {page.view.returned} " in tab.figures.text()
    # 1. a sampled page: its place in the pile and its image, bare (no frames: the reading stays hidden)
    row = next(i for i, p in enumerate(tab.queue) if p.state == "check")
    tab.list.setCurrentRow(row)
    p = tab.current
    place = page_place(p)
    assert place is not None and place[1] == 4 and p.name.startswith("scan-")
    text = tab.page_label.text()
    assert str(place[0]) in text and str(place[1]) in text and p.name in text and "scans" in text
    shown = tab.image.pixmap().toImage()
    assert not shown.isNull() and shown.allGray()  # green/red frames would colour it
    assert tab.entry.marks == [None] * n  # keyed blind
    before = page.count.valid
    tab.reviewer.setText("监票人甲")
    qtbot.keyClicks(tab.entry.grid, "".join({"yes": "1", "no": "2", "empty": "0"}[m] for m in clean))
    qtbot.keyClick(tab.entry.grid, Qt.Key.Key_Return)
    assert page.count.valid == before + 1 and len(tab.queue) == 2 and tab.figures.text() == figures()
    # 2. the refusal's whole reason wraps inside the list (no sideways scrolling), its tooltip tells it too
    tab.lists.setCurrentWidget(tab.refused)
    qtbot.waitUntil(lambda: tab.refused.isVisible())
    item = tab.refused.item(0)
    assert "other.jpg" in item.text() and item.toolTip() == item.text()
    rect = tab.refused.visualItemRect(item)
    assert tab.refused.horizontalScrollBar().maximum() == 0
    assert rect.right() <= tab.refused.viewport().width()
    needed = tab.refused.fontMetrics().horizontalAdvance(item.text())
    assert needed > rect.width() and rect.height() >= 2 * tab.refused.fontMetrics().height()  # wrapped, not cut


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_scanning_tab_with_pages_read_fits_1024x768(qtbot, tmp_path, qapp, language) -> None:  # noqa: ANN001
    from PIL import Image

    from app.core import i18n
    from app.gui.application import load_font
    from tests.gui.test_screen_fit import check, fit_window

    load_font(qapp)
    i18n.set_language(language)
    try:
        window = demo_window(qtbot, tmp_path)
        fit_window(window)
        page = window.stack.currentWidget()
        n = len(page.view.candidates)
        clean = (["yes", "no", "empty"] * n)[:n]
        _scans(page, tmp_path / "scans", [clean, ["tick"] + clean[1:], clean])
        Image.new("L", (1200, 1600), 255).save(tmp_path / "scans" / "other.jpg")
        tab = page.scan_tab
        page.tabs.setCurrentWidget(tab)
        tab.share.setValue(50)
        tab.read(tmp_path / "scans")
        assert wait_for_background()
        qtbot.waitUntil(lambda: tab.folder_button.isEnabled(), timeout=20000)
        found: list[str] = []
        for row in range(tab.list.count()):  # a page to decide, and a page drawn for keying by hand
            tab.list.setCurrentRow(row)
            found += check(window, f"{language}/scan-page{row}", [])
        for i in range(tab.lists.count()):
            tab.lists.setCurrentIndex(i)
            found += check(window, f"{language}/scan-list{i}", [])
        assert not found, "\n".join(found)
    finally:
        i18n.set_language("en")
