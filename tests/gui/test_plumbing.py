"""The GUI's shared plumbing: one prompts class, one background runner, the higher views see their window as a Host."""
from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GUI = REPO / "app" / "gui"
SOURCES = {p.relative_to(REPO).as_posix(): p.read_text("utf-8") for p in GUI.rglob("*.py")}


def test_one_prompts_class() -> None:
    classes = [p for p, s in SOURCES.items() if re.search(r"^class \w*Prompts\b", s, re.MULTILINE)]
    assert classes == ["app/gui/prompts.py"]


def test_one_background_runner() -> None:
    runners = [p for p, s in SOURCES.items() if re.search(r"QThreadPool|QThread\(|QRunnable|QProgressDialog\(", s)]
    assert runners == ["app/gui/worker.py"]


def test_higher_views_see_their_window_only_through_the_host_protocol() -> None:
    views = [p for p in SOURCES
             if p.startswith("app/gui/higher/") and p.endswith(("_view.py", "_action.py", "longterm.py"))]
    assert len(views) >= 6
    for path in views:
        assert "HigherWindow" not in SOURCES[path] and "from app.gui.higher.host import Host" in SOURCES[path], path
    # The window calls its views' methods, never reaches into their widgets (self.branches_view.name.setFocus()).
    window = SOURCES["app/gui/higher/window.py"]
    reach = re.findall(r"self\.(?:start|branches_view|import_view|overview_view)\.\w+\.\w+", window)
    assert not reach, reach
