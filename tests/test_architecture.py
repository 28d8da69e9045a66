"""The one hard boundary: app/core never imports PySide6, directly or through anything it imports."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORE = REPO / "app" / "core"

_PROBE = r"""
import importlib, pkgutil, sys
import app.core
failed = []
for info in pkgutil.walk_packages(app.core.__path__, "app.core."):
    try:
        importlib.import_module(info.name)
    except ImportError as exc:  # an optional dependency missing is not a Qt leak
        failed.append(f"{info.name}: {exc}")
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"))
print("QT:" + ",".join(qt))
print("FAILED:" + " | ".join(failed))
"""


def test_importing_every_core_module_pulls_in_no_qt() -> None:
    out = subprocess.run([sys.executable, "-c", _PROBE], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    lines = dict(line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)
    assert lines["QT"] == "", f"app.core imported Qt: {lines['QT']}"
    assert "PySide6" not in lines["FAILED"], lines["FAILED"]


def test_no_core_source_mentions_a_qt_import() -> None:
    pattern = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6|PyQt[56])\b|importlib\.import_module\(['\"]PySide6")
    leaks = [
        f"{path.relative_to(REPO)}:{n}"
        for path in CORE.rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert not leaks, f"app/core must never import Qt: {leaks}"
