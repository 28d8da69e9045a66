"""The higher level's reply to one package, signed and verified by the branch: approval (批复) or return (退回)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from io import BytesIO

from pyhanko.pdf_utils.reader import PdfFileReader

from app.core.errors import UserFacingError
from app.core.higher.imports import package_bytes
from app.core.higher.workspace import Workspace
from app.core.paths import resource
from app.core.signing import keys
from app.core.signing.chain import TrustRoot, load_trust_root
from app.core.signing.keys import Identity
from app.core.signing.pdfsign import check_pdf, sign_pdf
from app.core.signing.report import Check

SUBJECT = "votedesk-reply/1"
_FONT = "VDReplyCJK"
APPROVED, RETURNED = "approved", "returned"


@dataclass(frozen=True)
class ReplyInfo:
    """What a reply says about itself (from its PDF metadata)."""

    number: str
    organization: str
    package_sha256: str
    verdict: str = APPROVED  # or RETURNED (退回): correct and submit again
    reasons: tuple[str, ...] = ()  # why it was returned, as printed


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_FONT, str(resource("fonts", "wqy-microhei.ttc")), subfontIndex=0))
    return _FONT


_NO_LINE_START = "，。、；：！？）》」』”"


def _lines(text: str, width: int = 34) -> list[str]:
    """Wrap CJK text by characters, never starting a line with closing punctuation."""
    out = []
    for para in text.splitlines() or [""]:
        line = ""
        for ch in para:
            if len(line) >= width and ch not in _NO_LINE_START:
                out.append(line)
                line = ""
            line += ch
        out.append(line)
    return out


def reply_title(branch: str, verdict: str = APPROVED) -> str:
    """The reply's heading: 批复 for an approval, 退回 for a return."""
    return f"关于{branch}选举结果的批复" if verdict == APPROVED else f"关于退回{branch}选举结果报告的通知"


def reply_pdf(*, higher: str, branch: str, number: str, body: str, sha: str, when: dt.datetime,
              verdict: str = APPROVED, reasons: tuple[str, ...] = ()) -> bytes:
    """The unsigned reply; the package hash goes in the text and, machine-readable with the verdict, in the metadata."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, invariant=1)
    pdf.setTitle(reply_title(branch, verdict))
    pdf.setSubject(SUBJECT)
    pdf.setKeywords(json.dumps({"number": number, "organization": branch, "package_sha256": sha, "verdict": verdict,
                                "reasons": list(reasons)}, ensure_ascii=False))
    font = _font()
    pdf.setFont(font, 18)
    pdf.drawCentredString(A4[0] / 2, 760, reply_title(branch, verdict))
    pdf.setFont(font, 12)
    pdf.drawCentredString(A4[0] / 2, 735, number)
    y = 700
    for line in [f"{branch}："] + _lines(body) + ["", f"结果包 SHA-256：{sha[:32]}", f"{sha[32:]}", "",
                                                   higher, f"{when:%Y年%m月%d日}"]:
        if y < 60:  # a long list of reasons goes on over the page
            pdf.showPage()
            pdf.setFont(font, 12)
            y = 780
        pdf.drawString(72, y, line)
        y -= 20
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def default_body(summary: dict, elected: list[str]) -> str:
    """The standard approval wording for a verified package."""
    title = summary.get("title", "换届选举")
    return f"你单位关于{title}结果的报告收悉。经审核，同意选举结果。当选委员：{'、'.join(elected) or '无'}。"


def return_body(summary: dict, reasons: list[str]) -> str:
    """The standard wording of a return (退回): the reasons numbered, and what the branch does next."""
    title = summary.get("title", "换届选举")
    listed = "\n".join(f"{i}. {r}" for i, r in enumerate(reasons, 1))
    return (f"你单位关于{title}结果的报告收悉。经审核，予以退回，请按以下意见更正：\n{listed}\n"
            "请以留痕更正的方式改正，重新确认选举结果并签名后，重新报送。")


def return_reasons(ws: Workspace, package_id: int) -> list[str]:
    """Why a package would be returned by default: the verifier's refusals, as the import showed them."""
    from app.core.signing.texts import describe
    from app.core.signing.verify import verify_package

    from app.core.higher.revocation import latest_crl

    return [describe(c) for c in verify_package(package_bytes(ws, package_id), ws.trust, crl=latest_crl(ws)).failures]


def _package_row(ws: Workspace, package_id: int) -> tuple:
    row = ws.db.execute("SELECT b.name, p.summary, p.elected, p.ok FROM packages p JOIN branches b ON b.id = p.branch_id "
                        "WHERE p.id = ?", [package_id]).fetchone()
    if row is None:
        raise UserFacingError("package_unknown", f"no package #{package_id} from a registered branch")
    return tuple(row)


