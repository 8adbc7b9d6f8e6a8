"""``veiligwijzer passphrase``: change a store's passphrase.

The current passphrase comes from ``VEILIGWIJZER_PASSPHRASE`` or a prompt,
the new one from ``VEILIGWIJZER_NEW_PASSPHRASE`` or a prompt typed twice.
Only the key file changes; every record stays as it is.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from app.commands import CliError, read_passphrase
from app.i18n import _
from app.services.keys import change_passphrase

NEW_PASSPHRASE_ENV = "VEILIGWIJZER_NEW_PASSPHRASE"


def _new_passphrase() -> tuple[str, str]:
    value = os.environ.get(NEW_PASSPHRASE_ENV)
    if value:
        return value, value
    if not sys.stdin.isatty():
        raise CliError(_("Geen nieuw wachtwoord: start vanaf een terminal of zet {env}.").format(
            env=NEW_PASSPHRASE_ENV))
    return (getpass.getpass(_("Nieuw wachtwoord: ")),
            getpass.getpass(_("Herhaal het nieuwe wachtwoord: ")))


def cmd_passphrase(args: argparse.Namespace) -> int:
    old = read_passphrase(_("Huidig wachtwoord: "))
    new, repeated = _new_passphrase()
    change_passphrase(args.store, old, new, repeated)
    print(_("Het wachtwoord is veranderd. Het oude wachtwoord opent de kluis niet meer."))
    return 0


def register(command) -> None:
    command("passphrase", _("verander het wachtwoord van een kluis (de gegevens blijven)"),
            cmd_passphrase)
