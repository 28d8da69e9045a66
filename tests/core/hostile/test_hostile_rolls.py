"""Hostile roster files within 1 GB and 10 s: a claimed dimension of A1:XFD1048576, shared-string and ODS bombs."""
from __future__ import annotations

import os
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


_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _xlsx(path: Path, sheet: bytes, shared: list[bytes] | None = None, big: int = 0) -> Path:
    """A minimal workbook written by hand: one sheet, and shared strings (one of ``big`` MB) if given."""
    ct = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
          'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    rels = (f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    book = (f'<?xml version="1.0"?><workbook {_NS} xmlns:r="{_REL}"><sheets><sheet name="名册" sheetId="1" '
            f'r:id="rId1"/></sheets></workbook>')
    book_rels = (f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                 f'relationships"><Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
                 f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", ct)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("xl/workbook.xml", book)
        zf.writestr("xl/_rels/workbook.xml.rels", book_rels)
        zf.writestr("xl/worksheets/sheet1.xml", b'<?xml version="1.0"?><worksheet ' + _NS.encode() + b">" + sheet
                    + b"</worksheet>")
        with zf.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0"?><sst ' + _NS.encode() + b">")
            for text in shared or []:
                fh.write(b"<si><t>" + text + b"</t></si>")
            if big:
                fh.write(b"<si><t>")
                for _ in range(big):
                    fh.write(b"A" * (1 << 20))
                fh.write(b"</t></si>")
            fh.write(b"</sst>")
    return path


_SHARED = ["姓名".encode(), "党员类别".encode(), "王建国".encode(), "正式党员".encode(), "李明".encode()]
_ROWS = (b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
         b'<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>'
         b'<row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3" t="s"><v>3</v></c></row>')


def claimed_dimension(path: Path) -> Path:
    """A 1.6 KB workbook claiming A1:XFD1048576, with a stray empty row at 1,048,576: openpyxl padded each of
    the million rows to 16,384 cells."""
    return _xlsx(path, b'<dimension ref="A1:XFD1048576"/><sheetData>' + _ROWS + b'<row r="1048576"/></sheetData>',
                 _SHARED)


def shared_string_bomb(path: Path) -> Path:
    """Shared strings holding one 256 MB string that a cell uses, packed into a few hundred KB."""
    return _xlsx(path, b"<sheetData>" + _ROWS + b'<row r="4"><c r="A4" t="s"><v>5</v></c></row></sheetData>',
                 _SHARED, big=256)


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
    assert path.stat().st_size < 2000
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


def test_an_xls_with_one_cell_at_iv65536_is_refused_before_calamine_opens_it(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("名册")
    for r, row in enumerate((["姓名", "党员类别"], ["王建国", "正式党员"])):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    sheet.write(65535, 255, "x")  # calamine asks for 512 MB at once, and aborts the process when it cannot
    book.save(str(tmp_path / "名册.xls"))
    assert (tmp_path / "名册.xls").stat().st_size < 10_000
    run = run_python(READ, str(tmp_path / "名册.xls"))
    assert run.rc == 2 and "REFUSED roll_limit" in run.out and not run.crashed, run
    assert run.seconds < TIMEOUT


def test_an_ordinary_xls_with_many_rows_still_reads(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("名册")
    sheet.write(0, 0, "姓名")
    sheet.write(0, 1, "党员类别")
    for r in range(1, 3001):  # a workbook stream of regular (not mini) sectors, several FAT sectors
        sheet.write(r, 0, f"党员{r:04d}")
        sheet.write(r, 1, "正式党员")
    book.save(str(tmp_path / "名册.xls"))
    run = run_python(READ, str(tmp_path / "名册.xls"))
    assert run.rc == 0 and "ROWS 3000 WIDTH 2" in run.out, run


def test_a_shared_string_used_by_many_cells_is_bounded_before_calamine(tmp_path):
    """openpyxl shares one string object; calamine (the fallback for files openpyxl refuses) copies it per cell."""
    from app.core.errors import UserFacingError
    from app.core.rollimport import limits

    rows = b"".join(b'<row r="%d"><c r="A%d" t="s"><v>5</v></c></row>' % (r, r) for r in range(4, 2004))
    path = _xlsx(tmp_path / "copies.xlsx", b"<sheetData>" + _ROWS + rows + b"</sheetData>", _SHARED, big=1)
    assert path.stat().st_size < 50_000
    with pytest.raises(UserFacingError) as err:
        limits.check_cells(path, "xlsx")  # 2,000 copies of a 1 MB string: 2 GB in calamine
    assert err.value.code == "roll_limit"
    limits.check_cells(claimed_dimension(tmp_path / "fine.xlsx"), "xlsx")  # an ordinary sheet passes
