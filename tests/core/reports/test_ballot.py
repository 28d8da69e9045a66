"""Ballots: content and order, copies, nothing that tells one copy from another (R4.8), layout."""
from __future__ import annotations

import io
import re

import pypdf
import pytest

from app.core.reports import ballot
from app.core.reports.data import BallotSpec, ballot_copies
from tests.fixtures.report_demo import demo_report_data
from app.core.rules.model import RoundKind
from tests.core.reports.helpers import in_order, page_texts


def _one_ballot_text(docs, spec) -> str:
    return "".join(page_texts(ballot.ballot_pdf(docs.org, docs.election, spec, 1, docs.created)))


def _ballot_files(docs, pdfs):
    return [(spec, copies, pdfs[f"05-ballot-{i}.pdf"]) for i, (spec, copies) in enumerate(docs.ballots, start=1)]


def test_ballot_content_and_candidate_order(case):
    docs, pdfs = case
    for spec, _, _ in _ballot_files(docs, pdfs):
        t = _one_ballot_text(docs, spec)
        in_order(t, [docs.org.committee, f"{spec.post}选举选票", f"应选{spec.seats}名", f"候选人{len(spec.candidates)}名",
                     "画〇", "不赞成的画×", "弃权的不画任何符号",
                     f"等于或少于应选人数{spec.seats}名的为有效票，多于{spec.seats}名的为无效票"])
        in_order(t, ["候选人" + spec.candidates[0]] + list(spec.candidates[1:]))
        assert t.count("监票人盖章") == 1
        labels = t.count("另选他人符号")
        assert (labels > 0) == (spec.write_in_rows > 0)


def test_write_in_rows_equal_seats(demo):
    spec = demo.ballots[0][0]
    write_ins = ballot.ballot_flowables(demo.org, spec, ballot.WIDTH - 2 * ballot.PAD)[-1]
    # Rows alternate (names, boxes); a write-in slot is a name cell, an unused cell is an empty string.
    slots = [cell for row in write_ins._cellvalues[0::2] for cell in row[1:] if cell != ""]
    assert len(slots) == spec.seats == 5


def test_tie_revote_ballot_has_no_write_in_rows(demo):
    spec = demo.ballots[1][0]
    assert spec.kind == RoundKind.TIE_REVOTE and spec.write_in_rows == 0
    t = _one_ballot_text(demo, spec)
    assert "不得另选他人" in t and "另选他人符号" not in t


def _page_text(reader: pypdf.PdfReader, index: int) -> str:
    return re.sub(r"\s+", "", reader.pages[index].extract_text())


def test_copies_count_and_no_identifying_marks(case):
    """Full sheets are byte-identical (one form drawn in the same slots); the last holds the rest."""
    docs, pdfs = case
    for spec, copies, pdf in _ballot_files(docs, pdfs):
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        title = f"{spec.post}选举选票"
        first, last = _page_text(reader, 0), _page_text(reader, -1)
        per_sheet = first.count(title)
        assert len(reader.pages) == -(-copies // per_sheet)
        assert last.count(title) == copies - per_sheet * (len(reader.pages) - 1)
        assert len({page.get_contents().get_data() for page in reader.pages[:-1]}) <= 1
        for t in (first, last):
            assert not re.search(r"第\d+页", t) and docs.election.short_fingerprint not in t


def test_copies_are_present_plus_spare(demo):
    assert ballot_copies(35, 5) == 40
    assert [n for _, n in demo.ballots] == [40, 40, 7, 7]
    with pytest.raises(ValueError):
        ballot.ballot_pdf(demo.org, demo.election, demo.ballots[0][0], 0, demo.created)


def test_several_ballots_per_sheet(demo, demo_pdfs):
    assert len(page_texts(demo_pdfs["05-ballot-1.pdf"])) == 14  # 40 copies, 3 per sheet
    assert len(page_texts(demo_pdfs["05-ballot-3.pdf"])) == 2  # 7 copies, 4 per sheet (2 × 2)


def test_huge_ballot_breaks_across_sheets(demo):
    names = tuple(f"候选人{i:03d}" for i in range(200))
    spec = BallotSpec("代表", 160, names)
    pdf = ballot.ballot_pdf(demo.org, demo.election, spec, 2, demo.created)
    pages = page_texts(pdf)
    assert len(pages) >= 4 and len(pages) % 2 == 0
    joined = "".join(pages)
    assert joined.count("代表选举选票") == 2
    in_order(joined, list(names) + list(names))


def test_rehearsal_ballots_carry_the_watermark():
    docs = demo_report_data(rehearsal=True)
    spec, _ = docs.ballots[0]
    t = "".join(page_texts(ballot.ballot_pdf(docs.org, docs.election, spec, 3, docs.created)))
    assert t.count("演练TEST") == 3
