"""Every document's text carries the data's names, numbers and order (demo and 300-delegate congress)."""
from __future__ import annotations

from app.core.reports.data import KIND, STATUS
from app.core.reports.styles import cn_date, ym
from tests.core.reports.helpers import in_order, page_texts, text


def test_election_request(case):
    docs, pdfs = case
    d, t = docs.election_request, text(pdfs["01-election-request.pdf"])
    in_order(t, [d.org.committee, "关于召开", "换届选举的请示", d.org.higher_level + "：", cn_date(d.term_started),
                 f"任期{d.term_years}年", cn_date(d.election.date), d.election.place,
                 f"现有党员{d.members_total}名", f"正式党员{d.full_members}名", f"预备党员{d.probationary}名"])
    in_order(t, [f"{p.post}：应选{p.seats}名，候选人{p.candidates}名" for p in d.posts])
    in_order(t, ["妥否，请批示。", d.org.committee, cn_date(d.issued)])


def test_candidate_request_lists_names_in_given_order(case):
    docs, pdfs = case
    d, t = docs.candidate_request, text(pdfs["02-candidate-request.pdf"])
    in_order(t, [d.org.higher_level + "：", f"预备人选{len(d.candidates)}名（应选{d.seats}名）", "按姓氏笔画为序："])
    in_order(t, ["按姓氏笔画为序：" + "、".join(c.name for c in d.candidates) + "。"])
    in_order(t, [f"拟推荐{n}为{post}" for post, n in d.nominees[:1]] + [cn_date(d.issued), "基本情况表"])
    in_order(t, [f"{i}{c.name}{c.sex}{ym(c.birth)}{c.ethnicity}{ym(c.joined)}{c.education}{c.post}"
                 for i, c in enumerate(d.candidates, start=1)])


def test_candidate_list_rows(case):
    docs, pdfs = case
    cr, t = docs.candidate_request, text(pdfs["03-candidates.pdf"])
    in_order(t, [cr.org.committee, f"{cr.post}候选人名单", f"应选{cr.seats}名，候选人{len(cr.candidates)}名"])
    in_order(t, [f"{i}{c.name}{c.sex}{ym(c.birth)}{c.ethnicity}{ym(c.joined)}{c.education}{c.post}"
                 for i, c in enumerate(cr.candidates, start=1)])


def test_signin_voters_then_non_voting(case):
    docs, pdfs = case
    t = text(pdfs["04-signin.pdf"])
    voters = [a for a in docs.attendees if a.voting]
    others = [a for a in docs.attendees if not a.voting]
    in_order(t, [docs.org.name, "签到表", cn_date(docs.election.date), docs.election.place,
                 f"应到会{len(voters)}名", *[f"{i}{a.name}{a.unit}{a.note}" for i, a in enumerate(voters, start=1)],
                 f"（{len(others)}名，不发选票）", *[f"{i}{a.name}{a.unit}{a.note}" for i, a in enumerate(others, start=1)]])


def _round_page(org, election, rnd, who) -> list[str]:
    facts = [election.title, f"{rnd.committee or org.committee}{rnd.post}", KIND[rnd.kind], f"{rnd.seats}名",
             f"应到会有选举权人数{rnd.expected}", f"实到会有选举权人数{rnd.present}", f"发出选票{rnd.issued}张",
             f"收回选票{rnd.returned}张", f"有效票{rnd.valid}张", f"无效票{rnd.invalid}张"]
    rows = []
    for i, p in enumerate(rnd.persons, start=1):
        if p.write_in:
            rows.append(f"{i}{p.name}（另选）{p.yes}———{p.yes}{STATUS[p.status]}")
        else:
            rows.append(f"{i}{p.name}{p.yes}{p.no}{p.abstain}{p.void}{p.yes + p.no + p.abstain + p.void}{STATUS[p.status]}")
    signers = ([who.chief] if who.chief else []) + [n for n in who.scrutineers + who.tellers if n]
    return facts + rows + [f"至少{rnd.threshold_min_yes}票"] + signers + [f"日期：{cn_date(rnd.date)}"]


