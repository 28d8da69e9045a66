"""The chief scrutineer's confirmation: a PIN set at the meeting, checked before signing or marking official.

The PIN's PBKDF2 verifier lives in its own table (schema v6), not in the audit log the package carries; the log
records who set it. Wrong PINs are counted in the file: after a few, each attempt waits longer (restarting does
not reset it). A file from before v6 kept the verifier in its chief_pin_set entry: it must choose a new PIN
(confirming the old one) before it is signed, so the hash the package then carries opens nothing.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from app.core import messages
from app.core.i18n import N_
from app.core.storage import audit_log as sal
from app.core.storage import chiefpin as sp
from app.core.storage import meeting as smt
from app.core.storage import members as sm
from app.core.workflow import state
from app.core.workflow.base import Service
from app.core.workflow.types import GATE_RULES, ActionResult, reason, refused

# PBKDF2-HMAC-SHA256 rounds, stored with each verifier so they can be raised. A 4-12 digit PIN falls to offline
# guessing at any count once the file is in hand: what protects it is that the verifier never leaves the file
# (no package carries it) and the attempt limit at the door; more rounds would only slow every check at the meeting.
ITERATIONS = 200_000
LEGACY_ITERATIONS = 200_000  # files from before v6
PURPOSES = ("sign_package", "mark_official")
FREE_ATTEMPTS = 3  # wrong PINs before the first wait (a slip of the finger costs nothing)
FIRST_WAIT, LONGEST_WAIT = 30, 3600  # seconds: 30 s after the 3rd wrong PIN, doubling, at most an hour

GATE_RULES.update({"no_chief_scrutineer": "R4.7", "pin_too_short": "R4.7", "chief_pin_not_set": "R4.7",
                   "chief_name_mismatch": "R4.7", "chief_pin_wrong": "R4.7", "chief_pin_fixed": "R4.7",
                   "chief_pin_wait": "R4.7", "chief_pin_same": "R4.7", "chief_pin_legacy": "R4.7",
                   "chief_not_confirmed": "R4.7"})
messages.register({
    "no_chief_scrutineer": N_("Appoint a chief scrutineer approved by the meeting first"),
    "pin_too_short": N_("The PIN must have 4 to 12 digits"),
    "chief_pin_not_set": N_("The chief scrutineer has not set a PIN yet"),
    "chief_name_mismatch": N_("{name} is not the chief scrutineer ({chief})"),
    "chief_pin_wrong": N_("The PIN is wrong"),
    "chief_pin_fixed": N_("The chief scrutineer's PIN stays as it was when the results were first marked official"),
    "chief_pin_wait": N_("Too many wrong PINs: wait {seconds} seconds before trying again"),
    "chief_pin_same": N_("Choose a PIN different from the old one"),
    "chief_pin_legacy": N_("This file keeps the chief scrutineer's PIN in an older way: the chief scrutineer chooses a "
                           "new PIN (confirming the old one) before the results are signed"),
    "chief_not_confirmed": N_("The chief scrutineer has not confirmed the signing: confirm it with name and PIN first"),
})


def pin_hash(pin: str, salt: str, iterations: int = ITERATIONS) -> str:
    """PBKDF2-HMAC-SHA256 of a PIN (hex); only this and the salt are ever stored."""
    return hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), iterations).hex()


def wait_after(failures: int) -> int:
    """Seconds to wait after ``failures`` wrong PINs in a row before the next attempt."""
    if failures < FREE_ATTEMPTS:
        return 0
    return min(LONGEST_WAIT, FIRST_WAIT * 2 ** (failures - FREE_ATTEMPTS))


class ChiefActions(Service):
    """Set and check the chief scrutineer's PIN; every confirmation and wrong PIN goes into the audit log."""

    def chief_scrutineer(self) -> str | None:
        """The name of the assembly's approved chief scrutineer, if one was appointed."""
        meeting = state.assembly_meeting(self.db)
        if meeting is None:
            return None
        names = sm.names(self.db)
        return next((names[mid] for mid, role, ok in smt.scrutineers(self.db, meeting.id)
                     if role == "chief_scrutineer" and ok), None)

    def _stored(self) -> sp.PinRecord | None:
        """The verifier: the v6 table's, else the one an older file kept in its chief_pin_set entry."""
        record = sp.pin(self.db)
        if record is not None:
            return record
        old = sal.latest_params(self.db, "chief_pin_set")
        if old and "pin_hash" in old:
            return sp.PinRecord(old["name"], old["salt"], old["pin_hash"], LEGACY_ITERATIONS)
        return None

    def legacy_pin(self) -> bool:
        """Whether the PIN's hash sits in the audit log (a file from before v6): a new PIN is needed before signing."""
        return sp.pin(self.db) is None and self._stored() is not None

    def set_chief_pin(self, pin: str, current: str | None = None) -> ActionResult:
        """The chief scrutineer chooses a PIN (4–12 digits) at the meeting; stored salted and hashed, outside the log.

        Once the results are official a PIN already set is replaced only with the ``current`` one (an older file
        choosing a new PIN before signing), so nobody can replace it and then sign in the chief's name.
        """
        if current is None and (locked := self.ctx.locked()):
            return locked  # a new PIN with the current one may follow the lock: it changes who can confirm, not results
        chief = self.chief_scrutineer()
        if chief is None:
            return refused(reason("no_chief_scrutineer"))
        if not (pin.isdigit() and 4 <= len(pin) <= 12):
            return refused(reason("pin_too_short"))
        if current is not None:
            if not (checked := self.check_chief(chief, current)).ok:
                return checked
            if pin == current:
                return refused(reason("chief_pin_same"))
        elif sal.latest_params(self.db, "results_official") is not None and self._stored() is not None:
            return refused(reason("chief_pin_fixed"))  # unlocked again by a return (退回): the PIN stays
        salt = secrets.token_hex(16)
        with self.ctx.action("chief_pin_set", {"name": chief, "iterations": ITERATIONS}):
            sp.set_pin(self.db, sp.PinRecord(chief, salt, pin_hash(pin, salt), ITERATIONS))
            sp.set_attempts(self.db, 0, None)
        return ActionResult(True)

    def pin_wait(self) -> int:
        """Seconds before the next PIN may be tried (0: now), from the wrong PINs recorded in the file."""
        failures, last = sp.attempts(self.db)
        wait = wait_after(failures)
        if not wait or last is None:
            return 0
        elapsed = (dt.datetime.fromisoformat(self.ctx.now()) - dt.datetime.fromisoformat(last)).total_seconds()
        # A clock set back does not shorten the wait: time before the last failure counts as none.
        return max(0, int(wait - max(0.0, elapsed) + 0.999))

    def check_chief(self, name: str, pin: str) -> ActionResult:
        """Whether ``name`` and ``pin`` are the chief scrutineer's; a wrong PIN is recorded and counted."""
        stored = self._stored()
        if stored is None or stored.name != self.chief_scrutineer():
            return refused(reason("chief_pin_not_set"))  # a chief replaced since keeps no power to confirm
        if name.strip() != stored.name:
            return refused(reason("chief_name_mismatch", name=name.strip(), chief=stored.name))
        if wait := self.pin_wait():
            return refused(reason("chief_pin_wait", seconds=wait))
        if not hmac.compare_digest(pin_hash(pin, stored.salt, stored.iterations), stored.pin_hash):
            failures = sp.attempts(self.db)[0] + 1
            with self.ctx.action("chief_pin_refused", {"failures": failures}):
                sp.set_attempts(self.db, failures, self.ctx.now())
            return refused(reason("chief_pin_wrong"))
        return ActionResult(True)

    def confirm_chief(self, name: str, pin: str, purpose: str, **detail: Any) -> ActionResult:
        """Record the chief scrutineer's confirmation of ``purpose`` (e.g. signing: package hash, signer)."""
        if purpose not in PURPOSES:
            raise ValueError(f"unknown purpose {purpose!r}")
        checked = self.check_chief(name, pin)
        if not checked.ok:
            return checked
        with self.ctx.action("chief_confirmed", {"name": name.strip(), "purpose": purpose, **detail}):
            if sp.attempts(self.db)[0]:
                sp.set_attempts(self.db, 0, None)  # the right PIN ends the count of wrong ones
        return ActionResult(True)

    def chief_pin_is_set(self) -> bool:
        """Whether a PIN was set, so marking official and signing must ask for it."""
        return self._stored() is not None
