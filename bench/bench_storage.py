"""Storage benchmarks: durable save of one ballot, and a full recount of 20,000 ballots × 30 candidates.

Run: .venv/bin/python bench/bench_storage.py   (prints a table; not a timed test)
"""
from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fixtures.elections import keying_election  # noqa: E402
from app.core.storage import ballots as sb  # noqa: E402
from app.core.workflow import Election, counting  # noqa: E402

SAMPLES = 500


def election(path: Path, voters: int, n_cands: int, seats: int) -> tuple[Election, int]:
    """An election with one open round, ``voters`` present, ballots issued and returned."""
    cands = [f"{c}候选" for c in "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧"[:n_cands]]
    return keying_election(path, voters, cands, seats)


def bench_save(tmp: Path) -> tuple[float, float]:
    """Median seconds of one durable record_ballot at 1,000 ballots, and of a raw sqlite3 insert.

    The two are sampled alternately, so both see the same disk and machine load.
    """
    e, rid = election(tmp / "save.votedesk", 1000 + SAMPLES, 6, 5)
    names = e.printed_names(rid)
    rng = random.Random(1)
    ballot = lambda: {n: rng.choice(["yes", "no", "abstain"]) for n in names}  # noqa: E731
    for _ in range(1000):
        e.record_ballot(rid, ballot())
    raw = _raw_file(tmp / "raw.db", rng)
    ours, base = [], []
    for _ in range(SAMPLES):
        b, bid = ballot(), f"{rng.getrandbits(64):016x}"
        t = time.perf_counter()
        assert e.record_ballot(rid, b).ok
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        raw.execute("BEGIN")
        raw.execute("INSERT INTO ballots (id, round_id, marks) VALUES (?, 1, 'yynna')", [bid])
        raw.execute("COMMIT")
        base.append(time.perf_counter() - t)
    e.close()
    raw.close()
    return statistics.median(ours), statistics.median(base)


def _raw_file(path: Path, rng: random.Random) -> sqlite3.Connection:
    """A bare table of 1,000 ballots with the election file's pragmas (the baseline)."""
    conn = sqlite3.connect(path, isolation_level=None)
    for p in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON"):
        conn.execute(f"PRAGMA {p}")
    conn.execute("CREATE TABLE ballots (id TEXT PRIMARY KEY, round_id INTEGER NOT NULL, marks TEXT NOT NULL, "
                 "write_ins TEXT NOT NULL DEFAULT '[]', spoiled INTEGER NOT NULL DEFAULT 0) STRICT, WITHOUT ROWID")
    for _ in range(1000):
        conn.execute("INSERT INTO ballots (id, round_id, marks) VALUES (?, 1, 'yynna')", [f"{rng.getrandbits(64):016x}"])
    return conn


def bench_recount(tmp: Path, n: int = 20000, n_cands: int = 30) -> tuple[float, float, bool]:
    """Seconds to recount a stored round (20,000 × 30) and of a bare SELECT + Counter; results equal the engine's."""
    e, rid = election(tmp / "recount.votedesk", n, n_cands, 25)
    rng = random.Random(3)
    rows = []
    for _ in range(n):
        marks = "".join(rng.choice("yyynna") for _ in range(n_cands))
        rows.append((sb.new_ballot_id(), rid, marks, "[]", 0))
    rows[5] = rows[5][:3] + ('[["外人",true]]', 0)
    with e.db.atomic():  # bench setup only: bulk insert without the per-action audit entries
        e.db.conn.executemany("INSERT INTO ballots (id, round_id, marks, write_ins, spoiled) VALUES (?, ?, ?, ?, ?)", rows)
    t = time.perf_counter()
    fast = counting.decide(e.db, rid)
    ours = time.perf_counter() - t
    t = time.perf_counter()
    c: Counter = Counter()
    for (marks,) in e.db.execute("SELECT marks FROM ballots WHERE round_id = ?", [rid]):
        c.update(enumerate(marks))
    base = time.perf_counter() - t
    from app.core.countfmt import outcome_to_json

    same = outcome_to_json(fast) == outcome_to_json(counting.engine_outcome(e.db, rid))
    e.close()
    return ours, base, same


sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.common import header, row  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        save, raw = bench_save(tmp)
        ours, base, same = bench_recount(tmp)
    header()
    row("durable save of 1 ballot at 1,000 in the file (median) vs raw sqlite3 insert", save * 1e6, raw * 1e6, "µs", "≤ 1.5")
    row("recount 20,000 ballots × 30 candidates vs SELECT + Counter", ours, base, "s", "≤ 0.2 s, ≤ 2")
    if not same:
        print("recount DIFFERS from the engine's count of the count-input document")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
