"""The team screen (issue 21): the team's workers and devices with their
fingerprints, admitting a device only when the fingerprint read aloud
matches, removing with the plain warning, the sync state; the lock closes it
and its dialogs; discreet mode keeps colleagues' names and holds back the
admin's actions. Real stores in one team, made through the services the CLI
uses (no server: nothing here syncs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.caseteam import TeamRole
from app.config import Settings
from app.services import caseteam, team, team_screen
from app.services.cases import list_cases
from app.services.training_team import exchange
from app.store.store import Store
from app.team.crypto import BAD_SIGNATURE
from app.ui import team_admit
from app.ui import team_screen as screen_module
from app.ui.accessibility import announcer
from app.ui.qt_i18n import apply_language
from app.ui.shell import Shell
from app.ui.team_admit import AdmitDialog
from app.ui.team_screen import DEVICE_ROLE, TeamScreen
from tests.conftest import PASSPHRASE
from tests.team import conftest as team_fixtures
from tests.team.helpers import admit_into, new_case
from tests.ui.discreet_walk import seen
from tests.ui.mnemonics import clashes
from tests.ui.test_shell import when_dialog_opens

pytest.importorskip("pytestqt")

#: The team tests' nats-server on loopback (port chosen by the server).
nats_server = team_fixtures.nats_server


def open_window(qtbot, folder: Path) -> Shell:
    window = Shell(folder / "store.db", folder / "demo.db", Settings(),
                   settings_path=folder / "settings.json")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window._unlock(PASSPHRASE)
    assert window.store is not None
    window.confirm_quit = lambda _warning: True  # never wait on a modal question
    return window


@pytest.fixture
def folders(tmp_path) -> dict[str, Path]:
    """A lead (admin) and a worker in one team, with names in the worker
    directory, and a case of the worker's; a third store not yet in it."""
    paths = {who: tmp_path / who for who in ("lead", "worker", "new")}
    for path in paths.values():
        path.mkdir()
    with Store.create(paths["lead"] / "store.db", PASSPHRASE) as lead, \
            Store.create(paths["worker"] / "store.db", PASSPHRASE) as worker:
        team.create_team(lead, "Wijkteam Noord")
        caseteam.set_worker(lead, lead.worker_id, "Ans de Vries", TeamRole.LEAD)
        caseteam.set_worker(lead, worker.worker_id, "Sanne Bos", TeamRole.WORKER)
        admit_into(worker, lead)
        new_case(worker, "Familie Jansen")
        exchange(lead, worker)  # the worker directory, as the sync would bring it
        # The lead's own copy of the worker's case key (as the sync brings it).
        key = worker.team.keys().current_key(list_cases(worker)[0].id)
        lead.team.keys().add_key(key, [lead.device_id, worker.device_id])
    Store.create(paths["new"] / "store.db", PASSPHRASE).close()
    return paths


def rows(screen: TeamScreen) -> list[tuple[str, ...]]:
    """Every row of the tree, a device's row indented under its worker."""
    model, out = screen.model, []
    for r in range(model.rowCount()):
        out.append(tuple(model.index(r, c).data() for c in range(4)))
        parent = model.index(r, 0)
        for d in range(model.rowCount(parent)):
            out.append(tuple("  " + (model.index(d, c, parent).data() or "")
                             for c in range(4)))
    return out


def open_screen(qtbot, window: Shell) -> TeamScreen:
    screen = TeamScreen(window.store, window.team_sync, window.discreet, window)
    qtbot.addWidget(screen)
    screen.show()
    return screen


def select_device(screen: TeamScreen, device: str) -> None:
    model = screen.model
    for r in range(model.rowCount()):
        parent = model.index(r, 0)
        for d in range(model.rowCount(parent)):
            if model.index(d, 0, parent).data(DEVICE_ROLE) == device:
                screen.tree.setCurrentIndex(model.index(d, 0, parent))
                return
    raise AssertionError("device not shown")


def device_of(folder: Path) -> tuple[str, str]:
    with Store.open(folder / "store.db", PASSPHRASE) as store:
        return store.device_id, team.own_fingerprint(store)


