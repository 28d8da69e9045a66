"""Issuing official papers: each request and report gets its own number and date, proposed from the file and confirmed."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.core.errors import UserFacingError
from app.core.i18n import N_
from app.core.messages import register
from app.core.storage import members as sm
from app.core.storage import papers as sp
from app.core.storage import setup as ss
from app.core.workflow import entry, state
from app.core.workflow.base import Service

register({
    "paper_unknown": N_("There is no official paper called {kind}"),
    "paper_number_required": N_("Fill in the document number, e.g. 青石社支〔2024〕3号"),
    "paper_date_invalid": N_("The date {dated} is not a date (write it as 2024-03-20)"),
    "paper_after_meeting": N_("A request is written before the meeting: {dated} is after the meeting on {meeting}"),
    "paper_before_meeting": N_("The result report is written after the meeting: {dated} is before the meeting on {meeting}"),
    "duty_not_committee": N_("Only members of the new committee take a duty: {names} is not one"),
    "term_started_after_meeting": N_("The outgoing committee was elected before this election: {dated} is not before {meeting}"),
    "term_started_missing": N_("Enter the date the outgoing committee was elected (setup step, Outgoing committee "
                               "elected on): the request states it, and the term's length is checked against it"),
})

# The file each paper is printed to (app.core.reports.bundle).
PAPER_FILES = {"01-election-request.pdf": "election_request", "02-candidate-request.pdf": "candidate_request",
               "07-result-report.pdf": "result_report", "08-officer-request.pdf": "officer_request"}
# The requests go out before the meeting (R4.1, R4.5); the reports after it (R4.12).
BEFORE_MEETING = ("election_request", "candidate_request")
_NUMBER = re.compile(r"^(?P<head>.*〔)(?P<year>\d{4})(?P<mid>〕)(?P<n>\d+)(?P<tail>号)$")


@dataclass(frozen=True)
class PaperDraft:
    """What an issue step shows: the stored issue, or a proposal from the file's facts (``issued`` False)."""

    kind: str
    doc_no: str
    dated: str  # ISO date, "" when nothing proposes one
    contact: str = ""
    phone: str = ""
    issued: bool = False
    missing: str = ""  # what the paper still lacks (a reason code), shown before it is issued



def next_number(last: str, on: str) -> str:
    """The number after ``last`` in its series (青石社支〔2024〕3号 -> …4号), restarting at 1 in a new year."""
    m = _NUMBER.match(last)
    if m is None:
        return ""
    year = on[:4] if on else m["year"]
    n = int(m["n"]) + 1 if year == m["year"] else 1
    return f"{m['head']}{year}{m['mid']}{n}{m['tail']}"


