"""Official papers follow GB/T 9704-2012, measured from the PDF: type area and margins, title 二号 in the Song
face, body 三号 in the Kai face on a 22-line grid of 28 characters (±1), "— n —" page numbers at the outside corner."""
from __future__ import annotations

import io
import re

import pypdf
import pytest
from reportlab.lib.units import mm

from app.core.demo import create_demo
from app.core.documents import build_documents
from app.core.reports.styles import with_fallback
from app.core.workflow import Election
from tests.core.test_papers import _issue_all

PAGE_H = 297 * mm
TOP, LEFT, WIDTH, HEIGHT = 37 * mm, 28 * mm, 156 * mm, 225 * mm
OFFICIAL = ("01-election-request.pdf", "02-candidate-request.pdf", "04-method-assembly.pdf", "07-result-report.pdf",
            "08-officer-request.pdf")
SONG, KAI = "BousungEG-Light-GB", "GBZenKai-Medium"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    e = Election.open(create_demo(tmp_path_factory.mktemp("layout") / "demo.votedesk"))
    _issue_all(e)
    yield build_documents(e.db)
    e.close()


def runs(pdf: bytes, page: int) -> list[tuple[float, float, float, str, str]]:
    """(x, y, size, font, text) of every text run on a page, in page coordinates."""
    out = []

    def visit(text, cm, tm, font, size):  # noqa: ANN001
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            out.append((x, y, size * tm[0] * cm[0], str(font.get("/BaseFont", "")) if font else "", text.strip()))
    pypdf.PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return out


def page_number_runs(pdf: bytes, page: int) -> list[tuple[float, float, float, str, str]]:
    return [r for r in runs(pdf, page) if re.fullmatch(r"— \d+ —", r[4])]


def width_in_characters(text: str) -> float:
    """A line's width in body characters: half-width digits and letters count a half."""
    return sum(0.5 if ord(c) < 0x2000 else 1 for c in text)


@pytest.mark.parametrize("name", OFFICIAL)
def test_title_and_body_sizes_faces_and_margins(pdfs, name):
    first = runs(pdfs[name], 0)
    title = [r for r in first if r[2] == pytest.approx(22)]
    body = [r for r in first if r[2] == pytest.approx(16) and r[3].endswith(KAI)]
    assert title and all(r[3].endswith(SONG) for r in title)
    assert len(body) >= 5
    # The title's first line sits at the top of the type area, 37 mm from the top edge.
    assert PAGE_H - TOP - 22 * 1.3 <= max(r[1] for r in title) <= PAGE_H - TOP
    # Text starts at the binding margin (28 mm) and never passes the type area's right edge.
    assert min(r[0] for r in body) == pytest.approx(LEFT, abs=0.5)
    for x, _y, size, _f, text in body:
        # A closing mark may hang past the edge instead of starting the next line (避头点).
        hanging = 1 if text[-1] in "，。、；：！？）》”" else 0
        assert x + (width_in_characters(text) - hanging) * size <= LEFT + WIDTH + 1, text
    # Nothing is set below the type area except the page number.
    assert all(r[1] >= PAGE_H - TOP - HEIGHT - 1 for r in first if r not in page_number_runs(pdfs[name], 0))


def test_body_lines_hold_28_characters_on_a_22_line_grid(pdfs):
    body = [r for r in runs(pdfs["01-election-request.pdf"], 0) if r[3].endswith(KAI) and r[2] == pytest.approx(16)]
    # Full lines: those wrapped by the width, not the last line of a paragraph; the first line is indented 2.
    widths = [width_in_characters(r[4]) + (2 if r[0] > LEFT + 1 else 0) for r in body]
    assert max(widths) == pytest.approx(28, abs=1)
    ys = sorted({round(r[1], 2) for r in body}, reverse=True)
    steps = {round(a - b, 2) for a, b in zip(ys, ys[1:])}
    assert min(steps) == pytest.approx(HEIGHT / 22, abs=0.05)  # 22 lines fill the 225 mm type area
    lines_per_page = [len({round(r[1], 1) for r in runs(pdfs["07-result-report.pdf"], p)
                           if r[3].endswith(KAI) and r[2] == pytest.approx(16)}) for p in range(2)]
    assert max(lines_per_page) <= 22


@pytest.mark.parametrize("name", OFFICIAL)
def test_page_numbers_are_dashed_at_the_outside_corner(pdfs, name):
    pages = len(pypdf.PdfReader(io.BytesIO(pdfs[name])).pages)
    for p in range(pages):
        numbers = page_number_runs(pdfs[name], p)
        assert [r[4] for r in numbers] == [f"— {p + 1} —"]
        x, y, size, font, text = numbers[0]
        assert size == pytest.approx(14) and font.endswith(SONG)
        assert y < PAGE_H - TOP - HEIGHT - 7 * mm  # 7 mm below the type area
        if p % 2 == 0:  # odd page: right, one character in
            assert x + width_in_characters(text) * size == pytest.approx(LEFT + WIDTH - 14, abs=4)
        else:
            assert x == pytest.approx(LEFT + 14, abs=0.5)
        assert "第" not in "".join(r[4] for r in runs(pdfs[name], p) if r[1] < 30 * mm)


def test_working_papers_keep_their_layout(pdfs):
    page = runs(pdfs["04-signin.pdf"], 0)
    assert "第1页" in "".join(r[4] for r in page if r[1] < 25 * mm).replace(" ", "")
    assert any(r[4].startswith("选举指纹") for r in page)


def test_issuer_and_date_are_right_and_the_date_four_characters_in(pdfs):
    last = len(pypdf.PdfReader(io.BytesIO(pdfs["08-officer-request.pdf"])).pages) - 1
    page = runs(pdfs["08-officer-request.pdf"], last)
    date = next(r for r in page if r[4] == "2024年5月18日")
    issuer = min((r for r in page if r[4] == "中共青石社区支部委员会" and r[1] > date[1]), key=lambda r: r[1])
    date_right = date[0] + width_in_characters(date[4]) * 16
    assert date_right == pytest.approx(LEFT + WIDTH - 4 * 16, abs=4)
    centre = lambda r: r[0] + width_in_characters(r[4]) * 16 / 2  # noqa: E731
    assert centre(issuer) == pytest.approx(centre(date), abs=2)
    assert not [r for r in page if "盖章" in r[4]]  # an unsealed paper shows nothing in the seal's place


def test_a_name_outside_the_official_faces_is_set_in_the_sans_face():
    assert with_fallback("王堃", "CJK-Kai") == '王<font name="CJK">堃</font>'
