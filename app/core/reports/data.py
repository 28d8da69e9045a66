"""Plain frozen inputs of every election document; a storage converter fills them from the database."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from app.core.rules.election import RoundOutcome, Status
from app.core.rules.model import Body, RoundKind, ThresholdBase

# Strings are printed as given. Names must already be in the order the document prints them:
# the caller sorts candidates and elected members by surname strokes (R6.1, R9.6) before passing them.


@dataclass(frozen=True)
class Organization:
    """Who holds the election and whom it reports to."""

    name: str  # the organization, e.g. 中共和平街道幸福里社区支部 (page header)
    committee: str  # its committee, issuing body of the papers, e.g. 中共和平街道幸福里社区支部委员会
    higher_level: str  # addressee of requests and reports, e.g. 中共和平街道工作委员会


@dataclass(frozen=True)
class ElectionInfo:
    """The election as a whole."""

    title: str  # e.g. 中共和平街道幸福里社区支部委员会换届选举
    body: Body  # who votes in the main election (member assembly or delegate congress)
    date: date | None  # day of the assembly or congress; None prints a blank date to fill in
    place: str
    term: str = "新一届"  # the committee being elected, e.g. 第五届
    rehearsal: bool = False  # prints a 演练 / TEST watermark on every page and ballot
    fingerprint: str = ""  # hex hash of the election's definition; internal working papers show 12 digits
    kind_word: str = "换届"  # 补选 for a by-election of vacant seats during a term (R13.4)
    direct_secretary: bool = False  # the assembly elects the secretary (and deputy) itself: no first plenary (R13.2)
    has_committee: bool = True  # False: a branch without a committee elects only its secretary (R1.4)
    direct_doc: str = ""  # the approval of a direct election of the secretary where there is a committee (R13.2)
    preliminary: tuple[tuple[str, int], ...] = ()  # (post, names advancing) of each post with a preliminary (R13.1)
    preliminary_on_expected: bool = False  # the preliminary bar's base is the expected count E (R4.6, R13.1)
    revote_more_votes: bool = False  # R13.8: in a re-vote among the tied the one with more votes is elected
    sitting: int = 0  # a by-election: members of the sitting committee on record (R13.4)

    @property
    def word(self) -> str:
        """换届选举, or 补选 (R13.4)."""
        return "补选" if self.kind_word == "补选" else f"{self.kind_word}选举"

    @property
    def plenary_name(self) -> str:
        """第一次全体会议 of a new committee; a by-election's vacant secretary is elected at the committee's 全体会议."""
        return "全体会议" if self.kind_word == "补选" else "第一次全体会议"

    @property
    def short_fingerprint(self) -> str:
        return self.fingerprint[:12]

    @property
    def meeting(self) -> str:
        return MEETING[self.body]

    @property
    def voter(self) -> str:
        """What one elector is called: 党员 at an assembly, 代表 at a congress."""
        return "代表" if self.body == Body.DELEGATE_CONGRESS else "党员"


MEETING = {Body.MEMBER_ASSEMBLY: "党员大会", Body.DELEGATE_CONGRESS: "党员代表大会", Body.COMMITTEE_PLENARY: "委员会全体会议"}
KIND = {RoundKind.FORMAL: "正式选举", RoundKind.PRELIMINARY: "预选", RoundKind.TIE_REVOTE: "得票相等重新投票", RoundKind.ADDITIONAL: "另行选举"}
STATUS = {Status.ELECTED: "当选", Status.TIE_REVOTE: "得票相等，重新投票", Status.NOT_ELECTED: "未当选", Status.INELIGIBLE: "无被选举权"}


@dataclass(frozen=True)
class CandidateRow:
    """One line of the candidate data sheet (R4.5)."""

    name: str
    sex: str  # 男 / 女
    birth: date | None  # printed as year.month; None leaves the cell blank
    ethnicity: str  # 汉族, 壮族 …
    joined: date | None  # date of joining the Party, printed as year.month
    education: str  # 大学, 研究生 …
    post: str  # present job and post


@dataclass(frozen=True)
class Attendee:
    """One line of the sign-in sheet."""

    name: str
    voting: bool = True  # False: probationary, no voting rights, or approved exclusion from the expected count
    unit: str = ""  # Party group or delegation
    note: str = ""  # e.g. 预备党员


@dataclass(frozen=True)
class BallotSpec:
    """One ballot design: a post in one round (R4.8)."""

    post: str  # short post name: 委员, 书记, 副书记
    seats: int
    candidates: tuple[str, ...]  # in surname-stroke order (R6.1)
    kind: RoundKind = RoundKind.FORMAL
    committee: str = ""  # the committee the post belongs to; "" means Organization.committee
    plenary: bool = False  # elected by the new committee's first plenary: only its members may be written in
    kind_word: str = "选举"  # 补选 on a by-election's ballot (R13.4)

    @property
    def write_in_from(self) -> str:
        """Who may be written in: a full member with the right to be elected, or, at a plenary, a member of
        the new committee (R2.1, R4.10)."""
        return "新一届委员会委员" if self.plenary else "有被选举权的正式党员"

    @property
    def write_in_rows(self) -> int:
        """R7.1: one blank row per seat; a tie re-vote is only among the tied, so none there (R9.3)."""
        return 0 if self.kind == RoundKind.TIE_REVOTE else self.seats


def ballot_copies(present: int, spare: int) -> int:
    """Copies to print: one per present voter plus the spare set (R4.8)."""
    return present + spare


@dataclass(frozen=True)
class PersonRow:
    """One person's line in a count: printed candidate or write-in (R10.1)."""

    name: str
    write_in: bool
    yes: int
    no: int = 0
    abstain: int = 0
    void: int = 0
    status: Status = Status.NOT_ELECTED


