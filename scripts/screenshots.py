"""Save a PNG of every page in Chinese into docs/screenshots/ (offscreen Qt; the counting page also at 150 %)."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "screenshots"
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
SIZE = (1024, 738)  # the smallest screen the app is built for (a 1024×768 laptop, less a title bar)


def _app():  # noqa: ANN202
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    from app.gui.application import create_application

    return create_application("zh_CN")


def _window(path: str | None):  # noqa: ANN202
    from app.gui.main_window import MainWindow

    window = MainWindow()
    window.resize(*SIZE)
    window.show()
    if path:
        window.open_file(path)
    return window


def _save(widget, name: str) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    widget.grab().save(str(OUT / f"{name}.png"))
    print(OUT / f"{name}.png")


def _demo(stop_at: str | None) -> str:
    from app.core.demo import create_demo

    path = Path(tempfile.mkdtemp()) / "demo.votedesk"
    create_demo(path, stop_at=stop_at)
    return str(path)


def _key_some_ballots(page) -> None:  # noqa: ANN001 - CountingPage
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    for keys in ("111112", "121211", "211121", "112111", "111211", "221112", "121121", "111122"):
        QTest.keyClicks(page.entry.grid, keys)
        QTest.keyClick(page.entry.grid, Qt.Key.Key_Return)
    QTest.keyClicks(page.entry.grid, "111111")  # over-marked, not saved: shows the live verdict


def counting_shots(suffix: str = "") -> None:
    """The counting page with a few ballots keyed and an over-marked one on screen, and the projector."""
    window = _window(_demo("counting"))
    page = window.stack.currentWidget()
    _key_some_ballots(page)
    _save(window, f"08-counting{suffix}")
    if suffix:
        return
    page.show_projector()
    page.projector.resize(1280, 720)
    _save(page.projector, "08b-projector")
    page.projector.close()
    page.double_box.setChecked(True)
    page.teller_b.setChecked(True)
    _key_some_ballots(page)
    _save(window, "08c-double-entry")


def step_shots() -> None:
    """Every step of the complete demo election, the supervision dialogs and the start screen."""
    from app.gui.dialogs.audit_dialog import AuditDialog
    from app.gui.dialogs.incidents_dialog import IncidentsDialog

    window = _window(None)
    window.show_start()
    _save(window, "00-start")
    window.open_file(_demo(None))
    for n in range(window.step_list.count()):
        window.step_list.setCurrentRow(n)
        if n != 7:
            _save(window, f"{n + 1:02d}-{window.stack.currentWidget().step}")
    for name, dialog in (("12-audit-log", AuditDialog(window.session, window)),
                         ("13-incidents", IncidentsDialog(window.session, window))):
        dialog.show()
        if name == "12-audit-log":
            dialog.verify()
        _save(dialog, name)
        dialog.close()


def signin_and_import_shots() -> None:
    """Sign-in in progress (quorum not met yet) and an import preview with row errors."""
    from app.core.rollimport import preview
    from app.gui.dialogs.import_dialog import ImportPreviewDialog

    window = _window(_demo("counting"))
    window.go_to("sign_in")
    page = window.stack.currentWidget()
    page.search.setText("zw")
    _save(window, "05-sign_in-search")
    csv = Path(tempfile.mkdtemp()) / "名册.csv"
    csv.write_text("姓名,性别,出生日期,入党时间,党员类别\n张伟,男,1970-03-02,1995-07-01,正式党员\n李娜,女,1975.13,2001-07-01,正式党员\n"
                   "张伟,男,1980-01-01,2005-07-01,正式党员\n王芳,女,1982-05-06,2010-06-01,群众\n", encoding="utf-8")
    dialog = ImportPreviewDialog(preview(csv), window)
    dialog.show()
    _save(dialog, "02b-roll-import-preview")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = _app()  # noqa: F841 - kept alive while widgets exist
    if "--scaled-counting" in sys.argv:
        counting_shots("-150")
        return 0
    step_shots()
    counting_shots()
    signin_and_import_shots()
    env = dict(os.environ, QT_SCALE_FACTOR="1.5")
    return subprocess.call([sys.executable, __file__, "--scaled-counting"], env=env)


if __name__ == "__main__":
    sys.exit(main())
