"""A full disk while keying ballots is a refusal in the banner, never the crash dialog (issue 12, item 9)."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt

from app.core.demo import create_demo
from app.gui.main_window import MainWindow


@pytest.fixture
def small_disk(tmp_path):  # noqa: ANN001, ANN201
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a small tmpfs needs root and mount")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1M", "tmpfs", str(mnt)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_a_full_disk_while_keying_is_a_refusal(qtbot, tmp_path, small_disk, monkeypatch):  # noqa: ANN001
    import app.gui.pages.base as base

    crashes: list[object] = []
    monkeypatch.setattr(base, "show_error", lambda *a, **k: crashes.append(a))
    path = small_disk / "demo.votedesk"
    shutil.copy(create_demo(tmp_path / "demo.votedesk", stop_at="counting"), path)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_file(str(path))
    page = window.stack.currentWidget()
    refusals: list[list[str]] = []
    monkeypatch.setattr(page, "show_refused", lambda sentences, rules=None: refusals.append(sentences))
    free = shutil.disk_usage(small_disk).free
    with open(small_disk / "filler", "wb") as fh:
        fh.write(b"\0" * max(0, free - 64 * 1024))
    keyed = 0
    for _ in range(36):
        before = page.count.valid
        qtbot.keyClicks(page.entry.grid, "11")
        qtbot.keyClick(page.entry.grid, Qt.Key.Key_Return)
        if refusals:
            break
        keyed += page.count.valid - before
    assert not crashes, crashes  # never the crash dialog
    assert refusals and any("disk is full" in s or "磁盘已满" in s for s in refusals[-1]), refusals
    (small_disk / "filler").unlink()
    qtbot.keyClicks(page.entry.grid, "11")
    qtbot.keyClick(page.entry.grid, Qt.Key.Key_Return)
    assert page.count.valid == keyed + 1  # nothing was lost, and keying goes on once there is room
    window.close()
