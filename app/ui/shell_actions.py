"""The main window's actions, menus and toolbar, declared as data.

Each action names its text, shortcut, tooltip, whether it needs an open store,
and where it shows (menu, toolbar). ``ShellActions`` builds them once, gives
them their text in the current language, and enables them with the store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from app.i18n import N_, _


@dataclass(frozen=True)
class ActionSpec:
    code: str
    text: str  # N_ text
    shortcuts: tuple[QKeySequence.StandardKey | str, ...] = ()
    tip: str = ""  # N_ text
    menu: str = "file"  # "file", "store", "training" or "" (shortcut only)
    toolbar: bool = False
    needs_store: bool = True
    checkable: bool = False


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("new_case", N_("&Nieuwe casus"), (QKeySequence.StandardKey.New,), toolbar=True),
    ActionSpec("quick", N_("&Snelle notitie"), ("Ctrl+Shift+S",),
               N_("Snelle notitie (Ctrl+Shift+S): leg een signaal in een paar seconden vast "
                  "en maak het later af."), toolbar=True),
    ActionSpec("acute", N_("Acute &onveiligheid"), ("Ctrl+Shift+A",),
               N_("Iemand is nu in gevaar (Ctrl+Shift+A): 112 en Veilig Thuis 0800-2000, en "
                  "het spoedcontact vastleggen.")),
    ActionSpec("back", N_("&Terug naar de casussen"),
               (QKeySequence.StandardKey.Back, "Ctrl+Shift+C")),
    ActionSpec("overview", N_("&Overzicht"), ("Ctrl+Shift+O",),
               N_("Overzicht voor de teamleider (Ctrl+Shift+O): wat te laat is, wat deze week "
                  "moet, waar de casussen staan."), toolbar=True),
    ActionSpec("discreet", N_("&Discreet"), ("Ctrl+D",),
               N_("Discrete modus (Ctrl+D): alleen initialen, geen andere casussen en geen "
                  "interpretaties. Voor als het gezin meekijkt."), toolbar=True,
               checkable=True),
    ActionSpec("lock", N_("&Vergrendelen"), ("Ctrl+L",), toolbar=True),
    ActionSpec("conflicts", N_("&Conflicten…"), ("Ctrl+Shift+K",),
               N_("Conflicten (Ctrl+Shift+K): velden die op twee plaatsen tegelijk zijn "
                  "veranderd, om te kiezen wat klopt."), menu="store"),
    ActionSpec("team", N_("T&eam…"), ("Ctrl+Shift+T",),
               N_("Het team (Ctrl+Shift+T): collega's en hun apparaten met vingerafdruk, "
                  "apparaten toelaten of verwijderen, de synchronisatie."), menu="store"),
    ActionSpec("change_passphrase", N_("Wachtwoord &wijzigen…"), menu="store"),
    ActionSpec("recovery_key", N_("Nieuwe &herstelsleutel…"), menu="store"),
    ActionSpec("backup", N_("&Back-up maken…"), menu="store"),
    ActionSpec("profile", N_("&Mijn gegevens als melder…"), menu="store"),
    ActionSpec("settings", N_("&Instellingen…"), ("Ctrl+,",), menu="end", needs_store=False),
    ActionSpec("quit", N_("&Afsluiten"), (QKeySequence.StandardKey.Quit,), menu="end",
               needs_store=False),
    ActionSpec("quiz", N_("&Oefenvraag bij deze casus…"), ("Ctrl+Shift+Q",), menu="training"),
    ActionSpec("reset_training", N_("Oefenomgeving &opnieuw beginnen"), menu="training"),
    ActionSpec("presenter", N_("&Presentatiemodus (grote letters)"), ("Ctrl+Shift+P",),
               menu="training", needs_store=False, checkable=True),
)

ACUTE_STYLE = ("QToolButton { background: #b00020; color: white; font-weight: bold;"
               " padding: 4px 10px; border-radius: 3px; }")


class ShellActions:
    """``handlers[code]`` is called when the action is triggered (with the
    checked state for checkable ones)."""

    def __init__(self, window: QMainWindow, handlers: dict[str, Callable]) -> None:
        self.actions: dict[str, QAction] = {}
        self.specs = {spec.code: spec for spec in ACTIONS}
        for spec in ACTIONS:
            action = QAction(window)
            action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
            action.setCheckable(spec.checkable)
            handler = handlers[spec.code]
            if spec.checkable:
                action.toggled.connect(handler)
            else:
                action.triggered.connect(lambda _=False, h=handler: h())
            window.addAction(action)  # shortcuts work without the menu open
            self.actions[spec.code] = action
        self.file_menu: QMenu = window.menuBar().addMenu("")
        for group in ("file", "store", "end"):
            for spec in ACTIONS:
                if spec.menu == group:
                    self.file_menu.addAction(self.actions[spec.code])
            if group != "end":
                self.file_menu.addSeparator()
        self.training_menu: QMenu = window.menuBar().addMenu("")
        for spec in ACTIONS:
            if spec.menu == "training":
                self.training_menu.addAction(self.actions[spec.code])
        self.toolbar = QToolBar()
        self.toolbar.setMovable(False)
        self.toolbar.setObjectName("mainToolbar")
        for spec in ACTIONS:
            if spec.toolbar:
                self.toolbar.addAction(self.actions[spec.code])
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.actions["acute"])
        acute = self.toolbar.widgetForAction(self.actions["acute"])
        acute.setStyleSheet(ACUTE_STYLE)
        # Toolbar buttons take no focus; this one must be reachable with Tab too.
        acute.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        window.addToolBar(self.toolbar)

    def __getitem__(self, code: str) -> QAction:
        return self.actions[code]

    def retranslate(self) -> None:
        self.file_menu.setTitle(_("&Veiligwijzer"))
        self.training_menu.setTitle(_("&Oefenen"))
        self.toolbar.setWindowTitle(_("Werkbalk"))
        for code, action in self.actions.items():
            spec = self.specs[code]
            action.setText(_(spec.text))
            if spec.tip:
                action.setToolTip(_(spec.tip))

    def set_unlocked(self, on: bool, training: bool) -> None:
        for code, action in self.actions.items():
            spec = self.specs[code]
            if spec.menu == "training" and spec.needs_store:
                action.setEnabled(on and training)
            elif spec.needs_store:
                action.setEnabled(on)
        self.training_menu.menuAction().setVisible(training)
        self.toolbar.setVisible(on)
