"""A page of a stack (a QStackedWidget, a QTabWidget) that costs nothing to
measure while another page is shown.

Qt's stacked layout asks every page for its size hints and its height for
a width, hidden pages included, and the case view nests such stacks in a
scroll area: every layout pass measured every word-wrapped label of every
hidden step page and tab (issue 17, benchmarks/README.md, "opening a
case"). A hidden page answers "nothing" instead, so a stack is as large as
the page on screen, which is also what a worker expects: the case scrolls
as far as the page shown, not as far as the tallest page behind it.
Showing a page tells its stack's layout to measure again (Qt does that for
a widget that becomes visible), so switching pages needs nothing more.
"""

from __future__ import annotations

from PySide6.QtCore import QSize


class StackPage:
    """Mixin, before the QWidget class: ``class StepPage(StackPage, QWidget)``."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(0, 0) if self.isHidden() else super().sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(0, 0) if self.isHidden() else super().minimumSizeHint()

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        return 0 if self.isHidden() else super().heightForWidth(width)
