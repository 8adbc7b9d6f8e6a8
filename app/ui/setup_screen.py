"""First start: create the store with a passphrase typed twice, or look around
in a demo store first."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.security.passphrase import assess
from app.ui.accessibility import describe, show_error
from app.ui.style import STRENGTH_TONES, Tone, set_tone
from app.ui.widgets.passphrase_field import PassphraseField


class SetupScreen(QWidget):
    """Emits ``create_requested(passphrase, repeated)`` or ``demo_requested``."""

    create_requested = Signal(str, str)
    demo_requested = Signal()
    training_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.passphrase = PassphraseField()
        self.repeated = PassphraseField()
        self.strength = QLabel()
        self.strength.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setObjectName("warning")
        self.recovery = QCheckBox()
        self.recovery.setChecked(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        set_tone(self.error, Tone.ERROR)
        self.create_button = QPushButton()
        self.create_button.setDefault(True)
        self.demo_button = QPushButton()
        self.training_button = QPushButton()

        self.form = QFormLayout()
        self.passphrase_label, self.repeated_label = QLabel(), QLabel()
        self.passphrase_label.setBuddy(self.passphrase.edit)
        self.repeated_label.setBuddy(self.repeated.edit)
        self.form.addRow(self.passphrase_label, self.passphrase)
        self.form.addRow("", self.strength)
        self.form.addRow(self.repeated_label, self.repeated)

        buttons = QHBoxLayout()
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.training_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)

        box = QVBoxLayout()
        box.addWidget(self.title)
        box.addWidget(self.intro)
        box.addLayout(self.form)
        box.addWidget(self.warning)
        box.addWidget(self.recovery)
        box.addWidget(self.error)
        box.addLayout(buttons)
        inner = QWidget()
        inner.setLayout(box)
        inner.setMinimumWidth(600)  # wider with large text, never clipped
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(inner, 0, Qt.AlignmentFlag.AlignVCenter)
        outer.addStretch(1)

        self.passphrase.textChanged.connect(self._update_strength)
        self.passphrase.returnPressed.connect(self.repeated.setFocus)
        self.repeated.returnPressed.connect(self._create)
        self.create_button.clicked.connect(self._create)
        self.demo_button.clicked.connect(self.demo_requested)
        self.training_button.clicked.connect(self.training_requested)
        QWidget.setTabOrder(self.passphrase.edit, self.repeated.edit)
        QWidget.setTabOrder(self.repeated.edit, self.create_button)
        QWidget.setTabOrder(self.create_button, self.recovery)
        QWidget.setTabOrder(self.recovery, self.demo_button)
        QWidget.setTabOrder(self.demo_button, self.training_button)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Welkom bij Veiligwijzer"))
        self.intro.setText(_(
            "Alles wat je vastlegt, staat versleuteld op deze computer. Kies een wachtwoord "
            "om je gegevens te beveiligen. Een korte zin van vier of meer woorden is sterk "
            "en makkelijk te onthouden."))
        self.passphrase_label.setText(_("&Wachtwoord"))
        self.repeated_label.setText(_("&Herhaal wachtwoord"))
        for field, name in ((self.passphrase, _("Wachtwoord")),
                            (self.repeated, _("Herhaal wachtwoord"))):
            field.set_texts(name, _("Toon"), _("Verberg"))
        self.warning.setText(_(
            "Let op: ben je het wachtwoord kwijt, dan zijn je gegevens kwijt. Niemand kan "
            "ze dan nog openen, ook de helpdesk niet."))
        self.recovery.setText(_("Maak ook een &herstelsleutel om op papier in een kluis te "
                                "bewaren (aangeraden)"))
        self.create_button.setText(_("&Kluis maken"))
        self.demo_button.setText(_("Eerst rondkijken in een &demo"))
        self.demo_button.setToolTip(_("Opent een aparte kluis met verzonnen gezinnen."))
        self.training_button.setText(_("Oefenomgeving"))
        self.training_button.setToolTip(_("Voor trainers: verzonnen casussen met oefenvragen."))
        self._update_strength(self.passphrase.text())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _update_strength(self, text: str) -> None:
        if not text:
            self.strength.setText(_("Minstens 10 tekens."))
            set_tone(self.strength, None)
            return
        strength = assess(text).strength
        self.strength.setText(f"{strength.label} — {strength.hint}")
        set_tone(self.strength, STRENGTH_TONES[strength])
        self.passphrase.edit.setAccessibleDescription(self.strength.text())

    def _create(self) -> None:
        self.create_requested.emit(self.passphrase.text(), self.repeated.text())

    def show_error(self, message: str, field: str | None = None) -> None:
        if field == "repeated":
            show_error(self.error, message, self.repeated)
        else:
            show_error(self.error, message, self.passphrase, self.strength.text())

    def reset(self) -> None:
        self.passphrase.clear()
        self.repeated.clear()
        self.error.clear()
        self.error.setAccessibleName("")
        describe(self.repeated.edit, "")
        self.passphrase.setFocus()
