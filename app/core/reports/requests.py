"""换届选举的请示 (R4.1) and 关于候选人预备人选的请示 (R4.5) to the higher-level organization."""
from __future__ import annotations

from reportlab.platypus import KeepTogether, PageBreak, Spacer

from app.core.reports.candidates import candidate_table
from app.core.reports.data import CandidateRequestData, ElectionRequestData, OfficerRequestData, PostPlan
from app.core.reports.parts import IssuerBlock, attachment_list, contact_line, doc_number
from app.core.reports.styles import BODY_LEADING, build_pdf, cn_date, cn_number, page_for, opara, require_glyphs, title_para

_BASIS = "根据《中国共产党章程》和《中国共产党基层组织选举工作条例》的有关规定"


def election_request_title(d: ElectionRequestData) -> tuple[str, str]:
    return d.org.committee, f"关于召开{d.election.meeting}进行{d.election.word}的请示"


def _margin(plan: PostPlan) -> str:
    extra = plan.candidates - plan.seats
    if extra <= 0:
        return "等额选举"
    # Percent of seats, rounded down so the printed figure never overstates the margin (R5.1).
    return f"差额{extra}名，差额比例{extra * 100 // plan.seats}%"


def _posts(d: ElectionRequestData) -> list:
    items = [opara(f"（{cn_number(i)}）{p.post}：应选{p.seats}名，候选人{p.candidates}名（{_margin(p)}），由{p.electors}选举产生。")
             for i, p in enumerate(d.posts, start=1)]
    e = d.election  # a branch without a committee elects its secretary only (R13.2)
    whose = "补选" if e.kind_word == "补选" else ("新一届委员会" if e.has_committee else "本次选举")
    return [opara(f"三、职数与候选人。{whose}的职数和候选人数拟定如下：")] + items


def _term(d: ElectionRequestData) -> str:
    """When the outgoing committee was elected and its term ends: only from the recorded date; a by-election states
    the sitting committee and its vacancies instead (R13.4)."""
    e = d.election
    if e.kind_word == "补选":
        vacant = sum(p.seats for p in d.posts)
        return f"{d.org.committee}现有委员{e.sitting}名，缺额{vacant}名，需进行补选。"
    if d.term_started is None:
        return f"{d.org.committee}于{cn_date(None)}选举产生，任期{d.term_years}年，即将届满。"
    s = d.term_started
    end = s.replace(year=s.year + d.term_years, day=28) if (s.month, s.day) == (2, 29) else s.replace(year=s.year + d.term_years)
    return f"{d.org.committee}于{cn_date(s)}选举产生，任期{d.term_years}年，将于{cn_date(end)}届满。"


def members_sentence(d: ElectionRequestData) -> str:
    """现有党员 N = 正式 + 预备 (R13.7); restrictions inside the full members, voters a separate figure."""
    held = f"（含受留党察看处分或停止党员权利的{d.restricted}名）" if d.restricted else ""
    voting = f"；有表决权的正式党员{d.voting_full}名" if d.voting_full is not None else ""
    return (f"一、党员情况。现有党员{d.members_total}名，其中正式党员{d.full_members}名{held}、"
            f"预备党员{d.probationary}名{voting}。")


def method_sentence(d: ElectionRequestData) -> str:
    """四、选举办法, worded for the body that elects each post (R13.2, R13.4) and any preliminary election (R13.1)."""
    e = d.election
    pre = "；".join(f"{post}先进行预选，按得票多少确定正式候选人{n}名，再进行正式选举" for post, n in e.preliminary)
    pre = f"{pre}。" if pre else ""
    if e.kind_word == "补选":
        return f"四、选举办法。{e.meeting}采用无记名投票的办法补选委员。{pre}"
    officers = "、".join(p.post for p in d.posts if p.post in ("书记", "副书记")) or "书记"
    if not e.has_committee:
        return f"四、选举办法。{e.meeting}采用无记名投票的办法直接选举产生{officers}，报上级党组织审批。{pre}"
    if e.direct_secretary:  # the request asks for it (R13.2): no approval is quoted before the reply
        return (f"四、选举办法。{e.meeting}采用无记名投票、差额选举的办法选举产生委员；拟由{e.meeting}"
                f"直接选举产生{officers}，请上级党组织批准，选举结果报上级党组织审批。{pre}")
    return (f"四、选举办法。{e.meeting}采用无记名投票、差额选举的办法选举产生委员；"
            f"新一届委员会第一次全体会议采用无记名投票、等额选举的办法选举产生书记、副书记，报上级党组织审批。{pre}")


