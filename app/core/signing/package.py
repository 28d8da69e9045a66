"""Build the signed result package (.vdpkg): signed PDFs, result.json, audit.json, certs, signed manifest."""
from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import random
from dataclasses import dataclass
from io import BytesIO
from typing import Any, Mapping, Sequence

from cryptography.hazmat.primitives import hashes
from pyhanko.pdf_utils.reader import PdfFileReader

from app import __version__
from app.core.errors import UserFacingError
from app.core.rounddigest import round_digest
from app.core.signing import cms, container, keys
from app.core.signing.keys import Identity
from app.core.signing.pdfsign import FIELD, sign_pdf

PACKAGE_FORMAT = "votedesk-package/1"
PACKAGE_TYPE = "result-package"
RESULT_FORMAT = "votedesk-result/1"
AUDIT_FORMAT = "votedesk-audit/1"
MANIFEST, SIGNATURE = "manifest.json", "manifest.sig"
RESULT, AUDIT, CHAIN = "result.json", "audit.json", "certs/chain.pem"
REPORTS_DIR = "reports/"
SUFFIX = ".vdpkg"
SUMMARY_KEYS = ("organization", "title", "date")


@dataclass(frozen=True)
class RoundRecord:
    """One round as recorded by the branch: its votedesk-count/1 input and the outcome it claims."""

    id: str
    title: str
    count_input: Mapping[str, Any]
    claimed: Mapping[str, Any]  # votedesk-count-result/1, as printed on the counting report


def dumps(doc: Any) -> bytes:
    """The JSON encoding used inside packages: UTF-8, sorted keys, one space indent."""
    return (json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1, allow_nan=False) + "\n").encode("utf-8")


def anonymize_round(rnd: RoundRecord, rng: random.Random) -> dict[str, Any]:
    """The round for result.json: ballots shuffled and renumbered so no id or position leads to a voter.

    It carries its ballots' digest (ids and order ignored, so the shuffle keeps it), as the round's closing entry
    in the audit log recorded it: the verifier recomputes both and refuses any difference (issue 12).
    """
    digest = round_digest(rnd.count_input)
    inp, claimed = copy.deepcopy(dict(rnd.count_input)), copy.deepcopy(dict(rnd.claimed))
    ballots = inp.get("ballots")
    if isinstance(ballots, list):
        rng.shuffle(ballots)
        old_ids = [str(b.get("id", i + 1)) for i, b in enumerate(ballots)]
        new_id = {old: f"b{n}" for n, old in enumerate(old_ids, 1)}
        for ballot, old in zip(ballots, old_ids):
            ballot["id"] = new_id[old]
        counted = claimed.get("ballots")
        if isinstance(counted, dict) and isinstance(counted.get("invalid_ids"), list):
            invalid = {str(i) for i in counted["invalid_ids"]}
            counted["invalid_ids"] = [new_id[o] for o in old_ids if o in invalid]  # engine order: ballot order
    return {"id": rnd.id, "title": rnd.title, "input": inp, "claimed": claimed, "ballots_digest": digest}


def result_document(election: Mapping[str, Any], rounds: Sequence[RoundRecord], rng: random.Random) -> dict[str, Any]:
    """result.json: the election summary and every round's input and claimed outcome."""
    missing = [k for k in SUMMARY_KEYS if not isinstance(election.get(k), str) or not election[k]]
    if missing:
        raise UserFacingError("package_summary_incomplete", f"the election summary lacks {', '.join(missing)}")
    ids = [r.id for r in rounds]
    if not rounds or len(set(ids)) != len(ids):
        raise UserFacingError("package_rounds_invalid", "a package needs at least one round, each with its own id")
    return {"format": RESULT_FORMAT, "election": dict(election), "rounds": [anonymize_round(r, rng) for r in rounds]}


