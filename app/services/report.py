"""Monitoring figures over all cases of a store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.cases.model import CaseStatus
from app.errors import ValidationError
from app.export.monitoring import write_monitoring_csv
from app.i18n import _
from app.reporting.figures import CaseFacts, Figure, figures, period_of
from app.services.meldcode import load_records
from app.services.safety import relapse_dates
from app.store.audit import AuditAction
from app.store.store import Store


def monitoring_figures(store: Store, start: date, end: date) -> list[Figure]:
    """The figures over a whole calendar month, quarter or year (else
    ``PeriodNotAllowed``)."""
    if end < start:
        raise ValidationError(_("De einddatum ligt voor de begindatum."), field="to")
    period = period_of(start, end)
    facts = [
        CaseFacts(load_records(store, row.id), row.safety_phase,
                  row.status == CaseStatus.OPEN, tuple(relapse_dates(store, row.id)))
        for row in store.cases.summaries()
    ]
    return figures(facts, period)


def export_monitoring(store: Store, start: date, end: date, out: Path, *,
                      force: bool = False) -> list[Figure]:
    rows = monitoring_figures(store, start, end)
    write_monitoring_csv(out, rows, start, end, store.kind.watermark, force=force)
    with store.transaction():
        store.audit.append(AuditAction.EXPORT, "store", store.store_id, kind="monitoring",
                           start=start.isoformat(), end=end.isoformat())
    return rows
