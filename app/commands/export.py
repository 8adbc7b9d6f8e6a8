"""``veiligwijzer export`` and ``veiligwijzer verify-package``.

``export --store S --case REF --out DIR [--kind handover|client|family-plan]
[--person NAME-OR-ID] [--address je|u] [--unencrypted]`` writes a package into DIR, which
must not exist yet or be empty (the folder *is* the package; see
``app.export.package``). The PDF passphrase comes from
``VEILIGWIJZER_EXPORT_PASSPHRASE`` in scripts, else from a prompt (twice).
``--unencrypted`` writes without encryption, with a warning. ``--address``
chooses "je" (default) or "u" for the documents the family reads (client
and family-plan); the handover to Veilig Thuis addresses no one.
``--variant NAME-OR-FILE`` names the region's form variant the handover
shows (with its Veilig Thuis region); without it, the one chosen in the
settings (``app.services.variants``).

``verify-package DIR [--expect FINGERPRINT]`` checks a package folder: the
signature of its manifest, and every part against the manifest; it prints
the signer's fingerprint and exits non-zero on a bad signature, any missing,
changed or extra part, or another signer than ``--expect`` names. A package
from before signing is reported as not signed (older version); with
``--expect`` it fails.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.commands import add_force, open_store
from app.errors import VeiligwijzerError
from app.export.kinds import (
    BY_CLI_NAME,
    BY_CODE,
    CLIENT_COPY,
    EXPORT_KINDS,
    FAMILY_PLAN,
    HANDOVER,
)
from app.i18n import _
from app.output import check_folder_target, shown
from app.security.signing import normalise_fingerprint

EXPORT_PASSPHRASE_ENV = "VEILIGWIJZER_EXPORT_PASSPHRASE"
#: ``--kind``: the command-line names of the export kinds (``app.export.kinds``).
KINDS = tuple(BY_CLI_NAME)


class ExportCommandError(VeiligwijzerError):
    pass


def export_passphrase(unencrypted: bool) -> str | None:
    """The passphrase for the exported files; ``None`` for ``--unencrypted``."""
    if unencrypted:
        print(_("Let op: het pakket wordt NIET versleuteld. Iedereen die de bestanden "
                "krijgt, kan ze lezen. Bewaar en verstuur ze alleen veilig."), file=sys.stderr)
        return None
    value = os.environ.get(EXPORT_PASSPHRASE_ENV)
    if value:
        return value
    if not sys.stdin.isatty():
        raise ExportCommandError(_(
            "Geen wachtwoord voor de export: start vanaf een terminal, zet {env}, of kies "
            "bewust --unencrypted.").format(env=EXPORT_PASSPHRASE_ENV))
    first = getpass.getpass(_("Wachtwoord voor de export: "))
    if getpass.getpass(_("Herhaal het wachtwoord: ")) != first:
        raise ExportCommandError(_("De twee wachtwoorden zijn niet gelijk."))
    return first


@dataclass(frozen=True)
class _Runner:
    """How the command line writes one export kind: the options it takes
    beyond the common ones, and the function that writes it."""

    options: frozenset[str]
    run: Callable[[argparse.Namespace, Any, Any], list[str]]


def _option_given(args: argparse.Namespace, option: str) -> bool:
    value = getattr(args, option)
    return bool(value) if isinstance(value, list) else value is not None


def cmd_export(args: argparse.Namespace) -> int:
    from app.services.cases import find_case

    kind = BY_CLI_NAME[args.kind]
    runner = _RUNNERS[kind.code]
    for option in sorted(_KIND_OPTIONS - runner.options):
        if _option_given(args, option):
            takers = [k.cli_name for k in EXPORT_KINDS
                      if k.code in _RUNNERS and option in _RUNNERS[k.code].options]
            raise ExportCommandError(_("--{option} hoort alleen bij --kind {kinds}.").format(
                option=option, kinds=" / ".join(takers)))
    if kind is CLIENT_COPY and not args.person:
        raise ExportCommandError(_("Voor --kind client is --person nodig (naam of id)."))
    prepared = _prepare(args, kind)
    check_folder_target(args.out, force=args.force)  # before any passphrase is asked
    with open_store(args.store) as store:
        case = find_case(store, args.case)
        lines = runner.run(args, store, (case, prepared))
    for line in lines:
        print(line)
    return 0


def _prepare(args: argparse.Namespace, kind) -> Any:
    """What is checked before the store opens: the variant, the releases."""
    if kind is HANDOVER:
        return _variant(args.variant)
    if kind is CLIENT_COPY:
        return _releases(args.release)
    return None


def _package_lines(target: Path, fingerprint: str) -> list[str]:
    lines = [_("Pakket geschreven: {path}").format(path=target)]
    lines += [f"  {entry.name}" for entry in sorted(target.iterdir())]
    lines.append(_("Ondertekend met de apparaatsleutel, vingerafdruk {fingerprint}").format(
        fingerprint=fingerprint))
    return lines


def _export_handover(args: argparse.Namespace, store, prepared) -> list[str]:
    from app.services import handover

    case, variant = prepared
    passphrase = export_passphrase(args.unencrypted)
    target = handover.export_handover(store, case.id, args.out, passphrase, force=args.force,
                                      variant=variant)
    return _package_lines(target, store.signing_key().fingerprint)


def _export_client_copy(args: argparse.Namespace, store, prepared) -> list[str]:
    from app.export.address import Address
    from app.services import handover

    case, releases = prepared
    person = handover.find_person(store, case.id, args.person)
    passphrase = export_passphrase(args.unencrypted)
    target = handover.export_client_copy(store, case.id, person.id, args.out, passphrase,
                                         releases=releases, force=args.force,
                                         address=Address(args.address or Address.JE))
    lines = _package_lines(target, store.signing_key().fingerprint)
    withheld = handover.client_copy_input(store, case.id, person.id,
                                          releases=releases).withheld()
    if withheld:
        lines.append(_("Achtergehouden omdat het ook over anderen gaat (vrijgeven met "
                       "--release ID:REDEN):"))
        lines += [f"  {item.id}\t{item.kind}\t{item.day.isoformat()}" for item in withheld]
    return lines


def _export_family_plan(args: argparse.Namespace, store, prepared) -> list[str]:
    from app.export.address import Address
    from app.services.safety import export_family_plan

    case, _nothing = prepared
    passphrase = export_passphrase(args.unencrypted)
    paths = export_family_plan(store, case.id, args.out, passphrase, force=args.force,
                               address=Address(args.address or Address.JE))
    return [str(path) for path in paths] + _package_lines(
        paths[0].parent, store.signing_key().fingerprint)[-1:]


#: The options only some kinds take (``--person`` …), by their ``args`` name.
_KIND_OPTIONS = frozenset({"person", "release", "address", "variant"})
#: Per export kind with a command-line name (``app.export.kinds``), how it is written.
_RUNNERS: dict[str, _Runner] = {
    HANDOVER.code: _Runner(frozenset({"variant"}), _export_handover),
    CLIENT_COPY.code: _Runner(frozenset({"person", "release", "address"}), _export_client_copy),
    FAMILY_PLAN.code: _Runner(frozenset({"address"}), _export_family_plan),
}
if set(_RUNNERS) != {k.code for k in EXPORT_KINDS if k.cli_name}:
    raise RuntimeError("every export kind with a command-line name needs a runner")


def _variant(name: str | None):
    """The variant the handover names: ``--variant``, else the settings' choice."""
    from app.services import variants

    chosen = variants.find_variant(name) if name else variants.active_variant()
    return None if chosen is None else chosen.info


