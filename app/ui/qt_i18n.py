"""Qt's own text (standard buttons, dialogs) in the app's language.

PySide6 ships ``qtbase_nl.qm``; it is installed for Dutch and removed for
English. Installing or removing a translator makes Qt send a LanguageChange
event to every widget, which is how open screens retranslate themselves.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from app import i18n

_QT_LOCALES = {"nl": QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands),
               "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)}
_installed: QTranslator | None = None


def apply_language(language: str) -> None:
    """Switch the app's catalogue and Qt's translator; open windows follow."""
    global _installed
    i18n.set_language(language)
    QLocale.setDefault(_QT_LOCALES[language])
    app = QApplication.instance()
    if app is None:
        return
    notified = False
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed, notified = None, True
    if language != "en":
        translator = QTranslator(app)
        path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{language}", path):
            app.installTranslator(translator)
            _installed, notified = translator, True
    if not notified:
        # No Qt translator changed (e.g. English at first start), so Qt sent
        # nothing: tell every widget ourselves.
        for widget in app.allWidgets():
            QCoreApplication.postEvent(widget, QEvent(QEvent.Type.LanguageChange))
    # Qt posts LanguageChange to the windows; deliver it now, so every open
    # screen has its new texts when this returns.
    app.processEvents()
