"""Issue 12 item 7 in the window: a file another process writes opens read-only, and the title says who holds it."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.core.demo import create_demo
from app.gui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
HOLD = "import sys; from app.core.workflow import Election; e = Election.open(sys.argv[1]); print('held', flush=True); " \
       "sys.stdin.readline(); e.close()"


def test_a_file_written_elsewhere_opens_read_only_and_names_its_writer(qtbot, tmp_path) -> None:  # noqa: ANN001
    path = create_demo(tmp_path / "demo.votedesk", stop_at="counting")
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], cwd=ROOT, text=True, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert holder.stdout.readline().strip() == "held"
        window = MainWindow()
        qtbot.addWidget(window)
        window.show()
        window.open_file(str(path))
        writer = window.session.election.writer()
        assert writer is not None and writer.pid == holder.pid
        title = window.windowTitle()
        assert writer.machine in title and writer.user in title and writer.since in title
        window.session.close()
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
