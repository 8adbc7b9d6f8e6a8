"""Safety scaling (schaalvraag): range validation, history and anchors."""

from __future__ import annotations

from datetime import date

import pytest

from app.errors import ValidationError
from app.safety import (
    ScaleAnchors,
    ScaleScore,
    ScaleView,
    add_scale_score,
    default_anchors,
    latest_scores,
    record_score,
    scale_history,
    validate_anchors,
    validate_score,
)
from tests.safety.factories import CHILD, MOTHER, empty_plan

W, F = ScaleView.WORKER, ScaleView.FAMILY


@pytest.mark.parametrize(
    ("score", "valid"),
    [
        (0, True), (1, True), (5, True), (10, True),
        (-1, False), (11, False), (100, False),
        (5.5, False), (7.0, False),  # the scale has eleven whole steps
        (True, False), (False, False),  # bool is an int in Python, not a score
        ("5", False), (None, False),
    ],
)
def test_score_range(score: object, valid: bool) -> None:
    if valid:
        assert validate_score(score) == score
    else:
        with pytest.raises(ValidationError) as caught:
            validate_score(score)
        assert caught.value.field == "score"
        assert caught.value.message == "Kies een cijfer van 0 tot en met 10."


def test_out_of_range_score_leaves_the_history_as_it_was() -> None:
    history = record_score((), ScaleScore(CHILD, date(2026, 1, 5), W, 3))
    with pytest.raises(ValidationError):
        record_score(history, ScaleScore(CHILD, date(2026, 2, 5), W, 12))
    assert [s.score for s in history] == [3]


def test_score_needs_a_person() -> None:
    with pytest.raises(ValidationError) as caught:
        record_score((), ScaleScore(" ", date(2026, 1, 5), F, 3))
    assert caught.value.field == "person_id"


# (person, date, view, score), recorded in this order
RECORDED = [
    (CHILD, date(2026, 3, 1), W, 6),
    (CHILD, date(2026, 1, 5), W, 2),
    (CHILD, date(2026, 1, 5), F, 5),
    (MOTHER, date(2026, 1, 5), F, 7),
    (CHILD, date(2026, 3, 1), F, 8),
    (CHILD, date(2026, 3, 1), F, 7),  # same day again: a correction, both kept
]


def _history() -> tuple[ScaleScore, ...]:
    history: tuple[ScaleScore, ...] = ()
    for person, day, view, score in RECORDED:
        history = record_score(history, ScaleScore(person, day, view, score))
    return history


@pytest.mark.parametrize(
    ("person", "view", "expected"),
    [
        (CHILD, None, [(date(2026, 1, 5), W, 2), (date(2026, 1, 5), F, 5),
                       (date(2026, 3, 1), W, 6), (date(2026, 3, 1), F, 8),
                       (date(2026, 3, 1), F, 7)]),
        (CHILD, W, [(date(2026, 1, 5), W, 2), (date(2026, 3, 1), W, 6)]),
        (CHILD, F, [(date(2026, 1, 5), F, 5), (date(2026, 3, 1), F, 8), (date(2026, 3, 1), F, 7)]),
        (MOTHER, None, [(date(2026, 1, 5), F, 7)]),
        ("nobody", None, []),
    ],
)
def test_scale_history_per_person_by_date(
    person: str, view: ScaleView | None, expected: list[tuple[date, ScaleView, int]]
) -> None:
    assert [(s.on, s.view, s.score) for s in scale_history(_history(), person, view)] == expected


def test_latest_score_per_view() -> None:
    latest = latest_scores(_history(), CHILD)
    assert {view: s.score for view, s in latest.items()} == {W: 6, F: 7}
    assert {view: s.score for view, s in latest_scores(_history(), MOTHER).items()} == {F: 7}


def test_plan_keeps_the_scores() -> None:
    plan = add_scale_score(empty_plan(), ScaleScore(CHILD, date(2026, 1, 5), F, 4, "moeder"))
    assert [(s.score, s.given_by) for s in plan.scale_scores] == [(4, "moeder")]


def test_default_anchors_and_configured_anchors() -> None:
    anchors = default_anchors()
    assert anchors.zero.startswith("Het is niet veilig")
    assert anchors.ten.startswith("Het is veilig genoeg")
    own = validate_anchors(ScaleAnchors(" Kinderen moeten uit huis ", "Zaak kan dicht"))
    assert own == ScaleAnchors("Kinderen moeten uit huis", "Zaak kan dicht")


@pytest.mark.parametrize(("zero", "ten", "field"), [("", "tien", "zero"), ("nul", " ", "ten")])
def test_anchor_texts_are_required(zero: str, ten: str, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_anchors(ScaleAnchors(zero, ten))
    assert caught.value.field == field
