"""The one way to run slow work: in the thread pool, progress and result on the GUI thread (bare, or as a Task)."""
from __future__ import annotations

import threading
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import isValid

from app.core.i18n import _

ProgressFn = Callable[[int, int], None]


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object, str)


class _Job(QRunnable):
    """Calls ``fn(progress)`` off the GUI thread; it must never touch a widget."""

    def __init__(self, fn: Callable[[ProgressFn], Any], signals: _Signals) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.fn(self.signals.progress.emit)
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, which shows it
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.done.emit(result)


def run_in_background(
    fn: Callable[[ProgressFn], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception, str], None],
    on_progress: Callable[[int, int], None] | None = None,
    parent: QObject | None = None,
) -> QObject:
    """Start ``fn(progress)`` in the pool; callbacks run on the GUI thread (queued signals).

    :returns: the signal holder; keep a reference while the job runs
    """
    signals = _Signals(parent)
    signals.done.connect(on_done)
    signals.failed.connect(on_error)
    if on_progress is not None:
        signals.progress.connect(on_progress)
    QThreadPool.globalInstance().start(_Job(fn, signals))
    return signals


def wait_for_background(msecs: int = 30000) -> bool:
    """Wait until every background job has finished (tests and shutdown)."""
    return QThreadPool.globalInstance().waitForDone(msecs)


class Task(QObject):
    """One background job with a modal progress dialog (shown only if it takes a moment) and a cancel flag."""

    def __init__(self, parent: QWidget, label: str, cancellable: bool = False) -> None:
        super().__init__(parent)
        self.stop = threading.Event()
        self.dialog = QProgressDialog(label, _("Cancel") if cancellable else "", 0, 0, parent)
        self.dialog.setWindowTitle(_("Please wait"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)  # quick jobs finish before it would flash up
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        if not cancellable:
            self.dialog.setCancelButton(None)
        self.dialog.canceled.connect(self.stop.set)
        self.format = label
        self.signals: QObject | None = None
        self.keep: object = None  # what must outlive the job (a printer), kept until it ends

    def start(self, fn: Callable[[ProgressFn], Any], on_done: Callable[[Any], None],
              on_error: Callable[[Exception, str], None]) -> Task:
        # The signals have no Qt parent and every callback checks the task is alive: the window
        # may be closed (and the task deleted with it) while the worker is still running.
        def done(result: Any) -> None:
            if isValid(self):
                self._finish()
                on_done(result)

        def failed(exc: Exception, details: str) -> None:
            if isValid(self):
                self._finish()
                on_error(exc, details)
        self.signals = run_in_background(fn, done, failed, self._progress)
        return self

    def _progress(self, n: int, total: int) -> None:
        if not isValid(self):
            return
        self.dialog.setMaximum(total)
        self.dialog.setValue(n)
        self.dialog.setLabelText(_("{what} ({n} of {total} pages)").format(what=self.format, n=n, total=total))

    def _finish(self) -> None:
        self.dialog.reset()
        self.dialog.close()
        self.deleteLater()
