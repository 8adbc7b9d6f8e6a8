"""Dates and moments as a worker types them (app.forms.typed_dates)."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from app.forms import Field, FieldType, FormContext, static_clock
from app.forms.typed_dates import parse_day, parse_moment
from app.forms.values import normalise

TODAY = date(2026, 3, 10)


@pytest.mark.parametrize(("text", "wanted"), [
    ("14-05-2018", date(2018, 5, 14)),
    ("14-5-18", date(2018, 5, 14)),
    ("14/5/2018", date(2018, 5, 14)),
    ("14.5.2018", date(2018, 5, 14)),
    ("14 mei 2018", date(2018, 5, 14)),
    ("14 Mei 2018", date(2018, 5, 14)),
    ("14 may 2018", date(2018, 5, 14)),
    ("3 okt. 1985", date(1985, 10, 3)),
    ("1 maart 85", date(1985, 3, 1)),
    ("14 mei", date(2026, 5, 14)),
    ("14-5", date(2026, 5, 14)),
    ("14052018", date(2018, 5, 14)),
    ("140518", date(2018, 5, 14)),
    ("2018-05-14", date(2018, 5, 14)),
    (" 1-1-36 ", date(2036, 1, 1)),  # ten years ahead at most
    ("1-1-37", date(1937, 1, 1)),
    ("31-02-2018", None),  # does not exist
    ("14-13-2018", None),
    ("14 meitje 2018", None),
    ("gisteren", None),
    ("", None),
    ("14-05-2018 9:30", None),  # a time is no day
])
def test_parse_day(text, wanted):
    assert parse_day(text, TODAY) == wanted


@pytest.mark.parametrize(("text", "wanted"), [
    ("14-05-2018 09:30", datetime(2018, 5, 14, 9, 30)),
    ("14-5-18 9:30", datetime(2018, 5, 14, 9, 30)),
    ("14 mei 2018 13.45", datetime(2018, 5, 14, 13, 45)),
    ("14 mei 2018 om 13:45", datetime(2018, 5, 14, 13, 45)),
    ("14-5-18", datetime(2018, 5, 14, 16, 0)),  # the default time
    ("14-5-18 24:00", None),
    ("14-5-18 9:75", None),
    ("31-2-18 9:30", None),
])
def test_parse_moment(text, wanted):
    assert parse_moment(text, TODAY, time(16, 0)) == wanted


def test_a_moment_without_a_time_needs_a_default():
    assert parse_moment("14-5-18", TODAY) is None


def test_the_validator_reads_typed_dates_and_keeps_its_rules():
    context = FormContext(clock=static_clock(datetime(2026, 3, 10, 12, 0)))
    day = Field("born", FieldType.DATE, "Geboren", not_in_future=True)
    assert normalise(day, "14 mei 2018", context) == (date(2018, 5, 14), None)
    assert normalise(day, "14-5-27", context)[1] == "Deze datum ligt in de toekomst."
    assert normalise(day, "31-02-2018", context)[1] == "Deze datum bestaat niet."
    moment = Field("seen", FieldType.DATETIME, "Gezien")
    assert normalise(moment, "14-5-18 9:30", context) == (datetime(2018, 5, 14, 9, 30), None)


def test_first_words_of_a_draft():
    from app.forms.first_words import first_words
    from tests.forms.samples import SIGNAL

    assert first_words(SIGNAL, {}) == ""
    assert first_words(SIGNAL, {"summary": "  ", "facts": "Kind zei:\n papa slaat mama"}) \
        == "Kind zei: papa slaat mama"
    assert first_words(SIGNAL, {"summary": "een twee drie vier vijf zes zeven acht negen"}) \
        == "een twee drie vier vijf zes zeven acht …"
    assert first_words(SIGNAL, {"summary": "Blauwe plek", "facts": "later"}) == "Blauwe plek"
