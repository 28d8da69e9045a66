"""The approval reply (批复): a PDF signed for the higher level, bound to one package, verified by the branch."""
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


@dataclass(frozen=True)
class ReplyInfo:
    """What a reply says about itself (from its PDF metadata)."""

    number: str
    organization: str
    package_sha256: str


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


def reply_pdf(*, higher: str, branch: str, number: str, body: str, sha: str, when: dt.datetime) -> bytes:
    """The unsigned reply page; the package hash goes in the text and, machine-readable, in the metadata."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, invariant=1)
    pdf.setTitle(f"关于{branch}选举结果的批复")
    pdf.setSubject(SUBJECT)
    pdf.setKeywords(json.dumps({"number": number, "organization": branch, "package_sha256": sha}, ensure_ascii=False))
    font = _font()
    pdf.setFont(font, 18)
    pdf.drawCentredString(A4[0] / 2, 760, f"关于{branch}选举结果的批复")
    pdf.setFont(font, 12)
    pdf.drawCentredString(A4[0] / 2, 735, number)
    y = 700
    for line in [f"{branch}："] + _lines(body) + ["", f"结果包 SHA-256：{sha[:32]}", f"{sha[32:]}", "",
                                                   higher, f"{when:%Y年%m月%d日}"]:
        pdf.drawString(72, y, line)
        y -= 20
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def default_body(summary: dict, elected: list[str]) -> str:
    """The standard approval wording for a verified package."""
    title = summary.get("title", "换届选举")
    return f"你单位关于{title}结果的报告收悉。经审核，同意选举结果。当选委员：{'、'.join(elected) or '无'}。"


def make_reply(ws: Workspace, package_id: int, root: Identity, *, number: str, body: str | None = None,
               when: dt.datetime | None = None) -> bytes:
    """The signed reply to a package on file, recorded in the workspace; returns the PDF bytes."""
    when = when or dt.datetime.now(dt.timezone.utc)
    row = ws.db.execute("SELECT b.name, p.summary, p.elected, p.ok FROM packages p JOIN branches b ON b.id = p.branch_id "
                        "WHERE p.id = ?", [package_id]).fetchone()
    if row is None:
        raise UserFacingError("package_unknown", f"no package #{package_id} from a registered branch")
    if not row[3]:
        raise UserFacingError("reply_to_rejected", "this package failed verification; no approval can be issued")
    sha = hashlib.sha256(package_bytes(ws, package_id)).hexdigest()
    text = body or default_body(json.loads(row[1]), json.loads(row[2]))
    office = keys.issue_office_identity(root, now=when)  # the root key only certifies; this key signs
    pdf = sign_pdf(reply_pdf(higher=ws.organization, branch=row[0], number=number, body=text, sha=sha, when=when),
                   office, when=when, reason="批复", location=ws.organization)
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
        return ReplyInfo(str(meta["number"]), str(meta["organization"]), str(meta["package_sha256"]))
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
