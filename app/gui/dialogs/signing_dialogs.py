"""Dialogs of the signing flow: a key passphrase (once, or twice for a new key), the chief scrutineer's confirmation
and the chief scrutineer's new PIN."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import _
from app.core.signing.keys import MIN_PASSPHRASE

MIN_PIN, MAX_PIN = 4, 12  # as the core checks them (R4.7); the dialogs only keep OK disabled until then


@dataclass(frozen=True)
class ChiefRequest:
    """What the chief scrutineer is asked to confirm, as the dialog shows it."""

    action: str  # e.g. "Sign and export the result package"
    signer: str = ""  # organization in the signing certificate ("" when not signing)
    fingerprint: str = ""  # of the signing certificate
    self_signed: bool = False
    official: bool = True  # False: the dialog offers to mark the results official first
    name: str = ""  # the appointed chief scrutineer, to prefill
    pin: bool = True  # False: the chief scrutineer has set no PIN, so only the name is asked
    # (name, PIN) -> "" when right, else why not: shown in the dialog, which stays open for another try
    check: Callable[[str, str], str] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ChiefConfirmation:
    """The chief scrutineer's answer: name and PIN (both required), and whether to mark official first."""

    name: str
    pin: str
    mark_official: bool = False


def _password(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    return edit


def _pin_edit(placeholder: str = "") -> QLineEdit:
    """A PIN field: hidden as it is typed, digits only, at most MAX_PIN of them."""
    edit = _password(placeholder)
    edit.setValidator(QRegularExpressionValidator(rf"\d{{0,{MAX_PIN}}}", edit))
    edit.setMaxLength(MAX_PIN)
    return edit


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class _SecretDialog(QDialog):
    """A dialog with a secret typed in ``first`` (and maybe twice); OK only once ``problem()`` is empty."""

    first: QLineEdit  # set by each subclass before _lay_out
    second: QLineEdit
    hint: QLabel

    def problem(self) -> str:
        raise NotImplementedError

    def _lay_out(self, intros: list[QLabel], form: QFormLayout, ok_text: str) -> None:
        """Intro texts, the form, the live hint and the buttons; OK follows ``problem()`` as the user types."""
        self.buttons = _buttons(self, ok_text)
        box = QVBoxLayout(self)
        for label in intros:
            label.setWordWrap(True)
            box.addWidget(label)
        box.addLayout(form)
        box.addWidget(self.hint)
        box.addWidget(self.buttons)
        for edit in (self.first, self.second):
            edit.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        problem = self.problem()
        self.hint.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def value(self) -> str | None:
        """The secret, or None while it is not acceptable."""
        return None if self.problem() else self.first.text()


class PassphraseDialog(_SecretDialog):
    """The passphrase of a key file; a new key asks twice and needs the minimum length."""

    def __init__(self, title: str, text: str, new: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.new = new
        self.first = _password(_("at least {n} characters").format(n=MIN_PASSPHRASE) if new else "")
        self.second = _password()
        self.hint = QLabel()
        self.hint.setObjectName("pageHelp")
        intro = QLabel(text)
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("&Passphrase:"), self.first)
        if new:
            form.addRow(_("&Repeat it:"), self.second)
        self._lay_out([intro], form, _("&OK"))

    def problem(self) -> str:
        """Why OK is not possible yet ("" when it is)."""
        first = self.first.text()
        if not first:
            return _("Type the passphrase.")
        if self.new and len(first) < MIN_PASSPHRASE:
            return _("The passphrase needs at least {n} characters.").format(n=MIN_PASSPHRASE)
        if self.new and self.second.text() != first:
            return _("Type the same passphrase twice.")
        return ""



class ChiefDialog(QDialog):
    """The chief scrutineer confirms with name and PIN; shows what is confirmed and, when signing, the signer."""

    def __init__(self, request: ChiefRequest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Confirmation by the chief scrutineer"))
        self.setMinimumWidth(560)  # room for the fingerprint and the sentences without ragged wrapping
        self.request = request
        self.name = QLineEdit(request.name)
        self.pin = _pin_edit(_("at least {n} digits").format(n=MIN_PIN))
        self.mark = QCheckBox(_("&Mark the results official now (locks the election; the name goes into the audit log)"))
        self.mark.setChecked(True)
        self.mark.setVisible(not request.official)
        self.buttons = _buttons(self, _("&Confirm"))
        self.error = QLabel()
        self.error.setObjectName("verdict")
        self.error.setProperty("state", "invalid")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        box = QVBoxLayout(self)
        box.addWidget(self._what())
        if request.fingerprint:
            box.addWidget(self._signer())
        form = QFormLayout()
        form.addRow(_("Chief scrutineer's &name:"), self.name)
        form.addRow(_("&PIN:"), self.pin)
        form.setRowVisible(self.pin, request.pin)
        box.addLayout(form)
        box.addWidget(self.error)
        box.addWidget(self.mark)
        box.addWidget(self.buttons)
        for edit in (self.name, self.pin):
            edit.textChanged.connect(self._check)
        self._check()

    def accept(self) -> None:
        """Close only with the right name and PIN: a wrong one is said here, the PIN cleared for another try."""
        value = self.value()
        wrong = self.request.check(value.name, value.pin) if value is not None and self.request.check else ""
        if wrong:
            self.error.setText(wrong)
            self.error.setVisible(True)
            self.pin.clear()
            self.pin.setFocus()
            return
        super().accept()

    def _what(self) -> QLabel:
        text = _("The chief scrutineer confirms: {action}.").format(action=self.request.action)
        text += "\n" + (_("The name and what was confirmed go into the audit log; the PIN never does.") if self.request.pin
                        else _("The chief scrutineer has set no PIN (step \"Election method and scrutineers\"), so only "
                               "the name is asked."))
        if not self.request.official:
            text += "\n" + _("The results are not official yet: mark them official below, or the package will say \"draft\".")
        label = QLabel(text)
        label.setWordWrap(True)
        return label

    def _signer(self) -> QWidget:
        r = self.request
        kind = _("self-signed: the higher level compares this fingerprint with the paper report") if r.self_signed \
            else _("certificate issued by the higher level")
        label = QLabel(_("Signed for {org} ({kind}).\nFingerprint:\n{fp}").format(org=r.signer, kind=kind, fp=r.fingerprint))
        label.setFont(QFont("monospace"))
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def problem(self) -> str:
        if not self.name.text().strip():
            return _("The chief scrutineer's name is required.")
        if self.request.pin and len(self.pin.text()) < MIN_PIN:
            return _("The PIN needs at least {n} digits.").format(n=MIN_PIN)
        return ""

    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not self.problem())
        ok.setToolTip(self.problem())

    def value(self) -> ChiefConfirmation | None:
        """The confirmation, or None while name or PIN is missing."""
        if self.problem():
            return None
        mark = (not self.request.official) and self.mark.isChecked()
        return ChiefConfirmation(self.name.text().strip(), self.pin.text() if self.request.pin else "", mark)


class ChiefPinDialog(_SecretDialog):
    """The chief scrutineer chooses a PIN at the meeting and types it twice; the core keeps only a salted hash."""

    def __init__(self, chief: str, replaces: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Chief scrutineer's PIN"))
        self.setMinimumWidth(520)
        intro = QLabel(_("{name}, the chief scrutineer approved by the meeting, types a PIN of {min} to {max} digits "
                         "twice, unseen by others. Marking the results official and signing the result package will "
                         "ask for it. The PIN itself is never stored: nobody can read it back from the election file.")
                       .format(name=chief, min=MIN_PIN, max=MAX_PIN))
        intro.setWordWrap(True)
        self.first = _pin_edit(_("{min} to {max} digits").format(min=MIN_PIN, max=MAX_PIN))
        self.second = _pin_edit()
        self.hint = QLabel()
        self.hint.setObjectName("pageHelp")
        form = QFormLayout()
        form.addRow(_("New &PIN:"), self.first)
        form.addRow(_("&Repeat it:"), self.second)
        replaced = [QLabel(_("A PIN is already set: the new one replaces it."))] if replaces else []
        self._lay_out([intro, *replaced], form, _("&Set the PIN"))

    def problem(self) -> str:
        """Why OK is not possible yet ("" when it is)."""
        if len(self.first.text()) < MIN_PIN:
            return _("Type a PIN of {min} to {max} digits.").format(min=MIN_PIN, max=MAX_PIN)
        if self.second.text() != self.first.text():
            return _("Type the same PIN twice.")
        return ""


