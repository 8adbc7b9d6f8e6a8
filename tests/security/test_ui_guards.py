"""The interface guards, with pytest-qt: the clipboard is cleared after the
timeout only if it still holds the copied text; the idle watcher emits after
the set time without input, not while there is input, and on suspend; the
passphrase and recovery-key dialogs; the idle-lock setting is saved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.config import Settings
from app.errors import ValidationError
from app.services.keys import change_passphrase
from app.store.store import Store
from app.ui.clipboard import KDE_HINT, clear_copied_now, copy_sensitive, sensitive_mime_data
from app.ui.idle import IdleWatcher
from app.ui.passphrase_dialog import ChangePassphraseDialog
from app.ui.recovery_key_dialog import RecoveryKeyDialog
from app.ui.settings_dialog import SettingsDialog
from tests.conftest import PASSPHRASE

NEW = "een heel ander wachtwoord nu"

# -- clipboard -------------------------------------------------------------------


def test_copied_secret_is_marked_and_cleared(qtbot):
    clipboard = QGuiApplication.clipboard()
    copy_sensitive("VW-2611-K7QD", clear_after_ms=200)
    assert clipboard.text() == "VW-2611-K7QD"
    formats = clipboard.mimeData().formats()
    assert KDE_HINT in formats
    assert bytes(clipboard.mimeData().data(KDE_HINT)) == b"secret"
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=3000)


def test_what_was_copied_is_cleared_at_once_when_the_app_locks_or_quits(qtbot):
    clipboard = QGuiApplication.clipboard()
    copy_sensitive("VW-2611-K7QD")  # the usual 30 seconds
    clear_copied_now()
    assert clipboard.text() == ""
    copy_sensitive("geheim")
    clipboard.setText("iets anders")
    clear_copied_now()
    assert clipboard.text() == "iets anders"


def test_the_clipboard_is_left_alone_when_the_worker_copied_something_else(qtbot):
    clipboard = QGuiApplication.clipboard()
    copy_sensitive("geheim", clear_after_ms=150)
    clipboard.setText("iets anders")
    qtbot.wait(400)
    assert clipboard.text() == "iets anders"


def test_markers_per_platform():
    assert "application/x-nspasteboard-concealed-type" in sensitive_mime_data(
        "x", "darwin").formats()
    windows = sensitive_mime_data("x", "win32").formats()
    assert any("ExcludeClipboardContentFromMonitorProcessing" in f for f in windows)
    assert any("CanIncludeInClipboardHistory" in f for f in windows)


# -- idle lock -------------------------------------------------------------------


@pytest.fixture
def watcher(qtbot):
    w = IdleWatcher(5, interval_ms=300)
    w.start()
    yield w
    w.stop()


def test_idle_after_the_set_time(qtbot, watcher: IdleWatcher):
    with qtbot.waitSignal(watcher.idle, timeout=3000):
        pass


def test_input_keeps_the_app_awake(qtbot, watcher: IdleWatcher):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    fired = []
    watcher.idle.connect(lambda: fired.append(True))
    for _i in range(8):  # 8 x 100 ms of typing and moving: well past 300 ms
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A,
                                                 Qt.KeyboardModifier.NoModifier, "a"))
        qtbot.mouseMove(widget, widget.rect().center() + QPointF(_i, 0).toPoint())
        qtbot.wait(100)
    assert fired == []
    with qtbot.waitSignal(watcher.idle, timeout=3000):
        pass


def test_suspend_emits_idle_at_once(qtbot):
    w = IdleWatcher(30)
    w.start()
    try:
        with qtbot.waitSignal(w.idle, timeout=1000):
            QGuiApplication.instance().applicationStateChanged.emit(
                Qt.ApplicationState.ApplicationSuspended)
    finally:
        w.stop()


def test_a_stopped_watcher_is_quiet_and_minutes_are_bounded(qtbot):
    w = IdleWatcher(5, interval_ms=100)
    fired = []
    w.idle.connect(lambda: fired.append(True))
    w.start()
    w.stop()
    qtbot.wait(300)
    assert fired == []
    for bad in (0, 31):
        with pytest.raises(ValueError):
            w.set_minutes(bad)
    w.set_minutes(30)
    assert w.interval_ms == 30 * 60_000


# -- dialogs ---------------------------------------------------------------------


def test_change_passphrase_dialog_changes_it_and_shows_errors(qtbot, store: Store):
    dialog = ChangePassphraseDialog(
        lambda old, new, rep: change_passphrase(store.path, old, new, rep, store=store))
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.old.edit, "niet het goede wachtwoord")
    qtbot.keyClicks(dialog.new.edit, NEW)
    assert "Sterk" in dialog.strength.text()
    qtbot.keyClicks(dialog.repeated.edit, NEW)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "klopt niet" in dialog.error.text()
    assert dialog.result() != dialog.DialogCode.Accepted

    dialog.old.edit.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.old.text() == "" and dialog.new.text() == ""
    Store.open(store.path, NEW).close()


def test_change_passphrase_dialog_names_the_field(qtbot):
    def refuse(old, new, rep):
        raise ValidationError("De twee wachtwoorden zijn niet gelijk.", field="repeated")

    dialog = ChangePassphraseDialog(refuse, recovery=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Herstelsleutel" in dialog.old_label.text()
    for field in (dialog.old, dialog.new, dialog.repeated):
        field.edit.setText("iets van tien tekens")
    dialog.ok_button.click()
    assert dialog.error.text() == "De twee wachtwoorden zijn niet gelijk."
    assert dialog.focusWidget() is dialog.repeated.edit


def test_recovery_key_dialog_closes_only_once_saved(qtbot):
    dialog = RecoveryKeyDialog("ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.key.text() == "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345"
    assert dialog.key.font().fixedPitch() or dialog.key.font().styleHint() == \
        dialog.key.font().StyleHint.Monospace
    assert "kluis" in dialog.advice.text()
    assert dialog.saved.text().replace("&", "") == "Ik heb de herstelsleutel bewaard"
    assert not dialog.close_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.close()
    assert dialog.isVisible()
    dialog.saved.setChecked(True)
    assert dialog.close_button.isEnabled()
    with qtbot.waitSignal(dialog.rejected, timeout=1000):
        dialog.close_button.click()
    assert not dialog.isVisible() and dialog.key.text() == ""


def test_settings_dialog_saves_the_idle_minutes(qtbot, tmp_path: Path):
    path = tmp_path / "settings.json"
    settings = Settings()
    seen = []
    dialog = SettingsDialog(lambda code: None, settings=settings, settings_path=path,
                            on_idle_minutes=seen.append)
    qtbot.addWidget(dialog)
    assert dialog.idle_minutes.value() == 5
    assert (dialog.idle_minutes.minimum(), dialog.idle_minutes.maximum()) == (1, 30)
    dialog.idle_minutes.setValue(12)
    assert seen == [12] and settings.idle_lock_minutes == 12
    assert json.loads(path.read_text())["idle_lock_minutes"] == 12
    assert Settings.load(path).idle_lock_minutes == 12
    dialog.idle_minutes.setValue(99)
    assert dialog.idle_minutes.value() == 30
