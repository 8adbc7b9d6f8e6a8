"""Texts still in Dutch on a window after switching to English."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QGroupBox,
    QLabel,
    QMainWindow,
    QTabBar,
    QWidget,
)


@cache
def _dutch_only() -> frozenset[str]:
    """Catalogue texts whose English differs, without mnemonics."""
    from app.i18n.catalog import read

    catalogue = read("en")
    found = set()
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid, msgstr in zip(ids, strings, strict=False):
            plain = msgid.replace("&", "")
            if msgid and "{" not in msgid and plain != msgstr.replace("&", "") and len(plain) > 3:
                found.add(plain)
    return frozenset(found)


def dutch_texts(window: QWidget) -> set[str]:
    texts: list[str] = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model, top = widget.model(), QModelIndex()
            try:
                columns = model.columnCount(top)
            except TypeError:  # Qt's own internal models
                continue
            texts += [str(model.headerData(c, Qt.Orientation.Horizontal) or "")
                      for c in range(columns)]
            for row in range(min(model.rowCount(top), 20)):
                texts += [str(model.index(row, c).data() or "") for c in range(columns)]
    if isinstance(window, QMainWindow):
        texts += [a.text() for a in window.menuBar().actions()]
    dutch = _dutch_only()
    return {t.replace("&", "") for t in texts if t.replace("&", "") in dutch}
