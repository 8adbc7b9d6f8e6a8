"""A signal whose form is not yet clear (issue 14) counts as a signal; a risk
record carries its facts and source like a signal."""

from __future__ import annotations

import pytest

from app.errors import ValidationError
from app.meldcode.progress import MeldcodeRecords, StepState, meldcode_progress
from app.meldcode.records import validate_risk_profile
from app.meldcode.signals import SignalHistory, validate_signal
from app.meldcode.steps import Step
from app.meldcode.vocabulary import SourceKind, ViolenceForm
from tests.meldcode.builders import (
    CHILD,
    NOW,
    TODAY,
    kindcheck_run,
    risk_profile,
    signal,
)

UNCLEAR = ViolenceForm.NOT_YET_CLEAR


@pytest.mark.parametrize(("forms", "error"), [
    ({UNCLEAR}, None),
    ({ViolenceForm.PHYSICAL_ABUSE}, None),
    ({UNCLEAR, ViolenceForm.PHYSICAL_ABUSE}, "forms"),  # either unclear or named
    (set(), "forms"),
])
def test_a_signal_may_have_a_form_not_yet_clear(forms, error):
    candidate = signal(forms=frozenset(forms))
    if error is None:
        validate_signal(candidate, NOW, [CHILD])
        return
    with pytest.raises(ValidationError) as info:
        validate_signal(candidate, NOW, [CHILD])
    assert info.value.field == error


def test_a_signal_not_yet_clear_counts_for_step_1():
    records = MeldcodeRecords(
        signals=(SignalHistory.start(signal(forms=frozenset({UNCLEAR})), NOW),),
        risk_profiles=(risk_profile(),), kindcheck_runs=(kindcheck_run(),))
    assert meldcode_progress(records).step(Step.MAP_SIGNALS).state is StepState.DONE
    assert UNCLEAR in records.forms


@pytest.mark.parametrize(("changes", "error"), [
    ({}, None),  # a risk record from before sources were asked
    ({"facts": "Een brief van de deurwaarder lag op tafel.", "source": SourceKind.OWN_OBSERVATION},
     None),
    ({"facts": "Moeder vertelde over schulden.", "source": SourceKind.TOLD_BY_SOMEONE,
      "source_detail": "Moeder"}, None),
    ({"facts": "Schulden bij de woningcorporatie."}, "source"),  # facts need a source
    ({"source": SourceKind.DOCUMENT, "source_detail": "Brief"}, "facts"),  # and the reverse
    ({"facts": "Het stond in een brief.", "source": SourceKind.DOCUMENT}, "source_detail"),
])
def test_a_risk_record_carries_facts_and_source(changes, error):
    candidate = risk_profile(**changes)
    if error is None:
        validate_risk_profile(candidate, TODAY)
        return
    with pytest.raises(ValidationError) as info:
        validate_risk_profile(candidate, TODAY)
    assert info.value.field == error


def test_the_forms_ask_for_them():
    from app.forms.meldcode import MELDCODE_FORMS
    from app.forms.meldcode.records import risk_profile_from_values, risk_profile_to_values

    codes = [c.code for c in MELDCODE_FORMS["signal"].field("forms").choices]
    assert UNCLEAR.value in codes
    theme = [c.code for c in MELDCODE_FORMS["consultation"].field("theme").choices]
    assert UNCLEAR.value not in theme
    values = risk_profile_to_values(risk_profile(
        facts="Deurwaarder aan de deur.", source=SourceKind.TOLD_BY_SOMEONE,
        source_detail="Buurvrouw"))
    back = risk_profile_from_values(values, id="risk-1")
    assert (back.facts, back.source, back.source_detail) == (
        "Deurwaarder aan de deur.", SourceKind.TOLD_BY_SOMEONE, "Buurvrouw")
