"""Nomination and vetting: nominations per post with source and count, and the vetting record per nominee."""
from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QPushButton, QSpinBox

from app.core.i18n import N_, _
from app.core.workflow import Vetting
from app.gui import labels
from app.gui.labels import items, label
from app.gui.pages.base import ElectionPage
from app.gui.widgets.forms import InlineErrors, combo, date_edit, fill, group, iso, line, selected_data, set_date, table


def _spin(maximum: int = 100000) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(0, maximum)
    return spin


class NominationPage(ElectionPage):
    """Who was nominated, by whom and how many times (R4.3), and the vetting "hard ruler" (R4.4)."""

    help_text = N_("Record the nominations for each post, then the vetting of every nominee.")

    def build(self) -> None:
        self.inline = InlineErrors()  # a refused count or nominee is shown under its field
        self.post_box = combo([])
        self.post_box.currentIndexChanged.connect(lambda _i: self._show_nominations())
        self.member_box = combo([])
        self.member_box.setEditable(True)
        self.source_box = combo(items(labels.SOURCES))
        self.count = _spin()
        self.count.setValue(1)
        add = QPushButton(_("&Record the nomination"))
        add.clicked.connect(self.nominate)
        box, form = group(_("Nominations"), [(_("P&ost:"), self.post_box), (_("&Member:"), self.member_box),
                                             (_("So&urce:"), self.source_box), (_("&Count:"), self.count)])
        withdraw = QPushButton(_("Withdraw the selected nominee's nominations"))
        withdraw.clicked.connect(self.withdraw)
        form.addRow(add)
        self.inline.attach(form, {"member": self.member_box, "count": self.count})
        self.nominations_table = table([_("Nominee"), _("Source"), _("Count"), _("Vetting"), _("Right to be elected")])
        self.nominations_table.setMinimumHeight(150)  # a few nominees in view at 768 pixels, not one row and a half
        self.nominations_table.itemSelectionChanged.connect(self._show_vetting)
        form.addRow(self.nominations_table)
        form.addRow(withdraw)
        self.content.addWidget(box, 1)
        self._vetting_box()

    def _vetting_box(self) -> None:
        self.files_reviewed = QCheckBox(_("personnel and membership files reviewed"))
        self.talks, self.total, self.good, self.fair, self.poor = (_spin() for _i in range(5))
        self.opinion = line(placeholder=_("e.g. 无违纪违法问题"))
        self.pledge = QCheckBox(_("election-discipline pledge signed"))
        self.conclusion = combo([(_("passed"), "pass"), (_("not passed"), "fail")])
        self.vetted_by = line()
        self.vetted_on = date_edit()
        save = QPushButton(_("Record the v&etting of the selected nominee"))
        save.clicked.connect(self.record_vetting)
        box, form = group(_("Vetting"), [
            ("", self.files_reviewed), (_("&Individual talks:"), self.talks),
            (_("Appraisal: ballots:"), self.total), (_("Appraisal: good:"), self.good),
            (_("Appraisal: fair:"), self.fair), (_("Appraisal: poor:"), self.poor),
            (_("&Discipline inspection opinion:"), self.opinion), ("", self.pledge),
            (_("Conc&lusion:"), self.conclusion), (_("Vetted &by:"), self.vetted_by), (_("Vetted on:"), self.vetted_on)])
        form.addRow(save)
        self.inline.attach(form, {"appraisal_total": self.total})
        self.content.addWidget(box)

    def load(self) -> None:
        super().load()
        e = self.session.election
        current = self.post_box.currentData()
        self.post_box.blockSignals(True)
        self.post_box.clear()
        for p in e.assembly_posts():
            self.post_box.addItem(label(labels.OFFICES, p.office), p.id)
        self.post_box.setCurrentIndex(max(0, self.post_box.findData(current)))
        self.post_box.blockSignals(False)
        self.member_box.clear()
        self.barred = e.ineligible_members()  # only members with the right to be elected are offered (R2.1)
        for mid, m in e.members():
            if mid not in self.barred:
                self.member_box.addItem(m.name, mid)
        self._show_nominations()

    def _show_nominations(self) -> None:
        post_id = self.post_box.currentData()
        rows = self.session.election.nominations(post_id) if post_id is not None else []
        names = {mid: m.name for mid, m in self.session.election.members()}
        # A nominee who lost the right to be elected (status edited on the roll) is flagged here at once.
        barred = getattr(self, "barred", {})
        fill(self.nominations_table, [[names.get(n["member_id"]), label(labels.SOURCES, n["source"]), n["count"],
                                       self._vetting_text(n["member_id"]),
                                       barred[n["member_id"]].message() if n["member_id"] in barred else _("yes")]
                                      for n in rows], [n["member_id"] for n in rows])

    def _vetting_text(self, member_id: int) -> str:
        v = self.session.election.vetting(member_id)
        if v is None:
            return _("not vetted")
        return _("passed") if v.conclusion == "pass" else _("not passed")

    def _show_vetting(self) -> None:
        """The selected nominee's recorded vetting in the form, to correct it; an unvetted one keeps the form as typed."""
        mid = selected_data(self.nominations_table)
        v = self.session.election.vetting(mid) if mid is not None else None
        if v is None:
            return
        self.files_reviewed.setChecked(v.files_reviewed)
        for spin, value in ((self.talks, v.talks), (self.total, v.appraisal_total), (self.good, v.appraisal_good),
                            (self.fair, v.appraisal_fair), (self.poor, v.appraisal_poor)):
            spin.setValue(value)
        self.opinion.setText(v.discipline_opinion)
        self.pledge.setChecked(v.pledge_signed)
        self.conclusion.setCurrentIndex(max(0, self.conclusion.findData(v.conclusion)))
        self.vetted_by.setText(v.vetted_by)
        set_date(self.vetted_on, v.vetted_on)

    def nominate(self) -> None:
        post_id, mid = self.post_box.currentData(), self.member_box.currentData()
        typed = self.member_box.currentText().strip()
        if typed and typed != self.member_box.itemText(self.member_box.currentIndex()):
            # A name typed rather than chosen (the box keeps its last choice): the core says who it is, or why not.
            mid = self.act(self.session.election.member_id, typed, quiet=True)
        if post_id is not None and mid is not None:
            self.act(self.session.election.nominate, post_id, mid, self.source_box.currentData(), self.count.value())

    def withdraw(self) -> None:
        post_id, mid = self.post_box.currentData(), selected_data(self.nominations_table)
        if post_id is not None and mid is not None:
            self.act(self.session.election.withdraw_nomination, post_id, mid)

    def record_vetting(self) -> None:
        mid = selected_data(self.nominations_table)
        if mid is None:
            return
        v = Vetting(self.files_reviewed.isChecked(), self.talks.value(), self.total.value(), self.good.value(),
                    self.fair.value(), self.poor.value(), self.opinion.text().strip(), self.pledge.isChecked(),
                    self.conclusion.currentData(), self.vetted_by.text().strip(), iso(self.vetted_on))
        self.act(self.session.election.record_vetting, mid, v)
