"""The outputs service: the papers and the signed result package built from the file, for the pages' workers."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from app.core.workflow.base import Service

if TYPE_CHECKING:
    from app.core.signing.keys import Identity

# The papers and the package modules read this workflow: each is imported when used.


class OutputActions(Service):
    """What the election prints and sends: every paper (R10), a single ballot design, and the result package."""

    def build_documents(self, today: dt.date | None = None) -> dict[str, bytes]:
        """File name -> PDF bytes for every paper of the election."""
        from app.core.documents import build_documents

        return build_documents(self.db, today)

    def ballot_pdf(self, index: int, today: dt.date | None = None) -> bytes:
        """The ballots of one design (``ballot_plan`` order) with its copies, as ``build_documents`` makes them."""
        from app.core.documents import ballot_specs, election_info, organization
        from app.core.reports.ballot import ballot_pdf

        from app.core.workflow import entry, gates

        if why := gates.ballot_list_problems(self.db)[index]:  # the margin again, before ballots print (R13.6)
            raise entry.as_error(why[0])
        today = today or dt.date.today()
        spec, copies = ballot_specs(self.db)[index]
        return ballot_pdf(organization(self.db), election_info(self.db, today), spec, copies, today)

    def signin_pdf(self, today: dt.date | None = None) -> bytes:
        """The sign-in sheet (签到表)."""
        from app.core.documents import attendees, election_info, organization
        from app.core.reports.signin import signin_pdf

        today = today or dt.date.today()
        return signin_pdf(organization(self.db), election_info(self.db, today), attendees(self.db), today)

    def candidates_pdf(self, today: dt.date | None = None) -> bytes:
        """The candidate list with basic data."""
        from app.core.documents import candidate_request_data, election_info, organization
        from app.core.reports.candidates import candidates_pdf

        today = today or dt.date.today()
        cr = candidate_request_data(self.db, today)
        return candidates_pdf(organization(self.db), election_info(self.db, today), cr.post, cr.seats, cr.candidates,
                              today)

    def result_package(self, identity: Identity, today: dt.date, when: dt.datetime | None = None) -> bytes:
        """The signed .vdpkg of this election (PackageRefused when the higher level's verifier would reject it)."""
        from app.core.resultpkg import election_package

        return election_package(self.db, identity, today, when)

    def signed_package(self, identity: Identity, today: dt.date, when: dt.datetime | None = None) -> bytes:
        """The .vdpkg as it leaves the branch: only after the chief scrutineer confirmed signing with this key."""
        from app.core.resultpkg import signed_package

        return signed_package(self.db, identity, today, when)

    def audit_export(self) -> list[dict[str, Any]]:
        """The audit log as the package carries it: each entry's hashed content and its hash."""
        from app.core.resultpkg import audit_export

        return audit_export(self.db)
