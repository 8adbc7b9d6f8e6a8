"""A person's date of birth is typed as the worker writes it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from app.ui.person_dialog import PersonDialog


def test_date_of_birth_typed_in_words(qtbot):
    dialog = PersonDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.editors["name"], "Mert")
    qtbot.keyClicks(dialog.editors["date_of_birth"].edit, "14 mei 2018")
    values = dialog.values()
    assert values["date_of_birth"] == date(2018, 5, 14) and values["age"] is None
    assert not dialog.editors["age"].isEnabled()


def test_without_a_date_the_estimated_age_counts(qtbot):
    dialog = PersonDialog()
    qtbot.addWidget(dialog)
    dialog.editors["age"].setValue(34)
    values = dialog.values()
    assert values["date_of_birth"] is None and values["age"] == 34


def test_text_that_is_no_date_is_refused_with_a_word(qtbot):
    dialog = PersonDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.editors["name"], "Anna")
    qtbot.keyClicks(dialog.editors["date_of_birth"].edit, "vorig jaar")
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.isVisible() and "14-05-2018" in dialog.error.text()
