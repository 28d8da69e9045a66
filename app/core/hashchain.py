"""Hash chain of the audit log: SHA-256 over the previous hash and a canonical encoding of the entry."""
from __future__ import annotations

import hashlib
import json
from typing import Any, Iterable, Mapping

GENESIS = "0" * 64
# One encoder for every call: json.dumps with options builds a new one each time (a cost per saved ballot).
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def canonical(entry: Mapping[str, Any]) -> bytes:
    """Canonical JSON bytes of an entry: sorted keys, no spaces, UTF-8, no NaN."""
    return _ENCODER.encode(entry).encode("utf-8")


def link(prev_hash: str, entry: Mapping[str, Any]) -> str:
    """The hash of ``entry`` chained to ``prev_hash`` (hex)."""
    return link_encoded(prev_hash, canonical(entry))


def link_encoded(prev_hash: str, encoded: bytes) -> str:
    """The hash of an already canonical entry chained to ``prev_hash`` (hex)."""
    return hashlib.sha256(bytes.fromhex(prev_hash) + encoded).hexdigest()


def entry_bytes(seq: int, event: str, at: str | None, params_json: str, rows_json: str) -> bytes:
    """``canonical`` of an audit entry, reusing its params and rows already encoded (no second encoding).

    The keys in sorted order are at, event, params, rows, seq; a test checks it against ``canonical``.
    """
    enc = _ENCODER.encode
    return (f'{{"at":{enc(at)},"event":{enc(event)},"params":{params_json},"rows":{rows_json},"seq":{int(seq)}}}'
            .encode("utf-8"))


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
