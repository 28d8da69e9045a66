"""Preparation: the organization, the election, the request and reply, and the posts to fill."""
from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QSpinBox

from app.core.i18n import N_, _
from app.gui import labels
from app.gui.labels import items, label
from app.gui.pages.base import ElectionPage
from app.gui.widgets.forms import InlineErrors, combo, date_edit, fill, group, iso, line, selected_data, set_date, table


class SetupPage(ElectionPage):
    """Everything the request to the higher level names (R4.1) and its reply (R4.2)."""

    help_text = N_("Enter the organization and the election (a general election or a by-election), record the request "
                   "sent to the higher level and its reply, and add the posts to fill.")

    def build(self) -> None:
        self.inline = InlineErrors()  # a refused date or flag is shown under its field
        self._organization_box()
        self._election_box()
        self._documents_box()
        self._kind_box()
        self._posts_box()
        self.content.addStretch(1)

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        return button

    def _organization_box(self) -> None:
        self.org_name = line(placeholder=_("e.g. 中共青石社区支部委员会"))
        self.org_kind = combo(items(labels.ORG_KINDS))
        self.org_level = line()
        self.higher_org = line()
        box, form = group(_("Organization"), [(_("Na&me:"), self.org_name), (_("&Kind:"), self.org_kind),
                                              (_("&Level:"), self.org_level), (_("Higher-level organi&zation:"), self.higher_org)])
        form.addRow(self._button(_("Save the or&ganization"), self.save_organization))
        self.content.addWidget(box)

    def _election_box(self) -> None:
        self.body_box = combo(items(labels.BODIES))
        self.term = QSpinBox()
        self.term.setRange(1, 10)
        self.term.setValue(5)
        self.meeting_date = date_edit()
        self.place = line()
        # The request states when the outgoing committee was elected: asked for, never derived (issue 15).
        self.term_started = line(placeholder=_("yyyy-mm-dd, e.g. 2019-05-16"))
        # A practice run: every paper it prints carries the 演练 watermark and no one mistakes it for the vote.
        self.rehearsal = QCheckBox(_("Rehearsal: papers are marked 演练 TEST"))
        box, form = group(_("Election"), [(_("&Body:"), self.body_box), (_("Term (&years):"), self.term),
                                          (_("Meet&ing date:"), self.meeting_date), (_("&Place:"), self.place),
                                          (_("O&utgoing committee elected on:"), self.term_started)])
        form.addRow(self.rehearsal)
        form.addRow(self._button(_("Save the &election"), self.save_election))
        self.inline.attach(form, {"meeting_date": self.meeting_date})
        self.content.addWidget(box)

    def _documents_box(self) -> None:
        self.request_doc, self.request_date = line(placeholder=_("document number")), date_edit()
        self.reply_doc, self.reply_date = line(placeholder=_("document number")), date_edit()
        row = QHBoxLayout()
        row.addWidget(self._button(_("Record the re&quest"), self.record_request))
        row.addWidget(self._button(_("&Record the higher level's reply (approved)"), self.record_reply))
        box, form = group(_("Request and reply"), [
            (_("Request document no.:"), self.request_doc), (_("Request date:"), self.request_date),
            (_("Reply document no.:"), self.reply_doc), (_("Reply date:"), self.reply_date)])
        form.addRow(row)
        self.inline.attach(form, {"request_date": self.request_date, "reply_date": self.reply_date})
        self.content.addWidget(box)

    def _kind_box(self) -> None:
        """Which election (R13.4), the secretary elected at the assembly (R13.2), a moved date's approval (R1.1)."""
        self.election_kind = combo([(_("General election (换届)"), "general"), (_("By-election of vacant seats (补选)"),
                                                                                "by_election")])
        self.single_doc = line(placeholder=_("approval of one candidate for a single vacant seat, if given"))
        self.sitting = line(placeholder=_("sitting members, secretary first, separated by 、"))
        self.direct_doc = line(placeholder=_("document number of the approval"))
        self.shift_doc = line(placeholder=_("document number of the approval"))
        row = QHBoxLayout()
        row.addWidget(self._button(_("Save the kind (&W)"), self.save_kind))
        row.addWidget(self._button(_("Record the sitting committee"), self.save_sitting))
        row2 = QHBoxLayout()
        row2.addWidget(self._button(_("Assembly elects the secretary"), self.save_direct))
        row2.addWidget(self._button(_("Record the date's approval"), self.save_shift))
        box, form = group(_("Kind of election"), [
            (_("Kind:"), self.election_kind), (_("Single seat 等额:"), self.single_doc), (_("Sitting committee:"), self.sitting),
            (_("Secretary by the assembly:"), self.direct_doc), (_("Date moved:"), self.shift_doc)])
        form.addRow(row)
        form.addRow(row2)
        self.kind_box = box
        self.content.addWidget(box)

    def save_kind(self) -> None:
        self.act(self.session.election.set_election_kind, self.election_kind.currentData(),
                 self.single_doc.text().strip() or None)

    def save_sitting(self) -> None:
        """The names typed, the first as secretary, as member ids for the core (it checks them)."""
        e = self.session.election
        names = [n.strip() for n in self.sitting.text().replace(",", "、").replace("，", "、").split("、") if n.strip()]
        ids = {m.name: mid for mid, m in e.members()}
        unknown = [n for n in names if n not in ids]
        if unknown:
            self.show_refused([_("Not on the roll: {names}").format(names="、".join(unknown))])
            return
        rows = [(ids[n], "secretary" if i == 0 else "committee_member") for i, n in enumerate(names)]
        self.act(e.set_sitting_committee, rows)

    def save_direct(self) -> None:
        self.act(self.session.election.set_direct_secretary, self.direct_doc.text().strip())

    def save_shift(self) -> None:
        self.act(self.session.election.record_term_shift, self.shift_doc.text().strip())

    def _posts_box(self) -> None:
        self.posts_table = table([_("Committee"), _("Post"), _("Seats"), _("Competitive (差额)")])
        self.posts_table.setMinimumHeight(150)  # a few posts in view, not one row behind a scroll bar
        self.posts_table.itemSelectionChanged.connect(self._show_selected_post)
        self.office = combo(items(labels.OFFICES))
        self.committee = combo(items(labels.COMMITTEES))
        for choice in (self.office, self.committee):
            choice.currentIndexChanged.connect(lambda _i: self._show_margin_rule())
        self.seats = QSpinBox()
        self.seats.setRange(1, 300)
        self.seats.setValue(5)
        # The margin follows the office (R13.6): a choice only where the rules leave one, else the rule itself.
        self.competitive = QCheckBox(_("competitive (more candidates than seats)"))
        self.competitive.setChecked(True)
        self.margin_rule = QLabel()
        self.margin_rule.setObjectName("pageHelp")
        self.margin_rule.setWordWrap(True)
        self.post_note = QLabel()
        self.post_note.setObjectName("pageHelp")
        self.post_note.setWordWrap(True)
        box, form = group(_("Posts to fill"), [(_("P&ost:"), self.office), (_("&Committee:"), self.committee),
                                               (_("Se&ats:"), self.seats), ("", self.competitive),
                                               (_("Margin:"), self.margin_rule)])
        row = QHBoxLayout()
        row.addWidget(self._button(_("A&dd the post"), self.add_post))
        row.addWidget(self._button(_("Save changes to the selected post"), self.change_post))
        row.addWidget(self._button(_("Delete the selected post"), self.delete_post))
        form.addRow(row)
        form.addRow(self.post_note)
        form.addRow(self.posts_table)
        self.inline.attach(form, {"seats": self.seats, "competitive": self.competitive})
        self.content.addWidget(box)

    def _show_margin_rule(self) -> None:
        """The office's margin rule with its article; the checkbox only where the post takes a recorded choice."""
        rule = self.session.election.margin_rule(self.office.currentData(), self.committee.currentData())
        choice = rule.code == "post_margin_choice"
        self.competitive.setVisible(choice)
        # The usual choice first: a secretary or deputy one candidate per seat (R5.2), a standing committee 1-2 more.
        self.competitive.setChecked(self.office.currentData() not in ("secretary", "deputy_secretary"))
        self.margin_rule.setText(rule.message())
        self.margin_rule.setToolTip(rule.rule)

    def _show_selected_post(self) -> None:
        """The selected post in the form, to correct its seats (or choice) or delete it."""
        post = next((p for p in self.session.election.posts() if p.id == selected_data(self.posts_table)), None)
        if post is None:
            return
        self.office.setCurrentIndex(max(0, self.office.findData(post.office)))
        self.committee.setCurrentIndex(max(0, self.committee.findData(post.committee)))
        self.seats.setValue(post.seats)
        self.competitive.setChecked(post.competitive)

    def load(self) -> None:
        super().load()
        e = self.session.election
        org = e.organization() or {}
        self.org_name.setText(org.get("name") or "")
        self.org_kind.setCurrentIndex(max(0, self.org_kind.findData(org.get("kind"))))
        self.org_level.setText(org.get("level") or "")
        self.higher_org.setText(org.get("higher_org") or "")
        el = e.election_info() or {}
        self.body_box.setCurrentIndex(max(0, self.body_box.findData(el.get("body"))))
        # Every stored field is shown: saving again after one correction must not put back today's date.
        self.term.setValue(el.get("term_years") or e.term_years_due() or self.term.value())  # R1.5 by kind
        set_date(self.meeting_date, el.get("meeting_date"))
        self.place.setText(el.get("place") or "")
        self.term_started.setText(el.get("term_started") or "")
        self.rehearsal.setChecked(bool(el.get("rehearsal")))
        self.request_doc.setText(el.get("request_doc") or "")
        set_date(self.request_date, el.get("request_date"))
        self.reply_doc.setText(el.get("reply_doc") or "")
        set_date(self.reply_date, el.get("reply_date"))
        method = e.scenario()
        self.election_kind.setCurrentIndex(max(0, self.election_kind.findData(method["election_kind"])))
        self.single_doc.setText(method["single_candidate_doc"] or "")
        self.direct_doc.setText(method["direct_secretary_doc"] or "")
        self.shift_doc.setText(method["term_shift_doc"] or "")
        names = {mid: m.name for mid, m in e.members()}
        self.sitting.setText("、".join(names.get(mid, "") for mid, _office in e.sitting_committee()))
        names_of = labels.committees(org.get("kind"))  # 支部委员会 / 总支委员会 / 党委 / 纪委, not 党委 for all
        chosen = self.committee.currentData()
        self.committee.blockSignals(True)
        self.committee.clear()
        for text, key in labels.items(names_of):
            self.committee.addItem(text, key)
        self.committee.setCurrentIndex(max(0, self.committee.findData(chosen)))
        self.committee.blockSignals(False)
        posts, named = e.posts(), {**labels.COMMITTEES, **names_of}
        fill(self.posts_table, [[label(named, p.committee), label(labels.OFFICES, p.office), p.seats,
                                 _("competitive") if p.competitive else _("single-candidate")] for p in posts],
             [p.id for p in posts])
        self._show_margin_rule()

    def save_organization(self) -> None:
        e = self.session.election
        self.act(e.set_organization, self.org_name.text().strip(), self.org_kind.currentData(),
                 self.org_level.text().strip() or None, self.higher_org.text().strip() or None)

    def save_election(self) -> None:
        started = self.term_started.text().strip() or None  # read first: a saved action reloads the page
        self.act(self.session.election.set_election, self.body_box.currentData(), self.term.value(),
                 iso(self.meeting_date), self.place.text().strip() or None, self.rehearsal.isChecked())
        if started != ((self.session.election.election_info() or {}).get("term_started")):
            self.act(self.session.election.set_term_started, started)

    def record_request(self) -> None:
        self.act(self.session.election.record_request, self.request_doc.text().strip(), iso(self.request_date))

    def record_reply(self) -> None:
        self.act(self.session.election.record_reply, "hold_election", self.reply_doc.text().strip(), iso(self.reply_date))

    def _choice(self) -> bool | None:
        """The recorded margin choice, or None where the office fixes it (the core applies the rule)."""
        return self.competitive.isChecked() if self.competitive.isVisibleTo(self) else None

    def add_post(self) -> None:
        self.post_note.clear()
        self.act(self.session.election.add_post, self.office.currentData(), self.seats.value(), self._choice(),
                 self.committee.currentData())

    def change_post(self) -> None:
        post_id = selected_data(self.posts_table)
        self.post_note.clear()
        if post_id is not None:
            self.act(self.session.election.change_post, post_id, self.seats.value(), self._choice())

    def delete_post(self) -> None:
        """Delete the selected post before its vote; its nominations and candidate list go with it (said here)."""
        post = next((p for p in self.session.election.posts() if p.id == selected_data(self.posts_table)), None)
        if post is None:
            return
        held = self.act(self.session.election.delete_post, post.id)
        if held is not None:
            self.post_note.setText(_("Deleted: {post}, with {nominations} nomination(s) and {candidates} name(s) on its "
                                     "candidate list.").format(post=label(labels.OFFICES, post.office), **held))
