"""``veiligwijzer report``: anonymous monitoring figures as CSV, over a whole
calendar month, quarter or year only (``app.reporting.figures``); in a
team, over the whole team from an admin's store (``app.reporting.scope``)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from app.commands import add_force, open_store
from app.i18n import _, ngettext
from app.output import resolve_file_target, shown
from app.reporting.figures import period_of


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("geen geldige datum: {text} (gebruik JJJJ-MM-DD)").format(text=shown(text))) from None


def cmd_report(args: argparse.Namespace) -> int:
    from app.reporting.scope import ReportScope
    from app.services.report import export_monitoring, scope_of

    # Both checks before the passphrase is asked.
    period_of(args.start, args.end)
    resolve_file_target(args.out, force=args.force)
    with open_store(args.store) as store:
        scope = scope_of(store, args.team)
        rows = export_monitoring(store, args.start, args.end, args.out, force=args.force,
                                 team=args.team)
    if scope is ReportScope.TEAM:
        # Over what this store held at its last sync: said, so a lead syncs first.
        print(ngettext("Teamcijfers geschreven naar {path} ({n} regel), over het hele team "
                       "zoals bij de laatste synchronisatie.",
                       "Teamcijfers geschreven naar {path} ({n} regels), over het hele team "
                       "zoals bij de laatste synchronisatie.", len(rows)
                       ).format(path=args.out, n=len(rows)))
    else:
        print(ngettext("Cijfers geschreven naar {path} ({n} regel).",
                       "Cijfers geschreven naar {path} ({n} regels).", len(rows)
                       ).format(path=args.out, n=len(rows)))
    return 0


def register(command) -> None:
    p = command("report", _("anonieme cijfers voor de gemeente als CSV, over een hele maand, "
                            "een heel kwartaal of een heel jaar (afgerond op vijftallen)"),
                cmd_report)
    p.add_argument("--from", dest="start", type=_day, required=True,
                   help=_("eerste dag van de maand, het kwartaal of het jaar (JJJJ-MM-DD)"))
    p.add_argument("--to", dest="end", type=_day, required=True,
                   help=_("laatste dag van de maand, het kwartaal of het jaar (JJJJ-MM-DD)"))
    p.add_argument("--out", type=Path, required=True,
                   help=_("het CSV-bestand; bestaat nog niet (of gebruik --force)"))
    p.add_argument("--team", action="store_true",
                   help=_("over het hele team: alleen op de kluis van de teamleider of de "
                          "plaatsvervanger, na een synchronisatie (in een team maken alleen "
                          "zij de cijfers)"))
    add_force(p)
