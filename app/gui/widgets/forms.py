"""Small form helpers: labelled fields with mnemonics, dates as ISO text, combos carrying data."""
from __future__ import annotations

from typing import Any, Iterable, cast

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox, QDateEdit, QFormLayout, QGroupBox, QHeaderView, QLabel, QLineEdit, QTableWidget, QTableWidgetItem,
    QWidget,
)


def combo(items: Iterable[tuple[str, Any]]) -> QComboBox:
    """A combo box of (label, data) pairs."""
    box = QComboBox()
    for label, data in items:
        box.addItem(label, data)
    return box


def date_edit(iso: str | None = None) -> QDateEdit:
    """A calendar date field (today unless ``iso`` is given)."""
    edit = QDateEdit(QDate.fromString(iso, "yyyy-MM-dd") if iso else QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def set_date(edit: QDateEdit, iso: str | None) -> None:
    """Show a stored yyyy-mm-dd date (nothing stored: the field keeps its date)."""
    if iso:
        edit.setDate(QDate.fromString(iso, "yyyy-MM-dd"))


def iso(edit: QDateEdit) -> str:
    """The field's date as yyyy-mm-dd."""
    return edit.date().toString("yyyy-MM-dd")


def line(text: str = "", placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setPlaceholderText(placeholder)
    return edit


def group(title: str, rows: list[tuple[str, QWidget]]) -> tuple[QGroupBox, QFormLayout]:
    """A titled form; labels may carry &mnemonics (buddies are set by QFormLayout)."""
    box = QGroupBox(title)
    form = QFormLayout(box)
    for label, widget in rows:
        form.addRow(label, widget)
    return box, form


def table(headers: list[str]) -> QTableWidget:
    """A read-only table with stretching columns."""
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.verticalHeader().setVisible(False)
    return t


def fill(t: QTableWidget, rows: list[list[Any]], data: list[Any] | None = None) -> None:
    """Replace the table's rows; ``data`` (one per row) is kept on the first cell."""
    t.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem("" if value is None else str(value))
            item.setToolTip(item.text())  # stretched columns cut long texts (candidate lists, round titles)
            if c == 0 and data is not None:
                item.setData(256, data[r])
            t.setItem(r, c, item)


def selected_data(t: QTableWidget) -> Any:
    """The data of the selected row's first cell, or None."""
    row = t.currentRow()
    item = t.item(row, 0) if row >= 0 else None
    return item.data(256) if item else None


def set_state(widget: QWidget, name: str, value: str) -> None:
    """Set a string property used by the style sheet and re-apply the style.

    Strings only: bool QVariant properties trip a reference-count bug in PySide6 6.12 at exit.
    """
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class InlineErrors:
    """A refusal shown under the field it concerns: the core names the field in the reason's ``input`` parameter.

    The page banner still shows every refusal; this puts the sentence where the value was typed.
    """

    def __init__(self) -> None:
        self.fields: dict[str, tuple[QWidget, QLabel]] = {}

    def attach(self, form: QFormLayout, fields: dict[str, QWidget]) -> None:
        """Give each field (by the core's input name) a hidden error line under it in ``form``."""
        for key, widget in fields.items():
            note = QLabel()
            note.setObjectName("fieldError")
            note.setWordWrap(True)
            note.setStyleSheet("color: #b3261e;")
            note.hide()
            row = cast("tuple[int, object]", form.getWidgetPosition(widget))[0]  # the stubs say object
            form.insertRow(row + 1 if row >= 0 else form.rowCount(), "", note)
            self.fields[key] = (widget, note)

    def show(self, found: list[tuple[dict[str, Any], str]]) -> None:
        """Show each (reason parameters, sentence) under its field; fields without a refusal are cleared."""
        shown: dict[str, list[str]] = {}
        for params, sentence in found:
            key = params.get("input")
            if key in self.fields:
                shown.setdefault(key, []).append(sentence)
        for key, (widget, note) in self.fields.items():
            note.setText("\n".join(shown.get(key, [])))
            note.setVisible(key in shown)
            set_state(widget, "state", "invalid" if key in shown else "")

    def message(self, key: str) -> str:
        """The sentence shown under a field ("" when none)."""
        widget_note = self.fields.get(key)
        return widget_note[1].text() if widget_note and not widget_note[1].isHidden() else ""
