"""Overview: every subordinate organization as the core's overview() gives it, sortable and filtered; exports."""
from __future__ import annotations

import datetime as dt
import re
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget,
)

from app.core.citations import citation, tooltip
from app.core.higher.overview import HEADERS, OverviewRow, Version, overview, to_csv, to_xlsx, versions
from app.core.i18n import _
from app.core.signing.safewrite import write_file_safely
from app.gui.higher.common import (
    CERT_TEXTS, STATUS_TEXTS, VERDICT_TEXTS, flag_text, help_label, label_of, name_key, safe_file_name, title_label,
)

if TYPE_CHECKING:
    from app.gui.higher.host import Host

RULE_ID = re.compile(r"^R\d+(\.\d+)*$")

# Display order (the exports keep the core's order): the brief's columns first, then the bookkeeping.
COLUMNS = ("organization", "status", "date", "expected", "present", "elected", "verdict", "flags", "certificate",
           "versions", "received", "title")
NUMBERS = {"expected", "present", "versions"}
VERDICT_COLOURS = {"accepted": ("#185c26", "#eaf6ec"), "rejected": ("#ffffff", "#b3261e"),
                   "returned": ("#7a5a00", "#fff4d6")}


def flags_of(row: OverviewRow) -> list[str]:
    """The row's flags (reason codes, rule ids, import flags), each in the user's language (a rule id as its
    citation; the ids are in the tooltip)."""
    return [citation(f) or f if RULE_ID.match(f) else flag_text(f) for f in row.flags.split("; ") if f]


def rules_of(row: OverviewRow) -> list[str]:
    """The rule ids among the row's flags (R9.1 …)."""
    return [f for f in row.flags.split("; ") if RULE_ID.match(f)]


def _received(iso: str) -> str:
    try:
        return f"{dt.datetime.fromisoformat(iso).astimezone():%Y-%m-%d %H:%M}"
    except ValueError:
        return iso


def _display(row: OverviewRow, name: str) -> str:
    value = getattr(row, name)
    if name == "status":
        return label_of(STATUS_TEXTS, value)
    if name == "verdict":
        return label_of(VERDICT_TEXTS, value) if value else "—"
    if name == "certificate":
        return label_of(CERT_TEXTS, value)
    if name == "flags":
        return "; ".join(flags_of(row)) if value else ""
    if name == "received":
        return _received(value) if value else ""
    return "" if value is None else str(value)


def _version_text(v: Version) -> str:
    reply = {"approved": _("approved ({number})"), "returned": _("returned ({number})")}.get(v.reply, "")
    return _("#{id} signed {signed}, received {received}: {verdict}{reply}{standing}").format(
        id=v.package_id, signed=_received(v.signed_at) if v.signed_at else "—", received=_received(v.received),
        verdict=label_of(VERDICT_TEXTS, v.verdict), reply=("; " + reply.format(number=v.reply_number)) if reply else "",
        standing=_(" — stands") if v.standing else _(" — superseded"))