def test_counting_report_per_round(case):
    docs, pdfs = case
    rounds = docs.result.rounds + docs.result.plenary
    t = text(pdfs["06-counting-reports.pdf"])
    expected = []
    for rnd, who in zip(rounds, docs.officials):
        expected += ["计票结果报告单"] + _round_page(docs.org, docs.election, rnd, who)
    in_order(t, expected)
    assert t.count("计票结果报告单") == len(rounds)


def test_counting_report_names_tie_and_threshold(demo, demo_pdfs):
    first = demo.result.rounds[0]
    t = text(demo_pdfs["06-counting-reports.pdf"])
    in_order(t, ["当选票数：须超过实到会有选举权人数（35人）的半数，即至少18票。",
                 "当选（按得票多少为序）：王建华（33票）、亓秀英（31票）、李娜（30票）、覃海燕（28票）。",
                 f"得票相等：{'、'.join(first.tie_among)}各得20票，就1个名额在上述人员中重新投票。"])


def test_result_report(case):
    docs, pdfs = case
    d, t = docs.result, text(pdfs["07-result-report.pdf"])
    first = d.rounds[0]
    in_order(t, [d.org.committee, "关于换届选举结果的报告", d.org.higher_level + "：", d.approval_ref,
                 cn_date(d.election.date), d.election.place, d.election.meeting,
                 f"应到会有选举权的{d.election.voter}{first.expected}名，实到会{first.present}名", "会议有效"])
    for rnd in d.rounds + d.plenary:
        in_order(t, [f"{rnd.post}选举·{KIND[rnd.kind]}", f"应选{rnd.post}{rnd.seats}名，候选人{len(rnd.candidates)}名",
                     f"发出选票{rnd.issued}张，收回{rnd.returned}张，其中有效票{rnd.valid}张、无效票{rnd.invalid}张",
                     f"至少{rnd.threshold_min_yes}票"]
                 + [f"{i}{p.name}{'（另选）' if p.write_in else ''}{p.yes}" for i, p in enumerate(rnd.persons, start=1)])
    in_order(t, [f"委员{len(d.members)}名（按姓氏笔画为序"])
    officers = [(r.post, n, r.votes(n)) for r in d.plenary for n in r.elected]
    in_order(t, [f"选举{n}为{post}（得赞成票{v}票）" for post, n, v in officers])
    # 报告不得夹带请示事项: the report asks for nothing; the secretary and deputy are asked for apart.
    in_order(t, ["特此报告。", d.org.committee, cn_date(d.issued)])
    assert "批准" not in t.split("特此报告。")[0][-200:] and "请批示" not in t and "请予" not in t


def test_result_report_members_in_stroke_order_with_votes(demo, demo_pdfs):
    t = text(demo_pdfs["07-result-report.pdf"])
    members = "、".join(f"{m.name}（{m.votes}票）" for m in demo.result.members)
    in_order(t, [f"选举产生了第五届{demo.org.committee}委员5名（按姓氏笔画为序，括号内为得票数）：{members}。"])
    assert [m.name for m in demo.result.members] == ["王建华", "亓秀英", "刘志强", "李娜", "覃海燕"]
    in_order(t, ["共记录情况3项："] + [f"{i}．{s}" for i, s in enumerate(demo.result.incidents, start=1)])
    in_order(t, ["委员分工："] + [f"{n}，{duty}" for n, duty in demo.result.duties])


def test_result_report_long_member_list_is_a_table(congress, congress_pdfs):
    t = text(congress_pdfs["07-result-report.pdf"])
    in_order(t, [f"{i}{m.name}{m.votes}" for i, m in enumerate(congress.result.members, start=1)])


def test_every_page_has_header_and_page_x_of_y(case):
    docs, pdfs = case
    for name, pdf in pdfs.items():
        if "ballot" in name:
            continue
        pages = page_texts(pdf)
        official = name.startswith(("01-", "02-", "07-", "08-"))
        for number, page in enumerate(pages, start=1):
            assert official or docs.org.name in page, (name, number)  # official papers have no running header
            # The election fingerprint stays on internal working papers, never on an official paper.
            assert (f"选举指纹{docs.election.short_fingerprint}" in page) != official, (name, number)
            # Official papers: "— n —" (GB/T 9704-2012 7.5); working papers: 第 n 页 共 m 页.
            assert (f"—{number}—" if official else f"第{number}页共{len(pages)}页") in page, (name, number)
            assert "演练" not in page