@dataclass(frozen=True)
class RoundReport:
    """One round for one post: what the counting report and the result report print (R10.1, R10.3)."""

    post: str  # short post name: 委员, 书记 …
    kind: RoundKind
    electors: str  # who voted: 党员大会, 新一届委员会第一次全体会议 …
    date: date | None
    seats: int
    expected: int
    present: int
    issued: int
    returned: int
    valid: int
    invalid: int
    persons: tuple[PersonRow, ...]  # printed candidates in ballot order, then write-ins
    threshold_base: int  # the P of this round (R9.1), or E when a preliminary round's base is the expected count (R4.6)
    threshold_min_yes: int  # smallest yes count with 2Y > base
    elected: tuple[str, ...] = ()  # by votes
    tie_among: tuple[str, ...] = ()  # tied names straddling the last seat (R9.3)
    tie_seats: int = 0
    unfilled: int = 0  # seats left for another round (R9.4)
    quorum_met: bool = True
    vote_valid: bool = True
    committee: str = ""  # "" means Organization.committee
    threshold_kind: ThresholdBase = ThresholdBase.PRESENT  # what the base counts: 实到会 (P) or 应到会 (E)
    paper_code: str = ""  # the round's verification code (app.core.reports.papercode); "" prints none
    advancing: tuple[str, ...] = ()  # a preliminary round: the names it advanced to the formal list (R13.1)
    revote: bool = False  # a preliminary re-vote among the tied at the advancing cut (R9.3)
    by_election: bool = False  # a round of a by-election of vacant seats (R13.4)

    @property
    def vote_word(self) -> str:
        """选举, or 补选 in a by-election (R13.4): 委员选举 / 委员补选."""
        return "补选" if self.by_election else "选举"

    @property
    def kind_label(self) -> str:
        """The round's kind as printed; a re-vote at the advancing cut is told apart from the preliminary itself."""
        return f"{KIND[self.kind]}（再次投票）" if self.revote else KIND[self.kind]

    def result_word(self, p: "PersonRow") -> str:
        """The 结果 column: elected, tied …; a preliminary round advances names instead (R13.1)."""
        if not self.vote_valid:
            return "选举无效"
        if self.kind == RoundKind.PRELIMINARY and p.status != Status.INELIGIBLE:
            if p.name in self.tie_among:  # tied at the last place that advances: voted on again (R9.3)
                return STATUS[Status.TIE_REVOTE]
            return "进入正式选举" if p.name in self.advancing else "未进入正式选举"
        return STATUS[p.status]

    @property
    def base_words(self) -> str:
        """The threshold's base as the papers name it: 实到会 (P, R9.1) or 应到会 (E, a preliminary round, R4.6)."""
        return "应到会" if self.threshold_kind == ThresholdBase.EXPECTED else "实到会"

    @property
    def candidates(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.persons if not p.write_in)

    def votes(self, name: str) -> int:
        return next(p.yes for p in self.persons if p.name == name)


def round_report(outcome: RoundOutcome, post: str, *, electors: str, on: date | None, committee: str = "") -> RoundReport:
    """A RoundReport from the rules engine's outcome, persons in ballot order then write-ins."""
    by_name = {r.name: r for r in outcome.results}
    persons = tuple(
        PersonRow(n, r.write_in, r.tally.yes, r.tally.no, r.tally.abstain, r.tally.void, r.status)
        for n in outcome.count.tallies if (r := by_name.get(n)) is not None
    )
    tie = outcome.tie_revote
    return RoundReport(
        post=post, kind=outcome.inp.kind, electors=electors, date=on, seats=outcome.inp.seats,
        expected=outcome.quorum.expected, present=outcome.quorum.present,
        issued=outcome.inp.ballots_issued, returned=outcome.inp.ballots_returned,
        valid=outcome.count.valid, invalid=outcome.count.invalid, persons=persons,
        threshold_base=outcome.threshold.base, threshold_min_yes=outcome.threshold.min_yes,
        threshold_kind=outcome.threshold.kind,
        elected=outcome.elected, tie_among=tie.among if tie else (), tie_seats=tie.seats if tie else 0,
        unfilled=outcome.unfilled_seats, quorum_met=outcome.quorum.met, vote_valid=outcome.vote.valid,
        committee=committee, advancing=outcome.advancing or (),
    )


@dataclass(frozen=True)
class Elected:
    """One person elected, with the yes votes of the round that elected them."""

    name: str
    votes: int
    post: str = "委员"


