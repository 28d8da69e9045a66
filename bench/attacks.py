"""Issue 12's attack classes run against this build: for each, tried / rejected / wrongly accepted / crashed.

Run: .venv/bin/python bench/attacks.py  (about three minutes on two cores; the full-disk rows need root for a tmpfs).
"Rejected" means the attack failed in the way the issue asks (refused, rejected, kept apart, a clear refusal);
"wrongly accepted" that it got through; "crashed" an unexpected exception, a hang or MemoryError.
"""
from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import traceback
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.demo import CHIEF, CHIEF_PIN, ORGANIZATION, create_demo  # noqa: E402
from app.core.errors import UserFacingError  # noqa: E402
from app.core.higher.imports import import_package  # noqa: E402
from app.core.higher.overview import overview, to_csv, to_xlsx  # noqa: E402
from app.core.higher.workspace import Workspace  # noqa: E402
from app.core.documents import build_documents  # noqa: E402
from app.core.reports.papercode import election_codes  # noqa: E402
from app.core.resultpkg import PackageRefused, election_package, unchecked_package  # noqa: E402
from app.core.signing import container, keys  # noqa: E402
from app.core.signing.package import build_package  # noqa: E402
from app.core.signing.verify import verify_package  # noqa: E402
from app.core.storage.database import copy_file, open_file  # noqa: E402
from app.core.workflow import Election  # noqa: E402
from tests.fixtures import signing_demo as demo  # noqa: E402
from tests.fixtures.forgery import flip_tie_revote, recompute_chain  # noqa: E402

DAY = dt.date(2024, 5, 20)
Outcome = str  # "rejected", "accepted", "crashed"


class World:
    """The genuine election, its printed codes, a workspace whose root issued the branch's certificate."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.master = create_demo(base / "demo.votedesk")
        self.root = keys.create_root(demo.ROOT_ORG)
        self.ws = Workspace.create(base / "ws.vdhl", self.root.cert)
        self.branch = self.issue(ORGANIZATION)
        db = open_file(self.master)
        self.codes = list(election_codes(db).values())  # as printed on the counting reports signed at the meeting
        self.docs = build_documents(db)
        self.genuine = unchecked_package(db, self.branch, DAY)
        db.close()
        self.trust = keys.cert_pem(self.root.cert)

    def issue(self, name: str) -> keys.Identity:
        self.ws.register_branch(name)
        key = keys.new_key()
        return keys.accept_issued_cert(key, self.ws.issue_certificate(self.root, keys.branch_request(key, name)),
                                       keys.cert_pem(self.root.cert))

    def copy(self, name: str) -> Path:
        path = self.base / f"{name}-{random.randrange(1 << 30)}.votedesk"
        copy_file(self.master, path)
        return path

    def package(self, path: Path, *, checked: bool) -> bytes:
        db = open_file(path)
        try:
            return (election_package if checked else unchecked_package)(db, self.branch, DAY)
        finally:
            db.close()


def _verdict(ok: bool) -> Outcome:
    return "accepted" if ok else "rejected"


def edited_no_chain(w: World) -> Iterator[Outcome]:
    """Tie re-vote ballots edited with sqlite3, outcome rewritten; signing attempted, then an old build's package verified."""
    for flips in (4, 7):
        path = w.copy("edit")
        flip_tie_revote(path, flips)
        try:
            w.package(path, checked=True)
            yield "accepted"
        except PackageRefused:
            yield "rejected"
        yield _verdict(verify_package(w.package(path, checked=False), w.trust).ok)


def edited_chain_old_digest(w: World) -> Iterator[Outcome]:
    """The same edits with the audit chain recomputed (local audit passes) but the closing digest left as it was."""
    for flips in range(4, 8):
        path = w.copy("chain")
        flip_tie_revote(path, flips)
        recompute_chain(path, digests=False)
        yield _verdict(verify_package(w.package(path, checked=False), w.trust).ok)


