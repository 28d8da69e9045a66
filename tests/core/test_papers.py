"""Official papers state only recorded facts: issued numbers and dates, the entered term, counts adding up, the
report bound with what it lists and asking for nothing, a separate request for the officers, same bytes any day."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.demo import create_demo
from app.core.documents import build_documents, document_set
from app.core.errors import UserFacingError
from app.core.storage import setup as ss
from app.core.workflow import Election
from app.core.workflow.papers import next_number
from tests.core.reports.helpers import in_order, page_texts, text

REPO = Path(__file__).resolve().parents[2]
TITLES = {"hold_election": "关于同意青石社区支部委员会换届选举的批复"}


def _issue_all(e: Election) -> None:
    """What the operator does on the report page: confirm each proposal, enter the contact of the requests."""
    papers = e
    papers.set_term_started("2019-05-16")
    for r in ss.replies(e.db, "hold_election"):
        papers.set_reply_title(r["id"], TITLES["hold_election"])
    for kind in ("election_request", "candidate_request", "result_report", "officer_request"):
        d = papers.paper_draft(kind)
        papers.issue_paper(kind, d.doc_no, d.dated, *(("刘芳", "0571-87654321") if kind.endswith("request") else ()))


@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    path = create_demo(tmp_path_factory.mktemp("blank") / "demo.votedesk")
    e = Election.open(path)
    yield e
    e.close()


@pytest.fixture(scope="module")
def issued(tmp_path_factory):
    path = create_demo(tmp_path_factory.mktemp("issued") / "demo.votedesk")
    e = Election.open(path)
    _issue_all(e)
    yield e
    e.close()


@pytest.fixture(scope="module")
def pdfs(issued):
    return build_documents(issued.db)


def test_next_number_follows_the_series_and_restarts_each_year():
    assert next_number("青石社支〔2024〕3号", "2024-05-18") == "青石社支〔2024〕4号"
    assert next_number("青石社支〔2024〕12号", "2025-01-03") == "青石社支〔2025〕1号"
    assert next_number("3号", "2024-05-18") == ""


def test_proposals_come_from_the_file_and_are_stored_as_confirmed(blank, issued):
    papers = blank
    req = papers.paper_draft("election_request")
    assert (req.doc_no, req.dated, req.issued) == ("青石社支〔2024〕3号", "2024-03-20", False)
    cand = papers.paper_draft("candidate_request")
    assert (cand.doc_no, cand.dated) == ("青石社支〔2024〕4号", "2024-03-28")  # the day the reply came
    report = papers.paper_draft("result_report")  # nothing issued since the request: the series goes on from it
    assert (report.doc_no, report.dated) == ("青石社支〔2024〕4号", "2024-05-18")
    stored = issued.papers()
    assert [stored[k].doc_no for k in ("candidate_request", "result_report", "officer_request")] == [
        "青石社支〔2024〕4号", "青石社支〔2024〕5号", "青石社支〔2024〕6号"]
    assert issued.paper_draft("officer_request").issued
    assert issued.verify_audit().ok
    assert [x.event for x in issued.audit_entries()].count("paper_issued") == 4


def test_issue_refuses_what_cannot_be_true(blank):
    papers = blank
    for kind, number, dated, code in [("election_request", "青石社支〔2024〕3号", "2024-06-01", "paper_after_meeting"),
                                      ("result_report", "青石社支〔2024〕5号", "2024-05-17", "paper_before_meeting"),
                                      ("result_report", " ", "2024-05-18", "paper_number_required"),
                                      ("result_report", "5号", "2024-13-01", "paper_date_invalid"),
                                      ("minutes", "5号", "2024-05-18", "paper_unknown")]:
        with pytest.raises(UserFacingError) as err:
            papers.issue_paper(kind, number, dated)
        assert err.value.code == code
    with pytest.raises(UserFacingError) as err:
        papers.set_term_started("2024-05-18")
    assert err.value.code == "term_started_after_meeting"
    assert papers.papers() == {}


def test_unissued_papers_print_blanks_never_the_day_they_are_printed(blank):
    pdfs = build_documents(blank.db)
    t = text(pdfs["07-result-report.pdf"])
    in_order(t, ["特此报告。", "中共青石社区支部委员会", "年月日"])
    assert "〔2024〕5号" not in t
    req = text(pdfs["01-election-request.pdf"])
    # No election date of the outgoing committee was entered: none is derived from the meeting date.
    in_order(req, ["青石社支〔2024〕3号", "中共青石社区支部委员会于年月日选举产生，任期5年，即将届满。"])
    assert "2019年" not in req


def test_election_request_fields(issued, pdfs):
    d = document_set(issued.db).election_request
    t = text(pdfs["01-election-request.pdf"])
    assert d.members_total == d.full_members + d.probationary == 44 and d.restricted == 2
    assert d.voting_full == d.full_members - d.restricted
    in_order(t, ["中共青石社区支部委员会", "关于召开党员大会进行换届选举的请示", "青石社支〔2024〕3号", "中共青石街道工作委员会：",
                 "于2019年5月16日选举产生，任期5年，将于2024年5月16日届满", "拟于2024年5月18日",
                 f"现有党员{d.members_total}名，其中正式党员{d.full_members}名（含受留党察看处分或停止党员权利的2名）、"
                 f"预备党员{d.probationary}名；有表决权的正式党员{d.voting_full}名。",
                 "妥否，请批示。", "中共青石社区支部委员会", "2024年3月20日", "（联系人：刘芳，电话：0571-87654321）"])


def test_candidate_request_cites_the_reply_by_title_and_number(pdfs):
    t = text(pdfs["02-candidate-request.pdf"])
    in_order(t, ["青石社支〔2024〕4号", f"根据上级党组织《{TITLES['hold_election']}》（青石街工委〔2024〕11号）精神",
                 "2024年3月28日", "（联系人：刘芳，电话：0571-87654321）"])


def test_result_report_binds_what_it_lists_and_asks_for_nothing(issued, pdfs):
    d = document_set(issued.db).result
    pages = page_texts(pdfs["07-result-report.pdf"])
    t = "".join(pages)
    in_order(t, ["关于换届选举结果的报告", "青石社支〔2024〕5号", f"《{TITLES['hold_election']}》（青石街工委〔2024〕11号）",
                 "特此报告。", "附件：1.计票结果报告单", "2.新一届委员会委员基本情况", "2024年5月18日"])
    body = t.split("附件：1.")[0]
    assert "请批示" not in body and "批准" not in body and "请予" not in body
    rounds = d.rounds + d.plenary
    counting = [p for p in pages if p.startswith("附件1计票结果报告单")]
    assert len(counting) == len(rounds) == 4
    assert sum(p.startswith("附件2") for p in pages) == 1
    for page in pages:
        assert "选举指纹" not in page


def test_plenary_counting_reports_name_who_counted(issued, pdfs):
    pages = page_texts(pdfs["06-counting-reports.pdf"])
    plenary = [p for p in pages if "第一次全体会议" in p]
    assert len(plenary) == 2
    for page in plenary:
        in_order(page, ["监票人兼计票人（签名）：", "张伟", "日期：2024年5月18日"])


def test_officer_request_is_a_separate_request(pdfs):
    t = text(pdfs["08-officer-request.pdf"])
    in_order(t, ["关于王建国、李秀英同志任职的请示", "青石社支〔2024〕6号", "中共青石街道工作委员会：",
                 "选举王建国同志为书记（得赞成票5票），选举李秀英同志为副书记（得赞成票4票）",
                 "《中共青石社区支部委员会关于换届选举结果的报告》（青石社支〔2024〕5号）",
                 "妥否，请批示。", "2024年5月18日", "（联系人：刘芳，电话：0571-87654321）"])
    assert "选举指纹" not in t


_ON_A_DAY = """
import datetime as dt, hashlib, sys
class Day(dt.date):
    @classmethod
    def today(cls):
        return cls(*map(int, sys.argv[2].split("-")))