@dataclass(frozen=True)
class Officials:
    """Who signs the counting report; empty names leave blank signature lines."""

    chief: str | None = ""  # None: no chief scrutineer (small meetings)
    scrutineers: tuple[str, ...] = ("", "")
    tellers: tuple[str, ...] = ("", "")


@dataclass(frozen=True)
class PostPlan:
    """One post in the request to hold the election (R4.1)."""

    post: str  # 委员, 书记, 副书记
    seats: int
    candidates: int
    electors: str  # 党员大会 / 新一届委员会第一次全体会议


@dataclass(frozen=True)
class ElectionRequestData:
    """换届选举的请示 (R4.1)."""

    org: Organization
    election: ElectionInfo
    term_started: date | None  # when the outgoing committee was elected, as entered; None prints blank
    term_years: int
    members_total: int  # 现有党员 = full_members + probationary (R13.7)
    full_members: int  # 正式党员, those with restrictions (留党察看, 停止党员权利) included
    probationary: int
    posts: tuple[PostPlan, ...]
    issued: date | None  # 成文日期 as issued; None: not yet issued, printed blank
    agenda: tuple[str, ...] = ("听取和审查上届委员会的工作报告", "选举产生新一届委员会")
    number: str = ""  # 发文字号, e.g. 青石社支〔2024〕3号
    contact: str = ""  # 联系人
    phone: str = ""
    voting_full: int | None = None  # 有表决权的正式党员, a separate figure (R13.7)
    restricted: int = 0  # full members under 留党察看 or 停止党员权利


@dataclass(frozen=True)
class CandidateRequestData:
    """关于候选人预备人选的请示 (R4.5)."""

    org: Organization
    election: ElectionInfo
    post: str  # 委员
    seats: int
    candidates: tuple[CandidateRow, ...]  # in surname-stroke order
    issued: date | None  # 成文日期 as issued; None prints blank
    nominees: tuple[tuple[str, str], ...] = ()  # (post, name) proposed for secretary, deputy …
    reply_ref: str = ""  # citation of the reply to the election request: 《title》（number）
    number: str = ""
    contact: str = ""
    phone: str = ""


@dataclass(frozen=True)
class ResultReportData:
    """关于选举结果的报告 to the higher level (R10.2, R4.12)."""

    org: Organization
    election: ElectionInfo
    rounds: tuple[RoundReport, ...]  # the assembly's rounds in the order held
    members: tuple[Elected, ...]  # elected committee members in surname-stroke order (R9.6)
    issued: date | None  # 成文日期 as issued; None prints blank
    plenary: tuple[RoundReport, ...] = ()  # the new committee's first plenary: secretary, deputy …
    plenary_date: date | None = None
    candidates: tuple[CandidateRow, ...] = ()  # basic data, attached for those elected
    duties: tuple[tuple[str, str], ...] = ()  # (name, duty) division of duties
    incidents: tuple[str, ...] = ()  # summaries of the incidents recorded during the meeting
    method: str = ""  # election method as adopted; "" prints the standard wording
    approval_ref: str = ""  # citation of the reply that approved the election: 《title》（number）
    attachments: tuple[str, ...] = ()  # the attachments' names when not the usual ones (result_report.attachment_names)
    signer_fingerprint: str = ""  # SHA-256 of the signing certificate, printed so the higher level can compare
    number: str = ""
    officials: tuple[Officials, ...] = ()  # signers of the bound counting reports: rounds then plenary
    work_report: str = ""  # title of the outgoing committee's work report the assembly heard


@dataclass(frozen=True)
class OfficerRequestData:
    """关于……同志任职的请示: approval of the secretary and deputy elected at the first plenary (R4.12)."""

    org: Organization
    election: ElectionInfo
    officers: tuple[tuple[str, str, int], ...]  # (post, name, yes votes) in the order elected
    plenary_date: date | None
    issued: date | None
    number: str = ""
    contact: str = ""
    phone: str = ""
    report_ref: str = ""  # citation of the result report sent with it: 《title》（number）
    meeting: str = "第一次全体会议"  # who elected them: the first plenary, or the assembly itself (R13.2)


@dataclass(frozen=True)
class DocumentSet:
    """Everything one election prints, so all its documents can be built in one call."""

    election_request: ElectionRequestData
    candidate_request: CandidateRequestData
    attendees: tuple[Attendee, ...]  # voters first or mixed: the sign-in sheet splits them
    ballots: tuple[tuple[BallotSpec, int], ...]  # (design, copies) per post and round
    officials: tuple[Officials, ...]  # one per counting report: result.rounds then result.plenary
    result: ResultReportData
    created: date | None  # PDF metadata date of the working papers (the meeting's date); None: a fixed stamp
    officer_request: OfficerRequestData | None = None
    methods: tuple[Any, ...] = ()  # app.core.reports.method.MethodData: the assembly's, then the plenary's
    notice: Any = None  # app.core.reports.notice.NoticeData when the list was posted with recorded dates

    @property
    def org(self) -> Organization:
        return self.result.org

    @property
    def election(self) -> ElectionInfo:
        return self.result.election
