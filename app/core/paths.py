"""Where resources and user data live, in the dev tree and in a PyInstaller bundle."""
from __future__ import annotations

import os
import sys
from pathlib import Path


def resource_dir() -> Path:
    """The top-level `resources/` folder (dev tree) or its copy inside the frozen bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource(*parts: str) -> Path:
    """Path of one resource file, e.g. resource("fonts", "wqy-microhei.ttc")."""
    return resource_dir().joinpath(*parts)


def user_data_dir() -> Path:
    """Per-user folder for settings, recent files and logs (created on demand)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    path = base / "votedesk"
    path.mkdir(parents=True, exist_ok=True)
    return path
