"""Copying something sensitive (a recovery key, a reference read aloud on the
phone) without leaving it on the clipboard.

``copy_sensitive(text)`` puts the text on the clipboard marked as a secret,
so that clipboard managers and history keep it out of their list, and clears
it after 30 seconds, or at once when the app locks or quits — but only when
the clipboard still holds that text: what the worker copied since is left
alone (as KeePassXC does).

The markers, per platform, as far as Qt lets an application set them:

* Linux/BSD: ``x-kde-passwordManagerHint: secret`` (Klipper, and Wayland
  clipboard tools that follow it). Also set on the X11 selection.
* Windows: the clipboard formats ``ExcludeClipboardContentFromMonitorProcessing``
  (clipboard monitors skip it), ``CanIncludeInClipboardHistory`` = 0 and
  ``CanUploadToCloudClipboard`` = 0 (Win+V history and cloud sync), given
  through Qt's ``application/x-qt-windows-mime;value="…"`` naming, which
  registers the exact Windows format name.
* macOS: ``org.nspasteboard.ConcealedType`` (the nspasteboard.org convention).
  Qt for Python has no converter from a MIME type to this UTI, so it is set
  under the MIME name KeePassXC uses; clipboard managers that only look at the
  UTI may not see it. The 30-second clear works everywhere.

Only a SHA-256 of the copied text is kept for the later comparison, not the
text itself.
"""

from __future__ import annotations

import hashlib
import sys

from PySide6.QtCore import QMimeData, QObject, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

CLEAR_AFTER_MS = 30_000
KDE_HINT = "x-kde-passwordManagerHint"
MAC_CONCEALED = "application/x-nspasteboard-concealed-type"
_WIN = 'application/x-qt-windows-mime;value="{}"'
WINDOWS_EXCLUDE = _WIN.format("ExcludeClipboardContentFromMonitorProcessing")
WINDOWS_NO_HISTORY = _WIN.format("CanIncludeInClipboardHistory")
WINDOWS_NO_CLOUD = _WIN.format("CanUploadToCloudClipboard")
_DWORD_ZERO = b"\x00\x00\x00\x00"


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def sensitive_mime_data(text: str, platform: str | None = None) -> QMimeData:
    """The text plus the "do not keep this" markers of ``platform`` (default: this one)."""
    platform = platform or sys.platform
    mime = QMimeData()
    mime.setText(text)
    if platform == "darwin":
        mime.setData(MAC_CONCEALED, text.encode("utf-8"))
    elif platform.startswith("win"):
        mime.setData(WINDOWS_EXCLUDE, _DWORD_ZERO)
        mime.setData(WINDOWS_NO_HISTORY, _DWORD_ZERO)
        mime.setData(WINDOWS_NO_CLOUD, _DWORD_ZERO)
    else:
        mime.setData(KDE_HINT, b"secret")
    return mime


class _Clearer(QObject):
    """Clears one mode of the clipboard later, if it still holds the copied text."""

    def __init__(self, clipboard: QClipboard, mode: QClipboard.Mode, digest: bytes,
                 after_ms: int) -> None:
        super().__init__(clipboard)
        self._clipboard, self._mode, self._digest = clipboard, mode, digest
        _waiting.add(self)
        QTimer.singleShot(after_ms, self, self.clear)

    def clear(self) -> None:
        if self not in _waiting:
            return
        _waiting.discard(self)
        if _digest(self._clipboard.text(self._mode)) == self._digest:
            self._clipboard.clear(self._mode)
        self.deleteLater()


#: Copies not yet cleared.
_waiting: set[_Clearer] = set()


def clear_copied_now() -> None:
    """Clear what the app copied and is still on the clipboard, without
    waiting: the app locks or quits (on Windows and macOS the clipboard
    outlives the app)."""
    for clearer in list(_waiting):
        clearer.clear()


def copy_sensitive(text: str, clear_after_ms: int = CLEAR_AFTER_MS) -> None:
    """Copy ``text`` marked as secret; clear it after ``clear_after_ms`` if unchanged."""
    clipboard = QGuiApplication.clipboard()
    digest = _digest(text)
    modes = [QClipboard.Mode.Clipboard]
    if clipboard.supportsSelection():
        modes.append(QClipboard.Mode.Selection)
    for mode in modes:
        # Qt takes ownership of the mime data: one object per mode.
        clipboard.setMimeData(sensitive_mime_data(text), mode)
        _Clearer(clipboard, mode, digest, clear_after_ms)


def _marked(mime: QMimeData | None) -> bool:
    if mime is None:
        return False
    return any(mime.hasFormat(f) for f in (KDE_HINT, MAC_CONCEALED, WINDOWS_EXCLUDE))


def guard_clipboard(clear_after_ms: int = CLEAR_AFTER_MS) -> None:
    """Whatever the worker copies out of the app (Ctrl+C in any field) is marked
    as secret and cleared after ``clear_after_ms``, like ``copy_sensitive``."""
    clipboard = QGuiApplication.clipboard()

    def changed() -> None:
        mode = QClipboard.Mode.Clipboard
        if clipboard.ownsClipboard() and not _marked(clipboard.mimeData(mode)):
            text = clipboard.text(mode)
            if text:
                copy_sensitive(text, clear_after_ms)

    clipboard.dataChanged.connect(changed)
    QGuiApplication.instance().aboutToQuit.connect(clear_copied_now)
