"""The region's form variant in the interface: chosen in the settings, asked in
the record dialog, kept on the record, and named in the handover preview."""

from __future__ import annotations

from pathlib import Path

from app.config import Settings
from app.meldcode.vocabulary import ViolenceForm
from app.services import meldcode as meldcode_service
from app.ui.settings_dialog import SettingsDialog
from tests.ui.test_meldcode_flow import fill, open_with_keyboard, press_button, world  # noqa: F401

EXAMPLE = "voorbeeld-regio.json"


def test_the_settings_choose_a_variant_and_keep_its_file_name(qtbot, tmp_path: Path):
    path = tmp_path / "settings.json"
    settings = Settings()
    dialog = SettingsDialog(lambda _code: None, settings=settings, settings_path=path)
    qtbot.addWidget(dialog)
    assert dialog.variant.itemText(0) == "Standaard (geen variant)"
    index = dialog.variant.findData(EXAMPLE)
    assert index > 0 and "(voorbeeld)" in dialog.variant.itemText(index)
    dialog.variant.setCurrentIndex(index)
    assert Settings.load(path).form_variant == EXAMPLE
    dialog.variant.setCurrentIndex(0)
    assert Settings.load(path).form_variant is None


def test_a_broken_variant_is_shown_but_cannot_be_chosen(qtbot, tmp_path: Path, monkeypatch):
    from app.services import variants

    folder = tmp_path / "variants"
    folder.mkdir()
    (folder / "kapot.json").write_text("{", "utf-8")
    monkeypatch.setattr(variants, "variants_dir", lambda: folder)
    dialog = SettingsDialog(lambda _code: None, settings=Settings(),
                            settings_path=tmp_path / "settings.json")
    qtbot.addWidget(dialog)
    index = dialog.variant.findData("kapot.json")
    assert "kan niet worden gebruikt" in dialog.variant.itemText(index)
    assert not dialog.variant.model().item(index).isEnabled()


def test_the_record_dialog_asks_the_added_question_and_keeps_the_answer(qtbot, world):  # noqa: F811
    shell, case, _acute, _mother, child = world
    shell.settings.form_variant = EXAMPLE
    open_with_keyboard(qtbot, shell, case.id)
    done = fill(qtbot, lambda k: (
        k.tick("concerns", "Mert Doğan"),
        k.tick("forms", ViolenceForm.WITNESSING_PARTNER_VIOLENCE.label),
        k.choose("source", "own_observation"),
        k.choose("school_knows", True),
        k.type("facts", "Mert zei: papa schreeuwde."),
        k.choose("acute_indication", False),
    ))
    press_button(qtbot, shell.case_view.meldcode.pages[1].buttons["signal"])
    assert done
    signal = meldcode_service.load_records(shell.store, case.id).signals[0].current
    assert [(e.key, e.answer) for e in signal.extras] == [("school_knows", True)]
    assert signal.extras[0].label == "Weet de school of de opvang van dit signaal?"
