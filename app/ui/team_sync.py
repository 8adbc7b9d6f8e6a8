"""The team sync while the app is open (issue 20): one worker thread with its
own asyncio loop and its own connection to the store; the window hears of it
through Qt signals only.

Why a thread and not qasync on Qt's own loop: applying a batch from the
stream (decrypting, checking two signatures per operation, merging) takes
tens of milliseconds per batch and a new device's catch-up seconds; on the
UI thread that would freeze the window. A connection is never shared between
threads, so the thread opens the store its own way (``Store.for_thread``),
as the other background reads do; locking stops it like them and its keys go
with the thread.
"""

from __future__ import annotations

import threading
from datetime import datetime

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QLabel, QStatusBar

from app.i18n import _
from app.services import team_status
from app.services.session import Store, TaskStopped
from app.ui.accessibility import announce


class _SyncThread(QThread):
    progressed = Signal(object)  # team_status.Progress

    def __init__(self, store: Store, url: str) -> None:
        super().__init__()
        self._store, self._url = store, url
        self.stop = threading.Event()

    def run(self) -> None:
        from app.services import team  # the network client: loaded only for a team

        try:
            with self._store.for_thread(self.stop) as own:
                team.sync_in_background(own, self._url, self.stop, self.progressed.emit)
        except TaskStopped:
            pass  # locked
        except Exception as exc:  # noqa: BLE001 - shown in the window, never a traceback
            if not self.stop.is_set():
                self.progressed.emit(team_status.failed(exc))


class TeamSync(QObject):
    """Starts and stops the background sync and shows its state in the
    window's status bar, in a label a screen reader reads (and announces
    when it changes). A store in no team shows nothing."""

    #: The cases the stream changed: the window reads them again.
    changed = Signal(object)
    #: The state line changed (the team screen shows it too).
    shown = Signal(str)

    def __init__(self, status_bar: QStatusBar) -> None:
        super().__init__(status_bar)
        self.label = QLabel()
        self.label.setObjectName("teamSyncState")
        self.label.setAccessibleName(_("Teamsynchronisatie"))
        self.label.hide()
        status_bar.addPermanentWidget(self.label)
        self._bar = status_bar
        self._thread: _SyncThread | None = None
        self._kind: team_status.Kind | None = None
        #: When the sync last said "Bijgewerkt" while the app was open.
        self.last_updated: datetime | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    @property
    def live(self) -> bool:
        """Running and online: what arrives shows at once."""
        return self.running and self._kind in (team_status.Kind.UPDATED,
                                               team_status.Kind.SENDING)

    def start(self, store: Store) -> None:
        """Sync ``store`` in the background if it is in a team that has synced
        with a server before (``veiligwijzer sync`` remembers it)."""
        self.stop()
        url = team_status.server_url(store)
        if url is None:
            return
        self._show(team_status.progress(store, online=False))
        thread = _SyncThread(store, url)
        thread.progressed.connect(self._progressed)
        self._thread = thread
        thread.start()

    def sync_now(self, store: Store) -> None:
        """Try at once instead of after the retry wait: a new round from the
        start (the running one is stopped first, its connection let go).
        Online, the sync is live already: a reconnect would only cost time."""
        if self.live:
            return
        last = self.last_updated
        self.start(store)
        self.last_updated = last

    def stop(self) -> None:
        """Stop and wait for the thread (its store connection closes, its keys
        go with it); the state leaves the window."""
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.stop.set()
            thread.wait()
            thread.deleteLater()
        self._kind = None
        self.last_updated = None
        self.label.clear()
        self.label.hide()
        if not self._bar.currentMessage():
            self._bar.hide()

    @Slot(object)
    def _progressed(self, progress) -> None:
        if self._thread is None:
            return  # stopped meanwhile: a late signal of the old thread
        self._show(progress)
        if progress.changed:
            self.changed.emit(progress.changed)

    def _show(self, progress: team_status.Progress) -> None:
        if progress.kind is team_status.Kind.UPDATED:
            self.last_updated = datetime.now().astimezone()
        self.label.setText(progress.text)
        self.label.setAccessibleDescription(progress.text)
        self.label.show()
        self._bar.show()
        if progress.kind is not self._kind:
            # Said when the kind of state changes (offline, no access …), not
            # every time the count or the time in the line moves on.
            self._kind = progress.kind
            announce(self.label, progress.text)
        self.shown.emit(progress.text)
