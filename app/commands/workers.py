"""``veiligwijzer workers --store S``: the team's worker directory (who is
who on the cases), this store's own worker marked; ``workers set --worker ID
--name NAME --role lead|deputy|worker`` adds or changes one (the first entry
starts the team; after that only a team lead or deputy). Each change is an
operation: it reaches the other stores with ``ops export`` / ``ops import``.
"""

from __future__ import annotations

import argparse

from app.caseteam import TeamRole
from app.i18n import _


def cmd_workers(args: argparse.Namespace) -> int:
    from app.commands import CliError, open_store
    from app.services import caseteam

    with open_store(args.store) as store:
        if args.action == "set":
            if not args.worker or not args.name:
                raise CliError(_("Geef --worker en --name (en eventueel --role)."))
            caseteam.set_worker(store, args.worker, args.name, TeamRole(args.role))
        me = store.worker_id
        directory = caseteam.workers(store)
    if me not in directory:
        not_listed = _("(deze kluis, nog niet in de lijst)")
        print(f"{me}\t-\t{not_listed}")
    this_store = _("(deze kluis)")
    for worker in directory.values():
        mine = f" {this_store}" if worker.id == me else ""
        print(f"{worker.id}\t{worker.role.label}\t{worker.name}{mine}")
    return 0


def register(command) -> None:
    p = command("workers", _("toon of wijzig de lijst van medewerkers van het team (naam en "
                             "rol per medewerker)"), cmd_workers)
    p.add_argument("action", nargs="?", choices=("set",), default=None,
                   help=_("set: voeg een medewerker toe of wijzig naam of rol"))
    p.add_argument("--worker", default=None,
                   help=_("het nummer van de medewerker (de eerste kolom van 'workers' in "
                          "diens kluis)"))
    p.add_argument("--name", default=None, help=_("de naam die collega's zien"))
    p.add_argument("--role", choices=[str(r) for r in TeamRole], default=str(TeamRole.WORKER),
                   help=_("lead (teamleider), deputy (plaatsvervanger) of worker (medewerker)"))
