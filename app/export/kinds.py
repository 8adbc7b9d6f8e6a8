"""Every kind of export, declared once (exportsoorten).

Each :class:`ExportKind` says what the kind is called where: its ``code``
(the manifest's ``kind``, and the audit's ``export=`` value, one name for
both), its name on the command line (``export --kind``), the document
builder that makes its PDF, its parts (file names and media types), the
manifest schema it is checked against and the schemas of its JSON part by
version. The command line, the dialogs, the package checker
(``app.export.package``), the manifest schema (a test holds it to this list)
and the audit all read it, so a kind cannot be spelled two ways.

Every kind that leaves the store as files for a person is a signed package
(a folder with a manifest that ``verify-package`` checks); the monitoring
figures are a CSV without names (``veiligwijzer report``) and are listed for
their audit name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.i18n import N_

MEDIA_PDF = "application/pdf"
MEDIA_JSON = "application/json"
MEDIA_ENCRYPTED_JSON = "application/vnd.veiligwijzer.encrypted+json"
MEDIA_CSV = "text/csv"
#: The manifest schema each package version is written and read with.
MANIFEST_SCHEMAS = {1: "manifest-1.schema.json", 2: "manifest-2.schema.json"}


@dataclass(frozen=True)
class Part:
    """A file of a package; ``encrypted_name`` replaces ``name`` when the
    worker chose a passphrase and the part is not a PDF (PDFs encrypt
    themselves)."""

    name: str
    media_type: str
    encrypted_name: str = ""
    encrypted_media_type: str = ""


@dataclass(frozen=True)
class ExportKind:
    code: str
    cli_name: str | None
    label: str  # Dutch, marked with N_
    document: str  # the document builder, "module:function" in app.export
    parts: tuple[Part, ...]
    folder_prefix: str  # the package folder: <prefix>-<case reference>-<time>
    package: bool = True
    json_schemas: tuple[tuple[int, str], ...] = ()

    @property
    def audit_name(self) -> str:
        """The audit log's ``export=`` value: the code, one name everywhere."""
        return self.code

    def builder(self) -> Callable[..., Any]:
        """The function in ``app.export`` that builds this kind's document."""
        # Imported here: those modules build on this one (package kinds).
        from app.export import client_copy, family_plan, handover, monitoring

        modules = {"handover": handover, "client_copy": client_copy,
                   "family_plan": family_plan, "monitoring": monitoring}
        module, _sep, name = self.document.partition(":")
        return getattr(modules[module], name)

    def folder_name(self, reference: str, stamp: str) -> str:
        """The package folder: ``overdracht-VW-2611-K7QD-20260310-1405``; no names."""
        return f"{self.folder_prefix}-{reference}-{stamp}"

    def part(self, name: str) -> Part:
        return next(p for p in self.parts if name in (p.name, p.encrypted_name))


HANDOVER = ExportKind(
    "handover", "handover", N_("Melding of adviesvraag aan Veilig Thuis"),
    "handover:handover_document",
    (Part("overdracht.pdf", MEDIA_PDF),
     Part("overdracht.json", MEDIA_JSON, "overdracht.json.enc", MEDIA_ENCRYPTED_JSON)),
    "overdracht",
    json_schemas=((1, "handover-1.schema.json"), (2, "handover-2.schema.json"),
                  (3, "handover-3.schema.json")))
CLIENT_COPY = ExportKind(
    "client_copy", "client", N_("Inzage voor de cliënt"), "client_copy:client_copy_document",
    (Part("inzage.pdf", MEDIA_PDF),), "inzage")
FAMILY_PLAN = ExportKind(
    "family_plan", "family-plan", N_("Veiligheidsplan voor het gezin"),
    "family_plan:family_plan_document", (Part("veiligheidsplan.pdf", MEDIA_PDF),),
    "veiligheidsplan")
MONITORING = ExportKind(
    "monitoring", None, N_("Monitoringcijfers"), "monitoring:monitoring_csv",
    (Part("cijfers.csv", MEDIA_CSV),), "cijfers", package=False)

EXPORT_KINDS: tuple[ExportKind, ...] = (HANDOVER, CLIENT_COPY, FAMILY_PLAN, MONITORING)
PACKAGE_KINDS: tuple[ExportKind, ...] = tuple(k for k in EXPORT_KINDS if k.package)
BY_CODE = {k.code: k for k in EXPORT_KINDS}
BY_CLI_NAME = {k.cli_name: k for k in EXPORT_KINDS if k.cli_name}


def json_schemas() -> dict[str, dict[int, str]]:
    """Per package kind with a JSON part, its schema file by ``schema_version``."""
    return {k.code: dict(k.json_schemas) for k in PACKAGE_KINDS if k.json_schemas}


__all__ = ["BY_CLI_NAME", "BY_CODE", "CLIENT_COPY", "EXPORT_KINDS", "FAMILY_PLAN", "HANDOVER",
           "MANIFEST_SCHEMAS", "MONITORING", "PACKAGE_KINDS", "ExportKind", "Part",
           "json_schemas"]
