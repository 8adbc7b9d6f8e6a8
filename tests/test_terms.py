"""One word for one thing: no text in the code (Dutch) and no English
translation uses a word the glossary gives another word
(``app/i18n/terms.py``)."""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog

from app.i18n.catalog import extract, read
from app.i18n.terms import FORBIDDEN_TERMS, ForbiddenTerm, forbidden_in


def _texts(catalog: Catalog, translated: bool) -> list[str]:
    texts: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        value = message.string if translated else message.id
        texts += [value] if isinstance(value, str) else list(value)
    return texts


def term_problems(dutch: Catalog, english: Catalog) -> list[str]:
    """Every text that uses a forbidden term, with the word to use instead."""
    found = []
    for language, texts in (("nl", _texts(dutch, False)), ("en", _texts(english, True))):
        for text in texts:
            found += [f"{language}: {text!r} — use ‘{term.preferred}’ ({term.why})"
                      for term in forbidden_in(text, language)]
    return found


def test_no_text_uses_a_forbidden_term():
    assert term_problems(extract(), read("en")) == []


@pytest.mark.parametrize(("language", "text"), [
    ("nl", "Overdracht aan Veilig Thuis…"),
    ("nl", "Een andere hulpverlener neemt de zorg over"),
    ("nl", "&Zorg bewerken"),
    ("nl", "Is iemand in acuut gevaar?"),
    ("nl", "Datum van het overleg"),
    ("nl", "Niet voor de familie"),
    ("nl", "&Opslag maken"),
    ("nl", "Acute route gekozen."),
    ("nl", "Actie &bewerken"),
    ("nl", "Leg dit vast in het dossier."),
    ("nl", "In de discrete stand is dit veld verborgen."),
    ("nl", "Signalen dat de spanning oploopt"),
    ("en", "A formal complaint has been filed"),
    ("en", "Is there acute danger?"),
    ("en", "Another professional is taking over the care"),
    ("en", "The store is damaged."),
])
def test_a_planted_forbidden_word_is_found(language: str, text: str):
    dutch, english = Catalog(locale="nl"), Catalog(locale="en")
    if language == "nl":
        dutch.add(text)
    else:
        english.add("x", text)
    problems = term_problems(dutch, english)
    assert len(problems) >= 1 and problems[0].startswith(f"{language}: ")


@pytest.mark.parametrize("text", [
    "Multidisciplinair overleg",
    "Overleg met een collega of Veilig Thuis (stap 2)",
    "Familie, vrienden of buren die steunen (netwerk)",
    "Geweld om de eer van de familie te beschermen.",
    "Dit is nu onze grootste zorg:",
    "Te weinig eten, drinken, kleding, hygiëne, onderdak of medische zorg.",
    "Overdracht naar een andere organisatie",
])
def test_allowed_uses_are_not_flagged(text: str):
    assert forbidden_in(text) == ()


def test_the_preferred_word_is_never_forbidden_itself():
    for term in FORBIDDEN_TERMS:
        assert forbidden_in(term.preferred, term.language) == (), term
        assert term.language in ("nl", "en") and term.why


def test_shortcut_marks_do_not_hide_a_word():
    assert ForbiddenTerm("opslag", "kluis", "").search("&Opslag maken")


def test_english_register_of_the_weighing_and_the_police():
    from app.i18n import set_language
    from app.meldcode.afwegingskader import ACUTE_UNSAFETY_LABEL, ReportingNorm
    from app.meldcode.vocabulary import PoliceInvolvement

    set_language("en")
    try:
        assert PoliceInvolvement.CRIME_REPORTED.label == "A crime has been reported to the police"
        assert "acute unsafety and/or structural unsafety" in ReportingNorm.UNSAFETY.label
        from app.i18n import _
        assert _(ACUTE_UNSAFETY_LABEL) == "Is there acute unsafety?"
    finally:
        set_language("nl")