def edited_everything_with_paper(w: World) -> Iterator[Outcome]:
    """Chain and digests recomputed: only the codes on the paper can tell; the higher level types them at import."""
    for flips in range(4, 8):
        path = w.copy("full")
        flip_tie_revote(path, flips)
        recompute_chain(path)
        result = import_package(w.ws, w.package(path, checked=False), paper_codes=w.codes)
        yield _verdict(result.report is not None and result.report.ok)


def edited_everything_no_paper(w: World) -> Iterator[Outcome]:
    """The same forgery imported WITHOUT typing the paper codes: the limit the README states ("paper code not checked")."""
    path = w.copy("nopaper")
    flip_tie_revote(path, 7)
    recompute_chain(path)
    ws = Workspace.create(None, w.root.cert)
    result = import_package(ws, w.package(path, checked=False))
    if "paper_code_not_checked" in result.flags:
        print("    (accepted, flagged 'paper code not checked' in the overview: the stated limit without the paper)")
    yield _verdict(result.report is not None and result.report.ok)


def forgery_first_unchecked(w: World) -> Iterator[Outcome]:
    """A full forgery (signed later) imported first WITHOUT codes stands; the genuine package then comes with the paper's
    codes: the forgery must leave the record. Then the genuine package alone with a mistyped code, then the right one."""
    path = w.copy("first")
    flip_tie_revote(path, 7)
    recompute_chain(path)
    forged = w.package(path, checked=False)
    ws = Workspace.create(None, w.root.cert)
    ws.register_branch(ORGANIZATION)
    import_package(ws, forged)
    import_package(ws, w.genuine, paper_codes=w.codes)
    row = next(r for r in overview(ws) if r.organization == ORGANIZATION)
    yield "rejected" if row.verdict == "accepted" and "paper_code_checked" in row.flags else "accepted"
    ws = Workspace.create(None, w.root.cert)
    ws.register_branch(ORGANIZATION)
    typo = [w.codes[0][:-1] + ("1" if w.codes[0][-1] != "1" else "2"), *w.codes[1:]]
    wrong = import_package(ws, w.genuine, paper_codes=typo)
    right = import_package(ws, w.genuine, paper_codes=w.codes)  # the corrected code: the genuine package stands
    yield "rejected" if not wrong.report.ok and right.report.ok and right.status == "imported" else "accepted"


def b_signs_a(w: World) -> Iterator[Outcome]:
    """Branch B's key signing branch A's election: verified, and imported into the workspace."""
    other = w.issue("中共青石社区第二支部委员会")
    db = open_file(w.master)
    pkg = unchecked_package(db, other, DAY)
    db.close()
    yield _verdict(verify_package(pkg, w.trust).ok)
    yield _verdict(import_package(Workspace.create(None, w.root.cert), pkg).report.ok)


def wrong_pdfs(w: World) -> Iterator[Outcome]:
    """A ballot paper as the result report, an unrelated signed PDF only, another vote's counting reports, none."""
    db = open_file(w.master)
    from app.core.resultpkg import audit_export, round_records, summary

    records = round_records(db)
    info, audit = summary(db, records), audit_export(db)
    db.close()
    real = {"result-report.pdf": w.docs["07-result-report.pdf"], "counting-reports.pdf": w.docs["06-counting-reports.pdf"]}
    ballot = next(v for k, v in w.docs.items() if "ballot" in k)
    other = demo.report_pdf(demo.rounds())
    for pdfs in ({**real, "result-report.pdf": ballot}, {"result-report.pdf": other}, {**real, "counting-reports.pdf": other},
                 {"counting-reports.pdf": real["counting-reports.pdf"]}):
        pkg = build_package(identity=w.branch, election=info, rounds=records, audit=audit, pdfs=sorted(pdfs.items()))
        yield _verdict(verify_package(pkg, w.trust).ok)


