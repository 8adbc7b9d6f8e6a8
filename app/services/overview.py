"""The team lead's overview and the review of decisions."""

from __future__ import annotations

from datetime import date

from app.cases.model import new_id, utc_now
from app.errors import ValidationError
from app.i18n import _, ngettext
from app.reporting.overview import CaseFlags, Overview, overview
from app.services.cases import find_case
from app.services.caseteam import check_may_review, open_requests
from app.services.handover import cases_with_vt_feedback
from app.store.audit import AuditAction
from app.store.overview import Review
from app.store.store import Store

MAX_COMMENT = 4000


def team_overview(store: Store, today: date | None = None,
                  worker: str | None = None) -> Overview:
    """Every open case of the team (the lead is on every case), or those
    ``worker`` is casusregisseur of; per worker too (``by_worker``)."""
    sets = store.overview.case_sets()
    flags = CaseFlags(report_confirmed=cases_with_vt_feedback(store),
                      days_to_decision=store.overview.days_to_first_decision(),
                      review_requested=open_requests(store),
                      conflicted=store.ops.conflicted_cases(),
                      leads=store.caseteam.leads(), **sets)
    return overview(store.cases.summaries(), flags, today or date.today(), worker)


def review_decision(store: Store, case_id: str, record_id: str, comment: str) -> Review:
    """A team lead marks a weighing or decision as discussed, with a comment."""
    comment = comment.strip()
    if not comment:
        raise ValidationError(_("Schrijf kort op wat jullie hebben besproken."), field="comment")
    if len(comment) > MAX_COMMENT:
        raise ValidationError(ngettext("De opmerking is te lang (meer dan {n} teken).",
                                       "De opmerking is te lang (meer dan {n} tekens).",
                                       MAX_COMMENT).format(n=MAX_COMMENT), field="comment")
    find_case(store, case_id)
    check_may_review(store, case_id)
    review = Review(new_id(), case_id, record_id, comment, utc_now(), store.worker_id)
    with store.transaction():
        store.overview.add_review(review, store.device_id)
        store.audit.append(AuditAction.CHANGE, "case", case_id, added="review",
                           record=record_id)
    return review


def case_reviews(store: Store, case_id: str) -> list[Review]:
    return store.overview.reviews(case_id)
