"""Start-up stays light: the window is painted before storage, Babel or the page modules load; no page reads SQL."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

_PROBE = r"""
import sys
from PySide6.QtCore import QTimer
from app.gui.application import create_application
from app.gui.main_window import MainWindow
app = create_application("zh_CN")
window = MainWindow()
window.show()
window.open_after_paint(lambda: None)
QTimer.singleShot(50, app.quit)
app.exec()
heavy = ("sqlite_utils", "babel", "pypinyin", "reportlab", "cryptography", "app.core.storage", "app.gui.pages.")
print("LOADED:" + ",".join(sorted(m for m in sys.modules if m.startswith(heavy))))
"""


def test_the_first_paint_needs_no_storage_babel_or_pages(tmp_path) -> None:  # noqa: ANN001
    env = {"QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "PYTHONDONTWRITEBYTECODE": "1"}
    out = subprocess.run([sys.executable, "-c", _PROBE], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    loaded = next(line for line in out.stdout.splitlines() if line.startswith("LOADED:"))
    assert loaded == "LOADED:", loaded


def test_no_gui_module_imports_storage() -> None:
    # Names of the records the service returns may be imported for type checking only: that reads nothing.
    type_only = re.compile(r"^if TYPE_CHECKING:\n(?:(?:    .*)?\n)*", re.MULTILINE)
    pattern = re.compile(r"^\s*(from|import)\s+app\.core\.storage\b", re.MULTILINE)
    leaks = [str(p.relative_to(REPO)) for p in (REPO / "app" / "gui").rglob("*.py")
             if pattern.search(type_only.sub("", p.read_text("utf-8")))]
    assert not leaks, f"the GUI reads through the Election service, never storage: {leaks}"
