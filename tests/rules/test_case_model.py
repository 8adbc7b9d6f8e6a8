"""Case and household rules, from tables."""

from __future__ import annotations

import re
from datetime import date

import pytest

from app.cases.model import Person, Role, new_reference, validate_household_name, validate_person
from app.errors import ValidationError

TODAY = date(2026, 11, 23)


def test_reference_shape_and_spread():
    refs = {new_reference(TODAY) for _ in range(200)}
    assert all(re.fullmatch(r"VW-2611-[2-9A-HJKMNP-Z]{4}", r) for r in refs)
    assert len(refs) > 190  # random, not counted


@pytest.mark.parametrize(("name", "dob", "age", "field"), [
    ("", None, None, "name"),
    ("   ", None, None, "name"),
    ("x" * 201, None, None, "name"),
    ("Ayşe", date(2027, 1, 1), None, "date_of_birth"),
    ("Ayşe", date(1890, 1, 1), None, "date_of_birth"),
    ("Ayşe", None, -1, "age"),
    ("Ayşe", None, 121, "age"),
])
def test_invalid_person(name, dob, age, field):
    with pytest.raises(ValidationError) as caught:
        validate_person(name, dob, age, TODAY)
    assert caught.value.field == field


@pytest.mark.parametrize(("name", "dob", "age"), [
    ("Ayşe", None, None), ("Łukasz", date(1985, 11, 30), None), ("Олена", None, 44),
    ("Baby", TODAY, None),
])
def test_valid_person(name, dob, age):
    validate_person(name, dob, age, TODAY)


@pytest.mark.parametrize(("dob", "age", "on", "expected", "minor"), [
    (date(2008, 11, 23), None, TODAY, 18, False),
    (date(2008, 11, 24), None, TODAY, 17, True),
    (date(2024, 2, 29), None, date(2025, 2, 28), 0, True),
    (None, 12, TODAY, 12, True),
    (None, None, TODAY, None, None),
    (date(2000, 1, 1), 3, TODAY, 26, False),  # the date of birth wins
])
def test_age_on(dob, age, on, expected, minor):
    person = Person("id", "case", "X", Role.CHILD, dob, age)
    assert person.age_on(on) == expected
    assert person.is_minor_on(on) is minor


@pytest.mark.parametrize(("raw", "clean"), [("  Familie Jansen ", "Familie Jansen"),
                                            ("Familie Nguyễn", "Familie Nguyễn")])
def test_household_name_is_trimmed(raw, clean):
    assert validate_household_name(raw) == clean


@pytest.mark.parametrize("raw", ["", "  ", "y" * 201])
def test_household_name_refused(raw):
    with pytest.raises(ValidationError):
        validate_household_name(raw)
