"""`votedesk --selftest` passes on a healthy install and fails when a check fails."""
import os
import subprocess
import sys

from app import selftest


def test_selftest_passes_in_a_subprocess():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-m", "app", "--selftest"], capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "[FAIL]" not in proc.stdout and "6 of 6 checks passed" in proc.stdout


def test_selftest_fails_when_a_check_fails(monkeypatch, capsys):
    def broken(state):
        raise AssertionError("recount disagrees")

    monkeypatch.setattr(selftest, "_recount", broken)
    monkeypatch.setattr(selftest, "_window", lambda: "skipped")
    assert selftest.run_selftest() == 1
    assert "[FAIL] recount every round" in capsys.readouterr().out
