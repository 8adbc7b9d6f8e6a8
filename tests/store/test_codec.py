"""The JSON codec of the store: every meldcode record type round-trips, the
JSON is stable, and a damaged payload is always the store's own error."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.meldcode.afwegingskader import Weighing
from app.meldcode.kindcheck import (
    ChildContact,
    ConcernsAnswer,
    KindcheckRun,
    KindcheckTrigger,
    OtherProfessional,
    ParentalProblem,
)
from app.meldcode.records import (
    AcuteContact,
    AcutePath,
    Consultation,
    ConsultationPartner,
    Conversation,
    ConversationSkipReason,
    Decision,
    OpenReportingException,
    RiskProfile,
)
from app.meldcode.signals import Signal
from app.meldcode.vocabulary import (
    PoliceInvolvement,
    ProtectiveFactor,
    RiskFactor,
    RiskInstrument,
    SourceKind,
    ViolenceForm,
)
from app.store.codec import PayloadDamaged, decode_values, encode_values, from_json, to_json
from app.store.errors import StoreDamaged
from tests.meldcode import builders as b

CEST = timezone(timedelta(hours=2))

RECORDS: list[tuple[str, Any]] = [
    ("signal", b.signal()),
    ("signal with everything", b.signal(
        concerns=(b.CHILD, b.MOTHER), source=SourceKind.TOLD_BY_SOMEONE,
        forms=frozenset({ViolenceForm.SEXUAL_ABUSE, ViolenceForm.PHYSICAL_ABUSE,
                         ViolenceForm.HONOUR_RELATED_VIOLENCE}),
        source_detail="Juf Anneke", interpretation="Mogelijk geslagen.",
        is_hypothesis=True, acute_indication=True,
        facts="Zoë zei: “papa sloeg me” — ‘twee keer’. Ünïcödé, 中文, Ελληνικά\nnieuwe regel")),
    ("signal at a local time", b.signal(observed_at=datetime(2026, 3, 9, 17, 30, tzinfo=CEST))),
    ("risk profile", b.risk_profile()),
    ("risk profile, nothing known", RiskProfile("risk-2", b.TODAY)),
    ("risk profile, full", b.risk_profile(
        risk_factors=frozenset(RiskFactor), protective_factors=frozenset(ProtectiveFactor),
        police=frozenset({PoliceInvolvement.CALL_OUT, PoliceInvolvement.CRIME_REPORTED}),
        notes="Toelichting")),
    ("kindcheck run", b.kindcheck_run()),
    ("kindcheck run closed at question 1",
     b.kindcheck_run(answers=b.kindcheck_answers(parental_problems=frozenset(),
                                                 child_contacts=None, children=(),
                                                 concerns=None))),
    ("kindcheck run via 4b", b.kindcheck_run(
        trigger=KindcheckTrigger.EVALUATION, notes="Herhaald",
        answers=b.kindcheck_answers(
            parental_problems=frozenset(ParentalProblem),
            child_contacts=frozenset({ChildContact.PREGNANT, ChildContact.OWN_CHILDREN}),
            concerns=ConcernsAnswer.UNCLEAR, other_professional=OtherProfessional.TAKES_OVER,
            other_professional_name="Jeugdarts", help_wanted=False,
            children_notice="Ze slapen slecht"))),
    ("consultation", b.consultation()),
    ("consultation with a specialist", b.consultation(
        partner=ConsultationPartner.THEME_SPECIALIST, theme=ViolenceForm.FORCED_MARRIAGE,
        anonymous=False, client_consent=True, partner_detail="Expert")),
    ("conversation", b.conversation()),
    ("conversation skipped", Conversation(
        "talk-2", b.TODAY, False, skip_reason=ConversationSkipReason.NO_CONTACT,
        skip_explanation="Drie keer gebeld.")),
    ("weighing to report", b.weighing()),
    ("weighing unfinished", b.weighing(b.UNFINISHED_ANSWERS)),
    ("weighing help works, with an instrument", b.weighing(
        b.HELP_WORKS_ANSWERS, instrument=RiskInstrument.OTHER, instrument_name="Eigen lijst",
        instrument_result="Hoog")),
    ("decision to report", b.decision_for(b.weighing())),
    ("decision, not told", b.decision_for(
        b.weighing(), client_informed=False,
        not_informed_because=OpenReportingException.SAFETY_OF_WORKER)),
    ("decision on the acute path", b.acute_decision(b.acute_path())),
    ("acute path", b.acute_path()),
    ("acute path, both", b.acute_path(
        contacted=frozenset(AcuteContact), agreements="Politie rijdt langs.",
        contacted_at=datetime(2026, 3, 10, 13, 0, 0, 123456, tzinfo=CEST))),
]

RECORD_TYPES = [Signal, RiskProfile, KindcheckRun, Consultation, Conversation, Weighing,
                Decision, AcutePath]


def test_the_table_covers_every_record_type():
    assert {type(record) for _name, record in RECORDS} == set(RECORD_TYPES)


@pytest.mark.parametrize(("name", "record"), RECORDS, ids=[r[0] for r in RECORDS])
def test_record_round_trips(name: str, record: Any):
    text = to_json(record)
    again = from_json(type(record), text)
    assert again == record
    assert to_json(again) == text, "encoding the decoded record gives the same text"


def test_times_are_stored_in_utc():
    record = b.acute_path(contacted_at=datetime(2026, 3, 10, 14, 0, tzinfo=CEST))
    data = json.loads(to_json(record))
    assert data["contacted_at"] == "2026-03-10T12:00:00+00:00"
    assert from_json(AcutePath, to_json(record)).contacted_at.utcoffset() == timedelta(0)


def test_frozensets_are_sorted_so_the_json_is_stable():
    forms = list(ViolenceForm)
    one = b.signal(forms=frozenset(forms))
    other = b.signal(forms=frozenset(reversed(forms)))
    assert to_json(one) == to_json(other)
    assert json.loads(to_json(one))["forms"] == sorted(f.value for f in forms)


def test_enums_are_stored_by_value():
    data = json.loads(to_json(b.decision_for(b.weighing())))
    assert data["outcome"] == "report"
    assert data["reporting_norm"] == 2  # an IntEnum is stored as its number


def test_a_field_added_later_gets_its_default():
    data = json.loads(to_json(b.signal()))
    del data["acute_indication"], data["interpretation"]
    assert from_json(Signal, json.dumps(data)) == b.signal()


VALID = json.loads(to_json(b.signal()))


def _with(**changes: Any) -> str:
    return json.dumps({**VALID, **changes})


def _without(name: str) -> str:
    return json.dumps({k: v for k, v in VALID.items() if k != name})


DAMAGED = [
    ("not JSON", "{nope"),
    ("empty", ""),
    ("a list", "[]"),
    ("null", "null"),
    ("missing required field", _without("facts")),
    ("unknown field", _with(extra=1)),
    ("unknown enum code", _with(forms=["kicking"])),
    ("enum code of the wrong type", _with(source=1)),
    ("bool for text", _with(facts=True)),
    ("number for bool", _with(is_hypothesis=1)),
    ("text for bool", _with(acute_indication="ja")),
    ("naive time", _with(observed_at="2026-03-09T15:30:00")),
    ("date for a time", _with(observed_at="2026-03-09")),
    ("not a time", _with(observed_at="gisteren")),
    ("null for a required text", _with(facts=None)),
    ("object for a tuple", _with(concerns={"a": 1})),
    ("list inside a tuple of text", _with(concerns=[["a"]])),
    ("NaN", _with(facts=float("nan"))),
]


@pytest.mark.parametrize(("name", "text"), DAMAGED, ids=[d[0] for d in DAMAGED])
def test_damaged_payload_raises_the_stores_error(name: str, text: str):
    with pytest.raises(PayloadDamaged) as caught:
        from_json(Signal, text)
    assert isinstance(caught.value, StoreDamaged)
    assert "beschadigd" in caught.value.message


def test_damage_detail_never_repeats_the_stored_content():
    with pytest.raises(PayloadDamaged) as caught:
        from_json(Signal, _with(observed_at="Geheime Naam"))
    assert "Geheime" not in caught.value.detail
    assert "Geheime" not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_damaged_nested_payload_names_the_path():
    data = json.loads(to_json(b.kindcheck_run()))
    data["answers"]["children"][0]["residence"] = "mars"
    with pytest.raises(PayloadDamaged) as caught:
        from_json(KindcheckRun, json.dumps(data))
    assert "answers.children[0].residence" in caught.value.detail


def test_a_value_the_dataclass_refuses_is_damage_too():
    @dataclass(frozen=True)
    class Picky:
        n: int

        def __post_init__(self) -> None:
            if self.n < 0:
                raise ValueError("negative")

    with pytest.raises(PayloadDamaged):
        from_json(Picky, '{"n": -1}')


def test_wrong_types_are_programming_errors_on_the_way_in():
    with pytest.raises(TypeError):
        to_json(replace(b.signal(), concerns=[b.CHILD]))  # a list, not a tuple
    with pytest.raises(TypeError):
        to_json(replace(b.risk_profile(), recorded_on=b.NOW))  # a datetime, not a date
    with pytest.raises(TypeError):
        to_json({"not": "a dataclass"})


def test_unsupported_field_types_are_refused():
    @dataclass(frozen=True)
    class Loose:
        anything: Any

    @dataclass(frozen=True)
    class Either:
        value: int | str

    for cls, text in ((Loose, '{"anything": 1}'), (Either, '{"value": 1}')):
        with pytest.raises(TypeError):
            from_json(cls, text)


@dataclass(frozen=True)
class Node:
    """A self-referring dataclass, like a plan with sub-items later."""

    name: str
    children: tuple[Node, ...] = ()
    scores: dict[str, float] | None = None
    pair: tuple[int, date] | None = None
    tags: list[str] | None = None


def test_nested_and_generic_types_round_trip():
    tree = Node("a", (Node("b", scores={"x": 1.5, "y": 2}), Node("c", pair=(3, b.TODAY),
                                                                tags=["z", "y"])))
    assert from_json(Node, to_json(tree)) == tree


# -- random input --------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(["2026-03-10", "2026-03-10T12:00:00+00:00", "report", "physical_abuse"]),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(cls=st.sampled_from(RECORD_TYPES), text=st.text(max_size=200))
def test_random_text_raises_only_the_stores_error(cls: type, text: str):
    try:
        from_json(cls, text)
    except PayloadDamaged:
        pass


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(cls=st.sampled_from(RECORD_TYPES), value=json_values)
def test_random_json_raises_only_the_stores_error(cls: type, value: Any):
    try:
        from_json(cls, json.dumps(value))
    except PayloadDamaged:
        pass


VALID_PAYLOADS = [(type(record), json.loads(to_json(record))) for _n, record in RECORDS]


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data())
def test_a_valid_payload_with_one_part_replaced_raises_only_the_stores_error(data):
    cls, payload = data.draw(st.sampled_from(VALID_PAYLOADS))
    path = data.draw(st.sampled_from(_paths(payload)[1:]))
    replacement = data.draw(json_values)
    damaged = json.loads(json.dumps(payload))
    target = damaged
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = replacement
    try:
        record = from_json(cls, json.dumps(damaged))
    except PayloadDamaged:
        return
    assert type(record) is cls


def test_deep_nesting_raises_the_stores_error():
    with pytest.raises(PayloadDamaged):
        from_json(Signal, "[" * 100_000 + "]" * 100_000)


# -- draft values --------------------------------------------------------------

DRAFT_VALUES = {
    "facts": "Blauwe plek — “links”",
    "count": 3,
    "acute": False,
    "empty": None,
    "forms": ["physical_abuse", "sexual_abuse"],
    "observed_on": date(2026, 3, 9),
    "observed_at": datetime(2026, 3, 9, 15, 30, tzinfo=UTC),
    "typed_time": datetime(2026, 3, 9, 15, 30),  # naive: still being typed
    "nested": [[1, date(2026, 1, 1)], []],
}


def test_draft_values_round_trip():
    assert decode_values(encode_values(DRAFT_VALUES)) == DRAFT_VALUES


def test_draft_values_keep_naive_and_aware_times_apart():
    back = decode_values(encode_values(DRAFT_VALUES))
    assert back["typed_time"].tzinfo is None
    assert back["observed_at"].tzinfo is not None


def test_draft_values_refuse_what_they_cannot_keep():
    for bad in ({"x": {"a": 1}}, {"x": 1.5}, {"x": {1, 2}}, {1: "x"}):
        with pytest.raises(TypeError):
            encode_values(bad)  # type: ignore[arg-type]


draft_leaves = (st.none() | st.booleans() | st.integers() | st.text(max_size=30)
                | st.dates() | st.datetimes() | st.datetimes(timezones=st.just(UTC)))
draft_values = st.dictionaries(
    st.text(max_size=10),
    st.recursive(draft_leaves, lambda c: st.lists(c, max_size=3), max_leaves=10),
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(values=draft_values)
def test_any_draft_values_round_trip(values: dict[str, Any]):
    assert decode_values(encode_values(values)) == values


@settings(max_examples=300, deadline=None)
@given(value=json_values)
def test_random_draft_payload_raises_only_the_stores_error(value: Any):
    try:
        decode_values(json.dumps(value))
    except PayloadDamaged:
        pass
