"""Every page fits a 1024×768 screen in both languages: nothing clipped, no sideways scroll bar (issue 11 item 9)."""
from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any, Callable

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox, QLabel,
    QMainWindow, QScrollBar, QTabWidget, QWidget,
)

from app.core import demo, i18n
from app.core.workflow import Election
from app.gui.main_window import MainWindow
from app.gui.worker import wait_for_background

SCREEN = (1024, 768)
TITLE_BAR = 30  # offscreen windows have no frame: the client area of a maximized window is this much shorter
STEPS = ("setup", "roll", "nomination", "candidates", "sign_in", "method", "ballots", "counting", "results", "plenary",
         "report")
SHOTS = os.environ.get("VOTEDESK_FIT_SHOTS")  # a folder: every checked view is also saved there as a PNG


# ---- realistic states: the demo election stopped at each stage ---------------------------------------
def _prep(*stages: Callable[[Election, dict[str, int]], Any]) -> Callable[[Path], Path]:
    def make(path: Path) -> Path:
        e = Election.create(path)
        try:
            posts = demo._setup(e)  # noqa: SLF001 - the demo's own steps give realistic states
            for stage in stages:
                stage(e, posts)
        finally:
            e.close()
        return path
    return make


def _roll(e: Election, _posts: dict[str, int]) -> None:
    demo._roll_and_exclusion(e)  # noqa: SLF001


def _candidates(e: Election, posts: dict[str, int]) -> None:
    demo._candidates(e, posts)  # noqa: SLF001


def _meeting(e: Election, _posts: dict[str, int]) -> None:
    demo._meeting(e)  # noqa: SLF001


def _formal_round(e: Election, posts: dict[str, int]) -> None:
    """The formal round closed with a tie for the last seat: the results page offers the re-vote."""
    demo._formal_round(e, posts, random.Random(2024), False)  # noqa: SLF001


def _shortfall(e: Election, posts: dict[str, int]) -> None:
    """The formal round closed with nobody voting for two of the six: a seat unfilled, an additional round or fewer
    seats offered (the widest further-round row, with its seat-reduction form)."""
    rid = e.open_round(posts["members"]).value
    e.issue_ballots(rid, 36)
    e.record_returned(rid, 36)
    names = e.round_info(rid).candidates
    demo._key(e, rid, [{"marks": {n: "yes" for n in names[:4]}}] * 36)  # noqa: SLF001
    e.close_round(rid)


def _demo(stop_at: str | None) -> Callable[[Path], Path]:
    return lambda path: demo.create_demo(path, stop_at=stop_at)


STATES: dict[str, Callable[[Path], Path]] = {
    "setup": _prep(), "roll": _prep(_roll), "candidates": _prep(_roll, _candidates),
    "meeting": _prep(_roll, _candidates, _meeting), "counting": _demo("counting"),
    "further_round": _prep(_roll, _candidates, _meeting, _formal_round),
    "shortfall": _prep(_roll, _candidates, _meeting, _shortfall), "complete": _demo(None),
}


# ---- the check -------------------------------------------------------------------------------------
def _rect_in(widget: QWidget, top: QWidget) -> QRect:
    return QRect(widget.mapTo(top, widget.rect().topLeft()), widget.size())


def _scrolls_vertically(parent: QWidget) -> bool:
    """A scroll area's viewport: its content may run below it (vertical scrolling is fine), never beside it."""
    area = parent.parent()
    return isinstance(area, QAbstractScrollArea) and area.viewport() is parent


def _inside_item_view(widget: QWidget, top: QWidget) -> bool:
    w = widget.parentWidget()
    while w is not None and w is not top:
        if isinstance(w, (QAbstractItemView, QComboBox, QAbstractSpinBox)):
            return True
        w = w.parentWidget()
    return False


def _name(widget: QWidget) -> str:
    text = widget.text() if hasattr(widget, "text") and callable(widget.text) else ""
    return f"{type(widget).__name__} {text!r}"[:120]


