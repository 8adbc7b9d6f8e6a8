"""The app side of tests/ui/test_atspi.py: a secret field of the app and, as
the control, a plain password line edit; types into both, then announces.
Runs on the xcb platform with the AT-SPI bridge on."""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from app.ui.accessibility import announce
from app.ui.widgets.passphrase_field import PassphraseField


def main(secret: str, control: str, message: str) -> None:
    app = QApplication(sys.argv[:1])
    window = QWidget()
    window.setWindowTitle("Proef")
    field = PassphraseField()
    field.set_texts("Wachtwoord", "Toon", "Verberg")
    plain = QLineEdit()
    plain.setEchoMode(QLineEdit.EchoMode.Password)
    plain.setAccessibleName("Gewoon")
    layout = QVBoxLayout(window)
    layout.addWidget(field)
    layout.addWidget(plain)
    window.show()

    def type_all() -> None:
        field.edit.setFocus()
        QTest.keyClicks(field.edit, secret)
        field.toggle.setChecked(True)  # shown on screen: still secret
        QTest.keyClicks(field.edit, secret)
        field.edit.setText(secret)
        plain.setFocus()
        QTest.keyClicks(plain, control)
        announce(field.edit, message)

    QTimer.singleShot(2500, type_all)
    QTimer.singleShot(5000, app.quit)
    app.exec()


if __name__ == "__main__":
    main(*sys.argv[1:4])
