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


def _first_paint(cmd: list[str], env: dict[str, str]) -> float:
    start = time.time()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, cwd=REPO).stdout
    line = next(x for x in out.splitlines() if x.startswith("first_paint "))
    return float(line.split()[1]) - start


def startup(runs: int = 5) -> tuple[float, float]:
    """Median seconds to the first painted window: `votedesk --demo` and a bare QMainWindow."""
    env = dict(os.environ, VOTEDESK_EXIT_AFTER_PAINT="1", XDG_DATA_HOME=tempfile.mkdtemp())
    app_times, bare_times = [], []
    for _ in range(runs):  # interleaved, so both see the same machine state
        bare_times.append(_first_paint([sys.executable, "-c", BARE], env))
        app_times.append(_first_paint([sys.executable, "-m", "app", "--demo", "--lang", "zh_CN"], env))
    return statistics.median(app_times), statistics.median(bare_times)


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
    keys, ok = keystrokes_per_ballot()
    rate, total = ballots_per_minute()
    app_s, bare_s = startup()
    print("| measure | value | target |")
    print("| --- | --- | --- |")
    print(f"| keystrokes per 9-candidate, 7-seat ballot (incl. Enter) | {keys} ({'saved' if ok else 'NOT saved'}) | ≤ 10 + Enter |")
    print(f"| ballots keyed and durably saved per minute (QTest, {total} ballots) | {rate:.0f} | — |")
    print(f"| first paint: `votedesk --demo` | {app_s * 1000:.0f} ms | |")
    print(f"| first paint: bare QMainWindow | {bare_s * 1000:.0f} ms | |")
    print(f"| start-up ratio | {app_s / bare_s:.2f} | ≤ 1.5 |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
