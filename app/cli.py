"""``veiligwijzer``: the app (default) and the few commands an administrator scripts.

The passphrase comes from an interactive prompt, or for scripts from the
environment variable ``VEILIGWIJZER_PASSPHRASE``. Every error is one line on
stderr and a non-zero exit; a traceback is a bug.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Callable
from pathlib import Path

from app import __version__, commands
from app.commands import new_passphrase, open_store, read_passphrase
from app.config import PASSPHRASE_ENV, Settings, default_store_path
from app.errors import VeiligwijzerError
from app.i18n import _, format_date, ngettext, set_language
from app.output import describe_os_error
from app.security.process import harden_process
from app.services.session import DatabaseError, store_error

EXIT_ERROR = 1
EXIT_USAGE = 2


def cmd_demo(args: argparse.Namespace) -> int:
    from app.services.demo import create_demo_store

    store = create_demo_store(args.store, new_passphrase())
    count = store.cases.count()
    store.close()
    print(ngettext("Demokluis gemaakt: {path} ({n} casus, verzonnen gegevens)",
                   "Demokluis gemaakt: {path} ({n} casussen, verzonnen gegevens)", count
                   ).format(path=args.store, n=count))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from app.services.backup import verify_store
    from app.services.session import Unlocker

    if args.backup is None:
        store = open_store(args.store)
    else:
        # The passphrase once: it opens the store and checks the backup's mac.
        passphrase = read_passphrase(_("Wachtwoord: "))
        store = Unlocker(args.store).unlock(passphrase)
    with store:
        verified = (verify_store(store) if args.backup is None
                    else verify_store(store, args.backup, passphrase))
    if not verified.backup_has_head:
        print(_("Deze back-up is van een oudere versie en bewaart geen stand van het "
                "auditlog; er is niets om mee te vergelijken."))
    report = verified.report
    print(_("Kluis: {path}").format(path=args.store))
    print(_("Soort: {kind}").format(kind=report.kind.label))
    print(_("Schemaversie: {v}").format(v=report.schema_version))
    print(_("Casussen: {n}").format(n=report.cases))
    print(ngettext("Auditlog: {n} regel gelezen", "Auditlog: {n} regels gelezen",
                   report.audit_entries).format(n=report.audit_entries))
    if report.audit_first_broken is not None:
        print(_("Eerste verbroken schakel in het auditlog: regel {seq}").format(
            seq=report.audit_first_broken))
    for problem in report.problems:
        print(_("Probleem: {p}").format(p=problem))
    print(_("Alles in orde.") if report.ok else _("Er zijn problemen gevonden."))
    return 0 if report.ok else EXIT_ERROR


def cmd_cases(args: argparse.Namespace) -> int:
    from app.meldcode.steps import Step
    from app.services.cases import list_cases

    with open_store(args.store) as store:
        rows = list_cases(store)
    for row in rows:
        phase = str(row.safety_phase) if row.safety_phase else "-"
        due = format_date(row.next_due, "short") or "-"
        print(f"{row.reference}\t{row.household_name}\t{Step(row.current_step).label}\t"
              f"{phase}\t{due}\t{row.status.label}")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from app.ui.application import run

    return run(store_path=args.store, explicit_store=args.store_given, demo=args.demo)


def cmd_train(args: argparse.Namespace) -> int:
    from app.ui.application import run

    return run(store_path=args.store, explicit_store=args.store_given, training=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="veiligwijzer",
        description=_("Veiligwijzer: meldcode, kindcheck en veiligheidsplan. Zonder opdracht "
                      "start de app. Het wachtwoord komt uit een vraag op het scherm of uit "
                      "de omgevingsvariabele {env}.").format(env=PASSPHRASE_ENV),
    )
    parser.add_argument("--version", action="version", version=f"veiligwijzer {__version__}")
    parser.add_argument("--store", type=Path, default=None,
                        help=_("pad naar de kluis (standaard in de gebruikersmap)"))
    parser.add_argument("--demo", action="store_true",
                        help=_("open de kluis van --store als demo-kluis (gemaakt met "
                               "'veiligwijzer demo'); je eigen kluis blijft bereikbaar"))
    sub = parser.add_subparsers(dest="command", metavar=_("opdracht"))

    def command(name: str, help: str, func: Callable[[argparse.Namespace], int],
                store: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        if store:
            # SUPPRESS keeps a --store given before the command from being reset.
            p.add_argument("--store", type=Path, default=argparse.SUPPRESS,
                           help=_("pad naar de kluis (standaard in de gebruikersmap)"))
        p.set_defaults(func=func)
        return p

    command("demo", _("maak een nieuwe kluis met verzonnen demo-gezinnen"), cmd_demo)
    verify = command("verify", _("controleer een kluis: versleuteling, samenhang en auditlog"),
                     cmd_verify)
    verify.add_argument("--backup", type=Path, default=None,
                        help=_("vergelijk het auditlog ook met deze back-up"))
    command("cases", _("toon de casussen, één per regel, kenmerk eerst"), cmd_cases)
    command("train", _("start de app in de oefenomgeving (verzonnen casussen, apart bestand)"),
            cmd_train)
    for found in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        importlib.import_module(f"{commands.__name__}.{found.name}").register(command)
    return parser


def main(argv: list[str] | None = None) -> int:
    harden_process()
    set_language(Settings.load().language)
    parser = build_parser()
    args = parser.parse_args(argv)
    args.store_given = args.store is not None
    if args.store is None:
        args.store = default_store_path()
    func = getattr(args, "func", cmd_gui)
    try:
        return func(args)
    except VeiligwijzerError as exc:
        print(f"veiligwijzer: {exc.message}", file=sys.stderr)
        return EXIT_ERROR
    except DatabaseError as exc:
        # Met while reading a store after it opened: a full disk or a damaged page.
        print(f"veiligwijzer: {store_error(exc, args.store).message}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(_("veiligwijzer: afgebroken"), file=sys.stderr)
        return 130
    except OSError as exc:
        if exc.filename:
            print(f"veiligwijzer: {describe_os_error(exc, Path(exc.filename))}", file=sys.stderr)
        else:
            print(_("veiligwijzer: bestand niet bruikbaar: {why}").format(
                why=exc.strerror or exc), file=sys.stderr)
        return EXIT_ERROR
