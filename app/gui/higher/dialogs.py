"""The higher level's dialogs: create a workspace, open the root key, write an approval reply.

Each dialog is filled from a values dataclass and returns one from ``value()`` (None while something is
missing), so tests fill them without exec() and the window's ``prompts`` can be given canned values.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
    QVBoxLayout, QWidget,
)

from app.core.i18n import _
from app.core.signing.keys import MIN_PASSPHRASE
from app.gui import settings
from app.gui.higher.common import KEY_FILTER, PEM_FILTER, WORKSPACE_FILTER, WORKSPACE_SUFFIX, help_label


@dataclass(frozen=True)
class CreateValues:
    """A new workspace: the organization (the root certificate's name), three files, the key's passphrase."""

    organization: str = ""
    workspace: str = ""  # the .vdhl file
    key_file: str = ""  # root.p12: keep it offline, e.g. on a USB stick in the safe
    cert_file: str = ""  # root.pem: handed to every branch
    passphrase: str = ""


@dataclass(frozen=True)
class RootKeyValues:
    """The root key file and its passphrase."""

    key_file: str = ""
    passphrase: str = ""


@dataclass(frozen=True)
class ReturnValues:
    """A return (退回): its document number, the reasons (one a line) and the root key that signs it."""

    number: str = ""
    reasons: str = ""
    key_file: str = ""
    passphrase: str = ""


@dataclass(frozen=True)
class ReplyValues:
    """An approval reply: its document number (文号) and the root key that signs it."""

    number: str = ""
    key_file: str = ""
    passphrase: str = ""


def _password() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class PathField(QWidget):
    """A path line edit with a Browse… button (``save``: asks for a new file name)."""

    def __init__(self, path: str, title: str, filters: str, save: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title, self.filters, self.save = title, filters, save
        self.edit = QLineEdit(path)
        self.button = QPushButton(_("Browse…"))
        self.button.clicked.connect(self.browse)
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.edit, 1)
        box.addWidget(self.button)
        self.setFocusProxy(self.edit)  # a label's mnemonic lands in the text field

    def text(self) -> str:
        return self.edit.text().strip()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming, like QLineEdit
        self.edit.setText(text)

    def browse(self) -> None:
        start = self.text() or settings.last_folder()
        chooser = QFileDialog.getSaveFileName if self.save else QFileDialog.getOpenFileName
        path, _f = chooser(self, self.title, start, self.filters)
        if path:
            self.edit.setText(path)


class _ValueDialog(QDialog):
    """OK is enabled only when ``problem()`` is empty; the problem is shown under the form."""

    def _finish(self, box: QVBoxLayout, ok_text: str) -> None:
        self.problem_label = QLabel()
        self.problem_label.setObjectName("pageHelp")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.problem_label)
        box.addWidget(self.buttons)
        for edit in self.findChildren(QLineEdit):
            edit.textChanged.connect(self._check)
        self._check()

    def problem(self) -> str:
        return ""

    def _check(self) -> None:
        problem = self.problem()
        self.problem_label.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)


class CreateWorkspaceDialog(_ValueDialog):
    """The organization, where the workspace, the root key and root.pem go, and the passphrase twice."""

    def __init__(self, values: CreateValues | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        values = values or CreateValues()
        self.setWindowTitle(_("Create a higher-level workspace"))
        self.organization = QLineEdit()
        self.organization.setPlaceholderText(_("e.g. 中共某某区机关工作委员会"))
        self.workspace = PathField("", _("Workspace file"), _(WORKSPACE_FILTER), True)
        self.key_file = PathField("", _("Root key file"), _(KEY_FILTER), True)
        self.cert_file = PathField("", _("Root certificate for the branches"), _(PEM_FILTER), True)
        self.first, self.second = _password(), _password()
        self.first.setPlaceholderText(_("at least {n} characters").format(n=MIN_PASSPHRASE))
        self.set_values(values)
        self._auto = (values.key_file, values.cert_file)  # suggestions follow the workspace until edited
        self.workspace.edit.textChanged.connect(self._suggest)
        form = QFormLayout()
        form.addRow(_("&Organization:"), self.organization)
        form.addRow(_("&Workspace file:"), self.workspace)
        form.addRow(_("Root &key file:"), self.key_file)
        form.addRow(_("Root &certificate (for branches):"), self.cert_file)
        form.addRow(_("&Passphrase of the key:"), self.first)
        form.addRow(_("&Repeat the passphrase:"), self.second)
        box = QVBoxLayout(self)
        box.addWidget(help_label(_(
            "The workspace holds the branches, their packages and the overview. The root key signs the branches' "
            "certificates and the approval replies: keep it offline (e.g. on a USB stick in the safe) and do not "
            "lose its passphrase. Give the root certificate (root.pem) to every branch.")))
        box.addLayout(form)
        self._finish(box, _("Cr&eate"))
        self.setMinimumWidth(760)
        for a, b in ((self.organization, self.workspace.edit), (self.workspace.edit, self.workspace.button),
                     (self.workspace.button, self.key_file.edit), (self.key_file.edit, self.key_file.button),
                     (self.key_file.button, self.cert_file.edit), (self.cert_file.edit, self.cert_file.button),
                     (self.cert_file.button, self.first), (self.first, self.second)):
            QWidget.setTabOrder(a, b)

    def set_values(self, values: CreateValues) -> None:
        """Fill every field (the passphrase into both fields)."""
        self.organization.setText(values.organization)
        self.workspace.setText(values.workspace)
        self.key_file.setText(values.key_file)
        self.cert_file.setText(values.cert_file)
        self.first.setText(values.passphrase)
        self.second.setText(values.passphrase)

    def _suggest(self, path: str) -> None:
        """Put the key and certificate next to a newly chosen workspace, unless the user chose their places."""
        if not path.strip():
            return
        folder = Path(path).parent
        suggested = (str(folder / "root.p12"), str(folder / "root.pem"))
        for field, auto, new in zip((self.key_file, self.cert_file), self._auto, suggested):
            if field.text() in ("", auto):
                field.setText(new)
        self._auto = suggested

    def problem(self) -> str:
        v = self._values()
        if not v.organization:
            return _("Type the organization's full name.")
        if not (v.workspace and v.key_file and v.cert_file):
            return _("Choose where the workspace, the root key and the root certificate are saved.")
        if len({v.workspace, v.key_file, v.cert_file}) < 3:
            return _("The three files need different names.")
        for path in (v.workspace, v.key_file, v.cert_file):
            if Path(path).exists():
                return _("{name} already exists: choose another name (nothing is overwritten).").format(
                    name=Path(path).name)
        if len(v.passphrase) < MIN_PASSPHRASE:
            return _("The passphrase needs at least {n} characters.").format(n=MIN_PASSPHRASE)
        if self.second.text() != v.passphrase:
            return _("Type the same passphrase twice.")
        return ""

    def _values(self) -> CreateValues:
        workspace = self.workspace.text()
        if workspace and not workspace.endswith(WORKSPACE_SUFFIX):
            workspace += WORKSPACE_SUFFIX
        return CreateValues(self.organization.text().strip(), workspace, self.key_file.text(), self.cert_file.text(),
                            self.first.text())

    def value(self) -> CreateValues | None:
        """The values, or None while something is missing."""
        return None if self.problem() else self._values()


class RootKeyDialog(_ValueDialog):
    """The root key file and its passphrase, for issuing a certificate or signing a reply."""

    def __init__(self, text: str, values: RootKeyValues | None = None, parent: QWidget | None = None,
                 ok_text: str = "") -> None:
        super().__init__(parent)
        values = values or RootKeyValues()
        self.setWindowTitle(_("Root key"))
        self.form = QFormLayout()
        self._extra_rows()
        self.key_file = PathField(values.key_file, _("Root key file"), _(KEY_FILTER), False)
        self.passphrase = _password()
        self.passphrase.setText(values.passphrase)
        self.key_file.edit.setMinimumWidth(360)
        self.form.addRow(_("Root &key file:"), self.key_file)
        self.form.addRow(_("&Passphrase:"), self.passphrase)
        box = QVBoxLayout(self)
        intro = help_label(text)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # fingerprints can be copied
        box.addWidget(intro)
        box.addLayout(self.form)
        self._finish(box, ok_text or _("&OK"))
        self.setMinimumWidth(640)
        (self.passphrase if values.key_file else self.key_file).setFocus()

    def _extra_rows(self) -> None:
        """Rows above the key file (the reply's document number)."""

    def set_values(self, values: RootKeyValues) -> None:
        """Fill the key file and the passphrase."""
        self.key_file.setText(values.key_file)
        self.passphrase.setText(values.passphrase)

    def problem(self) -> str:
        if not self.key_file.text():
            return _("Choose the root key file (.p12).")
        if not Path(self.key_file.text()).is_file():
            return _("The root key file is not there: is the USB stick in?")
        if not self.passphrase.text():
            return _("Type the passphrase.")
        return ""

    def value(self) -> RootKeyValues | None:
        """The values, or None while something is missing."""
        return None if self.problem() else RootKeyValues(self.key_file.text(), self.passphrase.text())


class ReplyDialog(RootKeyDialog):
    """The approval reply's document number, and the root key that signs it."""

    def __init__(self, text: str, values: ReplyValues | None = None, parent: QWidget | None = None) -> None:
        values = values or ReplyValues()
        self.number = QLineEdit(values.number)
        super().__init__(text, RootKeyValues(values.key_file, values.passphrase), parent, _("&Sign and save…"))
        self.setWindowTitle(_("Approval reply (批复)"))
        self.number.setPlaceholderText(_("e.g. 某工委〔2025〕12号"))
        self.number.setFocus()
        QWidget.setTabOrder(self.number, self.key_file.edit)

    def _extra_rows(self) -> None:
        self.form.addRow(_("Document &number:"), self.number)

    def set_values(self, values: ReplyValues | RootKeyValues) -> None:  # type: ignore[override]
        """Fill the number (when given), the key file and the passphrase."""
        if isinstance(values, ReplyValues):
            self.number.setText(values.number)
        super().set_values(RootKeyValues(values.key_file, values.passphrase))

    def problem(self) -> str:
        if not self.number.text().strip():
            return _("Type the reply's document number.")
        return super().problem()

    def value(self) -> ReplyValues | None:  # type: ignore[override]
        """The values, or None while something is missing."""
        if self.problem():
            return None
        return ReplyValues(self.number.text().strip(), self.key_file.text(), self.passphrase.text())


class ReturnDialog(ReplyDialog):
    """A return (退回): the document number, what the branch is to correct (one reason a line), the root key."""

    def __init__(self, text: str, values: ReturnValues, parent: QWidget | None = None) -> None:
        self.reasons = QPlainTextEdit(values.reasons)
        self.reasons.setTabChangesFocus(True)
        self.reasons.setMinimumHeight(140)
        super().__init__(text, ReplyValues(values.number, values.key_file, values.passphrase), parent)
        self.setWindowTitle(_("Return (退回)"))
        self.reasons.textChanged.connect(self._check)
        self._check()

    def _extra_rows(self) -> None:
        super()._extra_rows()
        self.form.addRow(_("What to &correct (one a line):"), self.reasons)

    def set_values(self, values: ReplyValues | RootKeyValues | ReturnValues) -> None:  # type: ignore[override]
        """Fill the number, the reasons (when given: else the proposed ones stay), the key file and the passphrase."""
        if isinstance(values, ReturnValues):
            if values.reasons:
                self.reasons.setPlainText(values.reasons)
            values = ReplyValues(values.number, values.key_file, values.passphrase)
        super().set_values(values)

    def reason_lines(self) -> list[str]:
        """The reasons as typed, empty lines left out."""
        return [line.strip() for line in self.reasons.toPlainText().splitlines() if line.strip()]

    def problem(self) -> str:
        if not self.reason_lines():
            return _("Say what the branch is to correct.")
        return super().problem()

    def value(self) -> ReturnValues | None:  # type: ignore[override]
        """The values, or None while something is missing."""
        if self.problem():
            return None
        return ReturnValues(self.number.text().strip(), "\n".join(self.reason_lines()), self.key_file.text(),
                            self.passphrase.text())