def forged_then_genuine(w: World) -> Iterator[Outcome]:
    """A package signed under a made-up CA with a signing time of 2049 imported first, then the genuine one."""
    ws = Workspace.create(None, w.root.cert)
    ws.register_branch(ORGANIZATION)
    fake_root = keys.create_root(demo.ROOT_ORG)
    forger = demo.branch_of(fake_root, ORGANIZATION)
    db = open_file(w.master)
    forged = unchecked_package(db, forger, DAY, when=dt.datetime(2049, 1, 1, tzinfo=dt.timezone.utc))
    db.close()
    first = import_package(ws, forged)
    yield _verdict(first.report is not None and first.report.ok)
    genuine = import_package(ws, w.genuine)
    row = next(r for r in overview(ws) if r.organization == ORGANIZATION)
    yield "rejected" if genuine.status == "imported" and row.verdict == "accepted" else "accepted"
    relaid = container.pack(list(reversed(container.unpack(w.genuine))))  # the same signed content, entries reordered
    again = import_package(ws, relaid) if relaid != w.genuine else None
    yield "rejected" if again is None or again.status == "duplicate" else "accepted"


KEYER = textwrap.dedent("""
    import json, os, sys, time
    from app.core.errors import UserFacingError
    from app.core.workflow import Election
    path, n, go = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    e = Election.open(path)
    rid = next(r.id for r in e.rounds() if not r.closed)
    print("ready", flush=True)
    while not os.path.exists(go):
        time.sleep(0.01)
    keyed = 0
    for i in range(n):
        try:
            keyed += e.record_ballot(rid, {}).ok
        except UserFacingError:
            pass
        if i == n // 2:
            try:
                e.close_round(rid)
            except UserFacingError:
                pass
    print(json.dumps({"keyed": keyed}), flush=True)
    e.close()
""")


