"""GUI test setup: offscreen Qt, the bundled font, a chosen language, and helpers to type Chinese."""
from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/gui" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["votedesk-tests"]


@pytest.fixture(autouse=True)
def _english(qapp, tmp_path, monkeypatch):  # noqa: ANN001, ANN202 - pytest fixtures
    """Every GUI test starts in English with its own settings folder (tests may switch to Chinese)."""
    from PySide6.QtCore import QSettings

    from app.core import i18n

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    i18n.set_language("en")
    yield
    from app.gui.worker import wait_for_background

    wait_for_background()  # a page's document build may still run: let it end before the next test or exit
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def _no_unexpected_message_box(monkeypatch):  # noqa: ANN001, ANN202 - pytest fixture
    """A modal box nobody answers would hang the run offscreen: an unexpected one fails the test at once."""
    from PySide6.QtWidgets import QMessageBox

    def unexpected(box: QMessageBox) -> int:
        pytest.fail(f"unexpected message box: {box.text()} {box.detailedText()}")

    def unexpected_static(*args: object, **kwargs: object) -> int:
        pytest.fail(f"unexpected message box: {[a for a in args if isinstance(a, str)]}")

    monkeypatch.setattr(QMessageBox, "exec", unexpected)
    # Qt's static boxes open without exec(); a test that expects one patches it again (helpers.answer_yes).
    for name in ("question", "information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, unexpected_static)


def type_text(widget, text: str) -> None:  # noqa: ANN001
    """Type any text, Chinese included, into ``widget`` the way an input method commits it.

    qtbot.keyClicks with CJK aborts the process (see shared/design/stack.md).
    """
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