class Moment(dt.datetime):
    @classmethod
    def now(cls, tz=None):
        return cls(*map(int, sys.argv[2].split("-")), 9, 30)
    @classmethod
    def today(cls):
        return cls.now()
dt.date, dt.datetime = Day, Moment
from app.core.documents import build_documents
from app.core.storage import database
db = database.open_file(sys.argv[1])
docs = build_documents(db)
print(hashlib.sha256(b"".join(name.encode() + pdf for name, pdf in sorted(docs.items()))).hexdigest())
"""


def test_papers_built_on_two_different_days_are_the_same_bytes(issued, tmp_path):
    path = tmp_path / "demo.votedesk"
    issued.copy_file(Path(issued.db.execute("PRAGMA database_list").fetchone()[2]), path)
    digests = set()
    for day in ("2031-01-02", "2044-11-30"):
        out = subprocess.run([sys.executable, "-c", _ON_A_DAY, str(path), day], cwd=REPO, capture_output=True,
                             text=True, env={**os.environ, "PYTHONHASHSEED": "0"}, check=True)
        digests.add(out.stdout.strip())
    assert len(digests) == 1


def test_no_clock_in_the_paper_code():
    sources = [*(REPO / "app/core/reports").glob("*.py"), REPO / "app/core/documents.py"]
    for src in sources:
        code = src.read_text(encoding="utf-8")
        assert "date.today(" not in code and "datetime.now(" not in code, src


def test_ballots_say_who_may_be_written_in_and_print_names_large(issued, pdfs):
    from tests.core.reports.test_official_layout import runs

    members, secretary = text(pdfs["05-ballot-1.pdf"]), text(pdfs["05-ballot-3.pdf"])
    assert "另选他人须为有被选举权的正式党员。" in members and "新一届委员会委员" not in members
    assert "另选他人须为新一届委员会委员。" in secretary
    names = set(document_set(issued.db).ballots[0][0].candidates)
    sizes = {r[4]: r[2] for r in runs(pdfs["05-ballot-1.pdf"], 0) if r[4] in names}
    assert set(sizes) == names and min(sizes.values()) >= 12
    assert "○" not in members + secretary  # one mark character throughout: 〇


def test_scrutineers_papers_from_the_file(issued, pdfs):
    d = document_set(issued.db)
    pages = page_texts(pdfs["06-scrutiny.pdf"])
    rounds = d.result.rounds + d.result.plenary
    assert len(pages) == 2 * 2 + len(rounds)  # two meetings: list and attendance; one page per round
    assembly, who = d.result.rounds[0], d.officials[0]
    in_order(pages[0], ["监票人、计票人名单", "党员大会", f"总监票人{who.chief}", *[f"监票人{n}" for n in who.scrutineers],
                        *[f"计票人{n}" for n in who.tellers]])
    in_order(pages[1], ["清点到会人数报告单", f"应到会有选举权的党员{assembly.expected}名，实到会{assembly.present}名，超过",
                        f"总监票人（签名）：{who.chief}", "日期：2024年5月18日"])
    in_order(pages[3], ["清点到会人数报告单", "应到会有选举权的委员5名，实到会5名", "监票人（签名）：张伟"])
    for page, rnd in zip(pages[4:], rounds):
        in_order(page, ["分发选票情况报告单", f"实到会有选举权的人数{rnd.present}名，发出选票{rnd.issued}张",
                        "清点选票报告单", f"发出选票{rnd.issued}张，收回选票{rnd.returned}张", "选举有效"])


def test_draft_election_methods_state_the_posts_and_the_recorded_settings(issued, pdfs):
    import re

    # Page numbers ("—1—") fall between a clause's lines where it runs onto the next page.
    assembly, plenary = (re.sub(r"—\d+—", "", text(pdfs[f"04-method-{m}.pdf"])) for m in ("assembly", "plenary"))
    in_order(assembly, ["中共青石社区支部", "党员大会选举办法（草案）", "（2024年5月18日）",
                        "选举产生新一届中共青石社区支部委员会委员5名", "委员候选人6名，差额1名", "五分之四",
                        "画〇；只写姓名不画〇的，不计票；另选他人须为有被选举权的正式党员",
                        "超过实到会有选举权的党员的半数，始得当选", "本办法经党员大会表决通过后生效。"])
    in_order(plenary, ["第一次全体会议选举办法（草案）", "书记1名、副书记1名", "书记候选人1名，实行等额选举",
                       "另选他人须为新一届委员会委员", "选举结果报上级党组织批准"])
    assert "选举指纹" not in assembly + plenary


def test_duties_and_the_work_report_heard_are_reported(tmp_path):
    from app.core.workflow.papers import PaperActions

    e = Election.open(create_demo(tmp_path / "demo.votedesk"))
    papers = PaperActions(e.ctx)
    with pytest.raises(UserFacingError) as err:
        papers.set_duties({"周强": "组织委员"})  # the chief scrutineer is not on the new committee
    assert err.value.code == "duty_not_committee"
    papers.set_duties({"刘洋": "组织委员", "张伟": "宣传委员", "杨帆": "纪检委员"})
    papers.set_work_report("中共青石社区支部委员会工作报告")
    assert e.verify_audit().ok
    t = text(build_documents(e.db)["07-result-report.pdf"])
    in_order(t, ["大会听取和审查了上届委员会的工作报告《中共青石社区支部委员会工作报告》。", "选举办法",
                 "委员分工：刘洋，组织委员；杨帆，纪检委员；张伟，宣传委员。"])  # stroke order of the committee
    e.close()


def test_paper_facts_leave_the_election_fingerprint_alone(tmp_path):
    from app.core.documents import fingerprint
    from app.core.workflow.papers import PaperActions

    e = Election.open(create_demo(tmp_path / "demo.votedesk"))
    before = fingerprint(e.db)
    _issue_all(e)
    PaperActions(e.ctx).set_work_report("工作报告")
    assert fingerprint(e.db) == before  # an exported package's fingerprint stays the election's
    e.close()


def test_candidate_notice_where_the_approval_recorded_its_dates(issued, pdfs):
    d = document_set(issued.db)
    t = text(pdfs["03-notice.pdf"])
    names = [c.name for c in d.candidate_request.candidates]
    in_order(t, ["关于新一届委员会委员候选人的公示", "经上级党组织批复（青石街工委〔2024〕19号）同意",
                 f"委员候选人{len(names)}名（应选5名），按姓氏笔画为序", *names,
                 "公示时间：2024年5月7日至2024年5月13日。", "中共青石社区支部委员会", "2024年5月7日"])
    assert "选举指纹" not in t


def test_the_chairs_script_follows_the_agenda_and_leaves_the_live_figures_blank(pdfs):
    pages = page_texts(pdfs["04-script.pdf"])
    assert len(pages) >= 2
    whole = "".join(pages)
    in_order(whole, ["中共青石社区支部党员大会主持词", "（2024年5月18日）", "任期已满，经上级党组织批准",
                     "实到会____名", "听取和审查上届委员会的工作报告", "通过选举办法", "通过监票人、计票人名单",
                     "委员候选人6名，应选5名，差额1名", "现在开始投票", "总监票人报告计票结果", "大会结束",
                     "第一次全体会议主持词", "选举书记", "书记候选人1名，应选1名", "选举副书记", "研究确定委员分工",
                     "会议结束"])
    assert "选举指纹" not in whole


def test_agenda_of_the_assembly_and_the_plenary(pdfs):
    pages = page_texts(pdfs["04-agenda.pdf"])
    assert len(pages) == 2
    in_order(pages[0], ["中共青石社区支部党员大会议程", "（2024年5月18日）", "听取和审查上届委员会的工作报告", "通过选举办法",
                        "通过监票人、计票人名单", "投票选举委员", "宣布当选人名单"])
    in_order(pages[1], ["第一次全体会议议程", "投票选举书记", "投票选举副书记", "研究确定委员分工"])
