"""Handover use cases: the worker's profile as reporter, the handover details of
a case, the export of the handover package for Veilig Thuis and of the
client's own copy (inzage), and the feedback Veilig Thuis gives afterwards.

Every change is one transaction with an audit entry (ids and codes only).
An export is written first and logged after; when the log entry cannot be
written the package is removed again, so every package on disk is in the
audit log (who, when, which case, which sections, signals and parts).
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.cases.model import Case, Person, address_of, new_id, utc_now
from app.errors import ValidationError, VeiligwijzerError
from app.export import kinds as export_kinds
from app.export.address import Address
from app.export.client_copy import (
    ClientCopyInput,
    CopyItem,
    Release,
    ReleaseReason,  # noqa: F401 - for the UI and the CLI
    client_copy_document,
    gezag_applies,
    section_codes,
    signals_about,
)
from app.export.document import Document
from app.export.handover import (
    RESTRICTED_MARKER,
    SECTION_CODES,
    HandoverInput,
    concerned_ids,
    handover_document,
    handover_json,
)
from app.export.package import (
    MEDIA_ENCRYPTED_JSON,
    MEDIA_JSON,
    MEDIA_PDF,
    PackageWriter,
    encrypt_part,
    signer_fields,
    signer_section,
)
from app.forms.handover import (
    HandedBackCondition,
    HandoverDetails,
    ReportKind,
    VtFeedback,
    WorkerProfile,
    already_recorded,
    validate_handover_details,
    validate_vt_feedback,
    validate_worker_profile,
)
from app.forms.handover import conditions_from_feedback as _conditions
from app.forms.variants import VariantInfo
from app.i18n import _, ngettext
from app.meldcode.progress import MeldcodeRecords
from app.output import shown
from app.safety.plan import CasePlan, safety_agreements
from app.security.passphrase import MIN_LENGTH, assess
from app.security.signing import SigningKey
from app.services.cases import CaseNotFound
from app.services.meldcode import load_records
from app.store.audit import AuditAction
from app.store.oplog import Heads
from app.store.records import UnknownCase
from app.store.store import Store, StoreKind

HANDOVER_PDF = export_kinds.HANDOVER.parts[0].name
HANDOVER_JSON = export_kinds.HANDOVER.parts[1].name
HANDOVER_JSON_ENCRYPTED = export_kinds.HANDOVER.parts[1].encrypted_name
CLIENT_COPY_PDF = export_kinds.CLIENT_COPY.parts[0].name


class ReporterMissing(ValidationError):
    def __init__(self) -> None:
        super().__init__(_("Vul eerst je gegevens als melder in: naam, organisatie en een "
                           "telefoonnummer of e-mailadres. Veilig Thuis heeft die nodig."),
                         field="worker_profile")


class WeakExportPassphrase(ValidationError):
    def __init__(self) -> None:
        super().__init__(ngettext(
            "Kies voor de export een wachtwoord van minstens {n} teken dat niet makkelijk te "
            "raden is.",
            "Kies voor de export een wachtwoord van minstens {n} tekens dat niet makkelijk te "
            "raden is.", MIN_LENGTH).format(n=MIN_LENGTH), field="passphrase")


class PersonNotFound(VeiligwijzerError):
    def __init__(self, what: str) -> None:
        super().__init__(_("Er is geen betrokkene ‘{what}’ bij deze casus.").format(
            what=shown(what)))


class PersonAmbiguous(VeiligwijzerError):
    def __init__(self, what: str) -> None:
        super().__init__(_("Er zijn meer betrokkenen met de naam ‘{what}’. Gebruik het id."
                           ).format(what=shown(what)))


def _case(store: Store, case_id: str) -> Case:
    case = store.cases.get(case_id)
    if case is None:
        raise CaseNotFound(case_id)
    return case


def _moment(now: datetime | None) -> datetime:
    moment = now or utc_now()
    if moment.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return moment


def watermark_for(kind: StoreKind) -> str:
    return kind.watermark


# -- the worker's profile -----------------------------------------------------------


def get_worker_profile(store: Store) -> WorkerProfile | None:
    return store.handover.worker_profile()


def set_worker_profile(store: Store, profile: WorkerProfile, now: datetime | None = None
                       ) -> None:
    """Store the worker's profile as reporter (one per store)."""
    validate_worker_profile(profile)
    moment = _moment(now)
    with store.transaction():
        store.handover.set_worker_profile(profile, now=moment, author=store.worker_id,
                                        device=store.device_id)
        store.audit.append(AuditAction.CHANGE, "worker_profile", store.worker_id)


