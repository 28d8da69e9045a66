"""What the higher-level views and actions may ask of their window: a small typed protocol, no widget reaching."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Protocol

from PySide6.QtWidgets import QStatusBar, QWidget

from app.core.higher.workspace import Workspace
from app.gui.prompts import Prompts
from app.gui.worker import ProgressFn


class Host(Protocol):
    """The window seen from a view (HigherWindow implements it); tests may stand in with anything that does."""

    workspace: Workspace | None  # the GUI thread's connection, for reading
    path: str | None  # the workspace file, for the worker's own connection
    prompts: Prompts
    preview: QWidget | None  # the last PDF preview opened (kept alive)
    last_reply: Path | None

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 - Qt's name

    def dialog_parent(self) -> QWidget: ...

    def run_task(self, label: str, fn: Callable[[ProgressFn], Any], on_done: Callable[[Any], None],
                 on_progress: Callable[[int, int], None] | None = None,
                 on_error: Callable[[Exception, str], None] | None = None) -> None: ...

    def refresh(self) -> None: ...

    def open_workspace(self, path: str | Path) -> bool: ...

    def create_workspace(self) -> None: ...

    def choose_workspace(self) -> None: ...

    def write_reply(self) -> None: ...

    def write_return(self) -> None: ...

    def selected_branch(self) -> str | None: ...