def two_processes(w: World) -> Iterator[Outcome]:
    """Two processes keying into one round (and trying to close it) at once: never more than the returned count."""
    for attempt in range(2):
        path = w.base / f"two-{attempt}.votedesk"
        create_demo(path, stop_at="counting")
        e = Election.open(path)
        r = next(r for r in e.rounds() if not r.closed)
        e.close()
        go = w.base / f"go-{attempt}"
        procs = [subprocess.Popen([sys.executable, "-c", KEYER, str(path), str(r.returned + 30), str(go)], cwd=ROOT,
                                  stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
                 for _ in range(2)]
        for p in procs:
            p.stdout.readline()
        go.touch()
        for p in procs:
            p.wait(timeout=120)
        e = Election.open(path)
        keyed = len(e.count_input(r.id)["ballots"])
        ok = e.verify_audit().ok
        e.close()
        yield "rejected" if keyed <= r.returned and ok else "accepted"


def hostile_files(w: World) -> Iterator[Outcome]:
    """Bombs and special files, each verified or read in a child process within 1 GB and 10 s."""
    from tests.core.hostile.limited import overlapping_zip, run_cli, run_python, sparse_file, zip_bomb
    from tests.core.hostile.test_hostile_rolls import READ, claimed_dimension, ods_repeat_bomb, shared_string_bomb

    d = w.base / "hostile"
    d.mkdir()
    (d / "link.vdpkg").symlink_to("/dev/zero")
    os.mkfifo(d / "pipe.vdpkg")
    (d / "folder.vdpkg").mkdir()
    (w.base / "root.pem").write_bytes(w.trust)
    for path in (zip_bomb(d / "bomb.vdpkg"), overlapping_zip(d / "overlap.vdpkg"), sparse_file(d / "sparse.vdpkg"),
                 d / "link.vdpkg", d / "pipe.vdpkg", d / "folder.vdpkg"):
        run = run_cli("verify", str(path), "--trust", str(w.base / "root.pem"))
        yield "crashed" if run.crashed or run.rc not in (1, 2) else _verdict(run.rc == 0)
    for make, name in ((shared_string_bomb, "s.xlsx"), (ods_repeat_bomb, "o.ods"), (claimed_dimension, "c.xlsx")):
        run = run_python(READ, str(make(d / name)))
        if run.crashed or run.rc is None:
            yield "crashed"
        else:  # a claimed A1:XFD1048576 reads its few real rows quickly; the bombs are refused
            yield "rejected" if run.rc == 2 or (name == "c.xlsx" and run.rc == 0 and run.seconds < 10) else "accepted"


def formula_names(w: World) -> Iterator[Outcome]:
    """Organization and election names that are spreadsheet formulas, through import and the CSV/XLSX overview."""
    import csv
    import io

    from openpyxl import load_workbook

    formulas = ['=HYPERLINK("http://evil.example/x","点击")', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
                "@SUM(1+1)*cmd|' /C calc'!A0"]
    ws = Workspace.create(None, w.root.cert)
    for org in formulas:
        ws.register_branch(org)
        key = keys.new_key()
        ident = keys.accept_issued_cert(key, ws.issue_certificate(w.root, keys.branch_request(key, org)), w.trust)
        rounds = demo.rounds()
        import_package(ws, build_package(identity=ident, election={**demo.summary(rounds), "organization": org},
                                         rounds=rounds, audit=demo.audit_entries(),
                                         pdfs=[("result-report.pdf", demo.report_pdf(rounds))]))
    cells = [c for line in csv.reader(io.StringIO(to_csv(overview(ws)).decode("utf-8-sig"))) for c in line]
    sheet = load_workbook(io.BytesIO(to_xlsx(overview(ws)))).active
    for org in formulas:
        in_csv = org in cells  # verbatim (a live formula) rather than quoted
        in_xlsx = any(c.value == org and c.data_type == "f" for line in sheet.iter_rows() for c in line)
        yield "accepted" if in_csv or in_xlsx else "rejected"
    for name in ("李明\u202e", "\u200b", "王\x00五"):  # direction override, invisible only, control character
        try:
            ws.register_branch(name)
            yield "accepted"
        except UserFacingError:
            yield "rejected"


def pin_attempts(w: World) -> Iterator[Outcome]:
    """Guessing the chief scrutineer's PIN: each guess is an attempt; after three, the wait grows (clock advanced)."""
    from app.core.workflow.confirm import wait_after

    class Clock:
        now = dt.datetime(2024, 5, 20, 9, 0)

        def __call__(self) -> dt.datetime:
            return self.now

    clock = Clock()
    path = w.copy("pin")
    e = Election.open(path, clock)
    waited = 0
    for guess in range(31):
        pin = f"{guess:04d}"
        if pin == CHIEF_PIN:
            continue
        if (wait := e.pin_wait()):
            waited += wait
            clock.now += dt.timedelta(seconds=wait)
        yield _verdict(e.check_chief(CHIEF, pin).ok)
    e.close()
    total = sum(wait_after(n) for n in range(1, 10_000))
    print(f"    (PIN: 30 wrong guesses made the guesser wait {waited / 3600:.1f} h; all 10,000 four-digit PINs "
          f"would take {total / 86400:.0f} days at the door; the package carries no PIN material)")
    data = _signed(w, path)
    yield "rejected" if b"pin_hash" not in data and b'"salt"' not in data else "accepted"


def _signed(w: World, path: Path) -> bytes:
    e = Election.open(path)
    try:
        e.confirm_chief(CHIEF, CHIEF_PIN, "sign_package", signer_fingerprint=keys.fingerprint(w.branch.cert))
        return e.signed_package(w.branch, DAY)
    finally:
        e.close()


def headless_without_chief(w: World) -> Iterator[Outcome]:
    """`votedesk package` without the chief's PIN, and the core's signing without a confirmation."""
    path = w.copy("headless")
    p12 = w.base / "branch.p12"
    if not p12.exists():
        p12.write_bytes(keys.export_pkcs12(w.branch, "a long passphrase"))
    env = {**os.environ, "VOTEDESK_PASSPHRASE": "a long passphrase", "PYTHONPATH": str(ROOT)}
    env.pop("VOTEDESK_CHIEF_PIN", None)
    run = subprocess.run([sys.executable, "-m", "app", "package", str(path), str(w.base / "x.vdpkg"), "--key", str(p12)],
                         cwd=ROOT, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    yield "rejected" if run.returncode != 0 and not (w.base / "x.vdpkg").exists() else "accepted"
    e = Election.open(path)
    try:
        e.signed_package(w.branch, DAY)
        yield "accepted"
    except UserFacingError:
        yield "rejected"
    finally:
        e.close()


def full_disk(w: World) -> Iterator[Outcome]:
    """A new election file and a keyed ballot on a full disk (a small tmpfs): the disk_full refusal, nothing lost."""
    mnt = w.base / "disk"
    mnt.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mnt)]).returncode:
        print("    (skipped: a small tmpfs needs root)")
        return
    try:
        def fill() -> None:
            with open(mnt / "filler", "wb") as fh:
                fh.write(b"\0" * max(0, shutil.disk_usage(mnt).free - 4096))

        fill()
        try:
            Election.create(mnt / "new.votedesk")
            yield "accepted"
        except UserFacingError as exc:
            yield "rejected" if exc.code == "disk_full" and not (mnt / "new.votedesk").exists() else "accepted"
        (mnt / "filler").unlink()
        target = mnt / "count.votedesk"
        create_demo(target, stop_at="counting")
        e = Election.open(target)
        rid = next(r.id for r in e.rounds() if not r.closed)
        before = len(e.count_input(rid)["ballots"])
        fill()
        refused = 0
        for _ in range(200):
            try:
                e.record_ballot(rid, {"王建国": "yes"})
            except UserFacingError as exc:
                refused += exc.code == "disk_full"
        saved = len(e.count_input(rid)["ballots"])
        e.close()
        yield "rejected" if refused and saved >= before else "accepted"
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def byte_flips(w: World) -> Iterator[Outcome]:
    """Single flipped bytes anywhere in the genuine package (the container and signature checks, kept)."""
    rng = random.Random(12)
    for _ in range(150):
        data = bytearray(w.genuine)
        i = rng.randrange(len(data))
        data[i] ^= 1 << rng.randrange(8)
        yield _verdict(verify_package(bytes(data), w.trust).ok)


