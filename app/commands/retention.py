"""``veiligwijzer retention``: the closed cases whose retention period has
ended, by reference and closing day; ``--erase`` erases them for real after
a confirmation (``--yes`` for scripts)."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from app.commands import CliError, open_store
from app.i18n import _, format_date, ngettext
from app.services.retention import due_for_erasure, erase_case

CONFIRM_WORD = "WISSEN"


def _confirmed(count: int) -> bool:
    if not sys.stdin.isatty():
        raise CliError(_("Wissen zonder terminal kan alleen met --yes."))
    answer = input(ngettext("Typ {word} om {n} casus definitief te wissen: ",
                            "Typ {word} om {n} casussen definitief te wissen: ", count
                            ).format(word=CONFIRM_WORD, n=count))
    return answer.strip() == CONFIRM_WORD


def cmd_retention(args: argparse.Namespace) -> int:
    with open_store(args.store) as store:
        due = due_for_erasure(store, date.today())
        if not due:
            print(_("Er zijn geen casussen waarvan de bewaartermijn voorbij is."))
            return 0
        for case in due:
            print(_("{ref}\tafgesloten {closed}\tte wissen vanaf {after}").format(
                ref=case.reference, closed=format_date(case.closed_on, "short"),
                after=format_date(case.erase_after, "short")))
        if not args.erase:
            print(ngettext("{n} casus kan worden gewist (gebruik --erase).",
                           "{n} casussen kunnen worden gewist (gebruik --erase).", len(due)
                           ).format(n=len(due)))
            return 0
        if not args.yes and not _confirmed(len(due)):
            print(_("Niets gewist."))
            return 0
        for case in due:
            erase_case(store, case.case_id, reason="retention")
            print(_("Gewist: {ref}").format(ref=case.reference))
    return 0


def register(command) -> None:
    p = command("retention", _("toon de casussen waarvan de bewaartermijn voorbij is"),
                cmd_retention)
    p.add_argument("--erase", action="store_true",
                   help=_("wis die casussen definitief (vraagt om bevestiging)"))
    p.add_argument("--yes", action="store_true", help=_("wis zonder te vragen (voor scripts)"))
