"""The Qt application: font, languages (gettext + Qt's qtbase), error hook, and the main window."""
from __future__ import annotations

import argparse
import os
import sys
import time

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from app.core import i18n
from app.core.paths import resource

FONT_POINT_SIZE = 11


def load_font(app: QApplication) -> str | None:
    """Load the bundled CJK font into Qt and make it the app font, so every machine looks the same."""
    font_id = QFontDatabase.addApplicationFont(str(resource("fonts", "wqy-microhei.ttc")))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return None
    family = next((f for f in families if "Mono" not in f), families[0])
    font = QFont(family, FONT_POINT_SIZE)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    app.setFont(font)
    return family


def choose_language(requested: str | None) -> str:
    """--lang, else the language saved in the settings, else the system's."""
    if requested:
        return requested
    from app.gui.settings import saved_language

    return saved_language() or i18n.default_language()


def install_qt_translator(app: QApplication, lang: str) -> QTranslator | None:
    """Qt's own texts (standard buttons, file dialogs) from qtbase_<lang>.qm."""
    QLocale.setDefault(QLocale("zh_CN" if lang == "zh_CN" else "en_US"))
    if lang == "en":
        return None
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{lang}", folder):
        app.installTranslator(translator)
        return translator
    return None


def create_application(lang: str | None = None) -> QApplication:
    """The QApplication with font, icon and languages set (also used by tests and the bench)."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("votedesk")
    app.setOrganizationName("votedesk")
    app.setApplicationDisplayName(i18n._("votedesk"))
    chosen = choose_language(lang)
    i18n.set_language(chosen)
    app.setApplicationDisplayName(i18n._("votedesk"))
    install_qt_translator(app, chosen)
    load_font(app)
    icon = resource("icons", "votedesk.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


class _FirstPaint(QObject):
    """Prints the time of the window's first paint and quits (VOTEDESK_EXIT_AFTER_PAINT=1, for the bench)."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt virtual
        if event.type() == QEvent.Type.Paint:
            print(f"first_paint {time.time():.6f}", flush=True)
            obj.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
        return False


def run(args: argparse.Namespace) -> int:
    """Start the desktop app; returns the exit status."""
    from app.gui.dialogs.error_dialog import excepthook
    from app.gui.main_window import MainWindow

    app = create_application(getattr(args, "lang", None))
    sys.excepthook = excepthook
    window = MainWindow()
    if os.environ.get("VOTEDESK_EXIT_AFTER_PAINT") == "1":
        window._first_paint = _FirstPaint(window)  # noqa: SLF001 - kept alive with the window
        window.installEventFilter(window._first_paint)  # noqa: SLF001
    window.show()
    if getattr(args, "demo", False):
        window.open_demo()
    elif getattr(args, "file", None):
        window.open_file(args.file)
    else:
        window.show_start()
    return app.exec()
