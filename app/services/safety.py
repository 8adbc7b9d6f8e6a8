"""Safety-plan use cases (gefaseerd samenwerken aan veiligheid): one function
per thing a worker does with the plan of a case.

Every change runs in one transaction that loads the current version of the
plan and its phase state, applies one rule of ``app.safety``, stores the
result as the next version, recomputes the case-list columns
(``app.services.summary``) and writes one audit entry with ids and codes
only. A case without a plan has an empty plan in phase 1; the phase starts
on the day the first change is saved.

``now`` is the moment of saving (aware, UTC); it defaults to the clock. Its
local date is "today" for the start of phase 1.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from app.cases.model import Case, Provenance, new_id, utc_now
from app.errors import VeiligwijzerError
from app.export.address import Address
from app.export.family_plan import (  # noqa: F401 - NoAgreements: for callers
    NoAgreements,
    check_family_plan,
    family_plan_document,
)
from app.export.kinds import FAMILY_PLAN
from app.export.package import MANIFEST, PackageWriter
from app.i18n import _
from app.output import check_folder_target, prepare_folder
from app.safety import evaluation as evaluation_rules
from app.safety import phases as phase_rules
from app.safety import plan as plan_rules
from app.safety.errors import require_text
from app.safety.evaluation import Evaluation
from app.safety.phases import PhaseState
from app.safety.plan import (
    CasePlan,
    ConditionSource,
    ConditionStatus,
    EmergencyNumbers,
    Goal,
    ItemStatus,
    PlanItem,
    SafetyCondition,
    SupportPerson,
    TensionSignal,
)
from app.safety.profiles import ProfileSelection, select_profiles
from app.safety.scaling import ScaleScore, ScaleView
from app.services import fields
from app.services.cases import CaseNotFound
from app.services.summary import refresh_summary
from app.store.audit import AuditAction
from app.store.oplog import Heads
from app.store.safety import StoredPlan
from app.store.store import Store

Change = Callable[[CasePlan, PhaseState], tuple[CasePlan, PhaseState]]


class NoPlanYet(VeiligwijzerError):
    def __init__(self) -> None:
        super().__init__(_("Deze casus heeft nog geen veiligheidsplan."))


class PlanInConflict(VeiligwijzerError):
    """Two versions of the plan were saved at once: a change now would build
    on one of them and drop the other without anyone choosing."""

    def __init__(self) -> None:
        super().__init__(_("Het veiligheidsplan heeft twee versies die tegelijk zijn "
                           "opgeslagen. Kies eerst welke versie klopt; daarna kun je het "
                           "plan weer aanvullen."))


@dataclass(frozen=True)
class SafetyPlan:
    """The plan of a case as it stands: the plan, its phase state and the
    stored version (0 while nothing is saved, and then ``started`` is false)."""

    case_id: str
    plan: CasePlan
    state: PhaseState
    version: int
    #: The plan's heads as loaded: pass them back as ``seen`` when saving.
    seen: Heads = field(default_factory=dict)

    @property
    def started(self) -> bool:
        return self.version > 0


# -- helpers -----------------------------------------------------------------


def _moment(now: datetime | None) -> datetime:
    moment = now or utc_now()
    if moment.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return moment


def _case(store: Store, case_id: str) -> Case:
    case = store.cases.get(case_id)
    if case is None:
        raise CaseNotFound(case_id)
    return case


def _current(store: Store, case_id: str, today: date) -> SafetyPlan:
    stored = store.safety.latest(case_id)
    heads = fields.seen(store, fields.SAFETY_PLAN, case_id)
    if stored is None:
        return SafetyPlan(case_id, CasePlan(id=new_id(), case_id=case_id),
                          PhaseState.start(today), 0, heads)
    return SafetyPlan(case_id, stored.plan, stored.state, stored.version, heads)


def _change(store: Store, case_id: str, code: str, change: Change, now: datetime | None,
            seen: Heads | None, **detail: str | int | bool | None) -> SafetyPlan:
    """Apply ``change`` to the current plan and phase state and store the
    result as the next version, all in one transaction with one audit entry.

    ``seen``: the plan's heads when the screen loaded it (``SafetyPlan.seen``):
    a version saved elsewhere meanwhile makes the plan a conflict (``2
    versies``) instead of being overwritten; the current heads when None."""
    moment = _moment(now)
    with store.transaction():
        case = _case(store, case_id)
        if fields.in_conflict(store, fields.SAFETY_PLAN, case_id):
            raise PlanInConflict()
        current = _current(store, case_id, moment.astimezone().date())
        plan, state = change(current.plan, current.state)
        version = current.version + 1
        store.safety.append(plan, state, version=version, change=code, created_at=moment,
                            author=store.worker_id, device=store.device_id, seen=seen)
        refresh_summary(store, case_id, moment.astimezone().date())
        store.cases.touch(case_id, Provenance(case.provenance.created_at, moment,
                                              store.worker_id, store.device_id))
        store.audit.append(AuditAction.CHANGE, "case", case_id, kind="safety_plan",
                           change=code, version=version, phase=int(state.phase), **detail)
        heads = fields.seen(store, fields.SAFETY_PLAN, case_id)
    return SafetyPlan(case_id, plan, state, version, heads)


def _plan_only(rule: Callable[[CasePlan], CasePlan]) -> Change:
    return lambda plan, state: (rule(plan), state)


# -- reading -----------------------------------------------------------------------


def load_plan(store: Store, case_id: str, today: date | None = None) -> SafetyPlan:
    """The current plan and phase state. A case without a plan gets an empty
    plan in phase 1 (since ``today``), not yet saved. Not audited on its own:
    opening the case is."""
    _case(store, case_id)
    return _current(store, case_id, today or date.today())


def plan_versions(store: Store, case_id: str) -> list[StoredPlan]:
    """Every saved version of the plan, oldest first, with the change that
    made it, who saved it and when."""
    _case(store, case_id)
    return store.safety.versions(case_id)


# -- the plan's parts ------------------------------------------------------------


def set_biggest_concern(store: Store, case_id: str, text: str,
                        now: datetime | None = None, seen: Heads | None = None) -> SafetyPlan:
    """De grootste zorg op dit moment (why the plan is needed)."""
    concern = require_text(text, "biggest_concern", _("Schrijf op wat nu de grootste zorg is."))
    return _change(store, case_id, "set_biggest_concern",
                   _plan_only(lambda plan: replace(plan, biggest_concern=concern)), now, seen)


def set_arrangements(store: Store, case_id: str, *, overseer: str = "",
                     evaluate_with: str = "", terms: str = "", if_kept: str = "",
                     if_not_kept: str = "", evaluate_on: date | None = None,
                     now: datetime | None = None, seen: Heads | None = None) -> SafetyPlan:
    """Who oversees the plan, with whom and when it is evaluated, its terms
    and what happens when agreements are or are not kept."""

    def rule(plan: CasePlan) -> CasePlan:
        plan = replace(plan, overseer=overseer.strip(), evaluate_with=evaluate_with.strip(),
                       terms=terms.strip(), if_kept=if_kept.strip(),
                       if_not_kept=if_not_kept.strip())
        return plan if evaluate_on is None else plan_rules.plan_evaluation(plan, evaluate_on)

    return _change(store, case_id, "set_arrangements", _plan_only(rule), now, seen)


def add_condition(store: Store, case_id: str, condition: SafetyCondition,
                  now: datetime | None = None, seen: Heads | None = None) -> SafetyPlan:
    """Veiligheidsvoorwaarde toevoegen, e.g. one handed over by Veilig Thuis."""
    return _change(store, case_id, "add_condition",
                   _plan_only(lambda plan: plan_rules.add_condition(plan, condition)), now, seen,
                   condition=condition.id, source=str(condition.source))


def add_conditions(store: Store, case_id: str, conditions: list[SafetyCondition],
                   now: datetime | None = None, seen: Heads | None = None) -> SafetyPlan:
    """The conditions Veilig Thuis handed back, all at once (one version)."""

    def rule(plan: CasePlan) -> CasePlan:
        for condition in conditions:
            plan = plan_rules.add_condition(plan, condition)
        return plan

    return _change(store, case_id, "add_conditions", _plan_only(rule), now, seen,
                   count=len(conditions))


def set_condition_status(store: Store, case_id: str, condition_id: str,
                         status: ConditionStatus, on: date, note: str = "",
                         now: datetime | None = None, seen: Heads | None = None) -> SafetyPlan:
    """Progress on a condition, to report back to Veilig Thuis."""
    return _change(store, case_id, "set_condition_status", _plan_only(
        lambda plan: plan_rules.set_condition_status(plan, condition_id, status, on, note)),
        now, seen, condition=condition_id, status=str(ConditionStatus(status)))


def set_condition_family_words(store: Store, case_id: str, condition_id: str, words: str,
                               now: datetime | None = None,
                               seen: Heads | None = None) -> SafetyPlan:
    """The condition in the family's words, for the family plan. The formal
    text stays as it was set (for Veilig Thuis, and to match handed-back
    conditions). The audit entry says whether there are words, not what."""
    return _change(store, case_id, "set_condition_family_words", _plan_only(
        lambda plan: plan_rules.set_condition_family_words(plan, condition_id, words)),
        now, seen, condition=condition_id, family_words=bool(words.strip()))


def add_item(store: Store, case_id: str, item: PlanItem,
             now: datetime | None = None, seen: Heads | None = None) -> SafetyPlan:
    """Actie of veiligheidsafspraak toevoegen. Recovery work is refused while
    the case is in phase 1."""
    return _change(store, case_id, "add_item",
                   lambda plan, state: (plan_rules.add_item(plan, item, state), state), now, seen,
                   item=item.id, item_phase=int(item.phase))


def update_item(store: Store, case_id: str, item: PlanItem,
                now: datetime | None = None, seen: Heads | None = None) -> SafetyPlan:
    """Change an item (same id)."""
    return _change(store, case_id, "update_item",
                   lambda plan, state: (plan_rules.update_item(plan, item, state), state),
                   now, seen, item=item.id)


def set_item_status(store: Store, case_id: str, item_id: str, status: ItemStatus,
                    now: datetime | None = None, seen: Heads | None = None) -> SafetyPlan:
    return _change(store, case_id, "set_item_status", _plan_only(
        lambda plan: plan_rules.set_item_status(plan, item_id, status)), now, seen,
        item=item_id, status=str(ItemStatus(status)))


def add_goal(store: Store, case_id: str, goal: Goal, now: datetime | None = None,
             seen: Heads | None = None) -> SafetyPlan:
    return _change(store, case_id, "add_goal",
                   lambda plan, state: (plan_rules.add_goal(plan, goal, state), state), now, seen,
                   goal=goal.id, goal_kind=str(goal.kind))


def add_support_person(store: Store, case_id: str, person: SupportPerson,
                       now: datetime | None = None, seen: Heads | None = None) -> SafetyPlan:
    """Iemand uit het netwerk toevoegen."""
    return _change(store, case_id, "add_support_person", _plan_only(
        lambda plan: plan_rules.add_support_person(plan, person)), now, seen, support=person.id)


def add_tension_signal(store: Store, case_id: str, signal: TensionSignal,
                       now: datetime | None = None, seen: Heads | None = None) -> SafetyPlan:
    """A signal of rising tension and what each person then does."""
    return _change(store, case_id, "add_tension_signal", _plan_only(
        lambda plan: plan_rules.add_tension_signal(plan, signal)), now, seen, signal=signal.id)


def add_named_contact(store: Store, case_id: str, name: str, number: str,
                      now: datetime | None = None, seen: Heads | None = None) -> SafetyPlan:
    """A named contact for the emergency part."""
    return _change(store, case_id, "add_named_contact", _plan_only(
        lambda plan: plan_rules.add_named_contact(plan, name, number)), now, seen)


def add_scale_score(store: Store, case_id: str, score: ScaleScore,
                    now: datetime | None = None, seen: Heads | None = None) -> SafetyPlan:
    """Schaalvraag: a score of the worker or the family."""
    return _change(store, case_id, "add_scale_score", _plan_only(
        lambda plan: plan_rules.add_scale_score(plan, score)), now, seen,
        view=str(ScaleView(score.view)))


def set_profiles(store: Store, case_id: str, selection: ProfileSelection,
                 now: datetime | None = None, seen: Heads | None = None) -> SafetyPlan:
    """Gezinsprofielen kiezen (and the dominant one)."""
    checked = select_profiles(selection.profiles, selection.dominant)
    return _change(store, case_id, "set_profiles",
                   _plan_only(lambda plan: replace(plan, profiles=checked)), now, seen,
                   profiles=",".join(sorted(str(p) for p in checked.profiles)))


# -- evaluation and relapse --------------------------------------------------------


def plan_evaluation(store: Store, case_id: str, on: date,
                    now: datetime | None = None, seen: Heads | None = None) -> SafetyPlan:
    """Plan an evaluation date (a deadline on the team lead's overview)."""
    return _change(store, case_id, "plan_evaluation",
                   _plan_only(lambda plan: plan_rules.plan_evaluation(plan, on)), now, seen)


def record_evaluation(store: Store, case_id: str, evaluation: Evaluation,
                      scale_person_id: str | None = None,
                      now: datetime | None = None, seen: Heads | None = None) -> SafetyPlan:
    """Evaluatie vastleggen and apply its decision to the phase (stay, move
    on, or back to phase 1). With ``scale_person_id`` the evaluation's scale
    scores also join that person's scaling history."""

    def rule(plan: CasePlan, state: PhaseState) -> tuple[CasePlan, PhaseState]:
        answered, total = plan_rules.vt_conditions_answered(plan)
        new_state = evaluation_rules.apply_evaluation(state, evaluation, total - answered)
        plan = plan_rules.record_evaluation(plan, evaluation)
        if scale_person_id:
            for view, score in ((ScaleView.WORKER, evaluation.worker_score),
                                (ScaleView.FAMILY, evaluation.family_score)):
                if score is not None:
                    plan = plan_rules.add_scale_score(plan, ScaleScore(
                        scale_person_id, evaluation.held_on, view, score))
        return plan, new_state

    return _change(store, case_id, "record_evaluation", rule, now, seen, evaluation=evaluation.id,
                   decision=str(evaluation.decision),
                   open_conditions=bool(evaluation.open_conditions_reason.strip()))


def record_relapse(store: Store, case_id: str, on: date, reason: str,
                   now: datetime | None = None, seen: Heads | None = None) -> SafetyPlan:
    """Terugval: back to phase 1 in one action, kept in the history with its
    date and reason."""
    return _change(store, case_id, "relapse",
                   lambda plan, state: (plan, phase_rules.relapse(state, on, reason)), now, seen)


# -- the family's version ------------------------------------------------------------


def family_plan_package_name(case: Case, now: datetime | None = None) -> str:
    """No names in the folder name: only the case reference and the time."""
    from app.services.handover import default_package_name

    return default_package_name(case, FAMILY_PLAN.code, now)


def export_family_plan(store: Store, case_id: str, out_dir: Path, passphrase: str | None,
                       numbers: EmergencyNumbers | None = None,
                       today: date | None = None, *, force: bool = False,
                       address: Address = Address.JE, now: datetime | None = None) -> list[Path]:
    """Write the family's safety plan in plain Dutch (eenvoudige taal),
    addressed with "je" or "u" (``address``, the worker's choice), as a
    signed package (the PDF and its manifest, checked by ``verify-package``)
    in a new folder inside ``out_dir`` (made when missing); the PDF encrypted
    with ``passphrase`` (AES-256), or unencrypted when it is ``None`` (the
    caller asked the user explicitly). Returns the PDF and the manifest.
    Audited like every export (``export=family_plan``, the package id); no
    package is left without its audit entry."""
    from app.services.handover import _audit_head, _logged, signed_document

    if passphrase is not None and not passphrase:
        raise VeiligwijzerError(_("Kies een wachtwoord voor het bestand."))
    check_folder_target(Path(out_dir), force=force)
    case = _case(store, case_id)
    stored = store.safety.latest(case_id)
    if stored is None:
        raise NoPlanYet()
    check_family_plan(stored.plan)
    signer = store.signing_key()
    document = replace(family_plan_document(case, stored.plan, stored.state,
                                            numbers or EmergencyNumbers(),
                                            today or date.today(), address),
                       watermark=store.kind.watermark)
    folder = prepare_folder(Path(out_dir), force=force)
    target = _free(folder / family_plan_package_name(case, now))
    part = FAMILY_PLAN.parts[0]
    with PackageWriter(target, FAMILY_PLAN.code, encrypted=passphrase is not None,
                       signer=signer, now=now) as package:
        package.audit_head = _audit_head(store)
        # Imported here: reportlab takes a tenth of a cold start, and the
        # unlock screen does not need it (issue 17).
        from app.export.pdf import write_pdf

        write_pdf(signed_document(document, signer), package.path(part.name), passphrase)
        package.add_file(part.name, part.media_type)
    target = package.target
    _logged(store, target, lambda: store.audit.append(
        AuditAction.EXPORT, "case", case_id, export=FAMILY_PLAN.audit_name,
        package=package.package_id, encrypted=passphrase is not None,
        signer=signer.fingerprint))
    return [target / part.name, target / MANIFEST]


def _free(target: Path) -> Path:
    """``target``, or ``target-2``, ``-3`` … when a package of the same minute is there."""
    candidate, n = target, 2
    while candidate.exists() or candidate.is_symlink():
        candidate, n = target.with_name(f"{target.name}-{n}"), n + 1
    return candidate


def take_over_vt_conditions(store: Store, case_id: str, handed_back,
                            now: datetime | None = None) -> int:
    """Put the conditions Veilig Thuis handed back into the plan: those whose
    text the plan does not hold yet, all in one version. Returns how many."""
    plan = load_plan(store, case_id).plan
    known = {c.text.strip().casefold() for c in plan.conditions}
    new = []
    for condition in handed_back:
        text = condition.text.strip()
        if text and text.casefold() not in known:
            known.add(text.casefold())
            new.append(SafetyCondition(new_id(), text, ConditionSource.VEILIG_THUIS,
                                       condition.received_on))
    if new:
        add_conditions(store, case_id, new, now)
    return len(new)


def relapse_dates(store: Store, case_id: str) -> list[date]:
    """The dates of every relapse to phase 1 (for the monitoring figures)."""
    return [r.on for r in phase_rules.relapses(load_plan(store, case_id).state)]
