"""The handover dialogs, headless: preview, passphrase twice or the explicit
unencrypted choice, a folder, and a package that verifies."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from app.export.package import verify_package
from app.forms.handover import ReportKind
from app.services import handover
from tests.export.handover_case import EXPORT_PASSPHRASE, NOT_FOR_FAMILY, make_case

pytest.importorskip("pytestqt")


@pytest.fixture
def dialog(qtbot, store, tmp_path, monkeypatch):
    from app.ui import handover_dialog

    case = make_case(store)
    monkeypatch.setattr(handover_dialog, "ask_folder", lambda parent: tmp_path / "out")
    (tmp_path / "out").mkdir()
    d = handover_dialog.HandoverDialog(store, case.case_id)
    qtbot.addWidget(d)
    d.case = case
    return d


def test_preview_shows_the_whole_handover(dialog):
    text = dialog.preview.toPlainText()
    assert "Melding aan Veilig Thuis" in text
    assert NOT_FOR_FAMILY in text
    assert "Niet delen met het gezin" in text
    assert dialog.kind_buttons[ReportKind.REPORT].isChecked()
    dialog.kind_buttons[ReportKind.ADVICE].setChecked(True)
    assert "Adviesvraag aan Veilig Thuis" in dialog.preview.toPlainText()
    assert "Zoë de Groot" not in dialog.preview.toPlainText().split("3. De zorgen")[0]


def test_passphrases_must_match(dialog, tmp_path: Path):
    dialog.passphrase.edit.setText(EXPORT_PASSPHRASE)
    dialog.repeat.edit.setText(EXPORT_PASSPHRASE + "x")
    dialog.export()
    assert "niet gelijk" in dialog.error.text()
    assert list((tmp_path / "out").iterdir()) == []


def test_export_writes_an_encrypted_package(dialog, qtbot, tmp_path: Path, store):
    dialog.passphrase.edit.setText(EXPORT_PASSPHRASE)
    dialog.repeat.edit.setText(EXPORT_PASSPHRASE)
    dialog.export()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=20000)
    assert dialog.written.parent == tmp_path / "out"
    assert verify_package(dialog.written).ok
    assert PdfReader(dialog.written / "overdracht.pdf").is_encrypted
    assert handover.get_handover_details(store, dialog.case.case_id).report_kind is \
        ReportKind.REPORT


def test_unencrypted_needs_the_tick_and_shows_a_warning(dialog, qtbot):
    dialog.unencrypted.setChecked(True)
    assert not dialog.unencrypted_warning.isHidden()
    assert not dialog.passphrase.isEnabled()
    dialog.export()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=20000)
    assert not PdfReader(dialog.written / "overdracht.pdf").is_encrypted


def test_client_copy_dialog_has_no_restricted_part(qtbot, store):
    from app.ui.handover_dialog import HandoverDialog

    case = make_case(store)
    d = HandoverDialog(store, case.case_id, person_id=case.id("Zoë de Groot"))
    qtbot.addWidget(d)
    assert d.kind_box.isHidden()
    assert NOT_FOR_FAMILY not in d.preview.toPlainText()
    assert "Voor Zoë de Groot" in d.preview.toPlainText()


def test_profile_and_feedback_dialogs_save_through_the_services(qtbot, store):
    from app.ui.profile_dialog import ProfileDialog
    from app.ui.vt_feedback_dialog import VtFeedbackDialog

    case = make_case(store, profile=False)
    profile = ProfileDialog(store)
    qtbot.addWidget(profile)
    profile.form.set_values({"name": "Sanne de Vries", "organisation": "Wijkteam Noord",
                             "email": "s.devries@example.org"})
    profile._save()
    assert handover.get_worker_profile(store).name == "Sanne de Vries"
    feedback = VtFeedbackDialog(store, case.case_id)
    qtbot.addWidget(feedback)
    feedback.form.set_values({**feedback.form.values(), "kind": "acknowledgement",
                              "vt_reference": "VT-1"})
    feedback._save()
    assert feedback.error.text() == ""
    assert [f.vt_reference for f in handover.vt_feedback(store, case.case_id)] == ["VT-1"]
