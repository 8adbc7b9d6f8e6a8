"""The handover dialogs, headless: preview, passphrase twice or the explicit
unencrypted choice, a folder, and a package that verifies."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from PySide6.QtCore import Qt

from app.export.package import verify_package
from app.forms.handover import ReportKind
from app.services import handover
from tests.export.handover_case import EXPORT_PASSPHRASE, NOT_FOR_FAMILY, make_case
from tests.export.test_client_copy import world  # noqa: F401 - fixture

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


def test_client_copy_dialog_withholds_releases_and_asks_about_danger(
        qtbot, world, tmp_path: Path, monkeypatch):  # noqa: F811
    from app.export.client_copy import ReleaseReason
    from app.store.audit import AuditAction
    from app.ui import handover_dialog
    from tests.export.test_client_copy import PASS, POLICE

    (tmp_path / "out").mkdir()
    monkeypatch.setattr(handover_dialog, "ask_folder", lambda parent: tmp_path / "out")
    d = handover_dialog.HandoverDialog(world.store, world.case_id,
                                       person_id=world.id("Mark Bakker"))
    qtbot.addWidget(d)
    d.resize(900, 1000)
    panel = d.copy_panel
    assert panel is not None and not panel.others_box.isHidden()
    rows = [panel.table.item(r, 2).text() for r in range(panel.table.rowCount())]
    assert sorted(rows) == ["Daan Bakker, Lotte Bakker, Sanne Bakker", "Lotte Bakker",
                            "Sanne Bakker", "Sanne Bakker"]
    assert not panel.gezag_note.isHidden() and "gezag" in panel.gezag_note.text()
    assert POLICE not in d.preview.toPlainText()
    assert "over andere mensen" in d.preview.toPlainText()
    d.passphrase.edit.setText(PASS)
    d.repeat.edit.setText(PASS)

    d.export()
    assert "gevaar" in d.error.text() and list((tmp_path / "out").iterdir()) == []
    panel.danger_yes.setChecked(True)
    assert not panel.exception.isHidden() and "artikel 15 lid 4" in panel.exception.text()
    d.export()
    assert "vink aan" in d.error.text() and list((tmp_path / "out").iterdir()) == []

    police = [w.item.id for w in panel.items].index(world.signals["police"])
    panel.table.item(police, 0).setCheckState(Qt.CheckState.Checked)
    d.export()
    assert "reden" in d.error.text()
    panel.release(police, ReleaseReason.CONSENT)
    assert POLICE in d.preview.toPlainText()
    assert d.error.text() == "", "a fixed answer takes its message away"
    panel.checked_safe.setChecked(True)
    d.export()
    qtbot.waitUntil(lambda: d.written is not None, timeout=20000)
    [entry] = [e for e in world.store.audit.entries(world.case_id)
               if e.action == AuditAction.EXPORT]
    assert entry.detail["released"] == f"{world.signals['police']}:consent"


def test_the_client_copy_dialog_asks_je_or_u_and_passes_it_on(
        qtbot, world, tmp_path: Path, monkeypatch):  # noqa: F811
    from PySide6.QtCore import Qt as QtKeys

    from app.export.address import Address
    from app.store.audit import AuditAction
    from app.ui import handover_dialog
    from tests.export.handover_case import JE_WORDS, pdf_text
    from tests.export.test_client_copy import PASS

    (tmp_path / "out").mkdir()
    monkeypatch.setattr(handover_dialog, "ask_folder", lambda parent: tmp_path / "out")
    d = handover_dialog.HandoverDialog(world.store, world.case_id,
                                       person_id=world.id("Daan Bakker"))
    qtbot.addWidget(d)
    d.show()
    choice = d.address_choice
    assert choice is not None and choice.address() is Address.JE
    assert "Wat er over jou is vastgelegd" in d.preview.toPlainText()
    assert [b.accessibleName() for b in choice.buttons.values()] == [
        "Aanspreken met je", "Aanspreken met u"]
    # By keyboard: the arrow key moves from "je" to "u".
    d.activateWindow()
    choice.buttons[Address.JE].setFocus()
    qtbot.waitUntil(choice.buttons[Address.JE].hasFocus)
    qtbot.keyClick(choice.buttons[Address.JE], QtKeys.Key.Key_Right)
    assert choice.address() is Address.U
    assert "Wat er over u is vastgelegd" in d.preview.toPlainText()
    d.passphrase.edit.setText(PASS)
    d.repeat.edit.setText(PASS)
    d.copy_panel.danger_no.setChecked(True)
    d.export()
    qtbot.waitUntil(lambda: d.written is not None, timeout=20000)
    text = pdf_text((d.written / "inzage.pdf").read_bytes(), PASS)
    assert "Wat er over u is vastgelegd" in text and not JE_WORDS.search(text)
    [entry] = [e for e in world.store.audit.entries(world.case_id)
               if e.action == AuditAction.EXPORT]
    assert entry.detail["address"] == "u"


def test_the_handover_asks_no_form_of_address(dialog):
    assert dialog.address_choice is None


def test_the_family_plan_dialog_asks_je_or_u_with_je_first(qtbot):
    from PySide6.QtCore import Qt as QtKeys

    from app.export.address import Address
    from app.ui.safety_export_dialog import Protection, ProtectionDialog

    default = ProtectionDialog(None)
    qtbot.addWidget(default)
    default.plain.setChecked(True)
    default._accept()
    assert default.choice is not None and default.choice.address is Address.JE
    d = ProtectionDialog(None)
    qtbot.addWidget(d)
    d.show()
    assert d.address_choice.address() is Address.JE
    d.activateWindow()
    d.address_choice.buttons[Address.JE].setFocus()
    qtbot.waitUntil(d.address_choice.buttons[Address.JE].hasFocus)
    qtbot.keyClick(d.address_choice.buttons[Address.JE], QtKeys.Key.Key_Right)
    d.first.edit.setText("geheim wachtwoord")
    d.second.edit.setText("geheim wachtwoord")
    d._accept()
    assert d.choice == Protection("geheim wachtwoord", Address.U)
