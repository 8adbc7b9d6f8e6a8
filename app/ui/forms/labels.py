"""The texts around an editor: the question, its help text, its error message."""

from __future__ import annotations

import re

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QWidget

MIN_LABEL_WIDTH = 120


class QuestionLabel(QLabel):
    """A word-wrapping label that QFormLayout can place.

    QFormLayout places a label at its size hint and ignores height-for-width,
    so a plain wrapping QLabel came out narrow and cut off. This one hints its
    one-line width, up to ``wrap_at`` pixels (the form sets that to the width
    available), and the height it needs at that width.
    """

    def __init__(self, wrap_at: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._wrap_at = wrap_at
        self.setWordWrap(True)

    def set_wrap_width(self, pixels: int) -> None:
        if pixels != self._wrap_at:
            self._wrap_at = pixels
            self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        plain = re.sub(r"&(.)", r"\1", self.text())
        margins = self.contentsMargins()
        extra = margins.left() + margins.right() + 2 * self.margin() + 2
        width = max(1, min(self.fontMetrics().horizontalAdvance(plain) + extra, self._wrap_at))
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        hint = self.sizeHint()
        return QSize(min(hint.width(), MIN_LABEL_WIDTH), hint.height())


def muted(label: QLabel, scale: float = 0.9) -> None:
    palette = label.palette()
    text, window = palette.color(QPalette.ColorRole.WindowText), palette.color(
        QPalette.ColorRole.Window)
    mix = QColor.fromRgbF(*(0.72 * a + 0.28 * b for a, b in zip(
        text.getRgbF()[:3], window.getRgbF()[:3], strict=True)))
    palette.setColor(QPalette.ColorRole.WindowText, mix)
    label.setPalette(palette)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)


def with_mnemonic(text: str, used: set[str]) -> str:
    """``text`` with ``&`` escaped and an Alt+letter mnemonic not yet in ``used``."""
    for i, ch in enumerate(text):
        if ch.isalnum() and ch.lower() not in used:
            used.add(ch.lower())
            return text[:i].replace("&", "&&") + "&" + text[i:].replace("&", "&&")
    return text.replace("&", "&&")
