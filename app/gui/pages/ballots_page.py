"""Ballots: open the round of each post, print its ballots and the meeting's papers, record the ballots issued."""
from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSpinBox

from app.core.i18n import N_, _
from app.gui.doc_actions import DocRow, DocumentActions, DocumentList
from app.gui.pages.base import ElectionPage
from app.gui.prompts import Prompts
from app.gui.readers import RoundView, assembly_posts, round_views
from app.gui.session import ROUND_KINDS, post_title
from app.gui.widgets.forms import fill, group, table

if TYPE_CHECKING:
    from app.core.workflow.election import Election


class BallotsPage(ElectionPage):
    """Open a round (the ballot lists the approved candidates in stroke order) and record the ballots issued."""

    help_text = N_("Open the round of each post, print the ballots, and record how many ballots were issued. The present count is read again at that moment.")
    plenary = False

    def build(self) -> None:
        self.posts_row = QHBoxLayout()
        box, form = group(_("Open a round"), [])
        form.addRow(self.posts_row)
        self.content.addWidget(box)
        self.rounds_table = table([_("Round"), _("Seats"), _("Candidates"), _("Present"), _("Issued"), _("State")])
        self.issued = QSpinBox()
        self.issued.setRange(0, 100000)
        issue = QPushButton(_("&Record the ballots issued for the selected round"))
        issue.clicked.connect(self.issue)
        self.print_button = QPushButton(_("Print the &ballots of the selected round…"))
        self.print_button.clicked.connect(self.print_round_ballots)
        box, form = group(_("Rounds"), [])
        form.addRow(self.rounds_table)
        form.addRow(_("Ballots &issued:"), self.issued)
        row = QHBoxLayout()
        row.addWidget(issue)
        row.addWidget(self.print_button)
        form.addRow(row)
        self.content.addWidget(box, 1)
        self.prompts = Prompts(self)
        self.papers = DocumentList(DocumentActions(self, self.prompts), lambda: self.session.path)
        box, form = group(_("Papers to print: ballots (one per voter plus a spare set), sign-in sheet, candidate list"), [])
        form.addRow(self.papers)
        self.content.addWidget(box, 1)
        self.rounds_table.itemSelectionChanged.connect(self._select_round_ballot)

    def posts(self) -> list:
        return assembly_posts(self.session.election)

    def load(self) -> None:
        super().load()
        while self.posts_row.count():
            item = self.posts_row.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.hide()  # at once: deleteLater waits for the event loop
                old.deleteLater()
        self.views = [v for v in round_views(self.session.election, self.plenary)]
        open_posts = {v.post_id for v in self.views if not v.closed}
        for post in self.posts():
            button = QPushButton(_("Open the round: {post}").format(post=post_title(post.committee, post.office)))
            button.clicked.connect(lambda _c=False, p=post.id: self.open_round(p))
            # While a round of the post is open, another cannot be (R10.3): the button says so instead of a refusal.
            button.setEnabled(post.id not in open_posts)
            button.setToolTip(_("A round of this post is open: count and close it first.") if post.id in open_posts else "")
            self.posts_row.addWidget(button)
        fill(self.rounds_table, [[v.title, v.seats, "、".join(v.candidates), v.present if v.present is not None else "–",
                                  v.issued if v.issued is not None else "–", self._state(v)] for v in self.views],
             [v.id for v in self.views])
        if self.views:
            self.rounds_table.selectRow(len(self.views) - 1)
        m_present = self._present_now()
        if m_present is not None:
            self.issued.setValue(m_present)
        self.papers.set_rows(self.paper_rows())
        self._select_round_ballot()

    def paper_rows(self) -> list[DocRow]:
        """Each ballot design with its copies, then the sign-in sheet and the candidate list (built when used)."""
        e = self.session.election
        rows = []
        # Before any round the copies follow the expected attendees (E), after it those present (P): see ballot_plan.
        detail_text = _("{copies} copies = {present} present + {spare} spare") if e.rounds() \
            else _("{copies} copies = {expected} expected + {spare} spare")
        for i, (spec, voters, copies) in enumerate(e.ballot_plan()):
            title = _("Ballot: {post}, {kind}, {seats} seat(s)").format(
                post=spec.post, kind=_(ROUND_KINDS.get(spec.kind.value, spec.kind.value)), seats=spec.seats)
            detail = detail_text.format(copies=copies, present=voters, expected=voters, spare=copies - voters)
            rows.append(DocRow(title, detail, f"05-ballot-{i + 1}.pdf", build=partial(_ballot, index=i)))
        people = e.attendees()
        voters = sum(1 for a in people if a.voting)
        rows.append(DocRow(_("Sign-in sheet (签到表)"), _("{n} members, {voters} with voting rights").format(
            n=len(people), voters=voters), "04-signin.pdf", build=_signin))
        rows.append(DocRow(_("Candidate list with basic data"), _("for the meeting and the request to the higher level"),
                           "03-candidates.pdf", build=_candidates))
        return rows

    def _select_round_ballot(self) -> None:
        """Follow the selected round in the papers list (its ballot design has the same position among all rounds)."""
        index = self._round_ballot_index()
        if index is not None:
            self.papers.select(f"05-ballot-{index + 1}.pdf")

    def _round_ballot_index(self) -> int | None:
        row = self.rounds_table.currentRow()
        if not 0 <= row < len(getattr(self, "views", [])):
            return None
        ids = [r.id for r in self.session.election.rounds()]
        return ids.index(self.views[row].id) if self.views[row].id in ids else None

    def print_round_ballots(self) -> None:
        """Print the ballots of the selected round (before any round: the selected paper)."""
        self._select_round_ballot()
        self.papers.print_()

    def _present_now(self) -> int | None:
        from app.gui.readers import meeting

        m = meeting(self.session.election, "assembly")
        return self.session.election.attendance(m.id).present if m else None

    @staticmethod
    def _state(v: RoundView) -> str:
        if v.closed:
            return _("closed")
        return _("ballots issued") if v.issued is not None else _("open: record the ballots issued")

    def open_round(self, post_id: int) -> None:
        e = self.session.election
        self.act(e.open_round, post_id, e.first_round_kind(post_id))  # a preliminary first when the method says so

    def issue(self) -> None:
        row = self.rounds_table.currentRow()
        if 0 <= row < len(self.views):
            self.act(self.session.election.issue_ballots, self.views[row].id, self.issued.value())


def _ballot(e: Election, index: int) -> bytes:
    return e.ballot_pdf(index)  # in the worker, on its own opening of the file


def _signin(e: Election) -> bytes:
    return e.signin_pdf()


def _candidates(e: Election) -> bytes:
    return e.candidates_pdf()
