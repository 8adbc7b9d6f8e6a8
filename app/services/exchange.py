"""Exchanging operations without a server, and resolving conflicts (issue 19).

``export_ops`` puts the operations a store holds (all, or those after a
cursor) in one document with the public keys of the devices that signed
them; ``import_ops`` checks every signature and applies them all in one
transaction, or nothing. The command line encrypts the document
(``app.commands.ops``). A store only takes operations from a store of its
own kind: real data never mixes with a demo or a training store. The
document's header (store kind, source, cursor, device keys and a digest of
the operations) is signed by the exporting device in a context of its own
(``EXCHANGE_CONTEXT``), so a file whose kind was changed is refused, also by
someone who knows the file's passphrase.

``open_conflicts`` lists what two workers changed without seeing each other;
``resolve_conflict`` settles one field with one of its values or an edited
one, as an operation whose parents are all current heads.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from app.cases.model import PERSON_FIELDS, CaseStatus, Role, utc_now
from app.errors import VeiligwijzerError
from app.forms.handover import ReportKind, detail_label
from app.i18n import N_, _, format_datetime
from app.oplog.operation import canonical_json
from app.security.signing import EXCHANGE_CONTEXT, fingerprint, verify_signature
from app.services import caseteam
from app.services.caseteam import worker_name
from app.services.retention import case_type_label
from app.services.summary import refresh_summary
from app.store.audit import AuditAction
from app.store.oplog import FieldVersion, ImportResult, OpenConflict, import_batch
from app.store.store import Store, StoreKind

FORMAT = "veiligwijzer-operations"
VERSION = 1
MEDIA_TYPE = "application/vnd.veiligwijzer.operations+json"
#: A document larger than this is refused before it is parsed.
MAX_DOCUMENT_BYTES = 512 * 1024 * 1024


class ExchangeError(VeiligwijzerError):
    pass


@dataclass(frozen=True)
class Exported:
    document: bytes
    operations: int
    #: Give this as ``--since`` next time: only what came after.
    cursor: int


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text, validate=True)


def export_ops(store: Store, since: int = 0) -> Exported:
    """Every operation that reached ``store`` after ``since`` (its arrival
    number), with the public keys of the devices that signed them."""
    if since < 0:
        raise ExchangeError(_("De cursor is een getal van 0 of meer."))
    items = list(store.ops.since(since))
    devices = store.ops.devices()
    cursor = items[-1][0] if items else max(since, 0)
    operations = [{"body": _b64(bytes(body)), "signature": _b64(bytes(sig))}
                  for _seq, body, sig in items]
    key = store.signing_key()
    header = {
        "format": FORMAT, "version": VERSION, "store_kind": str(store.kind),
        "source": store.store_id, "since": since, "cursor": cursor,
        "devices": {d: _b64(k) for d, k in sorted(devices.items())},
        "operations_sha256": _digest(operations),
        "signer": {"device": store.device_id, "public_key": _b64(key.public_key)},
    }
    doc = {**header, "operations": operations,
           "signature": _b64(key.sign(EXCHANGE_CONTEXT, canonical_json(header)))}
    with store.transaction():
        # Audited as every export is (export=<name>); an exchange file holds
        # the store's operations, not a case document, so it is no export kind.
        store.audit.append(AuditAction.EXPORT, "operations", store.store_id,
                           export="operations", count=len(items), since=since, cursor=cursor)
    return Exported(json.dumps(doc, separators=(",", ":")).encode("utf-8"), len(items), cursor)


def _digest(operations: list) -> str:
    return hashlib.sha256(canonical_json(operations)).hexdigest()


@dataclass(frozen=True)
class ParsedDocument:
    kind: StoreKind
    source: str
    cursor: int
    devices: dict[str, bytes]
    items: list[tuple[bytes, bytes]]
    #: The device that exported and signed the file, and its public key.
    signer: tuple[str, bytes] = ("", b"")


class UnsignedDocument(ExchangeError):
    def __init__(self) -> None:
        super().__init__(_("Dit bestand met wijzigingen is niet ondertekend, of het is na het "
                           "ondertekenen veranderd. Er is niets ingelezen."))


def read_document(data: bytes) -> ParsedDocument:
    """The document's parts, checked for shape; ``ExchangeError`` otherwise."""
    damaged = ExchangeError(_("Dit bestand is geen bestand met wijzigingen van Veiligwijzer, "
                              "of het is beschadigd."))
    if len(data) > MAX_DOCUMENT_BYTES:
        raise damaged
    try:
        doc = json.loads(data.decode("utf-8"))
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise damaged
        if doc.get("version") != VERSION:
            raise ExchangeError(_("Dit bestand met wijzigingen is van een nieuwere versie van "
                                  "Veiligwijzer."))
        kind = StoreKind(doc["store_kind"])
        source, cursor = doc["source"], doc["cursor"]
        if not isinstance(source, str) or not isinstance(cursor, int):
            raise damaged
        devices = {str(d): _unb64(k) for d, k in dict(doc["devices"]).items()}
        items = [(_unb64(o["body"]), _unb64(o["signature"])) for o in list(doc["operations"])]
        signer = (str(doc["signer"]["device"]), _unb64(doc["signer"]["public_key"]))
        header = {k: v for k, v in doc.items() if k not in ("operations", "signature")}
        signed = verify_signature(signer[1], EXCHANGE_CONTEXT, canonical_json(header),
                                  _unb64(doc["signature"]))
        signed = signed and doc.get("operations_sha256") == _digest(list(doc["operations"]))
        # The signer's key is the one the file gives for its device.
        signed = signed and devices.get(signer[0]) == signer[1]
    except ExchangeError:
        raise
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, binascii.Error,
            RecursionError):
        raise damaged from None
    if not signed:
        raise UnsignedDocument()
    return ParsedDocument(kind, source, cursor, devices, items, signer)