def test_the_lead_sees_workers_roles_devices_and_fingerprints(qtbot, folders):
    worker_device, worker_fp = device_of(folders["worker"])
    lead = open_window(qtbot, folders["lead"])
    screen = open_screen(qtbot, lead)
    lead_fp = team.own_fingerprint(lead.store)
    shown = rows(screen)
    assert screen.heading.text() == "Team: Wijkteam Noord"
    assert shown[0][:2] == ("Ans de Vries", "Teamleider")
    assert shown[1][0].strip().endswith("(dit apparaat)")
    assert shown[1][1:3] == ("  Beheerder", "  " + lead_fp)
    assert shown[2][:2] == ("Sanne Bos", "Medewerker")
    assert shown[3][0].strip() == f"Apparaat {worker_device[:8]}"
    assert shown[3][1:3] == ("  Lid", "  " + worker_fp)
    # The lead's store saw the admission: when and by whom.
    assert shown[3][3].endswith("door Ans de Vries")
    # Eight groups of five digits, as ``team request`` prints them.
    assert len(worker_fp.split()) == 8
    for code in ("admit", "remove_device", "remove_worker", "server_config"):
        assert screen.buttons[code].isVisible()
    assert not screen.buttons["create"].isVisible()
    assert screen.sync_state.text().startswith("Offline")
    assert "Nog geen teamserver" in screen.sync_state.text()
    assert not screen.sync_now.isEnabled()  # no server to sync with yet
    # The lead's own device cannot be removed from here.
    select_device(screen, lead.store.device_id)
    assert not screen.buttons["remove_device"].isEnabled()
    select_device(screen, worker_device)
    assert screen.buttons["remove_device"].isEnabled()
    assert screen.buttons["remove_worker"].isEnabled()


def test_a_worker_who_is_no_admin_sees_no_admit_or_remove(qtbot, folders):
    worker = open_window(qtbot, folders["worker"])
    screen = open_screen(qtbot, worker)
    assert [r[0] for r in rows(screen) if not r[0].startswith(" ")] == ["Ans de Vries",
                                                                        "Sanne Bos"]
    for code in ("admit", "remove_device", "remove_worker", "server_config"):
        assert not screen.buttons[code].isVisible()
    assert "Alleen een beheerder" in screen.intro.text()


def write_request(folder: Path, out: Path) -> str:
    with Store.open(folder / "store.db", PASSPHRASE) as store:
        request, fingerprint = team.join_request(store)
    team_screen.write_team_file(out, request)
    return fingerprint


