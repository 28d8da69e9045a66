"""The counting stations headless: boxes, kits, station files, keying, partials, import refusals, merge."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.core.workflow import Election
from tests.fixtures.congress import papers, split
from tests.fixtures.elections import keying_election

CANDIDATES = [f"候选人{i:02d}" for i in range(8)]


def test_stations_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    e, _ = keying_election(tmp_path / "main.votedesk", 60, CANDIDATES, 6)
    e.close()
    by_box = split(papers(CANDIDATES, 6, 60), 2)
    main_file = str(tmp_path / "main.votedesk")
    assert main(["boxes", main_file, "--round", "1", *(f"{n}={len(p)}" for n, p in by_box.items())]) == 0
    parts = []
    for i, (box, ballots) in enumerate(by_box.items()):
        kit, station, part = (str(tmp_path / f"s{i}.{x}") for x in ("vdkit", "vdstation", "vdpart"))
        assert main(["station-kit", main_file, "--round", "1", "--station", f"第{i + 1}组", "--box", box, "-o", kit]) == 0
        assert main(["station-open", kit, "-o", station]) == 0
        lines = tmp_path / f"b{i}.jsonl"
        lines.write_text("\n".join(json.dumps({"marks": m, "write_ins": list(w), "spoiled": s}, ensure_ascii=False)
                                   for m, w, s in ballots), encoding="utf-8")
        for pass_no in ("1", "2"):
            assert main(["station-key", station, "--box", box, "--pass", pass_no, str(lines)]) == 0
        assert main(["stations", station]) == 0
        assert main(["station-export", station, "--teller", "甲", "--teller", "乙", "-o", part]) == 0
        parts.append(part)
    assert main(["station-merge", main_file, "--round", "1"]) == 1  # no partial imported yet
    assert "第1箱" in capsys.readouterr().out
    assert main(["station-import", main_file, "--round", "1", *parts]) == 0
    assert main(["station-import", main_file, "--round", "1", parts[0]]) == 1
    assert main(["stations", main_file, "--round", "1"]) == 0
    assert main(["station-merge", main_file, "--round", "1"]) == 0
    e = Election.open(main_file)
    assert e.rounds()[0].closed and e.round_result(e.rounds()[0].id)["ballots"]["returned"] == 60
    e.close()