def _releases(values: list[str]) -> tuple:
    """``ID:REASON`` pairs from ``--release``; the reason is a code of the list."""
    from app.services.handover import Release, ReleaseReason

    out = []
    for value in values:
        item_id, _sep, reason = value.partition(":")
        if reason not in {r.value for r in ReleaseReason}:
            raise ExportCommandError(_("Geef bij --release een id en een reden: ID:REDEN, met "
                                       "als reden een van: {reasons}.").format(
                reasons=", ".join(r.value for r in ReleaseReason)))
        out.append(Release(item_id.strip(), ReleaseReason(reason)))
    return tuple(out)


def cmd_verify_package(args: argparse.Namespace) -> int:
    from app.export.package import verify_package

    expect = None
    if args.expect is not None:
        expect = normalise_fingerprint(args.expect)
        if expect is None:
            raise ExportCommandError(_(
                "--expect {text} is geen vingerafdruk (32 tekens 0-9 en a-f, in groepjes van "
                "vier).").format(text=shown(args.expect)))
    report = verify_package(args.folder, expect)
    print(_("Pakket: {path}").format(path=shown(report.path, 200)))
    known = BY_CODE.get(report.manifest.kind)
    kind = (f"{_(known.label)} ({known.code})" if known is not None
            else report.manifest.kind)
    print(_("Soort: {kind}, gemaakt op {when}").format(
        kind=kind, when=report.manifest.created_at.isoformat()))
    if report.manifest.signer is None:
        print(_("Handtekening: niet ondertekend (oudere versie)"))
    elif report.signed:
        print(_("Handtekening: in orde, vingerafdruk {fingerprint}").format(
            fingerprint=report.manifest.signer))
    else:
        print(_("Handtekening: klopt niet (genoemde vingerafdruk {fingerprint})").format(
            fingerprint=report.manifest.signer))
    for part in report.manifest.files:
        print(f"  {part.name}\t{part.size}\t{part.sha256}")
    for problem in report.problems:
        print(_("Probleem: {p}").format(p=problem))
    if report.ok:
        if report.signed:
            print(_("Het pakket is in orde: de handtekening en elk bestand kloppen met het "
                    "manifest."))
            return 0
        print(_("Elk bestand klopt met het manifest."))
        # Anyone can write an unsigned manifest: say what this check cannot show.
        print(_("Let op: dit pakket is niet ondertekend. Wie het maakte en of het onderweg is "
                "veranderd, kan niet worden nagegaan. Vraag de afzender om een nieuw, "
                "ondertekend pakket, en controleer dat met --expect."), file=sys.stderr)
        return 0
    print(_("Het pakket is veranderd of beschadigd."), file=sys.stderr)
    return 1


