"""Every msgid marked in app/ has a Chinese translation with the same {fields}; the catalogue loads."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from app.core import i18n
from app.core.messages import message

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


def test_chinese_messages_keep_their_rule_ids() -> None:
    i18n.set_language("zh_CN")
    text = message("quorum_not_met", present=33, expected=42, min_present=34)
    assert text == "实到会人数须超过应到会人数的五分之四：应到 42 人，实到 33 人，至少需要 34 人 (R3.1)"
    assert i18n._("&File") == "文件(&F)"
