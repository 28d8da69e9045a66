"""One helper for slow work: run a function in the thread pool, report progress and the result on the GUI thread."""
from __future__ import annotations

import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

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