class OverviewModel(QAbstractTableModel):
    """The overview rows; Qt.UserRole gives the raw value used for sorting (numbers as numbers)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[OverviewRow] = []

    def set_rows(self, rows: list[OverviewRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[COLUMNS[section]])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, name = self.rows[index.row()], COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, name)
        if role == Qt.ItemDataRole.UserRole:
            value = getattr(row, name)
            if name in NUMBERS:
                return -1 if value is None else value
            return name_key(value) if name == "organization" else _display(row, name)
        if role == Qt.ItemDataRole.ToolTipRole and name == "flags" and row.flags:
            return "\n".join(flags_of(row) + [tooltip(rules_of(row))])
        if role == Qt.ItemDataRole.ToolTipRole and name in ("organization", "elected", "title"):
            return _display(row, name) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and name in NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if name == "verdict" and row.verdict in VERDICT_COLOURS and role in (Qt.ItemDataRole.ForegroundRole,
                                                                               Qt.ItemDataRole.BackgroundRole):
            fg, bg = VERDICT_COLOURS[row.verdict]
            return QColor(fg if role == Qt.ItemDataRole.ForegroundRole else bg)
        if role == Qt.ItemDataRole.ForegroundRole and row.status == "no package":
            return QColor("#777777")
        return None


class OverviewView(QWidget):
    """The table, a filter box (Ctrl+F), the selected row's flags in full, Export CSV/XLSX and the reply."""

    reply_button: QPushButton  # made below; a double click presses it (only when it is enabled)

    def __init__(self, window: Host) -> None:
        super().__init__()
        self.window_ = window
        self.model = OverviewModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit()
        self.filter.setClearButtonEnabled(True)
        self.filter.setPlaceholderText(_("organization, status, name, rule id…"))
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter.textChanged.connect(lambda _t: self._update_count())
        filter_label = QLabel(_("Fil&ter:"))
        filter_label.setBuddy(self.filter)
        QShortcut(QKeySequence.StandardKey.Find, self).activated.connect(self.filter.setFocus)
        self.count = QLabel()
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())
        self.table.doubleClicked.connect(lambda _i: self.reply_button.click())  # only when it is enabled
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.csv_button = QPushButton(_("Export &CSV…"))
        self.xlsx_button = QPushButton(_("Export &XLSX…"))
        self.reply_button = QPushButton(_("&Approval reply (批复)…"))
        self.return_button = QPushButton(_("R&eturn (退回)…"))
        self.return_button.clicked.connect(window.write_return)
        self.codes_button = QPushButton(_("Paper co&des…"))
        self.codes_button.setToolTip(_("Type the codes from the counting reports: the package on file is judged again"))
        self.codes_button.clicked.connect(self.check_codes)
        self.csv_button.clicked.connect(self.export_csv)
        self.xlsx_button.clicked.connect(self.export_xlsx)
        self.reply_button.clicked.connect(window.write_reply)
        self._build(filter_label)

    def _build(self, filter_label: QLabel) -> None:
        bar = QHBoxLayout()
        bar.addWidget(filter_label)
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.count)
        bar.addSpacing(16)
        for button in (self.csv_button, self.xlsx_button, self.reply_button, self.return_button, self.codes_button):
            bar.addWidget(button)
        box = QVBoxLayout(self)
        box.addWidget(title_label(_("Overview of the subordinate organizations")))
        box.addWidget(help_label(_(
            "One row per registered organization with its package on record; packages from unregistered senders "
            "follow. Click a column to sort. Select an accepted package to write its approval reply.")))
        box.addLayout(bar)
        box.addWidget(self.table, 1)
        box.addWidget(self.details)
        for a, b in ((self.filter, self.csv_button), (self.csv_button, self.xlsx_button),
                     (self.xlsx_button, self.reply_button), (self.reply_button, self.return_button),
                     (self.return_button, self.codes_button), (self.codes_button, self.table)):
            QWidget.setTabOrder(a, b)

    # ---- data ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload overview(ws), keeping the selected organization."""
        selected = self.selected_row()
        ws = self.window_.workspace
        self.model.set_rows(overview(ws) if ws is not None else [])
        self.table.resizeColumnsToContents()
        for col, name in enumerate(COLUMNS):
            limit = 320 if name == "flags" else 300
            if self.table.columnWidth(col) > limit:
                self.table.setColumnWidth(col, limit)
        if selected is not None:
            self.select(selected.organization)
        self._update_count()
        self._selection_changed()

    def _update_count(self) -> None:
        self.count.setText(_("{shown} of {total}").format(shown=self.proxy.rowCount(), total=self.model.rowCount()))

    def has_rows(self) -> bool:
        return bool(self.model.rows)

    def visible_rows(self) -> list[OverviewRow]:
        """The rows as shown: filtered and sorted."""
        return [self.model.rows[self.proxy.mapToSource(self.proxy.index(r, 0)).row()] for r in range(self.proxy.rowCount())]

    def select(self, organization: str) -> bool:
        """Select the row of ``organization`` (if shown)."""
        for r, row in enumerate(self.visible_rows()):
            if row.organization == organization:
                self.table.selectRow(r)
                return True
        return False

    def selected_row(self) -> OverviewRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[self.proxy.mapToSource(rows[0]).row()] if rows else None

    def _selection_changed(self) -> None:
        row = self.selected_row()
        can_reply = row is not None and row.verdict == "accepted"
        self.reply_button.setEnabled(can_reply)
        self.reply_button.setToolTip("" if can_reply else _("Select an organization whose package was accepted."))
        can_return = row is not None and row.versions > 0 and row.organization in self._registered()
        self.return_button.setEnabled(can_return)
        self.return_button.setToolTip("" if can_return else _("Select an organization with a package on record."))
        self.codes_button.setEnabled(can_return)
        if row is None:
            self.details.setText("")
            return
        lines = [f"<b>{escape(row.organization)}</b> — " + escape(_("{status}, verification: {verdict}").format(
            status=_display(row, "status"), verdict=_display(row, "verdict")))]
        if row.elected:
            lines.append(escape(_("Elected (recount): {names}").format(names=row.elected)))
        lines += [f"• {escape(text)}" for text in flags_of(row)]
        lines += [escape(text) for text in self.version_lines(row.organization)]
        self.details.setText("<br>".join(lines))

    def check_codes(self) -> None:
        """The codes from the paper for the selected organization's package on file (it is judged again)."""
        from app.gui.higher.codes_action import check_codes  # the verifier loads on first use

        check_codes(self.window_, self.selected_row())

    def _registered(self) -> set[str]:
        ws = self.window_.workspace
        return {b.name for b in ws.branches()} if ws is not None else set()

    def version_lines(self, organization: str) -> list[str]:
        """Every package imported for the organization, oldest first: verdict, reply, and which one stands."""
        ws = self.window_.workspace
        if ws is None or organization not in self._registered():
            return []
        listed = versions(ws, organization)
        if len(listed) < 2 and not any(v.reply for v in listed):
            return []
        return [_("Packages on file:")] + [_version_text(v) for v in listed]

    # ---- exports ------------------------------------------------------------------------------
    def export_csv(self) -> None:
        self._export("CSV (*.csv)", ".csv", to_csv)

    def export_xlsx(self) -> None:
        self._export("Excel (*.xlsx)", ".xlsx", to_xlsx)

    def _export(self, filters: str, suffix: str, render: Callable[[list[OverviewRow]], bytes]) -> None:
        """Every row (not only the filtered ones), written safely to the chosen file."""
        window = self.window_
        if window.workspace is None:
            return
        name = safe_file_name(_("Overview {org} {date}").format(org=window.workspace.organization,
                                                                  date=dt.date.today().isoformat()))
        path = window.prompts.save_path(_("Export the overview"), name + suffix, filters)
        if not path:
            return
        path = path if path.lower().endswith(suffix) else path + suffix
        data = render(overview(window.workspace))
        window.run_task(_("Saving {name}…").format(name=Path(path).name), lambda _p: write_file_safely(path, data),
                        lambda _r: window.statusBar().showMessage(_("Saved {path}").format(path=path), 8000))
