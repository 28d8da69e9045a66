"""Hostile roster files within 1 GB and 10 s: a claimed dimension of A1:XFD1048576, shared-string and ODS bombs."""
from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.core.hostile.limited import TIMEOUT, run_python

READ = """
from app.core.errors import UserFacingError
from app.core.rollimport.table import read_table
try:
    t = read_table(sys.argv[1])
    print("ROWS", len(t.rows), "WIDTH", len(t.headers))
    rc = 0
except UserFacingError as exc:
    print("REFUSED", exc.code, exc)
    rc = 2
"""


def _roster(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["姓名", "党员类别"], ["王建国", "正式党员"], ["李明", "预备党员"]):
        ws.append(row)
    wb.save(path)
    return path


def _rewrite(path: Path, member: str, edit) -> Path:  # noqa: ANN001
    with zipfile.ZipFile(path) as zf:
        items = [(i, zf.read(i)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in items:
            zf.writestr(info.filename, edit(data) if info.filename == member else data)
    return path


def claimed_dimension(path: Path) -> Path:
    """A 1.6 KB workbook whose sheet claims A1:XFD1048576 (openpyxl used to pad every row to 16,384 cells)."""
    return _rewrite(_roster(path), "xl/worksheets/sheet1.xml",
                    lambda d: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', d))


def shared_string_bomb(path: Path) -> Path:
    """sharedStrings.xml holding one 256 MB string, packed into a few hundred KB."""
    _roster(path)
    with zipfile.ZipFile(path) as zf:
        items = [(i.filename, zf.read(i)) for i in zf.infolist() if i.filename != "xl/sharedStrings.xml"]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in items:
            zf.writestr(name, data)
        with zf.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                     b"<si><t>")
            block = b"A" * (1 << 20)
            for _ in range(256):
                fh.write(block)
            fh.write(b"</t></si><si><t>x</t></si></sst>")
    return path


def ods_repeat_bomb(path: Path) -> Path:
    """An 800-byte ODS whose one row of text repeats 5,000 times across 16,384 columns (calamine aborts)."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
        '<office:spreadsheet><table:table table:name="S"><table:table-row><table:table-cell office:value-type="string">'
        '<text:p>姓名</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="5000">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>X</text:p>'
        '</table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def test_a_claimed_dimension_of_a1_xfd1048576_is_ignored(tmp_path):
    path = claimed_dimension(tmp_path / "名册.xlsx")
    assert path.stat().st_size < 8000
    run = run_python(READ, str(path))
    assert run.rc == 0 and "ROWS 2 WIDTH 2" in run.out, run  # read as the two members it holds, at once
    assert run.seconds < TIMEOUT and run.peak_mb < 400


@pytest.mark.parametrize("make", [shared_string_bomb, ods_repeat_bomb], ids=["shared_strings", "ods_repeats"])
def test_bombs_are_refused_with_a_sentence(tmp_path, make):  # noqa: ANN001
    path = make(tmp_path / ("bomb.ods" if make is ods_repeat_bomb else "bomb.xlsx"))
    run = run_python(READ, str(path))
    assert run.rc == 2 and "REFUSED roll_limit" in run.out and not run.crashed, run
    assert run.seconds < TIMEOUT and run.peak_mb < 400


@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "sparse"])
def test_special_roster_files_are_refused_unopened(tmp_path, kind):
    path = tmp_path / "名册.csv"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev_zero":
        path.symlink_to("/dev/zero")
    else:
        with open(path, "wb") as fh:
            fh.truncate(30 << 30)
    run = run_python(READ, str(path))
    assert run.rc == 2 and "REFUSED" in run.out and not run.crashed, run
    assert run.seconds < TIMEOUT


def test_the_limits_speak_chinese(tmp_path):
    from app.core import i18n
    from app.core.errors import UserFacingError
    from app.core.messages import message
    from app.core.rollimport.table import read_table

    with pytest.raises(UserFacingError) as err:
        read_table(shared_string_bomb(tmp_path / "bomb.xlsx"))
    i18n.set_language("zh_CN")
    try:
        text = message(err.value.code, **err.value.params)
    finally:
        i18n.set_language(i18n.default_language())
    assert "bomb.xlsx" in text and "未读取" in text, text
