"""Counting stations bench: a 300-ballot, 40-candidate congress round counted by 1, 2 and 4 stations, as ratios to one.

Keying at the stations runs for real through the core (record and check entry, durable saves); the tellers'
hands are simulated at a documented rate: one keystroke per printed name plus Enter (the ballot entry's scheme)
at KEYS_PER_SECOND (reading a mark off the paper and keying it; the issue's "an hour per box" is about 0.85 a
second), plus the station window's own time per ballot, measured by typing GUI_BALLOTS ballots into a real
station window with QTest (keys, live validity, durable save). Stations key at once, so the
counting takes as long as the slowest station. Two figures per configuration, both against one station:
  tail  = from the last ballot keyed to the official result: every station exports its signed partial
          (at once, so the slowest), the main station imports and verifies each, counts the union, closes the round;
  total = from the boxes handed out to the official result: the slowest station's keying plus the tail.
The 1-station case is the same path with one kit holding every box (and, for reference, today's single laptop).
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import header, row  # noqa: E402
from tests.fixtures.congress import congress_round, papers, split  # noqa: E402

DELEGATES, CANDIDATES, SEATS = 300, 40, 9  # 9: the most R1.4 gives a Party committee
KEYS_PER_SECOND = 1.0
GUI_BALLOTS = 20  # ballots typed into a real station window with QTest to measure the app's own time per ballot
BOXES = 4
REPEAT = 3


def gui_seconds_per_ballot(tmp: Path) -> float:
    """The station window's own time per 40-name ballot, typed with QTest (keys, live check, durable save)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.core.congress.station import Station
    from app.gui.pages.congress_station import StationWindow

    app = QApplication.instance() or QApplication([])
    e, rid, names = congress_round(tmp / "gui.votedesk", DELEGATES, CANDIDATES, SEATS)
    ballots = papers(names, SEATS, DELEGATES)
    assert e.set_boxes(rid, [("第1箱", DELEGATES)]).ok
    window = StationWindow(Station.open_kit(e.issue_kit(rid, "测试组", ["第1箱"]).value, tmp / "gui.vdstation"))
    window.show()
    plain = [m for m, w, s in ballots if not w and not s and sum(v == "yes" for v in m.values()) <= SEATS]
    t0 = time.perf_counter()
    for marks in plain[:GUI_BALLOTS]:
        QTest.keyClicks(window.entry.grid, "".join("1" if marks.get(n) == "yes" else "2" if marks.get(n) == "no"
                                                   else "0" for n in names))
        QTest.keyClick(window.entry.grid, Qt.Key.Key_Return)
    per = (time.perf_counter() - t0) / GUI_BALLOTS
    assert window.station.boxes()[0].keyed == GUI_BALLOTS
    window.close()
    app.processEvents()
    return per


def _key(station, by_box) -> tuple[float, float]:
    """(simulated hand seconds, measured core seconds) of keying a station's boxes twice."""
    hands, t0 = 0.0, time.perf_counter()
    for b in station.boxes():
        for pass_no in (1, 2):
            for marks, write_ins, spoiled in by_box[b.name]:
                assert station.record_ballot(b.name, marks, write_ins, spoiled, pass_no).ok
                hands += (CANDIDATES + 1 + len(write_ins)) / KEYS_PER_SECOND + GUI_PER_BALLOT
    return hands, time.perf_counter() - t0


def run(stations: int, tmp: Path) -> tuple[float, float, dict]:
    """(keying seconds of the slowest station, tail seconds, result) for ``stations`` teller groups."""
    from app.core.congress.station import Station

    e, rid, names = congress_round(tmp / f"main{stations}.votedesk", DELEGATES, CANDIDATES, SEATS)
    by_box = split(papers(names, SEATS, DELEGATES), BOXES)
    assert e.set_boxes(rid, [(n, len(p)) for n, p in by_box.items()]).ok
    boxes = list(by_box)
    groups = [boxes[i::stations] for i in range(stations)]
    kits = [e.issue_kit(rid, f"第{i + 1}计票组", g).value for i, g in enumerate(groups)]
    opened = [Station.open_kit(k, tmp / f"s{stations}-{i}.vdstation") for i, k in enumerate(kits)]
    keying = max(h + c for h, c in (_key(s, by_box) for s in opened))
    exports = []
    for s in opened:  # the stations export at once: the slowest one counts
        t0 = time.perf_counter()
        exports.append((s.export_partial(["计票人甲", "计票人乙"]).value, time.perf_counter() - t0))
    t0 = time.perf_counter()
    for data, _ in exports:
        assert e.import_partial(rid, data).ok
    assert e.count_from_stations(rid).ok
    result = e.close_round(rid)
    assert result.ok
    tail = max(t for _, t in exports) + time.perf_counter() - t0
    return keying, tail, e.round_result(rid)


def single_laptop(tmp: Path) -> tuple[float, float]:
    """Today's way: one laptop keys every ballot twice, then closes the round: (keying, tail) seconds."""
    e, rid, names = congress_round(tmp / "single.votedesk", DELEGATES, CANDIDATES, SEATS)
    hands, t0 = 0.0, time.perf_counter()
    for pass_no in (1, 2):
        for marks, write_ins, spoiled in papers(names, SEATS, DELEGATES):
            assert e.record_ballot(rid, marks, write_ins, spoiled, pass_no).ok
            hands += (CANDIDATES + 1 + len(write_ins)) / KEYS_PER_SECOND + GUI_PER_BALLOT
    keying = hands + time.perf_counter() - t0
    t0 = time.perf_counter()
    assert e.close_round(rid).ok
    return keying, time.perf_counter() - t0


GUI_PER_BALLOT = 0.0  # set by main from the QTest measurement


def main() -> None:
    global GUI_PER_BALLOT
    header()
    with tempfile.TemporaryDirectory() as tmp:
        GUI_PER_BALLOT = gui_seconds_per_ballot(Path(tmp))
    row(f"station window's own time per {CANDIDATES}-name ballot (QTest, {GUI_BALLOTS} ballots)", GUI_PER_BALLOT,
        (CANDIDATES + 1) / KEYS_PER_SECOND, target="added to each ballot")
    got = {}
    for n in (1, 2, 4):  # the tail is a fraction of a second: the median of REPEAT whole runs
        runs = []
        for i in range(REPEAT):
            with tempfile.TemporaryDirectory() as tmp:
                runs.append(run(n, Path(tmp)))
        got[n] = sorted(runs, key=lambda r: r[1])[REPEAT // 2]
    with tempfile.TemporaryDirectory() as tmp:
        laptop = single_laptop(Path(tmp))
    same = len({str({**r, "ballots": {**r["ballots"], "invalid_ids": len(r["ballots"]["invalid_ids"])}})
                for _, _, r in got.values()}) == 1
    k1, t1, _ = got[1]
    for n in (1, 2, 4):
        k, t, _ = got[n]
        row(f"stations: {n}, last ballot keyed → official result ({DELEGATES} ballots × {CANDIDATES} names)", t, t1,
            target="measured")
        row(f"stations: {n}, boxes handed out → official result (keying at {KEYS_PER_SECOND:g} keys/s)", k + t,
            k1 + t1, target="—")
    row("today's single laptop (no kits), last ballot keyed → official result", laptop[1], t1)
    row("today's single laptop (no kits), boxes handed out → official result", laptop[0] + laptop[1], k1 + t1)
    print(f"| the 1-, 2- and 4-station results are the same | {same} | | | True |")


if __name__ == "__main__":
    main()
