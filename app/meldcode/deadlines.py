"""Deadlines of the meldcode, computed by rules from the records.

The terms are data (``DeadlineTerms``), so a region or organisation can set
its own. The defaults and where they come from:

- ``follow_up_weeks`` = 6: after help is offered (weighing 4 = yes), when to
  weigh again whether the help works (weighing 5). The reference asks for
  follow-up terms but sets none; six weeks is a common first evaluation term
  in neighbourhood teams.
- ``stalled_step_days`` = 14: a reminder when nothing was recorded on an
  unfinished meldcode for two weeks.
- ``vt_assessment_working_days`` = 5: Veilig Thuis makes its safety
  assessment within five working days after a report (handover.md);
  ``vt_acute_response_days`` = 1: acute cases within 24 hours. The worker
  checks that feedback came.
- ``kindcheck_repeat_weeks`` = 26: the kindcheck is repeated at each
  evaluation; when no evaluation date is known, after half a year.
- ``holidays``: days that are not working days besides weekends (national
  and regional holidays, as data).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from app.i18n import N_, _
from app.meldcode.afwegingskader import WeighingOutcomeKind
from app.meldcode.kindcheck import latest_run
from app.meldcode.progress import MeldcodeRecords, meldcode_progress
from app.meldcode.records import AcuteContact
from app.meldcode.steps import Step


@dataclass(frozen=True)
class DeadlineTerms:
    """Configurable terms; see the module docstring for the defaults."""

    follow_up_weeks: int = 6
    stalled_step_days: int = 14
    vt_assessment_working_days: int = 5
    vt_acute_response_days: int = 1
    kindcheck_repeat_weeks: int = 26
    holidays: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        for name in ("follow_up_weeks", "stalled_step_days", "vt_assessment_working_days",
                     "vt_acute_response_days", "kindcheck_repeat_weeks"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")


DEFAULT_TERMS = DeadlineTerms()


class DeadlineKind(StrEnum):
    FOLLOW_UP_HELP = "follow_up_help"
    STALLED_STEP = "stalled_step"
    VT_SAFETY_ASSESSMENT = "vt_safety_assessment"
    KINDCHECK_REPEAT = "kindcheck_repeat"

    @property
    def label(self) -> str:
        return _(_KIND_LABELS[self])


_KIND_LABELS = {
    DeadlineKind.FOLLOW_UP_HELP: N_(
        "Effecten volgen: werkt de hulp? Maak afweging 5."
    ),
    DeadlineKind.STALLED_STEP: N_("De meldcode staat stil. Ga verder met stap {n}: {step}."),
    DeadlineKind.VT_SAFETY_ASSESSMENT: N_(
        "Veilig Thuis heeft de veiligheidsbeoordeling gemaakt. Heb je de terugkoppeling gekregen?"
    ),
    DeadlineKind.KINDCHECK_REPEAT: N_("Doe de kindcheck opnieuw."),
}


@dataclass(frozen=True)
class Deadline:
    """A date by which something should happen. ``step`` is set for a stalled
    step; ``since`` is the date the deadline was counted from."""

    kind: DeadlineKind
    due: date
    since: date
    step: Step | None = None

    @property
    def reason_label(self) -> str:
        if self.kind is DeadlineKind.STALLED_STEP and self.step is not None:
            return self.kind.label.format(n=int(self.step), step=self.step.label)
        return self.kind.label

    def is_overdue(self, today: date) -> bool:
        return today > self.due


def add_working_days(start: date, days: int, holidays: Iterable[date] = ()) -> date:
    """``start`` plus ``days`` working days (Monday to Friday, not a holiday).
    The day of ``start`` itself does not count."""
    free = set(holidays)
    current = start
    left = days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in free:
            left -= 1
    return current


def _last_report(records: MeldcodeRecords) -> tuple[date, bool] | None:
    """The date of the latest report to Veilig Thuis and whether it was acute."""
    reports = [(d.decided_on, False) for d in records.decisions if d.is_report]
    reports += [(a.contacted_at.date(), True) for a in records.acute_paths
                if AcuteContact.VEILIG_THUIS in a.contacted]
    # A decision to report on the day of an acute contact records that same
    # report: the acute 24-hour term applies.
    return max(reports, key=lambda r: (r[0], r[1]), default=None)


def deadlines_for(
    records: MeldcodeRecords,
    terms: DeadlineTerms = DEFAULT_TERMS,
    next_evaluation: date | None = None,
    vt_feedback_on: Iterable[date] = (),
) -> tuple[Deadline, ...]:
    """All deadlines that follow from the records, earliest first.

    ``next_evaluation`` is the next evaluation date of the help or safety
    plan, when known (the kindcheck is repeated then); ``vt_feedback_on`` are
    the dates Veilig Thuis gave feedback (terugkoppeling), which settle the
    safety-assessment deadline of an earlier report.
    """
    found: list[Deadline] = []
    progress = meldcode_progress(records)
    decision = records.latest_decision

    last = records.last_activity()
    if progress.current_step is not None and last is not None:
        found.append(Deadline(DeadlineKind.STALLED_STEP,
                              last + timedelta(days=terms.stalled_step_days), last,
                              progress.current_step))

    follow_up: date | None = None
    if progress.awaiting_follow_up and decision is not None:
        follow_up = decision.decided_on + timedelta(weeks=terms.follow_up_weeks)
        found.append(Deadline(DeadlineKind.FOLLOW_UP_HELP, follow_up, decision.decided_on,
                              Step.WEIGH))

    report = _last_report(records)
    if report is not None:
        reported_on, acute = report
        if not any(day >= reported_on for day in vt_feedback_on):
            due = (reported_on + timedelta(days=terms.vt_acute_response_days) if acute
                   else add_working_days(reported_on, terms.vt_assessment_working_days,
                                         terms.holidays))
            found.append(Deadline(DeadlineKind.VT_SAFETY_ASSESSMENT, due, reported_on))

    closed = (progress.is_finished and decision is not None and decision.outcome in
              (WeighingOutcomeKind.CLOSE, WeighingOutcomeKind.CLOSE_HELP_WITH_FOLLOW_UP))
    run = latest_run(records.kindcheck_runs)
    if run is not None and not closed:
        evaluation = next_evaluation or follow_up
        if evaluation is not None and evaluation > run.checked_on:
            due = evaluation
        else:
            due = run.checked_on + timedelta(weeks=terms.kindcheck_repeat_weeks)
        found.append(Deadline(DeadlineKind.KINDCHECK_REPEAT, due, run.checked_on,
                              Step.MAP_SIGNALS))

    return tuple(sorted(found, key=lambda d: (d.due, d.kind)))


def next_due(
    records: MeldcodeRecords,
    terms: DeadlineTerms = DEFAULT_TERMS,
    next_evaluation: date | None = None,
    vt_feedback_on: Iterable[date] = (),
) -> Deadline | None:
    """The earliest deadline (overdue ones included), or ``None``."""
    found = deadlines_for(records, terms, next_evaluation, tuple(vt_feedback_on))
    return found[0] if found else None
