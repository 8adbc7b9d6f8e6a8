"""Later starts: unlock the store with its passphrase."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.i18n import _
from app.services.session import wait_message
from app.ui.accessibility import announce, describe, show_error
from app.ui.style import Tone, set_tone
from app.ui.widgets.passphrase_field import PassphraseField


class UnlockScreen(QWidget):
    """Emits ``unlock_requested(passphrase)``; the shell answers with
    ``show_error`` or by switching screens. ``set_wait`` blocks tries for a while
    after repeated failures, with a visible countdown."""

    unlock_requested = Signal(str)
    training_requested = Signal()
    forgot_requested = Signal()
    #: Switch between the real store and the demo (which one is shown decides).
    switch_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.label = QLabel()
        self.passphrase = PassphraseField()
        self.label.setBuddy(self.passphrase.edit)
        self.error = QLabel()
        self.error.setWordWrap(True)
        set_tone(self.error, Tone.ERROR)
        # Shown while the kluis opens on a worker (half a second or more).
        self.busy = QLabel()
        self.busy.hide()
        self._busy = False
        self.button = QPushButton()
        self.button.setDefault(True)
        self.training_button = QPushButton()
        self.training_button.setFlat(True)
        self.training_button.clicked.connect(self.training_requested)
        self.forgot_button = QPushButton()
        self.forgot_button.setFlat(True)
        self.forgot_button.clicked.connect(self.forgot_requested)
        self.switch_button = QPushButton()
        self.switch_button.setFlat(True)
        self.switch_button.clicked.connect(self.switch_requested)
        self._showing_demo = False

        box = QVBoxLayout()
        box.addWidget(self.title)
        box.addWidget(self.note)
        box.addWidget(self.label)
        box.addWidget(self.passphrase)
        box.addWidget(self.error)
        box.addWidget(self.busy)
        row = QHBoxLayout()
        row.addWidget(self.forgot_button)
        row.addWidget(self.training_button)
        row.addWidget(self.switch_button)
        row.addStretch(1)
        row.addWidget(self.button)
        box.addLayout(row)
        inner = QWidget()
        inner.setLayout(box)
        inner.setMinimumWidth(480)  # wider with large text, never clipped
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(inner, 0, Qt.AlignmentFlag.AlignVCenter)
        outer.addStretch(1)

        self._note_text = ""
        self._wait_left = 0
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        QWidget.setTabOrder(self.passphrase.edit, self.button)
        QWidget.setTabOrder(self.button, self.forgot_button)
        QWidget.setTabOrder(self.forgot_button, self.training_button)
        QWidget.setTabOrder(self.training_button, self.switch_button)
        self.passphrase.returnPressed.connect(self._submit)
        self.button.clicked.connect(self._submit)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Veiligwijzer is vergrendeld"))
        self.label.setText(_("&Wachtwoord"))
        self.passphrase.set_texts(_("Wachtwoord"), _("Toon"), _("Verberg"))
        self.button.setText(_("&Ontgrendelen"))
        self.training_button.setText(_("Oefenomgeving openen"))
        self.forgot_button.setText(_("Wachtwoord vergeten?"))
        self.switch_button.setText(_("Naar je eigen kluis") if self._showing_demo
                                   else _("Demo bekijken"))
        self.note.setText(self._note_text)
        self.busy.setText(_("De kluis wordt geopend…"))
        self.busy.setAccessibleName(self.busy.text())
        self._tick(advance=False)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_other_store(self, showing_demo: bool) -> None:
        """The switch button leads to the demo, or back from a demo or training
        store to the worker's own."""
        self._showing_demo = showing_demo
        self.retranslate()

    def set_note(self, text: str) -> None:
        self._note_text = text
        self.note.setText(text)

    def _submit(self) -> None:
        if self._busy or self._wait_left > 0 or not self.passphrase.text():
            return
        self.unlock_requested.emit(self.passphrase.text())

    def show_error(self, message: str) -> None:
        self.passphrase.clear()
        show_error(self.error, message, self.passphrase)

    def set_busy(self, on: bool) -> None:
        """While the kluis opens: the screen says so (a screen reader too),
        and no second try or other store can be asked for. The field keeps
        the focus, read-only, so the keyboard is where it was."""
        self._busy = on
        self.busy.setVisible(on)
        self.passphrase.edit.setReadOnly(on)
        self.passphrase.toggle.setEnabled(not on)
        for button in (self.forgot_button, self.training_button, self.switch_button):
            button.setEnabled(not on)
        self.button.setEnabled(not on and self._wait_left <= 0)
        if on:
            self.setCursor(Qt.CursorShape.BusyCursor)
            announce(self.passphrase.edit, self.busy.text())
        else:
            self.unsetCursor()

    def set_wait(self, seconds: float) -> None:
        self._wait_left = max(0, round(seconds))
        if self._wait_left:
            self.button.setEnabled(False)
            self._timer.start()
            self._tick(advance=False)
            self._say_wait()

    def _tick(self, advance: bool = True) -> None:
        if self._wait_left <= 0:
            return
        if advance:
            self._wait_left -= 1
        if self._wait_left <= 0:
            self._timer.stop()
            self.button.setEnabled(True)
            self.error.setText(_("Je kunt het opnieuw proberen."))
            self._say_wait()
            return
        self.error.setText(wait_message(self._wait_left))

    def _say_wait(self) -> None:
        """The start and the end of a wait are said; the seconds in between are not."""
        self.error.setAccessibleName(self.error.text())
        describe(self.passphrase.edit, self.error.text())
        announce(self.passphrase.edit, self.error.text())

    def reset(self) -> None:
        self.passphrase.clear()
        self.error.clear()
        self.error.setAccessibleName("")
        describe(self.passphrase.edit, "")
        self.passphrase.setFocus()
