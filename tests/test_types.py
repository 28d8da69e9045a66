"""The core and the GUI type-check: mypy on app/core and app/gui with the [tool.mypy] settings of pyproject.toml."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_core_and_gui_pass_mypy() -> None:
    pytest.importorskip("mypy")
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(REPO / "pyproject.toml")],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert out.returncode == 0, f"mypy app/core app/gui failed (exit {out.returncode}):\n{out.stdout}{out.stderr}"


def test_mypy_checks_the_gui_with_the_core_strictness() -> None:
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert {"app/core", "app/gui"} <= set(config["files"]) and config["disallow_untyped_defs"] is True
