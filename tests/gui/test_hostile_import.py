"""The import view goes on past hostile files (bomb, FIFO, /dev/zero, forged) and says what became of each (issue 12)."""
from __future__ import annotations

import datetime as dt
import os

from tests.core.hostile.limited import overlapping_zip, sparse_file
from tests.gui.test_higher_window import ONE, T0, branch_identity, headless_workspace, package_for, wait, window  # noqa: F401
from app.core.signing import keys


def test_a_batch_with_hostile_files_imports_the_genuine_ones(qtbot, window, tmp_path):  # noqa: ANN001, F811
    root, _key, path = headless_workspace(tmp_path)
    ident = branch_identity(path, root, ONE)
    fake_root = keys.create_root(root.organization)  # a made-up CA with the same name, signing "in 2049"
    fkey = keys.new_key()
    forged = keys.Identity(fkey, keys.issue_branch_cert(fake_root, keys.branch_request(fkey, ONE)), (fake_root.cert,))
    (tmp_path / "a-forged.vdpkg").write_bytes(package_for(forged, when=dt.datetime(2049, 1, 1, tzinfo=dt.timezone.utc)))
    os.mkfifo(tmp_path / "b-pipe.vdpkg")
    (tmp_path / "c-zero.vdpkg").symlink_to("/dev/zero")
    overlapping_zip(tmp_path / "d-overlap.vdpkg")
    sparse_file(tmp_path / "e-sparse.vdpkg")
    (tmp_path / "f-good.vdpkg").write_bytes(package_for(ident, when=T0))
    files = sorted(str(p) for p in tmp_path.glob("*.vdpkg"))
    window.open_workspace(str(path))
    window.import_view.start(files)
    wait(qtbot, window)
    assert not window.prompts.errors, window.prompts.errors  # no crash dialog: each file has its own line
    lines = window.import_view.result_lines()
    assert [lines[n][0] for n in ("a-forged.vdpkg", "b-pipe.vdpkg", "c-zero.vdpkg", "d-overlap.vdpkg",
                                  "e-sparse.vdpkg", "f-good.vdpkg")] == [
        "Rejected", "Unreadable", "Unreadable", "Unreadable", "Unreadable", "Accepted"], lines
    assert "On record" in lines["f-good.vdpkg"][1]  # the forgery signed "in 2049" did not keep it out
    ov = window.overview_view
    assert ov.select(ONE) and ov.reply_button.isEnabled()


def test_key_and_request_files_chosen_in_the_window_are_read_with_the_same_limits(tmp_path):
    import pytest

    from app.core.errors import UserFacingError
    from app.gui.higher.common import read_file

    os.mkfifo(tmp_path / "root.p12")  # would freeze the window: open() waits for a writer
    with pytest.raises(UserFacingError) as err:
        read_file(tmp_path / "root.p12")
    assert err.value.code == "input_not_a_file"
    with pytest.raises(UserFacingError) as err:
        read_file(tmp_path / "missing.pem")
    assert err.value.code == "input_unreadable"
