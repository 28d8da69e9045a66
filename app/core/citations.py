"""Rule id (R3.1 …) -> the regulation as people cite it, in Chinese and English, derived from rules.md."""
from __future__ import annotations

from typing import NamedTuple

from app.core.i18n import language


class Citation(NamedTuple):
    """How a rule is cited to the user, and the rule's short title (shown with its id in tooltips)."""

    zh: str
    en: str
    title_zh: str
    title_en: str


# The sources. An article number only where rules.md gives one for the 2020 text ("2020 Art. n") or for the
# Party Constitution; otherwise the chapter rules.md names, the text people know, or the practice source.
REGS_ZH, REGS_EN = "《条例》", "Election Work Regulations"
REGS_FULL_ZH = "《中国共产党基层组织选举工作条例》"
REGS_FULL_EN = "Regulations on the Election Work of Grassroots Organizations of the CPC (2020)"
CH2 = ("《条例》第二章“代表的产生”", "Election Work Regulations, ch. 2 “Delegates”")
CH3 = ("《条例》第三章“委员会的产生”", "Election Work Regulations, ch. 3 “Committees”")
CH4 = ("《条例》第四章“选举实施”", "Election Work Regulations, ch. 4 “Carrying out the election”")
PARTY_ART11 = ("《党章》第十一条", "Party Constitution, Art. 11")
PARTY = ("《党章》", "Party Constitution")
BRANCH = ("《中国共产党支部工作条例（试行）》", "Branch Work Regulations (trial)")
DISCIPLINE = ("《中国共产党纪律处分条例》", "Disciplinary Regulations")
GUIDANCE = ("组织部门有关规定", "Organisation Department guidance")
ORG = ("选举工作通行做法", "common practice of Party elections")  # also by-elections: not 换届 only  # handbooks, Q&As, model documents
METHOD = ("本次会议通过的选举办法", "the election method adopted by the meeting")
STROKES = ("姓氏笔画排序惯例", "surname-stroke order convention")


def _art(n: str, number: int) -> tuple[str, str]:
    return f"《条例》第{n}条", f"Election Work Regulations, Art. {number}"


def _c(source: tuple[str, str], title_zh: str, title_en: str) -> Citation:
    return Citation(source[0], source[1], title_zh, title_en)


