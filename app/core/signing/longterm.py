"""Sentences about a signature's long-term state: its level, the revocation list used, the timestamp, key expiry."""
from __future__ import annotations

import datetime as dt

from cryptography import x509

from app.core.i18n import N_, _
from app.core.signing import keys
from app.core.signing.report import VerificationReport

LEVELS = {
    "B-B": N_("Signature level B-B: the report carries no revocation list and no timestamp of the higher level"),
    "B-LT": N_("Signature level B-LT: the report carries its certificate chain and a revocation list"),
    "B-LTA": N_("Signature level B-LTA: the higher level's timestamp keeps the signature verifiable after the "
                "branch certificate expires"),
}


def _day(when: dt.datetime) -> str:
    return f"{when:%Y-%m-%d}"


def sentences(report: VerificationReport) -> list[str]:
    """The level, the list used and the timestamp, as translated sentences (no hashes, no codes)."""
    out = [_(LEVELS[report.level])] if report.level in LEVELS else []
    if report.crl_issued is not None:
        out.append(_("Revocation list used: number {number}, made by the higher level on {date}").format(
            number=report.crl_number, date=_day(report.crl_issued)))
    else:
        out.append(_("No revocation list was available: whether the key was revoked was not checked"))
    if report.timestamped_at is not None and report.renew_timestamp_by is not None:
        out.append(_("Timestamped by the higher level on {date}; renew the timestamp before {renew}").format(
            date=_day(report.timestamped_at), renew=_day(report.renew_timestamp_by)))
    return out


def expiry_notice(cert: x509.Certificate, now: dt.datetime | None = None,
                  within: int = keys.EXPIRY_NOTICE_DAYS) -> str | None:
    """A warning when the certificate expires within ``within`` days (or has expired), else None."""
    if not keys.expires_soon(cert, now, within):
        return None
    left = keys.days_left(cert, now)
    if left < 0:
        return _("The certificate of {org} expired on {date}: ask the higher level for a new one").format(
            org=keys.subject_org(cert), date=_day(cert.not_valid_after_utc))
    return _("The certificate of {org} expires on {date}, in {days} days: make a renewal request now").format(
        org=keys.subject_org(cert), date=_day(cert.not_valid_after_utc), days=left)
