"""No half-English sentence in the Chinese UI: every msgstr, every registered message and every page's text."""
from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import app.core
from app.core import i18n
from app.core.i18n import parse_po

REPO = Path(__file__).resolve().parents[2]
PO = REPO / "resources" / "translations" / "zh_CN.po"

# Latin words the Chinese UI may show, each a name or a code the user meets as such:
ALLOWED = {
    # file formats, encodings and media the user picks or reads on a label (no Chinese names are in use)
    "PDF", "CSV", "XLSX", "XLS", "XML", "UTF-8", "GBK", "GB18030", "USB",
    # the revocation list's file extension in its file-dialog filter, 证书吊销列表 (*.crl)
    "crl",
    # technical fields: the chief scrutineer's PIN, the key file format, the package checksum
    "PIN", "PKCS#12", "SHA-256",
    # office suites named when a file must be re-saved; the paper size; file-size units (Chinese software writes MB)
    "Excel", "WPS", "A4", "KB", "MB",
    # the rehearsal watermark printed on every paper (app/core/reports/styles.py WATERMARK)
    "TEST",
    # Qt key names in shortcut hints and menus
    "Ctrl", "Shift", "Alt", "Enter", "Esc", "Tab", "Space", "Backspace", "Del", "Home", "End", "PgUp", "PgDown",
    # a placeholder's sample value: the pinyin initials of 张伟
    "zw",
    # the language menu names each language in itself
    "English",
}
KEYS = re.compile(r"^F\d{1,2}$")  # function keys (F5 projector, F8 spoiled)
LETTER = re.compile(r"^[A-Z]$")  # formula symbols (P, E, S, Y, I, R), U盘, a mnemonic letter
RULE_ID = re.compile(r"\bR\d+(?:\.\d+)?\b")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-#.][A-Za-z0-9]+)*")
# Data, not language: placeholders, mnemonics, file names with votedesk's or the office formats' extensions,
# paths, fingerprints and hashes.
DATA = [
    re.compile(r"\{[^}]*\}"), re.compile(r"%\w"), re.compile(r"\(&\w\)|&(?=\w)"), re.compile(r"<[^>]+>"),
    re.compile(r"[\w.*-]*\.(?:votedesk|vdpkg|vdhl|vdreply|pem|p12|pdf|csv|xlsx|xls|json|png)\b", re.I),
    re.compile(r"(?:[A-Za-z]:)?[/\\][^\s，。；：、（）()“”]+"),
    re.compile(r"\b[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){3,}\b"), re.compile(r"\b[0-9A-F]{4}(?:\s+[0-9A-F]{4}){2,}\b"),
    re.compile(r"\b(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{8,}\b"),
]


def latin_words(text: str, rule_ids: bool = False) -> list[str]:
    """The Latin words of ``text`` outside the allow-list (rule ids too unless ``rule_ids``)."""
    for pattern in DATA:
        text = pattern.sub(" ", text)
    if rule_ids:
        text = RULE_ID.sub(" ", text)
    return [w for w in WORD.findall(text) if w not in ALLOWED and not KEYS.match(w) and not LETTER.match(w)]


def test_the_scan_finds_english_and_passes_names_and_codes() -> None:
    assert latin_words("应选 3 名 (R5.1)") == ["R5.1"]
    assert latin_words("1 candidates for 1 seat(s)") == ["candidates", "for", "seat", "s"]
    assert latin_words("保存为 PDF(&P)…，按 Ctrl+Z 或 F8；root.pem 在 /media/usb/x 中；指纹 3F:A0:11:22:33") == []
    assert latin_words("登记了召开选举的请示（R4.1）。", rule_ids=True) == []
    assert latin_words("根证书 10F0 5A7B 71A9 489E…") == [] and latin_words("Rejected 5A7B") == ["Rejected", "A7B"]


@pytest.fixture
def chinese(qapp):  # noqa: ANN001, ANN201
    """Chinese as the app starts it: the bundled font, the catalogue and Qt's own translations."""
    from PySide6.QtCore import QLocale, QTranslator

    from app.gui.application import install_qt_translator, load_font

    load_font(qapp)
    i18n.set_language("zh_CN")
    before = set(qapp.findChildren(QTranslator))
    install_qt_translator(qapp, "zh_CN")
    yield
    for translator in set(qapp.findChildren(QTranslator)) - before:
        qapp.removeTranslator(translator)
    QLocale.setDefault(QLocale("en_US"))


