"""The scan corpus generator (scripts/make_scan_corpus.py) for tests: small samples drawn on the app's own ballots."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "make_scan_corpus.py"


def corpus() -> ModuleType:
    """The generator module (loaded once)."""
    if "make_scan_corpus" not in sys.modules:
        spec = importlib.util.spec_from_file_location("make_scan_corpus", SCRIPT)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["make_scan_corpus"] = module
        spec.loader.exec_module(module)
    return sys.modules["make_scan_corpus"]
