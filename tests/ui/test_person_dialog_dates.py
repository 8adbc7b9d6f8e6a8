"""A person's date of birth is typed as the worker writes it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from app.ui.person_dialog import PersonDialog


def test_date_of_birth_typed_in_words(qtbot):
    dialog = PersonDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Mert")
    qtbot.keyClicks(dialog.dob.edit, "14 mei 2018")
    value = dialog.value()
    assert value.date_of_birth == date(2018, 5, 14) and value.age is None
    assert not dialog.age.isEnabled()


def test_without_a_date_the_estimated_age_counts(qtbot):
    dialog = PersonDialog()
    qtbot.addWidget(dialog)
    dialog.age.setValue(34)
    assert dialog.value().date_of_birth is None and dialog.value().age == 34


def test_text_that_is_no_date_is_refused_with_a_word(qtbot):
    dialog = PersonDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Anna")
    qtbot.keyClicks(dialog.dob.edit, "vorig jaar")
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.isVisible() and "14-05-2018" in dialog.error.text()