def test_every_chinese_msgstr_is_chinese() -> None:
    from app.core import audit

    catalogue = parse_po(PO.read_text(encoding="utf-8"))
    audit_ids = set(audit.EVENTS.values())  # the audit log keeps each event's rule id
    bad = {msgid: (text, words) for msgid, text in catalogue.items()
           if (words := latin_words(text, rule_ids=msgid in audit_ids))}
    assert len(catalogue) > 500
    assert not bad, "\n".join(f"{k!r}: {v[0]!r} {v[1]}" for k, v in bad.items())


class _Sample(str):
    """A parameter value for any {field}, whatever its format spec."""

    def __format__(self, spec: str) -> str:
        return "3"


def _import_core() -> None:
    for info in pkgutil.walk_packages(app.core.__path__, "app.core."):
        importlib.import_module(info.name)  # every module that registers messages


def test_every_registered_message_reads_in_chinese() -> None:
    from app.core import messages

    _import_core()
    i18n.set_language("zh_CN")
    try:
        bad = {}
        for code, msgid in messages.MESSAGES.items():
            fields = {name: _Sample("3") for name in re.findall(r"\{(\w+)", msgid)}
            text = messages.message(code, **fields)
            if words := latin_words(text):
                bad[code] = (text, words)
    finally:
        i18n.set_language("en")
    assert len(messages.MESSAGES) > 100
    assert not bad, "\n".join(f"{k}: {v[0]!r} {v[1]}" for k, v in bad.items())


def _texts(root) -> list[tuple[str, str]]:  # noqa: ANN001
    """(where, text) of everything ``root`` and its children show: texts, titles, tooltips, placeholders,
    combo items, tabs, menus, table cells and headers."""
    from PySide6.QtCore import QModelIndex, Qt
    from PySide6.QtWidgets import (
        QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QGroupBox, QHeaderView, QLabel, QLineEdit,
        QMenu, QPlainTextEdit, QProgressBar, QSpinBox, QTabBar, QTextEdit, QWidget,
    )

    found: list[tuple[str, str]] = []
    for w in [root, *root.findChildren(QWidget)]:
        name = f"{type(w).__name__}:{w.objectName()}"
        found += [(f"{name} title", w.windowTitle()), (f"{name} tooltip", w.toolTip())]
        if isinstance(w, QLabel):
            found.append((name, w.text()))
        if isinstance(w, QAbstractButton):
            found.append((name, w.text()))
        if isinstance(w, QGroupBox):
            found.append((name, w.title()))
        if isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit)):
            found.append((f"{name} placeholder", w.placeholderText()))
        if isinstance(w, (QPlainTextEdit, QTextEdit)) and w.isReadOnly():
            found.append((name, w.toPlainText()))
        if isinstance(w, QAbstractSpinBox):
            found.append((f"{name} special", w.specialValueText()))
        if isinstance(w, QSpinBox):
            found += [(f"{name} affix", w.prefix()), (f"{name} affix", w.suffix())]
        if isinstance(w, QProgressBar):
            found.append((name, w.format()))
        if isinstance(w, QComboBox):
            found += [(f"{name} item", w.itemText(i)) for i in range(w.count())]
        if isinstance(w, QTabBar):
            found += [(f"{name} tab", w.tabText(i)) for i in range(w.count())]
            found += [(f"{name} tab tooltip", w.tabToolTip(i)) for i in range(w.count())]
        if isinstance(w, QMenu):
            found += [(f"{name} action", a.text()) for a in w.actions()]
        if isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView) and w.model() is not None:
            model, top = w.model(), QModelIndex()
            try:
                columns = model.columnCount(top)
            except TypeError:  # a list model hides it: one column
                columns = 1
            found += [(f"{name} header", str(model.headerData(i, Qt.Orientation.Horizontal) or ""))
                      for i in range(columns)]
            for r in range(min(model.rowCount(top), 200)):
                for c in range(columns):
                    index = model.index(r, c)
                    for role, what in ((Qt.ItemDataRole.DisplayRole, ""), (Qt.ItemDataRole.ToolTipRole, " tooltip")):
                        value = model.data(index, role)
                        if isinstance(value, str):
                            found.append((f"{name} cell {r},{c}{what}", value))
    return found


def _offenders(texts: list[tuple[str, str]]) -> list[str]:
    bad = []
    for where, text in texts:
        words = latin_words(text, rule_ids=where.endswith("tooltip"))  # rule ids live in tooltips
        if words:
            bad.append(f"{where}: {text!r} {words}")
    return sorted(set(bad))


