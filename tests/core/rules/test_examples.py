"""Every example in tests/fixtures/examples (copied from shared/domain) gives its expected result, in-process and by CLI."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.countfmt import outcome_to_json, parse_count_input
from app.core.rules.election import count_round
from tests.conftest import EXAMPLES_DIR

EXAMPLES = sorted(p for p in EXAMPLES_DIR.glob("*.json") if not p.name.endswith(".expected.json"))


def test_examples_found():
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_in_process(path: Path):
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text("utf-8"))
    got = outcome_to_json(count_round(parse_count_input(json.loads(path.read_text("utf-8")))))
    assert got == expected


@pytest.mark.parametrize("path", EXAMPLES[:3], ids=lambda p: p.stem)
def test_example_cli(path: Path):
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text("utf-8"))
    proc = subprocess.run([sys.executable, "-m", "app", "count", str(path)], capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == expected
    stdin = subprocess.run([sys.executable, "-m", "app", "count", "-"], input=path.read_text("utf-8"),
                           capture_output=True, text=True, encoding="utf-8")
    assert json.loads(stdin.stdout) == expected
