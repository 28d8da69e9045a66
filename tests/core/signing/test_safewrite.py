"""Safe writes to removable media: full, read-only, removed, and read-back failures leave no valid-looking file."""
from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pytest

from app.core.errors import UserFacingError
from app.core.signing import safewrite
from app.core.signing.safewrite import write_file_safely

DATA = b"PK\x03\x04" + os.urandom(50_000)


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_writes_and_reads_back(tmp_path):
    target = write_file_safely(tmp_path / "demo.vdpkg", DATA)
    assert target.read_bytes() == DATA and leftovers(tmp_path) == ["demo.vdpkg"]


def test_replaces_an_older_file_atomically(tmp_path):
    (tmp_path / "demo.vdpkg").write_bytes(b"old")
    write_file_safely(tmp_path / "demo.vdpkg", DATA)
    assert (tmp_path / "demo.vdpkg").read_bytes() == DATA and leftovers(tmp_path) == ["demo.vdpkg"]


def fail_on(monkeypatch, name: str, code: int, after: int = 0):
    """Make os.<name> fail with errno ``code`` after ``after`` successful calls."""
    real, calls = getattr(os, name), {"n": 0}

    def fake(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] > after:
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    monkeypatch.setattr(safewrite.os, name, fake)


def test_disk_full_mid_write(tmp_path, monkeypatch):
    (tmp_path / "demo.vdpkg").write_bytes(b"older package")
    fail_on(monkeypatch, "write", errno.ENOSPC, after=0)
    with pytest.raises(UserFacingError) as err:
        write_file_safely(tmp_path / "demo.vdpkg", DATA)
    assert err.value.code == "media_full" and "space" in str(err.value)
    # no temp file left, and the older file under the name is untouched (never half-replaced)
    assert leftovers(tmp_path) == ["demo.vdpkg"] and (tmp_path / "demo.vdpkg").read_bytes() == b"older package"


def test_too_little_free_space_is_refused_before_writing(tmp_path, monkeypatch):
    monkeypatch.setattr(safewrite.shutil, "disk_usage", lambda p: type("U", (), {"free": 1000})())
    with pytest.raises(UserFacingError) as err:
        write_file_safely(tmp_path / "demo.vdpkg", DATA)
    assert err.value.code == "media_full" and leftovers(tmp_path) == []


def test_read_only_directory(tmp_path, monkeypatch):
    ro = tmp_path / "stick"
    ro.mkdir()
    ro.chmod(0o555)
    if os.access(ro, os.W_OK):  # root ignores the mode bits: simulate what a read-only medium returns
        fail_on(monkeypatch, "open", errno.EROFS)
    try:
        with pytest.raises(UserFacingError) as err:
            write_file_safely(ro / "demo.vdpkg", DATA)
        assert err.value.code == "media_read_only" and "read-only" in str(err.value)
        assert leftovers(ro) == []
    finally:
        ro.chmod(0o755)


def test_stick_removed_before_writing(tmp_path):
    with pytest.raises(UserFacingError) as err:
        write_file_safely(tmp_path / "gone" / "demo.vdpkg", DATA)
    assert err.value.code == "media_gone" and "removed" in str(err.value)


def test_stick_pulled_during_fsync_leaves_nothing(tmp_path, monkeypatch):
    fail_on(monkeypatch, "fsync", errno.EIO)
    with pytest.raises(UserFacingError) as err:
        write_file_safely(tmp_path / "demo.vdpkg", DATA)
    assert err.value.code == "media_gone" and leftovers(tmp_path) == []


def test_stick_pulled_after_rename_removes_the_file(tmp_path, monkeypatch):
    fail_on(monkeypatch, "fsync", errno.EIO, after=1)  # the file's fsync passes, the directory's fails
    with pytest.raises(UserFacingError) as err:
        write_file_safely(tmp_path / "demo.vdpkg", DATA)
    assert err.value.code == "media_gone" and leftovers(tmp_path) == []


def test_read_back_mismatch_removes_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(safewrite, "_read_back", lambda path: DATA[:-1] + b"\x00")
    with pytest.raises(UserFacingError) as err:
        write_file_safely(tmp_path / "demo.vdpkg", DATA)
    assert err.value.code == "media_verify_failed" and leftovers(tmp_path) == []


@pytest.fixture
def tiny_fs(tmp_path):
    """A real 256 KiB tmpfs (needs mount rights; skipped elsewhere)."""
    mnt = tmp_path / "usb"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mnt)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    yield mnt
    subprocess.run(["umount", str(mnt)], check=False)


def test_real_full_filesystem(tiny_fs, monkeypatch):
    monkeypatch.setattr(safewrite, "SLACK", 0)  # skip the pre-check: let the kernel say ENOSPC mid-write
    monkeypatch.setattr(safewrite.shutil, "disk_usage", lambda p: type("U", (), {"free": 10**9})())
    with pytest.raises(UserFacingError) as err:
        write_file_safely(tiny_fs / "demo.vdpkg", os.urandom(400_000))
    assert err.value.code == "media_full" and leftovers(tiny_fs) == []


def test_real_read_only_filesystem(tiny_fs):
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_fs)], check=True)
    with pytest.raises(UserFacingError) as err:
        write_file_safely(tiny_fs / "demo.vdpkg", DATA)
    assert err.value.code == "media_read_only" and leftovers(tiny_fs) == []