@pytest.mark.parametrize("stop_at", [None, "counting"])
def test_every_page_of_the_wizard_reads_in_chinese(qtbot, chinese, tmp_path, stop_at):  # noqa: ANN001
    from PySide6.QtWidgets import QApplication

    from app.core.demo import create_demo
    from app.core.workflow.types import STEPS
    from app.gui.main_window import MainWindow

    path = create_demo(tmp_path / "示范.votedesk", stop_at=stop_at)
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 900)
    window.show()
    window.open_file(str(path))
    texts = _texts(window)
    for step in STEPS:
        window.go_to(step.value)
        QApplication.processEvents()
        texts += [(f"{step.value}/{w}", t) for w, t in _texts(window.page(step.value))]
    texts += [(f"menu {a.text()}", a.text()) for menu in window.menuBar().actions() if menu.menu()
              for a in [menu, *menu.menu().actions()]]
    assert len(texts) > 500
    bad = _offenders(texts)
    assert not bad, "\n".join(bad)


def test_the_higher_level_window_reads_in_chinese(qtbot, chinese, tmp_path):  # noqa: ANN001
    from tests.gui.test_higher_window import (
        ONE, FakePrompts, branch_identity, headless_workspace, package_for, rule_breaking, wait,
    )

    from app.gui.higher.window import HigherWindow

    root, _key, path = headless_workspace(tmp_path)
    good, bad_ident = branch_identity(path, root, ONE), branch_identity(path, root, "中共示范区机关第二支部委员会")
    files = [tmp_path / "1.vdpkg", tmp_path / "2.vdpkg"]
    files[0].write_bytes(package_for(good))
    files[1].write_bytes(rule_breaking(bad_ident))
    w = HigherWindow()
    w.prompts = FakePrompts()
    qtbot.addWidget(w)
    w.resize(1280, 900)
    w.show()
    w.show_start()
    texts = _texts(w)
    w.open_workspace(str(path))
    w.import_view.start([str(f) for f in files])
    wait(qtbot, w)
    for i in range(w.tabs.count()):
        w.tabs.setCurrentIndex(i)
        texts += _texts(w)
    texts += [(f"menu {a.text()}", a.text()) for menu in w.menuBar().actions() if menu.menu()
              for a in [menu, *menu.menu().actions()]]
    bad = _offenders(texts)
    assert not bad, "\n".join(bad)


def test_the_papers_print_no_rule_ids_and_no_english(tmp_path) -> None:  # noqa: ANN001
    import datetime as dt

    import pypdfium2

    from app.core.demo import create_demo
    from app.core.documents import build_documents
    from app.core.workflow import Election

    election = Election.open(create_demo(tmp_path / "示范.votedesk"))
    try:
        docs = build_documents(election.db, dt.date(2024, 6, 1))
    finally:
        election.close()
    bad = {}
    for name, pdf in docs.items():
        doc = pypdfium2.PdfDocument(pdf)
        text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
        if words := latin_words(text):  # a paper cites no rule id (R3.1) and speaks no English
            bad[name] = words
    assert len(docs) >= 7 and not bad, bad


def test_the_dialogs_read_in_chinese(qtbot, chinese, tmp_path):  # noqa: ANN001
    from app.core.demo import create_demo
    from app.gui.dialogs.audit_dialog import AuditDialog
    from app.gui.dialogs.incidents_dialog import IncidentsDialog
    from app.gui.dialogs.signing_dialogs import ChiefDialog, ChiefPinDialog, ChiefRequest, PassphraseDialog
    from app.gui.higher.dialogs import CreateWorkspaceDialog, ReplyDialog, RootKeyDialog
    from app.gui.session import ElectionSession

    session = ElectionSession.open(str(create_demo(tmp_path / "示范.votedesk", stop_at="counting")))
    request = ChiefRequest("签名并导出选举结果包", signer="中共青石社区支部委员会", fingerprint="10F0 5A7B 71A9 489E",
                           official=False, name="周强")
    dialogs = [AuditDialog(session), IncidentsDialog(session), ChiefDialog(request), ChiefPinDialog("周强"),
               PassphraseDialog("输入口令", "请输入密钥文件的口令", new=True), CreateWorkspaceDialog(),
               RootKeyDialog("用根密钥签发证书"), ReplyDialog("签发批复")]
    bad = []
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        audit = isinstance(dialog, AuditDialog)  # the audit log keeps each event's rule id
        bad += [f"{type(dialog).__name__} {where}: {text!r} {words}" for where, text in _texts(dialog)
                if (words := latin_words(text, rule_ids=audit or where.endswith("tooltip")))]
    session.close()
    assert not bad, "\n".join(sorted(set(bad)))
