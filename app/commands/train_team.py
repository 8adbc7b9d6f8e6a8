"""``veiligwijzer train-team create|exchange --dir DIR``: the trainer's
fictional team (a lead and two workers, each a training store in a folder
of its own) and the exchange of their changes, as operation files would
carry them (``ops export`` / ``ops import``), without a server."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.i18n import _, ngettext


def cmd_train_team(args: argparse.Namespace) -> int:
    from app.services.training_team import (
        TRAINING_TEAM,
        create_training_team,
        exchange_all,
    )

    if args.action == "create":
        paths = create_training_team(args.dir)
        print(_("Oefenteam gemaakt in {dir}:").format(dir=args.dir))
        for member, path in zip(TRAINING_TEAM, paths, strict=True):
            print(f"  {member.name} ({member.role.label}): "
                  f"veiligwijzer train --store {path.parent / 'kluis.db'}")
        return 0
    for folder, count in exchange_all(args.dir).items():
        print(ngettext("{who}: {n} wijziging ontvangen", "{who}: {n} wijzigingen ontvangen",
                       count).format(who=folder, n=count))
    return 0


def register(command) -> None:
    p = command("train-team", _("maak een oefenteam (teamleider en twee medewerkers) of "
                                "wissel hun wijzigingen uit, zonder server"),
                cmd_train_team, store=False)
    p.add_argument("action", choices=("create", "exchange"),
                   help=_("create: maak de drie oefenkluizen; exchange: elke kluis krijgt "
                          "de wijzigingen van de andere twee"))
    p.add_argument("--dir", type=Path, required=True,
                   help=_("de map van het oefenteam"))
