"""Unlocking off the UI thread (issue 17): the key derivation and the store's
opening run on a worker while the window keeps turning; a wrong passphrase
still gives the same message and wait; locking or closing the window while
the unlock runs closes the store it brings, with its lock entry.

Each test holds the key derivation on the worker until it has looked at
the window meanwhile, so the look surely falls inside the unlock.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from PySide6.QtCore import QTimer

from app.security.throttle import FREE_TRIES
from app.store import keys
from app.store.errors import WrongPassphrase
from app.store.store import Store
from app.ui import tasks
from app.ui.shell import Shell
from tests.conftest import PASSPHRASE
from tests.ui.test_unlock_errors import shell  # noqa: F401 - the fixture: a window on a new store

pytest.importorskip("pytestqt")


class Held:
    """``keys._derive`` held on the worker until ``go`` is set; records the
    threads it ran on."""

    def __init__(self, monkeypatch) -> None:
        self.reached, self.go, self.threads = threading.Event(), threading.Event(), []
        real = keys._derive

        def held(*args, **kwargs):
            self.threads.append(threading.current_thread())
            self.reached.set()
            assert self.go.wait(30), "the test never let the derivation go on"
            return real(*args, **kwargs)

        monkeypatch.setattr(keys, "_derive", held)


def while_held(held: Held, look) -> None:
    """Call ``look()`` on the UI thread once the derivation is held, without
    holding the event loop, then let the derivation go on."""

    def poll():
        if not held.reached.is_set():
            QTimer.singleShot(5, poll)
            return
        try:
            look()
        finally:
            held.go.set()

    QTimer.singleShot(0, poll)


def audit_actions(path: Path) -> list[str]:
    with Store.open(path, PASSPHRASE) as store:
        return [e.action for e in store.audit.entries()]


def test_the_key_is_derived_on_a_worker_while_the_screen_says_it_is_busy(
        qtbot, shell: Shell, monkeypatch):  # noqa: F811 - the fixture
    held = Held(monkeypatch)
    ticks, seen = [], {}
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()

    def look():
        ticks.clear()
        qtbot.wait(60)  # the event loop turns while the key is derived
        seen["ticks"] = len(ticks)
        screen = shell.unlock
        seen["busy"] = screen.busy.isVisible() and screen.busy.text()
        seen["button"] = screen.button.isEnabled()
        seen["others"] = [b.isEnabled() for b in (screen.forgot_button, screen.training_button,
                                                  screen.switch_button)]
        seen["read_only"] = screen.passphrase.edit.isReadOnly()
        seen["store"] = shell.store
        # A second try meanwhile (Return again) starts no second unlock.
        screen.passphrase.edit.setText(PASSPHRASE)
        screen._submit()
        shell._unlock(PASSPHRASE)

    while_held(held, look)
    shell._unlock(PASSPHRASE)
    timer.stop()
    assert seen["ticks"] >= 3
    assert seen["busy"] == "De kluis wordt geopend…"
    assert seen["button"] is False and seen["others"] == [False, False, False]
    assert seen["read_only"] is True and seen["store"] is None
    assert held.threads and all(t is not threading.main_thread() for t in held.threads)
    assert shell.store is not None and shell.stack.currentWidget() is shell.cases
    assert not shell.unlock.busy.isVisibleTo(shell.unlock)
    assert not shell.unlock.passphrase.edit.isReadOnly() and shell.unlock.button.isEnabled()
    shell.lock()
    # One unlock (the second try was not made), then the lock.
    assert audit_actions(shell.store_path)[-2:] == ["unlock", "lock"]
    assert audit_actions(shell.store_path).count("unlock") == 1


def test_a_wrong_passphrase_through_the_worker_gives_the_same_message_and_wait(
        qtbot, shell: Shell, monkeypatch):  # noqa: F811 - the fixture
    threads = []
    real = keys._derive

    def recorded(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(keys, "_derive", recorded)
    screen = shell.unlock
    for _attempt in range(1, FREE_TRIES):
        shell._unlock("niet mijn wachtwoord")
        assert shell.store is None and shell.stack.currentWidget() is screen
        assert screen.error.text() == WrongPassphrase().message
        assert screen.passphrase.text() == ""  # cleared, as before
        assert not screen.busy.isVisibleTo(screen) and not screen.passphrase.edit.isReadOnly()
        assert screen.button.isEnabled()
    assert threads and all(t is not threading.main_thread() for t in threads)
    # The third wrong try in a row starts the wait; the button stays off
    # through it, also after the busy state ended.
    shell._unlock("niet mijn wachtwoord")
    assert shell._unlocker.wait_seconds() > 0
    assert not screen.button.isEnabled()
    assert screen.error.text().startswith("Te veel pogingen. Wacht 1 seconde")
    tries = len(threads)
    shell._unlock(PASSPHRASE)  # too soon: refused before any derivation
    assert shell.store is None and len(threads) == tries
    # (The screen's one-second countdown can end a little before the
    # throttle's clock does: wait for both.)
    qtbot.waitUntil(lambda: screen.button.isEnabled() and shell._unlocker.wait_seconds() == 0,
                    timeout=5000)
    shell._unlock(PASSPHRASE)
    assert shell.store is not None
    shell.lock()
    entries = audit_actions(shell.store_path)
    assert entries[-3:] == ["failed_unlock", "unlock", "lock"]


@pytest.mark.parametrize("how", ["lock", "close"])
def test_locking_or_closing_while_the_unlock_runs_closes_what_it_opens(
        qtbot, shell: Shell, monkeypatch, how: str):  # noqa: F811 - the fixture
    held = Held(monkeypatch)
    opened, real_resume = [], Store.resume

    def resume(*args, **kwargs):
        opened.append(real_resume(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(Store, "resume", resume)
    while_held(held, shell.lock if how == "lock" else shell.close)
    shell._unlock(PASSPHRASE)
    assert shell.store is None
    assert len(opened) == 1 and not opened[0].is_open  # taken over, then closed again
    assert not [t for t in tasks._running if t.running()]
    if how == "lock":
        assert shell.stack.currentWidget() is shell.unlock
        assert not shell.unlock.busy.isVisibleTo(shell.unlock)
    assert audit_actions(shell.store_path)[-2:] == ["unlock", "lock"]
    shell._unlock(PASSPHRASE)  # and it unlocks as before
    assert shell.store is not None


def test_the_unlock_waits_for_its_worker_when_the_app_quits_meanwhile(
        qtbot, shell: Shell, monkeypatch):  # noqa: F811 - the fixture
    """Quitting ends every event loop, the unlock's too: its worker is still
    waited for, and what it opened closed with its lock entry."""
    from PySide6.QtCore import QCoreApplication

    held = Held(monkeypatch)

    def quit_now():
        shell.close()
        QCoreApplication.exit(0)

    while_held(held, quit_now)
    try:
        shell._unlock(PASSPHRASE)
    finally:
        # After exit() every event loop ends at once until the application's
        # own loop has run: one turn of it, for the tests that follow.
        QTimer.singleShot(0, QCoreApplication.quit)
        QCoreApplication.exec()
    assert shell.store is None
    assert audit_actions(shell.store_path)[-2:] == ["unlock", "lock"]


def test_the_demo_opens_on_a_worker_too(qtbot, shell: Shell, monkeypatch):  # noqa: F811 - the fixture
    from app.services.demo import create_demo_store
    from app.store.store import StoreKind
    from app.ui.shell import DEMO_PASSPHRASE

    create_demo_store(shell.demo_path, DEMO_PASSPHRASE).close()
    held, seen = Held(monkeypatch), {}

    def look():
        seen["busy"] = shell.unlock.busy.isVisible()
        seen["banner"] = shell.banner.isVisible()

    while_held(held, look)
    shell.open_demo()
    assert held.threads and all(t is not threading.main_thread() for t in held.threads)
    assert seen == {"busy": True, "banner": True}  # the demo's unlock screen, busy
    assert shell.store is not None and shell.store.kind == StoreKind.DEMO
