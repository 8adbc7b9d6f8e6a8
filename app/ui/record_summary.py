"""One line per meldcode record for the lists on the step pages."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from app.i18n import N_, _
from app.meldcode import MeldcodeRecords
from app.meldcode.records import AcutePath, Consultation, Conversation, Decision, RiskProfile
from app.meldcode.signals import SignalHistory

SUMMARY_LENGTH = 90


@dataclass(frozen=True)
class RecordRow:
    """A record as the step pages list it. ``record_id`` opens its history."""

    kind: str
    record_id: str
    day: date
    title: str
    summary: str
    corrected: bool = False


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "…"


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def signal_rows(histories: tuple[SignalHistory, ...]) -> list[RecordRow]:
    rows = []
    for history in histories:
        signal = history.current
        forms = ", ".join(sorted(f.label for f in signal.forms))
        rows.append(RecordRow("signal", signal.id, _day(signal.observed_at),
                              forms or _("Signaal"), _short(signal.facts),
                              corrected=len(history.versions) > 1))
    return rows


def _risk(p: RiskProfile) -> RecordRow:
    parts = [f.label for f in sorted(p.risk_factors)]
    return RecordRow("risk_profile", p.id, p.recorded_on, _("Risico's en beschermende factoren"),
                     _short(", ".join(parts) or _("Geen risicofactoren genoemd")))


def _consultation(c: Consultation) -> RecordRow:
    who = c.partner.label + (f" ({c.partner_detail})" if c.partner_detail else "")
    return RecordRow("consultation", c.id, c.consulted_on, who,
                     _short(f"{c.result.label}: {c.advice}"))


def _conversation(c: Conversation) -> RecordRow:
    if c.held:
        return RecordRow("conversation", c.id, c.held_on, _("Gesprek gehouden"),
                         _short(c.client_reaction or c.what_was_said))
    reason = c.skip_reason.label if c.skip_reason else ""
    return RecordRow("conversation", c.id, c.held_on, _("Gesprek niet gehouden"), _short(reason))


def _decision(d: Decision) -> RecordRow:
    return RecordRow("decision", d.id, d.decided_on, _("Besluit"),
                     _short(d.outcome.label + (f" — {d.help_engaged}" if d.help_engaged else "")))


def _acute(a: AcutePath) -> RecordRow:
    return RecordRow("acute_path", a.id, a.contacted_at.date(), _("Acute onveiligheid"),
                     _short(a.reason))


def rows_for_step(step: int, records: MeldcodeRecords, reviews: tuple = ()) -> list[RecordRow]:
    """What a step page lists, newest first. ``reviews`` (team-lead reviews of
    decisions) show on the decision step."""
    if step == 1:
        rows = signal_rows(records.signals) + [_risk(p) for p in records.risk_profiles]
        rows += [RecordRow("kindcheck_run", r.id, r.checked_on, _("Kindcheck"),
                           _short(r.outcome.kind.label)) for r in records.kindcheck_runs]
    elif step == 2:
        rows = [_consultation(c) for c in records.consultations]
    elif step == 3:
        rows = [_conversation(c) for c in records.conversations]
    elif step == 4:
        rows = [RecordRow("weighing", w.id, w.weighed_on, _("Afweging"),
                          _short(w.outcome.kind.label)) for w in records.weighings]
    else:
        rows = [_acute(a) for a in records.acute_paths] + [_decision(d) for d in records.decisions]
        rows += [RecordRow("review", r.id, r.created_at.date(), _("Besproken met teamleider"),
                           _short(r.comment)) for r in reviews]
    return sorted(rows, key=lambda r: r.day, reverse=True)


#: What a row is called in discreet mode: the kind of record in a neutral word,
#: never its outcome, its forms of violence or its text.
_NEUTRAL_TITLES = {
    "signal": N_("Signaal"), "risk_profile": N_("Inschatting"),
    "kindcheck_run": N_("Kindcheck"), "consultation": N_("Consultatie"),
    "conversation": N_("Gesprek"), "weighing": N_("Afweging"), "decision": N_("Besluit"),
    "acute_path": N_("Contact"), "review": N_("Bespreking"),
}


def discreet_row(row: RecordRow) -> RecordRow:
    """The row as discreet mode lists it: its date and a neutral word, no summary."""
    return replace(row, title=_(_NEUTRAL_TITLES[row.kind]), summary="")
