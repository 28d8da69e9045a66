"""Every document of one election at once, keyed by a stable file name."""
from __future__ import annotations

from app.core.reports.ballot import ballot_pdf
from app.core.reports.candidates import candidates_pdf
from app.core.reports.counting_report import counting_report_pdf
from app.core.reports.data import DocumentSet
from app.core.reports.agenda import agenda_pdf
from app.core.reports.script import script_pdf
from app.core.reports.method import method_pdf
from app.core.reports.notice import notice_pdf
from app.core.reports.requests import candidate_request_pdf, election_request_pdf, officer_request_pdf
from app.core.reports.result_report import result_report_pdf
from app.core.reports.scrutiny import scrutiny_pdf
from app.core.reports.signin import signin_pdf


def build_all(docs: DocumentSet) -> dict[str, bytes]:
    """File name -> PDF bytes, in the order the papers are used (request first, result report last, once counted)."""
    org, election, created = docs.org, docs.election, docs.created
    cr = docs.candidate_request
    rounds = docs.result.rounds + docs.result.plenary
    out = {
        "01-election-request.pdf": election_request_pdf(docs.election_request),
        "02-candidate-request.pdf": candidate_request_pdf(cr),
        "03-candidates.pdf": candidates_pdf(org, election, cr.post, cr.seats, cr.candidates, created),
        **({"03-notice.pdf": notice_pdf(docs.notice)} if docs.notice is not None else {}),
        "04-signin.pdf": signin_pdf(org, election, docs.attendees, created),
    }
    if docs.methods:
        out["04-agenda.pdf"] = agenda_pdf(docs.methods)
        out["04-script.pdf"] = script_pdf(docs.methods)
    for method in docs.methods:  # adopted at the meeting before any vote (R4.7)
        out[f"04-method-{'plenary' if method.plenary else 'assembly'}.pdf"] = method_pdf(method)
    for i, (spec, copies) in enumerate(docs.ballots, start=1):
        out[f"05-ballot-{i}.pdf"] = ballot_pdf(org, election, spec, copies, created)
    if docs.result.rounds:  # the counting and result reports exist once a round of the assembly is counted
        # Before the counting reports in the order used: the scrutineers' list, the attendance count, the ballots.
        out["06-scrutiny.pdf"] = scrutiny_pdf(org, election, rounds, docs.officials, created)
        out["06-counting-reports.pdf"] = counting_report_pdf(org, election, rounds, docs.officials, created)
        out["07-result-report.pdf"] = result_report_pdf(docs.result)
    if docs.officer_request is not None:  # the secretary and deputy are asked for apart from the report
        out["08-officer-request.pdf"] = officer_request_pdf(docs.officer_request)
    return out
