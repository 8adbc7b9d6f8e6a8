"""Steps 4–5: the afwegingskader as a form whose questions follow ``weigh``.

Each weighing shows only when the earlier answers lead to it: weighing 2
after "yes" on 1; weighing 3 once weighing 2 is answered (after "yes" too: it
is then made together with Veilig Thuis); weighing 4 after "yes" on 3;
weighing 5 after "yes" on 4. Weighing 2 is two questions, acute and
structural unsafety; the structural question shows once the acute one is
answered, so the form never offers weighing 3 while half of weighing 2 is
open. Only weighing 1 and the reasoning are required: a weighing may be saved
half-way (weighing 5 usually comes later), as the domain allows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.forms.context import FormContext
from app.forms.meldcode._common import (
    code_of,
    codes,
    context_or_default,
    domain_text,
    drop_none,
    enum_choices,
    lenient,
    member,
    new_id,
    text,
)
from app.forms.model import Field, FieldType, FormDefinition, Section, when
from app.forms.validation import clean
from app.i18n import N_
from app.meldcode.afwegingskader import (
    ACUTE_UNSAFETY_HELP,
    ACUTE_UNSAFETY_LABEL,
    STRUCTURAL_UNSAFETY_HELP,
    STRUCTURAL_UNSAFETY_LABEL,
    Weighing,
    WeighingAnswers,
    WeighingQuestion,
    validate_weighing,
)
from app.meldcode.vocabulary import RiskInstrument

T = FieldType
W = WeighingQuestion

# The form keys that answer each weighing.
QUESTION_KEYS: dict[WeighingQuestion, tuple[str, ...]] = {
    W.SUSPICION: ("suspicion",),
    W.UNSAFETY: ("acute_unsafety", "structural_unsafety"),
    W.HELP_POSSIBLE: ("help_possible",),
    W.HELP_ACCEPTED: ("help_accepted",),
    W.HELP_EFFECTIVE: ("help_effective",),
}
ANSWER_KEYS = tuple(key for keys in QUESTION_KEYS.values() for key in keys)


def _weighing(question: WeighingQuestion, key: str, condition: Any = None,
              required: bool = False) -> Section:
    return Section(domain_text(question, "title"), (
        Field(key, T.YES_NO, domain_text(question), help=domain_text(question, "help"),
              required=required, visible_if=condition),
    ))


WEIGHING_FORM = FormDefinition(
    id="weighing", title=N_("Wegen: het afwegingskader"), version=1,
    sections=[
        Section(None, (
            Field("weighed_on", T.DATE, N_("Datum van de afweging"), required=True,
                  not_in_future=True),
        ), N_("Beantwoord de vragen van het afwegingskader. De volgende vraag komt pas als "
              "je antwoord ertoe leidt. Twijfel je? Vraag Veilig Thuis om advies.")),
        _weighing(W.SUSPICION, "suspicion", required=True),
        Section(domain_text(W.UNSAFETY, "title"), (
            Field("acute_unsafety", T.YES_NO, ACUTE_UNSAFETY_LABEL, help=ACUTE_UNSAFETY_HELP,
                  visible_if=when("suspicion", True)),
            Field("structural_unsafety", T.YES_NO, STRUCTURAL_UNSAFETY_LABEL,
                  help=STRUCTURAL_UNSAFETY_HELP, visible_if=when("acute_unsafety", True, False)),
        ), domain_text(W.UNSAFETY, "help")),
        _weighing(W.HELP_POSSIBLE, "help_possible", when("structural_unsafety", True, False)),
        _weighing(W.HELP_ACCEPTED, "help_accepted", when("help_possible", True)),
        _weighing(W.HELP_EFFECTIVE, "help_effective", when("help_accepted", True)),
        Section(N_("Onderbouwing"), (
            Field("reasoning", T.LONG_TEXT, N_("Waarom kom je tot deze afweging?"),
                  required=True,
                  help=N_("Schrijf op welke feiten en welke consultaties je antwoorden "
                          "onderbouwen.")),
            Field("instrument", T.SINGLE_CHOICE, N_("Heb je een risico-instrument gebruikt?"),
                  choices=enum_choices(RiskInstrument),
                  help=N_("Niet verplicht. Een risico-instrument kan helpen, maar beslist "
                          "niet voor je.")),
            Field("instrument_name", T.SHORT_TEXT, N_("Welk instrument?"), required=True,
                  visible_if=when("instrument", code_of(RiskInstrument.OTHER))),
            Field("instrument_result", T.LONG_TEXT, N_("Wat kwam er uit het instrument?"),
                  visible_if=when("instrument", *codes(RiskInstrument))),
        )),
    ])


def _answers(v: Mapping[str, Any]) -> WeighingAnswers:
    return WeighingAnswers(**{key: v.get(key) for key in ANSWER_KEYS})


def weighing_answers_from_values(values: Mapping[str, Any],
                                 context: FormContext | None = None) -> WeighingAnswers:
    """The answers so far, also of a half-filled form: for ``weigh`` while the
    worker fills it in (the decision form shows the outcome)."""
    return _answers(lenient(WEIGHING_FORM, values, context_or_default(context)))


def weighing_from_values(values: Mapping[str, Any], *, context: FormContext | None = None,
                         id: str | None = None) -> Weighing:
    """The ``Weighing`` of :data:`WEIGHING_FORM`'s answers; hidden weighings are dropped."""
    context = context_or_default(context)
    v = clean(WEIGHING_FORM, values, context)
    weighing = Weighing(
        id=new_id(id), weighed_on=v["weighed_on"], answers=_answers(v),
        reasoning=v["reasoning"], instrument=member(RiskInstrument, v["instrument"]),
        instrument_name=text(v.get("instrument_name")),
        instrument_result=text(v.get("instrument_result")))
    validate_weighing(weighing, context.today())
    return weighing


def weighing_to_values(weighing: Weighing) -> dict[str, Any]:
    a = weighing.answers
    return drop_none({
        "weighed_on": weighing.weighed_on,
        **{key: getattr(a, key) for key in ANSWER_KEYS},
        "reasoning": weighing.reasoning,
        "instrument": None if weighing.instrument is None else code_of(weighing.instrument),
        "instrument_name": weighing.instrument_name,
        "instrument_result": weighing.instrument_result,
    })


__all__ = ["ANSWER_KEYS", "QUESTION_KEYS", "WEIGHING_FORM", "weighing_answers_from_values",
           "weighing_from_values", "weighing_to_values"]
