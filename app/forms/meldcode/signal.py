"""Step 1: the signal (signaal) and its quick capture (snel vastleggen).

The quick capture is the fastest thing a worker can save: only the facts are
required; who it concerns and when are optional. It is stored as a
:class:`QuickSignal` draft, not as a ``Signal``: a draft says nothing yet
about the source or the forms of violence, so it is no part of step 1 until it
is completed. Completing it opens :data:`SIGNAL_FORM` with the draft's answers
(the two forms share their keys) and builds the ``Signal`` with the draft's
id, so the store can replace the draft by the signal.

Required for the draft: ``facts``. Required for the signal: ``observed_at``,
``concerns``, ``forms``, ``source``, ``facts``, ``acute_indication``, and
``source_detail`` when someone told it or it comes from a document; an
``interpretation`` when it is marked as a hypothesis (a domain rule).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from app.forms.context import FormContext
from app.forms.meldcode._common import (
    code_of,
    codes,
    context_or_default,
    drop_none,
    enum_choices,
    flag,
    member,
    members,
    new_id,
    now_of,
    ordered_codes,
    person_ids,
    text,
    to_utc,
)
from app.forms.model import Field, FieldType, FormDefinition, Section, when
from app.forms.validation import clean
from app.i18n import N_
from app.meldcode.signals import Signal, validate_signal
from app.meldcode.vocabulary import SourceKind, ViolenceForm

T = FieldType

FACTS_HELP = N_(
    "Schrijf alleen op wat je zelf zag, hoorde, rook of las, of wat iemand letterlijk zei. "
    "Schrijf niet op wat je denkt dat het betekent: dat kan hieronder, bij je interpretatie."
)
_OBSERVED_AT = Field(
    "observed_at", T.DATETIME, N_("Wanneer zag, hoorde of las je dit?"), required=True,
    not_in_future=True)
_CONCERNS = Field(
    "concerns", T.PERSON, N_("Over wie gaat het signaal?"), required=True, multiple=True,
    help=N_("Kies de betrokkenen uit het huishouden van deze casus."))
_FACTS = Field("facts", T.LONG_TEXT, N_("Feiten: wat is er gebeurd?"), required=True,
               help=FACTS_HELP)

SIGNAL_FORM = FormDefinition(
    id="signal", title=N_("Signaal vastleggen"), version=1,
    sections=[
        Section(N_("Wanneer en over wie"), (
            _OBSERVED_AT,
            _CONCERNS,
            Field("forms", T.MULTI_CHOICE, N_("Op welke vormen van geweld kan het wijzen?"),
                  required=True, choices=enum_choices(ViolenceForm),
                  help=N_("Kies alles wat past. Vaak gaat het om meer dan één vorm.")),
        )),
        Section(N_("Bron"), (
            Field("source", T.SINGLE_CHOICE, N_("Waar komt de informatie vandaan?"),
                  required=True, choices=enum_choices(SourceKind)),
            Field("source_detail", T.SHORT_TEXT, N_("Wie vertelde het, of welk document is het?"),
                  required=True,
                  help=N_("De naam van de persoon of organisatie, of de titel en datum van "
                          "het document."),
                  visible_if=when("source", *codes(SourceKind, *(
                      s for s in SourceKind if s.needs_detail)))),
        )),
        Section(N_("Feiten en interpretatie"), (
            _FACTS,
            Field("interpretation", T.LONG_TEXT,
                  N_("Interpretatie: wat denk jij dat het betekent?"),
                  sensitive=True,
                  help=N_("Niet verplicht. Houd dit apart van de feiten. In de discrete modus "
                          "is dit veld verborgen.")),
            Field("is_hypothesis", T.YES_NO, N_("Is je interpretatie een werkhypothese?"),
                  sensitive=True, default=False,
                  help=N_("Een werkhypothese is een vermoeden dat je nog moet nagaan. Kies ja, "
                          "dan is de interpretatie verplicht.")),
        )),
        Section(N_("Acute onveiligheid"), (
            Field("acute_indication", T.YES_NO, N_("Is iemand nu in direct gevaar?"),
                  required=True,
                  help=N_("Acute onveiligheid: de veiligheid voor de komende uren of dagen is "
                          "niet zeker. Kies dan ja, bel meteen Veilig Thuis (0800-2000) of bij "
                          "direct levensgevaar de politie (112), en leg daarna het spoedcontact "
                          "vast.")),
        )),
    ])

QUICK_SIGNAL_FORM = FormDefinition(
    id="quick_signal", title=N_("Snel een signaal vastleggen"), version=1,
    sections=[
        Section(None, (
            _FACTS,
            replace(_CONCERNS, required=False),
            replace(_OBSERVED_AT, required=False),
        ), N_("Alleen de feiten zijn nodig. Vul de rest later aan; dan wordt het een "
              "volledig signaal.")),
    ])


@dataclass(frozen=True)
class QuickSignal:
    """A quick capture (concept-signaal), saved in seconds, completed later.

    ``captured_at`` is when it was saved (UTC); ``observed_at`` is ``None``
    while the worker did not say when it happened.
    """

    id: str
    captured_at: datetime
    facts: str
    concerns: tuple[str, ...] = ()
    observed_at: datetime | None = None


def signal_from_values(values: Mapping[str, Any], *, context: FormContext | None = None,
                       id: str | None = None) -> Signal:
    """The ``Signal`` of :data:`SIGNAL_FORM`'s answers; ``context`` holds the
    case's people and "now". Raises ``ValidationError`` on a form key."""
    context = context_or_default(context)
    v = clean(SIGNAL_FORM, values, context)
    signal = Signal(
        id=new_id(id),
        observed_at=to_utc(v["observed_at"]),
        concerns=tuple(v["concerns"]),
        forms=members(ViolenceForm, v["forms"]),
        source=member(SourceKind, v["source"]),
        facts=v["facts"],
        source_detail=text(v.get("source_detail")),
        interpretation=text(v["interpretation"]),
        is_hypothesis=flag(v["is_hypothesis"]),
        acute_indication=flag(v["acute_indication"]),
    )
    validate_signal(signal, now_of(context), person_ids(context))
    return signal


