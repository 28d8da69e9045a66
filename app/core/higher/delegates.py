"""The Party committee's side of a delegate congress: electoral units' signed packages verified and read into delegates."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from app.core.signing.package import RESULT, read_package
from app.core.signing.report import VerificationReport
from app.core.signing.verify import verify_package


@dataclass(frozen=True)
class UnitReport:
    """An electoral unit's delegate election as its verified package says it (R13.9, R4.3)."""

    organization: str  # the unit's committee as the package's summary names it
    signer: str  # the organization of the signing certificate
    held_on: str
    delegates: tuple[tuple[str, int], ...]  # (name, yes votes) of each delegate elected, as the recount says
    sha256: str


def _delegate_votes(data: bytes) -> dict[str, int]:
    """Yes votes of each person in the unit's delegate rounds (the package is verified before this is read)."""
    doc = json.loads(read_package(data)[RESULT])
    votes: dict[str, int] = {}
    for rnd in doc.get("rounds", []):
        if rnd.get("input", {}).get("office") != "delegate":
            continue
        for person in rnd.get("claimed", {}).get("results", []):
            votes[person["name"]] = max(votes.get(person["name"], 0), int(person.get("yes", 0)))
    return votes


def read_unit_package(data: bytes, trust_root: bytes, at: dt.datetime | None = None) -> tuple[VerificationReport, UnitReport | None]:
    """Verify a unit's package against the committee's trusted root; the unit's delegates only when it verifies.

    Delegates are the recount's elected of the ``delegate`` rounds, never what the package claims alone.
    """
    report = verify_package(data, trust_root, at=at)
    if not report.ok:
        return report, None
    votes = _delegate_votes(data)
    delegates = tuple((n, votes[n]) for n in report.elected if n in votes)
    summary: dict[str, Any] = report.summary
    return report, UnitReport(str(summary.get("organization", "")), report.signer, str(summary.get("date", "")),
                              delegates, hashlib.sha256(data).hexdigest())
