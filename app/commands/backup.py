"""``veiligwijzer backup`` and ``veiligwijzer restore``.

``backup --store PATH --out DIR`` writes one checked file
``veiligwijzer-backup-<UTC time>.vwbackup`` into DIR (no personal data in the
name). ``restore --backup FILE --store PATH`` makes a new store at PATH, which
must not exist yet. The passphrase of the store comes from
``VEILIGWIJZER_PASSPHRASE`` or a prompt, as everywhere.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands import add_force, read_passphrase
from app.i18n import _, format_date, ngettext
from app.services.backup import backup_store, restore_store
from app.services.session import Unlocker


def cmd_backup(args: argparse.Namespace) -> int:
    passphrase = read_passphrase(_("Wachtwoord: "))
    with Unlocker(args.store).unlock(passphrase) as store:
        result = backup_store(store, args.out, passphrase, force=args.force)
    print(_("Back-up gemaakt en gecontroleerd: {path}").format(path=result.path))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    passphrase = read_passphrase(_("Wachtwoord van de back-up: "))
    result = restore_store(args.backup, args.store, passphrase)
    print(ngettext("Teruggezet en gecontroleerd: {path} ({n} casus, back-up van {day})",
                   "Teruggezet en gecontroleerd: {path} ({n} casussen, back-up van {day})",
                   result.cases).format(
        path=result.path, n=result.cases, day=format_date(result.backed_up_at.date(), "short")))
    return 0


def register(command) -> None:
    p = command("backup", _("maak een versleutelde back-up van een kluis in een map"),
                cmd_backup)
    p.add_argument("--out", type=Path, required=True,
                   help=_("map waarin het back-upbestand komt"))
    add_force(p)
    p = command("restore", _("zet een back-up terug als nieuwe kluis (die er nog niet is)"),
                cmd_restore)
    p.add_argument("--backup", type=Path, required=True, help=_("het back-upbestand"))
