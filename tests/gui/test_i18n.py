"""Every msgid marked in app/ has a Chinese translation with the same {fields}; the catalogue loads."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from app.core import i18n
from app.core.messages import message
from tests.conftest import RULES_MD

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tool():  # noqa: ANN201 - scripts/i18n.py as a module
    spec = importlib.util.spec_from_file_location("i18n_tool", REPO / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_message_in_app_is_translated_with_the_same_fields(tool) -> None:  # noqa: ANN001
    msgids = {m.id for m in tool.extract() if m.id}
    assert len(msgids) > 300
    problems = tool.problems(tool.load(), msgids)
    assert not problems, "run `.venv/bin/python scripts/i18n.py` and translate:\n" + "\n".join(problems)


def test_chinese_messages_cite_the_regulation_and_keep_the_rule_id_for_tooltips() -> None:
    from app.core import citations
    from app.core.messages import rule_of

    i18n.set_language("zh_CN")
    try:
        text = message("quorum_not_met", present=33, expected=42, min_present=34)
        assert text == "实到会人数须超过应到会人数的五分之四：应到 42 人，实到 33 人，至少需要 34 人（《条例》第四章“选举实施”）"
        assert message("not_eligible").endswith("（《条例》第五条）") and "R" not in message("not_eligible")
        assert rule_of("quorum_not_met") == "R3.1" and rule_of("election_locked", rule="R9.7") == "R9.7"
        tip = citations.tooltip(["R2.1"])
        assert tip == "《中国共产党基层组织选举工作条例》第五条（规则 R2.1：表决权、选举权和被选举权）"
        assert i18n._("&File") == "文件(&F)"
    finally:
        i18n.set_language("en")
    assert message("not_eligible") == ("Has no right to be elected: votes are recorded but give no seat "
                                       "(Election Work Regulations, Art. 5)")


def test_every_rule_of_rules_md_has_a_citation_and_only_2020_articles_are_numbered() -> None:
    from app.core.citations import CITATIONS

    spec = RULES_MD.read_text(encoding="utf-8")  # a copy of shared/domain/rules.md (tests/test_standalone.py)
    ids = set(re.findall(r"^\*\*(R\d+\.\d+)", spec, re.MULTILINE))
    assert len(ids) > 55 and ids == set(CITATIONS)
    # an article of the 2020 regulations is cited only where rules.md reads it as "2020 Art. n" for that rule
    for rule, c in CITATIONS.items():
        number = re.search(r"Art\. (\d+)", c.en)
        if number and c.en.startswith("Election Work Regulations"):
            paragraph = spec[spec.index(f"**{rule}"):].split("\n\n")[0]
            assert f"2020 Art. {number[1]}" in paragraph, rule


def test_every_rule_id_the_code_uses_has_a_citation() -> None:
    from app.core.citations import CITATIONS

    used = {r for path in (REPO / "app").rglob("*.py")
            for r in re.findall(r"[\"'](R\d+\.\d+)[\"']", path.read_text(encoding="utf-8"))}  # rule="R3.1" …
    assert len(used) > 20 and used <= set(CITATIONS), used - set(CITATIONS)


@pytest.fixture
def qt_chinese(qapp):  # noqa: ANN001, ANN201
    """Qt's own translations installed as the app does under zh_CN, removed afterwards."""
    from PySide6.QtCore import QTranslator

    from app.gui.application import install_qt_translator

    before = set(qapp.findChildren(QTranslator))
    install_qt_translator(qapp, "zh_CN")
    yield
    for translator in set(qapp.findChildren(QTranslator)) - before:
        qapp.removeTranslator(translator)
    from PySide6.QtCore import QLocale

    QLocale.setDefault(QLocale("en_US"))


def _chinese(text: str) -> bool:
    from tests.gui.test_no_english import latin_words

    return bool(re.search(r"[\u4e00-\u9fff]", text)) and not latin_words(text)


def test_qt_file_dialog_message_box_and_context_menu_speak_chinese(qtbot, qt_chinese) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QLineEdit, QMessageBox, QPushButton

    dialog = QFileDialog(None, "选择文件")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = {w.objectName(): w.text() for w in dialog.findChildren(QLabel) if w.objectName()}
    for name in ("lookInLabel", "fileNameLabel", "fileTypeLabel"):
        assert _chinese(labels[name]), (name, labels[name])  # "&Look in:", "Files of &type:" were English
    assert all(_chinese(b.text()) for b in dialog.findChildren(QPushButton) if b.text())
    box = QMessageBox()
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                           | QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
                               | QDialogButtonBox.StandardButton.Apply)
    texts = [b.text() for b in box.buttons()] + [b.text() for b in buttons.buttons()]
    assert len(texts) == 7 and all(_chinese(t) for t in texts), texts
    edit = QLineEdit()
    menu = edit.createStandardContextMenu()
    actions = [a.text().split("\t")[0] for a in menu.actions() if not a.isSeparator()]
    assert len(actions) >= 6 and all(_chinese(t) for t in actions), actions


def test_banner_and_step_panel_cite_the_regulation_and_keep_the_rule_id_in_the_tooltip(qtbot, tmp_path) -> None:  # noqa: ANN001
    from app.core.errors import UserFacingError
    from app.gui.prompts import rule_tooltip
    from tests.gui.helpers import demo_window

    window = demo_window(qtbot, tmp_path)  # the demo waits at the counting step: round 1 is not closed (R10.3)
    window.go_to("results")
    page = window.stack.currentWidget()
    item = window.step_list.item(8)
    assert "Round 1 is not closed yet (common practice of Party elections)" in page.banner.label.text()
    assert "R10.3" not in page.banner.label.text() and "R10.3" not in item.text()
    assert "common practice of Party elections (rule R10.3: one report per round)" in page.banner.toolTip()
    assert "Round 1 is not closed yet (common practice of Party elections)" in item.toolTip()
    assert "(rule R10.3: one report per round)" in item.toolTip()
    page.show_refusal(window.session.election.steps()[8].reasons)  # a refused action reads the same way
    assert "rule R10.3" in page.banner.toolTip() and "R10.3" not in page.banner.label.text()
    locked = UserFacingError("election_locked", "the results are official", rule="R9.7")
    assert rule_tooltip(locked) == "common practice of Party elections (rule R9.7: counting errors found later)"
    assert rule_tooltip(ValueError("a bug")) == ""
