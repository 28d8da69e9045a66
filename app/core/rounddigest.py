"""A round's ballots as one digest that ignores ballot ids and order, so a shuffled copy digests the same."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def round_digest(doc: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of a votedesk-count document: every field, the ballots as a sorted list without ids.

    The package renumbers and shuffles ballots (R4.8); what a ballot says and how many say it is what is bound.
    """
    body = {k: v for k, v in doc.items() if k != "ballots"}
    if "ballots" in doc:
        body["ballots"] = sorted(_canon({k: v for k, v in b.items() if k != "id"}) for b in doc["ballots"])
    return hashlib.sha256(_canon(body).encode()).hexdigest()
