"""No two controls shown together share an Alt-key mnemonic, in English and in Chinese.

A scope is everything visible in one window at one time: the main window's menu bar, the current page with
its step button and, for a page with tabs, each tab in turn together with the tab bar and what lies outside
the tabs (a hidden tab's controls take no Alt key). Every dialog reachable from the menus and pages is its
own scope. A clash makes Alt+letter only move the focus between the controls instead of acting, and a
letter also used by the menu bar opens the menu instead: both cost a tired operator a wrong step at night.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton, QApplication, QDialog, QGroupBox, QLabel, QMainWindow, QTabBar, QTabWidget, QWidget,
)

from app.core import i18n
from tests.gui.helpers import demo_window

REPO = Path(__file__).resolve().parents[2]
PO = REPO / "resources" / "translations" / "zh_CN.po"


def mnemonic(text: str) -> str | None:
    """Qt's mnemonic letter of ``text`` (lower case): the character after a single "&"; "&&" is a literal "&"."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1
        i += 1
    return None


def test_mnemonic_reads_like_qt() -> None:
    assert mnemonic("Save the &organization") == "o"
    assert mnemonic("保存(&S)…") == "s"
    assert mnemonic("Tom && Jerry") is None and mnemonic("Tom && &Jerry") == "j" and mnemonic("end&") is None


def shown_texts(window: QWidget) -> list[str]:
    """The texts carrying an Alt key in ``window`` right now: menu bar, buttons, buddied labels, group boxes, tabs."""
    texts: list[str] = []
    if isinstance(window, QMainWindow):
        texts += [a.text() for a in window.menuBar().actions() if a.isVisible()]
    texts += [b.text() for b in window.findChildren(QAbstractButton) if b.isVisible()]
    texts += [label.text() for label in window.findChildren(QLabel) if label.isVisible() and label.buddy() is not None]
    texts += [g.title() for g in window.findChildren(QGroupBox) if g.isVisible()]
    for bar in window.findChildren(QTabBar):
        if bar.isVisible():
            texts += [bar.tabText(i) for i in range(bar.count())]
    return texts


def clashes(texts: list[str]) -> dict[str, list[str]]:
    """Letter -> the texts sharing it, for every letter used more than once."""
    by_letter: dict[str, list[str]] = {}
    for text in texts:
        letter = mnemonic(text)
        if letter is not None:
            by_letter.setdefault(letter, []).append(text)
    return {k: v for k, v in sorted(by_letter.items()) if len(v) > 1}


def unbuddied(window: QWidget) -> list[str]:
    """Visible labels with a mnemonic but no buddy: Qt shows the "&" itself and the key does nothing."""
    return [label.text() for label in window.findChildren(QLabel)
            if label.isVisible() and label.buddy() is None and mnemonic(label.text()) and "<" not in label.text()]


def _outer_tabs(container: QWidget) -> list[QTabWidget]:
    """The tab widgets in ``container`` not nested inside another of its tab widgets."""
    found = []
    for tabs in container.findChildren(QTabWidget):
        parent = tabs.parentWidget()
        while parent is not None and parent is not container and not isinstance(parent, QTabWidget):
            parent = parent.parentWidget()
        if parent is container or parent is None:
            found.append(tabs)
    return found


def tab_states(pending: list[QTabWidget]) -> Iterator[str]:
    """Show every combination of tabs (nested ones too); yields a name for each state."""
    if not pending:
        yield ""
        return
    tabs, rest = pending[0], pending[1:]
    before = tabs.currentIndex()
    for i in range(tabs.count()):
        tabs.setCurrentIndex(i)
        for name in tab_states(_outer_tabs(tabs.widget(i)) + rest):
            yield f" / tab {tabs.tabText(i)!r}{name}"
    tabs.setCurrentIndex(before)


def check_window(window: QWidget, scope: str, found: dict[str, object]) -> None:
    QApplication.processEvents()
    bad = clashes(shown_texts(window))
    if bad:
        found[scope] = bad
    loose = unbuddied(window)
    if loose:
        found[scope + " (labels without a buddy)"] = loose


def check_pages(window, found: dict[str, object], stop: str) -> None:  # noqa: ANN001
    for step in [s.id for s in window.session.steps()]:
        window.go_to(step)
        page = window.stack.currentWidget()
        assert page.step == step
        for state in tab_states(_outer_tabs(page)):
            check_window(window, f"{stop} page {step}{state}", found)
        if show_hidden_parts(page):
            for state in tab_states(_outer_tabs(page)):
                check_window(window, f"{stop} page {step} (parts shown only in some states){state}", found)


