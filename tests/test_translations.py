"""Every text in the code has an English translation; the compiled catalogue is current."""

from __future__ import annotations

from app.i18n import _, set_language
from app.i18n.catalog import problems


def test_catalogue_is_complete_and_compiled():
    assert problems() == []


def test_switching_language_changes_text_at_call_time():
    set_language("en")
    assert _("Nieuwe casus") == "New case"
    set_language("nl")
    assert _("Nieuwe casus") == "Nieuwe casus"