def problems(top: QWidget) -> list[str]:
    """Each visible widget that is cut off, squeezed below what it needs, or a sideways scroll bar shown.

    A widget whose parent is already reported is not listed again (everything inside a too-wide page runs off too).
    """
    found: dict[QWidget, str] = {}
    bounds = top.rect()
    for w in top.findChildren(QWidget):
        if not w.isVisible() or w.isWindow():
            continue
        if isinstance(w, QScrollBar):  # tables and lists included: a cut column is as bad as a cut page
            if w.orientation() == Qt.Orientation.Horizontal and w.maximum() > 0:
                found[w] = f"horizontal scroll bar in {_name(w.parentWidget().parentWidget())}"
            continue
        if _inside_item_view(w, top):
            continue
        rect, parent = _rect_in(w, top), w.parentWidget()
        if rect.right() > bounds.right() + 1 or rect.left() < -1:
            found[w] = f"{_name(w)} runs off the window: x {rect.left()}–{rect.right()} of {bounds.width()}"
        elif parent is not None and parent is not top:
            p = _rect_in(parent, top)
            if rect.right() > p.right() + 1 or rect.left() < p.left() - 1:
                found[w] = f"{_name(w)} runs beside {_name(parent)}: x {rect.left()}–{rect.right()} of {p.left()}–{p.right()}"
            elif not _scrolls_vertically(parent) and rect.bottom() > p.bottom() + 1:
                found[w] = f"{_name(w)} runs below {_name(parent)}: y {rect.bottom()} > {p.bottom()}"
        if w in found:
            continue
        if isinstance(w, (QAbstractButton, QComboBox)) and w.width() + 1 < w.sizeHint().width():
            found[w] = f"{_name(w)} is narrower ({w.width()}) than its text needs ({w.sizeHint().width()})"
        elif isinstance(w, QLabel) and not w.wordWrap() and w.text() and w.width() + 1 < w.minimumSizeHint().width():
            found[w] = f"{_name(w)} is cut: {w.width()} < {w.minimumSizeHint().width()}"
    return [text for w, text in found.items() if not _has_reported_ancestor(w, found, top)]


def _has_reported_ancestor(widget: QWidget, found: dict[QWidget, str], top: QWidget) -> bool:
    w = widget.parentWidget()
    while w is not None and w is not top:
        if w in found:
            return True
        w = w.parentWidget()
    return False


def settle() -> None:
    for _ in range(3):
        wait_for_background(2000)
        QApplication.processEvents()


def fit_window(window: QMainWindow) -> None:
    """The window maximized on a 1024×768 screen: its frame is the screen's available area."""
    window.resize(SCREEN[0], SCREEN[1] - TITLE_BAR)
    window.show()
    settle()


def check(top: QWidget, what: str, shots: list[str]) -> list[str]:
    settle()
    size = top.size()
    too_big = size.width() > SCREEN[0] or size.height() > SCREEN[1]
    out = [f"{what}: the window needs {size.width()}×{size.height()}"] if too_big else []
    out += [f"{what}: {p}" for p in problems(top)]
    if SHOTS:
        name = what.replace("/", "-").replace(" ", "_")
        top.grab().save(str(Path(SHOTS) / f"{name}.png"))
        shots.append(name)
    return out


def each_tab(page: QWidget) -> list[tuple[QTabWidget, int]]:
    return [(tabs, i) for tabs in page.findChildren(QTabWidget) for i in range(tabs.count())]


@pytest.fixture(params=["zh_CN", "en"])
def lang(request, qapp):  # noqa: ANN001, ANN201
    from app.gui.application import load_font

    load_font(qapp)
    i18n.set_language(request.param)
    return request.param


@pytest.mark.parametrize("state", list(STATES))
def test_every_page_fits_1024x768(qtbot, tmp_path, lang, state) -> None:  # noqa: ANN001
    path = STATES[state](tmp_path / f"{state}.votedesk")
    window = MainWindow()
    qtbot.addWidget(window)
    fit_window(window)
    window.open_file(str(path))
    found: list[str] = []
    shots: list[str] = []
    for step in STEPS:
        window.go_to(step)
        page = window.stack.currentWidget()
        found += check(window, f"{lang}/{state}/{step}", shots)
        for tabs, i in each_tab(page):
            if i > 0 and tabs.isVisible():
                tabs.setCurrentIndex(i)
                found += check(window, f"{lang}/{state}/{step}-tab{i}", shots)
                tabs.setCurrentIndex(0)
    window.close()
    assert not found, "\n".join(found)


def test_start_screen_fits(qtbot, tmp_path, lang) -> None:  # noqa: ANN001
    window = MainWindow()
    qtbot.addWidget(window)
    fit_window(window)
    window.show_start()
    assert not check(window, f"{lang}/start", [])


def _inside_screen(window: QWidget) -> None:
    available = window.screen().availableGeometry()
    frame = window.frameGeometry()
    assert available.contains(frame), f"{type(window).__name__} {frame} does not fit the screen's {available}"


