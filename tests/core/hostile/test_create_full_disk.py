"""Issue 12 item 9 (creating): a new election file on a full disk says "the disk is full" and leaves nothing behind."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from app.core.errors import UserFacingError
from app.core.workflow import Election


@pytest.fixture
def full_disk(tmp_path):
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a small tmpfs needs root and mount")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=False)


def _fill(mnt, leave: int) -> None:
    free = shutil.disk_usage(mnt).free
    with open(mnt / "filler", "wb") as fh:
        fh.write(b"\0" * max(0, free - leave))


@pytest.mark.parametrize("leave", [0, 8 * 1024, 48 * 1024])  # nothing, room for the lock, room for part of the file
def test_a_new_file_on_a_full_disk_says_so_and_leaves_nothing(full_disk, leave):
    _fill(full_disk, leave)
    target = full_disk / "new.votedesk"
    with pytest.raises(UserFacingError) as err:
        Election.create(target)
    assert err.value.code == "disk_full"
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"]  # no half-made file to refuse "exists" later
    (full_disk / "filler").unlink()
    e = Election.create(target)  # with room, the same name works
    assert e.verify_audit().ok
    e.close()
