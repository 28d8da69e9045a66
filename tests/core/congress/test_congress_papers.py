"""The congress's papers (issue 16 item 4): review report, presidium list, agenda, a station's signed counting sheet."""
from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from app.core.congress.papers import congress_papers, papers_data, station_sheet
from app.core.congress.station import Station
from app.core.reports.congress_papers import CongressPapersData, DelegateRow
from app.core.reports.data import ElectionInfo
from app.core.rules.model import Body
from tests.fixtures.congress import ORG, congress_round, papers, split


def _text(pdf: bytes, tmp: Path) -> str:
    (tmp / "p.pdf").write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(tmp / "p.pdf"), "-"], capture_output=True, text=True).stdout


def test_review_presidium_and_agenda_say_what_was_recorded(tmp_path: Path) -> None:
    rows = (DelegateRow("第一党总支", "王建国", 28, True, ""), DelegateRow("第二党总支", "李秀英", 27, False, "已调离本单位"))
    d = CongressPapersData(ORG, ElectionInfo("换届选举", Body.DELEGATE_CONGRESS, date(2026, 6, 18), "礼堂"),
                           (("第一党总支", 1), ("第二党总支", 1)), rows, date(2026, 6, 10), date(2026, 6, 17),
                           ("选举新一届党委委员", "选举新一届纪委委员"), ("王建国",), "王建国",
                           ((date(2026, 6, 18), "纪律检查委员会委员应选名额由7名减为6名，不再另行选举", 6, 7),))
    from app.core.reports.congress_papers import congress_agenda_pdf, presidium_pdf, review_report_pdf

    review = _text(review_report_pdf(d), tmp_path)
    assert "代表资格审查报告" in review and "1名代表资格有效" in review and "已调离本单位" in review
    presidium = _text(presidium_pdf(d), tmp_path)
    assert "秘书长" in presidium and "7名成员中6名同意" in presidium
    agenda = _text(congress_agenda_pdf(d), tmp_path)
    assert "一、选举新一届党委委员" in agenda and "二、选举新一届纪委委员" in agenda


def test_a_station_sheet_counts_only_its_own_boxes(tmp_path: Path) -> None:
    e, rid, names = congress_round(tmp_path / "c.votedesk", 40, 7, 5)
    ballots = papers(names, 5, 40)
    by_box = split(ballots, 2)
    assert e.set_boxes(rid, [(b, len(p)) for b, p in by_box.items()]).ok
    box = list(by_box)[0]
    s = Station.open_kit(e.issue_kit(rid, "第一计票组", [box]).value, tmp_path / "s.vdstation")
    for pass_no in (1, 2):
        for m, w, sp in by_box[box]:
            assert s.record_ballot(box, m, w, sp, pass_no).ok
    sheet = _text(station_sheet(s, ["计票人甲", "计票人乙"]), tmp_path)
    first = names[0]
    yes = sum(m.get(first) == "yes" for m, _, _ in by_box[box])
    assert "分组计票单" in sheet and "第一计票组" in sheet and "计票人乙" in sheet
    line = next(ln for ln in sheet.splitlines() if ln.strip().startswith(first))
    assert line.split()[1] == str(yes)
    assert f"共{len(by_box[box])}张选票" in sheet
    assert congress_papers(e.db).keys() == {"congress-review.pdf"} and papers_data(e.db).delegates == ()