ATTACKS: list[tuple[str, Callable[[World], Iterator[Outcome]]]] = [
    ("edited ballots, chain not recomputed (sign + verify)", edited_no_chain),
    ("edited ballots, chain recomputed, digest kept", edited_chain_old_digest),
    ("edited ballots, chain + digests recomputed, paper code typed", edited_everything_with_paper),
    ("edited ballots, chain + digests recomputed, NO paper code", edited_everything_no_paper),
    ("full forgery first without codes, then genuine with them; typo", forgery_first_unchecked),
    ("B signs A (verify + import)", b_signs_a),
    ("wrong PDFs (ballot, unrelated, other vote, none)", wrong_pdfs),
    ("forged 2049 then genuine; re-laid-out zip", forged_then_genuine),
    ("two processes keying + closing one round", two_processes),
    ("bombs and special files (package, roll)", hostile_files),
    ("formula and hidden-character names", formula_names),
    ("PIN guessing (30 guesses) + PIN in package", pin_attempts),
    ("signing without the chief (CLI + core)", headless_without_chief),
    ("full disk (new file, keying)", full_disk),
    ("byte flips in a genuine package", byte_flips),
]


def main() -> int:
    base = Path(tempfile.mkdtemp(prefix="votedesk-attacks-"))
    started = time.perf_counter()
    try:
        world = World(base)
        print(f"{'attack class':64} {'tried':>5} {'rejected':>8} {'accepted':>8} {'crashed':>7} {'s':>6}")
        for title, run in ATTACKS:
            t0, counts = time.perf_counter(), {"rejected": 0, "accepted": 0, "crashed": 0}
            try:
                for outcome in run(world):
                    counts[outcome] += 1
            except Exception:  # noqa: BLE001 - an attack that blows up the app is what this table is for
                counts["crashed"] += 1
                traceback.print_exc(limit=3)
            tried = sum(counts.values())
            print(f"{title:64} {tried:>5} {counts['rejected']:>8} {counts['accepted']:>8} {counts['crashed']:>7} "
                  f"{time.perf_counter() - t0:>6.1f}", flush=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