def test_projector_and_pdf_preview_fit_the_screen_they_open_on(qtbot, tmp_path, lang) -> None:  # noqa: ANN001
    """Offscreen Qt's screen is 800×800: a fixed 1280×800 projector or a 1000-pixel-high preview would not fit."""
    import pypdfium2 as pdfium

    from app.gui.dialogs.pdf_preview import PdfPreviewDialog
    from app.gui.doc_actions import DocumentActions
    from app.gui.prompts import Prompts

    window = MainWindow()
    qtbot.addWidget(window)
    fit_window(window)
    window.open_file(str(demo.create_demo(tmp_path / "demo.votedesk", stop_at="counting")))
    page = window.stack.currentWidget()
    page.show_projector()
    settle()
    _inside_screen(page.projector)
    assert page.projector.width() >= 600  # still a large window for the hall
    assert not problems(page.projector)  # the type shrinks until the summary line and the table fit
    page.projector.close()
    doc = pdfium.PdfDocument.new()
    doc.new_page(595, 842)
    doc.save(str(tmp_path / "page.pdf"))
    preview = PdfPreviewDialog((tmp_path / "page.pdf").read_bytes(), "t", "t.pdf", DocumentActions(window, Prompts(window)),
                               window)
    preview.show()  # deletes itself on close
    _inside_screen(preview)
    assert not problems(preview)
    preview.close()


def test_higher_level_views_fit_1024x768(qtbot, tmp_path, lang) -> None:  # noqa: ANN001
    """The higher level's start screen and its three views, with branches registered and packages imported."""
    from app.core.higher.workspace import Workspace
    from app.gui.higher.window import HigherWindow
    from tests.gui.test_higher_window import (
        ONE, TWO, FakePrompts, branch_identity, headless_workspace, package_for, rule_breaking, wait,
    )

    folder = tmp_path / "示范区机关工委"
    folder.mkdir()
    root, _key, path = headless_workspace(folder)
    idents = [branch_identity(path, root, n) for n in (ONE, TWO, "中共示范区机关第三支部委员会")]
    Workspace.open(path).register_branch("中共示范区机关第十一支部委员会")
    window = HigherWindow()
    window.prompts = FakePrompts()
    qtbot.addWidget(window)
    fit_window(window)
    window.show_start()
    shots: list[str] = []
    found = check(window, f"{lang}/higher/start", shots)
    assert window.open_workspace(str(path))
    files = []
    for i, data in enumerate([package_for(idents[0]), package_for(idents[1]), rule_breaking(idents[2])]):
        files.append(tmp_path / f"{i + 1:02d}.vdpkg")
        files[-1].write_bytes(data)
    window.import_view.start([str(f) for f in files])
    wait(qtbot, window)
    for n, name in enumerate(("branches", "import", "overview")):
        window.show_view(n)
        if name == "branches":
            window.branches_view.table.selectRow(0)
        if name == "overview":
            window.overview_view.select(TWO)
        found += check(window, f"{lang}/higher/{name}", shots)
    # The overview's grid has twelve sortable, resizable columns (one row per branch, the line below it shows the
    # selected row in full): it alone may scroll sideways.
    grid = f"horizontal scroll bar in QTableView '{window.overview_view.table.objectName()}'"
    found = [f for f in found if not (f.endswith(grid) and "/overview:" in f)]
    window.close()
    assert not found, "\n".join(found)


def test_windows_open_no_larger_than_the_screen(qtbot) -> None:  # noqa: ANN001
    """First start (no saved geometry) on a screen smaller than 1280×820: the wizard and the higher level fit it."""
    from app.gui.higher.window import HigherWindow

    for cls in (MainWindow, HigherWindow):
        window = cls()
        qtbot.addWidget(window)
        window.show()
        _inside_screen(window)
        window.close()


def test_supervision_dialogs_fit_1024x768(qtbot, tmp_path, lang) -> None:  # noqa: ANN001
    """The audit log, the incident register and a dirty roll's import preview: nothing cut, no sideways scroll bar."""
    from app.core.rollimport import preview
    from app.gui.dialogs.audit_dialog import AuditDialog
    from app.gui.dialogs.import_dialog import ImportPreviewDialog
    from app.gui.dialogs.incidents_dialog import IncidentsDialog

    window = MainWindow()
    qtbot.addWidget(window)
    fit_window(window)
    window.open_file(str(demo.create_demo(tmp_path / "demo.votedesk")))
    found: list[str] = []
    csv = tmp_path / "名册.csv"  # a dirty roll: a refused row, a warning, a remark proposing a restriction
    csv.write_text("序号,姓名,性别,出生日期,入党时间,党员类别,备注\n1,张伟,男,1970-03-02,1995-07-01,正式党员,\n"
                   "2,李娜,女,1975.13,2001-07-01,正式党员,长期卧床\n3,王芳,女,1982-05-06,2010-06-01,群众,\n",
                   encoding="utf-8")
    dialogs = (("audit", AuditDialog(window.session, window)), ("incidents", IncidentsDialog(window.session, window)),
               ("roll-import", ImportPreviewDialog(preview(csv), window)))
    for name, dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        if name == "audit":
            dialog.verify()
        found += check(dialog, f"{lang}/dialog/{name}", [])
        dialog.close()
    assert not found, "\n".join(found)
