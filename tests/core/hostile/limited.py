"""Run a votedesk command or a snippet in a child process within 1 GB of address space and a time limit."""
from __future__ import annotations

import os
import resource
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
MEMORY = 1 << 30
TIMEOUT = 10.0

_RUNNER = """
import resource, sys
try:
    {body}
finally:
    print("MAXRSS_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(rc)
"""


@dataclass(frozen=True)
class Run:
    """What the child did: exit status (None: killed at the time limit), seconds, output, peak memory."""

    rc: int | None
    seconds: float
    out: str
    err: str

    @property
    def peak_mb(self) -> float:
        for line in self.err.splitlines():
            if line.startswith("MAXRSS_KB "):
                return int(line.split()[1]) / 1024
        return float("nan")

    @property
    def crashed(self) -> bool:
        return "Traceback" in self.err or "MemoryError" in self.err


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_python(body: str, *args: str, timeout: float = TIMEOUT) -> Run:
    """``body`` (setting ``rc``) in a fresh interpreter under the memory cap; args in sys.argv[1:]."""
    code = _RUNNER.format(body=body.replace("\n", "\n    "))
    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONPATH": str(ROOT)}
    start = time.monotonic()
    try:
        p = subprocess.run([sys.executable, "-c", code, *args], preexec_fn=_limit, capture_output=True, text=True,
                           timeout=timeout, cwd=ROOT, env=env)
    except subprocess.TimeoutExpired as exc:
        return Run(None, time.monotonic() - start, str(exc.stdout or ""), str(exc.stderr or ""))
    return Run(p.returncode, time.monotonic() - start, p.stdout, p.stderr)


def run_cli(*argv: str, timeout: float = TIMEOUT) -> Run:
    """`votedesk ARGV…` under the memory cap."""
    return run_python("from app.cli import main\nrc = main(sys.argv[1:])", *argv, timeout=timeout)


# ---- hostile files -------------------------------------------------------------------------------
def zip_bomb(path: Path) -> Path:
    """About 1 MB that inflates to 1 GB: four package-named entries of 256 MB of zeros each."""
    zeros = b"\0" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in ("manifest.json", "manifest.sig", "result.json", "audit.json"):
            with zf.open(name, "w", force_zip64=True) as fh:
                for _ in range(256):
                    fh.write(zeros)
    return path


def overlapping_zip(path: Path, entries: int = 1000, size: int = 1 << 20) -> Path:
    """One stored 1 MB entry that the central directory lists 1000 times: 1 GB claimed from 1 MB."""
    name, data = b"reports/a.pdf", b"%PDF" + b"\0" * (size - 4)
    crc = zlib.crc32(data)
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, 0, 0, 0x21, crc, size, size, len(name), 0) + name
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0x314, 20, 0x800, 0, 0, 0x21, crc, size, size,
                          len(name), 0, 0, 0, 0, 0o100644 << 16, 0) + name
    body = local + data
    cd = central * entries
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, entries, entries, len(cd), len(body), 0)
    path.write_bytes(body + cd + end)
    return path


def sparse_file(path: Path, size: int = 30 << 30) -> Path:
    """A 30 GB file that takes no room on disk: it starts like a ZIP."""
    with open(path, "wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.truncate(size)
    return path