# -- handover details ------------------------------------------------------------------


def get_handover_details(store: Store, case_id: str) -> HandoverDetails:
    """The handover details of a case; empty details when none were saved yet."""
    _case(store, case_id)
    return store.handover.details(case_id) or HandoverDetails()


def set_handover_details(store: Store, case_id: str, details: HandoverDetails,
                         now: datetime | None = None, seen: Heads | None = None) -> None:
    """``seen``: the heads when the form opened (``fields.seen``), so a value
    that arrived meanwhile becomes a conflict; the current ones when None."""
    validate_handover_details(details)
    moment = _moment(now)
    with store.transaction():
        case = _case(store, case_id)
        store.handover.set_details(case_id, details, now=moment, author=store.worker_id,
                                   device=store.device_id, seen=seen)
        store.cases.touch(case_id, case.provenance.touched(store.worker_id, store.device_id))
        store.audit.append(AuditAction.CHANGE, "case", case_id, changed="handover_details",
                           report_kind=None if details.report_kind is None
                           else str(details.report_kind))


def details_already_recorded(store: Store, case_id: str) -> frozenset[str]:
    """The handover details the records of the case already answer (see
    ``already_recorded``): "Gegevens aanvullen" does not ask them again."""
    _case(store, case_id)
    decision = load_records(store, case_id).latest_decision
    plan, _since = _plan_with_dates(store, case_id)
    return already_recorded(
        decided_to_report=decision is not None and decision.is_report,
        plan_has_network=plan is not None and bool(plan.network),
        plan_has_agreements=plan is not None and bool(safety_agreements(plan)))


# -- feedback of Veilig Thuis ---------------------------------------------------------------


def record_vt_feedback(store: Store, case_id: str, feedback: VtFeedback,
                       now: datetime | None = None) -> None:
    """Terugkoppeling van Veilig Thuis vastleggen."""
    moment = _moment(now)
    validate_vt_feedback(feedback, moment.astimezone().date())
    repo = store.handover
    with store.transaction():
        case = _case(store, case_id)
        if repo.feedback_exists(feedback.id):
            raise ValidationError(_("Deze terugkoppeling is al vastgelegd."))
        try:
            repo.add_feedback(case_id, feedback, now=moment, author=store.worker_id,
                              device=store.device_id)
        except UnknownCase:
            raise CaseNotFound(case_id) from None
        store.cases.touch(case_id, case.provenance.touched(store.worker_id, store.device_id))
        store.audit.append(AuditAction.CHANGE, "case", case_id, added="vt_feedback",
                           feedback=feedback.id, kind=str(feedback.kind),
                           route=None if feedback.route is None else str(feedback.route))


def vt_feedback(store: Store, case_id: str) -> list[VtFeedback]:
    """Every feedback record of a case, oldest first."""
    _case(store, case_id)
    return store.handover.feedback(case_id)


def cases_with_vt_feedback(store: Store) -> frozenset[str]:
    """Cases where Veilig Thuis has sent anything back (at least a receipt)."""
    return store.handover.cases_with_feedback()


def conditions_from_feedback(store: Store, case_id: str) -> tuple[HandedBackCondition, ...]:
    """The safety conditions Veilig Thuis handed back for a case, one per
    condition, oldest feedback first: for the safety plan."""
    return _conditions(vt_feedback(store, case_id))


# -- building ------------------------------------------------------------------------------


def resolve_report_kind(details: HandoverDetails, records: MeldcodeRecords,
                        chosen: ReportKind | None = None) -> ReportKind:
    """The worker's choice now, else the saved choice, else what the decision says."""
    if chosen is not None:
        return chosen
    if details.report_kind is not None:
        return details.report_kind
    decision = records.latest_decision
    return ReportKind.REPORT if decision is not None and decision.is_report else ReportKind.ADVICE


