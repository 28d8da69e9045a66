"""关于选举结果的报告 to the higher-level organization (R10.2, R4.12)."""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Spacer, Table

from app.core.reports.candidates import candidate_table
from app.core.reports.counting_report import LIST_LIMIT, counting_story
from app.core.reports.data import CandidateRow, ResultReportData, RoundReport
from app.core.rules.model import RoundKind
from app.core.reports.parts import IssuerBlock, attachment_list, doc_number
from app.core.reports.styles import BODY_LEADING, build_pdf, cn_count, cn_date, cn_number, grid_table, page_for, opara, require_glyphs, title_para

_HEAD = ["序号", "姓名", "赞成", "不赞成", "弃权", "结果"]
_WIDTHS = [14 * mm, 40 * mm, 20 * mm, 20 * mm, 20 * mm, 42 * mm]  # TABLE_W
_STANDARD_METHOD = "无记名投票、差额选举"


def title(d: ResultReportData) -> str:
    return f"{d.org.committee}关于{d.election.word}结果的报告"


def _opening(d: ResultReportData) -> str:
    e, first = d.election, d.rounds[0]
    basis = f"根据上级党组织{d.approval_ref}" if d.approval_ref else "经上级党组织批准"
    quorum = "超过" if first.quorum_met else "未超过"
    return (f"{basis}，{d.org.name}于{cn_date(e.date)}在{e.place}召开{e.meeting}，进行{e.word}。"
            f"应到会有选举权的{e.voter}{first.expected}名，实到会{first.present}名，"
            f"{quorum}应到会人数的五分之四，会议{'有效' if first.quorum_met else '无效'}。")


def _method(d: ResultReportData) -> str:
    return (f"大会审议通过了选举办法，采用{d.method or _STANDARD_METHOD}的方式，"
            f"由选举产生的监票人监督投票、计票。大会共进行{cn_count(len(d.rounds))}轮投票，情况如下：")


def round_sentence(rnd: RoundReport) -> str:
    """One round's numbers in words (R10.2: every round with its numbers)."""
    listed = len(rnd.candidates)
    valid = "选举有效" if rnd.vote_valid else "选举无效"
    text = (f"应选{rnd.post}{rnd.seats}名，候选人{listed}名。应到会{rnd.expected}人，实到会{rnd.present}人；"
            f"发出选票{rnd.issued}张，收回{rnd.returned}张，其中有效票{rnd.valid}张、无效票{rnd.invalid}张，{valid}。"
            f"{'进入正式选举' if rnd.kind == RoundKind.PRELIMINARY else '当选'}须得赞成票超过{rnd.base_words}人数的半数，"
            f"即至少{rnd.threshold_min_yes}票。")
    if rnd.kind == RoundKind.PRELIMINARY and rnd.vote_valid:  # R13.1: names advance to the formal list
        text += f"按得票多少，{'、'.join(rnd.advancing) or '无人'}进入正式选举。" if rnd.advancing else ""
    if rnd.elected:
        text += f"{'、'.join(rnd.elected)}当选。"
    if rnd.tie_among:
        text += (f"{'、'.join(rnd.tie_among)}得票相等（各{rnd.votes(rnd.tie_among[0])}票），"
                 f"就{rnd.tie_seats}个名额在得票相等的人员中重新投票。")
    if rnd.vote_valid and rnd.unfilled:
        text += f"尚有{rnd.unfilled}个名额未选足。"
    return text


def _votes_table(rnd: RoundReport) -> Table:
    rows = [
        [str(i), p.name + ("（另选）" if p.write_in else ""), str(p.yes),
         "—" if p.write_in else str(p.no), "—" if p.write_in else str(p.abstain),
         rnd.result_word(p)]
        for i, p in enumerate(rnd.persons, start=1)
    ]
    return grid_table(_HEAD, rows, _WIDTHS)


def _round_section(number: int, rnd: RoundReport) -> list:
    heading = f"（{cn_number(number)}）{rnd.post}{rnd.vote_word} · {rnd.kind_label}（{rnd.electors}，{cn_date(rnd.date)}）"
    return [CondPageBreak(40 * mm), opara(heading, "o_heading"), opara(round_sentence(rnd)),
            Spacer(0, 1 * mm), _votes_table(rnd), Spacer(0, 3 * mm)]


def _direct(d: ResultReportData) -> list:
    """The secretary and deputy the assembly elected itself (R13.2): a branch without a committee, or as approved."""
    officers = _officers(d, d.rounds)
    if not officers:
        return []
    chosen = "，".join(f"选举{n}为{post}（得赞成票{v}票）" for post, n, v in officers)
    posts = "、".join(dict.fromkeys(post for post, _n, _v in officers))
    basis = f"经上级党组织{d.election.direct_doc}批准，" if d.election.direct_doc else ""
    return [opara(f"{basis}{d.election.meeting}采用无记名投票的方式直接选举{posts}，{chosen}。")]


def _members(d: ResultReportData) -> list:
    """The elected in stroke order with votes: a sentence, or a table when the list is long."""
    if not d.members:
        return []
    verb = "补选" if d.election.kind_word == "补选" else "选举产生了"
    head = f"{verb}{d.election.term}{d.org.committee}委员{len(d.members)}名（按姓氏笔画为序"
    if len(d.members) <= LIST_LIMIT:
        names = "、".join(f"{m.name}（{m.votes}票）" for m in d.members)
        # A by-election completes the sitting committee (R13.4): say how many it now has.
        whole = (f"补选后，{d.org.committee}共有委员{d.election.sitting + len(d.members)}名。"
                 if d.election.kind_word == "补选" else "")
        return [opara(f"{head}，括号内为得票数）：{names}。{whole}")]
    per_row = 3
    cells = [[str(i), m.name, str(m.votes)] for i, m in enumerate(d.members, start=1)]
    rows = [sum(cells[k:k + per_row], []) for k in range(0, len(cells), per_row)]
    rows[-1] += [""] * (3 * per_row - len(rows[-1]))
    table = grid_table(["序号", "姓名", "得票"] * per_row, rows, [12 * mm, 27 * mm, 13 * mm] * per_row)
    return [opara(f"{head}）：", "o_body"), Spacer(0, 1 * mm), table, Spacer(0, 3 * mm)]


