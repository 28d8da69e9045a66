"""GUI bench: keystrokes per ballot, ballots saved per minute (durable), and start-up time vs a bare QMainWindow."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BARE = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
class F(QObject):
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.Paint:
            print(f"first_paint {time.time():.6f}", flush=True); QTimer.singleShot(0, QApplication.quit)
        return False
app = QApplication(sys.argv[:1]); w = QMainWindow(); f = F(); w.installEventFilter(f); w.resize(1280, 820); w.show()
app.exec()
"""


GUI_ONLY = ("import argparse, sys; from app.gui.application import run; "
            "sys.exit(run(argparse.Namespace(demo=True, lang='zh_CN', file=None)))")


def _paint_times(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from spawning ``cmd`` to its first paint, and to its "ready" line (the election's page painted)."""
    start = time.time()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, cwd=REPO).stdout
    marks = dict(x.split() for x in out.splitlines() if x.startswith(("first_paint ", "ready ")))
    first = float(marks["first_paint"]) - start
    return first, (float(marks["ready"]) - start if "ready" in marks else first)


def startup(runs: int = 7) -> dict[str, float]:
    """Median seconds to the first painted window: `votedesk --demo` (via the CLI, and the GUI entry
    alone), each also to its counting page painted, and a bare QMainWindow started the same way."""
    env = dict(os.environ, VOTEDESK_EXIT_AFTER_PAINT="ready", XDG_DATA_HOME=tempfile.mkdtemp(),
               PYTHONPYCACHEPREFIX=tempfile.mkdtemp())
    # As installed (pip or the PyInstaller bundle) the code is byte-compiled; a shell with
    # PYTHONDONTWRITEBYTECODE would recompile every module at every start and measure the compiler.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    times: dict[str, list[float]] = {k: [] for k in ("bare", "app", "app_ready", "gui", "gui_ready")}
    for cmd in ([sys.executable, "-c", BARE], [sys.executable, "-m", "app", "--demo"], [sys.executable, "-c", GUI_ONLY]):
        subprocess.run(cmd, env=env, capture_output=True, timeout=300, cwd=REPO)  # byte-compile, build the demo
    for _ in range(runs):  # interleaved, so all see the same machine state
        times["bare"].append(_paint_times([sys.executable, "-c", BARE], env)[0])
        first, ready = _paint_times([sys.executable, "-m", "app", "--demo", "--lang", "zh_CN"], env)
        times["app"].append(first)
        times["app_ready"].append(ready)
        first, ready = _paint_times([sys.executable, "-c", GUI_ONLY], env)
        times["gui"].append(first)
        times["gui_ready"].append(ready)
    return {k: statistics.median(v) for k, v in times.items()}


def keystrokes_per_ballot() -> tuple[int, bool]:
    """Keys for a full 9-candidate, 7-seat ballot (7 yes, 2 no) and Enter, and whether it was submitted."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from app.gui.widgets.ballot_entry import BallotEntry

    entry = BallotEntry()
    entry.set_round(tuple("王丁李张刘陈杨赵黄"), 7)
    entry.show()
    got: list = []
    entry.ballot_submitted.connect(got.append)
    keys = "111111122"
    QTest.keyClicks(entry.grid, keys)
    QTest.keyClick(entry.grid, Qt.Key.Key_Return)
    return len(keys) + 1, bool(got) and entry.verdict().valid is not None


def ballots_per_minute(passes: int = 3) -> tuple[float, int]:
    """Ballots keyed and durably saved per minute on the counting page of the demo election."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from app.core.demo import create_demo
    from app.gui.main_window import MainWindow

    path = Path(tempfile.mkdtemp()) / "bench.votedesk"
    create_demo(path, stop_at="counting")
    window = MainWindow()
    window.show()
    window.open_file(str(path))
    page = window.stack.currentWidget()
    n, elapsed = page.view.returned, 0.0
    for _ in range(passes):
        start = time.perf_counter()
        for i in range(n):
            QTest.keyClicks(page.entry.grid, "111122" if i % 2 else "112211")
            QTest.keyClick(page.entry.grid, Qt.Key.Key_Return)
        elapsed += time.perf_counter() - start
        assert page.count.valid == n, page.banner.label.text()
        for _ in range(n):
            page.undo()
    return passes * n / elapsed * 60, passes * n


def main() -> int:
    from app.gui.application import create_application

    create_application("zh_CN")
    only_startup = "--startup" in sys.argv  # quick re-measure of start-up alone
    keys, ok = (0, False) if only_startup else keystrokes_per_ballot()
    rate, total = (0.0, 0) if only_startup else ballots_per_minute()
    t = startup()
    bare = t["bare"]
    print("| measure | value | target |")
    print("| --- | --- | --- |")
    print(f"| keystrokes per 9-candidate, 7-seat ballot (incl. Enter) | {keys} ({'saved' if ok else 'NOT saved'}) | ≤ 10 + Enter |")
    print(f"| ballots keyed and durably saved per minute (QTest, {total} ballots) | {rate:.0f} | — |")
    print(f"| first paint: bare QMainWindow | {bare * 1000:.0f} ms | |")
    print(f"| first paint: `votedesk --demo` | {t['app'] * 1000:.0f} ms (ratio {t['app'] / bare:.2f}) | ≤ 1.5 |")
    print(f"| counting page painted: `votedesk --demo` | {t['app_ready'] * 1000:.0f} ms (ratio {t['app_ready'] / bare:.2f}) | |")
    print(f"| first paint: GUI entry without the CLI parser | {t['gui'] * 1000:.0f} ms (ratio {t['gui'] / bare:.2f}) | |")
    print(f"| counting page painted: GUI entry without the CLI parser | {t['gui_ready'] * 1000:.0f} ms "
          f"(ratio {t['gui_ready'] / bare:.2f}) | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
