"""Signals (signalen, step 1) and their history of corrections.

A signal records what was actually seen, heard, smelled or read, kept apart
from what the worker thinks it means. Once recorded it is never edited in
place: a correction is a new version with a reason, and every version stays.

A ``Signal`` carries no case id: the store links it to its case.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from app.errors import ValidationError
from app.i18n import N_, _
from app.meldcode._checks import (
    MAX_SHORT_TEXT_LENGTH,
    MAX_TEXT_LENGTH,
    check_not_future_moment,
    check_text,
    require_aware,
)
from app.meldcode.extras import ExtraAnswer
from app.meldcode.vocabulary import SourceKind, ViolenceForm

MAX_REASON_LENGTH = 1000

FIELD_LABELS = {
    "facts": N_("Feiten"),
    "interpretation": N_("Interpretatie"),
    "source_detail": N_("Bron"),
    "reason": N_("Reden van de correctie"),
}


@dataclass(frozen=True)
class Signal:
    """Signaal: one observation that may point to violence or unsafe care.

    ``source_detail`` names who told it (person or organisation) or which
    document; it is required unless the source is the worker's own
    observation. ``interpretation`` is optional and separate from ``facts``;
    ``is_hypothesis`` labels that interpretation as a working hypothesis.
    ``acute_indication`` means the worker thinks someone may be in acute
    danger: the interface then offers the acute path.
    """

    id: str
    observed_at: datetime
    concerns: tuple[str, ...]
    forms: frozenset[ViolenceForm]
    source: SourceKind
    facts: str
    source_detail: str = ""
    interpretation: str = ""
    is_hypothesis: bool = False
    acute_indication: bool = False
    extras: tuple[ExtraAnswer, ...] = ()  # answers to questions a variant added

    def __post_init__(self) -> None:
        require_aware(self.observed_at, "observed_at")


def validate_signal(
    signal: Signal, now: datetime, people: Collection[str] | None = None
) -> None:
    """Raise ``ValidationError`` when the signal breaks a rule of step 1.

    ``people`` are the ids of the case's people; when given, every person the
    signal concerns must be one of them.
    """
    require_aware(now, "now")
    check_not_future_moment(
        signal.observed_at, now, field="observed_at",
        message=_("Het moment van het signaal ligt in de toekomst."),
    )
    if not signal.concerns:
        raise ValidationError(_("Kies over wie het signaal gaat."), field="concerns")
    if len(set(signal.concerns)) != len(signal.concerns):
        raise ValidationError(
            _("Iemand staat twee keer bij ‘over wie het signaal gaat’."), field="concerns"
        )
    if people is not None and not set(signal.concerns) <= set(people):
        raise ValidationError(
            _("Het signaal gaat over iemand die niet bij deze casus hoort."), field="concerns"
        )
    if not signal.forms:
        raise ValidationError(
            _("Kies minstens één vorm van geweld waar het signaal op kan wijzen, of ‘nog "
              "onduidelijk’."), field="forms"
        )
    if ViolenceForm.NOT_YET_CLEAR in signal.forms and len(signal.forms) > 1:
        raise ValidationError(
            _("Kies ‘nog onduidelijk’ of een vorm van geweld, niet allebei."), field="forms"
        )
    check_text(
        signal.facts, field="facts", label=FIELD_LABELS["facts"], required=True,
        missing=_("Schrijf de feiten op: wat zag, hoorde, rook of las je precies?"),
    )
    check_text(
        signal.interpretation, field="interpretation", label=FIELD_LABELS["interpretation"],
        required=signal.is_hypothesis,
        missing=_("Een hypothese is een interpretatie: schrijf die op bij ‘Interpretatie’."),
        max_length=MAX_TEXT_LENGTH,
    )
    check_text(
        signal.source_detail, field="source_detail", label=FIELD_LABELS["source_detail"],
        required=signal.source.needs_detail, max_length=MAX_SHORT_TEXT_LENGTH,
        missing=(
            _("Vul in wie het vertelde (persoon of organisatie).")
            if signal.source is SourceKind.TOLD_BY_SOMEONE
            else _("Vul in uit welk document het komt.")
        ),
    )


@dataclass(frozen=True)
class SignalVersion:
    """One version of a signal. Version 1 is the original and has no reason;
    every later version is a correction and says why."""

    number: int
    signal: Signal
    recorded_at: datetime
    reason: str = ""
    author: str = ""

    def __post_init__(self) -> None:
        require_aware(self.recorded_at, "recorded_at")

    @property
    def is_correction(self) -> bool:
        return self.number > 1


@dataclass(frozen=True)
class SignalHistory:
    """All versions of one signal, oldest first; ``current`` is the last."""

    versions: tuple[SignalVersion, ...]

    def __post_init__(self) -> None:
        # A history that breaks these rules was built wrongly or stored
        # wrongly: a programming error, not something a user typed.
        if not self.versions:
            raise ValueError("a signal history holds at least one version")
        signal_id = self.versions[0].signal.id
        for index, version in enumerate(self.versions, start=1):
            if version.number != index:
                raise ValueError(f"version {version.number} at position {index}")
            if version.signal.id != signal_id:
                raise ValueError("all versions of a history belong to one signal")
            if version.is_correction and not version.reason.strip():
                raise ValueError("a correction needs a reason")
        for earlier, later in zip(self.versions, self.versions[1:], strict=False):
            if later.recorded_at < earlier.recorded_at:
                raise ValueError("versions are kept in the order they were recorded")

    @classmethod
    def start(
        cls, signal: Signal, now: datetime, author: str = "",
        people: Collection[str] | None = None,
    ) -> SignalHistory:
        """Record a new signal as version 1, after validating it."""
        validate_signal(signal, now, people)
        return cls((SignalVersion(1, signal, now, "", author),))

    @property
    def id(self) -> str:
        return self.current.id

    @property
    def current(self) -> Signal:
        return self.versions[-1].signal

    @property
    def original(self) -> Signal:
        return self.versions[0].signal

    @property
    def recorded_at(self) -> datetime:
        """When the current version was recorded."""
        return self.versions[-1].recorded_at

    @property
    def corrections(self) -> tuple[SignalVersion, ...]:
        return self.versions[1:]

    def correct(
        self, signal: Signal, reason: str, now: datetime, author: str = "",
        people: Collection[str] | None = None,
    ) -> SignalHistory:
        """Return a new history with ``signal`` as a correction; this one is
        left as it was. The reason is required and the correction must change
        something."""
        if signal.id != self.id:
            raise ValueError("a correction keeps the id of the signal it corrects")
        if now < self.recorded_at:
            raise ValueError("a correction cannot be recorded before the version it corrects")
        check_text(
            reason, field="reason", label=FIELD_LABELS["reason"], required=True,
            max_length=MAX_REASON_LENGTH,
            missing=_("Schrijf op waarom je het signaal corrigeert."),
        )
        if signal == self.current:
            raise ValidationError(
                _("De correctie verandert niets aan het signaal."), field="reason"
            )
        validate_signal(signal, now, people)
        version = SignalVersion(len(self.versions) + 1, signal, now, reason.strip(), author)
        return SignalHistory((*self.versions, version))
