"""What the signed papers say, read back: each round's names, votes, E, P and elected must be those of result.json."""
from __future__ import annotations

import functools
import re
from typing import Any, Mapping

RESULT_REPORT, COUNTING_REPORTS = "result-report.pdf", "counting-reports.pdf"
MAX_PAGES = 200  # a result package's papers are a few dozen pages; more is not read
TITLES = {RESULT_REPORT: "选举结果报告", COUNTING_REPORTS: "计票结果报告单"}  # as the papers are called
WRITE_IN = "（另选）"
ELECTED = "当选"


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF as pdfium lays it out (lines and spaces kept); "" when it cannot be read."""
    import pypdfium2

    try:
        doc = pypdfium2.PdfDocument(pdf)
        try:
            return "\n".join(doc[i].get_textpage().get_text_range() for i in range(min(len(doc), MAX_PAGES)))
        finally:
            doc.close()
    except Exception:  # pdfium raises its own error kinds on damaged files and pages: the paper states nothing
        return ""


@functools.lru_cache(maxsize=4)
def _index(text: str) -> tuple[list[str], dict[str, list[int]]]:
    """The text's tokens, and every run of up to six tokens joined (a long name wraps inside its table cell) ->
    where the runs end: one pass, so a paper of hundreds of names is read once, not once per name."""
    tokens = text.split()
    runs: dict[str, list[int]] = {}
    for i in range(len(tokens)):
        acc = ""
        for j in range(i, min(i + 6, len(tokens))):
            acc += tokens[j]
            if len(acc) > 40:
                break
            runs.setdefault(acc, []).append(j)
    return tokens, runs


def _row_result(tokens: list[str], i: int) -> str:
    """The word after a person's numbers in a table row (当选, 未当选, …); "" when the row has none."""
    j = i + 1
    while j < len(tokens) and re.fullmatch(r"\d+|—", tokens[j]):
        j += 1
    return tokens[j] if j < len(tokens) else ""


def round_problems(text: str, recount: Mapping[str, Any]) -> list[str]:
    """How a paper's text differs from one recounted round (empty: it states the round as result.json does).

    Each person's row must give the name then the yes votes; the attendance E and P must be printed after
    应到会 and 实到会; a person elected in the round has 当选 at the end of the row, no one else has.
    """
    tokens, runs = _index(text)
    flat = "".join(tokens)
    problems = []
    quorum = recount.get("quorum") or {}
    for label, key in (("应到会", "expected"), ("实到会", "present")):
        if not re.search(rf"{label}[^0-9]{{0,12}}{int(quorum.get(key, -1))}(?!\d)", flat):
            problems.append(f"{label} {quorum.get(key)}")
    elected = set(recount.get("elected") or [])
    for row in recount.get("results") or []:
        name, yes = str(row.get("name")), str(row.get("yes"))
        ends = runs.get(name, []) + runs.get(name + WRITE_IN, [])
        at = [j for j in ends if j + 1 < len(tokens) and tokens[j + 1] == yes]
        if not at:
            problems.append(f"{name} {yes}")
        elif not any((_row_result(tokens, i) == ELECTED) == (name in elected) for i in at):
            problems.append(f"{name} {'当选' if name in elected else '未当选'}")
    return problems


def paper_problems(files: Mapping[str, bytes], reports_dir: str, recounts: Mapping[str, tuple[str, dict]]) -> dict[str, list[str]]:
    """Paper name -> what it states differently from the rounds (title, recount); a missing result report too.

    The result report must state every round (its attachments are the rounds' counting tables); the counting
    reports, when the package holds them, must too.
    """
    out: dict[str, list[str]] = {}
    for name in (RESULT_REPORT, COUNTING_REPORTS):
        data = files.get(reports_dir + name)
        if data is None:
            if name == RESULT_REPORT:
                out[name] = ["missing"]
            continue
        text = pdf_text(data)
        wrong = [f"{title}: {', '.join(p[:4])}" for title, recount in recounts.values()
                 if (p := round_problems(text, recount))]
        if wrong:
            out[name] = wrong
    return out
