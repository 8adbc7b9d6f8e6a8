"""The one main window: setup, unlock and the workspace are screens in it.

Holds the open store and hands it to services; screens only show what the
services return and send the user's intent back. The window title never
holds a name or a reference: it shows in task bars and screen shares.

A cold start shows the unlock screen first: the workspace's screens (case
list, case, overview) and the modules behind them are built once it is on
the screen, while the worker types the passphrase (issue 17,
benchmarks/README.md). Their modules are imported where they are used, so
this module's own imports stay what the unlock screen needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QEventLoop, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.config import Settings, WindowPlace
from app.errors import VeiligwijzerError
from app.i18n import _
from app.services import team_status
from app.services.session import (
    DatabaseError,
    Handover,
    Store,
    StoreKind,
    TaskStopped,
    Unlocker,
    WrongPassphrase,
    create_store,
    lock,
    store_error,
)
from app.ui import style
from app.ui.accessibility import ReturnPressesButtons
from app.ui.clipboard import clear_copied_now
from app.ui.idle import IdleWatcher
from app.ui.messages import show_error
from app.ui.qt_i18n import apply_language
from app.ui.setup_screen import SetupScreen
from app.ui.shell_actions import ShellActions
from app.ui.tasks import run_store_task, run_task, stop_tasks, wait_for_store_task, wait_for_task
from app.ui.team_sync import TeamSync
from app.ui.unlock_screen import UnlockScreen
from app.ui.widgets.banner import Banner

if TYPE_CHECKING:
    from app.services.case_screen import CaseScreen
    from app.services.cases import ListRead
    from app.ui.case_list import CaseListView, Found, ListUpdate
    from app.ui.case_view import CaseView
    from app.ui.dashboard import DashboardView
    from app.ui.meldcode_controller import MeldcodeController
    from app.ui.safety_controller import SafetyController
    from app.ui.team_controller import TeamController

#: The demo store holds only made-up families; its passphrase is public.
DEMO_PASSPHRASE = "demo"

#: How long after the unlock screen is shown the workspace is built: after
#: the first frames, before a passphrase is typed in full.
WORKSPACE_DELAY_MS = 100


@dataclass(frozen=True)
class _Workspace:
    """The screens of an open store, built after the unlock screen."""

    cases: CaseListView
    case_view: CaseView
    dashboard: DashboardView
    team: TeamController


@dataclass
class _PendingUnlock:
    """An unlock on its way; ``cancelled`` once the window locked or closed
    meanwhile, and the store it opens is to be closed again at once."""

    cancelled: bool = False


def _let_the_loop_turn(settle: bool = False) -> None:
    """Handle what is waiting (a paint, a timer, a key) before going on.
    ``settle``: also what that brings (a view lays itself out and sizes its
    columns on timers of its own after a paint, then paints again)."""
    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    loop.exec()
    if settle:
        QTimer.singleShot(1, loop.quit)
        loop.exec()


def _case_id(case) -> str | None:
    return None if case is None else case.id


@dataclass(frozen=True)
class _Place:
    """Where the worker was when the app locked."""

    path: Path
    case_id: str | None
    tab: int
    step: int


def _read_case(store: Store, case_id: str) -> tuple[CaseScreen, dict, dict]:
    """For a worker thread: a case opened to show it (audited), with its
    meldcode step pages' rows and its conflicts."""
    from app.services import case_screen
    from app.services import exchange as exchange_service
    from app.ui.meldcode_view import all_rows

    screen = case_screen.open_case_screen(store, case_id)
    return (screen, all_rows(screen.meldcode.records, screen.meldcode.reviews),
            exchange_service.case_conflicts(store, screen.case.id))


