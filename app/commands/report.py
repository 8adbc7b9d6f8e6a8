"""``veiligwijzer report``: anonymous monitoring figures as CSV, over a whole
calendar month, quarter or year only (``app.reporting.figures``)."""

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
    from app.services.report import export_monitoring

    # Both checks before the passphrase is asked.
    period_of(args.start, args.end)
    resolve_file_target(args.out, force=args.force)
    with open_store(args.store) as store:
        rows = export_monitoring(store, args.start, args.end, args.out, force=args.force)
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
    add_force(p)