def _iso(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        raise UserFacingError("paper_date_invalid", f"not a date: {value}", dated=value) from None


class PaperActions(Service):
    """Issue papers and record the outgoing committee's election date (a service over the election's context)."""

    def papers(self) -> dict[str, sp.PaperRecord]:
        """Every issued paper by kind (election_request, candidate_request, result_report, officer_request)."""
        return sp.papers(self.db)

    def paper_draft(self, kind: str) -> PaperDraft:
        """The stored issue of a paper, else numbers and dates proposed from the recorded facts."""
        stored = sp.papers(self.db)
        if kind in stored:
            r = stored[kind]
            return PaperDraft(kind, r.doc_no, r.dated, r.contact, r.phone, True)
        el = ss.election(self.db) or {}
        if kind == "election_request":
            return PaperDraft(kind, el.get("request_doc") or "", el.get("request_date") or "",
                              missing="term_started_missing" if self._term_unknown() else "")
        dated = self._proposed_date(kind, stored)
        return PaperDraft(kind, next_number(self._last_number(kind, stored), dated), dated)

    def _term_unknown(self) -> bool:
        """A general election's request states when the outgoing committee was elected; a by-election's does not."""
        return not (ss.election(self.db) or {}).get("term_started") and not state.is_by_election(self.db)

    def _proposed_date(self, kind: str, stored: dict[str, sp.PaperRecord]) -> str:
        if kind == "candidate_request":
            replies = [r for r in ss.replies(self.db, "hold_election") if r.get("approved")]
            return replies[-1]["dated"] if replies else ""
        if kind == "officer_request" and "result_report" in stored:
            return stored["result_report"].dated
        # The report is written once the new committee's first plenary has met (R4.12), else after the assembly.
        meetings = (state.plenary_meeting(self.db, "party"), state.assembly_meeting(self.db))
        held = [m.held_on for m in meetings if m is not None and m.held_on]
        return held[0] if held else ((ss.election(self.db) or {}).get("meeting_date") or "")

    def _last_number(self, kind: str, stored: dict[str, sp.PaperRecord]) -> str:
        """The latest number before ``kind`` in issue order (the request's number starts the series)."""
        el = ss.election(self.db) or {}
        before = sp.KINDS[: sp.KINDS.index(kind)]
        numbers = [el.get("request_doc") or ""] + [stored[k].doc_no for k in before if k in stored]
        return next((n for n in reversed(numbers) if n), "")

    def issue_paper(self, kind: str, doc_no: str, dated: str, contact: str = "", phone: str = "") -> None:
        """Store a paper's number and date (and the contact line of a request) as confirmed by the operator.

        Requests are dated no later than the meeting (R4.1, R4.5), reports not before it (R4.12)."""
        if kind not in sp.KINDS:
            raise UserFacingError("paper_unknown", f"unknown paper {kind}", kind=kind)
        if not doc_no.strip():
            raise UserFacingError("paper_number_required", "the document number is empty")
        dated = _iso(dated)
        meeting = (ss.election(self.db) or {}).get("meeting_date") or ""
        if meeting and kind in BEFORE_MEETING and dated > meeting:
            raise UserFacingError("paper_after_meeting", "request after the meeting", dated=dated, meeting=meeting, rule="R4.1")
        if meeting and kind not in BEFORE_MEETING and dated < meeting:
            raise UserFacingError("paper_before_meeting", "report before the meeting", dated=dated, meeting=meeting, rule="R4.12")
        if kind == "election_request" and self._term_unknown():  # it would print 于　年　月　日选举产生 (R13.5)
            raise UserFacingError("term_started_missing", "the outgoing committee's election date is empty", rule="R13.5")
        rec = sp.PaperRecord(kind, doc_no.strip(), dated, contact.strip(), phone.strip())
        with self.ctx.action("paper_issued", {"kind": kind, "doc_no": rec.doc_no, "dated": dated}):
            sp.set_paper(self.db, rec)

    def set_reply_title(self, reply_id: int, title: str) -> None:
        """The title a higher-level reply bears (e.g. 关于同意……换届选举的批复), so papers can cite it."""
        if not any(r["id"] == reply_id for r in ss.replies(self.db)):
            raise UserFacingError("invalid_value", f"no reply {reply_id}", detail=f"no reply #{reply_id}")
        with self.ctx.action("reply_titled", {"reply": reply_id, "title": title.strip()}):
            sp.set_reply_title(self.db, reply_id, title.strip())

    def set_duties(self, duties: dict[str, str]) -> None:
        """The division of duties the first plenary agreed, name -> duty; only members of the new committee."""
        committee = {n for p in ss.posts(self.db) if p.office == "committee_member" for n in state.elected_names(self.db, p.id)}
        ids = {n: mid for mid, n in sm.names(self.db).items()}
        strangers = [n for n in duties if n not in committee]
        if strangers:
            raise UserFacingError("duty_not_committee", "not on the new committee", names="、".join(strangers))
        pairs = [(ids[n], d.strip()) for n, d in duties.items() if d.strip()]
        with self.ctx.action("duties_set", {"duties": {n: d.strip() for n, d in duties.items()}}):
            sp.set_duties(self.db, pairs)

    def set_work_report(self, title: str) -> None:
        """The outgoing committee's work report the assembly heard, by its title (the result report names it)."""
        with self.ctx.action("work_report_heard", {"title": title.strip()}):
            ss.set_election(self.db, {"work_report": title.strip() or None})

    def set_term_started(self, dated: str | None) -> None:
        """The date the outgoing committee was elected (the request states it; never derived).

        Allowed after the results are official: no count or result reads it, only the request's text."""
        value = _iso(dated) if dated else None
        meeting = (ss.election(self.db) or {}).get("meeting_date") or ""
        if value and meeting and value >= meeting:
            raise UserFacingError("term_started_after_meeting", "outgoing term after the meeting", dated=value,
                                  meeting=meeting, rule="R4.1")
        terms = entry.term_problems(self.db)
        with self.ctx.action("term_started_set", {"term_started": value}):
            ss.set_election(self.db, {"term_started": value})
            new = [r for r in entry.term_problems(self.db) if r not in terms and r.code == "term_shift_too_long"]
            if new:  # the term's end more than a year from the meeting (R1.1)
                raise entry.as_error(new[0])