def _plan_with_dates(store: Store, case_id: str) -> tuple[CasePlan | None, dict[str, date]]:
    """The current safety plan (``None`` when none was started) and, per
    plan item, the day of the first version that held it ("sinds")."""
    versions = store.safety.versions(case_id)
    if not versions:
        return None, {}
    since: dict[str, date] = {}
    for stored in versions:
        for item in stored.plan.items:
            since.setdefault(item.id, stored.created_at.astimezone().date())
    return versions[-1].plan, since


def handover_input(store: Store, case_id: str, report_kind: ReportKind | None = None,
                   now: datetime | None = None, package_id: str = "",
                   variant: VariantInfo | None = None) -> HandoverInput:
    case = _case(store, case_id)
    records = load_records(store, case_id)
    details = store.handover.details(case_id) or HandoverDetails()
    plan, since = _plan_with_dates(store, case_id)
    return HandoverInput(
        case=case, records=records, profile=store.handover.worker_profile(), details=details,
        report_kind=resolve_report_kind(details, records, report_kind),
        generated_at=_moment(now), store_kind=str(store.kind),
        watermark=watermark_for(store.kind), package_id=package_id or new_id(),
        plan=plan, agreed_on=since, form_variant=variant)


@dataclass(frozen=True)
class HandoverBuild:
    """The handover as a document (for the PDF and the preview), as JSON (for
    systems), and what the worker should check before writing it."""

    document: Document
    data: dict[str, Any]
    warnings: tuple[str, ...]
    input: HandoverInput

    def __iter__(self):  # document, data = build_handover(...)
        return iter((self.document, self.data))


def handover_warnings(data: HandoverInput) -> tuple[str, ...]:
    found = []
    if data.profile is None or _profile_incomplete(data.profile):
        found.append(ReporterMissing().message)
    if not data.records.signals:
        found.append(_("Er zijn nog geen signalen vastgelegd."))
    if data.report_kind is ReportKind.ADVICE:
        found.append(_("Adviesvraag: de namen zijn weggelaten. Kijk of de vrije tekst (feiten, "
                       "gesprekken) ook geen namen of adressen bevat."))
    else:
        if data.records.latest_decision is None:
            found.append(_("Er is nog geen besluit om te melden vastgelegd (stap 5)."))
        if not data.details.reporter_relation.strip():
            found.append(_("Veilig Thuis vraagt je relatie tot het gezin. Vul die in bij "
                           "‘Gegevens aanvullen’."))
        unknown = sum(1 for p in data.case.people
                      if not any(address_of(p, data.case.people)))
        if unknown:
            found.append(ngettext(
                "Van {n} betrokkene is het adres niet bekend. Vul het in bij het huishouden.",
                "Van {n} betrokkenen is het adres niet bekend. Vul het in bij het huishouden.",
                unknown).format(n=unknown))
    return tuple(found)


def build_handover(store: Store, case_id: str, report_kind: ReportKind | None = None,
                   now: datetime | None = None,
                   variant: VariantInfo | None = None) -> HandoverBuild:
    """The handover of a case, to preview or to write; ``variant`` names the
    region's form variant in use (``app.services.variants``)."""
    data = handover_input(store, case_id, report_kind, now, variant=variant)
    warnings = (*conflict_warnings(store, case_id), *handover_warnings(data))
    return HandoverBuild(handover_document(data), handover_json(data), warnings, data)


def conflict_warnings(store: Store, case_id: str) -> tuple[str, ...]:
    """A field with two versions (two devices changed it without seeing each
    other) reaches Veilig Thuis as one of them: the worker chooses first."""
    count = len(store.ops.conflicts(case_id))
    if not count:
        return ()
    return (ngettext(
        "Eén gegeven heeft twee of meer versies. Veilig Thuis krijgt er nu één van. "
        "Kies eerst bij het gegeven welke versie klopt.",
        "{n} gegevens hebben twee of meer versies. Veilig Thuis krijgt van elk nu één "
        "versie. Kies eerst bij elk gegeven welke versie klopt.",
        count).format(n=count),)


