"""Monitoring figures over all cases of a store; in a team, over the whole
team, made on an admin's store (``app.reporting.scope`` says why)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.cases.model import CaseStatus
from app.errors import ValidationError
from app.export.kinds import MONITORING
from app.export.monitoring import write_monitoring_csv
from app.i18n import _
from app.reporting.figures import CaseFacts, Figure, figures, period_of
from app.reporting.scope import ReportScope, Standing, report_scope
from app.services.meldcode import load_records
from app.services.safety import relapse_dates
from app.store.audit import AuditAction
from app.store.store import Store
from app.team.model import Role


def standing(store: Store) -> Standing:
    """Where ``store`` stands in a team, for the scope of its figures."""
    row = store.team.row()
    if row is None:
        return Standing()
    me = store.team.keys().members().get(store.device_id)
    return Standing(in_team=True,
                    holds_every_case=not row["removed"] and me is not None
                    and me.role is Role.ADMIN,
                    synced=row["server_url"] is not None)


def scope_of(store: Store, team: bool = False) -> ReportScope:
    """Whose cases the figures of ``store`` count (``team``: the whole team
    or nothing); ``ScopeRefused`` when this store cannot make them."""
    return report_scope(standing(store), team)


def monitoring_figures(store: Store, start: date, end: date, *,
                       team: bool = False) -> list[Figure]:
    """The figures over a whole calendar month, quarter or year (else
    ``PeriodNotAllowed``), over every case the store holds: in a team, the
    team's (``scope_of``)."""
    if end < start:
        raise ValidationError(_("De einddatum ligt voor de begindatum."), field="to")
    period = period_of(start, end)
    scope_of(store, team)
    facts = [
        CaseFacts(load_records(store, row.id), row.safety_phase,
                  row.status == CaseStatus.OPEN, tuple(relapse_dates(store, row.id)))
        for row in store.cases.summaries()
    ]
    return figures(facts, period)


def export_monitoring(store: Store, start: date, end: date, out: Path, *,
                      force: bool = False, team: bool = False) -> list[Figure]:
    scope = scope_of(store, team)
    rows = monitoring_figures(store, start, end, team=team)
    write_monitoring_csv(out, rows, start, end, store.kind.watermark, force=force)
    with store.transaction():
        store.audit.append(AuditAction.EXPORT, "store", store.store_id,
                           export=MONITORING.audit_name, scope=str(scope),
                           start=start.isoformat(), end=end.isoformat())
    return rows