def admit_dialog(qtbot, window: Shell, request_file: Path) -> AdmitDialog:
    dialog = AdmitDialog(window.store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load(request_file)
    return dialog


def test_a_device_is_admitted_only_when_the_fingerprint_read_aloud_matches(
        qtbot, folders, tmp_path, monkeypatch):
    request_file = tmp_path / "verzoek.json"
    fingerprint = write_request(folders["new"], request_file)
    lead = open_window(qtbot, folders["lead"])
    dialog = admit_dialog(qtbot, lead, request_file)
    assert dialog.shown.text() == fingerprint
    assert dialog.name.isVisible()  # a worker new to the directory: name and role asked

    errors = []
    monkeypatch.setattr(team_admit, "show_error", lambda parent, exc: errors.append(exc.message))
    wrong = fingerprint[:-1] + ("1" if fingerprint[-1] != "1" else "2")
    qtbot.keyClicks(dialog.spoken, wrong)
    assert not dialog.admit_button.isEnabled()
    assert "Nog niet gelijk" in dialog.match.text()
    dialog.admit()  # even asked directly, a mismatch admits nothing
    assert errors == ["De vingerafdruk klopt niet: het apparaat is niet toegelaten."]
    assert len(team.sync_parts(lead.store)[0].members()) == 2

    dialog.spoken.clear()
    qtbot.keyClicks(dialog.spoken, fingerprint.replace(" ", "-"))  # read aloud, typed with dashes
    qtbot.keyClicks(dialog.name, "Youssef El Amrani")
    assert dialog.admit_button.isEnabled()
    said = []
    monkeypatch.setattr(team_admit, "choose_welcome_folder", lambda parent: tmp_path)
    monkeypatch.setattr(team_admit, "say_admitted", lambda parent, text: said.append(text))
    qtbot.mouseClick(dialog.admit_button, Qt.MouseButton.LeftButton)
    welcome = tmp_path / "verzoek-welkom.json"
    assert dialog.admitted == welcome and welcome.exists()
    assert welcome.stat().st_mode & 0o077 == 0  # it holds the device's server password
    assert "Geef dit welkomstbestand aan de collega" in said[0]
    # The welcome file lets the new device in, as ``team join`` does.
    with Store.open(folders["new"] / "store.db", PASSPHRASE) as new:
        info, admins = team.join(new, welcome.read_bytes())
        assert info.name == "Wijkteam Noord"
        assert admins == [team.own_fingerprint(lead.store)]
    screen = open_screen(qtbot, lead)
    names = [r[0] for r in rows(screen) if not r[0].startswith(" ")]
    assert "Youssef El Amrani" in names
    assert any(fingerprint in r[2] for r in rows(screen))


def test_the_same_rule_refuses_in_the_service(folders, tmp_path):
    request_file = tmp_path / "verzoek.json"
    fingerprint = write_request(folders["new"], request_file)
    with Store.open(folders["lead"] / "store.db", PASSPHRASE) as lead:
        request = team_screen.join_request_from(lead, request_file)
        assert request.fingerprint == fingerprint and request.known_worker is None
        with pytest.raises(team.TeamError, match="klopt niet"):
            team_screen.admit_device(lead, request, "12345 " * 8)
        assert len(lead.team.keys().members()) == 2
        assert team_screen.fingerprint_matches(fingerprint, fingerprint.replace(" ", "."))
        assert not team_screen.fingerprint_matches(fingerprint, fingerprint[:-5])


def test_removing_says_what_the_device_keeps_and_asks_first(qtbot, folders, monkeypatch):
    worker_device, _fp = device_of(folders["worker"])
    lead = open_window(qtbot, folders["lead"])
    screen = open_screen(qtbot, lead)
    select_device(screen, worker_device)
    asked, said = [], []
    answer = [False]
    monkeypatch.setattr(screen_module, "confirm_removal",
                        lambda parent, title, text: asked.append(text) or answer[0])
    monkeypatch.setattr(screen_module, "say", lambda parent, title, text: said.append(text))
    qtbot.mouseClick(screen.buttons["remove_device"], Qt.MouseButton.LeftButton)
    assert "Sanne Bos" in asked[0]
    assert "Tot nu toe kon het 1 casus lezen." in asked[0]  # the worker's one case
    assert "kun je niet terughalen" in asked[0]
    assert "Schrijf de serverinstellingen opnieuw" in asked[0]
    assert worker_device in team.sync_parts(lead.store)[0].members()  # cancelled: kept

    answer[0] = True
    select_device(screen, worker_device)
    qtbot.mouseClick(screen.buttons["remove_device"], Qt.MouseButton.LeftButton)
    assert worker_device not in team.sync_parts(lead.store)[0].members()
    assert said == [team_screen.removed_text(2)]  # a new team key and the case's
    assert all(worker_device[:8] not in r[0] for r in rows(screen))


def test_the_lock_closes_the_team_screen_and_its_dialogs(qtbot, folders):
    lead = open_window(qtbot, folders["lead"])
    opened = []

    def lock_in_admit(admit_dialog):
        opened.append(type(admit_dialog).__name__)
        lead.lock()

    def open_admit_then_lock(screen):
        opened.append(type(screen).__name__)
        when_dialog_opens(qtbot, lock_in_admit)
        qtbot.mouseClick(screen.buttons["admit"], Qt.MouseButton.LeftButton)

    when_dialog_opens(qtbot, open_admit_then_lock)
    lead.commands["team"].trigger()
    qtbot.waitUntil(lambda: lead.store is None)
    assert opened == ["TeamScreen", "AdmitDialog"]
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, (TeamScreen, AdmitDialog)) and w.isVisible()]
    assert lead.stack.currentWidget() is lead.unlock


def test_discreet_mode_keeps_colleagues_names_and_holds_back_the_admin(qtbot, folders):
    lead = open_window(qtbot, folders["lead"])
    lead.set_discreet(True)
    screen = open_screen(qtbot, lead)
    texts = " ".join(text for _where, text in seen(screen))
    assert "Sanne Bos" in texts  # as the members panel on a case shows colleagues
    assert "Jansen" not in texts  # no case, no family
    for code in ("admit", "remove_device", "remove_worker", "server_config"):
        assert screen.buttons[code].isVisible() and not screen.buttons[code].isEnabled()
        assert "discrete modus" in screen.buttons[code].toolTip()
    assert screen.admin_note.isVisible()


