"""``veiligwijzer team …`` and ``veiligwijzer sync``: the team and its sync (issue 20).

- ``team create --name NAME``: this store's device becomes the first admin.
- ``team request --out FILE``: a device asks to join; prints its fingerprint.
- ``team admit --request FILE``: an admin admits it after comparing the
  fingerprint (asked on a terminal, or ``--fingerprint`` for scripts);
  writes the welcome file the device joins with.
- ``team join --welcome FILE``: the device joins; prints the admins' fingerprints.
- ``team remove --device ID``: new keys for everyone else.
- ``team server-config --out DIR``: the nats-server config for the team.
- ``sync --server URL [--once]``: publish and read the team's stream.

``app.services.team`` is imported inside each command: it brings nats-py
(~0.5 s here), and the app's own start builds this parser too.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from app.commands import CliError, open_store
from app.i18n import _, ngettext

#: The exit code of a sync that could not finish (as every command's error).
EXIT_ERROR = 1


def cmd_create(args: argparse.Namespace) -> int:
    from app.services import team

    with open_store(args.store) as store:
        info = team.create_team(store, args.name)
    print(_("Team gemaakt: {name}").format(name=info.name))
    print(_("Dit apparaat: {device} (beheerder)").format(device=info.device))
    print(_("Vingerafdruk: {fp}").format(fp=info.fingerprint))
    return 0


def cmd_request(args: argparse.Namespace) -> int:
    from app.services import team_screen

    with open_store(args.store) as store:
        fingerprint = team_screen.write_join_request(store, args.out, args.worker)
    print(team_screen.request_text(args.out, fingerprint))
    return 0


def _fingerprint_confirmed(fingerprint: str, given: str | None) -> bool:
    from app.services.team_screen import fingerprint_matches

    if given is not None:
        return fingerprint_matches(fingerprint, given)
    if not sys.stdin.isatty():
        raise CliError(_("Zonder terminal: geef de voorgelezen vingerafdruk met --fingerprint."))
    answer = input(_("Is dit de vingerafdruk die de collega voorleest? Typ ja: "))
    return answer.strip().lower() == _("ja")


def cmd_admit(args: argparse.Namespace) -> int:
    from app.services import team, team_screen

    with open_store(args.store) as store:
        request = team_screen.join_request_from(store, args.request)
        print(_("Apparaat: {device}").format(device=request.member.device))
        if request.known_worker is not None:
            # A new laptop of someone in the team: it will read their cases.
            print(_("Een laptop van {name}: krijgt de sleutels van diens casussen.").format(
                name=request.known_worker))
        print(_("Vingerafdruk: {fp}").format(fp=request.fingerprint))
        if not _fingerprint_confirmed(request.fingerprint, args.fingerprint):
            raise CliError(_(team_screen.FINGERPRINT_MISMATCH))
        welcome = team.admit(store, request.member)
    out = args.out or team_screen.welcome_path(args.request)
    team_screen.write_team_file(out, welcome, private=True)
    print(_("Toegelaten. Geef dit welkomstbestand aan de collega: {path}").format(path=out))
    print(_("Schrijf daarna de serverinstellingen opnieuw (team server-config)."))
    return 0


def cmd_join(args: argparse.Namespace) -> int:
    from app.services import team_screen

    with open_store(args.store) as store:
        info, admins = team_screen.join_with_file(store, args.welcome)
    print(team_screen.joined_text(info.name, admins))
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from app.services import team, team_screen

    with open_store(args.store) as store:
        count = team.remove(store, args.device)
    print(team_screen.removed_text(count))
    return 0


def cmd_server_config(args: argparse.Namespace) -> int:
    from app.services import team

    with open_store(args.store) as store:
        written = team.write_server_config(store, args.out, args.data_dir)
    for path in written:
        print(_("Geschreven: {path}").format(path=path))
    return 0


def _print_report(report) -> None:
    from app.services import team_screen

    print(_("Verstuurd: {n}").format(n=report.sent))
    print(_("Ontvangen: {n}").format(n=report.received))
    if report.held:
        print(team_screen.held_line(report.held))
    for line in team_screen.refused_lines(report.refused):
        print(line)


def cmd_sync(args: argparse.Namespace) -> int:
    from app.services import team

    with open_store(args.store) as store:
        if args.once:
            report = team.sync_once(store, args.server, timeout_s=args.timeout,
                                    replicas=args.replicas)
            _print_report(report)
            if report.to_send:
                print(ngettext("Nog {n} wijziging te versturen.",
                               "Nog {n} wijzigingen te versturen.", report.to_send
                               ).format(n=report.to_send), file=sys.stderr)
                return EXIT_ERROR
            print(_("Bijgewerkt."))
            return 0
        print(_("Synchroniseren met {url} (stop met Ctrl-C).").format(url=args.server))
        asyncio.run(team.sync_forever(store, args.server))
    return 0


def register(command) -> None:
    group = command("team", _("werk samen in een team: maken, aanmelden, toelaten, "
                              "verwijderen, serverinstellingen"), None, store=False)
    sub = group.add_subparsers(dest="team_command", metavar=_("opdracht"), required=True)

    def team_command(name: str, help: str, func) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.add_argument("--store", type=Path, default=argparse.SUPPRESS,
                       help=_("pad naar de kluis (standaard in de gebruikersmap)"))
        p.set_defaults(func=func)
        return p

    p = team_command("create", _("maak een team; dit apparaat wordt de eerste beheerder"),
                     cmd_create)
    p.add_argument("--name", required=True, help=_("naam van het team"))
    p = team_command("request", _("vraag om lid te worden: schrijft een aanmeldverzoek"),
                     cmd_request)
    p.add_argument("--out", type=Path, required=True, help=_("bestand voor het verzoek"))
    p.add_argument("--worker", metavar="ID", help=_(
        "een nieuwe laptop van een medewerker die al in het team is: diens id "
        "(veiligwijzer workers); alleen voor een nieuwe, lege kluis"))
    p = team_command("admit", _("laat een apparaat toe (beheerder), na het vergelijken van "
                                "de vingerafdruk"), cmd_admit)
    p.add_argument("--request", type=Path, required=True, help=_("het aanmeldverzoek"))
    p.add_argument("--fingerprint", help=_("de voorgelezen vingerafdruk (voor scripts)"))
    p.add_argument("--out", type=Path, default=None, help=_("bestand voor het welkomstbestand"))
    p = team_command("join", _("word lid met het welkomstbestand van de beheerder"), cmd_join)
    p.add_argument("--welcome", type=Path, required=True, help=_("het welkomstbestand"))
    p = team_command("remove", _("haal een apparaat uit het team (beheerder)"), cmd_remove)
    p.add_argument("--device", required=True, help=_("het apparaat-id"))
    p = team_command("server-config", _("schrijf de instellingen voor de teamserver "
                                        "(nats-server)"), cmd_server_config)
    p.add_argument("--out", type=Path, required=True, help=_("map voor de bestanden"))
    p.add_argument("--data-dir", default="./jetstream",
                   help=_("map op de server voor de gegevens van de server"))

    p = command("sync", _("wissel wijzigingen uit met het team via de teamserver"), cmd_sync)
    p.add_argument("--server", required=True, help=_("adres van de teamserver (nats://…)"))
    p.add_argument("--once", action="store_true",
                   help=_("één keer versturen en ophalen, dan stoppen"))
    p.add_argument("--timeout", type=float, default=60.0,
                   help=_("hoeveel seconden --once blijft proberen (standaard 60)"))
    p.add_argument("--replicas", type=int, choices=(1, 3), default=1,
                   help=_("op hoeveel servers de wijzigingen van het team bewaard worden: "
                          "3 voor een cluster van drie servers; telt alleen bij de "
                          "allereerste synchronisatie van de beheerder (standaard 1)"))