def show_hidden_parts(page) -> bool:  # noqa: ANN001
    """Show what a page shows only in some states of the election; False if it has none."""
    from types import SimpleNamespace

    shown = False
    for counting in [p for p in (page, getattr(page, "counting", None)) if p is not None and hasattr(p, "teller_b")]:
        for w in (counting.teller_a, counting.teller_b, counting.diff):  # double entry on
            w.show()
        shown = True
    if hasattr(page, "official_form"):  # no PIN set: the chief's name is typed
        page.official_form.setRowVisible(page.official_by, True)
        shown = True
    if hasattr(page, "next_layout"):  # every kind of further round, due for some post at once
        post = page.session.election.assembly_posts()[0]
        reason = SimpleNamespace(message=lambda: "…")
        for kind in ("tie_revote", "additional", "formal", "reduce_seats"):
            n = SimpleNamespace(kind=kind, seats=1, candidates=("张伟", "陈静"), reason=reason)
            page.next_layout.addWidget(page._next_round_row(post, n))
        shown = True
    return shown


def check_dialogs(window, found: dict[str, object], tmp_path: Path) -> None:  # noqa: ANN001
    from app.core.rollimport import preview
    from app.gui.dialogs.audit_dialog import AuditDialog
    from app.gui.dialogs.import_dialog import ImportPreviewDialog
    from app.gui.dialogs.incidents_dialog import IncidentsDialog
    from app.gui.dialogs.signing_dialogs import ChiefDialog, ChiefPinDialog, ChiefRequest, PassphraseDialog

    csv = tmp_path / "roll.csv"
    csv.write_text("姓名,性别,出生日期,民族,入党时间,党员类别\n钱坤,男,1970-01-02,汉族,1995-07-01,正式党员\n", encoding="utf-8-sig")
    dialogs: list[tuple[str, QDialog]] = [
        ("incidents", IncidentsDialog(window.session, window)),
        ("audit log", AuditDialog(window.session, window)),
        ("key passphrase", PassphraseDialog("t", "x", False, window)),
        ("new key passphrase", PassphraseDialog("t", "x", True, window)),
        ("chief confirmation", ChiefDialog(ChiefRequest("x", "org", "AB:CD", official=False), window)),
        ("chief confirmation without PIN", ChiefDialog(ChiefRequest("x", pin=False), window)),
        ("chief PIN", ChiefPinDialog("王", True, window)),
        ("roll import preview", ImportPreviewDialog(preview(csv), window)),
        ("PDF preview", _pdf_preview(window)),
    ]
    for name, dialog in dialogs:
        dialog.show()
        check_window(dialog, f"dialog {name}", found)
        dialog.close()
        dialog.deleteLater()


def _pdf_preview(window) -> QDialog:  # noqa: ANN001
    import pypdfium2 as pdfium

    from app.gui.dialogs.pdf_preview import PdfPreviewDialog
    from app.gui.doc_actions import DocumentActions
    from app.gui.prompts import Prompts

    doc = pdfium.PdfDocument.new()
    doc.new_page(595, 842)
    out = Path(window.session.path).with_suffix(".pdf")
    doc.save(str(out))
    return PdfPreviewDialog(out.read_bytes(), "t", "t.pdf", DocumentActions(window, Prompts(window)), window)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_no_two_controls_shown_together_share_an_alt_key(qtbot, tmp_path, lang) -> None:  # noqa: ANN001
    i18n.set_language(lang)
    found: dict[str, object] = {}
    from app.gui.main_window import MainWindow

    start = MainWindow()
    qtbot.addWidget(start)
    start.show()
    start._fill_menus()
    start.show_start()
    check_window(start, "start page", found)
    for stop in ("counting", None):
        (tmp_path / str(stop)).mkdir()
        window = demo_window(qtbot, tmp_path / str(stop), stop_at=stop)
        check_pages(window, found, f"demo at {stop}:")
        if stop is None:
            check_dialogs(window, found, tmp_path)
    assert not found, "\n".join(f"{scope}: {bad}" for scope, bad in found.items())


def test_menus_have_no_clash_inside(qtbot, tmp_path) -> None:  # noqa: ANN001
    for lang in ("en", "zh_CN"):
        i18n.set_language(lang)
        (tmp_path / lang).mkdir()
        window = demo_window(qtbot, tmp_path / lang)
        for action in window.menuBar().actions():
            texts = [a.text() for a in action.menu().actions() if not a.isSeparator()]
            assert not clashes(texts), (lang, action.text(), clashes(texts))


def test_chinese_keeps_the_letter_of_every_gui_mnemonic() -> None:
    """Each msgid of app/gui with a mnemonic: its Chinese text ends the word with the same "(&X)", once."""
    catalogue = i18n.parse_po(PO.read_text(encoding="utf-8"))
    wrong = []
    for msgid, text in catalogue.items():
        if mnemonic(msgid):
            letters = re.findall(r"\(&(\w)\)", text)
            if [x.lower() for x in letters] != [mnemonic(msgid)] or mnemonic(text) != mnemonic(msgid):
                wrong.append((msgid, text))
    assert not wrong, wrong
