"""``veiligwijzer export`` and ``veiligwijzer verify-package``.

``export --store S --case REF --out DIR [--kind handover|client|family-plan]
[--person NAME-OR-ID] [--address je|u] [--unencrypted]`` writes a package into DIR, which
must not exist yet or be empty (the folder *is* the package; see
``app.export.package``). The PDF passphrase comes from
``VEILIGWIJZER_EXPORT_PASSPHRASE`` in scripts, else from a prompt (twice).
``--unencrypted`` writes without encryption, with a warning. ``--address``
chooses "je" (default) or "u" for the documents the family reads (client
and family-plan); the handover to Veilig Thuis addresses no one.

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
from pathlib import Path

from app.commands import add_force, open_store
from app.errors import VeiligwijzerError
from app.i18n import _
from app.output import check_folder_target, shown
from app.security.signing import normalise_fingerprint

EXPORT_PASSPHRASE_ENV = "VEILIGWIJZER_EXPORT_PASSPHRASE"
KINDS = ("handover", "client", "family-plan")


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


def cmd_export(args: argparse.Namespace) -> int:
    from app.services.cases import find_case

    if args.kind == "client" and not args.person:
        raise ExportCommandError(_("Voor --kind client is --person nodig (naam of id)."))
    if args.kind != "client" and args.person:
        raise ExportCommandError(_("--person hoort alleen bij --kind client."))
    if args.kind != "client" and args.release:
        raise ExportCommandError(_("--release hoort alleen bij --kind client."))
    if args.kind == "handover" and args.address is not None:
        raise ExportCommandError(_("--address hoort alleen bij --kind client of family-plan."))
    from app.export.address import Address

    address = Address(args.address or Address.JE)
    releases = _releases(args.release)
    check_folder_target(args.out, force=args.force)  # before any passphrase is asked
    with open_store(args.store) as store:
        case = find_case(store, args.case)
        if args.kind == "family-plan":
            from app.services.safety import export_family_plan

            passphrase = export_passphrase(args.unencrypted)
            paths = export_family_plan(store, case.id, args.out, passphrase, force=args.force,
                                       address=address)
            for path in paths:
                print(path)
            return 0
        from app.services import handover

        withheld: list = []
        person = (handover.find_person(store, case.id, args.person)
                  if args.kind == "client" else None)
        passphrase = export_passphrase(args.unencrypted)
        signer_fingerprint = store.signing_key().fingerprint
        if person is None:
            target = handover.export_handover(store, case.id, args.out, passphrase,
                                              force=args.force)
        else:
            target = handover.export_client_copy(store, case.id, person.id, args.out,
                                                 passphrase, releases=releases,
                                                 force=args.force, address=address)
            withheld = handover.client_copy_input(store, case.id, person.id,
                                                  releases=releases).withheld()
    print(_("Pakket geschreven: {path}").format(path=target))
    for entry in sorted(target.iterdir()):
        print(f"  {entry.name}")
    print(_("Ondertekend met de apparaatsleutel, vingerafdruk {fingerprint}").format(
        fingerprint=signer_fingerprint))
    if person is not None and withheld:
        print(_("Achtergehouden omdat het ook over anderen gaat (vrijgeven met "
                "--release ID:REDEN):"))
        for item in withheld:
            print(f"  {item.id}\t{item.kind}\t{item.day.isoformat()}")
    return 0


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
    print(_("Soort: {kind}, gemaakt op {when}").format(
        kind=report.manifest.kind, when=report.manifest.created_at.isoformat()))
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
                          "de map waarin het bestand komt)"))
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
    p.add_argument("--unencrypted", action="store_true",
                   help=_("schrijf zonder versleuteling (alleen als het echt moet)"))
    v = command("verify-package", _("controleer een exportpakket: handtekening en manifest"),
                cmd_verify_package, store=False)
    v.add_argument("folder", type=Path, metavar="DIR", help=_("de map van het pakket"))
    v.add_argument("--expect", metavar="FINGERPRINT", help=_(
        "de vingerafdruk van de apparaatsleutel die het pakket moet hebben ondertekend"))
