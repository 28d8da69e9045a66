"""Baseline for start-up and bundle benches: a bare PySide6 QMainWindow that can quit after its first paint."""
import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


class Hello(QMainWindow):
    """One label; reports the time of its first paint when asked to."""

    def paintEvent(self, event):  # noqa: N802 - Qt override
        super().paintEvent(event)
        if os.environ.get("VOTEDESK_EXIT_AFTER_PAINT") and not getattr(self, "_painted", False):
            self._painted = True
            print(f"first_paint {time.time():.6f}", flush=True)
            QTimer.singleShot(0, QApplication.quit)


def main() -> int:
    app = QApplication(sys.argv)
    win = Hello()
    win.setCentralWidget(QLabel("hello"))
    win.resize(800, 600)
    win.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
