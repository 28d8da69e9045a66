"""Write tests/fixtures/schema-v<HEAD>.votedesk: the demo election at the counting step, at the current schema.

Run once per released schema version and commit the file; tests upgrade every fixture to head.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.demo import create_demo  # noqa: E402
from app.core.storage.schema import HEAD  # noqa: E402


def main() -> int:
    target = ROOT / "tests" / "fixtures" / f"schema-v{HEAD}.votedesk"
    if target.exists():
        print(f"{target} exists; a released fixture is never rewritten", file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    create_demo(target, stop_at="counting")
    print(f"wrote {target} ({target.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
