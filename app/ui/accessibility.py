"""What a screen reader hears: secret fields that never speak what was typed,
and announcements of errors.

Secret fields (wachtwoord, herstelsleutel, exportwachtwoord). A QLineEdit in
password mode shows bullets, but Qt sends every typed character in its
accessibility events: the AT-SPI bridge copies the text of a "text inserted"
event into ``object:text-changed:insert``, and Orca speaks and logs it
(KeePassXC met this with Qt, its issues #1920 and #5389). PySide6 cannot filter
the events (no ``installUpdateHandler``), but the bridge sends a text event
only for an object whose accessible interface has a text interface. So a
field marked with :func:`mark_secret` gets :class:`SecretFieldAccessible`: a
password field with its name and description, its length in bullets as its
value, and no text interface, so no event, name, value or description can
carry what was typed, whatever the field shows.

Keyboard. Outside a dialog a push button ignores Return (only Space presses
it); :class:`ReturnPressesButtons` makes Return press the focused button of a
main window too.

Errors. :func:`announce` sends Qt's announcement event (Qt 6.8+: an AT-SPI
``object:announcement``, a UIA notification, a VoiceOver announcement).
Screen readers that do not know that event (Orca 43 ignores it) speak a change
of the focused field's description, so :func:`show_error` also puts the error
there, changing it even when the same error comes again.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLoggingCategory, QObject, Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleInterface
from PySide6.QtWidgets import (
    QAccessibleWidget,
    QApplication,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

#: Dynamic property that marks a line edit as holding a secret.
SECRET_PROPERTY = "veiligwijzerSecret"
BULLET = "•"


class SecretFieldAccessible(QAccessibleWidget):
    """A secret field as assistive technology sees it: "Wachtwoord, password
    text", as many bullets as characters, and nothing of the text itself."""

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__(edit, QAccessible.Role.EditableText)
        self._edit = edit

    def state(self) -> QAccessible.State:
        state = super().state()
        state.passwordEdit = True
        state.editable = True
        return state

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Value:
            return BULLET * len(self._edit.text())
        return super().text(kind)

    def setText(self, kind: QAccessible.Text, text: str) -> None:  # noqa: N802 - Qt API
        """Assistive technology may not write into a secret field either."""


def _factory(_key: str, obj: QObject) -> QAccessibleInterface | None:
    if isinstance(obj, QLineEdit) and obj.property(SECRET_PROPERTY):
        return SecretFieldAccessible(obj)
    return None


_installed = False


def install() -> None:
    """Make Qt ask :func:`_factory` first; once per process."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        # The bridge warns on every key typed in a secret field that it has no
        # text to send: that is the point, not a fault.
        QLoggingCategory.setFilterRules("qt.accessibility.atspi.warning=false")
        _installed = True


def mark_secret(edit: QLineEdit) -> None:
    """From now on ``edit`` is a secret field for assistive technology, also
    when its text is shown on screen."""
    install()
    edit.setProperty(SECRET_PROPERTY, True)
    interface = QAccessible.queryAccessibleInterface(edit)
    if not isinstance(interface, SecretFieldAccessible):
        # Asked for before it was marked: drop Qt's cached plain interface.
        QAccessible.deleteAccessibleInterface(QAccessible.uniqueId(interface))
        interface = QAccessible.queryAccessibleInterface(edit)
    assert isinstance(interface, SecretFieldAccessible)


def is_secret(edit: QLineEdit) -> bool:
    return isinstance(QAccessible.queryAccessibleInterface(edit), SecretFieldAccessible)


class _Announcer(QObject):
    """Emits every announcement as well, so a screen can be tested for what it says."""

    said = Signal(str)


_announcer: _Announcer | None = None


def announcer() -> _Announcer:
    global _announcer
    if _announcer is None:
        _announcer = _Announcer()
    return _announcer


def announce(source: QObject, message: str) -> None:
    """Have a screen reader say ``message`` now, interrupting what it says
    (an error must not wait). ``source`` is the widget the message is about."""
    if not message:
        return
    event = QAccessibleAnnouncementEvent(source, message)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
    QAccessible.updateAccessibility(event)
    announcer().said.emit(message)


def describe(widget: QWidget, description: str, *, again: bool = False) -> None:
    """Set ``widget``'s accessible description; with ``again``, also when it
    is unchanged, so a screen reader that speaks description changes of the
    focused field says it once more."""
    if again and widget.accessibleDescription() == description:
        widget.setAccessibleDescription("")
    widget.setAccessibleDescription(description)


def show_error(label: QLabel, message: str, field: QWidget | None = None,
               description: str = "") -> None:
    """Show ``message`` in the error ``label``, announce it, and make it the
    description of ``field`` (the field it is about, which gets the focus),
    before the field's own ``description``."""
    label.setText(message)
    label.setAccessibleName(message)
    if field is not None:
        target = field.focusProxy() or field
        describe(target, " ".join(p for p in (message, description) if p), again=True)
        target.setFocus()
    announce(field or label, message)


class ReturnPressesButtons(QObject):
    """Return presses the focused push or tool button of ``window``, as Space
    does. Each button is watched from the moment it first gets the focus, so
    a Return meant for another widget (a table that opens a case and moves
    the focus) never presses a button."""

    _WATCHED = "returnPressesButton"

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        QApplication.instance().focusChanged.connect(self._focused)

    def _focused(self, _old: QWidget | None, new: QWidget | None) -> None:
        if (isinstance(new, QPushButton | QToolButton) and new.window() is self._window
                and not new.property(self._WATCHED)):
            new.setProperty(self._WATCHED, True)
            new.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if (event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
                and watched.isEnabled()):
            watched.animateClick()
            return True
        return False
