"""The counting report's QR code stays readable at 24 mm however many candidates a round has (issue 12 item 3)."""
from __future__ import annotations

from dataclasses import replace

from app.core.reports.counting_report import counting_report_pdf
from app.core.reports.data import Officials, PersonRow
from app.core.reports.papercode import MIN_MODULE_MM, QR_SIZE_MM, _modules, qr_caption, qr_size_mm, qr_summary
from app.core.rules.election import Status
from tests.core.reports.helpers import page_texts
from tests.fixtures.report_demo import demo_report_data

CODE = "1234-5678-9012-3456-7890"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"


def _big_round(candidates: int = 120, seats: int = 100):
    """A unit electing 100 delegates from 120 names, several of four characters (复姓 and long given names)."""
    rnd = demo_report_data().result.rounds[0]
    names = [f"{SURNAMES[i % 20]}{'欧阳'[: i % 3]}志{'建国明华'[i % 4]}{i}" for i in range(candidates)]
    persons = tuple(PersonRow(n, False, 300 - i, i, 0, 0, Status.ELECTED if i < seats else Status.NOT_ELECTED)
                    for i, n in enumerate(names))
    return replace(rnd, persons=persons, elected=tuple(names[:seats]), seats=seats, paper_code=CODE, tie_among=(),
                   tie_seats=0)


def test_a_round_of_120_candidates_builds_a_readable_qr_that_says_what_it_left_out():
    org = "中共某某市某某区某某街道某某社区第一党支部委员会"
    rnd = _big_round()
    summary = qr_summary(org, "代表选举 正式选举", rnd)
    assert not summary.votes and not summary.elected  # 100 elected names alone do not fit
    for kept in (org, CODE, f"应到{rnd.expected}", f"实到{rnd.present}", f"发出{rnd.issued}", f"收回{rnd.returned}",
                 f"有效{rnd.valid}", f"无效{rnd.invalid}", "得票见报告单", "当选见报告单"):
        assert kept in summary.text
    assert rnd.persons[0].name not in summary.text
    assert QR_SIZE_MM / (_modules(summary.text) + 8) >= MIN_MODULE_MM  # each printed module about 0.33 mm
    assert qr_size_mm(summary.text) == QR_SIZE_MM
    caption = qr_caption(summary)
    assert "各人得票和当选名单见上表" in caption and "载有本轮的组织" in caption and "各人得票、" not in caption


def test_the_counting_report_of_a_big_round_prints_its_code_and_the_honest_caption():
    docs = demo_report_data()
    pdf = counting_report_pdf(docs.org, docs.election, [_big_round()], Officials(), docs.created)
    text = "".join(page_texts(pdf)).replace("\n", "")
    assert CODE in text and "各人得票和当选名单见上表" in text


def test_a_small_round_keeps_everything_and_a_middle_one_drops_the_votes_first():
    docs = demo_report_data()
    org, rnd = "中共青石社区支部委员会", replace(docs.result.rounds[0], paper_code=CODE)
    small = qr_summary(org, f"{org}委员选举 正式选举", rnd)  # as the counting report calls it
    assert small.votes and small.elected and "得票见报告单" not in small.text and "*" in small.text
    assert qr_caption(small).endswith("各人得票、当选名单、核验码。") and small.text.count(org) == 1
    assert all(f"{p.name}{p.yes}" in small.text for p in rnd.persons)
    assert all(f"{p.name}{p.yes}*" in small.text for p in rnd.persons if p.name in rnd.elected)
    middle = qr_summary(org, "委员选举 正式选举", _big_round(14, 3))
    assert not middle.votes and middle.elected and "当选 " in middle.text and "得票见报告单" in middle.text
    assert qr_caption(middle).endswith("各人得票见上表。")


def test_a_very_long_organization_name_enlarges_the_code_rather_than_shrinking_its_modules():
    summary = qr_summary("中共" + "某" * 90 + "委员会", "代表选举 正式选举", _big_round())
    size = qr_size_mm(summary.text)
    assert size > QR_SIZE_MM and size / (_modules(summary.text) + 8) >= MIN_MODULE_MM - 1e-9


def test_a_full_qr_adds_no_line_so_the_demo_s_reports_keep_their_signatures_on_their_page():
    docs = demo_report_data()
    rounds = [replace(r, paper_code=CODE) for r in docs.result.rounds]
    pdf = counting_report_pdf(docs.org, docs.election, rounds, Officials(), docs.created)
    pages = page_texts(pdf)
    assert len(pages) == len(rounds) and all("计票人" in p and CODE in p for p in pages)
    assert not any("二维码载有" in p for p in pages if "得票见报告单" not in p)
