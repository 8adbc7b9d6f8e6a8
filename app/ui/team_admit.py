"""Apparaat toelaten: an admin opens a colleague's request file, types the
fingerprint the colleague reads aloud next to the one in the file, and
admits the device only when they match (``team_screen.fingerprint_matches``,
the rule ``team admit`` uses). The welcome file is then written to a folder
chosen first, so an admitted device never goes without it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.caseteam import TeamRole
from app.errors import VeiligwijzerError
from app.i18n import _
from app.services import team_screen as service
from app.services.session import Store, TaskStopped
from app.ui.accessibility import announce
from app.ui.file_dialogs import choose_folder, forget_folders
from app.ui.messages import show_error
from app.ui.tasks import wait_for_store_task
from app.ui.widgets.scrolling import scrolling


def choose_team_file(parent: QWidget, title: str, name_filter: str) -> Path | None:
    """A request or welcome file, in Qt's own dialog that forgets its folders
    (see ``app.ui.file_dialogs``); None when cancelled."""
    dialog = QFileDialog(parent, title)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setNameFilter(name_filter)
    dialog.setHistory([])
    dialog.destroyed.connect(forget_folders)
    chosen = dialog.selectedFiles() if dialog.exec() == QDialog.DialogCode.Accepted else []
    dialog.deleteLater()
    return Path(chosen[0]) if chosen else None


def choose_request_file(parent: QWidget) -> Path | None:
    """Tests replace this."""
    return choose_team_file(parent, _("Aanmeldverzoek kiezen"), _("Aanmeldverzoek (*.json)"))


def choose_welcome_folder(parent: QWidget) -> Path | None:
    """Where the welcome file goes (tests replace this)."""
    return choose_folder(parent, _("Map voor het welkomstbestand"))


def say_admitted(parent: QWidget, text: str) -> None:
    """Tests replace this."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(parent, _("Apparaat toegelaten"), text)


class AdmitDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store: Store | None = store
        self.request: service.JoinRequest | None = None
        self._path: Path | None = None
        self._matched = False
        #: The welcome file written, after an admission.
        self.admitted: Path | None = None
        self.setWindowTitle(_("Apparaat toelaten"))
        self.file_label = QLabel(_("Nog geen aanmeldverzoek gekozen."))
        self.file_label.setWordWrap(True)
        self.choose = QPushButton(_("Aanmeldverzoek &kiezen…"))
        self.choose.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.choose)
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.shown = QLabel()
        self.shown.setFont(fixed)
        self.shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                           | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.shown.setAccessibleName(_("Vingerafdruk in het verzoek"))
        self.worker = QLabel()
        self.name = QLineEdit()
        self.name.setAccessibleName(_("Naam van de collega"))
        self.name.setPlaceholderText(_("mag leeg blijven"))
        self.role = QComboBox()
        self.role.setAccessibleName(_("Rol in het team"))
        for role in TeamRole:
            self.role.addItem(role.label, role)
        self.role.setCurrentIndex(list(TeamRole).index(TeamRole.WORKER))
        self.spoken = QLineEdit()
        self.spoken.setFont(fixed)
        self.spoken.setAccessibleName(_("Voorgelezen vingerafdruk"))
        self.spoken.setPlaceholderText("12345 67890 …")
        self.spoken.textChanged.connect(self._check)
        self.match = QLabel()
        self.match.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Vingerafdruk in het verzoek:"), self.shown)
        form.addRow(_("Collega:"), self.worker)
        self._name_label = QLabel(_("&Naam van de collega:"))
        self._name_label.setBuddy(self.name)
        form.addRow(self._name_label, self.name)
        self._role_label = QLabel(_("&Rol in het team:"))
        self._role_label.setBuddy(self.role)
        form.addRow(self._role_label, self.role)
        spoken_label = QLabel(_("&Voorgelezen vingerafdruk:"))
        spoken_label.setBuddy(self.spoken)
        form.addRow(spoken_label, self.spoken)
        form.addRow("", self.match)
        intro = QLabel(_("Laat de collega de vingerafdruk op het eigen apparaat voorlezen, in "
                         "persoon of per telefoon, en typ die hier. Alleen als die gelijk is "
                         "aan de vingerafdruk in het verzoek kun je het apparaat toelaten."))
        intro.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.admit_button = self.buttons.addButton(_("&Toelaten"),
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.admit)
        self.buttons.rejected.connect(self.reject)
        # The form scrolls, the buttons stay: it must fit a small screen.
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.addWidget(intro)
        inner.addLayout(file_row)
        inner.addLayout(form)
        inner.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(body), 1)
        layout.addWidget(self.buttons)
        self._show_request()
        self.resize(760, 480)

    def done(self, result: int) -> None:  # noqa: D102 - Qt API
        self.store = None  # a lock or a close: nothing after this touches the store
        super().done(result)

    def choose_file(self) -> None:
        path = choose_request_file(self)
        if path is not None and self.store is not None:
            self.load(path)

    def load(self, path: Path) -> None:
        try:
            request = wait_for_store_task(self, self.store, lambda own: service.join_request_from(
                own, path))
        except TaskStopped:
            return
        except VeiligwijzerError as exc:
            show_error(self, exc)
            return
        self.request, self._path = request, path
        self._show_request()
        self.spoken.setFocus()

    def _show_request(self) -> None:
        request = self.request
        self.file_label.setText(str(self._path) if self._path else _(
            "Nog geen aanmeldverzoek gekozen."))
        self.shown.setText(request.fingerprint if request else "—")
        new_worker = request is not None and request.known_worker is None
        self.worker.setText(request.known_worker if request and request.known_worker else
                            _("nieuw in het team") if request else "—")
        for widget in (self.name, self.role, self._name_label, self._role_label):
            widget.setVisible(new_worker)
        self._check()

    def matches(self) -> bool:
        return self.request is not None and service.fingerprint_matches(
            self.request.fingerprint, self.spoken.text())

    def _check(self) -> None:
        ok = self.matches()
        self.admit_button.setEnabled(ok)
        if self.request is None or not self.spoken.text().strip():
            self.match.setText("")
        else:
            self.match.setText(_("De vingerafdrukken zijn gelijk.") if ok else _(
                "Nog niet gelijk: toelaten kan pas als de vingerafdrukken gelijk zijn."))
        if ok != self._matched:
            # Said when it turns, not at every digit typed.
            self._matched = ok
            announce(self.match, self.match.text())

    def admit(self) -> None:
        request = self.request
        if request is None or self.store is None:
            return
        if not self.matches():
            # Said as ``team admit`` says it; the button is off until they match.
            show_error(self, VeiligwijzerError(_(service.FINGERPRINT_MISMATCH)))
            return
        folder = choose_welcome_folder(self)
        if folder is None or self.store is None:
            return
        spoken = self.spoken.text()
        name = self.name.text() if request.known_worker is None else None
        role = self.role.currentData()
        try:
            welcome = wait_for_store_task(self, self.store, lambda own: service.admit_device(
                own, request, spoken, name=name, role=role))
        except TaskStopped:
            return
        except VeiligwijzerError as exc:
            show_error(self, exc)
            return
        out = folder / service.welcome_path(self._path).name
        while True:
            try:
                service.write_team_file(out, welcome, private=True)
                break
            except OSError as exc:
                # Admitted already: the welcome file is the device's only way in.
                show_error(self, VeiligwijzerError(_(
                    "Het welkomstbestand is niet geschreven: {why}. Kies een andere map."
                ).format(why=exc.strerror or exc)))
            if self.store is None:
                return  # locked meanwhile
            folder = choose_welcome_folder(self)
            if folder is None:
                return
            out = folder / out.name
        self.admitted = out
        say_admitted(self, "\n".join((
            _("Toegelaten. Geef dit welkomstbestand aan de collega: {path}").format(path=out),
            _("Schrijf daarna de serverinstellingen opnieuw en laad ze op de server."))))
        self.accept()
