"""The main window's 党员代表大会 menu: units and delegates, counting stations, and station mode (open a kit)."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMenu

from app.core.i18n import _

# Filled right after the first paint: nothing heavy (storage, signing, the pages) is imported before an action runs.


def fill(window: Any, file_menu: QMenu) -> None:
    """A "Delegate congress" submenu in the File menu, before Quit (the window's ``_action`` makes the actions)."""
    menu = QMenu(_("Delegate &congress"), window)
    file_menu.insertMenu(file_menu.actions()[-2], menu)  # before the separator above Quit
    menu.addAction(window._action(_("&Electoral units and delegates…"), lambda: show_congress(window)))  # noqa: SLF001
    menu.addAction(window._action(_("Counting &stations…"), lambda: show_stations(window)))  # noqa: SLF001
    menu.addSeparator()
    menu.addAction(window._action(_("Open a station &kit (station mode)…"), lambda: open_station_window(window)))  # noqa: SLF001


def _prompts(window: Any) -> Any:
    from app.gui.prompts import Prompts

    return getattr(window, "congress_prompts", None) or Prompts(window)


def show_congress(window: Any) -> None:
    from app.gui.pages.congress_page import CongressDialog

    if window.session is None:
        _prompts(window).inform(_("Delegate congress"), _("Open the congress's election file first."))
        return
    window.congress_dialog = CongressDialog(window, window.session.election, _prompts(window))
    window.congress_dialog.show()


def show_stations(window: Any) -> None:
    from app.gui.pages.congress_stations import StationsDialog, open_round

    rid = open_round(window.session.election) if window.session is not None else None
    if rid is None:
        _prompts(window).inform(_("Counting stations"), _("No round is waiting to be counted: issue the ballots and "
                                                           "record how many were returned first."))
        return
    window.stations_dialog = StationsDialog(window, window.session.election, rid, _prompts(window))
    window.stations_dialog.show()


STATION_SUFFIXES = (".vdkit", ".vdstation")  # File ▸ Open and a double-click open these in station mode


def open_station_window(window: Any, path: str | None = None) -> None:
    from app.gui.pages.congress_station import StationWindow, open_station

    station = open_station(_prompts(window), path)
    if station is not None:
        window.station_window = StationWindow(station, getattr(window, "congress_prompts", None))
        window.station_window.show()
