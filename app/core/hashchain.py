"""Hash chain of the audit log: SHA-256 over the previous hash and a canonical encoding of the entry."""
from __future__ import annotations

import hashlib
import json
from typing import Any, Iterable, Mapping

GENESIS = "0" * 64


def canonical(entry: Mapping[str, Any]) -> bytes:
    """Canonical JSON bytes of an entry: sorted keys, no spaces, UTF-8, no NaN."""
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


def link(prev_hash: str, entry: Mapping[str, Any]) -> str:
    """The hash of ``entry`` chained to ``prev_hash`` (hex)."""
    return hashlib.sha256(bytes.fromhex(prev_hash) + canonical(entry)).hexdigest()


def first_break(entries: Iterable[tuple[Mapping[str, Any], str]]) -> int | None:
    """Index of the first (entry, stored_hash) pair whose hash does not chain, or None if intact.

    :param entries: pairs in log order; ``entry`` excludes the stored hash itself
    """
    prev = GENESIS
    for i, (entry, stored) in enumerate(entries):
        if link(prev, entry) != stored:
            return i
        prev = stored
    return None
