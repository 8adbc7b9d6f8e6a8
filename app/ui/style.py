"""The app's style sheet, its semantic text colours, and the tint that marks the
training store.

Everything here follows the application font and palette, so the app works
at 200 % text scale and in a dark or high-contrast palette: a heading is a
multiple of the body text (a fixed size ends up smaller than large body
text), and each semantic colour has a variant for light and one for dark
backgrounds, both with a WCAG contrast of at least 4.5:1. When the font or
the palette changes while the app runs, the style sheet and every label
coloured with ``set_tone`` are brought up to date.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from app.security.passphrase import Strength


class Tone(Enum):
    """What a coloured text means; ``text_colour`` gives its colour."""

    ERROR = "error"
    WARNING = "warning"
    SUCCESS = "success"
    MUTED = "muted"
    ACCENT = "accent"


#: Tone -> (on a light background, on a dark background). Each has a contrast
#: of at least 4.5:1 with white, Fusion's #efefef and the training tint
#: (light), and with black up to a #3c3c3c window (dark).
_TONES: dict[Tone, tuple[str, str]] = {
    Tone.ERROR: ("#b00020", "#ff8a80"),
    Tone.WARNING: ("#8a3b00", "#ffb74d"),
    Tone.SUCCESS: ("#1b6e20", "#81c784"),
    Tone.MUTED: ("#555555", "#c8c8c8"),
    Tone.ACCENT: ("#0b5cad", "#82b1ff"),
}

#: How the strength of a new passphrase is shown, on the setup screen and
#: when it is changed.
STRENGTH_TONES: dict[Strength, Tone] = {
    Strength.TOO_SHORT: Tone.ERROR, Strength.WEAK: Tone.ERROR,
    Strength.FAIR: Tone.WARNING, Strength.STRONG: Tone.SUCCESS,
}

#: Heading sizes as a multiple of the application font.
TITLE_SCALE = 1.6
SUBHEADING_SCALE = 1.3

#: Every window and dialog of the training store is tinted blue, so a trainee
#: can never mistake it for real work. The tint is light whatever the palette.
TRAINING_TINT = "#e3f1f8"
#: Text drawn straight on the tint when the palette's own text is light.
TINT_TEXT = "#1a1a1a"

_TRAINING = "veiligwijzerTraining"
_APPLIED = "veiligwijzerStyleSheet"
_TONE = "veiligwijzerTone"
_TONE_EXTRA = "veiligwijzerToneExtra"
_TONE_GROUND = "veiligwijzerToneGround"


# -- colours --------------------------------------------------------------------------


def is_dark(background: QColor | str) -> bool:
    return QColor(background).lightness() < 128


def mix(a: QColor | str, b: QColor | str, amount: float) -> QColor:
    """``a`` with ``amount`` (0 to 1) of ``b`` mixed in."""
    a, b = QColor(a), QColor(b)
    return QColor.fromRgbF(*(x + (y - x) * amount for x, y in zip(
        a.getRgbF()[:3], b.getRgbF()[:3], strict=True)))


def _app() -> QApplication | None:
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else None


def _palette() -> QPalette:
    app = _app()
    return app.palette() if app is not None else QPalette()


def is_training() -> bool:
    app = _app()
    return bool(app is not None and app.property(_TRAINING))


def ground(role: QPalette.ColorRole = QPalette.ColorRole.Window) -> QColor:
    """The colour text sits on: the palette's ``role``, or the training tint
    for windows and dialogs of the training store."""
    if role == QPalette.ColorRole.Window and is_training():
        return QColor(TRAINING_TINT)
    return _palette().color(role)


def text_colour(tone: Tone, background: QColor | str | None = None) -> str:
    """The colour (``#rrggbb``) of ``tone`` on ``background``; by default on a
    window of the current palette."""
    light, dark = _TONES[tone]
    return dark if is_dark(background if background is not None else ground()) else light


def set_tone(widget: QWidget, tone: Tone | None, extra: str = "",
             role: QPalette.ColorRole = QPalette.ColorRole.Window) -> None:
    """Colour ``widget``'s text with ``tone`` (``None``: its normal colour),
    as it sits on the palette's ``role``; ``extra`` is more style sheet for it
    (``font-weight: bold;``). Kept up to date when the palette changes."""
    widget.setProperty(_TONE, tone.value if tone is not None else None)
    widget.setProperty(_TONE_EXTRA, extra)
    widget.setProperty(_TONE_GROUND, role.value)
    _paint_tone(widget)
    _follow()


def _paint_tone(widget: QWidget) -> None:
    tone = widget.property(_TONE)
    extra = widget.property(_TONE_EXTRA) or ""
    if tone:
        role = QPalette.ColorRole(widget.property(_TONE_GROUND))
        sheet = f"color: {text_colour(Tone(tone), ground(role))}; {extra}".strip()
    else:
        sheet = extra
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)


def _repaint_tones(app: QApplication) -> None:
    for widget in app.allWidgets():
        if widget.property(_TONE_EXTRA) is not None:
            _paint_tone(widget)


# -- sizes ----------------------------------------------------------------------------


def heading_size(scale: float = TITLE_SCALE, font: QFont | None = None) -> str:
    """A CSS font size ``scale`` times the application font (or ``font``)."""
    if font is None:
        app = _app()
        font = app.font() if app is not None else QFont()
    if font.pointSizeF() > 0:
        return f"{font.pointSizeF() * scale:.1f}pt"
    return f"{round(font.pixelSize() * scale)}px"


# -- the style sheet ------------------------------------------------------------------


def style_sheet(training: bool = False) -> str:
    """The application style sheet for the current font and palette."""
    window = QColor(TRAINING_TINT) if training else _palette().color(QPalette.ColorRole.Window)
    sheet = (f"QLabel#screenTitle {{ font-size: {heading_size(TITLE_SCALE)}; font-weight: 600; }}\n"
             f"QLabel#sectionTitle {{ font-size: {heading_size(SUBHEADING_SCALE)};"
             " font-weight: 600; }\n"
             f"QLabel#warning {{ color: {text_colour(Tone.WARNING, window)}; }}\n")
    if training:
        sheet += f"QMainWindow, QDialog {{ background: {TRAINING_TINT}; }}\n"
        if is_dark(_palette().color(QPalette.ColorRole.Window)):
            tip = _palette().color(QPalette.ColorRole.ToolTipText).name()
            # The palette's text is light and would vanish on the light tint:
            # text drawn straight on it is dark (BarChart draws its labels in
            # the palette's text colour), and tab pages and scrolled forms show
            # the tint too instead of the dark window colour under that text.
            sheet += (f"QLabel, QCheckBox, QRadioButton, QGroupBox, QPushButton:flat, BarChart "
                      f"{{ color: {TINT_TEXT}; }}\n"
                      "QTabWidget, QScrollArea > QWidget#qt_scrollarea_viewport,"
                      " QScrollArea > QWidget#qt_scrollarea_viewport > QWidget"
                      f" {{ background: {TRAINING_TINT}; }}\n"
                      # A tool tip is a QLabel too, on the palette's own background.
                      f"QToolTip {{ color: {tip}; }}\n")
    return sheet


def apply(training: bool | None = None) -> None:
    """Set the application style sheet; ``training`` tints every window (``None``:
    as it is). From then on the sheet follows the application font and palette."""
    app = _app()
    if app is None:
        return
    if training is not None:
        app.setProperty(_TRAINING, training)
    sheet = style_sheet(is_training())
    app.setProperty(_APPLIED, sheet)
    if app.styleSheet() != sheet:
        app.setStyleSheet(sheet)
    _repaint_tones(app)
    _follow()


def mark_training(on: bool) -> None:
    """Tint every window while the training store is open (``on``), or not."""
    apply(on)


class _Follower(QWidget):
    """Never shown: Qt tells every widget when the application font or palette
    changes (an event filter on the application would see every event)."""

    def event(self, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.ApplicationFontChange,
                            QEvent.Type.ApplicationPaletteChange):
            app = _app()
            if app is not None:
                # A sheet set by someone else (a test, say) is theirs to keep.
                if app.styleSheet() and app.styleSheet() == app.property(_APPLIED):
                    apply()
                else:
                    _repaint_tones(app)
        return super().event(event)


_follower: _Follower | None = None


def _follow() -> None:
    global _follower
    if _follower is None and _app() is not None:
        _follower = _Follower()
