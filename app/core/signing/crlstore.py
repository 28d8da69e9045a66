"""The branch's copy of the higher level's latest revocation list, kept per root in the user's data folder."""
from __future__ import annotations

from pathlib import Path

from cryptography import x509

from app.core.errors import UserFacingError
from app.core.paths import user_data_dir
from app.core.signing import keys
from app.core.signing.crl import SUFFIX, RevocationList, load_crl
from app.core.signing.safewrite import write_file_safely


def _path(root: x509.Certificate) -> Path:
    folder = user_data_dir() / "crl"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{keys.public_key_id(root)[:16]}{SUFFIX}"


def stored(root: x509.Certificate) -> RevocationList | None:
    """The list kept for this root, if any (a damaged or foreign file counts as none)."""
    path = _path(root)
    try:
        return load_crl(path.read_bytes(), root) if path.is_file() else None
    except (OSError, UserFacingError):
        return None


def save(data: bytes, root: x509.Certificate) -> tuple[RevocationList, bool]:
    """Keep ``data`` if the root signed it and it is newer than the kept list; returns (the list, whether it was new).

    An older list never replaces a newer one: a revocation once seen is not forgotten by importing an old file.
    """
    new = load_crl(data, root)
    old = stored(root)
    if old is not None and (old.number, old.issued) >= (new.number, new.issued):
        return old, False
    write_file_safely(_path(root), new.der)
    return new, True


def for_identity(identity: keys.Identity) -> RevocationList | None:
    """The kept list of the root above an issued branch identity (None when self-signed or none kept)."""
    return stored(identity.chain[-1]) if identity.chain else None
