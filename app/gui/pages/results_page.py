"""Results and further rounds: each closed round's result, and what the core says comes next (R9.3, R9.4, R8.2)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from app.core.citations import cite
from app.core.i18n import N_, _
from app.gui import labels
from app.gui.labels import label
from app.gui.pages.base import ElectionPage
from app.gui.readers import round_views
from app.gui.session import post_title
from app.gui.widgets.flow import flow_row
from app.gui.widgets.forms import combo, date_edit, fill, group, iso, table

if TYPE_CHECKING:
    from app.core.storage.setup import Post
    from app.core.workflow.types import NextRound


def summary_text(doc: dict) -> str:
    """The facts of a result document: ballots, validity, threshold, elected, tie, unfilled seats."""
    b, t = doc["ballots"], doc["threshold"]
    if doc.get("advancing") is None:
        bar = cite(_("Elected only with at least {min_yes} yes votes, more than half of the {base} present.").format(**t),
                   "R9.1")
    else:  # a preliminary: its bar's base is the one the method recorded (R13.1)
        bar = cite(_("Advances only with at least {min_yes} yes votes, more than half of {base}.").format(**t), "R13.1")
    lines = [_("Ballots issued {issued}, returned {returned}: valid {valid}, invalid {invalid}.").format(**{
        k: b[k] for k in ("issued", "returned", "valid", "invalid")}), bar]
    if not doc["vote"]["valid"]:
        lines.append(cite(_("The vote is invalid and must be held again."), "R8.1"))
    if doc["elected"]:
        lines.append(_("Elected: {names}").format(names="、".join(doc["elected"])))
    if doc["tie_revote"]:
        lines.append(cite(_("Tied for the last {seats} seat(s): {names}").format(
            seats=doc["tie_revote"]["seats"], names="、".join(doc["tie_revote"]["among"])), "R9.3"))
    if doc["unfilled_seats"]:
        lines.append(cite(_("Seats not filled: {n}").format(n=doc["unfilled_seats"]), "R9.4"))
    return "\n".join(lines)


def result_word(doc: dict, person: dict) -> str:
    """A person's result as the round decided it: a preliminary elects nobody, names advance or are tied at the
    cut (R13.1, R9.3)."""
    advancing = doc.get("advancing")
    if advancing is None:
        return label(labels.RESULT_STATUSES, person["status"])
    if person["name"] in advancing:
        return _("Advances to the formal election")
    if person["name"] in (doc.get("tie_revote") or {}).get("among", ()):
        return _("Tied at the cut: voted on again")
    return _("Does not advance to the formal election")


class ResultsPage(ElectionPage):
    """Shows results as the core decided them and offers only the further rounds the core says are due."""

    help_text = N_("The result of every closed round. When a seat is tied or unfilled, start the round the regulations call for.")
    plenary = False

    def build(self) -> None:
        self.round_box = combo([])
        self.round_box.currentIndexChanged.connect(lambda _i: self._show_round())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.results_table = table([_("Name"), _("Yes"), _("No"), _("Abstain"), _("Void mark"), _("Result")])
        box, form = group(_("Results"), [(_("&Round:"), self.round_box)])
        form.addRow(self.summary)
        form.addRow(self.results_table)
        self.content.addWidget(box, 1)
        self.next_box = QWidget()
        self.next_layout = QVBoxLayout(self.next_box)
        box, form = group(_("Further rounds"), [])
        form.addRow(self.next_box)
        self.content.addWidget(box)

    def load(self) -> None:
        super().load()
        current, shown = self.round_box.currentData(), self.round_box.count()
        self.round_box.blockSignals(True)
        self.round_box.clear()
        for v in round_views(self.session.election, self.plenary):
            if v.closed:
                self.round_box.addItem(v.title, v.id)
        # Stay on the round looked at, unless another has closed since: its result is the news.
        index = self.round_box.findData(current) if self.round_box.count() == shown else -1
        self.round_box.setCurrentIndex(index if index >= 0 else self.round_box.count() - 1)
        self.round_box.blockSignals(False)
        self._show_round()
        self._show_next_rounds()

    def _show_round(self) -> None:
        rid = self.round_box.currentData()
        doc = self.session.election.round_result(rid) if rid is not None else None
        if doc is None:
            self.summary.setText(_("No round has been closed yet."))
            fill(self.results_table, [])
            return
        self.summary.setText(summary_text(doc))
        fill(self.results_table, [[p["name"] + (_(" (written in)") if p["write_in"] else ""), p["yes"], p["no"],
                                   p["abstain"], p["void"], result_word(doc, p)] for p in doc["results"]])

    def _show_next_rounds(self) -> None:
        while self.next_layout.count():
            item = self.next_layout.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:  # hidden at once: deleteLater waits for the event loop, and two loads showed both
                old.hide()
                old.deleteLater()
        e = self.session.election
        due = [(p, n) for p in e.assembly_posts() for n in e.next_rounds(p.id)]
        if not due:
            self.next_layout.addWidget(QLabel(_("No further round is due.")))
        said = None
        for post, n in due:  # one reason, then each way forward it allows (an additional round, fewer seats)
            reason = f"{post_title(post.committee, post.office)}: {n.reason.message()}"
            self.next_layout.addWidget(self._next_round_row(post, n, reason if reason != said else ""))
            said = reason

    def _next_round_row(self, post: Post, n: NextRound, reason: str | None = None) -> QWidget:
        """The reason on its own wrapped line (None: the round's own; "": said above), the action below it: side by
        side they ran off a 1024 screen."""
        if reason is None:
            reason = f"{post_title(post.committee, post.office)}: {n.reason.message()}"
        row = QWidget()
        box = QVBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        if reason:
            label = QLabel(reason)
            label.setWordWrap(True)
            box.addWidget(label)
        if n.kind == "reduce_seats":
            box.addWidget(self._reduce_form(post, n))
            return row
        texts = {"tie_revote": _("Open the r&e-vote among {names}"), "additional": _("Open an &additional round for {seats} seat(s)"),
                 "preliminary": _("Open the r&e-vote at the advancing cut among {names}"),
                 "formal": _("&Open the formal election on {names}")}
        text = texts.get(n.kind, _("Hold the vote a&gain")).format(names="、".join(n.candidates), seats=n.seats)
        button = QPushButton(text)
        button.setObjectName(f"next_{n.kind}")  # found by kind, in any language
        button.clicked.connect(lambda _c=False, k=n.kind, p=post.id: self.act(self.session.election.open_round, p, k))
        box.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        return row

    def _reduce_form(self, post: Post, n: NextRound) -> QWidget:
        seats, consent, dated = QSpinBox(), QSpinBox(), date_edit()
        seats.setRange(0, 300)
        seats.setValue(n.seats)
        consent.setRange(0, 100000)
        button = QPushButton(_("Reduce the seats (electors' consent)"))
        button.clicked.connect(lambda: self.act(self.session.election.reduce_seats, post.id, seats.value(),
                                                consent.value(), iso(dated)))
        fields = []
        for text, w in ((_("seats:"), seats), (_("agreed:"), consent), (_("on:"), dated)):
            fields.append(_pair(QLabel(text), w))
        return flow_row(*fields, button)  # wraps rather than push the page sideways


def _pair(label: QLabel, field: QWidget) -> QWidget:
    """A label and its field kept together on one line of a flow row."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    label.setBuddy(field)
    row.addWidget(label)
    row.addWidget(field)
    return holder
