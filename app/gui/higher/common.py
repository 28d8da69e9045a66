"""Shared pieces of the higher-level window: error texts with advice, labels for core codes, settings."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

from PySide6.QtWidgets import QLabel, QWidget

from app.core import messages
from app.core.errors import UserFacingError
from app.core.higher.workspace import Workspace
from app.core.i18n import N_, _
from app.core.signing import texts  # registers the signing and workspace reason codes with messages
from app.core.signing.report import Check
from app.gui import prompts, settings
from app.gui.worker import ProgressFn

WORKSPACE_SUFFIX = ".vdhl"
WORKSPACE_FILTER = N_("Higher-level workspace (*.vdhl)")
KEY_FILTER = N_("Key file (*.p12)")
PEM_FILTER = N_("Certificate or request (*.pem)")
PACKAGE_FILTER = N_("Result package (*.vdpkg)")
PDF_FILTER = "PDF (*.pdf)"
MAX_RECENT = 8

# What the user can do next, for the codes the higher-level flows can raise (the core says what happened).
HINTS: dict[str, str] = {
    "wrong_passphrase": N_("Type the passphrase again; letters are case-sensitive."),
    "not_a_key_file": N_("Choose the root key file (.p12) saved when the workspace was created."),
    "wrong_root_key": N_("Choose the root key file (.p12) created together with this workspace."),
    "passphrase_too_short": N_("Choose a longer passphrase."),
    "bad_request_file": N_("Ask the branch for its certificate request file (.pem) again."),
    "bad_certificate_file": N_("Choose the certificate file (.pem)."),
    "branch_unknown": N_("Register the organization on the Branches tab first, with exactly the name in its request."),
    "key_organization_missing": N_("Type the organization's full name."),
    "not_a_workspace": N_("Choose a workspace file (.vdhl); election files (.votedesk) open in the normal mode."),
    "workspace_missing": N_("Check the USB stick or folder, or choose the workspace file again."),
    "output_exists": N_("Choose another file name: a key or workspace file is never overwritten."),
    "input_unreadable": N_("Check that the USB stick is still in, then choose the file again."),
    "not_a_package": N_("Result packages are the .vdpkg files the branches write."),
    "reply_to_rejected": N_("Ask the branch for a corrected package, import it, then write the reply."),
    "package_unknown": N_("Import the branch's package first."),
    "media_full": N_("Free some space on the USB stick or choose another one, then try again."),
    "media_read_only": N_("Slide the stick's write-protect switch off, or choose another folder, then try again."),
    "media_gone": N_("Put the USB stick back in, wait until it appears, choose the folder again and try again."),
    "media_write_failed": N_("Try again; if it fails again, use another USB stick."),
    "media_verify_failed": N_("Use another USB stick: this one may be failing."),
}

# Import flags (app.core.higher.imports / overview) that are not verification reason codes.
FLAG_TEXTS: dict[str, str] = {
    "unregistered_branch": N_("Sent by an organization not registered in this workspace"),
    "signer_not_the_issued_certificate": N_("Not signed with the certificate this workspace issued to the branch"),
    "audit_not_extending": N_("Its audit log does not continue the log of the earlier package"),
    "rejected_not_on_record": N_("Rejected, so the accepted package on record stays"),
    "newer_package_rejected": N_("A newer package from this organization was rejected"),
    "paper_code_not_checked": N_("Paper code not checked: no code from the counting reports was typed in"),
    "paper_code_checked": N_("Paper codes checked: every round matches the counting reports signed at the meeting"),
    "paper_code_partly_checked": N_("Paper codes checked for some rounds only; the others were not typed in"),
}
STATUS_TEXTS = {"official": N_("Official"), "draft": N_("Draft (not yet official)"), "no package": N_("No package yet")}
VERDICT_TEXTS = {"accepted": N_("Accepted"), "rejected": N_("Rejected"), "returned": N_("Returned (退回)")}
CERT_TEXTS = {"issued": N_("Issued here"), "requested": N_("Requested"), "none": N_("Not issued yet")}
_RULE_ID = re.compile(r"^R\d+(\.\d+)*$")


def hint(exc: BaseException) -> str:
    """What the user can do about a user-facing error, translated ("" when there is no advice)."""
    return prompts.hint(exc, HINTS)


def window_prompts(parent: QWidget) -> prompts.Prompts:
    """The shared prompts with the higher level's advice and its sentence for an unexpected error."""
    return prompts.Prompts(parent, HINTS, error_message)