def test_a_store_in_no_team_says_how_a_team_starts_and_makes_one(qtbot, folders, monkeypatch):
    new = open_window(qtbot, folders["new"])
    screen = open_screen(qtbot, new)
    assert screen.heading.text() == "Deze kluis hoort nog niet bij een team"
    assert "Aanmeldverzoek maken" in screen.intro.text()
    assert not screen.tree.isVisible()  # nobody to list yet
    assert not screen.sync_box.isVisible()
    assert not screen.buttons["admit"].isVisible()
    monkeypatch.setattr(screen_module, "ask_team_name", lambda parent: "Wijkteam Zuid")
    qtbot.mouseClick(screen.buttons["create"], Qt.MouseButton.LeftButton)
    assert screen.heading.text() == "Team: Wijkteam Zuid"
    assert screen.tree.isVisible()
    assert any(r[0].strip().endswith("(dit apparaat)") for r in rows(screen))
    assert screen.buttons["admit"].isVisible() and not screen.buttons["create"].isVisible()
    assert team_screen.team_screen(new.store).name == "Wijkteam Zuid"


def test_the_menu_and_ctrl_shift_t_open_it(qtbot, folders):
    lead = open_window(qtbot, folders["lead"])
    action = lead.commands["team"]
    assert action.shortcut().toString() == "Ctrl+Shift+T"
    assert action in lead.commands.file_menu.actions()
    titles = []
    when_dialog_opens(qtbot, lambda dialog: titles.append(dialog.windowTitle()))
    qtbot.keyClick(lead, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: titles == ["Team"])


def test_the_sync_state_is_the_status_bars_and_sync_now_runs_it_again(qtbot, folders,
                                                                      nats_server):
    with Store.open(folders["lead"] / "store.db", PASSPHRASE) as lead:
        team.sync_once(lead, nats_server.url)  # remembered: the app syncs with it
        lead.team.stream().count_refusal(BAD_SIGNATURE)
    window = open_window(qtbot, folders["lead"])
    qtbot.waitUntil(lambda: window.team_sync.label.text().startswith("Bijgewerkt om"),
                    timeout=10_000)
    screen = open_screen(qtbot, window)
    lines = screen.sync_state.text().splitlines()
    assert lines[0] == window.team_sync.label.text()
    assert lines[1].startswith("Laatst bijgewerkt: ")
    assert f"Teamserver: {nats_server.url}" in lines
    assert "Geweigerd (handtekening klopt niet): 1" in lines
    assert not screen.sync_now.isEnabled()  # online: live already, nothing to ask
    live = window.team_sync._thread

    nats_server.stop()
    qtbot.waitUntil(lambda: screen.sync_state.text().startswith("Offline"), timeout=10_000)
    assert screen.sync_state.text().splitlines()[0] == window.team_sync.label.text()
    assert screen.sync_now.isEnabled()
    nats_server.start(same_port=True)
    qtbot.mouseClick(screen.sync_now, Qt.MouseButton.LeftButton)
    assert window.team_sync.running and window.team_sync._thread is not live
    assert screen.sync_state.text().splitlines()[1].startswith("Laatst bijgewerkt: ")
    qtbot.waitUntil(lambda: screen.sync_state.text().startswith("Bijgewerkt om"),
                    timeout=10_000)
    window.close()


def test_a_new_device_asks_to_join_and_joins_from_the_screen(qtbot, folders, tmp_path,
                                                             monkeypatch):
    new = open_window(qtbot, folders["new"])
    screen = open_screen(qtbot, new)
    said = []
    monkeypatch.setattr(screen_module, "say", lambda parent, title, text: said.append(text))
    monkeypatch.setattr(screen_module, "choose_folder", lambda parent, title: tmp_path)
    qtbot.mouseClick(screen.buttons["request"], Qt.MouseButton.LeftButton)
    request_file = tmp_path / f"aanmeldverzoek-{new.store.device_id[:8]}.json"
    fingerprint = team.own_fingerprint(new.store)
    assert request_file.exists()
    assert f"Vingerafdruk: {fingerprint}" in said[0].splitlines()

    with Store.open(folders["lead"] / "store.db", PASSPHRASE) as lead:
        request = team_screen.join_request_from(lead, request_file)
        assert request.fingerprint == fingerprint  # what the worker read aloud
        welcome = team_screen.admit_device(lead, request, fingerprint, name="Fatima Ouali")
        lead_fingerprint = team.own_fingerprint(lead)
    welcome_file = tmp_path / "welkom.json"
    team_screen.write_team_file(welcome_file, welcome, private=True)
    monkeypatch.setattr(screen_module, "choose_team_file",
                        lambda parent, title, name_filter: welcome_file)
    qtbot.mouseClick(screen.buttons["join"], Qt.MouseButton.LeftButton)
    assert screen.heading.text() == "Team: Wijkteam Noord"
    assert f"Vingerafdruk van de beheerder: {lead_fingerprint}" in said[1].splitlines()
    assert not screen.buttons["join"].isVisible()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_each_letter_once_on_the_team_screen_and_when_admitting(qtbot, folders, language):
    apply_language(language)
    try:
        lead = open_window(qtbot, folders["lead"])
        assert clashes(open_screen(qtbot, lead)) == {}
        dialog = AdmitDialog(lead.store)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.name.show()  # as for a worker new to the team: every field shows
        dialog.role.show()
        assert clashes(dialog) == {}
        new = open_window(qtbot, folders["new"])
        assert clashes(open_screen(qtbot, new)) == {}
    finally:
        apply_language("nl")


