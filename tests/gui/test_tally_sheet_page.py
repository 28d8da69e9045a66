"""The counting page's tally-sheet tab: saved sheets show as the count, on the projector, and again after reopening."""
from __future__ import annotations

from tests.gui.helpers import demo_window


def _counting(qtbot, tmp_path):  # noqa: ANN001, ANN202
    window = demo_window(qtbot, tmp_path)
    page = window.stack.currentWidget()
    assert page.step == "counting" and page.view is not None and page.view.returned == 36
    return window, page


def _sheet(names: tuple[str, ...]) -> dict[str, tuple[int, int, int, int]]:
    """35 valid ballots (one of the 36 invalid): 30 to 20 yes down the ballot."""
    return {n: (30 - 2 * i, 5 + 2 * i - (i > 2), int(i > 2), 0) for i, n in enumerate(names)}


def _enter(page, sheet: dict, write_in: tuple[str, int] | None, invalid: int) -> None:  # noqa: ANN001
    page.tabs.setCurrentWidget(page.sheet)
    for name, counts in sheet.items():
        page.sheet.set_counts(name, counts)
    if write_in:
        page.sheet.write_in_name.setText(write_in[0])
        page.sheet._add_write_in()
        page.sheet.table.item(page.sheet.table.rowCount() - 1, 0).setText(str(write_in[1]))
    page.sheet.invalid.setValue(invalid)
    page.sheet.save_button.click()


def test_saved_tally_sheets_show_as_the_count_and_on_the_projector(qtbot, tmp_path) -> None:  # noqa: ANN001
    _window, page = _counting(qtbot, tmp_path)
    sheet = _sheet(page.view.candidates)
    _enter(page, sheet, ("吕宁", 2), 1)
    assert page.view.mode == "tallies" and page.tabs.currentWidget() is page.sheet
    assert not page.entry.isEnabled() and not page.save_button.isEnabled()  # no keyed ballot besides the sheets
    assert "Keyed 0" not in page.progress.text()
    assert "Tally sheets: 36 of 36 returned ballots" in page.progress.text()
    assert "valid 35 · invalid 1" in page.progress.text()
    yes = {page.tally.verticalHeaderItem(r).text(): page.tally.item(r, 0).text() for r in range(page.tally.rowCount())}
    assert yes == {**{n: str(c[0]) for n, c in sheet.items()}, "吕宁": "2"}
    page.show_projector()
    projector = page.projector
    assert projector.summary.text().startswith("Ballots counted: 36 of 36"), projector.summary.text()
    shown = [label.text() for label in projector._labels]
    first = page.view.candidates[0]
    assert shown[shown.index(first) + 1] == "30" and "吕宁" in shown
    projector.close()


def test_a_reopened_file_shows_the_saved_sheet_and_a_correction_starts_from_it(qtbot, tmp_path) -> None:  # noqa: ANN001
    window, page = _counting(qtbot, tmp_path)
    sheet = _sheet(page.view.candidates)
    _enter(page, sheet, ("吕宁", 2), 1)
    window.open_file(str(tmp_path / "demo.votedesk"))  # the file again, in fresh pages
    page = window.stack.currentWidget()
    assert page.step == "counting"
    tallies, write_ins, invalid = page.sheet.values()
    assert (tallies, write_ins, invalid) == (sheet, {"吕宁": 2}, 1)
    assert page.tabs.currentWidget() is page.sheet and "Tally sheets: 36 of 36" in page.progress.text()
    # Correct one name's counts only: the rest of the sheet is the stored one.
    last = page.view.candidates[-1]
    a, b, c, d = sheet[last]
    page.sheet.set_counts(last, (a + 1, b - 1, c, d))
    page.sheet.save_button.click()
    stored = page.session.election.tallies(page.view.id)
    assert dict(stored.tallies) == {**sheet, last: (a + 1, b - 1, c, d)} and dict(stored.write_ins) == {"吕宁": 2}
