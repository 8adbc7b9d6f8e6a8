"""Safety scaling (schaalvraag): a score from 0 (not safe) to 10 (safe enough
to close), per person and per date, from the worker's and the family's view.

Scores are kept as a history and never overwritten: a second score for the
same person, date and view is kept too, and the later one counts as the
latest. The texts for 0 and 10 (the anchors) are configurable per region or
organisation; these are the defaults.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.errors import ValidationError
from app.i18n import N_, _
from app.safety.errors import require_text

SCALE_MIN = 0
SCALE_MAX = 10


class ScaleView(StrEnum):
    """Whose view a score gives: the worker's or the family's."""

    WORKER = "worker"
    FAMILY = "family"

    @property
    def label(self) -> str:
        return _(_VIEW_LABELS[self])


_VIEW_LABELS = {
    ScaleView.WORKER: N_("Inschatting hulpverlener"),
    ScaleView.FAMILY: N_("Inschatting gezin"),
}

_DEFAULT_ZERO = N_("Het is niet veilig. Het geweld gaat door of kan elk moment weer gebeuren.")
_DEFAULT_TEN = N_(
    "Het is veilig genoeg. Iedereen vertrouwt erop dat het thuis veilig blijft, ook zonder hulp."
)


@dataclass(frozen=True)
class ScaleAnchors:
    """The texts that explain 0 and 10 on the safety scale (schaalvraag)."""

    zero: str
    ten: str


def default_anchors() -> ScaleAnchors:
    """The default anchors, in the current language."""
    return ScaleAnchors(_(_DEFAULT_ZERO), _(_DEFAULT_TEN))


def validate_anchors(anchors: ScaleAnchors) -> ScaleAnchors:
    """Both anchors need a text; returns them stripped."""
    return ScaleAnchors(
        require_text(anchors.zero, "zero", _("Schrijf op wat een 0 betekent.")),
        require_text(anchors.ten, "ten", _("Schrijf op wat een 10 betekent.")),
    )


@dataclass(frozen=True)
class ScaleScore:
    """SafetyScale — schaalvraag: one score for one person on one date.

    ``person_id`` is the household member whose safety is scored; ``given_by``
    says who in the family answered (or which worker), as free text.
    """

    person_id: str
    on: date
    view: ScaleView
    score: int
    given_by: str = ""
    note: str = ""


def validate_score(score: object, field: str = "score") -> int:
    """A whole number from 0 to 10. ``True``/``False`` and 7.5 are refused:
    the scale has eleven steps and nothing between them."""
    if isinstance(score, bool) or not isinstance(score, int) or not (
        SCALE_MIN <= score <= SCALE_MAX
    ):
        raise ValidationError(
            _("Kies een cijfer van {low} tot en met {high}.").format(low=SCALE_MIN, high=SCALE_MAX),
            field=field,
        )
    return score


def validate_scale_score(score: ScaleScore) -> None:
    require_text(score.person_id, "person_id", _("Kies voor wie dit cijfer is."))
    validate_score(score.score)
    ScaleView(score.view)


def record_score(history: tuple[ScaleScore, ...], score: ScaleScore) -> tuple[ScaleScore, ...]:
    """Add a validated score to the history; nothing earlier is removed."""
    validate_scale_score(score)
    return history + (score,)


def scale_history(
    history: Iterable[ScaleScore], person_id: str, view: ScaleView | None = None
) -> list[ScaleScore]:
    """One person's scores by date, oldest first; scores of the same date keep
    the order they were recorded in."""
    return sorted(
        (s for s in history if s.person_id == person_id and (view is None or s.view == view)),
        key=lambda s: s.on,
    )


def latest_scores(history: Iterable[ScaleScore], person_id: str) -> dict[ScaleView, ScaleScore]:
    """The most recent score of each view for one person (a view without
    scores is left out)."""
    latest: dict[ScaleView, ScaleScore] = {}
    for score in scale_history(history, person_id):
        latest[score.view] = score
    return latest
