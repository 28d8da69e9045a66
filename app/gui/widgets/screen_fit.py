"""Windows sized to the screen they open on: the screen of their parent, else the one under the mouse pointer."""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QCursor, QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

# Room for the window manager's title bar and borders, unknown until the window is shown.
FRAME = QSize(16, 48)


def screen_for(widget: QWidget) -> QScreen:
    """The screen ``widget`` opens on: its parent's, else the one under the pointer, else the primary screen."""
    parent = widget.parentWidget()
    if parent is not None and parent.isVisible():
        return parent.window().screen()
    return QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()


def fitted(available: QRect, width: int, height: int) -> QRect:
    """The client area of a window of at most ``width`` × ``height`` whose frame fits in ``available``, centred."""
    w = min(width, available.width() - FRAME.width())
    h = min(height, available.height() - FRAME.height())
    border = FRAME.width() // 2
    x = available.x() + (available.width() - w - FRAME.width()) // 2 + border
    y = available.y() + (available.height() - h - FRAME.height()) // 2 + FRAME.height() - border
    return QRect(x, y, w, h)


def fit_to_screen(window: QWidget, width: int, height: int, screen: QScreen | None = None) -> None:
    """Size ``window`` to at most ``width`` × ``height``, never larger than the screen it opens on."""
    screen = screen or screen_for(window)
    window.setGeometry(fitted(screen.availableGeometry(), width, height))
