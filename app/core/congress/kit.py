"""Station kits and partial counts as files: canonical JSON in the package container, signed with Ed25519.

Binding (see README): the main station makes a fresh Ed25519 key pair for each kit it issues and keeps only
the public key (recorded, audited, with the kit id and its boxes). The private key travels in the kit to the
station and signs the station's partial count. A partial is accepted only when it names a kit issued for the
round, verifies under that kit's recorded public key, and counts only that kit's boxes; a changed byte, a
partial from any other key, or a kit never issued is refused. The short kit code (from the public key) is
shown on both screens so the teller group can see that the stick they were handed is the kit just issued.
"""
from __future__ import annotations

import hashlib
import json
import secrets
import zipfile
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.core.hashchain import canonical
from app.core.signing import container

KIT_FORMAT = "votedesk-station-kit/1"
PARTIAL_FORMAT = "votedesk-station-partial/1"
KIT_SUFFIX, PARTIAL_SUFFIX = ".vdkit", ".vdpart"
_RAW = serialization.Encoding.Raw


class KitError(Exception):
    """A kit or partial that cannot be read or does not verify; ``reason`` is a stable code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


@dataclass(frozen=True)
class NewKey:
    """A kit's key pair as hex (the private half goes into the kit only)."""

    private: str
    public: str


def new_key() -> NewKey:
    """A fresh Ed25519 key pair for one kit."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(_RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption()).hex()
    return NewKey(private, key.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw).hex())


def new_kit_id() -> str:
    """A random kit id (32 hex digits)."""
    return secrets.token_hex(16)


def kit_code(public_key: str) -> str:
    """The short code shown on the main station and the station: 4 groups of 4 digits of the key's digest, joined by
    hyphens as the counting report prints its verification code (one form for every code read aloud)."""
    digits = str(int(hashlib.sha256(bytes.fromhex(public_key)).hexdigest()[:12], 16) % 10**16).zfill(16)
    return "-".join(digits[i:i + 4] for i in range(0, 16, 4))


def round_digest(definition: dict[str, Any]) -> str:
    """The digest of a round's definition as a kit carries it (a partial must name the same)."""
    return hashlib.sha256(canonical(definition)).hexdigest()


def pack_kit(kit: dict[str, Any]) -> bytes:
    """A kit file: kit.json and its sha256 (corruption on the stick is caught when opened)."""
    body = canonical(kit)
    return container.pack([("kit.json", body), ("kit.sha256", hashlib.sha256(body).hexdigest().encode())])


def _entries(data: bytes, names: tuple[str, str]) -> tuple[bytes, bytes]:
    try:
        found = dict(container.entries(data))
    except (container.ContainerError, zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise KitError("damaged", str(exc)) from None
    if set(found) != set(names):
        raise KitError("damaged", f"entries {sorted(found)}")
    return found[names[0]], found[names[1]]


def _json(body: bytes, fmt: str) -> dict[str, Any]:
    try:
        doc = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise KitError("damaged", str(exc)) from None
    if not isinstance(doc, dict) or doc.get("format") != fmt:
        raise KitError("wrong_format", f"not {fmt}")
    return doc


def read_kit(data: bytes) -> dict[str, Any]:
    """The kit document of a kit file; KitError if damaged or not a kit."""
    body, digest = _entries(data, ("kit.json", "kit.sha256"))
    if hashlib.sha256(body).hexdigest().encode() != digest:
        raise KitError("damaged", "kit digest differs")
    return _json(body, KIT_FORMAT)


def sign_partial(partial: dict[str, Any], private_key: str) -> bytes:
    """A partial-count file: partial.json and its Ed25519 signature by the kit's key."""
    body = canonical(partial)
    sig = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private_key)).sign(body)
    return container.pack([("partial.json", body), ("partial.sig", sig.hex().encode())])


def read_partial(data: bytes) -> tuple[dict[str, Any], bytes, bytes]:
    """(document, signed bytes, signature) of a partial file, not yet verified; KitError if unreadable."""
    body, sig = _entries(data, ("partial.json", "partial.sig"))
    try:
        signature = bytes.fromhex(sig.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        raise KitError("damaged", "signature is not hex") from None
    return _json(body, PARTIAL_FORMAT), body, signature


def verifies(public_key: str, body: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is the kit key's signature of ``body``."""
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key)).verify(signature, body)
    except (InvalidSignature, ValueError):
        return False
    return True
