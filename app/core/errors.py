"""Exceptions: UserFacingError for what the user must fix; everything else is a bug."""
from __future__ import annotations

from typing import Any, NoReturn


class VotedeskError(Exception):
    """Base of every votedesk exception."""


class UserFacingError(VotedeskError):
    """A condition the user must fix, with a reason code and parameters for the message.

    :param code: stable reason code, translated by ``app.core.messages``
    :param params: values for the message's ``{fields}``
    """

    def __init__(self, code: str, message: str = "", **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(message or code)


class InputError(UserFacingError):
    """Bad input to a headless command: names the key and the problem."""

    def __init__(self, key: str, problem: str) -> None:
        key, problem = _one_line(key), _one_line(problem)
        self.key = key
        self.problem = problem
        super().__init__("bad_input", f"{key}: {problem}" if key else problem, key=key)


def _one_line(text: str) -> str:
    """Control characters from the input (a name "\n") escaped, so an error stays one readable line."""
    return "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii") for c in text)


class UnknownCharacterError(UserFacingError):
    """A name contains a character without stroke data (R6.2): never guessed silently."""

    def __init__(self, char: str, name: str) -> None:
        self.char = char
        self.name = name
        super().__init__(
            "unknown_stroke_character",
            f'no stroke data for character "{char}" (U+{ord(char):04X}) in name "{name}"',
            char=char,
            name=name,
        )


class InternalError(VotedeskError):
    """A broken invariant of the program or the file's own structure: a bug, never the user's to fix."""


class MissingRecord(InternalError):
    """A row an invariant guarantees is absent (a round without its post, a sealed package without a signer)."""


def missing(what: str, key: object) -> NoReturn:
    """Raise MissingRecord for ``what`` #``key``: narrows an Optional the code has already ruled out."""
    raise MissingRecord(f"no {what} {key}")
