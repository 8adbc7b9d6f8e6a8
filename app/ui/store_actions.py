"""What the worker does with the store as a whole, and with a case's
handover: each a function of the shell, so the shell only makes the menu.

Modal questions are module functions (``ask_…``) that tests replace.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from app.cases.model import CaseStatus
from app.errors import VeiligwijzerError
from app.i18n import _, ngettext
from app.services import backup as backup_service
from app.services import fields as fields_service
from app.services import keys as key_service
from app.services import retention as retention_service
from app.services import safety as safety_service
from app.ui import discreet
from app.ui.accessibility import mark_secret
from app.ui.close_case_dialog import CloseCaseDialog
from app.ui.file_dialogs import choose_folder
from app.ui.messages import show_error
from app.ui.passphrase_dialog import ChangePassphraseDialog
from app.ui.recovery_key_dialog import RecoveryKeyDialog
from app.ui.tasks import run_store_task

# The handover's dialogs and service are imported where they are used: they
# bring the PDF export (reportlab), which a cold start to the unlock screen
# need not load (issue 17).

if TYPE_CHECKING:
    from app.ui.shell import Shell


def passphrase_prompt(parent: QWidget | None, why: str) -> QInputDialog:
    """Asks for the passphrase in a secret field (``app.ui.accessibility``)."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(_("Wachtwoord"))
    dialog.setLabelText(why)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    mark_secret(dialog.findChild(QLineEdit))
    return dialog


def ask_passphrase(parent: QWidget, why: str) -> str | None:
    dialog = passphrase_prompt(parent, why)
    ok = dialog.exec() == QDialog.DialogCode.Accepted
    text = dialog.textValue()
    dialog.deleteLater()  # it held the passphrase
    return text if ok and text else None


def ask_backup_folder(parent: QWidget) -> Path | None:
    return choose_folder(parent, _("Map voor de back-up"))


def _run(dialog) -> int:
    """Show a dialog modally, then let it go: closed dialogs must not live on
    as hidden children of the window (they hold case data, and a language
    change or a style change would still reach them)."""
    result = dialog.exec()
    dialog.deleteLater()
    return result


def _say(parent: QWidget, text: str, title: str = "") -> None:
    """A message box with its own title: a screen reader says the title first."""
    QMessageBox.information(parent, title or _("Let op"), text)


def offer_recovery_key(shell: Shell, path: Path, passphrase: str) -> None:
    """Right after setup: the recovery key, shown once, to print and keep in a safe."""
    try:
        key = key_service.create_recovery_key(path, passphrase)
    except VeiligwijzerError as exc:
        show_error(shell, exc)
        return
    RecoveryKeyDialog.ask(key, shell)


def new_recovery_key(shell: Shell) -> None:
    store = shell.store
    passphrase = ask_passphrase(shell, _(
        "Typ je wachtwoord. Een nieuwe herstelsleutel vervangt de oude."))
    if store is None or passphrase is None:
        return
    try:
        key = key_service.create_recovery_key(store.path, passphrase, store=store)
    except VeiligwijzerError as exc:
        show_error(shell, exc)
        return
    RecoveryKeyDialog.ask(key, shell)


def change_passphrase(shell: Shell) -> None:
    store = shell.store
    if store is None:
        return
    if ChangePassphraseDialog.ask(
            lambda old, new, repeated: key_service.change_passphrase(
                store.path, old, new, repeated, store=store), shell):
        _say(shell, _("Je wachtwoord is gewijzigd. Gebruik voortaan het nieuwe."),
             _("Wachtwoord gewijzigd"))


def forgot_passphrase(shell: Shell, path: Path) -> None:
    """On the unlock screen: a new passphrase with the recovery key."""
    if not key_service.has_recovery_key(path):
        _say(shell, _("Deze kluis heeft geen herstelsleutel. Zonder wachtwoord kan hij niet "
                      "meer open."))
        return
    if ChangePassphraseDialog.ask(
            lambda key, new, repeated: key_service.reset_passphrase_with_recovery_key(
                path, key, new, repeated), shell, recovery=True):
        _say(shell, _("Je hebt een nieuw wachtwoord. Ontgrendel de kluis daarmee."),
             _("Wachtwoord gewijzigd"))


