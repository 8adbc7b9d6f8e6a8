"""What an open case shows, read in one go.

The screens ask for these off the UI thread (``app.ui.tasks``): reading and
decoding a case of 200 signals takes longer than a frame. Each read loads the
case's records once and works out progress and deadlines from that one
load, where the screens used to load them once per figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.cases.model import Case
from app.meldcode import MeldcodeProgress, MeldcodeRecords, meldcode_progress
from app.meldcode.deadlines import Deadline, deadlines_for
from app.services import cases as case_service
from app.services import caseteam as caseteam_service
from app.services import meldcode as meldcode_service
from app.services import overview as overview_service
from app.services import safety as safety_service
from app.store.store import Store


@dataclass(frozen=True)
class MeldcodeScreen:
    """The meldcode part of an open case: records, where the case stands,
    its deadlines (earliest first), the team lead's reviews and how many
    meldcode drafts wait."""

    records: MeldcodeRecords
    progress: MeldcodeProgress
    deadlines: tuple[Deadline, ...]
    reviews: tuple
    drafts: int


@dataclass(frozen=True)
class CaseScreen:
    case: Case
    meldcode: MeldcodeScreen
    plan: safety_service.SafetyPlan
    #: Who is on the case (issue 21).
    team: caseteam_service.CaseTeam | None = None


def meldcode_screen(store: Store, case_id: str) -> MeldcodeScreen:
    records = meldcode_service.load_records(store, case_id)
    return MeldcodeScreen(records, meldcode_progress(records), deadlines_for(records),
                          tuple(overview_service.case_reviews(store, case_id)),
                          len(meldcode_service.meldcode_drafts(store, case_id)))


def open_case_screen(store: Store, id_or_reference: str) -> CaseScreen:
    """Open a case to show it (the view is logged, as ``open_case``), with
    everything its meldcode and safety plan show."""
    case = case_service.open_case(store, id_or_reference)
    return CaseScreen(case, meldcode_screen(store, case.id),
                      safety_service.load_plan(store, case.id),
                      caseteam_service.case_team(store, case.id))
