"""Signals: validation, and corrections as new versions that never overwrite."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.errors import ValidationError
from app.meldcode.signals import Signal, SignalHistory, SignalVersion, validate_signal
from app.meldcode.vocabulary import SourceKind, ViolenceForm
from tests.meldcode.builders import CHILD, FATHER, MOTHER, NOW, signal

PEOPLE = {CHILD, MOTHER, FATHER}

VALID = [
    ("own observation, no detail", {}),
    ("observed right now", {"observed_at": NOW}),
    ("told by someone",
     {"source": SourceKind.TOLD_BY_SOMEONE, "source_detail": "Juf Sanne, school"}),
    ("document", {"source": SourceKind.DOCUMENT, "source_detail": "Politiemutatie 12 feb"}),
    ("several forms and people", {
        "forms": frozenset({ViolenceForm.WITNESSING_PARTNER_VIOLENCE,
                            ViolenceForm.PARTNER_VIOLENCE}),
        "concerns": (CHILD, MOTHER)}),
    ("hypothesis with interpretation", {"interpretation": "Mogelijk geslagen.",
                                        "is_hypothesis": True}),
    ("facts at the maximum", {"facts": "x" * 4000}),
    ("acute indication", {"acute_indication": True}),
    ("other time zone", {"observed_at": datetime(2026, 3, 10, 13, 0,
                                                 tzinfo=UTC) + timedelta(hours=-1)}),
]


@pytest.mark.parametrize("changes", [v[1] for v in VALID], ids=[v[0] for v in VALID])
def test_valid_signals(changes):
    validate_signal(signal(**changes), NOW, PEOPLE)


INVALID = [
    ("observed in the future", {"observed_at": NOW + timedelta(minutes=1)}, "observed_at",
     "Het moment van het signaal ligt in de toekomst."),
    ("concerns nobody", {"concerns": ()}, "concerns", "Kies over wie het signaal gaat."),
    ("same person twice", {"concerns": (CHILD, CHILD)}, "concerns", "Iemand staat twee keer"),
    ("person outside the case", {"concerns": (CHILD, "someone-else")}, "concerns",
     "Het signaal gaat over iemand die niet bij deze casus hoort."),
    ("no form of violence", {"forms": frozenset()}, "forms",
     "Kies minstens één vorm van geweld"),
    ("empty facts", {"facts": ""}, "facts",
     "Schrijf de feiten op: wat zag, hoorde, rook of las je precies?"),
    ("blank facts", {"facts": " \n\t"}, "facts", "Schrijf de feiten op"),
    ("facts too long", {"facts": "x" * 4001}, "facts",
     "De tekst bij ‘Feiten’ is te lang: meer dan 4000 tekens."),
    ("interpretation too long", {"interpretation": "x" * 4001}, "interpretation",
     "De tekst bij ‘Interpretatie’ is te lang"),
    ("hypothesis without interpretation", {"is_hypothesis": True}, "interpretation",
     "Een hypothese is een interpretatie"),
    ("told, but not by whom", {"source": SourceKind.TOLD_BY_SOMEONE}, "source_detail",
     "Vul in wie het vertelde (persoon of organisatie)."),
    ("document not named", {"source": SourceKind.DOCUMENT, "source_detail": "  "},
     "source_detail", "Vul in uit welk document het komt."),
    ("source detail too long", {"source": SourceKind.DOCUMENT, "source_detail": "x" * 201},
     "source_detail", "De tekst bij ‘Bron’ is te lang: meer dan 200 tekens."),
]


@pytest.mark.parametrize(("changes", "field", "message"), [i[1:] for i in INVALID],
                         ids=[i[0] for i in INVALID])
def test_invalid_signals(changes, field, message):
    with pytest.raises(ValidationError) as caught:
        validate_signal(signal(**changes), NOW, PEOPLE)
    assert caught.value.field == field
    assert caught.value.message.startswith(message)


def test_people_check_is_skipped_without_people():
    validate_signal(signal(concerns=("anyone",)), NOW)


def test_naive_times_are_a_programming_error():
    with pytest.raises(ValueError):
        signal(observed_at=datetime(2026, 3, 9, 15, 30))
    with pytest.raises(ValueError):
        validate_signal(signal(), datetime(2026, 3, 10, 12, 0))


# --- versions -------------------------------------------------------------------

def test_a_new_signal_is_version_one():
    history = SignalHistory.start(signal(), NOW, author="w1")
    assert [v.number for v in history.versions] == [1]
    assert history.current == history.original == signal()
    assert history.id == "sig-1"
    assert history.corrections == ()
    assert history.versions[0].reason == ""
    assert history.versions[0].author == "w1"
    assert history.recorded_at == NOW


def test_start_validates():
    with pytest.raises(ValidationError):
        SignalHistory.start(signal(facts=""), NOW)


def test_corrections_add_versions_and_keep_the_old_ones():
    first = SignalHistory.start(signal(), NOW)
    later = NOW + timedelta(hours=2)
    fixed = signal(facts="Blauwe plek op de rechterwang, ongeveer 3 cm.")
    second = first.correct(fixed, "Wang verwisseld.", later, author="w2")
    third = second.correct(signal(facts=fixed.facts, interpretation="Mogelijk een val."),
                           "Uitleg van moeder toegevoegd.", later + timedelta(days=1))

    assert [v.number for v in third.versions] == [1, 2, 3]
    assert third.original == signal()
    assert third.current.interpretation == "Mogelijk een val."
    assert [v.reason for v in third.corrections] == ["Wang verwisseld.",
                                                     "Uitleg van moeder toegevoegd."]
    assert third.versions[1].author == "w2"
    assert all(v.is_correction for v in third.corrections)
    # The earlier histories are values: untouched by later corrections.
    assert len(first.versions) == 1 and first.current == signal()
    assert len(second.versions) == 2 and second.current == fixed


CORRECTION_ERRORS = [
    ("no reason", {"facts": "Anders."}, "", "reason",
     "Schrijf op waarom je het signaal corrigeert."),
    ("blank reason", {"facts": "Anders."}, "   ", "reason", "Schrijf op waarom"),
    ("reason too long", {"facts": "Anders."}, "x" * 1001, "reason",
     "De tekst bij ‘Reden van de correctie’ is te lang"),
    ("nothing changed", {}, "Typfout.", "reason", "De correctie verandert niets aan het signaal."),
    ("corrected into the future", {"observed_at": NOW + timedelta(days=1)}, "Datum.",
     "observed_at", "Het moment van het signaal ligt in de toekomst."),
    ("corrected to empty facts", {"facts": ""}, "Weg.", "facts", "Schrijf de feiten op"),
]


@pytest.mark.parametrize(("changes", "reason", "field", "message"),
                         [c[1:] for c in CORRECTION_ERRORS], ids=[c[0] for c in CORRECTION_ERRORS])
def test_invalid_corrections(changes, reason, field, message):
    history = SignalHistory.start(signal(), NOW)
    with pytest.raises(ValidationError) as caught:
        history.correct(signal(**changes), reason, NOW)
    assert caught.value.field == field
    assert caught.value.message.startswith(message)
    assert len(history.versions) == 1


def test_a_correction_keeps_the_signal_id():
    history = SignalHistory.start(signal(), NOW)
    with pytest.raises(ValueError):
        history.correct(signal(id="other", facts="Anders."), "Reden.", NOW)


def test_a_correction_cannot_predate_the_version_it_corrects():
    history = SignalHistory.start(signal(), NOW)
    with pytest.raises(ValueError):
        history.correct(signal(facts="Anders."), "Reden.", NOW - timedelta(seconds=1))


def _version(number: int, sig: Signal, reason: str = "", at: datetime = NOW) -> SignalVersion:
    return SignalVersion(number, sig, at, reason)


BROKEN_HISTORIES = [
    ("empty", ()),
    ("starts at 2", (_version(2, signal(), "r"),)),
    ("gap", (_version(1, signal()), _version(3, signal(facts="b"), "r"))),
    ("correction without reason", (_version(1, signal()), _version(2, signal(facts="b")))),
    ("two signals", (_version(1, signal()), _version(2, signal(id="x"), "r"))),
    ("out of time order", (_version(1, signal()),
                           _version(2, signal(facts="b"), "r", NOW - timedelta(days=1)))),
]


@pytest.mark.parametrize("versions", [b[1] for b in BROKEN_HISTORIES],
                         ids=[b[0] for b in BROKEN_HISTORIES])
def test_broken_histories_are_refused(versions):
    with pytest.raises(ValueError):
        SignalHistory(versions)
