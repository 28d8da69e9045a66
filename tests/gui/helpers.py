"""Shared GUI test helpers: a main window on a demo election file, quiet message boxes, canned prompts."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox

from app.core.demo import create_demo
from app.gui.dialogs.signing_dialogs import ChiefConfirmation, ChiefRequest
from app.gui.main_window import MainWindow


def demo_window(qtbot, tmp_path: Path, stop_at: str | None = "counting") -> MainWindow:  # noqa: ANN001
    """A shown main window with a fresh demo election file open at the step it has reached."""
    path = tmp_path / "demo.votedesk"
    create_demo(path, stop_at=stop_at)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_file(str(path))
    return window


def answer_yes(monkeypatch) -> None:  # noqa: ANN001
    """Every question box answers Yes; information boxes close at once."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)


class Canned:
    """Answers every prompt from lists given by the test and records what was shown."""

    def __init__(self, **answers: Any) -> None:
        self.answers = {k: list(v) for k, v in answers.items()}
        self.errors: list[BaseException] = []
        self.infos: list[str] = []
        self.chief_requests: list[ChiefRequest] = []
        self.pin_requests: list[tuple[str, bool]] = []

    def open_path(self, title: str, filters: str) -> str | None:
        return self.answers["open"].pop(0)

    def save_path(self, title: str, suggested: str, filters: str) -> str | None:
        return self.answers["save"].pop(0)

    def passphrase(self, title: str, text: str, new: bool = False) -> str | None:
        return self.answers["passphrase"].pop(0)

    def chief(self, request: ChiefRequest) -> ChiefConfirmation | None:
        self.chief_requests.append(request)
        return self.answers["chief"].pop(0)

    def new_pin(self, chief: str, replaces: bool = False) -> str | None:
        self.pin_requests.append((chief, replaces))
        return self.answers["new_pin"].pop(0)

    def print_setup(self, printer: QPrinter) -> bool:
        return self.answers["printer"].pop(0)(printer)

    def inform(self, title: str, text: str) -> None:
        self.infos.append(text)

    def error(self, exc: BaseException, details: str = "") -> None:
        self.errors.append(exc)
