"""`votedesk scan FILE --round N FOLDER`: the scanning service headless."""
from __future__ import annotations

import random

from app.cli import main
from tests.core.scan.corpus import corpus
from tests.core.scan.test_scanning import CLEAN, election  # noqa: F401 - the fixture


def test_scan_command_reads_a_folder_into_the_round(election, capsys) -> None:  # noqa: F811
    e, rid, tmp = election
    m = corpus()
    lay = e.scan_layout(rid)
    base = m.cut_ballot(e.ballot_pdf(0), lay, 150)
    (tmp / "s").mkdir()
    for i in range(3):
        img, _t = m.make_page(m.Plan("9", 150, "clean", False, False, 0), random.Random(i), lay, base, boxes=CLEAN,
                              odd_share=0.0)
        img.save(tmp / "s" / f"{i}.png", dpi=(150, 150))
    (tmp / "s" / "blank.png").write_bytes(b"not an image")
    path = e.ctx.db.conn.execute("PRAGMA database_list").fetchone()[2]
    e.close()
    assert main(["scan", path, "--round", "1", str(tmp / "s"), "--share", "0"]) == 0
    out = capsys.readouterr().out
    assert "3 saved as ballots" in out and "blank.png" in out
