"""The GUI-free core type-checks: mypy on app/core with the [tool.mypy] settings of pyproject.toml."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_core_passes_mypy() -> None:
    pytest.importorskip("mypy")
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(REPO / "pyproject.toml")],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert out.returncode == 0, f"mypy app/core failed (exit {out.returncode}):\n{out.stdout}{out.stderr}"
