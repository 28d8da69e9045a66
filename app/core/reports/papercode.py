"""The paper verification code of a round: its ballots and the audit log when it closed, printed on the counting report."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

DOMAIN = b"votedesk-paper-code/1\n"
# Digits only: typed on any keyboard or input method, and the papers print no Latin letters.
LENGTH = 20  # about 66 bits: making another file give the same code takes about 2**66 hashes
QR_SIZE_MM = 24


def code_of(round_id: Any, ballots_digest: str | None, closing_hash: str) -> str:
    """The code of a round, "1234-5678-…" (five groups of four digits): SHA-256 over the round id, its ballots digest
    and the hash of its closing audit entry (which chains every entry before it, so the code also fixes the whole
    log up to that moment)."""
    body = f"{round_id}\n{ballots_digest or ''}\n{closing_hash}".encode()
    value = int.from_bytes(hashlib.sha256(DOMAIN + body).digest()[:12], "big") % 10 ** LENGTH
    return _grouped(f"{value:0{LENGTH}d}")


def _grouped(digits: str) -> str:
    return "-".join(digits[i:i + 4] for i in range(0, len(digits), 4))


def normalize(text: str) -> str:
    """A code as typed ("1234 5678-…", full-width digits too) in the printed form, or "" when it is not one."""
    plain = "".join(ch for ch in text.translate(_WIDE) if ch.isalnum())
    return _grouped(plain) if len(plain) == LENGTH and plain.isdigit() and plain.isascii() else ""


def split_codes(text: str) -> list[str]:
    """Codes typed in one field, however separated ("1234 5678 …, 1234-5678-…"): every 20 digits (letters kept, so a
    stray one makes that code a mismatch rather than vanish)."""
    plain = "".join(ch for ch in text.translate(_WIDE) if ch.isalnum())
    return [plain[i:i + LENGTH] for i in range(0, len(plain), LENGTH)]


_WIDE = {0xFF10 + i: ord("0") + i for i in range(10)}  # full-width digits, as a Chinese input method types them


def closing_codes(entries: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Round id (as text) -> the code of its last closing entry, from audit entries (each with event, params, hash)."""
    out: dict[str, str] = {}
    for e in entries:
        params = e.get("params")
        if e.get("event") == "round_closed" and isinstance(params, dict) and "round" in params:
            digest = params.get("ballots_digest")
            out[str(params["round"])] = code_of(params["round"], digest if isinstance(digest, str) else None,
                                                str(e.get("hash", "")))
    return out


def election_codes(db: Any) -> dict[int, str]:
    """Round id -> code, from an election file's audit log (what its counting reports print)."""
    from app.core.storage import audit_log

    entries = ({"event": e.event, "params": e.params, "hash": e.hash} for e in audit_log.entries(db))
    return {int(k): v for k, v in closing_codes(entries).items()}


@dataclass(frozen=True)
class RoundCode:
    """One round of a package: its id, title (as result.json names it) and the code its paper must show."""

    id: str
    title: str
    code: str


def package_codes(files: Mapping[str, bytes]) -> list[RoundCode]:
    """Every round of a package with the code computed from its audit log ("" when the log never closed it)."""
    from app.core.signing.package import AUDIT, RESULT

    try:
        rounds = json.loads(files[RESULT])["rounds"]
        codes = closing_codes(json.loads(files[AUDIT])["entries"])
        return [RoundCode(str(r["id"]), str(r.get("title") or r["id"]), codes.get(str(r["id"]), "")) for r in rounds]
    except (KeyError, TypeError, ValueError, AttributeError):  # an unreadable package: the verifier says why
        return []


@dataclass(frozen=True)
class PaperCheck:
    """The codes typed from the paper against a package: ``unknown`` codes match no round (a mismatch)."""

    matched: tuple[RoundCode, ...]
    unmatched: tuple[RoundCode, ...]  # rounds whose code was not given
    unknown: tuple[str, ...]  # given codes (as typed) that match no round of the package

    @property
    def ok(self) -> bool:
        return not self.unknown

    @property
    def complete(self) -> bool:
        return self.ok and not self.unmatched


def check_codes(rounds: Sequence[RoundCode], given: Iterable[str]) -> PaperCheck:
    """Which rounds the codes from the paper confirm; a code matching none is a mismatch."""
    typed = [g for g in (s.strip() for s in given) if g]
    by_code = {r.code: r for r in rounds if r.code}
    matched = [by_code[normalize(g)] for g in typed if normalize(g) in by_code]
    unknown = tuple(g for g in typed if normalize(g) not in by_code)
    return PaperCheck(tuple(dict.fromkeys(matched)), tuple(r for r in rounds if r not in matched), unknown)


