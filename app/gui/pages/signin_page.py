"""Meeting sign-in: find a member by characters or pinyin initials, Enter signs in; the live quorum (R3.1)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout

from app.core.i18n import N_, _
from app.core.rules.attendance import check_quorum, has_voting_rights
from app.core.rules.model import MemberStatus
from app.gui.pages.base import ElectionPage

if TYPE_CHECKING:
    from app.core.storage.meeting import Meeting
from app.core.search import matches
from app.gui.widgets.forms import date_edit, group, line, set_date
from app.gui.widgets.quorum_indicator import QuorumIndicator


class SignInPage(ElectionPage):
    """Type a few characters (or pinyin initials) and press Enter to sign the first match in."""

    help_text = N_("Type part of a name or its pinyin initials (e.g. zw for 张伟) and press Enter to sign the member in. "
                   "When several names match, ↑ and ↓ choose among them.")
    kind = "assembly"

    def build(self) -> None:
        self.quorum = QuorumIndicator()
        self.content.addWidget(self.quorum)
        self.held_on, self.place = date_edit(), line()
        # The assembly is held on the date and at the place of the preparation (R4.1): shown, corrected there.
        self.held_on.setEnabled(False)
        self.place.setReadOnly(True)
        self.open_button = QPushButton(_("&Open the meeting"))
        self.open_button.clicked.connect(self.open_meeting)
        self.open_box, _form = group(_("Meeting"), [(_("Date:"), self.held_on), (_("Place:"), self.place),
                                                    ("", self.open_button)])
        self.content.addWidget(self.open_box)
        self.search = line(placeholder=_("name or pinyin initials, then Enter"))
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.sign_in_first)
        self.search.installEventFilter(self)  # ↑/↓ in the search field move the choice among the matches
        self.absent = QListWidget()
        self.absent.itemActivated.connect(lambda item: self.sign_in([item.data(Qt.ItemDataRole.UserRole)]))
        self.present = QListWidget()
        self.present.itemActivated.connect(lambda item: self.sign_out([item.data(Qt.ItemDataRole.UserRole)]))
        self.content.addLayout(self._lists())

    def _lists(self) -> QHBoxLayout:
        search_label = QLabel(_("F&ind:"))
        search_label.setBuddy(self.search)
        left = QVBoxLayout()
        for w in (search_label, self.search, QLabel(_("Not signed in (Enter or double-click signs in):")), self.absent):
            left.addWidget(w)
        out = QPushButton(_("Mark the selected member as &left"))
        out.clicked.connect(self._sign_out_selected)
        right = QVBoxLayout()
        self.present_label = QLabel()
        for widget in (self.present_label, self.present, out):
            right.addWidget(widget)
        row = QHBoxLayout()
        row.addLayout(left, 1)
        row.addLayout(right, 1)
        return row

    def _sign_out_selected(self) -> None:
        item = self.present.currentItem()
        if item is not None:
            self.sign_out([item.data(Qt.ItemDataRole.UserRole)])

    def meeting(self) -> Meeting | None:
        return self.session.election.meeting(self.kind)

    def voters(self) -> list[tuple[int, str, str]]:
        """(id, name, status) of everyone who may sign in at this meeting."""
        return [(mid, m.name, m.standing) for mid, m in self.session.election.members()]

    def load(self) -> None:
        super().load()
        m = self.meeting()
        el = self.session.election.election_info() or {}
        set_date(self.held_on, el.get("meeting_date"))
        self.place.setText(el.get("place") or "")
        self.open_box.setVisible(m is None)
        self.search.setEnabled(m is not None)
        here = self.session.election.present_ids(m.id) if m else set()
        self.absent.clear()
        self.present.clear()
        for mid, name, status in self.voters():
            text = name if has_voting_rights(MemberStatus(status)) else _("{name} (no vote)").format(name=name)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, mid)
            item.setData(Qt.ItemDataRole.UserRole + 1, name)
            (self.present if mid in here else self.absent).addItem(item)
        self.present_label.setText(_("Signed in: {n}").format(n=self.present.count()))
        self._filter(self.search.text())
        if m is not None:
            a = self.session.election.attendance(m.id)
            self.quorum.show_quorum(check_quorum(a.expected, a.present))
        self.search.setFocus()

    def _filter(self, text: str) -> None:
        first: QListWidgetItem | None = None
        for i in range(self.absent.count()):
            item = self.absent.item(i)
            hide = not matches(text, item.data(Qt.ItemDataRole.UserRole + 1))
            item.setHidden(hide)
            if not hide and first is None:
                first = item
        if first is not None:
            self.absent.setCurrentItem(first)
        else:
            self.absent.setCurrentRow(-1)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt virtual
        if obj is self.search and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_choice(-1 if event.key() == Qt.Key.Key_Up else 1)
            return True
        return super().eventFilter(obj, event)

    def move_choice(self, step: int) -> None:
        """Highlight the previous or next matching member (several names can share the typed initials)."""
        shown = [i for i in range(self.absent.count()) if not self.absent.item(i).isHidden()]
        if not shown:
            return
        row = self.absent.currentRow()
        here = shown.index(row) if row in shown else (-1 if step > 0 else len(shown))
        chosen = shown[max(0, min(len(shown) - 1, here + step))]
        self.absent.setCurrentRow(chosen)
        self.absent.scrollToItem(self.absent.item(chosen))

    def sign_in_first(self) -> None:
        """Enter in the search field: sign in the highlighted member (the first match unless ↑/↓ chose another)."""
        item = self.absent.currentItem()
        if item is not None and not item.isHidden() and self.search.text().strip():
            self.sign_in([item.data(Qt.ItemDataRole.UserRole)])
            self.search.clear()

    def sign_in(self, ids: list[int]) -> None:
        m = self.meeting()
        if m is not None:
            self.act(self.session.election.sign_in, m.id, ids)

    def sign_out(self, ids: list[int]) -> None:
        m = self.meeting()
        if m is not None:
            self.act(self.session.election.sign_out, m.id, ids)

    def open_meeting(self) -> None:
        self.act(self.session.election.open_meeting, self.kind)  # the core takes the preparation's date and place
