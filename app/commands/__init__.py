"""More subcommands for ``veiligwijzer``, one module per area.

Each module here defines ``register(command)``. ``command(name, help, func,
store=True)`` adds a subcommand (with ``--store`` unless ``store=False``) and
returns its ``argparse`` parser, for extra arguments. ``func(args)`` returns the
exit code; it raises ``VeiligwijzerError`` for anything a user can cause, and
``open_store(path)`` here unlocks a store the same way everywhere.
Modules are found by name, so adding a file is all it takes. ``app.cli``
imports this package, never the other way round.
"""

from __future__ import annotations

import getpass
import os
import sys
import time
from pathlib import Path

from app.config import PASSPHRASE_ENV
from app.errors import VeiligwijzerError
from app.i18n import _
from app.services.session import Store, Unlocker, WrongPassphrase


def add_force(parser) -> None:
    """``--force`` with one meaning on every command that writes a file (``app.output``)."""
    parser.add_argument("--force", action="store_true", help=_(
        "schrijf ook over een bestaand bestand heen, of via een snelkoppeling of naar een "
        "apparaat"))


class CliError(VeiligwijzerError):
    pass


def read_passphrase(prompt: str) -> str:
    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    if not sys.stdin.isatty():
        raise CliError(_("Geen wachtwoord: start vanaf een terminal of zet {env}.").format(
            env=PASSPHRASE_ENV))
    return getpass.getpass(prompt)


def new_passphrase() -> str:
    """The passphrase of a new store: from the environment, or typed twice."""
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    first = read_passphrase(_("Nieuw wachtwoord: "))
    if getpass.getpass(_("Herhaal het wachtwoord: ")) != first:
        raise CliError(_("De twee wachtwoorden zijn niet gelijk."))
    return first


def open_store(path: Path) -> Store:
    """Unlock with the environment's passphrase, or prompt up to three times."""
    unlocker = Unlocker(path)
    tries = 1 if os.environ.get(PASSPHRASE_ENV) or not sys.stdin.isatty() else 3
    for attempt in range(1, tries + 1):
        try:
            return unlocker.unlock(read_passphrase(_("Wachtwoord: ")))
        except WrongPassphrase as exc:
            if attempt == tries:
                raise
            print(exc.message, file=sys.stderr)
            time.sleep(unlocker.wait_seconds())
    raise AssertionError("unreachable")