def election_request_story(d: ElectionRequestData) -> list:
    e = d.election
    agenda = "；".join(f"{cn_number(i)}是{a}" for i, a in enumerate(d.agenda, start=1))
    studied = "经委员会研究" if e.has_committee else "经党支部研究"  # a branch without a committee (R1.4)
    return [
        title_para(*election_request_title(d), official=True),
        doc_number(d.number),
        opara(f"{d.org.higher_level}：", "o_to"),
        opara(f"{_term(d)}{_BASIS}，{studied}，拟于{cn_date(e.date)}在{e.place}召开{e.meeting}，进行{e.word}。"
             "现将有关事项请示如下："),
        opara(members_sentence(d)),
        opara(f"二、会议议程。{agenda}。"),
        *_posts(d),
        opara(method_sentence(d)),
        KeepTogether([opara("妥否，请批示。"), Spacer(0, BODY_LEADING), IssuerBlock(d.org.committee, d.issued),
                      *contact_line(d.contact, d.phone)]),
    ]


def election_request_pdf(d: ElectionRequestData) -> bytes:
    """The request to hold the election, dated ``d.issued``."""
    require_glyphs(d)
    page = page_for(d.org, d.election, "".join(election_request_title(d)), d.issued, official=True)
    return build_pdf(election_request_story(d), page)


def _candidates_of(d: CandidateRequestData) -> str:
    """新一届委员会委员, or only the post where there is no committee (a branch electing its secretary, R13.2)."""
    return f"{d.election.term}委员会{d.post}" if d.election.has_committee else d.post


def candidate_request_title(d: CandidateRequestData) -> tuple[str, str]:
    return d.org.committee, f"关于{_candidates_of(d)}候选人预备人选的请示"


def candidate_request_story(d: CandidateRequestData) -> list:
    basis = f"根据上级党组织{d.reply_ref}精神" if d.reply_ref else _BASIS
    names = "、".join(c.name for c in d.candidates)
    nominees = "，".join(f"{n}为{post}候选人预备人选" for post, n in d.nominees)
    return [
        title_para(*candidate_request_title(d), official=True),
        doc_number(d.number),
        opara(f"{d.org.higher_level}：", "o_to"),
        opara(f"{basis}，{d.org.committee}按照党员推荐提名、{'委员会' if d.election.has_committee else '党支部'}"
             f"研究确定、征求意见的程序，确定了{_candidates_of(d)}候选人预备人选{len(d.candidates)}名（应选{d.seats}名），"
             f"按姓氏笔画为序：{names}。"),
        *([opara(f"拟推荐{nominees}。")] if nominees else []),
        KeepTogether([opara("现将候选人预备人选名单及基本情况报上，妥否，请批示。"), Spacer(0, BODY_LEADING),
                      *attachment_list(["候选人预备人选基本情况表"]), Spacer(0, BODY_LEADING),
                      IssuerBlock(d.org.committee, d.issued), *contact_line(d.contact, d.phone)]),
        PageBreak(),
        opara("附件", "o_attachment_mark"),
        title_para(f"{_candidates_of(d)}候选人预备人选", "基本情况表", official=True),
        candidate_table(d.candidates),
    ]


def candidate_request_pdf(d: CandidateRequestData) -> bytes:
    """The request for approval of the candidate shortlist, with the data sheet attached."""
    require_glyphs(d)
    page = page_for(d.org, d.election, "".join(candidate_request_title(d)), d.issued, official=True)
    return build_pdf(candidate_request_story(d), page)


def officer_request_title(d: OfficerRequestData) -> tuple[str, str]:
    names = "、".join(dict.fromkeys(n for _, n, _v in d.officers))
    return d.org.committee, f"关于{names}同志任职的请示"


def _officer_meeting(d: OfficerRequestData) -> str:
    if d.meeting == d.election.plenary_name:
        return f"{d.election.term}{d.org.committee}召开{d.meeting}"
    return f"{d.org.name}召开{d.meeting}"  # the assembly elected them itself (R13.2)


def officer_request_story(d: OfficerRequestData) -> list:
    """The separate request to approve the secretary and deputy (a report asks for nothing)."""
    chosen = "，".join(f"选举{n}同志为{post}（得赞成票{v}票）" for post, n, v in d.officers)
    seen = f"，选举情况见{d.report_ref}" if d.report_ref else ""
    return [
        title_para(*officer_request_title(d), official=True),
        doc_number(d.number),
        opara(f"{d.org.higher_level}：", "o_to"),
        opara(f"{cn_date(d.plenary_date)}，{_officer_meeting(d)}，"
             f"采用无记名投票的方式，{chosen}{seen}。"),
        opara("根据《中国共产党章程》和《中国共产党基层组织选举工作条例》的有关规定，"
             f"{'、'.join(dict.fromkeys(post for post, _n, _v in d.officers))}选举产生后，报上级党组织批准。"),
        KeepTogether([opara("妥否，请批示。"), Spacer(0, BODY_LEADING), IssuerBlock(d.org.committee, d.issued),
                      *contact_line(d.contact, d.phone)]),
    ]


def officer_request_pdf(d: OfficerRequestData) -> bytes:
    """The request to approve the secretary and deputy elected at the first plenary (R4.12)."""
    require_glyphs(d)
    page = page_for(d.org, d.election, "".join(officer_request_title(d)), d.issued, official=True)
    return build_pdf(officer_request_story(d), page)
