"""Bundle size and cold start of the PyInstaller bundle, as ratios to a bare QtWidgets hello-world bundled alike."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import ROOT, header, row, time_to_paint  # noqa: E402
from build.build import build  # noqa: E402


def disk_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def compressed_size(folder: Path) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "b.tar.gz"
        with tarfile.open(out, "w:gz") as tar:
            tar.add(folder, arcname=folder.name)
        return out.stat().st_size


def main() -> int:
    app = build("votedesk")
    hello = build("hello-qt", entry=str(ROOT / "bench" / "hello_qt.py"))
    header()
    mb = 1024 * 1024
    row("bundle size on disk", disk_size(app) / mb, disk_size(hello) / mb, "MB", "≤ 1.2")
    row("bundle size tar.gz", compressed_size(app) / mb, compressed_size(hello) / mb, "MB", "≤ 1.2")
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("BENCH_QPA", "offscreen"), VOTEDESK_EXIT_AFTER_PAINT="1")
    with tempfile.TemporaryDirectory() as home:
        env["HOME"] = env["XDG_DATA_HOME"] = home
        t_app = time_to_paint([str(app / "votedesk"), "--demo"], env)
        t_hello = time_to_paint([str(hello / "hello-qt")], env)
    row("bundle cold start to first paint", t_app, t_hello, "s", "≤ 1.5")
    shutil.rmtree(hello, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
