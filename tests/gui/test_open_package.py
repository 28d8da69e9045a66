"""A result package opened from the file manager (`votedesk PKG.vdpkg`, the .deb's file association)."""
from __future__ import annotations

import pytest

from app import cli
from app.gui.higher import window as higher_window
from app.gui.higher.common import add_recent_workspace
from tests.gui.test_higher_window import (
    HIGHER, ONE, FakePrompts, branch_identity, headless_workspace, package_for, wait,
)


@pytest.fixture
def window(qtbot):  # noqa: ANN001, ANN201
    w = higher_window.HigherWindow()
    w.prompts = FakePrompts()
    qtbot.addWidget(w)
    w.show()
    w.show_start()
    return w


@pytest.mark.parametrize("argv", [["one.vdpkg"], ["--lang", "zh_CN", "one.vdpkg"], ["--higher", "one.vdpkg"]])
def test_a_package_starts_the_higher_level_mode(monkeypatch, argv):  # noqa: ANN001
    calls = []
    monkeypatch.setattr(higher_window, "run_higher", lambda path, lang: calls.append(path) or 0)
    assert cli.main(argv) == 0
    assert calls == ["one.vdpkg"]


def test_package_imported_into_the_latest_workspace(qtbot, window, tmp_path):  # noqa: ANN001
    root, _key, ws_path = headless_workspace(tmp_path)
    package = tmp_path / "usb" / "one.vdpkg"
    package.parent.mkdir()
    package.write_bytes(package_for(branch_identity(ws_path, root, ONE)))
    add_recent_workspace(str(ws_path.resolve()))
    window.open_package(str(package))
    wait(qtbot, window)
    assert window.workspace is not None and window.workspace.organization == HIGHER
    assert window.tabs.currentWidget() is window.import_view
    assert window.import_view.result_lines()["one.vdpkg"][0] == "Accepted"


def test_without_a_workspace_the_user_is_told_what_to_do_first(window, tmp_path):  # noqa: ANN001
    window.open_package(str(tmp_path / "one.vdpkg"))
    assert window.workspace is None and window.stack.currentWidget() is window.start
    assert "one.vdpkg" in window.prompts.infos[-1][1] and "workspace" in window.prompts.infos[-1][1]
