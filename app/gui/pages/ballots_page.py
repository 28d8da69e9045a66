"""Ballots: open the round of each post, print its ballots, record the ballots issued (never above present)."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox

from app.core.i18n import N_, _
from app.gui.pages.base import ElectionPage
from app.gui.readers import assembly_posts, round_views
from app.gui.session import post_title
from app.gui.widgets.forms import fill, group, table


class BallotsPage(ElectionPage):
    """Open a round (the ballot lists the approved candidates in stroke order) and record the ballots issued."""

    help_text = N_("Open the round of each post, print the ballots, and record how many ballots were issued. The present count is read again at that moment (R3.2).")
    plenary = False

    def build(self) -> None:
        self.posts_row = QHBoxLayout()
        box, form = group(_("Open a round"), [])
        form.addRow(self.posts_row)
        self.content.addWidget(box)
        self.rounds_table = table([_("Round"), _("Seats"), _("Candidates"), _("Present"), _("Issued"), _("State")])
        self.issued = QSpinBox()
        self.issued.setRange(0, 100000)
        issue = QPushButton(_("Record the ballots &issued for the selected round"))
        issue.clicked.connect(self.issue)
        self.print_button = QPushButton(_("&Print the ballots…"))
        self.print_button.setEnabled(False)
        self.print_button.setToolTip(_("Printing comes with the documents module (not available in this build yet)."))
        box, form = group(_("Rounds"), [])
        form.addRow(self.rounds_table)
        form.addRow(_("Ballots &issued:"), self.issued)
        row = QHBoxLayout()
        row.addWidget(issue)
        row.addWidget(self.print_button)
        form.addRow(row)
        self.content.addWidget(box, 1)

    def posts(self) -> list:
        return assembly_posts(self.session.election)

    def load(self) -> None:
        super().load()
        while self.posts_row.count():
            self.posts_row.takeAt(0).widget().deleteLater()
        for post in self.posts():
            button = QPushButton(_("Open the round: {post}").format(post=post_title(post.committee, post.office)))
            button.clicked.connect(lambda _c=False, p=post.id: self.open_round(p))
            self.posts_row.addWidget(button)
        self.views = [v for v in round_views(self.session.election, self.plenary)]
        fill(self.rounds_table, [[v.title, v.seats, "、".join(v.candidates), v.present if v.present is not None else "–",
                                  v.issued if v.issued is not None else "–", self._state(v)] for v in self.views],
             [v.id for v in self.views])
        if self.views:
            self.rounds_table.selectRow(len(self.views) - 1)
        m_present = self._present_now()
        if m_present is not None:
            self.issued.setValue(m_present)

    def _present_now(self) -> int | None:
        from app.gui.readers import meeting

        m = meeting(self.session.election, "assembly")
        return self.session.election.attendance(m.id).present if m else None

    @staticmethod
    def _state(v) -> str:  # noqa: ANN001
        if v.closed:
            return _("closed")
        return _("ballots issued") if v.issued is not None else _("open: record the ballots issued")

    def open_round(self, post_id: int) -> None:
        self.act(self.session.election.open_round, post_id)

    def issue(self) -> None:
        row = self.rounds_table.currentRow()
        if 0 <= row < len(self.views):
            self.act(self.session.election.issue_ballots, self.views[row].id, self.issued.value())
