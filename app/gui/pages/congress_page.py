"""The delegate congress dialog: electoral units and their packages, the roll and its review, the preparatory meeting, papers."""
from __future__ import annotations


from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
    QSpinBox, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from app.core.i18n import N_, _
from app.core.signing.safewrite import write_file_safely
from app.core.workflow import Election
from app.gui.pages.congress_status import StatusLine
from app.gui.prompts import Prompts
from app.gui.session import post_title
from app.gui.widgets.ballot_entry import split_write_ins
from app.gui.widgets.forms import date_edit, iso, set_date

PACKAGE_FILTER = N_("Result packages (*.vdpkg)")
CERT_FILTER = N_("Certificates (*.pem)")


def _names(text: str) -> list[str]:
    return [w.name for w in split_write_ins(text, True)]


class CongressDialog(QDialog, StatusLine):
    """Units' signed packages into the roll of delegates, their review, the preparatory meeting (R13.9)."""

    def __init__(self, parent: QWidget | None, election: Election, prompts: Prompts | None = None) -> None:
        super().__init__(parent)
        self.e = election
        self.prompts = prompts or Prompts(self)
        self.trust: bytes | None = None
        self.setWindowTitle(_("Delegate congress"))
        self.org = QLabel()
        self.org.setWordWrap(True)
        tabs = QTabWidget()
        tabs.addTab(self._units_tab(), _("&Electoral units"))
        tabs.addTab(self._review_tab(), _("&Qualification review"))
        tabs.addTab(self._prep_tab(), _("&Preparatory meeting"))
        tabs.addTab(self._presidium_tab(), _("Presidium's &decisions"))
        tabs.currentChanged.connect(lambda _i: self._fill_posts())  # posts set up since the dialog opened
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("verdict")
        box = QVBoxLayout(self)
        box.addWidget(self.org)
        box.addWidget(tabs, 1)
        box.addWidget(self.status)
        self.resize(900, 640)
        self.refresh()

    # ---- units ---------------------------------------------------------------------------------------------
    def _units_tab(self) -> QWidget:
        self.units = QTableWidget(0, 3)
        self.units.setHorizontalHeaderLabels([_("Electoral unit"), _("Seats"), _("Reported")])
        self.units.horizontalHeader().setStretchLastSection(True)
        add = QPushButton(_("&Add a unit"))
        add.clicked.connect(lambda: self._add_unit("", 1))
        save = QPushButton(_("&Save the units"))
        save.clicked.connect(lambda: self._guarded(self.save_units))
        imp = QPushButton(_("&Import units' packages…"))
        imp.clicked.connect(lambda: self._guarded(self.import_packages))
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        tab = QWidget()
        box = QVBoxLayout(tab)
        box.addWidget(QLabel(_("Each electoral unit elects its delegates at its own meeting and sends its signed result "
                               "package up. Its delegates come onto the roll from the package: nothing is typed again.")))
        box.addWidget(self.units, 1)
        row = QHBoxLayout()
        for w in (add, save, imp):
            row.addWidget(w)
        row.addStretch(1)
        box.addLayout(row)
        box.addWidget(self.missing)
        return tab

    def _add_unit(self, name: str, seats: int, reported: bool = False) -> None:
        i = self.units.rowCount()
        self.units.insertRow(i)
        self.units.setItem(i, 0, QTableWidgetItem(name))
        spin = QSpinBox()
        spin.setRange(1, 300)
        spin.setValue(seats)
        self.units.setCellWidget(i, 1, spin)
        item = QTableWidgetItem(_("reported") if reported else _("not reported"))
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.units.setItem(i, 2, item)

    def save_units(self) -> None:
        rows = []
        for i in range(self.units.rowCount()):
            spin, name = self.units.cellWidget(i, 1), self.units.item(i, 0)
            rows.append((name.text() if name else "", spin.value() if isinstance(spin, QSpinBox) else 0))
        self._say(self.e.set_units(rows), _("The electoral units are saved."))
        self.refresh()

    def import_packages(self, paths: list[str] | None = None, trust: bytes | None = None) -> None:
        if trust is not None:
            self.trust = trust
        if self.trust is None:
            cert = self.prompts.open_path(_("The certificate the units' keys were issued by"), _(CERT_FILTER))
            if not cert:
                return
            with open(cert, "rb") as fh:
                self.trust = fh.read()
        paths = paths if paths is not None else self.prompts.open_paths(_("Import units' packages"), _(PACKAGE_FILTER))
        lines = []
        for path in paths:
            with open(path, "rb") as fh:
                result = self.e.import_unit_report(fh.read(), self.trust)
            lines += [_("{unit}: its delegates are on the roll").format(unit=result.value)] if result.ok else \
                [r.message() for r in result.reasons]
        self.status.setText("\n".join(lines))
        self.refresh()

    # ---- review --------------------------------------------------------------------------------------------
    def _review_tab(self) -> QWidget:
        self.roll = QTableWidget(0, 5)
        self.roll.setHorizontalHeaderLabels([_("Electoral unit"), _("Name"), _("Votes"), _("Qualified"), _("Note")])
        self.roll.horizontalHeader().setStretchLastSection(True)
        self.reviewed_on = date_edit()
        self.roll.itemChanged.connect(self._qualified_label)
        save = QPushButton(_("&Record the review"))
        save.clicked.connect(lambda: self._guarded(self.save_review))
        tab = QWidget()
        box = QVBoxLayout(tab)
        box.addWidget(self.roll, 1)
        row = QHBoxLayout()
        label = QLabel(_("Reviewed &on:"))
        label.setBuddy(self.reviewed_on)
        for w in (label, self.reviewed_on, save):
            row.addWidget(w)
        row.addStretch(1)
        box.addLayout(row)
        return tab

    def save_review(self) -> None:
        on = iso(self.reviewed_on)
        for i in range(self.roll.rowCount()):
            name, check, note = self.roll.item(i, 1), self.roll.item(i, 3), self.roll.item(i, 4)
            if name is None or check is None:
                continue
            ok = check.checkState() == Qt.CheckState.Checked
            result = self.e.review_delegate(name.text(), ok, note.text() if note else None, on)
            if not self._say(result, _("The review is recorded.")):
                break
        self.refresh()

    # ---- preparatory meeting ---------------------------------------------------------------------------------
    def _prep_tab(self) -> QWidget:
        self.prep_on = date_edit()
        self.present = QSpinBox()
        self.present.setRange(0, 300)
        self.agenda = QPlainTextEdit()
        self.agenda.setPlaceholderText(_("one item a line"))
        self.presidium = QLineEdit()
        self.presidium.setPlaceholderText(_("names separated by 、"))
        self.secretary_general = QLineEdit()
        self.votes = {k: QSpinBox() for k in ("review", "agenda", "presidium")}
        for s in self.votes.values():
            s.setRange(0, 300)
        self.hold_button = hold = QPushButton(_("Record the preparatory &meeting"))
        hold.clicked.connect(lambda: self._guarded(self.hold))
        papers = QPushButton(_("Save the congress &documents…"))
        papers.clicked.connect(lambda: self._guarded(self.save_papers))
        tab = QWidget()
        form = QFormLayout(tab)
        form.addRow(_("Held on:"), self.prep_on)
        form.addRow(_("Delegates present:"), self.present)
        form.addRow(_("Review report adopted by (votes):"), self.votes["review"])
        form.addRow(_("Agenda:"), self.agenda)
        form.addRow(_("Agenda adopted by (votes):"), self.votes["agenda"])
        form.addRow(_("Presidium:"), self.presidium)
        form.addRow(_("Secretary-general:"), self.secretary_general)
        form.addRow(_("Presidium elected by (votes):"), self.votes["presidium"])
        row = QHBoxLayout()
        row.addWidget(hold)
        row.addWidget(papers)
        row.addStretch(1)
        form.addRow(row)
        return tab

    def hold(self) -> None:
        corrected = self.e.congress_preparatory() is not None
        result = self.e.hold_preparatory(
            iso(self.prep_on), self.present.value(), self.agenda.toPlainText().splitlines(),
            self.votes["agenda"].value(), _names(self.presidium.text()), self.votes["presidium"].value(),
            self.secretary_general.text().strip(), self.votes["review"].value())
        self._say(result, _("The correction of the preparatory meeting is recorded.") if corrected and result.ok
                  else _("The preparatory meeting is recorded."))
        if result.ok:  # a refused correction keeps what was typed
            self.refresh()

    def _show_preparatory(self) -> None:
        """A recorded preparatory meeting fills the form, so a mistake is corrected by recording it again."""
        prep = self.e.congress_preparatory()
        self.hold_button.setText(_("Correct the preparatory &meeting") if prep else _("Record the preparatory &meeting"))
        if prep is None:
            return
        set_date(self.prep_on, prep["held_on"])
        self.present.setValue(prep["present"])
        self.agenda.setPlainText("\n".join(prep["agenda"]))
        self.presidium.setText("、".join(prep["presidium"]))
        self.secretary_general.setText(prep["secretary_general"])
        for key, field in (("review", "review_report_votes"), ("agenda", "agenda_votes"),
                           ("presidium", "presidium_votes")):
            self.votes[key].setValue(prep[field])

    def _organization(self) -> str:
        org = self.e.organization()
        return (org or {}).get("name") or ""

    def save_papers(self) -> None:
        if not self._organization():
            self.status.setText(_("The papers are headed with the Party committee's name, which is not entered yet. "
                                  "Enter it under Organization on the Preparation step, then save the papers."))
            return
        folder = self.prompts.open_folder(_("Save the congress papers in"))
        if folder:
            for name, data in self.e.congress_papers().items():
                write_file_safely(f"{folder}/{name}", data)
            self.status.setText(_("The congress papers were saved in {folder}.").format(folder=folder))

    # ---- presidium ------------------------------------------------------------------------------------------
    def _presidium_tab(self) -> QWidget:
        self.post = QComboBox()
        self.seats, self.decision_votes = QSpinBox(), QSpinBox()
        self.seats.setRange(0, 99)
        self.decision_votes.setRange(0, 99)
        self.decided_on = date_edit()
        reduce = QPushButton(_("Record the &reduction of seats"))
        reduce.clicked.connect(lambda: self._guarded(self.reduce))
        self.decisions = QLabel()
        self.decisions.setWordWrap(True)
        tab = QWidget()
        form = QFormLayout(tab)
        form.addRow(QLabel(_("When fewer are elected than seats, the congress's presidium may decide to reduce the "
                             "seats instead of holding another round.")))
        form.addRow(_("Post:"), self.post)
        form.addRow(_("Seats after the reduction:"), self.seats)
        form.addRow(_("Presidium members for it:"), self.decision_votes)
        form.addRow(_("Decided on:"), self.decided_on)
        form.addRow(reduce)
        form.addRow(self.decisions)
        return tab

    def _fill_posts(self) -> None:
        """The posts as set up now (the setup page may add them while the dialog is open); the choice is kept."""
        chosen = self.post.currentData()
        self.post.clear()
        for p in self.e.assembly_posts():
            self.post.addItem(post_title(p.committee, p.office), p.id)
        if chosen is not None and (i := self.post.findData(chosen)) >= 0:
            self.post.setCurrentIndex(i)

    def reduce(self) -> None:
        if self.post.count() == 0:
            self._fill_posts()  # posts may have been set up while this tab was showing
        if self.post.currentData() is None:
            self.status.setText(_("Choose the post whose seats the presidium reduced. If the list is empty, no post "
                                  "is set up yet: add the posts to fill on the Preparation step first."))
            return
        result = self.e.presidium_reduce_seats(int(self.post.currentData()), self.seats.value(),
                                               self.decision_votes.value(), iso(self.decided_on))
        self._say(result, _("The presidium's decision is recorded."))
        self.refresh()

    # ---- shared ----------------------------------------------------------------------------------------------
    def _qualified_label(self, item: QTableWidgetItem) -> None:
        """The qualification cell says what its tick says."""
        text = _("qualification valid") if item.checkState() == Qt.CheckState.Checked else _("qualification not valid")
        if item.column() == 3 and item.text() != text:
            item.setText(text)

    def refresh(self) -> None:
        name = self._organization()
        self.org.setText(_("Organization: {name} (the papers are headed with it; it is entered on the Preparation "
                           "step)").format(name=name) if name else
                         _("The Party committee's name is not entered yet: the papers are headed with it. Enter it "
                           "under Organization on the Preparation step."))
        self._fill_posts()
        self._show_preparatory()
        self.units.setRowCount(0)
        for u in self.e.congress_units():
            self._add_unit(u.name, u.seats, u.reported)
        missing = self.e.units_not_reported()
        self.missing.setText(_("Not reported yet: {units}").format(units="、".join(missing)) if missing else "")
        roll = self.e.congress_delegates()
        self.roll.blockSignals(True)  # the label is set with the state below
        self.roll.setRowCount(len(roll))
        for i, d in enumerate(roll):
            for j, v in enumerate((d.unit, d.name, str(d.votes))):
                item = QTableWidgetItem(v)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.roll.setItem(i, j, item)
            check = QTableWidgetItem()
            check.setFlags((check.flags() | Qt.ItemFlag.ItemIsUserCheckable) & ~Qt.ItemFlag.ItemIsEditable)
            check.setCheckState(Qt.CheckState.Unchecked if d.qualified is False else Qt.CheckState.Checked)
            self.roll.setItem(i, 3, check)
            self._qualified_label(check)
            self.roll.setItem(i, 4, QTableWidgetItem(d.note or ""))
        self.roll.blockSignals(False)
        self.roll.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.decisions.setText("\n".join(f"{d['decided_on']}：{d['text']}（{d['votes_for']}/{d['members']}）"
                                          for d in self.e.presidium_decisions()))
