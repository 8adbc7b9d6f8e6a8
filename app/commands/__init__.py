"""More subcommands for ``veiligwijzer``, one module per area.

Each module here defines ``register(command)``. ``command(name, help, func,
store=True)`` adds a subcommand (with ``--store`` unless ``store=False``) and
returns its ``argparse`` parser, for extra arguments. ``func(args)`` returns the
exit code; it raises ``VeiligwijzerError`` for anything a user can cause, and
``app.cli.open_store(path)`` unlocks a store the same way everywhere.
Modules are found by name, so adding a file is all it takes.
"""

from __future__ import annotations

from app.i18n import _


def add_force(parser) -> None:
    """``--force`` with one meaning on every command that writes a file (``app.output``)."""
    parser.add_argument("--force", action="store_true", help=_(
        "schrijf ook over een bestaand bestand heen, of via een snelkoppeling of naar een "
        "apparaat"))
