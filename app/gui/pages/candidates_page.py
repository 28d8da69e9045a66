"""The candidate list: choose from the vetted nominees with a live margin check, stroke order, the approval."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QPushButton

from app.core.errors import UnknownCharacterError
from app.core.citations import cite
from app.core.i18n import N_, _
from app.core.messages import message
from app.core.rules.margin import check_list, min_candidates
from app.core.rules.strokes import sort_names
from app.gui import labels
from app.gui.labels import label
from app.gui.pages.base import ElectionPage
from app.gui.widgets.forms import InlineErrors, combo, date_edit, group, iso, line, set_state


class CandidatesPage(ElectionPage):
    """Tick the candidates; the core checks the margin (R5.1) and prints them in stroke order (R6.1)."""

    help_text = N_("Tick the candidates of each post. The list is printed in surname stroke order; it needs the 20 % margin and the higher level's approval.")

    def build(self) -> None:
        self.inline = InlineErrors()  # a refused approval date is shown under its field
        self.post_box = combo([])
        self.post_box.currentIndexChanged.connect(lambda _i: self._show_post())
        self.choices = QListWidget()
        self.choices.itemChanged.connect(lambda _item: self._live_check())
        self.margin_label = QLabel()
        self.margin_label.setObjectName("verdict")
        self.margin_label.setWordWrap(True)
        self.order_label = QLabel()
        self.order_label.setWordWrap(True)
        save = QPushButton(_("Set the &candidate list"))
        save.clicked.connect(self.set_candidates)
        box, form = group(_("Candidate list"), [(_("P&ost:"), self.post_box)])
        form.addRow(self.choices)
        form.addRow(self.margin_label)
        form.addRow(_("Ballot order:"), self.order_label)
        form.addRow(save)
        self.content.addWidget(box, 1)
        self.doc, self.dated, self.notice_from, self.notice_to = line(placeholder=_("document number")), date_edit(), date_edit(), date_edit()
        self.approval_label = QLabel()
        approve = QPushButton(_("Record the higher level's &approval"))
        approve.clicked.connect(self.approve)
        box, form = group(_("Approval and public notice"), [
            (_("Approval document no.:"), self.doc), (_("Approval date:"), self.dated),
            (_("Notice from:"), self.notice_from), (_("Notice until:"), self.notice_to)])
        form.addRow(self.approval_label)
        form.addRow(approve)
        self.inline.attach(form, {"dated": self.dated, "notice_to": self.notice_to})
        self.content.addWidget(box)

    def load(self) -> None:
        super().load()
        current = self.post_box.currentData()
        self.posts = {p.id: p for p in self.session.election.assembly_posts()}
        self.post_box.blockSignals(True)
        self.post_box.clear()
        for p in self.posts.values():
            self.post_box.addItem(label(labels.OFFICES, p.office), p.id)
        self.post_box.setCurrentIndex(max(0, self.post_box.findData(current)))
        self.post_box.blockSignals(False)
        self._show_post()

    def _show_post(self) -> None:
        e, post_id = self.session.election, self.post_box.currentData()
        self.choices.blockSignals(True)
        self.choices.clear()
        if post_id is not None:
            chosen = {mid for mid, _n in e.candidates(post_id)}
            names = {mid: m.name for mid, m in e.members()}
            barred = e.ineligible_members()
            for mid in dict.fromkeys(n["member_id"] for n in e.nominations(post_id)):
                item = QListWidgetItem(names[mid])
                item.setData(Qt.ItemDataRole.UserRole, mid)
                item.setData(Qt.ItemDataRole.UserRole + 1, names[mid])
                if mid in barred:  # lost the right to be elected since nominated (R2.1): flagged, not offered
                    item.setText(f"{names[mid]} — {barred[mid].message()}")
                    item.setForeground(Qt.GlobalColor.darkRed)
                    if mid not in chosen:
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if mid in chosen else Qt.CheckState.Unchecked)
                self.choices.addItem(item)
            found = e.approval(post_id)
            self.approval_label.setText(_("Approved: {doc} of {date}").format(doc=found["approval_doc"], date=found["approval_date"])
                                        if found else _("Not approved yet"))
        self.choices.blockSignals(False)
        self._live_check()

    def _ticked(self) -> list[tuple[int, str]]:
        return [(self.choices.item(i).data(Qt.ItemDataRole.UserRole), self.choices.item(i).data(Qt.ItemDataRole.UserRole + 1))
                for i in range(self.choices.count()) if self.choices.item(i).checkState() == Qt.CheckState.Checked]

    def _live_check(self) -> None:
        post = self.posts.get(self.post_box.currentData()) if hasattr(self, "posts") else None
        if post is None:
            return
        ticked = self._ticked()
        why = check_list(post.seats, len(ticked), post.competitive)  # the margin (R5.1), or one per seat (R5.2)
        if why is None:
            text = cite(_("{candidates} candidates for {seats} seats: the margin is met").format(
                candidates=len(ticked), seats=post.seats), "R5.1")
        else:
            text = message(why.code, candidates=len(ticked), seats=post.seats,
                           min_candidates=min_candidates(post.seats, post.competitive))
        self.margin_label.setText(text)
        set_state(self.margin_label, "state", "valid" if why is None else "invalid")
        try:
            self.order_label.setText("　".join(sort_names(n for _m, n in ticked)))
        except UnknownCharacterError as exc:
            self.order_label.setText(message(exc.code, **exc.params))

    def set_candidates(self) -> None:
        post_id = self.post_box.currentData()
        if post_id is not None:
            self.act(self.session.election.set_candidates, post_id, [mid for mid, _n in self._ticked()])

    def approve(self) -> None:
        post_id = self.post_box.currentData()
        if post_id is not None:
            self.act(self.session.election.approve_candidates, post_id, self.doc.text().strip(), iso(self.dated),
                     iso(self.notice_from), iso(self.notice_to))
