"""QSettings for UI preferences only: window geometry, last folder, recent files, language."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

MAX_RECENT = 8


def settings() -> QSettings:
    """The app's settings store (per user; never election data)."""
    return QSettings("votedesk", "votedesk")


def recent_files() -> list[str]:
    """Recently opened election files that still exist, newest first."""
    value = settings().value("recent_files", [])
    paths = [value] if isinstance(value, str) else list(value) if isinstance(value, (list, tuple)) else []
    return [p for p in paths if p and Path(p).exists()]


def add_recent_file(path: str) -> None:
    """Put ``path`` at the top of the recent files."""
    paths = [p for p in recent_files() if p != path]
    settings().setValue("recent_files", [path, *paths][:MAX_RECENT])


def last_folder() -> str:
    """The folder of the last opened or created file, else the home folder."""
    return str(settings().value("last_folder", str(Path.home())))


def set_last_folder(path: str) -> None:
    """Remember the folder of ``path``."""
    settings().setValue("last_folder", str(Path(path).parent))


def saved_language() -> str | None:
    """The language chosen in the settings, if any (applied at the next start)."""
    value = settings().value("language")
    return str(value) if value else None


def set_saved_language(lang: str) -> None:
    """Choose the language for the next start."""
    settings().setValue("language", lang)
