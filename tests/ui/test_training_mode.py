"""Trainer mode in the app: the training store opens apart from the real one,
marked on every window, with the quiz and a reset."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtWidgets import QApplication

from app.services import cases as case_service
from app.store.store import StoreKind
from app.ui import quiz_dialog
from tests.ui.test_shell import open_shell, recovery_keys  # noqa: F401 - fixture


@pytest.fixture
def shell(qtbot, tmp_path: Path, recovery_keys):  # noqa: F811
    window = open_shell(qtbot, tmp_path)
    yield window
    window.close()


def test_training_store_opens_apart_marked_with_quiz_and_reset(qtbot, shell, monkeypatch):
    shell.setup.training_button.click()
    qtbot.waitUntil(lambda: shell.store is not None, timeout=30000)
    assert shell.store.kind == StoreKind.TRAINING
    assert shell.store.path == shell.training_path
    assert not shell.store_path.exists(), "training never creates the real store"
    assert "OEFENOMGEVING" in shell.banner.text() and shell.banner.isVisible()
    assert shell.commands.training_menu.menuAction().isVisible()
    assert "#e3f1f8" in app_style(), "every window is tinted"
    cases = case_service.list_cases(shell.store)
    assert len(cases) == 7

    asked = []
    monkeypatch.setattr(quiz_dialog, "show_quiz", lambda point, parent=None: asked.append(point))
    shell.open_case(cases[0].id)
    shell.commands["quiz"].trigger()
    assert len(asked) == 1 and asked[0].household_name == cases[0].household_name

    extra = case_service.create_case(shell.store, "Familie Extra")
    shell.commands["reset_training"].trigger()
    qtbot.waitUntil(lambda: shell.store is not None, timeout=30000)
    ids = {c.id for c in case_service.list_cases(shell.store)}
    assert extra.id not in ids and len(ids) == 7

    shell.lock()
    assert not shell.commands.training_menu.menuAction().isVisible()
    assert "#e3f1f8" not in app_style()


def app_style() -> str:
    return QApplication.instance().styleSheet()
