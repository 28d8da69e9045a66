"""The first plenary of the new committee: sign-in of its members, method, candidates, and the secretary votes (R4.10)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QLabel, QListWidget, QListWidgetItem, QPushButton, QSpinBox, QTabWidget, QVBoxLayout, QWidget,
)

from app.core.i18n import N_, _
from app.core.rules.attendance import check_quorum
from app.gui.pages.base import ElectionPage
from app.gui.pages.counting_page import CountingPage
from app.gui.readers import round_views
from app.gui.session import post_title
from app.gui.widgets.forms import InlineErrors, combo, date_edit, group, iso, line, set_date
from app.gui.widgets.quorum_indicator import QuorumIndicator

if TYPE_CHECKING:
    from app.core.storage.meeting import Meeting
    from app.core.storage.setup import Post


class PlenaryCountingPage(CountingPage):
    """The counting page for the plenary's rounds."""

    plenary = True

    def refresh_gate(self) -> None:
        """The plenary page around it shows the step's gate; this banner shows only the count's refusals."""
        self.banner.hide()


class PlenaryPage(ElectionPage):
    """Prepare the plenary, then key its ballots in the second tab."""

    help_text = N_("The new committee's first plenary elects the secretary and deputy secretary. More than 4/5 of its members must be present.")

    def build(self) -> None:
        self.tabs = QTabWidget()
        prep = QWidget()
        self.prep = QVBoxLayout(prep)
        self._meeting_box()
        self._posts_box()
        self.prep.addStretch(1)
        self.counting = PlenaryCountingPage(self.session, "plenary")
        for w in (self.counting.title, self.counting.next_button):
            w.hide()
        self.tabs.addTab(prep, _("&Preparation"))
        self.tabs.addTab(self.counting, _("Co&unting"))
        self.not_held = QLabel()  # a by-election of members, or the assembly electing the secretary (R13.2, R13.4)
        self.not_held.setWordWrap(True)
        self.content.addWidget(self.not_held)
        self.content.addWidget(self.tabs, 1)

    def _meeting_box(self) -> None:
        self.held_on, self.place = date_edit(), line()
        self.open_button = QPushButton(_("&Open the first plenary"))
        self.open_button.clicked.connect(lambda: self.act(self.session.election.open_meeting, "plenary", iso(self.held_on),
                                                          self.place.text().strip() or None))
        self.committee = QListWidget()
        self.committee.setMaximumHeight(150)
        sign_in = QPushButton(_("Sign &in the ticked members"))
        sign_in.clicked.connect(self.sign_in)
        self.quorum = QuorumIndicator()
        self.method_text = line(placeholder=_("title of the adopted election method, e.g. 《……换届选举办法》"))
        self.votes_for = QSpinBox()
        self.votes_for.setRange(0, 1000)
        adopt = QPushButton(_("Record the &adoption"))
        adopt.clicked.connect(self.adopt)
        self.scrutineer = combo([])
        appoint = QPushButton(_("Appoint the scrutineer (approve&d)"))
        appoint.clicked.connect(self.appoint)
        # Until the plenary is open these have no meeting to act on; after, it is not opened twice.
        self.meeting_buttons = [sign_in, adopt, appoint]
        box, form = group(_("First plenary"), [(_("Date:"), self.held_on), (_("Place:"), self.place), ("", self.open_button),
                                               (_("Committee members:"), self.committee), ("", sign_in), ("", self.quorum),
                                               (_("&Method:"), self.method_text), (_("&Yes votes:"), self.votes_for),
                                               ("", adopt), (_("S&crutineer:"), self.scrutineer), ("", appoint)])
        self.inline = InlineErrors()  # a date before the assembly or yes votes over those present, under the field
        self.inline.attach(form, {"held_on": self.held_on, "votes_for": self.votes_for})
        self.prep.addWidget(box)

    def _posts_box(self) -> None:
        self.post_rows: list[tuple[int, object]] = []
        self.posts_box, self.posts_form = group(_("Secretary and deputy"), [])
        self.issued = QSpinBox()
        self.issued.setRange(0, 1000)
        self.issue_button = QPushButton(_("&Record ballots issued and returned for the open rounds"))
        self.issue_button.clicked.connect(self.issue)
        self.posts_form.addRow(_("Ballots issued = returned:"), self.issued)
        self.posts_form.addRow(self.issue_button)
        self.inline.attach(self.posts_form, {"issued": self.issued})
        self.prep.addWidget(self.posts_box)

    def load(self) -> None:
        super().load()
        e = self.session.election
        none = e.no_plenary()
        self.not_held.setVisible(none is not None)
        self.not_held.setText(none.message() if none is not None else "")
        self.tabs.setVisible(none is None)
        names = {mid: m.name for mid, m in e.members()}
        m = e.meeting("plenary")
        here = e.present_ids(m.id) if m else set()
        self.committee.clear()
        self.scrutineer.clear()
        for mid in e.committee_member_ids():
            item = QListWidgetItem(names[mid])
            item.setData(Qt.ItemDataRole.UserRole, mid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            # Before anyone is signed in, every member is ticked: usually the whole committee is there.
            item.setCheckState(Qt.CheckState.Checked if mid in here or not here else Qt.CheckState.Unchecked)
            self.committee.addItem(item)
        # The core offers the committee members who do not stand for the plenary's posts (R4.7).
        for mid in e.suggest_scrutineers(m.id) if m else []:
            self.scrutineer.addItem(names[mid], mid)
        if m is not None:
            self._show_meeting(m)
        else:  # usually the day of the assembly
            set_date(self.held_on, (e.election_info() or {}).get("meeting_date"))
        for button in [*self.meeting_buttons, self.issue_button]:
            button.setEnabled(m is not None)
        self.open_button.setEnabled(m is None)
        self._fill_posts(names, m is not None)
        self.counting.load()

    def _show_meeting(self, m: Meeting) -> None:
        """What was recorded for the plenary, so a correction starts from it."""
        e = self.session.election
        a = e.attendance(m.id)
        self.quorum.show_quorum(check_quorum(a.expected, a.present))
        set_date(self.held_on, m.held_on)
        self.place.setText(m.place or "")
        self.method_text.setText(m.method_text or "")
        self.votes_for.setValue(m.method_votes_for or a.present)
        self.issued.setValue(a.present)
        appointed = [mid for mid, _role, _ok in e.scrutineers(m.id)]
        if appointed:
            self.scrutineer.setCurrentIndex(max(0, self.scrutineer.findData(appointed[0])))

    def _fill_posts(self, names: dict[int, str], meeting_open: bool) -> None:
        while self.posts_form.rowCount() > 3:  # issued, its error line, the button
            self.posts_form.removeRow(0)
        self.post_rows = []
        for i, post in enumerate(self.session.election.plenary_posts()):
            chooser, chosen_ids = self._chooser(post, names)
            button = QPushButton(_("Set the candidate and open the round") if isinstance(chooser, QComboBox)
                                 else _("Set the ticked candidates and open the round"))
            button.setEnabled(meeting_open)
            holder = QWidget()
            row = QVBoxLayout(holder)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(chooser)
            order = None
            if not isinstance(chooser, QComboBox):  # several names: printed in the order the higher level approved
                order = line(placeholder=_("approval of the order (drag the names into it), document number"))
                row.addWidget(order)
            button.clicked.connect(lambda _c=False, p=post.id, ids=chosen_ids, o=order: self.open_round(
                p, ids(), o.text().strip() if o is not None else ""))
            row.addWidget(button)
            self.posts_form.insertRow(i, post_title(post.committee, post.office) + ":", holder)

    def _chooser(self, post: Post, names: dict[int, str]) -> tuple[QWidget, Callable[[], list[int]]]:
        """One name for a single seat elected 等额; ticks where the post has more seats or a competitive list."""
        e = self.session.election
        members, chosen = e.committee_member_ids(), [mid for mid, _n in e.candidates(post.id)]
        if post.seats == 1 and not post.competitive:
            box = combo([(names[mid], mid) for mid in members])
            if chosen:
                box.setCurrentIndex(max(0, box.findData(chosen[0])))
            return box, lambda: [box.currentData()] if box.currentData() is not None else []
        ticks = QListWidget()
        ticks.setMaximumHeight(120)
        ticks.setDragDropMode(QListWidget.DragDropMode.InternalMove)  # the approved order, top to bottom (R13.3)
        for mid in members:
            item = QListWidgetItem(names[mid])
            item.setData(Qt.ItemDataRole.UserRole, mid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if mid in chosen else Qt.CheckState.Unchecked)
            ticks.addItem(item)
        return ticks, lambda: [ticks.item(r).data(Qt.ItemDataRole.UserRole) for r in range(ticks.count())
                               if ticks.item(r).checkState() == Qt.CheckState.Checked]

    def _meeting_id(self) -> int | None:
        m = self.session.election.meeting("plenary")
        return m.id if m else None

    def sign_in(self) -> None:
        ids = [self.committee.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.committee.count())
               if self.committee.item(i).checkState() == Qt.CheckState.Checked]
        if self._meeting_id() is not None:
            self.act(self.session.election.sign_in, self._meeting_id(), ids)

    def adopt(self) -> None:
        if self._meeting_id() is not None:
            self.act(self.session.election.adopt_method, self._meeting_id(), self.method_text.text().strip(), self.votes_for.value())

    def appoint(self) -> None:
        mid = self.scrutineer.currentData()
        if self._meeting_id() is not None and mid is not None:
            self.act(self.session.election.appoint_scrutineers, self._meeting_id(), [(mid, "scrutineer")], True)

    def open_round(self, post_id: int, member_ids: int | list[int] | None, order_doc: str = "") -> None:
        """Set the post's candidates (one id, or the ticked ones) and open its round; the core checks the list.

        With the approval of their order given, the names are recorded in that order (R13.3)."""
        ids = [member_ids] if isinstance(member_ids, int) else list(member_ids or [])
        if not ids:
            return
        e = self.session.election
        if order_doc:
            if self.act(e.approve_order, post_id, ids, order_doc, quiet=True) is not None:
                self.act(e.open_round, post_id, "formal", ids)
        elif self.act(e.set_candidates, post_id, ids, quiet=True) is not None:
            self.act(e.open_round, post_id)

    def issue(self) -> None:
        e = self.session.election
        for v in round_views(e, plenary=True):
            if not v.closed and v.issued is None:
                if self.act(e.issue_ballots, v.id, self.issued.value(), quiet=True) is None:
                    return
            if not v.closed and v.returned is None:
                if self.act(e.record_returned, v.id, self.issued.value(), quiet=True) is None:
                    return
        self.session.changed.emit()
        self.load()
