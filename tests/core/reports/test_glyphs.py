"""Every character prints: glyphs exist, text round-trips through pdftotext, the font is an embedded subset."""
from __future__ import annotations

import subprocess
from dataclasses import replace

import pytest

from app.core.reports.candidates import candidates_pdf
from app.core.reports.data import CandidateRow
from app.core.reports.styles import MissingGlyphError, _strings, font, missing_glyphs, require_glyphs
from tests.core.reports.helpers import needs

RARE = "燚犇靳亓覃"
RARE_NAMES = ("燚", "犇", "靳", "亓", "覃", "亓官燚", "覃犇", "靳燚", "阿依古丽·买买提")


def _names(docs) -> set[str]:
    names = {a.name for a in docs.attendees} | {c.name for c in docs.candidate_request.candidates}
    names |= {p.name for r in docs.result.rounds + docs.result.plenary for p in r.persons}
    return names | {n for o in docs.officials for n in (o.chief or "", *o.scrutineers, *o.tellers) if n}


def test_every_name_character_has_a_glyph(demo, congress):
    cmap = font().face.charToGlyph
    chars = set("".join(_names(demo) | _names(congress))) | set(RARE)
    assert set(RARE) <= set("".join(_names(demo) | _names(congress)))
    assert not [c for c in chars if ord(c) not in cmap]


def test_every_string_in_the_data_has_a_glyph(demo, congress):
    for docs in (demo, congress):
        require_glyphs(docs)  # raises MissingGlyphError naming the characters


def test_every_extracted_character_has_a_glyph(case):
    _, pdfs = case
    cmap = font().face.charToGlyph
    for name, pdf in pdfs.items():
        text = subprocess.run([needs("pdftotext"), "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        assert not [c for c in set(text) if not c.isspace() and ord(c) not in cmap], name


def test_rare_names_round_trip_through_pdftotext(demo):
    rows = tuple(CandidateRow(n, "男", None, "汉族", None, "大学", "职工") for n in RARE_NAMES)
    pdf = candidates_pdf(demo.org, demo.election, "委员", 5, rows, demo.created)
    text = subprocess.run([needs("pdftotext"), "-raw", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    lines = text.split()
    for n in RARE_NAMES:
        assert n in lines or n in text.replace("\n", ""), n


@pytest.mark.parametrize("name", ["01-election-request.pdf", "04-signin.pdf", "05-ballot-1.pdf", "05-ballot-3.pdf",
                                  "06-counting-reports.pdf", "07-result-report.pdf"])
def test_font_is_an_embedded_truetype_subset(demo_pdfs, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(demo_pdfs[name])
    out = subprocess.run([needs("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows, out
    for row in rows:  # name type… encoding emb sub uni object generation
        font_name, emb, sub = row[0], row[-5], row[-4]
        assert "TrueType" in " ".join(row) and emb == "yes" and sub == "yes", row
        assert font_name[6] == "+" and font_name[:6].isupper(), font_name  # subset tag: AAAAAA+WenQuanYi…


def test_missing_glyph_fails_loudly(demo):
    rare = "\U0002A6A5"  # an Extension-B character the font does not cover
    assert missing_glyphs("王" + rare) == rare
    row = CandidateRow("王" + rare, "男", None, "汉族", None, "大学", "职工")
    with pytest.raises(MissingGlyphError) as err:
        candidates_pdf(demo.org, demo.election, "委员", 5, (row,), demo.created)
    assert err.value.chars == rare and err.value.code == "missing_glyph"
    with pytest.raises(MissingGlyphError):
        require_glyphs(replace(demo.election, place="会议室" + rare))


def test_strings_walks_nested_data(demo):
    assert "王建华" in set(_strings(demo.result))
