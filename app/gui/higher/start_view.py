"""The first screen of the higher-level mode: create a workspace, open one, or pick a recent one."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from app.core.i18n import _
from app.gui.higher.common import help_label, recent_workspaces, title_label

if TYPE_CHECKING:
    from app.gui.higher.host import Host


class StartView(QWidget):
    """Create or open a workspace; Enter on a recent workspace opens it."""

    def __init__(self, window: Host) -> None:
        super().__init__()
        self.window_ = window
        self.create_button = QPushButton(_("&Create a workspace…"))
        self.open_button = QPushButton(_("&Open a workspace…"))
        for button in (self.create_button, self.open_button):
            button.setMinimumHeight(40)
        self.create_button.clicked.connect(window.create_workspace)
        self.open_button.clicked.connect(window.choose_workspace)
        self.recent = QListWidget()
        self.recent.setObjectName("recentWorkspaces")
        self.recent.itemActivated.connect(self._open_item)
        recent_label = QLabel(_("Rece&nt workspaces:"))
        recent_label.setBuddy(self.recent)
        self.no_recent = help_label(_("No workspace opened yet on this computer."))
        buttons = QHBoxLayout()
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        self.recent.setMaximumHeight(260)
        column = QVBoxLayout()
        column.addSpacing(32)
        column.addWidget(title_label(_("Higher-level workspace")))
        column.addWidget(help_label(_(
            "Receive the result packages of the organizations under you on USB sticks, verify each one "
            "(signature, certificate, every file, the audit log, a recount of every round and the election rules), "
            "keep an overview of all of them and write signed approval replies (批复).")))
        column.addSpacing(8)
        column.addWidget(help_label(_(
            "First time: create a workspace. It makes the root certificate that the branches' certificates and "
            "your replies are checked against.")))
        column.addLayout(buttons)
        column.addSpacing(12)
        column.addWidget(recent_label)
        column.addWidget(self.recent)
        column.addWidget(self.no_recent)
        column.addStretch(1)
        holder = QHBoxLayout(self)
        holder.addStretch(1)
        holder.addLayout(column, 4)
        holder.addStretch(1)
        QWidget.setTabOrder(self.create_button, self.open_button)
        QWidget.setTabOrder(self.open_button, self.recent)

    def focus(self) -> None:
        """Keyboard focus on the first choice."""
        self.create_button.setFocus()

    def refresh(self) -> None:
        """List the recent workspaces (newest first)."""
        self.recent.clear()
        for path in recent_workspaces():
            item = QListWidgetItem(f"{Path(path).name}    —    {path}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            self.recent.addItem(item)
        has_recent = self.recent.count() > 0
        self.recent.setVisible(has_recent)
        self.no_recent.setVisible(not has_recent)
        if has_recent:
            self.recent.setCurrentRow(0)

    def _open_item(self, item: QListWidgetItem) -> None:
        self.window_.open_workspace(item.data(Qt.ItemDataRole.UserRole))