def test_a_screen_reader_names_every_control_and_tab_reaches_each(qtbot, folders, tmp_path):
    from tests.ui.test_accessibility import check

    lead = open_window(qtbot, folders["lead"])
    screen = open_screen(qtbot, lead)
    screen.tree.setFocus()
    assert check(qtbot, screen, what="team screen") == []
    request_file = tmp_path / "verzoek.json"
    write_request(folders["new"], request_file)
    dialog = admit_dialog(qtbot, lead, request_file)
    assert check(qtbot, dialog, what="admit device") == []


def test_a_match_is_said_once_to_a_screen_reader(qtbot, folders, tmp_path):
    request_file = tmp_path / "verzoek.json"
    fingerprint = write_request(folders["new"], request_file)
    lead = open_window(qtbot, folders["lead"])
    dialog = admit_dialog(qtbot, lead, request_file)
    said: list[str] = []
    announcer().said.connect(said.append)
    qtbot.keyClicks(dialog.spoken, fingerprint)
    assert said == ["De vingerafdrukken zijn gelijk."]
    qtbot.keyClick(dialog.spoken, Qt.Key.Key_Backspace)
    assert said[-1].startswith("Nog niet gelijk")


def test_a_whole_worker_leaves_with_every_device(qtbot, folders, monkeypatch):
    worker_device, _fp = device_of(folders["worker"])
    lead = open_window(qtbot, folders["lead"])
    screen = open_screen(qtbot, lead)
    screen.tree.setCurrentIndex(screen.model.index(0, 0))  # the lead's own row
    assert not screen.buttons["remove_worker"].isEnabled()
    sanne = next(r for r in range(screen.model.rowCount())
                 if screen.model.index(r, 0).data() == "Sanne Bos")
    screen.tree.setCurrentIndex(screen.model.index(sanne, 0))
    assert not screen.buttons["remove_device"].isEnabled()  # a worker's row, not a device
    asked = []
    monkeypatch.setattr(screen_module, "confirm_removal",
                        lambda parent, title, text: asked.append(text) or True)
    monkeypatch.setattr(screen_module, "say", lambda parent, title, text: None)
    qtbot.mouseClick(screen.buttons["remove_worker"], Qt.MouseButton.LeftButton)
    assert asked[0].startswith("Sanne Bos uit het team halen, met 1 apparaat?")
    assert "Tot nu toe kon Sanne Bos daarmee 1 casus lezen." in asked[0]
    assert worker_device not in team.sync_parts(lead.store)[0].members()
    # Still in the worker directory (her past work names her), without a device.
    assert ("Sanne Bos", "Medewerker", "", "") in rows(screen)


def test_a_name_the_directory_refuses_admits_nothing_and_no_name_admits(tmp_path):
    with Store.create(tmp_path / "lead.db", PASSPHRASE) as lead, \
            Store.create(tmp_path / "new.db", PASSPHRASE) as new:
        team.create_team(lead, "Wijkteam Oost")
        # Someone else started the directory; this admin is not in it.
        caseteam.set_worker(lead, "another-worker", "Sanne Bos", TeamRole.LEAD)
        request_file = tmp_path / "verzoek.json"
        fingerprint = team_screen.write_join_request(new, request_file)
        request = team_screen.join_request_from(lead, request_file)
        with pytest.raises(caseteam.NotAllowed):
            team_screen.admit_device(lead, request, fingerprint, name="Fatima Ouali")
        assert list(lead.team.keys().members()) == [lead.device_id]
        team_screen.admit_device(lead, request, fingerprint, name="  ")
        assert new.device_id in lead.team.keys().members()
        assert new.worker_id not in caseteam.workers(lead)
