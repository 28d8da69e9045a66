"""Reading printed ballots from scans (issue 17): marks found at any rotation, boxes read, doubts never guessed."""
from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from PIL import Image

from app.core.reports import ballot
from app.core.reports.data import BallotSpec
from app.core.scan import batch, images, reader
from app.core.scan.classify import DOUBT, EMPTY, NO, YES
from tests.core.scan.corpus import corpus

STANDARD = {"yes": YES, "no": NO, "empty": EMPTY}


def _plan(key: str = "9", dpi: int = 200, level: str = "scanner", flip: bool = False, colour: bool = False,
          quality: int = 0):
    return corpus().Plan(key, dpi, level, flip, colour, quality)


def _page(plan, seed: int, boxes=None, odd_share: float = 0.0):
    img, truth = corpus().make_page(plan, random.Random(seed), boxes=boxes, odd_share=odd_share)
    return img, truth


def _read(img: Image.Image, dpi: int, key: str = "9") -> reader.PageRead:
    return reader.read_page(img.convert("L"), dpi, corpus().layout(key))


def _assert_read(r: reader.PageRead, truth: dict) -> None:
    assert not r.refused
    for want, got in zip(truth["boxes"], r.boxes):
        if want in STANDARD:
            assert got.state == STANDARD[want], (want, got)
        else:  # a half circle, a tick, a dot, a scribble, two marks, an erasure: a person decides
            assert got.state == DOUBT, (want, got)


@pytest.mark.parametrize("dpi,level,flip,colour", [(150, "scanner", False, False), (200, "scanner", True, True),
                                                   (300, "clean", False, False), (200, "camera", False, False)])
def test_standard_marks_read_at_any_resolution_and_orientation(dpi, level, flip, colour):
    marks = ["yes", "no", "empty", "yes", "no", "yes", "empty", "yes", "no"]
    img, truth = _page(_plan("9", dpi, level, flip, colour), 11 + dpi, boxes=marks)
    _assert_read(_read(img, dpi), truth)


def test_every_non_standard_mark_goes_to_a_person():
    odd = ["half", "tick", "dot", "scribble", "erasure", "double", "slash", "yes", "no"]
    for seed in (1, 2):
        img, truth = _page(_plan("9", 200), seed, boxes=odd)
        r = _read(img, 200)
        _assert_read(r, truth)
        assert r.doubts >= 7


def test_forty_name_ballot_read_whole():
    img, truth = _page(_plan("40", 150, quality=75), 5, odd_share=0.1)
    _assert_read(_read(img, 150, "40"), truth)


def test_page_of_another_round_is_refused():
    img, _truth = _page(_plan("9", 200), 3)
    other = dict(corpus().layout("9"), code=corpus().layout("9")["code"] ^ 0b101)
    r = reader.read_page(img.convert("L"), 200, other)
    assert r.refused == reader.OTHER_ROUND


def test_blank_paper_and_an_uncut_sheet_are_refused():
    assert _read(Image.new("L", (1654, 2339), 250), 200).refused == reader.NO_BALLOT
    m = corpus()
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(ballot.ballot_pdf(m.ORG, m.ELECTION, m.SPECS["9"], 3, None))
    sheet = pdf[0].render(scale=150 / 72, grayscale=True).to_pil()
    pdf.close()
    r = _read(sheet, 150)
    assert r.refused == reader.UNCUT and r.extra["ballots"] == 3


def test_write_in_rows_with_a_name_go_to_review():
    m = corpus()
    lay = m.layout("9")
    img, truth = _page(_plan("9", 200), 8, boxes=["empty"] * 9)
    assert not any(w for w, _k in truth["write_ins"])
    assert _read(img, 200).doubts == 0
    base = m.blank("9", 200).copy()
    from PIL import ImageDraw

    d = ImageDraw.Draw(base)
    m.write_name(d, random.Random(1), lay["write_ins"][0]["name"], m.Pen(0.5, 30), 200 / 25.4)
    r = _read(base, 200)
    assert r.write_ins[0].written and not r.write_ins[1].written and r.doubts == 1


def test_folder_of_png_jpeg_tiff_and_pdf_pages(tmp_path: Path):
    imgs = [_page(_plan("9", 200), s, boxes=["yes"] * 9)[0].convert("L") for s in (1, 2, 3)]
    imgs[0].save(tmp_path / "a.png", dpi=(200, 200))
    imgs[1].save(tmp_path / "b.jpg", quality=80, dpi=(200, 200))
    imgs[0].save(tmp_path / "c.tif", save_all=True, append_images=[imgs[2]], dpi=(200, 200))
    buf = io.BytesIO()
    imgs[1].save(buf, "PDF", resolution=200, save_all=True, append_images=[imgs[2]])
    (tmp_path / "d.pdf").write_bytes(buf.getvalue())
    (tmp_path / "notes.txt").write_text("not a scan")
    (tmp_path / "e.png").write_bytes(b"broken")
    pages = batch.read_folder(tmp_path, corpus().layout("9"))
    names = [p.name for p in pages]
    assert names == ["a.png", "b.jpg", "c.tif p1", "c.tif p2", "d.pdf p1", "d.pdf p2", "e.png"]
    assert [p.refused for p in pages] == [""] * 6 + [batch.UNREADABLE_FILE]
    assert all(p.read["boxes"] == ["yes"] * 9 for p in pages[:6])
    assert pages[0].sha256 == pages[2].sha256  # the same pixels, saved twice, hash the same


def test_layout_boxes_lie_inside_the_ballot_and_do_not_overlap():
    m = corpus()
    for key in ("9", "40"):
        lay = m.layout(key)
        w, h = lay["size"]
        rects = lay["boxes"] + [x for row in lay["write_ins"] for x in (row["name"], row["box"])]
        assert all(0 < x0 < x1 < w and 0 < y0 < y1 < h for x0, y0, x1, y1 in rects)
        for i, a in enumerate(rects):
            for b in rects[i + 1:]:
                assert a[2] <= b[0] + 0.01 or b[2] <= a[0] + 0.01 or a[3] <= b[1] + 0.01 or b[3] <= a[1] + 0.01


def test_a_ballot_too_long_for_a_sheet_has_no_layout():
    m = corpus()
    spec = BallotSpec("委员", 60, tuple(f"候选{i:03d}" for i in range(150)))
    assert ballot.ballot_layout(m.ORG, m.ELECTION, spec) is None


def test_image_dpi_from_file_or_a4_guess():
    img = Image.new("L", (2480, 3508), 255)
    assert abs(images._dpi(img) - 300) < 1
    img.info["dpi"] = (150, 150)
    assert images._dpi(img) == 150


def test_the_round_code_is_the_same_on_every_copy_and_differs_between_designs():
    from dataclasses import replace

    from app.core.rules.model import RoundKind

    m = corpus()
    spec = m.SPECS["9"]
    code = m.layout("9")["code"]
    assert ballot.ballot_layout(m.ORG, m.ELECTION, spec)["code"] == code  # recomputed: the same design, the same code
    others = [replace(spec, kind=RoundKind.ADDITIONAL), replace(spec, seats=6), replace(spec, candidates=spec.candidates[::-1]),
              replace(spec, post="书记")]
    assert all(ballot.ballot_layout(m.ORG, m.ELECTION, o)["code"] != code for o in others)
    assert 0 < code < 1 << ballot.CODE_BITS