def signal_to_values(signal: Signal) -> dict[str, Any]:
    """:data:`SIGNAL_FORM`'s answers for ``signal`` (to correct it)."""
    return drop_none({
        "observed_at": signal.observed_at,
        "concerns": list(signal.concerns),
        "forms": ordered_codes(signal.forms),
        "source": code_of(signal.source),
        "source_detail": signal.source_detail if signal.source.needs_detail else None,
        "facts": signal.facts,
        "interpretation": signal.interpretation,
        "is_hypothesis": signal.is_hypothesis,
        "acute_indication": signal.acute_indication,
    })


def quick_signal_from_values(values: Mapping[str, Any], *, context: FormContext | None = None,
                             id: str | None = None,
                             captured_at: datetime | None = None) -> QuickSignal:
    """The draft of :data:`QUICK_SIGNAL_FORM`'s answers; only the facts are required."""
    context = context_or_default(context)
    v = clean(QUICK_SIGNAL_FORM, values, context)
    return QuickSignal(
        id=new_id(id),
        captured_at=to_utc(captured_at or now_of(context)),
        facts=v["facts"],
        concerns=tuple(v["concerns"]),
        observed_at=None if v["observed_at"] is None else to_utc(v["observed_at"]),
    )


def quick_signal_to_values(draft: QuickSignal) -> dict[str, Any]:
    """The draft's answers; they fit :data:`QUICK_SIGNAL_FORM` and, to complete
    the draft, :data:`SIGNAL_FORM` (the keys are the same)."""
    return drop_none({
        "facts": draft.facts,
        "concerns": list(draft.concerns),
        "observed_at": draft.observed_at,
    })


def signal_from_quick(draft: QuickSignal, values: Mapping[str, Any], *,
                      context: FormContext | None = None) -> Signal:
    """Complete ``draft`` into a ``Signal`` with the draft's id.

    ``values`` are :data:`SIGNAL_FORM`'s answers; a key missing from them
    keeps the draft's answer. The time of capture is not used as the moment of
    the signal: the worker says when it happened.
    """
    merged = {**quick_signal_to_values(draft), **values}
    return signal_from_values(merged, context=context, id=draft.id)


__all__ = ["FACTS_HELP", "QUICK_SIGNAL_FORM", "SIGNAL_FORM", "QuickSignal",
           "quick_signal_from_values", "quick_signal_to_values", "signal_from_quick",
           "signal_from_values", "signal_to_values"]
