"""The Qt application: font, languages (gettext + Qt's qtbase), error hook, and the main window."""
from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.core import i18n
from app.core.paths import resource

if TYPE_CHECKING:
    import argparse

    from PySide6.QtCore import QTranslator

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


# Qt 6.11 gave these file-dialog labels a mnemonic ("&Look in:") and its own qtbase_zh_CN.qm still carries
# only the old texts ("Look in:"): the file dialog showed English labels. Missing in that catalogue too: the
# file list's "Folder" and "Drive" types.
QT_EXTRA = {
    "zh_CN": {("QFileDialog", "&Look in:"): "查找范围(&L)：", ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
              ("QAbstractFileIconProvider", "Folder"): "文件夹", ("QAbstractFileIconProvider", "Drive"): "驱动器"},
}


def _extra_translator(app: QApplication, lang: str) -> QTranslator:
    """Qt texts its .qm lacks (QT_EXTRA); asked only after qtbase's own catalogue found nothing."""
    from PySide6.QtCore import QTranslator

    table = QT_EXTRA.get(lang, {})

    class Extra(QTranslator):
        def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
            return table.get((context, source), "")

        def isEmpty(self) -> bool:  # noqa: N802 - Qt virtual
            return not table

    return Extra(app)


def install_qt_translator(app: QApplication, lang: str) -> QTranslator | None:
    """Qt's own texts (standard buttons, file dialogs, context menus) from PySide6's qtbase_<lang>.qm,
    completed by QT_EXTRA."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    QLocale.setDefault(QLocale("zh_CN" if lang == "zh_CN" else "en_US"))
    if lang == "en":
        return None
    extra = _extra_translator(app, lang)
    app.installTranslator(extra)  # installed first: Qt asks the last installed (qtbase) first
    app._votedesk_qt_extra = extra  # type: ignore[attr-defined]  # noqa: SLF001 - kept alive with the app
    translator = QTranslator(app)
    import PySide6

    # Qt's own path, else the wheel's folder (where the PyInstaller bundle keeps qtbase_zh_CN.qm).
    for folder in (QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
                   os.path.join(os.path.dirname(PySide6.__file__), "Qt", "translations")):
        if translator.load(f"qtbase_{lang}", folder):
            app.installTranslator(translator)
            return translator
    return None


def create_application(lang: str | None = None, *, defer_extras: bool = False) -> QApplication:
    """The QApplication with font, icon and languages set (also used by tests and the bench).

    :param defer_extras: leave Qt's own translations and the window icon to ``finish_application``,
        called after the first paint (start-up: the first frame needs neither)
    """
    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv[:1]))  # a GUI app: the stubs say core
    app.setApplicationName("votedesk")
    app.setOrganizationName("votedesk")
    chosen = choose_language(lang)
    i18n.set_language(chosen)
    app.setApplicationDisplayName(i18n._("votedesk"))
    load_font(app)
    if not defer_extras:
        finish_application(app)
    return app


def finish_application(app: QApplication) -> None:
    """Qt's own translations (standard buttons, dialogs) and the window icon."""
    from PySide6.QtGui import QIcon

    install_qt_translator(app, i18n.language())
    icon = resource("icons", "votedesk.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))


class _PaintProbe(QObject):
    """For the bench (VOTEDESK_EXIT_AFTER_PAINT): print when the window is first painted and when the
    election's page is first painted, then quit ("1": at the first paint; "ready": at the page).

    It filters only the window, then only the page shown, as the bench's bare QMainWindow is
    watched: a filter on every widget would slow down the start-up it measures.
    """

    def __init__(self, window: QObject, wait_ready: bool) -> None:
        super().__init__(window)
        self.window, self.wait_ready = window, wait_ready
        window.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt virtual
        if event.type() != QEvent.Type.Paint:
            return False
        obj.removeEventFilter(self)
        if obj is not self.window:
            print(f"ready {time.time():.6f}", flush=True)
        else:
            print(f"first_paint {time.time():.6f}", flush=True)
            if self.wait_ready:
                self.window.stack.currentChanged.connect(self._watch)  # type: ignore[attr-defined]
                return False
        QTimer.singleShot(0, QApplication.quit)
        return False

    def _watch(self, index: int) -> None:
        page = self.window.stack.widget(index)  # type: ignore[attr-defined]
        if page is not self.window.opening:  # type: ignore[attr-defined]
            page.installEventFilter(self)


def _excepthook(*exc_info: object) -> None:
    # The crash dialog's module is imported only when something goes wrong (start-up time).
    from app.gui.dialogs.error_dialog import excepthook

    excepthook(*exc_info)  # type: ignore[arg-type]


def run(args: argparse.Namespace) -> int:
    """Start the desktop app; returns the exit status."""
    from app.gui.main_window import MainWindow

    app = create_application(getattr(args, "lang", None), defer_extras=True)
    sys.excepthook = _excepthook
    window = MainWindow()
    probe = os.environ.get("VOTEDESK_EXIT_AFTER_PAINT")
    if probe in ("1", "ready"):
        window.probe = _PaintProbe(window, probe == "ready")
    window.show()
    window.after_first_paint(lambda: finish_application(app))
    if getattr(args, "demo", False):
        window.open_after_paint(window.open_demo)
    elif getattr(args, "file", None):
        window.open_after_paint(lambda: window.open_file(args.file))
    else:
        window.show_start()
    return app.exec()
