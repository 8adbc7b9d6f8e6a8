"""Het team: the team's workers and their devices with fingerprints, admitting
and removing devices (admins), the server config, and the sync state.

A dialog over the main window, as the conflicts list: locking rejects every
open dialog, so the lock closes this screen and any dialog it opened, and
every step after a dialog checks that the screen is still open.

Discreet mode: colleagues' names stay, as in the members panel on the case
screen (they are the team's, not the family's; the screen names no case).
What opens a file dialog (admitting, the server config) or speaks of the
cases a device holds (removing) waits until discreet mode is off, as
backups and exports do.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.errors import VeiligwijzerError
from app.i18n import N_, _, format_datetime
from app.services import team as team_service
from app.services import team_screen as service
from app.services import team_status
from app.services.session import Store, TaskStopped
from app.ui import discreet as discreet_rules
from app.ui.file_dialogs import choose_folder
from app.ui.messages import show_error
from app.ui.tasks import wait_for_store_task
from app.ui.team_admit import AdmitDialog, choose_team_file
from app.ui.team_model import DEVICE_ROLE, WORKER_ROLE, TeamModel
from app.ui.team_sync import TeamSync
from app.ui.widgets.flow_layout import FlowLayout
from app.ui.widgets.scrolling import scrolling

#: Admin actions: code -> button text.
ACTIONS = {
    "admit": N_("Apparaat &toelaten…"),
    "remove_device": N_("Apparaat &verwijderen…"),
    "remove_worker": N_("&Medewerker verwijderen…"),
    "server_config": N_("&Serverinstellingen schrijven…"),
}
#: How a store not in a team starts one or joins one: code -> button text.
START_ACTIONS = {
    "create": N_("Team &aanmaken…"),
    "request": N_("Aanmeldverzoek &maken…"),
    "join": N_("&Welkomstbestand openen…"),
}


def confirm_removal(parent: QWidget, title: str, text: str) -> bool:
    """Ask before a removal; Annuleren is the default (tests replace this)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    remove = box.addButton(_("Uit het team halen"), QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
    box.exec()
    return box.clickedButton() is remove


def ask_team_name(parent: QWidget) -> str | None:
    """The new team's name, or None (tests replace this)."""
    text, ok = QInputDialog.getText(parent, _("Team aanmaken"), _("Naam van het team:"))
    return text if ok else None


def say(parent: QWidget, title: str, text: str) -> None:
    """A plain message (tests replace this)."""
    QMessageBox.information(parent, title, text)


class TeamScreen(QDialog):
    def __init__(self, store: Store, sync: TeamSync, discreet: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store: Store | None = store
        self._sync, self.discreet = sync, discreet
        self.view: service.TeamScreen | None = None
        self.setObjectName("teamScreen")
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.heading.setObjectName("screenTitle")  # the app's title style
        self.intro = QLabel()
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.intro.setWordWrap(True)
        self.model = TeamModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        self.tree.selectionModel().selectionChanged.connect(self._enable)
        self.tree.setMinimumHeight(160)
        self.buttons: dict[str, QPushButton] = {}
        row = FlowLayout()
        for code in (*ACTIONS, *START_ACTIONS):
            button = QPushButton()
            button.clicked.connect(lambda _=False, c=code: getattr(self, c)())
            self.buttons[code] = button
            row.addWidget(button)
        self.admin_note = QLabel()
        self.admin_note.setWordWrap(True)
        self.sync_box = QGroupBox()
        self.sync_state = QLabel()
        self.sync_state.setTextFormat(Qt.TextFormat.PlainText)
        self.sync_state.setWordWrap(True)
        self.sync_now = QPushButton()
        self.sync_now.clicked.connect(self._sync_now)
        sync_layout = QHBoxLayout(self.sync_box)
        sync_layout.addWidget(self.sync_state, 1)
        sync_layout.addWidget(self.sync_now, 0, Qt.AlignmentFlag.AlignTop)
        self.close_buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_buttons.rejected.connect(self.reject)
        # The screen scrolls, the close button stays: it must fit a small screen.
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.addWidget(self.heading)
        inner.addWidget(self.intro)
        inner.addWidget(self.tree, 1)
        inner.addLayout(row)
        inner.addWidget(self.admin_note)
        inner.addWidget(self.sync_box)
        inner.addStretch(0)  # takes the room only when the list is hidden (no team)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(body), 1)
        layout.addWidget(self.close_buttons)
        sync.shown.connect(self._show_sync)
        self.resize(1100, 640)
        self.refresh()

    # -- reading ---------------------------------------------------------------

    def refresh(self) -> None:
        """Read the team again (off the UI thread) and show it."""
        if self.store is None:
            return
        try:
            view = wait_for_store_task(self, self.store, service.team_screen, replaces="team")
        except TaskStopped:
            return
        except VeiligwijzerError as exc:
            show_error(self, exc)
            return
        if self.store is None:
            return
        self.view = view
        self._fill()
        self.retranslate()

    def _fill(self) -> None:
        self.model.show(self.view.workers)
        self.tree.expandAll()

    def retranslate(self) -> None:
        view = self.view
        self.setWindowTitle(_("Team"))
        self.tree.setAccessibleName(_("Medewerkers en hun apparaten"))
        for code, button in self.buttons.items():
            button.setText(_(ACTIONS.get(code) or START_ACTIONS[code]))
        self.sync_box.setTitle(_("Synchronisatie"))
        self.sync_now.setText(_("&Nu synchroniseren"))
        self.sync_state.setAccessibleName(_("Stand van de synchronisatie"))
        if view is None:
            return
        if view.in_team:
            self.heading.setText(_("Team: {name}").format(name=view.name))
            self.intro.setText(_(
                "Vergelijk een vingerafdruk altijd hardop met de collega, in persoon of "
                "per telefoon.") if view.admin else _(
                "Alleen een beheerder van het team (de teamleider of de plaatsvervanger) "
                "laat apparaten toe of haalt ze uit het team."))
        else:
            self.heading.setText(_("Deze kluis hoort nog niet bij een team"))
            self.intro.setText(_(
                "Zo begint een team: de teamleider kiest Team aanmaken. Elke collega kiest "
                "op het eigen apparaat Aanmeldverzoek maken, geeft het bestand aan de "
                "teamleider en leest de vingerafdruk voor. De teamleider laat het apparaat "
                "toe en geeft een welkomstbestand terug, dat de collega hier opent. Daarna "
                "schrijft de teamleider de serverinstellingen voor de teamserver."))
        # A store in no team and no worker directory has nobody to list.
        self.tree.setVisible(view.in_team or bool(view.workers))
        self.model.retranslate()
        self._show_sync()
        self._enable()

    def _show_sync(self, *_args) -> None:
        view = self.view
        self.sync_box.setVisible(view is not None and view.in_team)
        if view is None or not view.in_team:
            return
        running = self._sync.running and self._sync.label.text()
        lines = [running or team_status.state_text(view.sync, online=False)]
        if self._sync.last_updated is not None:
            lines.append(_("Laatst bijgewerkt: {when}").format(
                when=format_datetime(self._sync.last_updated, "short")))
        lines.append(_("Teamserver: {url}").format(url=view.server_url) if view.server_url
                     else _("Nog geen teamserver: synchroniseer één keer met veiligwijzer "
                            "sync --server, daarna doet de app het zelf."))
        if view.sync.held:
            lines.append(service.held_line(view.sync.held))
        lines += service.refused_lines(view.sync.refused)
        self.sync_state.setText("\n".join(lines))
        self.sync_now.setEnabled(bool(view.server_url) and not view.sync.removed
                                 and not self._sync.live)

    def _selected(self) -> tuple[str | None, str | None]:
        rows = self.tree.selectionModel().selectedRows()
        if not rows:
            return None, None
        return rows[0].data(WORKER_ROLE), rows[0].data(DEVICE_ROLE)

    def _enable(self, *_args) -> None:
        view = self.view
        in_team = view is not None and view.in_team
        admin = in_team and view.admin
        worker, device = self._selected()
        mine = self._own_worker()
        allowed = {
            "admit": True,
            "remove_device": device is not None and not self._is_this_device(device),
            "remove_worker": worker is not None and worker != mine and bool(
                self._devices_of(worker)),
            "server_config": view is not None and view.writes_server_config,
        }
        for code in ACTIONS:
            button = self.buttons[code]
            button.setVisible(admin)
            button.setEnabled(admin and allowed[code] and not self.discreet)
            button.setToolTip(discreet_rules.not_in_discreet_text() if self.discreet else "")
        for code in START_ACTIONS:
            self.buttons[code].setVisible(view is not None and not in_team)
        self.admin_note.setVisible(admin and self.discreet)
        self.admin_note.setText(_("Toelaten en verwijderen kan niet in de discrete modus."))

    def _own_worker(self) -> str | None:
        for worker in self.view.workers if self.view else ():
            if any(d.this_one for d in worker.devices):
                return worker.id
        return None

    def _is_this_device(self, device: str) -> bool:
        return any(d.device == device and d.this_one
                   for w in self.view.workers for d in w.devices)

    def _devices_of(self, worker_id: str) -> list[service.Device]:
        return [d for w in self.view.workers if w.id == worker_id for d in w.devices]

    def _worker_name(self, worker_id: str) -> str:
        return next(w.name for w in self.view.workers if w.id == worker_id)

    # -- acting ----------------------------------------------------------------

    def done(self, result: int) -> None:  # noqa: D102 - Qt API
        if self.store is not None:
            self.store = None  # a lock or a close: nothing after this touches the store
            self._sync.shown.disconnect(self._show_sync)
        super().done(result)

    def _run(self, work):
        """``work(own)`` off the UI thread; None when locked meanwhile or refused."""
        if self.store is None:
            return None
        try:
            return wait_for_store_task(self, self.store, work)
        except TaskStopped:
            return None
        except VeiligwijzerError as exc:
            show_error(self, exc)
            return None

    def admit(self) -> None:
        dialog = AdmitDialog(self.store, self)
        dialog.exec()
        admitted = dialog.admitted
        dialog.deleteLater()
        if admitted and self.store is not None:
            self.refresh()

    def remove_device(self) -> None:
        worker, device = self._selected()
        if device is not None:
            self._remove(worker, [device], whole_worker=False)

    def remove_worker(self) -> None:
        worker, _device = self._selected()
        if worker is not None:
            self._remove(worker, [d.device for d in self._devices_of(worker)], whole_worker=True)

    def _remove(self, worker: str, devices: list[str], *, whole_worker: bool) -> None:
        reach = self._run(lambda own: service.cases_reachable(own, devices))
        if reach is None:
            return
        text = service.removal_warning(self._worker_name(worker), devices, reach,
                                       whole_worker=whole_worker)
        if not confirm_removal(self, _("Uit het team halen"), text) or self.store is None:
            return
        count = self._run(lambda own: service.remove_devices(own, devices))
        if count is None:
            return
        say(self, _("Uit het team gehaald"), service.removed_text(count))
        self.refresh()

    def server_config(self) -> None:
        folder = choose_folder(self, _("Map voor de serverinstellingen"))
        if folder is None or self.store is None:
            return
        written = self._run(lambda own: team_service.write_server_config(own, folder))
        if written is not None:
            say(self, _("Serverinstellingen"), "\n".join(
                [_("Geschreven: {path}").format(path=path) for path in written]
                + [_("Laad ze op de server (nats-server --signal reload).")]))

    def create(self) -> None:
        name = ask_team_name(self)
        if not name or self.store is None:
            return
        if self._run(lambda own: team_service.create_team(own, name)) is not None:
            self.refresh()

    def request(self) -> None:
        folder = choose_folder(self, _("Map voor het aanmeldverzoek"))
        if folder is None or self.store is None:
            return
        out = folder / f"aanmeldverzoek-{self.store.device_id[:8]}.json"
        fingerprint = self._run(lambda own: service.write_join_request(own, out))
        if fingerprint is not None:
            say(self, _("Aanmeldverzoek"), service.request_text(out, fingerprint))

    def join(self) -> None:
        path = choose_team_file(self, _("Welkomstbestand openen"), _("Welkomstbestand (*.json)"))
        if path is None or self.store is None:
            return
        joined = self._run(lambda own: service.join_with_file(own, path))
        if joined is not None:
            info, admins = joined
            say(self, _("Lid van het team"), service.joined_text(info.name, admins))
            self.refresh()

    def _sync_now(self) -> None:
        if self.store is not None:
            self._sync.sync_now(self.store)
            self._show_sync()


def open_team_screen(store: Store, sync: TeamSync, discreet: bool, parent: QWidget) -> None:
    screen = TeamScreen(store, sync, discreet, parent)
    screen.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    screen.tree.setFocus()
    screen.exec()