def make_reply(ws: Workspace, package_id: int, root: Identity, *, number: str, body: str | None = None,
               when: dt.datetime | None = None) -> bytes:
    """The signed approval (批复) of an accepted package on file, recorded in the workspace; returns the PDF bytes."""
    row = _package_row(ws, package_id)
    if not row[3]:
        raise UserFacingError("reply_to_rejected", "this package failed verification; no approval can be issued")
    text = body or default_body(json.loads(row[1]), json.loads(row[2]))
    return _signed(ws, package_id, root, row[0], number, text, when, APPROVED, ())


def make_return(ws: Workspace, package_id: int, root: Identity, *, number: str, reasons: list[str] | None = None,
                when: dt.datetime | None = None) -> bytes:
    """The signed return (退回) of a package on file, with its reasons; recorded in the workspace like an approval.

    ``reasons`` default to the verifier's refusals; an accepted package is returned only with reasons given.
    """
    row = _package_row(ws, package_id)
    listed = [r.strip() for r in (reasons if reasons is not None else return_reasons(ws, package_id)) if r.strip()]
    if not listed:
        raise UserFacingError("return_needs_reasons", "a return must say what to correct")
    text = return_body(json.loads(row[1]), listed)
    return _signed(ws, package_id, root, row[0], number, text, when, RETURNED, tuple(listed))


def _signed(ws: Workspace, package_id: int, root: Identity, branch: str, number: str, text: str,
            when: dt.datetime | None, verdict: str, reasons: tuple[str, ...]) -> bytes:
    when = when or dt.datetime.now(dt.timezone.utc)
    sha = hashlib.sha256(package_bytes(ws, package_id)).hexdigest()
    office = keys.issue_office_identity(root, now=when)  # the root key only certifies; this key signs
    unsigned = reply_pdf(higher=ws.organization, branch=branch, number=number, body=text, sha=sha, when=when,
                         verdict=verdict, reasons=reasons)
    pdf = sign_pdf(unsigned, office, when=when, reason="批复" if verdict == APPROVED else "退回", location=ws.organization)
    with ws.db.conn:
        ws.db.execute("INSERT INTO replies (package_id, number, created, pdf) VALUES (?, ?, ?, ?)",
                      [package_id, number, when.isoformat(), pdf])
    return pdf


def reply_info(pdf: bytes) -> ReplyInfo | None:
    """The reply's number, organization and package hash, or None if it is not a votedesk reply."""
    try:
        info = PdfFileReader(BytesIO(pdf), strict=False).trailer["/Info"]
        if str(info.get("/Subject", "")) != SUBJECT:
            return None
        meta = json.loads(str(info["/Keywords"]))
        verdict = str(meta.get("verdict", APPROVED))
        if verdict not in (APPROVED, RETURNED):
            return None
        return ReplyInfo(str(meta["number"]), str(meta["organization"]), str(meta["package_sha256"]), verdict,
                         tuple(str(r) for r in meta.get("reasons", [])))
    except Exception:  # any damage means "not a reply we can read"
        return None


def verify_reply(pdf: bytes, trust_root: bytes | TrustRoot, *, package: bytes | None = None) -> tuple[bool, list[Check]]:
    """Branch side: the reply is signed under the trusted root, covers the whole file, and answers ``package``."""
    trust = load_trust_root(trust_root)
    checks = [check_pdf("reply.pdf", pdf, [trust.asn1], policy=keys.OFFICE_POLICY)]  # a branch cannot sign one
    info = reply_info(pdf)
    if info is None:
        checks.append(Check("reply", False, "not_a_reply", "", "the PDF is not a votedesk approval reply"))
    elif package is not None:
        same = hashlib.sha256(package).hexdigest() == info.package_sha256
        checks.append(Check("reply_package", same, "ok" if same else "reply_other_package", "",
                            f"reply {info.number} to {info.organization}"))
    return all(c.ok for c in checks), checks


def check_for_election(pdf: bytes, trust_root: bytes | TrustRoot, package: bytes,
                       audit_hashes: set[str]) -> tuple[bool, list[Check], ReplyInfo | None]:
    """Branch side: verify_reply, and the package it answers was made from this election file (its audit log)."""
    from app.core.signing.package import MANIFEST, read_package

    ok, checks = verify_reply(pdf, trust_root, package=package)
    try:
        head = json.loads(read_package(package)[MANIFEST]).get("audit_head")
    except (UserFacingError, KeyError, ValueError, AttributeError):
        head = None
    ours = head in audit_hashes
    checks.append(Check("reply_election", ours, "ok" if ours else "reply_other_election", "",
                        "the package's audit log ends in this file's log" if ours else "the package is from another file"))
    return ok and ours, checks, reply_info(pdf)