def audit_document(entries: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """audit.json: the audit log entries as stored, each with its "hash" (and optionally "prev_hash").

    An entry's hash must be link(previous hash, entry without "hash" and "prev_hash"), as in storage.
    """
    for i, e in enumerate(entries):
        if not isinstance(e.get("hash"), str):
            raise UserFacingError("package_audit_invalid", f"audit entry {i + 1} has no hash")
    return {"format": AUDIT_FORMAT, "entries": [dict(e) for e in entries]}


def is_signed_pdf(pdf: bytes) -> bool:
    """Whether a PDF already carries an embedded signature."""
    try:
        return bool(PdfFileReader(BytesIO(pdf), strict=False).embedded_signatures)
    except Exception:  # pyHanko raises several kinds on odd files; signing will report the problem
        return False


def _appearance(pdf: bytes, seal: tuple[str, str, str] | None) -> tuple[Any, Any] | None:
    """The seal over the paper's issuer and date as the signature's appearance; None when it prints no date yet."""
    if seal is None:
        return None
    from app.core.reports.seal import seal_signature_parts  # reportlab and pyHanko's stamp: only when sealing

    try:
        return seal_signature_parts(pdf, *seal, FIELD)
    except ValueError:  # no issuer and date on the paper (not issued yet): an invisible signature, as before
        return None


def _reports(pdfs: Sequence[tuple[str, bytes]], identity: Identity, when: dt.datetime,
             crl: bytes | None, seals: Mapping[str, tuple[str, str, str]]) -> list[tuple[str, bytes]]:
    out = []
    for name, pdf in pdfs:
        if not name.endswith(".pdf"):
            raise UserFacingError("package_bad_name", f"report {name!r} must be a .pdf file name")
        signed = pdf if is_signed_pdf(pdf) else sign_pdf(pdf, identity, when=when, crl=crl,
                                                         appearance=_appearance(pdf, seals.get(name)))
        out.append((REPORTS_DIR + container.check_name(name), signed))
    return out


def _kept_crl(identity: Identity) -> bytes | None:
    from app.core.signing.crlstore import for_identity

    kept = for_identity(identity)
    return kept.der if kept else None


def manifest_document(files: list[tuple[str, bytes]], identity: Identity, when: dt.datetime,
                      audit_head: str) -> dict[str, Any]:
    """manifest.json: what the package is, who signed it, and the SHA-256 of every other file."""
    return {
        "format": PACKAGE_FORMAT,
        "type": PACKAGE_TYPE,
        "created": when.isoformat(),
        "generator": f"votedesk {__version__}",
        "signer": {"organization": identity.organization, "fingerprint": identity.cert.fingerprint(hashes.SHA256()).hex()},
        "audit_head": audit_head,
        "files": [{"path": n, "sha256": hashlib.sha256(d).hexdigest(), "size": len(d)} for n, d in files],
    }


def build_package(*, identity: Identity, election: Mapping[str, Any], rounds: Sequence[RoundRecord],
                  audit: Sequence[Mapping[str, Any]], pdfs: Sequence[tuple[str, bytes]],
                  when: dt.datetime | None = None, rng: random.Random | None = None, crl: bytes | None = None,
                  seals: Mapping[str, tuple[str, str, str]] | None = None) -> bytes:
    """The .vdpkg bytes. Unsigned PDFs are signed here; pass ``when`` and a seeded ``rng`` to reproduce bytes.

    The reports embed their chain and ``crl`` (default: the latest list the branch imported, crlstore) as PAdES B-LT.
    ``seals`` maps a report's name to (organization, issuer, date as printed): its signature shows the seal there.
    """
    when = (when or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).replace(microsecond=0)
    rng = rng or random.SystemRandom()  # the shuffle must not be predictable from the package
    files = [
        (RESULT, dumps(result_document(election, rounds, rng))),
        (AUDIT, dumps(audit_document(audit))),
        (CHAIN, keys.cert_pem(identity.cert, *identity.chain)),
        *_reports(pdfs, identity, when, crl if crl is not None else _kept_crl(identity), seals or {}),
    ]
    head = audit[-1]["hash"] if audit else ""
    manifest = dumps(manifest_document(files, identity, when, head))
    signature = cms.sign_detached(manifest, identity, when)
    return container.pack([(MANIFEST, manifest), (SIGNATURE, signature), *files])


def read_package(data: bytes) -> dict[str, bytes]:
    """The files of a package by name, without any verification (use verify_package for trust)."""
    try:
        return dict(container.unpack(data))
    except container.ContainerError as exc:
        raise UserFacingError(exc.reason, exc.detail) from None
