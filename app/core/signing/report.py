"""Verification verdicts: one Check per fact examined, gathered in a VerificationReport."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping


@dataclass(frozen=True)
class Check:
    """One examined fact: ``reason`` is a stable code ("ok" when it holds), ``rule`` a rules.md id or "".

    A check that holds with another reason is a limitation: nothing is wrong, but less was proved (e.g. a round
    closed by an older votedesk that recorded no digest of its ballots).
    """

    name: str
    ok: bool
    reason: str
    rule: str = ""
    detail: str = ""  # English facts for logs and --json; the user reads texts.describe(check)
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)  # the sentence's {fields}


@dataclass(frozen=True)
class VerificationReport:
    """Every check made on a package; ``ok`` only when all hold. ``readable`` is false for a non-package."""

    checks: tuple[Check, ...]
    readable: bool = True
    signer: str = ""  # organization named in the signer's certificate
    fingerprint: str = ""  # of the signer's certificate, as printed on the paper report
    summary: dict = field(default_factory=dict)  # result.json's election summary, when readable
    elected: tuple[str, ...] = ()  # elected according to the recount (formal rounds), not the claim
    signed_at: dt.datetime | None = None  # signing time stated in the manifest signature
    audit_head: str = ""  # hash of the last audit entry, as named in the manifest
    level: str = ""  # PAdES-style level of the package: "B-B", "B-LT" (chain and CRL embedded), "B-LTA" (timestamped)
    crl_issued: dt.datetime | None = None  # when the revocation list used was made (None: no list)
    crl_number: int | None = None
    timestamped_at: dt.datetime | None = None  # the higher level's first timestamp: the attested signing time
    renew_timestamp_by: dt.datetime | None = None  # the newest timestamp's key expires then: re-timestamp before

    @property
    def ok(self) -> bool:
        """Whether the package is accepted."""
        return self.readable and bool(self.checks) and all(c.ok for c in self.checks)

    @property
    def verdicts(self) -> tuple[Check, ...]:
        """Alias of ``checks`` (the name used in the design notes)."""
        return self.checks

    @property
    def failures(self) -> tuple[Check, ...]:
        """The checks that do not hold."""
        return tuple(c for c in self.checks if not c.ok)

    @property
    def limitations(self) -> tuple[Check, ...]:
        """Checks that hold but prove less than a current package would (said, never silently passed as bound)."""
        return tuple(c for c in self.checks if c.ok and c.reason != "ok")

    @property
    def rules_broken(self) -> tuple[str, ...]:
        """Rule ids of failing checks, in order, without repeats."""
        return tuple(dict.fromkeys(c.rule for c in self.failures if c.rule))

    def reasons(self) -> tuple[str, ...]:
        """Reason codes of failing checks, in order, without repeats."""
        return tuple(dict.fromkeys(c.reason for c in self.failures))
