"""Hostile package files within 1 GB and 10 s: bombs, overlapping entries, sparse, /dev/zero, FIFO, folders (issue 12)."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from tests.core.hostile.limited import TIMEOUT, overlapping_zip, run_cli, sparse_file, zip_bomb

KINDS = ("zip_bomb", "overlapping", "sparse_30gb", "link_to_dev_zero", "fifo", "folder")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("hostile")
    assert main(["demo-package", str(d / "demo")]) == 0
    (d / "link.vdpkg").symlink_to("/dev/zero")
    os.mkfifo(d / "pipe.vdpkg")
    (d / "folder.vdpkg").mkdir()
    return {
        "zip_bomb": zip_bomb(d / "bomb.vdpkg"), "overlapping": overlapping_zip(d / "overlap.vdpkg"),
        "sparse_30gb": sparse_file(d / "sparse.vdpkg"), "link_to_dev_zero": d / "link.vdpkg",
        "fifo": d / "pipe.vdpkg", "folder": d / "folder.vdpkg",
        "good": d / "demo" / "demo.vdpkg", "root": d / "demo" / "root.pem",
    }


@pytest.mark.parametrize("kind", KINDS)
def test_verify_refuses_within_memory_and_time(hostile, kind):
    run = run_cli("verify", str(hostile[kind]), "--trust", str(hostile["root"]))
    assert run.rc == 2, (kind, run)  # "unreadable": not a package at all, never MemoryError (1) or a hang
    assert not run.crashed, run.err  # a hang is killed at TIMEOUT (rc None above), not timed here
    assert run.peak_mb < 400, run.peak_mb
    if kind in ("zip_bomb", "overlapping"):  # read up to the container, refused there: said so, not "REJECTED"
        assert "verdict: UNREADABLE" in run.out, run.out


def test_sizes_and_kinds_are_refused_with_a_sentence(hostile):
    from app.core.safeinput import read_limited
    from app.core.errors import UserFacingError

    for kind, code in (("sparse_30gb", "input_too_large"), ("link_to_dev_zero", "input_not_a_file"),
                       ("fifo", "input_not_a_file"), ("folder", "input_not_a_file")):
        with pytest.raises(UserFacingError) as err:
            read_limited(hostile[kind])
        assert err.value.code == code


def test_a_batch_import_goes_on_past_every_bad_file(hostile, tmp_path):
    ws = tmp_path / "ws.vdhl"
    assert main(["higher", "init", str(ws), "--root-cert", str(hostile["root"])]) == 0
    files = [str(hostile[k]) for k in KINDS] + [str(hostile["good"])]
    run = run_cli("higher", "import", str(ws), *files, timeout=3 * TIMEOUT)
    assert run.rc == 2 and not run.crashed, run  # some files unreadable: exit 2, yet the good one is imported
    lines = run.out.splitlines()
    assert sum("UNREADABLE" in line for line in lines) == len(KINDS), run.out
    assert any(line.startswith(str(hostile["good"])) and "imported accepted" in line for line in lines), run.out
    with sqlite3.connect(ws) as db:
        assert db.execute("SELECT count(*) FROM packages").fetchone()[0] == 1  # no bomb stored
