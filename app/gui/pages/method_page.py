"""Election method and scrutineers: the method adopted by the meeting, scrutineers and tellers approved (R4.7)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QSpinBox

from app.core.i18n import N_, _
from app.gui import labels
from app.gui.labels import items, label
from app.gui.pages.base import ElectionPage

if TYPE_CHECKING:
    from app.core.storage.meeting import Meeting
from app.gui.prompts import Prompts
from app.gui.session import post_title
from app.gui.widgets.forms import InlineErrors, combo, fill, group, selected_data, table


class MethodPage(ElectionPage):
    """The meeting adopts the method by more than half of those present; scrutineers are not candidates."""

    help_text = N_("Record the election method as the meeting adopted it, then the scrutineers and tellers it approved. A candidate cannot be a scrutineer or teller.")
    kind = "assembly"

    def build(self) -> None:
        self.prompts = Prompts(self)  # the PIN dialog; tests replace it with canned answers
        self.method_text = QPlainTextEdit()
        self.method_text.setPlaceholderText(_("title of the adopted election method, e.g. 《……换届选举办法》"))
        self.method_text.setMaximumHeight(90)
        self.votes_for = QSpinBox()
        self.votes_for.setRange(0, 100000)
        self.write_in_mark = QCheckBox(_("a written-in name counts only with the yes mark"))
        self.write_in_mark.setChecked(True)
        adopt = QPushButton(_("Record the &adoption"))
        adopt.clicked.connect(self.adopt)
        box, form = group(_("Election method"), [(_("&Method:"), self.method_text), (_("&Yes votes:"), self.votes_for),
                                                 ("", self.write_in_mark)])
        form.addRow(adopt)
        self.inline = InlineErrors()  # yes votes over those present are shown under the field
        self.inline.attach(form, {"votes_for": self.votes_for})
        if self.kind == "assembly":
            self._settings_box()  # above the method: set before the meeting adopts it (R4.7)
        self.content.addWidget(box)
        self.member_box = combo([])
        self.member_box.setEditable(True)
        self.role_box = combo(items(labels.ROLES))
        self.people_table = table([_("Name"), _("Role")])
        self.people: list[tuple[int, str]] = []
        add = QPushButton(_("A&dd to the list"))
        add.clicked.connect(self.add_person)
        remove = QPushButton(_("&Remove from the list"))
        remove.clicked.connect(self.remove_person)
        appoint = QPushButton(_("Record the &list as approved by the meeting"))
        appoint.clicked.connect(self.appoint)
        box, form = group(_("Scrutineers and tellers"), [(_("M&ember:"), self.member_box), (_("R&ole:"), self.role_box)])
        form.addRow(add)
        form.addRow(self.people_table)
        form.addRow(remove)
        form.addRow(appoint)
        self.content.addWidget(box, 1)
        self._pin_box()

    def _settings_box(self) -> None:
        """What the method fixes (R13.1, R13.8): the re-vote rule, a preliminary election and its bar's base."""
        self.revote_rule = combo([(_("re-vote winner needs more than half again"), "threshold"),
                                  (_("re-vote: more votes is elected"), "more_votes")])
        self.prelim_base = combo([(_("more than half of those present"), "present"),
                                  (_("more than half of those expected"), "expected")])
        save = QPushButton(_("Save the settin&gs"))
        save.clicked.connect(self.save_settings)
        self.prelim_post = combo([])
        self.advance = QSpinBox()
        self.advance.setRange(0, 1000)
        self.advance.setSpecialValueText(_("no preliminary"))
        prelim = QPushButton(_("Set the prel&iminary"))
        prelim.clicked.connect(self.save_preliminary)
        row = QHBoxLayout()
        row.addWidget(self.prelim_post, 1)
        row.addWidget(self.advance)
        row.addWidget(prelim)
        box, form = group(_("Method settings"), [(_("Tie re-vote:"), self.revote_rule),
                                                 (_("Preliminary bar:"), self.prelim_base)])
        form.addRow(save)
        form.addRow(_("Preliminary, names advancing:"), row)
        self.settings_note = QLabel()  # why the settings are fixed once the meeting adopted the method (R4.7)
        self.settings_note.setObjectName("pageHelp")
        self.settings_note.setWordWrap(True)
        form.addRow(self.settings_note)
        self.settings_widgets = (self.revote_rule, self.prelim_base, save, self.prelim_post, self.advance, prelim)
        self.content.addWidget(box)

    def _load_settings(self) -> None:
        e = self.session.election
        method = e.scenario()
        self.revote_rule.setCurrentIndex(max(0, self.revote_rule.findData(method["revote_rule"])))
        self.prelim_base.setCurrentIndex(max(0, self.prelim_base.findData(method["preliminary_base"])))
        current = self.prelim_post.currentData()
        self.prelim_post.clear()
        for post in e.assembly_posts():
            self.prelim_post.addItem(post_title(post.committee, post.office), post.id)
        self.prelim_post.setCurrentIndex(max(0, self.prelim_post.findData(current)))
        post = self.prelim_post.currentData()
        self.advance.setValue((e.post_method(post)["advance"] or 0) if post is not None else 0)
        adopted = e.method_adopted()
        for widget in self.settings_widgets:
            widget.setEnabled(not adopted)
        self.settings_note.setText(_("The meeting adopted the method with these settings: they are fixed, so the "
                                     "printed method is the one voted on.") if adopted else
                                   _("Set these before the meeting adopts the method: they are printed in it."))

    def save_settings(self) -> None:
        self.act(self.session.election.set_method_settings, self.revote_rule.currentData(), self.prelim_base.currentData())

    def save_preliminary(self) -> None:
        post = self.prelim_post.currentData()
        if post is not None:
            self.act(self.session.election.set_preliminary, post, self.advance.value() or None)

    def _pin_box(self) -> None:
        """The chief scrutineer's PIN, asked again to mark the results official and to sign the result package."""
        self.pin_button = QPushButton(_("Set the chief scrutineer's &PIN…"))
        self.pin_button.clicked.connect(self.set_pin)
        self.pin_status = QLabel()
        self.pin_status.setObjectName("pageHelp")
        self.pin_status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.pin_button)
        row.addWidget(self.pin_status, 1)
        box, form = group(_("Chief scrutineer's PIN"), [])
        form.addRow(row)
        self.content.addWidget(box)

    def meeting(self) -> Meeting | None:
        return self.session.election.meeting(self.kind)

    def load(self) -> None:
        super().load()
        e, m = self.session.election, self.meeting()
        self.names = {mid: rec.name for mid, rec in e.members()}
        self.member_box.clear()
        # Only those the core suggests: members of the meeting who stand for no post (R4.7).
        for mid in e.suggest_scrutineers(m.id) if m else []:
            self.member_box.addItem(self.names[mid], mid)
        if m is not None:
            if m.method_text:
                self.method_text.setPlainText(m.method_text)
                self.votes_for.setValue(m.method_votes_for or 0)
                self.write_in_mark.setChecked(m.write_in_needs_mark)  # else adopting again would reset it
            stored = e.scrutineers(m.id)
            if stored:
                self.people = [(mid, role) for mid, role, _ok in stored]
            self.approved = all(ok for _mid, _role, ok in stored)
        self._show_people()
        self._show_pin()
        if self.kind == "assembly":
            self._load_settings()

    def _show_pin(self) -> None:
        e = self.session.election
        chief = e.chief_scrutineer()
        self.pin_button.setEnabled(chief is not None)
        if e.chief_pin_is_set():
            text = _("A PIN is set. Marking the results official and signing the result package ask for it. The "
                     "PIN itself is never stored: nobody can read it back from the election file.")
        elif chief is None:
            text = _("Once the meeting has approved a chief scrutineer, the chief scrutineer sets a PIN here.")
        else:
            text = _("No PIN set yet. {name} chooses one; marking the results official and signing the result "
                     "package will then ask for it.").format(name=chief)
        self.pin_status.setText(text)

    def _show_people(self) -> None:
        pending = "" if getattr(self, "approved", True) else _(" (approval pending)")
        fill(self.people_table, [[self.names.get(mid), label(labels.ROLES, role) + pending] for mid, role in self.people],
             list(range(len(self.people))))

    def add_person(self) -> None:
        mid, typed = self.member_box.currentData(), self.member_box.currentText().strip()
        if typed and typed != self.member_box.itemText(self.member_box.currentIndex()):
            mid = self.act(self.session.election.member_id, typed, quiet=True)  # typed, not chosen: checked below
        if mid is not None and mid not in [p for p, _r in self.people]:
            self._store_pending([*self.people, (mid, self.role_box.currentData())])

    def remove_person(self) -> None:
        index = selected_data(self.people_table)
        if index is not None:
            self._store_pending([p for i, p in enumerate(self.people) if i != index])

    def _store_pending(self, people: list[tuple[int, str]]) -> None:
        """The list as entered is stored at once, its approval pending: closing the app must not lose it."""
        m = self.meeting()
        if m is None:
            return
        if self.act(self.session.election.appoint_scrutineers, m.id, people, False) is not None:
            self.people = people
            self.load()

    def adopt(self) -> None:
        m = self.meeting()
        if m is not None:
            self.act(self.session.election.adopt_method, m.id, self.method_text.toPlainText().strip(),
                     self.votes_for.value(), self.write_in_mark.isChecked())

    def appoint(self) -> None:
        m = self.meeting()
        if m is not None:
            self.act(self.session.election.appoint_scrutineers, m.id, list(self.people), True)

    def set_pin(self) -> None:
        """The chief scrutineer types a new PIN twice; the core checks and records it (never the PIN itself)."""
        e = self.session.election
        chief = e.chief_scrutineer()
        if chief is None:
            self.act(e.set_chief_pin, "")  # the core says why: no chief scrutineer approved yet
            return
        pin = self.prompts.new_pin(chief, e.chief_pin_is_set())
        if pin is not None:
            self.act(e.set_chief_pin, pin)