# The basis of each row in rules.md is listed in the README's citation table (same order).
CITATIONS: dict[str, Citation] = {
    "R1.1": _c(_art("三", 3), "届期与换届时间", "term and timing"),
    "R1.2": _c(_art("四", 4), "党员大会与党员代表大会", "member assembly or delegate congress"),
    "R1.3": _c(CH2, "代表名额", "delegate numbers"),
    "R1.4": _c(BRANCH, "委员会职数", "committee sizes"),
    "R1.5": _c(BRANCH, "任期", "terms"),
    "R2.1": _c(_art("五", 5), "表决权、选举权和被选举权", "rights to vote, elect and be elected"),
    "R2.2": _c(ORG, "组织关系所在地", "organisational relationship"),
    "R2.3": _c(GUIDANCE, "应到会人数与不计入的情形", "expected attendees and exclusions"),
    "R3.1": _c(CH4, "选举的法定人数", "quorum"),
    "R3.2": _c(ORG, "清点到会人数", "counting attendance"),
    "R4.1": _c(ORG, "选举请示", "request to hold the election"),
    "R4.2": _c(ORG, "上级批复", "higher-level reply"),
    "R4.3": _c(ORG, "推荐提名", "nomination"),
    "R4.4": _c(ORG, "考察", "vetting"),
    "R4.5": _c(CH3, "候选人预备人选及上级审查", "candidate shortlist and higher-level review"),
    "R4.6": _c(PARTY_ART11, "预选", "preliminary election"),
    "R4.7": _c(ORG, "选举大会议程与监票人", "the assembly and its scrutineers"),
    "R4.8": _c(ORG, "选票", "ballots"),
    "R4.9": _c(ORG, "宣布选举结果", "announcement"),
    "R4.10": _c(BRANCH, "新一届委员会第一次全体会议", "first plenary of the new committee"),
    "R4.11": _c(ORG, "纪律检查委员会", "discipline inspection commission"),
    "R4.12": _c(PARTY, "选举结果报告与批复", "result report and approval"),
    "R4.13": _c(ORG, "选举材料归档", "records"),
    "R5.1": _c(CH3, "差额比例", "competitive margin"),
    "R5.2": _c(ORG, "书记、副书记等额选举", "single candidate for secretary and deputy"),
    "R5.3": _c(ORG, "其他轮次的候选人", "candidates of other rounds"),
    "R6.1": _c(METHOD, "按姓氏笔画排列", "surname stroke order"),
    "R6.2": _c(STROKES, "笔画排序方法", "how to collate by strokes"),
    "R7.1": _c(PARTY_ART11, "赞成、不赞成、弃权和另选他人", "yes, no, abstain and write-ins"),
    "R7.2": _c(METHOD, "有效票和无效票", "valid and invalid ballots"),
    "R7.3": _c(METHOD, "字迹不清或有标记的选票", "unclear or marked ballots"),
    "R7.4": _c(METHOD, "代写选票", "writing for a voter"),
    "R7.5": _c((REGS_ZH, REGS_EN), "不得委托投票", "no proxy votes"),
    "R7.6": _c(ORG, "流动票箱", "mobile ballot boxes"),
    "R8.1": _c(METHOD, "选举有效与无效", "validity of the vote"),
    "R8.2": _c(ORG, "重新选举", "a vote held again"),
    "R9.1": _c(CH4, "当选须超过实到会人数的半数", "threshold"),
    "R9.2": _c(CH4, "按得票多少依次取足", "ranking"),
    "R9.3": _c(CH4, "票数相等时再投票", "tie at the last seat"),
    "R9.4": _c(CH4, "当选人数少于应选名额", "seats not filled"),
    "R9.5": _c(_art("五", 5), "另选他人与被选举权", "write-ins and the right to be elected"),
    "R9.6": _c(ORG, "当选名单排序", "order of the elected list"),
    "R9.7": _c(ORG, "事后发现计票差错", "counting errors found later"),
    "R10.1": _c(ORG, "计票结果报告单", "counting report"),
    "R10.2": _c(ORG, "关于选举结果的报告", "result report"),
    "R10.3": _c(ORG, "每轮投票单独计票", "one report per round"),
    "R11.1": _c(_art("六", 6), "不得妨碍选举", "no coercion or obstruction"),
    "R11.2": _c(DISCIPLINE, "违反换届纪律的行为", "forbidden conduct"),
    "R11.3": _c(PARTY_ART11, "违反党章的选举无效", "invalid elections"),
    "R11.4": _c(ORG, "监督记录", "what to record for supervision"),
    "R13.1": _c(PARTY_ART11, "先预选后正式选举", "preliminary then formal election"),
    "R13.2": _c(BRANCH, "党员大会直接选举书记", "secretary elected by the assembly"),
    "R13.3": _c((REGS_ZH, REGS_EN), "书记、副书记、常委候选人的排列", "ballot order for secretary and deputy"),
    "R13.4": _c(ORG, "补选", "by-election"),
    "R13.5": _c(BRANCH, "职数与任期的核对", "sizes and terms checked"),
    "R13.6": _c(CH3, "差额不是开关", "the margin follows the office"),
    "R13.7": _c(ORG, "党员权利的限制", "rights are restrictions"),
    "R13.8": _c(METHOD, "再投票的规则", "tie re-vote rule"),
    "R13.9": _c(CH2, "党员代表大会", "delegate congress"),
}


def citation(rule: str | None) -> str:
    """The source of ``rule`` as users cite it, in the current language ("" when unknown or None)."""
    found = CITATIONS.get(rule or "")
    if found is None:
        return ""
    return found.zh if language() == "zh_CN" else found.en


def title(rule: str | None) -> str:
    """The rule's short title from rules.md, in the current language ("" when unknown)."""
    found = CITATIONS.get(rule or "")
    if found is None:
        return ""
    return found.title_zh if language() == "zh_CN" else found.title_en


def full(rule: str | None) -> str:
    """The citation with the regulation's full name (for tooltips and papers)."""
    text = citation(rule)
    short, long = (REGS_ZH, REGS_FULL_ZH) if language() == "zh_CN" else (REGS_EN, REGS_FULL_EN)
    return text.replace(short, long, 1)


def tooltip(rules: list[str] | tuple[str, ...]) -> str:
    """One line per distinct rule: its full citation, the rule id and title (for a tooltip)."""
    lines = []
    for rule in dict.fromkeys(r for r in rules if r):
        head = full(rule)
        name = title(rule)
        if language() == "zh_CN":
            lines.append(f"{head}（规则 {rule}：{name}）" if head else f"规则 {rule}")
        else:
            lines.append(f"{head} (rule {rule}: {name})" if head else f"rule {rule}")
    return "\n".join(lines)


def cite(sentence: str, rule: str | None) -> str:
    """``sentence`` followed by its citation: "…（《条例》第五条）" / "… (Election Work Regulations, Art. 5)".

    A sentence ending with a full stop keeps it last; an unknown rule keeps its id, so nothing is lost.
    """
    if not rule:
        return sentence
    source = citation(rule) or rule
    body, stop = (sentence[:-1], sentence[-1]) if sentence[-1:] in ("。", ".") else (sentence, "")
    if language() == "zh_CN":
        return f"{body}（{source}）{stop}"
    return f"{body} ({source}){stop}"
