"""The congress's papers from the file: review report, presidium list, agenda; a station's counting sheet from its kit."""
from __future__ import annotations

import json
from datetime import date
from typing import Any

from app.core.reports.congress_papers import (
    CongressPapersData, DelegateRow, congress_agenda_pdf, presidium_pdf, review_report_pdf,
)
from app.core.reports.congress_station import StationSheetData, station_sheet_pdf
from app.core.reports.data import ElectionInfo, Organization
from app.core.rules.model import Body
from app.core.storage import congress as scg
from app.core.storage import ballots as sb


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def papers_data(db: Any) -> CongressPapersData:
    """The congress's roll, review, preparatory meeting and presidium as recorded."""
    from app.core.documents import election_info, organization

    prep = scg.preparatory(db) or {}
    decisions = tuple((_d(x["decided_on"]), x["text"], x["votes_for"], x["members"]) for x in scg.decisions(db))
    return CongressPapersData(
        organization(db), election_info(db), tuple((n, s) for _, n, s, _ in scg.units(db)),
        tuple(DelegateRow(d.unit, d.name, d.votes, bool(d.qualified), d.note or "") for d in scg.delegates(db)),
        _d(scg.reviewed_on(db)), _d(prep.get("held_on")), tuple(scg.agenda(db)), tuple(scg.presidium(db)),
        prep.get("secretary_general", ""), decisions)  # type: ignore[arg-type]  # decided_on is a required date


def congress_papers(db: Any) -> dict[str, bytes]:
    """代表资格审查报告, 主席团名单 and 大会议程 (the last two once the preparatory meeting is recorded)."""
    d = papers_data(db)
    out = {"congress-review.pdf": review_report_pdf(d)}
    if d.prep_on is not None:
        out["congress-presidium.pdf"] = presidium_pdf(d)
        out["congress-agenda.pdf"] = congress_agenda_pdf(d)
    return out


def station_sheet(station: Any, tellers: list[str]) -> bytes:
    """A station's counting sheet from its own file: the marks counted in its boxes (never another's)."""
    from app.core.documents import POST_TITLES

    rnd = station.kit["round"]
    names = list(rnd["candidates"])
    counts = {n: [0, 0, 0, 0] for n in names}
    written: dict[str, int] = {}
    spoiled = 0
    for b in station.boxes():
        for _, marks, write_ins, sp in sb.ballot_rows(station.db, b.round_id, 1):
            spoiled += int(sp)
            for n, letter in zip(names, marks):
                counts[n]["ynau".index(letter)] += 1
            for name, marked in json.loads(write_ins):
                written[name] = written.get(name, 0) + int(bool(marked))
    org_name = rnd.get("organization", "")
    org = Organization(org_name, org_name, "")
    election = ElectionInfo(f"{org_name}换届选举", Body.DELEGATE_CONGRESS, _d(rnd.get("date")), "")
    data = StationSheetData(org, election, station.name, station.code, POST_TITLES.get(rnd["office"], rnd["office"]),
                            tuple((b.name, b.ballots) for b in station.boxes()),
                            tuple((n, *counts[n]) for n in names), tuple(sorted(written.items())), spoiled,
                            tuple(tellers), _d(rnd.get("date")))
    return station_sheet_pdf(data)
