"""Shared GUI test helpers: a main window on a demo election file, and quiet message boxes."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from app.core.demo import create_demo
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
