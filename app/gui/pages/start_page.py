"""The start screen: create, open or try the demo election, and the recent files."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from app.core.i18n import _
from app.gui import settings

if TYPE_CHECKING:
    from app.gui.main_window import MainWindow


class StartPage(QWidget):
    """Shown when no election file is open."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        title = QLabel(_("votedesk — committee election workbench"))
        title.setObjectName("pageTitle")
        intro = QLabel(_("One election is kept in one file. It is saved after every action, so you can close "
                         "the laptop at any time and continue later at the same step."))
        intro.setWordWrap(True)
        self.recent = QListWidget()
        self.recent.itemActivated.connect(lambda item: window.open_file(item.text()))
        recent_label = QLabel(_("&Recent election files:"))
        recent_label.setBuddy(self.recent)
        box = QVBoxLayout(self)
        box.addWidget(title)
        box.addWidget(intro)
        for text, slot in ((_("&New election file…"), window.new_file), (_("&Open election file…"), window.choose_file),
                           (_("Try the &demo election"), window.open_demo)):
            button = QPushButton(text)
            button.setMinimumHeight(44)
            button.clicked.connect(slot)
            box.addWidget(button)
        box.addWidget(recent_label)
        box.addWidget(self.recent, 1)
        box.setAlignment(Qt.AlignmentFlag.AlignTop)

    def refresh(self) -> None:
        """Re-read the recent files."""
        self.recent.clear()
        self.recent.addItems(settings.recent_files())