@dataclass(frozen=True)
class Imported:
    result: ImportResult
    #: (device, fingerprint) of every device whose key was seen for the first time.
    new_devices: tuple[tuple[str, str], ...]


def import_ops(store: Store, doc: ParsedDocument) -> Imported:
    """Apply every operation of ``doc`` in one transaction. When one cannot
    be read or its signature does not verify, nothing is applied and
    ``result.refused`` says which and why."""
    if doc.kind is not store.kind:
        raise ExchangeError(_(
            "Deze wijzigingen komen uit een kluis van een andere soort ({theirs}); deze kluis "
            "is {ours}. Echte gegevens en demo- of oefengegevens worden nooit gemengd.").format(
            theirs=doc.kind.label, ours=store.kind.label))
    known = store.ops.devices().get(doc.signer[0])
    if known is not None and known != doc.signer[1]:
        # Signed by a key other than the one this store knows for that device.
        raise UnsignedDocument()
    with store.transaction():
        result = import_batch(store.ops, doc.items, doc.devices,
                              refuse=lambda op: caseteam.refusal(store, op, _actor(store, op)))
        if not result.refused:
            store.ops.move_cursor(doc.source, doc.cursor)
            for case_id in sorted(result.cases):
                if store.cases.get(case_id) is not None:
                    refresh_summary(store, case_id)
            store.audit.append(AuditAction.CHANGE, "operations", doc.source,
                               key="operations_imported", applied=result.applied,
                               already_here=result.already_here,
                               new_devices=len(result.new_devices),
                               not_allowed=len(result.not_allowed))
    return Imported(result, tuple((d, fingerprint(k)) for d, k in result.new_devices))


def _actor(store: Store, op) -> str:
    """The worker whose role a received operation is judged by: in a team,
    the worker its signing device belongs to; else (the trainer's team of
    operation files, no member list) the author the operation names."""
    if store.team.row() is not None:
        member = store.team.keys().ever_member(op.device)
        if member is not None:
            return member.worker
    return op.author


# -- conflicts ---------------------------------------------------------------------


@dataclass(frozen=True)
class ConflictRow:
    """One open conflict for a person to read: the case's reference, what
    is in conflict, and every value with who, where and when."""

    reference: str
    conflict: OpenConflict
    #: Per version what a person reads as its value (a safety plan's
    #: versions by number; otherwise the value itself).
    labels: tuple[str, ...] = ()

    @property
    def versions(self) -> tuple[FieldVersion, ...]:
        return self.conflict.versions

    @property
    def editable(self) -> bool:
        """Whether a typed value can settle it (a text field; not a code such
        as a status or a kind of help)."""
        conflict = self.conflict
        return conflict.kind == "field" and conflict.entity != "safety_plan" \
            and (conflict.entity, conflict.field) not in _CODED \
            and all(isinstance(v.value, str) or v.value is None for v in self.versions)


def _label(store: Store, conflict: OpenConflict, version: FieldVersion) -> str:
    if conflict.entity == "safety_plan":
        number = store.ops.position(str(version.value))
        return _("Versie {n} van het veiligheidsplan").format(n=number)
    value = version.value
    if conflict.field == "case_lead" and isinstance(value, str):
        return worker_name(store, value)
    if value is None or value == "":
        return _("(leeg)")
    if isinstance(value, bool):
        return _("Ja") if value else _("Nee")
    coded = _CODED.get((conflict.entity, conflict.field))
    if coded is not None:
        return coded(value)
    return str(value)


def _coded(kind):
    """The label of a stored code of ``kind`` (the code itself when unknown)."""
    def label(value: Any) -> str:
        try:
            return kind(value).label
        except ValueError:
            return str(value)
    return label


#: Fields whose stored value is a code: shown as its label.
_CODED = {
    ("cases", "status"): _coded(CaseStatus),
    ("cases", "case_type"): lambda value: case_type_label(str(value)),
    ("persons", "role"): _coded(Role),
    ("handover_details", "report_kind"): _coded(ReportKind),
}


