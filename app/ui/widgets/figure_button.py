"""A figure of the overview: a large number above its label, readable at a glance.

A plain button showed "3\\nTe laat" with the number as small as its label. This
one keeps that text (for the keyboard, screen readers and tests) and draws the
first line large and bold, the rest as a wrapped caption. Sizes follow the
application font, so large text makes both larger.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QPushButton, QStyle, QStyleOptionButton, QWidget

#: The number's size as a multiple of the label's.
NUMBER_SCALE = 2.2
_PAD = 8


class FigureButton(QPushButton):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)

    def _parts(self) -> tuple[str, str]:
        number, _newline, caption = self.text().partition("\n")
        return number, caption

    def number_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * NUMBER_SCALE)
        font.setWeight(QFont.Weight.Bold)
        return font

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        number, caption = self._parts()
        big, small = QFontMetrics(self.number_font()), self.fontMetrics()
        width = max(big.horizontalAdvance(number), small.horizontalAdvance(caption),
                    small.averageCharWidth() * 14) + 4 * _PAD
        return QSize(width, big.height() + small.height() * 2 + 3 * _PAD)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return self.sizeHint()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        painter = QPainter(self)
        self.style().drawControl(QStyle.ControlElement.CE_PushButton, option, painter, self)
        number, caption = self._parts()
        area = self.rect().adjusted(2 * _PAD, _PAD, -2 * _PAD, -_PAD)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.setFont(self.number_font())
        big = QFontMetrics(self.number_font()).height()
        painter.drawText(QRect(area.left(), area.top(), area.width(), big),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, number)
        painter.setFont(self.font())
        painter.drawText(QRect(area.left(), area.top() + big, area.width(),
                               area.height() - big),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                         | Qt.TextFlag.TextWordWrap, caption)
        painter.end()
