"""The projector window: the running count in very large type, for the back of the hall."""
from __future__ import annotations

from typing import cast

from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.core.i18n import _
from app.core.rules.counting import Count
from app.gui.widgets.screen_fit import fit_to_screen, screen_for

MAX_ROW_PIXELS = 120


class ProjectorWindow(QWidget):
    """Full screen on the second screen when there is one; F11 toggles full screen, Esc closes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("projector")
        self.setWindowTitle(_("votedesk — count in progress"))
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.summary = QLabel()
        self.summary.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table = QGridLayout()
        self.table.setHorizontalSpacing(48)
        box = QVBoxLayout(self)
        box.setContentsMargins(48, 24, 48, 24)
        box.addWidget(self.title)
        box.addWidget(self.summary)
        box.addLayout(self.table, 1)
        for label in (self.title, self.summary):
            _no_minimum_width(label)  # the type shrinks to fit instead (_apply_sizes): the window never outgrows the screen
        self._labels: list[QLabel] = []
        self._rows = 1

    def show_count(self, title: str, count: Count, returned: int | None = None) -> None:
        """Show the count so far: yes votes per person, ballots counted, valid and invalid."""
        self.title.setText(title)
        counted = count.valid + count.invalid
        parts = [_("Ballots counted: {counted}").format(counted=counted)]
        if returned is not None:
            parts[0] = _("Ballots counted: {counted} of {returned}").format(counted=counted, returned=returned)
        parts += [_("Valid: {valid}").format(valid=count.valid), _("Invalid: {invalid}").format(invalid=count.invalid)]
        self.summary.setText("　　".join(parts))
        self._fill(count)
        self._apply_sizes()

    def _fill(self, count: Count) -> None:
        for label in self._labels:
            label.deleteLater()
        self._labels = []
        headers = [_("Name"), _("Yes"), _("No"), _("Abstain")]
        for col, text in enumerate(headers):
            self._add(text, 0, col, header=True)
        for row, (name, tally) in enumerate(count.tallies.items(), start=1):
            for col, text in enumerate([name, str(tally.yes), str(tally.no), str(tally.abstain)]):
                self._add(text, row, col, header=False)
        self._rows = len(count.tallies) + 3

    def _add(self, text: str, row: int, col: int, header: bool) -> None:
        label = QLabel(text)
        label.setProperty("header", "true" if header else "false")
        align = Qt.AlignmentFlag.AlignLeft if col == 0 else Qt.AlignmentFlag.AlignRight
        label.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
        _no_minimum_width(label)
        self.table.addWidget(label, row, col)
        self._labels.append(label)

    def _apply_sizes(self) -> None:
        """Type as large as the rows allow, then smaller until the widest line fits the window's width."""
        row_px = min(MAX_ROW_PIXELS, max(24, self.height() // max(self._rows, 1)))
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else QMargins()
        room = self.width() - margins.left() - margins.right()
        self._set_fonts(row_px)
        needed = self._needed_width()
        if needed > room > 0:
            self._set_fonts(max(8, int(row_px * room / needed)))

    def _set_fonts(self, row_px: int) -> None:
        for label in [self.title, self.summary, *self._labels]:
            font = QFont(self.font())
            big = label is self.title or label.property("header") == "true"
            font.setPixelSize(max(6, int(row_px * (0.62 if big else 0.72))))
            font.setBold(label is not self.summary)
            label.setFont(font)

    def _needed_width(self) -> int:
        """The widest of the title, the summary and the table's columns side by side, at the current fonts."""
        columns: dict[int, int] = {}
        for label in self._labels:
            col = cast("tuple[int, int, int, int]", self.table.getItemPosition(self.table.indexOf(label)))[1]
            columns[col] = max(columns.get(col, 0), _text_width(label))
        table = sum(columns.values()) + self.table.horizontalSpacing() * max(0, len(columns) - 1)
        return max(_text_width(self.title), _text_width(self.summary), table)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt virtual
        super().resizeEvent(event)
        self._apply_sizes()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt virtual
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        elif event.key() == Qt.Key.Key_F11:
            self.showNormal() if self.isFullScreen() else self.showFullScreen()
        else:
            super().keyPressEvent(event)

    def present(self) -> None:
        """Open full screen on another screen when there is one, else as a large window fitting the operator's screen."""
        own = screen_for(self)
        other = next((s for s in QGuiApplication.screens() if s is not own), None)
        if other is not None:
            self.setScreen(other)
            self.move(other.geometry().topLeft())
            self.showFullScreen()
        else:
            fit_to_screen(self, 1280, 800, own)  # a 1024×768 laptop gets a window it can see whole
            self.show()
        self.raise_()


def _no_minimum_width(label: QLabel) -> None:
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)


def _text_width(label: QLabel) -> int:
    return max((QFontMetrics(label.font()).horizontalAdvance(line) for line in label.text().split("\n")), default=0)