def make_backup(shell: Shell) -> None:
    store = shell.store
    if store is None:
        return
    folder = ask_backup_folder(shell)
    if folder is None:
        return
    passphrase = ask_passphrase(shell, _(
        "Typ je wachtwoord om de back-up te maken en te controleren."))
    if passphrase is None:
        return
    shell.setEnabled(False)

    def done(result) -> None:
        shell.setEnabled(True)
        _say(shell, _("Back-up gemaakt en gecontroleerd: {path}").format(path=result.path),
             _("Back-up gemaakt"))

    def failed(exc: Exception) -> None:
        shell.setEnabled(True)
        show_error(shell, exc)

    run_store_task(shell, store, lambda own: backup_service.backup_store(own, folder, passphrase),
                   done, failed)


def edit_profile(shell: Shell) -> None:
    if shell.store is not None:
        from app.ui.profile_dialog import ProfileDialog  # see the note at the imports

        _run(ProfileDialog(shell.store, shell))


def _no_discreet(shell: Shell) -> bool:
    if shell.discreet:
        discreet.say_not_in_discreet(shell)
        return False
    return True


def handover(shell: Shell) -> None:
    case = shell.case_view.case
    if shell.store is None or case is None or not _no_discreet(shell):
        return
    from app.ui.handover_dialog import HandoverDialog  # see the note at the imports

    _run(HandoverDialog(shell.store, case.id, parent=shell))


def client_copy(shell: Shell) -> None:
    case = shell.case_view.case
    if shell.store is None or case is None or not _no_discreet(shell):
        return
    names = [p.name for p in case.people]
    if not names:
        _say(shell, _("Voeg eerst de mensen van het huishouden toe."))
        return
    name, ok = QInputDialog.getItem(shell, _("Inzage"), _("Voor wie is de inzage?"), names,
                                    0, False)
    if ok:
        from app.ui.handover_dialog import HandoverDialog  # see the note at the imports

        _run(HandoverDialog(shell.store, case.id, person_id=case.people[names.index(name)].id,
                            parent=shell))


def close_or_reopen(shell: Shell) -> None:
    """Casus afsluiten, with the kind of help (which sets how long the case is
    kept), or heropenen: the retention period stops until it is closed again."""
    case = shell.case_view.case
    if shell.store is None or case is None:
        return
    # What the question or the form shows: a status or kind of help that a
    # colleague sets meanwhile becomes a conflict, not an overwrite.
    seen = fields_service.seen(shell.store, fields_service.CASE, case.id)
    try:
        if case.status == CaseStatus.CLOSED:
            answer = QMessageBox.question(
                shell, _("Casus heropenen"),
                _("De casus weer openen? De bewaartermijn stopt tot je hem opnieuw afsluit."))
            if answer != QMessageBox.StandardButton.Yes:
                return
            retention_service.reopen_case(shell.store, case.id, seen=seen)
        else:
            dialog = CloseCaseDialog(retention_service.case_type_of(shell.store, case.id),
                                     parent=shell)
            if _run(dialog) != CloseCaseDialog.DialogCode.Accepted:
                return
            retention_service.set_case_type(shell.store, case.id, dialog.case_type, seen=seen)
            retention_service.close_case(shell.store, case.id, seen=seen)
    except VeiligwijzerError as exc:
        show_error(shell, exc)
        return
    shell.refresh_case(case.id)


def vt_feedback(shell: Shell) -> None:
    case = shell.case_view.case
    if shell.store is None or case is None or not _no_discreet(shell):
        return
    from app.services import handover as handover_service  # see the note at the imports
    from app.ui.vt_feedback_dialog import VtFeedbackDialog

    dialog = VtFeedbackDialog(shell.store, case.id, shell)
    recorded = dialog.exec() == VtFeedbackDialog.DialogCode.Accepted
    dialog.deleteLater()
    if not recorded:
        return
    # Conditions Veilig Thuis hands back go straight into the safety plan.
    handed = handover_service.conditions_from_feedback(shell.store, case.id)
    try:
        added = safety_service.take_over_vt_conditions(shell.store, case.id, handed)
    except VeiligwijzerError as exc:  # a plan with two versions takes no change yet
        show_error(shell, exc)
        added = 0
    if shell.safety_controller is not None:
        shell.safety_controller.refresh()
    if added:
        _say(shell, ngettext("{n} veiligheidsvoorwaarde van Veilig Thuis staat nu in het "
                             "veiligheidsplan.",
                             "{n} veiligheidsvoorwaarden van Veilig Thuis staan nu in het "
                             "veiligheidsplan.", added).format(n=added),
             _("Veiligheidsvoorwaarden"))
