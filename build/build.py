"""Build the one-folder votedesk bundle into dist/votedesk, run its selftest offscreen, check its size."""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from build import size  # noqa: E402


def build(name: str = "votedesk", entry: str | None = None, quiet: bool = True) -> Path:
    """Run PyInstaller on build/votedesk.spec; returns the bundle folder."""
    env = dict(os.environ, VOTEDESK_BUNDLE_NAME=name)
    if entry:
        env["VOTEDESK_BUNDLE_ENTRY"] = entry
    cmd = [sys.executable, "-m", "PyInstaller", str(ROOT / "build" / "votedesk.spec"), "--noconfirm", "--clean",
           "--workpath", str(ROOT / "out" / "pyinstaller" / name), "--distpath", str(ROOT / "dist")]
    if quiet:
        cmd += ["--log-level", "WARN"]
    subprocess.run(cmd, check=True, cwd=ROOT, env=env)
    return ROOT / "dist" / name


def selftest(bundle: Path) -> int:
    """Run the bundled `votedesk --selftest` offscreen, as CI does on a clean machine."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    exe = bundle / ("votedesk.exe" if sys.platform == "win32" else "votedesk")
    return subprocess.run([str(exe), "--selftest"], env=env).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-selftest", action="store_true")
    parser.add_argument("--no-size-check", action="store_true", help="skip the check against build/bundle-size.json")
    args = parser.parse_args()
    bundle = build()
    print(f"bundle: {bundle}")
    status = 0 if args.no_selftest else selftest(bundle)
    # CI fails when the bundle grew more than 5 % over the recorded size (build/size.py says how to record why).
    return status or (0 if args.no_size_check else size.enforce("bundle", size.disk_size(bundle)))


if __name__ == "__main__":
    sys.exit(main())