# A printed module of about a third of a millimetre reads with a phone camera: a 24 mm code then holds at most 67
# modules with its quiet zone of 4 on each side, i.e. QR version 12 (65 modules of 0.33 mm, about 280 bytes at level
# M). A longer summary drops the votes, then the elected names, and says so; organization, round, counts and code
# always stay.
MIN_MODULE_MM = 0.32
QUIET = 4


@dataclass(frozen=True)
class QrSummary:
    """What the QR code carries: its text, and whether it left out the votes and the elected names (the paper says)."""

    text: str
    votes: bool
    elected: bool


def qr_summary(org: str, title: str, rnd: Any) -> QrSummary:
    """The round's summary as the QR code carries it: as much as stays readable at 24 mm (votes go first, then the
    elected names; each part left out is said as "见报告单" so the code never looks complete when it is not)."""
    title = title[len(org):] if title.startswith(org) and title != org else title  # the post's title names it again
    head = (f"计票 {org} {title} 应到{rnd.expected} 实到{rnd.present} 发出{rnd.issued} 收回{rnd.returned} "
            f"有效{rnd.valid} 无效{rnd.invalid}")
    # With the votes, a star marks who was elected (no second list of the same names).
    votes = "得票(*当选) " + " ".join(f"{p.name}{p.yes}{'*' if p.name in rnd.elected else ''}" for p in rnd.persons)
    elected = f"当选 {'、'.join(rnd.elected) or '无'}"
    tail = f"核验码 {rnd.paper_code}"
    tries = [QrSummary(f"{head} {votes} {tail}", True, True),
             QrSummary(f"{head} 得票见报告单 {elected} {tail}", False, True),
             QrSummary(f"{head} 得票见报告单 当选见报告单 {tail}", False, False)]
    return next((t for t in tries if _modules(t.text) <= max_modules()), tries[-1])


def qr_payload(org: str, title: str, rnd: Any) -> str:
    """The text of the round's QR code (see qr_summary)."""
    return qr_summary(org, title, rnd).text


def max_modules(size_mm: float = QR_SIZE_MM) -> int:
    """The most modules (without the quiet zone) a code of this size holds at MIN_MODULE_MM each."""
    return int(size_mm / MIN_MODULE_MM) - 2 * QUIET


def _modules(text: str) -> int:
    from reportlab.graphics.barcode import qrencoder

    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(text)
    try:
        qr.make()
    except Exception:  # noqa: BLE001 - reportlab raises a bare Exception ("code length overflow") past version 40
        return 10 ** 6
    return int(qr.getModuleCount())


def qr_size_mm(text: str) -> float:
    """24 mm, or larger when even the shortest summary (a very long organization name) needs more modules."""
    return max(float(QR_SIZE_MM), (_modules(text) + 2 * QUIET) * MIN_MODULE_MM)


def paper_block(org: str, title: str, rnd: Any) -> list:
    """The verification code and the QR code of the round summary, for the counting report (nothing without a code)."""
    code = getattr(rnd, "paper_code", "")
    if not code:
        return []
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.units import mm
    from reportlab.platypus import Table

    from app.core.reports.styles import para

    summary = qr_summary(org, title, rnd)
    widget = QrCodeWidget(summary.text, barLevel="M", barBorder=QUIET)
    x0, y0, x1, y1 = widget.getBounds()
    side = qr_size_mm(summary.text)
    size = side * mm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    # Only a shortened QR is described (a full one carries the whole table): the signatures stay on the same page.
    note = "" if summary.votes and summary.elected else qr_caption(summary)
    text = [para(f"核验码：{code}", "to"),
            para(f"上级党组织审核电子结果包时，输入本报告单上的核验码，核对电子记录与会上签字的报告单一致。{note}", "body")]
    table = Table([[drawing, text]], colWidths=[(side + 4) * mm, None])
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (0, 0), 0)])
    return [table]


def qr_caption(summary: QrSummary) -> str:
    """What the QR code carries, as the paper states it (never more than it holds)."""
    parts = ["组织、轮次、应到实到、发出收回、有效无效"] + (["各人得票"] if summary.votes else []) \
        + (["当选名单"] if summary.elected else []) + ["核验码"]
    left = [w for w, kept in (("各人得票", summary.votes), ("当选名单", summary.elected)) if not kept]
    note = f"；{'和'.join(left)}见上表" if left else ""
    return f"二维码载有本轮的{'、'.join(parts)}{note}。"