def _officers(d: ResultReportData, rounds: tuple[RoundReport, ...] | None = None) -> list[tuple[str, str, int]]:
    chosen = d.plenary if rounds is None else rounds
    return [(r.post, n, r.votes(n)) for r in chosen for n in r.elected if r.post in ("书记", "副书记", "常务委员会委员")]


def _plenary(d: ResultReportData) -> str:
    first = d.plenary[0]
    when = cn_date(d.plenary_date or first.date)
    chosen = "，".join(f"选举{n}为{post}（得赞成票{v}票）" for post, n, v in _officers(d))
    return (f"{when}，{d.election.term}{d.org.committee}召开{d.election.plenary_name}，应到会委员{first.expected}名，"
            f"实到会{first.present}名，会议有效。会议采用无记名投票的方式，{chosen or '未选出书记、副书记'}。")


def _incidents(d: ResultReportData) -> list:
    if not d.incidents:
        return [opara("选举过程中未记录需要报告的情况。")]
    out = [opara(f"选举过程中共记录情况{len(d.incidents)}项：")]
    return out + [opara(f"{i}．{text}", "o_item") for i, text in enumerate(d.incidents, start=1)]


def _closing(d: ResultReportData) -> str:
    # 报告不得夹带请示事项: the approval of the secretary and deputy is asked in its own request.
    return "特此报告。"


def _counting_bound(d: ResultReportData) -> bool:
    return bool(d.officials) and len(d.officials) == len(d.rounds) + len(d.plenary)


def attachment_names(d: ResultReportData) -> tuple[str, ...]:
    """The attachments bound after the text, as listed: the counting reports and the data sheet, when there."""
    names = [d.attachments[0] if d.attachments else "计票结果报告单"] if _counting_bound(d) else []
    if d.candidates:
        usual = "补选委员基本情况" if d.election.kind_word == "补选" else "新一届委员会委员基本情况"  # R13.4
        names.append(d.attachments[-1] if len(d.attachments) > 1 else usual)
    return tuple(names)


def _counting_attachment(d: ResultReportData, label: str) -> list:
    out: list = []
    for rnd, who in zip(d.rounds + d.plenary, d.officials):
        out += [PageBreak(), opara(label, "o_attachment_mark"), *counting_story(d.org, d.election, rnd, who)]
    return out


def _data_attachment(d: ResultReportData, label: str) -> list:
    by_name = {c.name: c for c in d.candidates}
    # A write-in has no data sheet yet: the row is printed with the name only, to be filled in.
    rows = [by_name.get(m.name) or CandidateRow(m.name, "", None, "", None, "", "") for m in d.members]
    subject = "补选委员基本情况" if d.election.kind_word == "补选" else "委员基本情况"  # R13.4
    return [PageBreak(), opara(label, "o_attachment_mark"),
            title_para(f"{d.election.term}{d.org.committee}", subject, official=True), candidate_table(rows)]


def _attachments(d: ResultReportData) -> list:
    """Every attachment the text lists, bound after it in the listed order (GB/T 9704-2012 7.3.6)."""
    parts = ([_counting_attachment] if _counting_bound(d) else []) + ([_data_attachment] if d.candidates else [])
    out: list = []
    for i, part in enumerate(parts, start=1):
        out += part(d, f"附件{i}" if len(parts) > 1 else "附件")
    return out


def _signer(d: ResultReportData) -> list:
    if not d.signer_fingerprint:
        return []
    # Printed on paper so the higher level can compare it with the certificate in the signed package.
    groups = " ".join(d.signer_fingerprint.split())
    return [Spacer(0, 6 * mm), opara(f"电子签名证书指纹（SHA-256）：{groups}", "small")]


def result_story(d: ResultReportData) -> list:
    story = [title_para(d.org.committee, f"关于{d.election.word}结果的报告", official=True), doc_number(d.number),
             opara(f"{d.org.higher_level}：", "o_to"), opara(_opening(d))]
    if d.work_report:
        story.append(opara(f"大会听取和审查了上届委员会的工作报告《{d.work_report.strip('《》')}》。"))
    story.append(opara(_method(d)))
    for number, rnd in enumerate(d.rounds, start=1):
        story += _round_section(number, rnd)
    story += _members(d) + _direct(d)
    if d.plenary:
        story.append(opara(_plenary(d)))
        for number, rnd in enumerate(d.plenary, start=len(d.rounds) + 1):
            story += _round_section(number, rnd)
    if d.duties:
        story.append(opara("委员分工：" + "；".join(f"{n}，{duty}" for n, duty in d.duties) + "。"))
    story += _incidents(d)
    # The issuing body never stands alone on a page (GB/T 9704): keep it with the request.
    closing = [opara(_closing(d)), Spacer(0, BODY_LEADING), *attachment_list(attachment_names(d)), Spacer(0, 0),
               IssuerBlock(d.org.committee, d.issued), *_signer(d)]
    return story + [KeepTogether(closing)] + _attachments(d)


def result_report_pdf(d: ResultReportData) -> bytes:
    """The election result report, dated ``d.issued``, with every attachment it lists bound after the text."""
    require_glyphs(d)
    return build_pdf(result_story(d), page_for(d.org, d.election, title(d), d.issued, official=True))