def error_message(exc: BaseException) -> str:
    """The translated sentence for an error the user can fix, else a generic one."""
    if isinstance(exc, UserFacingError):
        text = messages.message(exc.code, **exc.params)
        return str(exc) if text == exc.code else text
    return _("Something unexpected went wrong. Everything imported before this moment is safe in the workspace. "
             "Please restart votedesk; if this happens again, send the details to your support contact.")


def error_text(exc: BaseException) -> str:
    """The error sentence followed by the advice, as the error box shows them."""
    return "\n".join(t for t in (error_message(exc), hint(exc)) if t)


def flag_text(code: str) -> str:
    """One overview/import flag, reason code or rule id in the user's language (rule ids stay as they are)."""
    if code in FLAG_TEXTS:
        return _(FLAG_TEXTS[code])
    if _RULE_ID.match(code):
        return code
    return texts.sentence(Check(code, False, code))  # the import view adds where the branch corrects it


def label_of(table: dict[str, str], code: str) -> str:
    """A translated label for a code from one of the tables above (the code itself if unknown)."""
    return _(table[code]) if code in table else code


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMBER = re.compile(r"[0-9]+|[零〇一二两三四五六七八九十百千]+")


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    total = digit = 0
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += (digit or 1) * _CN_UNITS[ch]
            digit = 0
    return total + digit


def name_key(name: str) -> str:
    """A sort key putting 第二支部 before 第十一支部 and 2 before 11 (display order only)."""
    return _NUMBER.sub(lambda m: f"{_number(m.group()):06d}", name)


def safe_file_name(text: str) -> str:
    """``text`` usable as a file name on Windows, macOS and Linux (document numbers may contain "/")."""
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("._") or "votedesk"


# ---- settings (UI preferences only: never keys or passphrases) ---------------------------------------
def recent_workspaces() -> list[str]:
    """Recently opened workspace files that still exist, newest first."""
    value = settings.settings().value("higher/recent", [])
    paths = [value] if isinstance(value, str) else list(value) if isinstance(value, (list, tuple)) else []
    return [p for p in paths if p and Path(p).is_file()]


def add_recent_workspace(path: str) -> None:
    """Put ``path`` at the top of the recent workspaces."""
    path = str(Path(path).resolve())
    paths = [p for p in recent_workspaces() if p != path]
    settings.settings().setValue("higher/recent", [path, *paths][:MAX_RECENT])


def root_key_path() -> str:
    """Where the root key file was last chosen (a path only; the key stays on its stick)."""
    return str(settings.settings().value("higher/root_key", ""))


def set_root_key_path(path: str) -> None:
    """Remember the root key file's path for the next time."""
    settings.settings().setValue("higher/root_key", path)


def on_workspace(path: str, fn: Callable[[Workspace, ProgressFn], Any]) -> Callable[[ProgressFn], Any]:
    """A background function calling ``fn(ws, progress)`` on the worker's own connection to the workspace.

    SQLite connections belong to the thread that opened them, so the worker opens the file itself.
    """
    def run(progress: ProgressFn) -> Any:
        ws = Workspace.open(path)
        try:
            return fn(ws, progress)
        finally:
            ws.close()
    return run


def read_file(path: str | Path) -> bytes:
    """A regular file's bytes, or a user-facing error naming it (a FIFO or device is refused unopened)."""
    from app.core.safeinput import read_limited

    try:
        return read_limited(path)
    except UserFacingError as exc:
        if exc.code == "input_unreadable_file":  # missing or not permitted: the hint about the USB stick applies
            raise UserFacingError("input_unreadable", str(exc)) from None
        raise


# ---- widgets ------------------------------------------------------------------------------------------
def title_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageTitle")
    return label


def help_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageHelp")
    label.setWordWrap(True)
    return label