def register(command) -> None:
    p = command("export", _("schrijf het pakket voor een melding of adviesvraag aan Veilig "
                            "Thuis, de inzage voor een cliënt of het veiligheidsplan voor het "
                            "gezin"), cmd_export)
    p.add_argument("--case", required=True, help=_("kenmerk of id van de casus"))
    p.add_argument("--out", required=True, type=Path,
                   help=_("map voor het pakket; bestaat nog niet of is leeg (bij family-plan: "
                          "de map waarin de map van het pakket komt)"))
    add_force(p)
    p.add_argument("--kind", choices=KINDS, default="handover",
                   help=_("handover (standaard), client (inzage) of family-plan"))
    p.add_argument("--person", help=_("naam of id van de betrokkene, bij --kind client"))
    p.add_argument("--release", action="append", default=[], metavar="ID:REDEN",
                   help=_("bij --kind client: zet een onderdeel dat ook over anderen gaat "
                          "toch in de inzage, met een reden (consent, already_known, "
                          "parental_authority of nothing_sensitive); vaker te geven"))
    p.add_argument("--address", choices=("je", "u"), default=None,
                   help=_("bij --kind client en family-plan: spreek de lezer aan met je "
                          "(standaard) of u"))
    p.add_argument("--variant", metavar="NAAM", default=None,
                   help=_("bij --kind handover: de formuliervariant van de regio (bestandsnaam "
                          "in de map met varianten, of een pad); zonder deze optie die uit de "
                          "instellingen"))
    p.add_argument("--unencrypted", action="store_true",
                   help=_("schrijf zonder versleuteling (alleen als het echt moet)"))
    v = command("verify-package", _("controleer een exportpakket: handtekening en manifest"),
                cmd_verify_package, store=False)
    v.add_argument("folder", type=Path, metavar="DIR", help=_("de map van het pakket"))
    v.add_argument("--expect", metavar="FINGERPRINT", help=_(
        "de vingerafdruk van de apparaatsleutel die het pakket moet hebben ondertekend"))
