"""``veiligwijzer ops export|import`` and ``veiligwijzer conflicts``.

``ops export --store S [--since CURSOR] --out FILE`` writes every operation
of the store (or those after the cursor) into one encrypted file: AES-256-GCM
with a key from ``VEILIGWIJZER_EXPORT_PASSPHRASE`` (or a prompt) through
scrypt, the same envelope as an export package's JSON part. Every operation
in it is signed by its device; the file carries the devices' public keys.
It prints the cursor for next time.

``ops import --store S --in FILE`` checks every signature and applies all
operations in one transaction, or none; a store that does not exist yet is
made (passphrase from ``VEILIGWIJZER_PASSPHRASE``), of the kind of the store
the file came from. A device seen for the first time is trusted and its
fingerprint printed: compare it with that device's owner.

``conflicts --store S`` lists open conflicts, one per line;
``conflicts resolve --store S --keep VERSION [--value TEXT]`` settles one.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.commands import add_force
from app.commands.export import export_passphrase
from app.errors import VeiligwijzerError
from app.i18n import _, format_datetime, ngettext
from app.output import write_file


class OpsCommandError(VeiligwijzerError):
    pass


def cmd_ops(args: argparse.Namespace) -> int:
    if args.action == "export":
        return _export(args)
    return _import(args)


def _export(args: argparse.Namespace) -> int:
    from app.commands import open_store
    from app.export.package import encrypt_part
    from app.services.exchange import MEDIA_TYPE, export_ops

    if args.out is None:
        raise OpsCommandError(_("Geef met --out aan waar het bestand komt."))
    passphrase = export_passphrase(False)
    with open_store(args.store) as store:
        exported = export_ops(store, args.since)
        signer = store.signing_key().fingerprint
    assert passphrase is not None
    write_file(args.out, encrypt_part(exported.document, passphrase, MEDIA_TYPE, signer),
               force=args.force)
    print(ngettext("{n} wijziging geschreven naar {path}",
                   "{n} wijzigingen geschreven naar {path}", exported.operations).format(
        n=exported.operations, path=args.out))
    print(_("Volgende keer alleen het nieuwe: --since {cursor}").format(cursor=exported.cursor))
    return 0


def _import(args: argparse.Namespace) -> int:
    from app.commands import new_passphrase, open_store
    from app.export.package import decrypt_part
    from app.services.exchange import import_ops, read_document
    from app.services.session import create_store

    if args.input is None:
        raise OpsCommandError(_("Geef met --in aan welk bestand je inleest."))
    data = args.input.read_bytes()
    passphrase = export_passphrase(False)
    assert passphrase is not None
    doc = read_document(decrypt_part(data, passphrase))
    if args.store.exists():
        store = open_store(args.store)
    else:
        store_passphrase = new_passphrase()
        store = create_store(args.store, store_passphrase, store_passphrase, doc.kind)
        print(_("Nieuwe kluis gemaakt: {path} ({kind})").format(path=args.store,
                                                                 kind=doc.kind.label))
    with store:
        imported = import_ops(store, doc)
    result = imported.result
    if result.refused:
        for op_id, reason in result.refused:
            print(_("Geweigerd: wijziging {op} ({reason})").format(op=op_id, reason=reason),
                  file=sys.stderr)
        raise OpsCommandError(ngettext(
            "{n} wijziging klopt niet (handtekening of apparaat); er is niets ingelezen.",
            "{n} wijzigingen kloppen niet (handtekening of apparaat); er is niets ingelezen.",
            len(result.refused)).format(n=len(result.refused)))
    from app.services.caseteam import refusal_label

    for op_id, reason in result.not_allowed:
        print(_("Geweigerd: wijziging {op} ({reason})").format(
            op=op_id, reason=refusal_label(reason)), file=sys.stderr)
    for device, fingerprint in imported.new_devices:
        print(_("Nieuw apparaat {device}, vingerafdruk {fingerprint}: vergelijk die met de "
                "eigenaar (bijvoorbeeld telefonisch).").format(device=device,
                                                               fingerprint=fingerprint))
    print(ngettext("{n} wijziging ingelezen", "{n} wijzigingen ingelezen", result.applied
                   ).format(n=result.applied)
          + ", " + ngettext("{n} was er al", "{n} waren er al", result.already_here).format(
        n=result.already_here))
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    from app.commands import open_store
    from app.services.exchange import open_conflicts, resolve_conflict

    with open_store(args.store) as store:
        if args.action == "resolve":
            if not args.keep:
                raise OpsCommandError(_("Geef met --keep aan welke versie blijft."))
            value = args.value
            if value is not None:
                # A number, yes/no or empty stays that kind of value.
                try:
                    value = json.loads(value) if value.strip() in ("null", "true", "false") \
                        or value.strip().lstrip("-").isdigit() else value
                except ValueError:
                    pass
                resolve_conflict(store, args.keep, value)
            else:
                resolve_conflict(store, args.keep)
            print(_("Conflict opgelost."))
            return 0
        rows = open_conflicts(store)
    for row in rows:
        c = row.conflict
        where = f"{c.entity}/{c.entity_id}"
        if c.kind == "removed_named":
            what = ngettext("verwijderd, maar genoemd in {n} nieuwe wijziging",
                            "verwijderd, maar genoemd in {n} nieuwe wijzigingen",
                            len(row.versions)).format(n=len(row.versions))
            print(f"{row.reference}\t{where}\t{what}\t--keep {c.entity_id}")
            continue
        versions = "\t".join(
            f"{v.op_id}={label} ({v.author}, {v.device}, {format_datetime(v.at, 'short')})"
            for v, label in zip(row.versions, row.labels, strict=True))
        print(f"{row.reference}\t{where}\t{c.field}\t{versions}")
    return 0


def register(command) -> None:
    p = command("ops", _("wissel wijzigingen uit met een andere kluis via een versleuteld "
                         "bestand (wachtwoord uit VEILIGWIJZER_EXPORT_PASSPHRASE of een vraag)"),
                cmd_ops)
    p.add_argument("action", choices=("export", "import"),
                   help=_("export: schrijf de wijzigingen; import: lees ze in"))
    p.add_argument("--since", type=int, default=0,
                   help=_("export: alleen wat na deze cursor kwam (de vorige export noemt hem)"))
    p.add_argument("--out", type=Path, default=None, help=_("export: het nieuwe bestand"))
    p.add_argument("--in", dest="input", type=Path, default=None,
                   help=_("import: het bestand met wijzigingen"))
    add_force(p)
    p = command("conflicts", _("toon de open conflicten, één per regel, of los er een op"),
                cmd_conflicts)
    p.add_argument("action", nargs="?", choices=("resolve",), default=None,
                   help=_("resolve: los een conflict op met --keep VERSIE"))
    p.add_argument("--keep", default=None,
                   help=_("de versie (het nummer voor '=') die blijft"))
    p.add_argument("--value", default=None,
                   help=_("een aangepaste waarde in plaats van die van --keep"))