def find_person(store: Store, case_id: str, name_or_id: str) -> Person:
    """A person of the case by id, or by name (case and accents as typed, any case)."""
    case = _case(store, case_id)
    for person in case.people:
        if person.id == name_or_id.strip():
            return person

    def norm(text: str) -> str:
        return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()

    matches = [p for p in case.people if norm(p.name) == norm(name_or_id)]
    if not matches:
        raise PersonNotFound(name_or_id)
    if len(matches) > 1:
        raise PersonAmbiguous(name_or_id)
    return matches[0]


def client_copy_input(store: Store, case_id: str, person_id: str,
                      now: datetime | None = None,
                      releases: tuple[Release, ...] = ()) -> ClientCopyInput:
    """What a client copy is made of; ``releases`` are the items that also
    concern others which the worker puts in on purpose (checked here)."""
    from app.services.safety import load_plan

    case = _case(store, case_id)
    if person_id not in {p.id for p in case.people}:
        raise PersonNotFound(person_id)
    data = ClientCopyInput(
        case=case, person_id=person_id, records=load_records(store, case_id),
        details=store.handover.details(case_id) or HandoverDetails(),
        profile=store.handover.worker_profile(), generated_at=_moment(now),
        watermark=watermark_for(store.kind), releases=tuple(releases),
        plan_items=load_plan(store, case_id).plan.items)
    data.check_releases()
    return data


@dataclass(frozen=True)
class WithheldItem:
    """An item of a client copy that also concerns others, for the export
    dialog: who else it concerns (names: the worker's screen only) and
    whether a parent with gezag may have a right to it."""

    item: CopyItem
    others: tuple[str, ...]
    gezag: bool


def withheld_items(store: Store, case_id: str, person_id: str,
                   now: datetime | None = None) -> list[WithheldItem]:
    """The items withheld from the person's copy unless released, oldest first."""
    data = client_copy_input(store, case_id, person_id, now)
    today = data.generated_at.astimezone().date()
    names = {p.id: p.name for p in data.case.people}
    return [WithheldItem(item, tuple(sorted(names[i] for i in item.others(person_id))),
                         gezag_applies(item, data.person, data.case.people, today))
            for item in sorted(data.withheld_by_default(), key=lambda i: (i.day, i.id))]


def build_client_copy(store: Store, case_id: str, person_id: str,
                      now: datetime | None = None,
                      releases: tuple[Release, ...] = (),
                      address: Address = Address.JE) -> Document:
    return client_copy_document(client_copy_input(store, case_id, person_id, now, releases),
                                address)


# -- exporting --------------------------------------------------------------------------------


def check_export_passphrase(passphrase: str | None) -> None:
    """``None`` means unencrypted (the caller asked the worker explicitly)."""
    if passphrase is not None and not assess(passphrase).acceptable:
        raise WeakExportPassphrase()


def default_package_name(case: Case, kind: str, now: datetime | None = None) -> str:
    """A folder name for a package: ``overdracht-VW-2611-K7QD-20260310-1405``."""
    stamp = _moment(now).astimezone().strftime("%Y%m%d-%H%M")
    return export_kinds.BY_CODE[kind].folder_name(case.reference, stamp)


def signed_document(document: Document, signer: SigningKey) -> Document:
    """A package's PDF ends with the fingerprint of the key that signs the package."""
    return replace(document, sections=document.sections + (signer_section(signer.fingerprint),))


def _logged(store: Store, target: Path, log: Callable[[], None]) -> None:
    """Write the audit entry of an export just written; without it, no package."""
    try:
        with store.transaction():
            log()
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise


def export_handover(store: Store, case_id: str, out_dir: Path, passphrase: str | None,
                    *, report_kind: ReportKind | None = None,
                    now: datetime | None = None, force: bool = False,
                    variant: VariantInfo | None = None) -> Path:
    """Write the handover package into ``out_dir`` (a new or empty folder) and
    log it. ``passphrase=None`` writes it unencrypted: only after the worker
    chose that explicitly. Returns the package folder."""
    check_export_passphrase(passphrase)
    moment = _moment(now)
    data = handover_input(store, case_id, report_kind, moment, variant=variant)
    if data.profile is None or _profile_incomplete(data.profile):
        raise ReporterMissing()
    signer = store.signing_key()
    document = signed_document(handover_document(data), signer)
    json_data = {**handover_json(data), "signer": signer_fields(signer)}
    json_bytes = (json.dumps(json_data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    target = Path(out_dir)
    with PackageWriter(target, export_kinds.HANDOVER.code, encrypted=passphrase is not None,
                       now=moment, package_id=data.package_id, signer=signer,
                       force=force) as package:
        package.audit_head = _audit_head(store)
        if passphrase is None:
            package.add_bytes(HANDOVER_JSON, json_bytes, MEDIA_JSON)
        else:
            package.add_bytes(HANDOVER_JSON_ENCRYPTED,
                              encrypt_part(json_bytes, passphrase, signer=signer.fingerprint),
                              MEDIA_ENCRYPTED_JSON)
        # Imported here: reportlab takes a tenth of a cold start (issue 17).
        from app.export import pdf

        pdf.write_pdf(document, package.path(HANDOVER_PDF), passphrase, _(RESTRICTED_MARKER))
        package.add_file(HANDOVER_PDF, MEDIA_PDF)
    parts = ",".join(p.name for p in package.parts)
    target = package.target
    _logged(store, target, lambda: store.audit.append(
        AuditAction.EXPORT, "case", case_id, export=export_kinds.HANDOVER.audit_name,
        package=data.package_id,
        report_kind=str(data.report_kind), encrypted=passphrase is not None,
        sections=",".join(SECTION_CODES),
        signals=",".join(h.id for h in data.records.signals),
        people=",".join(p.id for p in data.case.people if p.id in concerned_ids(data.records)),
        parts=parts, signer=signer.fingerprint))
    return target


def _audit_head(store: Store) -> dict | None:
    """The audit chain's head for the manifest: one more place outside the
    store that a shortened chain can be compared with."""
    head = store.audit.head()
    return None if head is None else head.to_json()


def _profile_incomplete(profile: WorkerProfile) -> bool:
    try:
        validate_worker_profile(profile)
    except ValidationError:
        return True
    return False


def export_client_copy(store: Store, case_id: str, person_id: str, out_dir: Path,
                       passphrase: str | None, now: datetime | None = None,
                       releases: tuple[Release, ...] = (), force: bool = False,
                       address: Address = Address.JE) -> Path:
    """Write the client's own copy (inzage) of one person, addressed with
    "je" or "u" (``address``, the worker's choice), as a package into
    ``out_dir`` (a new or empty folder) and log it: the sections, the shown
    signals, and each released item with its reason and the copy (package
    id); ids and codes only, no names or free text."""
    check_export_passphrase(passphrase)
    moment = _moment(now)
    data = client_copy_input(store, case_id, person_id, moment, releases)
    signer = store.signing_key()
    document = signed_document(client_copy_document(data, address), signer)
    target = Path(out_dir)
    with PackageWriter(target, export_kinds.CLIENT_COPY.code, encrypted=passphrase is not None,
                       now=moment, signer=signer, force=force) as package:
        package.audit_head = _audit_head(store)
        # Imported here: reportlab takes a tenth of a cold start (issue 17).
        from app.export import pdf

        pdf.write_pdf(document, package.path(CLIENT_COPY_PDF), passphrase)
        package.add_file(CLIENT_COPY_PDF, MEDIA_PDF)
    target = package.target
    _logged(store, target, lambda: store.audit.append(
        AuditAction.EXPORT, "case", case_id, export=export_kinds.CLIENT_COPY.audit_name,
        package=package.package_id, person=person_id, encrypted=passphrase is not None,
        sections=",".join(section_codes(data)),
        signals=",".join(h.id for h in signals_about(data.records, person_id)
                         if h.id in data.shown_ids()),
        released=",".join(f"{r.item_id}:{r.reason}" for r in data.releases),
        withheld=",".join(i.id for i in data.withheld()),
        parts=CLIENT_COPY_PDF, signer=signer.fingerprint, address=str(address)))
    return target