class Shell(QMainWindow):
    #: The case screens exist now (``_build_workspace``).
    workspace_built = Signal()

    def __init__(self, store_path: Path, demo_path: Path, settings: Settings,
                 settings_path: Path | None = None, training_path: Path | None = None) -> None:
        super().__init__()
        self.store_path, self.demo_path = Path(store_path), Path(demo_path)
        self.training_path = Path(training_path or Path(store_path).with_name("training.db"))
        self.settings, self._settings_path = settings, settings_path
        self.store: Store | None = None
        self.controller: MeldcodeController | None = None
        self._resume: _Place | None = None
        self.safety_controller: SafetyController | None = None
        #: The newest ``open_case`` under way: an older one gives way to it.
        self._opening: object | None = None
        self._active_path = self.store_path
        self._unlocker = self._unlocker_for(self._active_path)
        #: An unlock running on a worker (``_unlock_path``).
        self._unlocking: _PendingUnlock | None = None
        #: The list's first rows, read by the unlock's worker.
        self._first_rows: list | None = None
        #: Where the list's last read stood, and the list of cases it gave
        #: the model (``show_cases`` reads only what changed since).
        self._list_read: tuple[ListRead, list] | None = None

        self.banner = Banner()
        self.setup = SetupScreen()
        self.unlock = UnlockScreen()
        self._workspace: _Workspace | None = None
        self.stack = QStackedWidget()
        for screen in (self.setup, self.unlock):
            self.stack.addWidget(screen)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        # Notices such as "Bewaard als concept"; the bar takes room only while it has one.
        self.statusBar().setSizeGripEnabled(False)
        # The team sync's state stays in it while a store in a team is open.
        self.team_sync = TeamSync(self.statusBar())
        self.team_sync.changed.connect(self._synced)
        self.statusBar().messageChanged.connect(
            lambda text: self.statusBar().setVisible(
                bool(text) or self.team_sync.label.isVisibleTo(self)))
        self.statusBar().hide()

        self._make_actions()
        self._return_presses = ReturnPressesButtons(self)
        self.setup.create_requested.connect(self._create_store)
        self.setup.demo_requested.connect(self.open_demo)
        self.unlock.switch_requested.connect(self._switch_store)
        self.setup.training_requested.connect(self.open_training)
        self.unlock.training_requested.connect(self.open_training)
        self.unlock.forgot_requested.connect(
            lambda: self._store_action("forgot_passphrase", self._active_path))
        # Lock after the idle time; the watcher runs only while a store is open.
        self.idle = IdleWatcher(settings.idle_lock_minutes, self)
        self.idle.idle.connect(self.lock)
        self.unlock.unlock_requested.connect(self._unlock)
        self.resize(1100, 720)
        self._restore_place()
        self.retranslate()
        self._show_start()
        QTimer.singleShot(WORKSPACE_DELAY_MS, self, self._build_workspace)

    # -- the workspace, built after the unlock screen -----------------------------------

    def _build_workspace(self) -> _Workspace:
        """The case list, the case and the overview, with what connects them;
        built once, at the latest when something first needs one of them."""
        if self._workspace is not None:
            return self._workspace
        from app.ui.case_list import CaseListView
        from app.ui.case_view import CaseView
        from app.ui.dashboard import DashboardView
        from app.ui.team_controller import TeamController

        cases, case_view, dashboard = CaseListView(), CaseView(), DashboardView()
        team = TeamController(case_view.members, self)
        self._workspace = _Workspace(cases, case_view, dashboard, team)
        for screen in (cases, case_view, dashboard):
            self.stack.addWidget(screen)
        case_view.case_action_requested.connect(self._store_action)
        cases.open_requested.connect(self.open_case)
        cases.new_requested.connect(self.new_case)
        case_view.back_requested.connect(self.show_cases)
        dashboard.show_cases.connect(self._show_figure)
        dashboard.worker_chosen.connect(self.show_overview)
        case_view.add_person_requested.connect(self._add_person)
        case_view.person_action_requested.connect(self._person_action)
        case_view.conflicts_requested.connect(self.show_conflicts)
        case_view.versions_resolved.connect(self._versions_resolved)
        team.changed.connect(self._members_changed)
        team.read_only.connect(case_view.set_read_only)
        team.consultation_over.connect(lambda case_id: self._synced(frozenset({case_id})))
        team.review_refusal.connect(
            lambda reason: case_view.meldcode.set_review_refusal(reason or None))
        self.workspace_built.emit()
        return self._workspace

    @property
    def cases(self) -> CaseListView:
        return self._build_workspace().cases

    @property
    def case_view(self) -> CaseView:
        return self._build_workspace().case_view

    @property
    def dashboard(self) -> DashboardView:
        return self._build_workspace().dashboard

    @property
    def team(self) -> TeamController:
        return self._build_workspace().team

    def _store_action(self, name: str, *args) -> None:
        """One of ``store_actions``' dialogs (backup, passphrase, closing a
        case …): loaded with the first one asked for."""
        from app.ui import store_actions

        getattr(store_actions, name)(self, *args)

    # -- chrome -----------------------------------------------------------------

    def _make_actions(self) -> None:
        self.commands = ShellActions(self, {
            "new_case": self.new_case, "quick": self.quick_capture, "acute": self.acute,
            "back": self.show_cases, "overview": self.show_overview,
            "conflicts": self.show_conflicts, "team": self.show_team,
            "discreet": self.set_discreet, "lock": self.lock,
            "change_passphrase": lambda: self._store_action("change_passphrase"),
            "recovery_key": lambda: self._store_action("new_recovery_key"),
            "backup": lambda: self._store_action("make_backup"),
            "profile": lambda: self._store_action("edit_profile"),
            "settings": self.open_settings, "quit": self.close,
            "quiz": self.quiz, "reset_training": self.reset_training,
            "presenter": self._set_presenter_mode,
        })
        self._set_unlocked(False)

    @staticmethod
    def _set_presenter_mode(on: bool) -> None:
        from app.ui.presenter import set_presenter_mode

        set_presenter_mode(QApplication.instance(), on)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Veiligwijzer"))
        self.commands.retranslate()
        self._show_banner()
        # Texts the controllers made (record kinds, due dates, status lines) are
        # made again, so the open case follows a language switch at once.
        for controller in (self.controller, self.safety_controller):
            if controller is not None and self.store is not None:
                controller.refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _show_banner(self) -> None:
        # Locked, the banner says which kind of store the unlock screen opens.
        kind = self.store.kind if self.store else self._kind_for(self._active_path)
        # The tint marks open training work only; the banner also marks the lock.
        training = self.store is not None and kind == StoreKind.TRAINING
        if training != style.is_training():
            # Only on a change: setting the sheet again walks every widget
            # (2-3 ms of each unlock, issue 17).
            style.mark_training(training)
        if kind == StoreKind.DEMO:
            self.banner.show_message(_("DEMO — verzonnen gegevens, niet voor echte casussen"),
                                     "#ffd166")
        elif kind == StoreKind.TRAINING:
            self.banner.show_message(_("OEFENOMGEVING — geen echte gegevens"), "#1d6fa5",
                                     "#ffffff")
        else:
            self.banner.hide()

    def _set_unlocked(self, on: bool) -> None:
        training = on and self.store is not None and self.store.kind == StoreKind.TRAINING
        self.commands.set_unlocked(on, training)

    # -- start, setup, unlock -------------------------------------------------------

    def _show_start(self) -> None:
        if self.store_path.exists():
            self._show_unlock(self.store_path)
        else:
            self.stack.setCurrentWidget(self.setup)
            self.setup.reset()

    def _kind_for(self, path: Path) -> StoreKind:
        """Each path has its kind of store: real, demo or training, never mixed."""
        return {self.demo_path: StoreKind.DEMO,
                self.training_path: StoreKind.TRAINING}.get(path, StoreKind.REAL)

    def _unlocker_for(self, path: Path) -> Unlocker:
        return Unlocker(path, expect=self._kind_for(path))

    def _show_unlock(self, path: Path, note: str = "") -> None:
        if path != self._active_path:
            self._active_path, self._unlocker = path, self._unlocker_for(path)
        self.unlock.set_note(note)
        self.unlock.set_other_store(self._kind_for(path) != StoreKind.REAL)
        self.stack.setCurrentWidget(self.unlock)
        self._show_banner()
        self.unlock.reset()

    def _create_store(self, passphrase: str, repeated: str) -> None:
        try:
            store = create_store(self.store_path, passphrase, repeated)
        except VeiligwijzerError as exc:
            self.setup.show_error(exc.message, getattr(exc, "field", None))
            return
        store.close()
        if self.setup.recovery.isChecked():
            self._store_action("offer_recovery_key", self.store_path, passphrase)
        # Typing it once more right away shows the worker can reproduce it
        # before any real data depends on it.
        self._show_unlock(self.store_path, _("Je kluis is gemaakt. Ontgrendel hem nu met je "
                                             "nieuwe wachtwoord."))

    def open_training(self) -> None:
        """The training store: fictional cases, its own file, never the real one."""
        from app.services import training

        if self.store is not None:
            self.lock()
        if self.training_path.exists():
            self._unlock_path(self.training_path, training.TRAINING_PASSPHRASE)
            return
        self._open_in_background(lambda: training.create_training_store(self.training_path),
                                 self.training_path, training.TRAINING_PASSPHRASE)

    def _open_in_background(self, make_store: Callable[[], Store], path: Path,
                            passphrase: str) -> None:
        """Fill a demo or training store off the UI thread, then unlock it
        here: its connection belonged to the worker thread and closed there."""
        self.setEnabled(False)

        def work() -> None:
            make_store().close()

        def done(_result: None) -> None:
            self.setEnabled(True)
            self._unlock_path(path, passphrase)

        def failed(exc: Exception) -> None:
            self.setEnabled(True)
            show_error(self, exc)

        run_task(self, work, done, failed)

    def open_demo(self) -> None:
        """The demo store: made with the public passphrase on first use. A demo
        store made with ``veiligwijzer demo`` has its own passphrase: then the
        unlock screen asks for it (the banner says it is the demo)."""
        if self.store is not None:
            return
        if not self.demo_path.exists():
            # Imported here: the demo's families pull in the handover export,
            # which a cold start to the unlock screen need not load.
            from app.services.demo import create_demo_store

            self._open_in_background(lambda: create_demo_store(self.demo_path, DEMO_PASSPHRASE),
                                     self.demo_path, DEMO_PASSPHRASE)
            return
        if self._unlocking is not None:
            return
        # The demo's unlock screen, busy while the demo opens on a worker.
        self._show_unlock(self.demo_path)
        self._unlock_path(self.demo_path, DEMO_PASSPHRASE, refused=lambda _exc: self._show_unlock(
            self.demo_path, _("Deze demo-kluis heeft een eigen wachtwoord: het wachtwoord dat "
                              "bij 'veiligwijzer demo' is gekozen.")))

    def _switch_store(self) -> None:
        """From the unlock screen: to the demo, or back to the worker's own store."""
        if self._kind_for(self._active_path) == StoreKind.REAL:
            self.open_demo()
        elif self.store_path.exists():
            self._show_unlock(self.store_path)
        else:
            self._active_path, self._unlocker = self.store_path, self._unlocker_for(
                self.store_path)
            self.stack.setCurrentWidget(self.setup)
            self._show_banner()
            self.setup.reset()

    def _unlock(self, passphrase: str) -> None:
        self._unlock_path(self._active_path, passphrase)

    def _unlock_path(self, path: Path, passphrase: str,
                     refused: Callable[[WrongPassphrase], None] | None = None) -> None:
        """Unlock off the UI thread: the key derivation (half a second), the
        store's opening, its audit entries and the list's first rows run on a
        worker while the unlock screen says it is busy and the window keeps
        drawing. Then this thread takes the store over on a connection of its
        own, lets the event loop turn, and shows the list (issue 17).
        ``refused``: what a wrong passphrase shows, instead of the message
        and the wait (the demo's own passphrase)."""
        if self._unlocking is not None or self.store is not None:
            return  # one unlock at a time
        if path != self._active_path:
            self._active_path, self._unlocker = path, self._unlocker_for(path)
        unlocker = self._unlocker
        try:
            failed = unlocker.begin()
        except WrongPassphrase as exc:
            self._refused(exc)
            return
        first = self.cases.first_rows() if not self.cases.model.total else 0

        def work() -> Handover:
            from app.services import cases as case_service

            return unlocker.open_for_handover(
                passphrase, failed,
                (lambda own: case_service.first_cases(own, first)) if first else None)

        pending = self._unlocking = _PendingUnlock()
        self.unlock.set_busy(True)
        try:
            handover = wait_for_task(work)
        except WrongPassphrase as exc:
            unlocker.failed()
            (refused or self._refused)(exc)
            return
        except VeiligwijzerError as exc:
            self.stack.setCurrentWidget(self.unlock)
            self.unlock.show_error(exc.message)
            return
        except DatabaseError as exc:
            # Damage met by the first rows' read: the worker locked again.
            self.stack.setCurrentWidget(self.unlock)
            self.unlock.show_error(store_error(exc, path).message)
            return
        finally:
            self._unlocking = None
            self.unlock.set_busy(False)
        if pending.cancelled:
            handover.discard()  # locked or closed while it opened
            return
        try:
            store = handover.store()
        except VeiligwijzerError as exc:
            self.stack.setCurrentWidget(self.unlock)
            self.unlock.show_error(exc.message)
            return
        unlocker.succeeded()
        self._first_rows = handover.prepared
        try:
            self._opened(store)
        except DatabaseError as exc:
            # Damage in a page that unlocking did not read, met by the first
            # screen: locked again, with the message on the unlock screen.
            message = store_error(exc, path).message
            self.store = store
            self._close_store()
            self.unlock.show_error(message)

    def _refused(self, exc: WrongPassphrase) -> None:
        self.stack.setCurrentWidget(self.unlock)
        self.unlock.show_error(exc.message)
        self.unlock.set_wait(self._unlocker.wait_seconds())

    def _opened(self, store: Store) -> None:
        from app.services import search as search_service

        self.store = store
        self.idle.start()
        self.cases.set_search(self._search, lambda text, case_id: search_service.snippet_for(
            store, text, case_id))
        self._set_unlocked(True)
        self._show_banner()
        # The store's connection was opened in this turn: the list is drawn
        # in the next, so that neither holds the event loop for long.
        _let_the_loop_turn()
        if self.store is not store:
            return  # locked meanwhile
        self.show_cases()
        place, self._resume = self._resume, None
        if place is not None and place.path == store.path and place.case_id:
            # Back where the worker was before the lock.
            self.open_case(place.case_id)
            self.case_view.workspace.setCurrentIndex(place.tab)
            self.case_view.meldcode.select_step(place.step)
        if self.store is not store:
            return  # locked while the list was read
        self.team.settle(store)  # sharings for a consultation whose time is over
        # Only a store in a team that has synced before (``veiligwijzer sync``).
        self.team_sync.start(store)

    def _synced(self, case_ids: frozenset[str]) -> None:
        """Changes from the team's stream: the list, or the open case, is read
        again (off the UI thread, as any fill of them)."""
        if self.store is None:
            return
        case_ids = case_ids | self.team.settle(self.store)
        current = self.stack.currentWidget()
        if current is self.cases:
            self.show_cases()
            return
        if current is self.dashboard:
            # The lead's figures follow the team (a request for a review, a
            # conflict), without taking the keyboard from where the lead is.
            focused = QApplication.focusWidget()
            self.show_overview(self.dashboard.worker.currentData())
            if focused is not None and focused.isVisible():
                focused.setFocus()
            return
        from app.services import caseteam as caseteam_service

        case = self.case_view.case
        if current is self.case_view and case is not None and case.id in case_ids \
                and case.id in caseteam_service.hidden_cases(self.store):
            self.show_cases()  # this worker's consultation of it is over
            return
        if current is self.case_view and case is not None and case.id in case_ids:
            self._people_changed(case.id)
            if self.controller is not None:
                self.controller.refresh()
            # The members panel too: a takeover, a review or a request for one
            # made in a colleague's app.
            self.team.show(self.store, case.id)

    def _search(self, text: str, prepare: Callable[[dict[str, str]], Found],
                deliver: Callable[[Found | None], None]) -> None:
        """Full-text search off the UI thread, its result made ready for the
        list there too (``prepare``); ``deliver`` gets None when it failed."""
        from app.services import search as search_service

        if self.store is None:
            deliver(None)
            return
        run_store_task(self.cases, self.store,
                       lambda own: prepare(search_service.matching_cases(own, text)),
                       deliver, lambda _exc: deliver(None), replaces="search")

    # -- cases ------------------------------------------------------------------------

    def show_cases(self) -> None:
        from app.services import cases as case_service
        from app.services import caseteam as caseteam_service

        if self.store is None:
            return
        shown = self.cases.model.cases
        # Only the cases changed since the list was read, when it still holds
        # what was read then (anything else set it anew: read it all).
        if self._list_read is not None and self._list_read[1] is shown:
            since, replan = self._list_read[0], self.cases.change_planner()
            came_from = self.stack.currentWidget(), _case_id(self.case_view.case)

            def read_changes(own: Store):
                changes = case_service.list_changes(own, since)
                if changes is None:
                    return None  # cannot be told: read it all, below
                rows, changed, at = changes
                # Nothing changed: nothing planned, nothing redrawn.
                return ((replan(rows, changed) if changed else None),
                        caseteam_service.changed_by_others(own), at)

            # A few milliseconds, read before the list is shown: it is then
            # drawn once, with the changed rows in place, and no worker holds
            # the interpreter lock while it is drawn (issue 17).
            try:
                changes = wait_for_store_task(self.cases, self.store, read_changes,
                                              replaces="list")
            except TaskStopped:
                return  # locked, or a newer fill of the list reads instead
            if self.store is None:
                return
            if changes is not None:
                self._show_update(*changes, shown)
                if (self.stack.currentWidget(), _case_id(self.case_view.case)) != came_from:
                    return  # the worker went on meanwhile (opened another case)
                self.stack.setCurrentWidget(self.cases)
                self._choose_current_case()
                return
        self.stack.setCurrentWidget(self.cases)
        first_rows, self._first_rows = self._first_rows, None
        if not self.cases.model.total:
            # Just unlocked: the top of the list at once (the first rows of
            # its index, read with the unlock, or here: a millisecond), every
            # case after it as below.
            if first_rows is None and (first := self.cases.first_rows()):
                first_rows = case_service.first_cases(self.store, first)
            if first_rows:
                self.cases.set_cases(first_rows, first=True)
                # Laid out now (the scroll bar they bring), not by the view's
                # own timer after the first paint, which drew them twice.
                self.cases.table.executeDelayedItemsLayout()
                # Drawn before the rest is read: a worker reading 30,000
                # cases holds the interpreter lock most of the time, and
                # each cell drawn waits for it (a 50-75 ms gap at load 3).
                _let_the_loop_turn(settle=True)
                if self.store is None:
                    return  # locked meanwhile
        shown = self.cases.model.cases
        plan = self.cases.planner()

        def read(own: Store) -> tuple[ListUpdate, frozenset[str], ListRead]:
            # Reading 30,000 cases and working out which rows changed takes
            # longer than a frame: off the UI thread.
            cases, at = case_service.list_cases_read(own)
            return plan(cases), caseteam_service.changed_by_others(own), at

        try:
            update, news, at = wait_for_store_task(self.cases, self.store, read,
                                                   replaces="list")
        except TaskStopped:
            return  # locked, or a newer fill of the list reads instead
        if self.store is None:
            return
        self._show_update(update, news, at, shown)
        if self.stack.currentWidget() is not self.cases:
            return  # the worker went on while the list was read (opened a case)
        self._choose_current_case()

    def _show_update(self, update: ListUpdate | None, news: frozenset[str], at: ListRead,
                     shown: list) -> None:
        """The list's rows and marks of news as read at ``at``; ``shown``:
        the model's cases the read was planned against."""
        self.cases.set_news(news)
        if update is not None:
            self.cases.apply_update(update)
        # What the list holds now was read at ``at`` (unless it was set
        # anew meanwhile and nothing here replaced it).
        self._list_read = (at, self.cases.model.cases) \
            if update is not None or self.cases.model.cases is shown else None

    def _choose_current_case(self) -> None:
        """The case the worker comes from chosen in the list, which has the keyboard."""
        current = self.case_view.case
        if current is not None:
            self.cases.select_case(current.id)
        self.cases.table.setFocus()

    def new_case(self) -> None:
        from app.services import cases as case_service
        from app.ui.new_case_dialog import NewCaseDialog

        if self.store is None:
            return
        name = NewCaseDialog.ask(self)
        if not name:
            return
        try:
            case = case_service.create_case(self.store, name)
        except VeiligwijzerError as exc:
            show_error(self, exc)
            return
        self.cases.set_cases(case_service.list_cases(self.store))
        self.open_case(case.id)

    def open_case(self, case_id: str) -> None:
        """Read the case off the UI thread, then show it; a case asked for
        later (a second double click) replaces one still being read or made
        ready, and a lock drops it.

        From another screen the hidden case view is filled in parts, an
        event-loop turn apart, and only shown once it is complete: the
        worker never sees half a case, and the turn that shows it does
        little more than lay it out and draw it (issue 17, "opening a case"
        in benchmarks/README.md). A case view already on screen (a case
        opened from the open case) is filled in one go, as before, so no
        half-filled case shows there either."""
        if self.store is None:
            return
        store = self.store
        self._opening = ticket = object()
        try:
            screen, rows, conflicts = wait_for_store_task(self, store, lambda own: _read_case(
                own, case_id), replaces="case")
        except TaskStopped:
            return  # locked, or another case asked for meanwhile
        except VeiligwijzerError as exc:
            show_error(self, exc)
            return
        spread = self.stack.currentWidget() is not self.case_view
        for part in self._showing_parts(screen, rows, conflicts):
            if self.store is not store or self._opening is not ticket:
                return  # locked, or another case opened meanwhile (it is shown)
            part()
            if spread:
                _let_the_loop_turn()
        if self.store is not store or self._opening is not ticket:
            return
        # With the switch: the list's mark then goes while it is hidden,
        # without a paint of the list of its own.
        self.cases.mark_seen(screen.case.id)
        self.stack.setCurrentWidget(self.case_view)
        self.case_view.add_person.setFocus()

    def _showing_parts(self, screen: CaseScreen, rows: dict,
                       conflicts: dict) -> list[Callable[[], None]]:
        """What showing a case read by ``_read_case`` does, in parts of a
        few milliseconds each (measured: benchmarks/README.md)."""
        case = screen.case

        def household() -> None:
            # The shown case's controllers go first: nothing acts on the
            # case view while it holds parts of two cases.
            self._detach_controllers()
            self.case_view.show_case(case)
            self.case_view.set_conflicts(conflicts, self.store)

        def members() -> None:
            self.team.show(self.store, case.id, screen.team, screen.meldcode.reviews)
            self.case_view.set_discreet(self.discreet)

        def meldcode() -> None:
            self.controller.refresh(select_current=True, screen=screen.meldcode, rows=rows)

        return [household, members, lambda: self._attach_controller(screen), meldcode]

    def _detach_controllers(self) -> None:
        for controller in (self.controller, self.safety_controller):
            if controller is not None:
                controller.disconnect_view()
                controller.deleteLater()
        self.controller = self.safety_controller = None

    def _attach_controller(self, screen: CaseScreen) -> None:
        """The case's controllers, with its safety plan shown; its meldcode
        is shown by the caller (``controller.refresh``), a part of its own."""
        from app.ui.meldcode_controller import MeldcodeController
        from app.ui.safety_controller import SafetyController

        case = screen.case
        self._detach_controllers()
        self.controller = MeldcodeController(self.store, case, self.case_view.meldcode, self)
        self.safety_controller = SafetyController(self.store, case, self.case_view.safety, self)
        # A meldcode record can move the next due date the plan shows, and back.
        self.controller.changed.connect(self.safety_controller.refresh)
        # A review shows in the members panel too.
        self.controller.changed.connect(
            lambda: self.store is not None and self.team.show(self.store, case.id))
        self.safety_controller.refresh(case, screen.plan)
        self.controller.discreet = self.safety_controller.discreet = self.discreet
        self.cases.set_discreet(self.discreet, case.id)

    def current_case(self):
        """The open case, or the case selected in the list."""
        from app.services import cases as case_service
        from app.ui.case_list import ID_ROLE

        if self.store is None:
            return None
        if self.stack.currentWidget() is self.case_view and self.case_view.case is not None:
            return self.case_view.case
        index = self.cases.table.currentIndex()
        if index.isValid():
            return case_service.find_case(self.store, self.cases.model.data(index, ID_ROLE))
        return None

    def quick_capture(self) -> None:
        from app.services import caseteam as caseteam_service
        from app.ui.case_controller import quick_capture

        case = self.current_case()
        if case is None:
            QMessageBox.information(self, _("Snelle notitie"), _(
                "Kies eerst een casus in de lijst, of open een casus."))
            return
        if caseteam_service.case_team(self.store, case.id).mine() is not None:
            # A note the team's stores would refuse would be lost: say so now.
            QMessageBox.information(self, _("Snelle notitie"), _(
                "Bij een consultatie kun je de casus alleen lezen."))
            return
        quick_capture(self.store, case, self, self.discreet)
        if self.controller is not None and self.case_view.case is not None:
            self.controller.refresh()

    def acute(self) -> None:
        """Acute onveiligheid: in a case, its acute path at once; from the case
        list, first whom to call and on which case (or a new one) it goes."""
        if self.store is None:
            return
        if self.stack.currentWidget() is self.case_view and self.case_view.case is not None:
            case_id = self.case_view.case.id
        else:
            case_id = self._ask_acute_case()
            if case_id is None:
                return
            self.open_case(case_id)
        if self.controller is not None and self.controller.record("acute_path"):
            self.controller.refresh(select_current=True)

    def _ask_acute_case(self) -> str | None:
        from app.services import cases as case_service
        from app.ui.acute_case_dialog import NEW_CASE, AcuteCaseDialog, CaseChoice
        from app.ui.case_controller import acute_intro
        from app.ui.case_list import HOUSEHOLD, ID_ROLE, REFERENCE
        from app.ui.new_case_dialog import NewCaseDialog

        model = self.cases.model
        choices = [CaseChoice(model.index(r, REFERENCE).data(ID_ROLE),
                              f"{model.index(r, REFERENCE).data()} — "
                              f"{model.index(r, HOUSEHOLD).data()}")
                   for r in range(model.rowCount())]
        selected = self.cases.table.currentIndex()
        chosen = AcuteCaseDialog.ask(acute_intro(), choices,
                                     selected.data(ID_ROLE) if selected.isValid() else None,
                                     self)
        if chosen != NEW_CASE:
            return chosen
        name = NewCaseDialog.ask(self)
        if not name:
            return None
        try:
            case = case_service.create_case(self.store, name)
        except VeiligwijzerError as exc:
            show_error(self, exc)
            return None
        self.cases.set_cases(case_service.list_cases(self.store))
        return case.id

    def _add_person(self, case_id: str) -> None:
        from app.services import cases as case_service
        from app.ui.person_dialog import PersonDialog

        if self.store is None:
            return
        case = case_service.find_case(self.store, case_id)
        answer = PersonDialog.ask(self, others=case.people, discreet=self.discreet)
        if answer is None:
            return
        values, _reason = answer
        try:
            case_service.add_person(self.store, case_id, **values)
        except VeiligwijzerError as exc:
            show_error(self, exc)
            return
        self._people_changed(case_id)

    def _person_action(self, action: str, person_id: str) -> None:
        from app.services import cases as case_service
        from app.ui.person_dialog import PersonDialog
        from app.ui.person_history import PersonHistoryDialog, ask_removal_reason

        case = self.case_view.case
        if self.store is None or case is None:
            return
        person = next((p for p in case.people if p.id == person_id), None)
        if person is None:
            return
        if self.discreet and action != "history":
            # The form would show the full name, address and phone.
            QMessageBox.information(self, _("Discrete modus"), _(
                "Zet de discrete modus uit om een betrokkene te wijzigen of weg te halen."))
            return
        try:
            if action == "history":
                PersonHistoryDialog.show_history(
                    self, case_service.person_history(self.store, person_id), case.people,
                    self.discreet)
                return
            if action == "edit":
                # What the form shows now: a colleague's change that arrives
                # while it is open becomes a conflict, not an overwrite.
                seen = case_service.person_heads(self.store, person_id)
                answer = PersonDialog.ask(self, person, case.people, self.discreet,
                                          store=self.store, seen=seen)
                if answer is None:
                    self._people_changed(case.id)  # a version may have been chosen
                    return
                values, reason = answer
                case_service.edit_person(self.store, case.id, person_id, reason, seen=seen,
                                         **values)
            else:
                reason = ask_removal_reason(self, person, self.discreet)
                if reason is None:
                    return
                case_service.remove_person(self.store, case.id, person_id, reason)
        except VeiligwijzerError as exc:
            show_error(self, exc)
            return
        self._people_changed(case.id)

    def refresh_case(self, case_id: str) -> None:
        """Show the open case again after a change made outside its view."""
        self._people_changed(case_id)
        self.case_view.retranslate()

    def _members_changed(self, case_id: str) -> None:
        """Members, the casusregisseur or a request changed: the case
        (its conflicts: two takeovers at once) and the list follow."""
        from app.services import exchange as exchange_service

        self.case_view.set_conflicts(exchange_service.case_conflicts(self.store, case_id),
                                     self.store)
        if self.controller is not None:
            self.controller.refresh()

    def _people_changed(self, case_id: str) -> None:
        from app.services import cases as case_service
        from app.services import exchange as exchange_service

        case = case_service.find_case(self.store, case_id)
        self.case_view.show_case(case)
        self.case_view.set_conflicts(exchange_service.case_conflicts(self.store, case_id),
                                     self.store)
        for controller in (self.controller, self.safety_controller):
            if controller is not None:
                controller.case = case

    # -- lock, settings, close ----------------------------------------------------------

    def lock(self) -> None:
        """Clear every screen and close the store; the key goes with it.

        Where the worker was (the open case, its tab and step) is remembered, so
        unlocking returns there. An open form is closed first, which keeps what
        was typed as a draft; the store closes once that form has let go.
        An unlock still on its way is called off: its store closes again as
        soon as it is open."""
        if self._unlocking is not None:
            self._unlocking.cancelled = True
        if self.store is None:
            return
        case = self.case_view.case if self.stack.currentWidget() is self.case_view else None
        self._resume = _Place(self.store.path, case.id if case else None,
                              self.case_view.workspace.currentIndex(),
                              int(self.case_view.meldcode.selected_step))
        open_dialogs = [w for w in QApplication.topLevelWidgets()
                        if isinstance(w, QDialog) and w.isVisible()]
        for dialog in open_dialogs:
            dialog.reject()
        if open_dialogs:
            # Their exec() loops unwind (and save drafts) before the store closes.
            QTimer.singleShot(0, self._close_store)
        else:
            self._close_store()

    def _close_store(self) -> None:
        if self.store is None:
            return
        path = self.store.path
        self.idle.stop()
        self.team_sync.stop()  # its thread's connection and keys go first
        stop_tasks(self.store)
        try:
            lock(self.store)
        except VeiligwijzerError:
            pass  # closed all the same; only its audit entry could not be written
        self.store = None
        clear_copied_now()
        self.cases.filter.clear()  # what was searched for can be a name
        self.statusBar().clearMessage()  # a notice can name a case reference
        self.cases.show_all()
        self.cases.set_cases([])
        self._list_read = None
        self.cases.set_search(None)
        self._detach_controllers()
        self.case_view.clear()
        self.team.clear()
        self.team.store = None
        self.dashboard.clear()
        self._set_unlocked(False)
        self._show_banner()
        self._show_unlock(path)

    def _versions_resolved(self, case_id: str) -> None:
        """A field settled where it is shown: the case and the list follow."""
        from app.services import cases as case_service

        if self.store is None:
            return
        self.cases.set_cases(case_service.list_cases(self.store))
        if self.case_view.case is not None and self.case_view.case.id == case_id:
            self.refresh_case(case_id)

    def show_conflicts(self, case_id: str | None = None) -> None:
        """Every open conflict (of one case): what two colleagues changed at
        once, to settle one by one."""
        from app.services import cases as case_service
        from app.ui.conflicts import ConflictListDialog

        if self.store is None:
            return
        if self.discreet:
            # The values may name people and other cases.
            QMessageBox.information(self, _("Open conflicten"), _(
                "De conflicten zijn niet beschikbaar in de discrete modus."))
            return
        dialog = ConflictListDialog(self.store, case_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exec()
        if dialog.settled:
            self.cases.set_cases(case_service.list_cases(self.store))
            current = self.case_view.case
            if current is not None and self.stack.currentWidget() is self.case_view:
                self._people_changed(current.id)

    def show_team(self) -> None:
        """The team screen: workers, devices and fingerprints, the sync state."""
        from app.ui.team_screen import open_team_screen  # brings the network client

        if self.store is not None:
            open_team_screen(self.store, self.team_sync, self.discreet, self)

    def show_overview(self, worker: str | None = None) -> None:
        """The lead's overview: every open case of the team, or (``worker``)
        the cases one worker is casusregisseur of."""
        from app.services import caseteam as caseteam_service
        from app.services import overview as overview_service

        if self.store is None:
            return
        if self.discreet:
            # The overview names other cases: not while the family can see the screen.
            QMessageBox.information(self, _("Overzicht"), _(
                "Het overzicht is niet beschikbaar in de discrete modus."))
            return
        try:
            # Off the UI thread: a team's thousands of cases take longer than a frame.
            overview, names = wait_for_store_task(self.dashboard, self.store, lambda own: (
                overview_service.team_overview(own, worker=worker or None),
                {w.id: w.name for w in caseteam_service.workers(own).values()}),
                replaces="overview")
        except TaskStopped:
            return  # locked, or another worker chosen meanwhile
        except VeiligwijzerError as exc:
            show_error(self, exc)
            return
        if self.store is None or self.discreet:
            return
        self.dashboard.show_overview(overview, names, worker)
        self.stack.setCurrentWidget(self.dashboard)
        self.dashboard.buttons["overdue"].setFocus()

    def quiz(self) -> None:
        """The trainer pauses at the case's decision point: the trainee answers,
        then sees the afwegingskader's answer with the reasoning."""
        from app.services import training
        from app.ui.quiz_dialog import show_quiz

        case = self.current_case()
        if self.store is None or self.store.kind != StoreKind.TRAINING or case is None:
            return
        point = training.decision_point(self.store, case.id)
        if point is None:
            QMessageBox.information(self, _("Oefenvraag"), _(
                "Deze casus heeft geen oefenvraag."))
            return
        show_quiz(point, self)

    def reset_training(self) -> None:
        """Every training case back to where it started."""
        from app.services import training

        if self.store is None or self.store.kind != StoreKind.TRAINING:
            return
        path = self.store.path
        self.lock()
        self._resume = None
        self._open_in_background(lambda: training.reset_training(path), path,
                                 training.TRAINING_PASSPHRASE)

    def _show_figure(self, ids: list, title: str) -> None:
        self.show_cases()
        self.cases.show_only(ids, title)

    @property
    def discreet(self) -> bool:
        return self.commands["discreet"].isChecked()

    def set_discreet(self, on: bool) -> None:
        """Home-visit mode: initials only, no other cases, no interpretations."""
        if self.commands["discreet"].isChecked() != on:
            self.commands["discreet"].setChecked(on)  # comes back here through toggled
            return
        open_case = self.case_view.case
        if on and self.stack.currentWidget() is self.dashboard:
            self.show_cases()
        self.cases.set_discreet(on, open_case.id if open_case else None)
        self.case_view.set_discreet(on)
        if self.controller is not None:
            self.controller.discreet = on
            self.controller.refresh()  # the kindcheck line follows the mode
        if self.safety_controller is not None:
            self.safety_controller.discreet = on

    def open_settings(self) -> None:
        from app.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.set_language, self, settings=self.settings,
                                settings_path=self._settings_path,
                                on_idle_minutes=self.idle.set_minutes)
        dialog.exec()
        dialog.deleteLater()

    def set_language(self, language: str) -> None:
        apply_language(language)
        self.settings.language = language
        self.settings.save(self._settings_path)

    def _restore_place(self) -> None:
        """Where the window was last time; ``app.ui.fit`` keeps it on the screen."""
        place = self.settings.window
        if place is None:
            return
        self.setGeometry(place.x, place.y, place.width, place.height)
        if place.maximized:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def _remember_place(self) -> None:
        normal = self.normalGeometry() if self.isMaximized() else self.geometry()
        self.settings.window = WindowPlace(normal.x(), normal.y(), normal.width(),
                                           normal.height(), self.isMaximized())
        try:
            self.settings.save(self._settings_path)
        except OSError:
            pass  # a read-only settings folder must not stop the app from closing

    def confirm_quit(self, warning: str) -> bool:
        """Quit with changes the team has not received yet? (They stay and go
        out at the next sync.)"""
        answer = QMessageBox.question(
            self, _("Stoppen"), warning + "\n\n" + _("Toch stoppen?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.store is not None:
            warning = team_status.unsent_warning(self.store)
            if warning is not None and not self.confirm_quit(warning):
                event.ignore()
                return
        self._remember_place()
        self.team_sync.stop()
        if self._unlocking is not None:
            self._unlocking.cancelled = True
        if self.store is not None:
            stop_tasks(self.store)
            lock(self.store)
            self.store = None
        super().closeEvent(event)
