"""No unused imports, undefined names or placeholder-less f-strings anywhere (ruff's pyflakes rules)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_pyflakes_rules_pass() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--select", "F", "app", "bench", "build", "scripts", "tests"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    assert out.returncode == 0, f"ruff found problems (exit {out.returncode}):\n{out.stdout}{out.stderr}"
