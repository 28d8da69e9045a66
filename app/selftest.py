"""`votedesk --selftest`: recount, document, sign and verify a copy of the demo election; exit 0 only if all hold."""
from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable


def _check(name: str, fn: Callable[[], str]) -> bool:
    t0 = time.perf_counter()
    try:
        detail = fn()
    except Exception as exc:  # noqa: BLE001 - a selftest reports every failure and goes on
        print(f"[FAIL] {name}: {type(exc).__name__}: {exc}", flush=True)
        return False
    print(f"[ok]   {name} ({time.perf_counter() - t0:.2f} s){': ' + detail if detail else ''}", flush=True)
    return True


def run_selftest() -> int:
    """Run every check on a temporary demo election; 0 when all pass, 1 otherwise."""
    with tempfile.TemporaryDirectory() as tmp:
        state: dict = {}
        checks = [
            ("demo election", lambda: _demo(Path(tmp), state)),
            ("audit chain", lambda: _audit(state)),
            ("recount every round", lambda: _recount(state)),
            ("documents", lambda: _documents(state)),
            ("sign and verify package", lambda: _package(state)),
            ("desktop window", _window),
        ]
        ok = [_check(name, fn) for name, fn in checks]
        if "election" in state:
            state["election"].close()
    passed = sum(ok)
    print(f"selftest: {passed} of {len(ok)} checks passed", flush=True)
    return 0 if all(ok) else 1


def _demo(tmp: Path, state: dict) -> str:
    from app.core.demo import create_demo
    from app.core.workflow import Election

    state["election"] = Election.open(create_demo(tmp / "demo.votedesk"))
    return f"{len(state['election'].members())} members"


def _audit(state: dict) -> str:
    report = state["election"].verify_audit()
    if not report.ok:
        raise AssertionError(f"audit log broken: {report}")
    return ""


def _recount(state: dict) -> str:
    from app.core.countfmt import outcome_to_json

    e = state["election"]
    closed = [r for r in e.rounds() if r.closed]
    for r in closed:
        got = outcome_to_json(e.recount(r.id))
        if got["elected"] != e.round_result(r.id)["elected"]:
            raise AssertionError(f"round {r.id}: recount elects {got['elected']}")
    return f"{len(closed)} rounds agree"


def _documents(state: dict) -> str:
    from app.core.documents import build_documents

    docs = build_documents(state["election"].db, dt.date.today())
    if not all(pdf.startswith(b"%PDF") for pdf in docs.values()):
        raise AssertionError("a document is not a PDF")
    return f"{len(docs)} PDFs"


def _package(state: dict) -> str:
    from app.core.resultpkg import election_package
    from app.core.signing import keys
    from app.core.signing.verify import verify_package

    from app.core.demo import ORGANIZATION

    root = keys.create_root("自检上级党组织")
    key = keys.new_key()  # the package is signed by its own organization's key
    branch = keys.Identity(key, keys.issue_branch_cert(root, keys.branch_request(key, ORGANIZATION)), (root.cert,))
    report = verify_package(election_package(state["election"].db, branch, dt.date.today()), keys.cert_pem(root.cert))
    if not report.ok:
        raise AssertionError("; ".join(f"{c.name}: {c.reason}" for c in report.checks if not c.ok))
    return f"{len(report.checks)} checks hold"


def _window() -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.gui.application import create_application
    from app.gui.main_window import MainWindow

    app = create_application()
    window = MainWindow()
    window.open_demo()
    window.show()
    app.processEvents()
    image = window.grab()
    window.close()
    if image.isNull():
        raise AssertionError("the window did not paint")
    return f"{image.width()}x{image.height()}"


if __name__ == "__main__":
    sys.exit(run_selftest())
