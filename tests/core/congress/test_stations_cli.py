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


def test_the_congress_before_its_vote_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from app.core.signing import keys
    from tests.fixtures.congress import delegate_names, unit_package
    from tests.fixtures.signing_demo import ROOT_ORG

    root = keys.create_root(ROOT_ORG)
    (tmp_path / "root.pem").write_bytes(keys.cert_pem(root.cert))
    (tmp_path / "u.vdpkg").write_bytes(unit_package(tmp_path / "u.votedesk", root, "第一党总支", delegate_names(6), 5))
    e = Election.create(tmp_path / "c.votedesk")
    e.set_election("delegate_congress")
    e.close()
    f = str(tmp_path / "c.votedesk")
    assert main(["congress-units", f, "第一党总支=5", "第二党总支=5"]) == 0
    assert main(["congress-import", f, "--root", str(tmp_path / "root.pem"), str(tmp_path / "u.vdpkg")]) == 0
    assert "第二党总支" in capsys.readouterr().out
    names = delegate_names(6)[:5]
    assert main(["congress-review", f, "--date", "2026-06-10", "--not-qualified", f"{names[4]}:已调离"]) == 0
    prep = ["congress-prep", f, "--date", "2026-06-17", "--present", "4", "--votes", "4", "--agenda", "选举委员",
            "--presidium", names[0], "--secretary-general", names[1]]
    assert main(prep) == 1  # 第二党总支 has not reported
    assert "第二党总支" in capsys.readouterr().out
    assert main(["congress-papers", f, "-o", str(tmp_path / "papers")]) == 0
    assert (tmp_path / "papers" / "congress-review.pdf").exists()