def conflict_row(store: Store, conflict: OpenConflict) -> ConflictRow:
    case = store.cases.get(conflict.case_id)
    labels = tuple(_label(store, conflict, v) for v in conflict.versions) \
        if conflict.kind == "field" else ()
    return ConflictRow(case.reference if case else conflict.case_id, conflict, labels)


def open_conflicts(store: Store, case_id: str | None = None) -> list[ConflictRow]:
    return [conflict_row(store, conflict) for conflict in store.ops.conflicts(case_id)]


class ConflictNotFound(ExchangeError):
    def __init__(self) -> None:
        super().__init__(_("Geen open conflict met die versie. Toon ze met "
                           "'veiligwijzer conflicts'."))


_UNSET: Any = object()


def resolve_conflict(store: Store, op_id: str, value: Any = _UNSET) -> None:
    """Settle the field in conflict that version ``op_id`` belongs to: with
    that version's value, or with ``value`` (an edited one). The operation
    names every current head as its parent, so the conflict is gone on every
    store that receives it. A removed person named by a record: ``op_id``
    of the removal keeps them removed."""
    for row in open_conflicts(store):
        conflict = row.conflict
        chosen = next((v for v in conflict.versions if v.op_id == op_id), None)
        if conflict.kind == "removed_named" and op_id == conflict.entity_id:
            settle_removal(store, conflict, keep_removed=True)
            return
        if chosen is None:
            continue
        if value is not _UNSET and not row.editable:
            raise ExchangeError(_("Hier blijft een van de versies; een andere waarde typen "
                                  "kan niet."))
        resolve_field(store, conflict, chosen.value if value is _UNSET else value)
        return
    raise ConflictNotFound()


#: What the screens call the fields of a case that can be in conflict.
CASE_FIELD_LABELS = {
    "reference": N_("Kenmerk"), "household_name": N_("Huishouden"), "status": N_("Status"),
    "case_type": N_("Soort hulp"), "closed_on": N_("Afgesloten op"),
    "case_lead": N_("Casusregisseur"),
}


def field_label(entity: str, name: str) -> str:
    """The Dutch label of a field (its code when it has none)."""
    if entity == "persons":
        for spec in PERSON_FIELDS:
            if spec.name == name:
                return _(spec.label)
    if entity == "cases" and name in CASE_FIELD_LABELS:
        return _(CASE_FIELD_LABELS[name])
    if entity == "safety_plan":
        return _("Veiligheidsplan")
    if entity == "handover_details":
        return detail_label(name)
    return name


def case_conflicts(store: Store, case_id: str) -> dict[tuple[str, str], dict[str, tuple]]:
    """Per thing of the case (entity, id), its fields in conflict with their
    versions: what the case screen marks as ``2 versies``."""
    found: dict[tuple[str, str], dict[str, tuple]] = {}
    for conflict in store.ops.conflicts(case_id):
        if conflict.kind == "field":
            found.setdefault((conflict.entity, conflict.entity_id), {})[conflict.field] = \
                conflict.versions
    return found


def who_and_when(store: Store, version: FieldVersion) -> str:
    """"door jou op dit apparaat, 3 dec. 2026 21:40", or a colleague by the
    name in the team's directory (a short id for one not in it) and another
    device by a short id."""
    author = _("jou") if version.author == store.worker_id else worker_name(
        store, version.author)
    device = _("dit apparaat") if version.device == store.device_id else _(
        "apparaat {id}").format(id=version.device[:8])
    return _("door {author} op {device}, {time}").format(
        author=author, device=device, time=format_datetime(version.at, "short"))


def resolve_field(store: Store, conflict: OpenConflict, value: Any) -> None:
    """Settle a field in conflict with ``value`` (one of its versions' or an
    edited one); the operation's parents are every current head. For a
    safety plan saved twice at once, ``value`` names the version to keep,
    which becomes the newest version again."""
    with store.transaction():
        if conflict.entity == "safety_plan":
            moment = utc_now()
            store.safety.keep_version(conflict.entity_id, str(value), created_at=moment,
                                      author=store.worker_id, device=store.device_id)
            refresh_summary(store, conflict.entity_id)
        else:
            store.ops.set(conflict.entity, conflict.entity_id, {conflict.field: value})
        store.audit.append(AuditAction.CHANGE, conflict.entity, conflict.entity_id,
                           key="conflict_resolved", field=conflict.field)


def settle_removal(store: Store, conflict: OpenConflict, keep_removed: bool) -> None:
    """A removed person named by a change the removal did not see: keep
    them removed (having seen it) or bring them back into the household."""
    with store.transaction():
        if keep_removed:
            store.ops.remove(conflict.entity, conflict.entity_id)
        else:
            store.ops.set(conflict.entity, conflict.entity_id, {"removed": False})
        store.audit.append(AuditAction.CHANGE, conflict.entity, conflict.entity_id,
                           key="conflict_resolved", field="removed", kept=keep_removed)
