"""The chief scrutineer's confirmation: a PIN set at the meeting, checked before signing or marking official."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from app.core import messages
from app.core.i18n import N_
from app.core.storage import audit_log as sal
from app.core.storage import meeting as smt
from app.core.storage import members as sm
from app.core.workflow import state
from app.core.workflow.base import Service
from app.core.workflow.types import GATE_RULES, ActionResult, reason, refused

ITERATIONS = 200_000  # PBKDF2 rounds: a stolen file must not give the PIN away by brute force in seconds
PURPOSES = ("sign_package", "mark_official")

GATE_RULES.update({"no_chief_scrutineer": "R4.7", "pin_too_short": "R4.7", "chief_pin_not_set": "R4.7",
                   "chief_name_mismatch": "R4.7", "chief_pin_wrong": "R4.7", "chief_pin_fixed": "R4.7"})
messages.register({
    "no_chief_scrutineer": N_("Appoint a chief scrutineer approved by the meeting first"),
    "pin_too_short": N_("The PIN must have 4 to 12 digits"),
    "chief_pin_not_set": N_("The chief scrutineer has not set a PIN yet"),
    "chief_name_mismatch": N_("{name} is not the chief scrutineer ({chief})"),
    "chief_pin_wrong": N_("The PIN is wrong"),
    "chief_pin_fixed": N_("The chief scrutineer's PIN stays as it was when the results were first marked official"),
})


def pin_hash(pin: str, salt: str) -> str:
    """PBKDF2-HMAC-SHA256 of a PIN (hex); only this and the salt are ever stored."""
    return hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), ITERATIONS).hex()


class ChiefActions(Service):
    """Set and check the chief scrutineer's PIN; every confirmation goes into the audit log."""

    def chief_scrutineer(self) -> str | None:
        """The name of the assembly's approved chief scrutineer, if one was appointed."""
        meeting = state.assembly_meeting(self.db)
        if meeting is None:
            return None
        names = sm.names(self.db)
        return next((names[mid] for mid, role, ok in smt.scrutineers(self.db, meeting.id)
                     if role == "chief_scrutineer" and ok), None)

    def set_chief_pin(self, pin: str) -> ActionResult:
        """The chief scrutineer chooses a PIN (4–12 digits) at the meeting; stored salted and hashed.

        Refused once the results are official, so nobody can replace the PIN and then sign in the chief's name.
        """
        if locked := self.ctx.locked():
            return locked
        if sal.latest_params(self.db, "results_official") is not None:  # unlocked again by a return (退回)
            return refused(reason("chief_pin_fixed"))
        chief = self.chief_scrutineer()
        if chief is None:
            return refused(reason("no_chief_scrutineer"))
        if not (pin.isdigit() and 4 <= len(pin) <= 12):
            return refused(reason("pin_too_short"))
        salt = secrets.token_hex(16)
        with self.ctx.action("chief_pin_set", {"name": chief, "salt": salt, "pin_hash": pin_hash(pin, salt)}):
            pass
        return ActionResult(True)

    def check_chief(self, name: str, pin: str) -> ActionResult:
        """Whether ``name`` and ``pin`` are the chief scrutineer's (nothing is recorded)."""
        stored = sal.latest_params(self.db, "chief_pin_set")
        if stored is None or stored["name"] != self.chief_scrutineer():
            return refused(reason("chief_pin_not_set"))  # a chief replaced since keeps no power to confirm
        if name.strip() != stored["name"]:
            return refused(reason("chief_name_mismatch", name=name.strip(), chief=stored["name"]))
        if not hmac.compare_digest(pin_hash(pin, stored["salt"]), stored["pin_hash"]):
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
            pass
        return ActionResult(True)

    def chief_pin_is_set(self) -> bool:
        """Whether a PIN was set, so marking official and signing must ask for it."""
        return sal.latest_params(self.db, "chief_pin_set") is not None
