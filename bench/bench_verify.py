"""Verify + recount + import throughput for 200 demo packages (1 and 2 processes), and the share in signature checks."""
from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import header, row  # noqa: E402

from app.core.higher.imports import import_package  # noqa: E402
from app.core.higher.workspace import Workspace  # noqa: E402
from app.core.signing import container, keys, verify  # noqa: E402
from tests.fixtures import signing_demo as demo  # noqa: E402
from app.core.signing.chain import load_trust_root  # noqa: E402
from app.core.signing.package import build_package  # noqa: E402

N = 200
_trust = None


def _build(args: tuple) -> bytes:
    root_p12, i = args
    root = keys.import_pkcs12(root_p12, "bench passphrase")
    key = keys.new_key()
    name = f"中共示范区第{i + 1}支部委员会"
    ident = keys.Identity(key, keys.issue_branch_cert(root, keys.branch_request(key, name)), (root.cert,))
    recs = demo.rounds()
    return build_package(identity=ident, election={**demo.summary(recs), "organization": name}, rounds=recs,
                         audit=demo.audit_entries(), pdfs=[("result-report.pdf", demo.report_pdf(recs))])


def _init(root_pem: bytes) -> None:
    global _trust
    _trust = load_trust_root(root_pem)  # parsed once per worker


def _verify(data: bytes):
    return verify.verify_package(data, _trust)


def _baseline(packages: list[bytes]) -> float:
    """Reading alone: unpack the container and hash every file (per package, seconds)."""
    t0 = time.perf_counter()
    for p in packages:
        for _, d in container.unpack(p):
            hashlib.sha256(d).digest()
    return (time.perf_counter() - t0) / len(packages)


def _workspace(root, names: list[str], tmp: str) -> Workspace:
    ws = Workspace.create(Path(tmp) / f"w{time.perf_counter_ns()}.vdhl", root.cert)
    for n in names:
        ws.register_branch(n)
    return ws


class _Timer:
    """Wraps a function of the verify module and adds up the time spent in it."""

    def __init__(self, name: str) -> None:
        self.name, self.total, self.real = name, 0.0, getattr(verify, name) if hasattr(verify, name) else getattr(verify.cms, name)

    def __call__(self, *a, **k):
        t0 = time.perf_counter()
        try:
            return self.real(*a, **k)
        finally:
            self.total += time.perf_counter() - t0


def _signature_share(packages: list[bytes], trust) -> tuple[dict[str, float], float]:
    timers = [_Timer("check_signer"), _Timer("check_pdf"), _Timer("verify_detached")]
    verify.check_signer, verify.check_pdf, verify.cms.verify_detached = timers
    try:
        t0 = time.perf_counter()
        for p in packages:
            verify.verify_package(p, trust)
        total = time.perf_counter() - t0
    finally:
        verify.check_signer, verify.check_pdf, verify.cms.verify_detached = (t.real for t in timers)
    return {t.name: t.total / total for t in timers}, total / len(packages)


def main() -> int:
    root = keys.create_root(demo.ROOT_ORG)
    root_pem, p12 = keys.cert_pem(root.cert), keys.export_pkcs12(root, "bench passphrase")
    with ProcessPoolExecutor(2) as pool:
        packages = list(pool.map(_build, [(p12, i) for i in range(N)], chunksize=10))
    names = [f"中共示范区第{i + 1}支部委员会" for i in range(N)]
    trust = load_trust_root(root_pem)
    base = _baseline(packages)
    share, per = _signature_share(packages, trust)
    row(f"verify+recount, 1 process, per package ({1 / per:.1f} pkg/s)", per, base, "s", "vs unpack+hash")
    row("share of verify time in signature and chain checks", sum(share.values()) * 100, 100, "%")
    for name, label in (("check_pdf", "PDF signatures (pyHanko)"), ("check_signer", "signer chain (certvalidator)"),
                        ("verify_detached", "manifest CMS")):
        row(f"  of which {label}", share[name] * 100, 100, "%")
    with tempfile.TemporaryDirectory() as tmp:
        ws = _workspace(root, names, tmp)
        t0 = time.perf_counter()
        assert all(import_package(ws, p).report.ok for p in packages)
        one = N / (time.perf_counter() - t0)
        t0 = time.perf_counter()
        assert all(import_package(ws, p).status == "duplicate" for p in packages)
        dup = N / (time.perf_counter() - t0)
        ws2 = _workspace(root, names, tmp)
        t0 = time.perf_counter()
        with ProcessPoolExecutor(2, initializer=_init, initargs=(root_pem,)) as pool:
            for data, report in zip(packages, pool.map(_verify, packages, chunksize=4)):
                assert import_package(ws2, data, report=report).report.ok
        two = N / (time.perf_counter() - t0)
    row(f"import {N} packages (verify+recount+record), 1 process", one, 1 / base, "pkg/s", "vs unpack+hash rate")
    row(f"import {N} packages, 2 processes ({os.cpu_count()} cores)", two, one, "pkg/s", "vs 1 process")
    row(f"re-import {N} packages (no-op)", dup, one, "pkg/s", "vs first import")
    return 0


if __name__ == "__main__":
    header()
    sys.exit(main())
