"""Long lists paginate with repeated table heads; no text is drawn outside the page or its margins."""
from __future__ import annotations

import io

import pypdf
from reportlab.lib.units import mm

from app.core.reports.styles import cn_count, cn_number
from tests.core.reports.helpers import page_texts


def _text_positions(pdf: bytes, max_pages: int | None = None):
    """(page number, x, y, text) of every text run, in device space."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for number, page in enumerate(reader.pages[:max_pages], start=1):
        runs = []

        def visit(text, cm, tm, _font, _size, runs=runs):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                runs.append((x, y, text))

        page.extract_text(visitor_text=visit)
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        for x, y, text in runs:
            yield number, x, y, text, width, height


def test_no_text_outside_the_page(case):
    _, pdfs = case
    for name, pdf in pdfs.items():
        # Ballot sheets are identical (see test_ballot), so two of them stand for all.
        runs = list(_text_positions(pdf, 2 if "ballot" in name else None))
        assert runs, name
        for number, x, y, text, width, height in runs:
            assert 0 <= x < width and 0 <= y < height, (name, number, x, y, text)


def test_body_text_stays_inside_the_margins(case):
    """Only the header and the page footer may use the 25 mm margins; body text never runs into them."""
    _, pdfs = case
    for name, pdf in pdfs.items():
        if "ballot" in name:
            continue
        official = name.startswith(("01-", "02-", "07-", "08-"))  # GB/T 9704 margins: tests/core/reports/test_official_layout.py
        for number, x, y, text, width, height in _text_positions(pdf):
            in_header = height - 20 * mm < y < height - 15 * mm
            in_footer = y < (25 * mm if official else 15 * mm)
            if not (in_header or in_footer):
                assert 25 * mm - 1 <= x <= width - 25 * mm, (name, number, x, text)
                assert 25 * mm - 1 <= y <= height - 25 * mm + 1, (name, number, y, text)


def test_congress_tables_paginate_with_repeated_heads(congress, congress_pdfs):
    signin = page_texts(congress_pdfs["04-signin.pdf"])
    assert len(signin) >= 10
    assert all("序号姓名所在党小组（单位）签名备注" in p for p in signin)
    cands = page_texts(congress_pdfs["03-candidates.pdf"])
    assert len(cands) >= 2 and all("序号姓名性别出生年月民族入党时间学历现任职务" in p for p in cands)
    counting = page_texts(congress_pdfs["06-counting-reports.pdf"])
    first_round_pages = [p for p in counting if "赞成不赞成弃权无效合计结果" in p]
    assert len(first_round_pages) >= 3  # 40 persons over two pages, then the two officer rounds


def test_result_report_numbers_every_round(demo, demo_pdfs):
    text = "".join(page_texts(demo_pdfs["07-result-report.pdf"]))
    rounds = demo.result.rounds + demo.result.plenary
    for number in range(1, len(rounds) + 1):
        assert f"（{cn_number(number)}）" in text
    assert f"共进行{cn_count(len(demo.result.rounds))}轮投票" in text


def test_cn_count_says_liang_for_two():
    assert [cn_count(n) for n in (1, 2, 3, 12)] == ["一", "两", "三", "十二"]


def test_cn_number():
    assert [cn_number(n) for n in (1, 10, 11, 20, 33, 99)] == ["一", "十", "十一", "二十", "三十三", "九十九"]
